"""CSV for Excel (a BOM in files, formula-safe text) and JSON Lines that pandas reads unchanged."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from factx.cells import csv_text, display_width, formula_like
from factx.cli import app
from factx.models import FIELDS, Fact
from factx.writers import write

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
DEV = ROOT.parent / "shared" / "eval" / "dev" / "docs"
runner = CliRunner()


def fact(**changes: Any) -> Fact:
    base: dict[str, Any] = {
        "doc": "a.md",
        "region": "江苏",
        "region_code": "320000",
        "entity": None,
        "entity_code": None,
        "indicator": "出口",
        "value": None,
        "unit": None,
        "value_text": None,
        "qualifier": "exact",
        "growth": -1.5,
        "growth_unit": "%",
        "growth_basis": "yoy",
        "period": "2023",
        "period_text": "去年",
        "kind": "actual",
        "sentence": "去年出口下降1.5%。",
        "start": 0,
        "end": 4,
    }
    return Fact(**{**base, **changes})


@pytest.mark.parametrize("text", ["=1+1", "+1", "-x", "@A1", "\tx", "\rx"])
def test_formula_starts(text: str) -> None:
    assert formula_like(text) and csv_text(text) == "'" + text


@pytest.mark.parametrize("text", ["进出口", "3.17万亿元", "a=b", "", "'quoted"])
def test_ordinary_text_is_kept(text: str) -> None:
    assert not formula_like(text) and csv_text(text) == text


def test_display_width_counts_cjk_double() -> None:
    assert display_width("abc") == 3 and display_width("进出口") == 6 and display_width("（") == 2


def test_csv_text_cells_get_an_apostrophe_numbers_stay_numbers() -> None:
    out = io.StringIO()
    write([fact(indicator='=HYPERLINK("http://x")', sentence="-减少", period_text="@去年")], "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows[0]["indicator"] == '\'=HYPERLINK("http://x")'
    assert rows[0]["sentence"] == "'-减少"
    assert rows[0]["period_text"] == "'@去年"
    assert rows[0]["growth"] == "-1.5"  # a number, not text: no apostrophe
    assert rows[0]["region"] == "江苏"


def test_json_and_jsonl_carry_text_exactly() -> None:
    f = fact(indicator="=1+1", sentence="-减少")
    for fmt in ("json", "jsonl"):
        out = io.StringIO()
        write([f], fmt, out)
        text = out.getvalue()
        rec = json.loads(text)[0] if fmt == "json" else json.loads(text)
        assert rec["indicator"] == "=1+1" and rec["sentence"] == "-减少" and rec["growth"] == -1.5


def test_csv_file_has_a_bom_stdout_does_not(tmp_path: Path) -> None:
    target = tmp_path / "facts.csv"
    assert runner.invoke(app, ["extract", str(SAMPLES / "city-briefing.md"), "-o", str(target), "-q"]).exit_code == 0
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and "深圳".encode() in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(rows[0]) == FIELDS
    result = runner.invoke(app, ["extract", str(SAMPLES / "city-briefing.md"), "-f", "csv", "-q"])
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"doc,region")


def test_numbers_are_tidied_to_what_a_spreadsheet_keeps() -> None:
    out = io.StringIO()
    write([fact(value=43760.7 * 1e8, unit="元", value_text="43760.7亿元", growth=0.1 + 0.2)], "jsonl", out)
    rec = json.loads(out.getvalue())
    assert rec["value"] == 4376070000000 and isinstance(rec["value"], int)
    assert rec["growth"] == 0.3


def test_pandas_reads_the_jsonl_unchanged(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    sources = [str(SAMPLES)] + ([str(DEV)] if DEV.is_dir() else [])
    target = tmp_path / "facts.jsonl"
    assert runner.invoke(app, ["extract", *sources, "-f", "jsonl", "-o", str(target), "-q"]).exit_code == 0
    records = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert len(records) > 50
    # As the README says: codes stay text, and every decimal is read to the last digit.
    df = pd.read_json(target, lines=True, dtype={"region_code": str}, precise_float=True)
    assert tuple(df.columns) == FIELDS
    assert str(df["value"].dtype) == "float64" and str(df["start"].dtype) == "int64"
    for got, want in zip(df.to_dict("records"), records, strict=True):
        for k in FIELDS:
            g = got[k]
            if g is None or (isinstance(g, float) and math.isnan(g)):
                g = None
            assert g == want[k], (k, g, want[k])
            if isinstance(want[k], str):
                assert isinstance(g, str)
