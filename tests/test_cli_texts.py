"""What the commands say: help without type placeholders, whole paragraphs and whole example
lines; a mistyped option answered sensibly; formats in any case, a wrong one named with the valid
ones; an empty panel that says why."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factx.cli import app
from factx.cli_texts import suggest, whole_paragraphs

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
COMMANDS = ["extract", "eval", "explain", "panel", "schema"]
runner = CliRunner()


def invoke(*args: str, columns: int = 80):
    return runner.invoke(app, list(args), env={"COLUMNS": str(columns)})


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_has_no_type_placeholders(command: str) -> None:
    result = invoke(*([command] if command else []), "--help")
    assert result.exit_code == 0
    assert not re.search(r"<(bool|str|int|float|path|list\[str\])>", result.stdout), result.stdout


def test_help_paragraphs_and_examples_are_whole() -> None:
    wide = invoke("extract", "--help", columns=200).stdout
    assert "never unpacked to disk; a record's doc is then `archive.zip:path/in/archive.md`." in wide
    narrow = invoke("extract", "--help").stdout
    assert "factx extract s3://news/ --scheduler tcp://h:8786   # on a Dask cluster" in narrow
    assert "factx explain --text '上海市进出口总值达3.17万亿元。' --date 2023-10-31" in invoke("explain", "-h").stdout


def test_whole_paragraphs_keeps_only_blocks_marked_b() -> None:
    text = "First line\nwrapped here.\n\nSecond\nparagraph.\n\n\b\n  a\n  b"
    assert whole_paragraphs(text) == "First line wrapped here.\n\nSecond paragraph.\n\n  a\n  b"


@pytest.mark.parametrize(
    ("wrong", "said"),
    [
        ("--fromat", "Did you mean --format?"),
        ("--out", "Did you mean --output?"),
        ("--qiuet", "Did you mean --quiet?"),
        ("--max", "Did you mean --max-size or --max-member-size?"),
    ],
)
def test_a_mistyped_option_gets_the_one_meant(wrong: str, said: str) -> None:
    result = invoke("extract", "samples", wrong)
    assert result.exit_code == 2 and said in result.stderr


def test_an_option_like_no_other_lists_the_valid_ones() -> None:
    result = invoke("extract", "samples", "--bogus", columns=300)
    assert result.exit_code == 2 and "--jobs?" not in result.stderr and "Did you mean" not in result.stderr
    assert "No such option: --bogus. The options are --format/-f, --output/-o, --date," in result.stderr
    assert "-x. The options are --format/-f" in invoke("extract", "samples", "-x", columns=300).stderr
    assert (
        suggest("--bogus", [["--jobs", "-j"], ["--format"]])
        == "No such option: --bogus. The options are --jobs/-j, --format"
    )


@pytest.mark.parametrize(
    ("command", "valid"),
    [
        ("extract", "table, json, jsonl, csv, xlsx, html, parquet"),
        ("panel", "table, csv, xlsx, json"),
        ("explain", "tree, json"),
        ("eval", "table, json"),
    ],
)
def test_a_wrong_format_names_the_valid_ones(command: str, valid: str) -> None:
    result = invoke(command, str(SAMPLES / "trad-hk.md"), "-f", "yaml", columns=300)
    assert result.exit_code == 2
    assert f"'yaml' is not a format: use one of {valid}" in result.stderr and "Value error" not in result.stderr


def test_formats_are_read_in_any_case() -> None:
    sample = str(SAMPLES / "trad-hk.md")
    assert invoke("extract", sample, "-f", "CSV", "-q").stdout.startswith("doc,region,")
    assert invoke("extract", sample, "--format", "Jsonl", "-q").stdout.startswith('{"doc": ')
    assert invoke("panel", sample, "-f", "JSON", "-q").stdout.startswith("{")
    assert invoke("explain", sample, "-f", "JSON").stdout.startswith('{"doc": ')


def test_an_empty_panel_says_why() -> None:
    result = invoke("panel", str(SAMPLES), "--region", "火星", "-f", "table")
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr.startswith("factx: the panel is empty: --region 火星 matches none of the 100 records; their")
    assert "深圳" in result.stderr
    together = invoke("panel", str(SAMPLES), "--region", "深圳", "--indicator", "净利润", "-f", "csv", columns=300)
    assert "no record passes --region 深圳 --indicator 净利润 together (each alone leaves some)" in together.stderr
    late = invoke("panel", str(SAMPLES), "--since", "2030", "-f", "csv", "-q", columns=300)
    assert "--since 2030 matches none of the 100 records; their periods run from 2022 to" in late.stderr
