"""Feeds that declare no encoding are read in their bytes' own encoding, as a browser would."""

from __future__ import annotations

import pytest

from habari_tui.sources.detect import parse

URL = "http://127.0.0.1:8000/feed.xml"
TITLES = {
    "shift_jis": [
        "東京で大雨、交通機関に乱れ",
        "新しい駅が来月開業へ",
        "市長選挙の投票率は過去最低に",
    ],
    "cp1252": ["Café “Zürich” – résumé of the week", "Señora’s naïve crème brûlée", "Málaga wins"],
    "iso-8859-2": ["Zażółć gęślą jaźń w Krakowie", "Łódź: nowy most na rzece", "Wrocław świętuje"],
    "koi8-r": ["Новости Москвы: дождь и ветер", "Новый мост открыт в Казани", "Выборы мэра"],
}


def _feed(titles: list[str], declaration: str = "") -> str:
    items = "".join(
        f"<item><title>{t}</title><guid>g{n}</guid><description>{t}. {t}.</description></item>"
        for n, t in enumerate(titles)
    )
    channel = f"<channel><title>{titles[0]}</title>{items}</channel>"
    return f'{declaration}<rss version="2.0">{channel}</rss>'


@pytest.mark.parametrize("encoding", sorted(TITLES))
def test_a_feed_without_a_declaration_is_read_in_its_own_encoding(encoding: str) -> None:
    titles = TITLES[encoding]

    feed = parse(_feed(titles).encode(encoding), URL)

    assert [e.title for e in feed.entries] == titles
    assert feed.title == titles[0]


def test_the_http_charset_names_the_encoding_of_an_undeclared_feed() -> None:
    titles = TITLES["iso-8859-2"]

    feed = parse(_feed(titles).encode("iso-8859-2"), URL, "application/rss+xml; charset=ISO-8859-2")

    assert [e.title for e in feed.entries] == titles


def test_a_declared_encoding_is_honoured() -> None:
    titles = TITLES["shift_jis"]
    content = _feed(titles, '<?xml version="1.0" encoding="Shift_JIS"?>').encode("shift_jis")

    assert [e.title for e in parse(content, URL).entries] == titles


def test_a_malformed_undeclared_legacy_feed_read_by_feedparser_is_not_mojibake() -> None:
    titles = TITLES["koi8-r"]
    content = _feed(titles).encode("koi8-r").replace(b"</channel>", b"<item><title>x</channel>")

    feed = parse(content, URL)

    assert [e.title for e in feed.entries][:3] == titles
