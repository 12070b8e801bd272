"""factx.script: the simplified view extraction reads, one character for one."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factx import Fact, extract
from factx.script import simplified, simplified_strings, t2s_table, written_name

SIMPLIFIED = "全年进出口总值3.17万亿元人民币，同比增长2.7%；零售业总销货价值按年下跌，营收亿元第3季"
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_the_view_keeps_the_length_of_any_string(s: str) -> None:
    assert len(simplified(s)) == len(s)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.one_of(CJK, st.characters(max_codepoint=0x7F))))
def test_each_character_maps_alone_so_offsets_hold(s: str) -> None:
    view = simplified(s)
    for i in range(len(s)):
        assert view[i] == simplified(s[i])


@given(st.text(alphabet=st.characters(max_codepoint=0x7F)))
def test_ascii_is_unchanged(s: str) -> None:
    assert simplified(s) == s


@given(st.text(alphabet=SIMPLIFIED))
def test_simplified_text_is_unchanged(s: str) -> None:
    assert simplified(s) == s


@pytest.mark.parametrize(("trad", "simp"), [("噸", "吨"), ("銷", "销"), ("億", "亿"), ("臺", "台"), ("萬", "万")])
def test_known_pairs_map(trad: str, simp: str) -> None:
    assert simplified(trad) == simp


def test_the_table_holds_only_one_to_one_mappings() -> None:
    table = t2s_table()
    assert len(table) > 2000
    assert all(len(v) == 1 and chr(k) != v for k, v in table.items())


def test_rule_data_is_converted_keys_and_values() -> None:
    assert simplified_strings({"年": ["億元", 3], "週末": {"x": "營收"}}) == {"年": ["亿元", 3], "周末": {"x": "营收"}}


def test_a_name_is_read_back_at_the_same_offsets() -> None:
    text = "本港零售業總銷貨價值為363億港元"
    view = simplified(text)
    assert written_name("零售业总销货价值", view, text, [(0, len(text))], 10) == "零售業總銷貨價值"


def test_a_name_with_words_taken_out_is_read_as_a_subsequence() -> None:
    text = "臺灣出口總值在第3季達1兆元"  # the name leaves out 在第3季
    view = simplified(text)
    assert written_name("出口总值达", view, text, [(0, len(text))], 12) == "出口總值達"


def test_a_joined_name_is_read_piece_by_piece_in_the_paragraph() -> None:
    text = "| 項目 | 營收 |\n| 電視機 | 3億元 |"
    view = simplified(text)
    spans = [(text.index("電"), len(text)), (0, len(text))]
    assert written_name("电视机营收", view, text, spans, len(text)) == "電視機營收"


def test_a_name_the_text_does_not_hold_is_none() -> None:
    text = "營收3億元"
    assert written_name("净利润", simplified(text), text, [(0, len(text))], 2) is None


# ---------------------------------------------------------------- traditional releases through the view


def one(text: str) -> Fact:
    (f,) = extract(text, date="2024-01-15")
    assert f.value_text is None or text[f.start : f.end] == f.value_text
    return f


@pytest.mark.parametrize(
    ("text", "region", "indicator"),
    [
        ("2023年廣東省地區生產總值達13.57萬億元，比上年增長4.8%。", "广东", "地區生產總值"),
        ("前三季度，江蘇省規模以上工業增加值同比增長7.1%。", "江苏", "規模以上工業增加值"),
        ("上半年，重慶市社會消費品零售總額為7,000億元，同比增長6.5%。", "重庆", "社會消費品零售總額"),
    ],
)
def test_a_province_written_in_traditional_script_is_the_region(text: str, region: str, indicator: str) -> None:
    f = one(text)
    assert (f.region, f.indicator) == (region, indicator)  # the name as written, the region simplified
    assert f.sentence == text


def test_a_traditional_approximation_word_is_the_qualifier() -> None:
    f = one("澳門第3季度博彩收入約為526億澳門元，按年上升約3倍。")
    assert (f.qualifier, f.indicator, f.value_text, f.period_text) == ("approx", "博彩收入", "526億澳門元", "第3季度")
    assert (f.value, f.unit) == (52_600_000_000, "澳门元")


def test_a_traditional_list_with_fen_bie_pairs_item_for_item() -> None:
    text = "2023年，臺灣電子零組件及資通產品出口分別為1,000億美元和800億美元。"
    first, second = extract(text, date="2024-01-15")
    # names joined in the view (item + shared head) are read back as written, in order
    assert (first.indicator, second.indicator) == ("電子零組件出口", "資通產品出口")
    assert (first.value_text, second.value_text) == ("1,000億美元", "800億美元")
    assert first.region == second.region == "台湾"


def test_a_traditional_rule_word_in_an_overlay_matches_both_scripts(tmp_path: Path) -> None:
    (tmp_path / "qualifiers.toml").write_text(
        '[[qualifier]]\nqualifier = "approx"\nwhere = "before"\nwords = ["大概"]\n'
        '[[qualifier]]\nqualifier = "over"\nwhere = "before"\nwords = ["起碼達"]\n',
        encoding="utf-8",
    )
    for text in ("全年營收起碼達3億元。", "全年营收起码达3亿元。"):
        (f,) = extract(text, rules=tmp_path)
        assert f.qualifier == "over", text
