"""factx.script: the simplified view extraction reads, one character for one."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
