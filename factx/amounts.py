"""Sentence → amounts: value_text spans with value, unit, qualifier, and growth figures.

Spans first, meaning second: NUMBER_RE finds numerals, the unit lexicon and the growth
words classify them, the nonclaim rules drop what is not a claim (and say which rule
did), and a second pass pairs each growth rate with the amount it belongs to.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from decimal import Decimal

import regex

from .numbers import NUMBER_RE, parse_number
from .rules import RuleSet

_MAGNITUDE = regex.compile(r"[ ]?[十百千万亿兆]+")
_MAGNITUDE_CHARS = "十百千万亿兆"
_CJK_DIGITS = set("零〇○一二两三四五六七八九十百千万亿兆壹贰叁肆伍陆柒捌玖拾佰仟參")
_LIST_SEP = regex.compile(r"^\s*(、|和|及|与|以及|，|,)\s*$")
_LETTER_AFTER = regex.compile(r"^[A-Za-z]")
_LETTER_BEFORE = regex.compile(r"[A-Za-z_/.#@:=&?]$")
_INDEX_BEFORE = regex.compile(r"指数(?:[^，。；]{0,12}(为|是|达|录得|报)| ?)$")  # 工業生產指數131.16 too
_TO_BEFORE = regex.compile(r"(至|到|为)$")
_BASE_RATE = regex.compile(r"(较|比|相比|相较于?|与|高于|低于|快于|慢于)[^，。；、]{1,10}的$")
_PRIOR_FIGURE = regex.compile(r"[，,；;]\s*(?:去年|上年|上年度|去年度)同期(?:为|是|则为)?$")
_LIST_LINKS = ("分别为", "依次为")
_LEVEL_ITEM = regex.compile(r"(?<![-+\d.])\d+(?:\.\d+)?%")  # 贡献率分别为89.3%、-7.9%: an unsigned level leads
_RATE_LIST = regex.compile(r"(增速|增幅|增长率|涨幅|降幅|依次为|分别为)[^，。；]{0,6}$")
_BRACKET_GAP = regex.compile(r"^\s*[（(]\s*$")
_LONE_MAGNITUDE = regex.compile(r"(?<=[近超逾约过])[百千万亿](?![\d十百千万亿兆萬億零一二两三四五六七八九])")
# 1.3倍和1.2倍, 增长72.3%和1.1倍: a later item of a list of rates
_TIMES_LIST = regex.compile(r"[0-9.][倍%％]\s*(?:、|和|及|与)\s*$")
_RATE_NOUN_AFTER = regex.compile(
    r"的?(?P<name>[\p{Han}A-Za-z]{0,6}?)(?:按年|同比|按月|环比)?(?:快速|较快|高速|稳步|大幅|强劲)?"
    r"(?P<noun>增速|增幅|涨幅|升幅|降幅|跌幅|减幅|增长率|增长|领涨|领跌)"  # 12.59%的快速增长, 以9.7%领涨 too
)
CONTEXT = 24  # characters of context the nonclaim patterns see on each side


@dataclass(slots=True)
class Amount:
    """One number found in a sentence, in document offsets."""

    start: int  # value_text start (after a qualifier word)
    end: int
    num_start: int
    num_end: int
    value: float | None
    unit: str | None
    cls: str  # money | count | measure | percent | index | growth | pp | change
    qualifier: str = "exact"
    growth: float | None = None
    growth_unit: str | None = None
    sign: int = 1
    verb_start: int = -1  # growth figures: where the change verb starts
    target: Amount | None = None  # a growth figure attached to this amount
    list_pos: int = 0  # position in a 、-list of like figures
    base_rate: bool = False  # a rate or figure quoted as a comparison base (较二季度的2.1%, 较去年同期的267.9亿元)
    converts: Amount | None = None  # 69541万吨（13908.2亿斤）: the amount this one restates
    dropped: str | None = None  # the nonclaim rule that dropped it
    refs: dict[str, str] = field(default_factory=dict)

    @property
    def is_growth(self) -> bool:
        return self.cls in ("growth", "pp")


def scale(value: float, factor: float) -> float:
    """value × factor in decimal, so 43760.7 × 1e8 is 4376070000000, not …69999.9995."""
    if factor == 1:
        return value
    return float(Decimal(repr(value)) * Decimal(repr(factor)))


def _longest(text: str, pos: int, table: dict, max_len: int) -> str | None:
    for n in range(min(max_len, len(text) - pos), 0, -1):
        w = text[pos : pos + n]
        if w in table:
            return w
    return None


def _ending(text: str, end: int, words: dict | tuple, max_len: int = 8) -> str | None:
    """The longest word of `words` that ends at `end`."""
    for n in range(min(max_len, end), 0, -1):
        w = text[end - n : end]
        if w in words:
            return w
    return None


def find_amounts(text: str, s_start: int, s_end: int, rules: RuleSet, skip: list[tuple[int, int]]) -> list[Amount]:
    """Every number of text[s_start:s_end] as an Amount (dropped ones carry the rule's name)."""
    out: list[Amount] = []
    spans = [(m.start(), m.end()) for m in NUMBER_RE.finditer(text, s_start, s_end)]
    # 近百项, 超千家: a lone magnitude after an approximating word is a number too
    spans += [(m.start(), m.end()) for m in _LONE_MAGNITUDE.finditer(text, s_start, s_end)]
    for ns, ne in sorted(spans):
        if out and ns < out[-1].end:
            continue  # inside the amount before it (50元6角三分)
        a = _read(text, ns, ne, s_start, s_end, rules, skip)
        if a is not None:
            if out and a.start <= out[-1].start:
                out.pop()  # 14%至18%: the range's lower bound, read before as an amount of its own
            out.append(a)
    _point_shorthand(text, out, s_start, s_end, rules)
    _lists(text, out)
    return out


def _read(
    text: str, ns: int, ne: int, s_start: int, s_end: int, rules: RuleSet, skip, share: bool = True
) -> Amount | None:
    if any(a <= ns < b for a, b in skip):
        return None
    token = text[ns:ne]
    chinese = all(c in _CJK_DIGITS for c in token)
    if not chinese:
        mag = _MAGNITUDE.match(text, ne, s_end)
        if mag and token[-1] not in "十百千万亿兆":
            ne = mag.end()
    # 千瓦, 兆瓦, 百慕大元: a magnitude character that starts a unit belongs to the unit
    if ne - ns > 1 and text[ne - 1] in _MAGNITUDE_CHARS:
        unit_try = _longest(text, ne - 1, rules.units, rules.unit_max_len)
        if unit_try and len(unit_try) > 1:
            ne -= 1
    # 两万两, 三十两: a Chinese numeral's last 两 is the unit liang, not a digit
    if ne - ns > 1 and text[ne - 1] == "两" and text[ne - 2] not in "零〇" and parse_number(text[ns : ne - 1]):
        ne -= 1
    number_text = text[ns:ne]
    value = parse_number(number_text.replace(" ", ""))
    if value is None:
        return None
    pos = ne
    # 5000多名: the marker sits inside value_text; 12亿多米尼加比索: unless a unit starts with it
    if pos < s_end and text[pos] in "多余" and not _longest(text, pos, rules.units, rules.unit_max_len):
        pos += 1
    a = Amount(ns, pos, ns, ne, value, None, "bare")
    # what follows: %, 个百分点, 倍, a unit
    at = pos + 1 if text.startswith(" ", pos) and text.startswith(rules.pp_words, pos + 1) else pos  # 0.10 個百分點
    pp = (
        next((w for w in rules.pp_words if text.startswith(w, at)), None)
        if text.startswith(rules.pp_words, at)
        else None
    )
    bp = None if pp else next((w for w in rules.bp_words if text.startswith(w, at)), None)
    if pp:
        a.cls, a.unit, a.end = "pp", "pp", at + len(pp)
    elif bp:  # 下降32个基点: -0.32 pp
        a.cls, a.unit, a.end, a.value = "pp", "pp", at + len(bp), value / 100
    elif text.startswith("倍", pos):
        a.cls, a.end = "times", pos + 1
    elif text.endswith(_PER_HUNDRED, s_start, ns) and "%" in rules.units:
        # 增长百分之二十一点五: a percentage written in words, the mark before the number
        u = rules.units["%"]
        a.start = a.num_start = ns - len(_PER_HUNDRED)
        a.unit, a.cls, a.refs["unit"] = u.unit, u.cls, u.ref
    else:
        form = _longest(text, pos, rules.units, rules.unit_max_len)
        if form is None and text.startswith(" ", pos) and _longest(text, pos + 1, rules.units, rules.unit_max_len):
            pos += 1  # 202107 美元: a space before the unit, as pasted text has
            form = _longest(text, pos, rules.units, rules.unit_max_len)
        if form:
            u = rules.units[form]
            a.unit, a.cls, a.end = u.unit, u.cls, pos + len(form)
            a.value = scale(value, u.factor)
            a.refs["unit"] = u.ref
            if number_text != token:
                a.refs["magnitude"] = f"numbers: {number_text[len(token) :].strip()}"
            _compound(text, a, s_end, rules, u.factor)
            _alternative_unit(text, a, s_end, rules)
            # 公斤/亩: a rate per unit keeps both
            if text.startswith("/", a.end):
                per = _longest(text, a.end + 1, rules.units, rules.unit_max_len)
                if per:
                    a.unit += "/" + rules.units[per].unit
                    a.end += 1 + len(per)
    if a.unit is not None:
        _range(text, a, s_start, value, rules)
    if pos > ne and text[ne] in "多余":
        a.qualifier = "over"
        a.refs["qualifier"] = f"qualifiers.toml: {text[ne]}"
    if a.cls == "bare":
        pre = _ending(text, ns, rules.unit_prefixes, 4)
        if pre:  # $20, ￥300: the currency written before the number
            u = rules.unit_prefixes[pre]
            a.unit, a.cls, a.start, a.value = u.unit, u.cls, ns - len(pre), scale(value, u.factor)
            a.refs["unit"] = u.ref
    if a.cls == "bare" and not chinese and _INDEX_BEFORE.search(text, max(s_start, ns - CONTEXT), ns):
        a.cls, a.unit = "index", "点"
    if a.cls == "bare" and not chinese and share:
        _shared_unit(text, a, s_start, s_end, rules, skip)
    if a.cls == "bare" and _MAGNITUDE_END.search(number_text):
        _money_named(text, a, s_start, rules)
    if a.cls == "bare" or (
        a.cls == "times"
        and not _verb_before(text, ns, s_start, rules)
        and not _TIMES_LIST.search(text, max(s_start, ns - 8), ns)
    ):
        return None  # a multiple without a change word is a ratio (是…的2.2倍); in a list of them, a rate
    if _LETTER_BEFORE.search(text, max(s_start, ns - 1), ns) or (
        a.unit is None and _LETTER_AFTER.match(text, a.end, s_end)
    ):
        return None
    if (
        chinese
        and value <= 10
        and number_text == token
        and (a.cls == "count" or (a.cls == "money" and text[pos : pos + 1] in ("角", "分", "毛")))
    ):
        a.dropped = "nonclaims: small-enumeration"  # 两条主线, 五个方面; 三角 of 长三角
    _qualify(text, a, s_start, s_end, rules)
    _classify(text, a, s_start, rules)
    if a.dropped is None:
        a.dropped = _nonclaim(text, a, s_start, s_end, rules)
    _currency_before(text, a, s_start, rules)
    return a


_LIST_TAIL = regex.compile(  # at most 16 items: linear time on any list
    r"(?:[ ]?(?:、|和|及|与|以及)[ ]?[-+]?[0-9]+(?:\.[0-9]+)?[十百千万亿]*){1,16}"
)
_PLAIN_NUMBER = regex.compile(r"[-+]?[0-9]+(?:\.[0-9]+)?")


# digits, then a magnitude at the end: 448億, 1.43万亿 (not 千亿 alone, a word)
_MAGNITUDE_END = regex.compile(r"[0-9０-９零〇○一二两兩三四五六七八九][.．0-9０-９]*[十百千]?[万亿兆萬億]+$")


def _money_named(text: str, a: Amount, s_start: int, rules: RuleSet) -> None:
    """赌税448亿, 销售金额达1.43万亿: an amount of 亿 or 万 with no unit after a money word in its
    clause is money, in 元 (a （X，下同） declaring another currency still applies)."""
    if "元" not in rules.units or not rules.money_names.search(text, max(s_start, a.num_start - CONTEXT), a.num_start):
        return
    u = rules.units["元"]
    a.unit, a.cls, a.refs["unit"] = u.unit, u.cls, f"units.toml: money_names ({u.unit})"


def _shared_unit(text: str, a: Amount, s_start: int, s_end: int, rules: RuleSet, skip) -> None:
    """分别为1.2、4.8和18.2万亿元: a bare number in a list takes the magnitude and unit of the
    list's last item, as a reader does; 211.29亿、290.22亿元 keeps its own magnitude."""
    tail = _LIST_TAIL.match(text, a.end, s_end)
    if tail is None or a.value is None:
        return
    last = list(_PLAIN_NUMBER.finditer(text, tail.start(), tail.end()))[-1]
    b = _read(text, last.start(), last.end(), s_start, s_end, rules, skip, share=False)
    if b is None or b.value is None or b.cls not in ("money", "count", "measure") or b.dropped:
        return
    own_magnitude = not text[a.num_start : a.num_end].replace(".", "").lstrip("+-").isdigit()
    n = parse_number(text[b.num_start : b.num_end] if own_magnitude else last.group())
    if not n:
        return
    factor = float(Decimal(repr(b.value)) / Decimal(repr(n)))  # the magnitude too: 万亿元 → 1e12 元
    a.value, a.unit, a.cls = scale(a.value, factor), b.unit, b.cls
    a.refs["unit"] = b.refs.get("unit", "")
    a.refs["magnitude"] = f"shared with {text[b.start : b.end]}"


_SUBUNIT = regex.compile(r"又?([0-9]+|[零一二两三四五六七八九])(角|毛|分钱|分|美分|仙|港仙)")


def _compound(text: str, a: Amount, s_end: int, rules: RuleSet, factor: float) -> None:
    """50元6角三分, 两美元又三美分: sub-units of the same money add up; 一吨半: a half more; 七成四:
    the tenth after 成 is a unit more of its percent."""
    if a.cls == "money":
        for _ in range(2):
            m = _SUBUNIT.match(text, a.end, s_end)
            sub = rules.units.get("分钱" if m and m.group(2) == "分" else m.group(2)) if m else None
            n = parse_number(m.group(1)) if m else None
            if m is None or sub is None or sub.unit != a.unit or n is None or a.value is None:
                break
            a.value = round(a.value + n * sub.factor, 10)
            a.end = m.end()
    elif a.cls == "measure" and text.startswith("半", a.end) and a.value is not None and a.value == int(a.value):
        a.value += 0.5 * factor
        a.end += 1
    elif a.cls == "percent" and factor == 10 and a.value is not None and (tenth := _TENTH.match(text, a.end, s_end)):
        digit = tenth.group(1)
        a.value += 5 if digit == "半" else _TENTHS.index(digit) % 10  # 七成四: 74 %, 三成半: 35 %
        a.end = tenth.end(1)


_TENTHS = "〇一二三四五六七八九0123456789"
_TENTH = regex.compile(r"([〇一二三四五六七八九0-9半])(?![〇一二三四五六七八九十百千万亿0-9.%％成])")  # 七成四, 三成半
_RANGE_LOW = regex.compile(r"(?<![\d.,])(\d+(?:\.\d+)?)\s*[%％]?\s*$")  # 3-5个, 14%至18%
RANGE_REACH = 24  # characters before a range's upper bound searched for its lower bound
_BAND_AFTER = regex.compile(r"\s*(?:之间|区间|范围)")
_RANGE_HIGH = regex.compile(r"(\d+(?:\.\d+)?)")


def _range(text: str, a: Amount, s_start: int, number: float, rules: RuleSet) -> None:
    """3-5个, 10至15家, 1.5～2亿元: a range is one claim, its lower bound scaled as the upper one is,
    with the qualifier of the joiner (qualifiers.toml, where = "between")."""
    joiner = _ending(text, a.num_start, rules.qual_range, 1)
    if joiner is None or a.value is None or not number:
        return
    low = _RANGE_LOW.search(text, max(s_start, a.num_start - RANGE_REACH), a.num_start - len(joiner))
    if low is None or text[low.start() - 1 : low.start()] in "-－—年月日":
        return  # 2024-10-21, 2020-2025年: dates, not ranges
    if low.group().rstrip().endswith(("%", "％")) and (a.unit != "%" or not _BAND_AFTER.match(text, a.end)):
        return  # 增长5%至176亿吨, 由5%升至6%: a rate and a level, not a band; 处于14%至18%之间 is one
    upper = _RANGE_HIGH.match(text, a.num_start)  # the upper bound's digits, its magnitude apart
    plain = float(upper.group(1)) if upper is not None else number
    a.value = scale(float(low.group(1)), a.value / plain if plain else 1)
    a.start = a.num_start = low.start()
    a.qualifier = rules.qual_range[joiner]
    a.refs["qualifier"] = f"qualifiers.toml: {joiner}"


_RATE_NOUN = regex.compile(r"(增幅|增速|增长率|涨幅|降幅|跌幅|减幅)[^%％\d。；;]*?(分别为|依次为|分别是|分别达)$")
RATE_NOUN_REACH = 24  # characters between a rate noun and the 分别为 that lists its figures


def _rate_noun_before(text: str, ns: int, s_start: int) -> tuple[str, int] | None:
    """The rate noun a 分别为 list takes its figures for, when no other figure stands between:
    增幅逐月回落，9月至11月分别为17.3%, 增速则分别为12%. Period words between are allowed."""
    lo = max(s_start, ns - RATE_NOUN_REACH)
    between = regex.sub(r"\d{1,2}月(?:份)?(?:至|到|-|—)?|\d{4}年|[一二三四]季度", "", text[lo:ns])
    m = _RATE_NOUN.search(between)
    return (m.group(1), len(m.group(2))) if m is not None else None


def _currency_before(text: str, a: Amount, s_start: int, rules: RuleSet) -> None:
    """新臺幣2兆…億元, 美元500亿: a currency written before the number names the money. Its
    extent is kept in refs, so the qualifier before it (为人民币120亿元) and the name stop there."""
    if a.cls != "money":
        return
    form = _currency_form(text, a.num_start, s_start, rules)
    if form:
        a.refs["currency_before"] = form
        u = rules.units[form]
        if a.unit == "元" and u.unit != "元":
            a.unit = u.unit
            a.refs["unit"] = u.ref


def _currency_form(text: str, end: int, s_start: int, rules: RuleSet) -> str | None:
    """The name of a currency (人民币, 港币, 新台币) ending at `end`, if one does."""
    form = _ending(text, end, rules.units, rules.unit_max_len)
    if form and end - len(form) >= s_start:
        u = rules.units[form]
        if u.cls == "money" and u.factor == 1 and len(form) >= 2:
            return form
    return None


def _qualify(text: str, a: Amount, s_start: int, s_end: int, rules: RuleSet) -> None:
    at = a.num_start
    if a.cls == "money" and (form := _currency_form(text, at, s_start, rules)):
        at -= len(form)  # 达人民币120亿元, 为新臺幣3兆元: the qualifier stands before the currency
    before = _ending(text, at, rules.qual_before, 4)
    if before and at - len(before) >= s_start and "qualifier" not in a.refs:  # a range keeps its own
        a.qualifier = rules.qual_before[before]
        a.refs["qualifier"] = f"qualifiers.toml: {before}"
    after = _longest(text, a.end, rules.qual_after, 3)
    if after and a.qualifier == "exact":
        a.qualifier = rules.qual_after[after]
        a.refs["qualifier"] = f"qualifiers.toml: {after}"


_SPACES = " \u3000\t\xa0"
_PER_HUNDRED = "百分之"


_LATIN_NOTE = regex.compile(r"[（(][A-Za-z]{2,6}[）)]$")


def _verb_before(text: str, ns: int, s_start: int, rules: RuleSet) -> tuple[str, int] | None:
    """The change word right before a number, through qualifiers and linking words (增长了,
    增速则分别为, 增幅均在…以上), and its start."""
    pos = ns
    for _ in range(4):
        while pos > s_start and text[pos - 1] in _SPACES:
            pos -= 1  # 增长 5%: text spaced between Chinese and digits
        if text[max(s_start, pos - 1) : pos] == "至" and not _ending(text, pos, rules.links, 4):
            return None  # 增长5%至176亿吨: the amount after 至 is a level (修订至 is a link)
        q = _ending(text, pos, rules.qual_before, 4)
        if q and q not in ("为", "达"):
            pos -= len(q)
            continue
        link = _ending(text, pos, rules.links, 4)
        if link and pos - len(link) >= s_start:
            pos -= len(link)
            continue
        note = _LATIN_NOTE.search(text, max(s_start, pos - 8), pos)
        if note is not None:  # 成長率(yoy)修正為: a note in Latin letters between the rate word and its link
            pos = note.start()
            continue
        break
    v = _ending(text, pos, rules.verbs, 5)
    if v and text.endswith(rules.compounds, max(s_start, pos - 4), pos):
        return None  # 航班起降3万架次: the change word ends a word that names no change
    if v and pos - len(v) >= s_start and not (v.startswith("增长率") and text.endswith("自然", 0, pos - len(v))):
        # 年增30.5%, 月减2%: a basis word that ends in the verb is part of the change word, so
        # its 年 or 月 is not left at the end of the name
        b = _ending(text, pos, rules.basis, 4)
        if b and b.endswith(v) and pos - len(b) >= s_start:
            return v, pos - len(b)
        return v, pos - len(v)
    return None


def _classify(text: str, a: Amount, s_start: int, rules: RuleSet) -> None:
    """Percent → growth or level; pp → change of a level; unit amount → level or change amount."""
    if a.cls in ("percent", "pp", "times"):
        vb = _verb_before(text, a.num_start, s_start, rules)
        if vb:
            verb, vstart = vb
            sign = rules.verbs[verb]
            a.growth = a.value * sign if a.value is not None else None
            if a.cls == "times":
                a.growth = (a.value or 0) * 100 * sign
            a.growth_unit = "pp" if a.cls == "pp" else "%"
            a.cls = "pp" if a.cls == "pp" else "growth"
            a.verb_start, a.sign = vstart, sign
            a.refs["growth"] = f"growth.toml: {verb}"
            a.value, a.unit = None, None
        elif a.cls == "percent" and (after := _RATE_NOUN_AFTER.match(text, a.end)) is not None:
            # 19.16%的业绩增速, 录得18.9%按年跌幅: the rate word comes after the figure
            sign = -1 if after.group("noun") in ("降幅", "跌幅", "减幅", "领跌") else 1
            a.growth, a.growth_unit, a.cls, a.value, a.unit = (a.value or 0) * sign, "%", "growth", None, None
            a.verb_start, a.sign = a.num_start, sign
            a.refs["growth"] = f"growth.toml: {after.group('noun')}"
            a.refs["rate_after"] = "1"
            if after.group("name"):
                a.refs["named_after"] = after.group("name")
        elif (
            a.cls == "percent" and text[a.num_start] in "+＋-－" and text[a.num_start - 1 : a.num_start] in ("（", "(")
        ):
            # 烟酒(+11.08%)、交通(-2.1%): a signed rate in brackets after a name is its change
            a.growth, a.growth_unit, a.cls, a.value, a.unit = a.value, "%", "growth", None, None
            a.verb_start = a.num_start
            a.refs["growth"] = "growth.toml: signed rate in brackets"
        elif a.cls == "percent" and (noun := _rate_noun_before(text, a.num_start, s_start)) is not None:
            # 增幅逐月回落，9月至11月分别为17.3%、16.9%: the rate the clause before names; the
            # change word is the 分别为, so the list pairs item for item
            noun, listed = noun
            sign = -1 if noun in ("降幅", "跌幅", "减幅") else 1
            a.growth, a.growth_unit, a.cls, a.value, a.unit = (a.value or 0) * sign, "%", "growth", None, None
            a.verb_start, a.sign = a.num_start - listed, sign
            a.refs["growth"] = f"growth.toml: {noun}"
        elif a.cls in ("pp", "times"):
            a.dropped = _nonclaim(text, a, s_start, len(text), rules) or f"nonclaims: {a.cls}-without-verb"
        elif _BASE_RATE.search(text, max(s_start, a.num_start - CONTEXT), a.num_start) and a.unit == "%":
            # 较二季度的2.1%: a rate quoted as a comparison base is a rate of its own period
            a.growth, a.growth_unit, a.cls, a.value, a.unit = a.value, "%", "growth", None, None
            a.verb_start, a.base_rate = a.num_start, True
        elif (
            a.value is not None
            and text[a.num_start] in "+-"
            and a.unit == "%"
            and (listed := _RATE_LIST.search(text, max(s_start, a.num_start - CONTEXT), a.num_start))
            and not (listed.group(1) in _LIST_LINKS and _LEVEL_ITEM.search(text, listed.end(1), a.num_start))
        ):
            # a signed rate with no verb (增速依次为-6.5%) is a growth figure
            a.growth, a.growth_unit, a.cls, a.value, a.unit = a.value, "%", "growth", None, None
            a.verb_start = a.num_start
        return
    vb = _verb_before(text, a.num_start, s_start, rules)
    if vb and not _TO_BEFORE.search(text, max(s_start, a.num_start - 1), a.num_start):
        a.cls = "change"
        a.verb_start, a.sign = vb[1], rules.verbs[vb[0]]
        a.refs["change"] = f"growth.toml: {vb[0]}"
    elif _BASE_RATE.search(text, max(s_start, a.num_start - CONTEXT), a.num_start) or _PRIOR_FIGURE.search(
        text, max(s_start, a.num_start - CONTEXT), a.num_start
    ):
        # 较去年同期的267.9亿元, 利润总额2.83亿元，去年同期3.32亿元: a figure quoted for comparison,
        # not the one that grew
        a.base_rate = True


def _screen(rules: RuleSet) -> tuple[regex.Pattern[str] | None, regex.Pattern[str] | None]:
    """Every nonclaim rule's before-pattern as one alternation, and every after-pattern: when
    neither matches around an amount (most amounts), no rule can, and 18 searches become two.
    None where the patterns cannot be joined (a back-reference would point elsewhere)."""
    screen = rules.cache.get("nonclaim_screen")
    if screen is None:

        def union(patterns: list[str]) -> regex.Pattern[str] | None:
            if not patterns or any(regex.search(r"\\\d|\(\?P=|\(\?[a-zA-Z]+\)", p) for p in patterns):
                return None
            try:
                return regex.compile("|".join(f"(?:{p})" for p in patterns))
            except regex.error:
                return None

        befores = [r.before.pattern for r in rules.nonclaims if r.before is not None]
        afters = [r.after.pattern for r in rules.nonclaims if r.after is not None]
        screen = rules.cache["nonclaim_screen"] = (union(befores), union(afters))
    return screen


def _nonclaim(text: str, a: Amount, s_start: int, s_end: int, rules: RuleSet) -> str | None:
    before = text[max(s_start, a.num_start - CONTEXT) : a.num_start]
    after = text[a.end : min(s_end, a.end + CONTEXT)]
    any_before, any_after = _screen(rules)
    if any_before is not None and any_after is not None:
        try:
            if not any_before.search(before, timeout=0.05) and not any_after.search(after, timeout=0.05):
                return None  # a rule needs its before or its after pattern to match
        except TimeoutError:
            pass  # undecided: ask each rule
    kind = {"pp": "pp", "percent": "percent", "growth": "percent"}.get(a.cls, "amount")
    for rule in rules.nonclaims:
        if rule.applies not in ("any", kind) and not (rule.applies == "quantity" and a.cls in ("money", "measure")):
            continue
        if rule.unit is not None and a.unit != rule.unit:
            continue
        try:
            if rule.before is not None and not rule.before.search(before, timeout=0.05):
                continue
            if rule.after is not None and not rule.after.search(after, timeout=0.05):
                continue
        except TimeoutError:
            continue
        if rule.before is None and rule.after is None:
            continue
        return f"nonclaims.toml: {rule.name}"
    return None


def _rates_named_after(text: str, amounts: list[Amount]) -> None:
    """15.37%、14.68%和12.59%的快速增长: the rate word after a list's last item makes every item a rate."""
    for prev, cur in reversed(list(itertools.pairwise(amounts))):
        if cur.refs.get("rate_after") and prev.cls == "percent" and _LIST_SEP.match(text[prev.end : cur.num_start]):
            prev.growth, prev.growth_unit, prev.cls, prev.value, prev.unit = prev.value, "%", "growth", None, None
            prev.verb_start, prev.sign = prev.num_start, cur.sign
            prev.refs.update({k: v for k, v in cur.refs.items() if k in ("growth", "rate_after")})


_OR_GAP = regex.compile(r"\s*或\s*")
_ALT_UNIT = regex.compile(r"[（(](?P<form>\p{Han}{1,3})[）)]")  # a Latin gloss (TEU) is a translation


def _alternative_unit(text: str, a: Amount, s_end: int, rules: RuleSet) -> None:
    """1896.93万头(只): another measure word of the same kind in brackets after the unit is part of
    it (万标箱(TEU) only says the unit again)."""
    m = _ALT_UNIT.match(text, a.end, s_end)
    if m is None:
        return
    u = rules.units.get(m.group("form"))
    if u is not None and u.cls == a.cls and a.cls in ("count", "measure") and u.factor == 1 and u.unit != a.unit:
        a.unit = f"{a.unit}{text[m.start()]}{u.unit}{text[m.end() - 1]}"
        a.end = m.end()


_IN_BRACKET_GAP = regex.compile(r"[ \u3000\xa0]+|\s*[，,;；]\s*")  # 304.9亿元 2.2%, 304.9亿元，2.2%


def _bracket_of(text: str, a: Amount) -> int:
    """Where the bracket holding `a` opens, or -1: （ or ( right before it (a qualifier may stand
    between), closed by ） or ) before any other bracket opens."""
    opened = max(text.rfind("（", max(0, a.start - 4), a.start), text.rfind("(", max(0, a.start - 4), a.start))
    return opened if opened >= 0 and not regex.search(r"[（()）]", text[opened + 1 : a.start]) else -1


def _bracket_rates(text: str, amounts: list[Amount]) -> None:
    """合肥(729.3亿元 同比增长0.1%，下同)、芜湖(304.9亿元 2.2%): a list whose first bracket gives an
    amount and its change names the bare rate after the amount in every later bracket of the
    same shape a change of the same kind (a share would be written with its word: 占比2.2%)."""
    template: Amount | None = None
    for prev, cur in itertools.pairwise(amounts):
        if prev.is_growth or prev.cls in ("percent", "times", "index") or _bracket_of(text, prev) < 0:
            continue
        gap = text[prev.end : cur.num_start]
        if template is None:
            if cur.is_growth and cur.verb_start >= prev.end and not regex.search(r"[（()）。]", gap):
                template = cur
        elif cur.cls == "percent" and _IN_BRACKET_GAP.fullmatch(gap) and text[cur.end : cur.end + 1] in "）)":
            cur.growth, cur.growth_unit, cur.cls = (cur.value or 0) * template.sign, "%", "growth"
            cur.value, cur.unit, cur.sign, cur.verb_start = None, None, template.sign, template.verb_start
            cur.refs["growth"] = template.refs.get("growth", "growth.toml") + " (the list's first bracket)"


def _point_shorthand(text: str, amounts: list[Amount], s_start: int, s_end: int, rules: RuleSet) -> None:
    """分别回升0.4个、0.2个和0.8个百分点: the 个 of each item is the 个百分点 of the last, so every
    item is a point change, read (verb, non-claim screen) as one."""
    for k in range(len(amounts) - 1, 0, -1):
        prev, cur = amounts[k - 1], amounts[k]
        gap = text[prev.end : cur.num_start]
        if cur.cls != "pp" or prev.unit != "个" or not text.endswith("个", 0, prev.end):
            continue
        if _LIST_SEP.match(gap) and "，" not in gap:
            prev.cls, prev.unit, prev.growth, prev.growth_unit = "pp", "pp", None, None
            prev.dropped, prev.refs["unit"] = None, "growth.toml: pp (the list's last item)"
            prev.refs.pop("change", None)
            _classify(text, prev, s_start, rules)
            if prev.dropped is None:
                prev.dropped = _nonclaim(text, prev, s_start, s_end, rules)


def _lists(text: str, amounts: list[Amount]) -> None:
    """Figures that continue a 、-list (3.38万亿元、3.23万亿元和…; 分别增长7.7%、2.9%) share its kind."""
    _rates_named_after(text, amounts)
    _bracket_rates(text, amounts)
    for prev, cur in itertools.pairwise(amounts):
        if prev.cls == "change" and cur.cls == "percent" and _OR_GAP.fullmatch(text[prev.end : cur.num_start]):
            # 较上月增加1.6万人或0.14%: the same change as a rate, by the change word before the amount
            cur.growth, cur.growth_unit, cur.cls = (cur.value or 0) * prev.sign, "%", "growth"
            cur.value, cur.unit, cur.verb_start, cur.sign = None, None, prev.verb_start, prev.sign
            cur.refs["growth"] = prev.refs.get("change", "growth.toml: 或")
            continue
        if _BRACKET_GAP.match(text[prev.end : cur.num_start]) and not prev.is_growth and not cur.is_growth:
            cur.converts = prev  # a conversion in brackets restates the amount before it
            if prev.cls == "change":
                cur.cls = "change"
            continue
        if not _LIST_SEP.match(text[prev.end : cur.num_start]) or "，" in text[prev.end : cur.num_start]:
            continue
        if prev.is_growth and cur.cls in ("percent", "times"):
            times = 100 if cur.cls == "times" else 1  # 增长1.3倍和1.2倍: 130% and 120%
            if cur.dropped is not None and cur.dropped.endswith("-without-verb"):
                cur.dropped = None  # the list's change word is its verb
            cur.growth, cur.growth_unit, cur.cls = (cur.value or 0) * times * prev.sign, "%", "growth"
            cur.value, cur.unit, cur.sign = None, None, prev.sign
            cur.refs.update({k: v for k, v in prev.refs.items() if k == "growth"})
        elif prev.cls == "pp" and cur.cls == "pp" and cur.growth is None and (prev.growth is not None or prev.dropped):
            # 提高0.4个百分点、0.2个百分点: the list's change word is each item's; a list that is no
            # claim (拉动…分别1.5个、1.4个百分点) is none in every item
            cur.dropped = prev.dropped
            if prev.growth is not None:
                cur.growth, cur.growth_unit, cur.sign = (cur.value or 0) * prev.sign, "pp", prev.sign
                cur.value, cur.unit = None, None
                cur.refs.update({k: v for k, v in prev.refs.items() if k == "growth"})
        if prev.cls == cur.cls or (prev.is_growth and cur.is_growth):
            cur.list_pos = prev.list_pos + 1
            if cur.is_growth:
                cur.verb_start = prev.verb_start
            if cur.dropped is None and prev.dropped is not None and prev.dropped.endswith("small-enumeration"):
                cur.dropped = prev.dropped
