"""`-f table`: one line a record at 80, 100 and 160 columns, headers whole, numbers never cut;
into a pipe with no COLUMNS, every column whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from factx.cli import app
from factx.termtable import COLUMNS, render

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
HEADERS = {c.header for c in COLUMNS}
runner = CliRunner()


def table(*args: str, columns: int | None) -> list[str]:
    env = {"COLUMNS": str(columns) if columns else None}
    result = runner.invoke(app, ["extract", *args, "-f", "table", "-q"], env=env)
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def records(*args: str) -> list[dict]:
    result = runner.invoke(app, ["extract", *args, "-f", "jsonl", "-q"])
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.mark.parametrize("columns", [80, 100, 160])
def test_one_line_a_record_that_fits(columns: int) -> None:
    path = str(SAMPLES / "weekly-digest.md")
    lines = table(path, columns=columns)
    recs = records(path)
    header, rule, *rows = lines
    assert all(cell_len(line) <= columns for line in lines)
    assert set(header.split()) <= HEADERS and {"indicator", "value", "growth"} <= set(header.split())
    assert set(rule) <= {"─", " "}
    assert len(rows) == len(recs)  # nothing folded onto a second line
    for row, rec in zip(rows, recs, strict=True):
        if rec["value_text"]:
            assert rec["value_text"] in row  # a number is never split
        if rec["growth"] is not None:
            assert f"{rec['growth']:+g}" in row
        assert rec["sentence"] not in row


def test_wider_terminals_show_more_columns() -> None:
    path = str(SAMPLES / "weekly-digest.md")
    widths = [set(table(path, columns=c)[0].split()) for c in (80, 100, 160)]
    assert widths[0] < widths[1] < widths[2]


def test_several_documents_at_80_columns_name_each_document_once() -> None:
    lines = table(str(SAMPLES), columns=80)
    recs = records(str(SAMPLES))
    docs = list(dict.fromkeys(r["doc"] for r in recs))
    assert all(cell_len(line) <= 80 for line in lines)
    assert [line for line in lines if line in docs] == docs
    assert len(lines) == 2 + len(docs) + len(recs)


def test_several_documents_on_a_wide_terminal_get_a_doc_column_without_their_shared_folder() -> None:
    lines = table(str(SAMPLES), columns=160)
    assert lines[0].split()[0] == "doc"
    assert lines[2].startswith("city-briefing.md ")
    assert not any(line.startswith("samples/") for line in lines)


def test_into_a_pipe_every_column_is_whole() -> None:
    path = str(SAMPLES / "weekly-digest.md")
    header, _, *rows = table(path, columns=None)
    recs = records(path)
    assert {"amount", "period_text", "region_code"} <= set(header.split())
    assert "粤港澳大湾区周报｜地区生产总值" in rows[0] and "…" not in "".join(rows)
    assert len(rows) == len(recs)


def rec(**fields: object) -> dict:
    base = dict.fromkeys(("region", "region_code", "entity", "entity_code", "value", "unit", "value_text"))
    base |= {"growth": None, "growth_unit": None, "growth_basis": None, "period": None, "period_text": None}
    return base | {"doc": "a.md", "qualifier": "exact", "kind": "actual", "sentence": "句。", "indicator": "x"} | fields


def test_a_long_indicator_is_cut_and_a_value_never() -> None:
    long = "金融机构（含外资）本外币存款余额其中住户存款余额"
    lines = [t.plain for t in render([rec(indicator=long, value_text="136069.52亿元", value=1.3e13)], 40)]
    assert all(cell_len(line) <= 40 for line in lines)
    assert "136069.52亿元" in lines[2] and "…" in lines[2]


def test_qualifier_basis_and_period_are_shown_compactly() -> None:
    row = rec(
        value_text="3.17万亿元",
        qualifier="over",
        growth=2.7,
        growth_unit="%",
        growth_basis="avg_annual",
        period="2023-01/2023-09",
    )
    line = render([row], 80)[2].plain
    assert ">3.17万亿元" in line and "+2.7% p.a." in line and "2023-01/09" in line


def test_no_records_no_table() -> None:
    assert render([], 80) == []
