"""Properties of `factx.extract` over generated text (hypothesis).

The text mixes Chinese fragments that factx reacts to (places, periods, growth verbs,
qualifiers, units, magnitudes), numerals of every kind, punctuation, Markdown markers and
random unicode. Whatever the text: no exception, every record is a valid Fact whose
offsets give its value_text back, and values and rates are finite numbers; and the
records read back from every data format (json, jsonl, csv) are the records written.
"""

from __future__ import annotations

import io
import math
import os

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from factx import Fact, extract
from factx.writers import read_records, record, write

FRAGMENTS = [
    "江苏", "全省", "全市", "本港", "杭州海关", "对东盟", "占全国", "全国第一", "我国",
    "前三季度", "9月末", "今年", "去年", "目前", "今年以来", "一季度", "1—8月", "2023年", "截至",
    "同比", "环比", "年均", "分别", "其中，", "比上年", "增长", "下降", "提高", "增加", "减少",
    "达", "约", "超", "逾", "近", "不足", "左右", "以上", "及以上", "多", "余", "第", "每", "连续",
    "亿元", "万亿元", "万吨", "%", "％", "个", "个百分点", "倍", "港仙", "千瓦", "千瓦时", "千公顷",
    "公斤/亩", "標準箱", "億港元", "新臺幣", "兆", "万", "亿", "千", "十", "百",
    "地区生产总值", "进出口总值", "贷款余额", "营业收入", "到2025年", "预计", "力争",
    "。", "，", "、", "；", "：", "！", "？", "（", "）", "“", "”", "\n", "\n\n", "\r\n", "　　", "  ", "\t",
    "# ", "## ", "**", "| ", " | ", "|---|---|\n", "- ", "1. ", "一、", "（二）", "> ", "注：", "附注\n",
    "（来源：新华社）", "2023-10-25 09:30", "https://example.com/a.html", "![图](a.png)",
]  # fmt: skip

NUMERALS = st.one_of(
    st.integers(min_value=0, max_value=10**12).map(str),
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False).map(str),
    st.integers(min_value=1, max_value=10**9).map(lambda n: f"{n:,}"),
    st.sampled_from(["三", "十二", "一百二十", "二〇二三", "两", "半", "１２３", "0.5", "-3.1", "+2.4", "9" * 60]),
)

TOKENS = st.one_of(st.sampled_from(FRAGMENTS), NUMERALS, st.text(max_size=4))
TEXTS = st.lists(TOKENS, max_size=60).map("".join)
LONE_SEPARATORS = ["|---|---|\n", "# 标题\n\n| --- | --- |\n\n出口增长5%。\n"]


@pytest.mark.parametrize("text", LONE_SEPARATORS)
def test_a_lone_table_separator_line_does_not_crash(text: str) -> None:
    extract(text, doc="t.md")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, st.sampled_from([None, "2023-10-25", "2024-01-05"]))
@example("# 江苏经济\n\n前三季度，全省进出口3.9万亿元，同比下降1.6%。其中，出口增长2.7%。\n", "2023-10-25")
@example("| 指标 | 数值（亿元） | 比上年增长（%） |\n|---|---|---|\n| 产值 | 1.5 | -2 |\n", None)
@example("增长" + "9" * 400 + "%，总额" + "9" * 400 + "亿元", None)
def test_extract_never_raises_and_every_record_holds(text: str, date: str | None) -> None:
    facts = extract(text, doc="t.md", date=date)
    for f in facts:
        assert isinstance(f, Fact)
        assert Fact.model_validate(f.model_dump()) == f
        assert 0 <= f.start <= f.end <= len(text)
        if f.value_text is not None:
            assert text[f.start : f.end] == f.value_text
            assert f.value is not None and f.unit
        else:
            assert f.value is None and f.growth is not None
        for number in (f.value, f.growth):
            assert number is None or math.isfinite(number)
        assert (f.growth is None) == (f.growth_unit is None)
        assert f.growth is not None or f.growth_basis is None


@settings(max_examples=100, deadline=None)
@given(TEXTS)
def test_extract_is_deterministic(text: str) -> None:
    assert extract(text, doc="t.md") == extract(text, doc="t.md")


EXAMPLES = int(os.environ.get("FACTX_EXAMPLES", "150"))  # examples per property below; more for a soak run

# Text around a claim that factx finds most of the time, so every format has records to carry:
# random text, a place and a period, an amount, a growth figure, random text.
CLAIMS = st.tuples(
    TEXTS,
    st.sampled_from(["江苏", "全省", "杭州海关", "本港", ""]),
    st.sampled_from(["前三季度", "今年以来", "2023年", ""]),
    st.sampled_from(["进出口总值", "地区生产总值", "营业收入", "出口"]),
    st.sampled_from(["达", "约", "超", ""]),
    NUMERALS,
    st.sampled_from(["亿元", "万亿元", "万吨", "億港元", "元", "千瓦时"]),
    st.sampled_from(["，同比增长", "，下降", "，比上年提高", "。"]),
    NUMERALS,
    st.sampled_from(["%", "个百分点", "倍", ""]),
    TEXTS,
).map("".join)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CLAIMS, st.sampled_from([None, "2023-10-25"]))
@example("\x00江苏前三季度进出口总值达0亿元，同比增长0%", None)  # a NUL was once the pipeline's own mark
def test_extract_never_raises_around_claims(text: str, date: str | None) -> None:
    for f in extract(text, doc="t.md", date=date):
        assert Fact.model_validate(f.model_dump()) == f
        if f.value_text is not None:
            assert text[f.start : f.end] == f.value_text
        for number in (f.value, f.growth):
            assert number is None or math.isfinite(number)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(CLAIMS, TEXTS), st.sampled_from(["t.md", "年报 '=1+1'.md", "-", 'a,"b"\n.txt']))
@example("前三季度，全省进出口3.9万亿元，同比下降1.6%。\u2028出口增长2.7%。\x85\r\n", "t.md")
@example("'-3.1亿元，=增长5%，@2023年", "'x.md")
def test_every_format_reads_back_the_same_records(text: str, doc: str) -> None:
    """What json, jsonl and csv write, `read_records` reads back: every field, as `record` gives it."""
    facts = extract(text, doc=doc)
    expected = [record(f) for f in facts]
    for fmt in ("json", "jsonl", "csv"):
        out = io.StringIO(newline="")
        write(facts, fmt, out)
        assert read_records(out.getvalue(), fmt) == expected, fmt
    for rec in expected:
        assert Fact.model_validate(rec).start == rec["start"]  # a record read back is a valid Fact
