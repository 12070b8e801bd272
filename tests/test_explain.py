"""`factx explain`: every field of every record names a rule entry that exists, from the same
code path as `extract`; numbers left out are listed with the rule that dropped them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import factx.cli_explain  # noqa: F401  (registers the command)
from factx.cli import app
from factx.models import FIELDS
from factx.pipeline import Explanation, extract_doc
from factx.reader import read_path
from factx.rules import load_rules, ref_exists

SEED = Path(__file__).resolve().parents[2] / "shared/eval/dev/docs/seed-2023-10-31.md"
SAMPLES = sorted((Path(__file__).resolve().parents[1] / "samples").glob("*.md"))
DOCS = [p for p in [SEED, *SAMPLES] if p.exists()]


def explained(path: Path) -> Explanation:
    ex = Explanation()
    extract_doc(read_path(str(path)), load_rules(), ex)
    return ex


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_every_non_null_field_names_an_existing_rule_entry(path: Path) -> None:
    ex = explained(path)
    assert ex.records
    for fact, why in ex.records:
        for name in FIELDS:
            if name in ("doc", "sentence", "start", "end") or getattr(fact, name) is None:
                continue
            assert name in why, (fact.value_text or fact.growth, name)
            assert ref_exists(why[name]["rule"]), (fact.value_text or fact.growth, name, why[name])


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_explain_runs_the_same_path_as_extract(path: Path) -> None:
    doc = read_path(str(path))
    assert [f for f, _ in explained(path).records] == extract_doc(doc, load_rules())


def test_ref_exists_refuses_what_is_not_there() -> None:
    assert ref_exists("units.toml: 元")
    assert ref_exists("regions.toml: 310000")
    assert not ref_exists("units.toml: 不存在的单位")
    assert not ref_exists("elsewhere.toml: 元")
    assert not ref_exists("units.toml")


def test_numbers_left_out_carry_the_rule_that_dropped_them(tmp_path: Path) -> None:
    p = tmp_path / "t.md"
    p.write_text("# 宁波港\n\n2023年，宁波舟山港集装箱吞吐量跨过3000万标箱关口，位居全国第3位。\n", encoding="utf-8")
    dropped = {d["text"]: d["rule"] for d in explained(p).dropped}
    assert dropped["3000万标箱"] == "nonclaims.toml: milestone"
    assert dropped["3位"] == "nonclaims.toml: ordinal"


def test_cli_tree_and_json() -> None:
    text = "今年前三季度，上海市进出口总值达3.17万亿元，同比增长2.7%。"
    runner = CliRunner()
    tree = runner.invoke(app, ["explain", "--text", text, "--date", "2023-10-31"])
    assert tree.exit_code == 0, tree.output
    assert "-: 1 record, 0 numbers left out" in tree.output
    assert "regions.toml: 310000" in tree.output and "growth.toml: 同比" in tree.output
    out = runner.invoke(app, ["explain", "-t", text, "--date", "2023-10-31", "-f", "json"])
    data = json.loads(out.stdout)
    (rec,) = data["records"]
    assert rec["record"]["period"] == "2023-01/2023-09"
    assert rec["why"]["period"]["rule"] == "periods.toml: 前三季度"
    assert rec["why"]["region"]["note"] == "sentence: 上海市"


runner = CliRunner()


def test_a_missing_path_is_named_and_exits_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["explain", "missing.md"])
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", "factx: missing.md: no such file\n")
    # a text given where a path goes: named, with the way to explain a text
    result = runner.invoke(app, ["explain", "上海市进出口总值达3.17万亿元"])
    assert result.exit_code == 1 and result.stdout == ""
    assert (
        result.stderr == "factx: 上海市进出口总值达3.17万亿元: no such file; to explain a text, give it with --text\n"
    )


def test_a_folder_explains_each_document_and_a_missing_one_does_not_stop_the_rest() -> None:
    folder = str(SAMPLES[0].parent)
    result = runner.invoke(app, ["explain", folder, "missing.md", "-f", "json"])
    assert result.exit_code == 1 and "factx: missing.md: no such file" in result.stderr
    docs = [json.loads(line) for line in result.stdout.splitlines()]  # one object a document, one a line
    assert [d["doc"] for d in docs] == [str(p) for p in SAMPLES] and len(docs) == 5
    for d, path in zip(docs, SAMPLES, strict=True):
        assert [r["record"] for r in d["records"]] == [f.model_dump() for f, _ in explained(path).records]
    tree = runner.invoke(app, ["explain", folder])
    assert tree.exit_code == 0
    assert [line.split(":")[0] for line in tree.stdout.splitlines() if line.startswith(folder)] == [
        str(p) for p in SAMPLES
    ]


def test_stdin_and_nothing_at_all() -> None:
    result = runner.invoke(app, ["explain", "-", "-f", "json"], input="上海市进出口总值达3.17万亿元。")
    assert result.exit_code == 0 and json.loads(result.stdout)["records"][0]["record"]["value_text"] == "3.17万亿元"
    result = runner.invoke(app, ["explain"])
    assert result.exit_code == 2 and "give a PATH (- for stdin) or --text TEXT" in result.stderr
