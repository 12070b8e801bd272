"""Facts → a stream, in one of six formats, written a document at a time (and `parquet`, a folder).

`table` (factx.termtable) is for a person at a terminal, fitted to its width.

Field names and order come from `FIELDS` in every format. Numbers that are whole
(`3170000000000.0`) are written without the `.0`, the same in JSON and CSV, so the
formats carry identical values. Writers never choose their stream: the CLI passes
one (stdout or a temporary file), so nothing here can write data to stderr.
`xlsx` (factx.excel) and `html` (factx.review) live in modules of their own and also
take whole documents (`add_document`, see factx.documents); `parquet` (factx.parquet)
writes a folder of files, not a stream.

`read_records` reads a `json`, `jsonl` or `csv` output back into the records `record`
gives: every text, number and empty field comes back as written.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Any, Protocol, TextIO, get_args

from .cells import csv_text
from .models import FIELDS, Fact


class Format(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    xlsx = "xlsx"
    html = "html"
    parquet = "parquet"  # a folder of files, not a stream: factx.parquet


class Writer(Protocol):
    """Call `add` once per document (an empty batch is fine), then `close` once."""

    def add(self, facts: Iterable[Fact]) -> None: ...
    def close(self) -> None: ...


def open_writer(fmt: str, stream: TextIO) -> Writer:
    """A writer for `fmt` (a `Format` or its name) on `stream`; its opening bytes are written now."""
    if fmt in (Format.xlsx, "xlsx"):  # openpyxl and jinja2 load only for the formats that need them
        from .excel import XlsxWriter

        return XlsxWriter(stream)
    if fmt in (Format.html, "html"):
        from .review import HtmlWriter

        return HtmlWriter(stream)
    if fmt in (Format.table, "table"):  # rich loads only for a person at a terminal
        from .termtable import TableWriter

        return TableWriter(stream)
    if fmt in (Format.parquet, "parquet"):
        raise ValueError("parquet is a folder of files, not a stream: use factx.parquet.ParquetWriter(folder)")
    kinds: dict[Format, Callable[[TextIO], Writer]] = {
        Format.json: JsonWriter,
        Format.jsonl: JsonLinesWriter,
        Format.csv: CsvWriter,
    }
    try:
        kind = kinds[Format(fmt)]
    except ValueError:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(f.value for f in Format)}") from None
    return kind(stream)


def write(facts: Iterable[Fact], fmt: str, stream: TextIO) -> None:
    """Write all `facts` in one go."""
    writer = open_writer(fmt, stream)
    writer.add(facts)
    writer.close()


_FLOATS = tuple(name for name, f in Fact.model_fields.items() if float in getattr(f.annotation, "__args__", ()))


def record(fact: Fact) -> dict[str, Any]:
    """A fact as a plain dict in FIELDS order, numbers tidied for output."""
    rec = fact.model_dump()
    for name in _FLOATS:
        rec[name] = _number(rec[name])
    return rec


def _number(value: Any) -> Any:
    if not isinstance(value, float):
        return value
    if not math.isfinite(value):
        return None  # NaN is not JSON; a missing number is the honest reading
    # 15 significant digits, as a spreadsheet keeps them: 43760.7亿 is 4376070000000, not the
    # 4376069999999.9995 of binary arithmetic, and JSON, CSV and XLSX carry the same number.
    value = float(f"{value:.15g}")
    # Whole floats print as ints, but only while every digit is exact (below 2**53).
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def _dumps(fact: Fact) -> str:
    # json leaves U+2028, U+2029 and U+0085 raw; str.splitlines() and some JSON Lines readers take
    # them for line ends. Escaped, a record stays on its one line and reads back the same.
    line = json.dumps(record(fact), ensure_ascii=False)
    for ch, escaped in _LINE_LIKE:
        if ch in line:  # rare: a scan per character is far cheaper than str.translate on every line
            line = line.replace(ch, escaped)
    return line


_LINE_LIKE = tuple((ch, f"\\u{ord(ch):04x}") for ch in "\u2028\u2029\x85")


class JsonLinesWriter:
    """One record per line, flushed per document so `tail -f` and pipes see it at once."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def add(self, facts: Iterable[Fact]) -> None:
        for fact in facts:
            self.stream.write(_dumps(fact) + "\n")
        self.stream.flush()

    def close(self) -> None:
        self.stream.flush()


class JsonWriter:
    """One valid JSON array, one record per line, streamed: nothing is held back."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.count = 0
        stream.write("[")

    def add(self, facts: Iterable[Fact]) -> None:
        for fact in facts:
            self.stream.write(("\n" if self.count == 0 else ",\n") + _dumps(fact))
            self.count += 1
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("\n]\n" if self.count else "]\n")
        self.stream.flush()


class CsvWriter:
    """A header row of FIELDS, then one row per record; None is an empty cell. A text cell that a
    spreadsheet would read as a formula gets a leading apostrophe (factx.cells); numbers never do.
    No BOM here: the CLI writes one in front of a `-o FILE.csv` so Excel opens it with the Chinese
    intact; stdout stays plain UTF-8 for pipes and Python's csv reader."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.rows = csv.writer(stream, lineterminator="\n")
        # csv quotes a field holding \n but not one holding a lone \r when lines end in \n, and a
        # reader splits rows at it: such rows are written with every field quoted
        self.quoted = csv.writer(stream, lineterminator="\n", quoting=csv.QUOTE_ALL)
        self.rows.writerow(FIELDS)

    def add(self, facts: Iterable[Fact]) -> None:
        for fact in facts:
            cells = [_cell(v) for v in record(fact).values()]
            (self.quoted if any("\r" in c for c in cells) else self.rows).writerow(cells)
        self.stream.flush()

    def close(self) -> None:
        self.stream.flush()


def _cell(value: Any) -> str:
    if isinstance(value, str):
        # A text already starting with an apostrophe gets one more, as a formula-like text does
        # (factx.cells): a leading apostrophe is then always factx's, and reading strips exactly one.
        return "'" + value if value.startswith("'") else csv_text(value)
    return "" if value is None else repr(value) if isinstance(value, float) else str(value)


def read_records(text: str, fmt: str) -> list[dict[str, Any]]:
    """The records a `json`, `jsonl` or `csv` output holds, equal to `record` of each fact written.

    CSV cells are typed by the field: offsets are ints, numbers ints or floats, an empty cell
    is None (an empty text in a field that may be None cannot be told from None), and the
    apostrophe `write` put before a text is taken off.
    """
    kind = Format(fmt)
    if kind == Format.json:
        return list(json.loads(text))
    if kind == Format.jsonl:
        return [json.loads(line) for line in text.split("\n") if line.strip()]
    if kind != Format.csv:
        raise ValueError(f"{fmt} output is not read back: use json, jsonl or csv")
    rows = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    header = tuple(next(rows, ()))
    if header != FIELDS:
        raise ValueError(f"not a factx CSV: the header is {', '.join(header)!r}")
    return [{name: _uncell(name, cell) for name, cell in zip(FIELDS, row, strict=True)} for row in rows]


_OPTIONAL = frozenset(n for n, f in Fact.model_fields.items() if type(None) in get_args(f.annotation))


def _uncell(name: str, cell: str) -> Any:
    if cell == "" and name in _OPTIONAL:
        return None
    if name in ("start", "end"):
        return int(cell)
    if name in ("value", "growth"):
        return int(cell) if cell.lstrip("-").isascii() and cell.lstrip("-").isdigit() else float(cell)
    return cell[1:] if cell.startswith("'") else cell
