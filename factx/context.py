"""Region, period, basis and kind of a claim: read as an analyst reads, nearest first.

The search order of SPEC section 2 lives here once: the claim's sentence, the earlier
sentences of its paragraph, its headings innermost first (in a digest only the item's own
headline), then the document's place or period (never in a digest).
"""

from __future__ import annotations

import bisect
import calendar
import dataclasses
import datetime as dt
import itertools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import regex

from . import indicator as ind
from . import places as pl
from .periods import PeriodMention, before_date, dates_by_roc, find_periods, normalize, resolve
from .rules import Place, RuleSet, alternation
from .script import simplified
from .segment import LEVEL_SHORT, TRAIL, Block, Sentence, Structure

_RELEASE = regex.compile(r"发布|公布|举行|通报|披露|表示|获悉|召开|印发|发表|公告|宣布|透露|据[^，。；]{0,12}统计")


@dataclass
class SentInfo:
    """What one sentence offers as context, computed once."""

    sent: Sentence
    places: list[pl.Mention]
    periods: list[PeriodMention]
    basis: list[tuple[int, str | None, str]]  # (offset, basis or None, word)
    quoted: list[tuple[int, int, PeriodMention]] = field(default_factory=list)  # 同…相比 spans, their period
    place_ends: list[int] = field(default_factory=list)  # for bisect: mentions before an offset
    period_ends: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.place_ends = [m.end for m in self.places]
        self.period_ends = [p.end for p in self.periods]

    def prior_before(self, pos: int) -> PeriodMention | None:
        """The period words right before pos when they name an earlier span (，去年同期3.32亿元)."""
        i = bisect.bisect_right(self.period_ends, pos) - 1
        return self.periods[i] if i >= 0 and self.periods[i].prior else None

    def comparison_before(self, pos: int) -> PeriodMention | None:
        """The last comparison base (较二季度) ending at or before pos."""
        for i in range(bisect.bisect_right(self.period_ends, pos) - 1, -1, -1):
            if self.periods[i].comparison:
                return self.periods[i]
        return None


class _SentInfos(dict):
    """Sentence start → SentInfo, computed on first use: sentences no claim looks at cost nothing."""

    def __init__(self, ctx: DocContext):
        super().__init__()
        self.ctx = ctx

    def __missing__(self, start: int) -> SentInfo:
        info = _sent_info(self.ctx, self.ctx.sentences[start])
        self[start] = info
        return info


@dataclass
class DocContext:
    text: str
    structure: Structure
    rules: RuleSet
    date: dt.date | None
    sentences: dict[int, Sentence] = field(default_factory=dict)  # by start
    provinces: Counter[str] = field(default_factory=Counter)  # first two digits of the codes below
    mentioned: Counter[str] = field(default_factory=Counter)  # codes named unambiguously, a county's parent too
    established: set[str] = field(default_factory=set)
    families: set[str] = field(default_factory=set)  # parents of the counties written in full
    last_names: dict[tuple[int, str | None], str] = field(default_factory=dict)  # (block, unit) -> indicator
    last_name: dict[int, str] = field(default_factory=dict)  # block -> the last name any claim had there
    removable: dict[int, list[str]] = field(default_factory=dict)  # sentence start -> words not in a name
    removable_rate: dict[int, list[str]] = field(default_factory=dict)  # the same and its basis words
    target: bool = False  # the claim whose period is being resolved is a target
    partners: dict[int, set[str]] = field(default_factory=dict)  # block id -> partner places
    level_places: dict[tuple[int, str], Place | None] = field(default_factory=dict)
    listed: dict[int, Place] = field(default_factory=dict)  # a figure's offset -> its place in a 分别 list
    usable: dict[int, _Usable] = field(default_factory=dict)  # sentence start -> usable period words
    nearest: dict[tuple, dict[int, Sentence | None]] = field(default_factory=dict)  # see _first
    once: dict[str, Any] = field(default_factory=dict)  # document-wide answers (doc_place)
    paragraph_basis: dict[int, _ParagraphBasis] = field(default_factory=dict)  # block id -> its basis words
    _years: dict[tuple, int] | None = None
    written: str = ""  # the text as written; `text` is its simplified view (the same object if equal)
    roc: bool = False  # the document dates by the Republic of China (民國, 112年3月)
    written_names: dict[str, str] = field(default_factory=dict)  # indicator in the view -> as written

    def __post_init__(self) -> None:
        self.info: dict[int, SentInfo] = _SentInfos(self)
        self.written = self.written or self.text

    def as_written(self, start: int, end: int, shown: str) -> str:
        """`shown`, a stretch text[start:end] of the view, as the text writes it."""
        if self.written is self.text or self.text[start:end] != shown:
            return shown
        return self.written[start:end]

    @property
    def years_by_span(self) -> dict[tuple, int]:
        """Span → the year it is stated with somewhere in the document (今年1月 beside 2023年1月)."""
        if self._years is None:
            # every year the span is stated with (今年6月末 counts as the document's year); with a
            # document date the latest on or before it (not the 2008年6月 of a milestone recalled),
            # else the first stated
            stated: dict[tuple, list[int]] = {}
            for start in self.sentences:
                for p in self.info[start].periods:
                    if p.comparison or p.in_name or p.stop:
                        continue
                    if p.months is None and p.days is None and p.year is not None and p.year_start is None:
                        # 2016年: the span of a whole year, for 全年 and 年末 without one
                        stated.setdefault(_WHOLE_YEAR, []).append(p.year)
                    if p.months is None:
                        continue
                    y = p.year if p.year is not None else None
                    if y is None and p.rel_year is not None and self.date is not None:
                        y = self.date.year + p.rel_year
                    if y is not None:
                        stated.setdefault(p.months, []).append(y)
            self._years = {
                span: max((y for y in ys if y <= self.date.year), default=ys[0]) if self.date is not None else ys[0]
                for span, ys in stated.items()
            }
        return self._years


def build(text: str, structure: Structure, rules: RuleSet, date: str | None, written: str = "") -> DocContext:
    """The context of a document; `text` is the view extraction reads, `written` the text as written."""
    d = dt.date.fromisoformat(date) if date else None
    ctx = DocContext(text, structure, rules, d, written=written)
    ctx.sentences = {s.start: s for b in structure.blocks for s in b.sentences}
    ctx.roc = dates_by_roc(text, rules.period_words)  # 112年3月: its bare 106年 is 2017 too
    # one pass over the document: counties written in full make their bare name safe elsewhere,
    # and unambiguous places say which prefecture and province the document is in, even inside
    # an organisation's name or a dateline (深圳市南山区八届人大: 南山 is Shenzhen's)
    for m in pl.scan(text, 0, len(text), rules, set()):
        if m.place is None:
            continue
        if m.place.level == "county" and text[m.start : m.end] != simplified(m.place.name):
            ctx.established.add(m.place.name)
            if len(m.cands) == 1:
                ctx.families.add(m.place.parent)
        if m.locates and m.place.code and len(m.cands) == 1:
            ctx.provinces[m.place.code[:2]] += 1
            ctx.mentioned[m.place.code] += 1
            if m.place.level == "county":
                ctx.mentioned[m.place.parent] += 1
    return ctx


def _sent_info(ctx: DocContext, s: Sentence) -> SentInfo:
    places = pl.scan(ctx.text, s.start, s.end, ctx.rules, ctx.established, ctx.families)
    periods = [_shift(p, s.start) for p in find_periods(s.text, ctx.rules.period_words, roc=ctx.roc)]
    title = ctx.structure.title
    if title is not None and title.sentences and s is title.sentences[0]:
        bar = max(s.text.rfind("｜"), s.text.rfind("|"))
        if bar >= 0:  # 周报｜headline: only the headline speaks of the lead item
            places = [m for m in places if m.start > s.start + bar]
            periods = [p for p in periods if p.start > s.start + bar]
    periods, quoted = _quoted_bases(s, periods)
    words = ctx.rules.basis
    basis = [(s.start + m.start(), words[m.group()], m.group()) for m in _basis_pattern(ctx.rules).finditer(s.text)]
    named = [(s.start + m.start(), None, m.group()) for m in ctx.rules.named_year.finditer(s.text)]
    if named:  # 较2019年同期: a basis of its own (null unless it is the year before, see named_year_basis)
        basis = sorted(basis + named)
    return SentInfo(s, places, periods, basis, quoted)


# 同2010年11月1日的13.3972亿人相比: a figure quoted as the base of a comparison, with its own period
_QUOTED_BASE = regex.compile(r"(?:同|与|和|跟)[^，。；,;]{2,40}?(?:相比|相较|比较)")


def _quoted_bases(
    s: Sentence, periods: list[PeriodMention]
) -> tuple[list[PeriodMention], list[tuple[int, int, PeriodMention]]]:
    """Period words inside 同…相比 are a comparison base: they carry to no other claim, and give
    their period to the figures quoted inside the span."""
    if not periods or not _QUOTED_BASE.search(s.text):
        return periods, []
    quoted: list[tuple[int, int, PeriodMention]] = []
    out = list(periods)
    for m in _QUOTED_BASE.finditer(s.text):
        lo, hi = s.start + m.start(), s.start + m.end()
        for i, p in enumerate(out):
            if lo <= p.start and p.end <= hi and not p.comparison:
                out[i] = dataclasses.replace(p, comparison=True)
                quoted.append((lo, hi, p))
    return out, quoted


# 月增, 年增, 季增 are basis words after a name (營收月增5%), not inside a period (6月增长0.8%)
_PERIOD_UNIT_START = "年月季"
_NOT_AFTER_PERIOD = r"(?<![0-9０-９〇零一二两三四五六七八九十上下本今去当该每同首全前末个個半])"


def _basis_pattern(rules: RuleSet) -> regex.Pattern[str]:
    """One alternation of every basis word, longest first, compiled once per rule set."""
    p = rules.cache.get("basis")
    if p is None:
        words = sorted(rules.basis, key=len, reverse=True)
        parts = [(_NOT_AFTER_PERIOD if w[0] in _PERIOD_UNIT_START else "") + regex.escape(w) for w in words]
        p = rules.cache["basis"] = regex.compile("|".join(parts) or "(?!)")
    return p


def _shift(p: PeriodMention, off: int) -> PeriodMention:
    return dataclasses.replace(p, start=p.start + off, end=p.end + off)


# ---------------------------------------------------------------- the search order


def _first(
    ctx: DocContext, block: Block, sent: Sentence, key: tuple, has: Callable[[Sentence], bool]
) -> Sentence | None:
    """The first sentence after `sent` in the search order that `has` what is looked for: the
    earlier sentences of the paragraph (nearest first; a lead paragraph continues the block
    before it), then each heading (innermost first), then the title. A digest stops at the
    item headline. `key` names the question: answers are worked out once a paragraph, so a
    paragraph of thousands of sentences is read once, not once per claim."""
    memo = ctx.nearest.get((key, id(block)))
    if memo is None:
        memo = ctx.nearest[(key, id(block))] = {}
        last = None
        for s in _paragraph(ctx, block):
            memo[s.start] = last
            if has(s):
                last = s
    found = memo.get(sent.start)
    if found is not None:
        return found
    for level in _heading_levels(ctx, block):
        for s in level:
            if has(s):
                return s
    return None


def _paragraph(ctx: DocContext, block: Block) -> list[Sentence]:
    """The sentences a claim of `block` looks back over: its own, after the block before it when it leads."""
    if block.lead and (before := block_before(ctx, block)) is not None:
        return before.sentences + block.sentences
    return block.sentences


def block_before(ctx: DocContext, block: Block) -> Block | None:
    """The block right before `block` (a map of positions built once a document, not a search of
    the block list per claim)."""
    at: dict[int, int] | None = ctx.once.get("block_index")
    if at is None:
        at = ctx.once["block_index"] = {id(b): k for k, b in enumerate(ctx.structure.blocks)}
    k = at.get(id(block), 0)
    return ctx.structure.blocks[k - 1] if k > 0 else None


def lead_clause(line: str) -> str:
    """主要预期目标是, 回望一下…财政收入完成数据: the last clause of the words before a list's colon."""
    return _LEAD_CLAUSE.split(line)[-1]


def _heading_levels(ctx: DocContext, block: Block) -> list[list[Sentence]]:
    levels: list[list[Sentence]] = []
    if block.kind == "heading" and block.heads is not None:
        levels.append(block.heads.sentences)  # a heading takes what the paragraph it heads says
    for h in _headings(ctx, block):
        # the paragraph a heading heads speaks for the blocks under it; the title's lead speaks only
        # for the title (what the lead says of itself, 3月上旬, is no period of the whole page)
        lead = h.heads if h.heads is not None and h.heads is not block and not h.is_title else None
        levels.append(h.sentences + (lead.sentences if lead is not None else []))
    return levels


def _in(block: Block, s: Sentence) -> bool:
    return block.start <= s.start < block.end


def _headings(ctx: DocContext, block: Block) -> list[Block]:
    hs = [h for h in block.headings if h is not block]
    if block.kind == "heading":
        hs = list(block.headings)
    if not ctx.structure.digest:
        return hs
    own = [
        h for h in hs if not h.is_title and (h.level == LEVEL_SHORT or h.item == block.item) and h.item == block.item
    ]
    if block.item == 0 and ctx.structure.title is not None:
        own.append(ctx.structure.title)
    return own[:1] if own and not own[0].is_title else own


def region(ctx: DocContext, block: Block, sent: Sentence, pos: int) -> tuple[Place | None, str]:
    if pos in ctx.listed:  # 北京、上海、广州…分别为X、Y、Z: its own item of the list
        return ctx.listed[pos], f"sentence: 分别 list, {ctx.listed[pos].name}"
    info = ctx.info[sent.start]
    partners = _partners(ctx, block)
    k = bisect.bisect_right(info.place_ends, pos)
    nearest = next(
        (m for m in reversed(info.places[:k]) if sets_region(ctx, m) and m.end <= pos and _name(m) not in partners),
        None,
    )
    after = None
    if nearest is None or _other_item(ctx.text, nearest.end, pos):  # else the place before wins: no look ahead
        ahead = (info.places[i] for i in range(k - 1 if k else 0, len(info.places)))
        after = next((m for m in ahead if sets_region(ctx, m) and m.start >= pos and _name(m) not in partners), None)
        if after is not None and not _same_clause(ctx.text, pos, after.start):
            after = None
    if nearest is not None and after is None:
        return _resolve_mention(ctx, block, sent, nearest), _where("sentence", ctx, nearest)
    if after is not None and (nearest is not None or "全省" not in ctx.text[sent.start : pos]):
        return _resolve_mention(ctx, block, sent, after), _where("sentence", ctx, after)
    s = _first(ctx, block, sent, ("place",), lambda s: _sets_place(ctx, block, s))
    if s is not None:
        m = _innermost(ctx, [m for m in ctx.info[s.start].places if sets_region(ctx, m)])
        return _resolve_mention(ctx, block, s, m), _where("paragraph" if _in(block, s) else "heading", ctx, m)
    if not ctx.structure.digest:
        return doc_place(ctx), "document"
    return None, ""


def list_places(ctx: DocContext, sent: Sentence, lo: int, hi: int, n: int) -> tuple[int, list[Place]] | None:
    """东、中、西部和东北地区投资分别增长A、B、C、D: the n places of a list in text[lo:hi] whose
    figures follow 分别, item for item, and where the list ends; None unless the list is n places
    that count. An item short of its place takes the ending of the item after it (东 → 东部地区)."""
    text = ctx.text
    info = ctx.info[sent.start]
    span = info.places[bisect.bisect_right(info.place_ends, lo) : bisect.bisect_right(info.place_ends, hi)]
    ms = [m for m in span if m.start >= lo]  # a sentence may hold thousands: only the span's
    counted = [m for m in ms if m.place is not None and sets_region(ctx, m)]
    if not counted:
        return None
    end = counted[-1].end
    if any(not sets_region(ctx, m) for m in ms if m.start < end):
        return None  # 对东盟、欧盟和美国, 香港及台灣旅客: partners, origins, bases, ranks are no list of subjects
    items = ind.split_list(text[lo:end])
    if len(items) < n:
        return None
    forms: list[str] = []
    for k, item in enumerate(reversed(items[-n:])):
        form = _item_form(ctx, item, forms[-1] if forms else "", first=k == n - 1)
        if form is None:
            return None
        forms.append(form)
    places = [pl.choose(_as_mention(ctx, f), ctx.mentioned, ctx.provinces) for f in reversed(forms)]
    return end, places


_LIST_NAME_END = regex.compile(r"[，,；;]|[均都]?(?:超过|超|突破|达到|达|在|逾)\d")


def name_after_list(ctx: DocContext, start: int, hi: int, remove: list[str] | None = None) -> str:
    """The one indicator of a list of places: the words after it (的人均可支配收入分别为 →
    人均可支配收入; 分别实现地区生产总值 → 地区生产总值), without the sentence's `remove` words."""
    left, _, right = regex.sub("分[别別]", "分别", ctx.text[start:hi]).partition("分别")
    # 的资金总量在万亿之上，分别为; 存款余额均超4000亿元，分别为: the list's own clause, less its bound
    left = _LIST_NAME_END.split(_GROUP_COUNT.sub("", left.lstrip("的")), maxsplit=1)[0]  # 等七城资金总量 → 资金总量
    return ind.clean(left, ctx.rules, remove or []) or ind.clean(right, ctx.rules, remove or [])


_GROUP_COUNT = regex.compile(r"^等?[两二三四五六七八九十\d]{1,2}[个座]?[市省区县地国城]")


def _item_form(ctx: DocContext, item: str, after: str, first: bool) -> str | None:
    """The place form of one list item: the item itself, the item with the ending of the item
    after it (东 + 部地区), or for the first item the place it ends with (其中东部地区)."""
    places = ctx.rules.places
    item = item.strip(" ，,")
    for i in range(len(item) if first else 1):
        part = item[i:]
        if part in places:
            return part
        ending = next((after[c:] for c in range(1, len(after)) if part + after[c:] in places), None)
        if ending is not None:
            return part + ending
    return None


def _as_mention(ctx: DocContext, form: str) -> pl.Mention:
    cands = tuple(ctx.rules.places[form])
    return pl.Mention(0, 0, cands[0], cands=cands)


def _sets_place(ctx: DocContext, block: Block, s: Sentence) -> bool:
    if _in(block, s) and s.text.startswith("其中"):
        return False  # a subset named by 其中 does not set the place of what follows
    return any(sets_region(ctx, m) for m in ctx.info[s.start].places)


def _innermost(ctx: DocContext, ms: list[pl.Mention]) -> pl.Mention:
    """The first place of a sentence, or where divisions are written in full one inside the next
    (上海市闵行区, （宿迁市）泗洪县), the last of them (not 内蒙古自治区鄂尔多斯野生动物园, a site's name)."""
    k = 0
    while (
        k + 1 < len(ms)
        and _NESTED_GAP.fullmatch(ctx.text, ms[k].end, ms[k + 1].start)
        and ctx.text[ms[k + 1].end - 1] in _DIVISION_ENDS
    ):
        k += 1
    return ms[k]


_NESTED_GAP = regex.compile(r"[）)]?\s*")  # 上海市闵行区, （宿迁市）泗洪县: the parent, then its division


_DIVISION_ENDS = frozenset("省市区县旗州盟")  # the simplified view: 區 reads 区


def sets_region(ctx: DocContext, m: pl.Mention) -> bool:
    """Whether a mention sets a region here: 香港旅客 in a Macau release names visitors' origin, a
    category (SPEC section 2); in a Hong Kong one, the place's own visitors."""
    if not m.counts:
        return False
    if m.why != pl.VISITORS or m.place is None:
        return True
    home = doc_place(ctx)
    return home is None or home.code == m.place.code


def _where(level: str, ctx: DocContext, m: pl.Mention) -> str:
    return f"{level}: {ctx.text[m.start : m.end]}"


def _name(m: pl.Mention) -> str:
    return m.place.name if m.place is not None else ""


def _partners(ctx: DocContext, block: Block) -> set[str]:
    """Places the paragraph names as trade partners (对东盟) do not become its subject elsewhere."""
    found = ctx.partners.get(id(block))
    if found is None:
        found = set()
        if block.kind != "table":
            found = {_name(m) for s in block.sentences for m in ctx.info[s.start].places if m.why == "partner"}
        ctx.partners[id(block)] = found
    return found


def _same_clause(text: str, a: int, b: int) -> bool:
    return not any(c in text[a:b] for c in "，；,;。")


def _other_item(text: str, a: int, b: int) -> bool:
    """A；between a place and a figure: the place belongs to an item before (A区…；B区…)."""
    return "；" in text[a:b] or ";" in text[a:b]


# the levels of place a level word (全省, 全市, 全县, 全区) stands for
_LEVELS = {
    "province": ("province",),
    "prefecture": ("prefecture", "province"),
    "county": ("county",),
    "district": ("county", "province"),  # 全区: a district's, or an autonomous region's
}


def _resolve_mention(ctx: DocContext, block: Block, sent: Sentence, m: pl.Mention) -> Place | None:
    if m.place is not None:
        p = pl.choose(m, ctx.mentioned, ctx.provinces)
        if p is not None and p.level == "nation":
            home = doc_place(ctx)  # 國內景氣 in a Taiwan release: Taiwan's
            if home is not None and home.code in ctx.rules.own_nation:
                return home
        return p
    if m.level_word == "hongkong":
        return ctx.rules.places["香港"][0]
    want = _LEVELS[m.level_word]
    key = (sent.start, m.level_word)
    if key not in ctx.level_places:  # 全省 × 3000 in one sentence: look it up once
        ctx.level_places[key] = _level_place(ctx, block, sent, want)
    return ctx.level_places[key]


def _level_place(ctx: DocContext, block: Block, sent: Sentence, want: tuple[str, ...]) -> Place | None:
    def of_level(s: Sentence) -> pl.Mention | None:
        ms = ctx.info[s.start].places
        found = [x for x in ms if sets_region(ctx, x) and x.place is not None and x.place.level in want]
        # 上海市闵行区…全区: the level the word names first (a district), then the wider one
        return min(found, key=lambda x: want.index(x.place.level), default=None)  # type: ignore[union-attr]

    x = of_level(sent)
    if x is None:
        s = _first(ctx, block, sent, ("level", want), lambda s: of_level(s) is not None)
        x = of_level(s) if s is not None else None
    return pl.choose(x, ctx.mentioned, ctx.provinces) if x is not None else _doc_place_of_level(ctx, want)


def _doc_place_of_level(ctx: DocContext, want: tuple[str, ...]) -> Place | None:
    """全省 with no place of its level around: the document's place, its province for 全省 (全省 in a
    济南 release is 山东; 全市 in a 玉环 release stays 玉环, a county-level city); never the nation
    or a place without a code (a national body's 全省 is no province)."""
    p = doc_place(ctx)
    while want == ("province",) and p is not None and p.level in ("prefecture", "county") and p.parent:
        p = ctx.rules.regions_by_code.get(p.parent)
    return p if p is not None and p.code else None


def doc_place(ctx: DocContext) -> Place | None:
    """The place the document is about: its title's, its lead paragraph's, its reporting body's."""
    if "doc_place" not in ctx.once:
        ctx.once["doc_place"] = _doc_place(ctx)
    return ctx.once["doc_place"]


def _doc_place(ctx: DocContext) -> Place | None:
    """The title's place, else its reporting body's, else the lead paragraph's, else the reporting
    body's of the page's head; else, where a quotation or a remark opens the article, the place of
    the paragraph after it."""
    st = ctx.structure
    leads = _leads(st)
    title = st.title.sentences if st.title is not None else []
    found = _first_place(ctx, title)
    if found is None and st.title is not None:
        bodies = _bodies_in(ctx, st.title.start, st.title.end)  # 辽宁省统计局 as the title: its place
        found = bodies[0][1] if bodies else None
    if found is None:
        found = _first_place(ctx, leads[0].sentences if leads else [])
        if found is not None and found.level == "nation":
            body = _body_place(ctx)  # 行政院主計處表示…因國內景氣: the body's place calls itself 国内
            found = body if body is not None and body.code in ctx.rules.own_nation else found
    if found is None:
        found = _body_place(ctx)
    if found is None:
        found = _dateline_place(ctx, title, [s for b in leads for s in b.sentences])
    if found is None and len(leads) > 1:
        found = _first_place(ctx, leads[1].sentences)
    if found is None:
        found = _trail_place(ctx)
    return found


_TRAIL = regex.compile(rf"^{TRAIL}$", regex.M)
TRAIL_REACH = 800  # characters at the head of a page in which its navigation trail stands


def _trail_place(ctx: DocContext) -> Place | None:
    """您当前的位置：首页 > 东北网黑龙江 > 经济: with nothing else naming the document's place, the
    section of the site it sits in does (the trail's last place, its most specific)."""
    m = _TRAIL.search(ctx.text, 0, min(len(ctx.text), TRAIL_REACH))
    if m is None:
        return None
    ms = [x for x in pl.scan(ctx.text, m.start(), m.end(), ctx.rules, ctx.established) if x.place is not None]
    return pl.choose(ms[-1], ctx.mentioned, ctx.provinces) if ms else None


def _first_place(ctx: DocContext, sentences: list[Sentence]) -> Place | None:
    for s in sentences:
        ms = [m for m in ctx.info[s.start].places if m.counts and m.place and m.why != pl.VISITORS]
        if ms:  # visitors' origin is never what a document is about (香港旅客 in a Macau release)
            return pl.choose(_innermost(ctx, ms), ctx.mentioned, ctx.provinces)
    return None


def _dateline_place(ctx: DocContext, heads: list[Sentence], leads: list[Sentence]) -> Place | None:
    """新华社长沙9月18日电 省统计局发布…全省, 湖南日报讯…全省, 《关于山东省…预算报告》…全省: a title
    or lead that speaks of 全省 or 全市 without naming it is about the division of that level the
    lead's dateline, local news outlet or named report is in. Alone these set no region (SPEC
    section 2): 新华社北京电 in national news."""
    infos = [ctx.info[s.start].places for s in heads + leads]
    word = next((m.level_word for ms in infos for m in ms if m.place is None and m.level_word in _LEVELS), None)
    if word is None:
        return None
    for ms in infos[len(heads) :]:
        for m in ms:
            if m.place and (m.why in ("dateline", "name") or m.org in ctx.rules.media_suffixes):
                p = pl.choose(m, ctx.mentioned, ctx.provinces)
                while p is not None and p.level not in _LEVELS[word] and p.parent:
                    p = ctx.rules.regions_by_code.get(p.parent)
                return p if p is not None and p.level in _LEVELS[word] else None
    return None


def _leads(st: Structure) -> list[Block]:
    """The first paragraph, and the next when no heading comes between them."""
    out: list[Block] = []
    for b in st.blocks:
        if b.kind == "para":
            out.append(b)
        elif out and b.kind == "heading":
            break
        if len(out) == 2:
            break
    return out


BODY_REACH = 600  # characters at the head of a document in which its reporting body is named


def _body_place(ctx: DocContext) -> Place | None:
    """The place of the document's reporting body, the first named: a body named with a place
    reports on that place (济南市统计局 → 济南), and so does a national body's branch or office
    (人民银行甘肃省分行, 国家统计局四川调查总队 → 甘肃, 四川); a national body alone → 全国."""
    found = _bodies_in(ctx, 0, min(len(ctx.text), BODY_REACH))
    if not found:  # 进口数据来源于海关总署 in the notes: the body whose data the text reports
        for m in _SOURCE_NOTE.finditer(ctx.text):
            found = _bodies_in(ctx, m.end(), min(len(ctx.text), m.end() + SOURCE_REACH))
            if found:
                break
    if not found:  # 凌源市统计局 / 2022年5月11日 closing the bulletin: the body that signs it
        found = next((f for line in _byline(ctx.text) if (f := _bodies_in(ctx, line.start(), line.end()))), [])
    return min(found, key=lambda f: f[0])[1] if found else None


BYLINE = 24  # characters of a line that holds a body's name and little else: a signature or a byline


def _byline(text: str) -> list[regex.Match[str]]:
    """The short lines of a text, from its end (a bulletin's signature, 經濟部統計處 over the
    spokesman's name)."""
    return list(_SHORT_LINE.finditer(text))[::-1]


_SHORT_LINE = regex.compile(rf"^[^\S\n]*\S[^\n]{{0,{BYLINE - 1}}}$", regex.M)


_SOURCE_NOTE = regex.compile(r"(?:数据|资料)(?:来源|来自)(?:于|为|是)?[：:\s]*")
SOURCE_REACH = 24  # characters after a source note in which its body is named


def _bodies_in(ctx: DocContext, lo: int, hi: int) -> list[tuple[int, Place]]:
    """The reporting bodies named in text[lo:hi], with where each starts and the place it gives."""
    rules = ctx.rules
    named = [m for m in pl.scan(ctx.text, lo, hi, rules, ctx.established, ctx.families) if m.org in rules.body_suffixes]
    # 绍兴市柯桥区财政局: the body of the division written last, under the one before it
    named = [m for k, m in enumerate(named) if not (k + 1 < len(named) and named[k + 1].start == m.end)]
    found = [(m.start, pl.choose(m, ctx.mentioned, ctx.provinces)) for m in named]
    branch_starts = {m.start for m in named}
    for body, name in rules.bodies.items():
        at = ctx.text.find(body, lo, hi)
        while at >= 0 and ctx.text[at + len(body) : at + len(body) + 1] in _WORD_GOES_ON:
            at = ctx.text.find(body, at + 1, hi)  # 经济部门, 财政部分: a longer word, not the body
        cands = rules.places.get(name)
        if at >= 0 and cands and at + len(body) not in branch_starts:  # not 人民银行 of 人民银行甘肃省分行
            found.append((at, cands[0]))
    return found


_WORD_GOES_ON = frozenset("门門分")


# ---------------------------------------------------------------- period


@dataclass
class PeriodPick:
    mention: PeriodMention | None
    iso: str | None
    where: str = ""  # sentence | paragraph | heading | title


_CLAUSE_OPENERS = frozenset('，,。；;：:！？!?\n　 （(“"')


def _opens_clause(text: str, i: int) -> bool:
    """At a clause's start, or after a connective that opens one (而第二季的升幅, 其中三季度的)."""
    if i > 0 and text[i - 1] not in _CLAUSE_OPENERS:
        k = next((len(w) for w in _CONNECTIVES if text.startswith(w, i - len(w))), 0)
        if not k:
            return False
        i -= k
    return i == 0 or text[i - 1] in _CLAUSE_OPENERS


_MONTHS_RESTATED = regex.compile(r"[一二两三四五六七八九十0-9]{1,2}个?月期间")
_LIST_JOINERS = frozenset("、及和与與")
_CONNECTIVES = ("其中", "但是", "同时", "另外", "此外", "而", "但", "且", "则")  # words that open a clause


_DATELINE_END = regex.compile(
    r"\s*(?:[电電讯訊]|消息)|\s*/\s*(?:美通社|新华社|中新社|路透社|彭博社|共同社|PRNewswire)\s*/"
)
_AIM_OF = regex.compile(r"(?:目标|计划|预算)(?:任务)?的")


def _usable(ctx: DocContext, p: PeriodMention) -> bool:
    """Period words that may give a claim its period (not a comparison base, a name, a release date)."""
    if p.comparison or p.in_name:
        return False
    if p.days is not None and _DATELINE_END.match(ctx.text, p.end):
        return False  # 新华社北京7月11日电, 上海2021年3月30日 /美通社/: a news dateline
    if _AIM_OF.match(ctx.text, p.end):
        return False  # 完成全年目标任务的59%: the period of the aim, not of the figure
    listed = ctx.text[p.start - 1 : p.start] in _LIST_JOINERS  # 第1季、第2季及第3季的…分别: a list's last item
    if ctx.text.startswith("的", p.end) and not p.stop and not listed and not _opens_clause(ctx.text, p.start):
        # 延续二季度的…态势: words that qualify a noun, not the claim (2023年11月的销售额 is its
        # period); 由6月至8月的3.7%上升至… qualifies the figure itself
        after = ctx.text[p.end + 1 : p.end + 2]
        # …的3.7%: the figure itself; 五至七月的三个月期间: the span restated, still its period
        return after.isdigit() or _MONTHS_RESTATED.match(ctx.text, p.end + 1) is not None
    if p.stop and _of_the_series(ctx, p):
        return False
    if p.days is not None and p.days[0] == p.days[1] and not p.instant:
        after = ctx.text[p.end : p.end + 48].split("。")[0]
        if _RELEASE.search(after[: after.find("，", 1) if "，" in after[1:] else len(after)]):
            return False  # 1月11日，…发布数据: a release date
    return True


def _of_the_series(ctx: DocContext, p: PeriodMention) -> bool:
    """今年以来，上述四个行业持续保持较快增长，…产量9.49万吨: words that resolve to nothing, followed
    before any figure by a word of the series (持续, 一直), speak of the series, not of a figure."""
    m = _UP_TO_FIGURE.match(ctx.text, p.end)
    return m is not None and any(w in m.group() for w in ctx.rules.period_words.series_after)


_UP_TO_FIGURE = regex.compile(r"[^0-9０-９。；;！？!?]{0,60}")


def period(
    ctx: DocContext,
    block: Block,
    sent: Sentence,
    pos: int,
    indicator: str,
    item: tuple[int, int] = (-1, 0),
    target: bool = False,
) -> PeriodPick:
    """The claim's period: its sentence (nearest before, else after), then the chain, then the title."""
    ctx.target = target  # a year-less span of a plan or forecast is the document's own year
    pick = _period(ctx, block, sent, pos, indicator, item)
    if pick.mention is not None:
        m = pick.mention
        title = ctx.structure.title
        pick.where = (
            "sentence"
            if sent.start <= m.start < sent.end
            else "paragraph"
            if block.start <= m.start < block.end
            else "title"
            if title is not None and title.start <= m.start < title.end
            else "heading"
        )
    return pick


@dataclass(slots=True)
class _Usable:
    """A sentence's usable period words with their starts and ends, for bisection (a sentence
    may hold thousands of them)."""

    periods: list[PeriodMention]
    starts: list[int]
    ends: list[int]


def _usable_periods(ctx: DocContext, sent: Sentence) -> _Usable:
    u = ctx.usable.get(sent.start)
    if u is None:
        own = [p for p in ctx.info[sent.start].periods if _usable(ctx, p)]
        u = ctx.usable[sent.start] = _Usable(own, [p.start for p in own], [p.end for p in own])
    return u


def _period(
    ctx: DocContext, block: Block, sent: Sentence, pos: int, indicator: str, item: tuple[int, int]
) -> PeriodPick:
    """`item`: the claim's place in a list that distributes periods, and the list's length where
    分别 marks it (0 otherwise)."""
    own = _usable_periods(ctx, sent)  # in text order, none inside another: starts and ends both ascend
    index, n = item
    if index >= 0:
        listed = bisect.bisect_left(own.starts, pos)  # how many start before pos
        if (listed > index and index > 0) or (index == 0 and listed > 1):
            return _pick(ctx, block, sent, own.periods[index], indicator)
        month = _month_of(ctx, own.periods[0], index, n, pos) if listed == 1 and n > 1 else None
        if month is not None:
            return _pick(ctx, block, sent, month, indicator)
    before = bisect.bisect_right(own.ends, pos)
    if before:
        return _pick(ctx, block, sent, own.periods[before - 1], indicator)
    after = bisect.bisect_left(own.starts, pos)
    if after < len(own.periods) and not _LATER_CLAUSE.search(ctx.text, pos, own.periods[after].start):
        return _pick(ctx, block, sent, own.periods[after], indicator)
    return _carried(ctx, block, sent, indicator)


# 升幅分别为2.5%…，而二零一七年六月份的相应升幅: period words after a clause opened by a
# connective are that clause's, not the figures before it
_LATER_CLAUSE = regex.compile(r"[，,；;]\s*(?:" + "|".join(_CONNECTIVES) + ")")


CUMULATIVE = ("累计", "累計")  # a figure summed from the start of the year (or of a list's range)


def _month_of(ctx: DocContext, span: PeriodMention, index: int, n: int, pos: int) -> PeriodMention | None:
    """2-7月，…增幅分别为A,B,C,D,E,F: a month of the range an item, in order, when the list is as
    long as the range (a year of a range of years too); a cumulative figure (累计) runs from
    January to its month (1-2月 … 1-7月)."""
    if span.days is not None or span.stop or span.comparison or span.anaphor:
        return None
    if span.months is None and span.year_start is not None and span.year is not None:
        # 2025-2027年的营业收入将分别达到A、B和C: a year of the range an item
        if span.year - span.year_start + 1 != n or index >= n:
            return None
        return dataclasses.replace(span, year=span.year_start + index, year_start=None)
    if span.months is None:
        return None
    first, last = span.months
    if last - first + 1 != n or index >= n:
        return None
    month = first + index
    start = 1 if any(w in ctx.text[span.end : pos] for w in CUMULATIVE) else month
    return dataclasses.replace(span, months=(start, month), instant=False)


def _carried(
    ctx: DocContext, block: Block, sent: Sentence, indicator: str, anaphor: PeriodMention | None = None
) -> PeriodPick:
    def carries(s: Sentence) -> PeriodMention | None:
        ps = _usable_periods(ctx, s).periods
        if _breakdown(ps):
            return None
        return next(
            (p for p in ps if not _only_own(ctx, p) and not _of_one_figure(ctx, p) and not (anaphor and p.anaphor)),
            None,
        )

    s = _first(ctx, block, sent, ("period", anaphor is not None), lambda s: carries(s) is not None)
    if s is not None:
        return _pick(ctx, block, s, carries(s), indicator, shown=anaphor)  # type: ignore[arg-type]
    title = ctx.structure.title
    if not ctx.structure.digest and title is not None and block is not title:
        for s in title.sentences:
            ps = [p for p in ctx.info[s.start].periods if _usable(ctx, p) and not (anaphor and p.anaphor)]
            if ps:
                return _pick(ctx, block, s, ps[0], indicator, shown=anaphor)
        if anaphor is not None and anaphor.text in _SAME_SPAN and title.heads is not None and title.heads is not block:
            # 同期 under a title with no period words: the title's, which its lead paragraph gives
            # (本月, 报告期 there mean the report's own span, found below)
            for s in title.heads.sentences:
                found = carries(s)
                if found is not None:
                    return _pick(ctx, block, s, found, indicator, shown=anaphor)
    if anaphor is not None and anaphor.text.startswith(_REPORT_SPAN):
        report = _report(ctx)  # 发布2022年度报告。…（another paragraph）报告期内: that report's year
        if report is not None:
            return _pick(ctx, block, ctx.sentences[report[0]], report[1], indicator, shown=anaphor)
    if anaphor is not None and anaphor.text in _THIS_SPAN:
        # 本旬, 本月 with nothing carried: the ten days or month the report is about (3月上旬…本旬)
        found = _first_span(ctx, _THIS_SPAN[anaphor.text])
        if found is not None:
            return _pick(ctx, block, ctx.sentences[found[0]], found[1], indicator, shown=anaphor)
    return PeriodPick(anaphor, None)


_SAME_SPAN = ("同期", "同月", "同季")  # the span just spoken of
_THIS_SPAN = {"本旬": "days", "当旬": "days", "本月": "month", "当月": "month"}


def _first_span(ctx: DocContext, kind: str) -> tuple[int, PeriodMention] | None:
    """The document's first ten days (3月上旬) or month (3月, the month of 3月上旬), and its sentence;
    looked up once a document, however many claims ask."""
    key = f"first_span:{kind}"
    if key not in ctx.once:
        ctx.once[key] = _find_first_span(ctx, kind)
    return ctx.once[key]


def _find_first_span(ctx: DocContext, kind: str) -> tuple[int, PeriodMention] | None:
    for start in sorted(ctx.sentences):
        for p in ctx.info[start].periods:
            if p.months is None or p.months[0] != p.months[1] or not _usable(ctx, p) or p.anaphor:
                continue
            if kind == "days" and p.days is not None and not p.instant:
                return start, p
            if kind == "month":  # the month of the ten days, in the year they resolve to
                iso = resolve(p, year=None, doc_date=ctx.date)
                year = int(iso[:4]) if iso else p.year
                return start, dataclasses.replace(p, days=None, instant=False, year=year, needs_year=False)
    return None


_REPORT_SPAN = ("报告期", "報告期", "期内", "期內", "本期")  # in a document that names its periodic report


def _report(ctx: DocContext) -> tuple[int, PeriodMention] | None:
    """The first periodic report the document names with its period, and its sentence (once a document)."""
    if "report" not in ctx.once:
        found = None
        for start in sorted(ctx.sentences):
            p = next((p for p in ctx.info[start].periods if p.report), None)
            if p is not None:
                found = (start, p)
                break
        if found is None:  # 发布半年度业绩报告称，2024年上半年…: the span the report's own sentence states
            reports = ctx.rules.period_words.annual_reports + ctx.rules.period_words.interim_reports
            for start in sorted(ctx.sentences):
                if any(w in ctx.sentences[start].text for w in reports):
                    p = next((p for p in ctx.info[start].periods if p.year is not None and _usable(ctx, p)), None)
                    if p is not None:
                        found = (start, p)
                        break
        ctx.once["report"] = found
    return ctx.once["report"]


def report_period(ctx: DocContext) -> str | None:
    """The period of the periodic report a document names (2021年第一季度报告 → 2021-01/2021-03)."""
    found = _report(ctx)
    return resolve(found[1], year=None, doc_date=ctx.date) if found is not None else None


def _breakdown(ps: list[PeriodMention]) -> bool:
    """分季度看，一季度…，二季度…，三季度…: a sentence that goes through the parts of a span in
    order, a figure each. None of its periods speaks for the sentences after it."""
    spans = [p for p in ps if p.months is not None and not (p.stop or p.prior or p.comparison or p.anaphor)]
    if len(spans) < 2 or len({(p.year, p.rel_year) for p in spans}) > 1:
        return False
    return all(a.months[1] < b.months[0] for a, b in itertools.pairwise(spans))  # type: ignore[index]


def _of_one_figure(ctx: DocContext, p: PeriodMention) -> bool:
    """由2013年的753.3亿元增长到2022年的2094.7亿元: period words that qualify one figure (X的+figure)
    are that figure's, and carry to no other sentence."""
    return ctx.text.startswith("的", p.end) and ctx.text[p.end + 1 : p.end + 2].isdigit()


def _only_own(ctx: DocContext, p: PeriodMention) -> bool:
    """A period opened by 其中 holds only for its own sentence."""
    return ctx.text[max(0, p.start - 3) : p.start].endswith(("其中", "其中，"))


def _pick(
    ctx: DocContext, block: Block, sent: Sentence, p: PeriodMention, indicator: str, shown: PeriodMention | None = None
) -> PeriodPick:
    if p.stop:
        return PeriodPick(shown or p, None)
    if p.anaphor and shown is None:  # 当天, 当月, 同期: the period carried to here
        earlier = [q for q in ctx.info[sent.start].periods if q.end <= p.start and _usable(ctx, q) and not q.anaphor]
        if earlier:
            return _pick(ctx, block, sent, earlier[-1], indicator, shown=p)
        return _carried(ctx, block, sent, indicator, anaphor=p)
    if p.previous and shown is None and ctx.date is not None:  # 上月交付量 in a text of 2026-03-01: 2026-02
        return PeriodPick(p, before_date(p.text, ctx.date))
    if p.holiday is not None:
        dated = _holiday_dates(ctx, p)
        if dated is None:
            return PeriodPick(shown or p, None)
        p_res = dated
    else:
        p_res = p
    year = None
    if p_res.rel_year is not None and ctx.date is None and p_res.months in ctx.years_by_span:
        # 今年1月 beside 2023年1月, and no document date: the year of the same span
        year, p_res = ctx.years_by_span[p_res.months], dataclasses.replace(p_res, rel_year=None)
    elif p_res.rel_year is not None and ctx.date is None and p_res.months is None and _one_relative_year(ctx):
        # 去年全省财政收入… in a document that says 2021年 and no other relative year: that year
        year = ctx.years_by_span.get(_WHOLE_YEAR)
        p_res = dataclasses.replace(p_res, rel_year=None) if year is not None else p_res
    elif p_res.year is None and p_res.rel_year is None:
        year = _carried_year(ctx, block, sent, p_res)
        if year is None and ctx.target and ctx.date is not None:
            year = ctx.date.year
    # a stock aimed for by a year (到2025年…总数达到2.5万户) is that year's aim, not a day's level
    aimed_year = ctx.target and p_res.days is None and p_res.months in (None, (1, 12))
    stock = is_stock(ctx.rules, indicator) and not aimed_year
    iso = resolve(p_res, year=year, doc_date=ctx.date, stock=stock)
    return PeriodPick(shown or p, iso)


def is_stock(rules: RuleSet, indicator: str) -> bool:
    """A name ending in a stock (余额, 资本充足率, 常住人口) takes a span's last day; a flow word
    (新增, 累计完成) keeps the span; 常住人口人均生产总值 is no stock."""
    pair = rules.cache.get("stock")
    if pair is None:
        w = rules.period_words
        stock = regex.compile(f"(?:{alternation(list(w.stock_words)).pattern})(?:数|量|总量|规模)?$")
        pair = rules.cache["stock"] = (stock, alternation(list(w.flow_words)))
    stock, flow = pair
    return bool(stock.search(normalize(indicator))) and not flow.search(normalize(indicator))


_HOLIDAY_MONTH = {"国庆": 10, "國慶": 10, "五一": 5, "劳动节": 5, "勞動節": 5, "元旦": 1}


def _holiday_dates(ctx: DocContext, p: PeriodMention) -> PeriodMention | None:
    """A holiday takes the dates the document states for it (10月1日至4日), else none."""
    month = next((m for k, m in _HOLIDAY_MONTH.items() if k in p.text), None)
    key = f"holiday {month} {p.holiday_days}"
    if key not in ctx.once:  # the document's answer, looked up once
        ctx.once[key] = next(
            (
                q
                for start in ctx.sentences
                for q in ctx.info[start].periods
                if q.days is not None
                and q.months is not None
                and (q.days[0] != q.days[1] or p.holiday_days)
                and (month is None or q.months[0] == month)
            ),
            None,
        )
    return ctx.once[key]


def _carried_year(ctx: DocContext, block: Block, sent: Sentence, p: PeriodMention) -> int | None:
    def years(s: Sentence) -> list[tuple[PeriodMention, int]]:
        """The years a sentence states: 2023年; in a heading or the title, 去年 too where the
        document is dated (澳門去年GDP勁增80.5% over 全年…). In the body a relative year
        stays its own sentence's: a crawl date taken for the document's would misdate a span."""
        relative = ctx.date is not None and not _in(block, s)
        out = []
        for q in ctx.info[s.start].periods:
            if q.in_name or q.stop or q.comparison or q.prior:
                continue
            if q.year is not None:
                out.append((q, q.year))
            elif q.rel_year is not None and relative and ctx.date is not None:  # (relative: dated)
                out.append((q, ctx.date.year + q.rel_year))
            elif q.rel_year is None and q.months is not None and q.months in ctx.years_by_span:
                out.append((q, ctx.years_by_span[q.months]))  # 上半年 stated elsewhere as 2020年上半年
        return out

    def year(s: Sentence) -> int | None:  # a sentence before: its last year, the nearest to the claim
        ys = [y for q, y in years(s) if not _of_one_figure(ctx, q)]
        return ys[-1] if ys else None

    own = years(sent)  # the claim's sentence: the nearest year before the span, never one after it
    before = [y for q, y in own if q.end <= p.start]
    y = before[-1] if before else None
    if y is None:
        s = _first(ctx, block, sent, ("year",), lambda s: year(s) is not None)
        y = year(s) if s is not None else None
    if y is not None:
        return y
    if p.months is not None and p.months in ctx.years_by_span:
        return ctx.years_by_span[p.months]
    if p.whole_year or (p.instant and p.months == (12, 12) and p.days is None):
        return ctx.years_by_span.get(_WHOLE_YEAR)  # 全年, 年末 in a document that states its year once
    report = _report(ctx)  # 已披露2025年第三季度报告 …三季度末: the year of the report quoted from
    return report[1].year if report is not None else None


_WHOLE_YEAR = (0, 0)  # years_by_span's key for a bare year (2016年)


def _one_relative_year(ctx: DocContext) -> bool:
    """Whether the document's bare relative years (今年, 去年) all name the same year: only then is
    the whole year it states with digits the one they mean (once a document)."""
    if "one_relative_year" not in ctx.once:
        rel = {
            p.rel_year
            for start in ctx.sentences
            for p in ctx.info[start].periods
            if p.rel_year is not None and p.months is None and not (p.comparison or p.stop or p.prior)
        }
        ctx.once["one_relative_year"] = len(rel) == 1
    return ctx.once["one_relative_year"]


# ---------------------------------------------------------------- basis and kind


def named_year_basis(rules: RuleSet, word: str, period: str | None) -> str | None:
    """The basis of a named-year comparison (growth.toml [named_year]) for a claim of `period`:
    yoy against the year before, else null."""
    m = rules.named_year.fullmatch(word)
    if m is None or not period or not period[:4].isdigit():
        return None
    return "yoy" if int(period[:4]) == int(m.group("y")) + 1 else None


def basis(ctx: DocContext, block: Block, sent: Sentence, pos: int) -> tuple[str | None, str]:
    """The basis word nearest before the rate in its paragraph; then headings, title; else yoy."""
    para = _paragraph_basis(ctx, block)
    k = bisect.bisect_right(para.offsets, pos)  # the words before pos, and one that opens the change word (年增)
    if k:
        off, b, w = para.words[k - 1]
        if b is None:
            # a null-basis word applies only to the rate right after it, and the carried basis
            # stays what it was
            if off >= sent.start and not regex.search(r"[%％]", ctx.text[off:pos]):
                return None, w  # the rate right after a null-basis word, in its sentence
            last = para.last_stated[k - 1]
            if last >= 0:
                return para.words[last][1], para.words[last][2]
            return ctx.rules.defaults["growth_basis"], ""
        return b, w
    for h in _headings(ctx, block):
        for s in h.sentences:
            ws = [w for w in ctx.info[s.start].basis if w[1] is not None]
            if ws:
                return ws[0][1], ws[0][2]
    return ctx.rules.defaults["growth_basis"], ""


@dataclass(slots=True)
class _ParagraphBasis:
    """A paragraph's basis words in text order; for each, the index of the last one at or
    before it that states a basis (-1: none). Computed once a paragraph, so a rate's basis is a
    bisection however long the paragraph."""

    words: list[tuple[int, str | None, str]]
    offsets: list[int]
    last_stated: list[int]


def _paragraph_basis(ctx: DocContext, block: Block) -> _ParagraphBasis:
    para = ctx.paragraph_basis.get(id(block))
    if para is None:
        # 涨幅比上月回落0.2个百分点: a rate compared with a rate says nothing of the basis of
        # the rates after it
        words = [
            w
            for s in block.sentences
            for w in ctx.info[s.start].basis
            if not ctx.text.endswith(_RATE_NOUNS, max(0, w[0] - 3), w[0])
        ]
        last, stated = -1, []
        for i, w in enumerate(words):
            last = i if w[1] is not None else last
            stated.append(last)
        para = ctx.paragraph_basis[id(block)] = _ParagraphBasis(words, [w[0] for w in words], stated)
    return para


_RATE_NOUNS = ("涨幅", "增幅", "增速", "降幅", "跌幅", "增长率", "涨幅均", "增速均")


KIND_REACH = 160  # characters before an amount in which a target cue still speaks of it


def kind(ctx: DocContext, block: Block, sent: Sentence, start: int, end: int) -> tuple[str, str]:
    """target when a cue before the amount (or a plan word naming it) says so; the cue is returned.
    A cue in the line that introduces a list (主要目标是：) speaks for every item of the list."""
    rules = ctx.rules
    before = ctx.text[max(sent.start, start - KIND_REACH) : start]
    scope = rules.scope_after.match(ctx.text, end, min(len(ctx.text), end + 8)) or rules.scope_before.search(before)
    if scope:
        return "target", scope.group(0).lstrip("的")
    if _COMPLETION.search(before):
        return "actual", ""  # 完成全年目标任务的59%: how much of an aim is done, a result
    cue = _target_cue(rules, before)
    if cue is None and block.lead:
        lead = _paragraph(ctx, block)[: -len(block.sentences)]
        if lead and lead[-1].text.rstrip().endswith(("：", ":")):
            cue = _target_cue(rules, lead[-1].text)
    if cue is None and "：" not in before and ":" not in before:  # a colon of its own leads its own list
        cue = _list_lead_cue(ctx, block, sent)
    if cue is not None:
        return "target", cue
    return rules.defaults["kind"], ""


def _list_lead_cue(ctx: DocContext, block: Block, sent: Sentence) -> str | None:
    """主要预期目标是：A增长6.5%。B增长5%。: the items of a list its paragraph opens with a colon run
    on past the first full stop; the cue before the nearest such colon speaks for them. Worked
    out in one pass a paragraph, so a paragraph of thousands of sentences stays linear."""
    cues: dict[int, str | None] | None = ctx.once.setdefault("list_lead_cues", {}).get(id(block))
    if cues is None:
        cues, cue = {}, None
        for s in block.sentences:
            cues[s.start] = cue
            colon = max(s.text.rfind("："), s.text.rfind(":"))
            if colon >= 0:  # the cue of the lead's own clause (主要预期目标是：), not of one before it
                lead = lead_clause(s.text[:colon])
                cue = _target_cue(ctx.rules, lead)
        ctx.once["list_lead_cues"][id(block)] = cues
    return cues.get(sent.start)


_LEAD_CLAUSE = regex.compile(r"[，,；;。！？!?]")


# a completion ratio (完成全年目标任务的59%, 为年度预算的40.4%) is an actual share of an aim
_COMPLETION = regex.compile(r"(?:完成|达到|为|占|实现)[^，。；,;]{0,10}(?:目标|计划|预算|任务)[^，。；,;]{0,4}的$")


def estimate_of_closed_period(ctx: DocContext, sent: Sentence, start: int, iso: str | None) -> bool:
    """预计2022年全年实现营业收入39.4万亿元 in a January 2023 article: an estimate of a period over
    at the document's date (its last day before it), a result (kind.toml [past_estimate])."""
    words = ctx.rules.past_estimate[1]
    if ctx.date is None or not iso or not words:
        return False
    if not any(w in ctx.text[max(sent.start, start - KIND_REACH) : start] for w in words):
        return False
    last = iso.rsplit("/", 1)[-1]
    try:
        if len(last) == 4:
            end = dt.date(int(last), 12, 31)
        elif len(last) == 7:
            y, m = int(last[:4]), int(last[5:7])
            end = dt.date(y, m, calendar.monthrange(y, m)[1])
        else:
            end = dt.date.fromisoformat(last)
    except ValueError:
        return False
    return end < ctx.date


def after_document(ctx: DocContext, iso: str | None) -> bool:
    """Does a period start after the document's year (a figure no one could yet report)?"""
    if not ctx.rules.future_rule or ctx.date is None or not iso or not iso[:4].isdigit():
        return False
    return int(iso[:4]) > ctx.date.year


def _target_cue(rules: RuleSet, before: str) -> str | None:
    """The kind.toml entry of the nearest target cue in `before` that no result word (实现, 同比)
    in a later clause takes back. A result word in the cue's own clause is the aim's verb
    (力争实现, 计划到年底完成)."""
    cues = list(rules.target_cue.finditer(before))
    if not cues:
        return None
    m = cues[-1]
    if rules.target_dated.fullmatch(m.group(0)) is None:
        later = _CLAUSE_BREAK.search(before, m.end())
        if later is not None and rules.actual_cue.search(before, later.end()):
            return None
    return _cue_entry(rules, m)


_CLAUSE_BREAK = regex.compile(r"[，,；;：:]")


def _cue_entry(rules: RuleSet, m: regex.Match[str]) -> str:
    """The kind.toml entry a cue came from: the word itself, or the pattern that matched it there
    (a pattern may look past the cue: 要 before 达到)."""
    for pattern in rules.kind_patterns:
        found = regex.compile(pattern).match(m.string, m.start())
        if found is not None and found.end() == m.end():
            return pattern
    return m.group(0)
