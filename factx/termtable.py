"""`-f table`: records for a person at a terminal, one line a record, fitted to the terminal's width.

Columns are chosen by width, most telling first: indicator, the value as written (with `~`, `>`
or `<` before it for approx, over and under), the growth with its basis (`+4.8% yoy`), region,
entity, period (a range within one year shortened the ISO way: `2023-01/09`), kind, the document
(only when the records come from several; where its column does not fit, a line naming each
document stands before its records), then, on wider terminals, the amount as a number with
its unit, the period as written and the codes. The sentence never: it is what makes a line wrap.
Texts too long for their column are cut with `…` (a document keeps the end of its name); a value,
growth or period is never cut, so no number is ever split.

The width is the terminal's, or `COLUMNS` where it is set. Into a pipe or file with no `COLUMNS`,
nothing limits the width: every column is shown whole, one line a record.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TextIO

from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.text import Text

from .models import Fact

GAP = 2  # spaces between columns
INDICATOR_MIN = 16  # cells (8 hanzi): below this an indicator no longer tells what is measured


def _value(rec: dict[str, Any]) -> str:
    text = rec["value_text"] or ""
    return _QUALIFIER_MARKS.get(rec["qualifier"], "") + text if text else ""


_QUALIFIER_MARKS = {"approx": "~", "over": ">", "under": "<"}


def _growth(rec: dict[str, Any]) -> str:
    if rec["growth"] is None:
        return ""
    basis = _BASIS_WORDS.get(rec["growth_basis"], "")
    return f"{rec['growth']:+g}{rec['growth_unit'] or '%'}" + (f" {basis}" if basis else "")


_BASIS_WORDS = {"yoy": "yoy", "mom": "mom", "avg_annual": "p.a."}


def _period(rec: dict[str, Any]) -> str:
    """`2023-01/2023-09` → `2023-01/09`: ISO 8601 lets a range's end drop what it shares with its start."""
    period = rec["period"] or ""
    start, slash, end = period.partition("/")
    if slash and len(start) == len(end) and start[:5] == end[:5]:
        return f"{start}/{end[5:]}"
    return period


def _amount(rec: dict[str, Any]) -> str:
    value = rec["value"]
    if value is None:
        return ""
    number = f"{value:,}" if isinstance(value, int) else f"{value:,.15g}"
    return f"{number} {rec['unit']}" if rec["unit"] else number


def _field(name: str) -> Callable[[dict[str, Any]], str]:
    return lambda rec: "" if rec[name] is None else str(rec[name])


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    cell: Callable[[dict[str, Any]], str]
    rank: int  # 0 is shown first when width is short
    cut: int = 0  # a text column may be cut down to this many cells; 0: never cut
    right: bool = False  # numbers line up on the right
    keep_end: bool = False  # a cut keeps the end (a file name) rather than the start


# In the order shown; `rank` says which go first when the width is short.
COLUMNS = (
    Column("doc", _field("doc"), 7, cut=16, keep_end=True),
    Column("entity", _field("entity"), 4, cut=8),
    Column("region", _field("region"), 3, cut=6),
    Column("indicator", _field("indicator"), 0, cut=INDICATOR_MIN),
    Column("value", _value, 1, right=True),
    Column("growth", _growth, 2, right=True),
    Column("period", _period, 5),
    Column("kind", _field("kind"), 6),
    Column("amount", _amount, 8, right=True),
    Column("period_text", _field("period_text"), 9, cut=8),
    Column("entity_code", _field("entity_code"), 10),
    Column("region_code", _field("region_code"), 11),
)


def fit(columns: list[Column], rows: list[list[str]], width: int | None) -> list[tuple[int, int]]:
    """(index into `columns`, width) of the columns shown, in display order.

    The main columns (rank below `EXTRA_RANK`) are taken by rank while they fit with every text
    column at its cut width, and the room left widens their texts, by rank, up to the longest
    cell; only then are the extra columns taken the same way."""
    natural = [max([cell_len(c.header), *(cell_len(row[i]) for row in rows)]) for i, c in enumerate(columns)]
    if width is None:
        return list(enumerate(natural))
    least = [min(n, max(c.cut, cell_len(c.header))) if c.cut else n for c, n in zip(columns, natural, strict=True)]
    sizes: dict[int, int] = {}
    for extra in (False, True):
        tier = sorted(
            (i for i, c in enumerate(columns) if (c.rank >= EXTRA_RANK) == extra), key=lambda i: columns[i].rank
        )
        for i in tier:
            if _used(sizes) + GAP + least[i] <= width or columns[i].rank < 2:  # indicator and value always
                sizes[i] = least[i]
        for i in (i for i in tier if i in sizes):
            sizes[i] += max(0, min(width - _used(sizes), natural[i] - sizes[i]))
    return sorted(sizes.items())


EXTRA_RANK = 8  # amount, period_text and the codes: shown once the main columns are whole


def _used(sizes: dict[int, int]) -> int:
    return sum(sizes.values()) + GAP * (len(sizes) - 1)


def _cut(text: str, width: int, keep_end: bool) -> str:
    if cell_len(text) <= width:
        return text
    if keep_end:
        tail = text[::-1]
        return "…" + set_cell_size(tail, width - 1)[::-1].lstrip()
    return set_cell_size(text, width - 1).rstrip() + "…"


def _pad(text: str, width: int, right: bool) -> str:
    space = " " * (width - cell_len(text))
    return space + text if right else text + space


_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def render(rows: Iterable[dict[str, Any]], width: int | None) -> list[Text]:
    """The table's lines: header, rule, one line a record; none for no records. Records from
    several documents get a doc column, or where it does not fit, a line naming each document
    before its records."""
    records = list(rows)
    if not records:
        return []
    docs = list(dict.fromkeys(r["doc"] for r in records))
    several_docs = len(docs) > 1
    folder = _common_folder(docs)  # the folder all are in says nothing: samples/a.md, samples/b.md → a.md, b.md
    columns = [c for c in COLUMNS if c.header != "doc" or several_docs]
    cells = [
        [_CONTROLS.sub(" ", c.cell(r)[folder:] if c.header == "doc" else c.cell(r)) for c in columns] for r in records
    ]
    filled = [i for i in range(len(columns)) if any(row[i] for row in cells)]  # an empty column says nothing
    columns = [columns[i] for i in filled]
    cells = [[row[i] for i in filled] for row in cells]
    shown = fit(columns, cells, width)
    doc_lines = several_docs and all(columns[i].header != "doc" for i, _ in shown)

    def line(texts: list[str]) -> str:
        parts = [_pad(_cut(texts[i], size, columns[i].keep_end), size, columns[i].right) for i, size in shown]
        return (" " * GAP).join(parts).rstrip()

    lines = [Text(line([c.header for c in columns]), style="bold")]
    lines.append(Text((" " * GAP).join("─" * size for _, size in shown), style="dim"))
    doc = None
    for rec, row in zip(records, cells, strict=True):
        if doc_lines and rec["doc"] != doc:
            doc = rec["doc"]
            lines.append(Text(_cut(_CONTROLS.sub(" ", doc), width or cell_len(doc), keep_end=True), style="bold"))
        lines.append(Text(line(row)))
    return lines


def _common_folder(names: list[str]) -> int:
    """Length of the folder prefix (with its `/`) all `names` share; 0 for none."""
    if len(names) < 2:
        return 0
    folders = [name.split("/")[:-1] for name in names]
    shared = 0
    for parts in zip(*folders, strict=False):
        if len(set(parts)) > 1:
            break
        shared += 1
    return sum(len(part) + 1 for part in folders[0][:shared])


def width_of(console: Console) -> int | None:
    """The width to fit: COLUMNS where set, else the terminal's; None (no limit) into a pipe or file."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    return console.width if console.is_terminal else None


class TableWriter:
    """Records kept until `close`, which prints them fitted to the width (see the module's doc)."""

    def __init__(self, stream: TextIO) -> None:
        self.console = Console(file=stream, highlight=False, markup=False, emoji=False)
        self.rows: list[dict[str, Any]] = []

    def add(self, facts: Iterable[Fact]) -> None:
        from .writers import record

        self.rows.extend(record(f) for f in facts)

    def close(self) -> None:
        for text in render(self.rows, width_of(self.console)):
            self.console.print(text, soft_wrap=True)  # soft_wrap: never folded, never cropped
