"""Search latency on a generated 100,000-article cache: median and p95 per query, as typed.

    .venv/bin/python bench/bench_search.py [--articles 100000] [--bodies 10000]

The cache is built in a temp dir through Store.save_feed (and save_body for some stories),
so the FTS5 index is filled by the same triggers a real refresh fires.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from habari_tui.models import ArticleBody, ParsedEntry
from habari_tui.store import EntryToSave, Store

WORDS = [
    "banjir",
    "rob",
    "sungai",
    "martapura",
    "jembatan",
    "alalak",
    "pasar",
    "terapung",
    "lok",
    "baintan",
    "gubernur",
    "rsud",
    "festival",
    "budaya",
    "banjar",
    "harga",
    "karet",
    "balangan",
    "bandara",
    "rute",
    "pontianak",
    "cuaca",
    "ekstrem",
    "bmkg",
    "warga",
    "kota",
    "kabupaten",
    "pemerintah",
    "daerah",
    "jalan",
    "rusak",
    "perahu",
    "wisata",
    "sekolah",
    "guru",
    "pasien",
    "petani",
    "padi",
    "sawit",
    "batu",
    "bara",
    "tambang",
    "hutan",
    "meratus",
    "loksado",
    "kandangan",
    "barabai",
    "amuntai",
    "tabalong",
    "kotabaru",
    "batulicin",
    "pelaihari",
    "marabahan",
    "rantau",
    "paringin",
    "ekonomi",
    "investasi",
    "election",
    "port",
    "rice",
    "farmers",
    "climate",
    "finance",
    "talks",
    "transit",
    "commuters",
    "shipping",
    "season",
    "coffee",
    "futures",
    "oil",
    "producers",
    "container",
    "rates",
    "chip",
    "orders",
    "electric",
    "jeepneys",
]
# What a reader types, one key at a time: every prefix of these is measured.
TYPED = ("banjir rob", "harga karet", "jembatan alalak", "climate finance", "pasar terapung")
FEEDS = 50


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize()


def build(path: Path, articles: int, bodies: int) -> Store:
    rng = random.Random(7)
    now = datetime(2026, 11, 27, tzinfo=UTC)
    store = Store(path, now=now.timestamp)
    store.sync_feeds((f"https://feed{n}.example/rss", f"Feed {n}", "Region") for n in range(FEEDS))
    per_feed = articles // FEEDS
    started = time.perf_counter()
    for n in range(FEEDS):
        entries = [
            EntryToSave(
                ParsedEntry(
                    title=sentence(rng, rng.randint(6, 12)),
                    guid=f"{n}-{i}",
                    url=f"https://feed{n}.example/{i}",
                    summary=sentence(rng, rng.randint(20, 40)),
                    published=now - timedelta(minutes=i * FEEDS + n),
                ),
                "Region",
            )
            for i in range(per_feed)
        ]
        feed_id = store.feed(f"https://feed{n}.example/rss").id
        store.save_feed(feed_id, title=None, etag=None, last_modified=None, entries=entries)
    ids = [
        row[0]
        for row in store._query("SELECT id FROM articles ORDER BY random() LIMIT ?", (bodies,))
    ]
    for article_id in ids:
        text = "\n\n".join(sentence(rng, 60) for _ in range(6))
        store.save_body(article_id, ArticleBody(markdown=text, source="page"))
    print(
        f"built {articles:,} articles ({bodies:,} with a saved body) "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return store


def measure(store: Store, query: str, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        store.search(query, limit=200)
        times.append((time.perf_counter() - started) * 1000)
    return times


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--bodies", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="habari-bench-") as folder:
        store = build(Path(folder) / "cache.db", args.articles, args.bodies)
        print(f"FTS5: {store.full_text}")
        every: list[float] = []
        print(f"{'query (as typed)':<20} {'hits':>6} {'median ms':>10} {'p95 ms':>8}")
        for phrase in TYPED:
            for end in range(2, len(phrase) + 1):
                query = phrase[:end]
                if query.endswith(" "):
                    continue
                times = measure(store, query, args.repeat)
                every += times
                if end in (2, 3, len(phrase)) or query.endswith(phrase.split()[0]):
                    hits = len(store.search(query, limit=200))
                    print(
                        f"{query!r:<20} {hits:>6} {statistics.median(times):>10.1f}"
                        f" {p95(times):>8.1f}"
                    )
        print(
            f"all {len(every)} timed searches (limit 200): median "
            f"{statistics.median(every):.1f} ms, p95 {p95(every):.1f} ms"
        )
        store.close()


if __name__ == "__main__":
    main()
