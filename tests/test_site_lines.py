import pytest
from lxml import html as lxml_html

from habari_tui.extract.site_lines import drop_site_lines

STORY = (
    "<p>TANJUNG PINANG – Ferry operators will raise fares by a fifth from next Monday, citing "
    "fuel costs and the busy holiday season, the port authority said on Friday.</p>"
)


def _kept(line: str) -> str:
    content = lxml_html.fragment_fromstring(f"<div>{STORY}{line}</div>")
    drop_site_lines(content)
    return " ".join(content.text_content().split())


@pytest.mark.parametrize(
    "line",
    [
        '<p><a href="#top">Back to top ↑</a></p>',
        '<p><a href="https://x.example/presse">Zurück zur Listenansicht</a></p>',
        "<p>Volver arriba</p>",
        "<h3>0 Kommentare</h3>",
        "<p>Sie sind aktuell nicht eingeloggt.</p>",
        "<p>You must be logged in to post a comment.</p>",
        "<p>Letzte Änderung 14.02.2019</p>",
        "<p><strong>Last updated:</strong> 13 July 2020</p>",
        "<p>Release Date:</p>",
        "<p>Category : Press Releases</p>",
        "<p>© 2020 ®/TM General Mills All Rights Reserved</p>",
        "<p>Materiał chroniony prawem autorskim - zasady przedruków określa regulamin.</p>",
        "<p>Todo el contenido es propiedad del diario. Todos los derechos reservados.</p>",
        '<p>Never miss the latest news by signing up to our newsletter! <a href="/n">Here</a></p>',
        "<h3>Newsletter-Anmeldung</h3>",
        '<p><a href="/s">Get The Times of Israel\'s Daily Edition by email</a></p>',
        "<p>If you enjoyed reading this post, would you consider supporting our work?</p>",
        "<p>Follow The Gleaner on Twitter and Instagram @JamaicaGleaner.</p>",
        "<p>Zapraszamy też do subskrypcji tygodnika w Sieci Przyjaciół.</p>",
        "<p>To view the full story, please subscribe to The Haitian Times.</p>",
        "<p>Unterstütze RosaMag bereits mit 2,50!</p>",
        "<p>Anzeige, enthält Affiliate Links</p>",
        "<p>Keine Kommentare (Kommentare erscheinen erst nach unserer Freigabe)</p>",
        '<p>News date : 04/21/2022 Category : <a href="/c/10">Press Releases</a></p>',
        "<p>Lust auf mehr? Die besten Storys jede Woche in deinen Posteingang.</p>",
        "<p>Tú también puedes hacer periodismo incómodo. Cancela cuando quieras.</p>",
        "<p>¡Mira lo que tiene nuestro canal de YouTube!</p>",
        "<p>This post contains references to products from one or more of our advertisers.</p>",
    ],
)
def test_site_lines_are_dropped_from_the_story(line: str) -> None:
    assert _kept(line) == " ".join(lxml_html.fragment_fromstring(STORY).text_content().split())


@pytest.mark.parametrize(
    "line",
    [
        "<p>Readers who subscribe to the operators' text alerts will hear of delays first.</p>",
        "<p>Her newsletter, which has 40,000 subscribers, broke the story on Tuesday.</p>",
        "<p>Das Abbestellen von Newslettern verlief in den meisten Fällen reibungslos.</p>",
        "<p>Fans follow him on Instagram, where he posts from the harbour every morning.</p>",
        "<p>Residents signing up for the free vaccine queued outside the clinic.</p>",
        "<p>Der Preis in der Kategorie: Kinder- & Jugendbuch ging an Tommy Krappweis.</p>",
        "<p>Copyright (all rights reserved) und Public Domain sind die zwei Pole.</p>",
        "<p>Viele Vereine unterstützen die Initiative, sagte der Bürgermeister.</p>",
        "<p>Back to the harbour went the boats, one by one, as the storm passed.</p>",
        "<p>3 comments from the minister were enough to start a row in parliament.</p>",
        "<p>The ferry company's YouTube channel showed the storm from the bridge.</p>",
        "<p>Customers may cancel at the counter until the day before sailing.</p>",
    ],
)
def test_story_sentences_that_look_alike_are_kept(line: str) -> None:
    words = " ".join(lxml_html.fragment_fromstring(line).text_content().split())
    assert words in _kept(line)


def test_a_long_paragraph_is_never_a_site_line() -> None:
    line = "<p>Please subscribe now. " + "The ferry ran late again. " * 20 + "</p>"
    assert "Please subscribe now." in _kept(line)
