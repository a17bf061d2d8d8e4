"""Print extraction time per page over the shared evaluation pages: median, p95, slowest.

Usage: python bench/bench_extract_eval.py [--limit N] [--slowest K]

The pages are the 799 of ../shared/extract-eval/ (unpacked by its score.py into the temp dir);
they are read one after another in this process, as the service reads one page in a thread.
Any exception other than the project's own error is counted and named: there should be none.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import statistics
import time
from pathlib import Path

from habari_tui.errors import HabariError
from habari_tui.extract import extract_article

SCORE = Path(__file__).resolve().parent.parent.parent / "shared" / "extract-eval" / "score.py"


def _cases() -> tuple[Path, list[dict]]:
    spec = importlib.util.spec_from_file_location("extract_eval_score", SCORE)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {SCORE}")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    return Path(score.CACHE) / "pages", score.unpack()


def _warm_up() -> None:
    """The first page read loads the engine: keep that out of the first page's time."""
    page = b"<p>Warm-up text of a page read before the timed ones.</p>" * 9
    with contextlib.suppress(HabariError):
        extract_article(page, "https://w.example/")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages")
    parser.add_argument("--slowest", type=int, default=5, help="name the K slowest pages")
    args = parser.parse_args()
    folder, cases = _cases()
    cases = cases[: args.limit] if args.limit else cases
    _warm_up()
    timings: list[tuple[float, str]] = []
    failed, crashed = 0, []
    for case in cases:
        page = (folder / case["file"]).read_bytes()
        start = time.perf_counter()
        try:
            extract_article(page, case["url"])
        except HabariError:
            failed += 1
        except Exception as error:  # the bench reports what the extractor must never raise
            crashed.append(f"{case['file']}: {type(error).__name__}")
        timings.append(((time.perf_counter() - start) * 1000, case["file"]))
    times = sorted(t for t, _ in timings)
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    print(f"pages: {len(times)}  no article: {failed}  crashed: {len(crashed)}")
    print(
        f"time per page: median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, "
        f"slowest {times[-1]:.0f} ms, over 1 s: {sum(t > 1000 for t in times)}"
    )
    for elapsed, name in sorted(timings, reverse=True)[: args.slowest]:
        print(f"  {elapsed:7.0f} ms  {name}")
    for line in crashed:
        print(f"  CRASH {line}")


if __name__ == "__main__":
    main()
