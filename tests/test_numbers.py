"""factx.numbers: examples, None cases, the span finder, and round-trip properties."""

from __future__ import annotations

import math
import time
from decimal import Decimal
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from factx.numbers import NUMBER_RE, parse_magnitude, parse_number, parse_percent


def close(got: float | None, want: float) -> bool:
    return got is not None and math.isclose(got, want, rel_tol=1e-9)


# --- parse_number ----------------------------------------------------------------------------

NUMBERS = {
    "3.17万亿": 3.17e12,
    "82,356.9": 82356.9,
    "8,491": 8491,
    "１．０７５３": 1.0753,
    "４，５６５": 4565,
    "一千二百": 1200,
    "两千零五": 2005,
    "负四十五亿零四百零四万": -4504040000,
    "九萬四": 94000,
    "九万四": 94000,
    "三千五": 3500,
    "一万二": 12000,
    "百三": 130,
    "肆佰陸拾": 460,
    "壹萬零贰佰伍拾": 10250,
    "貳拾參": 23,
    "兩千〇五": 2005,
    "十三万": 130000,
    "千亿": 1e11,
    "百": 100,
    "万": 10000,
    "十亿": 1e9,
    "两千余": 2000,
    "5000多": 5000,
    "二十几": 20,
    "十来": 10,
    "1.2万亿": 1.2e12,
    "2兆7,629.64億": 2.762964e12,
    "五兆六十二亿四万五千二": 5006200045200,
    "三百四十": 340,
    "二零二三": 2023,
    "二〇二三": 2023,
    "-1.48": -1.48,
    "负3": -3,
    "+57.2": 57.2,
    "1.5e3": 1500,
    "1.5E-3": 0.0015,
    "半": 0.5,
    "半百": 50,
    "  42\u3000": 42,
    "一万零五": 10005,
    "一万零十二": 10012,
    "一百零十万": 1100000,
    "零十": 10,
    "零点五": 0.5,
    "三点五万": 35000,
    "两千三点一": 2300.1,
    "四百亿点零五零": 40000000000.05,
    "两千万点五五四四": 20000000.5544,
    "十多万": 100000,
    "500余万": 5000000,
    "一百零几万": 1000000,
    "十 余 万": 100000,
    "7 万5 千4 百": 75400,
    "3万4000": 34000,
    "1千零20": 1020,
    "5亿1万4千6百": 500014600,
    "四万万": 4e8,
    "10万万": 1e9,
    "二十一万亿": 2.1e13,
    "一万五千亿": 1.5e12,
    "四千五百六十九万八千三百一十一亿四千八百七十二万五千三百八十二": 4569831148725382,
    "五分之一": 0.2,
    "二十五分之一千零拾肆": 40.56,
    "负一又二分之一": -1.5,
    "一百万又五十万分之二十五": 1000000.00005,
    "负3分之负一百五十七": 157 / 3,
    "3/5": 0.6,
    "1 3/5": 1.6,
    "-3/2": -1.5,
    "40k": 40000,
    "五十打": 600,
    "2^-1": 0.5,
    "十六．四二": 16.42,  # Taiwan print: numerals with a full-width point
    "一一九．三一": 119.31,
    "一二〇．八四": 120.84,
    "三．五万": 35000,
    "廿九億六千五百七十萬": 2965700000,  # 廿 20 and 卅 30, as Hong Kong and Macau print them
    "卅五": 35,
}


@pytest.mark.parametrize(("text", "value"), NUMBERS.items())
def test_parse_number(text: str, value: float) -> None:
    assert close(parse_number(text), value)


def test_parse_number_is_exact_for_magnitudes() -> None:
    # Decimal arithmetic: no 3170000000000.0004 in the output.
    assert parse_number("3.17万亿") == 3170000000000.0
    assert parse_number("1,100.9亿") == 110090000000.0


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "abc",
        "第三",
        "数千",
        "百分之五",  # a percentage: parse_percent
        "1,23",
        "3五",
        "千百",
        "三万四万",
        "一点两",  # 两 is not a decimal digit
        "点五",
        "3点5",  # a clock time, not 3.5
        "--3",
        "多",
        "余万",
        "1/0",
        "二分之",
        "万" * 300_000,  # overflows
    ],
)
def test_parse_number_rejects(text: str) -> None:
    assert parse_number(text) is None


# --- parse_percent ---------------------------------------------------------------------------

PERCENTS = {
    "35%": 35,
    "３５％": 35,
    "-22.2%": -22.2,
    "负3.9%": -3.9,
    "百分之三十五": 35,
    "百分之三点五": 3.5,
    "百分之百": 100,
    "百分之２．４": 2.4,
    "百分之15k": 15000,
    "千分之五": 0.5,
    "万分之三": 0.03,
    "百万分之五": 0.0005,
    "5‰": 0.5,
    "4.5个百分点": 4.5,
    "四點五個百分點": 4.5,
    "0.3个百份点": 0.3,
    "三成": 30,
    "半成": 5,
    "三成五": 35,
    "三成半": 35,
    "十成": 100,
    "9.5成": 95,
    "九折": 90,
    "五五折": 55,
    "75折": 75,
    "8.5折": 85,
    "三点一折": 31,
    "对折": 50,
    "十七．三五％": 17.35,
}


@pytest.mark.parametrize(("text", "value"), PERCENTS.items())
def test_parse_percent(text: str, value: float) -> None:
    assert close(parse_percent(text), value)


@pytest.mark.parametrize(
    "text", ["", "35", "abc", "成本", "十折", "五百分之2.2", "百分之二三十", "二三十个百分点", "-" * 100_000]
)
def test_parse_percent_rejects(text: str) -> None:
    assert parse_percent(text) is None


# --- parse_magnitude -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("chars", "factor"), [("万亿", 1e12), ("千", 1e3), ("萬億", 1e12), ("兆", 1e12), ("百万", 1e6), ("", 1)]
)
def test_parse_magnitude(chars: str, factor: float) -> None:
    assert parse_magnitude(chars) == factor


def test_parse_magnitude_rejects_other_characters() -> None:
    with pytest.raises(ValueError, match="元"):
        parse_magnitude("万元")


# --- NUMBER_RE -------------------------------------------------------------------------------


def spans(text: str) -> list[str]:
    return [m.group() for m in NUMBER_RE.finditer(text)]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("3.17万亿元人民币", ["3.17万亿"]),
        ("118968.5千公顷", ["118968.5千"]),
        ("两千余家", ["两千"]),
        ("500余万元", ["500余万"]),
        ("十多万人", ["十多万"]),
        ("新臺幣2兆7,629.64億元", ["2兆7,629.64億"]),
        ("1,234,567元", ["1,234,567"]),
        ("１，２３４元", ["１，２３４"]),
        ("1, 234", ["1", "234"]),
        ("2019,2020", ["2019", "2020"]),
        ("5 万吨", ["5 万"]),
        ("三点五亿元", ["三点五亿"]),
        ("两千万点五五四四", ["两千万点五五四四"]),
        ("肆佰陸拾元", ["肆佰陸拾"]),
        ("二〇二三年", ["二〇二三"]),
        ("增长-1.2%", ["-1.2"]),
        ("负3.9%", ["负3.9"]),
        ("2020-2021年", ["2020", "2021"]),
        ("COVID-19", ["19"]),
        ("一、二、三", ["一", "二", "三"]),
        ("12、15", ["12", "15"]),
        ("百分之三十五", ["三十五"]),
        ("十点二十分", ["十", "二十"]),  # a clock time, not 10.2
        ("一点两小时", ["一", "两"]),
        ("百余家", ["百"]),
        ("突破万亿元", ["万亿"]),
        # Words, not numbers: a lone magnitude, financial digits outside a numeral.
        ("单位：亿元", []),
        ("上万人", []),
        ("大陆陆续", []),
        ("陆陆续续", []),
        ("入伍", []),
        ("收拾房间", []),
        ("负责人", []),
    ],
)
def test_number_re_finds(text: str, found: list[str]) -> None:
    assert spans(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "万" * 1_000_000,
        "1" * 20_000_000,
        "陆" * 1_000_000,
        "1," * 500_000,
        "一点" * 500_000,
        "十多" * 500_000,
    ],
)
def test_number_re_is_linear(text: str) -> None:
    start = time.perf_counter()
    count = sum(1 for _ in NUMBER_RE.finditer(text))
    parse_number(text)
    assert count >= 0
    assert time.perf_counter() - start < 10  # quadratic would take hours


def test_spans_in_the_samples_parse() -> None:
    # Odd runs (千千万万, 十四五) match but do not parse; in real text they are rare.
    samples = sorted((Path(__file__).resolve().parents[1] / "samples").glob("*.md"))
    if not samples:
        pytest.skip("no samples/*.md")
    found = [m.group() for path in samples for m in NUMBER_RE.finditer(path.read_text(encoding="utf-8"))]
    unread = [text for text in found if parse_number(text) is None]
    assert len(unread) <= len(found) / 100, unread


# --- round trips: every way of writing a number reads back ------------------------------------

CN_DIGITS = "零一二三四五六七八九"
CAPITAL = str.maketrans("一二三四五六七八九十百千万亿", "壹贰叁肆伍陆柒捌玖拾佰仟萬億")
TRADITIONAL = str.maketrans("万亿两零", "萬億兩〇")
FULL_WIDTH = str.maketrans("0123456789.,", "０１２３４５６７８９．，")
LIANG = regex.compile(r"(?<![十零])二(?=[千百万亿])")  # 二千 → 两千, but not 十二万


def cn_group(n: int) -> str:
    """1..9999 in standard reading, with 零 for inner gaps: 1005 → 一千零五."""
    out, gap = "", False
    for digit, unit in zip((n // 1000, n // 100 % 10, n // 10 % 10, n % 10), "千百十 ", strict=True):
        if digit == 0:
            gap = bool(out)
            continue
        out += ("零" if gap else "") + CN_DIGITS[digit] + unit.strip()
        gap = False
    return out


def cn_int(n: int) -> str:
    """Standard reading: 10005 → 一万零五, 1e12 → 一万亿, 15 → 十五."""
    if n == 0:
        return "零"
    groups = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    out, gap = "", False
    for i in reversed(range(len(groups))):
        if groups[i] == 0:
            gap = True
            continue
        if out and (gap or groups[i] < 1000):
            out += "零"
        out += cn_group(groups[i]) + ("", "万", "亿", "万亿")[i]
        gap = False
    return out[1:] if out.startswith("一十") else out


def cn_number(m: int, places: int) -> str:
    digits = f"{m:0{places + 1}d}"
    whole, frac = int(digits[: len(digits) - places]), digits[len(digits) - places :]
    return cn_int(whole) + ("点" + frac.translate(str.maketrans("0123456789", CN_DIGITS)) if places else "")


def arabic(m: int, places: int, commas: bool = False) -> str:
    return format(Decimal(m).scaleb(-places), ",f" if commas else "f")


def with_magnitude(m: int, places: int, char: str, power: int) -> str:
    text = format(Decimal(m).scaleb(-places - power), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text + char


amounts = st.tuples(st.integers(0, 10**12), st.integers(0, 4))
MAGNITUDES = [("万", 4), ("亿", 8), ("万亿", 12)]


@settings(max_examples=300, deadline=None)
@given(amounts, st.sampled_from(MAGNITUDES), st.booleans())
def test_arabic_forms_read_back(amount: tuple[int, int], magnitude: tuple[str, int], full: bool) -> None:
    m, places = amount
    want = m / 10**places
    forms = [arabic(m, places), arabic(m, places, commas=True), with_magnitude(m, places, *magnitude)]
    for text in forms:
        text = text.translate(FULL_WIDTH) if full else text
        assert close(parse_number(text), want), text
        assert spans(f"达{text}元") == [text]


@settings(max_examples=300, deadline=None)
@given(amounts)
def test_chinese_forms_read_back(amount: tuple[int, int]) -> None:
    m, places = amount
    want = m / 10**places
    standard = cn_number(m, places)
    for text in (standard, LIANG.sub("两", standard), standard.translate(TRADITIONAL)):
        assert parse_number(text) == pytest.approx(want, rel=1e-9, abs=0), text
        assert spans(f"达{text}元") == [text]


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10**12))
def test_financial_forms_read_back(n: int) -> None:
    text = cn_int(n).translate(CAPITAL)
    assert parse_number(text) == n, text
    if len(text) > 1:  # a lone 陆 or 拾 is not found in running text: it is too often a word
        assert spans(f"达{text}元") == [text]


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10**6), st.integers(2, 999))
def test_fractions_read_back(num: int, den: int) -> None:
    assert close(parse_number(f"{cn_int(den)}分之{cn_int(num)}"), num / den)
    assert close(parse_number(f"{num}/{den}"), num / den)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10**6), st.integers(0, 3))
def test_percent_forms_read_back(m: int, places: int) -> None:
    want = m / 10**places
    for text in (arabic(m, places) + "%", "百分之" + cn_number(m, places), arabic(m, places) + "个百分点"):
        assert parse_percent(text) == pytest.approx(want, rel=1e-9, abs=0), text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("748 萬 7,000", 7_487_000),
        ("1 萬 3,000", 13_000),
        ("2 億 3500", 200_003_500),
        ("6万 6000", 66_000),
        ("1,145 萬 9 千", 11_459_000),  # lower digits with their own lower magnitude
        ("1 萬 6 千", 16_000),
        ("2 億 3,500 萬", 235_000_000),
        ("3亿 20万", 300_200_000),
    ],
)
def test_lower_digits_after_a_spaced_magnitude_belong_to_the_number(text: str, value: int) -> None:
    [m] = NUMBER_RE.finditer(text)
    assert m.group() == text and parse_number(m.group()) == value


@pytest.mark.parametrize("text", ["1.2万 3.4万", "3万 12345", "5萬 7.5"])
def test_a_second_number_after_a_magnitude_and_a_space_stays_apart(text: str) -> None:
    assert len(list(NUMBER_RE.finditer(text))) == 2


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1 733.8万头", 17_338_000),
        ("1 066个", 1066),
        ("12\u2009345\u2009678元", 12_345_678),  # thin spaces, as typeset pages set them
        ("３ 250.5亿元", 325_050_000_000),
    ],
)
def test_thousands_set_off_by_a_space_belong_to_the_number(text: str, value: int) -> None:
    [m] = NUMBER_RE.finditer(text)
    assert parse_number(m.group()) == value


@pytest.mark.parametrize("text", ["15 300 200", "2019 2020 2021年", "1234 567元"])
def test_numbers_side_by_side_stay_apart(text: str) -> None:
    # a flattened table's cells (no word after), years side by side, a fourth leading digit
    assert len(list(NUMBER_RE.finditer(text))) >= 2


@pytest.mark.parametrize("text", ["年增十六．四二％，", "指數一一九．三一，", "營收二．五億元"])
def test_a_full_width_point_between_numerals_stays_inside_the_number(text: str) -> None:
    (m,) = NUMBER_RE.finditer(text)
    assert "．" in m.group()


def test_a_full_width_stop_after_numerals_ends_the_number() -> None:
    assert [m.group() for m in NUMBER_RE.finditer("增長十六．年增三")] == ["十六", "三"]


@pytest.mark.parametrize("text", ["全省唯一一个", "統一一次", "同一一批", "單一一項"])
def test_a_numeral_that_ends_a_word_opens_no_number(text: str) -> None:
    assert all(m.group() != "一一" for m in NUMBER_RE.finditer(text))
