"""The region of a claim on news nobody here wrote (SPEC section 2, Region).

Each document is built so that the rule under test gives a different answer from the obvious
wrong one: a shared district name against the other division of that name, a reporting body's
place against the nation, a brand or a reach against the place they name.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from factx import Fact, extract
from factx.context import BODY_REACH
from factx.errors import RuleError
from factx.rules import load_rules


def facts(text: str, date: str | None = "2024-06-30") -> list[Fact]:
    return extract(text, doc="t.md", date=date)


def fact(text: str, value_text: str) -> Fact:
    found = [f for f in facts(text) if f.value_text == value_text]
    assert len(found) == 1, [(f.value_text, f.growth, f.region) for f in facts(text)]
    return found[0]


def rate(text: str, growth: float) -> Fact:
    found = [f for f in facts(text) if f.value is None and f.growth == growth]
    assert len(found) == 1, [(f.value_text, f.growth, f.region) for f in facts(text)]
    return found[0]


def where(f: Fact) -> tuple[str | None, str | None]:
    return f.region, f.region_code


# ---------------------------------------------------------------- shared county-level names

NANSHAN_SZ = ("南山", "440305")
NANSHAN_HG = ("南山", "230404")


@pytest.mark.parametrize(
    "opening",
    [
        "深圳市南山区八届人大六次会议披露，",  # the prefecture inside an organisation's name
        "據深圳市南山區人大常委會會議消息，",  # traditional script around it
        "新华社深圳6月1日电 ",  # the prefecture only in a dateline
        "深圳市统计局发布数据：",  # inside a reporting body's name
    ],
)
def test_a_shared_district_takes_the_prefecture_the_document_names(opening: str) -> None:
    text = f"# 城区观察\n\n{opening}今年上半年经济运行平稳。\n\n南山区地区生产总值4200亿元。\n"
    assert where(fact(text, "4200亿元")) == NANSHAN_SZ


@pytest.mark.parametrize(
    "lead",
    ["深圳南山地区生产总值4200亿元。", "深圳市南山区地区生产总值4200亿元。", "2024年上半年,深圳南山GDP达4200亿元."],
)
def test_a_district_right_after_its_prefecture_is_that_prefectures(lead: str) -> None:
    # the document speaks more of Heilongjiang; the district written after 深圳 is still Shenzhen's
    text = f"# 黑龙江与广东城区对比\n\n黑龙江各地经济平稳，黑龙江全省增长5%。\n\n{lead}\n"
    assert where(fact(text, "4200亿元")) == NANSHAN_SZ


def test_the_prefecture_named_outranks_the_province_named() -> None:
    # 广东 twice, 鹤岗 once: the district under the prefecture the document names wins
    text = "# 城区经济\n\n广东、广东企业来鹤岗考察。\n\n南山区规上工业产值120亿元。\n"
    assert where(fact(text, "120亿元")) == NANSHAN_HG
    text = "# 城区经济\n\n广东企业来黑龙江考察，广东客商踊跃。\n\n南山区规上工业产值120亿元。\n"
    assert where(fact(text, "120亿元")) == NANSHAN_SZ


# ---------------------------------------------------------------- places that set no region


@pytest.mark.parametrize("brand", ["贵州大曲", "泸州老窖", "衡水老白干"])
def test_a_place_before_a_brand_word_sets_no_region(brand: str) -> None:
    text = f"# 白酒行业观察\n\n今年上半年，{brand}销量增长20%。\n"
    assert rate(text, 20.0).region is None
    text = f"# 四川白酒\n\n今年上半年，{brand}销量增长20%。\n"
    assert rate(text, 20.0).region == "四川"


@pytest.mark.parametrize(
    "lead",
    [
        "中國建材(03323.HK)公布，上半年營業收入114.02億元，按年增加8.8%。",
        "中国平安（股票代码：601318.SH）发布年报，上半年营业收入114.02亿元，同比增长8.8%。",
        "上半年，北京控股（00392.HK）实现营业收入114.02亿元，增长8.8%。",
        "深圳能源（SZ000027）上半年营业收入114.02亿元,同比增长8.8%.",
    ],
)
def test_a_place_in_a_listed_companys_name_sets_no_region(lead: str) -> None:
    # the code in brackets names an exchange: what comes before it is a company's name
    f = fact(f"# 上市公司半年报\n\n{lead}\n", next(v for v in ("114.02亿元", "114.02億元") if v in lead))
    assert f.region is None and f.entity is not None


def test_a_year_in_brackets_after_a_place_is_no_stock_code() -> None:
    assert rate("# 经济观察\n\n上海车展(2023)期间，上海汽车销量增长8.8%。\n", 8.8).region == "上海"


@pytest.mark.parametrize(
    "clause",
    [
        "其中国内增值税下降18.45%",
        "其中：國內增值稅下降18.45%",
        "国内消费税下降18.45%",
        "接待国内游客下降18.45%",
    ],
)
def test_guonei_opening_a_term_is_a_category_not_the_nation(clause: str) -> None:
    assert rate(f"# 财政收支\n\n上半年，全省税收收入增长3%，{clause}。\n", -18.45).region is None
    assert rate(f"# 江西财政收支\n\n上半年，全省税收收入增长3%，{clause}。\n", -18.45).region == "江西"


def test_guonei_alone_and_quanguo_before_a_term_stay_the_nation() -> None:
    assert rate("# 外贸\n\n前三季度，国内汽车销量增长18.45%。\n", 18.45).region == "全国"
    assert rate("# 外贸\n\n前三季度，全国外贸进出口增长18.45%。\n", 18.45).region == "全国"


@pytest.mark.parametrize(
    "sentence",
    [
        "该物流中心辐射全国16个省份，服务企业2000家。",
        "该物流中心輻射全國16個省份，服務企業2000家。",
        "平台业务覆盖全国16个省份,服务企业2000家.",
        "该物流中心服务企业2000家，业务遍布全国16个省份。",
    ],
)
def test_the_reach_of_a_service_is_a_claim_of_the_place_that_reaches(sentence: str) -> None:
    text = f"# 成都物流枢纽建设提速\n\n{sentence}\n"
    for f in facts(text):
        assert where(f) == ("成都", "510100"), f


def test_a_province_word_after_a_reach_word_is_not_the_subject() -> None:
    text = "# 四川物流\n\n## 成都\n\n今年以来，该网络覆盖全省120个乡镇。\n"
    assert fact(text, "120个").region == "成都"


@pytest.mark.parametrize(
    "dateline",
    ["新华社北京2024年6月12日电（记者 张三）", "人民网贵阳6月12日讯 ", "中新網上海6月12日電 "],
)
def test_a_dateline_sets_no_region(dateline: str) -> None:
    text = f"# 文旅消费持续升温\n\n{dateline}今年前5月，当地接待游客300万人次。\n"
    assert fact(text, "300万人次").region is None


@pytest.mark.parametrize(
    ("lead", "expected"),
    [
        ("新华社长沙9月18日电 省统计局今天发布，1至8月，全省", "湖南"),  # 长沙's province
        ("湖南日报9月18日讯（记者 王亮）省统计局发布消息：1至8月，全省", "湖南"),
        ("长沙晚报讯 市统计局18日发布，1—8月全市", "长沙"),
        ("中新網長沙9月18日電 省統計局發布，1至8月，全省", "湖南"),
    ],
)
def test_a_level_word_in_the_lead_takes_the_division_of_its_dateline(lead: str, expected: str) -> None:
    text = f"{lead}规模工业增加值同比增长7.2%。\n\n装备制造业增加值增长8.1%。\n"
    assert rate(text, 7.2).region == expected
    assert rate(text, 8.1).region == expected  # the document's place, not only 全省's


def test_a_dateline_gives_no_place_to_a_lead_without_a_level_word() -> None:
    text = "新华社北京4月29日电 国铁集团今年一季度累计发送旅客7.53亿人次，同比增长66%。\n"
    assert fact(text, "7.53亿人次").region is None


# ---------------------------------------------------------------- reporting bodies


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# 经济运行简况\n\n济南市统计局发布数据显示，今年1-5月全市规上工业增加值增长6.1%。\n", "济南"),
        ("# 经济运行简况\n\n據济南市统计局消息,今年1-5月全市規上工業增加值增長6.1%.\n", "济南"),
        ("# 金融数据\n\n人民银行甘肃省分行发布数据，今年1-5月各项贷款增长6.1%。\n", "甘肃"),
        ("# 金融数据\n\n中国人民银行甘肃省分行：今年1-5月各项贷款增长6.1%。\n", "甘肃"),
        ("# 外贸快报\n\n青岛海关发布消息，今年1-5月外贸进出口增长6.1%。\n", "青岛"),
        ("# 外汇收支\n\n国家外汇管理局江苏省分局数据显示，今年1-5月银行结汇增长6.1%。\n", "江苏"),
        ("# 物价\n\n来源：国家统计局四川调查总队\n\n今年1-5月，居民消费价格上涨6.1%。\n", "四川"),
    ],
)
def test_a_body_named_with_a_place_reports_on_that_place(text: str, expected: str) -> None:
    assert rate(text, 6.1).region == expected


def test_a_quansheng_of_a_city_release_is_its_province() -> None:
    text = "# 经济运行简况\n\n济南市统计局发布数据显示，今年1-5月全省规上工业增加值增长6.1%。\n"
    assert where(rate(text, 6.1)) == ("山东", "370000")


def test_a_quansheng_of_a_national_body_is_no_province() -> None:
    text = "# 经济运行简况\n\n国家统计局发布数据显示，今年1-5月全省规上工业增加值增长6.1%。\n"
    assert rate(text, 6.1).region is None
    text = "# 经济运行简况\n\n国家统计局发布数据显示，今年1-5月规上工业增加值增长6.1%。\n"
    assert rate(text, 6.1).region == "全国"  # the national body alone: the nation


# ---------------------------------------------------------------- 分别 lists of places


@pytest.mark.parametrize(
    "sentence",
    [
        "今年前5月，东、中、西部和东北地区固定资产投资分别增长3.2%、4.1%、2.5%和1.8%。",
        "今年前5月，東、中、西部和東北地區固定資產投資分別增長3.2%、4.1%、2.5%和1.8%。",
        "分地区看,东部地区、中部地区、西部地区和东北地区投资分别增长3.2%、4.1%、2.5%、1.8%.",
    ],
)
def test_a_list_of_regions_before_fenbie_pairs_item_for_item(sentence: str) -> None:
    found = [(f.region, f.growth) for f in facts(f"# 投资运行\n\n{sentence}\n")]
    assert found == [("东部地区", 3.2), ("中部地区", 4.1), ("西部地区", 2.5), ("东北地区", 1.8)]
    assert len({f.indicator for f in facts(f"# 投资运行\n\n{sentence}\n")}) == 1  # one name for all four


@pytest.mark.parametrize(
    "sentence",
    [
        "北京、上海、广州的人均可支配收入分别为8.1万元、8.4万元、7.6万元。",
        "据测算，今年北京、上海和广州人均可支配收入分别为8.1万元、8.4万元和7.6万元。",
        "北京、上海、广州分别实现人均可支配收入8.1万元、8.4万元、7.6万元，均居前列。",
    ],
)
def test_a_list_of_cities_before_fenbie_gives_each_amount_its_city(sentence: str) -> None:
    found = [(f.region, f.region_code, f.value_text, f.indicator) for f in facts(f"# 收入观察\n\n{sentence}\n")]
    assert found == [
        ("北京", "110000", "8.1万元", "人均可支配收入"),
        ("上海", "310000", "8.4万元", "人均可支配收入"),
        ("广州", "440100", "7.6万元", "人均可支配收入"),
    ]


def test_the_places_of_the_clause_before_pair_with_the_rates_after_fenbie() -> None:
    for sentence in ("北京、上海经济稳步恢复，增速分别为5.1%和5.3%。", "北京和上海经济稳步恢复,增速分別為5.1%和5.3%."):
        text = f"# 经济观察\n\n今年前5月，{sentence}\n"
        assert [(f.region, f.growth) for f in facts(text)] == [("北京", 5.1), ("上海", 5.3)]


# ---------------------------------------------------------------- districts one after another


@pytest.mark.parametrize(
    "paragraph",
    [
        "今年前5月，天河区地区生产总值增长5.1%；白云地区生产总值增长4.2%；黄埔地区生产总值增长6.3%。",
        "今年前5月，天河区地區生產總值增長5.1%；白云增長4.2%；黄埔增長6.3%。",  # names as regions.toml has them
        "今年前5月,天河区增长5.1%;白云增长4.2%;黄埔增长6.3%.",
        "今年前5月，天河区增长5.1%。白云增长4.2%，黄埔增长6.3%。",
    ],
)
def test_each_district_of_a_paragraph_keeps_its_own_figures(paragraph: str) -> None:
    text = f"# 城区经济\n\n{paragraph}\n"
    assert [f.region for f in facts(text)] == ["天河", "白云", "黄埔"]
    assert {f.region_code for f in facts(text)} == {"440106", "440111", "440112"}
    # a bare name needs a sibling written in full and a clause of its own: 白云 inside a phrase is none
    text = f"# 城区经济\n\n{paragraph}\n\n今年前5月，天河区增长2.1%，蓝天白云天数增长2.2%。\n"
    assert [f.region for f in facts(text) if f.growth in (2.1, 2.2)] == ["天河", "天河"]


def test_a_clauses_own_place_after_its_figure_wins_over_the_item_before() -> None:
    for sentence in ("天河区增长5.1%；增长4.2%的白云区紧随其后。", "天河区增长5.1%;增速为4.2%的是白云区."):
        text = f"# 城区经济\n\n今年前5月，{sentence}\n"
        assert [f.region for f in facts(text)] == ["天河", "白云"]


# ---------------------------------------------------------------- the words are data


def test_an_overlay_adds_brand_reach_and_body_words(tmp_path: Path) -> None:
    (tmp_path / "places.toml").write_text(
        '[org]\nbrands = ["老酒"]\nbodies = ["数据局"]\n\n[reach]\nbefore = ["联通"]\n', encoding="utf-8"
    )
    text = "# 观察\n\n今年前5月，绍兴老酒销量增长6.1%。\n"
    assert [f.region for f in extract(text, rules=tmp_path)] == [None]
    text = "# 观察\n\n据杭州市数据局消息，该平台联通全国16个省份。\n"
    assert [f.region for f in extract(text, rules=tmp_path)] == ["杭州"]


@pytest.mark.parametrize("body", ['[org]\nbrands = ["大曲", ""]\n', '[reach]\nbefore = [""]\n'])
def test_an_empty_brand_or_reach_word_is_refused_naming_the_file(tmp_path: Path, body: str) -> None:
    (tmp_path / "places.toml").write_text(body, encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_rules(tmp_path)
    assert "places.toml" in str(info.value) and "at least 1 character" in str(info.value)


@pytest.mark.parametrize("word", ["其中", "之中", "当中"])
def test_a_place_form_straddling_a_word_before_it_is_no_place(word: str) -> None:
    # 其中国内… is 其中 + 国内: no 中国 hides in it, while 其中，中国… still names the nation
    assert rate(f"# 江西财政\n\n全省税收增长3%，{word}国内增值税下降5%。\n", -5.0).region == "江西"
    assert rate(f"# 江西财政\n\n全省税收增长3%，{word}，中国出口下降5%。\n", -5.0).region == "全国"


@pytest.mark.parametrize(
    "opening",
    [
        "“今年以来，全区消费市场持续恢复。”统计局负责人说。",
        "「今年以來，全區消費市場持續恢復。」統計局負責人說。",
        "今年以来，消费市场持续恢复，亮点频现。",
    ],
)
def test_the_paragraph_after_an_opening_remark_gives_the_documents_place(opening: str) -> None:
    text = f"{opening}\n\n1—7月，内蒙古社会消费品零售总额2900亿元。\n\n1—7月，全区乡村消费品零售额增长3.9%。\n"
    assert where(rate(text, 3.9)) == ("内蒙古", "150000")


def test_the_reporting_body_in_the_lead_outranks_the_paragraph_after_it() -> None:
    text = (
        "近日，广州市统计局发布消费数据，全市零售额增长9%。\n\n"
        "因全国汽车限购放宽，汽车消费增长。\n\n全市餐饮收入增长3.9%。\n"
    )
    assert where(rate(text, 3.9)) == ("广州", "440100")


@pytest.mark.parametrize(
    "lead",
    ["按主要客源地統計,", "按客源地统计，", "从客源市场看，", "分来源地看，"],
)
def test_places_of_a_breakdown_by_origin_are_categories(lead: str) -> None:
    text = f"# 澳門旅客消費\n\n{lead}中國內地(2,665元)及香港(1,071元)旅客的人均消費按年分別下跌31.6%及14.4%。\n"
    assert {f.region for f in facts(text)} == {"澳门"}


def test_a_place_before_visitors_without_an_origin_lead_is_still_a_place() -> None:
    assert rate("# 旅游\n\n国庆期间，重庆旅客接待量增长12%。\n", 12.0).region == "重庆"


@pytest.mark.parametrize("industry", ["山东省银行业", "山東省銀行業", "山东证券业", "山东保险业"])
def test_an_industry_of_a_place_is_no_organisation(industry: str) -> None:
    # 银行业 is the place's banking industry: 山东 gives the document its place
    text = f"2021年，{industry}服务实体经济能力持续巩固。\n\n2021年末，全省资产总额16.61万亿元，增长11.44%。\n"
    assert where(fact(text, "16.61万亿元")) == ("山东", "370000")


@pytest.mark.parametrize("dateline", ["央广网北京2月18日消息", "本报上海2月18日讯", "新华社北京2月18日电"])
def test_a_dateline_ending_in_xiaoxi_sets_no_region(dateline: str) -> None:
    text = f"{dateline}，招商银行（600036.SH）2022年营业收入增长4.08%。\n"
    assert rate(text, 4.08).region is None


def test_a_source_note_naming_taiwans_ministry_of_economic_affairs_places_the_release() -> None:
    text = "工業生產統計\n\n與上年同月比較，工業生產減少3.28%。(資料來源:經濟部4/23)\n"
    assert where(rate(text, -3.28)) == ("台湾", "710000")
    assert rate("工業生產統計\n\n2024年，经济部门投资增加3.28%。\n", 3.28).region is None


@pytest.mark.parametrize(
    "trail",
    [
        "您當前的位置 : 東北網  >  東北網黑龍江  >  經濟",
        "首页 > 统计公报 > 黑龙江",
        "当前位置：首页 > 地方 > 黑龙江 > 正文",
    ],
)
def test_the_sites_section_places_a_page_that_names_no_place(trail: str) -> None:
    text = f"{trail}\n\n我省上半年宏观经济持续较快增长\n\n上半年，全省肉类产量106.3万吨，增长3.3%。\n"
    assert where(fact(text, "106.3万吨")) == ("黑龙江", "230000")


def test_a_place_in_the_text_outranks_the_sites_section() -> None:
    text = "首页 > 地方 > 黑龙江\n\n吉林上半年经济运行\n\n上半年，全省肉类产量106.3万吨。\n"
    assert where(fact(text, "106.3万吨")) == ("吉林", "220000")


@pytest.mark.parametrize("gap", ["(6.2%)、", "（6.2%）和", "、"])
def test_every_place_of_a_compared_list_is_a_base(gap: str) -> None:
    text = (
        f"# 银川消费\n\n全市零售总额586.52亿元，增长8%，增速分别高于石嘴山市{gap}吴忠市(7.7%)。\n\n"
        "城镇单位零售额540.44亿元。\n"
    )
    assert {fact(text, v).region for v in ("586.52亿元", "540.44亿元")} == {"银川"}


def test_a_partner_list_broken_by_a_line_stays_a_partner_list() -> None:
    text = "# 广东外贸\n\n前三季度广东对中国香港、美国、欧\n盟、中国台湾进出口分别增长15.3%、7.3%、5.5%和16.3%。\n"
    assert {f.region for f in facts(text)} == {"广东"}


@pytest.mark.parametrize(
    "title",
    ["辽宁省统计局", "吉林省统计局　2016年4月", "貴州省統計局"],
)
def test_a_reporting_body_as_the_title_gives_the_document_its_place(title: str) -> None:
    # the lead names the nation (a national survey's frame) before the body speaks of 全省
    text = (
        f"{title}\n\n根据全国人口抽样调查方案，这次调查以全国为总体，以各市为子总体。\n\n"
        "一、总人口\n\n全省常住人口为4382.4万人。"
    )
    (f,) = [f for f in extract(text) if f.value_text == "4382.4万人"]
    assert f.region == {"辽宁省统计局": "辽宁", "吉林省统计局　2016年4月": "吉林"}.get(title, "贵州")


@pytest.mark.parametrize(
    "sentence",
    [
        "同第七次全国人口普查相比，全省常住人口增加7.4万人。",
        "与2010年第六次全国人口普查的数据相比，全省常住人口增加7.4万人。",
        "据全国1%人口抽样调查，全省常住人口增加7.4万人。",
        "全省常住人口比全国经济普查时增加7.4万人。",
    ],
)
def test_a_national_surveys_name_sets_no_region(sentence: str) -> None:
    (f,) = extract(f"湖北省统计局发布。\n\n{sentence}")
    assert f.region == "湖北"


def test_the_nation_before_other_words_stays_the_nation() -> None:
    (f,) = extract("湖北省统计局发布。\n\n全国常住人口增加7.4万人。")
    assert f.region == "全国"


@pytest.mark.parametrize("rank", ["领跑中国", "领跑全国", "领先全国"])
def test_a_place_a_figure_is_ranked_against_is_not_its_place(rank: str) -> None:
    (f,) = extract(f"1月份黑龙江对俄经贸{rank}，对俄进出口实现8.4亿美元。")
    assert f.region == "黑龙江"


def test_what_comes_from_a_place_is_its_own_unless_trade_or_visitors_follow() -> None:
    own = extract("2021年9月份，来自海口的一般公共预算收入当月完成25.2亿元，下降43.8%。")[0]
    assert (own.region, own.indicator) == ("海口", "一般公共预算收入")
    trade = extract("海南省统计局发布。\n\n1-9月来自美国的进口额25亿元，来自香港的游客12万人次。")
    assert {f.region for f in trade} == {"海南"}


@pytest.mark.parametrize(
    "head",
    [
        "绍兴市柯桥区2021年国民经济和社会发展统计公报",
        "财政报告\n\n关于2021年财政预算执行情况的报告\n\n绍兴市柯桥区财政局局长",
        "紹興市柯橋區統計局",
    ],
)
def test_a_district_written_under_its_city_is_the_documents_place(head: str) -> None:
    (f,) = extract(f"{head}\n\n2021年，全区一般公共预算收入完成147.1亿元，增长15%。")
    assert (f.region, f.region_code) == ("柯桥", "330603")


@pytest.mark.parametrize(
    ("body", "home"),
    [("行政院主計處表示", "台湾"), ("主计总处指出", "台湾"), ("澳门统计暨普查局公布", "澳门")],
)
def test_the_nations_words_in_a_taiwan_or_macau_release_are_its_own(body: str, home: str) -> None:
    text = f"{body}，今年上半年因國內景氣持續回溫，汽車新增掛牌數18.9萬輛，較去年同期增加28.7%。"
    assert extract(text)[0].region == home


def test_the_nations_words_in_a_mainland_release_stay_the_nations() -> None:
    text = "国家统计局表示，今年上半年因国内经济持续回升，汽车销量1300万辆，同比增长8.7%。"
    assert extract(text)[0].region == "全国"


def test_a_level_word_in_the_title_takes_the_province_of_a_report_named_in_the_lead() -> None:
    text = (
        "我省2021年预算草案报告提出\n\n"
        "大众日报2月2日讯 提交审查的《关于山东省2020年预算执行情况的报告》显示，"
        "2020年全省一般公共预算收入6559.9亿元。\n"
    )
    assert fact(text, "6559.9亿元").region == "山东"


@pytest.mark.parametrize(
    ("origin", "indicator"),
    [
        ("香港旅客上升15.4%", "香港旅客"),
        ("中國台灣旅客亦有15.4%的增長", "中國台灣旅客"),
        ("內地游客增加15.4%", "內地游客"),
    ],
)
def test_visitors_from_another_place_are_a_category_of_the_documents_place(origin: str, indicator: str) -> None:
    text = (
        f"# 十月份入境旅客\n\n統計暨普查局資料顯示，十月份入境旅客1,509,403人次。{origin}。"
        "經海路入境旅客共5,195,997人次。\n"
    )
    f = rate(text, 15.4)
    assert (f.region, f.indicator) == ("澳门", indicator)
    assert fact(text, "5,195,997人次").region == "澳门"  # the origin does not carry to later sentences


@pytest.mark.parametrize(
    "origins",
    [
        "香港及中國台灣旅客則分別佔28.0%及8.3%",
        "香港、台湾和日本游客分别占28.0%、8.3%和4.1%",
        "來自香港(21,283人次)及大韓民國(11,794人次)團客分別上升28.0%及8.3%",
        "以香港、中國台灣旅客為主，分別佔28.0%及8.3%",
    ],
)
def test_a_visitors_word_after_a_list_of_origins_is_every_items(origins: str) -> None:
    text = f"# 十月份入境旅客\n\n統計暨普查局資料顯示，十月份澳門入境旅客1,509,403人次。{origins}。\n"
    got = facts(text)
    assert len(got) == 1 + origins.count("%") and {f.region for f in got} == {"澳门"}


def test_a_place_among_visitors_destinations_that_receives_them_is_the_region() -> None:
    text = "# 黄金周\n\n德宏、临沧等新兴旅游目的地游客接待量快速增长，其中德宏游客接待量增长14.5%。\n"
    assert rate(text, 14.5).region == "德宏"


def test_the_destinations_of_residents_travelling_are_a_category() -> None:
    text = (
        "# 澳門居民外遊\n\n今年10月澳門居民外遊46,426人次；目的地主要為香港(佔總數31.4%)、泰國(9.1%)。"
        "首十個月外出居民為408,997人次。\n"
    )
    assert [f.region for f in facts(text)] == ["澳门"] * 4


def test_visitors_of_the_documents_own_place_are_its_own() -> None:
    text = "# 香港旅游\n\n香港旅游发展局公布，十月份香港旅客出境1200万人次，增加12%。\n"
    assert fact(text, "1200万人次").region == "香港"


def test_a_place_that_receives_visitors_is_the_region() -> None:
    text = "# 国庆假日旅游\n\n全国接待游客7.26亿人次，其中德宏游客接待量较往年同期增长114.52%。\n"
    assert rate(text, 114.52).region == "德宏"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("2015年上海市闵行区国民经济和社会发展统计公报", "闵行"),
        ("浙江省丽水市缙云县2023年上半年经济运行", "缙云"),
        ("2015年廣東省深圳市南山區統計公報", "南山"),
        ("中国海南省离岛免税销售", "海南"),
    ],
)
def test_divisions_written_in_full_one_inside_the_next_name_the_last(title: str, expected: str) -> None:
    text = f"# {title}\n\n## 一、综合\n\n规上工业增加值增长3%。\n\n全区（县、市、省）增加值2000亿元。\n"
    assert rate(text, 3).region == expected


def test_a_site_named_after_a_city_inside_its_province_leaves_the_province() -> None:
    text = "内蒙古自治区鄂尔多斯野生动物园、满洲里中俄边境旅游区等景区迎来大批游客。景区共接待游客5万人次。\n"
    assert fact(text, "5万人次").region == "内蒙古"


@pytest.mark.parametrize("level", ["全县", "全市"])
def test_a_bare_county_name_before_its_level_word_is_the_county(level: str) -> None:
    text = f"上半年，缙云{level}上下深入实施三个“一号工程”。2023年上半年{level}地区生产总值增长6.4%。\n"
    assert rate(text, 6.4).region == "缙云"


@pytest.mark.parametrize("title", ["2021年一季度芜湖市经济运行情况新闻发布会", "芜湖市一季度经济运行新闻发布会"])
def test_a_places_own_press_conference_is_no_news_outlet(title: str) -> None:
    text = f"{title}\n\n一季度，全市地区生产总值955.68亿元，增长6.7%。\n"
    assert fact(text, "955.68亿元").region == "芜湖"


@pytest.mark.parametrize(
    ("signature", "region"),
    [
        ("南漳县统计局\n2022年5月11日", "南漳"),
        ("舒城县统计局  \n", "舒城"),
        ("\n宁乡市统计局\n二〇二二年五月十一日\n", "宁乡"),
    ],
)
def test_the_body_that_signs_a_bulletin_gives_its_place(signature: str, region: str) -> None:
    body = "".join(f"{k}.经济平稳增长。一季度全市GDP完成33.8亿元，同比增长4.{k}%。\n" for k in range(1, 30))
    assert len(body) > BODY_REACH  # the signature stands where the head's search for a body does not reach
    assert {f.region for f in facts(body + signature)} == {region}


@pytest.mark.parametrize(
    ("name", "region"),
    [("务川自治县", "务川"), ("恩施自治州", "恩施"), ("鄂伦春自治旗", "鄂伦春"), ("务川仡佬族苗族自治县", "务川")],
)
def test_an_autonomous_division_by_its_name_and_level_alone_is_found(name: str, region: str) -> None:
    text = f"# 2022年{name}国民经济和社会发展统计公报\n\n全年地区生产总值80.5亿元。\n"
    assert fact(text, "80.5亿元").region == region


@pytest.mark.parametrize("title", ["（宿迁市）泗洪县2023年国民经济和社会发展统计公报", "(宿迁市) 泗洪县2023年统计公报"])
def test_a_parent_in_brackets_before_a_county_qualifies_it(title: str) -> None:
    text = f"{title} 您所在的位置:网站首页 江苏省县人均 {title}\n\n全年全县地区生产总值480.5亿元。\n"
    assert fact(text, "480.5亿元").region == "泗洪"


def test_a_body_on_a_line_of_its_own_below_the_figures_gives_the_place() -> None:
    body = "".join(f"{k}. 本月零售業營業額為3,42{k}億元，年增4.{k}%，國內精品銷售亮眼。\n" for k in range(1, 10)) * 2
    text = f"111年3月零售業營業額統計\n{body}經濟部統計處\n發言人：經濟部統計處 副處長\n"
    assert len(text) > BODY_REACH
    assert {f.region for f in facts(text)} == {"台湾"}


@pytest.mark.parametrize(
    "text",
    [
        "潍坊、烟台和临沂的资金总量在万亿之上，分别为14478亿元、14064亿元和11526亿元。",
        "潍坊、烟台和临沂三市存款余额均超1万亿元，分别为14478亿元、14064亿元和11526亿元。",
        "濰坊、煙台及臨沂的資金總量均破萬億，分別為14478億元、14064億元及11526億元。",
    ],
)
def test_a_list_of_places_in_the_clause_before_its_fenbie_pairs_item_for_item(text: str) -> None:
    got = [(f.region, f.value_text) for f in facts(text) if f.value_text and f.value_text.startswith("1")]
    assert [r for r, v in got if v != "1万亿元"] == ["潍坊", "烟台", "临沂"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("黑龙江、河南粮食生产更上一层楼，粮食总产量分别达到5571万吨和5543万吨。", "粮食总产量"),
        ("昆明、迪庆位居全省前两位，分别接待海外游客113.7万人次、101万人次。", "海外游客"),
        ("淄博、菏泽等两城8月末资金总量均在6000-9000亿元之间，分别达到8127亿元、7775亿元。", "资金总量"),
    ],
)
def test_the_name_of_figures_paired_with_a_list_before_is_their_own_clauses(text: str, name: str) -> None:
    got = [f for f in facts(text) if f.value_text and f.value_text[0] in "5718"]
    assert len(got) == 2 and {f.indicator for f in got} == {name}


@pytest.mark.parametrize(
    "cause",
    ["因美國關稅而通報的，則占了354家", "受美国加征关税影响的企业有354家", "由于美国关税上调，减班企业有354家"],
)
def test_a_place_that_causes_a_figure_is_not_its_subject(cause: str) -> None:
    text = f"# 減班休息\n\n勞動部今日公布，本期實施減班的事業單位432家。{cause}。\n"
    assert fact(text, "354家").region != "美国"


@pytest.mark.parametrize(
    "origins",
    [
        "中國大陸旅客為1,536,262人次，主要來自廣東省(647,340人次)及福建省(65,463人次)",
        "美國(58,622人次)、澳洲(38,770人次)及加拿大(24,563人次)的長途旅客皆錄得按年減幅",
        "香港 (538,663人次)及中國台灣(81,607人次) 旅客則按年減少17.7%及4.8%",
    ],
)
def test_visitors_origins_written_with_their_counts_are_categories(origins: str) -> None:
    text = f"# 入境旅客\n\n統計暨普查局資料顯示，四月澳門入境旅客2,262,993人次。{origins}。\n"
    assert {f.region for f in facts(text)} == {"澳门"}


@pytest.mark.parametrize(
    "sentence",
    [
        "輸往大部分主要目的地的整體出口貨值錄得升幅，尤其是馬來西亞（升139.4%）、越南（升56.0%）",
        "来自大部分主要供应地的进口货值录得升幅，特别是越南（升189.1%）和英国（升55.7%）",
        "另一方面，來自美國（跌10.4%）的進口貨值則錄得跌幅",
    ],
)
def test_destinations_and_suppliers_of_a_trade_release_are_categories(sentence: str) -> None:
    text = f"# 本港商品貿易\n\n政府統計處今日公布，10月本港商品整體出口貨值4,618億元。{sentence}。\n"
    assert {f.region for f in facts(text)} == {"香港"}
