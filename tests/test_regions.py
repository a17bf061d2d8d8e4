"""[regions] keyword rules re-home articles that name a place of another region."""

from __future__ import annotations

from habari_tui.regions import assign_region

RULES = (
    ("Kalimantan Selatan", ("Banjarmasin", "Banjarbaru", "Kalsel", "Hulu Sungai Selatan")),
    ("Asia", ("Singapore", "Malaysia")),
    ("Indonesia", ("Jakarta",)),
)


def test_no_rule_matches_keeps_the_feed_region() -> None:
    assert assign_region("Indonesia", "Harga beras stabil", (), RULES) == "Indonesia"


def test_title_naming_another_region_moves_the_article() -> None:
    title = "Jembatan baru di Banjarmasin diresmikan"
    assert assign_region("Indonesia", title, (), RULES) == "Kalimantan Selatan"


def test_category_naming_another_region_moves_the_article() -> None:
    assert assign_region("World", "Port strike ends", ("Singapore",), RULES) == "Asia"


def test_categories_are_checked_before_the_title() -> None:
    title = "Singapore delegation visits"
    assert assign_region("World", title, ("Banjarmasin",), RULES) == "Kalimantan Selatan"


def test_own_region_keywords_keep_the_feed_region() -> None:
    title = "Delegasi Kalsel berangkat ke Jakarta"
    assert assign_region("Kalimantan Selatan", title, (), RULES) == "Kalimantan Selatan"


def test_own_region_in_categories_keeps_the_feed_region() -> None:
    assert assign_region("Asia", "Talks in Jakarta", ("Malaysia",), RULES) == "Asia"


def test_matching_is_whole_word() -> None:
    assert assign_region("Indonesia", "Kalselbiz expo opens", (), RULES) == "Indonesia"
    assert assign_region("Indonesia", "Singaporean food fair", (), RULES) == "Indonesia"


def test_matching_ignores_case_and_punctuation_around_words() -> None:
    assert assign_region("World", "BANJARBARU: floods recede", (), RULES) == "Kalimantan Selatan"
    assert assign_region("World", "(Kalsel) — roads reopen", (), RULES) == "Kalimantan Selatan"


def test_multi_word_keywords_match_any_spacing() -> None:
    title = "Festival di Hulu  Sungai\nSelatan"
    assert assign_region("Indonesia", title, (), RULES) == "Kalimantan Selatan"


def test_unicode_words_are_whole_words() -> None:
    rules = (("Europe", ("Zürich", "Straße")),)
    assert assign_region("World", "Banks in ZÜRICH rally", (), rules) == "Europe"
    assert assign_region("World", "Zürichsee swimmers", (), rules) == "World"
    decomposed = "Zu\u0308rich talks"
    assert assign_region("World", decomposed, (), rules) == "Europe"
    assert assign_region("World", "STRASSE closed", (), rules) == "Europe"


def test_feed_region_without_rules_and_empty_rules() -> None:
    assert assign_region("Other", "Banjarmasin", (), ()) == "Other"
    assert assign_region("Other", "", (), RULES) == "Other"
