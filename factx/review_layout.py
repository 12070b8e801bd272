"""The review page's document text laid out with its structure, every character kept in place.

A document is shown as an analyst reads it: Markdown headings as headings, `**bold**` bold,
list items as a list, pipe tables (and the tab-separated rows of an HTML page's tables) as
tables. The markup itself (`## `, `**`, `|`, `- `, a table's `|---|` row) is not dropped: it
stays in the page as hidden runs, so the page's text, read in document order, is the document
text character for character, and a highlight at offsets `start:end` covers exactly
`text[start:end]`.

Structure never cuts a highlight: a piece of markup that falls inside a highlight (or a number
left out) is not read as markup, and its line is shown as plain text. A highlight that crosses a
line end keeps its lines together in one block.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol


class Span(Protocol):
    """A highlighted stretch of text (the review page's `Piece`)."""

    start: int
    end: int


@dataclass(slots=True)
class Run:
    """A stretch of one line: text, hidden markup, or a highlight (`piece`)."""

    kind: str  # "text" | "markup" | "piece"
    text: str
    piece: Span | None = None
    strong: bool = False
    em: bool = False


@dataclass(slots=True)
class Cell:
    runs: list[Run]
    head: bool = False


@dataclass(slots=True)
class Line:
    """One line of the document: a paragraph line, a heading, a list item, a table row…"""

    kind: str  # "para" | "heading" | "item" | "quote" | "rule" | "blank" | "row" | "sep"
    runs: list[Run] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)  # rows only
    level: int = 0  # heading level 1–6; list item indent 0–2
    ordered: bool = False  # list items: numbered (the number stays visible)
    end: str = ""  # the line end that follows ("\n", "\r\n", or "" at the end of the text)


@dataclass(slots=True)
class Block:
    """What the template renders as one element: a line, or a list or table of lines."""

    kind: str  # a Line kind, or "list" | "table"
    lines: list[Line]


_HEADING = re.compile(r"( {0,3}#{1,6})(?:[ \t]+|$)")
_HEADING_CLOSE = re.compile(r"[ \t]+#+[ \t]*$")
_RULE = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*")
_QUOTE = re.compile(r" {0,3}> ?")
_BULLET = re.compile(r"( *)[-*+][ \t]+(?=\S)")
_NUMBERED = re.compile(r"( *)\d{1,9}[.)][ \t]+(?=\S)")
_TABLE_ROW = re.compile(r"[ \t]*\|.*")
_TABLE_SEP = re.compile(r"[ \t]*\|?(?:[ \t]*:?-+:?[ \t]*\|)+(?:[ \t]*:?-+:?[ \t]*)?")
_STRONG = re.compile(r"\*\*(?=[^\s*])(.+?)(?<=[^\s*])\*\*")
_EM = re.compile(r"(?<![*\w])\*(?=[^\s*])([^*]+?)(?<=[^\s*])\*(?![*\w])")


class _Text:
    """The text and its highlights, with a fast "is this stretch free of highlights" test."""

    def __init__(self, text: str, pieces: Sequence[Span]) -> None:
        self.text = text
        self.pieces = sorted(pieces, key=lambda p: p.start)
        self.starts = [p.start for p in self.pieces]
        self.covered = bytearray(len(text) + 1)  # 1 where a highlight covers the character
        for p in self.pieces:
            self.covered[p.start : p.end] = b"\x01" * (p.end - p.start)

    def free(self, start: int, end: int) -> bool:
        return not any(self.covered[start:end])

    def within(self, start: int, stop: int) -> list[Span]:
        """The highlights inside [start, stop)."""
        lo, hi = bisect_left(self.starts, start), bisect_left(self.starts, stop)
        return [p for p in self.pieces[lo:hi] if p.end <= stop]


def layout(text: str, pieces: Sequence[Span], headings: Mapping[int, int] | None = None) -> list[Block]:
    """`text` as blocks of lines; `pieces` (non-overlapping highlights) become `piece` runs.
    `headings` (line start → level) names the lines markup made headings (an HTML page's h1–h6)."""
    doc = _Text(text, pieces)
    lines = [_line(doc, start, stop, end, (headings or {}).get(start)) for start, stop, end in _lines(doc)]
    _mark_table_heads(lines)
    return _group(lines)


def _lines(doc: _Text) -> list[tuple[int, int, str]]:
    """(start, stop, line end) of each line; a line end inside a highlight does not end a line."""
    out: list[tuple[int, int, str]] = []
    start = 0
    for m in re.finditer(r"\r?\n|\r(?!\n)", doc.text):
        if not doc.free(m.start(), m.end()):
            continue
        out.append((start, m.start(), m.group()))
        start = m.end()
    if start < len(doc.text) or not out:
        out.append((start, len(doc.text), ""))
    return out


def _line(doc: _Text, start: int, stop: int, end: str, heading: int | None = None) -> Line:
    s = doc.text[start:stop]
    if not s.strip():
        return Line("blank", [Run("text", s)] if s else [], end=end)
    if heading is not None:
        return Line("heading", _inline(doc, start, stop), level=min(max(heading, 1), 6), end=end)
    for make in (_table_row, _heading, _rule, _item):
        line = make(doc, start, stop)
        if line is not None:
            line.end = end
            return line
    m = _QUOTE.match(s)
    if m and doc.free(start, start + m.end()):
        return Line("quote", [Run("markup", m.group()), *_inline(doc, start + m.end(), stop)], end=end)
    return Line("para", _inline(doc, start, stop), end=end)


def _heading(doc: _Text, start: int, stop: int) -> Line | None:
    s = doc.text[start:stop]
    m = _HEADING.match(s)
    if m is None or not doc.free(start, start + m.end()):
        return None
    close = _HEADING_CLOSE.search(s, m.end())
    body_end = stop - len(close.group()) if close and doc.free(stop - len(close.group()), stop) else stop
    runs = [Run("markup", m.group()), *_inline(doc, start + m.end(), body_end)]
    if body_end < stop:
        runs.append(Run("markup", doc.text[body_end:stop]))
    return Line("heading", runs, level=m.group(1).count("#"))


def _rule(doc: _Text, start: int, stop: int) -> Line | None:
    s = doc.text[start:stop]
    if _RULE.fullmatch(s) and doc.free(start, stop):
        return Line("rule", [Run("markup", s)])
    return None


def _item(doc: _Text, start: int, stop: int) -> Line | None:
    s = doc.text[start:stop]
    bullet = _BULLET.match(s)
    if bullet and doc.free(start, start + bullet.end()):
        runs = [Run("markup", bullet.group()), *_inline(doc, start + bullet.end(), stop)]
        return Line("item", runs, level=min(len(bullet.group(1)) // 2, 2))
    number = _NUMBERED.match(s)
    if number and doc.free(start, start + number.end()):
        indent = len(number.group(1))
        runs = [Run("markup", s[:indent])] if indent else []
        runs += [Run("text", s[indent : number.end()]), *_inline(doc, start + number.end(), stop)]
        return Line("item", runs, level=min(indent // 2, 2), ordered=True)
    return None


def _table_row(doc: _Text, start: int, stop: int) -> Line | None:
    """A pipe table row (`| a | b |`), its `|---|` separator, or a tab-separated row."""
    s = doc.text[start:stop]
    if _TABLE_ROW.fullmatch(s):
        bars = [start + i for i, ch in enumerate(s) if ch == "|" and (i == 0 or s[i - 1] != "\\")]
        if not all(doc.free(b, b + 1) for b in bars):
            return None
        if _TABLE_SEP.fullmatch(s) and doc.free(start, stop):
            return Line("sep", cells=[Cell([Run("markup", s)])])
        return Line("row", cells=_cells(doc, start, stop, bars, trailing=s.rstrip().endswith("|")))
    tabs = [start + i for i, ch in enumerate(s) if ch == "\t"]
    # An HTML page's table row: cells joined by tabs (a tab that only indents the line is no cell)
    if "\t" in s.strip() and all(doc.free(t, t + 1) for t in tabs):
        return Line("row", cells=_cells(doc, start, stop, [start - 1, *tabs], trailing=False, lead=False))
    return None


def _cells(doc: _Text, start: int, stop: int, bars: list[int], trailing: bool, lead: bool = True) -> list[Cell]:
    """Cells between separators; each separator is hidden markup at the head of the cell after it,
    the leading one with the indent before it, the trailing one at the end of the last cell."""
    last = bars[-1] if trailing and len(bars) > 1 else None
    seps = bars[:-1] if last is not None else bars
    cells: list[Cell] = []
    for n, b in enumerate(seps):
        lo = start if n == 0 else b  # the first cell holds the indent before its bar
        body = b + 1
        hi = seps[n + 1] if n + 1 < len(seps) else (last if last is not None else stop)
        runs = [Run("markup", doc.text[lo:body])] if (lead or n > 0) and body > lo else []
        runs += _inline(doc, body, hi)
        if n == len(seps) - 1 and last is not None:
            runs.append(Run("markup", doc.text[last:stop]))
        cells.append(Cell(runs))
    return cells


def _inline(doc: _Text, start: int, stop: int) -> list[Run]:
    """One line's text as runs: bold and italic markers hidden, highlights as `piece` runs."""
    s = doc.text[start:stop]
    markup: list[tuple[int, int]] = []  # offsets within s
    strong: list[tuple[int, int]] = []
    em: list[tuple[int, int]] = []
    for pattern, spans, width in ((_STRONG, strong, 2), (_EM, em, 1)):
        for m in pattern.finditer(s):
            a, b = m.start(), m.end()
            if any(x < b and a < y for x, y in markup):  # inside or across markup already read
                continue
            if doc.free(start + a, start + a + width) and doc.free(start + b - width, start + b):
                markup += [(a, a + width), (b - width, b)]
                spans.append((a + width, b - width))
    cuts = {0, len(s)} | {x for span in markup for x in span}
    pieces = doc.within(start, stop)
    cuts |= {p.start - start for p in pieces} | {p.end - start for p in pieces}
    by_start = {p.start - start: p for p in pieces}
    runs: list[Run] = []
    bounds = sorted(cuts)
    i = 0
    while i < len(bounds) - 1:
        a = bounds[i]
        piece = by_start.get(a)
        b = piece.end - start if piece is not None else bounds[i + 1]
        bold = any(x <= a < y for x, y in strong)
        slanted = any(x <= a < y for x, y in em)
        if piece is not None:
            runs.append(Run("piece", s[a:b], piece, bold, slanted))
        elif any(x <= a < y for x, y in markup):
            runs.append(Run("markup", s[a:b]))
        else:
            runs.append(Run("text", s[a:b], None, bold, slanted))
        while i < len(bounds) - 1 and bounds[i] < b:
            i += 1
    return runs


def _mark_table_heads(lines: list[Line]) -> None:
    """The row above a `|---|` separator is the table's header row."""
    for above, line in itertools.pairwise(lines):
        if line.kind == "sep" and above.kind == "row":
            for cell in above.cells:
                cell.head = True


def _group(lines: list[Line]) -> list[Block]:
    """Consecutive list items make one list, consecutive rows (and separators) one table."""
    blocks: list[Block] = []
    for line in lines:
        group = "list" if line.kind == "item" else "table" if line.kind in ("row", "sep") else None
        if group is not None and blocks and blocks[-1].kind == group:
            blocks[-1].lines.append(line)
        else:
            blocks.append(Block(group or line.kind, [line]))
    return blocks
