"""An HTML tree (article content only) -> Markdown text, keeping links, emphasis and lists."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

from lxml import html as lxml_html

from habari_tui.extract.html_tree import BLOCK_TAGS, SKIPPED_TAGS, is_layout_table, tag_name
from habari_tui.extract.related import is_index_page
from habari_tui.text import strip_controls

# Characters left as they are in link targets: everything but spaces, quotes and parentheses.
_URL_SAFE = ":/?#[]@!$&'*+,;=%~"
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_INLINE_SPECIAL = re.compile(r"([\\*`])|(?<!\w)_|_(?!\w)")
# Brackets of the page's text stand as these two noncharacters until the whole body is written:
# only then is it known whether a "]" is followed by what would make it a link ("(", "[", ":").
_OPEN, _CLOSE = "\ufdd0", "\ufdd1"
_CLOSE_BEFORE_LINK_SYNTAX = re.compile(f"{_CLOSE}(?=[(\\[:]|{_OPEN})")
# An italic run as _wrap writes it, around words holding no "*" or "_" of their own.
_PLAIN_ITALIC = re.compile(r"(\s?)\*([^*_\s](?:[^*_]*[^*_\s])?)\*(\s?)")
# An emphasis run as _wrap writes it: punctuation at either end held apart from the words.
_EMPHASIS_RUN = re.compile(
    r"(\s?)(\*\*?)([^\w\s*\\]*)((?:[^\\]|\\.)*?)([^\w\s*\\]*)\2(\s?)", re.DOTALL
)
_LINE_START_SPECIAL = re.compile(r"^(#|>|[-+] |\d+[.)] )")


def to_markdown(root: lxml_html.HtmlElement) -> str:
    """Render an element's content as Markdown blocks separated by blank lines."""
    # Page text is untrusted: no escape sequence or control character reaches the terminal.
    # Soft hyphens are invisible break hints: a terminal would show them, and they split words.
    text = strip_controls("\n\n".join(_blocks(root))).replace("\u00ad", "")
    return _literal_brackets(text)


def _literal_brackets(text: str) -> str:
    """Page brackets read as written ("[1]", "c) [Militär]"); escaped only where a "]" followed
    by "(", "[" or ":" could make a link or a link definition of the page's words."""
    text = _CLOSE_BEFORE_LINK_SYNTAX.sub("\\\\]", text)
    return text.replace(_CLOSE, "]").replace(_OPEN, "[")


def _blocks(el: lxml_html.HtmlElement) -> list[str]:
    tag = tag_name(el)
    if tag in SKIPPED_TAGS:
        return []
    if tag == "p":
        return _paragraphs(_inline_content(el))
    if tag in _HEADINGS:
        text = _squash(_inline_content(el))
        return [f"{'#' * _HEADINGS[tag]} {text}"] if text else []
    if tag in ("ul", "ol"):
        return _list(el, ordered=tag == "ol")
    if tag == "blockquote":
        inner = "\n\n".join(_container(el))
        return ["\n".join(f"> {line}".rstrip() for line in inner.splitlines())] if inner else []
    if tag == "pre":
        code = el.text_content().strip("\n")
        return [f"```\n{code}\n```"] if code.strip() else []
    if tag == "table" and not is_layout_table(el):
        return _table(el)
    if tag == "figcaption":
        text = _squash(_inline_content(el))
        return [f"*{text}*"] if text else []
    if tag == "hr":
        return []
    return _container(el)


def _container(el: lxml_html.HtmlElement) -> list[str]:
    """Mixed content: runs of inline content become paragraphs, block children their own blocks."""
    blocks: list[str] = []
    run: list[str] = [_escape(el.text or "")]
    for child in el:
        if tag_name(child) in BLOCK_TAGS:
            blocks.extend(_paragraphs(_joined(run)))
            blocks.extend(_blocks(child))
            run = []
        else:
            run.append(_inline(child, set()))
        run.append(_escape(child.tail or ""))
    blocks.extend(_paragraphs(_joined(run)))
    return blocks


def _inline_content(el: lxml_html.HtmlElement, marks: frozenset[str] = frozenset()) -> str:
    parts = [_escape(el.text or "")]
    for child in el:
        parts.append(_inline(child, set(marks)))
        parts.append(_escape(child.tail or ""))
    return _joined(parts)


def _joined(parts: list[str]) -> str:
    """Inline pieces in a row. Where two emphasis runs touch ("*NDR*" "**-Recherchen**"),
    Markdown would read "***" as one run and show the marks: the italic one is written with
    underscores ("_NDR_**-Recherchen**") where that reads right, else they go a space apart."""
    pieces = [part for part in parts if part]
    for i in range(1, len(pieces)):
        before, part = pieces[i - 1], pieces[i]
        if not (before.endswith("*") and not before.endswith("\\*") and part.startswith("*")):
            continue
        previous = pieces[i - 2][-1:] if i > 1 else ""
        following = pieces[i + 1][:1] if i + 1 < len(pieces) else ""
        if part.startswith("**") and (italic := _underscored(before, previous, "*")):
            pieces[i - 1] = italic
        elif not part.startswith("**") and (italic := _underscored(part, "*", following)):
            pieces[i] = italic
        else:
            pieces[i] = f" {part}"
    return "".join(_punctuation_outside(pieces))


def _punctuation_outside(pieces: list[str]) -> list[str]:
    """A run that ends in punctuation cannot close before a letter (nor open after one), so
    "**Hinweis:**Bei" shows its marks: the punctuation goes outside them, "**Hinweis**:Bei"."""
    for i, piece in enumerate(pieces):
        match = _EMPHASIS_RUN.fullmatch(piece)
        if match is None:
            continue
        lead, mark, opening, words, closing, trail = match.groups()
        after_word = not lead and (pieces[i - 1][-1:] if i > 0 else "").isalnum()
        before_word = not trail and (pieces[i + 1][:1] if i + 1 < len(pieces) else "").isalnum()
        if (after_word and opening) or (before_word and closing):
            if not after_word:
                words, opening = opening + words, ""
            if not before_word:
                words, closing = words + closing, ""
            # Marks hold no space at their inner side: ",** al cual" would not open.
            opening += words[: len(words) - len(words.lstrip())]
            closing = words[len(words.rstrip()) :] + closing
            words = words.strip()
            run = f"{mark}{words}{mark}" if words else ""
            pieces[i] = f"{lead}{opening}{run}{closing}{trail}"
    return pieces


def _underscored(run: str, before: str, after: str) -> str | None:
    """An italic run of plain words ("*NDR*") as "_NDR_", if its neighbours let it read so."""
    match = _PLAIN_ITALIC.fullmatch(run)
    if match is None:
        return None
    lead, words, trail = match.groups()
    if (not lead and before.isalnum()) or (not trail and after.isalnum()):
        return None  # "_" does not open or close inside a word
    return f"{lead}_{words}_{trail}"


def _inline(el: lxml_html.HtmlElement, marks: set[str]) -> str:
    tag = tag_name(el)
    if tag in SKIPPED_TAGS:
        return ""
    if tag == "br":
        return "\n"
    if tag in ("strong", "b"):
        return _wrap(el, "**", marks)
    if tag in ("em", "i", "cite"):
        return _wrap(el, "*", marks)
    if tag == "code":
        return f"`{el.text_content()}`" if el.text_content().strip() else ""
    if tag == "a":
        return _link(el, marks)
    if tag in BLOCK_TAGS:
        # A block inside inline content (broken markup): keep its words, as a line of their own.
        return "\n" + _inline_content(el, frozenset(marks)) + "\n"
    return _inline_content(el, frozenset(marks))


def _wrap(el: lxml_html.HtmlElement, mark: str, marks: set[str]) -> str:
    inner = _inline_content(el, frozenset(marks | {mark}))
    if mark in marks or not inner.strip():
        return inner
    # Markdown emphasis may not start or end with a space: keep the spaces outside the marks.
    lead = inner[: len(inner) - len(inner.lstrip())]
    trail = inner[len(inner.rstrip()) :]
    return f"{lead}{mark}{inner.strip()}{mark}{trail}"


def _link(el: lxml_html.HtmlElement, marks: set[str]) -> str:
    inner = _inline_content(el, frozenset(marks | {"a"}))
    href = (el.get("href") or "").strip()
    if "a" in marks or not inner.strip() or not _is_web_link(href) or is_index_page(href):
        return inner
    # Inside link text every bracket is escaped: one left alone would end the link early.
    text = _squash(inner).replace(_OPEN, "\\[").replace(_CLOSE, "\\]")
    # "the<a> Go Fund Me </a>page": the spaces stay between the words, outside the brackets.
    lead = " " if inner[:1].isspace() else ""
    trail = " " if inner[-1:].isspace() else ""
    return f"{lead}[{text}]({quote(href, safe=_URL_SAFE)}){trail}"


def _is_web_link(href: str) -> bool:
    try:  # "http://[ccpa-preferences]" raises: a bracketed host that is no IP address
        return href.lower().startswith(("http://", "https://")) and bool(urlsplit(href).hostname)
    except ValueError:
        return False


def _list(el: lxml_html.HtmlElement, *, ordered: bool) -> list[str]:
    items = []
    for number, li in enumerate((c for c in el if tag_name(c) == "li"), start=1):
        text = _squash(" ".join(_container(li)))
        if text:
            items.append(f"{number}. {text}" if ordered else f"- {text}")
    return ["\n".join(items)] if items else []


def _table(el: lxml_html.HtmlElement) -> list[str]:
    rows = [[_cell(cell) for cell in tr if tag_name(cell) in ("td", "th")] for tr in el.iter("tr")]
    rows = [row for row in rows if any(row)]
    if not rows:
        return []
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    lines = [_table_row(rows[0]), _table_row(["---"] * width)]
    lines.extend(_table_row(row) for row in rows[1:])
    return ["\n".join(lines)]


def _cell(cell: lxml_html.HtmlElement) -> str:
    return _squash(_inline_content(cell)).replace("|", "\\|")


def _table_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _paragraphs(text: str) -> list[str]:
    """Split an inline run on blank lines (``<br><br>``), tidying each paragraph."""
    paragraphs = []
    for chunk in re.split(r"\n[ \t]*\n", text):
        lines = [_squash(line) for line in chunk.split("\n")]  # a lone <br> stays a line break
        paragraph = "\n".join(line for line in lines if line)
        if paragraph:
            paragraphs.append(_LINE_START_SPECIAL.sub(r"\\\1", paragraph))
    return paragraphs


def _squash(text: str) -> str:
    return " ".join(text.split())


def _escape(text: str) -> str:
    text = re.sub(r"[ \t\r\n\f\v]+", " ", text.replace(_OPEN, "").replace(_CLOSE, ""))
    text = _INLINE_SPECIAL.sub(lambda m: "\\" + m.group(0), text)
    return text.replace("[", _OPEN).replace("]", _CLOSE)
