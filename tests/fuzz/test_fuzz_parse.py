"""The fuzz run of bench/fuzz_parse.py inside the suite: only ParseError may come out."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "fuzz_parse.py"


@pytest.mark.slow
def test_fuzzing_the_parser_entry_point_raises_only_parse_error(capsys):
    spec = importlib.util.spec_from_file_location("fuzz_parse", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    tried, parsed, refused = module.run(2000, seed=6)
    with capsys.disabled():
        print(f"\nfuzz: tried {tried} inputs, {parsed} parsed, {refused} refused (ParseError)")
    assert tried == parsed + refused == 2000
