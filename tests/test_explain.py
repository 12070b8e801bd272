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
    tree = runner.invoke(app, ["explain", text, "--date", "2023-10-31"])
    assert tree.exit_code == 0, tree.output
    assert "regions.toml: 310000" in tree.output and "growth.toml: 同比" in tree.output
    out = runner.invoke(app, ["explain", text, "--date", "2023-10-31", "-f", "json"])
    data = json.loads(out.stdout)
    (rec,) = data["records"]
    assert rec["record"]["period"] == "2023-01/2023-09"
    assert rec["why"]["period"]["rule"] == "periods.toml: 前三季度"
    assert rec["why"]["region"]["note"] == "sentence: 上海市"
