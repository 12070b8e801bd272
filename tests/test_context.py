"""Region, period, basis and kind of a claim (SPEC section 2), through `factx.extract`.

Each document is built so that the rule under test gives a different answer from the
obvious wrong ones: a place in the sentence against the title's, a province against the
city named just before, a stock's last day against the span, and so on.
"""

from __future__ import annotations

import pytest
from sentences import fact, facts

from factx import Fact, extract


def rate(text: str, growth: float, date: str | None = None) -> Fact:
    """The growth-only record with this growth."""
    found = [f for f in facts(text, date) if f.value is None and f.growth == growth]
    assert len(found) == 1, [(f.value_text, f.growth) for f in facts(text, date)]
    return found[0]


# ---------------------------------------------------------------- region


def test_region_from_the_claims_own_sentence() -> None:
    text = "# 江苏外贸\n\n2023年，苏州进出口总值2.46万亿元。\n"
    f = fact(text, "2.46万亿元")
    assert (f.region, f.region_code) == ("苏州", "320500")


def test_region_after_the_amount_in_the_same_clause() -> None:
    text = "# 江苏外贸\n\n2023年，实现进出口总值1.8万亿元的无锡表现亮眼。\n"
    assert fact(text, "1.8万亿元").region == "无锡"


def test_region_from_an_earlier_sentence_of_the_paragraph() -> None:
    text = "# 江苏外贸\n\n2023年，苏州进出口总值2.46万亿元。全年出口1.57万亿元。\n"
    assert fact(text, "1.57万亿元").region == "苏州"


def test_region_never_from_a_neighbouring_paragraph() -> None:
    text = "# 江苏外贸\n\n2023年，苏州进出口总值2.46万亿元。\n\n2023年，出口3.37万亿元。\n"
    assert fact(text, "3.37万亿元").region == "江苏"


def test_region_from_a_heading_until_the_next_heading_of_its_level() -> None:
    text = (
        "# 2023年浙江经济运行情况\n\n## 杭州\n\n社会消费品零售总额7671亿元。\n\n"
        "### 消费\n\n网上零售额1.1万亿元。\n\n## 工业\n\n规模以上工业增加值2.2万亿元。\n"
    )
    assert fact(text, "7671亿元").region == "杭州"
    assert fact(text, "1.1万亿元").region == "杭州"  # under 杭州 through a sub-heading
    assert fact(text, "2.2万亿元").region == "浙江"  # 工业 closes 杭州: the title's place


def test_region_from_the_title() -> None:
    text = "# 2023年宁波经济运行\n\n全年外贸进出口1.37万亿元。\n"
    f = fact(text, "1.37万亿元")
    assert (f.region, f.region_code) == ("宁波", "330200")


def test_quansheng_stands_for_the_province_not_the_city_named_before() -> None:
    text = (
        "# 2023年数字经济观察\n\n## 浙江\n\n杭州数字经济核心产业增加值5675亿元。全省数字经济核心产业增加值9867亿元。\n"
    )
    assert fact(text, "5675亿元").region == "杭州"
    f = fact(text, "9867亿元")
    assert (f.region, f.region_code) == ("浙江", "330000")


def test_quanshi_stands_for_the_city_of_the_heading() -> None:
    text = "# 浙江经济\n\n## 温州\n\n2023年，全市地区生产总值8730亿元。\n"
    f = fact(text, "8730亿元")
    assert (f.region, f.region_code) == ("温州", "330300")


def test_a_place_in_an_organisations_name_sets_no_region() -> None:
    text = "# 浙江外贸\n\n据杭州海关统计，2023年进出口总值4.9万亿元。\n"
    assert fact(text, "4.9万亿元").region == "浙江"


def test_a_trade_partner_sets_no_region() -> None:
    text = "# 浙江外贸\n\n2023年，对东盟进出口8200亿元。\n\n2023年，我国对欧盟进出口5.5万亿元。\n"
    assert fact(text, "8200亿元").region == "浙江"
    f = fact(text, "5.5万亿元")
    assert (f.region, f.region_code) == ("全国", None)


def test_the_base_of_a_share_sets_no_region() -> None:
    text = "# 江苏财政\n\n2023年，一般公共预算收入占全国的比重为9.5%。\n"
    assert fact(text, "9.5%").region == "江苏"


def test_a_rank_sets_no_region() -> None:
    text = "# 广东外贸\n\n外贸规模连续38年保持全国第一，进出口总值8.3万亿元。\n"
    assert fact(text, "8.3万亿元").region == "广东"


def test_chinese_hongkong_is_hongkong() -> None:
    text = "# 外贸伙伴\n\n2023年，中国香港进出口总值5.2万亿港元。\n"
    f = fact(text, "5.2万亿港元")
    assert (f.region, f.region_code) == ("香港", "810000")


def test_a_digest_item_takes_nothing_from_the_title() -> None:
    text = (
        "# 浙江经济周报\n\n**宁波舟山港吞吐量创新高**\n\n"
        "2023年，宁波舟山港完成集装箱吞吐量3530万标箱。（来源：浙江日报）\n\n"
        "**吉利汽车销量增长**\n\n2023年，吉利汽车全年销量168.7万辆，同比增长18%。（来源：公司公告）\n\n"
        "**绍兴纺织出口回暖**\n\n2023年，全市纺织服装出口1020亿元。（来源：绍兴日报）\n"
    )
    assert fact(text, "168.7万辆").region is None
    assert fact(text, "1020亿元").region == "绍兴"  # 全市: the item's own headline


@pytest.mark.parametrize(
    ("title", "code"),
    [("重庆经济简讯", "500105"), ("宁波经济简讯", "330205")],
)
def test_region_code_of_a_shared_name_by_context(title: str, code: str) -> None:
    city = title[:2]
    text = f"# {title}\n\n{city}市江北区上半年社会消费品零售总额412亿元。\n\n江北区规上工业产值达到320亿元。\n"
    for vt in ("412亿元", "320亿元"):
        f = fact(text, vt)
        assert (f.region, f.region_code) == ("江北", code)


@pytest.mark.parametrize(("title", "code"), [("长春经济简讯", "220104"), ("北京经济简讯", "110105")])
def test_a_bare_district_name_takes_the_code_of_the_documents_province(title: str, code: str) -> None:
    text = f"# {title}\n\n朝阳区上半年社会消费品零售总额212亿元。\n"
    assert fact(text, "212亿元").region_code == code


# ---------------------------------------------------------------- period


def test_qian_san_ji_du_with_a_document_date() -> None:
    text = "# 江苏经济\n\n前三季度，江苏地区生产总值9.1万亿元。\n"
    f = fact(text, "9.1万亿元", date="2023-10-25")
    assert (f.period, f.period_text) == ("2023-01/2023-09", "前三季度")


def test_qian_san_ji_du_without_a_date_or_year_is_null() -> None:
    text = "# 江苏经济\n\n前三季度，江苏地区生产总值9.1万亿元。\n"
    f = fact(text, "9.1万亿元")
    assert (f.period, f.period_text) == (None, "前三季度")


def test_the_document_date_is_read_from_its_first_lines() -> None:
    text = "# 江苏经济\n\n2023-10-25 09:30　来源：新华日报\n\n前三季度，江苏地区生产总值9.1万亿元。\n"
    assert fact(text, "9.1万亿元").period == "2023-01/2023-09"


def test_month_end_is_an_instant() -> None:
    text = "# 浙江金融\n\n9月末，全省人民币贷款余额10.6万亿元。\n"
    f = fact(text, "10.6万亿元", date="2023-10-20")
    assert (f.period, f.period_text) == ("2023-09-30", "9月末")


def test_a_stock_over_a_quarter_takes_its_last_day_a_flow_the_span() -> None:
    text = "# 江苏金融\n\n一季度，全省人民币贷款余额23.1万亿元。\n\n一季度，全省新增人民币贷款1.2万亿元。\n"
    assert fact(text, "23.1万亿元", date="2023-04-20").period == "2023-03-31"
    assert fact(text, "1.2万亿元", date="2023-04-20").period == "2023-01/2023-03"


def test_last_year_resolves_against_the_document_date() -> None:
    text = "# 江苏农业\n\n去年全省粮食总产量753.8亿斤。\n"
    f = fact(text, "753.8亿斤", date="2023-04-20")
    assert (f.period, f.period_text) == ("2022", "去年")


def test_a_relative_year_without_a_date_takes_the_same_span_stated_with_a_year() -> None:
    text = "# 江苏外贸\n\n今年1月，全省出口1800亿元。\n\n2023年1月，全省进口900亿元。\n"
    assert fact(text, "900亿元").period == "2023-01"
    assert fact(text, "1800亿元").period == "2023-01"


def test_a_span_without_a_year_takes_the_year_carried_to_it() -> None:
    text = "# 江苏外贸\n\n2022年，苏州进出口总值2.5万亿元。全年出口1.6万亿元。\n"
    f = fact(text, "1.6万亿元")
    assert (f.period, f.period_text) == ("2022", "全年")


@pytest.mark.parametrize("words", ["目前", "今年以来", "当前"])
def test_period_words_that_resolve_to_nothing_stop_the_search(words: str) -> None:
    text = f"# 2023年江苏通信业\n\n2023年，全省通信业务总量增长17%。{words}，全省已建成5G基站18.7万个。\n"
    f = fact(text, "18.7万个", date="2023-10-20")
    assert (f.period, f.period_text) == (None, words)


def test_period_carried_from_an_earlier_sentence_and_from_a_heading() -> None:
    text = (
        "# 江苏经济\n\n## 2023年上半年\n\n全省进出口2.5万亿元。\n\n"
        "2023年9月，全省出口1500亿元。其中，机电产品出口800亿元。\n"
    )
    assert fact(text, "2.5万亿元").period == "2023-01/2023-06"
    assert fact(text, "800亿元").period == "2023-09"


@pytest.mark.parametrize("sep", ["\n\n", "\n"])
def test_a_title_without_period_words_takes_its_leads_and_gives_it_to_no_other_paragraph(sep: str) -> None:
    text = sep.join(
        [
            "全区生猪出栏任务完成56.1%",
            "数据显示，2020年上半年全区生猪存栏1733.8万头。",
            "3月上旬，全区落实资金12.42亿元。",
            "全区新建规模猪场914个。",
        ]
    )
    assert fact(text, "56.1%").period == "2020-01/2020-06"  # the title, from the paragraph it heads
    assert fact(text, "914个").period is None  # the lead speaks for the title, not for the page


def test_a_qizhong_period_holds_only_for_its_own_sentence() -> None:
    text = "# 江苏外贸\n\n2023年，全省出口3.4万亿元。其中，12月出口3100亿元。全年进口1.8万亿元。\n"
    assert fact(text, "3100亿元").period == "2023-12"
    assert fact(text, "1.8万亿元").period == "2023"


# ---------------------------------------------------------------- basis


def test_tongbi_fenbie_gives_every_rate_yoy() -> None:
    text = "# 浙江外贸\n\n2023年，浙江出口、进口分别为3.57万亿元、1.33万亿元，同比分别增长3.9%、1.2%。\n"
    assert fact(text, "3.57万亿元").growth_basis == "yoy"
    assert fact(text, "1.33万亿元").growth_basis == "yoy"


def test_mom_is_carried_through_the_paragraph_and_stops_at_its_end() -> None:
    text = (
        "# 物价简报\n\n9月份，全省居民消费价格环比上涨0.3%。其中，食品价格上涨1.2%。\n\n"
        "9月份，全省工业生产者出厂价格下降2.5%。\n"
    )
    assert rate(text, 0.3, "2023-10-20").growth_basis == "mom"
    assert rate(text, 1.2, "2023-10-20").growth_basis == "mom"
    assert rate(text, -2.5, "2023-10-20").growth_basis == "yoy"


def test_one_figure_on_two_bases_gives_two_records() -> None:
    text = "# 物价简报\n\n9月份，全省居民消费价格同比下降0.2%，环比上涨0.3%。\n"
    assert rate(text, -0.2).growth_basis == "yoy"
    assert rate(text, 0.3).growth_basis == "mom"


def test_avg_annual() -> None:
    text = "# 广东科技\n\n“十三五”期间，全省研发经费支出年均增长14.1%。\n"
    assert rate(text, 14.1).growth_basis == "avg_annual"


def test_a_rate_against_an_older_year_has_no_basis_and_keeps_the_carried_one() -> None:
    text = (
        "# 浙江旅游\n\n2023年，全省接待游客7.2亿人次，同比增长25%，较2019年同期增长12%。"
        "全年旅游收入1.1万亿元，增长30%。\n"
    )
    assert fact(text, "7.2亿人次").growth_basis == "yoy"
    assert rate(text, 12).growth_basis is None
    assert fact(text, "1.1万亿元").growth_basis == "yoy"


def test_a_level_without_growth_has_no_basis() -> None:
    text = "# 浙江外贸\n\n2023年，浙江出口同比增长3.9%。进口1.33万亿元。\n"
    f = fact(text, "1.33万亿元")
    assert (f.growth, f.growth_unit, f.growth_basis) == (None, None, None)


# ---------------------------------------------------------------- kind


@pytest.mark.parametrize(
    ("sentence", "value_text"),
    [
        ("到2025年，全省数字经济增加值达到7万亿元。", "7万亿元"),
        ("预计2024年全省地区生产总值将达到8.8万亿元左右。", "8.8万亿元"),
        ("全省力争全年外贸进出口总额达到8.5万亿元。", "8.5万亿元"),
        ("2024年全省固定资产投资目标为2.1万亿元。", "2.1万亿元"),
        ("2024年，全省一般公共预算收入安排6888亿元，增长5%。", "6888亿元"),
        ("重点支出包括：安排产业发展资金120.53亿元。", "120.53亿元"),
        ("估计至年度底財政儲備只剩餘約4844億元。", "4844億元"),
        ("预估第4季营收约1.02兆元。", "1.02兆元"),
        ("全年营收估计将达到3000亿元。", "3000亿元"),
        ("全年地区生产总值预期达到3000亿元。", "3000亿元"),
    ],
)
def test_targets_and_forecasts(sentence: str, value_text: str) -> None:
    text = f"# 广东经济\n\n{sentence}\n"
    assert fact(text, value_text, date="2024-01-25").kind == "target"


@pytest.mark.parametrize(
    ("sentence", "value_text"),
    [
        ("经初步核算，2023年全省地区生产总值为13.57万亿元。", "13.57万亿元"),
        ("2023年，全省实现外贸进出口总额8.3万亿元。", "8.3万亿元"),
        ("出台价格政策，安排能源保供财政引导资金10亿元。", "10亿元"),  # a measure taken
        ("2023年第四季勞動人口估計為31.75萬人。", "31.75萬人"),  # a statistical estimate
        ("零售业总销货价值的临时估计为324亿港元。", "324亿港元"),
        ("经初步估计，2023年全省地区生产总值为13.57万亿元。", "13.57万亿元"),
        ("受降雨量不如预期影响，水力发电量54.3亿千瓦时。", "54.3亿千瓦时"),  # set against expectations
        ("息稅折舊及攤銷前利潤36.5億元，低過預期的37.9億元。", "36.5億元"),
        ("营业收入好于预期，达到120亿元。", "120亿元"),
    ],
)
def test_reported_results_are_actual(sentence: str, value_text: str) -> None:
    text = f"# 广东经济\n\n{sentence}\n"
    assert fact(text, value_text, date="2024-01-25").kind == "actual"


def test_a_past_figure_beside_a_target_is_actual() -> None:
    text = "# 浙江数字经济\n\n2023年全省数字经济核心产业增加值9867亿元，力争到2025年突破1.2万亿元。\n"
    assert fact(text, "9867亿元").kind == "actual"
    f = fact(text, "1.2万亿元")
    assert (f.kind, f.period, f.qualifier) == ("target", "2025", "over")


def test_a_yearless_span_of_a_target_is_the_documents_year() -> None:
    text = "# 江苏经济\n\n全年地区生产总值预计增长5%左右。\n"
    f = extract(text, doc="t.md", date="2023-10-31")[0]
    assert (f.kind, f.period) == ("target", "2023")


@pytest.mark.parametrize(
    "lead",
    ["今年主要预期目标是：", "2024年全市发展的主要目标:", "明年計劃目標為：", "今年力争实现以下目标："],
)
def test_a_target_cue_before_a_colon_speaks_for_the_items_past_the_full_stop(lead: str) -> None:
    text = f"{lead}地区生产总值增长6%。一般公共预算收入增长5%，城镇新增就业45万人。粮食总产量稳定在507万吨。"
    assert {f.kind for f in extract(text)} == {"target"}


def test_a_list_lead_without_a_cue_ends_the_targets_of_the_list_before() -> None:
    text = "今年主要目标是：地区生产总值增长6%。城镇新增就业45万人。去年完成情况如下：粮食总产量507万吨。"
    assert [f.kind for f in extract(text)] == ["target", "target", "actual"]


@pytest.mark.parametrize(
    ("text", "growth"),
    [
        ("8月就业人数1145.9万人，较上月增加1.6万人或0.14%。", 0.14),
        ("8月就業人數 1,145 萬 9 千人，較上月減少 1 萬 6 千人或 0.14%。", -0.14),
        ("年末存款余额2.5万亿元，比年初增加1000亿元 或 4.2%。", 4.2),
    ],
)
def test_a_change_restated_as_a_rate_after_huo_is_the_levels_growth(text: str, growth: float) -> None:
    level, change = extract(text)
    assert (level.growth, level.growth_unit) == (growth, "%")
    assert change.growth is None and change.value is not None


@pytest.mark.parametrize("text", ["失业率3.87%，较上月上升 0.10 個百分點。", "失業率 3.87%，較上月上升0.10 个百分点。"])
def test_a_spaced_point_change_is_the_rates_growth_in_points(text: str) -> None:
    (f,) = extract(text)
    assert (f.value, f.growth, f.growth_unit) == (3.87, 0.1, "pp")


@pytest.mark.parametrize(
    ("text", "periods"),
    [
        ("预计2025-2027年，公司营业收入将分别达到580亿元、608亿元和637亿元。", ["2025", "2026", "2027"]),
        ("2021至2023年全省粮食产量分别为100万吨、110万吨和120万吨。", ["2021", "2022", "2023"]),
        ("2021-2023年全省粮食产量分别为100万吨和120万吨。", ["2021/2023", "2021/2023"]),  # not as long as the range
    ],
)
def test_fenbie_pairs_a_range_of_years_item_for_item(text: str, periods: list[str]) -> None:
    assert [f.period for f in extract(text, date="2025-08-20")] == periods


@pytest.mark.parametrize("link", ["", "为", "是"])
def test_a_prior_figure_quoted_after_a_level_leaves_it_the_rate_and_takes_the_earlier_span(link: str) -> None:
    text = f"2022年上半年，公司实现利润总额2.83亿元，去年同期{link}3.32亿元，同比下降约14.76%。"
    level, base = extract(text)
    assert (level.value_text, level.growth, level.period) == ("2.83亿元", -14.76, "2022-01/2022-06")
    assert (base.value_text, base.growth, base.period) == ("3.32亿元", None, "2021-01/2021-06")


def test_qinei_in_a_document_naming_its_report_is_the_reports_period() -> None:
    text = "8月29日，某公司发布2022年半年度报告。\n\n期内，公司实现利润总额2.83亿元。"
    assert extract(text)[0].period == "2022-01/2022-06"


@pytest.mark.parametrize("text", ["2月經常性薪資平均為4萬8,098元。", "2月经常性薪资平均为48098元。"])
def test_pingjun_ends_a_name_whole(text: str) -> None:
    assert extract(text)[0].indicator.endswith("平均")


def test_users_are_a_stock_and_their_net_additions_a_flow() -> None:
    text = "上半年，公司5G套餐用户达到2.63亿户，净增2999万户；新开通5G基站18万站。"
    got = {f.value_text: f.period for f in extract(text, date="2022-08-20")}
    assert got == {"2.63亿户": "2022-06-30", "2999万户": "2022-01/2022-06", "18万站": "2022-01/2022-06"}


@pytest.mark.parametrize("hereby", ["现将", "兹将", "特将"])
def test_a_notices_hereby_before_a_colon_marks_no_target(hereby: str) -> None:
    text = f"本公司保证公告内容真实。{hereby}本公司2025年1-6月主要经营情况公布如下：新签合同总额25010亿元。"
    text += "基础设施业务新签合同额8237亿元。"
    assert {f.kind for f in extract(text)} == {"actual"}


def test_only_the_leads_own_clause_gives_its_list_a_cue() -> None:
    text = "公司将继续推进改革，上半年主要经营数据如下：营业收入120亿元。净利润12亿元。"
    assert extract(text)[-1].kind == "actual"  # 将 opens the clause before the lead's


@pytest.mark.parametrize(
    ("sentence", "date", "kind"),
    [
        ("会议表示，预计2022年全年实现营业收入39.4万亿元。", "2023-01-16", "actual"),  # the year is over
        ("经初步测算，2012年旅游增加值预计将达650亿元。", "2013-02-01", "actual"),
        ("预计2023年全年营业收入将达到45万亿元。", "2023-01-16", "target"),  # the year is to come
        ("预计今年上半年营业收入将达到45万亿元。", "2023-03-01", "target"),
    ],
)
def test_an_estimate_of_a_period_already_over_is_a_result(sentence: str, date: str, kind: str) -> None:
    (f,) = facts(f"# 经济运行\n\n{sentence}\n", date=date)
    assert f.kind == kind
