"""factx.amounts: numbers → amounts (SPEC sections 3 and 4), and the nonclaim rules that drop some.

Each case runs one short phrase through `find_amounts` with the shipped rules and checks the
value, unit, value_text and qualifier it reads, or the rule that dropped the number. Like the
pipeline, the phrase is read through its simplified view (same offsets), so traditional cases
quote the text as written.
"""

from __future__ import annotations

import math
import tomllib

import pytest

from factx import extract
from factx.amounts import Amount, find_amounts
from factx.rules import default_dir, load_rules
from factx.script import simplified


def amounts(text: str) -> list[Amount]:
    return find_amounts(simplified(text), 0, len(text), load_rules(), [])


def kept(text: str) -> list[Amount]:
    return [a for a in amounts(text) if a.dropped is None]


def the_amount(text: str, value_text: str) -> Amount:
    found = [a for a in amounts(text) if text[a.start : a.end] == value_text]
    assert len(found) == 1, [(text[a.start : a.end], a.dropped) for a in amounts(text)]
    return found[0]


# ---------------------------------------------------------------- levels: value, unit, qualifier

LEVELS = [
    # text, value_text, value, unit, qualifier
    ("全年进出口总值3.17万亿元人民币，创历史新高", "3.17万亿元人民币", 3.17e12, "元", "exact"),
    ("展会吸引5000多名专业观众", "5000多名", 5000, "名", "over"),
    ("公司全年营收超1200亿元", "1200亿元", 1.2e11, "元", "over"),
    ("项目总投资约1700万元", "1700万元", 1.7e7, "元", "approx"),
    ("全年粮食播种面积118968.5千公顷", "118968.5千公顷", 118968.5e3, "公顷", "exact"),
    ("水电装机容量1580.70万千瓦", "1580.70万千瓦", 1580.70e4, "千瓦", "exact"),
    ("全社会用电量92241亿千瓦时", "92241亿千瓦时", 92241e8, "千瓦时", "exact"),
    ("全省粮食单产389.7公斤/亩", "389.7公斤/亩", 389.7, "公斤/亩", "exact"),
    ("末期股息每股19.58港仙", "19.58港仙", 0.1958, "港元", "exact"),
    ("集團收入324億港元", "324億港元", 324e8, "港元", "exact"),
    ("营业收入1,234.5亿新台币", "1,234.5亿新台币", 1234.5e8, "新台币", "exact"),
    ("營收1,234.5億新臺幣", "1,234.5億新臺幣", 1234.5e8, "新台币", "exact"),
    ("博彩收入5.6億澳門元", "5.6億澳門元", 5.6e8, "澳门元", "exact"),
    ("全市常住人口1282万人左右", "1282万人", 1282e4, "人", "approx"),
    ("新增就业不足30万人", "30万人", 30e4, "人", "under"),
    ("全年接待游客逾1.2亿人次", "1.2亿人次", 1.2e8, "人次", "over"),
    ("全省5G基站23.7万个", "23.7万个", 23.7e4, "个", "exact"),
    ("全省千亿元级产业集群增至5个", "5个", 5, "个", "exact"),
    ("贡献率达93.3%", "93.3%", 93.3, "%", "exact"),
    ("集装箱吞吐量3530万标准箱", "3530万标准箱", 3530e4, "标箱", "exact"),
    ("货物吞吐量13.2亿噸", "13.2亿噸", 13.2e8, "吨", "exact"),
]


@pytest.mark.parametrize(("text", "value_text", "value", "unit", "qualifier"), LEVELS, ids=[c[1] for c in LEVELS])
def test_level_amounts(text: str, value_text: str, value: float, unit: str, qualifier: str) -> None:
    a = the_amount(text, value_text)
    assert a.dropped is None
    assert a.value == pytest.approx(value, rel=1e-9)
    assert a.unit == unit
    assert a.qualifier == qualifier
    assert a.growth is None


def test_qualifier_words_stay_outside_value_text() -> None:
    text = "公司全年营收超1200亿元"
    a = the_amount(text, "1200亿元")
    assert text[a.start - 1] == "超"
    assert (a.start, a.end) == (text.index("1200"), len(text))


def test_new_taiwan_dollar_before_the_number_keeps_its_currency() -> None:
    text = "全年营收新臺幣2兆7,629.64億元"
    a = the_amount(text, "2兆7,629.64億元")
    assert a.value == pytest.approx(2.762964e12)
    assert a.unit == "新台币"


def test_zhao_in_money_is_ten_to_the_twelve() -> None:
    text = "全年营收2兆7,629.64億元"
    a = the_amount(text, "2兆7,629.64億元")
    assert a.value == pytest.approx(2.762964e12)


def test_zhao_wa_is_a_unit_not_a_magnitude() -> None:
    a = the_amount("新增光伏装机500兆瓦", "500兆瓦")
    assert (a.value, a.unit) == (500, "兆瓦")


def test_qian_ke_is_a_unit_of_its_own() -> None:
    a = the_amount("人均消费蔬菜98.5千克", "98.5千克")
    assert (a.value, a.unit) == (98.5, "千克")


def test_share_counts_are_amounts() -> None:
    a = the_amount("公司总股本12.56亿股", "12.56亿股")
    assert a.dropped is None
    assert (a.value, a.unit) == (pytest.approx(12.56e8), "股")


# ---------------------------------------------------------------- growth figures

GROWTH = [
    # text, figure text, growth, growth_unit
    ("出口同比增长2.7%", "2.7%", 2.7, "%"),
    ("进口下降1.5%", "1.5%", -1.5, "%"),
    ("利润减少1.5%", "1.5%", -1.5, "%"),
    ("能耗降低3.2%", "3.2%", -3.2, "%"),
    ("净利润增长3.94倍", "3.94倍", 394, "%"),
    ("城镇化率提高0.94个百分点", "0.94个百分点", 0.94, "pp"),
    ("毛利率下降9.04个百分点", "9.04个百分点", -9.04, "pp"),
    ("居民消费价格上涨0.4%", "0.4%", 0.4, "%"),
    ("营收按年上升13.7%", "13.7%", 13.7, "%"),
]


@pytest.mark.parametrize(("text", "figure", "growth", "unit"), GROWTH, ids=[c[0] for c in GROWTH])
def test_growth_figures(text: str, figure: str, growth: float, unit: str) -> None:
    a = the_amount(text, figure)
    assert a.dropped is None
    assert a.is_growth
    assert a.growth == pytest.approx(growth)
    assert a.growth_unit == unit
    assert a.value is None and a.unit is None


def test_a_list_of_rates_shares_the_verb_and_its_sign() -> None:
    text = "出口、进口分别下降2.1%、3.4%"
    rates = [a for a in kept(text) if a.is_growth]
    assert [a.growth for a in rates] == [-2.1, -3.4]
    assert rates[1].list_pos == 1


def test_a_percentage_level_is_no_growth() -> None:
    a = the_amount("民营企业占比63.6%", "63.6%")
    assert not a.is_growth
    assert (a.value, a.unit) == (63.6, "%")


# ---------------------------------------------------------------- change amounts


@pytest.mark.parametrize(
    ("text", "value_text", "value", "unit"),
    [
        ("粮食产量比上年增加177.6亿斤", "177.6亿斤", 177.6e8, "斤"),
        ("播种面积比上年减少13.9万亩", "13.9万亩", 13.9e4, "亩"),
    ],
)
def test_change_amounts_have_a_positive_value_and_no_growth(
    text: str, value_text: str, value: float, unit: str
) -> None:
    a = the_amount(text, value_text)
    assert a.dropped is None
    assert a.cls == "change"
    assert a.value == pytest.approx(value)
    assert a.unit == unit
    assert a.growth is None


def test_an_amount_after_zhi_is_a_level_not_a_change() -> None:
    a = the_amount("营收减少17.6%至约277亿元", "277亿元")
    assert a.cls != "change"
    assert a.qualifier == "approx"


# ---------------------------------------------------------------- numbers that are not claims

T = "nonclaims.toml: "
NOT_READ = "read as no amount at all"
DROPPED = [
    # text, the number's text, the rules that may drop it (or NOT_READ: no amount is read there)
    ("第十届江苏互联网大会", "十", {NOT_READ, T + "ordinal"}),
    ("第10个重大项目", "10个", {T + "ordinal"}),
    ("位居全国第3位", "3位", {T + "ordinal"}),
    ("每10股派发现金红利30.96元", "10股", {T + "per-unit-base"}),
    ("每10吨收费50元", "10吨", {T + "per-unit-base"}),
    ("集装箱吞吐量跨过3000万标箱关口", "3000万标箱", {T + "milestone"}),
    ("年成交额十亿元以上市场成交额", "十亿元", {T + "threshold"}),
    ("6000千瓦及以上电厂发电量增长", "6000千瓦", {T + "threshold", T + "threshold-inclusive"}),
    ("拉动全省经济增长7.0个百分点", "7.0个百分点", {T + "contribution"}),
    ("降幅比上月收窄1.0个百分点", "1.0个百分点", {T + "growth-rate-change", "nonclaims: pp-without-level"}),
    ("增速较去年同期回落4.98个百分点", "4.98个百分点", {T + "growth-rate-change"}),
    ("打造五大产业集群", "五", {NOT_READ, "nonclaims: small-enumeration"}),
    ("围绕两条主线", "两条", {"nonclaims: small-enumeration"}),
    ("外贸连续5个月保持增长", "5个", {T + "cumulative-times"}),
    ("实现顺差，为3个月来首次", "3个", {T + "duration-months"}),
    ("连续9年稳定在1.3万亿斤以上", "1.3万亿斤", {T + "stayed-above"}),
    ("千亿元级占比33%", "千亿元", {T + "category-level"}),
]


@pytest.mark.parametrize(("text", "number", "rules"), DROPPED, ids=[c[0] for c in DROPPED])
def test_numbers_that_are_no_claims(text: str, number: str, rules: set[str]) -> None:
    at = text.index(number)
    here = [a for a in amounts(text) if a.num_start <= at < a.end]
    if not here:
        assert NOT_READ in rules, f"{number!r} is read as no amount at all"
        return
    assert len(here) == 1
    assert text[here[0].start : here[0].end] == number
    assert here[0].dropped is not None, f"{number!r} is kept as a claim"
    assert here[0].dropped in rules


def test_the_per_unit_rate_after_its_base_is_kept() -> None:
    assert [a.value for a in kept("每10股派发现金红利30.96元")] == [30.96]


def test_a_claim_beside_a_dropped_number_is_kept() -> None:
    text = "跨过3000万标箱关口，全年完成3530万标箱"
    assert [text[a.start : a.end] for a in kept(text)] == ["3530万标箱"]


def test_dates_and_years_are_no_amounts() -> None:
    assert kept("2023年10月23日12:36发布") == []


def test_urls_passed_as_skip_spans_give_no_amounts() -> None:
    text = "详见www.example.com/2023/500万元.html"
    start = text.index("www")
    assert find_amounts(text, 0, len(text), load_rules(), [(start, len(text))]) == []


# ---------------------------------------------------------------- every example of nonclaims.toml

# Examples that do not reach their rule today: each is a real gap between the rule file and the code.
NONCLAIM_GAPS = {
    ("rate-gap", "增速快于广东整体6个百分点"): "pp-without-level drops it before the rule runs (快于 is no verb)",
    ("rate-gap", "比全国平均水平高1.4个百分点"): "pp-without-level drops it before the rule runs (高 is no verb)",
    ("ratio-multiple", "是“十三五”末的2.2倍"): "a 倍 figure without a verb is discarded before the nonclaim rules",
}


def _nonclaim_examples() -> list:
    data = tomllib.loads((default_dir() / "nonclaims.toml").read_text(encoding="utf-8"))
    cases = []
    for entry in data.get("nonclaim", []):
        for example in entry.get("examples", []):
            gap = NONCLAIM_GAPS.get((entry["name"], example))
            marks = [pytest.mark.xfail(reason=gap, strict=True)] if gap else []
            cases.append(pytest.param(entry["name"], example, id=f"{entry['name']}:{example}", marks=marks))
    return cases


def test_nonclaims_file_has_examples() -> None:
    assert len(_nonclaim_examples()) >= 10


@pytest.mark.parametrize(("name", "example"), _nonclaim_examples())
def test_every_nonclaim_example_is_dropped_by_its_own_rule(name: str, example: str) -> None:
    found = amounts(example)
    rules = [a.dropped for a in found]
    assert f"nonclaims.toml: {name}" in rules, rules


# ---------------------------------------------------------------- values are finite numbers


@pytest.mark.parametrize(
    "text", ["总额" + "9" * 400 + "亿元", "增长" + "9" * 400 + "%", "达99999999999999999999兆亿元"]
)
def test_huge_numbers_are_finite_or_dropped(text: str) -> None:
    for a in amounts(text):
        for v in (a.value, a.growth):
            assert v is None or math.isfinite(v)


def test_the_nonclaim_screen_drops_what_the_rules_one_by_one_drop() -> None:
    """The joined patterns only skip work: every number of the samples and of the nonclaim
    examples gets the same verdict with the screen as without it."""
    from pathlib import Path

    screened = load_rules()
    unscreened = load_rules.__wrapped__()
    unscreened.cache["nonclaim_screen"] = (None, None)
    texts = [p.read_text(encoding="utf-8") for p in sorted((Path(__file__).parents[1] / "samples").glob("*.md"))]
    examples = tomllib.loads((default_dir() / "nonclaims.toml").read_text(encoding="utf-8"))
    texts += [x for e in examples["nonclaim"] for x in e.get("examples", [])]
    verdicts = 0
    for text in texts:
        a = [(x.start, x.dropped) for x in find_amounts(text, 0, len(text), screened, [])]
        b = [(x.start, x.dropped) for x in find_amounts(text, 0, len(text), unscreened, [])]
        assert a == b, text
        verdicts += sum(d is not None for _, d in a)
    assert verdicts > 10  # some numbers are dropped: the comparison means something


# ---------------------------------------------------------------- a unit shared by a list


def test_a_list_shares_the_magnitude_and_unit_of_its_last_item() -> None:
    text = "三地分别为1.2、4.8和18.2万亿元。"
    got = [(text[a.start : a.end], a.value, a.unit) for a in kept(text)]
    assert got == [("1.2", 1.2e12, "元"), ("4.8", 4.8e12, "元"), ("18.2万亿元", 1.82e13, "元")]


@pytest.mark.parametrize("text", ["2、3月份出口增长5%。", "第1、2名分别是甲和乙。", "1、2、3号线"])
def test_numbers_before_a_word_that_is_no_unit_stay_bare(text: str) -> None:
    assert not any(text[a.start : a.end] in ("1", "2") for a in kept(text))


def test_a_long_list_is_read_in_linear_time() -> None:
    """Only the 16 numbers before a unit can share it: a list of thousands is no quadratic scan."""
    text = "、".join(str(i) for i in range(5000)) + "万吨。"
    assert 1 <= len(kept(text)) <= 17


def test_list_items_with_their_own_magnitude_share_only_the_unit() -> None:
    text = "营业收入分别为211.29亿、242.13亿和290.22亿元。"
    assert [(a.value, a.unit) for a in kept(text)] == [(2.1129e10, "元"), (2.4213e10, "元"), (2.9022e10, "元")]


@pytest.mark.parametrize(
    "text",
    ["从21日12点至22日12点，接待游客5.2万人次", "截至22日晚上8点，景区接待3万人次", "景区上午10点半开园，接待3万人次"],
)
def test_a_time_of_day_is_no_amount(text: str) -> None:
    assert [a.unit for a in amounts(text) if a.dropped is None] == ["人次"]


def test_index_points_stay_amounts() -> None:
    assert [a.value for a in amounts("上证指数收于3200点，上涨12点") if a.dropped is None] == [3200, 12]


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("牲畜存栏1896.93万头(只)", "头(只)"),
        ("牲畜出栏246.34万头（只）", "头（只）"),
        ("生产矿产铜9.18万金属吨", "金属吨"),
        ("集装箱吞吐量334.3万标箱(TEU)", "标箱"),  # a Latin gloss says the unit again
        ("出口额20亿元(人民币)", "元"),
    ],
)
def test_a_measure_word_in_brackets_after_the_unit_is_part_of_it(text: str, unit: str) -> None:
    (a,) = amounts(text)
    assert a.unit == unit


@pytest.mark.parametrize("text", ["“年产2,000万人份水痘减毒活疫苗项目”工程建设完成", "「年產30萬噸乙烯項目」竣工"])
def test_a_figure_in_a_quoted_project_name_is_part_of_the_name(text: str) -> None:
    assert kept(text) == []


def test_an_unquoted_plants_capacity_stays_a_claim() -> None:
    assert [a.unit for a in kept("新建年产20万千升啤酒工厂项目已动工")] == ["升"]


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("工业用电量增长11.2%，加快8.6个百分点。", 11.2),
        ("增加值增长5.4%，比上月加快1.8个百分点。", 5.4),
        ("產值增長5.4%，增速放緩1.8個百分點。", 5.4),
    ],
)
def test_the_change_of_the_rate_just_given_is_no_claim(text: str, rate: float) -> None:
    assert [f.growth for f in extract(text, doc="t.md")] == [rate]


def test_a_point_change_of_a_share_is_its_growth() -> None:
    (f,) = extract("占比为45%，提高2.5个百分点。", doc="t.md")
    assert (f.value, f.growth, f.growth_unit) == (45, 2.5, "pp")


@pytest.mark.parametrize(
    "text",
    [
        "6月，全省规模以上工业增加值同比增长5.2%，高于全国1.3个百分点，比上月加快1.8个百分点。",
        "全县规模以上工业增加值同比下降20.0%，居全市第7位，低于全市平均增速14.8个百分点，较1-6月份提高0.4个百分点。",
        "工业增加值1000亿元，增长5%，比上月加快1.8个百分点。",
    ],
)
def test_a_point_change_after_clauses_that_follow_a_rate_is_the_change_of_that_rate(text: str) -> None:
    assert [f.growth_unit for f in extract(text, doc="t.md")] == ["%"]


@pytest.mark.parametrize("text", ["经济增长13个季度后首次步入合理区间。", "拉动全市规上工业增加值增长4.8个百分点。"])
def test_durations_in_quarters_and_long_contributions_are_no_claims(text: str) -> None:
    assert extract(text, doc="t.md") == []


@pytest.mark.parametrize(
    ("text", "growth"),
    [("一般贷款加权平均利率4.49%，同比下降32个基点。", -0.32), ("企業存款平均付息率1.5%，按年上升12個基點。", 0.12)],
)
def test_basis_points_are_hundredths_of_a_point_change(text: str, growth: float) -> None:
    (f,) = extract(text, doc="t.md")
    assert (f.growth, f.growth_unit) == (pytest.approx(growth), "pp")


def test_a_point_change_after_a_clause_of_cause_is_no_contribution() -> None:
    (f,) = extract("受销售费用和管理费用增加影响,公司三费费率达到9.94%,增加了1.55个百分点。", doc="t.md")
    assert (f.value, f.growth, f.growth_unit) == (9.94, 1.55, "pp")


@pytest.mark.parametrize(
    ("text", "growths"),
    [
        ("毛利率分别为30%、25%，分别提高0.4个、0.2个百分点。", [0.4, 0.2]),
        ("毛利率分别为30%、25%，分别下降0.4个百分点、0.2个百分点。", [-0.4, -0.2]),
        ("毛利率分別為30%、25%，分別提高0.4個、0.2個百分點。", [0.4, 0.2]),
    ],
)
def test_a_list_of_point_changes_shares_its_change_word_and_its_unit(text: str, growths: list[float]) -> None:
    got = extract(text, doc="t.md")
    assert [(f.value, f.growth, f.growth_unit) for f in got] == [(30, growths[0], "pp"), (25, growths[1], "pp")]


@pytest.mark.parametrize(
    "text",
    [
        "增速分别较1-6月回升0.4个、0.2个、1.1个和0.8个百分点。",
        "分别拉动全市规上工业增速1.5个、1.4个、2.9个和2.8个百分点。",
        "生猪、肉牛、肉羊出栏降幅分别比一季度收窄10.9个、13.2个和5.1个百分点。",
    ],
)
def test_a_shorthand_list_of_rate_changes_or_contributions_gives_no_claim(text: str) -> None:
    assert extract(text, doc="t.md") == []


def test_counts_in_a_list_stay_counts() -> None:
    assert [f.unit for f in extract("全市新建学校3个、医院2个。", doc="t.md")] == ["个", "个"]


@pytest.mark.parametrize(
    "text",
    ["全年航班起降12.3万架次", "飛機起降3,200架次", "完成运输起降 5800 架次，同比增长4%", "电梯升降30万次"],
)
def test_a_word_ending_in_a_change_word_leaves_its_figure_a_level(text: str) -> None:
    levels = [a for a in amounts(text) if a.cls not in ("growth", "pp")]
    assert levels and all(a.cls != "change" for a in levels)


def test_a_change_word_after_such_a_word_still_changes() -> None:
    (a,) = amounts("起降架次比上年降3000架次")
    assert a.cls == "change"


@pytest.mark.parametrize(
    ("text", "value"), [("占七成四", 74), ("約三成五", 35), ("近三成半", 35), ("占7成2", 72), ("超过九成", 90)]
)
def test_a_tenth_after_cheng_is_one_more_percent(text: str, value: float) -> None:
    (a,) = amounts(text)
    assert (a.value, a.unit) == (value, "%")


def test_a_figure_after_cheng_that_goes_on_is_not_its_tenth() -> None:
    assert [a.value for a in amounts("占比七成，4家企业")] == [70, 4]


@pytest.mark.parametrize("text", ["出口年增率為12.5%", "預測出口年增率百分之卅六點八四", "外銷訂單年增率達12.5%"])
def test_a_rate_named_nian_zeng_lv_is_a_growth_figure(text: str) -> None:
    (a,) = amounts(text)
    assert a.is_growth and a.growth is not None and a.growth > 0


@pytest.mark.parametrize(
    "text",
    ["實質GDP成長率(yoy)修正為-3.31%", "初步統計yoy為1.36%", "經濟成長率（YoY）為2.54%", "GDP年增率(saar)為5.62%"],
)
def test_a_rate_word_with_a_latin_note_or_yoy_alone_names_a_growth_figure(text: str) -> None:
    (a,) = amounts(text)
    assert a.is_growth
