"""-f xlsx: a records sheet in SPEC's order with numbers as numbers, a documents sheet, and
text that never becomes a formula; the workbook reads back as the same records as -f jsonl."""

from __future__ import annotations

import io
import json
import math
import os
import pty
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from factx.cli import app
from factx.documents import DocResult
from factx.excel import XlsxWriter
from factx.models import FIELDS, Fact

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
runner = CliRunner()


def fact(**changes: Any) -> Fact:
    base: dict[str, Any] = {
        "doc": "issue.md",
        "region": "江苏",
        "region_code": "320000",
        "entity": None,
        "entity_code": None,
        "indicator": "进出口总值",
        "value": 3170000000000.0,
        "unit": "元",
        "value_text": "3.17万亿元",
        "qualifier": "exact",
        "growth": -2.7,
        "growth_unit": "%",
        "growth_basis": "yoy",
        "period": "2023-01/2023-09",
        "period_text": "前三季度",
        "kind": "actual",
        "sentence": "前三季度，全省进出口总值3.17万亿元，同比下降2.7%。",
        "start": 12,
        "end": 19,
    }
    return Fact(**{**base, **changes})


def workbook(results: list[DocResult]) -> Any:
    out = io.BytesIO()
    writer = XlsxWriter(out)
    for r in results:
        writer.add_document(r)
    writer.close()
    return load_workbook(io.BytesIO(out.getvalue()))


def test_records_sheet_layout_and_types() -> None:
    wb = workbook([DocResult("issue.md", [fact(), fact(value=0.1958, growth=None)], "text", "2023-10-31")])
    ws = wb["records"]
    assert [c.value for c in ws[1]] == list(FIELDS)
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:S3"
    row = {name: cell for name, cell in zip(FIELDS, ws[2], strict=True)}
    assert row["value"].value == 3170000000000 and row["value"].data_type == "n"
    assert row["growth"].value == -2.7 and row["growth"].data_type == "n"
    assert row["start"].value == 12 and row["end"].value == 19
    assert row["region_code"].value == "320000" and row["region_code"].data_type == "s"
    assert ws.cell(3, FIELDS.index("value") + 1).value == 0.1958
    assert ws.cell(3, FIELDS.index("growth") + 1).value is None
    widths = {name: ws.column_dimensions[chr(ord("A") + i)].width for i, name in enumerate(FIELDS)}
    # Chinese counts double: the sentence column is wide, a short code column is not.
    assert widths["sentence"] >= 2 * len(fact().sentence) * 0.9 or widths["sentence"] == 80
    assert widths["indicator"] >= 2 * len("进出口总值")
    assert widths["kind"] < widths["indicator"]


def test_documents_sheet_lists_each_document_with_date_count_and_error() -> None:
    wb = workbook(
        [
            DocResult("a.md", [fact(doc="a.md")] * 2, "text", "2023-10-31"),
            DocResult.failed("gone.md", "gone.md: no such file"),
        ]
    )
    ws = wb["documents"]
    assert [tuple(r) for r in ws.iter_rows(values_only=True)] == [
        ("doc", "date", "records", "error"),
        ("a.md", "2023-10-31", 2, None),
        ("gone.md", None, 0, "gone.md: no such file"),
    ]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:D3"


@pytest.mark.parametrize("text", ["=1+1", "+86 21", "-减少", "@SUM(A1)", "\t=cmd", "\r=x", '=HYPERLINK("x")'])
def test_text_cells_are_never_formulas(text: str) -> None:
    wb = workbook([DocResult("a.md", [fact(indicator=text, sentence=text, period_text=text)])])
    ws = wb["records"]
    for name in ("indicator", "sentence", "period_text"):
        cell = ws.cell(2, FIELDS.index(name) + 1)
        # XML reads a carriage return back as a line feed; nothing else changes.
        assert cell.data_type == "s" and cell.value == text.replace("\r", "\n")
    assert ws.cell(2, FIELDS.index("indicator") + 1).quotePrefix


def test_an_error_code_lookalike_stays_text() -> None:
    cell = workbook([DocResult("a.md", [fact(indicator="#N/A")])])["records"].cell(2, FIELDS.index("indicator") + 1)
    assert cell.data_type == "s" and cell.value == "#N/A"


def test_library_write_without_documents() -> None:
    from factx.writers import write

    out = io.BytesIO()
    write([fact(doc="a.md"), fact(doc="b.md"), fact(doc="a.md")], "xlsx", out)  # type: ignore[arg-type]
    wb = load_workbook(out)
    assert wb["records"].max_row == 4
    documents = [r[:3] for r in wb["documents"].iter_rows(min_row=2, values_only=True)]
    assert documents == [("a.md", None, 2), ("b.md", None, 1)]


# --- through the command line, on the real pipeline -----------------------------------------------


def _jsonl(tmp_path: Path) -> list[dict[str, Any]]:
    result = runner.invoke(app, ["extract", str(SAMPLES), "-f", "jsonl", "-o", str(tmp_path / "f.jsonl"), "-q"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in (tmp_path / "f.jsonl").read_text(encoding="utf-8").splitlines()]


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and math.isnan(a):
        a = None
    if isinstance(b, float) and math.isnan(b):
        b = None
    return a == b


def test_xlsx_reads_back_as_the_jsonl_records(tmp_path: Path) -> None:
    records = _jsonl(tmp_path)
    assert records
    result = runner.invoke(app, ["extract", str(SAMPLES), "-o", str(tmp_path / "f.xlsx"), "-q"])  # from the suffix
    assert result.exit_code == 0, result.output
    wb = load_workbook(tmp_path / "f.xlsx")
    rows = list(wb["records"].iter_rows(values_only=True))
    assert rows[0] == FIELDS
    assert [dict(zip(FIELDS, r, strict=True)) for r in rows[1:]] == records
    for r in rows[1:]:
        rec = dict(zip(FIELDS, r, strict=True))
        assert rec["value"] is None or isinstance(rec["value"], int | float)
        assert rec["growth"] is None or isinstance(rec["growth"], int | float)
    docs = list(wb["documents"].iter_rows(min_row=2, values_only=True))
    assert [d[0] for d in docs] == sorted({r["doc"] for r in records})
    assert sum(d[2] for d in docs) == len(records)
    assert all(d[1] for d in docs)  # every sample has a document date


def test_pandas_read_excel_gives_the_jsonl_records(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    records = _jsonl(tmp_path)
    assert runner.invoke(app, ["extract", str(SAMPLES), "-f", "xlsx", "-o", str(tmp_path / "f.xlsx")]).exit_code == 0
    df = pd.read_excel(tmp_path / "f.xlsx", sheet_name="records", dtype={"region_code": str})
    assert tuple(df.columns) == FIELDS
    assert str(df["value"].dtype) == "float64" and str(df["growth"].dtype) == "float64"
    assert str(df["start"].dtype) == "int64"
    back = df.to_dict("records")
    assert len(back) == len(records)
    for got, want in zip(back, records, strict=True):
        assert all(_same(got[k], want[k]) for k in FIELDS), (got, want)


def test_xlsx_on_a_terminal_is_refused(tmp_path: Path) -> None:
    leader, follower = pty.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "factx", "extract", str(SAMPLES / "city-briefing.md"), "-f", "xlsx"],
            stdout=follower,
            stderr=subprocess.PIPE,
            cwd=tmp_path,
            timeout=120,
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert proc.returncode == 2
    assert "-o FILE.xlsx" in proc.stderr.decode()


def test_xlsx_into_a_pipe_is_a_workbook(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "factx", "extract", str(SAMPLES / "city-briefing.md"), "-f", "xlsx"],
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == 0
    assert proc.stdout[:2] == b"PK"  # a zip container
    assert load_workbook(io.BytesIO(proc.stdout))["records"].max_row > 1
