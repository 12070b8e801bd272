"""Table rows → claims (SPEC section 5): the cell as written, magnitude and unit from the
column or row header, basis from a header such as 比上年增长（%）, period from a header
such as 2023年 or else from the table's context."""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from . import context as cx
from .amounts import Amount, find_amounts, scale
from .numbers import parse_magnitude, parse_number
from .segment import Block, Cell, Sentence

if TYPE_CHECKING:
    from .pipeline import Claim

_BRACKET = regex.compile(r"[（(]([^（）()]{1,8})[）)]\s*$")
_YEAR = regex.compile(r"^(?:(19|20)\d\d)年?$")
_GENERIC = regex.compile(r"^(绝对量|绝对数|数值|总量|本期|金额|数量|指标|本月|累计|规模|数额)$")
_YEAR_LEAD = regex.compile(r"^(?:19|20)\d\d年(?:度)?(?=[\p{Han}])")
_LABEL_LEAD = regex.compile(r"^.*[：:]")
_NUMERIC = regex.compile(r"^[+\-−]?\d[\d,，]*(?:\.\d+)?$")


def _unit_of(header: str, ctx: cx.DocContext) -> tuple[str | None, float, str | None]:
    """（亿元） → (元, 1e8, money); （％） → (%, 1, percent)."""
    m = _BRACKET.search(header)
    if not m:
        return None, 1.0, None
    inner = m.group(1).strip()
    if inner in ("%", "％"):
        return "%", 1.0, "percent"
    k = 0
    while k < len(inner) and inner[k] in "十百千万亿兆":
        k += 1
    unit = ctx.rules.units.get(inner[k:])
    if unit is None:
        return None, 1.0, None
    factor = parse_magnitude(inner[:k]) if k else 1.0
    return unit.unit, factor * unit.factor, unit.cls


def _name(header: str) -> str:
    """绝 对 数 (亿元) → 绝对数: the header without its unit, and without the spaces that spread it."""
    return _SPREAD.sub("", _BRACKET.sub("", header).strip())


_SPREAD = regex.compile(r"(?<=\p{Han})\s+(?=\p{Han})")


def table_claims(ctx: cx.DocContext, block: Block) -> list[Claim]:
    from .pipeline import Claim

    table = block.table
    assert table is not None
    header = table.header
    widest = max((len(r) for r in table.rows), default=0)
    if len(header) == widest - 1:  # | 绝对数(亿元) | 增长(%) | over bar-less rows: the label column's header is blank
        header = [Cell(table.rows[0][0].start, table.rows[0][0].start, ""), *header]
    cols = [_column(ctx, c.text) for c in header]
    # 名次 | 省区市 | …: a rank column before the label names nothing; the label is the column after
    first = next((k for k, c in enumerate(header[:-1]) if not _RANK.match(c.text.strip())), 0)
    doc_year = ctx.date.year if ctx.date else None
    out: list[Claim] = []
    for row, sent in zip(table.rows, block.sentences, strict=False):
        if len(row) <= first:
            continue
        label = _LABEL_LEAD.sub("", row[first].text).strip()
        row_unit = _unit_of(row[first].text, ctx)
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
                    if cols[k][5] is not None:
                        c.refs["year"] = str(cols[k][5])
                        c.refs["kind"] = "target" if doc_year is not None and cols[k][5] > doc_year else "actual"
                    out.append(c)
                    run = run or c
                after_growth = after_growth or role == "growth"
                continue
            role, unit, factor, cls, name, year = cols[k]
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
            if year is not None:
                c.refs["year"] = str(year)
                c.refs["kind"] = "target" if doc_year is not None and year > doc_year else "actual"
            out.append(c)
            if role == "value" and run is None:
                run = c
    return out


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


def _amount(cell: Cell, value: float | None, unit: str | None, cls: str) -> Amount:
    return Amount(cell.start, cell.end, cell.start, cell.end, value, unit, cls)


def _column(ctx: cx.DocContext, header: str) -> tuple[str, str | None, float, str | None, str, int | None]:
    unit, factor, cls = _unit_of(header, ctx)
    name = _name(header)
    words = ctx.rules.basis
    if any(w in header for w in words) or regex.search(r"增长|增减|变动|增速|增幅", header):
        return "growth", None, 1.0, None, name, None
    y = _YEAR.match(name) or _YEAR_LEAD.match(name)
    year = int(name[:4]) if y else None
    if y is not None and y.end() < len(name):
        name = name[y.end() :]  # 2024年规模 → 规模, a year's column
    if cls == "percent":
        return "share", "%", 1.0, "percent", name, year
    return "value", unit, factor, cls, name, year


def row_sentence(block: Block, k: int) -> Sentence:
    return block.sentences[k]
