import pytest
from lxml import html as lxml_html

from habari_tui.extract import body_from_feed_html
from habari_tui.extract.site_lines import (
    drop_contact_section,
    drop_orphan_related_names,
    drop_site_lines,
)

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
        "<p>ANZEIGE - Heute mal ausgehen? Wie wäre es mit:</p>",
        "<p>Temas</p>",
        "<p>Lesezeit: 2 Minuten</p>",
        "<p>Video verfügbar bis 28.02.2021</p>",
        '<p><a href="https://x.example/a#interactions">Dołącz do dyskusji</a></p>',
        "<p><em>Verraten Sie gerne in den Kommentaren: Was bedeutet der Preis für Sie?</em></p>",
        "<h3>Vorschau auf den nächsten Artikel</h3>",
        '<p><a href="https://x.example/next">Next article</a></p>',
        "<p>Klicken Sie auf den unteren Button, um den Inhalt von www.komoot.de zu laden.</p>",
        "<h2>Pour lire la suite et accéder gratuitement à 3 articles, créez votre compte</h2>",
        "<p>This post contains references to products from one or more of our advertisers.</p>",
        "<p>Siguenos en Telegram, Instagram, Facebook y Twitter para recibir en directo todas"
        " nuestras actualizaciones</p>",
        "<p><em>For the latest stories and breaking news updates download the Harbour Post apps"
        " for iOS and Android.</em></p>",
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
        "<p>Nutzer schrieben in den Kommentaren, die Fähre sei zu teuer geworden.</p>",
        "<p>Werbung für Zigaretten ist an Haltestellen seit Jahren verboten.</p>",
        "<p>Tag der offenen Tür im Hafen ist am Sonntag ab zehn Uhr.</p>",
        "<p>Passengers can download the operator's app for iOS and Android to see the latest"
        " sailing times.</p>",
        "<p>For the latest figures the port authority asked operators to report every sailing.</p>",
    ],
)
def test_story_sentences_that_look_alike_are_kept(line: str) -> None:
    words = " ".join(lxml_html.fragment_fromstring(line).text_content().split())
    assert words in _kept(line)


def test_a_long_paragraph_is_never_a_site_line() -> None:
    line = "<p>Please subscribe now. " + "The ferry ran late again. " * 20 + "</p>"
    assert "Please subscribe now." in _kept(line)


def test_a_cell_of_a_table_is_never_a_site_line() -> None:
    table = (
        "<table><tr><td>Tag</td><td>Datum</td></tr><tr><td>6</td><td>9. Februar</td></tr></table>"
    )
    assert "Tag" in _kept(table)


def test_the_closing_contact_box_of_a_press_release_is_dropped() -> None:
    content = lxml_html.fragment_fromstring(
        f"<div>{STORY}<p><strong>Kontakt:</strong></p><p>Dr. Anna Berg, Pressestelle</p>"
        "<p>E-Mail: presse@hafen.example</p><p>Telefon: +49 40 123 45</p></div>"
    )
    drop_contact_section(content)
    assert content.text_content().endswith("the port authority said on Friday.")


def test_a_contact_heading_followed_by_story_paragraphs_stays() -> None:
    paragraph = STORY.replace("TANJUNG PINANG – ", "")
    content = lxml_html.fragment_fromstring(f"<div><h2>Kontakt</h2>{paragraph}{paragraph}</div>")
    drop_contact_section(content)
    assert content.text_content().startswith("Kontakt")


@pytest.mark.parametrize(
    "footer",
    [
        '<p>The post <a href="https://x.example/a">Ferry fares rise</a> appeared first on '
        '<a href="https://x.example/">Riau Coast Daily</a>.</p>',
        "<p>Der Beitrag Fähre fährt wieder erschien zuerst auf Ostfriesland Bote.</p>",
        "<p>Pos Pasar terapung ramai lagi muncul pertama kali di Kabar Banua.</p>",
    ],
)
def test_a_feeds_wordpress_footer_is_not_the_story(footer: str) -> None:
    body = body_from_feed_html(f"{STORY}{footer}", "https://x.example/a")
    assert body.markdown == (
        "TANJUNG PINANG – Ferry operators will raise fares by a fifth from next Monday, citing "
        "fuel costs and the busy holiday season, the port authority said on Friday."
    )


def test_a_related_heading_whose_list_is_not_in_the_text_is_dropped() -> None:
    content = lxml_html.fragment_fromstring(
        f"<div>{STORY}<h3>Weitere Informationen zum Coronavirus in Thüringen:</h3>"
        "<p><em>Quelle: MDR THÜRINGEN/ls</em></p><h3>Mehr zum Thema</h3></div>"
    )
    drop_orphan_related_names(content)
    text = content.text_content()
    assert "Weitere Informationen" not in text and "Mehr zum Thema" not in text
    assert "Quelle: MDR" in text


def test_a_related_heading_over_links_of_the_text_stays() -> None:
    content = lxml_html.fragment_fromstring(
        f"<div>{STORY}<h2>Weitere Informationen</h2>"
        '<p>Mehr zu den Schneekarten steht im <a href="https://x.example/doc">Handbuch</a>.</p></div>'
    )
    drop_orphan_related_names(content)
    assert "Weitere Informationen" in content.text_content()
