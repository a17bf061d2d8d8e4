import pytest
from lxml import html as lxml_html

from habari_tui.extract.photo_credit import take_lead_credit, with_credit

STORY = "".join(
    f"<p>Paragraf {n} berita yang cukup panjang untuk dibaca sebagai bagian dari cerita.</p>"
    for n in range(3)
)


def _content(html: str) -> lxml_html.HtmlElement:
    return lxml_html.fragment_fromstring(f"<div>{html}</div>")


@pytest.mark.parametrize(
    ("html", "credit"),
    [
        (f"{STORY}<p>Crédits photos : Bestimage</p>", "Crédits photos : Bestimage"),
        (f"{STORY}<p><em>Titelbild: Christophe/ABACA</em></p>", "Titelbild: Christophe/ABACA"),
        (f"{STORY}<p>Copyright: Gisele Wender</p>", "Copyright: Gisele Wender"),
        (f"<p>© Oli Scarff/Getty Images</p>{STORY}", "© Oli Scarff/Getty Images"),
        (
            f"<p>Protestaktion in London</p><p>© Oli Scarff/Getty Images</p>{STORY}",
            "Protestaktion in London © Oli Scarff/Getty Images",
        ),
    ],
)
def test_the_lead_photos_credit_leaves_the_story_for_the_caption(html: str, credit: str) -> None:
    content = _content(html)
    assert take_lead_credit(content) == credit
    assert content.text_content().startswith("Paragraf 0")
    assert content.text_content().endswith("cerita.")


@pytest.mark.parametrize(
    "html",
    [
        f"{STORY}<p>Copyright 2024 by the author, who lives in Banjarmasin with her family.</p>",
        f"<h2>Die Wissenschaft der Angst</h2><p>© Shutterstock</p>{STORY}",
        f"{STORY}<p>© Oli Scarff/Getty Images</p>{STORY}",
        f"{STORY}<p>Foto: warga memeriksa tanggul yang jebol setelah hujan deras semalam.</p>",
    ],
)
def test_credits_inside_the_story_and_lines_that_are_not_credits_stay(html: str) -> None:
    content = _content(html)
    before = content.text_content()
    assert take_lead_credit(content) is None
    assert content.text_content() == before


def test_the_credit_goes_after_the_caption() -> None:
    assert with_credit("Pasar terapung Kuin.", "© Antara") == "Pasar terapung Kuin. © Antara"
    assert with_credit(None, "© Antara") == "© Antara"
    assert with_credit("Pasar terapung Kuin.", None) == "Pasar terapung Kuin."
    assert with_credit(None, None) is None
