"""extract(): the only place the stages are wired, in reading order.

read → segment → find amounts → attach growth → context (region, period, basis, kind,
indicator) → records. Plain data flows through; `Fact` is built once per claim at the end.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from pathlib import Path

import regex

from . import context as cx
from . import entities as ent
from . import indicator as ind
from .amounts import Amount, find_amounts
from .models import Doc, Fact
from .periods import last_day, shift_years
from .rules import Place, RuleSet, load_rules
from .script import simplified, written_name
from .segment import Block, Sentence, segment
from .tables import table_claims

_LIST_WORD = regex.compile(r"分别")  # a list that pairs item for item
_COMPOUNDS = {"产销": ("产量", "销量"), "城乡居民": ("城镇居民", "农村居民")}


@dataclass
class Claim:
    """A claim before it becomes a record: the amount, its growth, its context and why."""

    amount: Amount  # the value (or, growth-only, the rate)
    growth: Amount | None
    indicator: str
    sentence: Sentence
    block: Block
    index: int = -1  # position in a list that distributes periods
    listed: int = 0  # the length of that list where 分别 marks it (2-7月…分别为: a month an item)
    refs: dict[str, str] = field(default_factory=dict)
    basis_at: int = -1  # a comparison-base rate reads the basis of the rate it is compared with
    place: Place | None = None  # one subject of a figure several places share (A、B、C均超百亿元)


@dataclass
class Explanation:
    """What `factx explain` shows: each record with the rule entry behind each field, and the
    numbers that were seen and left out with the rule that dropped them."""

    records: list[tuple[Fact, dict[str, dict[str, str]]]] = field(default_factory=list)
    dropped: list[dict[str, object]] = field(default_factory=list)


def extract_doc(doc: Doc, rules: RuleSet | None = None, explain: Explanation | None = None) -> list[Fact]:
    """Every claim of a document, in text order. With `explain`, the decisions are recorded too:
    the same code path, writing down what it decided.

    Extraction reads the simplified view of the text (script.py: same length, same offsets);
    what a record quotes is taken from the text as written (`to_fact`)."""
    rules = rules or load_rules()
    written = doc.text
    view = simplified(written)
    if view != written:
        doc = dataclasses.replace(doc, text=view)
    structure = segment(doc)
    ctx = cx.build(view, structure, rules, doc.date, written=written if view != written else view)
    out: list[tuple[Fact, dict[str, dict[str, str]]]] = []
    for block in structure.blocks:
        if block.kind in ("note", "noteheading"):
            continue
        if block.kind == "table" and block.table is not None:
            claims = table_claims(ctx, block)
        else:
            claims = [c for s in block.sentences for c in sentence_claims(ctx, block, s, explain)]
        out += [to_fact(ctx, doc.name, c, explain is not None) for c in claims]
    out.sort(key=lambda fw: fw[0].start)
    if explain is not None:
        explain.records += out
        explain.dropped.sort(key=lambda d: d["start"])  # type: ignore[arg-type, return-value]
    return [f for f, _ in out]


def extract(text: str, *, doc: str = "-", date: str | None = None, rules: Path | None = None) -> list[Fact]:
    """Every quantified claim in `text` as a Fact (the library entry point)."""
    from .reader import doc_from_text

    return extract_doc(doc_from_text(doc, text, date=date), load_rules(rules))


# ---------------------------------------------------------------- one sentence


def sentence_claims(
    ctx: cx.DocContext, block: Block, sent: Sentence, explain: Explanation | None = None
) -> list[Claim]:
    text, rules = ctx.text, ctx.rules
    found = find_amounts(text, sent.start, sent.end, rules, ctx.structure.urls)
    if explain is not None:
        explain.dropped += _left_out(ctx, sent, found)
    amounts = [a for a in found if a.dropped is None]
    claims: list[Claim] = []
    by_amount: dict[int, Claim] = {}
    levels = [a for a in amounts if not a.is_growth]
    before = _Before(levels)
    for a in levels:
        why: list[str] = []
        c = Claim(a, None, _level_indicator(ctx, sent, a, before, why), sent, block)
        c.refs["indicator"] = next((w for w in why if w), "")
        claims.append(c)
        by_amount[id(a)] = c
    _distribute(ctx, sent, levels, by_amount)
    _inherit(ctx, block, sent, levels, before, by_amount)
    rates = [a for a in amounts if a.is_growth]
    paired = _pair_lists(rates, levels, by_amount, text)
    for g in rates:
        if id(g) not in paired:
            claims.append(_attach(ctx, block, sent, g, levels, before, by_amount, claims))
    if explain is not None:  # a point change found to change the rate before it (_attach)
        explain.dropped += _left_out(ctx, sent, rates)
    _split_rates(ctx, sent, [c for c in claims if c is not None])
    out = [c for c in claims if c is not None and (c.amount.value is not None or c.amount.growth is not None)]
    out = _shared(ctx, sent, out)
    prev = ""  # the name of the rate before, in this sentence
    for c in sorted(out, key=lambda c: c.amount.start):
        if c.amount.is_growth:
            c.indicator = ind.rate_name(c.indicator)
        if c.amount.is_growth and not c.indicator:  # 分季度看，一季度增长6.7%: no subject in its sentence
            c.indicator = ctx.last_name.get(id(block), "")
        elif c.amount.is_growth and prev and c.indicator:
            c.indicator = _with_measure(ctx.rules, c.indicator, prev)
        ctx.last_name[id(block)] = c.indicator
        prev = c.indicator if c.amount.is_growth else ""
    return out


def _left_out(ctx: cx.DocContext, sent: Sentence, amounts: list[Amount]) -> list[dict[str, object]]:
    """The numbers of a sentence a rule left out, for `factx explain`."""
    return [
        {
            "text": ctx.written[a.start : a.end],
            "start": a.start,
            "end": a.end,
            "rule": a.dropped,
            "sentence": ctx.as_written(sent.start, sent.end, sent.text),
        }
        for a in amounts
        if a.dropped is not None
    ]


def _with_measure(rules: RuleSet, name: str, prev: str) -> str:
    """采矿业增加值下降0.4%，制造业增长6.9%: a rate's name without a measure takes the one of the
    rate before it in the sentence (制造业增加值)."""
    if name.endswith(rules.heads):
        return name
    head = next((h for h in rules.heads if len(h) >= 2 and prev.endswith(h) and len(prev) > len(h)), "")
    return name + head if head else name


def _inherit(
    ctx: cx.DocContext,
    block: Block,
    sent: Sentence,
    levels: list[Amount],
    before: _Before,
    by_amount: dict[int, Claim],
) -> None:
    """Conversions take the indicator of what they restate; change amounts and conversions in a
    clause of their own prefix the indicator of the level before them; an empty name takes the
    last name this paragraph gave an amount of the same unit."""
    for a in levels:
        c = by_amount[id(a)]
        if a.converts is not None:
            c.indicator = by_amount[id(a.converts)].indicator
        elif isinstance(c.indicator, _AfterLevel):
            base = before.last_plain(a.num_start)
            assert base is not None  # an _AfterLevel name is only given when there is one
            c.indicator = by_amount[id(base)].indicator + str(c.indicator)
        if not c.indicator:
            c.indicator = ctx.last_names.get((id(block), a.unit), "")
        if not c.indicator and (lead := _lead_name(ctx, block)):
            c.indicator, c.refs["indicator"] = lead, _LEAD_RULE
        if not c.indicator and block.kind == "heading":
            c.indicator = _cried_name(ctx, sent, a)
        ctx.last_names[(id(block), a.unit)] = c.indicator


def _lead_name(ctx: cx.DocContext, block: Block) -> str:
    """回望1-9月份各地市财政收入完成数据：↵ 1.合肥(729.3亿元)、2.芜湖(…): the items of a list under a
    line ending in a colon, named by nothing of their own, are what that line announces (its last
    clause, without place and period words)."""
    if not block.lead:
        return ""
    names: dict[int, str] = ctx.once.setdefault("lead_names", {})
    if id(block) not in names:  # once a block: a list of thousands of items stays linear
        before = cx.block_before(ctx, block)
        line = before.sentences[-1] if before is not None and before.sentences else None
        name = ""
        if line is not None and line.text.rstrip().endswith(("：", ":")):
            clause = cx.lead_clause(line.text.rstrip().rstrip("：:").removesuffix("如下"))
            said = list(ctx.rules.presenting.finditer(clause))
            name = ind.clean(clause[said[-1].end() :] if said else clause, ctx.rules, _remove_words(ctx, line))
        names[id(block)] = name
    return names[id(block)]


_LEAD_RULE = "indicators.toml: presenting (the list's lead line)"


def _cried_name(ctx: cx.DocContext, sent: Sentence, a: Amount) -> str:
    """784.28亿元！一季度绵阳地区生产总值公布: a headline that cries a figure out first names it in
    the words after the cry, less the verb that announces it (公布, 出炉)."""
    cry = _CRY.match(ctx.text, a.end, sent.end)
    if cry is None or ctx.text[sent.start : a.start].strip():
        return ""
    rest = ctx.text[cry.end() : sent.end].rstrip()
    said = list(ctx.rules.reporting.finditer(rest))
    name = rest[: said[-1].start()] if said and said[-1].end() == len(rest) else rest
    return ind.clean(name, ctx.rules, _remove_words(ctx, sent))


_CRY = regex.compile(r"\s*[！!]+\s*")


def _prior(claims: list[Claim], g: Amount) -> list[Claim]:
    """The last claim before a rate (claims are appended in text order), as a list of at most one."""
    for c in reversed(claims):
        if c is not None and c.amount.end <= g.num_start:
            return [c]
    return []


def _chains(items: list[Amount]) -> list[list[Amount]]:
    out: list[list[Amount]] = []
    for a in items:
        if a.list_pos > 0 and out:
            out[-1].append(a)
        else:
            out.append([a])
    return out


def _pair_lists(rates: list[Amount], levels: list[Amount], by_amount: dict[int, Claim], text: str) -> set[int]:
    """分别增长A、B、C: the k-th rate of a list goes to the k-th of the amounts before it."""
    done: set[int] = set()
    plain = [a for a in levels if a.cls != "change" and a.converts is None and not a.base_rate]
    plain_ends = [a.end for a in plain]
    level_chains = _chains(levels)
    chain_ends = [lc[-1].end for lc in level_chains]
    for chain in _chains(rates):
        if len(chain) < 2:
            continue
        k = bisect_right(chain_ends, chain[0].num_start)  # level lists ending before the rates
        if k and len(level_chains[k - 1]) == len(chain):
            targets = level_chains[k - 1]
        elif "分别" in text[max(0, chain[0].verb_start - 6) : chain[0].num_start]:
            # 第一产业…亿元，第二产业…亿元，…，同比分别增长: the last amounts before the list
            k = bisect_right(plain_ends, chain[0].num_start)
            targets = plain[max(0, k - len(chain)) : k]
            if len(targets) != len(chain):
                continue
        else:
            continue
        for a, g in zip(targets, chain, strict=True):
            c = by_amount[id(a)]
            if c.growth is None:
                c.growth = g
                done.add(id(g))
    return done


def _split_rates(ctx: cx.DocContext, sent: Sentence, claims: list[Claim]) -> None:
    """采矿业、制造业和…业增加值分别增长6.7%、10.5%和8.9%: one indicator per rate of the list."""
    by_amount: dict[int, list[Claim]] = {}
    for c in claims:
        by_amount.setdefault(id(c.amount), []).append(c)
    for chain in _chains([c.amount for c in claims if c.amount.is_growth]):
        if len(chain) < 2:
            continue
        k = ind.clause_start(ctx.text, sent.start, chain[0].verb_start)
        raw = ctx.text[k : chain[0].verb_start]
        marked = "分别" in ctx.text[chain[0].verb_start : chain[0].num_start]
        hi = chain[0].verb_start
        if not raw.strip(" ，,") and k > sent.start and marked:
            # 用电量、开票销售额保持较快增长，增速分别达16.4%和17.7%: the list is the clause before
            hi = k - 1
            k = ind.clause_start(ctx.text, sent.start, hi)
            raw = ctx.text[k:hi] + "分别"
        elif marked and "分别" not in raw:
            raw += "分别"  # 营收增速、毛利率增速分别为…: the list stands before the rate word
        marked = marked or bool(_LIST_WORD.search(raw))
        listed = cx.list_places(ctx, sent, k, chain[0].verb_start, len(chain)) if marked else None
        names = _list_names(ctx, sent, raw, len(chain))
        if names is None and marked and listed is None:
            names = _comma_list_names(ctx, sent, k, raw, len(chain))
        if listed is not None:  # 东、中、西部和东北地区投资分别增长A、B、C、D: a place a rate, one name
            name = cx.name_after_list(ctx, listed[0], hi)
            names = [name] * len(chain) if name else None
        elif k > sent.start and marked:  # 北京、上海经济平稳，增速分别为A和B: the clause before
            listed = _places_before(ctx, sent, k, hi, len(chain))
        if listed is not None:
            ctx.listed.update((a.num_start, p) for a, p in zip(chain, listed[1], strict=True))
        if marked and names is None and listed is None:  # 一季度、二季度分别增长A和B: the list is of periods
            for k, a in enumerate(chain):
                for c in by_amount.get(id(a), ()):
                    c.index, c.listed = k, len(chain)
        if names is None:
            continue
        for a, name in zip(chain, names, strict=True):
            for c in by_amount.get(id(a), ()):
                c.indicator = name


LIST_ITEM_REACH = 20  # characters of a comma-set list item (电力、热力生产和供应业)


def _comma_list_names(ctx: cx.DocContext, sent: Sentence, k: int, raw: str, n: int) -> list[str] | None:
    """交通运输、仓储和邮政业,金融业,…,信息传输、软件和信息技术服务业增加值分别增长A、B、C、D: items
    that hold a 、 of their own are listed with commas, so the list runs over the n clauses before
    the rates, none of which holds a figure."""
    segs = [raw.split("分别", 1)[0]]
    j = k
    remove = _remove_words(ctx, sent)
    while len(segs) < n and j > sent.start and ctx.text[j - 1] in "，,":
        k2 = ind.clause_start(ctx.text, sent.start, j - 1)
        seg = ctx.text[k2 : j - 1].strip()
        # an item names a category and nothing else: no figure, and nothing the name would lose
        # (全市工业平稳，采矿业、制造业分别…: a clause of its own, not an item)
        if not seg or len(seg) > LIST_ITEM_REACH or ind.clean(seg, ctx.rules, remove) != seg:
            return None
        segs.insert(0, seg)
        j = k2
    if len(segs) != n:
        return None
    names = [ind.clean(x, ctx.rules, remove) for x in segs]
    if not all(names):
        return None
    head = _shared_tail(ctx.rules, names)
    return [x if not head or x.endswith(head) or x.endswith(ctx.rules.measures) else x + head for x in names]


def _remove_words(ctx: cx.DocContext, sent: Sentence) -> list[str]:
    """Place and period words of a sentence: not part of an indicator. Computed once a sentence."""
    cached = ctx.removable.get(sent.start)
    if cached is not None:
        return cached
    info = ctx.info[sent.start]
    # 占全省, 对东盟, 香港旅客 in a Macau release stay in the name
    words = [ctx.text[m.start : m.end] for m in info.places if cx.sets_region(ctx, m)]
    words += [p.text for p in info.periods]
    words = sorted(set(words), key=len, reverse=True)
    ctx.removable[sent.start] = words
    return words


def _rate_remove_words(ctx: cx.DocContext, sent: Sentence) -> list[str]:
    """The sentence's place and period words and its basis words, each once: a sentence of a
    thousand 同比 gives one word, so naming a rate costs the same wherever it stands."""
    cached = ctx.removable_rate.get(sent.start)
    if cached is None:
        basis = {w for _, _, w in ctx.info[sent.start].basis}
        cached = ctx.removable_rate[sent.start] = _remove_words(ctx, sent) + sorted(basis, key=len, reverse=True)
    return cached


class _AfterLevel(str):
    """A name that continues the indicator of the level before it (比上年增加, 占…比重, 折合美元)."""


class _Before:
    """The levels of a sentence before a position, found by bisection: a sentence without
    punctuation may hold thousands of amounts, so no per-amount scan over all of them."""

    def __init__(self, levels: list[Amount]) -> None:
        self.levels = sorted(levels, key=lambda x: x.end)
        self.ends = [x.end for x in self.levels]
        self.by_start = sorted(levels, key=lambda x: x.num_start)
        self.starts = [x.num_start for x in self.by_start]
        plain = [x.end for x in levels if x.cls != "change" and x.converts is None]
        self.first_plain = min(plain, default=-1)
        self.conversions: dict[int, list[Amount]] = {}
        for x in levels:
            if x.converts is not None:
                self.conversions.setdefault(id(x.converts), []).append(x)

    def first_from(self, pos: int) -> Amount | None:
        """The first level starting at or after pos."""
        i = bisect_left(self.starts, pos)
        return self.by_start[i] if i < len(self.by_start) else None

    def last(self, pos: int, lo: int) -> Amount | None:
        """The last level ending in (lo, pos]."""
        i = bisect_right(self.ends, pos)
        return self.levels[i - 1] if i and self.ends[i - 1] > lo else None

    def has_plain(self, pos: int) -> bool:
        """Is there a level (not a change, not a conversion) ending at or before pos?"""
        return 0 <= self.first_plain <= pos

    def last_plain(self, pos: int) -> Amount | None:
        """The last level (not a change, not a conversion) ending at or before pos."""
        for i in range(bisect_right(self.ends, pos) - 1, -1, -1):
            if self.levels[i].cls != "change" and self.levels[i].converts is None:
                return self.levels[i]
        return None

    def growth_target(self, g: Amount, text: str) -> Amount | None:
        """The last level before a rate that the rate can be the growth of: a percent or index
        for a change in points, any other amount for a rate."""
        want_level = g.cls == "pp"
        for i in range(bisect_right(self.ends, g.num_start) - 1, -1, -1):
            a = self.levels[i]
            if a.end < g.num_start - ind.LOOK_BACK:
                return None
            if (
                a.cls != "change"
                and a.converts is None
                and not a.base_rate
                and not text.startswith("的", a.end)  # 预算数60999万元的40.4%: the base of a share
                and (a.cls == "index" or (a.cls == "percent") == want_level)  # an index moves in % or in points
            ):
                return a
        return None


def _level_indicator(ctx: cx.DocContext, sent: Sentence, a: Amount, before: _Before, why: list[str]) -> str:
    """The amount's indicator; `why` gets the rule entries that decided it."""
    text, rules = ctx.text, ctx.rules
    remove = _remove_words(ctx, sent)
    lo = ind.clause_start(text, sent.start, a.num_start)
    prev = before.last(a.num_start, lo)
    earlier = before.has_plain(a.num_start)
    if a.converts is not None:
        why.append(a.refs.get("unit", ""))  # filled from the amount it restates, in brackets
        return ""
    if a.cls == "change":
        # 比上年增产0.5亿斤: the change of the level before it, saying what changed
        start = max(lo, prev.end if prev else lo)
        cmp = regex.search(r"(比|较|与|同比)[^，。；]*$", text[start : a.num_start])
        phrase = text[start + cmp.start() if cmp else a.verb_start : a.num_start].strip("，, ")
        phrase = _without_qualifier(phrase, a)  # 减少约6,100人: 约 is the qualifier, not the name
        why.append(a.refs.get("change", ""))
        if earlier:
            return _AfterLevel(phrase)
        subject = text[lo : start + cmp.start()] if cmp else text[lo : a.verb_start]
        return ind.clean(subject, rules, remove, why) + phrase
    if a.cls == "count":
        noun = ind.noun_after(text, a.end, sent.end, rules)
        if noun in rules.verbs:  # 23种工业产品，12种增长: 增长的工业产品
            whole = _counted_before(ctx, sent, a, before)
            if whole:
                why.append(a.refs.get("unit", ""))
                return f"{noun}的{whole}"
        if noun and len(noun) >= 2:
            why.append(a.refs.get("unit", ""))  # the noun after its measure word
            return ind.clean(noun, rules, remove, why) or noun
    if prev:
        lo = prev.end
    qual = a.refs.get("qualifier", "")
    hi = a.num_start - len(a.refs.get("currency_before", ""))  # 营业收入为人民币120亿元
    word = qual.split(": ", 1)[-1] if qual else ""
    if word and text[hi - len(word) : hi] == word:
        hi -= len(word)
    raw = text[lo:hi]
    # the period words of the to-figure (由6月至8月的3.7%上升至7月至9月的3.9%) are not the link's
    link = ind.without(raw, remove)
    # 由X，上升至Y; 减少约6,100人，至Y: the link opens a clause of its own
    linked = _LED_TO.fullmatch(link) or _TO_AFTER_CHANGE.fullmatch(link)
    src = prev or (before.last(a.num_start, max(sent.start, lo - ind.CLAUSE_REACH)) if linked else None)
    if src and src.cls != "change" and src.converts is None and _LED_TO.fullmatch(link):
        src.refs["from_to"], a.refs["from_to"] = "from", "to"
        return _AfterLevel("")  # 从10.62亿千瓦增长到22亿千瓦: the level the one before it grew to
    if src and src.cls == "change" and _TO_AFTER_CHANGE.fullmatch(link):
        # 失业人数增加约4,600人至155,600人: the level reached is that of what changed
        k = ind.clause_start(text, sent.start, src.verb_start)
        return ind.clean(text[k : src.verb_start], rules, remove, why)
    by_amount = raw.rstrip().endswith("以")
    if by_amount and (named := _BY_AMOUNT.match(text, a.end) or _BY_AMOUNT_CLAUSE.match(text, a.end)) is not None:
        return ind.clean(named.group(1), rules, remove, why)  # 以392.1亿元的旅游总收入位居第一
    if earlier and regex.match(r"[，,\s]*占", raw) and not regex.search(r"\d", raw):
        return _AfterLevel(ind.clean(raw, rules, remove, why))  # …，占全国人口的比重为61.3%: a share of it
    if earlier and any(w in raw for w in ("折合", "折算", "约合", "折")):
        return _AfterLevel("折合" + (a.unit or ""))  # a conversion in a clause of its own
    name = ind.clean(raw, rules, remove, why)
    k = lo
    while not name and k > max(sent.start, lo - ind.LOOK_BACK) and not prev:
        # 上海市进出口总值创新高，达3.17万亿元: the subject of an earlier clause, with what this one did
        k2 = ind.clause_start(text, sent.start, k - 1)
        inside = before.last(k, k2)
        if inside is not None and inside.start >= k2:
            break
        digit = regex.search(r"\d", text[k2:k])
        if digit:  # 收入突破9100亿元，达到9102亿元: the subject of a clause whose figure is no claim
            name = ind.clean(text[k2 : k2 + digit.start()], rules, remove, why)
            break
        name = ind.clean(text[k2 : k - 1], rules, remove, why)
        k = k2
        rest = raw
        for w in sorted(remove, key=len, reverse=True):
            rest = rest.replace(w, "")
        rest = rest.strip(" ，,")
        if name and 2 <= len(rest) <= 4 and rest not in rules.predicates and rest not in rules.qual_before:
            name += rest
    return name


# 从X增长到Y, 由X提高至Y: Y is the same measure as X
_LED_TO = regex.compile(
    r"[\s，,]*(?:逐步|进一步|大幅|分别)?"
    r"(?:增长|增加|提高|提升|上升|扩大|下降|减少|降低|回落|缩小|跃升|攀升|下跌|上涨|下滑|增|降|升|减|跌|涨)?(?:到|至)"
)
_SHARE_CLAUSE = regex.compile(r"[，,]?\s*(?:占|占比|比重)[^，,。；;]{0,16}?[\d.]+[%％]")
# 减少约6,100人，至3,674,500人: after a change amount, the level it reached
_TO_AFTER_CHANGE = regex.compile(r"[\s，,]*(?:达到|升至|降至|增至|减至|到|至)")


def _without_qualifier(phrase: str, a: Amount) -> str:
    """A change phrase without the qualifier that ends it (增加约 → 增加)."""
    word = a.refs.get("qualifier", "").split(": ", 1)[-1]
    return phrase[: -len(word)] if word and phrase.endswith(word) and len(phrase) > len(word) else phrase


# 以392.1亿元的旅游总收入位居第一, 以 11.09 万亿元的总资产规模紧随其后, 以12.64万亿元（截至三季度末）总资产居首:
# the name follows the amount
_BY_AMOUNT = regex.compile(
    r"\s*(?:[（(][^（）()]{0,30}[）)])?\s*的?([\p{Han}A-Za-z]{2,12}?)"
    r"(?:位居|居|列|排名|名列|领跑|位列|成为|跃居|高居|稳居|位于|紧随)"
)
_BY_AMOUNT_CLAUSE = regex.compile(r"\s*的([\p{Han}A-Za-z]{2,12}?)[，,]")  # 以2500亿元的营收规模，同比增长…，位居


def _counted_before(ctx: cx.DocContext, sent: Sentence, a: Amount, before: _Before) -> str:
    """What the last count of the same measure word before `a` in its sentence counted (looking
    back LOOK_BACK characters at most: a sentence of a thousand counts stays linear)."""
    i = bisect_right(before.ends, a.num_start)
    for b in reversed(before.levels[:i]):
        if b.end < a.num_start - ind.LOOK_BACK:
            break
        if b.cls == "count" and b.unit == a.unit:
            noun = ind.noun_after(ctx.text, b.end, sent.end, ctx.rules)
            if noun and noun not in ctx.rules.verbs:
                return noun
    return ""


# 对东盟、欧盟…进出口, 自欧盟、美国…进口, 向东盟、非洲…出口: the first item's preposition is every item's
_PARTNER_PREFIXES = ("对", "与", "自", "从", "向")


def _list_names(ctx: cx.DocContext, sent: Sentence, raw: str, n: int) -> list[str] | None:
    """The n names a 分别 list gives: 对东盟、欧盟和美国进出口 → 对东盟进出口, 对欧盟进出口, 对美国进出口;
    城乡居民人均可支配收入 → 城镇居民…, 农村居民…; 产销 → 产量, 销量."""
    if "分别" not in raw:
        # 汽车产销累计完成X和Y，同比分别增长…: a compound name split by a 分别 later in the sentence
        if "分别" not in sent.text or not any(w in raw for w in _COMPOUNDS):
            return None
        raw += "分别"
    left, right = raw.split("分别", 1)
    right = ind.clean(right, ctx.rules, []) if right else ""
    if right in ctx.rules.predicates or right in ctx.rules.qual_before:
        right = ""
    left = ind.clean(_ordinal_list(left), ctx.rules, _remove_words(ctx, sent))
    for word, split in _COMPOUNDS.items():
        if word in left and len(split) == n:
            return [left.replace(word, s, 1) + right for s in split]
    items = ind.split_list(left)
    if len(items) != n:
        items = [p for p in left.split("、") if p]  # 其他用品及服务: one item, its 及 joins no list
        if len(items) != n:
            return None
    prefix = items[0][0] if items[0][:1] in _PARTNER_PREFIXES and items[1][:1] not in _PARTNER_PREFIXES else ""
    names = [(prefix if k else "") + it for k, it in enumerate(items)]
    # the shared head of the last item (增加值, 进出口) goes to every item that lacks it; an item
    # that names a measure of its own (营收和净利润) keeps it
    head = _shared_tail(ctx.rules, names)
    if head:
        names = [x if x.endswith(head) or x.endswith(ctx.rules.measures) else x + head for x in names]
    return [x + right for x in names]


_LIST_JOINS = ("及", "和", "与", "、", "或")
_ORDINAL_RUN = regex.compile(
    r"(?P<run>第?[一二三四五六七八九十](?:[、和及与]第?[一二三四五六七八九十])+)(?![季月年周日号旬期])(?P<tail>[^\d一二三四五六七八九十、和及与，,。；;]+)"
)


def _ordinal_list(s: str) -> str:
    """第一、二、三产业增加值 → 第一产业增加值、第二产业增加值、第三产业增加值: ordinals standing
    alone before the last take what follows it, and the 第 of the first (一、二季度 is periods)."""
    m = _ORDINAL_RUN.search(s)
    if m is None:
        return s
    first = "第" if m["run"].startswith("第") else ""
    items = [x if x.startswith(first) else first + x for x in regex.split(r"[、和及与]", m["run"])]
    return s[: m.start()] + "、".join(x + m["tail"] for x in items) + s[m.end() :]


def _stems(names: list[str]) -> list[str]:
    """The names of a list without the measure they share (对欧盟进出口, 对美国进出口 → 对欧盟, 对美国);
    empty when they share none or a stem would be empty."""
    k = 0
    while k < min(map(len, names)) and len({n[len(n) - k - 1] for n in names}) == 1:
        k += 1
    stems = [n[: len(n) - k] for n in names]
    return stems if k and all(stems) and len(set(stems)) == len(stems) else []


def _shared_tail(rules: RuleSet, items: list[str]) -> str:
    """What the last item of a list names for every item: the words after the part of it that
    stands beside the first item (电子产品、信息通信产品订单额 → 订单额; 城镇和农村居民人均可支配收入 →
    居民人均可支配收入), if they end in a head; else the head the last item ends with (增加值)."""
    first, last = items[0], items[-1]
    tail = ""
    for n in (2, 1):  # the last item's part ends as the first item does (产品, 业)
        i = last.find(first[-n:]) if len(first) >= n else -1
        if i >= 0:
            tail = last[i + n :]
            break
    else:
        parallel = len({len(x) for x in items[:-1]}) == 1  # modifiers of one length (城镇, 农村)
        if parallel and not first.endswith(rules.measures):
            tail = last[len(first) :]
    if tail and tail != last and not tail.startswith(_LIST_JOINS) and any(tail.endswith(h) for h in rules.heads):
        return tail
    if tail.startswith("的") and len(tail) > 2:
        return tail  # 江苏银行和南京银行的总资产: what follows 的 is every item's
    return next((h for h in rules.heads if last.endswith(h) and len(h) >= 2 and len(last) > len(h)), "")


# 均超, 分别超过, 都在: one figure a list of subjects shares
_COUNTED = regex.compile(r"^[两二三四五六七八九十\d]{1,2}(?:个|家)?(?:市|省|区|县|地|国)")
_SHARED = regex.compile(r"(?:均|都|分别|各)[^，,。；;\d%]{0,6}$")


def _shared(ctx: cx.DocContext, sent: Sentence, claims: list[Claim]) -> list[Claim]:
    """A、B、C均超百亿元, 汉酱、大曲、赖茅营收分别超10亿元: one figure shared by the subjects of a
    list gives one record per subject (SPEC section 4), each with its place where they are places.
    A figure of a list of figures (分别为X、Y) pairs item for item instead."""
    text, out = ctx.text, []
    in_lists = {c.amount.verb_start for c in claims if c.amount.list_pos}  # once: a sentence may hold thousands
    for c in claims:
        a = c.amount
        lo = ind.clause_start(text, sent.start, a.num_start)
        m = _SHARED.search(text, lo, a.num_start)
        if m is None or a.list_pos or c.index >= 0 or a.verb_start in in_lists or "、" not in text[lo : m.start()]:
            out.append(c)
            continue
        copies = _per_place(ctx, sent, c, lo, m.start()) or _per_name(ctx, sent, c, text[lo : m.start()])
        out += copies or [c]
    return out


def _per_place(ctx: cx.DocContext, sent: Sentence, c: Claim, lo: int, hi: int) -> list[Claim] | None:
    info = ctx.info[sent.start]
    span = info.places[bisect_right(info.place_ends, lo) : bisect_right(info.place_ends, hi)]  # not all of them
    n = sum(1 for m in span if lo <= m.start < hi and m.counts and m.place is not None)
    listed = cx.list_places(ctx, sent, lo, hi, n) if n >= 2 else None
    if listed is None:
        return None
    name = _COUNTED.sub("", cx.name_after_list(ctx, listed[0], hi)) or c.indicator  # 三市进出口规模 → 进出口规模
    return [dataclasses.replace(c, indicator=name, place=p, refs=dict(c.refs)) for p in listed[1]]


def _per_name(ctx: cx.DocContext, sent: Sentence, c: Claim, raw: str) -> list[Claim] | None:
    n = len(ind.split_list(raw))
    names = _list_names(ctx, sent, raw + "分别", n) if n >= 2 else None
    if not names:
        return None
    return [dataclasses.replace(c, indicator=name, refs=dict(c.refs)) for name in names]


def _places_before(ctx: cx.DocContext, sent: Sentence, k: int, hi: int, n: int) -> tuple[int, list[Place]] | None:
    """The n places of a list in the clause before the one starting at k (up to hi), if it holds one."""
    return cx.list_places(ctx, sent, ind.clause_start(ctx.text, sent.start, k - 1), hi, n)


def _distribute(ctx: cx.DocContext, sent: Sentence, levels: list[Amount], by_amount: dict[int, Claim]) -> None:
    """Lists of amounts: later items take the head's indicator, split over 分别 where it names parts."""
    stems: list[str] = []  # the items of the last list of names in the sentence, without their measure
    for g in _chains(levels):
        if len(g) < 2:
            continue
        head = by_amount[id(g[0])]
        lo = ind.clause_start(ctx.text, sent.start, g[0].num_start)
        marked = _LIST_WORD.search(ctx.text, lo, g[0].num_start) is not None
        listed = cx.list_places(ctx, sent, lo, g[0].num_start, len(g)) if marked else None
        own = ""
        if listed is None and marked and lo > sent.start:  # 潍坊、烟台和临沂的资金总量在万亿之上，分别为X、Y、Z
            listed = _places_before(ctx, sent, lo, lo - 1, len(g))
            own = cx.name_after_list(ctx, lo, g[0].num_start, _remove_words(ctx, sent))  # ，粮食总产量分别达到
        if listed is not None:  # 北京、上海、广州的收入分别为X、Y、Z: a place an amount, one name
            ctx.listed.update((a.num_start, p) for a, p in zip(g, listed[1], strict=True))
            name = own or _COUNTED.sub("", cx.name_after_list(ctx, listed[0], g[0].num_start, _remove_words(ctx, sent)))
            parts = [name] * len(g) if name else []
        else:
            parts = _list_names(ctx, sent, ctx.text[lo : g[0].num_start], len(g)) or []
            if parts:
                stems = _stems(parts)
            elif marked and len(stems) == len(g) and head.indicator:
                # 对欧盟、美国分别进出口X、Y，分别进口Z、W: the list before, with this clause's measure
                parts = [stem + head.indicator for stem in stems]
        for k, a in enumerate(g):
            c = by_amount[id(a)]
            c.index, c.listed = k, len(g) if marked else 0
            if parts:
                c.indicator = parts[k]
            elif k and not c.indicator:
                c.indicator = head.indicator


def _attach(
    ctx: cx.DocContext,
    block: Block,
    sent: Sentence,
    g: Amount,
    levels: list[Amount],
    before: _Before,
    by_amount: dict[int, Claim],
    claims: list[Claim],
) -> Claim:
    text, rules = ctx.text, ctx.rules
    remove = _remove_words(ctx, sent)
    if g.base_rate:
        prior = _prior(claims, g)
        if prior and not prior[-1].amount.is_growth and prior[-1].amount.unit == "%":
            # 毛利率为5.5%，相比2022年的10.4%: the base of a level is a level of its own period
            g.value, g.unit, g.cls, g.growth, g.growth_unit = g.growth, "%", "percent", None, None
            levels.append(g)
            c = Claim(g, None, prior[-1].indicator, sent, block)
            by_amount[id(g)] = c
            return c
        if prior:
            rate = prior[-1].growth or prior[-1].amount
            return Claim(g, None, prior[-1].indicator, sent, block, basis_at=rate.verb_start)
    to = _level_after(before, g, text)
    if to is not None and by_amount[id(to)].growth is None:
        by_amount[id(to)].growth = g  # 增长5%至176亿吨: the rate is the growth of the level it led to
        return None  # type: ignore[return-value]
    a = before.growth_target(g, text)
    if a is not None:
        # 营收12.45亿元，占主营收入的62.46%，同比增长10.12%: the share between names no other indicator
        between = _SHARE_CLAUSE.sub("", text[a.end : g.verb_start if g.verb_start >= 0 else g.num_start])
        if not ind.names_indicator(between, rules, remove):
            c = by_amount[id(a)]
            if c.growth is None:
                c.growth = g
                for x in before.conversions.get(id(a), ()):  # a conversion in brackets shares the growth
                    by_amount[id(x)].growth = g
                return None  # type: ignore[return-value]
            return Claim(g, None, c.indicator, sent, block, c.index)
    if g.cls == "pp" and _changes_the_rate_before(_prior(claims, g)):
        # 增长5.2%，高于全国1.3个百分点，比上月加快1.8个百分点: a change of the rate just given, no
        # claim (SPEC section 3); a point change of a share (占比45%，提高2个百分点) went to it above
        g.dropped = "nonclaims.toml: growth-rate-change-after-rate"
        return None  # type: ignore[return-value]
    if g.refs.get("named_after"):
        return Claim(g, None, g.refs["named_after"], sent, block)  # 19.16%的业绩增速: named after its figure
    hi = g.verb_start if g.verb_start >= 0 else g.num_start
    lo = ind.clause_start(text, sent.start, hi)
    figure = before.last(hi, lo)
    rate = next((c.amount for c in _prior(claims, g) if c.amount.is_growth and lo < c.amount.end <= hi), None)
    if rate is not None and (figure is None or figure.end < rate.end):
        figure = rate  # 烟酒(+11.08%)、交通(+8.75%): 交通's name starts after 烟酒's rate
    if figure is not None and not text.startswith("的", figure.end):
        lo = figure.end  # a name never reaches back over a figure, unless the figure modifies it (占比45.2%的)
    words = _rate_remove_words(ctx, sent)
    name = ind.clean(ind.before_rate(text[lo:hi]), rules, words)
    if not name:
        prior = _prior(claims, g)
        name = prior[-1].indicator if prior else ""
        if not name:
            k = lo
            while not name and k > max(sent.start, lo - ind.LOOK_BACK):
                k2 = ind.clause_start(text, sent.start, k - 1)
                if regex.search(r"\d", text[k2:k]):
                    break  # a clause with a figure of its own (一季度增长6.7%，二季度增长…) names none
                name = ind.clean(text[k2 : k - 1], rules, words)
                k = k2
    return Claim(g, None, name, sent, block)


def _changes_the_rate_before(prior: list[Claim]) -> bool:
    """Whether the claim before a point change is a rate in % (a growth-only record, or an amount
    with its growth), which the point change then speaks of."""
    if not prior:
        return False
    c = prior[-1]
    if c.amount.is_growth:
        return c.amount.growth_unit == "%"
    return c.growth is not None and c.growth.growth_unit == "%" and c.amount.unit != "%"


# 增长5%至176亿吨; 较年初增长10.76%，达3.39万亿元: the level the rate led to
_TO_LEVEL = regex.compile(r"\s*(?:至|到)[^，,。；;\d]{0,6}|\s*[，,]\s*(?:达到|达|增至|升至|降至|至|到|为)\s*")


def _level_after(before: _Before, g: Amount, text: str) -> Amount | None:
    """The level a rate led to (增长5%至176亿吨, 下跌2.8个百分点至56.9%), if one follows it."""
    m = _TO_LEVEL.match(text, g.end)
    if m is None:
        return None
    a = before.first_from(m.end())
    if a is None or a.num_start > m.end() + 3 or a.cls == "change":
        return None
    return a if (a.cls in ("percent", "index")) == (g.cls == "pp") else None


# ---------------------------------------------------------------- record


def _column_period(relative: str, iso: str) -> str:
    """The period of a table column relative to the table's own period `iso`."""
    if relative == "current":
        return iso
    if relative == "previous":
        return shift_years(iso, -1)
    return last_day(iso) if relative == "end" else f"{int(iso[:4]) - 1}-12-31"  # 期初: the year's opening balance


def _after_name(ctx: cx.DocContext, c: Claim, name: str) -> str:
    """What the clause says after an organisation's name that was all its subject (三亚机场已开通
    航线154条 → 开通航线); the name itself where nothing follows it."""
    text, a = ctx.text, c.amount
    lo = ind.clause_start(text, c.sentence.start, a.num_start)
    at = text.rfind(name, lo, a.num_start)
    rest = ind.clean(text[at + len(name) : a.num_start], ctx.rules, _remove_words(ctx, c.sentence)) if at >= 0 else ""
    return rest or name


def _year_to_date(ctx: cx.DocContext, c: Claim, pick: cx.PeriodPick) -> cx.PeriodPick:
    """9月份…当月完成25.2亿元；累计完成427.4亿元: a cumulative figure of a month's release runs
    from January to that month."""
    m = pick.mention
    if m is None or pick.iso is None or len(pick.iso) != 7 or m.instant or m.days is not None:
        return pick
    lo = ind.clause_start(ctx.text, c.sentence.start, c.amount.num_start)
    if not any(w in ctx.text[lo : c.amount.num_start] for w in cx.CUMULATIVE):
        return pick
    if m.anaphor and lo <= m.start < c.amount.num_start:
        return pick  # 本月全国粗钢累计平均日产: the month's own cumulative figure
    year, month = pick.iso[:4], pick.iso[5:]
    iso = pick.iso if month == "01" else f"{year}-01/{year}-{month}"
    return cx.PeriodPick(m, iso, f"{pick.where}, 累计: from January")


def to_fact(ctx: cx.DocContext, doc: str, c: Claim, trace: bool = False) -> tuple[Fact, dict[str, dict[str, str]]]:
    """The record, and (with `trace`) for each field the rule entry that decided it."""
    a, g = c.amount, c.growth
    growth_only = a.is_growth
    rate = a if growth_only else g
    if c.place is not None:
        place, place_where = c.place, f"sentence: shared figure, {c.place.name}"
    else:
        place, place_where = cx.region(ctx, c.block, c.sentence, a.num_start)
    org, org_where = ent.entity(ctx, c.block, c.sentence, a.num_start)
    if org is not None:
        c.refs["entity"], c.refs["entity_where"] = org.rule, f"{org_where}: {ctx.written[org.start : org.end]}"
        if c.indicator:  # 招商银行营业收入 → 营业收入; 三亚机场已开通航线154条 → 开通航线
            c.indicator = ent.strip_names(ctx, c.sentence, c.indicator)
            if ent.is_name(ctx, c.sentence, c.indicator):
                c.indicator = _after_name(ctx, c, c.indicator)
        if place is not None and org.org is not None and _named_after(place.name, org.org.name, c.sentence.text):
            place, place_where = None, f"the place is only in {org.org.name}'s name"  # 宁德时代, 中国银行
        elif place is not None and not place_where.startswith("sentence"):
            # SPEC section 2: a company's own figures have region null unless the text places them
            place, place_where = None, f"a figure of {ctx.written[org.start : org.end]}: its sentence names no place"
    kind, kind_cue = cx.kind(ctx, c.block, c.sentence, a.start, a.end)
    index = c.index if c.index >= 0 else -1
    pick = cx.period(ctx, c.block, c.sentence, a.num_start, c.indicator, (index, c.listed), target=kind == "target")
    if a.base_rate:  # 较二季度的2.1%, 較去年同期的267.9億元: the figure of the period it names
        info = ctx.info[c.sentence.start]
        own = info.comparison_before(a.num_start) or info.prior_before(a.num_start)
        if own is not None and own.prior:
            # 去年同期: the claim's own span, a year (or the years it says) earlier; where the span
            # is the 去年同期 itself (…2.83亿元，去年同期3.32亿元), the level's span before it
            level = pick if pick.mention is not own else cx.period(ctx, c.block, c.sentence, own.start, c.indicator)
            if level.iso is not None:
                earlier = shift_years(level.iso, own.rel_year or -1)
                pick = cx.PeriodPick(own, earlier, "sentence, the figure compared with")
        elif own is not None and not own.prior:
            pick = cx.PeriodPick(own, cx.resolve(own, year=None, doc_date=ctx.date), "sentence")
    pick = _year_to_date(ctx, c, pick)
    span = pick.mention
    if "from_to" in a.refs and span is not None and span.year_start is not None and span.year is not None:
        # 2011至2020年…从X增长到Y: X is the first year's, Y the last year's (a stock: its last day)
        y = span.year_start if a.refs["from_to"] == "from" else span.year
        pick = cx.PeriodPick(span, f"{y}-12-31" if cx.is_stock(ctx.rules, c.indicator) else str(y), pick.where)
    quoted = next((p for lo, hi, p in ctx.info[c.sentence.start].quoted if lo <= a.num_start < hi), None)
    if quoted is not None:  # 同2010年11月1日的13.3972亿人相比: the quoted base's own period
        pick = cx.PeriodPick(quoted, cx.resolve(quoted, year=None, doc_date=ctx.date), "sentence")
    basis, basis_word = None, ""
    if rate is not None:
        at = c.basis_at if c.basis_at >= 0 else (rate.verb_start if rate.verb_start >= 0 else rate.num_start)
        basis, basis_word = cx.basis(ctx, c.block, c.sentence, at)
    if basis is None and basis_word:
        basis = cx.named_year_basis(ctx.rules, basis_word, pick.iso)  # 比2022年 for a 2023 figure: year on year
    if "year" in c.refs:  # a table column headed by a year
        pick = cx.PeriodPick(None, c.refs["year"], "table header")
        kind, kind_cue = c.refs["kind"], ""
    elif "column" in c.refs and (own_period := pick.iso or cx.report_period(ctx)) is not None:
        # 本报告期, 上年同期, 本报告期末, 期初: against the table's period, else the report's (2021年第一季度报告)
        pick = cx.PeriodPick(None, _column_period(c.refs["column"], own_period), f"table header: {c.refs['column']}")
    elif kind == "actual" and not kind_cue and cx.after_document(ctx, pick.iso):
        kind, kind_cue = "target", ctx.rules.future_rule  # 2025年总产值突破6万亿元 in a 2020 article
    elif kind == "target" and cx.estimate_of_closed_period(ctx, c.sentence, a.start, pick.iso):
        kind, kind_cue = "actual", ctx.rules.past_estimate[0]  # 预计2022年全年实现… in January 2023
    qualifier = a.qualifier if "qualifier" in a.refs else ctx.rules.defaults["qualifier"]
    fact = Fact(
        doc=doc,
        region=place.name if place else None,
        region_code=place.code if place else None,
        entity=_written_entity(ctx, c, org.org.name) if org and org.org else None,
        entity_code=org.org.code if org and org.org else None,
        indicator=_written_indicator(ctx, c),
        value=None if growth_only else a.value,
        unit=None if growth_only else _declared_currency(ctx, a),
        value_text=None if growth_only else ctx.written[a.start : a.end],
        qualifier=qualifier,  # type: ignore[arg-type]
        growth=rate.growth if rate else None,
        growth_unit=rate.growth_unit if rate else None,  # type: ignore[arg-type]
        growth_basis=basis,  # type: ignore[arg-type]
        period=pick.iso,
        period_text=c.refs.get("column_text") if "column" in c.refs and pick.iso else _period_text(ctx, pick),
        kind=kind,  # type: ignore[arg-type]
        sentence=shown_sentence(ctx.written, _as_written(ctx, c.sentence), a.start, a.end),
        start=a.start,
        end=a.end,
    )
    if not trace:
        return fact, {}
    return fact, _why(ctx, c, fact, place_where, pick, basis_word, kind_cue)


# 203.5億元（澳門元，下同）: the currency every 元 from here on is written in
_CURRENCY_DECLARED = regex.compile(
    r"[（(]\s*(?:单位[：:]\s*)?(?P<cur>[^\s，,）)]{2,6})\s*[，,]\s*下同[^（）()]{0,20}[）)]"
)
DECLARED_REACH = 12  # characters before a declaration in which the amount it follows ends


def _declared_currency(ctx: cx.DocContext, a: Amount) -> str | None:
    """The unit of a money amount written in 元, in the currency a （X元，下同） declares before it;
    of one written with a bare dollar sign, the dollar of the place the document is about
    ($4,892億 in a Hong Kong release: 港元)."""
    signs, local = ctx.rules.local_dollar
    if a.cls == "money" and ctx.text.startswith(signs, a.start):
        home = cx.doc_place(ctx)
        return local.get(home.code, a.unit) if home is not None and home.code else a.unit
    if a.unit != "元" or a.cls != "money":
        return a.unit
    found = ctx.once.get("declared_currency")
    if found is None:
        found = ctx.once["declared_currency"] = [
            (m.start(), ctx.rules.units[m["cur"]].unit)
            for m in _CURRENCY_DECLARED.finditer(ctx.text)
            if m["cur"] in ctx.rules.units and ctx.rules.units[m["cur"]].cls == "money"
        ]
    unit = a.unit
    for at, currency in found:
        if a.end < at - DECLARED_REACH:
            break  # an amount well before the declaration keeps 元
        unit = currency
    return unit


def _period_text(ctx: cx.DocContext, pick: cx.PeriodPick) -> str | None:
    m = pick.mention
    if m is not None:
        return ctx.as_written(m.start, m.end, m.text)
    return pick.iso + "年" if pick.iso and pick.iso.isdigit() else None  # a year's column (2023年); else unwritten


def _as_written(ctx: cx.DocContext, sent: Sentence) -> Sentence:
    return Sentence(sent.start, sent.end, ctx.as_written(sent.start, sent.end, sent.text))


def _named_after(place: str, org: str, sentence: str) -> bool:
    """Is the claim's place only the one its company is named after (宁德 in 宁德时代, 全国 from
    中国银行), not written in its sentence besides? A company's own figures have no region unless
    the text places them (SPEC section 2)."""
    named = place in org or (place == "全国" and org.startswith("中国"))
    rest = sentence.replace(org, "")
    written = place in rest or (place == "全国" and any(w in rest for w in ("全国", "我国", "中国", "国内")))
    return named and not written


def _written_entity(ctx: cx.DocContext, c: Claim, name: str) -> str:
    """The entity's short name as the text writes it (台積電, not the view's 台积电)."""
    if ctx.written is ctx.text:
        return name
    found = written_name(name, ctx.text, ctx.written, [(c.sentence.start, c.sentence.end), (0, len(ctx.text))], 0)
    return found if found is not None else name


def _written_indicator(ctx: cx.DocContext, c: Claim) -> str:
    """The indicator as the text writes it: found in the view of its sentence (then of its
    paragraph) and read at the same offsets in the text; else the name the view gave."""
    name = c.indicator or ""
    if ctx.written is ctx.text or not name:
        return name
    spans = [(c.sentence.start, c.sentence.end), (c.block.start, c.block.end)]
    before = cx.block_before(ctx, c.block) if c.refs.get("indicator") == _LEAD_RULE else None
    if before is not None:  # named by the line that leads its list
        spans = [(before.start, c.block.start)]
    found = written_name(name, ctx.text, ctx.written, spans, c.amount.start)
    if found is None:  # a name carried from an earlier paragraph: as it was written there
        return ctx.written_names.get(name, name)
    ctx.written_names[name] = found
    return found


SENTENCE_SHOWN = 1000  # characters of a sentence a record carries; real sentences are far shorter


def shown_sentence(text: str, sent: Sentence, start: int, end: int) -> str:
    """The sentence a record carries: whole, or for a sentence over SENTENCE_SHOWN characters
    (text without punctuation) the stretch around the claim, with … where it is cut, so output
    grows with the number of claims, not with claims × sentence length."""
    if sent.end - sent.start <= SENTENCE_SHOWN:
        return sent.text
    lo = max(sent.start, min(start - SENTENCE_SHOWN // 2, sent.end - SENTENCE_SHOWN))
    hi = max(end, min(sent.end, lo + SENTENCE_SHOWN))
    return ("…" if lo > sent.start else "") + text[lo:hi] + ("…" if hi < sent.end else "")


def _why(
    ctx: cx.DocContext,
    c: Claim,
    f: Fact,
    place_where: str,
    pick: cx.PeriodPick,
    basis_word: str,
    kind_cue: str,
) -> dict[str, dict[str, str]]:
    """Each non-null field → {rule: "FILE.toml: entry", note: where it came from}."""
    a = c.amount
    rate = a if a.is_growth else c.growth
    why: dict[str, dict[str, str]] = {}
    if f.value is not None:
        why["value"] = {"rule": a.refs.get("unit", ""), "note": a.refs.get("magnitude", "")}
        why["unit"] = {"rule": a.refs.get("unit", ""), "note": f"written {ctx.written[a.num_end : a.end]!r}"}
        why["value_text"] = {"rule": a.refs.get("unit", ""), "note": f"text[{a.start}:{a.end}]"}
    why["indicator"] = {"rule": c.refs.get("indicator") or "indicators.toml: predicates", "note": "clause subject"}
    why["qualifier"] = {"rule": a.refs.get("qualifier") or "kind.toml: defaults", "note": f.qualifier}
    if rate is not None and f.growth is not None:
        why["growth"] = {
            "rule": rate.refs.get("growth") or "growth.toml: basis",
            "note": f"text {rate.start}:{rate.end}",
        }
        why["growth_unit"] = why["growth"]
    if f.growth_basis is not None:
        why["growth_basis"] = {
            "rule": _basis_ref(ctx.rules, basis_word),
            "note": "basis word" if basis_word else "an unmarked rate reads as yoy",
        }
    if f.region is not None:
        why["region"] = {"rule": _place_ref(f), "note": place_where}
    if f.entity is not None:
        why["entity"] = {"rule": c.refs.get("entity", ""), "note": c.refs.get("entity_where", "")}
        if f.entity_code is not None:
            why["entity_code"] = {"rule": "entities.toml: codes", "note": f"written beside {f.entity}"}
    if f.region_code is not None:
        why["region_code"] = {"rule": f"regions.toml: {f.region_code}", "note": f.region or ""}
    if f.period is not None or f.period_text is not None:
        why["period"] = {"rule": _period_ref(ctx, pick), "note": f"{pick.where}; document date {ctx.date}"}
        why["period_text"] = why["period"]
    why["kind"] = {"rule": f"kind.toml: {kind_cue}" if kind_cue else "kind.toml: defaults", "note": kind_cue}
    return why


def _basis_ref(rules: RuleSet, word: str) -> str:
    if not word:
        return "kind.toml: defaults"
    return f"growth.toml: {rules.named_year_rule if rules.named_year.fullmatch(word) else word}"


def _place_ref(f: Fact) -> str:
    return f"regions.toml: {f.region_code}" if f.region_code else f"places.toml: {f.region}"


def _period_ref(ctx: cx.DocContext, pick: cx.PeriodPick) -> str:
    """The periods.toml entry the period words matched (a span, a relative year, a suffix…)."""
    if pick.mention is None:
        return "periods.toml: spans"
    text = pick.mention.text
    words = ctx.rules.period_words
    for table in (words.spans, words.relative_years, words.prior, words.holidays):
        hit = next((k for k in sorted(table, key=len, reverse=True) if k in text), None)
        if hit:
            return f"periods.toml: {hit}"
    for name in ("until_prefixes", "instant_suffixes", "whole_year", "anaphors", "stop_words", "target_prefixes"):
        hit = next((w for w in getattr(words, name) if w in text), None)
        if hit:
            return f"periods.toml: {hit}"
    return "periods.toml: grammar"
