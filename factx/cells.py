"""Cells for spreadsheets: what makes a text cell dangerous, and how wide Chinese text is.

A spreadsheet reads a cell that begins with `=`, `+`, `-` or `@` (and, in some
programs, a tab or a carriage return) as a formula. News text is untrusted input, so
factx never lets it become one (OWASP "CSV injection"):

- CSV: such a text cell gets a leading apostrophe (`'=HYPERLINK(…)`), which Excel and
  LibreOffice show as text. Numbers are never touched: `-1.5` stays a number.
- XLSX: such a cell is written as a string cell (and marked "quote prefix"), never as
  a formula, so its text is kept exactly.
- JSON and JSON Lines carry the text exactly as it is: they are not opened by spreadsheets.
"""

from __future__ import annotations

import unicodedata

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_like(text: str) -> bool:
    """True when a spreadsheet could read `text` as a formula."""
    return text.startswith(FORMULA_STARTS)


def csv_text(text: str) -> str:
    """A text cell made safe for a spreadsheet: a leading apostrophe where it could be a formula."""
    return "'" + text if formula_like(text) else text


def display_width(text: str) -> int:
    """Columns `text` takes in a fixed-width font: CJK and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
