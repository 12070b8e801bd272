"""`-o` and `-f` agree or the run stops with exit 2 before anything is written; `.gz` outputs are
gzip of what the plain name would hold, or refused by name."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factx.cli import app
from factx.writers import read_records

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "weekly-digest.md"
FORMATS = "table|json|jsonl|csv|xlsx|html|parquet"
runner = CliRunner()


@pytest.fixture(autouse=True)
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def extract(*args: str, command: str = "extract"):
    return runner.invoke(app, [command, str(SAMPLE), "-q", *args])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "out.xyz"], "-o out.xyz: '.xyz' names no format; end it in .csv, .json, .jsonl, .xlsx, .html or "
         f".parquet (.gz after .csv, .json or .jsonl compresses), or give -f {FORMATS}"),
        (["-o", "out"], "-o out: no extension names its format; end it in .csv, "),
        (["-o", "out.gz"], "-o out.gz: no extension names its format; "),
        (["-f", "csv", "-o", "y.xlsx"], "-f csv contradicts -o y.xlsx (.xlsx is xlsx): drop one of them"),
        (["-f", "parquet", "-o", "x.jsonl"], "-f parquet contradicts -o x.jsonl (.jsonl is jsonl)"),
        (["-f", "json", "-o", "x.csv.gz"], "-f json contradicts -o x.csv.gz (.csv is csv)"),
        (["-o", "x.xlsx.gz"], "-o x.xlsx.gz: xlsx is not written gzip-compressed (only json, jsonl, csv are)"),
        (["-f", "html", "-o", "x.gz"], "-o x.gz: html is not written gzip-compressed"),
    ],
)  # fmt: skip
def test_a_mismatch_is_a_usage_error_and_writes_nothing(here: Path, args: list[str], message: str) -> None:
    result = extract(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith("factx: " + message) and result.stderr.count("\n") == 1
    assert list(here.iterdir()) == []  # no file, no folder (x.jsonl made by -f parquet), no temporary


@pytest.mark.parametrize("name", ["facts.jsonl.gz", "facts.json.gz", "facts.csv.gz", "FACTS.CSV.GZ"])
def test_gz_is_gzip_of_the_plain_file(here: Path, name: str) -> None:
    plain = name.lower().removesuffix(".gz")
    assert extract("-o", name).exit_code == 0 and extract("-o", plain).exit_code == 0
    data = Path(name).read_bytes()
    assert data[:2] == b"\x1f\x8b" and gzip.decompress(data) == Path(plain).read_bytes()
    assert extract("-o", name).exit_code == 0 and Path(name).read_bytes() == data  # mtime 0: a rerun, the same bytes
    fmt = Path(plain).suffix[1:]
    assert len(read_records(gzip.decompress(data).decode("utf-8-sig"), fmt)) > 10


def test_an_unknown_extension_with_f_is_written_as_f_says(here: Path) -> None:
    assert extract("-f", "jsonl", "-o", "facts.txt").exit_code == 0
    assert all(json.loads(line) for line in Path("facts.txt").read_text(encoding="utf-8").splitlines())
    assert extract("-f", "csv", "-o", "facts.gz").exit_code == 0
    assert gzip.decompress(Path("facts.gz").read_bytes()).startswith("\ufeffdoc,".encode())


def test_agreeing_f_and_o_is_fine(here: Path) -> None:
    assert extract("-f", "csv", "-o", "facts.csv").exit_code == 0
    assert extract("-f", "jsonl", "-o", "facts.ndjson").exit_code == 0


def test_panel_holds_to_the_same_rule(here: Path) -> None:
    result = extract("-o", "panel.xyz", command="panel")
    assert (
        result.exit_code == 2
        and "-o panel.xyz: '.xyz' names no format; end it in .csv, .xlsx or .json" in result.stderr
    )
    result = extract("-f", "json", "-o", "panel.csv", command="panel")
    assert result.exit_code == 2 and "-f json contradicts -o panel.csv (.csv is csv)" in result.stderr
    result = extract("-o", "panel.csv.gz", command="panel")
    assert result.exit_code == 2 and "csv is not written gzip-compressed (none is)" in result.stderr
    assert list(here.iterdir()) == []
