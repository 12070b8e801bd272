"""factx.indicator: naming what an amount measures, and the shortcuts that must not change it."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factx import extract, indicator, tokens
from factx.rules import load_rules

RULES = load_rules()
SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _cut_with_jieba(s: str) -> tuple[str, str, str]:
    """The split as jieba alone gives it, without the no-predicate shortcut."""
    pos = 0
    for token in tokens.cut(s, RULES):
        if pos > 0 and token in RULES.predicates:
            return s[:pos], s[pos + len(token) :], token
        pos += len(token)
    return s, "", ""


def _strip_front_reference(s: str, remove: list[str]) -> str:
    words = [w for w in (*remove, *RULES.openers) if w]
    while s:
        s = s.lstrip(indicator._STRIP_CHARS)
        first = next((w for w in words if s.startswith(w)), None)
        if first is None:
            return s
        s = s[len(first) :]
    return s


def _clauses() -> list[str]:
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.md")))
    out, start = [], 0
    for i, ch in enumerate(text):
        if ch in indicator._CLAUSE_END or ch == "\n":
            out.append(text[start:i])
            start = i + 1
    return [c for c in out if c]


_ALPHABET = "".join(sorted({ch for w in (*RULES.predicates, *RULES.openers) for ch in w})) + "工业出口总额增长5%，"


def test_the_predicate_shortcut_cuts_every_sample_clause_as_jieba() -> None:
    clauses = _clauses()
    assert len(clauses) > 100
    assert sum(1 for c in clauses if _cut_with_jieba(c)[2]) > 10  # the shortcut is not all there is
    for c in clauses:
        assert indicator._cut_predicate(c, RULES) == _cut_with_jieba(c), c


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=24))
def test_the_predicate_shortcut_cuts_any_text_as_jieba(s: str) -> None:
    assert indicator._cut_predicate(s, RULES) == _cut_with_jieba(s)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=_ALPHABET + " *“", max_size=20),
    st.lists(st.sampled_from(["上海", "前三季度", "全市", "其中", "1-9月"]), max_size=3),
)
def test_strip_front_takes_the_first_listed_word_each_time(s: str, remove: list[str]) -> None:
    assert indicator._strip_front(s, RULES, remove) == _strip_front_reference(s, remove)


def test_clean_names_the_subject_before_its_predicate() -> None:
    why: list[str] = []
    assert indicator.clean("今年前三季度上海市进出口总值达", RULES, ["今年前三季度", "上海市"], why) == "进出口总值"
    assert "indicators.toml: 达" in why


@pytest.mark.parametrize("clause", ["分季度看", "从贸易伙伴看", "从环比看", "总体来看", "按经济类型看"])
def test_a_lead_in_names_nothing(clause: str) -> None:
    why: list[str] = []
    assert indicator.clean(clause, RULES, [], why) == ""
    assert why == ["indicators.toml: lead_ins"]


def test_a_clause_like_a_lead_in_but_longer_is_a_name() -> None:
    assert indicator.clean("分行业增加值", RULES, []) != ""


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("在接待的游客中，过夜游客（仅限于住在宾馆饭店，下同）为9393万人次。", "过夜游客"),
        ("归属于母公司股东的净利润(净利润,下同)168.84亿元。", "归属于母公司股东的净利润"),
        ("過夜遊客（僅限於住在賓館，下同）為9393萬人次。", "過夜遊客"),
    ],
)
def test_a_note_in_brackets_with_a_comma_is_no_clause_and_no_name(text: str, name: str) -> None:
    [f] = extract(text)
    assert f.indicator == name


# ---------------------------------------------------------------- ranked lists under a lead line

RANKED = [
    (
        "首先回望一下1-9月份各地市财政收入完成数据:\n\n"
        "1.合肥(729.3亿元 同比增长0.1%下同)、2.芜湖(304.9亿元 2.2%)、3.阜阳(144.9亿元 -7.2%)。\n",
        "财政收入",
    ),
    (
        "下面来看前三季度各市GDP：\n\n"
        "一、苏州（729.3亿元，增长0.1%）、二、南京（304.9亿元，2.2%）、三、无锡（144.9亿元，-7.2%）。\n",
        "GDP",
    ),
    (
        "各市稅收收入如下：\n\n(1)廣州(729.3億元 按年增長0.1%)、(2)深圳(304.9億元 2.2%)、(3)佛山(144.9億元 -7.2%)\n",
        "稅收收入",
    ),
]


@pytest.mark.parametrize(("text", "name"), RANKED)
def test_items_of_a_ranked_list_take_the_name_of_its_lead_line(text: str, name: str) -> None:
    facts = [f for f in extract(text, doc="t.md", date="2024-11-20") if f.value is not None]
    assert len(facts) == 3
    assert all(f.indicator.endswith(name) for f in facts), [f.indicator for f in facts]


@pytest.mark.parametrize(("text", "name"), RANKED)
def test_the_bare_rate_after_an_amount_in_a_later_bracket_is_its_change(text: str, name: str) -> None:
    facts = [f for f in extract(text, doc="t.md", date="2024-11-20") if f.value is not None]
    assert [f.growth for f in facts] == [0.1, 2.2, -7.2]
    assert {f.growth_basis for f in facts} == {"yoy"}


def test_a_bare_rate_in_brackets_without_a_changed_first_item_stays_a_level() -> None:
    text = "各市GDP：苏州（18003.4亿元，占全省14.2%）、南京（13065.6亿元，10.3%）。\n"
    facts = extract(text, doc="t.md", date="2024-11-20")
    assert all(f.growth is None for f in facts), [(f.value_text, f.growth) for f in facts]


def test_a_list_without_a_lead_line_names_nothing_from_the_paragraph_before() -> None:
    text = "今年经济运行平稳。\n\n1.合肥(729.3亿元)、2.芜湖(304.9亿元)、3.阜阳(144.9亿元)。\n"
    assert {f.indicator for f in extract(text, doc="t.md", date="2024-11-20")} == {""}


@pytest.mark.parametrize(
    ("text", "name"),
    [("增加值增长10%。", "增加值"), ("拥有量占比为76.6%。", "拥有量占比"), ("实现营业收入100亿元。", "营业收入")],
)
def test_a_predicate_opening_a_measure_stays_in_its_name(text: str, name: str) -> None:
    (f,) = extract(text, doc="t.md")
    assert f.indicator == name


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "交通运输、仓储和邮政业,金融业,租赁和商务服务业,信息传输、软件和信息技术服务业增加值分别增长15.9%、10.6%、3.3%和7.2%。",
            [
                "交通运输、仓储和邮政业增加值",
                "金融业增加值",
                "租赁和商务服务业增加值",
                "信息传输、软件和信息技术服务业增加值",
            ],
        ),
        (
            "1-5月，橡胶和塑料制品业，专用设备制造业，电力、热力生产和供应业，纺织业分别增长14.1%、13.2%、12.3%、7.8%。",
            ["橡胶和塑料制品业", "专用设备制造业", "电力、热力生产和供应业", "纺织业"],
        ),
        (
            "1—5月，醫藥製造業，專用設備製造業，電力、熱力生產和供應業產值分別增長14.1%、13.2%、12.3%和8.9%。",
            None,  # four rates, three items: no pairing is sure
        ),
    ],
)
def test_a_list_of_items_set_apart_by_commas_pairs_with_its_rates(text: str, names: list[str] | None) -> None:
    got = [f.indicator for f in extract(text, doc="t.md")]
    assert got == names if names is not None else len(set(got)) == 1, got


def test_a_clause_before_a_list_of_its_own_is_no_item() -> None:
    text = "全市工业平稳，采矿业、制造业分别增长3%、6%。"
    assert [f.indicator for f in extract(text, doc="t.md")] == ["采矿业", "制造业"]


# from–to with a count or a bare verb+至: both figures are the subject's (SPEC 2, from–to sentences)
FROM_TO = [
    ("全市高新企业数量从107家增加到500家以上。", "高新企业数量", ["107家", "500家"]),
    ("到2025年，规上企业由850户增至1200户。", "规上企业", ["850户", "1200户"]),
    ("员工人均薪酬从上一年度的60万元降至48万元。", "员工人均薪酬", ["60万元", "48万元"]),
    ("同期的就業不足人數則由38 800人下跌至37 600人。", "就業不足人數", ["38 800人", "37 600人"]),
    ("失业人数由12.1万人，跌至11.8万人", "失业人数", ["12.1万人", "11.8万人"]),
    ("門店數目由320間減至290間", "門店數目", ["320間", "290間"]),
]


@pytest.mark.parametrize(("text", "name", "figures"), FROM_TO)
def test_both_figures_of_a_from_to_sentence_name_its_subject(text: str, name: str, figures: list[str]) -> None:
    facts = extract(text)
    assert [f.value_text for f in facts] == figures
    assert [f.indicator for f in facts] == [name] * len(figures)


@pytest.mark.parametrize(
    "text",
    [
        "共销售汽车3.1万辆,同比下降4.5%,其中国内2.6万辆",
        "全月销售各类挖掘机12608台，同比增长41.2%，其中国内5837台，同比增长49.2%",
        "全年銷售機組1,200台，按年下跌8%。其中國內860台",
    ],
)
def test_a_clause_of_a_bare_change_names_nothing_and_the_look_back_goes_on(text: str) -> None:
    facts = extract(text)
    assert len(facts) == 2
    assert facts[1].indicator == facts[0].indicator


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("第一、二、三产业增加值分别增长3.3%、9.5%和13.3%。", ["第一产业增加值", "第二产业增加值", "第三产业增加值"]),
        ("其中，一、二、三产业分别增长3.3%、9.5%和13.3%。", ["一产业", "二产业", "三产业"]),
        ("第一、第二產業增加值分別增長3.3%和9.5%。", ["第一產業增加值", "第二產業增加值"]),
        ("一、二类苗占比分别为80%和15%。", ["一类苗占比", "二类苗占比"]),
    ],
)
def test_ordinals_standing_alone_in_a_list_take_the_last_items_noun(text: str, names: list[str]) -> None:
    assert [f.indicator for f in extract(text)] == names


def test_a_list_of_quarters_is_no_list_of_names() -> None:
    assert all("季度" not in f.indicator for f in extract("工业增加值一、二季度分别增长3.3%和9.5%。"))


@pytest.mark.parametrize("lead", ["尤其是", "特别是", "例如", "另一方面，"])
def test_a_word_that_leads_an_example_is_no_part_of_its_name(lead: str) -> None:
    (f,) = extract(f"{lead}电子产品（升56.0%）。")
    assert f.indicator == "电子产品"
