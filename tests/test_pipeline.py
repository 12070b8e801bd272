"""The whole pipeline through `factx.extract`: which claims a text gives, how rates pair with
amounts (SPEC sections 3 and 4), tables, notes, indicators and the record's offsets."""

from __future__ import annotations

import pytest
from sentences import fact, facts

from factx import Fact
from factx.models import FIELDS


def rates(text: str, date: str | None = None) -> list[Fact]:
    """The growth-only records, in document order."""
    return [f for f in facts(text, date) if f.value is None]


def growth_of(f: Fact) -> tuple[float | None, str | None]:
    return f.growth, f.growth_unit


# ---------------------------------------------------------------- one record per claim


def test_an_amount_with_its_growth_rate_is_one_record() -> None:
    text = "# 浙江商贸\n\n2023年，义乌市场成交额达1.65万亿元，同比增长8.49%。\n"
    got = facts(text)
    assert len(got) == 1
    f = got[0]
    assert (f.value, f.unit, f.value_text, f.qualifier) == (pytest.approx(1.65e12), "元", "1.65万亿元", "exact")
    assert (f.growth, f.growth_unit, f.growth_basis) == (8.49, "%", "yoy")
    assert f.sentence == "2023年，义乌市场成交额达1.65万亿元，同比增长8.49%。"
    assert f.doc == "t.md"


def test_records_carry_the_contract_fields_in_order() -> None:
    f = facts("# 浙江\n\n2023年，全省出口3.57万亿元。\n")[0]
    assert tuple(f.model_dump()) == FIELDS
    assert FIELDS[:3] == ("doc", "region", "region_code") and FIELDS[-2:] == ("start", "end")


def test_growth_attaches_to_the_nearest_amount_before_it() -> None:
    text = "# 浙江外贸\n\n2023年，浙江出口3.57万亿元，进口1.33万亿元，增长1.2%。\n"
    assert growth_of(fact(text, "3.57万亿元")) == (None, None)
    assert growth_of(fact(text, "1.33万亿元")) == (1.2, "%")
    assert rates(text) == []


def test_a_rate_after_another_named_indicator_is_growth_only() -> None:
    text = "# 浙江消费\n\n2023年，浙江社会消费品零售总额3.3万亿元，网上零售额增长10.2%。\n"
    assert growth_of(fact(text, "3.3万亿元")) == (None, None)
    [r] = rates(text)
    assert (r.indicator, r.growth) == ("网上零售额", 10.2)


def test_a_growth_only_claim() -> None:
    text = "# 浙江服务业\n\n2023年，全省规模以上营利性服务业增加值增长10.5%。\n"
    [f] = facts(text)
    assert (f.value, f.unit, f.value_text) == (None, None, None)
    assert (f.growth, f.growth_unit, f.growth_basis, f.qualifier) == (10.5, "%", "yoy", "exact")
    assert text[f.start : f.end] == "10.5%"
    assert "营利性服务业" in f.indicator
    assert (f.region, f.period) == ("浙江", "2023")


def test_a_growth_only_qualifier_describes_the_growth() -> None:
    text = "# 2024年浙江经济目标\n\n2024年，全省地区生产总值增长5.5%左右。\n"
    [f] = facts(text, date="2024-01-20")
    assert (f.growth, f.qualifier) == (5.5, "approx")


def test_a_percentage_level_takes_a_pp_change_as_its_growth() -> None:
    text = "# 比亚迪年报\n\n2023年，公司毛利率为25.1%，下降9.04个百分点。\n"
    [f] = facts(text)
    assert (f.value, f.unit, f.value_text) == (25.1, "%", "25.1%")
    assert (f.growth, f.growth_unit, f.growth_basis) == (-9.04, "pp", "yoy")


def test_a_share_takes_no_percent_rate() -> None:
    text = "# 广东外贸\n\n前三季度，广东出口4.39万亿元，占比65%，增长9.1%。\n"
    assert growth_of(fact(text, "4.39万亿元")) == (9.1, "%")
    assert growth_of(fact(text, "65%")) == (None, None)


def test_a_contribution_in_points_is_no_claim_and_no_growth() -> None:
    text = "# 江苏外贸\n\n2023年，全省进出口总值5.25万亿元，拉动全国外贸增长0.2个百分点。\n"
    [f] = facts(text)
    assert f.value_text == "5.25万亿元" and f.growth is None


def test_a_change_amount_is_its_own_claim_without_growth() -> None:
    text = "# 河南农业\n\n2023年，全省粮食总产量1324.9亿斤，比上年增加12.6亿斤，增长1.0%。\n"
    level, change = fact(text, "1324.9亿斤"), fact(text, "12.6亿斤")
    assert growth_of(level) == (1.0, "%")
    assert growth_of(change) == (None, None)
    assert change.value == pytest.approx(12.6e8) and change.unit == "斤"
    assert "粮食" in change.indicator


def test_a_change_amounts_indicator_says_what_changed() -> None:
    text = "# 河南农业\n\n2023年，全省粮食产量比上年增加12.6亿斤。\n"
    assert fact(text, "12.6亿斤").indicator == "粮食产量比上年增加"


def test_a_conversion_in_brackets_gives_two_records_sharing_the_growth() -> None:
    text = "# 全国农业\n\n2023年，全国粮食总产量69541万吨（13908.2亿斤），比上年增长1.3%。\n"
    a, b = fact(text, "69541万吨"), fact(text, "13908.2亿斤")
    assert (a.unit, b.unit) == ("吨", "斤")
    assert growth_of(a) == growth_of(b) == (1.3, "%")
    assert a.indicator == b.indicator
    assert rates(text) == []


def test_an_amount_in_a_heading_and_again_in_the_body_gives_two_claims() -> None:
    text = "# 前三季度江苏进出口3.9万亿元\n\n前三季度，江苏进出口3.9万亿元，同比下降1.6%。\n"
    got = [f for f in facts(text, date="2023-10-25") if f.value_text == "3.9万亿元"]
    assert len(got) == 2
    assert got[0].start < got[1].start
    assert got[1].growth == -1.6
    assert {f.period for f in got} == {"2023-01/2023-09"}


# ---------------------------------------------------------------- 分别 lists


def test_fenbie_pairs_rates_with_a_list_of_amounts() -> None:
    text = "# 浙江外贸\n\n2023年，浙江出口、进口分别为3.57万亿元、1.33万亿元，分别增长3.9%、1.2%。\n"
    ex, im = fact(text, "3.57万亿元"), fact(text, "1.33万亿元")
    assert (ex.indicator, ex.growth) == ("出口", 3.9)
    assert (im.indicator, im.growth) == ("进口", 1.2)
    assert rates(text) == []


def test_fenbie_pairs_rates_with_named_amounts() -> None:
    text = "# 广东经济\n\n2023年，广东第一产业增加值5540亿元，第二产业增加值54437亿元，同比分别增长4.8%、4.8%。\n"
    assert fact(text, "5540亿元").growth == 4.8
    assert fact(text, "54437亿元").growth == 4.8
    assert rates(text) == []


def test_fenbie_rates_after_a_partner_list_are_growth_only_records() -> None:
    text = "# 浙江外贸\n\n2023年，浙江对东盟、欧盟、美国进出口分别增长11.2%、2.4%、-3.1%。\n"
    got = rates(text)
    assert [f.growth for f in got] == [11.2, 2.4, -3.1]
    assert all(f.region == "浙江" for f in got)


def test_fenbie_rates_after_a_partner_list_name_each_partner() -> None:
    text = "# 浙江外贸\n\n2023年，浙江对东盟、欧盟、美国进出口分别增长11.2%、2.4%、-3.1%。\n"
    assert [f.indicator for f in rates(text)] == ["对东盟进出口", "对欧盟进出口", "对美国进出口"]


@pytest.mark.parametrize("figures", ["分别增长4.6%、7.3%", "分别为74997元、40311元"])
def test_fenbie_over_a_compound_name_splits_it(figures: str) -> None:
    text = f"# 浙江民生\n\n2023年，全省城乡居民人均可支配收入{figures}。\n"
    assert [f.indicator for f in facts(text)] == ["城镇居民人均可支配收入", "农村居民人均可支配收入"]


def test_fenbie_over_chan_xiao_splits_into_output_and_sales() -> None:
    text = "# 全国汽车\n\n2023年，全国汽车产销分别完成3016万辆和3009万辆。\n"
    assert [(f.indicator, f.value) for f in facts(text)] == [("汽车产量", 3016e4), ("汽车销量", 3009e4)]


# ---------------------------------------------------------------- tables and notes


def test_a_markdown_table_gives_cells_with_header_unit_and_basis() -> None:
    text = (
        "# 2023年江苏主要经济指标\n\n"
        "| 指标 | 数值（亿元） | 比上年增长（%） |\n"
        "|---|---|---|\n"
        "| 地区生产总值 | 128222 | 5.8 |\n"
        "| 一般公共预算收入 | 9930 | 7.3 |\n"
    )
    got = facts(text)
    assert [(f.indicator, f.value_text, f.value, f.unit, f.growth, f.growth_basis) for f in got] == [
        ("地区生产总值", "128222", pytest.approx(128222e8), "元", 5.8, "yoy"),
        ("一般公共预算收入", "9930", pytest.approx(9930e8), "元", 7.3, "yoy"),
    ]
    assert {(f.region, f.period) for f in got} == {("江苏", "2023")}


def test_a_plain_text_table_gives_one_record_per_row_with_the_rows_place() -> None:
    text = "# 2023年江苏各市经济\n\n地区  产值（亿元）  增长（%）\n南京  17421  4.6\n苏州  24653  4.8\n"
    got = facts(text)
    assert [(f.region, f.value, f.growth) for f in got] == [
        ("南京", pytest.approx(17421e8), 4.6),
        ("苏州", pytest.approx(24653e8), 4.8),
    ]


@pytest.mark.parametrize("bar", ["", "| "])
def test_a_ranked_table_pairs_each_growth_column_with_the_value_column_before_it(bar: str) -> None:
    text = (
        "# 2023年各省份旅游收入排行榜\n\n"
        f"{bar}名次 | 省份 | 旅游总收入(亿元) | 同比增长 | 接待游客(万人次) | 同比增长 |\n"
        f"{bar}1 | 陕西 | 113.36 | 33.68% | 2703.50 | 29.36% |\n"
        f"{bar}2 | 安徽 | 100.10 | / | 2472.60 | 12.80% |\n"
        f"{bar}3 | 廣東 | 5.32(景区) | 15.7% | 577.10 | -3.2% |\n"
    )
    got = [(f.region, f.indicator, f.value_text, f.unit, f.growth) for f in facts(text)]
    assert got == [
        ("陕西", "旅游总收入", "113.36", "元", 33.68),
        ("陕西", "接待游客", "2703.50", "人次", 29.36),
        ("安徽", "旅游总收入", "100.10", "元", None),
        ("安徽", "接待游客", "2472.60", "人次", 12.8),
        ("广东", "旅游总收入", "5.32(景区)", "元", 15.7),
        ("广东", "接待游客", "577.10", "人次", -3.2),
    ]


def test_a_growth_column_after_two_year_columns_speaks_of_the_first() -> None:
    text = (
        "# 江苏经济\n\n| 指标 | 2023年（亿元） | 2022年（亿元） | 增长（%） |\n"
        "|---|---|---|---|\n| 地区生产总值 | 128222 | 122876 | 5.8 |\n"
    )
    assert [(f.value_text, f.growth) for f in facts(text)] == [("128222", 5.8), ("122876", None)]


def test_a_header_with_a_leading_bar_over_bar_less_rows_leaves_the_label_column_blank() -> None:
    text = (
        "# 2019年玉环市生产总值\n\n| 绝 对 数 (亿元) | 比上年增长 (%) |\n"
        "地区生产总值 | 617.50 | 5.2 |\n第一产业 | 37.11 | 2.6 |\n"
    )
    got = [(f.indicator, f.value, f.growth) for f in facts(text)]
    assert got == [("地区生产总值", pytest.approx(617.5e8), 5.2), ("第一产业", pytest.approx(37.11e8), 2.6)]


def test_a_lone_bar_less_pipe_line_is_navigation_not_a_table() -> None:
    text = "首页 | 电子报首页 | 版面导航\n\n2023年，全市地区生产总值增长5.8%。\n"
    assert [f.growth for f in facts(text)] == [5.8]


def test_notes_give_no_claims() -> None:
    text = (
        "# 江苏经济\n\n2023年，全省规上工业增加值增长7.6%。\n\n"
        "注：规模以上工业统计范围为年主营业务收入2000万元及以上的工业企业，共5.9万家。\n"
    )
    assert [f.growth for f in facts(text)] == [7.6]


# ---------------------------------------------------------------- indicators


@pytest.mark.parametrize(
    ("sentence", "value_text", "indicator"),
    [
        ("2023年，江苏地区生产总值12.8万亿元。", "12.8万亿元", "地区生产总值"),
        ("2023年，江苏规模以上工业增加值4.3万亿元。", "4.3万亿元", "规模以上工业增加值"),
    ],
)
def test_indicator_names_are_kept_whole(sentence: str, value_text: str, indicator: str) -> None:
    assert fact(f"# 江苏经济\n\n{sentence}\n", value_text).indicator == indicator


def test_indicator_leaves_out_region_and_period_words() -> None:
    text = "# 浙江外贸\n\n2023年，浙江进出口总值4.9万亿元。\n"
    assert fact(text, "4.9万亿元").indicator == "进出口总值"


def test_a_counts_indicator_is_the_noun_after_its_measure_word() -> None:
    text = "# 浙江投资\n\n2023年，全省新开工53个重大项目。\n"
    assert fact(text, "53个").indicator.startswith("重大项目")


# ---------------------------------------------------------------- offsets and sentences

DOC = """# 2023年浙江经济运行情况

2024-01-20 10:30　来源：浙江省统计局

一、总体情况

2023年，全省地区生产总值82553亿元，比上年增长6.0%。其中，第三产业增加值45587亿元，增长6.7%。
全省规模以上营利性服务业增加值增长10.5%。

**外贸**

2023年，浙江出口、进口分别为3.57万亿元、1.33万亿元，分别增长3.9%、1.2%。全省进出口占全国的比重为11.7%，比上年提高0.3个百分点。

| 指标 | 数值（亿元） | 比上年增长（%） |
|---|---|---|
| 一般公共预算收入 | 8600 | 7.9 |
"""


def holds(text: str, f: Fact) -> bool:
    """Some occurrence of the record's sentence in the text spans its offsets."""
    at = text.find(f.sentence)
    while at != -1:
        if at <= f.start and f.end <= at + len(f.sentence):
            return True
        at = text.find(f.sentence, at + 1)
    return False


@pytest.mark.parametrize("text", [DOC, DOC.replace("\n", "\r\n"), "\ufeff" + DOC], ids=["lf", "crlf", "bom"])
def test_offsets_give_value_text_back_and_sentences_hold_it(text: str) -> None:
    got = facts(text)
    assert len(got) == 7
    for f in got:
        if f.value_text is not None:
            assert text[f.start : f.end] == f.value_text
        else:  # a growth-only record points at its growth figure
            assert text[f.start : f.end] == f"{f.growth:g}%"
        assert holds(text, f), f
    assert [f.start for f in got] == sorted(f.start for f in got)


def test_the_whole_document_reads_as_an_analyst_would() -> None:
    got = {(f.value_text, f.growth): f for f in facts(DOC)}
    gdp = got[("82553亿元", 6.0)]
    assert (gdp.region, gdp.period, gdp.growth_basis, gdp.kind) == ("浙江", "2023", "yoy", "actual")
    assert got[("45587亿元", 6.7)].period == "2023"
    assert got[(None, 10.5)].value is None
    assert got[("11.7%", 0.3)].growth_unit == "pp"
    assert got[("8600", 7.9)].value == pytest.approx(8600e8)


# ---------------------------------------------------------------- a breakdown by period

_BREAKDOWN = (
    "# 全省经济\n\n初步核算，前三季度全省地区生产总值4.2万亿元，同比增长5.1%。分季度看，一季度增长4.8%，"
    "二季度增长5.2%，三季度增长5.3%。分产业看，第一产业增加值1800亿元，增长3.0%。\n"
)


def test_rates_of_a_breakdown_take_the_name_the_paragraph_gave() -> None:
    """分季度看 is a lead-in, not a name; a clause with its own figure names nothing either."""
    got = rates(_BREAKDOWN, date="2023-10-20")
    assert [(f.indicator, f.growth, f.period) for f in got] == [
        ("地区生产总值", 4.8, "2023-01/2023-03"),
        ("地区生产总值", 5.2, "2023-04/2023-06"),
        ("地区生产总值", 5.3, "2023-07/2023-09"),
    ]


def test_a_breakdown_by_period_carries_none_of_its_periods() -> None:
    f = fact(_BREAKDOWN, "1800亿元", date="2023-10-20")
    assert (f.indicator, f.period, f.period_text) == ("第一产业增加值", "2023-01/2023-09", "前三季度")


def test_a_span_and_a_month_inside_it_still_carry() -> None:
    text = "# 全省外贸\n\n1-9月，全省出口3.1万亿元，其中9月出口4000亿元。进口2.2万亿元。\n"
    assert fact(text, "2.2万亿元", date="2023-10-20").period == "2023-01/2023-09"


# ---------------------------------------------------------------- names in bulletins


def test_a_rate_list_after_a_clause_that_lists_the_names() -> None:
    text = "# 全市\n\n1—10月，全市用电量、开票销售额保持较快增长，增速分别达12.1%和9.8%。\n"
    assert [(f.indicator, f.growth) for f in rates(text)] == [("用电量", 12.1), ("开票销售额", 9.8)]


def test_a_rate_without_a_measure_takes_the_one_of_the_rate_before() -> None:
    text = "# 全省工业\n\n分门类看，采矿业增加值增长2.0%，制造业增长5.5%，外商投资企业增长3.1%。\n"
    assert [f.indicator for f in rates(text)] == ["采矿业增加值", "制造业增加值", "外商投资企业增加值"]


def test_a_rate_with_its_own_measure_keeps_it() -> None:
    text = "# 全省外贸\n\n前三季度，全省出口增长5.0%，进口增长2.1%。\n"
    assert [f.indicator for f in rates(text)] == ["出口", "进口"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("1—10月，全市居民消费价格（CPI）同比上涨0.7%。", "居民消费价格（CPI）"),
        ("1—10月，全市居民消费价格(CPI)同比上涨0.7%。", "居民消费价格(CPI)"),
        ("（二）全市工业增加值增长5.2%。", "工业增加值"),
        ("三、全市固定资产投资增长4.1%。", "固定资产投资"),
        ("其中，占比45.2%的电力行业增长6.1%。", "电力行业"),
    ],
)
def test_names_keep_a_closing_bracket_and_lose_section_numbers_and_shares(text: str, name: str) -> None:
    assert rates(text)[-1].indicator == name


# ---------------------------------------------------------------- text spaced between digits and Chinese


def test_spaced_text_reads_like_unspaced() -> None:
    """PDF extracts and some sites put spaces around digits: 2020 年, 3.5 亿元, 增长 5 %."""
    spaced = facts("2020 年全市出口 3.5 亿元，同比增长 5 %。")
    plain = facts("2020年全市出口3.5亿元，同比增长5%。")
    assert [(f.indicator, f.value, f.unit, f.growth, f.period) for f in spaced] == [
        (f.indicator, f.value, f.unit, f.growth, f.period) for f in plain
    ]
    assert [f.period_text for f in spaced] == ["2020 年"]


def test_a_spaced_month_range_is_a_period() -> None:
    assert fact("1-9 月，全市出口3.5亿元。", "3.5亿元", date="2023-10-20").period == "2023-01/2023-09"


def test_counts_that_grew_and_fell_name_what_was_counted() -> None:
    text = "# 全市工业\n\n1-10月，统计监测的40种工业产品，25种增长，15种下降。\n"
    got = [(f.value_text, f.indicator) for f in facts(text)]
    assert got == [("40种", "工业产品"), ("25种", "增长的工业产品"), ("15种", "下降的工业产品")]


def test_the_change_of_a_growth_rate_in_points_is_no_claim() -> None:
    text = "# 全市工业\n\n1-10月，全市工业产值增长2.0%，比1-9月回落1.5个百分点。\n"
    assert [(f.growth, f.growth_unit) for f in facts(text)] == [(2.0, "%")]


# ---------------------------------------------------------------- a period that opens the subject


def test_a_period_opening_the_subject_with_de_is_the_claims_period() -> None:
    f = fact("二零一三年十一月的零售業總銷貨價值為396億元，較上年同月上升8.5%。", "396億元")
    assert (f.period, f.period_text, f.indicator) == ("2013-11", "二零一三年十一月", "零售業總銷貨價值")


def test_a_period_qualifying_a_noun_inside_a_clause_is_not() -> None:
    text = "全省经济延续二季度的回升态势，9月出口增长5%。"
    assert [(f.period, f.indicator) for f in facts(text, date="2023-10-20")] == [("2023-09", "出口")]


def test_an_adverb_before_the_verb_is_no_part_of_the_name() -> None:
    text = "十月的總銷貨價值上升6.3%，而總銷貨數量則上升5.9%。"
    assert [f.indicator for f in rates(text, date="2013-11-30")] == ["總銷貨價值", "總銷貨數量"]


def test_a_measure_in_brackets_joins_its_category() -> None:
    text = "珠寶首飾的銷貨數量上升13.3%。其次為百貨公司貨品（零售量上升9.7%）；服裝（上升7.6%）。"
    assert [f.indicator for f in rates(text, date="2014-01-02")] == [
        "珠寶首飾的銷貨數量",
        "百貨公司貨品零售量",
        "服裝零售量",
    ]


def test_traditional_rates_of_a_list_take_the_measure_of_the_first() -> None:
    text = "按類別分析，珠寶首飾的銷貨價值上升50.1%，藥物及化妝品上升32.7%，服裝上升19.3%。"
    assert [f.indicator for f in rates(text, date="2023-09-30")][1:] == ["藥物及化妝品銷貨價值", "服裝銷貨價值"]


def test_items_joined_by_a_comma_after_a_figure_each_have_their_own_name() -> None:
    text = "2011年公司实现营业收入133亿元，比上年增长44.25%、营业利润3.80亿元，比上年增长25.82%。"
    assert [f.indicator for f in facts(text)] == ["营业收入", "营业利润"]


def test_a_month_before_growth_sets_no_basis() -> None:
    """月增 is a basis word after a name (營收月增5%), not inside 6月增长."""
    assert [f.growth_basis for f in rates("全市6月增长0.8%。")] == ["yoy"]
    assert [f.growth_basis for f in rates("公司營收月增5%。")] == ["mom"]


def test_a_list_whose_last_item_holds_ji_pairs_item_for_item() -> None:
    text = "八大类价格中，食品烟酒、衣着、其他用品及服务价格同比分别上涨1%、4%和3%。"
    assert [f.indicator for f in rates(text)] == ["食品烟酒价格", "衣着价格", "其他用品及服务价格"]
