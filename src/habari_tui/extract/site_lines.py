"""The site's own lines left in an article's text: back-to-top links, comment counts, page
metadata, copyright notes, newsletter and support appeals, advertiser notes.

Each rule reads one whole short block (a paragraph, a list item, a heading) and drops it only
when all of its words say what the rule names; a sentence of the story never fits one.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import html as lxml_html

from habari_tui.extract.html_tree import element_text, remove_keeping_tail, tag_name
from habari_tui.extract.related_words import BLOCK_NAME

# Table cells are never taken: a cell's word ("Tag", day in German) is the table's data.
_LEAF_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt")
_INNER_BLOCKS = frozenset(
    {"p", "div", "li", "ul", "ol", "table", "blockquote", "section", "article", "dl", "figure"}
    | {"h1", "h2", "h3", "h4", "h5", "h6"}
)
# "Kontakt:", "Pressekontakt", "Ansprechpartnerin zum Thema:", "Media contact".
_CONTACT_LABEL = re.compile(
    r"[\W_]*(?:(?:presse|medien)?kontakt|ansprechpartner(?:in|innen)?"
    r"(?: zum thema| für die presse)?|(?:press|media)? ?contacts?|contacto(?: de prensa)?"
    r"|kontak(?: media)?)[\W_]*",
    re.IGNORECASE,
)
# A contact box is a few short lines: names, roles, e-mail addresses, telephone numbers.
_CONTACT_LINES = 12
_CONTACT_LINE_WORDS = 20
_CONTACT_DATA = re.compile(r"\S@\S|\b(?:tel|telefon|phone|fax|e-?mail)\b|\+\d", re.IGNORECASE)
# Site lines are a line or two; anything longer is read as the story's.
_LINE_CHARS = 300
_SEP = r"\s*[:：]?\s*"

# "Zurück nach oben", "Back to top ↑", "Zurück zur Listenansicht", "Volver arriba".
_NAVIGATION = re.compile(
    r"[\W_]*(?:back to (?:top|the top|overview|the list|list|newsroom|all news)"
    r"|zurück (?:nach oben|zum anfang|zur übersicht|zur listenansicht|zum newsroom|zur startseite)"
    r"|nach oben|seitenanfang|retour en haut(?: de (?:la )?page)?|haut de (?:la )?page"
    r"|volver (?:arriba|al inicio)|ir arriba|torna su|kembali ke atas|do góry|naar boven"
    r"|(?:vorschau auf den )?nächsten? (?:artikel|beitrag)|vorherige[rn]? (?:artikel|beitrag)"
    r"|(?:next|previous) (?:article|post|story)|artikel (?:sebelumnya|selanjutnya)"
    r"|(?:article|artículo) (?:suivant|précédent|siguiente|anterior))[\W_]*",
    re.IGNORECASE,
)
# "0 Kommentare", "Keine Kommentare", "No comments yet", "Sie sind aktuell nicht eingeloggt."
_COMMENTS = re.compile(
    r"(?:\d+|keine|no|kein|sin|aucun|belum ada|brak)\s+(?:kommentare?|comments?(?: yet)?"
    r"|comentarios?|commentaires?|komentar|komentarzy)[\W_]*(?:\([^()]{0,80}\))?"
    r"|.{0,40}\b(?:nicht eingeloggt|not logged in|must be logged in|eingeloggt sein"
    r"|logged in to (?:post a )?comment|anmelden, um (?:einen )?kommentar).{0,80}",
    re.IGNORECASE,
)
# "Letzte Änderung 14.02.2019", "Last Modified: …", "Release Date:", "Category : Press Releases".
_METADATA = re.compile(
    r"[\W_]*(?:(?:letzte änderung|zuletzt (?:aktualisiert|geändert)(?: am)?|aktualisiert am"
    r"|veröffentlicht am|veröffentlichung|erstellt am|last (?:modified|updated|changed)"
    r"|release date|news date|date published|published on|posted on|updated on|mis à jour le"
    r"|publié le"
    r"|actualizado el|publicado el|diperbarui|diterbitkan)"
    r"(?:\s*:|\s+(?=\d)|\s*$)(?:[^.!?]|\.(?=\S)){0,40}\.?"
    r"|(?:category|categories|kategorie|kategorien|rubrik|filed under|kategori)\s*:"
    r"(?:\s*[^\s\"“„«&]+){0,2})",
    re.IGNORECASE,
)
# "© 2020 … All Rights Reserved", "Materiał chroniony prawem autorskim", "Written permission…".
_COPYRIGHT = re.compile(
    r"^\W*(?:©|\(c\)|copyright)\s*(?:\d{4}|by\b)"
    r"|(?:all rights reserved|alle rechte vorbehalten|todos los derechos reservados"
    r"|tous droits réservés|hak cipta dilindungi(?: undang-undang)?)\W*$"
    r"|^\W*(?:materiał chroniony prawem autorskim|this article is the copyrighted property"
    r"|written permission must be obtained|nachdruck nur mit)",
    re.IGNORECASE,
)
# Subscription and support appeals, in the words of the appeal itself: "Subscribe now to…".
_APPEAL = re.compile(
    r"sign(?:ing)? up (?:for|to) our|sign up here|free sign up|daily edition by email"
    r"|\bsubscribe (?:to our|now|here|today)|please subscribe"
    r"|abonnieren sie|abonniere (?:das|unser)|abonnez-vous|suscr[ií]bete|suscríbase|do subskrypcji"
    r"|consider supporting|supporting our work|support our journalism"
    r"|unterstützen sie (?:uns|unsere)|unterstütze (?:uns|unsere)|^\W*unterstütze \S+"
    r"|wesprzyj nas|unseren journalismus|spenden sie jetzt|jetzt spenden"
    r"|follow us (?:on|:)|^\W*follow \S+(?: \S+)? on (?:twitter|facebook|instagram)"
    r"|folgen sie uns|s[ií]guenos|ikuti kami|submit a letter|puede escribirnos"
    r"|(?:in|into|to) (?:your|deinen|ihren) (?:inbox|posteingang)|straight to your inbox"
    r"|apoya (?:el|nuestro) periodismo|cancela cuando quieras|cancel any ?time|jederzeit kündbar"
    r"|(?:nuestro|tenemos|our|unser(?:en)?) (?:canal|channel|kanal)(?: de)? (?:en )?"
    r"(?:youtube|telegram|whatsapp)"
    # "For the latest stories and breaking news updates download the … apps for iOS".
    r"|^\W*for (?:all )?the latest (?:news|stories|updates|headlines)\b.{0,80}"
    r"\b(?:download|follow us|subscribe|sign up)\b",
    re.IGNORECASE,
)
# A newsletter offered, not one the story is about: the word with a call to act on it.
_NEWSLETTER = re.compile(r"(?<![\w-])newsletter\b", re.IGNORECASE)
_NEWSLETTER_ACTION = re.compile(
    r"sign(?:ing)? up|subscribe (?:to|now|here)|abonnier(?:en sie|e)|melde dich|jetzt anmelden"
    r"|zur anmeldung|inscrivez|suscr[ií]b[ea]|your inbox|ihre inbox|posteingang|never miss"
    r"|nichts (?:mehr |neues )?verpassen|straight to you|tragen sie sich",
    re.IGNORECASE,
)
# A newsletter box's own heading: "Newsletter", "Newsletter-Anmeldung", "Coaching-Newsletter".
_NEWSLETTER_LABEL = re.compile(r"[\w-]*newsletter[\w-]*(?:\s+\S+){0,2}", re.IGNORECASE)
# The footer WordPress puts under each story of a feed: "The post … appeared first on …".
_FEED_FOOTER = re.compile(
    r"the post .+ appeared first on .+|der beitrag .+ erschien zuerst auf .+"
    r"|la entrada .+ se publicó primero en .+|l.article .+ est apparu en premier sur .+"
    r"|pos .+ muncul pertama kali di .+|het bericht .+ verscheen eerst op .+"
    r"|o post .+ apareceu primeiro em .+|l.articolo .+ proviene da .+",
    re.IGNORECASE,
)
# Advertiser and affiliate notes: "Anzeige, enthält Affiliate Links".
_ADVERTISER_NOTE = re.compile(
    r"affiliate[- ]links?|references to products from one or more of our advertisers"
    r"|we may receive compensation|wir erhalten eine provision"
    r"|^\W*(?:anzeige|werbung|advertisement|publicidad|publicité|reklama|iklan)\s*[-–—:|]",
    re.IGNORECASE,
)
# A tag list's label left without its tags; reading time; how long a video stays online.
_PAGE_NOTE = re.compile(
    r"[\W_]*(?:(?:tags|temas|etiquetas|schlagwörter|schlagworte|stichwörter|tagi|topik)\s*:?"
    r"|tag\s*:|(?:von|by|por|par|oleh|autor|autorin|author)\s*:"
    r"|(?:lesezeit|reading time|tiempo de lectura|temps de lecture|waktu baca)\s*:?\s*\S+(?: \S+)?"
    r"|\d+\s*(?:min(?:ute)?s?\.?|minuten) (?:read|lesezeit|lesen|de lectura|de lecture)"
    r"|ten tekst przeczytasz w .{0,30}|video (?:verfügbar|available|disponible) (?:bis|until|hasta)"
    r" .{0,20})[\W_]*",
    re.IGNORECASE,
)
# Calls to join the comments: "Dołącz do dyskusji", "Verraten Sie gerne in den Kommentaren: …".
_COMMENT_CALL = re.compile(
    r"[\W_]*(?:join the discussion|dołącz do dyskusji|diskutieren sie mit|jetzt kommentieren"
    r"|leave a comment|deja (?:tu|un) comentario|laisser un commentaire|tinggalkan komentar)[\W_]*"
    r"|.{0,40}(?:verraten sie (?:uns )?(?:gerne )?in den kommentaren"
    r"|schreiben sie (?:uns )?(?:es )?in die kommentare|(?:let|tell) us (?:know )?in the comments"
    r"|cuéntanos en los comentarios|dites-nous en commentaire).{0,200}",
    re.IGNORECASE,
)
# The placeholder of an embed the reader did not consent to: "Klicken Sie auf den Button, …".
_CONSENT = re.compile(
    r"um den inhalt von \S+ zu laden|klicken sie auf (?:den|die) .{0,20}(?:button|schaltfläche)"
    r"|mit diesem button|to load (?:the )?content from|externe(?:r|n)? inhalte? (?:laden|anzeigen)"
    r"|(?:click|tap) (?:the button )?(?:below )?to load",
    re.IGNORECASE,
)
# A paywall's offer where the story stops: "Pour lire la suite…", "To continue reading…".
_PAYWALL = re.compile(
    r"pour lire la suite|pour accéder en illimité|to continue reading|continue reading with"
    r"|um weiterzulesen|para seguir leyendo|already a subscriber|déjà abonné|bereits abonnent",
    re.IGNORECASE,
)


def _appeal(text: str) -> bool:
    if _APPEAL.search(text) or _NEWSLETTER_LABEL.fullmatch(text):
        return True
    return bool(_NEWSLETTER.search(text) and _NEWSLETTER_ACTION.search(text))


# Each rule proves a short block to be the site's: a pattern the whole block matches, a phrase
# that tells anywhere in it, or the newsletter test above. Any match (truthy) is proof.
_RULES: tuple[Callable[[str], object], ...] = (
    _NAVIGATION.fullmatch,
    _COMMENTS.fullmatch,
    _METADATA.fullmatch,
    _COPYRIGHT.search,
    _appeal,
    _ADVERTISER_NOTE.search,
    _PAGE_NOTE.fullmatch,
    _COMMENT_CALL.fullmatch,
    _CONSENT.search,
    _PAYWALL.search,
    _FEED_FOOTER.fullmatch,
)


def drop_site_lines(content: lxml_html.HtmlElement) -> None:
    """Remove the short blocks of `content` that one of the rules proves to be the site's."""
    # A cheap C-level length first: most blocks are story paragraphs, far too long to look at.
    short = (el for el in content.iter(*_LEAF_BLOCKS) if len(el.text_content()) <= 2 * _LINE_CHARS)
    for block in [el for el in short if _is_leaf(el)]:
        text = element_text(block)
        if text and len(text) <= _LINE_CHARS and any(rule(text) for rule in _RULES):
            remove_keeping_tail(block)


def drop_contact_section(content: lxml_html.HtmlElement) -> None:
    """A press release's closing contact box: "Kontakt:" with names, e-mails and numbers."""
    blocks = [el for el in content.iter(*_LEAF_BLOCKS) if _is_leaf(el) and element_text(el)]
    for index, block in enumerate(blocks):
        if not _CONTACT_LABEL.fullmatch(element_text(block)):
            continue
        rest = [element_text(el) for el in blocks[index + 1 :]]
        if (
            len(rest) <= _CONTACT_LINES
            and all(len(line.split()) <= _CONTACT_LINE_WORDS for line in rest)
            and any(_CONTACT_DATA.search(line) for line in rest)
        ):
            for el in blocks[index:]:
                remove_keeping_tail(el)
            return


def drop_orphan_related_names(content: lxml_html.HtmlElement) -> None:
    """A heading naming related reading ("Weitere Artikel zum Thema") whose list is not in the
    text (the page's own layout left it out) names nothing the reader can see."""
    blocks = [el for el in content.iter(*_LEAF_BLOCKS) if _is_leaf(el) and element_text(el)]
    for index, block in enumerate(blocks):
        text = element_text(block).rstrip(":").strip()
        if not (_is_heading(block) and BLOCK_NAME.fullmatch(text)):
            continue
        section = []  # the blocks under the heading, up to the next heading
        for after in blocks[index + 1 :]:
            if _is_heading(after):
                break
            section.append(after)
        if not any(next(el.iter("a"), None) is not None for el in section):
            remove_keeping_tail(block)


def _is_heading(el: lxml_html.HtmlElement) -> bool:
    if tag_name(el) in ("h1", "h2", "h3", "h4", "h5", "h6"):
        return True
    bold = [child for child in el if tag_name(child) in ("strong", "b")]
    return len(bold) == 1 and element_text(bold[0]) == element_text(el)


def _is_leaf(el: lxml_html.HtmlElement) -> bool:
    return not any(tag_name(d) in _INNER_BLOCKS for d in el.iterdescendants())
