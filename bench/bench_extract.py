"""Print extraction time per fixture page and how many pages give exactly the expected results.

Usage: python bench/bench_extract.py [ROUNDS]
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

from habari_tui.errors import ParseError
from habari_tui.extract import extract_article
from habari_tui.models import ArticleBody

PAGES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "pages"


def _run(name: str, spec: dict) -> tuple[float, ArticleBody | None]:
    page = (PAGES / name).read_bytes()
    start = time.perf_counter()
    try:
        body = extract_article(page, spec["url"], content_type=spec.get("content_type"))
    except ParseError:
        body = None
    return (time.perf_counter() - start) * 1000, body


def _exact(body: ArticleBody | None, spec: dict) -> dict[str, bool]:
    if "error" in spec:
        return {"place": body is None, "caption": body is None, "related": body is None}
    if body is None:
        return {"place": False, "caption": False, "related": False}
    related = [[link.title, link.url] for link in body.related]
    return {
        "place": body.place == spec["place"],
        "caption": body.caption == spec["caption"],
        "related": related == spec["related"],
    }


def main(rounds: int) -> None:
    expected = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))
    timings: list[float] = []
    exactness: dict[str, list[bool]] = {"place": [], "caption": [], "related": []}
    for round_number in range(rounds):
        for name, spec in expected.items():
            elapsed, body = _run(name, spec)
            timings.append(elapsed)
            if round_number == 0:
                for field, ok in _exact(body, spec).items():
                    exactness[field].append(ok)
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    print(f"pages: {len(expected)}  rounds: {rounds}  extractions: {len(timings)}")
    print(f"time per page: median {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms")
    for field, results in exactness.items():
        share = sum(results) / len(results)
        print(f"{field:8} exact: {sum(results)}/{len(results)} ({share:.0%})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
