"""A consolidated panel: one row per region, entity, indicator, unit and kind; one column per period.

Every record gives up to two figures: its amount (`value` in `unit`) and its change
rate (`growth`, whose unit is written `% yoy`, `pp yoy`, `% mom`…), so a panel shows
levels and growth side by side. A figure is placed in the cell of its region, entity
(two companies' 营业收入 are two rows, never a conflict), indicator, unit, kind and
period; records with no period cannot be placed and are counted (`Panel.unplaced`).

The same figure reported by several records — several documents, or a heading and
its body — becomes one cell with its number of sources. Values that differ (beyond
one part in a billion) are never silently picked: the cell is flagged as a conflict
and `Panel.conflicts` lists every value with its document and sentence. The same
record read twice (a store and the JSONL of the same run) counts once.
"""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .errors import FactxError

Record = dict[str, Any]

ROW_KEYS = ("region", "region_code", "entity", "entity_code", "indicator", "unit", "kind")


class PanelError(FactxError):
    """A bad panel option (a period that is not ISO 8601)."""


# --- periods ---------------------------------------------------------------------------------

_PERIOD = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def bounds(period: str) -> tuple[str, str] | None:
    """First and last day of an ISO period: `2023` → (2023-01-01, 2023-12-31); ranges `A/B` span both."""
    parts = period.split("/")
    if len(parts) > 2:
        return None
    days = [_day_bounds(p) for p in parts]
    if any(d is None for d in days):
        return None
    return days[0][0], days[-1][1]  # type: ignore[index]


def _day_bounds(part: str) -> tuple[str, str] | None:
    m = _PERIOD.fullmatch(part.strip())
    if not m:
        return None
    year, month, day = int(m[1]), m[2], m[3]
    if month is None:
        return f"{year:04d}-01-01", f"{year:04d}-12-31"
    mo = int(month)
    if not 1 <= mo <= 12:
        return None
    last = calendar.monthrange(year, mo)[1]
    if day is None:
        return f"{year:04d}-{mo:02d}-01", f"{year:04d}-{mo:02d}-{last:02d}"
    if not 1 <= int(day) <= last:
        return None
    return (f"{year:04d}-{mo:02d}-{int(day):02d}",) * 2


def period_key(period: str) -> tuple[str, str, str]:
    """Columns in time order: by first day, then last day (a month before the quarter it opens)."""
    b = bounds(period) or ("9999", "9999")
    return b[0], b[1], period


def check_period(option: str, period: str | None) -> tuple[str, str] | None:
    if period is None:
        return None
    b = bounds(period)
    if b is None:
        raise PanelError(f"{option} {period}: not an ISO 8601 period (2023, 2023-09, 2023-09-30)")
    return b


# --- figures and cells -----------------------------------------------------------------------


@dataclass(slots=True)
class Figure:
    """One number a record states, where it goes, and where it comes from."""

    row: tuple[Any, ...]  # ROW_KEYS values
    period: str
    value: float
    text: str  # as written, for people: value_text, or the growth figure
    qualifier: str
    doc: str
    sentence: str
    start: int


@dataclass(slots=True)
class Cell:
    figures: list[Figure] = field(default_factory=list)

    @property
    def values(self) -> list[float]:
        """The distinct values in this cell, in the order first seen."""
        out: list[float] = []
        for f in self.figures:
            if not any(_same(f.value, v) for v in out):
                out.append(f.value)
        return out

    @property
    def conflict(self) -> bool:
        return len(self.values) > 1

    @property
    def sources(self) -> int:
        return len(self.figures)

    @property
    def value(self) -> float | None:
        """The cell's value; None for a conflict (never a silent pick)."""
        values = self.values
        return values[0] if len(values) == 1 else None

    @property
    def docs(self) -> list[str]:
        return list(dict.fromkeys(f.doc for f in self.figures))


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


@dataclass(slots=True)
class Row:
    key: tuple[Any, ...]
    cells: dict[str, Cell] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return dict(zip(ROW_KEYS, self.key, strict=True))


@dataclass(slots=True)
class Panel:
    periods: list[str]
    rows: list[Row]
    unplaced: int = 0  # records with no period
    records: int = 0  # records read, after removing the same record read twice

    @property
    def conflicts(self) -> list[tuple[Row, str, Cell]]:
        return [(row, p, cell) for row in self.rows for p, cell in row.cells.items() if cell.conflict]


def figures(rec: Record) -> list[tuple[str, float, str]]:
    """(unit, value, as written) of each figure a record states: its amount, then its change rate."""
    out: list[tuple[str, float, str]] = []
    if rec.get("value") is not None and rec.get("unit"):
        out.append((str(rec["unit"]), float(rec["value"]), str(rec.get("value_text") or rec["value"])))
    if rec.get("growth") is not None:
        unit = " ".join(x for x in (rec.get("growth_unit") or "%", rec.get("growth_basis")) if x)
        g = float(rec["growth"])
        out.append((unit, g, f"{g:+g}{rec.get('growth_unit') or '%'}"))
    return out


def build(
    records: Iterable[Record],
    *,
    region: str | None = None,
    indicator: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> Panel:
    """The panel of `records`, filtered: `region` (name or code, exact), `indicator` (a substring),
    periods starting on or after `since` and ending on or before `until` (ISO 8601 periods)."""
    lo = check_period("--since", since)
    hi = check_period("--until", until)
    seen: set[tuple[Any, ...]] = set()
    rows: dict[tuple[Any, ...], Row] = {}
    codes: dict[str, str] = {}
    stock_codes: dict[str, str] = {}  # an entity's code where any of its records writes it
    unplaced = 0
    count = 0
    kept: list[Record] = []
    for rec in records:
        identity = (rec.get("doc"), rec.get("start"), rec.get("end"), rec.get("value"), rec.get("growth"))
        if identity in seen:
            continue
        seen.add(identity)
        count += 1
        if region is not None and region not in (rec.get("region"), rec.get("region_code")):
            continue
        if indicator is not None and indicator not in (rec.get("indicator") or ""):
            continue
        period = rec.get("period")
        if not period:
            unplaced += 1
            continue
        b = bounds(period)
        if (lo or hi) and b is None:
            continue
        if lo and b and b[0] < lo[0]:
            continue
        if hi and b and b[1] > hi[1]:
            continue
        if rec.get("region") and rec.get("region_code"):
            codes.setdefault(rec["region"], rec["region_code"])
        if rec.get("entity") and rec.get("entity_code"):
            stock_codes.setdefault(rec["entity"], rec["entity_code"])
        kept.append(rec)
    for rec in kept:
        code = rec.get("region_code") or codes.get(rec.get("region") or "")
        org = rec.get("entity") or None
        org_code = rec.get("entity_code") or stock_codes.get(org or "")
        for unit, value, text in figures(rec):
            key = (rec.get("region"), code, org, org_code, rec.get("indicator"), unit, rec.get("kind"))
            fig = Figure(
                key,
                rec["period"],
                value,
                text,
                rec.get("qualifier") or "exact",
                str(rec.get("doc")),
                str(rec.get("sentence") or ""),
                int(rec.get("start") or 0),
            )
            rows.setdefault(key, Row(key)).cells.setdefault(fig.period, Cell()).figures.append(fig)
    periods = sorted({p for row in rows.values() for p in row.cells}, key=period_key)
    ordered = sorted(rows.values(), key=_row_order)
    return Panel(periods, ordered, unplaced, count)


def _row_order(row: Row) -> tuple[Any, ...]:
    region, code, org, _, indicator, unit, kind = row.key
    # Regions with a code first (by code: provinces before their cities), then by name; the nation first.
    return (
        region != "全国",
        code is None,
        code or "",
        region or "\uffff",
        org is not None,
        org or "",
        indicator or "",
        kind != "actual",
        "%" in unit or "pp" in unit,
        unit,
    )


# --- plain data for writers ------------------------------------------------------------------


def cell_dict(cell: Cell) -> dict[str, Any]:
    return {
        "value": _number(cell.value),
        "sources": cell.sources,
        "docs": cell.docs,
        "conflict": cell.conflict,
        **({"values": [_number(v) for v in cell.values]} if cell.conflict else {}),
    }


def conflict_rows(panel: Panel) -> list[dict[str, Any]]:
    """Every value of every conflicting cell, one dict each, with its document and sentence."""
    out = []
    for row, period, cell in panel.conflicts:
        for f in cell.figures:
            out.append(
                {
                    **row.as_dict(),
                    "period": period,
                    "value": _number(f.value),
                    "value_text": f.text,
                    "qualifier": f.qualifier,
                    "doc": f.doc,
                    "sentence": f.sentence,
                }
            )
    return out


def to_json(panel: Panel) -> dict[str, Any]:
    return {
        "periods": panel.periods,
        "rows": [
            {**row.as_dict(), "cells": {p: cell_dict(row.cells[p]) for p in panel.periods if p in row.cells}}
            for row in panel.rows
        ],
        "conflicts": conflict_rows(panel),
        "records": panel.records,
        "records_without_period": panel.unplaced,
    }


def _number(value: float | None) -> float | int | None:
    if value is None or not math.isfinite(value):
        return None
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def compact(value: float, unit: str) -> str:
    """A value as a reader scans it in a table: 万, 亿 and 万亿 for large amounts; signed rates."""
    if "%" in unit or "pp" in unit:
        return f"{value:+g}"
    for size, word in ((1e12, "万亿"), (1e8, "亿"), (1e4, "万")):
        if abs(value) >= size:
            return f"{value / size:.6g}{word}"
    return f"{value:.6g}"
