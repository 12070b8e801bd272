"""HTML → the page's visible text, as an analyst sees it in a browser.

Scripts, styles and <head> are dropped; block elements end lines, table cells are separated
by a tab; headings are remembered by line start so the segmenter can use them. Imported only
when a page is read: BeautifulSoup stays off the start-up path of Markdown and text runs.
"""

from __future__ import annotations

import re
import unicodedata
import warnings

from bs4 import BeautifulSoup, NavigableString, Tag, XMLParsedAsHTMLWarning
from bs4.element import PreformattedString

# A page may open with an XML prolog or comments before its doctype.


def _tags(names: str) -> frozenset[str]:
    return frozenset(names.split())


# Blocks that make a paragraph (a blank line around them) or only end a line.
_PARAGRAPH_TAGS = _tags(
    "p div h1 h2 h3 h4 h5 h6 table ul ol dl blockquote pre section article header footer nav aside "
    "main figure form fieldset address details hr body center"
)
_LINE_TAGS = _tags("li tr br dt dd caption figcaption summary legend option thead tbody tfoot")
# rt and rp: a ruby annotation's reading (統<rt>tǒng</rt>) and its fallback brackets
_HIDDEN_TAGS = _tags("script style head title noscript template svg iframe object embed canvas audio video rt rp")
_BLOCK_TAGS = _PARAGRAPH_TAGS | _LINE_TAGS
_HEADING_LEVEL = {f"h{n}": n for n in range(1, 7)}
_SPACES = re.compile(r"([ \t\n\r\f]+)")  # HTML whitespace; U+3000 and &nbsp; are text as written


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def html_to_text(html: str) -> tuple[str, dict[int, int], int | None]:
    """An HTML page → (visible text, {heading line start: level}, first h1 line start).

    Hidden parts (script, style, head, comments, `hidden` elements) are dropped; paragraph
    blocks are set off by one blank line, `li`/`tr`/`br` end a line, cells in a row are
    joined by one tab, and whitespace runs in the source become one space as a browser shows.
    """
    with warnings.catch_warnings():  # XHTML is read as HTML on purpose; bs4's advice is noise on stderr
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(html, "html.parser")
    out = _TextBuilder()
    # Iterative walk: real pages nest deeper than Python's recursion limit.
    stack: list[tuple[object, bool]] = [(soup, False)]
    while stack:
        node, leaving = stack.pop()
        if isinstance(node, Tag):
            if leaving:
                out.end(node)
            elif not _hidden(node):
                out.start(node)
                stack.append((node, True))
                stack.extend((child, False) for child in reversed(node.contents))
        elif isinstance(node, NavigableString) and not isinstance(node, PreformattedString):
            out.text(str(node))
    return out.result()


def _hidden(tag: Tag) -> bool:
    style = str(tag.get("style") or "").replace(" ", "").lower()
    return tag.name in _HIDDEN_TAGS or tag.has_attr("hidden") or "display:none" in style


class _TextBuilder:
    """Writes text lazily so breaks and spaces never pile up at line ends or between blocks."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.breaks = 0  # newlines owed before the next text: 1 ends a line, 2 leaves a blank one
        self.space = ""  # the whitespace run owed inside the current line, if any
        self.tabs = 0  # cell separators owed in the current row
        self.cells: list[int] = []  # cells seen so far in each open row (tables nest)
        self.in_cell = 0  # inside a cell, blocks only separate words: the row stays one line
        self.in_item = 0  # inside a list item, paragraphs only end lines: one list is one paragraph
        self.in_pre = 0
        self.heading: int | None = None  # level of an open heading whose line has no text yet
        self.headings: dict[int, int] = {}
        self.title: int | None = None

    def start(self, tag: Tag) -> None:
        name = tag.name
        if name in ("td", "th"):
            if self.cells and self.cells[-1]:
                self.tabs += 1
            if self.cells:
                self.cells[-1] += 1
            self.in_cell += 1
        elif name == "li":
            self.in_item += 1
        elif name == "tr":
            self.cells.append(0)
            self.tabs = 0
        elif name == "pre":
            self.in_pre += 1
        self._block(name)
        if name in _HEADING_LEVEL:
            self.heading = _HEADING_LEVEL[name]

    def end(self, tag: Tag) -> None:
        name = tag.name
        if name in ("td", "th"):
            self.in_cell -= 1
        elif name == "li":
            self.in_item -= 1
        elif name == "tr" and self.cells:
            self.cells.pop()
            self.tabs = 0
        elif name == "pre":
            self.in_pre -= 1
        elif name in _HEADING_LEVEL:
            self.heading = None
        if name != "br":  # <br> is a void element: its start already broke the line
            self._block(name)

    def _block(self, name: str) -> None:
        strength = 2 if name in _PARAGRAPH_TAGS and not self.in_item else 0
        strength = strength or (1 if name in _BLOCK_TAGS else 0)
        if strength and self.in_cell and name != "tr":
            self.space = " "
        elif strength:
            self.breaks = max(self.breaks, strength)
            self.space = ""

    def text(self, text: str) -> None:
        if self.in_pre:
            if text:
                self._write(text)
            return
        for piece in _SPACES.split(text):
            if not piece:
                continue
            if _SPACES.fullmatch(piece):
                self.space = piece
            else:
                self._write(piece)

    def _write(self, text: str) -> None:
        if self.size and self.breaks:  # less what a <pre> already wrote: one blank line at most
            written = len(self.parts[-1]) - len(self.parts[-1].rstrip("\n"))
            self._emit("\n" * max(self.breaks - written, 0))
        elif self.size and self.space and not self.tabs and not self._joins(text):
            self._emit(" ")
        self.breaks, self.space = 0, ""
        if self.heading is not None:
            self.headings[self.size] = self.heading
            if self.heading == 1 and self.title is None:
                self.title = self.size
            self.heading = None
        if self.tabs:
            self._emit("\t" * self.tabs)
            self.tabs = 0
        self._emit(text)

    def _joins(self, text: str) -> bool:
        """A source line break between two wide (CJK) characters shows as nothing (CSS Text 3):
        hard-wrapped Chinese reads as one run, with no space inside `3.17万亿元`."""
        return "\n" in self.space and _wide(self.parts[-1][-1]) and _wide(text[0])

    def _emit(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)

    def result(self) -> tuple[str, dict[int, int], int | None]:
        text = "".join(self.parts)
        return (text + "\n" if text else text), self.headings, self.title


# --- the document date ---------------------------------------------------------------------------

# A bare domain starts only where a run of domain characters starts: tried inside a run it would
# rescan the run from every position, quadratic on a long line of letters.
