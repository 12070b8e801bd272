"""Inputs → `Doc`: expand paths, decode bytes, turn HTML into its visible text, find the date.

Offsets index `Doc.text`, so nothing here rewrites a plain-text input: the
decoded text is kept as it is (line ends included), only a byte-order mark is
dropped. For HTML the text is the page's visible body text (SPEC section 5),
built once here; offsets then index that text.
"""

from __future__ import annotations

import codecs
import glob
import os
import re
import sys
import unicodedata
import warnings
from collections import Counter
from collections.abc import Iterator
from datetime import date as Date
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag, XMLParsedAsHTMLWarning
from bs4.element import PreformattedString
from charset_normalizer import from_bytes

from .errors import InputError
from .models import Doc

TEXT_SUFFIXES = frozenset({".md", ".markdown", ".txt", ".html", ".htm"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
STDIN = "-"


# --- which files ---------------------------------------------------------------------------------


def iter_inputs(paths: list[str], skipped: Counter[str] | None = None) -> Iterator[tuple[str, Path | None]]:
    """Yield (name, path) for each input; `-` gives ("-", None).

    Files named outright are yielded whatever their extension. Directories (recursively)
    and globs give only text files, sorted; every other file they hold is counted in
    `skipped` by extension so the caller can report it once. A name that gives no file
    is still yielded: `read_path` then says what is wrong with it.
    """
    for arg in paths:
        path = Path(arg)
        if arg == STDIN:
            yield arg, None
            continue
        if path.is_dir():
            files = _walk(path)
        elif not path.exists() and _GLOB.search(arg):
            files = sorted({f for m in glob.glob(arg, recursive=True) for f in _walk(Path(m))}, key=lambda p: p.parts)
        else:
            yield arg, path
            continue
        found = list(_text_files(files, skipped))
        yield from found if found else [(arg, path)]


_GLOB = re.compile(r"[*?[]")


def _walk(root: Path) -> list[Path]:
    """Files at or under root, sorted by path parts; hidden files and folders (.git) are no inputs."""
    if not root.is_dir():
        return [root] if root.is_file() else []
    files = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        files += [Path(folder, n) for n in names if not n.startswith(".")]
    return sorted(files, key=lambda p: p.parts)


def _text_files(files: list[Path], skipped: Counter[str] | None) -> Iterator[tuple[str, Path]]:
    for file in files:
        if file.suffix.lower() in TEXT_SUFFIXES:
            yield str(file), file
        elif skipped is not None:
            skipped[file.suffix.lower()] += 1


# --- reading and decoding ------------------------------------------------------------------------


def read_path(path: str, *, date: str | None = None, encoding: str | None = None) -> Doc:
    """Read one input (a file path or `-` for stdin) into a Doc named as given.

    `Doc.text` is the decoded text without a byte-order mark; for HTML it is the
    page's visible text (see `html_to_text`), and offsets index that text.
    `Doc.date` is `date` if given, else the date found in the first lines.
    """
    data = _read_bytes(path)
    text = decode(data, path, encoding)
    doc = Doc(name=path, text=text)
    if _is_html(path, text):
        doc.text, doc.headings, doc.title_offset = html_to_text(text)
        if not doc.text.strip():
            raise InputError(path, "no visible text in this HTML page")
    doc.date = date or find_doc_date(doc.text)
    return doc


def _read_bytes(path: str) -> bytes:
    if path == STDIN:
        stdin = sys.stdin
        return stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read().encode("utf-8")
    target = Path(path)
    if target.is_dir():
        raise InputError(path, "a directory with no .md, .markdown, .txt, .html or .htm files")
    try:
        return target.read_bytes()
    except FileNotFoundError:
        reason = "no file matches this pattern" if _GLOB.search(path) else "no such file"
        raise InputError(path, reason) from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as e:
        raise InputError(path, (e.strerror or str(e)).lower()) from None


_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes, name: str, encoding: str | None = None) -> str:
    """Bytes → text: `encoding` if given, else a BOM's encoding, else UTF-8, else GB18030,
    else charset-normalizer's guess. A leading BOM is never part of the text."""
    if not data:
        raise InputError(name, "empty input" if name == STDIN else "empty file")
    codec = _codec(encoding, name) if encoding else next((c for b, c in _BOMS if data.startswith(b)), None)
    if b"\x00" in data and not (codec or "").startswith(("utf-16", "utf-32")):
        raise InputError(name, "binary file (contains NUL bytes)")
    if codec:
        return _decode_as(data, name, codec).removeprefix("\ufeff")
    for codec in ("utf-8", "gb18030"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        return _big5_instead(data, text) if codec == "gb18030" else text
    best = from_bytes(data).best()
    if best is None:
        raise InputError(name, "cannot tell the text encoding; name it with --encoding")
    return str(best)


def _codec(encoding: str, name: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise InputError(name, f"unknown encoding {encoding!r}") from None


def _decode_as(data: bytes, name: str, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as e:
        raise InputError(name, f"not valid {codec} (byte {data[e.start]:#04x} at offset {e.start})") from None


def _big5_instead(data: bytes, gb_text: str) -> str:
    """Big5 bytes always decode as GB18030, into private-use characters (Big5's `，` and `。`
    land there); real GB text has none. When they show up and Big5 reads cleanly, it is Big5."""
    if not any("\ue000" <= ch <= "\uf8ff" for ch in gb_text):
        return gb_text
    for codec in ("cp950", "big5hkscs"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return gb_text


# --- HTML ----------------------------------------------------------------------------------------

# A page may open with an XML prolog or comments before its doctype.
_HTML_START = re.compile(r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.I | re.S)


def _tags(names: str) -> frozenset[str]:
    return frozenset(names.split())


# Blocks that make a paragraph (a blank line around them) or only end a line.
_PARAGRAPH_TAGS = _tags(
    "p div h1 h2 h3 h4 h5 h6 table ul ol dl blockquote pre section article header footer nav aside "
    "main figure form fieldset address details hr body center"
)
_LINE_TAGS = _tags("li tr br dt dd caption figcaption summary legend option thead tbody tfoot")
_HIDDEN_TAGS = _tags("script style head title noscript template svg iframe object embed canvas audio video")
_BLOCK_TAGS = _PARAGRAPH_TAGS | _LINE_TAGS
_HEADING_LEVEL = {f"h{n}": n for n in range(1, 7)}
_SPACES = re.compile(r"([ \t\n\r\f]+)")  # HTML whitespace; U+3000 and &nbsp; are text as written


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _is_html(name: str, text: str) -> bool:
    return Path(name).suffix.lower() in HTML_SUFFIXES or bool(_HTML_START.match(text))


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

_URL = re.compile(r"(?:https?://|www\.)\S+|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/\S*")
_CN_DIGITS = dict(zip("〇零○一二三四五六七八九", "000123456789", strict=True))
_CN_YEAR = "".join(_CN_DIGITS)
_CN_NUM = _CN_YEAR + "十"
_DATES = (
    re.compile(r"(?<!\d)(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?!\d)"),
    re.compile(r"(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]"),
    re.compile(rf"([{_CN_YEAR}]{{4}})年([{_CN_NUM}]{{1,3}})月([{_CN_NUM}]{{1,3}})[日号]"),
)
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９／－．", "0123456789/-.")


def find_doc_date(text: str) -> str | None:
    """The first date (YYYY-MM-DD) in the first ten non-blank lines; dates inside URLs do not count."""
    lines = [line for line in text.splitlines() if line.strip()][:10]
    for line in lines:
        line = _URL.sub(" ", line.translate(_FULLWIDTH_DIGITS))
        for match in sorted((m for p in _DATES for m in p.finditer(line)), key=lambda m: m.start()):
            found = _valid_date(*(_cn_to_int(g) for g in match.groups()))
            if found:
                return found
    return None


def _cn_to_int(digits: str) -> int:
    """`2023`, `二〇二三`, `十` or `三十一` → int; -1 for what is no number (`十十`)."""
    if digits.isdigit():
        return int(digits)
    tens, ten, ones = digits.partition("十")
    if not ten:
        tens, ones = "", digits
    try:
        high = int(_CN_DIGITS[tens] if tens else "1") if ten else 0
        return high * 10 + int("".join(_CN_DIGITS[ch] for ch in ones) or "0")
    except KeyError:
        return -1


def _valid_date(year: int, month: int, day: int) -> str | None:
    try:
        return Date(year, month, day).isoformat() if 1900 <= year <= 2100 else None
    except ValueError:
        return None
