"""extract(): the only place the stages are wired, in reading order.

read → segment → find amounts → attach growth → context (region, period, basis, kind,
indicator) → records. Plain data flows through; `Fact` is built once per claim at the end.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

import regex

from . import context as cx
from . import entities as ent
from . import indicator as ind
from .amounts import Amount, find_amounts
from .models import Doc, Fact
from .rules import RuleSet, load_rules
from .segment import Block, Sentence, segment
from .tables import table_claims

_COMPOUNDS = {"产销": ("产量", "销量"), "產銷": ("產量", "銷量"), "城乡居民": ("城镇居民", "农村居民")}


@dataclass
class Claim:
    """A claim before it becomes a record: the amount, its growth, its context and why."""

    amount: Amount  # the value (or, growth-only, the rate)
    growth: Amount | None
    indicator: str
    sentence: Sentence
    block: Block
    index: int = -1  # position in a list that distributes periods
    refs: dict[str, str] = field(default_factory=dict)
    basis_at: int = -1  # a comparison-base rate reads the basis of the rate it is compared with


@dataclass
class Explanation:
    """What `factx explain` shows: each record with the rule entry behind each field, and the
    numbers that were seen and left out with the rule that dropped them."""

    records: list[tuple[Fact, dict[str, dict[str, str]]]] = field(default_factory=list)
    dropped: list[dict[str, object]] = field(default_factory=list)


def extract_doc(doc: Doc, rules: RuleSet | None = None, explain: Explanation | None = None) -> list[Fact]:
    """Every claim of a document, in text order. With `explain`, the decisions are recorded too:
    the same code path, writing down what it decided."""
    rules = rules or load_rules()
    structure = segment(doc)
    ctx = cx.build(doc.text, structure, rules, doc.date)
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
    from .reader import find_doc_date

    d = Doc(doc, text, date or find_doc_date(text))
    return extract_doc(d, load_rules(rules))


# ---------------------------------------------------------------- one sentence


def sentence_claims(
    ctx: cx.DocContext, block: Block, sent: Sentence, explain: Explanation | None = None
) -> list[Claim]:
    text, rules = ctx.text, ctx.rules
    found = find_amounts(text, sent.start, sent.end, rules, ctx.structure.urls)
    if explain is not None:
        explain.dropped += [
            {"text": text[a.start : a.end], "start": a.start, "end": a.end, "rule": a.dropped, "sentence": sent.text}
            for a in found
            if a.dropped is not None
        ]
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
    _split_rates(ctx, sent, [c for c in claims if c is not None])
    out = [c for c in claims if c is not None and (c.amount.value is not None or c.amount.growth is not None)]
    prev = ""  # the name of the rate before, in this sentence
    for c in sorted(out, key=lambda c: c.amount.start):
        if c.amount.is_growth and not c.indicator:  # 分季度看，一季度增长6.7%: no subject in its sentence
            c.indicator = ctx.last_name.get(id(block), "")
        elif c.amount.is_growth and prev and c.indicator:
            c.indicator = _with_measure(ctx.rules, c.indicator, prev)
        ctx.last_name[id(block)] = c.indicator
        prev = c.indicator if c.amount.is_growth else ""
    return out


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
        ctx.last_names[(id(block), a.unit)] = c.indicator


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
        marked = any(w in ctx.text[chain[0].verb_start : chain[0].num_start] for w in ("分别", "分別"))
        if not raw.strip(" ，,") and k > sent.start and marked:
            # 用电量、开票销售额保持较快增长，增速分别达16.4%和17.7%: the list is the clause before
            raw = ctx.text[ind.clause_start(ctx.text, sent.start, k - 1) : k - 1] + "分别"
        names = _list_names(ctx, sent, raw, len(chain))
        if names is None:
            continue
        for a, name in zip(chain, names, strict=True):
            for c in by_amount.get(id(a), ()):
                c.indicator = name


def _remove_words(ctx: cx.DocContext, sent: Sentence) -> list[str]:
    """Place and period words of a sentence: not part of an indicator. Computed once a sentence."""
    cached = ctx.removable.get(sent.start)
    if cached is not None:
        return cached
    info = ctx.info[sent.start]
    words = [ctx.text[m.start : m.end] for m in info.places if m.counts]  # 占全省, 对东盟 stay in the name
    words += [p.text for p in info.periods]
    words = sorted(set(words), key=len, reverse=True)
    ctx.removable[sent.start] = words
    return words


class _AfterLevel(str):
    """A name that continues the indicator of the level before it (比上年增加, 占…比重, 折合美元)."""


class _Before:
    """The levels of a sentence before a position, found by bisection: a sentence without
    punctuation may hold thousands of amounts, so no per-amount scan over all of them."""

    def __init__(self, levels: list[Amount]) -> None:
        self.levels = sorted(levels, key=lambda x: x.end)
        self.ends = [x.end for x in self.levels]
        plain = [x.end for x in levels if x.cls != "change" and x.converts is None]
        self.first_plain = min(plain, default=-1)
        self.conversions: dict[int, list[Amount]] = {}
        for x in levels:
            if x.converts is not None:
                self.conversions.setdefault(id(x.converts), []).append(x)

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
                and (a.cls in ("percent", "index")) == want_level
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
        cmp = regex.search(r"(比|较|較|与|與|同比)[^，。；]*$", text[start : a.num_start])
        phrase = text[start + cmp.start() if cmp else a.verb_start : a.num_start].strip("，, ")
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
    hi = a.num_start
    word = qual.split(": ", 1)[-1] if qual else ""
    if word and text[hi - len(word) : hi] == word:
        hi -= len(word)
    raw = text[lo:hi]
    if earlier and regex.match(r"[，,\s]*(占|佔)", raw):
        return _AfterLevel(ind.clean(raw, rules, remove, why))  # …，占全国人口的比重为61.3%: a share of it
    if earlier and any(w in raw for w in ("折合", "折算", "约合", "折")):
        return _AfterLevel("折合" + (a.unit or ""))  # a conversion in a clause of its own
    name = ind.clean(raw, rules, remove, why)
    k = lo
    while not name and k > max(sent.start, lo - ind.LOOK_BACK) and not prev:
        # 上海市进出口总值创新高，达3.17万亿元: the subject of an earlier clause, with what this one did
        k2 = ind.clause_start(text, sent.start, k - 1)
        inside = before.last(k, k2)
        if (inside is not None and inside.start >= k2) or regex.search(r"\d", text[k2:k]):
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
    left = ind.clean(left, ctx.rules, _remove_words(ctx, sent))
    for word, split in _COMPOUNDS.items():
        if word in left and len(split) == n:
            return [left.replace(word, s, 1) + right for s in split]
    items = ind.split_list(left)
    if len(items) != n:
        items = [p for p in left.split("、") if p]  # 其他用品及服务: one item, its 及 joins no list
        if len(items) != n:
            return None
    prefix = items[0][0] if items[0][:1] in ("对", "與", "与") and items[1][:1] not in ("对", "与") else ""
    names = [(prefix if k else "") + it for k, it in enumerate(items)]
    # the shared head of the last item (增加值, 进出口) goes to every item that lacks it
    last = names[-1]
    head = next((h for h in ctx.rules.heads if last.endswith(h) and len(h) >= 2 and len(last) > len(h)), "")
    if head:
        names = [x if x.endswith(head) else x + head for x in names]
    return [x + right for x in names]


def _distribute(ctx: cx.DocContext, sent: Sentence, levels: list[Amount], by_amount: dict[int, Claim]) -> None:
    """Lists of amounts: later items take the head's indicator, split over 分别 where it names parts."""
    for g in _chains(levels):
        if len(g) < 2:
            continue
        head = by_amount[id(g[0])]
        raw = ctx.text[ind.clause_start(ctx.text, sent.start, g[0].num_start) : g[0].num_start]
        parts = _list_names(ctx, sent, raw, len(g)) or []
        for k, a in enumerate(g):
            c = by_amount[id(a)]
            c.index = k
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
    a = before.growth_target(g, text)
    if a is not None:
        between = text[a.end : g.verb_start if g.verb_start >= 0 else g.num_start]
        if not ind.names_indicator(between, rules, remove):
            c = by_amount[id(a)]
            if c.growth is None:
                c.growth = g
                for x in before.conversions.get(id(a), ()):  # a conversion in brackets shares the growth
                    by_amount[id(x)].growth = g
                return None  # type: ignore[return-value]
            return Claim(g, None, c.indicator, sent, block, c.index)
    lo = ind.clause_start(text, sent.start, g.verb_start if g.verb_start >= 0 else g.num_start)
    hi = g.verb_start if g.verb_start >= 0 else g.num_start
    words = [w for _, _, w in ctx.info[sent.start].basis]
    name = ind.clean(text[lo:hi], rules, remove + words)
    if not name:
        prior = _prior(claims, g)
        name = prior[-1].indicator if prior else ""
        if not name:
            k = lo
            while not name and k > max(sent.start, lo - ind.LOOK_BACK):
                k2 = ind.clause_start(text, sent.start, k - 1)
                if regex.search(r"\d", text[k2:k]):
                    break  # a clause with a figure of its own (一季度增长6.7%，二季度增长…) names none
                name = ind.clean(text[k2 : k - 1], rules, remove + words)
                k = k2
    return Claim(g, None, name, sent, block)


# ---------------------------------------------------------------- record


def to_fact(ctx: cx.DocContext, doc: str, c: Claim, trace: bool = False) -> tuple[Fact, dict[str, dict[str, str]]]:
    """The record, and (with `trace`) for each field the rule entry that decided it."""
    a, g = c.amount, c.growth
    growth_only = a.is_growth
    rate = a if growth_only else g
    place, place_where = cx.region(ctx, c.block, c.sentence, a.num_start)
    org, org_where = ent.entity(ctx, c.block, c.sentence, a.num_start)
    if org is not None:
        c.refs["entity"], c.refs["entity_where"] = org.rule, f"{org_where}: {ctx.text[org.start : org.end]}"
    kind, kind_cue = cx.kind(ctx, c.block, c.sentence, a.start, a.end)
    index = c.index if c.index >= 0 else -1
    pick = cx.period(ctx, c.block, c.sentence, a.num_start, c.indicator, index, target=kind == "target")
    if a.base_rate:  # 较二季度的2.1%: the rate of the period it names
        own = ctx.info[c.sentence.start].comparison_before(a.num_start)
        if own is not None:
            pick = cx.PeriodPick(own, cx.resolve(own, year=None, doc_date=ctx.date), "sentence")
    basis, basis_word = None, ""
    if rate is not None:
        at = c.basis_at if c.basis_at >= 0 else (rate.verb_start if rate.verb_start >= 0 else rate.num_start)
        basis, basis_word = cx.basis(ctx, c.block, c.sentence, at)
    if "year" in c.refs:  # a table column headed by a year
        pick = cx.PeriodPick(None, c.refs["year"], "table header")
        kind, kind_cue = c.refs["kind"], ""
    qualifier = a.qualifier if "qualifier" in a.refs else ctx.rules.defaults["qualifier"]
    fact = Fact(
        doc=doc,
        region=place.name if place else None,
        region_code=place.code if place else None,
        entity=org.org.name if org and org.org else None,
        entity_code=org.org.code if org and org.org else None,
        indicator=ent.strip_names(ctx, c.sentence, c.indicator) if org and c.indicator else c.indicator or "",
        value=None if growth_only else a.value,
        unit=None if growth_only else a.unit,
        value_text=None if growth_only else ctx.text[a.start : a.end],
        qualifier=qualifier,  # type: ignore[arg-type]
        growth=rate.growth if rate else None,
        growth_unit=rate.growth_unit if rate else None,  # type: ignore[arg-type]
        growth_basis=basis,  # type: ignore[arg-type]
        period=pick.iso,
        period_text=pick.mention.text if pick.mention else (pick.iso + "年" if pick.iso else None),
        kind=kind,  # type: ignore[arg-type]
        sentence=shown_sentence(ctx.text, c.sentence, a.start, a.end),
        start=a.start,
        end=a.end,
    )
    if not trace:
        return fact, {}
    return fact, _why(ctx, c, fact, place_where, pick, basis_word, kind_cue)


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
        why["unit"] = {"rule": a.refs.get("unit", ""), "note": f"written {ctx.text[a.num_end : a.end]!r}"}
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
            "rule": f"growth.toml: {basis_word}" if basis_word else "kind.toml: defaults",
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
