"""Patterns of the language that news nobody here wrote uses (issue: right on unseen news).

Each test writes its own sentences and varies the wording, the script, the punctuation and
where the pattern stands, so a rule passes only when it names the pattern, not one phrase.
"""

from __future__ import annotations

import pytest

from factx import Fact, extract


def facts(text: str, date: str | None = None) -> list[Fact]:
    return extract(text, doc="t.md", date=date)


def fact(text: str, value_text: str, date: str | None = None) -> Fact:
    found = [f for f in facts(text, date) if f.value_text == value_text]
    assert len(found) == 1, [(f.value_text, f.growth) for f in facts(text, date)]
    return found[0]


# ---------------------------------------------------------------- kind: aims and plans


@pytest.mark.parametrize(
    ("text", "value_text"),
    [
        ("全省将启动培育工程，计划形成千亿级产业链10个，打造先进制造业集群4个。", "4个"),
        ("浙江还将培育100家龙头企业，打造4个世界级集群，形成3个万亿级产业链。", "3个"),
        ("该市將推動新型儲能發展，裝機規模達到300萬千瓦。", "300萬千瓦"),
        ("新区将在三年内引进项目50个, 带动投资200亿元.", "200亿元"),
    ],
)
def test_jiang_speaks_for_the_clauses_after_it(text: str, value_text: str) -> None:
    assert fact(text, value_text).kind == "target"


@pytest.mark.parametrize(
    ("text", "value_text"),
    [
        ("全市数字经济总量要达到2300亿元。", "2300亿元"),
        ("研发投入需新增50亿元，占比提高到3%。", "50亿元"),
        ("新能源汽车产量应不低于10万辆。", "10万辆"),
        pytest.param(
            "粮食播种面积須穩定在1500萬畝以上。",
            "1500萬畝",
            marks=pytest.mark.xfail(strict=True, reason="traditional script: waits for the simplified view"),
        ),
        ("到年底，全县要实现农村集体经济收入超过8000万元", "8000万元"),
    ],
)
def test_a_modal_before_an_aims_verb_makes_a_target(text: str, value_text: str) -> None:
    assert fact(text, value_text).kind == "target"


@pytest.mark.parametrize(
    ("text", "value_text"),
    [
        ("主要产品的市场需求达到120万吨。", "120万吨"),
        ("全年电力供应增加80亿千瓦时。", "80亿千瓦时"),
        ("重要节点城市完成投资300亿元。", "300亿元"),
        ("全市即将竣工的项目有12个，投资额将近500亿元。", "12个"),
    ],
)
def test_words_that_only_look_like_modals_leave_a_result_actual(text: str, value_text: str) -> None:
    assert fact(text, value_text).kind == "actual"


@pytest.mark.parametrize("verb", ["实现", "完成"])
def test_a_result_verb_right_after_an_aim_is_the_aims_own_verb(verb: str) -> None:
    assert fact(f"公司力争{verb}营业收入120亿元。", "120亿元").kind == "target"
    assert fact(f"公司计划到年底{verb}营业收入120亿元。", "120亿元").kind == "target"
    # a result word later in the sentence still takes the aim back (预计…，已实现)
    assert fact(f"预计全年增长5%，前三季度已{verb}营业收入90亿元。", "90亿元").kind == "actual"


@pytest.mark.parametrize("lead", ["主要目标是：", "主要預期目標如下：", "发展目标:", "力争实现以下目标："])
def test_a_cue_in_a_lists_lead_holds_for_every_item(lead: str) -> None:
    items = "- 地区生产总值增长5%左右；\n- 城镇新增就业12万人以上；\n- 研发投入达到80亿元。\n"
    text = f"# 某市规划\n\n2025年全市{lead}\n\n{items}"
    got = facts(text)
    assert [f.kind for f in got] == ["target"] * 3, [(f.value_text, f.kind) for f in got]


def test_a_list_under_a_plain_lead_stays_actual() -> None:
    text = "# 某市年报\n\n2024年全市主要数据如下：\n\n- 地区生产总值增长5.2%；\n- 城镇新增就业12万人。\n"
    assert [f.kind for f in facts(text)] == ["actual", "actual"]


# ---------------------------------------------------------------- period


@pytest.mark.parametrize(
    "dateline",
    ["本报哈尔滨12月14日电　", "新华社北京12月14日电 ", "中新网杭州12月14日電（记者 王某）", "本报讯 12月14日电："],
)
def test_a_news_dateline_gives_no_period(dateline: str) -> None:
    text = f"# 粮食生产\n\n{dateline}2023年，全省粮食总产量1557.64亿斤，占全国的11.2%。\n"
    f = fact(text, "1557.64亿斤")
    assert f.period == "2023"
    text = f"# 粮食生产\n\n{dateline}全省粮食总产量1557.64亿斤。\n"
    assert fact(text, "1557.64亿斤").period is None


@pytest.mark.parametrize("that_year", ["当年", "當年", "当年度"])
def test_that_year_is_the_year_in_context(that_year: str) -> None:
    text = f"2022年，全区棉花产量539.1万吨，增长5%。{that_year}棉花播种面积3745.4万亩，减少13.9万亩。"
    assert fact(text, "3745.4万亩", date="2023-12-15").period == "2022"
    assert fact(text, "13.9万亩", date="2023-12-15").period == "2022"


def test_that_year_in_a_price_basis_is_no_period() -> None:
    text = "2022年全市生产总值1.2万亿元，按当年价格计算增长4%。"
    assert fact(text, "1.2万亿元").period == "2022"


@pytest.mark.parametrize(
    ("words", "iso"),
    [("2022年第4季", "2022-10/2022-12"), ("2023年第1季", "2023-01/2023-03"), ("2023年第3季度", "2023-07/2023-09")],
)
def test_a_numbered_quarter_in_either_form(words: str, iso: str) -> None:
    text = f"{words}，台湾地区出口值達1200亿美元，年增5%。"
    assert fact(text, "1200亿美元").period == iso
