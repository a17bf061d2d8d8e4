"""What news sites write before their related reading, in the languages of the world's news."""

from __future__ import annotations

import re

# Labels an inline line puts before its link ("BACA JUGA: <a>", "Lesen Sie auch: <a>").
_LINE_LABELS = (
    # Indonesian and Malay, Swahili
    r"baca juga|baca pula|lihat juga|simak juga|simak pula|soma pia|soma zaidi|tazama pia",
    # English
    r"read also|also read|see also|read more|more on this|read next",
    # German
    r"lesen sie (?:auch|mehr|hier|dazu)|lies auch|auch lesen|mehr lesen|mehr zum thema"
    r"|weiterlesen|zum weiterlesen|siehe auch|auch interessant",
    # Spanish
    r"vea también|ver también|lea también|lee también|lea además|mira también|puedes ver"
    r"|le puede interesar|te puede interesar|puede interesarte|te recomendamos",
    # French, Italian
    r"(?:à |a )?lire aussi|(?:à |a )?lire également|voir aussi|(?:à |a )?voir aussi"
    r"|leggi anche|vedi anche|potrebbe interessarti|ti potrebbe interessare",
    # Portuguese, Dutch
    r"leia também|leia mais|veja também|confira também|lees ook|bekijk ook|zie ook",
    # Polish, Czech, Finnish, Scandinavian, Turkish, Russian
    r"czytaj (?:też|także|również|więcej)|przeczytaj (?:też|także|również)"
    r"|zobacz (?:też|także|również)|čtěte také|čtěte též|lue myös|lue (?:aiheesta )?lisää"
    r"|läs (?:också|även|mer)|les også|læs også|ayrıca okuyun|читайте также|смотрите также",
)
# Single words that name related reading only when a colon follows: "Related: <a>".
_COLON_LABELS = r"related|relacionad[oa]s?|relacionadas?|polecamy|mire|zum thema|por tema|по теме"
# Words that name a block of related links under its heading ("Berita Terkait", "Mehr zum Thema").
_BLOCK_NAMES = (
    r"(?:berita|artikel|tulisan)\s+(?:terkait|lainnya)|habari\s+(?:zinazohusiana|nyingine|zaidi)",
    r"related(?:\s+(?:articles?|stories|posts?|news|reading|content|coverage|links))?"
    r"|further reading|you (?:may|might) also like",
    r"weitere\s+(?:aktuelle\s+)?(?:artikel|beiträge|themen)"
    r"|(?:empfohlene|ähnliche|verwandte)\s+(?:artikel|beiträge|themen)|schon gelesen"
    r"|das könnte (?:sie|dich) auch interessieren|passend zum thema",
    r"(?:contenido|notas|noticias|artículos|temas)\s+relacionad[oa]s?",
    r"sur le même sujet|articles (?:similaires|liés)|articoli correlati",
    r"(?:notícias|artigos|matérias)\s+relacionad[oa]s|gerelateerde artikelen",
    r"powiązane artykuły|související články|ilgili haberler",
    r"(?:weitere|mehr|zusätzliche) informationen|weiterführende links|links zum thema"
    r"|further information|more information|más información|plus d'informations"
    r"|informasi lebih lanjut",
    r"más sobre|more on|more about|mehr zu(?:m)?|plus sur|więcej o|meer over",
)

# The text before an inline line's first link: the label, its separator, nothing else.
INLINE_LEAD = re.compile(
    rf"[\W_]*(?:(?P<label>{'|'.join(_LINE_LABELS)})\s*(?P<sep>[:\-–—»›]?)"
    rf"|(?P<colon_label>{_COLON_LABELS})\s*(?P<colon>:))[\W_]*",
    re.IGNORECASE,
)
# A short heading naming a related block; a few words may follow ("Mehr zum Thema auf X.de").
BLOCK_NAME = re.compile(
    rf"(?:{'|'.join(_LINE_LABELS + _BLOCK_NAMES)})(?:\s+[^\s!?]+){{0,4}}\s*[:?!…]?",
    re.IGNORECASE,
)


def inline_lead(text: str) -> tuple[str, int] | None:
    """The label an inline related line opens with, and the length of its lead; else None."""
    match = INLINE_LEAD.fullmatch(text)
    if not match:
        return None
    return match["label"] or match["colon_label"], len(match[0])
