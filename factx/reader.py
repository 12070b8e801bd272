"""Inputs → `Doc`: expand paths, read bytes, decode them, turn HTML into its visible text, find the date.

Offsets index `Doc.text`, so nothing here rewrites a plain-text input: the
decoded text is kept as it is (line ends included), only a byte-order mark is
dropped. For HTML the text is the page's visible body text (SPEC section 5),
built once here; offsets then index that text.

Every input that cannot be used raises `InputError` naming it and saying why, in one
line: a missing path, a broken link, a folder with no text files, no permission, a file
over the size limit, an empty file, a binary file, bytes that decode to no plausible
text. An input that is read with a few invalid bytes replaced is reported through
`warn`, and read.
"""

from __future__ import annotations

import codecs
import contextlib
import glob
import os
import re
import stat
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from datetime import date as Date
from functools import cache
from pathlib import Path
from typing import BinaryIO

from .errors import InputError
from .models import Doc
from .ruby import without_glosses

TEXT_SUFFIXES = frozenset({".md", ".markdown", ".txt", ".html", ".htm"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
STDIN = "-"
MB = 2**20  # sizes are given and shown in MB of 2**20 bytes, as `ls -h` and `head -c 20M` count them

Warn = Callable[[str], None]


# --- which files ---------------------------------------------------------------------------------


def iter_inputs(
    paths: list[str], skipped: Counter[str] | None = None, archives: tuple[str, ...] = ()
) -> Iterator[tuple[str, Path | None]]:
    """Yield (name, path) for each input; `-` gives ("-", None).

    Files named outright are yielded whatever their extension. Directories (recursively,
    following links to folders once) and globs give only text files (and files ending in
    one of `archives`), sorted; every other file they hold is counted in `skipped` by
    extension so the caller can report it once. A folder inside that cannot be listed is
    yielded too, and a name that gives no file: `read_path` then says what is wrong with it.
    """
    for arg in paths:
        path = Path(arg)
        if arg == STDIN:
            yield arg, None
            continue
        if path.is_dir():
            files = _walk(path)
        elif not path.exists() and not path.is_symlink() and _GLOB.search(arg):
            files = sorted({f for m in glob.glob(arg, recursive=True) for f in _walk(Path(m))}, key=lambda p: p.parts)
        else:
            yield arg, path
            continue
        found = list(_text_files(files, skipped, archives))
        yield from found if found else [(arg, path)]


_GLOB = re.compile(r"[*?[]")


def _walk(root: Path) -> list[Path]:
    """Files at or under root, sorted by path parts, and the folders under it that cannot be
    listed (so they are reported, not lost). Hidden files and folders (.git) are no inputs;
    a link to a folder is followed unless it leads back to a folder already walked."""
    if not root.is_dir():
        return [root] if root.is_file() or root.is_symlink() else []
    files: list[Path] = []
    seen: set[str] = set()

    def unlistable(error: OSError) -> None:
        files.append(Path(error.filename or root))

    for folder, dirs, names in os.walk(root, onerror=unlistable, followlinks=True):
        real = os.path.realpath(folder)
        if real in seen:  # a link loop, or a second way into the same folder
            dirs[:] = []
            continue
        seen.add(real)
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        files += [Path(folder, n) for n in names if not n.startswith(".")]
    return sorted(files, key=lambda p: p.parts)


def _text_files(
    files: list[Path], skipped: Counter[str] | None, archives: tuple[str, ...]
) -> Iterator[tuple[str, Path]]:
    for file in files:
        suffix = file.suffix.lower()
        if suffix in TEXT_SUFFIXES or (archives and file.name.lower().endswith(archives)) or file.is_dir():
            yield str(file), file
        elif skipped is not None:
            skipped[suffix] += 1


# --- reading -------------------------------------------------------------------------------------


def read_path(
    path: str,
    *,
    date: str | None = None,
    encoding: str | None = None,
    max_size: int | None = None,
    warn: Warn | None = None,
) -> Doc:
    """Read one input (a file path or `-` for stdin) into a Doc named as given.

    `Doc.text` is the decoded text without a byte-order mark or pinyin glosses (see
    `doc_from_text`); for HTML it is the page's visible text (see `html_to_text`), and
    offsets index that text.
    `Doc.date` is `date` if given, else the date found in the first lines. An input
    over `max_size` bytes is refused before it is read. `warn` hears of bytes replaced
    while decoding (see `decode`).
    """
    return doc_from_bytes(path, _read_bytes(path, max_size), date=date, encoding=encoding, warn=warn)


def doc_from_bytes(
    name: str, data: bytes, *, date: str | None = None, encoding: str | None = None, warn: Warn | None = None
) -> Doc:
    """The Doc of an input already read into memory (stdin, an archive member); see `read_path`."""
    text = decode(data, name, encoding, warn)
    if not _is_html(name, text):
        return doc_from_text(name, text, date=date, warn=warn)
    from .htmltext import html_to_text

    doc = Doc(name=name, text=text)  # a page's ruby readings (<rt>) are dropped with its markup
    doc.text, doc.headings, doc.title_offset = html_to_text(text)
    if not doc.text.strip():
        raise InputError(name, "no visible text in this HTML page")
    doc.date = date or find_doc_date(doc.text)
    return doc


def doc_from_text(name: str, text: str, *, date: str | None = None, warn: Warn | None = None) -> Doc:
    """The Doc of a plain text: the pinyin glosses of flattened ruby text dropped (told to `warn`:
    offsets then count in the text without them), its date found where none is given."""
    text, glosses = without_glosses(text)
    if glosses and warn is not None:
        warn(f"{name}: {glosses} pinyin glosses dropped (增長(zhǎng) → 增長); offsets count without them")
    return Doc(name=name, text=text, date=date or find_doc_date(text))


def _read_bytes(path: str, max_size: int | None) -> bytes:
    if path == STDIN:
        stdin = sys.stdin
        if not hasattr(stdin, "buffer"):  # a text stream put in place of stdin (tests, embedding)
            return stdin.read().encode("utf-8")
        return _read_limited(stdin.buffer, path, max_size)
    target = Path(path)
    try:
        if target.is_symlink() and not target.exists():
            raise InputError(path, f"broken symbolic link (to {os.readlink(target)})")
        if target.is_dir():
            os.listdir(target)  # PermissionError if it cannot be listed
            raise InputError(path, "a directory with no .md, .markdown, .txt, .html or .htm files")
        with open(target, "rb") as file:
            size = os.fstat(file.fileno())
            # The size is known before a byte is read: a big file costs one stat, not a read.
            if max_size and stat.S_ISREG(size.st_mode) and size.st_size > max_size:
                raise InputError(path, f"{size.st_size / MB:.1f} MB is over --max-size {megabytes(max_size)} MB")
            return _read_limited(file, path, max_size)  # pipes and devices have no size: read at most the limit
    except FileNotFoundError:
        reason = "no file matches this pattern" if _GLOB.search(path) else "no such file"
        raise InputError(path, reason) from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as e:
        raise InputError(path, (e.strerror or str(e)).lower()) from None
    except ValueError:  # a NUL character in the name
        raise InputError(path, "not a valid file name") from None


def _read_limited(stream: BinaryIO, path: str, max_size: int | None) -> bytes:
    if not max_size:
        return stream.read()
    data = stream.read(max_size + 1)
    if len(data) > max_size:
        raise InputError(path, f"over --max-size {megabytes(max_size)} MB")
    return data


def megabytes(size: int) -> str:
    """A byte count in MB as an option would be written: `20`, `0.5`, `1000`."""
    mb = size / MB
    return f"{mb:.1f}".removesuffix(".0") if mb >= 0.1 else f"{mb:.2g}"


# --- decoding ------------------------------------------------------------------------------------

_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CODEC_NAMES = {"utf-8": "UTF-8", "gb18030": "GB18030", "utf-16": "UTF-16", "utf-32": "UTF-32", "cp950": "Big5"}

# A reading is text when at least this share of its non-space characters are common ones (see
# `common_share`). Real news is at 100%; random bytes read as GB18030 land at 12-40%, mostly on
# rare or private-use characters; binary read as Latin-1 or cp1252 near 55-65%.
PLAUSIBLE_SHARE = 0.8
# A file is read as UTF-8 (or GB18030) with bytes replaced only while at most this share of its
# non-ASCII bytes are invalid there; the wrong encoding gives far more (GBK read as UTF-8: over
# 100%, UTF-8 read as GB18030: 13-23%), a damaged file far less.
MAX_BAD_SHARE = 0.05
# 5% of a short file's non-ASCII bytes is less than one damaged character (a news flash of 50 such
# bytes would allow 2): a short file may have up to one character's bytes bad, while they are at
# most 10% of its non-ASCII bytes. Short GBK snippets read as UTF-8 stay far above that (none of
# 3,700 from the dev documents and samples got through it and the plausibility check).
SHORT_BAD_BYTES = 4
SHORT_BAD_SHARE = 0.10


def decode(data: bytes, name: str, encoding: str | None = None, warn: Warn | None = None) -> str:
    """Bytes → text. A leading BOM is never part of the text.

    `encoding` forces one: nothing else is tried, and bytes invalid in it are replaced by U+FFFD
    and reported through `warn`, however many (the note then says so when they are more than
    damage would explain). Otherwise the readings tried, in order, are: the BOM's encoding; UTF-8; GB18030 (or
    Big5, see `_big5_instead`); charset-normalizer's guesses. The first reading that
    looks like text (`looks_like_text`) is taken. UTF-8 and GB18030 also take a file with
    a few invalid bytes (at most `MAX_BAD_SHARE` of its non-ASCII bytes, or in a short file one
    character's worth, see `bad_budget`): they are replaced
    by U+FFFD and `warn` is told the first offset and how many bytes were replaced.
    """
    if not data:
        raise InputError(name, "empty input" if name == STDIN else "empty file")
    if encoding:
        return _decode_as(data, name, _codec(encoding, name), warn).removeprefix("\ufeff")
    bom = next((c for b, c in _BOMS if data.startswith(b)), None)
    if bom is None and b"\x00" in data:
        raise InputError(name, "binary file (contains NUL bytes)")
    best: tuple[float, str] | None = None  # the closest reading that did not look like text
    for codec, text, bad in _readings(data, bom):
        share = common_share(text)
        if share >= PLAUSIBLE_SHARE:
            if bad and warn is not None:
                warn(_replaced(name, codec, *bad))
            return text.removeprefix("\ufeff")
        best = max(best or (share, codec), (share, codec))
    if best is None:
        raise InputError(name, "not a text file, or in an encoding factx cannot tell (--encoding names it)")
    share, codec = best
    read_as = _CODEC_NAMES.get(codec, codec)
    raise InputError(
        name,
        f"does not look like text: read as {read_as}, {share:.0%} of its characters are common Chinese, "
        f"ASCII or punctuation ({PLAUSIBLE_SHARE:.0%} needed); --encoding reads it anyway",
    )


def _replaced(name: str, codec: str, first: int, count: int) -> str:
    label, plural = _CODEC_NAMES.get(codec, codec), "s" if count != 1 else ""
    return f"{name}: invalid {label} at byte {first}; decoded with {count} invalid byte{plural} replaced by U+FFFD"


def _readings(data: bytes, bom: str | None) -> Iterator[tuple[str, str, tuple[int, int] | None]]:
    """(codec, text, (first bad offset, bad bytes) or None), most likely first; lazily, so
    charset-normalizer only runs when the usual encodings fail."""
    for codec in [bom] if bom else ["utf-8", "gb18030"]:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            lenient = _decode_lenient(data, codec)
            if lenient is not None:
                yield codec, *lenient
            continue
        yield *(_big5_instead(data, text) if codec == "gb18030" else (codec, text)), None
    if bom:
        return
    from charset_normalizer import from_bytes  # the last resort; its import costs start-up time

    for match in from_bytes(data):
        yield match.encoding, str(match), None


class _TooManyBad(Exception):
    pass


_BAD: ContextVar[list[int]] = ContextVar("_BAD")  # first bad offset, bad bytes so far, budget


def _count_bad(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    state = _BAD.get()
    if state[1] == 0:
        state[0] = error.start
    state[1] += error.end - error.start
    if state[1] > state[2]:
        raise _TooManyBad
    return "\ufffd", error.end


codecs.register_error("factx-count", _count_bad)
_ASCII = bytes(range(128))


def bad_budget(data: bytes, codec: str) -> int:
    """How many invalid bytes `data` may have in `codec` and still be read as damaged: `MAX_BAD_SHARE`
    of its non-ASCII bytes (every byte, for UTF-16/32), and at least one character's worth while
    that stays within `SHORT_BAD_SHARE`."""
    wide = codec.startswith(("utf-16", "utf-32"))
    scale = len(data) if wide else len(data.translate(None, _ASCII))
    return max(int(scale * MAX_BAD_SHARE), min(SHORT_BAD_BYTES, int(scale * SHORT_BAD_SHARE)))


def _decode_lenient(data: bytes, codec: str, budget: int | None = None) -> tuple[str, tuple[int, int]] | None:
    """`data` as `codec` with invalid bytes replaced, and (first bad offset, bad bytes); None when
    more than `budget` bytes (default `bad_budget`) are bad."""
    state = [0, 0, bad_budget(data, codec) if budget is None else budget]
    token = _BAD.set(state)
    try:
        text = data.decode(codec, "factx-count")
    except _TooManyBad:
        return None
    finally:
        _BAD.reset(token)
    return text, (state[0], state[1])


def _codec(encoding: str, name: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise InputError(name, f"unknown encoding {encoding!r}") from None


def _decode_as(data: bytes, name: str, codec: str, warn: Warn | None) -> str:
    """`data` in the encoding the user named: bytes invalid in it are replaced and said, never refused."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        pass
    lenient = _decode_lenient(data, codec, budget=len(data))
    assert lenient is not None  # no more bad bytes than bytes
    text, (first, count) = lenient
    if warn is not None:
        hint = "" if count <= bad_budget(data, codec) else f"; that many suggest it is not {codec}"
        warn(_replaced(name, codec, first, count) + hint)
    return text


def _big5_instead(data: bytes, gb_text: str) -> tuple[str, str]:
    """(codec, text). Big5 bytes always decode as GB18030, into private-use characters (Big5's
    `，` and `。` land there); real GB text has none. When they show up and Big5 reads cleanly,
    it is Big5."""
    if not any("\ue000" <= ch <= "\uf8ff" for ch in gb_text):
        return "gb18030", gb_text
    for codec in ("cp950", "big5hkscs"):
        try:
            return codec, data.decode(codec)
        except UnicodeDecodeError:
            continue
    return "gb18030", gb_text


# --- does it look like text? ---------------------------------------------------------------------


@cache
def common_characters() -> frozenset[str]:
    """The characters a Chinese news text is made of: ASCII printable, the Latin-1 signs
    (`°` `±` `·` `×`…), general, CJK and full-width punctuation, and every character of GB2312
    and of Big5's symbols and level-1 (frequent) hanzi, which bring Greek, Cyrillic, kana,
    pinyin, `①`, `℃` and `‰` along. Rare hanzi, private-use and control characters are out."""
    chars = {chr(c) for c in range(0x20, 0x7F)}
    for low, high in ((0xA0, 0xBF), (0x2000, 0x206F), (0x3000, 0x303F), (0xFF00, 0xFFEF)):
        chars.update(chr(c) for c in range(low, high + 1))
    chars.update("×÷")
    tables = (
        ("gb2312", range(0xA1, 0xF8), range(0xA1, 0xFF)),  # all of GB2312
        ("cp950", range(0xA1, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)]),  # Big5 up to level 1's end
    )
    for codec, leads, trails in tables:
        for lead in leads:
            for trail in trails:
                with contextlib.suppress(UnicodeDecodeError):
                    chars.add(bytes((lead, trail)).decode(codec))
    return frozenset(chars)


_SAMPLE = 4096  # characters per slice; a long text is judged on 64 slices spread over it


def common_share(text: str) -> float:
    """The share of `text`'s non-space characters that are `common_characters` (1.0 for none)."""
    if len(text) > 64 * _SAMPLE:
        step = len(text) // 64
        text = "".join(text[i : i + _SAMPLE] for i in range(0, 64 * step, step))
    common = common_characters()
    seen = good = 0
    for ch in text:
        if not ch.isspace():
            seen += 1
            good += ch in common
    return good / seen if seen else 1.0


def looks_like_text(text: str) -> bool:
    """Whether decoded bytes read as text: `common_share` at least `PLAUSIBLE_SHARE`."""
    return common_share(text) >= PLAUSIBLE_SHARE


# --- HTML ----------------------------------------------------------------------------------------

_HTML_START = re.compile(r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.I | re.S)


def _is_html(name: str, text: str) -> bool:
    return Path(name).suffix.lower() in HTML_SUFFIXES or bool(_HTML_START.match(text))


_URL = re.compile(r"(?:https?://|www\.)\S+|(?<![A-Za-z0-9.-])[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/\S*")
_CN_DIGITS = dict(zip("〇零○一二三四五六七八九", "000123456789", strict=True))
_CN_YEAR = "".join(_CN_DIGITS)
_CN_NUM = _CN_YEAR + "十"
_DATES = (
    re.compile(r"(?<!\d)(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?!\d)"),
    re.compile(r"(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]"),
    re.compile(rf"([{_CN_YEAR}]{{4}})年([{_CN_NUM}]{{1,3}})月([{_CN_NUM}]{{1,3}})[日号]"),
)
# 01/03/2024, 22.06.2018 14:18 on a line of their own: day first
_DMY_LINE = re.compile(r"(\d{1,2})([/.])(\d{1,2})\2(\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９／－．", "0123456789/-.")


def find_doc_date(text: str) -> str | None:
    """The first date (YYYY-MM-DD) in the first ten non-blank lines, one after a label (发布时间:)
    first; dates inside URLs do not count."""
    lines = [_URL.sub(" ", line.translate(_FULLWIDTH_DIGITS)) for line in text.splitlines() if line.strip()][:10]
    for line in lines:  # a labelled date (时间:2023年11月09日) before a site's clock (2021-8-11 星期三 14:13:52)
        for label in _DATE_LABEL.finditer(line):
            match = next((m for p in _DATES if (m := p.match(line, label.end()))), None)
            found = _valid_date(*(_cn_to_int(g) for g in match.groups())) if match else None
            if found:
                return found
    for line in lines:
        dmy = _DMY_LINE.fullmatch(line.strip())
        if dmy:  # as Hong Kong, Macau and European sites write it
            found = _valid_date(int(dmy.group(4)), int(dmy.group(3)), int(dmy.group(1)))
            if found:
                return found
        for match in sorted((m for p in _DATES for m in p.finditer(line)), key=lambda m: m.start()):
            if _in_body(line, match.start()):
                continue  # 与2010年11月1日的…相比: a date a sentence speaks of, not the day it was published
            found = _valid_date(*(_cn_to_int(g) for g in match.groups()))
            if found:
                return found
    return None


def _in_body(line: str, at: int) -> bool:
    """A date inside a running sentence: a sentence end before it on its line, or a long sentence
    around it. A dateline (2023-10-31 12:36, 发布时间：…, 本报北京10月31日电) stands at a line's
    start or in a short line."""
    before = line[:at]
    if any(c in before for c in "。！？!?"):
        return True
    return len(line) > 120 and ("，" in before or "," in before) and not _DATELINE_HEAD.search(before)


_DATE_LABEL = re.compile(r"(?:发布时间|發布時間|发布日期|發布日期|发文日期|時間|时间|日期)\s*[:：]\s*")
_DATELINE_HEAD = re.compile(r"(?:发布时间|發布時間|时间|日期|来源|訊|讯|电|電)[:：\s]*$|^\W*$")


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
