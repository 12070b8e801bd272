"""Patterns of the language that news nobody here wrote uses (issue: right on unseen news).

Each test writes its own sentences and varies the wording, the script, the punctuation and
where the pattern stands, so a rule passes only when it names the pattern, not one phrase.
"""

from __future__ import annotations

import pytest
from sentences import fact, facts

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
        ("粮食播种面积須穩定在1500萬畝以上。", "1500萬畝"),
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


# ---------------------------------------------------------------- rates named by their change noun


@pytest.mark.parametrize(
    ("text", "names", "growths"),
    [
        ("营收增速、毛利率增速分别为29.43%、2.54%。", ["营收", "毛利率"], [29.43, 2.54]),
        ("茅台酒营收、系列酒营收增速则分别为17.39%、-0.07%。", ["茅台酒营收", "系列酒营收"], [17.39, -0.07]),
        ("全区常住人口年平均增长率为0.5%", ["常住人口"], [0.5]),
        ("各行歸母淨利潤同比增速均超過了6%。", ["各行歸母淨利潤"], [6]),
        ("工业品价格降幅为1.1%；服务价格跌幅依然为0.4%。", ["工业品价格", "服务价格"], [-1.1, -0.4]),
    ],
)
def test_a_rate_named_by_its_change_noun_is_a_growth_figure(text: str, names: list[str], growths: list[float]) -> None:
    got = facts(text)
    want = [(None, n, g) for n, g in zip(names, growths, strict=True)]
    assert [(f.value, f.indicator, f.growth) for f in got] == want


def test_a_natural_growth_rate_stays_a_level() -> None:
    f = fact("全省人口自然增长率为0.5%。", "0.5%")
    assert (f.value, f.unit, f.growth) == (0.5, "%", None)


def test_the_basis_before_a_rate_noun_is_no_part_of_the_name() -> None:
    f = facts("全区常住人口两年同期平均增长率为3.1%。")[0]
    assert (f.indicator, f.growth, f.growth_basis) == ("常住人口", 3.1, "avg_annual")


@pytest.mark.parametrize(
    ("text", "value_text", "growth"),
    [
        ("全国港口货物吞吐量同比增长5%至176亿吨。", "176亿吨", 5),
        ("公司营业收入减少17.6%至约277亿元", "277亿元", -17.6),
        ("上海港吞吐量增長3%到8.61億噸，位居第一。", "8.61億噸", 3),
        ("毛利率下跌2.8个百份点至56.9%。", "56.9%", -2.8),
        ("北京银行资产总额较年初增长10.76%，达3.39万亿元。", "3.39万亿元", 10.76),
        ("上海零售額增長5%, 達到9000億元.", "9000億元", 5),
        ("全市进出口下降3.2%，降至1200亿元。", "1200亿元", -3.2),
    ],
)
def test_a_rate_before_zhi_is_the_growth_of_the_level_it_led_to(text: str, value_text: str, growth: float) -> None:
    got = facts(text)
    assert len(got) == 1, [(f.value_text, f.growth) for f in got]
    assert (got[0].value_text, got[0].growth) == (value_text, growth)


# ---------------------------------------------------------------- not claims


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("辖区一般公共预算收入突破9100亿元，达到9102亿元。", ["9102亿元"]),
        ("住户存款余额40883.3亿元，首次突破4万亿元，同比增长19.6%。", ["40883.3亿元"]),
        ("存款规模先后突破2万亿元、3万亿元关口。", []),
        ("全省规模超百亿元的领航企业40户。", ["40户"]),
        ("工业增速高于30%的行业有12个。", ["12个"]),
        ("对全国31个省（区、市）的调查显示，居民消费信心指数为101.2。", ["101.2"]),
        ("根据对全省1.5万户城镇居民家庭的抽样调查，人均可支配收入52000元。", ["52000元"]),
        ("2015年全国1%人口抽样调查显示，常住人口13.7亿人。", ["13.7亿人"]),
    ],
)
def test_milestones_thresholds_and_survey_coverage_are_no_claims(text: str, kept: list[str]) -> None:
    assert [f.value_text for f in facts(text) if f.value_text] == kept


def test_the_level_after_a_milestone_takes_the_subject_of_the_milestones_clause() -> None:
    assert fact("辖区一般公共预算收入突破9100亿元，达到9102亿元。", "9102亿元").indicator == "辖区一般公共预算收入"


# ---------------------------------------------------------------- basis against a named year


@pytest.mark.parametrize(
    ("words", "basis"),
    [("比2022年", "yoy"), ("较2022年同期", "yoy"), ("比2019年", None), ("較2010年末", None), ("与2021年相比", None)],
)
def test_a_named_year_is_yoy_only_when_it_is_the_year_before(words: str, basis: str | None) -> None:
    f = facts(f"2023年，全市出口额{words}增长12%。")[0]
    assert (f.period, f.growth, f.growth_basis) == ("2023", 12, basis)


def test_a_named_year_comparison_does_not_change_the_basis_carried_on() -> None:
    got = facts("2023年，全市出口较2019年增长12%，进口增长3%。")
    assert [(f.growth, f.growth_basis) for f in got] == [(12, None), (3, "yoy")]


# ---------------------------------------------------------------- comparisons, lists of multiples, captions


@pytest.mark.parametrize(("opener", "closer"), [("同", "相比"), ("與", "相比"), ("和", "比较"), ("与", "相較")])
def test_a_quoted_comparison_base_keeps_its_own_period_and_lends_it_to_nothing_else(opener: str, closer: str) -> None:
    text = (
        f"以2015年11月1日为标准时点，全国人口为13.7349亿人，{opener}2010年11月1日的13.3972亿人{closer}，"
        "共增加3377万人。其中男性人口为7.0356亿人。"
    )
    assert fact(text, "13.3972亿人").period == "2010-11-01"
    assert fact(text, "3377万人").period == "2015-11-01"
    assert fact(text, "7.0356亿人").period == "2015-11-01"


@pytest.mark.parametrize("joiner", ["和", "、", "及"])
def test_a_list_of_multiples_pairs_item_for_item(joiner: str) -> None:
    text = f"11月，新能源汽车产销分别完成45.7万辆{joiner}45万辆，同比分别增长1.3倍{joiner}1.2倍。"
    assert [(f.value_text, f.growth) for f in facts(text)] == [("45.7万辆", 130), ("45万辆", 120)]


def test_a_multiple_alone_without_a_change_word_is_a_ratio() -> None:
    assert facts("全市研发投入是十年前的2.2倍和3.1倍。") == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("该省启动产业壮大工程，5年内形成万亿级产业3个。", "target"),
        ("未来三年，全市将新建5G基站1.2万个。", "target"),
        ("今後五年，本港公營房屋供應達15萬個。", "target"),
        ("近5年内，全市累计建成5G基站1.2万个。", "actual"),
        ("过去三年内，全市新增就业岗位12万个。", "actual"),
    ],
)
def test_a_span_counted_forward_from_now_is_an_aim(text: str, kind: str) -> None:
    assert [f.kind for f in facts(text)] == [kind]


@pytest.mark.parametrize(
    "caption",
    [
        "中国十大港口揭晓：山东占3席，第一名货物吞吐量达13.77亿吨（图1）",
        "图5-1 2011~2020年全国发电量及增速情况",
        "圖2：港口吞吐量3.2億噸",
    ],
)
def test_a_charts_caption_gives_no_claim_and_no_heading(caption: str) -> None:
    text = f"# 港口与电力\n\n{caption}\n\n2020年全国发电量7.4万亿千瓦时。\n"
    assert [(f.value_text, f.period) for f in facts(text)] == [("7.4万亿千瓦时", "2020")]


# ---------------------------------------------------------------- names after the figure, from–to, stocks


@pytest.mark.parametrize(
    ("text", "name", "growth"),
    [
        ("2023年，贵州茅台发布年报，19.16%的业绩增速高于预期。", "业绩", 19.16),
        ("2023年12月，本港零售额录得18.9%按年跌幅。", "零售额", -18.9),
        ("前三季度全市实现4.5%的GDP增速", "GDP", 4.5),
    ],
)
def test_a_rate_word_after_the_figure_makes_it_a_rate(text: str, name: str, growth: float) -> None:
    got = [f for f in facts(text) if f.value is None]
    assert [(f.indicator, f.growth) for f in got] == [(name, growth)]


@pytest.mark.parametrize("verb", ["位居", "列", "领跑", "稳居"])
def test_yi_amount_de_name_takes_the_name_after_the_amount(verb: str) -> None:
    assert fact(f"山东省以392.1亿元的旅游总收入{verb}全国第一。", "392.1亿元").indicator == "旅游总收入"


@pytest.mark.parametrize("led", ["增长到", "提高至", "到", "扩大到"])
def test_from_to_figures_share_the_measure_and_split_the_span(led: str) -> None:
    text = f"2011至2020年，全国发电装机累计容量从10.62亿千瓦{led}22亿千瓦。"
    got = [(f.value_text, f.indicator, f.period) for f in facts(text)]
    assert got == [("10.62亿千瓦", "发电装机累计容量", "2011-12-31"), ("22亿千瓦", "发电装机累计容量", "2020-12-31")]


@pytest.mark.parametrize(
    ("name", "period"),
    [
        ("资本充足率", "2023-06-30"),
        ("不良贷款率", "2023-06-30"),
        ("资产总额", "2023-06-30"),
        ("净资产收益率", "2023-01/2023-06"),
    ],
)
def test_a_name_ending_in_a_stock_takes_the_spans_last_day(name: str, period: str) -> None:
    value = "1.2万亿元" if name == "资产总额" else "13.5%"
    assert fact(f"2023年上半年，该行{name}为{value}。", value).period == period


@pytest.mark.parametrize(
    "chrome",
    [
        "• 无障碍\n  • 长辈版\n您现在所在的位置: 网站首页> 信息公开 > 统计信息\n",
        "当前位置：首页 > 统计数据 > 月度数据\n索引号：11341703/2023-00034\n发布机构：某区统计局\n",
        "首页 › 新闻中心 › 经济运行\n生成日期: 2023-09-28 发布日期: 2023-09-28\n",
    ],
)
def test_a_sites_navigation_and_record_card_are_no_title(chrome: str) -> None:
    text = f"{chrome}\n1-8月份宣州区经济运行情况\n\n1-8月份，全区规模以上工业增加值同比增长4.1%。\n"
    f = facts(text, date="2023-09-28")[0]
    assert (f.region, f.region_code, f.period) == ("宣州", "341802", "2023-01/2023-08")


# ---------------------------------------------------------------- completion ratios, aims' periods, future figures


@pytest.mark.parametrize(
    "words", ["完成全年目标任务的59％", "为年度预算的59％", "完成年度计划的59％", "实现全年目标的59％"]
)
def test_a_completion_ratio_is_an_actual_share_of_the_spans_own_period(words: str) -> None:
    text = f"2022年上半年，全国城镇新增就业654万人，{words}。"
    f = fact(text, "59％")
    assert (f.kind, f.period) == ("actual", "2022-01/2022-06")


@pytest.mark.parametrize("verb", ["达到", "超过", "稳定在"])
def test_a_stock_aimed_for_by_a_year_takes_the_year(verb: str) -> None:
    f = fact(f"力争到2025年，全省规模以上工业企业总数{verb}2.5万户。", "2.5万户", date="2020-11-03")
    assert (f.kind, f.period) == ("target", "2025")


@pytest.mark.parametrize(("year", "kind"), [("2025", "target"), ("2020", "actual"), ("2019", "actual")])
def test_a_figure_for_a_period_after_the_documents_date_is_a_target(year: str, kind: str) -> None:
    text = f"# 浙江：十大产业链{year}年总产值突破6万亿元\n\n发布时间：2020/11/03\n\n浙江印发行动方案。\n"
    assert fact(text, "6万亿元").kind == kind


def test_a_date_inside_a_running_sentence_is_no_document_date() -> None:
    from factx.reader import find_doc_date

    body = "国家统计局发布公报。全国人口为13.7349亿人，与2010年11月1日的13.3972亿人相比，增加3377万人。"
    assert find_doc_date(body) is None
    assert find_doc_date("2016-07-22\n来源：湖南日报\n" + body) == "2016-07-22"
    assert find_doc_date("本报北京10月31日电 2023年10月31日，国家统计局发布数据。") == "2023-10-31"


def test_a_release_date_far_from_its_verb_gives_no_period() -> None:
    text = "10月31日，国家统计局服务业调查中心与中国物流与采购联合会联合发布数据：10月份，制造业PMI为49.5%。"
    assert fact(text, "49.5%", date="2023-11-01").period == "2023-10"


@pytest.mark.parametrize("word", ["全区", "本区"])
def test_quan_qu_is_the_districts_in_a_district_release_and_the_regions_in_an_autonomous_one(word: str) -> None:
    district = f"# 1-8月份宣州区经济运行情况\n\n1-8月份，{word}规模以上工业增加值同比增长4.1%。\n"
    assert (facts(district)[0].region, facts(district)[0].region_code) == ("宣州", "341802")
    autonomous = f"# 广西壮族自治区1-8月份经济运行情况\n\n1-8月份，{word}规模以上工业增加值同比增长4.1%。\n"
    assert facts(autonomous)[0].region == "广西"


def test_a_partner_list_after_its_trade_partners_noun_sets_no_region() -> None:
    text = "# 四川外贸\n\n上半年，四川对前三大贸易伙伴东盟、美国、欧盟分别进出口1084亿元、885.2亿元、781.2亿元。\n"
    got = facts(text)
    assert [f.region for f in got] == ["四川"] * 3
    assert [f.indicator[-5:] for f in got] == ["东盟进出口", "美国进出口", "欧盟进出口"]


# ---------------------------------------------------------------- one figure shared by a list


@pytest.mark.parametrize("marker", ["均超", "都超过", "分别超"])
def test_a_figure_shared_by_a_list_of_places_gives_one_record_each(marker: str) -> None:
    text = f"# 四川外贸\n\n上半年，绵阳、泸州、德阳三市进出口规模{marker}百亿元。\n"
    got = facts(text)
    assert [(f.region, f.indicator, f.value, f.qualifier) for f in got] == [
        (place, "进出口规模", 1e10, "over") for place in ("绵阳", "泸州", "德阳")
    ]


def test_a_rate_shared_by_a_list_of_places_gives_one_growth_record_each() -> None:
    got = facts("国庆期间，德宏、临沧、玉溪游客接待量同比增幅均在18%以上。")
    assert [(f.region, f.growth, f.qualifier) for f in got] == [(p, 18, "over") for p in ("德宏", "临沧", "玉溪")]


def test_a_figure_shared_by_named_products_gives_one_record_each() -> None:
    got = facts("2023年，汉酱、大曲、赖茅单品营收分别超10亿元。")
    assert [f.indicator for f in got] == ["汉酱单品营收", "大曲单品营收", "赖茅单品营收"]


def test_a_list_of_figures_is_not_a_shared_figure() -> None:
    got = facts("基础设施投资和民间投资分别增长3%和4%；北京、上海分别为5亿元、6亿元。")
    assert [(f.growth or f.value) for f in got] == [3, 4, 5e8, 6e8]


def test_a_level_after_a_change_and_zhi_is_no_from_to() -> None:
    got = facts("2024年，全市就业人数比上年增加5万人至120万人。")
    assert [f.value_text for f in got] == ["5万人", "120万人"]


@pytest.mark.parametrize("note", ["（包括农信社、城商行等）", "(剔除海关代征税收)", "（不包括个体户）"])
def test_a_note_in_brackets_is_no_part_of_a_name(note: str) -> None:
    f = fact(f"6月末，全省地方法人金融机构{note}存款余额1.2万亿元。", "1.2万亿元")
    assert f.indicator == "地方法人金融机构存款余额"


def test_a_short_qualifier_in_brackets_stays_in_the_name() -> None:
    f = fact("9月末，金融机构（含外资）本外币存款余额1.36万亿元。", "1.36万亿元")
    assert f.indicator.startswith("金融机构（含外资）")


@pytest.mark.parametrize(("body", "word"), [("安徽省经济和信息化厅", "该省"), ("济南市统计局", "该市")])
def test_gai_sheng_and_gai_shi_stand_for_the_reporting_bodys_place(body: str, word: str) -> None:
    text = f"记者从{body}获悉，{word}今年将新增专精特新企业400家。"
    assert fact(text, "400家").region == body[:2]


def test_a_date_before_ju_tongji_is_a_release_date() -> None:
    text = "7月19日，据成都海关统计，今年上半年四川进出口4906.6亿元。"
    assert fact(text, "4906.6亿元", date="2024-07-20").period == "2024-01/2024-06"


# ---------------------------------------------------------------- headlines in pasted pages


@pytest.mark.parametrize("gap", ["\n", "\n\n"])
def test_a_short_first_line_before_the_body_is_the_headline(gap: str) -> None:
    text = f"2022年1-10月重庆规上工业增加值同比增长4.5%{gap}导言：1-10月份，全市规模以上工业增加值同比增长4.5%。\n"
    f = facts(text)[-1]
    assert (f.region, f.period) == ("重庆", "2022-01/2022-10")


def test_a_wrapped_first_line_is_no_headline() -> None:
    text = "1-10月份，全市规模以上工业增加值同比\n增长4.5%，其中制造业增长3.6%。\n"
    assert [f.growth for f in facts(text)] == [4.5, 3.6]


@pytest.mark.parametrize("chrome", ["香港商报官网 > 湖南 > 湖南新闻", "(相关资料图)", "（资料图片）"])
def test_breadcrumbs_and_picture_placeholders_are_no_title(chrome: str) -> None:
    text = f"{chrome}\n\n湖南存款余额首破4万亿元\n\n6月末，全省存款余额40883.3亿元。\n"
    assert fact(text, "40883.3亿元").region == "湖南"


@pytest.mark.parametrize("body", ["中国钢铁工业协会", "中国物流与采购联合会"])
def test_a_national_association_reports_on_the_nation(body: str) -> None:
    text = f"{body}信息统计部\n\n3月上旬，重点统计钢铁企业生产粗钢2271.29万吨。\n"
    assert fact(text, "2271.29万吨").region == "全国"


def test_a_sites_name_over_more_short_lines_is_no_headline() -> None:
    text = "中财网 中财网股票行情\n渝农商行(601077)经营总结\n截止日期2023-06-30\n本集团资产总额14,383.51亿元。\n"
    assert fact(text, "14,383.51亿元").entity == "渝农商行"


# ---------------------------------------------------------------- companies named after places, report spans


@pytest.mark.parametrize(
    ("text", "value_text"),
    [
        ("2024年，宁德时代（300750.SZ）实现营业收入3620亿元。", "3620亿元"),
        ("截至2022年末，中国银行（601988.SH）资产总额28.9万亿元。", "28.9万亿元"),
    ],
)
def test_a_place_only_in_a_companys_name_sets_no_region(text: str, value_text: str) -> None:
    f = fact(text, value_text)
    assert (f.region, f.entity) == (None, text.split("，")[1][:4])


def test_a_place_written_besides_the_company_still_counts() -> None:
    f = fact("2023年，国铁集团数据显示，全国中欧班列累计开行16145列。", "16145列")
    assert f.region == "全国"


@pytest.mark.parametrize(("words", "iso"), [("一季报", "2024-01/2024-03"), ("半年报", "2024-01/2024-06")])
def test_a_periodic_report_named_by_its_span_gives_its_period(words: str, iso: str) -> None:
    assert fact(f"2024年{words}显示，公司营业收入100亿元。", "100亿元").period == iso


def test_this_ten_days_and_this_month_are_the_period_in_context() -> None:
    text = "3月上旬，重点钢铁企业生产粗钢2271.29万吨。本旬平均日产粗钢227.13万吨。"
    assert fact(text, "227.13万吨", date="2021-03-23").period == "2021-03-01/2021-03-10"
    text = "2021年3月份，全市新增贷款120亿元。本月末存款余额8000亿元。"
    assert fact(text, "8000亿元").period == "2021-03-31"


@pytest.mark.parametrize("year_head", ["2024年规模", "规模"])
def test_table_cells_that_carry_their_unit_are_claims(year_head: str) -> None:
    rows = "| 地区生产总值 | 1.78万亿元 | 32.9% |\n| 规模以上工业总产值 | 1.32万亿元 | 33.6% |\n"
    text = f"# 浦东新区\n\n2024年主要指标如下：\n\n| 指标 | {year_head} | 占全市比重 |\n|---|---|---|\n{rows}"
    got = [(f.value_text, f.indicator, f.period) for f in facts(text)]
    assert got == [
        ("1.78万亿元", "地区生产总值", "2024"),
        ("32.9%", "地区生产总值占全市比重", "2024"),
        ("1.32万亿元", "规模以上工业总产值", "2024"),
        ("33.6%", "规模以上工业总产值占全市比重", "2024"),
    ]


def test_explain_names_an_existing_rule_for_every_new_decision() -> None:
    from factx.models import Doc
    from factx.pipeline import Explanation, extract_doc
    from factx.rules import load_rules, ref_exists

    text = (
        "# 某市规划\n\n全市数字经济总量要达到2300亿元，5年内形成产业集群3个。营收增速、毛利率增速分别为29.43%、2.54%。"
        "出口较2019年增长12%。绵阳、泸州、德阳三市进出口规模均超百亿元。宁德时代（300750.SZ）营业收入3620亿元。\n"
    )
    ex = Explanation()
    extract_doc(Doc("t.md", text, "2024-03-01"), load_rules(), ex)
    refs = {w["rule"] for _, why in ex.records for w in why.values() if w.get("rule")}
    assert refs and all(ref_exists(r) for r in refs), sorted(r for r in refs if not ref_exists(r))


# ---------------------------------------------------------------- change words fused with a basis


@pytest.mark.parametrize(
    ("text", "value_text", "growth", "basis"),
    [
        ("9月出口订单年增30.5%，创新高。", "出口订单", 30.5, "yoy"),
        ("基本金屬外銷訂單年減6.3%。", "基本金屬外銷訂單", -6.3, "yoy"),
        ("本月，钢材库存月减4.2%", "钢材库存", -4.2, "mom"),
        ("资讯产品接单额年增 12%，但机械产品年减3%。", "资讯产品接单额", 12.0, "yoy"),
        ("受需求带动，机械产品年增11.4%。", "机械产品", 11.4, "yoy"),
    ],
)
def test_a_basis_fused_with_its_verb_is_not_left_in_the_name(text: str, value_text: str, growth: float, basis: str):
    f = next(f for f in facts(text) if f.growth == growth)
    assert (f.indicator, f.growth_basis) == (value_text, basis)


@pytest.mark.parametrize("opener", ["但", "但是", "不过，", "然而"])
def test_a_contrast_word_opens_no_name(opener: str) -> None:
    f = next(f for f in facts(f"2024年出口增长3%，{opener}化学品出口下降2%。") if f.growth == -2)
    assert f.indicator == "化学品出口"


# ---------------------------------------------------------------- from a level to a level


@pytest.mark.parametrize(
    "text",
    [
        "失业率由2025年6月至8月的3.7%上升至7月至9月的3.9%。",
        "失業率由2025年6月至8月的3.7%上升至7月至9月的3.9%。",
        "經季節性調整的失业率由2025年6月至8月的3.7%,上升至7月至9月的3.9%.",
    ],
)
def test_each_figure_of_a_from_to_sentence_keeps_its_own_period(text: str) -> None:
    got = [(f.value, f.period) for f in facts(text)]
    assert got == [(3.7, "2025-06/2025-08"), (3.9, "2025-07/2025-09")]
    assert all(f.indicator.endswith(("失业率", "失業率")) for f in facts(text))


@pytest.mark.parametrize(
    ("text", "changed", "reached"),
    [
        ("总就业人数减少约6,100人，至3,674,500人。", "总就业人数减少", "总就业人数"),
        ("失业人数增加约4,600人至155,600人。", "失业人数增加", "失业人数"),
        ("2024年，全市常住人口增加1.2万人，达到980.5万人。", "常住人口增加", "常住人口"),
        ("貨櫃吞吐量減少近3萬標箱至120萬標箱", "貨櫃吞吐量減少", "貨櫃吞吐量"),
    ],
)
def test_the_level_a_change_reached_is_a_level_of_what_changed(text: str, changed: str, reached: str) -> None:
    change, level = facts(text)
    assert (change.indicator, level.indicator) == (changed, reached)


@pytest.mark.parametrize("verb", ["维持于", "維持在", "保持在", "稳定在", "处于"])
def test_a_holding_verb_ends_the_name(verb: str) -> None:
    assert fact(f"2024年末，城镇调查失业率{verb}5.1%。", "5.1%").indicator in ("城镇调查失业率",)


# ---------------------------------------------------------------- currencies, words for percent, Taiwan's change words


@pytest.mark.parametrize(
    ("text", "name", "unit"),
    [
        ("2024年营业收入为人民币120亿元。", "营业收入", "元"),
        ("2024年，出口總值為港幣4,500億元。", "出口總值", "港元"),
        ("2024年合併營收達新臺幣2.89兆元，年增33.9%。", "合併營收", "新台币"),
        ("去年净利润约为美元3.5亿元", "净利润", "美元"),
    ],
)
def test_a_currency_written_before_the_number_is_no_part_of_the_name(text: str, name: str, unit: str) -> None:
    f = next(f for f in facts(text) if f.value is not None)
    assert (f.indicator, f.unit) == (name, unit)


@pytest.mark.parametrize(
    ("text", "growth", "value"),
    [
        ("2023年国庆假期全省接待游客四千万人次，同比增长百分之二十一点五。", 21.5, 40000000.0),
        ("2024年出口下降百分之五。", -5.0, None),
        ("2024年全市城镇调查失业率为百分之三。", None, 3.0),
        ("2024年居民消費價格上漲百分之0.2", 0.2, None),
    ],
)
def test_a_percentage_in_words_is_a_rate_or_a_share(text: str, growth: float | None, value: float | None) -> None:
    (f,) = facts(text)
    assert (f.growth, f.value) == (growth, value)


@pytest.mark.parametrize(
    ("text", "growth"),
    [
        ("2024年全年GDP為新臺幣24.5兆元，成長3.1%。", 3.1),
        ("2024年外銷訂單衰退5.2%。", -5.2),
        ("2024年出口负成长3%", -3.0),
        ("2024年經濟成長率為4.79%。", 4.79),
        ("2024年，工业生产指数年成長 2.5%", 2.5),
    ],
)
def test_taiwan_change_words_make_rates(text: str, growth: float) -> None:
    assert [f.growth for f in facts(text) if f.growth is not None] == [growth]


@pytest.mark.parametrize("word", ["实际", "實質", "名义"])
def test_real_or_nominal_is_no_part_of_a_rates_name(word: str) -> None:
    assert fact(f"2024年，地区生产总值同比{word}增长5%。", None).indicator == "地区生产总值"


# ---------------------------------------------------------------- periodic reports


@pytest.mark.parametrize(
    ("report", "iso"),
    [
        ("2022年度报告", "2022"),
        ("2022年年度報告", "2022"),
        ("2023年半年度报告", "2023-01/2023-06"),
        ("2023年中期报告", "2023-01/2023-06"),
        ("2024年第三季度报告", "2024-07/2024-09"),
    ],
)
def test_report_period_in_another_paragraph_is_the_named_reports(report: str, iso: str) -> None:
    text = f"某银行昨日发布{report}。\n\n报告期内，该行实现营业收入6180亿元，同比增长2.06%。"
    assert fact(text, "6180亿元").period == iso


@pytest.mark.parametrize(
    ("lead", "iso"),
    [
        ("招商轮船8月29日发布半年度业绩报告称，2024年上半年营业收入约132.35亿元。", "2024-01/2024-06"),
        ("西部矿业发布的2025年半年报显示，公司总营业收入316.19亿元。", "2025-01/2025-06"),
        ("某銀行發布年報稱，2023年營業收入約132.35億元。", "2023"),
    ],
)
def test_a_report_named_without_its_year_refers_to_the_span_its_sentence_states(lead: str, iso: str) -> None:
    text = f"{lead}\n\n财报显示，报告期内，油轮板块净利润为16.75亿元。"
    assert fact(text, "16.75亿元").period == iso


def test_a_name_with_a_year_that_is_no_report_still_gives_no_period() -> None:
    text = "江苏省2023年政府工作报告提出，地区生产总值增长5%左右。"
    assert fact(text, None).period is None


@pytest.mark.parametrize(
    "text",
    [
        "2024年一季度、二季度GDP分别增长5.3%和4.7%。",
        "2024年一季度和二季度，地区生产总值分别增长5.3%、4.7%",
        "2024年第一季度、第二季度出口額分別年增5.3%及4.7%。",
    ],
)
def test_a_list_of_periods_pairs_with_the_rates_after_fenbie(text: str) -> None:
    assert [f.period for f in facts(text)] == ["2024-01/2024-03", "2024-04/2024-06"]


# ---------------------------------------------------------------- ranges and lists


@pytest.mark.parametrize(
    ("text", "value_text", "value"),
    [
        ("到2027年，培育领军型产业3-5个。", "3-5个", 3),
        ("力争新增规上企业10至15家", "10至15家", 10),
        ("到2030年，年投资規模達1.5～2億元", "1.5～2億元", 150_000_000),
        ("计划建成充电桩50到80万个。", "50到80万个", 500_000),
    ],
)
def test_a_range_is_one_claim_at_its_lower_bound(text: str, value_text: str, value: float) -> None:
    f = fact(text, value_text)
    assert (f.value, f.qualifier) == (value, "over")


@pytest.mark.parametrize(
    "text",
    [
        "2020-2025年，全市累计完成投资500亿元。",
        "2024-10-21 某市发布数据，出口额500亿元。",
        "1-9月，全市完成投资500亿元。",
    ],
)
def test_dates_and_spans_are_no_ranges(text: str) -> None:
    assert fact(text, "500亿元").qualifier == "exact"


@pytest.mark.parametrize("prep", ["自", "向", "对"])
def test_a_partners_preposition_goes_to_every_item_of_the_list(prep: str) -> None:
    got = [f.indicator for f in facts(f"2024年，{prep}欧盟、美国和东盟出口分别增长5%、6%和7%。")]
    assert got == [f"{prep}欧盟出口", f"{prep}美国出口", f"{prep}东盟出口"]


def test_a_multiple_ends_a_list_of_rates() -> None:
    text = "2024年，自欧盟、美国和东盟进口分别为4.1亿美元、7.3亿美元和6.1亿美元，分别增长16.7%、87.9%和1.1倍。"
    assert [f.growth for f in facts(text)] == pytest.approx([16.7, 87.9, 110.0])


@pytest.mark.parametrize(
    ("items", "names"),
    [
        ("营收和净利润增速", ["营收", "净利润"]),
        ("采矿业、制造业和電力業增加值", ["采矿业增加值", "制造业增加值", "電力業增加值"]),
        ("城镇和农村居民人均可支配收入", ["城镇居民人均可支配收入", "农村居民人均可支配收入"]),
        ("电子产品、信息通信产品订单额", ["电子产品订单额", "信息通信产品订单额"]),
        ("汽车、手机产量", ["汽车产量", "手机产量"]),
        ("一般贸易及加工贸易进出口", ["一般贸易进出口", "加工贸易进出口"]),
    ],
)
def test_the_measure_a_list_shares_goes_to_every_item(items: str, names: list[str]) -> None:
    pct = "、".join(f"{k + 3}%" for k in range(len(names)))
    assert [f.indicator for f in facts(f"2024年，{items}分别增长{pct}。")] == names


# ---------------------------------------------------------------- reporting bodies and reporting verbs


@pytest.mark.parametrize(
    "note",
    ["附注：进口数据来源于海关总署。", "资料来源：国家统计局", "数据来自国家能源局。"],
)
def test_a_national_body_named_as_the_source_of_the_data_gives_the_nation(note: str) -> None:
    text = f"上半年，生产原煤23.0亿吨，同比增长4.4%。\n\n{note}"
    assert fact(text, "23.0亿吨").region == "全国"


def test_a_source_note_naming_no_body_gives_no_place() -> None:
    assert fact("上半年，生产原煤23.0亿吨。\n\n数据来源：网络整理。", "23.0亿吨").region is None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("經濟部統計處今（21日）公布9月外銷訂單702.2億美元。", "外銷訂單"),
        ("海关总署数据显示2024年出口额300亿元。", "出口额"),
        ("该公司披露前三季度营收50亿元", "营收"),
        ("2024年，平板显示产业产值300亿元。", "平板显示产业产值"),
    ],
)
def test_a_reporting_verb_leaves_what_was_reported(text: str, name: str) -> None:
    f = next(f for f in facts(text) if f.value is not None)
    assert f.indicator == name


def test_taiwans_ministry_of_economic_affairs_reports_on_taiwan() -> None:
    assert fact("經濟部統計處今公布9月外銷訂單702.2億美元。", "702.2億美元").region == "台湾"
    assert fact("2024年，经济部门投资增加300亿元。", "300亿元").region is None


# ---------------------------------------------------------------- this ten days, this month


@pytest.mark.parametrize("span", ["3月上旬", "3月中旬"])
def test_this_ten_days_in_a_later_paragraph_is_the_reports_ten_days(span: str) -> None:
    text = (
        f"{span}，重点钢铁企业日产粗钢227万吨。\n\n本旬全国共生产粗钢2929万吨，比上一旬增长2.5%。\n\n"
        "本月全国粗钢累计日产同比增长18.59%。"
    )
    days = {"3月上旬": "2021-03-01/2021-03-10", "3月中旬": "2021-03-11/2021-03-20"}[span]
    f = fact(text, "2929万吨", date="2021-03-23")
    assert (f.period, f.growth_basis) == (days, "mom")
    assert fact(text, None, date="2021-03-23").period == "2021-03"


def test_this_month_with_no_month_in_the_document_is_null() -> None:
    assert fact("本月全国粗钢日产同比增长18.59%。", None, date="2021-03-23").period is None


# ---------------------------------------------------------------- companies that report


@pytest.mark.parametrize(
    ("lead", "name"),
    [
        ("4月26日晚，明德生物、迪安诊断发布一季报。", "迪安诊断"),
        ("迪安诊断一季报显示，业绩大增。", "迪安诊断"),
        ("迪安诊断26日晚披露，业绩大增。", "迪安诊断"),
        ("4月26日，迪安診斷發布2022年一季報。", "迪安诊断"),
        ("迪安診斷昨天公布去年第四季財報。", "迪安诊断"),
        ("迪安诊断昨晚披露了今年一季度业绩报告。", "迪安诊断"),
    ],
)
def test_a_name_that_publishes_its_results_is_an_entity(lead: str, name: str) -> None:
    text = f"{lead}\n\n迪安诊断一季度实现净利润7.54亿元，同比增长122.62%。"
    assert fact(text, "7.54亿元").entity in (name, "迪安診斷")


@pytest.mark.parametrize(
    "lead",
    [
        "国家统计局26日发布一季报。",
        "同日发布的2021年年报显示，业绩大增。",
        "该公司发布年报。",
        "国家统计局昨天公布去年四季度国民经济运行报告。",
    ],
)
def test_bodies_and_time_words_that_publish_are_no_entities(lead: str) -> None:
    assert fact(f"{lead}\n\n一季度实现净利润7.54亿元。", "7.54亿元").entity is None


def test_a_span_without_a_year_takes_the_nearest_year_before_it() -> None:
    text = "在2021年高基数的基础上，该行业2022年一季度继续增长。一季度，营收42.51亿元。"
    assert fact(text, "42.51亿元").period == "2022-01/2022-03"


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "2024年，对欧盟、美国分别出口3亿元、4亿元，分别进口5亿元、6亿元。",
            ["对欧盟出口", "对美国出口", "对欧盟进口", "对美国进口"],
        ),
        (
            "今年前2個月，對歐盟、美國分別進出口27.9億美元、26.4億美元；分別進口4.1億美元、7.3億美元。",
            ["對歐盟進出口", "對美國進出口", "對歐盟進口", "對美國進口"],
        ),
    ],
)
def test_a_later_clause_with_fenbie_pairs_with_the_list_before_it(text: str, names: list[str]) -> None:
    assert [f.indicator for f in facts(text)] == names


@pytest.mark.parametrize(
    "promo", ["在某某财经看行情，选某某证券一站式开户交易>>", "下载某某财经APP，看更多资讯»", "点击进入某某银行专题"]
)
def test_a_promotion_line_gives_no_entity(promo: str) -> None:
    text = f"{promo}\n\n到2027年，全省培育特色产业集群30个。"
    assert fact(text, "30个").entity is None


def test_a_threshold_before_a_count_of_the_category_is_no_claim() -> None:
    got = facts("到2027年，提升一批产业集群，年营业收入超1000亿元的2个，超500亿元的5个。")
    assert [f.value_text for f in got] == ["2个", "5个"]


@pytest.mark.parametrize(
    ("text", "growths"),
    [
        ("全国财政收入增幅逐月回落，9月至11月分别为17.3%、16.9%、10.6%。", [17.3, 16.9, 10.6]),
        ("出口增速放缓，二季度、三季度依次为5%和4%。", [5.0, 4.0]),
        ("工业品价格降幅收窄，10月、11月分别为2.5%、1.8%。", [-2.5, -1.8]),
    ],
)
def test_a_list_after_a_rate_noun_holds_rates(text: str, growths: list[float]) -> None:
    got = facts(text)
    assert [f.growth for f in got] == growths
    assert all(f.value is None for f in got)


def test_a_list_after_a_level_noun_holds_levels() -> None:
    assert [f.value for f in facts("2024年，两地的毛利率分别为17.3%、16.9%。")] == [17.3, 16.9]


# ---------------------------------------------------------------- numerals written digit by digit, ○ for zero


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("全市接待游客二千四百二十六點○八萬人次。", 24_260_800),
        ("全省旅游收入二億九千三百六十點一一萬元。", 293_601_100),
        ("商品出口達一八八一億美元。", 188_100_000_000),
        ("全年出口二○八五億美元", 208_500_000_000),
    ],
)
def test_chinese_numerals_with_circle_zero_digit_runs_and_mixed_magnitudes(text: str, value: float) -> None:
    (f,) = facts(text)
    assert f.value == pytest.approx(value)


@pytest.mark.parametrize(("word", "basis"), [("按季升", "mom"), ("按季跌", "mom"), ("按年升", "yoy")])
def test_quarter_on_quarter_words(word: str, basis: str) -> None:
    (f,) = facts(f"第三季经调整盈利{word}12%。")
    assert (f.growth_basis, abs(f.growth)) == (basis, 12)


@pytest.mark.parametrize(
    ("lead", "basis"),
    [
        ("與上年同月比較：", "yoy"),
        ("与上年同季相比，", "yoy"),
        ("和去年同月比，", "yoy"),
        ("與上月比較：", "mom"),
        ("与上季度相比，", "mom"),
    ],
)
def test_a_comparison_named_in_a_lead_gives_the_basis_of_the_rates_after_it(lead: str, basis: str) -> None:
    text = f"1.按月看，工业生产增长0.5%。\n2.{lead}工业生产减少7.93%，其中制造业减少8.40%。\n"
    rates = [f for f in facts(text) if f.growth in (-7.93, -8.4)]
    assert [f.growth_basis for f in rates] == [basis, basis]


def test_carloads_are_a_count() -> None:
    assert fact("2024年6月，日均装车2140车。", "2140车").unit == "车"


# ---------------------------------------------------------------- shares between, signed rates in brackets, bands


@pytest.mark.parametrize("share", ["，占主营收入的62.46%，", "，占比62.46%，", ",比重为62.46%,"])
def test_a_share_between_an_amount_and_its_rate_names_no_other_indicator(share: str) -> None:
    f = fact(f"2024年，网络层实现营收12.45亿元{share}同比增长10.12%。", "12.45亿元")
    assert f.growth == 10.12


@pytest.mark.parametrize("bracket", [("(", ")"), ("（", "）")])
def test_a_signed_rate_in_brackets_after_a_name_is_its_change(bracket: tuple[str, str]) -> None:
    o, c = bracket
    got = facts(f"2024年，升幅较大的大类有烟酒{o}+11.08%{c}、交通{o}-2.1%{c}。")
    assert [(f.indicator[-2:], f.growth, f.value) for f in got] == [("烟酒", 11.08, None), ("交通", -2.1, None)]


def test_a_band_of_rates_is_one_rate_at_its_lower_bound() -> None:
    (f,) = facts("2024年，全年用电量同比增速处于14%至18%之间。")
    assert (f.growth, f.qualifier) == (14.0, "over")


def test_a_rate_then_the_level_it_led_to_is_no_band() -> None:
    (f,) = facts("2024年，产量增长5%至176亿吨。")
    assert (f.value, f.growth) == (17_600_000_000, 5.0)


def test_the_years_of_a_from_to_sentence_stay_with_its_figures() -> None:
    text = "进出口由2013年的753.3亿元，增长到2022年的2094.7亿元。\n前三季度，进出口3056.5亿元。"
    assert [f.period for f in facts(text)] == ["2013", "2022", None]


@pytest.mark.parametrize("heading", ["二、农业", "**农业**", "## 农业"])
def test_a_whole_year_word_takes_the_year_the_document_states(heading: str) -> None:
    text = f"2016年全市生产总值增长8%。\n\n{heading}\n\n全年农林牧渔业增加值120亿元。年末耕地面积30万亩。"
    assert [f.period for f in facts(text)] == ["2016", "2016", "2016-12-31"]


def test_a_whole_year_word_with_no_year_anywhere_is_null() -> None:
    assert fact("全年农林牧渔业增加值120亿元。", "120亿元").period is None


@pytest.mark.parametrize("wire", ["/美通社/ --", "/ 美通社 /", "电"])
def test_a_wire_dateline_gives_no_place_and_no_period(wire: str) -> None:
    text = f"上海2021年3月30日 {wire} 药明康德今日公布2020年全年业绩，营业收入165.4亿元，同比增长28.5%。"
    f = fact(text, "165.4亿元")
    assert (f.region, f.period, f.entity) == (None, "2020", "药明康德")


@pytest.mark.parametrize("months", ["2-7月", "2—7月", "2月至7月"])
def test_a_month_range_over_a_list_as_long_gives_a_month_an_item(months: str) -> None:
    text = f"# 云南工业\n\n2016年{months}，全省工业用电量增速分别为7.5%、7.8%、8.6%、10.4%、11.7%、12.6%。\n"
    assert [f.period for f in facts(text)] == [f"2016-{m:02d}" for m in range(2, 8)]


@pytest.mark.parametrize(("word", "sep"), [("累计", "、"), ("累計", ","), ("累计", ", ")])
def test_a_cumulative_list_over_a_month_range_runs_from_january(word: str, sep: str) -> None:
    text = f"# 云南工业\n\n2016年2-4月，烟草制品业增加值{word}降幅分别为7.5%{sep}7.8%{sep}8.6%。\n"
    assert [f.period for f in facts(text)] == ["2016-01/2016-02", "2016-01/2016-03", "2016-01/2016-04"]


def test_a_list_shorter_than_its_month_range_keeps_the_range() -> None:
    text = "# 云南工业\n\n2016年2-7月，出口和进口分别增长7.5%和7.8%。\n"
    assert {f.period for f in facts(text)} == {"2016-02/2016-07"}


@pytest.mark.parametrize("rel", ["去年", "今年"])
def test_a_bare_relative_year_without_a_date_takes_the_one_year_the_text_states(rel: str) -> None:
    text = f"# 山西财政\n\n2021年山西财政收入规模首次突破2800亿元。\n\n{rel}全省原煤产量11.9亿吨。\n"
    assert fact(text, "11.9亿吨").period == "2021"


def test_both_relative_years_without_a_date_stay_unresolved() -> None:
    # 今年 and 去年 cannot both be the 2021 the text states: neither is guessed
    text = "# 山西财政\n\n2021年财政收入2800亿元。\n\n去年原煤产量11.9亿吨，今年产量12.3亿吨。\n"
    assert fact(text, "11.9亿吨").period is None and fact(text, "12.3亿吨").period is None


def test_a_bare_relative_year_with_a_date_resolves_against_the_date() -> None:
    text = "# 山西财政\n\n2021年财政收入2800亿元。\n\n去年原煤产量11.9亿吨。\n"
    assert fact(text, "11.9亿吨", date="2024-03-01").period == "2023"


@pytest.mark.parametrize("later", ["是2019年创建之初的5.4倍", "较2019年末翻了一番", "高于2019年水平"])
def test_a_year_later_in_the_sentence_does_not_date_the_span_before_it(later: str) -> None:
    # 3月末 takes the year of the document's date, not the 2019 a later clause recalls
    text = f"# 重庆金融\n\n3月末，科技贷款余额7521.2亿元；绿色贷款余额9600亿元，{later}。\n"
    assert fact(text, "7521.2亿元", date="2025-04-23").period == "2025-03-31"
    assert fact(text, "9600亿元", date="2025-04-23").period == "2025-03-31"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("金融及保險業的淨產值,在第三季與上年同期比較實質上升3.5%。", "金融及保險業的淨產值"),
        ("批发零售业增加值，继二季度下跌3.5%后，在三季度下跌10.1%。", "批发零售业增加值"),
        ("住宿餐饮业营业额，在今年三季度同比下降3.5%。", "住宿餐饮业营业额"),
        ("天然气产量增长较快，更是上升3.5%。", "天然气产量"),
    ],
)
def test_a_name_of_function_words_only_gives_way_to_the_topic_before_it(text: str, name: str) -> None:
    # 在, 继…后, 與…比: nothing is named in the rate's own clause; the topic clause names it
    f = next(f for f in facts(f"# 经济\n\n{text}\n") if f.growth == -3.5 or f.growth == 3.5)
    assert f.indicator == name


@pytest.mark.parametrize(
    "clause",
    [
        "招商银行以 12.64 万亿元（截至三季度末）总资产居首",
        "招商银行以12.64万亿元的总资产规模紧随其后",
        "招商银行以12.64万亿元的总资产，位居第一",
    ],
)
def test_yi_amount_names_the_noun_after_it_across_spaces_and_brackets(clause: str) -> None:
    f = fact(f"# 银行\n\n{clause}。\n", next(v for v in ("12.64 万亿元", "12.64万亿元") if v in clause))
    assert f.indicator in ("总资产", "总资产规模")


@pytest.mark.parametrize("connective", ["而", "但", "其中"])
def test_period_words_after_a_connective_date_the_figure_they_qualify(connective: str) -> None:
    text = f"# 香港经济\n\n金融业产值在2019年第三季上升3.5%，{connective}第二季的升幅为3.7%。\n"
    assert next(f for f in facts(text) if f.growth == 3.7).period == "2019-04/2019-06"


@pytest.mark.parametrize(
    "clause",
    [
        "2022年本地生產總值實質變動修訂為 -21.4%",
        "2022年本地生产总值实质变动为-21.4%",
        "2022年地区生产总值增速修订为-21.4%",
        "2022年地區生產總值增速修正至-21.4%",
    ],
)
def test_a_revised_rate_is_a_growth_figure(clause: str) -> None:
    [f] = facts(f"# 经济\n\n{clause}。\n")
    assert (f.value, f.growth, f.period) == (None, -21.4, "2022")


def test_the_last_period_of_a_list_before_de_dates_its_own_item() -> None:
    text = "# 经济\n\n2023年第1季、第2季及第3季的增速分别修订至32.3%、100.9%及120.4%。\n"
    assert [f.period for f in facts(text)] == ["2023-01/2023-03", "2023-04/2023-06", "2023-07/2023-09"]


@pytest.mark.parametrize("total", ["共", "共计", "合计"])
def test_a_total_word_before_the_figure_is_no_part_of_the_name(total: str) -> None:
    text = f"# 台湾就业\n\n11月工業及服務業受僱員工人數{total} 748 萬 7,000 人。全市公共预算收入{total}120亿元。\n"
    assert [f.indicator for f in facts(text)] == ["工業及服務業受僱員工人數", "公共预算收入"]


def test_the_day_of_the_title_is_the_day_that_dangtian_refers_to() -> None:
    text = "# 3日全国接待国内游客1.19亿人次\n\n福建省：全省当天共接待游客493.34万人次，同比增长25.65%。\n"
    assert {f.period for f in facts(text, date="2017-10-03")} == {"2017-10-03"}


def test_a_relative_year_in_the_title_gives_its_year_to_spans_without_one() -> None:
    text = "# 澳門去年GDP勁增80.5%\n\n全年私人消費按年上升12.1%。2022年全年本地生產總值修訂為下跌21.4%。\n"
    f = next(f for f in facts(text, date="2024-03-01") if f.growth == 12.1)
    assert f.period == "2023"


def test_a_relative_year_in_the_body_carries_no_year_to_other_sentences() -> None:
    # a crawl date may be taken for the document's: a body's 今年 does not date the 前11个月 after it
    text = "# 财政收支\n\n2011年1-11月全国财政收入增长26.8%。今年按规定纳入预算管理。前11个月非税收入增长17%。\n"
    f = next(f for f in facts(text, date="2024-04-27") if f.growth == 17)
    assert f.period == "2011-01/2011-11"


@pytest.mark.parametrize("cmp", ["超", "超过", "超越"])
def test_a_span_a_figure_exceeds_is_a_comparison_base(cmp: str) -> None:
    text = f"# 湘存款余额首破4万亿 上半年新增{cmp}去年全年\n\n2016年上半年，全省新增存款4662.7亿元。\n"
    assert {f.period for f in facts(text, date="2016-07-22")} == {"2016-01/2016-06"}


@pytest.mark.parametrize(
    ("clause", "kept"),
    [
        ("食品价格上涨1.5%，影响CPI上涨约0.29个百分点", [(1.5, None)]),
        ("食品價格上漲1.5%，影響CPI上漲約0.29個百分點", [(1.5, None)]),
        ("三次产业拉动力分别为14.1%、-1.2%和2.9%", []),
    ],
)
def test_contributions_to_a_rate_are_no_claims(clause: str, kept: list[tuple[float, None]]) -> None:
    assert [(f.growth, f.value) for f in facts(f"# 物价\n\n{clause}。\n")] == kept


def test_a_signed_item_of_a_list_of_levels_stays_a_level() -> None:
    got = [(f.value, f.growth) for f in facts("# 经济\n\n三次产业的贡献率分别为89.3%、-7.9%和18.6%。\n")]
    assert got == [(89.3, None), (-7.9, None), (18.6, None)]
    got = [(f.value, f.growth) for f in facts("# 经济\n\n三次产业增加值增速分别为5.1%、-2.3%和7.6%。\n")]
    assert got == [(None, 5.1), (None, -2.3), (None, 7.6)]


@pytest.mark.parametrize(
    ("clause", "value", "growth"),
    [
        ("3月工業生產指數131.16,較上月增加23.79%", 131.16, 23.79),
        ("3月工业生产指数为131.16，较上月增加23.79%", 131.16, 23.79),
        ("3月制造业PMI指数为50.2，比上月上升0.3个百分点", 50.2, 0.3),
    ],
)
def test_an_index_level_takes_its_change_in_percent_or_in_points(clause: str, value: float, growth: float) -> None:
    [f] = facts(f"# 工业\n\n{clause}。\n")
    assert (f.value, f.unit, f.growth) == (value, "点", growth)


def test_a_short_headline_with_a_comma_over_a_long_body_line_is_the_title() -> None:
    text = (
        "3月工業生產指數年減3.28%,首季增加0.78%\n"
        "102年3月工業生產指數131.16,較上月增加23.79%,其中製造業增加24.37%;經季節調整後,工業生產減少2.60%。\n"
    )
    f = next(f for f in facts(text) if f.value == 131.16)
    assert f.indicator == "工業生產指數" and f.period == "2013-03"


@pytest.mark.parametrize("noun", ["涨幅", "增幅", "增速", "漲幅"])
def test_a_rate_compared_with_last_months_rate_gives_no_basis_to_the_rates_after_it(noun: str) -> None:
    text = f"# 物价\n\n11月，全省CPI同比上涨0.2%，{noun}比上月回落0.2个百分点。其中，城市上涨0.3%，农村上涨0.1%。\n"
    assert {f.growth_basis for f in facts(text)} == {"yoy"}


@pytest.mark.parametrize("quarter", ["首季", "全年", "前季", "九个月", "半年", "3個月"])
def test_a_period_word_ending_in_ji_or_nian_is_no_fused_basis(quarter: str) -> None:
    # 首季增加 is 首季 + 增加, not the mom 季增
    [f] = facts(f"# 工业\n\n與上年同季比較，{quarter}增加0.78%。\n")
    assert f.growth_basis == "yoy"


@pytest.mark.parametrize(
    ("clause", "base_period"),
    [
        ("上半年賭稅收入447.9億元，較去年同期的267.9億元增67.2%", "2023-01/2023-06"),
        ("上半年税收收入447.9亿元，比上年同期的267.9亿元增长67.2%", "2023-01/2023-06"),
    ],
)
def test_a_quoted_comparison_figure_takes_neither_the_rate_nor_its_period(clause: str, base_period: str) -> None:
    got = {f.value_text.replace("億", "亿"): f for f in facts(f"# 财政\n\n{clause}。\n", date="2024-07-02")}
    assert got["447.9亿元"].growth == 67.2 and got["447.9亿元"].period == "2024-01/2024-06"
    assert (got["267.9亿元"].growth, got["267.9亿元"].period) == (None, base_period)


@pytest.mark.parametrize("tally", ["两降一升", "九升一降", "一升两降"])
def test_a_tally_of_risers_and_fallers_is_no_litre(tally: str) -> None:
    assert facts(f"# 用电\n\n上半年，三次产业用电量呈现{tally}态势。\n") == []


def test_a_month_takes_the_year_its_paragraphs_span_is_stated_with_elsewhere() -> None:
    text = "# 2020年上半年全市用电\n\n上半年，第一产业用电量0.18亿千瓦时。6月份，第一产业用电量0.04亿千瓦时。\n"
    assert fact(text, "0.04亿千瓦时").period == "2020-06"


@pytest.mark.parametrize("connective", ["而", "但", "其中"])
def test_period_words_of_a_later_clause_opened_by_a_connective_do_not_date_the_figures_before(connective: str) -> None:
    text = (
        "# 2017年7月份消費物價指數\n\n"
        f"甲類、乙類消費物價指數的按年升幅分別為2.5%及1.8%，{connective}二零一七年六月份的相應升幅則分別為2.3%及1.9%。\n"
    )
    got = {f.growth: f.period for f in facts(text)}
    assert (got[2.5], got[2.3]) == ("2017-07", "2017-06")


@pytest.mark.parametrize("word", ["累计", "累計"])
def test_a_cumulative_figure_of_a_months_release_runs_from_january(word: str) -> None:
    text = f"# 财政收支\n\n2021年9月份，全市一般公共预算收入当月完成25.2亿元；{word}完成427.4亿元。\n"
    assert (fact(text, "25.2亿元").period, fact(text, "427.4亿元").period) == ("2021-09", "2021-01/2021-09")


def test_a_cumulative_figure_of_this_month_stays_the_month() -> None:
    text = "# 钢铁\n\n2021年3月，重点钢企粗钢日产229万吨。本月全国粗钢累计平均日产增长18.59%。\n"
    assert next(f for f in facts(text) if f.growth == 18.59).period == "2021-03"


@pytest.mark.parametrize(
    ("clause", "basis"),
    [
        ("消費物價指數在二零一七年五至七月的三個月期間的平均每月升幅為0.1%", "mom"),
        ("食品价格平均每月上涨0.1%", "mom"),
        ("该类别所占比重较上一期下降4.1个百分点", "mom"),
    ],
)
def test_an_average_monthly_rate_and_a_change_on_the_last_period_are_mom(clause: str, basis: str) -> None:
    [f] = facts(f"# 物价\n\n{clause}。\n")
    assert f.growth_basis == basis


def test_a_span_restated_as_its_months_keeps_its_period() -> None:
    [f] = facts("# 物价\n\n消費物價指數在二零一七年五至七月的三個月期間的平均每月升幅為0.1%。\n")
    assert f.period == "2017-05/2017-07"


@pytest.mark.parametrize("adverb", ["快速", "较快", ""])
def test_a_rate_word_after_a_lists_last_item_makes_every_item_a_rate(adverb: str) -> None:
    text = f"# 银行\n\n广州、上海、重庆分别实现了15.37%、14.68%和12.59%的{adverb}增长。\n"
    assert [(f.region, f.growth, f.value) for f in facts(text)] == [
        ("广州", 15.37, None),
        ("上海", 14.68, None),
        ("重庆", 12.59, None),
    ]


def test_an_average_rate_after_its_rate_noun_is_a_rate() -> None:
    [f] = facts("# 银行\n\n五家银行利润增长率平均为14.4%。\n")
    assert (f.growth, f.value) == (14.4, None)


@pytest.mark.parametrize(
    "clause",
    [
        "今年經濟成長率下修至百分之一點七四",
        "今年经济增长率上修至1.74%",
        "今年第三季成長率初步統計為1.74%",
        "三季度GDP增速初步核算为1.74%",
    ],
)
def test_a_revised_or_preliminary_rate_is_a_growth_figure(clause: str) -> None:
    [f] = facts(f"# 经济\n\n{clause}。\n", date="2019-11-29")
    assert (f.value, f.growth) == (None, 1.74)


@pytest.mark.parametrize(("clause", "growth"), [("衣着类以9.7%领涨", 9.7), ("交通类以2.1%领跌", -2.1)])
def test_a_category_leading_the_rise_or_fall_holds_a_rate(clause: str, growth: float) -> None:
    [f] = facts(f"# 物价\n\n7月份，{clause}。\n", date="2024-08-09")
    assert (f.indicator, f.value, f.growth) == (clause[:3], None, growth)


def test_a_rate_held_within_a_bound_is_a_rate() -> None:
    [f] = facts("# 目标\n\n居民消费价格涨幅控制在3.5%左右。\n")
    assert (f.value, f.growth, f.qualifier) == (None, 3.5, "approx")


def test_a_yearless_span_takes_the_year_of_the_report_the_text_quotes() -> None:
    text = "截至10月31日，42家上市银行已披露2025年第三季度报告。\n\n三季度末，工商银行总资产达17.10万亿元。\n"
    assert fact(text, "17.10万亿元").period == "2025-09-30"


@pytest.mark.parametrize(
    ("clause", "growth"),
    [
        ("多賺31%，至63.12億元", 31),
        ("少赚31%，至63.12亿元", -31),
        ("增长31%，至63.12亿元", 31),
        ("下降31%,到63.12亿元", -31),
    ],
)
def test_a_change_then_a_comma_and_zhi_gives_the_level_reached_its_growth(clause: str, growth: float) -> None:
    f = fact(f"上半年净利润{clause}。", "63.12億元" if "億" in clause else "63.12亿元")
    assert (f.growth, f.indicator) == (growth, "净利润")


@pytest.mark.parametrize("to", ["，为", ",為", "，达"])
def test_a_rate_then_the_level_it_reached_is_one_claim(to: str) -> None:
    f = fact(f"十月份經外港碼頭入境旅客增加23.5%{to}5,084,179人次。", "5,084,179人次")
    assert f.growth == 23.5


def test_a_rate_then_a_rank_stays_a_rate() -> None:
    (f,) = facts("全市工业增加值增长5%，为全省最快。")
    assert (f.value, f.growth) == (None, 5)
