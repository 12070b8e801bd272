"""`-f xlsx`: an Excel workbook (openpyxl) for analysts.

Sheet `records`: one row per record, SPEC's columns in SPEC's order, `value`,
`growth`, `start` and `end` stored as numbers, the header row frozen, an auto-filter
on every column, widths fitted to the text (a Chinese character counts two).
Sheet `documents`: each input with its document date, its record count and the
error that stopped it, if any.

Text is never a formula: every text cell is written as a string cell, and one that
begins with `=`, `+`, `-`, `@`, a tab or a carriage return is also marked "quote
prefix", so editing it in Excel keeps it text (see `factx.cells`). Characters that
XML 1.0 cannot hold (C0 controls other than tab, line feed and carriage return) are
written as U+FFFD, and a carriage return inside a cell reads back as a line feed
(XML normalises line ends); nothing else in a cell is changed. Numbers keep 15
significant digits, as Excel does (the writers tidy them to that for every format).

A workbook is binary: it is written once, at `close`, to the stream's binary
buffer. The CLI refuses to write one to a terminal (`terminal_refusal`).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .cells import display_width, formula_like
from .documents import DocResult, group_by_doc
from .models import FIELDS, Fact
from .writers import record

if TYPE_CHECKING:
    from .panel import Panel

RECORDS_SHEET = "records"
DOCUMENTS_SHEET = "documents"
DOCUMENT_COLUMNS = ("doc", "date", "records", "error")
MAX_WIDTH = {"sentence": 80, "error": 80}  # columns that may hold long text; others stop at 40
DEFAULT_MAX_WIDTH = 40

TERMINAL_REFUSAL = (
    "xlsx is a binary workbook and would garble a terminal: write it to a file with -o FILE.xlsx "
    "(or redirect stdout: > FILE.xlsx)"
)


def terminal_refusal(stdout_is_terminal: bool, has_output_file: bool) -> str | None:
    """The message refusing a workbook on a terminal's stdout, or None when the target is fine."""
    return TERMINAL_REFUSAL if stdout_is_terminal and not has_output_file else None


class Sheet:
    """A worksheet written row by row that remembers how wide each column needs to be."""

    def __init__(self, ws: Worksheet, header: Iterable[str]) -> None:
        self.ws = ws
        self.header = tuple(header)
        self.widths = [display_width(h) for h in self.header]
        self.row = 0
        self.append(self.header)
        for cell in ws[1]:
            cell.font = Font(bold=True)

    def append(self, values: Iterable[Any]) -> list[Cell]:
        """Write one row; its cells, for styling."""
        self.row += 1
        cells = []
        for col, value in enumerate(values, start=1):
            cell = self.ws.cell(row=self.row, column=col)
            cells.append(cell)
            if isinstance(value, str):
                text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
                cell.value = text
                cell.data_type = "s"  # never a formula, never an error code (#N/A)
                if formula_like(text):
                    cell.quotePrefix = True
                width = max((display_width(line) for line in text.splitlines()), default=0)
            else:
                cell.value = value
                if isinstance(value, float) and not value.is_integer():
                    cell.number_format = "General"
                    width = len(repr(value))
                elif isinstance(value, int | float) and not isinstance(value, bool):
                    cell.number_format = "#,##0" if abs(value) >= 10000 else "0"
                    width = len(f"{value:,.0f}")
                else:
                    width = 0
            self.widths[col - 1] = max(self.widths[col - 1], width)
        return cells

    def finish(self, freeze: str = "A2") -> None:
        """Freeze the header (and any columns left of `freeze`), filter every column, fit the widths."""
        ws = self.ws
        ws.freeze_panes = freeze
        last = get_column_letter(len(self.header))
        ws.auto_filter.ref = f"A1:{last}{max(ws.max_row, 1)}"
        for i, name in enumerate(self.header):
            cap = MAX_WIDTH.get(name, DEFAULT_MAX_WIDTH)
            # +2 for the filter button in the header; a little slack reads better than a tight fit.
            ws.column_dimensions[get_column_letter(i + 1)].width = min(self.widths[i] + 3, cap)
        if "sentence" in self.header:
            col = get_column_letter(self.header.index("sentence") + 1)
            for cell in ws[col][1:]:
                cell.alignment = Alignment(wrap_text=False, vertical="top")


class XlsxWriter:
    """Records and documents into one workbook, saved at `close`."""

    wants_dropped = False

    def __init__(self, stream: IO[Any]) -> None:
        self.stream = stream
        self.workbook = Workbook()
        records = self.workbook.active
        assert records is not None
        records.title = RECORDS_SHEET
        self.records = Sheet(records, FIELDS)
        self.documents = Sheet(self.workbook.create_sheet(DOCUMENTS_SHEET), DOCUMENT_COLUMNS)

    def add(self, facts: Iterable[Fact]) -> None:
        """Records without their documents (the library's `write`): the documents sheet lists their names."""
        for result in group_by_doc(facts):
            self.add_document(result)

    def add_document(self, result: DocResult) -> None:
        for fact in result.facts:
            self.records.append(record(fact).values())
        self.documents.append((result.name, result.date, len(result.facts), result.error))

    def close(self) -> None:
        self.records.finish()
        self.documents.finish()
        data = io.BytesIO()
        self.workbook.save(data)
        out = binary_stream(self.stream)
        out.write(data.getvalue())
        out.flush()


CONFLICT_FILL = PatternFill("solid", fgColor="FFC7CE")
CONFLICT_COLUMNS = ("region", "region_code", "entity", "entity_code", "indicator", "unit", "kind", "period", "value",
                    "value_text", "qualifier", "doc", "sentence")  # fmt: skip


def write_panel(panel: Panel, stream: IO[Any]) -> None:
    """`factx panel -f xlsx`: sheet `panel` (numbers; a cell several records agree on carries a comment
    naming its sources; a conflicting cell holds `conflict: a | b`, filled red) and sheet `conflicts`
    (every value of every conflicting cell with its document and sentence)."""
    from .panel import ROW_KEYS, conflict_rows

    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = "panel"
    head = [*ROW_KEYS, *panel.periods]
    sheet = Sheet(ws, head)
    for row in panel.rows:
        values: list[Any] = list(row.key)
        for p in panel.periods:
            cell = row.cells.get(p)
            if cell is None:
                values.append(None)
            elif cell.conflict:
                values.append("conflict: " + " | ".join(f"{v:g}" for v in cell.values))
            else:
                values.append(_whole(cell.value))
        written = sheet.append(values)
        for p, xl in zip(panel.periods, written[len(ROW_KEYS) :], strict=True):
            cell = row.cells.get(p)
            if cell is None:
                continue
            if cell.conflict:
                xl.fill = CONFLICT_FILL
                xl.comment = Comment("conflicting values: see the conflicts sheet", "factx")
            elif cell.sources > 1:
                xl.comment = Comment(f"{cell.sources} sources agree: " + ", ".join(cell.docs), "factx")
    sheet.finish(freeze=f"{get_column_letter(len(ROW_KEYS) + 1)}2")  # the row keys stay in view
    conflicts = Sheet(workbook.create_sheet("conflicts"), CONFLICT_COLUMNS)
    for c in conflict_rows(panel):
        conflicts.append(c[k] for k in CONFLICT_COLUMNS)
    conflicts.finish()
    data = io.BytesIO()
    workbook.save(data)
    out = binary_stream(stream)
    out.write(data.getvalue())
    out.flush()


def _whole(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def binary_stream(stream: IO[Any]) -> IO[bytes]:
    """The byte stream under `stream` (stdout, a text temporary file), or `stream` if it is one."""
    if isinstance(stream, io.BufferedIOBase | io.RawIOBase):
        return stream  # type: ignore[return-value]
    buffer = getattr(stream, "buffer", None)
    if buffer is None:
        raise TypeError("a workbook is binary: give a binary stream or a file, not a text buffer")
    stream.flush()  # anything written as text goes first
    return buffer  # type: ignore[no-any-return]
