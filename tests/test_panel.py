"""factx panel: a figure repeated by several sources is one cell with its count; differing values
are flagged and listed, never picked."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from factx.cli import app
from factx.panel import PanelError, bounds, build, compact, period_key

runner = CliRunner()

A = (
    "# 上海外贸稳中有进\n\n2024年1月20日\n\n2023年，上海市进出口总值4.21万亿元，同比增长0.7%。"
    "全年上海市地区生产总值4.72万亿元。\n"
)
B = (
    "# 上海经济年报\n\n2024年1月25日\n\n2023年，上海市进出口总值4.21万亿元，同比增长0.7%。"
    "2023年上海市地区生产总值4.8万亿元，同比增长5.0%。\n"
)


@pytest.fixture
def news(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    Path("news").mkdir()
    Path("news/a.md").write_text(A, encoding="utf-8")
    Path("news/b.md").write_text(B, encoding="utf-8")
    return tmp_path


def panel_json(*args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["panel", *args, "-f", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def row(out: dict[str, Any], indicator: str, unit: str) -> dict[str, Any]:
    (found,) = [r for r in out["rows"] if r["indicator"] == indicator and r["unit"] == unit]
    return found


def test_a_repeated_figure_merges_and_a_contradiction_is_flagged(news: Path) -> None:
    out = panel_json("news")
    assert out["periods"] == ["2023"]
    trade = row(out, "进出口总值", "元")
    assert (trade["region"], trade["region_code"], trade["kind"]) == ("上海", "310000", "actual")
    cell = trade["cells"]["2023"]
    assert cell == {"value": 4210000000000, "sources": 2, "docs": ["news/a.md", "news/b.md"], "conflict": False}
    assert row(out, "进出口总值", "% yoy")["cells"]["2023"]["sources"] == 2
    gdp = row(out, "地区生产总值", "元")["cells"]["2023"]
    assert gdp["conflict"] is True and gdp["value"] is None  # never a silent pick
    assert gdp["values"] == [4720000000000, 4800000000000]
    conflicts = out["conflicts"]
    assert len(conflicts) == 2  # one flagged cell, both of its values listed
    assert {(c["value"], c["doc"]) for c in conflicts} == {(4720000000000, "news/a.md"), (4800000000000, "news/b.md")}
    assert all(c["indicator"] == "地区生产总值" and c["period"] == "2023" for c in conflicts)
    assert {c["sentence"] for c in conflicts} == {
        "全年上海市地区生产总值4.72万亿元。",
        "2023年上海市地区生产总值4.8万亿元，同比增长5.0%。",
    }
    flagged = [(r["indicator"], r["unit"], p) for r in out["rows"] for p, c in r["cells"].items() if c["conflict"]]
    assert flagged == [("地区生产总值", "元", "2023")]


def test_store_jsonl_and_documents_give_the_same_panel(news: Path) -> None:
    assert runner.invoke(app, ["extract", "news", "--db", "facts.db", "-q"]).exit_code == 0
    assert runner.invoke(app, ["extract", "news", "-o", "facts.jsonl", "-q"]).exit_code == 0
    assert runner.invoke(app, ["extract", "news", "-o", "facts.json", "-q"]).exit_code == 0
    from_docs = panel_json("news")
    assert panel_json("facts.db") == from_docs
    assert panel_json("facts.jsonl") == from_docs
    assert panel_json("facts.json") == from_docs
    assert panel_json("facts.db", "facts.jsonl") == from_docs  # the same record read twice counts once


def test_a_heading_and_its_body_are_two_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    text = "# 2023年上海市进出口总值4.21万亿元\n\n2024年1月20日\n\n2023年，上海市进出口总值4.21万亿元。\n"
    Path("one.md").write_text(text, encoding="utf-8")
    out = panel_json("one.md")
    assert row(out, "进出口总值", "元")["cells"]["2023"]["sources"] == 2


def test_filters(news: Path) -> None:
    assert {r["indicator"] for r in panel_json("news", "--indicator", "进出口")["rows"]} == {"进出口总值"}
    assert panel_json("news", "--region", "310000")["rows"] == panel_json("news", "--region", "上海")["rows"]
    assert panel_json("news", "--region", "北京")["rows"] == []
    assert panel_json("news", "--since", "2023")["periods"] == ["2023"]
    assert panel_json("news", "--since", "2023-02")["periods"] == []
    assert panel_json("news", "--until", "2023-12-31")["periods"] == ["2023"]
    assert panel_json("news", "--until", "2023-06")["periods"] == []
    result = runner.invoke(app, ["panel", "news", "--since", "last year"])
    assert result.exit_code == 2 and "not an ISO 8601 period" in result.stderr


def test_csv_xlsx_and_table(news: Path) -> None:
    result = runner.invoke(app, ["panel", "news", "-f", "csv"])
    assert result.exit_code == 0 and not result.stdout_bytes.startswith(b"\xef\xbb\xbf")
    rows = {(r["indicator"], r["unit"]): r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert rows[("进出口总值", "元")]["2023"] == "4210000000000"
    assert rows[("地区生产总值", "元")]["2023"] == "conflict: 4720000000000 | 4800000000000"
    assert runner.invoke(app, ["panel", "news", "-o", "panel.csv"]).exit_code == 0
    assert Path("panel.csv").read_bytes().startswith(b"\xef\xbb\xbf")

    assert runner.invoke(app, ["panel", "news", "-o", "panel.xlsx"]).exit_code == 0
    wb = load_workbook("panel.xlsx")
    sheet = list(wb["panel"].iter_rows(values_only=True))
    assert sheet[0] == ("region", "region_code", "entity", "entity_code", "indicator", "unit", "kind", "2023")
    by = {(r[4], r[5]): r[7] for r in sheet[1:]}
    assert by[("进出口总值", "元")] == 4210000000000
    assert str(by[("地区生产总值", "元")]).startswith("conflict:")
    conflicts = list(wb["conflicts"].iter_rows(min_row=2, values_only=True))
    assert len(conflicts) == 2 and {c[11] for c in conflicts} == {"news/a.md", "news/b.md"}

    table = runner.invoke(app, ["panel", "news", "-f", "table"])
    assert table.exit_code == 0 and "4.21万亿 ×2" in table.stdout and "⚠" in table.stdout
    assert "Conflicts" in table.stdout and "全年上海市地区生产总值4.72万亿元。" in table.stdout


def test_unreadable_source_is_named_and_the_rest_used(news: Path) -> None:
    result = runner.invoke(app, ["panel", "missing.jsonl", "news", "-f", "json"])
    assert result.exit_code == 1 and "missing.jsonl: no such file" in result.stderr
    assert json.loads(result.stdout)["rows"]


def test_records_without_period_are_counted() -> None:
    recs = [{"doc": "a", "start": 0, "end": 1, "region": "上海", "indicator": "x", "value": 1, "unit": "元"}]
    panel = build(recs)
    assert panel.rows == [] and panel.unplaced == 1


def test_periods() -> None:
    assert bounds("2023") == ("2023-01-01", "2023-12-31")
    assert bounds("2024-02") == ("2024-02-01", "2024-02-29")
    assert bounds("2023-01/2023-09") == ("2023-01-01", "2023-09-30")
    assert bounds("2023-09-30") == ("2023-09-30", "2023-09-30")
    assert bounds("2023-13") is None and bounds("soon") is None
    assert sorted(["2023", "2023-07/2023-09", "2023-01/2023-09", "2023-01"], key=period_key) == [
        "2023-01",
        "2023-01/2023-09",
        "2023",
        "2023-07/2023-09",
    ]
    with pytest.raises(PanelError):
        build([], since="2023-1")


def test_compact() -> None:
    assert compact(3170000000000, "元") == "3.17万亿"
    assert compact(120000000, "元") == "1.2亿"
    assert compact(35300, "标箱") == "3.53万"
    assert compact(12, "辆") == "12"
    assert compact(-1.5, "% yoy") == "-1.5"


def test_two_companies_are_two_rows_never_a_conflict(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("r.md").write_text(
        "# 年报速览\n\n**招商银行：营收回落**\n\n招商银行（600036.SH）2023年实现营业收入3391.23亿元。\n\n"
        "**兴业银行：营收下降**\n\n兴业银行(601166.SH)2023年實現營業收入2108.31亿元。\n\n"
        "招商银行2023年营业收入3391.23亿元，稳居第一。\n",
        encoding="utf-8",
    )
    out = panel_json("r.md")
    rows = {(r["entity"], r["entity_code"]): r for r in out["rows"] if r["unit"] == "元"}
    assert set(rows) == {("招商银行", "600036.SH"), ("兴业银行", "601166.SH")}
    cmb = rows[("招商银行", "600036.SH")]["cells"]["2023"]
    assert cmb["value"] == 339123000000 and cmb["sources"] == 2 and not cmb["conflict"]
    assert not any(c["conflict"] for r in out["rows"] for c in r["cells"].values())


def test_an_entity_takes_its_code_from_its_other_records() -> None:
    base = {"region": None, "region_code": None, "indicator": "营业收入", "unit": "元", "kind": "actual"}
    recs = [
        {
            **base,
            "doc": "a",
            "start": 1,
            "entity": "比亚迪",
            "entity_code": "002594.SZ",
            "value": 1.0,
            "period": "2023",
        },
        {**base, "doc": "b", "start": 1, "entity": "比亚迪", "entity_code": None, "value": 1.0, "period": "2023"},
    ]
    (only,) = build(recs).rows
    assert only.as_dict()["entity_code"] == "002594.SZ" and only.cells["2023"].sources == 2
