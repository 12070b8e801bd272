"""A claim's entity and entity_code (SPEC section 1): the organisation whose own figure it is.

Names are found four ways, with the vocabulary of rules/entities.toml and rules/listed.toml:
- a name with a stock code or a short name in brackets after it (`贵州茅台（600519.SH）`,
  `…股份有限公司（以下简称“贵州茅台”）`): the document then knows the organisation by that name
  and its short name everywhere, with the code;
- a name ending in an organisation suffix (`招商银行`, `中信证券`); a weak suffix (`汽车`,
  `保险`, `港口`) only before a results word in its clause (`长城汽车营业收入`);
- a listed company's short name written bare (`宁德时代`, `中国平安`) where it opens a clause or a
  list item; one that reads as a place and a word (`湖南发展`) only where the document has it
  report results or data, or beside another listed name; a legal name or a run before a code
  that holds a listed name is that company (`武汉东湖高新集团股份有限公司` → `东湖高新`);
- a category (`7家股份制银行`, `商业银行`): no single organisation; it stops the search.
A page's header naming one organisation with its code (`鞍钢股份(000898) - 投资者关系…`) speaks
for the page when its title does not. A claim takes the nearest, in the order region uses
(`context._first`): its sentence, its paragraph, its headings, the title; never across digest
items. Bodies reporting on a place or a sector (`人民银行`, `统计局`, `协会`) are no entity.
"""

from __future__ import annotations

import bisect
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any

import regex

from . import context as cx
from . import places as pl
from .rules import alternation
from .segment import Block, Sentence

_NAME_CHAR = regex.compile(r"[\p{Han}A-Za-z0-9·&]")
_BRACKET = regex.compile(r"[（(]([^（()）\n]{1,48})[）)]")
_LEADING_JUNK = regex.compile(  # 1-5月, 今年前三季度: dates and period words before a name
    r"^(?:[0-9０-９]+[年月日号號家个個]?|[年月日]|今年|去年|本年|上年|全年|前?第?[一二三四]季度?|[上下]半年"
    r"|前[一二三四五六七八九十]{1,2}[个個]?月)"
)
FILING_REACH = 400  # characters at the head of an announcement in which its header stands
_FILING_HEADER = regex.compile(
    r"(?:证券|股票|證券)代[码碼]\s*[:：]\s*(?P<code>\d{4,6})[\s，,；;]*(?:证券|股票|證券)?[简簡]称\s*[:：]\s*"
    r"(?P<name>[\p{Han}A-Za-z0-9]{2,12}?)(?=\s|[，,；;]|公告|$)",
    regex.MULTILINE,
)
_CLAUSE_END = regex.compile(r"[，,。；;：:！？!?\n]")
_LIST_SEP = regex.compile(r"[、，,和及与與跟]|以及")
_SPLIT = ("分别", "分別")
_FIGURE = regex.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?")
_YEAR_LIKE = regex.compile(r"(?:19|20)\d\d")
_COUNT = regex.compile(r"[0-9０-９一二三四五六七八九十两兩多几幾数數]+家")
_TIME_OR_DEIXIS = regex.compile(r"[年月日]|^[同当本该此其各多这那]")


def _not_company(name: str, w: EntityWords) -> bool:
    """同日, 该行, 统计局, 苏州海关, 全省: words that publish reports but name no company."""
    return name.endswith(w.publishers) or _TIME_OR_DEIXIS.search(name) is not None


NAME_REACH = 12  # characters before a suffix that may still be part of the name


@dataclass(frozen=True, slots=True)
class Org:
    name: str  # short form, as the text writes it
    code: str | None  # the stock code written beside it somewhere in the document


@dataclass(frozen=True, slots=True)
class OrgMention:
    start: int
    end: int
    org: Org | None  # None: a category (7家股份制银行) that names no single organisation
    rule: str  # the entities.toml entry behind it, for `factx explain`


def _longest_first(words: list[str]) -> tuple[str, ...]:
    return tuple(sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True)
class EntityWords:
    """rules/entities.toml, compiled once per rule set."""

    strong: tuple[str, ...]
    weak: tuple[str, ...]
    legal_forms: tuple[str, ...]
    generic: tuple[str, ...]
    not_entities: tuple[str, ...]
    openers: tuple[str, ...]
    not_after: tuple[str, ...]
    publishers: tuple[str, ...]  # endings of bodies and places that publish reports too: no company
    sources: tuple[str, ...]  # words after a name that make it the source of data (国铁集团数据显示)
    groups: Any  # compiled: 及所属子公司 after a name, a group reporting with its subsidiaries
    site: Any  # compiled, used with .match after a listed name: the rest of a site's name (松花湖度假区)
    drivers: Any  # compiled: 在…等企业的带动下, a frame whose names drive the figures but own none
    results: Any  # compiled alternation
    suffix: Any  # compiled alternation of strong and weak suffixes, longest first
    code: Any  # compiled: a whole bracket's code (label, code, then optionally more after a comma)
    short_name: Any  # compiled: 以下简称“X”
    reporters: Any  # compiled: a list of names that publish a report or announce (明德生物、迪安诊断发布一季报)
    listed: frozenset[str]  # rules/listed.toml: listed companies' short names (宁德时代, 中国平安)
    listed_by_first: dict[str, tuple[int, ...]]  # a name's first character → the lengths of names, longest first
    listed_longest: int  # the length of the longest listed name

    @classmethod
    def of(cls, e: dict[str, Any], listed: Collection[str] = ()) -> EntityWords:
        suffixes = e.get("suffixes", {})
        strong = _longest_first(suffixes.get("strong", []))
        weak = _longest_first(suffixes.get("weak", []))
        codes = e.get("codes", {})
        labels = "|".join(regex.escape(w) for w in _longest_first(codes.get("labels", [])))
        pats = "|".join(f"(?:{p})" for p in [*codes.get("exchange", []), *codes.get("patterns", [])]) or "(?!)"
        label = f"(?:(?:{labels})\\s*[:：]?\\s*)?" if labels else ""
        code = regex.compile(rf"^\s*{label}(?P<code>{pats})\s*(?:$|[,，、;；]\s*(?P<rest>.*)$)")
        intro = "|".join(regex.escape(w) for w in _longest_first(e.get("short_name", {}).get("words", [])))
        short = regex.compile(
            rf"(?:{intro or '(?!)'})\s*[:：]?\s*[“\"「『]?(?P<alias>[^”\"」』，,；;）)]{{2,12}}?)[”\"」』]?\s*$"
        )
        words = e.get
        reports = "|".join(regex.escape(w) for w in _longest_first(words("reports", {}).get("words", [])))
        sites = alternation(list(words("sites", {}).get("words", []))).pattern
        name = r"\p{Han}{2,6}?"
        reporters = regex.compile(
            rf"(?:^|(?<=[，,。；;：:\s]))(?P<names>{name}(?:[、和与及]{name}){{0,7}})"
            rf"(?:\d{{1,2}}日(?:晚间|晚|早间)?|今日|昨日|今天|昨天|昨晚|日前|近日)?"
            # 国家铁塔正式发布中期业绩公告: an adverb before the verb (not 已: 记者对比已公布业绩的公司)
            rf"(?:正式|首次|再次|相继|先后|分别)?"
            rf"(?:(?:发布|披露|公布|召开)了?[^，,。；;：:]{{0,10}}?(?:{reports or '(?!)'})"
            rf"|(?:{reports or '(?!)'})(?:显示|称)|(?<=日(?:晚间|晚|早间)?)(?:披露|公告|公布|发布))"
        )
        return cls(
            strong=strong,
            weak=weak,
            legal_forms=_longest_first(words("legal_forms", {}).get("words", [])),
            generic=_longest_first(words("generic", {}).get("words", [])),
            not_entities=_longest_first(words("not_entities", {}).get("words", [])),
            openers=_longest_first(words("openers", {}).get("words", [])),
            not_after=_longest_first(words("not_after", {}).get("words", [])),
            publishers=_longest_first(words("publishers", {}).get("words", [])),
            sources=_longest_first(words("sources", {}).get("words", [])),
            groups=alternation(list(words("groups", {}).get("words", []))),
            site=regex.compile(rf"\p{{Han}}{{0,5}}?(?:{sites})"),
            drivers=regex.compile("|".join(f"(?:{p})" for p in words("drivers", {}).get("patterns", [])) or "(?!)"),
            results=alternation(list(_longest_first(words("results", {}).get("words", [])))),
            suffix=alternation(list(_longest_first([*strong, *weak]))),
            code=code,
            short_name=short,
            reporters=reporters,
            listed=frozenset(listed),
            listed_by_first=_by_first(listed),
            listed_longest=max(map(len, listed), default=0),
        )

    def listed_at(self, text: str, i: int, hi: int) -> str | None:
        """The longest listed company's name written at text[i] (ending by hi), if any."""
        for n in self.listed_by_first.get(text[i], ()):
            if i + n <= hi and text[i : i + n] in self.listed:
                return text[i : i + n]
        return None

    def listed_list(self, text: str, i: int, name: str) -> bool:
        """宁德时代、比亚迪: the name at i is an item of a list whose next or previous item is listed too."""
        j = i + len(name)
        if j < len(text) - 1 and text[j] == "、" and self.listed_at(text, j + 1, len(text)):
            return True
        before = text[max(0, i - 8) : i - 1] if i > 1 and text[i - 1] == "、" else ""
        return any(before[-n:] in self.listed for n in range(2, len(before) + 1))

    def reports_after(self, text: str, end: int) -> bool:
        """A results word follows in the clause (长城汽车营业收入, 宁德时代年报)."""
        clause = _CLAUSE_END.search(text, end)
        return self.results.search(text, end, clause.start() if clause else len(text)) is not None


def _by_first(names: Collection[str]) -> dict[str, tuple[int, ...]]:
    lengths: dict[str, set[int]] = {}
    for n in names:
        lengths.setdefault(n[0], set()).add(len(n))
    return {c: tuple(sorted(ls, reverse=True)) for c, ls in lengths.items()}


# ---------------------------------------------------------------- the document's own names


@dataclass
class Registry:
    """Names the document gives a code or a short name: form → organisation."""

    forms: dict[str, Org]
    rules: dict[str, str]  # form → entities.toml entry
    pattern: Any  # compiled alternation of the forms, longest first


def registry(ctx: cx.DocContext) -> Registry:
    reg = ctx.once.get("entities")
    if reg is None:
        reg = ctx.once["entities"] = _registry(ctx.text, ctx.rules.entities, _labels(ctx), ctx.rules.places)
    return reg


_LABEL = regex.compile(r"\s*(?P<name>[\p{Han}A-Za-z0-9·&]{2,8})\s*[：:]")


PARAGRAPH_LABELS = -1  # _labels' key for the labels that open paragraphs (金赛药业：报告期内…)


def _labels(ctx: cx.DocContext) -> dict[int, list[str]]:
    """Heading level → the names that open its headings as labels (`比亚迪：量利齐升`); the labels
    that open paragraphs (`金赛药业：本报告期实现收入…`) under their own key."""
    out: dict[int, list[str]] = {}
    for b in ctx.structure.blocks:
        if (b.kind == "heading" and not b.is_title) or b.kind == "para":
            m = _LABEL.match(ctx.text, b.start, b.end)
            if m is not None:
                out.setdefault(b.level if b.kind == "heading" else PARAGRAPH_LABELS, []).append(m.group("name"))
    return out


_SELF_REFERENCE = ("本", "该", "該", "公司", "集团", "集團", "我")


def _registry(text: str, w: EntityWords, labels: dict[int, list[str]], places: Collection[str] = ()) -> Registry:
    forms: dict[str, Org] = {}
    rules: dict[str, str] = {}
    for m in _BRACKET.finditer(text):
        found = _bracketed(text, m, w)
        if found is None:
            continue
        name, code, alias = found
        name = _listed_tail(name, w, places)
        short = _short(name, w)
        # a name gives way to the short name the text gives it (三亚凤凰国际机场（下称“三亚机场”）),
        # a legal name else to the listed name inside it
        alias = "" if alias.startswith(_SELF_REFERENCE) else alias  # （以下简称“本行”, “公司”）
        canonical = alias or ((_listed_inside(short, w) or short) if short != name else short)
        org = Org(canonical, code)
        rule = "entities.toml: codes" if code else "entities.toml: short_name"
        for form in {name, short, canonical, alias} - {""}:
            if len(form) >= 2 and (form not in forms or forms[form].code is None):
                forms[form], rules[form] = org, rule
    # an exchange announcement's header: 证券代码：000961 证券简称：中南建设
    for m in _FILING_HEADER.finditer(text):
        name = m.group("name")
        forms.setdefault(name, Org(name, m.group("code")))
        rules.setdefault(name, "entities.toml: codes (announcement header)")
    # names that publish a report or announce (明德生物、迪安诊断发布一季报; 赣锋锂业26日晚披露)
    for m in w.reporters.finditer(text):
        for n in _LIST_SEP.split(m.group("names")):
            n = _listed_tail(n, w, places)
            if n.endswith(_ADVERBS):
                continue  # 记者对比已公布业绩的公司: an adverb before the verb ends no name
            if len(n) >= 2 and n not in forms and not _excluded(n, w) and not _not_company(n, w):
                forms[n], rules[n] = Org(n, None), "entities.toml: reports"
    # a group reporting with its subsidiaries (某航空及所属子公司客运运力投入)
    for m in w.groups.finditer(text):
        n = _listed_tail(_name_before(text, m.start(), 0, w), w, places)
        if len(n) >= 2 and n not in forms and n not in places and not _excluded(n, w) and not _not_company(n, w):
            forms[n], rules[n] = Org(_short(n, w), None), f"entities.toml: {m.group()}"
    # a round-up's headings labelled with one known organisation each (比亚迪：…, 招商银行：…):
    # the other labels of that level name organisations too (晶辉光能：由盈转亏)
    for names in labels.values():
        if len(names) >= 2 and any(n in forms or n.endswith(w.strong) or n in w.listed for n in names):
            for n in names:
                if n not in forms and not _excluded(n, w):
                    forms[n], rules[n] = Org(_short(n, w), None), "entities.toml: suffixes"
    # a list of names one of which is an organisation (美的集团、海尔智家、格力电器这三大白电巨头):
    # the others are organisations too, unless they are places or bodies
    for m in _NAME_LIST.finditer(text):
        names = _LIST_SEP.split(m.group("names"))
        if not any(n in forms or n.endswith(w.strong) or n in w.listed for n in names):
            continue
        for n in names:
            if n in forms or n in places or _excluded(n, w) or _not_company(n, w) or _generic_name(n, w):
                continue
            forms[n], rules[n] = Org(_short(n, w), None), "entities.toml: suffixes (a list with one)"
    # a listed name that reads as a place and a word, or ends in a weak suffix (湖南发展, 中国石油),
    # is the company wherever the document writes it, once it reports results or data somewhere
    for i, n in _listed_in(text, 0, len(text), w):
        end = i + len(n)
        if n in forms or not _ambiguous(n, w, places) or not _opens_subject(text, i, 0, w):
            continue  # 全国新能源汽车: 国新能源 read inside a phrase
        if w.reports_after(text, end) or text.startswith(w.sources, end):
            forms[n], rules[n] = Org(n, None), f"listed.toml: {n}"
    return Registry(forms, rules, alternation(list(forms)))


def _listed_in(text: str, lo: int, hi: int, w: EntityWords) -> Iterator[tuple[int, str]]:
    """(start, name) of the listed companies' names in text[lo:hi], longest first, none inside another."""
    i = lo
    while i < hi:
        n = w.listed_at(text, i, hi)
        if n is not None:
            yield i, n
            i += len(n)
        else:
            i += 1


_SUBJECT_BEFORE = pl.CLAUSE_OPENERS | frozenset("「『年月日度晚间前")  # and after a date: 15日晚, 日前


def _opens_subject(text: str, i: int, lo: int, w: EntityWords) -> bool:
    """A name at i opens its clause, a list item or what follows a date or an opener (其中, 据, 为):
    where a company stands as the subject of its own figures."""
    return i == lo or text[i - 1] in _SUBJECT_BEFORE or text.endswith(w.openers, max(lo, i - 4), i)


def _ambiguous(name: str, w: EntityWords, places: Collection[str]) -> bool:
    """湖南发展, 北京文化, 中国电影, 中国石油: a place and a word, or a weak suffix, read as a phrase too."""
    return name.endswith(w.weak) or any(name[:k] in places for k in (2, 3))


def _listed_tail(name: str, w: EntityWords, places: Collection[str]) -> str:
    """推动中国人保 → 中国人保, 深A附属北新建材 → 北新建材: a run of name characters that ends in a listed
    company's name is that company, unless a place comes before the name (中国工商银行 stays)."""
    for k in range(2, len(name) - 1):  # a single character before it is more likely the name's own (全国新能源)
        if name[k:] in w.listed:
            return name if name[:k] in places else name[k:]
    return name


def _listed_inside(short: str, w: EntityWords) -> str | None:
    """无锡药明康德新药开发 → 药明康德, 贵州茅台酒 → 贵州茅台: the listed name a legal name holds."""
    for size in range(min(len(short), w.listed_longest), 1, -1):
        for k in range(len(short) - size + 1):
            if short[k : k + size] in w.listed:
                return short[k : k + size]
    return None


_ADVERBS = ("已", "将", "均", "都", "也", "还", "又", "再", "正", "曾", "皆", "仍", "先后", "陆续", "相继", "纷纷")

_NAME_LIST = regex.compile(
    r"(?:^|(?<=[，,。；;：:\s]))(?P<names>\p{Han}{2,6}?(?:、\p{Han}{2,6}?){1,7}(?:[和与及]\p{Han}{2,6}?)?)"
    r"(?=[这等两三四五六七八九十，,。；;])"
)


def _generic_name(name: str, w: EntityWords) -> bool:
    """上市银行, 各大银行: a category ending in a suffix, not one organisation's name."""
    suffix = next((x for x in w.strong if name.endswith(x)), "")
    return bool(suffix) and len(_strip_generic(name[: -len(suffix)], w)) < 2


def _bracketed(text: str, m: regex.Match[str], w: EntityWords) -> tuple[str, str | None, str] | None:
    """(name, code, short name) of `NAME（CODE, 下称“X”）` or `NAME（以下简称“X”）`, else None."""
    inside = m.group(1)
    code, alias, rest = None, "", inside
    c = w.code.match(inside)
    if c is not None:
        code, rest = c.group("code"), c.group("rest") or ""
    s = w.short_name.search(rest)
    if s is not None:
        alias = s.group("alias").strip()
    elif code is None:
        return None
    name = _name_before(text, m.start(), 0, w)
    if len(name) < 2 or _excluded(name, w):
        return None
    if code is None and not name.endswith((*w.strong, *w.weak, *w.legal_forms)):
        return None  # 社会消费品零售总额（以下简称“社零总额”）: a measure's short name, no organisation's
    if code is not None and not alias:
        after = text[m.end() : m.end() + 12]
        if code.isalpha() and not w.results.search(after):
            return None  # 居民消费价格（CPI）: letters alone are a ticker only before a results word
        if _YEAR_LIKE.fullmatch(code) and not name.endswith((*w.strong, *w.weak)):
            return None  # 中国能源大数据报告(2021): a year, not a code
    return name, code, alias


def _name_before(text: str, end: int, floor: int, w: EntityWords) -> str:
    """The name that ends at `end`: the run of name characters before it (at most NAME_REACH
    before a suffix, 20 before a bracket), after any clause opener (包括, 据) and leading date."""
    i = end
    while i > floor and end - i < 20 and _NAME_CHAR.match(text[i - 1]):
        i -= 1
    return _after_opener(_without_leading_date(text[i:end]), w)


def _without_leading_date(run: str) -> str:
    """1-5月银行 → 银行: dates and counts before a name are not part of it."""
    while True:
        j = _LEADING_JUNK.match(run)
        if not j or not j.group():
            return run
        run = run[j.end() :]


def _after_opener(run: str, w: EntityWords) -> str:
    """The run after its last clause opener that leaves a name of two characters or more."""
    best = 0
    for op in w.openers:
        k = run.rfind(op)
        while k >= 0:
            if len(run) - (k + len(op)) >= 2 and k + len(op) > best:
                best = k + len(op)
                break
            k = run.rfind(op, 0, k)
    return run[best:]


def _short(name: str, w: EntityWords) -> str:
    """贵州茅台酒股份有限公司 → 贵州茅台酒: the legal form dropped, if a name is left."""
    for form in w.legal_forms:
        if name.endswith(form) and len(name) - len(form) >= 2:
            return name[: -len(form)]
    return name


def _excluded(name: str, w: EntityWords) -> bool:
    return any(name.endswith(x) for x in w.not_entities)


def _strip_generic(prefix: str, w: EntityWords) -> str:
    """What is left of a name's prefix without the category words before its suffix: 国内上榜 → '',
    我国商业 → '', 重庆农村商业 → 重庆 (a name: 重庆农村商业银行)."""
    while prefix:
        g = next((x for x in w.generic if prefix.endswith(x)), None)
        if g is None:
            break
        prefix = prefix[: -len(g)]
    return prefix


# ---------------------------------------------------------------- mentions in a sentence


@dataclass(slots=True)
class _Found:
    """A sentence's mentions in text order (none inside another), their ends for bisection and
    the names they are written with, longest first: worked out once a sentence, so a sentence of
    thousands of claims is read once, not once per claim."""

    mentions: list[OrgMention]
    ends: list[int]
    names: frozenset[str]
    longest: int  # the length of the longest name

    def opening(self, text: str) -> str | None:
        """The longest name that `text` opens with (and goes on after), looked up by prefix."""
        for n in range(min(self.longest, len(text) - 1), 1, -1):
            if text[:n] in self.names:
                return text[:n]
        return None


def mentions(ctx: cx.DocContext, sent: Sentence) -> list[OrgMention]:
    return _found(ctx, sent).mentions


def _found(ctx: cx.DocContext, sent: Sentence) -> _Found:
    cache: dict[int, _Found] = ctx.once.setdefault("entity_mentions", {})
    found = cache.get(sent.start)
    if found is None:
        ms = _mentions(ctx, sent)
        names = frozenset(ctx.text[m.start : m.end] for m in ms if m.org is not None)
        found = cache[sent.start] = _Found(ms, [m.end for m in ms], names, max(map(len, names), default=0))
    return found


def _mentions(ctx: cx.DocContext, sent: Sentence) -> list[OrgMention]:
    text, w, reg = ctx.text, ctx.rules.entities, registry(ctx)
    lo, hi = sent.start, sent.end
    title = ctx.structure.title
    if title is not None and title.sentences and sent is title.sentences[0]:
        bar = max(sent.text.rfind("｜"), sent.text.rfind("|"))
        lo += bar + 1  # 周报｜headline: only the headline speaks of the lead item
    known: list[OrgMention] = []
    if reg.forms:
        for m in reg.pattern.finditer(text, lo, hi):
            if not _in_title_marks(text, m.start()):
                known.append(OrgMention(m.start(), m.end(), reg.forms[m.group()], reg.rules[m.group()]))
    starts, ends = [m.start for m in known], [m.end for m in known]
    out = list(known)
    last = lo  # the end of the last mention found by its suffix
    for m in w.suffix.finditer(text, lo, hi):
        k = bisect.bisect_right(starts, m.start())
        if (k and ends[k - 1] > m.start()) or (k < len(starts) and starts[k] < m.end()):
            continue  # inside a name the document already knows
        if _in_title_marks(text, m.start()):
            continue
        floor = max(last, ends[k - 1] if k else lo)
        found = _suffix_name(ctx, m, floor)
        if found is not None:
            out.append(found)
            last = found.end
    out.sort(key=lambda x: x.start)
    out = _with_listed(ctx, _joined(text, out, w), lo, hi)
    frames = [(f.start(), f.end()) for f in w.drivers.finditer(text, lo, hi)]
    return [m for m in out if not any(a <= m.start and m.end <= b for a, b in frames)] if frames else out


def _joined(text: str, ms: list[OrgMention], w: EntityWords) -> list[OrgMention]:
    """东湖高新 + 集团股份有限公司: a known name the suffix words of its legal name follow is one
    mention, the known organisation's."""
    out: list[OrgMention] = []
    for m in ms:
        last = out[-1] if out else None
        if (
            last is not None
            and last.org is not None
            and last.end == m.start
            and _only_suffixes(text[m.start : m.end], w)
        ):
            out[-1] = OrgMention(last.start, m.end, last.org, last.rule)
        else:
            out.append(m)
    return out


def _only_suffixes(name: str, w: EntityWords) -> bool:
    """集团股份有限公司, 股份有限公司, 控股: the suffix words of a legal name, and nothing else."""
    rest = _short(name, w)
    return rest in w.strong or rest in w.legal_forms or name in w.legal_forms


def _with_listed(ctx: cx.DocContext, out: list[OrgMention], lo: int, hi: int) -> list[OrgMention]:
    """The mentions with the listed companies' names written bare (宁德时代, 中国平安) that no mention
    covers; a name that reads as a phrase too (湖南发展) only where the document knows it already."""
    text, w, places = ctx.text, ctx.rules.entities, ctx.rules.places
    starts, ends = [m.start for m in out], [m.end for m in out]
    added = []
    for i, n in _listed_in(text, lo, hi, w):
        k = bisect.bisect_right(starts, i)
        if (k and ends[k - 1] > i) or (k < len(starts) and starts[k] < i + len(n)):
            continue
        if _in_title_marks(text, i) or (_ambiguous(n, w, places) and not w.listed_list(text, i, n)):
            continue  # the document's own registry has it where it reports results
        if not _opens_subject(text, i, lo, w):
            continue  # 举办线上线下活动: a name read inside a phrase is no subject of figures
        if w.site.match(text, i + len(n), min(hi, i + len(n) + 9)):
            continue  # 万科松花湖度假区: a site the company brands; its figures are the site's
        added.append(OrgMention(i, i + len(n), Org(n, None), f"listed.toml: {n}"))
    return sorted(out + added, key=lambda x: x.start) if added else out


def _suffix_name(ctx: cx.DocContext, m: regex.Match[str], floor: int) -> OrgMention | None:
    text, w = ctx.text, ctx.rules.entities
    suffix, i, j = m.group(), m.start(), m.end()
    if text.startswith(w.not_after, j):
        return None  # 银行业, 银行卡, 证券市场: a longer word
    if any(text.startswith(x, j - len(x)) for x in w.not_entities):
        return None  # 人民银行, 本集团: a reporting body, or the organisation in context
    k = i
    while k > floor and i - k < NAME_REACH and _NAME_CHAR.match(text[k - 1]):
        k -= 1
    run = text[k:i]
    counted = next(reversed(list(_COUNT.finditer(run))), None)
    if counted is not None:  # 7家股份制银行, 其余6家银行: a count of a category
        k, run = k + counted.start(), run[counted.end() :]
    name_prefix = _after_opener(_without_leading_date(run), w) if run else ""
    left = _strip_generic(name_prefix, w)
    name = name_prefix + suffix
    weak = suffix in w.weak
    if len(left) < 2:
        if weak or (not run and counted is None):
            return None
        return OrgMention(k, j, None, f"entities.toml: {suffix}")  # 7家股份制银行: a category
    if weak:
        if text.startswith((*w.weak, *w.strong), j) or left != name_prefix:
            # 新能源汽车: the weak suffix runs on into another word; 带动全国新能源汽车: category
            # words before a weak suffix name a product or sector, not a company
            return None
        clause = _CLAUSE_END.search(text, j)
        if not w.results.search(text, j, clause.start() if clause else len(text)):
            return None  # 新能源汽车产销: a product, not a company, without results words
    name = _listed_tail(name, w, ctx.rules.places)
    short = _short(name, w)
    if short != name:  # 武汉东湖高新集团股份有限公司 → 东湖高新: the listed name a legal name holds
        short = _listed_inside(short, w) or short
    org = registry(ctx).forms.get(short) or registry(ctx).forms.get(name) or Org(short, None)
    return OrgMention(j - len(name), j, org, f"entities.toml: {suffix}")


def _in_title_marks(text: str, i: int) -> bool:
    """Inside 《…》: the name of a publication or a document."""
    opened = text.rfind("《", max(0, i - 40), i)
    return opened != -1 and text.find("》", opened, i) == -1


# ---------------------------------------------------------------- a claim's entity


def entity(ctx: cx.DocContext, block: Block, sent: Sentence, pos: int) -> tuple[OrgMention | None, str]:
    """The organisation of the claim at `pos`, with where it came from; (None, '') for none."""
    found = _found(ctx, sent)
    ms = found.mentions
    k = bisect.bisect_right(found.ends, pos)
    if k < len(ms) and ms[k].start <= pos:
        return (ms[k] if ms[k].org else None), "sentence"  # 其余6家银行: the count of a category
    if k:
        m = _paired(ctx.text, ms, k, pos) or ms[k - 1]
        return (m if m.org else None), "sentence"
    after = next((m for m in ms[k:] if not _CLAUSE_END.search(ctx.text, pos, m.start)), None)
    if after is not None:
        return (after if after.org else None), "sentence"
    s = cx._first(ctx, block, sent, ("entity",), lambda s: _sets_entity(ctx, block, s))
    if s is not None:
        m = mentions(ctx, s)[-1]
        return (m if m.org else None), ("paragraph" if cx._in(block, s) else "heading")
    if ctx.structure.digest:
        return None, ""
    return doc_entity(ctx), "document"


def doc_entity(ctx: cx.DocContext) -> OrgMention | None:
    """The organisation the document is about: the one its title names, else its lead paragraph
    (a lead naming several, or a category, is about none of them)."""
    if "doc_entity" not in ctx.once:
        ctx.once["doc_entity"] = _doc_entity(ctx)
    return ctx.once["doc_entity"]


def _doc_entity(ctx: cx.DocContext) -> OrgMention | None:
    filing = _FILING_HEADER.search(ctx.text, 0, FILING_REACH)
    if filing is not None:  # 证券代码：688778 证券简称：厦钨新能: the announcing company's figures
        org = registry(ctx).forms.get(filing["name"])
        return OrgMention(filing.start("name"), filing.end("name"), org, "entities.toml: codes (announcement header)")
    st = ctx.structure
    lead = next((b for b in st.blocks if b.kind == "para"), None)
    ms = _named_in(ctx, st.title) or _header_entity(ctx, lead.start if lead else len(ctx.text)) or _named_in(ctx, lead)
    orgs = {m.org for m in ms}
    return ms[0] if len(orgs) == 1 and None not in orgs else None


def _named_in(ctx: cx.DocContext, block: Block | None) -> list[OrgMention]:
    return [m for s in (block.sentences if block else []) for m in mentions(ctx, s) if not _source(ctx, m)]


def _header_entity(ctx: cx.DocContext, body: int) -> list[OrgMention]:
    """鞍钢股份(000898) - 投资者关系活动记录表 in the lines above the body, which the page's furniture
    hides from title and lead: one organisation named there with its code is the page's."""
    reg = registry(ctx)
    if not reg.forms:
        return []
    coded = [m for m in reg.pattern.finditer(ctx.text, 0, body) if reg.forms[m.group()].code]
    if len({reg.forms[m.group()] for m in coded}) != 1:
        return []
    m = coded[0]
    return [OrgMention(m.start(), m.end(), reg.forms[m.group()], reg.rules[m.group()])]


def _sets_entity(ctx: cx.DocContext, block: Block, s: Sentence) -> bool:
    if cx._in(block, s) and s.text.startswith("其中"):
        return False  # a part named by 其中 does not speak for what follows
    ms = mentions(ctx, s)
    if ms and _source(ctx, ms[-1]):
        return False  # 国铁集团数据显示，…全国…: the source of the data, not the owner of later figures
    return bool(ms)


def _source(ctx: cx.DocContext, m: OrgMention) -> bool:
    """国铁集团数据显示: a name followed by words that make it the source of its sentence's data."""
    return ctx.text.startswith(ctx.rules.entities.sources, m.end)


WORD_WINDOW = 8  # characters after a name that jieba reads to see whether the name ends a word
LIST_REACH = 32  # names a 分别 list pairs at most: a sentence of thousands stays linear


def _paired(text: str, ms: list[OrgMention], k: int, pos: int) -> OrgMention | None:
    """招商银行、中信银行营收分别下降A、B: after 分别 the k-th figure is the k-th name of the list
    (ms[:k] are the mentions before pos)."""
    last = ms[k - 1]
    cue = max(text.rfind(x, last.end, pos) for x in _SPLIT)
    if cue < 0:
        return None
    first = k - 1
    while first > 0 and k - first < LIST_REACH and _LIST_SEP.fullmatch(text[ms[first - 1].end : ms[first].start]):
        first -= 1
    chain = ms[first:k]
    if len(chain) < 2:
        return None
    figures = 0
    for _ in _FIGURE.finditer(text, cue, pos):
        figures += 1
        if figures >= len(chain):
            return None
    return chain[figures]


# ---------------------------------------------------------------- the indicator without it


def strip_names(ctx: cx.DocContext, sent: Sentence, indicator: str) -> str:
    """招商银行营业收入 → 营业收入: organisation names that open an indicator (a list of them too,
    with its 分别) leave it, where the name ends a word (茅台酒营业收入 keeps its 茅台酒)."""
    from .tokens import cut

    found = _found(ctx, sent)
    out, dropped = indicator, 0
    for _ in range(LIST_REACH):
        hit = found.opening(out)
        # the words around the name's end say whether it ends a word; no more is cut, so a list
        # of thousands of names is stripped in linear time
        if hit is None or not _word_ends(cut(out[: len(hit) + WORD_WINDOW], ctx.rules), len(hit)):
            break
        out, dropped = out[len(hit) :], dropped + 1
        code = _BRACKET.match(out)  # 招商银行（600036.SH）营业收入: the code goes with the name
        if code is not None and w_code(ctx).match(code.group(1)):
            out = out[code.end() :]
        sep = _LIST_SEP.match(out)
        if sep and found.opening(out[sep.end() :]) is not None:
            out = out[sep.end() :]
        out = out.lstrip("的")
    if dropped > 1 and out.endswith(_SPLIT) and len(out) > 2:
        out = out[:-2]
    return out or indicator


def is_name(ctx: cx.DocContext, sent: Sentence, s: str) -> bool:
    """Is `s` just the name of an organisation its sentence mentions, or what is left of it
    without its place (贵州茅台已开通专卖店: 贵州茅台; 三亚机场已开通航线: 机场)?"""
    return bool(s) and any(n.endswith(s) for n in _found(ctx, sent).names)


def w_code(ctx: cx.DocContext) -> Any:
    return ctx.rules.entities.code


def _word_ends(tokens: list[str], at: int) -> bool:
    n = 0
    for t in tokens:
        n += len(t)
        if n >= at:
            return n == at
    return False
