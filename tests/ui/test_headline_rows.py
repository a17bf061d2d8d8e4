"""Headline rows: ages in the reader's language, fixed columns, titles cut to fit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rich.cells import cell_len

from habari_tui.models import Article
from habari_tui.ui.widgets.headline_list import headline_prompt, relative_age, user_language

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def ago(**delta: float) -> datetime:
    return NOW - timedelta(**delta)


def test_ages_in_english_by_default():
    ages = [relative_age(ago(seconds=s), NOW) for s in (5, 300, 3 * 3600, 2 * 86400, 9 * 86400)]
    assert ages == ["now", "5m", "3h", "2d", "1w"]
    assert relative_age(ago(days=800), NOW) == "2y"
    assert relative_age(None, NOW) == ""


def test_ages_in_indonesian_use_jam_hari_minggu():
    ages = [relative_age(ago(seconds=s), NOW, "id") for s in (5, 3 * 3600, 2 * 86400, 15 * 86400)]
    assert ages == ["baru", "3j", "2h", "2mg"]


def test_the_language_comes_from_the_locale_variables_in_order():
    assert user_language({"LANG": "id_ID.UTF-8"}) == "id"
    assert user_language({"LC_ALL": "ms_MY.UTF-8", "LANG": "en_GB.UTF-8"}) == "ms"
    assert user_language({"LC_TIME": "C.UTF-8", "LANG": "id_ID"}) == "id"
    assert user_language({}) == "en"


def test_a_row_fits_its_width_exactly_with_a_long_wide_title():
    article = Article(
        id=1,
        feed_id=1,
        feed_title="Kabar Banua Hari Ini Sekali",
        region="Kalimantan Selatan",
        title="Jembatan 新しい橋 dibuka 🎉 " * 6,
        url=None,
        guid=None,
        summary="",
        published=ago(hours=3),
    )
    row = headline_prompt(article, 100, NOW, "id")
    assert cell_len(row.plain) <= 100
    assert row.plain.startswith("●    3j Kabar Banua Hari In…  Jembatan 新しい橋 dibuka")
    assert row.plain.endswith("…")
    narrow = headline_prompt(article, 60, NOW, "id")  # too narrow for the feed's name
    assert cell_len(narrow.plain) <= 60
    assert narrow.plain.startswith("●    3j Jembatan 新しい橋 dibuka")
    assert narrow.plain.endswith("…")


def test_a_narrow_row_leaves_out_the_feed_and_still_fits():
    article = Article(
        id=1,
        feed_id=1,
        feed_title="Kabar Banua",
        region="Kalimantan Selatan",
        title="Harga karet di Balangan naik dua pekan berturut-turut",
        url=None,
        guid=None,
        summary="",
        published=ago(hours=3),
    )
    row = headline_prompt(article, 24, NOW, "en")
    assert row.plain == "●    3h Harga karet di …"
    assert cell_len(row.plain) == 24
