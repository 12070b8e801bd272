"""Period words: find them in a sentence and resolve them to ISO 8601 (SPEC sections 1 and 2).

`find_periods()` returns every period mention in a string with what it states (an explicit
year, a relative year, a month range, days, an instant) and the flags the caller needs to
choose among them (stop, comparison, prior, in_name, anaphor). `resolve()` turns one mention
into ISO 8601 from what the caller carries: the document date, a year from context, whether
the figure is a stock. Which mention a claim takes is the caller's business, not this module's.

The text is searched through a one-for-one normalisation (the traditional characters the
patterns use, full-width digits, every dash to '-'), so offsets index the string as given.
Word lists an analyst may extend live in rules/periods.toml (`load_period_words`); numbers,
years, months and days are patterns here. Every pattern is compiled once per word set and
anchored, with no nested unbounded repetition: the scan is linear in the text.
"""

from __future__ import annotations

import calendar
import copy
import datetime as dt
import functools
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

from .errors import RuleError
from .script import t2s_table


def _rules_dir() -> Path:
    """rules/ beside the package in a checkout; factx/_rules in an installed wheel."""
    here = Path(__file__).resolve().parent
    repo = here.parent / "rules"
    return repo if repo.is_dir() else here / "_rules"


DEFAULT_PATH = _rules_dir() / "periods.toml"


@dataclass(frozen=True, slots=True)
class PeriodMention:
    """One run of period words in the string searched; `text == s[start:end]`.

    Month ranges that cross a year boundary have months[0] > months[1] (12 months ending
    January: (2, 1)); `year`/`rel_year` then name the year of the end, the start lies in the
    year before (or in `year_start` when the text states it).
    """

    start: int
    end: int
    text: str
    year: int | None = None  # explicit year (2023, 二〇二三, 2023年); of the end for a range
    rel_year: int | None = None  # 0 今年/本年/当年, -1 去年/上年, +1 明年
    months: tuple[int, int] | None = None  # 前三季度 (1, 9); 9月 (9, 9); 全年 (1, 12)
    days: tuple[int, int] | None = None  # 10月1日至4日 → (1, 4); without months, a bare day (3日)
    instant: bool = False  # a single day: the named day, else the span's last day
    stop: bool = False  # resolves to nothing but stops the search (目前, …以来, 近4年)
    comparison: bool = False  # a comparison base (比1—7月份, 较上年末, 与去年同期比较)
    prior: bool = False  # 上年同期: the carried span in the year before (or in `year`)
    plan_end: int | None = None  # “十四五” → 2025
    in_name: bool = False  # a year inside a name (江苏省2023年政府工作报告): no period
    average: bool = False  # 1—9月平均
    needs_year: bool = False  # months/days (or 全年, 年末) but no year and no relative year
    anaphor: bool = False  # 当月, 当天, 同期, 当季, 期末: the carried period
    previous: bool = False  # 上月, 上季度: the period before the carried one
    whole_year: bool = False  # 全年, 年内, …止年度 ending in December: resolves to the bare year
    year_start: int | None = None  # the first year of a span stated over years (2021-2035年)
    holiday: str | None = None  # canonical holiday name from periods.toml ("" for 假期, 假日期间)
    holiday_days: tuple[int, int] | None = None  # 国庆假期前四天 → (1, 4): days of the holiday
    report: bool = False  # the year of a periodic report (2022年度报告): what 报告期 refers to


@dataclass(frozen=True, slots=True, eq=False)
class PeriodWords:
    """The word lists of rules/periods.toml, normalised, with their compiled grammar."""

    spans: Mapping[str, tuple[int, int]]
    relative_years: Mapping[str, int]
    prior: Mapping[str, int]
    holidays: Mapping[str, tuple[str, ...]]
    whole_year: tuple[str, ...] = ()
    instant_suffixes: tuple[str, ...] = ()
    start_suffixes: tuple[str, ...] = ()
    first_n_heads: tuple[str, ...] = ()
    stop_words: tuple[str, ...] = ()
    stock_words: tuple[str, ...] = ()
    flow_words: tuple[str, ...] = ()
    since_suffixes: tuple[str, ...] = ()
    since_prefixes: tuple[str, ...] = ()
    until_prefixes: tuple[str, ...] = ()
    target_prefixes: tuple[str, ...] = ()
    span_heads: tuple[str, ...] = ()
    span_tails: tuple[str, ...] = ()
    count_tails: tuple[str, ...] = ()
    series_words: tuple[str, ...] = ()
    series_after: tuple[str, ...] = ()
    anaphors: tuple[str, ...] = ()
    anaphor_instants: tuple[str, ...] = ()
    previous: tuple[str, ...] = ()
    column_current: tuple[str, ...] = ()
    column_previous: tuple[str, ...] = ()
    column_end: tuple[str, ...] = ()
    column_start: tuple[str, ...] = ()
    comparison_before: tuple[str, ...] = ()
    comparison_after: tuple[str, ...] = ()
    name_suffixes: tuple[str, ...] = ()
    name_breakers: tuple[str, ...] = ()
    annual_reports: tuple[str, ...] = ()
    interim_reports: tuple[str, ...] = ()
    holiday_suffixes: tuple[str, ...] = ()
    generic_holidays: tuple[str, ...] = ()
    grammar: _Grammar = field(init=False, repr=False, compare=False)
    grammar_roc: _Grammar = field(init=False, repr=False, compare=False)  # the same, reading 106年 as 2017

    def __post_init__(self) -> None:
        object.__setattr__(self, "grammar", _Grammar(self))
        object.__setattr__(self, "grammar_roc", copy.copy(self.grammar))
        self.grammar_roc.roc = True


# ---------------------------------------------------------------- normalisation

# forms of digits, dashes and letters the grammar reads as one; traditional characters go
# through the simplified view (script.py) in the same translate
_PAIRS = "０0 １1 ２2 ３3 ４4 ５5 ６6 ７7 ８8 ９9 ○〇 Ｏ〇 —- –- －- −- ～- ~- ─- ／/ ＱQ"


@functools.cache
def _norm_table() -> dict[int, str]:
    return {**t2s_table(), **{ord(p[0]): p[1] for p in _PAIRS.split()}}


def normalize(s: str) -> str:
    """One character for one: offsets in the result index `s`."""
    return s.translate(_norm_table())


# ---------------------------------------------------------------- numbers

_CN_DIGIT = dict(zip("〇零一二两三四五六七八九", (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))


def _num(s: str) -> int | None:
    """1-3 ASCII digits or a Chinese numeral below 100; None for 几, 数, 十几, 半."""
    if s.isdigit():
        return int(s)
    if s in ("几", "数", "十几", "半", "多"):
        return None
    if "十" in s:
        left, _, right = s.partition("十")
        tens = _CN_DIGIT.get(left, 1) if left else 1
        ones = _CN_DIGIT.get(right, 0) if right else 0
        return tens * 10 + ones
    if len(s) == 1 and s in _CN_DIGIT:
        return _CN_DIGIT[s]
    return None


def _cn_year(s: str) -> int:
    return int("".join(str(_CN_DIGIT[c]) if c in _CN_DIGIT else c for c in s))


def _year2(a: int, b: str) -> int:
    """The end of a year range, written in full or as two digits (2017至19年)."""
    if len(b) == 4:
        return int(b)
    return a // 100 * 100 + int(b) + (100 if a % 100 > int(b) else 0)


# ---------------------------------------------------------------- patterns

_Y4 = r"(?:18|19|20)\d{2}"
_YCN = r"[一二][〇零一二三四五六七八九]{3}"
_MON = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_CN1 = "[一二三四五六七八九]"
_DAY = rf"(?:3[01]|[12]\d|0?[1-9]|三十一?|二十{_CN1}?|十{_CN1}?|{_CN1})"
_NUM = r"(?:\d{1,3}|[一二三四五六七八九]?十[一二三四五六七八九]?|十几|[一二两三四五六七八九]|几|数|半)"
_CONN = r"(?:-|至|到)"
_NOT_NUM_BEFORE = r"(?<![\d.])"
_NOT_CN_BEFORE = r"(?<![〇零一二两三四五六七八九十百千万亿])"
_GUARD_REL = "提之以此目空史绝相适正应每线网"  # 提前年底, 以上年均, 相当年轻: not relative years
_BOUNDARY = set("，。；：、！？,.;:!?()（）“”‘’「」《》【】[]|\t\n\r 　")
_CJK = r"[\u4e00-\u9fff]"


_PATTERN_FIRSTS = frozenset("0123456789〇零一二两三四五六七八九十几数半Q“\"「‘'以年")  # where patterns begin


def _alt(words: object) -> str:
    ws = sorted({w for w in words if w}, key=lambda w: (-len(w), w))  # type: ignore[attr-defined]
    return "|".join(re.escape(w) for w in ws) or r"(?!x)x"


class _Grammar:
    """Compiled patterns for one PeriodWords."""

    def __init__(self, w: PeriodWords) -> None:
        c = re.compile
        self.w = w
        self.roc = False  # bare years are Republic of China years (a document that dates so)
        self.stop = c(_alt(w.stop_words))
        tails = _alt(w.span_tails)
        self.span = c(
            rf"(?P<head>{_alt(w.span_heads)})?{_NOT_NUM_BEFORE}(?P<n>{_NUM})(?P<more>多)?(?P<ge>个)?"
            rf"(?P<unit>年|月|季度|天|周|日|星期)(?:多)?(?P<tail>{tails})?"
        )
        self.count_tail = c(_alt(w.count_tails))
        self.since_word = c(r"以来")
        self.prior = c(_alt(w.prior))
        self.previous = c(_alt(w.previous))
        self.anaphor = c(_alt(w.anaphors))
        self.anaphor_instant = c(_alt(w.anaphor_instants))
        forms = {f: k for k, fs in w.holidays.items() for f in fs}
        self.holiday_forms = forms
        self.holiday = c(_alt(forms))
        self.holiday_suffix = c(rf"(?:{_alt(w.holiday_suffixes)})(?:期间)?")
        self.generic_holiday = c(_alt(w.generic_holidays))
        self.holiday_part = c(rf"(?:(?P<dir>前|后|头|最后)(?P<n>{_NUM})天|第(?P<k>{_NUM})天|(?P<first>首日|第一天))")
        self.plan = c(
            rf"(?P<q1>[“\"「‘'])?{_NOT_CN_BEFORE}十(?P<n>[一二三四五六七八九])五"
            rf"(?![\d〇零一二两三四五六七八九十百千万亿元个%点])(?P<q2>[”\"」’'])?"
        )
        self.iso_date = c(  # 2023-10-31, 2024/09/02; not inside a URL path
            rf"(?<![\w/.=-])(?P<y>{_Y4})(?P<s>[-/.])(?P<m>\d{{1,2}})(?P=s)(?P<d>\d{{1,2}})(?![\d/])"
        )
        self.year_range = c(rf"{_NOT_NUM_BEFORE}(?P<a>{_Y4})年?{_CONN}(?P<b>{_Y4}|\d{{2}})(?!\d)年(?:度)?")
        self.year = c(
            rf"(?:{_NOT_NUM_BEFORE}(?P<y4>{_Y4})(?!\d) ?|{_NOT_CN_BEFORE}(?P<ycn>{_YCN})"
            rf"|[今去明前] ?[（(] ?(?P<yb>{_Y4}) ?[）)] ?"  # 去 (2016) 年: Taiwan writes the year in
            # 102年3月, 112年第1季: a Republic of China year (1911 + n) where months or a quarter follow
            rf"|{_NOT_NUM_BEFORE}(?P<roc>1[0-4][0-9]) ?(?=年 ?(?:[0-9]{{1,2}} ?月|第|首季|前|上半年|下半年|全年|度))"
            rf")年(?:度(?!报))?"
        )
        # in a text that dates by the Republic of China (民國, 112年3月): its years standing alone too
        # (106年我國風力發電量, 與105年比較), never 100年 in a text that does not
        self.year_roc = c(rf"{_NOT_NUM_BEFORE}(?P<roc>1[0-4][0-9]) ?年(?!来|前|后|间|内|之|以来|以上)(?:度(?!报))?")
        self.roc_text = c(
            rf"民国|{_NOT_NUM_BEFORE}1[0-4][0-9] ?"
            rf"(?=年 ?(?:[0-9]{{1,2}} ?月|第[一二三四1-4]季|首季|上半年|下半年|全年|度))"
        )
        rel_guard = f"(?<![{_GUARD_REL}])"
        self.rel = c(rf"{rel_guard}(?:{_alt(w.relative_years)})(?!价)")  # 按当年价格计算
        self.prefix = c(_alt([*w.until_prefixes, *w.target_prefixes, *w.since_prefixes]))
        # Q2 of 1Q25 is no second quarter; a span in words may meet its figure (上半年1025.86亿元)
        self.spans = c(rf"(?:{_alt(w.spans)})(?:(?<=[\u4e00-\u9fff])|(?![0-9]))")
        self.conn = c(_CONN)
        self.whole = c(rf"(?<![{_GUARD_REL}])(?:{_alt(w.whole_year)})(?!价)")  # 当年 but not 相当年, 当年价格
        ends = _alt([*w.instant_suffixes, *w.start_suffixes])
        self.year_edge = c(rf"年(?P<e>{ends})")
        self.edge = c(rf"(?P<e>{ends})")
        self.first_n = c(rf"(?<![先之此以提目])(?:{_alt(w.first_n_heads)}) ?(?P<n>{_NUM}) ?个?月(?:份)?")
        self.month_range_short = c(rf"{_NOT_NUM_BEFORE}(?P<a>{_MON}){_CONN}(?P<b>{_MON}) ?月(?:份)?")
        self.month_merged = c(
            rf"{_NOT_NUM_BEFORE}(?P<a>{_MON})[、,，](?P<b>{_MON})(?P<tail> ?月(?:份)?)"
            r"(?=[^，。；]{0,3}(?:合并|合併|合计|合計|累计|累計))"
        )
        self.month_ellipsis = c(rf"{_NOT_NUM_BEFORE}{_NOT_CN_BEFORE}(?P<a>{_MON})(?=、(?:{_MON}、)*{_MON} ?月)")
        self.month = c(rf"{_NOT_NUM_BEFORE}{_NOT_CN_BEFORE}(?P<a>{_MON}) ?月(?:份)?")  # 9 月: spaced text
        self.day_range = c(
            rf"(?P<d1>{_DAY})[日号]?{_CONN}(?:(?:(?P<y2>{_Y4})年)?(?P<m2>{_MON})月(?:份)?)?(?P<d2>{_DAY})[日号]"
        )
        self.day = c(rf" ?(?P<d>{_DAY}) ?[日号](?P<same>当天|当日)?")  # 6 月 30 日: spaced text
        # a bare day in Arabic digits (3日), not a wire dateline (3日电) nor a span (3日游)
        self.bare_day = c(rf"{_NOT_NUM_BEFORE}(?P<d>[1-9]|[12][0-9]|3[01])日(?![电電讯訊游遊内內间間])")
        self.ten_days = c(r"(?P<x>上|中|下)旬")
        self.month_range_long = c(
            rf"{_CONN}(?:(?P<y2>{_Y4})年|(?P<y2cn>{_YCN})年|(?P<r2>{_alt(w.relative_years)}))?(?P<b>{_MON})月(?:份)?"
        )
        self.until_span = c(rf"(?:止|为止)的?(?P<span>{_alt(w.spans)})(?![0-9])")
        self.trailing = c(  # 截至6月底止中期: the half-year that ends with the date
            rf"(?:(?:止|为止)?的?(?P<n>{_NUM})个?月(?:份)?|(?:止|为止)(?:的)?(?:财政)?年度|止十二个月"
            rf"|(?:止|为止)的?(?P<half>中期|半年度|半年))"
        )
        self.since_tail = c(rf"(?:{_alt(w.since_suffixes)})(?!年)")
        self.start_tail = c(r"起(?!步|来|到|码)|开始")
        self.average = c(r"平均")
        self.same_span = c(r"相同月份|相同时期|同期|同月|同季度?")
        self.unresolved_start = c(r"预算|计划|目标")
        self.cmp_after = c(rf"[ 　]?(?:{_alt(w.comparison_after)})")
        self.cmp_before = tuple(sorted(set(w.comparison_before), key=len, reverse=True))
        self.name_ahead = c(rf"(?P<run>{_CJK}{{0,12}}?)(?:{_alt(w.name_suffixes)})")
        self.breakers = tuple(w.name_breakers)
        self.interim = tuple(w.interim_reports)
        self.reports = tuple(w.annual_reports) + self.interim
        self.bare_year = c(  # 2023世界物联网博览会 (checked against name_suffixes)
            rf"{_NOT_NUM_BEFORE}(?P<y>{_Y4})(?={_CJK})(?![年月日号万亿千百十元个件人家台辆吨多余])"
        )
        self.until = set(w.until_prefixes)
        self.target = set(w.target_prefixes)
        self.since_pre = set(w.since_prefixes)
        self.series = tuple(w.series_words)
        # candidate positions: where a number, a quote, 以 or 年 stands, or a listed word begins
        firsts = set(_PATTERN_FIRSTS)
        words: dict[str, set[str]] = {}
        for ws in (
            w.stop_words,
            w.prior,
            w.previous,
            w.anaphors,
            w.anaphor_instants,
            forms,
            w.generic_holidays,
            w.relative_years,
            w.spans,
            w.whole_year,
            w.first_n_heads,
            w.span_heads,
            w.until_prefixes,
            w.target_prefixes,
            w.since_prefixes,
        ):
            for x in ws:
                if x:
                    words.setdefault(x[0], set()).add(x)
        firsts.update(words)
        self.candidates = c("[" + "".join(re.escape(ch) for ch in sorted(firsts)) + "]")
        # a character no pattern starts with begins a mention only where one of its words follows
        self.words_at = {ch: tuple(ws) for ch, ws in words.items() if ch not in _PATTERN_FIRSTS}
        self.digit_words = tuple(x for ch, ws in words.items() if ch in _DIGITS for x in ws)  # 1季度
        self.shortcuts = True  # False: parse at every candidate (the tests compare both ways)


# ---------------------------------------------------------------- loading


_TABLES = ("spans", "relative_years", "prior", "holidays")


def _tuple(d: dict, key: str) -> tuple[str, ...]:
    return tuple(normalize(x) for x in d.get(key, ()))


def read_period_data(path: Path | str) -> dict:
    """The raw tables of a periods.toml (so an overlay can be merged before building)."""
    p = Path(path)
    try:
        return tomllib.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise RuleError(str(p), str(e)) from e


def words_from_data(data: dict, source: str = "rules/periods.toml") -> PeriodWords:
    """Validate and build PeriodWords from periods.toml tables; errors name the file and entry."""
    words = data.get("words", {})
    try:
        spans = {normalize(k): (int(v[0]), int(v[1])) for k, v in data.get("spans", {}).items()}
        rel = {normalize(k): int(v) for k, v in data.get("relative_years", {}).items()}
        prior = {normalize(k): int(v) for k, v in data.get("prior", {}).items()}
        hol = {normalize(k): tuple(normalize(f) for f in v) for k, v in data.get("holidays", {}).items()}
    except (TypeError, ValueError, IndexError, AttributeError) as e:
        raise RuleError(source, f"bad entry: {e}") from e
    for k, (a, b) in spans.items():
        if not (1 <= a <= 12 and 1 <= b <= 12):
            raise RuleError(source, "months must be 1..12", entry=k)
    keys = [f.name for f in fields(PeriodWords) if f.init and f.name not in _TABLES]
    return PeriodWords(spans, rel, prior, hol, **{k: _tuple(words, k) for k in keys})


@functools.lru_cache(maxsize=8)
def _load_cached(path: str) -> PeriodWords:
    return words_from_data(read_period_data(path), path)


def load_period_words(path: Path | str = DEFAULT_PATH) -> PeriodWords:
    """Read a periods.toml (default: the repository's rules/periods.toml); cached by path."""
    return _load_cached(str(Path(path).resolve()))


@functools.cache
def _default_words() -> PeriodWords:
    return load_period_words()


# ---------------------------------------------------------------- finding


@dataclass(slots=True)
class _M:
    """A mention being built (mutable); frozen into PeriodMention at the end."""

    start: int
    end: int
    year: int | None = None
    rel_year: int | None = None
    months: tuple[int, int] | None = None
    days: tuple[int, int] | None = None
    instant: bool = False
    stop: bool = False
    prior: bool = False
    plan_end: int | None = None
    in_name: bool = False
    average: bool = False
    anaphor: bool = False
    previous: bool = False
    whole_year: bool = False
    year_start: int | None = None
    holiday: str | None = None
    holiday_days: tuple[int, int] | None = None
    comparison: bool = False
    prefix: str = ""
    report: bool = False


_DIGITS = frozenset("0123456789")
_DIGIT_RUN = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_SKIP = object()  # consumed, but not a mention (连续10个月, 3个月来首次)


def find_periods(s: str, words: PeriodWords | None = None, roc: bool = False) -> list[PeriodMention]:
    """Every period mention in `s`, in order; offsets index `s`. `roc`: the document dates by the
    Republic of China, so its bare years (106年) are such years too (see `dates_by_roc`)."""
    w = words or _default_words()
    g = w.grammar_roc if roc else w.grammar
    t = normalize(s)
    out: list[PeriodMention] = []
    pos = 0
    floor = 0  # end of the previous mention: a backward extension never crosses it
    n = len(t)
    while pos < n:
        cm = g.candidates.search(t, pos)
        if cm is None:
            break
        i = cm.start()
        if g.shortcuts and _no_mention_at(g, t, i):
            pos = _DIGIT_RUN.match(t, i).end() if t[i] in _DIGITS else i + 1
            continue
        r = _parse(g, t, i, floor)
        if r is None:
            # no period starts inside a number that none starts at (3.17万亿, 12345): skip its digits
            pos = _DIGIT_RUN.match(t, i).end() if t[i] in _DIGITS else i + 1
            continue
        if isinstance(r, tuple):  # (_SKIP, end)
            pos = floor = r[1]
            continue
        _finish(g, t, r)
        if out and out[-1].comparison and not r.comparison and _CMP_LIST.fullmatch(t, out[-1].end, r.start):
            r.comparison = True  # 分别比一季度两年平均和2019年上半年高: every item of the base's list
        out.append(_freeze(s, r))
        pos = floor = max(r.end, i + 1)
    return out


_BRACKETED_YEAR = re.compile(r" ?[（(] ?[0-9]{4} ?[）)]")
_SPACE = frozenset(" \u3000\u00a0")
_CMP_LIST = re.compile(r"[^，。；,;：:]{0,6}[和及与、]")  # what joins the items of a comparison's list
_AFTER_DIGITS = frozenset("多个年月季天周日星-至到、")  # what follows the digits of a span, month or range
_INT_RUN = re.compile(r"[0-9]+")


def _no_mention_at(g: _Grammar, t: str, i: int) -> bool:
    """A cheap proof that no form matches at i (most candidates are amounts or other words):
    digits must be followed by a period character, or be a year; a word's first character by
    the rest of a listed word."""
    ch = t[i]
    if ch in _DIGITS:
        end = _INT_RUN.match(t, i).end()
        j = end + t.startswith(" ", end)  # 2020 年, 9 月: text spaced between digits and Chinese
        after = t[j : j + 1]
        if not after or after in _AFTER_DIGITS or t.startswith(g.digit_words, i):
            return False
        year = end - i == 4 and t.startswith(("18", "19", "20"), i)  # 2023/10/31, 2023.10, 2023世博会
        return not (year and (after in "/." or "\u4e00" <= after <= "\u9fff"))
    listed = g.words_at.get(ch)
    if listed is not None and ch in "今去明前" and _BRACKETED_YEAR.match(t, i + 1):
        return False  # 去 (2016) 年
    return listed is not None and not t.startswith(listed, i)  # 长 of 增长 is no 长假


def _freeze(s: str, m: _M) -> PeriodMention:
    has_span = m.months is not None or m.days is not None or m.whole_year
    needs = (
        has_span
        and m.year is None
        and m.rel_year is None
        and m.year_start is None
        and not (m.stop or m.anaphor or m.prior or m.previous or m.in_name or m.plan_end is not None)
        and m.holiday is None
    )
    return PeriodMention(
        start=m.start,
        end=m.end,
        text=s[m.start : m.end],
        year=m.year,
        rel_year=m.rel_year,
        months=m.months,
        days=m.days,
        instant=m.instant,
        stop=m.stop,
        comparison=m.comparison,
        prior=m.prior,
        plan_end=m.plan_end,
        in_name=m.in_name,
        average=m.average,
        needs_year=needs,
        anaphor=m.anaphor,
        previous=m.previous,
        whole_year=m.whole_year,
        year_start=m.year_start,
        holiday=m.holiday,
        holiday_days=m.holiday_days,
        report=m.report,
    )


def _parse(g: _Grammar, t: str, i: int, floor: int) -> _M | tuple[object, int] | None:
    """The mention starting at i (or a skip), trying each form in a fixed order."""
    w = g.w
    # spans counted from now, and series counts that are no period at all
    m = g.span.match(t, i)
    if m and m.group("unit") == "月" and not (m.group("ge") or m.group("head") or m.group("tail") == "以来"):
        m = None  # 5月内 is a month, not a span
    if m and (m.group("head") or m.group("tail")):
        if any(t.endswith(x, max(0, i - len(x)), i) for x in g.series):
            return (_SKIP, m.end())
        if m.group("tail") != "以来" and g.count_tail.match(t, m.end()):  # 3个月来首次, 创近四年新高: a record
            return (_SKIP, m.end())
        return _M(i, m.end(), stop=True)
    if m and any(t.endswith(x, max(0, i - len(x)), i) for x in g.series):
        return (_SKIP, m.end())
    m = g.stop.match(t, i)
    if m and not (m.group().endswith("今") and t[m.end() : m.end() + 1] == "年"):  # 至今年6月
        r = _M(i, m.end(), stop=True)
        _since_continuation(g, t, r)
        return r
    if g.since_word.match(t, i):
        back = i
        while back > floor and i - back < 8 and t[back - 1] not in _BOUNDARY:
            back -= 1
        r = _M(back, i + 2, stop=True)
        _since_continuation(g, t, r)
        return r
    m = g.prior.match(t, i)
    if m:
        return _M(i, m.end(), prior=True, rel_year=w.prior[m.group()])
    m = g.previous.match(t, i)
    if m:
        return _M(i, m.end(), previous=True)
    m = g.anaphor_instant.match(t, i)
    if m:
        return _M(i, m.end(), anaphor=True, instant=True)
    m = g.anaphor.match(t, i)
    if m:
        if t.endswith(("历史", "相"), max(0, i - 2), i):  # 创历史同期新高, 相同月份
            return (_SKIP, m.end())
        return _M(i, m.end(), anaphor=True)
    m = g.plan.match(t, i)
    if m:
        start, end = m.start(), m.end()
        if m.group("q1") and not m.group("q2"):
            start += 1
        if m.group("q2") and not m.group("q1"):
            end -= 1
        r = _M(start, end, plan_end=1955 + 5 * (10 + _CN_DIGIT[m.group("n")]))
        e = g.edge.match(t, end)
        if e and e.group("e") in w.instant_suffixes:
            r.instant, r.end = True, e.end()
        _tails(g, t, r)
        return r
    r = _holiday(g, t, i)
    if r is not None:
        return r
    m = g.iso_date.match(t, i)
    if m:
        y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
        if 1 <= mo <= 12 and 1 <= d <= 31:
            r = _M(i, m.end(), year=y, months=(mo, mo), days=(d, d))
            return r
    m = g.year_range.match(t, i)
    if m:
        a = int(m.group("a"))
        b = _year2(a, m.group("b"))
        if b > a:
            r = _M(i, m.end(), year=b, year_start=a)
            same = g.same_span.match(t, r.end)
            if same:  # （2017至19年相同月份）: a base quoted for comparison
                r.prior, r.end = True, same.end()
                r.comparison = t[i - 1 : i] in ("（", "(")
            return r
    r = _point(g, t, i)
    if r is not None:
        return r
    m = g.bare_year.match(t, i)
    if m:
        ahead = g.name_ahead.match(t, m.end())
        if ahead and not any(b in ahead.group("run") for b in g.breakers):
            r = _M(i, m.end(), year=int(m.group("y")), in_name=True)
            return r
    return None


def _holiday(g: _Grammar, t: str, i: int) -> _M | None:
    m = g.holiday.match(t, i)
    name: str | None = None
    end = -1
    if m:
        form = m.group()
        core = form.strip("“”")
        suffix = g.holiday_suffix.match(t, m.end())
        if suffix:
            name, end = g.holiday_forms[form], suffix.end()
        elif core.endswith(("节", "旦")):
            name, end = g.holiday_forms[form], m.end()
    if name is None:
        m = g.generic_holiday.match(t, i)
        if not m:
            return None
        name, end = "", m.end()
    r = _M(i, end, holiday=name)
    p = g.holiday_part.match(t, end)
    if p:
        if p.group("first"):
            r.holiday_days = (1, 1)
        elif p.group("k"):
            k = _num(p.group("k"))
            if k:
                r.holiday_days = (k, k)
        else:
            k = _num(p.group("n"))
            if k and p.group("dir") in ("前", "头"):
                r.holiday_days = (1, k)
            elif k:
                r.holiday_days = (-k, -1)  # the last k days
        if r.holiday_days is not None:
            r.end = p.end()
    return r


def _point(g: _Grammar, t: str, i: int) -> _M | None:
    """[prefix] [year | relative year] [span | months | days] [末/底/初] and the tails after."""
    w = g.w
    j = i
    prefix = ""
    pm = g.prefix.match(t, j)
    if pm:
        prefix, j = pm.group(), pm.end()
    r = _M(i, j, prefix=prefix)
    ym = g.year.match(t, j) or (g.year_roc.match(t, j) if g.roc else None)
    has_year = False
    if ym:
        digits = ym.groupdict().get("y4") or ym.groupdict().get("yb")
        if ym.group("roc"):
            r.year = 1911 + int(ym.group("roc"))
        else:
            r.year = int(digits) if digits else _cn_year(ym.group("ycn"))
        j, has_year = ym.end(), True
    else:
        rm = g.rel.match(t, j)
        if rm:
            r.rel_year = w.relative_years[rm.group()]
            j, has_year = rm.end(), True
    k = _body(g, t, j, r)
    if k is None and has_year and t[j : j + 1] in _SPACE and t[j + 1 : j + 2] not in _SPACE:
        k = _body(g, t, j + 1, r)  # 去年 11 月: spaced text
    if k is None:
        if not has_year:
            return None
        k = j
        e = g.edge.match(t, k)  # 2023年末, 去年底, 2023年初
        if e:
            _edge(w, r, e.group("e"), whole_year_edge=True)
            k = e.end()
    elif r.months is not None and not r.instant and r.days is None and not r.whole_year:
        e = g.edge.match(t, k)  # 9月末, 一季度末, 上半年末, 9月初
        if e:
            _edge(w, r, e.group("e"), whole_year_edge=False)
            k = e.end()
    r.end = k
    if prefix and not (has_year or r.months is not None):
        return None
    if r.days == (1, 1) and r.instant and g.unresolved_start.match(t, k):  # 年初预算数
        return None
    if r.months is None and r.year is not None and not prefix:
        same = g.same_span.match(t, k)
        if same:  # 较2019年同期: the carried span in that year
            r.prior, r.end = True, same.end()
            r.comparison = t[i - 1 : i] in ("（", "(")
            return r
    _tails(g, t, r)
    return r


def _edge(w: PeriodWords, r: _M, e: str, *, whole_year_edge: bool) -> None:
    if whole_year_edge:
        r.months = (12, 12) if e in w.instant_suffixes else (1, 1)
    assert r.months is not None
    if e in w.instant_suffixes:
        r.months = (r.months[1], r.months[1])
        r.instant = True
    else:
        r.months = (r.months[0], r.months[0])
        r.days = (1, 1)
        r.instant = True


def _body(g: _Grammar, t: str, j: int, r: _M) -> int | None:
    """The months or days after an optional year; sets r and returns the end, or None."""
    w = g.w
    m = g.spans.match(t, j)
    if m:
        a, b = w.spans[m.group()]
        k = m.end()
        c = g.conn.match(t, k)
        m2 = g.spans.match(t, c.end()) if c else None
        if m2:  # 一季度至三季度
            a, b = min(a, w.spans[m2.group()][0]), max(b, w.spans[m2.group()][1])
            k = m2.end()
        r.months = (a, b)
        return k
    m = g.whole.match(t, j)
    if m:
        r.months, r.whole_year = (1, 12), True
        return m.end()
    m = g.year_edge.match(t, j)
    if m:
        _edge(w, r, m.group("e"), whole_year_edge=True)
        return m.end()
    m = g.first_n.match(t, j)
    if m:
        n = _num(m.group("n"))
        if n is None or not 1 <= n <= 12:
            return None
        r.months = (1, n)
        return m.end()
    m = g.month_merged.match(t, j)
    if m:  # 1、2月合并来看: the two months as one span
        a, b = _num(m.group("a")), _num(m.group("b"))
        if a and b and b == a + 1:
            r.months = (a, b)
            return m.end("b") + len(m.group("tail"))
    m = g.month_ellipsis.match(t, j)
    if m:  # 9、10、11月分别…: each item a month, 月 written once after the last
        a = _num(m.group("a"))
        if a:
            r.months = (a, a)
            return m.end("a")
    m = g.month_range_short.match(t, j)
    if m:
        a, b = _num(m.group("a")), _num(m.group("b"))
        if a and b and a < b:
            r.months = (a, b)
            return m.end()
    m = g.month.match(t, j)
    if not m:
        d = g.bare_day.match(t, j) if r.year is None and r.rel_year is None and not r.prefix else None
        if d is None:
            return None
        r.days = (int(d.group("d")),) * 2  # 3日全国接待游客: a day of the document's month
        return d.end()
    a = _num(m.group("a"))
    if not a:
        return None
    k = m.end()
    r.months = (a, a)
    d = g.day_range.match(t, k)
    if d:
        d1, d2 = _num(d.group("d1")), _num(d.group("d2"))
        m2 = _num(d.group("m2")) if d.group("m2") else a
        if d1 and d2 and m2 and (m2, d2) != (a, d1):
            if d.group("y2"):
                r.year_start, r.year = r.year, int(d.group("y2"))
            elif (m2, d2) < (a, d1):  # 12月30日至1月2日
                if r.year is not None:
                    r.year_start, r.year = r.year, r.year + 1
                elif r.rel_year is not None:
                    r.rel_year += 1
            r.months, r.days = (a, m2), (d1, d2)
            return d.end()
    d = g.day.match(t, k)
    if d:
        dd = _num(d.group("d"))
        if dd:
            r.days = (dd, dd)
            return d.end()
    d = g.ten_days.match(t, k)
    if d:
        r.days = {"上": (1, 10), "中": (11, 20), "下": (21, 31)}[d.group("x")]
        return d.end()
    d = g.month_range_long.match(t, k)
    if d:
        b = _num(d.group("b"))
        if b and (b != a or d.group("y2") or d.group("y2cn") or d.group("r2")):
            if d.group("y2") or d.group("y2cn"):  # 二零二三年十二月至二零二四年二月: the year in words
                r.year_start, r.year = r.year, int(d.group("y2")) if d.group("y2") else _cn_year(d.group("y2cn"))
            elif d.group("r2"):
                r.rel_year = w.relative_years[d.group("r2")]
            elif b < a:
                if r.year is not None:
                    r.year_start, r.year = r.year, r.year + 1
                elif r.rel_year is not None:
                    r.rel_year += 1
            r.months = (a, b)
            return d.end()
    return k


def _tails(g: _Grammar, t: str, r: _M) -> None:
    """What may follow the date: 的3个月 / 止年度, 以来 / 至今 / 起, 平均, 当天."""
    k = r.end
    if r.prefix in g.until or r.prefix in g.target:
        tr = g.trailing.match(t, k)
        if tr and r.months is not None:
            n = 6 if tr.group("half") else 12 if tr.group("n") is None else _num(tr.group("n"))
            if n and 1 <= n <= 12:
                end_m = r.months[1]
                first = (end_m - n) % 12 + 1
                r.months, r.days, r.instant = (first, end_m), None, False
                r.whole_year = n == 12 and end_m == 12
                r.end = k = tr.end()
                return
        sp = g.until_span.match(t, k) if r.months is not None and r.prefix in g.until else None
        if sp is not None:
            a, b = g.w.spans[sp.group("span")]
            if b == r.months[1]:  # 截至9月底止首三季: the span that ends with the date, as written
                r.months, r.days, r.instant = (a, b), None, False
                r.end = sp.end()
                return
        if r.prefix in g.until:
            r.instant = r.instant or r.months is not None or r.days is not None or r.year is not None
            if r.months is None and (r.year is not None or r.rel_year is not None):
                r.months = (12, 12)
    st = g.since_tail.match(t, k)
    if st is None and r.prefix in g.since_pre:
        st = g.start_tail.match(t, k)
    if st:
        r.stop = True
        r.end = st.end()
        _since_continuation(g, t, r)
        return
    no_year = r.year is None and r.rel_year is None
    if r.prefix in g.since_pre or (r.prefix in g.target and no_year and not r.instant):
        # 从前三季度看, 增长至9月: the prefix is not part of the period (到2026年 keeps it)
        r.start += len(r.prefix)
        r.prefix = ""
    av = g.average.match(t, k)
    if av:
        r.average, r.end = True, av.end()


def _since_continuation(g: _Grammar, t: str, r: _M) -> None:
    """“十四五”以来至2025年6月底: the span up to now, with its end, is one stop."""
    c = g.conn.match(t, r.end)
    if c and c.group() != "-":
        nxt = _point(g, t, c.end())
        if nxt is not None and (nxt.year is not None or nxt.rel_year is not None or nxt.months is not None):
            r.end = nxt.end


def _finish(g: _Grammar, t: str, r: _M) -> None:
    """Flags read from around the mention: comparison and in_name."""
    before = t[max(0, r.start - 4) : r.start]
    if any(before.endswith(x) for x in g.cmp_before) or g.cmp_after.match(t, r.end):
        r.comparison = True
    if r.stop or r.anaphor or r.plan_end is not None:  # a plan's name is its period (“十四五”规划)
        return
    # inside a book title 《…》
    lo = max(0, r.start - 60)
    opened = t.rfind("《", lo, r.start)
    if opened >= 0 and t.rfind("》", opened, r.start) < 0 and "》" in t[r.end : r.end + 60]:
        r.in_name = True
        return
    # (2024-2026年) after a plan title, or an edition date after 》
    wrapped = r.start > 0 and t[r.start - 1] in "（(" and t[r.end : r.end + 1] in ("）", ")")
    if wrapped and not r.prior and (r.year_start is not None or t[max(0, r.start - 2) : r.start - 1] == "》"):
        r.in_name = True
        return
    # a periodic report's year (2022年度报告, 2023年半年度报告) is the period of the figures quoted
    # from it and of its 报告期 (SPEC section 2)
    if r.year is not None and r.months is not None and t.startswith(("报告", "业绩报告", "财报"), r.end):
        r.report = True  # 2024年第三季度报告
        return
    if r.year is not None and r.months is None and t.startswith(g.reports, r.end):
        r.report = True
        if t.startswith(g.interim, r.end):
            r.months = (1, 6)
        return
    # a year followed by a name (江苏省2023年政府工作报告)
    if (r.year is not None or r.year_start is not None) and r.months is None and not r.prefix:
        ahead = g.name_ahead.match(t, r.end)
        if ahead and not any(b in ahead.group("run") for b in g.breakers):
            r.in_name = True


# ---------------------------------------------------------------- resolving


def _last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def _bare_day(day: int, doc_date: dt.date | None) -> str | None:
    """3日 in a text dated 2017-10-03: the latest such day on or before the document date."""
    if doc_date is None:
        return None
    y, mo = doc_date.year, doc_date.month
    if day > doc_date.day:
        y, mo = (y - 1, 12) if mo == 1 else (y, mo - 1)
    while day > _last_day(y, mo):  # 31日 in March: January's, February has none
        y, mo = (y - 1, 12) if mo == 1 else (y, mo - 1)
    return dt.date(y, mo, day).isoformat()


def resolve(
    m: PeriodMention,
    *,
    year: int | None = None,
    doc_date: dt.date | None = None,
    stock: bool = False,
    holidays: Mapping[str, tuple[dt.date, dt.date]] | None = None,
) -> str | None:
    """The ISO 8601 period of a mention, or None.

    The year: stated, else the relative year against `doc_date`, else `year` (carried from
    context by the caller), else the latest such period that ended on or before `doc_date`
    (12月份 in a January 2024 article is 2023-12; 全年 in it is 2023).
    `stock` (or an instant mention) gives the span's last day. Stops, names, anaphors,
    prior and previous spans give None: the caller resolves them against the carried period
    (see `shift_years`). A holiday resolves through `holidays` (canonical name → first and
    last day as the document states them).
    """
    if m.stop or m.in_name or m.anaphor or m.prior or m.previous:
        return None
    if m.holiday is not None:
        return _resolve_holiday(m, holidays, stock)
    if m.plan_end is not None:
        return f"{m.plan_end}-12-31" if (m.instant or stock) else str(m.plan_end)
    if m.months is None and m.days is not None:
        return _bare_day(m.days[0], doc_date)
    m1, m2 = m.months if m.months is not None else (1, 12)
    d1, d2 = m.days if m.days is not None else (1, 31)
    wraps = (m1, d1) > (m2, d2)
    if m.year is not None:
        y = m.year
    elif m.rel_year is not None and doc_date is not None:
        y = doc_date.year + m.rel_year
    elif year is not None:
        y = year
    elif doc_date is not None and (m.months is not None or m.days is not None):
        y = doc_date.year  # the latest such span that is over by the document date
        if dt.date(y, m2, min(d2, _last_day(y, m2))) > doc_date:
            y -= 1
    else:
        return None
    y0 = m.year_start if m.year_start is not None and m.year is not None else (y - 1 if wraps else y)
    try:
        if m.instant or stock:
            last = m.days[1] if m.days is not None else _last_day(y, m2)
            return dt.date(y, m2, min(last, _last_day(y, m2))).isoformat()
        if m.days is not None:
            a = dt.date(y0, m1, d1)
            b = dt.date(y, m2, min(d2, _last_day(y, m2)))
            return a.isoformat() if a == b else f"{a.isoformat()}/{b.isoformat()}"
    except ValueError:
        return None
    if m.months is not None:
        if m.whole_year and (m1, m2) == (1, 12) and y0 == y:
            return str(y)
        if m1 == m2 and y0 == y:
            return f"{y:04d}-{m1:02d}"
        return f"{y0:04d}-{m1:02d}/{y:04d}-{m2:02d}"
    if m.year_start is not None and m.year_start != y:
        return f"{m.year_start}/{y}"
    return str(y)


def _resolve_holiday(
    m: PeriodMention, holidays: Mapping[str, tuple[dt.date, dt.date]] | None, stock: bool
) -> str | None:
    if not holidays:
        return None
    span = holidays.get(m.holiday or "")
    if span is None and m.holiday == "" and len(holidays) == 1:
        span = next(iter(holidays.values()))
    if span is None:
        return None
    a, b = span
    if m.holiday_days is not None:
        k1, k2 = m.holiday_days
        if k1 < 0:
            a, b = b + dt.timedelta(days=k1 + 1), b
        else:
            a, b = a + dt.timedelta(days=k1 - 1), min(b, a + dt.timedelta(days=k2 - 1))
    if stock or m.instant:
        return b.isoformat()
    return a.isoformat() if a == b else f"{a.isoformat()}/{b.isoformat()}"


def shift_years(period: str, n: int) -> str:
    """The same ISO period n years later (n < 0: earlier): 上年同期 of 2023-01/2023-09 is
    shift_years('2023-01/2023-09', -1). A month's last day stays its last day."""

    def one(p: str) -> str:
        parts = p.split("-")
        y = int(parts[0]) + n
        if len(parts) == 1:
            return f"{y:04d}"
        mo = int(parts[1])
        if len(parts) == 2:
            return f"{y:04d}-{mo:02d}"
        d = int(parts[2])
        old_y = int(parts[0])
        if d == _last_day(old_y, mo) or d > _last_day(y, mo):
            d = _last_day(y, mo)
        return f"{y:04d}-{mo:02d}-{d:02d}"

    return "/".join(one(p) for p in period.split("/"))


def last_day(period: str) -> str:
    """The last day of an ISO period: 2023 → 2023-12-31, 2023-01/2023-09 → 2023-09-30."""
    parts = [int(x) for x in period.split("/")[-1].split("-")]
    y, mo = parts[0], parts[1] if len(parts) > 1 else 12
    d = parts[2] if len(parts) > 2 else _last_day(y, mo)
    return dt.date(y, mo, d).isoformat()


def dates_by_roc(text: str, words: PeriodWords | None = None) -> bool:
    """Does a text date by the Republic of China (民國, or a year such as 112年 before a month or quarter)?"""
    return (words or _default_words()).grammar.roc_text.search(normalize(text)) is not None


def before_date(word: str, date: dt.date) -> str | None:
    """The month (上月) or quarter (上季度) before the one a document is dated in."""
    if "月" in word:
        y, m = (date.year - 1, 12) if date.month == 1 else (date.year, date.month - 1)
        return f"{y:04d}-{m:02d}"
    if "季" in word:
        q = (date.month - 1) // 3  # the quarters before this one in its year
        y, q = (date.year - 1, 4) if q == 0 else (date.year, q)
        return f"{y:04d}-{3 * q - 2:02d}/{y:04d}-{3 * q:02d}"
    return None
