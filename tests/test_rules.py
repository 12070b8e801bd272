"""factx.rules: the shipped rule files load, a --rules DIR overlay extends them, and a bad rule
file gives one RuleError naming the file, the line of the entry's [[header]] and the entry."""

from __future__ import annotations

import textwrap
import tomllib
from pathlib import Path

import pytest

import factx
from factx.errors import RuleError
from factx.rules import RULE_FILES, default_dir, load_rules

RULES = default_dir()


def write(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(body).lstrip("\n"), encoding="utf-8")
    return path


def load_error(folder: Path) -> RuleError:
    with pytest.raises(RuleError) as info:
        load_rules(folder)
    return info.value


# ---------------------------------------------------------------- the shipped rules


def test_the_shipped_rules_load() -> None:
    rules = load_rules()
    assert "亿元" not in rules.units  # magnitudes are no units: the number layer applies them
    assert (rules.units["元"].unit, rules.units["元"].cls) == ("元", "money")
    assert rules.units["吨"].unit == "吨" and "噸" not in rules.units  # 噸 is read through the view
    assert rules.units["港仙"].factor == pytest.approx(0.01)
    assert rules.verbs["下降"] == -1 and rules.verbs["增长"] == 1
    assert rules.basis["同比"] == "yoy" and rules.basis["环比"] == "mom" and rules.basis["年均"] == "avg_annual"
    assert rules.basis["按年率"] is None
    assert "个百分点" in rules.pp_words
    assert rules.qual_before["约"] == "approx" and rules.qual_after["多"] == "over"
    assert {n.name for n in rules.nonclaims} >= {"ordinal", "milestone", "contribution"}
    assert rules.level_words["全省"] == "province"
    assert any(p.code == "310000" for p in rules.places["上海"])


@pytest.mark.parametrize("name", [n for n in RULE_FILES if (RULES / f"{n}.toml").exists()])
def test_every_shipped_rule_file_is_valid_toml(name: str) -> None:
    tomllib.loads((RULES / f"{name}.toml").read_text(encoding="utf-8"))


def test_every_unit_example_reads_with_its_unit() -> None:
    """units.toml `examples` are amounts that read with the entry's unit."""
    from factx.amounts import find_amounts

    rules = load_rules()
    data = tomllib.loads((RULES / "units.toml").read_text(encoding="utf-8"))
    checked = 0
    for entry in data["unit"]:
        for ex in entry.get("examples", []):
            found = [a for a in find_amounts(ex, 0, len(ex), rules, []) if a.dropped is None]
            assert [a.unit for a in found] == [entry["unit"]], (entry["unit"], ex)
            checked += 1
    assert checked >= 3


def test_load_rules_is_cached_per_folder() -> None:
    assert load_rules() is load_rules()


# ---------------------------------------------------------------- an overlay


def test_an_overlay_adds_a_unit_that_extract_then_reads(tmp_path: Path) -> None:
    text = "2023年，美国大豆产量41.6亿蒲式耳。"
    assert not [f for f in factx.extract(text) if f.unit == "蒲式耳"]
    write(
        tmp_path,
        "units.toml",
        """
        [[unit]]
        unit = "蒲式耳"
        forms = ["蒲式耳"]
        class = "measure"
        """,
    )
    facts = factx.extract(text, rules=tmp_path)
    assert [(f.value_text, f.value, f.unit) for f in facts] == [("41.6亿蒲式耳", pytest.approx(41.6e8), "蒲式耳")]


def test_an_overlay_keeps_the_shipped_entries(tmp_path: Path) -> None:
    write(tmp_path, "units.toml", '[[unit]]\nunit = "蒲式耳"\nforms = ["蒲式耳"]\n')
    rules = load_rules(tmp_path)
    assert rules.units["蒲式耳"].unit == "蒲式耳"
    assert rules.units["港元"].unit == "港元"
    assert len(rules.units) == len(load_rules().units) + 1
    assert rules.nonclaims == load_rules().nonclaims


def test_an_overlay_adds_a_nonclaim_rule(tmp_path: Path) -> None:
    text = "该馆藏品编号A区3000件，全年接待游客120万人次。"
    assert any(f.value_text == "3000件" for f in factx.extract(text))
    write(
        tmp_path,
        "nonclaims.toml",
        """
        [[nonclaim]]
        name = "exhibit-code"
        why = "an exhibit number is a label"
        before = '编号A区$'
        examples = ["编号A区3000件"]
        """,
    )
    facts = factx.extract(text, rules=tmp_path)
    assert [f.value_text for f in facts] == ["120万人次"]


def test_an_overlay_folder_that_is_no_folder_is_an_error(tmp_path: Path) -> None:
    err = load_error(tmp_path / "missing")
    assert "missing" in str(err)


# ---------------------------------------------------------------- bad rule files


def test_a_toml_syntax_error_names_the_file_and_line(tmp_path: Path) -> None:
    write(
        tmp_path,
        "units.toml",
        """
        [[unit]]
        unit = "蒲式耳
        forms = ["蒲式耳"]
        """,
    )
    err = load_error(tmp_path)
    assert err.file.endswith("units.toml")
    assert str(err).startswith(str(tmp_path / "units.toml"))
    assert "line 2" in str(err)
    assert "\n" not in str(err)


def test_a_unit_entry_without_unit_names_its_header_line_and_entry(tmp_path: Path) -> None:
    write(
        tmp_path,
        "units.toml",
        """
        # two new units
        [[unit]]
        unit = "蒲式耳"
        forms = ["蒲式耳"]

        [[unit]]
        forms = ["盎司"]
        class = "measure"
        """,
    )
    err = load_error(tmp_path)
    assert err.file == str(tmp_path / "units.toml")
    assert err.line == 6
    assert err.entry is not None and "unit #2" in err.entry
    assert "unit" in str(err) and "required" in str(err).lower()
    assert str(err).startswith(f"{tmp_path / 'units.toml'}:6 ")


def test_a_nonclaim_pattern_that_does_not_compile_names_the_entry(tmp_path: Path) -> None:
    write(
        tmp_path,
        "nonclaims.toml",
        """
        [[nonclaim]]
        name = "fine"
        why = "a good rule"
        before = '编号$'

        [[nonclaim]]
        name = "broken"
        why = "an unclosed group"
        before = '(第$'
        """,
    )
    err = load_error(tmp_path)
    assert err.line == 6
    assert err.entry is not None and "broken" in err.entry and "#2" in err.entry
    assert "before" in str(err) and "compile" in str(err)


def test_a_growth_verb_with_sign_2_names_the_entry(tmp_path: Path) -> None:
    write(
        tmp_path,
        "growth.toml",
        """
        [[verb]]
        words = ["微增"]
        sign = 1

        [[verb]]
        words = ["暴涨"]
        sign = 2
        """,
    )
    err = load_error(tmp_path)
    assert err.line == 5
    assert err.entry is not None and "verb #2" in err.entry
    assert "sign" in str(err)


def test_an_unknown_field_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "units.toml", '[[unit]]\nunit = "蒲式耳"\nforms = ["蒲式耳"]\nfactr = 2\n')
    err = load_error(tmp_path)
    assert err.line == 1
    assert "factr" in str(err)


def test_a_bad_overlay_leaves_the_shipped_rules_working(tmp_path: Path) -> None:
    write(tmp_path, "growth.toml", '[[verb]]\nwords = ["暴涨"]\nsign = 2\n')
    load_error(tmp_path)
    assert load_rules().verbs["增长"] == 1
    assert [f.growth for f in factx.extract("出口增长5%。")] == [5]


def test_an_overlay_extends_the_period_words(tmp_path: Path) -> None:
    (tmp_path / "periods.toml").write_text('[spans]\n"开年两月" = [1, 2]\n', encoding="utf-8")
    text = "# 江苏外贸\n\n开年两月，江苏出口3200亿元。\n"
    shipped = factx.extract(text, doc="t.md", date="2024-03-10")
    overlaid = factx.extract(text, doc="t.md", date="2024-03-10", rules=tmp_path)
    assert shipped[0].period is None
    assert (overlaid[0].period, overlaid[0].period_text) == ("2024-01/2024-02", "开年两月")


@pytest.mark.parametrize("pattern", ["(a+)+$", "([一二]+)+$"])
def test_a_catastrophic_pattern_is_refused_with_file_line_and_entry(tmp_path: Path, pattern: str) -> None:
    (tmp_path / "nonclaims.toml").write_text(
        f'# a foreign rule file\n\n[[nonclaim]]\nname = "evil"\nwhy = "x"\nbefore = \'{pattern}\'\n', encoding="utf-8"
    )
    with pytest.raises(RuleError) as e:
        load_rules(tmp_path)
    assert (e.value.line, e.value.entry) == (3, "nonclaim #1 'evil'")
    assert "backtracks catastrophically" in str(e.value) and "nonclaims.toml" in str(e.value)


def test_a_rule_file_linking_outside_its_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.toml"
    outside.write_text('[[unit]]\nunit = "桶"\nforms = ["桶"]\n', encoding="utf-8")
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "units.toml").symlink_to(outside)
    with pytest.raises(RuleError, match="links outside the rule folder"):
        load_rules(rules)


def test_an_empty_word_in_a_list_is_an_error(tmp_path: Path) -> None:
    """An empty opener would match at every position: refused with the file named."""
    write(tmp_path, "indicators.toml", '[openers]\nwords = ["其中", ""]\n')
    err = load_error(tmp_path)
    assert "indicators.toml" in str(err)
    assert "at least 1 character" in str(err)


def test_a_lead_in_pattern_that_does_not_compile_names_the_file(tmp_path: Path) -> None:
    write(tmp_path, "indicators.toml", "[lead_ins]\npatterns = ['(分|从']\n")
    err = load_error(tmp_path)
    assert "indicators.toml" in str(err)
    assert "does not compile" in str(err)
