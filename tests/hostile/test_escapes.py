"""Escape sequences never reach the store, the CLI or the screen; only text stays."""

from __future__ import annotations

import json

import pytest

from habari_tui.sources import parse
from habari_tui.text import clean_text, plain_text, web_url

NASTY = [
    "\x1b[2J\x1b[Hcleared",
    "\x1b]0;title\x07",
    "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\",
    "\x1b]52;c;ZXZpbA==\x07",
    "\x1bP+q544e\x1b\\",
    "\x9b31mC1 CSI",
    "\x9d0;osc\x9c",
    "bell\x07\x07",
    "\u202eevil\u202c \u2066iso\u2069",
    "\x1b]52;c;unterminated clipboard write",
]
FORBIDDEN = ("\x1b", "\x07", "\x9b", "\x9c", "\x9d", "\u202e", "\u2066", "ZXZpbA")


@pytest.mark.parametrize("raw", NASTY)
def test_text_layer_removes_every_escape(raw):
    for cleaned in (clean_text(raw), plain_text(f"<p>{raw}</p>")):
        assert not any(bad in cleaned for bad in FORBIDDEN), repr(cleaned)


@pytest.mark.parametrize("raw", NASTY)
def test_feed_titles_summaries_and_authors_arrive_clean(raw):
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": raw,
        "items": [
            {
                "id": "1",
                "title": f"t {raw}",
                "summary": raw,
                "content_text": raw,
                "authors": [{"name": raw}],
                "tags": [raw],
            },
        ],
    }
    parsed = parse(json.dumps(feed).encode(), "http://127.0.0.1/feed")
    (entry,) = parsed.entries
    for value in (
        parsed.title or "",
        entry.title,
        entry.summary,
        entry.author or "",
        *entry.categories,
    ):
        assert not any(bad in value for bad in FORBIDDEN), repr(value)


def test_the_cli_prints_no_escapes(tmp_path, capsys):
    from habari_tui.cli import main

    from ..conftest import write_config

    items = [
        {
            "id": str(i),
            "title": f"{raw} #{i}",
            "content_html": f"<p>{raw}</p>",
            "url": f"http://127.0.0.1/{i}",
        }
        for i, raw in enumerate(NASTY)
    ]
    feed = tmp_path / "f.json"
    feed.write_text(
        json.dumps(
            {"version": "https://jsonfeed.org/version/1.1", "title": NASTY[0], "items": items}
        )
    )
    config = write_config(
        tmp_path / "c.toml", [(str(feed), "World")], extra="prefetch_articles = false"
    )
    args = ["--config", str(config), "--data-dir", str(tmp_path / "d")]
    assert main([*args, "refresh"]) == 0
    assert main([*args, "list"]) == 0
    assert main([*args, "show", "1"]) == 0
    out = capsys.readouterr().out
    assert not any(bad in out for bad in FORBIDDEN)


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.com/a?b=c#d", True),
        ("http://127.0.0.1:8080/", True),
        ("javascript:alert(1)", False),
        ("JAVASCRIPT:alert(1)", False),
        (" javascript:alert(1)", False),
        ("data:text/html,x", False),
        ("file:///etc/passwd", False),
        ("https://example.com/\x1b[2J", False),
        ("https://example.com/\u202efdp.exe", False),
        ("https://exa mple.com/", False),
        ("https:///nohost", False),
        ("https://[::1", False),
    ],
)
def test_web_url_accepts_only_plain_http_links(url, ok):
    assert (web_url(url) is not None) is ok
