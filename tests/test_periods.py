"""factx.periods: finding period words and resolving them to ISO 8601 (SPEC sections 1-2)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sentences import fact, facts

from factx import extract
from factx.errors import RuleError
from factx.periods import (
    DEFAULT_PATH,
    PeriodMention,
    find_periods,
    load_period_words,
    normalize,
    resolve,
    shift_years,
)

D = dt.date


def one(s: str, text: str | None = None) -> PeriodMention:
    """The mention with `text` (or the only mention) in s."""
    ms = find_periods(s)
    if text is None:
        assert len(ms) == 1, [m.text for m in ms]
        return ms[0]
    hits = [m for m in ms if m.text == text]
    assert hits, (text, [m.text for m in ms])
    return hits[0]


# ---------------------------------------------------------------- what a mention states

# (sentence, mention text, expected fields)
FIND = [
    # years
    ("2022年，全市粮食产量增长3%", "2022年", {"year": 2022, "months": None, "needs_year": False}),
    ("二〇二三年，全区新增就业1.2万人", "二〇二三年", {"year": 2023}),
    ("二零一九年度收入増加", "二零一九年度", {"year": 2019}),
    ("２０２１年出口额增长", "２０２１年", {"year": 2021}),
    ("到2027年，产业规模突破500亿元", "到2027年", {"year": 2027, "instant": False}),
    ("至2030年，装机容量达到80万千瓦", "至2030年", {"year": 2030}),
    ("到2030年末，覆盖率达90%", "到2030年末", {"year": 2030, "instant": True, "months": (12, 12)}),
    # relative years
    ("今年全市实现营收120亿元", "今年", {"rel_year": 0, "year": None, "needs_year": False}),
    ("去年该区接待游客300万人次", "去年", {"rel_year": -1}),
    ("本年累计完成投资80亿元", "本年", {"rel_year": 0}),
    ("明年计划新建基站500个", "明年", {"rel_year": 1}),
    ("去年全年完成出口80亿元", "去年全年", {"rel_year": -1, "whole_year": True}),
    # quarters and halves
    ("前三季度，某市地区生产总值增长5%", "前三季度", {"months": (1, 9), "needs_year": True}),
    ("前三季，成交额同比增长8%", "前三季", {"months": (1, 9)}),
    ("三季度，出口增长6%", "三季度", {"months": (7, 9)}),
    ("今年第二季度营收40亿元", "今年第二季度", {"rel_year": 0, "months": (4, 6)}),
    ("2021年一季度，全省贷款增加", "2021年一季度", {"year": 2021, "months": (1, 3)}),
    ("第四季度，消费有望回升", "第四季度", {"months": (10, 12)}),
    ("上半年，全县财政收入5亿元", "上半年", {"months": (1, 6)}),
    ("2022年下半年，进口增长", "2022年下半年", {"year": 2022, "months": (7, 12)}),
    ("一季度至三季度，累计增长4%", "一季度至三季度", {"months": (1, 9)}),
    ("首季度，全市新设企业1.1万户", "首季度", {"months": (1, 3)}),
    # months
    ("9月份，全国发电量增长", "9月份", {"months": (9, 9), "needs_year": True}),
    ("11月，社会消费品零售总额增长", "11月", {"months": (11, 11)}),
    ("十二月，全市用电量增长", "十二月", {"months": (12, 12)}),
    ("1—5月份，规上工业增加值增长", "1—5月份", {"months": (1, 5)}),
    ("1-4月，投资增长", "1-4月", {"months": (1, 4)}),
    ("1至6月，出口增长", "1至6月", {"months": (1, 6)}),
    ("一至九月，销售额增长", "一至九月", {"months": (1, 9)}),
    ("3月至7月，客流量增长", "3月至7月", {"months": (3, 7)}),
    ("1月份至5月份，税收增长", "1月份至5月份", {"months": (1, 5)}),
    ("2024年1—2月份，全省零售额增长", "2024年1—2月份", {"year": 2024, "months": (1, 2)}),
    ("2022年1—12月，全市规上工业增长", "2022年1—12月", {"year": 2022, "months": (1, 12), "whole_year": False}),
    ("前两月，进出口增长", "前两月", {"months": (1, 2)}),
    ("前10个月，利润增长", "前10个月", {"months": (1, 10)}),
    ("今年头两个月，新签合同额增长", "今年头两个月", {"rel_year": 0, "months": (1, 2)}),
    ("今年首7個月，總銷貨價值上升", "今年首7個月", {"rel_year": 0, "months": (1, 7)}),
    ("首五個月合計的銷售額上升", "首五個月", {"months": (1, 5)}),
    ("今年6月，訪港旅客約400萬人次", "今年6月", {"rel_year": 0, "months": (6, 6)}),
    ("全年，全市粮食产量增长2%", "全年", {"months": (1, 12), "whole_year": True, "needs_year": True}),
    ("2023年全年，出口增长", "2023年全年", {"year": 2023, "whole_year": True}),
    ("年内新增充电桩2000个", "年内", {"whole_year": True}),
    ("1—6月平均，居民消费价格上涨0.7%", "1—6月平均", {"months": (1, 6), "average": True}),
    # days
    ("5月1日至5日，全省接待游客", "5月1日至5日", {"months": (5, 5), "days": (1, 5)}),
    ("2月9日至2月17日，客流量增长", "2月9日至2月17日", {"months": (2, 2), "days": (9, 17)}),
    ("9月29日至10月6日，全市接待游客", "9月29日至10月6日", {"months": (9, 10), "days": (29, 6)}),
    ("11月11日当天，快递业务量达7亿件", "11月11日当天", {"months": (11, 11), "days": (11, 11)}),
    ("6月18-20日，成交额增长", "6月18-20日", {"months": (6, 6), "days": (18, 20)}),
    ("2022年3月15日，公司发布公告", "2022年3月15日", {"year": 2022, "months": (3, 3), "days": (15, 15)}),
    (
        "二零二一年十二月三十一日，總資產為100億元",
        "二零二一年十二月三十一日",
        {"year": 2021, "months": (12, 12), "days": (31, 31)},
    ),
    ("10月上旬，价格上涨", "10月上旬", {"months": (10, 10), "days": (1, 10)}),
    ("发布时间：2024-03-05 10:00", "2024-03-05", {"year": 2024, "months": (3, 3), "days": (5, 5)}),
    ("2024/07/01", "2024/07/01", {"year": 2024, "months": (7, 7), "days": (1, 1)}),
    # instants
    ("6月末，人民币存款余额增长", "6月末", {"months": (6, 6), "instant": True, "needs_year": True}),
    ("截至6月底，全省5G基站达10万个", "截至6月底", {"months": (6, 6), "instant": True}),
    ("截至12月5日，累计签约项目30个", "截至12月5日", {"months": (12, 12), "days": (5, 5), "instant": True}),
    ("截至2022年底，全市常住人口1000万人", "截至2022年底", {"year": 2022, "months": (12, 12), "instant": True}),
    ("截至今年5月，有效专利达2万件", "截至今年5月", {"rel_year": 0, "months": (5, 5), "instant": True}),
    ("2022年末，全县常住人口50万人", "2022年末", {"year": 2022, "months": (12, 12), "instant": True}),
    ("2022年年末，全县户籍人口60万人", "2022年年末", {"year": 2022, "instant": True}),
    ("年末全县户籍总户数20万户", "年末", {"months": (12, 12), "instant": True, "needs_year": True}),
    ("去年底，全省充电桩3万个", "去年底", {"rel_year": -1, "months": (12, 12), "instant": True}),
    ("一季度末，贷款余额增长", "一季度末", {"months": (3, 3), "instant": True}),
    ("上半年末，存款余额增长", "上半年末", {"months": (6, 6), "instant": True}),
    ("年初，全市启动项目20个", "年初", {"months": (1, 1), "days": (1, 1), "instant": True}),
    # spans of months ending at a date
    ("截至7月底的3个月，销售额下跌", "截至7月底的3个月", {"months": (5, 7), "instant": False, "needs_year": True}),
    ("截至2月底的3個月，銷貨價值上升", "截至2月底的3個月", {"months": (12, 2)}),
    ("至3月為止的十二個月，失業率為3%", "至3月為止的十二個月", {"months": (4, 3), "needs_year": True}),
    (
        "截至二零二一年十二月三十一日止年度，收益增加",
        "截至二零二一年十二月三十一日止年度",
        {"year": 2021, "months": (1, 12), "whole_year": True, "days": None, "instant": False},
    ),
    ("截至2022年3月31日止年度，收入增加", "截至2022年3月31日止年度", {"year": 2022, "months": (4, 3)}),
    # ranges over a year boundary
    ("2021年11月至2022年1月，出口增长", "2021年11月至2022年1月", {"year": 2022, "year_start": 2021, "months": (11, 1)}),
    ("去年11月至今年1月，出口增长", "去年11月至今年1月", {"rel_year": 0, "months": (11, 1)}),
    ("12月28日至1月3日，客流增长", "12月28日至1月3日", {"months": (12, 1), "days": (28, 3)}),
    # plan periods
    ("“十四五”期间，全省新增装机100万千瓦", "“十四五”", {"plan_end": 2025, "needs_year": False}),
    ("十三五时期，累计投资5000亿元", "十三五", {"plan_end": 2020}),
    ("是“十二五”末的3倍", "“十二五”末", {"plan_end": 2015, "instant": True}),
    ("《“十五五”规划纲要》提出", "“十五五”", {"plan_end": 2030, "in_name": False}),
    # anaphors and previous spans
    ("当月实现贸易顺差80亿元", "当月", {"anaphor": True}),
    ("当天，全市接待游客50万人次", "当天", {"anaphor": True}),
    ("同期，对东盟进出口增长", "同期", {"anaphor": True}),
    ("当季企业数量达10万家", "当季", {"anaphor": True}),
    ("报告期内，公司营收增长", "报告期内", {"anaphor": True}),
    ("期末余额为30亿元", "期末", {"anaphor": True, "instant": True}),
    ("上月，出口增长", "上月", {"previous": True}),
    # holidays
    ("春节假期，全省接待游客2000万人次", "春节假期", {"holiday": "春节"}),
    ("国庆黄金周前三天，客流量增长", "国庆黄金周前三天", {"holiday": "国庆", "holiday_days": (1, 3)}),
    ("五一小长假首日，景区接待增长", "五一小长假首日", {"holiday": "五一", "holiday_days": (1, 1)}),
    ("中秋节当天，票房1亿元", "中秋节当天", {"holiday": "中秋"}),
    ("元旦期间，销售额增长", "元旦期间", {"holiday": "元旦"}),
    ("假日期间，全省接待游客增长", "假日期间", {"holiday": ""}),
    ("國慶黃金周期間，訪港旅客增加", "國慶黃金周期間", {"holiday": "国庆"}),
    # year in a name
    ("浙江省2024年政府工作报告提出", "2024年", {"year": 2024, "in_name": True}),
    ("2022世界智能制造大会上签约", "2022", {"year": 2022, "in_name": True}),
    ("2024长三角数字经济峰会开幕", "2024", {"in_name": True}),
    # a periodic report's year is its period (SPEC section 2), not a name's
    ("公司2022年年度报告显示", "2022年", {"in_name": False, "report": True}),
    ("公司2022年度报告显示", "2022年", {"in_name": False, "report": True}),
    ("公司2023年半年度报告显示", "2023年", {"months": (1, 6), "report": True}),
    ("2024年第三季度報告", "2024年第三季度", {"months": (7, 9), "report": True}),
    ("《某市产业发展规划(2023-2027年)》印发", "2023-2027年", {"year_start": 2023, "year": 2027, "in_name": True}),
    ("《行动方案（2024—2026年）》提出", "2024—2026年", {"in_name": True}),
    ("据《2022年统计年鉴》，人口增长", "2022年", {"in_name": True}),
    ("详见《统计报告》（2022年5月）", "2022年5月", {"in_name": True}),
    ("2024—2026年，累计投资300亿元", "2024—2026年", {"year_start": 2024, "year": 2026, "in_name": False}),
]


@pytest.mark.parametrize(("s", "text", "want"), FIND, ids=[f[1] for f in FIND])
def test_find(s: str, text: str, want: dict) -> None:
    m = one(s, text)
    assert s[m.start : m.end] == m.text == text
    for k, v in want.items():
        assert getattr(m, k) == v, (k, getattr(m, k), v)


# ---------------------------------------------------------------- stops


STOPS = [
    ("目前，全市共有高新技术企业500家", "目前"),
    ("当前，消费市场持续回暖", "当前"),
    ("截至目前，累计签约20个项目", "截至目前"),
    ("今年以来，全市累计开行班列300列", "今年以来"),
    ("2019年以来，投资年均增长8%", "2019年以来"),
    ("“十三五”以来，专利增长3倍", "“十三五”以来"),
    ("“十四五”以来至2024年6月底，累计新增装机500万千瓦", "“十四五”以来至2024年6月底"),
    ("有统计以来，首次突破百万辆", "有统计以来"),
    ("自2020年起，累计减税300亿元", "自2020年起"),
    ("从3月份开始，价格回落", "从3月份开始"),
    ("2018年至今，累计投资100亿元", "2018年至今"),
    ("近3年，研发投入年均增长12%", "近3年"),
    ("近五年来，出口年均增长9%", "近五年来"),
    ("过去一年，新增企业2万家", "过去一年"),
    ("此后三年，计划投资50亿元", "此后三年"),
    ("未来五年，将新增就业10万人", "未来五年"),
    ("3年内建成充电桩1万个", "3年内"),
    ("二十年间，人口增长一倍", "二十年间"),
    ("十年来，产值增长5倍", "十年来"),
    ("6个月以来首次回升", "6个月以来"),
    ("法说会后，股价上涨5%", "法说会后"),
    ("近年来，产业规模持续扩大", "近年来"),
]


@pytest.mark.parametrize(("s", "text"), STOPS, ids=[x[1] for x in STOPS])
def test_stop(s: str, text: str) -> None:
    m = one(s, text)
    assert m.stop
    assert not m.needs_year
    assert resolve(m, year=2023, doc_date=D(2023, 10, 1)) is None


# ---------------------------------------------------------------- not periods at all

NONE = [
    ("已连续10个月保持增长", "10个月"),
    ("连续三年位居全国第一", "三年"),
    ("时隔14个月恢复正增长", "14个月"),
    ("为5个月来首次顺差", "5个月来"),
    ("创两年多来新低", "两年多来"),
    ("16—64岁的劳动年龄人口", "16—64"),
    ("年主营业务收入2000万元及以上的企业", "2000"),
    ("三年行动计划提出", "三年"),
    ("按当年价格计算，增长5%", "当年"),
    ("创历史同期新高", "同期"),
    ("与疫情前相同月份比较", "同月"),
    ("比上年提前14天", "前14天"),
    ("完成年初预算数的40%", "年初"),
    ("两年平均增长4.1%", "两年"),
    ("第十届互联网大会", "十"),
    ("5G基站和3奈米制程", "5"),
    ("截至发稿", "发稿"),
    ("详见https://news.example.cn/2023/10/15/a.html", "2023/10/15"),
    ("提前3个月完成", "前3个月"),
    ("中国庆祝活动", "国庆"),
    ("一季一策推进", "一季"),
]


@pytest.mark.parametrize(("s", "absent"), NONE, ids=[x[0] for x in NONE])
def test_not_a_period(s: str, absent: str) -> None:
    ms = find_periods(s)
    assert all(absent not in m.text or m.stop for m in ms), [m.text for m in ms]
    assert all(not (absent in m.text and not m.stop) for m in ms)


def test_series_words_are_not_returned() -> None:
    assert find_periods("人民币贷款增速连续10个月保持全国第一") == []
    assert find_periods("为3个月来首次顺差，时隔13个月恢复正增长") == []


@pytest.mark.parametrize("record", ["均创近四年新高", "创近10年来最高", "为近三年最低", "创5年内新低"])
def test_a_span_before_a_record_word_is_the_series_record_not_a_period(record: str) -> None:
    # a claim after it still takes the year its paragraph carries
    assert find_periods(f"粮食产量{record}") == []
    text = f"# 温州农业\n\n2017年，我市粮食产量78.65万吨，{record}。在粮食作物中，晚稻产量51.02万吨。\n"
    assert fact(text, "51.02万吨").period == "2017"


# ---------------------------------------------------------------- comparison and prior

COMPARE = [
    ("貨物進口與2022年第4季大致相若", "2022年第4季", {"comparison": True}),
    ("与上年同期基本持平", "上年同期", {"comparison": True}),
    ("已回復至2019年逾八成水平", "至2019年", {"comparison": True}),
    ("客流恢复至2019年的九成", "至2019年", {"comparison": True}),
    ("降幅比1—6月份收窄0.8个百分点", "1—6月份", {"comparison": True, "months": (1, 6)}),
    ("待售面积比6月末增加300万平方米", "6月末", {"comparison": True, "instant": True}),
    ("不良率较上年末下降0.02个百分点", "上年末", {"comparison": True, "rel_year": -1, "instant": True}),
    ("增速比上月回落0.3个百分点", "上月", {"comparison": True, "previous": True}),
    ("较一季度的3.1%明显加快", "一季度", {"comparison": True, "months": (1, 3)}),
    ("比年初增加1200亿元", "年初", {"comparison": True}),
    ("涨幅与5月持平", "5月", {"comparison": True}),
    ("本港今年5月與去年5月比較", "去年5月", {"comparison": True, "rel_year": -1}),
    ("本港今年5月與去年5月比較", "今年5月", {"comparison": False}),
    ("比上年增长4.2%", "上年", {"comparison": True, "rel_year": -1}),
    ("上年同期为亏损2亿元", "上年同期", {"prior": True, "comparison": False, "rel_year": -1}),
    ("比上年同期增加3万个", "上年同期", {"prior": True, "comparison": True}),
    ("與去年同期比較，銷售額上升", "去年同期", {"prior": True, "comparison": True}),
    ("较去年同月上升8%", "去年同月", {"prior": True, "comparison": True}),
    ("较2019年同期增长12%", "2019年同期", {"prior": True, "comparison": True, "year": 2019}),
    ("平均數（2018至19年相同月份）的90%", "2018至19年相同月份", {"prior": True, "comparison": True}),
    ("已超越去年全年的水平", "去年全年", {"comparison": True, "whole_year": True}),
    ("较“十三五”末明显增加", "“十三五”末", {"comparison": True, "plan_end": 2020}),
]


@pytest.mark.parametrize(("s", "text", "want"), COMPARE, ids=[f"{c[1]}:{c[0][:6]}" for c in COMPARE])
def test_comparison_and_prior(s: str, text: str, want: dict) -> None:
    m = one(s, text)
    for k, v in want.items():
        assert getattr(m, k) == v, (k, getattr(m, k), v)


# ---------------------------------------------------------------- several in one sentence


def test_order_and_offsets() -> None:
    s = "1—8月份，全国投资同比下降，降幅比1—7月份扩大；8月末，待售面积比7月末增加。"
    ms = find_periods(s)
    assert [m.text for m in ms] == ["1—8月份", "1—7月份", "8月末", "7月末"]
    assert [m.comparison for m in ms] == [False, True, False, True]
    assert all(s[m.start : m.end] == m.text for m in ms)
    assert all(a.end <= b.start for a, b in itertools.pairwise(ms))


def test_sentence_with_stop_and_period() -> None:
    s = "今年以来累计开行300列，9月份单月开行40列。"
    assert [(m.text, m.stop) for m in find_periods(s)] == [("今年以来", True), ("9月份", False)]


def test_traditional_and_fullwidth_offsets() -> None:
    s = "與去年同期比較，今年首８個月合計的銷貨價值上升，截至８月底的３個月則下跌。"
    ms = find_periods(s)
    assert [m.text for m in ms] == ["去年同期", "今年首８個月", "截至８月底的３個月"]
    assert ms[1].months == (1, 8) and ms[2].months == (6, 8)


def test_normalize_is_one_for_one() -> None:
    s = "今年首８個月，1—9月，國慶"
    assert len(normalize(s)) == len(s)
    assert normalize(s) == "今年首8个月，1-9月，国庆"


# ---------------------------------------------------------------- resolve

# (sentence, mention text, keyword arguments, expected ISO)
RESOLVE = [
    # explicit year wins
    ("2022年", "2022年", {"doc_date": D(2024, 1, 5), "year": 2020}, "2022"),
    ("2022年前三季度", "2022年前三季度", {}, "2022-01/2022-09"),
    ("2022年1—12月", "2022年1—12月", {}, "2022-01/2022-12"),
    ("2022年全年", "2022年全年", {}, "2022"),
    ("2022年9月", "2022年9月", {}, "2022-09"),
    ("2022年末", "2022年末", {}, "2022-12-31"),
    ("截至2022年12月底", "截至2022年12月底", {}, "2022-12-31"),
    ("二〇二一年三季度", "二〇二一年三季度", {}, "2021-07/2021-09"),
    ("2022年", "2022年", {"stock": True}, "2022-12-31"),
    ("到2027年", "到2027年", {}, "2027"),
    ("2024年2月末", "2024年2月末", {}, "2024-02-29"),
    ("2021年11月至2022年1月", "2021年11月至2022年1月", {}, "2021-11/2022-01"),
    ("2024—2026年", "2024—2026年", {}, "2024/2026"),
    ("截至二零二一年十二月三十一日止年度", "截至二零二一年十二月三十一日止年度", {}, "2021"),
    ("截至2022年3月31日止年度", "截至2022年3月31日止年度", {}, "2021-04/2022-03"),
    ("2022年3月15日", "2022年3月15日", {}, "2022-03-15"),
    # relative year against the document date
    ("今年前三季度", "今年前三季度", {"doc_date": D(2023, 10, 20)}, "2023-01/2023-09"),
    ("去年", "去年", {"doc_date": D(2023, 10, 20)}, "2022"),
    ("今年9月末", "今年9月末", {"doc_date": D(2023, 10, 20)}, "2023-09-30"),
    ("截至今年6月", "截至今年6月", {"doc_date": D(2023, 8, 1)}, "2023-06-30"),
    ("去年11月至今年1月", "去年11月至今年1月", {"doc_date": D(2024, 2, 20)}, "2023-11/2024-01"),
    ("明年", "明年", {"doc_date": D(2023, 12, 1)}, "2024"),
    ("今年首8個月", "今年首8個月", {"doc_date": D(2023, 9, 29)}, "2023-01/2023-08"),
    # relative year without a document date takes the year the caller carries
    ("今年8月", "今年8月", {"year": 2021}, "2021-08"),
    ("今年8月", "今年8月", {}, None),
    # carried year
    ("1—9月份", "1—9月份", {"year": 2020}, "2020-01/2020-09"),
    ("前三季度", "前三季度", {"year": 2020, "doc_date": D(2023, 1, 1)}, "2020-01/2020-09"),
    ("全年", "全年", {"year": 2019}, "2019"),
    ("年末", "年末", {"year": 2019}, "2019-12-31"),
    ("一季度", "一季度", {"year": 2015, "stock": True}, "2015-03-31"),
    ("3月末", "3月末", {"year": 2015}, "2015-03-31"),
    ("10月1日至4日", "10月1日至4日", {"year": 2016}, "2016-10-01/2016-10-04"),
    ("10月1日当天", "10月1日当天", {"year": 2016}, "2016-10-01"),
    ("截至11月28日", "截至11月28日", {"year": 2023}, "2023-11-28"),
    ("截至8月底的3个月", "截至8月底的3个月", {"year": 2023}, "2023-06/2023-08"),
    ("至1月為止的十二個月", "至1月為止的十二個月", {"year": 2024}, "2023-02/2024-01"),
    ("12月28日至1月3日", "12月28日至1月3日", {"year": 2024}, "2023-12-28/2024-01-03"),
    ("10月上旬", "10月上旬", {"year": 2023}, "2023-10-01/2023-10-10"),
    ("2月下旬", "2月下旬", {"year": 2023}, "2023-02-21/2023-02-28"),
    ("1—6月平均", "1—6月平均", {"year": 2023}, "2023-01/2023-06"),
    ("年初", "年初", {"year": 2023}, "2023-01-01"),
    # the latest such period over by the document date
    ("12月份", "12月份", {"doc_date": D(2024, 1, 18)}, "2023-12"),
    ("1—2月份", "1—2月份", {"doc_date": D(2023, 3, 15)}, "2023-01/2023-02"),
    ("三季度", "三季度", {"doc_date": D(2023, 11, 1)}, "2023-07/2023-09"),
    ("10月", "10月", {"doc_date": D(2023, 11, 1)}, "2023-10"),
    ("全年", "全年", {"doc_date": D(2024, 1, 17)}, "2023"),
    ("1-12月", "1-12月", {"doc_date": D(2024, 1, 26)}, "2023-01/2023-12"),
    ("年末", "年末", {"doc_date": D(2024, 1, 17)}, "2023-12-31"),
    ("9月末", "9月末", {"doc_date": D(2023, 10, 31)}, "2023-09-30"),
    ("截至9月底", "截至9月底", {"doc_date": D(2023, 10, 31)}, "2023-09-30"),
    ("10月1日至4日", "10月1日至4日", {"doc_date": D(2016, 10, 5)}, "2016-10-01/2016-10-04"),
    ("四季度", "四季度", {"doc_date": D(2023, 11, 1)}, "2022-10/2022-12"),
    # no year to be had
    ("前三季度", "前三季度", {}, None),
    ("截至4月底", "截至4月底", {}, None),
    ("上半年", "上半年", {"stock": True}, None),
    # plans
    ("“十四五”", "“十四五”", {}, "2025"),
    ("十三五末", "十三五末", {}, "2020-12-31"),
    ("“十四五”", "“十四五”", {"stock": True}, "2025-12-31"),
    # never resolved here
    ("上年同期", "上年同期", {"year": 2023, "doc_date": D(2023, 10, 1)}, None),
    ("当月", "当月", {"year": 2023, "doc_date": D(2023, 10, 1)}, None),
    ("上月", "上月", {"year": 2023, "doc_date": D(2023, 10, 1)}, None),
    ("江苏省2023年政府工作报告", "2023年", {}, None),
    ("国庆假期", "国庆假期", {"year": 2016, "doc_date": D(2016, 10, 8)}, None),
    ("2月30日", "2月30日", {"year": 2023}, None),
]


@pytest.mark.parametrize(("s", "text", "kw", "want"), RESOLVE, ids=[f"{r[1]}-{r[3]}" for r in RESOLVE])
def test_resolve(s: str, text: str, kw: dict, want: str | None) -> None:
    assert resolve(one(s, text), **kw) == want


def test_resolve_holidays() -> None:
    days = {"国庆": (D(2016, 10, 1), D(2016, 10, 7)), "春节": (D(2024, 2, 10), D(2024, 2, 17))}
    assert resolve(one("国庆假期前四天，客流增长", "国庆假期前四天"), holidays=days) == "2016-10-01/2016-10-04"
    assert resolve(one("春节期间，票房增长", "春节期间"), holidays=days) == "2024-02-10/2024-02-17"
    assert resolve(one("春节假期首日，客流增长", "春节假期首日"), holidays=days) == "2024-02-10"
    assert resolve(one("春节假期后两天，返程客流", "春节假期后两天"), holidays=days) == "2024-02-16/2024-02-17"
    assert resolve(one("国庆假期，存款余额", "国庆假期"), holidays=days, stock=True) == "2016-10-07"
    only = {"国庆": days["国庆"]}
    assert resolve(one("假日期间，接待游客", "假日期间"), holidays=only) == "2016-10-01/2016-10-07"
    assert resolve(one("假日期间，接待游客", "假日期间"), holidays=days) is None
    assert resolve(one("元旦期间，接待游客", "元旦期间"), holidays=days) is None


def test_needs_year() -> None:
    assert one("9月份，发电量增长").needs_year
    assert one("全年，粮食增产").needs_year
    assert not one("今年9月，发电量增长").needs_year
    assert not one("2023年9月，发电量增长").needs_year
    assert not one("当月，发电量增长").needs_year
    assert not one("目前，发电量增长").needs_year


@pytest.mark.parametrize(
    ("period", "n", "want"),
    [
        ("2023-01/2023-09", -1, "2022-01/2022-09"),
        ("2023", -1, "2022"),
        ("2023-09-30", -1, "2022-09-30"),
        ("2024-02-29", -1, "2023-02-28"),
        ("2023-02-28", 1, "2024-02-29"),
        ("2023-02-10", 1, "2024-02-10"),
        ("2022-11/2023-01", -1, "2021-11/2022-01"),
    ],
)
def test_shift_years(period: str, n: int, want: str) -> None:
    assert shift_years(period, n) == want


# ---------------------------------------------------------------- word lists


def test_default_words_load() -> None:
    w = load_period_words()
    assert w is load_period_words(DEFAULT_PATH)
    assert w.spans["前三季度"] == (1, 9)
    assert w.relative_years["去年"] == -1
    assert "目前" in w.stop_words
    assert "国庆" in w.holidays


def test_words_extend_from_toml(tmp_path: Path) -> None:
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    text = text.replace('stop_words = [\n  "目前"', 'stop_words = [\n  "近期", "目前"')
    text = text.replace('"上半年" = [1, 6]', '"上半年" = [1, 6]\n"前四個月" = [1, 4]')
    p = tmp_path / "periods.toml"
    p.write_text(text, encoding="utf-8")
    w = load_period_words(p)
    assert w.spans["前四个月"] == (1, 4)  # normalised on load
    m = find_periods("近期，价格回落；前四個月，销售增长", w)
    assert [(x.text, x.stop, x.months) for x in m] == [("近期", True, None), ("前四個月", False, (1, 4))]
    assert all(x.text != "近期" for x in find_periods("近期，价格回落"))  # the default list is unchanged


def test_bad_toml(tmp_path: Path) -> None:
    p = tmp_path / "periods.toml"
    p.write_text('[spans]\n"怪季" = [0, 13]\n', encoding="utf-8")
    with pytest.raises(RuleError):
        load_period_words(p)
    q = tmp_path / "broken.toml"
    q.write_text("[spans\n", encoding="utf-8")
    with pytest.raises(RuleError):
        load_period_words(q)


# ---------------------------------------------------------------- robustness


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789年月日季度前三上半全今去截至末底以来的个月同期比较—-“十四五”近连续", max_size=60))
def test_offsets_always_index_the_input(s: str) -> None:
    ms = find_periods(s)
    for m in ms:
        assert s[m.start : m.end] == m.text and m.text
    for a, b in itertools.pairwise(ms):
        assert a.end <= b.start
    for m in ms:
        resolve(m, year=2023, doc_date=D(2023, 10, 31), stock=True)
        resolve(m, doc_date=D(2023, 10, 31))


@pytest.mark.parametrize("chunk", ["1", "年", "十", "以来", "截至", "1-", "2023年", "前", "1月1日至", "的3个月", "“十"])
def test_linear_on_long_text(chunk: str) -> None:
    small = chunk * (2000 // len(chunk))
    big = chunk * (100_000 // len(chunk))
    t0 = time.perf_counter()
    find_periods(small)
    t_small = time.perf_counter() - t0
    t0 = time.perf_counter()
    find_periods(big)
    t_big = time.perf_counter() - t0
    assert t_big < 5.0
    assert t_big < max(t_small, 1e-3) * 250  # 50x the text: linear, nowhere near quadratic (2500x)


# ---------------------------------------------------------------- the shortcuts


_UNFILTERED = dataclasses.replace(load_period_words(DEFAULT_PATH))  # a grammar of its own
_UNFILTERED.grammar.shortcuts = False  # every position whose first character fits is parsed


def _parsing_everywhere(s: str) -> list[PeriodMention]:
    return find_periods(s, _UNFILTERED)


_LISTED = load_period_words(DEFAULT_PATH).grammar.words_at.values()
_WORD_CHARS = "".join(sorted({ch for ws in _LISTED for w in ws for ch in w}))
_PIECES = [
    *"0123456789./-%，。年月日号季度个多天周至到亿万元长增世博会以来前后",
    "2023",
    "1999",
    "1850",
    "3170",
    "20",
    "12",
    "1-2季度",
    "1季度",
    "Q3",
    "上半年",
    "同期",
    "春节",
    "假期",
]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_WORD_CHARS + "0123456789一二三年月日季度个前后至到以来，。%亿元长增", max_size=40))
def test_the_shortcuts_find_the_same_mentions(s: str) -> None:
    """Skipping a position where no form can start changes no mention."""
    assert find_periods(s) == _parsing_everywhere(s)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
def test_the_shortcuts_find_the_same_mentions_around_numbers(s: str) -> None:
    assert find_periods(s) == _parsing_everywhere(s)


@pytest.mark.parametrize(
    "s",
    [
        "近3年来增长",
        "10多年来",
        "5季度内",
        "2周内",
        "3星期内",
        "3日来",
        "3年来",
        "5年以来",
        "3年多来",
        "3个季度以来",
        "2周以来",
        "3星期以来",
        "3日以来",
        "3-5月",
        "3到5月",
        "1850/10/31",
        "2023.10.31",
        "1899世博会期间",
        "2023年",
        "1-2季度",
        "3季度",
        "5月",
        "10-12月",
        "3个月来",
        "30天内",
        "1至9月",
        "2019至2023年",
        "今年以来",
        "春节假期",
        "上半年",
    ],
)
def test_the_shortcuts_keep_each_kind_of_mention(s: str) -> None:
    assert find_periods(s) == _parsing_everywhere(s) != []


def test_the_shortcuts_on_the_samples() -> None:
    root = Path(__file__).resolve().parents[1] / "samples"
    lines = [x for p in sorted(root.glob("*.md")) for x in p.read_text(encoding="utf-8").splitlines() if x]
    assert lines
    for line in lines:
        assert find_periods(line) == _parsing_everywhere(line), line


def test_a_quarter_word_followed_by_digits_is_no_quarter() -> None:
    """1Q25 (brokerage shorthand) holds Q2 only by accident."""
    assert [p.text for p in find_periods("1Q25实现收入17.4亿元")] == []
    assert [p.text for p in find_periods("2023年Q2营业收入5亿元")] == ["2023年Q2"]


@pytest.mark.parametrize("joiner", ["和", "、", "及"])
def test_every_item_of_a_comparison_bases_list_is_a_comparison(joiner: str) -> None:
    ms = find_periods(f"上半年增长17.4%，分别比一季度两年平均{joiner}2019年上半年增速高")
    assert [(m.text, m.comparison) for m in ms] == [("上半年", False), ("一季度", True), ("2019年上半年", True)]


@pytest.mark.parametrize(
    ("s", "text", "year", "rel", "months"),
    [
        ("去年 11 月工業及服務業", "去年 11 月", None, -1, (11, 11)),
        ("去年前 11 月受僱員工", "去年前 11 月", None, -1, (1, 11)),
        ("2016 年 11 月底", "2016 年 11 月底", 2016, None, (11, 11)),
        ("主計總處公布去 (2016) 年前 11 月經常性薪資", "去 (2016) 年前 11 月", 2016, None, (1, 11)),
        ("今（2024）年1月出口", "今（2024）年1月", 2024, None, (1, 1)),
    ],
)
def test_spaced_and_bracketed_year_forms_of_taiwan_text(
    s: str, text: str, year: int | None, rel: int | None, months: tuple[int, int]
) -> None:
    m = one(s, text)
    assert (m.year, m.rel_year, m.months) == (year, rel, months)


def test_a_relative_year_before_a_spaced_non_period_word_stays_alone() -> None:
    assert [m.text for m in find_periods("去年 增长5%")] == ["去年"]


@pytest.mark.parametrize(
    ("s", "date", "iso"),
    [
        ("3日全国接待国内游客1.19亿人次", D(2017, 10, 3), "2017-10-03"),
        ("28日全市接待游客", D(2017, 10, 3), "2017-09-28"),  # a day after the date's: last month's
        ("31日全市接待游客", D(2024, 3, 1), "2024-01-31"),  # February has no 31st
        ("3日全市接待游客", None, None),  # no document date: no month to put it in
    ],
)
def test_a_bare_day_is_the_latest_such_day_by_the_document_date(s: str, date: dt.date | None, iso: str | None) -> None:
    [m] = find_periods(s)
    assert (m.months, resolve(m, doc_date=date)) == (None, iso)


@pytest.mark.parametrize("s", ["新华社北京3日电", "推出3日游产品", "3日内完成"])
def test_a_dateline_or_a_span_of_days_is_no_bare_day(s: str) -> None:
    assert [m for m in find_periods(s) if m.days is not None] == []


@pytest.mark.parametrize(
    ("s", "text", "year", "months"),
    [
        ("102年3月工業生產指數", "102年3月", 2013, (3, 3)),
        ("112年第1季經濟成長", "112年第1季", 2023, (1, 3)),
        ("113年全年出口", "113年全年", 2024, (1, 12)),
        ("114年前11月", "114年前11月", 2025, (1, 11)),
    ],
)
def test_a_republic_of_china_year_before_months_or_a_quarter(
    s: str, text: str, year: int, months: tuple[int, int]
) -> None:
    m = one(s, text)
    assert (m.year, m.months) == (year, months)


@pytest.mark.parametrize("s", ["建党100年", "102年的历史", "已有120年，3月开业"])
def test_a_count_of_years_is_no_republic_of_china_year(s: str) -> None:
    assert not any(m.year is not None and m.year > 2000 for m in find_periods(s))


@pytest.mark.parametrize(
    ("s", "months", "iso"),
    [
        ("截至今年9月底止首三季", (1, 9), "2025-01/2025-09"),
        ("截至9月底止第三季", (7, 9), "2025-07/2025-09"),
        ("截至6月底止的上半年", (1, 6), "2025-01/2025-06"),
    ],
)
def test_a_span_ending_at_an_until_date_is_that_span(s: str, months: tuple[int, int], iso: str) -> None:
    [m] = find_periods(s)
    assert (m.months, m.instant, resolve(m, doc_date=D(2025, 11, 13))) == (months, False, iso)


def test_a_span_that_does_not_end_at_the_until_date_stays_apart() -> None:
    assert [m.text for m in find_periods("截至9月底止上半年")] == ["截至9月底", "上半年"]


def test_months_listed_with_yue_written_once_are_a_month_each() -> None:
    got = [(m.text, m.months) for m in find_periods("9、10、11月分别增长3%、4%、5%")]
    assert got == [("9", (9, 9)), ("10", (10, 10)), ("11月", (11, 11))]


@pytest.mark.parametrize("merged", ["合併來看", "合计", "累计"])
def test_two_months_taken_together_are_one_span(merged: str) -> None:
    [m] = find_periods(f"將1、2月{merged}，批發業年增0.1%")
    assert m.months == (1, 2)


@pytest.mark.parametrize("s", ["1、2、3号线", "目标：1、扩大内需", "1、2号楼"])
def test_numbered_items_are_no_months(s: str) -> None:
    assert find_periods(s) == []


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("今年上半年1025.86亿元的总保费收入中", "今年上半年"),
        ("2022年上半年1025.86亿元", "2022年上半年"),
        ("一季度2.5万亿元", "一季度"),
        ("前三季度3.2万亿元", "前三季度"),
    ],
)
def test_a_span_in_words_may_meet_its_figure(text: str, span: str) -> None:
    assert find_periods(text)[0].text == span


def test_a_latin_quarter_before_a_digit_is_no_quarter() -> None:
    assert find_periods("1Q25营收") == []


@pytest.mark.parametrize(
    "series",
    [
        "今年以来，上述四个行业持续保持较快增长，",
        "今年以来一直保持两位数增长，",
        "目前，全市新能源产业不断壮大，",
        "今年以來，上述行業持續保持較快增長，",
    ],
)
def test_words_of_nothing_before_a_series_clause_leave_the_figures_the_carried_period(series: str) -> None:
    text = f"# 2022年乌鲁木齐经济运行\n\n全市工业运行平稳。{series}多晶硅产量9.49万吨，增长21.4%。\n"
    assert fact(text, "9.49万吨").period == "2022"


def test_words_of_nothing_before_the_figure_itself_still_stop_the_search() -> None:
    text = "# 2022年乌鲁木齐经济运行\n\n今年以来，多晶硅产量9.49万吨，持续保持增长。\n"
    assert fact(text, "9.49万吨").period is None


@pytest.mark.parametrize("dateline", ["大众日报济南2月2日讯 ", "本报北京2月2日訊 ", "新华社济南2月2日电 "])
def test_a_datelines_day_is_no_period_and_the_year_before_it_carries(dateline: str) -> None:
    text = f"{dateline}2020年，全省一般公共预算收入6559.9亿元。全省一般公共预算支出11233.5亿元，增长3.1%。\n"
    assert fact(text, "11233.5亿元").period == "2020"


@pytest.mark.parametrize("same", ["同期，", "占同期", "同月"])
def test_the_same_span_under_a_title_without_period_words_is_the_leads(same: str) -> None:
    text = (
        "5个月福建省外贸进出口同比增长6.5%\n\n"
        "据福州海关统计，前5个月，福建省外贸进出口7500亿元，同比增长6.5%。\n\n"
        f"一般贸易进出口占比超过七成。{same}加工贸易进出口1017.4亿元，同比增长14%。\n"
    )
    assert fact(text, "1017.4亿元", date="2022-06-16").period == "2022-01/2022-05"


def test_this_month_under_a_title_without_period_words_is_not_the_leads_ten_days() -> None:
    text = "钢铁生产简况\n\n2021年3月上旬，重点钢企粗钢日产227万吨。\n\n本月，粗钢平均日产同比增长18.59%。\n"
    (f,) = [f for f in facts(text) if f.growth == 18.59]
    assert f.period == "2021-03"


@pytest.mark.parametrize(
    ("words", "iso"),
    [
        ("二零二三年十二月至二零二四年二月", "2023-12/2024-02"),
        ("二〇二三年十一月至二〇二四年一月", "2023-11/2024-01"),
        ("2023年12月至2024年2月", "2023-12/2024-02"),
    ],
)
def test_a_range_of_months_across_years_in_words_or_digits(words: str, iso: str) -> None:
    assert fact(f"{words}經季節性調整的失業率為2.9%。", "2.9%").period == iso


@pytest.mark.parametrize(
    ("text", "date", "period"),
    [
        ("零跑表示，上月交付量達28,067輛。", "2026-03-01", "2026-02"),
        ("上个月全市新增就业1.2万人。", "2026-01-10", "2025-12"),
        ("上季度全省实现营收120亿元。", "2025-05-20", "2025-01/2025-03"),
        ("上季度全省实现营收120亿元。", "2025-02-20", "2024-10/2024-12"),
    ],
)
def test_the_month_or_quarter_before_resolves_against_the_document_date(text: str, date: str, period: str) -> None:
    (f,) = extract(text, date=date)
    assert f.period == period


def test_the_month_before_as_a_comparison_leaves_the_figures_period() -> None:
    (f,) = extract("3月，零跑交付量達28,067輛，比上月增长5%。", date="2026-04-05")
    assert (f.period, f.growth_basis) == ("2026-03", "mom")


@pytest.mark.parametrize("date", ["2020 年 6 月 30 日", "2020年6月 30日", "2020 年 6 月 30日", "2020年6月30 日"])
def test_a_day_in_spaced_text_is_that_day(date: str) -> None:
    (f,) = extract(f"截至{date}，楼宇类室分覆盖面积累计31.2亿平方米。")
    assert f.period == "2020-06-30"


@pytest.mark.parametrize("until", ["截至6月底止中期", "截至2025年6月30日止半年度", "截至六月三十日止的半年"])
def test_a_half_year_that_ends_with_the_date_is_its_span(until: str) -> None:
    (f,) = extract(f"西江電力公布{until}業績，收入為120億港元。", date="2025-08-05")
    assert f.period == "2025-01/2025-06"


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("112年第2季經濟成長1.4%。111年每戶可支配所得平均數為110.9萬元，較110年增1.7%。", "2022"),
        ("民國112年3月出口成長5%。106年風力發電量17.1億千瓦時。", "2017"),
    ],
)
def test_a_text_that_dates_by_the_republic_of_china_reads_its_bare_years_so(text: str, period: str) -> None:
    assert any(f.period == period for f in extract(text))


@pytest.mark.parametrize("text", ["建党100年来，全市地区生产总值增长100倍。", "全市有120年以上古树1200株。"])
def test_a_text_that_does_not_date_so_keeps_its_hundred_years(text: str) -> None:
    assert all(f.period is None for f in extract(text))
