"""Table rows → claims (SPEC section 5): the cell as written, magnitude and unit from the
column or row header (or a unit line above the table), basis from a header such as
比上年增长（%）, period from a header such as 2023年 or 上年同期, or else from the table's
context. A company's results table may restate its header half-way and span sub-headers."""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from . import context as cx
from .amounts import Amount, find_amounts, scale
from .numbers import parse_magnitude, parse_number
from .segment import Block, Cell, Sentence, Table

if TYPE_CHECKING:
    from .pipeline import Claim

_BRACKET = regex.compile(r"[（(]([^（）()]{1,8})[）)]\s*$")
_YEAR = regex.compile(r"^(?:(19|20)\d\d)年?$")
_GENERIC = regex.compile(
    r"^(绝对量|绝对数|数值|总量|本期|本报告期|报告期|本期数|本年|本年度|金额|数量|指标|本月|累计|规模|数额)$"
)
_YEAR_LEAD = regex.compile(r"^(?:19|20)\d\d年(?:度)?(?=[\p{Han}])")
_LABEL_LEAD = regex.compile(r"^.*[：:]")
_NUMERIC = regex.compile(r"^[+\-−]?\d[\d,，]*(?:\.\d+)?$")


def _unit_of(header: str, ctx: cx.DocContext) -> tuple[str | None, float, str | None]:
    """（亿元） → (元, 1e8, money); （％） → (%, 1, percent)."""
    m = _BRACKET.search(header)
    if not m:
        return None, 1.0, None
    return _unit_words(m.group(1).strip(), ctx)


def _unit_words(inner: str, ctx: cx.DocContext) -> tuple[str | None, float, str | None]:
    """亿元 → (元, 1e8, money); % → (%, 1, percent); 人民币万元 → (元, 1e4, money)."""
    inner = inner.removeprefix("人民币")
    if inner in ("%", "％"):
        return "%", 1.0, "percent"
    k = 0
    while k < len(inner) and inner[k] in "十百千万亿兆":
        k += 1
    base, _, per = inner[k:].partition("/")  # 元/股, 公斤/亩: a rate per unit keeps both
    unit, per_unit = ctx.rules.units.get(base), ctx.rules.units.get(per)
    if unit is None or (per and per_unit is None):
        return None, 1.0, None
    factor = parse_magnitude(inner[:k]) if k else 1.0
    return unit.unit + (f"/{per_unit.unit}" if per_unit else ""), factor * unit.factor, unit.cls


def _name(header: str) -> str:
    """绝 对 数 (亿元) → 绝对数: the header without its unit, and without the spaces that spread it."""
    return _SPREAD.sub("", _BRACKET.sub("", header).strip())


_SPREAD = regex.compile(r"(?<=\p{Han})\s+(?=\p{Han})")


def table_claims(ctx: cx.DocContext, block: Block) -> list[Claim]:
    table = block.table
    assert table is not None
    default = _unit_line(ctx, block)
    out: list[Claim] = []
    for header, rows in _sections(ctx, table):
        out += _section_claims(ctx, block, header, rows, default)
    return out


def _section_claims(
    ctx: cx.DocContext,
    block: Block,
    header: list[Cell],
    rows: list[int],
    default: tuple[str | None, float, str | None],
) -> list[Claim]:
    from .pipeline import Claim

    table = block.table
    assert table is not None
    widest = max((_width(table.rows[i]) for i in rows), default=0)
    named = header[: _width(header)]
    if len(named) == widest - 1:  # | 绝对数(亿元) | 增长(%) | over bar-less rows: the label column's header is blank
        header = [Cell(table.rows[rows[0]][0].start, table.rows[rows[0]][0].start, ""), *named]
    cols = [_column(ctx, c.text) for c in header]
    if default[0] is not None:  # 单位：人民币万元 above the table: the unit of columns that name none
        cols = [_with_unit(col, default) for col in cols]
    # 名次 | 省区市 | …: a rank column before the label names nothing; the label is the column after
    first = next((k for k, c in enumerate(header[:-1]) if not _RANK.match(c.text.strip())), 0)
    doc_year = ctx.date.year if ctx.date else None
    out: list[Claim] = []
    for i in rows:
        row, sent = table.rows[i], block.sentences[i]
        if len(row) <= first:
            continue
        label = _LABEL_LEAD.sub("", row[first].text).strip()
        row_unit = _unit_of(row[first].text, ctx)
        nxt = table.rows[i + 1] if i + 1 < len(table.rows) else None
        if row_unit[0] is None and nxt is not None and _unit_row(nxt):  # 基本每股收益 | … then (元/股) | |
            row_unit = _unit_of(nxt[0].text, ctx)
        label = _name(label)
        info = ctx.info[sent.start]
        place_label = bool(info and info.places and any(m.start == row[first].start for m in info.places))
        # a growth column speaks of the first value column of the run just before it: 本月 | 同比 |
        # 累计 | 同比 pairs each; 2023年 | 2022年 | 增长 gives the rate to 2023年
        run: Claim | None = None
        after_growth = True
        for k, cell in enumerate(row[first + 1 :], start=first + 1):
            if k >= len(cols):
                continue
            role = cols[k][0]
            if role != "growth" and after_growth:
                run, after_growth = None, False
            number = _BRACKET.sub("", cell.text).replace(" ", "")  # 5.32(景区): the figure, less its note
            if role == "growth" and number.endswith(("%", "％")):
                number = number[:-1]  # 33.68% under 同比增长
            if not _NUMERIC.match(number):
                written = _written_amount(ctx, cell)  # 1.78万亿元, 32.9%: a cell that carries its unit
                if written is not None and role != "growth":
                    c = Claim(written, None, _indicator(label, cols[k][4], cols[k][5], place_label), sent, block)
                    _dated(c, cols[k], doc_year, header[k].text)
                    out.append(c)
                    run = run or c
                elif role == "growth" and run is not None and run.growth is None:
                    run.growth = _written_change(ctx, cell)  # 减少14.55个百分点 under 增减变动幅度
                after_growth = after_growth or role == "growth"
                continue
            role, unit, factor, cls, name, year, _ = cols[k]
            value = parse_number(number.replace("−", "-").lstrip("+"))
            if value is None:
                continue
            if row_unit[0] is not None and role == "value":
                unit, factor, cls = row_unit
            indicator = _indicator(label, name, year, place_label)
            if role == "growth":
                after_growth = True
                g = _amount(cell, None, None, "growth")
                g.growth, g.growth_unit, g.verb_start = value, "%", cell.start
                g.refs["growth"] = "growth.toml: basis"  # a growth column (比上年增长（%）)
                if run is not None and run.growth is None:
                    run.growth = g
                else:
                    out.append(Claim(g, None, indicator, sent, block))
                continue
            if unit is None:
                continue
            a = _amount(cell, scale(value, factor), unit, cls or "count")
            a.refs["unit"] = f"units.toml: {unit}"  # from the column or row header
            c = Claim(a, None, indicator, sent, block)
            _dated(c, cols[k], doc_year, header[k].text)
            out.append(c)
            if role == "value" and run is None:
                run = c
    return out


def _with_unit(col: _Col, default: tuple[str | None, float, str | None]) -> _Col:
    role, unit, _, _, name, year, relative = col
    return (role, *default, name, year, relative) if role == "value" and unit is None else col


def _dated(c: Claim, col: _Col, doc_year: int | None, header: str) -> None:
    """The period a column's header gives its cells: a year (2023年), or one relative to the
    table's own (上年同期, 本报告期末, 期初), whose header is then the period as written."""
    year, relative = col[5], col[6]
    if year is not None:
        c.refs["year"] = str(year)
        c.refs["kind"] = "target" if doc_year is not None and year > doc_year else "actual"
    elif relative:
        c.refs["column"], c.refs["column_text"] = relative, _name(header)


_UNIT_LINE = regex.compile(r"^\s*[（(]?\s*(?:计量)?单位\s*[:：]\s*(?P<unit>[^\s，,；;）)]{1,10})\s*[）)]?\s*$")


def _unit_line(ctx: cx.DocContext, block: Block) -> tuple[str | None, float, str | None]:
    """单位：人民币万元 on the line above a table: the unit of its value columns."""
    before = cx.block_before(ctx, block)
    if before is None or not before.sentences:
        return None, 1.0, None
    m = _UNIT_LINE.match(before.sentences[-1].text)
    return _unit_words(m["unit"], ctx) if m else (None, 1.0, None)


def _unit_row(row: list[Cell]) -> bool:
    """(元/股) | | |: a row that only carries the unit of the row above."""
    filled = [c.text.strip() for c in row if c.text.strip()]
    return len(filled) == 1 and _BRACKET.fullmatch(filled[0]) is not None


def _sections(ctx: cx.DocContext, table: Table) -> list[tuple[list[Cell], list[int]]]:
    """(header, row indices) for each header of a table: a results table declares a second
    header mid-way (项目 | 本报告期末 | 本报告期初 | 增减变动幅度(%)), and a header may stand over a
    row of sub-headers (上年同期 over 调整前 | 调整后), whose column spans as many as the rows need."""
    out: list[tuple[list[Cell], list[int]]] = []
    header, rows, sub = table.header, [], False
    first = table.header[0].text.strip() if table.header else ""
    for i, row in enumerate(table.rows):
        if _unit_row(row):
            continue
        words = not any(_DIGIT.search(c.text) for c in row)  # 调整前 | 调整后: no figure in it
        restated = first and row[0].text.strip() == first and sum(1 for c in row if c.text.strip()) >= 2
        if words and (restated or _headers(ctx, row) >= 2):
            out.append((_spread(header, rows, table, sub), rows))
            header, rows, sub = row, [], False  # 项目 | 本报告期末 | …: a new header
        elif words and not rows and not sub and sum(1 for c in row if c.text.strip()) >= 2:
            sub = True  # 调整前 | 调整后 under the header: its sub-headers
        else:
            rows.append(i)
    out.append((_spread(header, rows, table, sub), rows))
    return [(h, r) for h, r in out if r]


def _headers(ctx: cx.DocContext, row: list[Cell]) -> int:
    """How many cells of a row name a column: a period against the table's own (本报告期末, 上年度末)
    or a change (比上年度末增减)."""
    return sum(1 for c in row if _relative(ctx, _name(c.text)) or _GROWTH_HEADER.search(c.text))


def _spread(header: list[Cell], rows: list[int], table: Table, sub: bool) -> list[Cell]:
    """上年同期 over 调整前 | 调整后: the header's column before its growth column repeated until
    the header is as wide as its rows."""
    named = header[: _width(header)]
    width = max((_width(table.rows[i]) for i in rows), default=0)
    growth = next((k for k, c in enumerate(named) if _GROWTH_HEADER.search(c.text)), -1)
    if not sub or width <= len(named) or growth < 2:
        return header
    return named[:growth] + [named[growth - 1]] * (width - len(named)) + named[growth:]


def _width(row: list[Cell]) -> int:
    n = len(row)
    while n and not row[n - 1].text.strip():
        n -= 1
    return n


_DIGIT = regex.compile(r"[0-9０-９]")
_GROWTH_HEADER = regex.compile(r"增长|增减|变动|增速|增幅")


_RANK = regex.compile(r"^(?:名次|排名|排序|位次|序号|序|编号|No\.?)$")


def _indicator(label: str, name: str, year: int | None, place_label: bool) -> str:
    """A cell's name: its row label, with the column's name unless that is generic or a year."""
    return label if (not name or _GENERIC.match(name) or year) else (name if place_label else label + name)


def _written_amount(ctx: cx.DocContext, cell: Cell) -> Amount | None:
    """The one amount a cell writes with its own unit (1.78万亿元, 32.9%), read as in a sentence."""
    read = find_amounts(ctx.text, cell.start, cell.end, ctx.rules, ctx.structure.urls)
    found = [a for a in read if a.dropped is None]
    if len(found) != 1 or found[0].is_growth or found[0].value is None:
        return None
    return found[0]


def _written_change(ctx: cx.DocContext, cell: Cell) -> Amount | None:
    """The one change a growth cell writes in words (减少14.55个百分点, 增长3.2%), read as in a sentence."""
    read = [a for a in find_amounts(ctx.text, cell.start, cell.end, ctx.rules, ctx.structure.urls) if a.dropped is None]
    return read[0] if len(read) == 1 and read[0].is_growth and read[0].growth is not None else None


def _amount(cell: Cell, value: float | None, unit: str | None, cls: str) -> Amount:
    return Amount(cell.start, cell.end, cell.start, cell.end, value, unit, cls)


# role, unit, factor, class, name, year, relative period (current | previous | end | start | "")
_Col = tuple[str, str | None, float, str | None, str, int | None, str]


def _column(ctx: cx.DocContext, header: str) -> _Col:
    unit, factor, cls = _unit_of(header, ctx)
    name = _name(header)
    relative = _relative(ctx, name)
    if relative:  # 上年同期, 本报告期末: a period, not a part of the indicator, nor a basis
        name = ""
    elif any(w in header for w in ctx.rules.basis) or _GROWTH_HEADER.search(header):
        return "growth", None, 1.0, None, name, None, ""
    y = _YEAR.match(name) or _YEAR_LEAD.match(name)
    year = int(name[:4]) if y else None
    if y is not None and y.end() < len(name):
        name = name[y.end() :]  # 2024年规模 → 规模, a year's column
    if cls == "percent":
        return "share", "%", 1.0, "percent", name, year, relative
    return "value", unit, factor, cls, name, year, relative


def _relative(ctx: cx.DocContext, name: str) -> str:
    """current, previous, end or start: the period a column header names against the table's own."""
    pw = ctx.rules.period_words
    columns = (
        ("current", pw.column_current),
        ("previous", pw.column_previous),
        ("end", pw.column_end),
        ("start", pw.column_start),
    )
    for relative, words in columns:
        if name in words:
            return relative
    return ""


def row_sentence(block: Block, k: int) -> Sentence:
    return block.sentences[k]
