"""Fuzz the feed parser entry point: random mutations of real feeds; only ParseError may escape.

Run: python bench/fuzz_parse.py [COUNT] [SEED]   (prints how many inputs it tried)
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

from habari_tui.errors import ParseError
from habari_tui.sources import parse

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted([*ROOT.glob("tests/fixtures/feeds/*"), *ROOT.glob("src/habari_tui/demo/feeds/*")])
TOKENS = [
    b"<",
    b">",
    b"&",
    b"&#0;",
    b"&#x1b;",
    b"]]>",
    b"<![CDATA[",
    b"<!DOCTYPE x [",
    b"\x00",
    b"\xff",
    b"\xc3",
    b"{",
    b"}",
    b"[",
    b'"',
    b"\x1b[2J",
    b"<item>",
    b"</channel>",
    b"<entry>",
    b'"items":',
    b"null",
    b"1e999",
    b"\\u0000",
]


def mutate(data: bytes, rng: random.Random) -> bytes:
    changed = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op = rng.random()
        at = rng.randint(0, len(changed))
        if op < 0.3 and changed:
            del changed[at : at + rng.randint(1, 64)]
        elif op < 0.6:
            changed[at:at] = rng.choice(TOKENS)
        elif op < 0.8 and changed:
            changed[min(at, len(changed) - 1)] = rng.randrange(256)
        else:
            changed = changed[: rng.randint(0, len(changed))]
    return bytes(changed)


def run(count: int, seed: int = 0) -> tuple[int, int, int]:
    """Try `count` inputs; returns (tried, parsed, refused). Any other exception propagates."""
    rng = random.Random(seed)
    corpus = [p.read_bytes() for p in SEEDS if p.is_file()]
    parsed = refused = 0
    for _ in range(count):
        data = mutate(rng.choice(corpus), rng)
        try:
            parse(data, "http://127.0.0.1/feed")
            parsed += 1
        except ParseError:
            refused += 1
    return count, parsed, refused


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    started = time.monotonic()
    tried, ok, refused = run(count, seed)
    print(
        f"tried {tried} inputs in {time.monotonic() - started:.1f} s: "
        f"{ok} parsed, {refused} refused with ParseError, 0 other errors"
    )
