"""-f parquet -o DIR: a folder of part files whose typed columns, read with pandas, are the JSON Lines records."""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from factx import parquet
from factx.cli import app
from factx.models import FIELDS
from factx.writers import read_records

pd = pytest.importorskip("pandas")
pq = pytest.importorskip("pyarrow.parquet")

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
runner = CliRunner()


def extract(*args: str) -> Any:
    return runner.invoke(app, ["extract", "-q", *args])


def frame_records(folder: Path) -> list[dict[str, Any]]:
    """The dataset read with pandas, as plain records: NaN and pandas' missing values become None."""
    df = pd.read_parquet(folder)
    return [{k: (None if _missing(v) else v) for k, v in row.items()} for row in df.to_dict("records")]


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def as_jsonl_numbers(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """JSON Lines gives whole numbers as ints; Parquet's value and growth are float64."""
    return [{k: float(v) if k in ("value", "growth") and v is not None else v for k, v in r.items()} for r in records]


@pytest.fixture(scope="module")
def jsonl() -> list[dict[str, Any]]:
    result = extract(str(SAMPLES), "-f", "jsonl", "-j", "1")
    assert result.exit_code == 0, result.stderr
    return read_records(result.stdout, "jsonl")


def test_the_dataset_holds_the_jsonl_records_with_typed_columns(tmp_path: Path, jsonl: list[dict[str, Any]]) -> None:
    out = tmp_path / "facts"
    result = extract(str(SAMPLES), "-f", "parquet", "-o", str(out), "-j", "1")
    assert (result.exit_code, result.stdout) == (0, "")
    assert sorted(p.name for p in out.iterdir()) == ["part-00000.parquet"]
    df = pd.read_parquet(out)
    assert tuple(df.columns) == FIELDS
    assert {c: str(df[c].dtype) for c in ("value", "growth", "start", "end")} == {
        "value": "float64",
        "growth": "float64",
        "start": "int64",
        "end": "int64",
    }
    assert len(jsonl) > 50 and frame_records(out) == as_jsonl_numbers(jsonl)


def test_the_schema_is_spec_order_typed_and_nullable_where_spec_allows_null() -> None:
    schema = parquet.schema()
    assert tuple(schema.names) == FIELDS
    assert str(schema.field("value").type) == "double" and str(schema.field("start").type) == "int64"
    assert str(schema.field("region").type) == "string"
    assert schema.field("region").nullable and schema.field("growth").nullable
    assert not schema.field("doc").nullable and not schema.field("kind").nullable
    assert schema.field("end").metadata[b"description"] == b"end offset, exclusive"


def test_a_parquet_suffix_chooses_the_format(tmp_path: Path, jsonl: list[dict[str, Any]]) -> None:
    out = tmp_path / "facts.parquet"
    assert extract(str(SAMPLES), "-o", str(out), "-j", "1").exit_code == 0
    assert out.is_dir() and frame_records(out) == as_jsonl_numbers(jsonl)


def test_a_dataset_is_replaced_whole_and_a_folder_of_other_files_refused(tmp_path: Path) -> None:
    out = tmp_path / "facts"
    out.mkdir()
    (out / "part-00007.parquet").write_bytes(b"an older run")
    sample = str(SAMPLES / "city-briefing.md")
    assert extract(sample, "-f", "parquet", "-o", str(out)).exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["part-00000.parquet"]
    assert [p.name for p in tmp_path.iterdir()] == ["facts"]  # no staging folder left behind

    (out / "notes.txt").write_text("mine")
    result = extract(sample, "-f", "parquet", "-o", str(out))
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"factx: --output {out}: a folder holding other files (notes.txt…), not a Parquet dataset; refused\n"
    )
    assert (out / "notes.txt").read_text() == "mine"


def test_parquet_needs_an_output_folder(tmp_path: Path) -> None:
    result = extract(str(SAMPLES / "city-briefing.md"), "-f", "parquet")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "factx: -f parquet writes a folder of files: name it with -o DIR\n"
    afile = tmp_path / "afile"
    afile.write_text("x")
    result = extract(str(SAMPLES / "city-briefing.md"), "-f", "parquet", "-o", str(afile))
    assert result.exit_code == 2 and "not a folder" in result.stderr and afile.read_text() == "x"


def test_no_record_still_gives_the_columns(tmp_path: Path) -> None:
    (tmp_path / "none.md").write_text("今天天气很好。\n", encoding="utf-8")
    out = tmp_path / "facts"
    assert extract(str(tmp_path / "none.md"), "-f", "parquet", "-o", str(out)).exit_code == 0
    df = pd.read_parquet(out)
    assert len(df) == 0 and tuple(df.columns) == FIELDS and str(df["value"].dtype) == "float64"


def test_large_runs_roll_over_to_more_files_in_order(
    tmp_path: Path, jsonl: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parquet, "FILE_ROWS", 40)
    monkeypatch.setattr(parquet, "ROW_GROUP", 16)
    out = tmp_path / "facts"
    assert extract(str(SAMPLES), "-f", "parquet", "-o", str(out), "-j", "1").exit_code == 0
    files = sorted(p.name for p in out.iterdir())
    assert len(files) == math.ceil(len(jsonl) / 40) and files[0] == "part-00000.parquet"
    assert all(pq.read_metadata(out / f).num_rows <= 40 for f in files)
    assert frame_records(out) == as_jsonl_numbers(jsonl)


def test_a_failed_run_leaves_the_output_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "facts"
    with pytest.raises(KeyboardInterrupt), parquet.dataset(out) as writer:
        writer.add([])
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


def test_without_pyarrow_one_line_says_how_to_get_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # `import pyarrow` now raises ImportError
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    result = extract(str(SAMPLES / "city-briefing.md"), "-o", str(tmp_path / "facts.parquet"))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "factx: parquet output (pyarrow) needs the dask extra: pip install 'factx[dask]'\n"
    assert list(tmp_path.iterdir()) == []
