"""The indicator of an amount: what is measured, as the text names it (SPEC section 1).

The subject of the amount's clause, with period, place, opener and predicate words taken
off; a count's noun after its measure word (53个重大项目); the parts of a list before 分别.
"""

from __future__ import annotations

import regex

from . import tokens
from .rules import RuleSet

_CLAUSE_END = "，,；;：:。！？!? 　"
# U+FFFD stands for bytes that could not be read (factx.reader): never part of a name.
_STRIP_CHARS = "\ufffd \t　*“”\"'、（）()【】[]_|>"
_LIST_SPLIT = regex.compile(r"、|和|及|与|以及")
_NOUN_AFTER = regex.compile(r"^[\p{Han}A-Za-z“”（）()·\-、]{1,30}")
_FOOTNOTE = regex.compile(r"\[\d{1,2}\]|\[注?\d{0,2}\]?$")
_LEADING_JOIN = ("和", "及", "以及", "与", "、", "或")
_TRAILING = regex.compile(  # words that end a subject but name nothing (數量則上升, 數量較上年)
    r"(?:的|了|等|也|亦|都|(?<!平)均|仍|还|则|中|里|方面|总计|合计|共计|(?<!公)共|(?<![所可难足])以|和|及|与|以及|或|较|对|从|由|将|预计|预期|有望"
    r"|[亦也均都]有)+$"  # 台灣旅客亦有16.6%的增長; 人數則由: each of them
)
# a growth-only record's name ends before the words that say it is a rate (营收增速 → 营收,
# 人口年平均增长率 → 人口); 自然增长率 is a level of its own and never reaches here
_RATE_TAIL = regex.compile(
    r"(?:同比|环比|環比|按年|年均|(?:[两兩二三四五\d]?年)?(?:同期)?平均)?"
    r"(?:实际|实质|名义)?(?:增速|增幅|涨幅|升幅|降幅|跌幅|减幅|增长率|成长率|增长速度|变动率|变化率|增长幅度)?$"
)
_BOLD_LABEL = regex.compile(r"^\*\*[^*]*\*\*")
# up to the last 、 right after a figure, or after a bracket holding one (合肥(729.3亿元 增长0.1%下同)、)
_BEFORE_LIST_ITEM = regex.compile(r"^(?:.*[0-9%％])?(?:[^（()）、，。]{0,4}[）)])?、")
_UNCLOSED = regex.compile(r"[（(]([^（()）]*)$")  # a bracket the clause does not close
_SECTION_NUMBER = regex.compile(  # （二） 三、 3、 opening a clause
    r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|\d{1,2}[、．.](?![\d.]))"
)
# 占比63.3%的电力供应业: a share that is a claim of its own, modifying the name
_FIGURE_MODIFIER = regex.compile(r"^[^，,；;的]*(?:占|比重|份额)[^，,；;的]{0,8}[\d.]+[%％]的")


CLAUSE_REACH = 120  # characters: a clause longer than this (text without punctuation) is cut here
LOOK_BACK = 4 * CLAUSE_REACH  # characters before an amount searched for its name or its level


def clause_start(text: str, lo: int, pos: int) -> int:
    """Start of the clause holding `pos`, looking back at most CLAUSE_REACH characters."""
    i = pos
    lo = max(lo, pos - CLAUSE_REACH)
    depth = 0  # inside brackets closed before pos: （仅限于…，下同） holds no clause end
    while i > lo:
        c = text[i - 1]
        if c in "）)":
            depth += 1
        elif c in "（(":
            depth = max(0, depth - 1)
        elif depth == 0 and c in _CLAUSE_END and not _spaced_digit(text, i - 1):
            break
        i -= 1
    return i


def _spaced_digit(text: str, i: int) -> bool:
    """A space beside a digit (2020 年, 3.5 亿元) spaces out a phrase; it ends no clause."""
    return text[i] == " " and (text[i - 1 : i].isdigit() or text[i + 1 : i + 2].isdigit())


def clause_end(text: str, pos: int, hi: int) -> int:
    i = pos
    while i < hi and text[i] not in _CLAUSE_END:
        i += 1
    return i


def _strip_front(s: str, rules: RuleSet, remove: list[str]) -> str:
    """Take off leading place and period words and openers, the first listed that fits each time."""
    removable = tuple(w for w in remove if w)
    openers = rules.openers
    while s:
        s = s.lstrip(_STRIP_CHARS)
        if s.startswith(removable):  # one call in C for the usual answer, no
            s = s[len(next(w for w in removable if s.startswith(w))) :]
        elif s.startswith(openers):
            s = s[len(next(w for w in openers if s.startswith(w))) :]
        else:
            break
    return s


def _cut_predicate(s: str, rules: RuleSet) -> tuple[str, str, str]:
    """Split at the first predicate that jieba sees as a word of its own: (subject, object, word)."""
    if not rules.any_predicate.search(s, 1):
        return s, "", ""  # no predicate after the first character: no cut can find one, skip jieba
    pos = 0
    preds = set(rules.predicates)
    for token in tokens.cut(s, rules):
        if pos > 0 and token in preds:
            return s[:pos], s[pos + len(token) :], token
        pos += len(token)
    return s, "", ""


# a note in brackets inside a name (地方法人金融机构（包括农信社…）存款余额, 税收（剔除海关关税…）)
_BRACKET_NOTE = regex.compile(
    r"[（(](?:包括|包含|不包括|剔除|扣除|注|下同|以下简称|以下称|下称|简称)[^（）()]{0,60}[）)]"
    r"|[（(][^（）()]{0,60}[，,、]\s*下同[^（）()]{0,20}[）)]"  # 过夜游客（仅限于…，下同）, （净利润，下同）
)


def clean(s: str, rules: RuleSet, remove: list[str], why: list[str] | None = None) -> str:
    """A subject phrase → indicator: strip openers, places and periods, stop at the predicate.
    `why` collects the rule entries that decided where the name starts and ends."""
    why = why if why is not None else []
    s = _BRACKET_NOTE.sub("", _SECTION_NUMBER.sub("", _FOOTNOTE.sub("", _BOLD_LABEL.sub("", s))))
    if rules.lead_in.fullmatch(s.strip(_STRIP_CHARS)):
        why.append("indicators.toml: lead_ins")
        return ""  # 分季度看: a breakdown announced, no name
    s = _FIGURE_MODIFIER.sub("", s)
    said = list(rules.reporting.finditer(s))
    if said and said[-1].end() < len(s):  # 统计处今公布外销订单: what was reported
        s = s[said[-1].end() :]
        why.append(f"indicators.toml: {said[-1].group()}")
    s = without(s, [w for w in remove if len(w) >= 2])  # 2023年11月的销售额 → 销售额
    # 比上年增长44.25%、营业利润3.80亿元; 合肥(729.3亿元)、2.芜湖: the item after the 、, without its number
    s = _SECTION_NUMBER.sub("", _BEFORE_LIST_ITEM.sub("", s))
    s = _strip_front(s, rules, remove)
    s = _UNCLOSED.sub(r"\1", s)  # 百貨公司貨品（零售量上升9.7%）: the measure in the bracket
    if s.startswith(rules.predicates):  # a subject that opens with its predicate (实现营业收入)
        w = next(w for w in rules.predicates if s.startswith(w))
        if len(next(iter(tokens.cut(s[: len(w) + 4], rules)), w)) != len(w) + 1:  # not 增加值, 拥有量: a measure
            s = s[len(w) :]
            why.append(f"indicators.toml: {w}")
    subj, obj, cut = _cut_predicate(s, rules)
    if cut:
        why.append(f"indicators.toml: {cut}")
    subj = _strip_front(subj, rules, remove)
    obj = _strip_front(obj, rules, remove)
    # 制造业实现增加值 → 制造业增加值
    s = subj + obj if subj and obj and any(obj.endswith(h) for h in rules.heads) else subj or obj
    s = _strip_ends(_TRAILING.sub("", _strip_ends(s)))
    return "" if names_nothing(s, rules) or s in rules.verbs else s  # 同比下降: a change, no name


def names_nothing(name: str, rules: RuleSet) -> bool:
    """在, 在與比, 以, 下同: a name made only of function words, which names no indicator."""
    return all(c in rules.particles for c in name)


def without(s: str, words: list[str]) -> str:
    """`s` without the place and period words of its sentence, and the 的 after each, longest first."""
    for w in sorted(words, key=len, reverse=True):
        if w:
            s = s.replace(w + "的", "").replace(w, "")
    return s


def _strip_ends(s: str) -> str:
    """Strip punctuation from both ends, but keep the bracket that closes an abbreviation:
    居民消费价格（CPI）."""
    t = s.strip(_STRIP_CHARS)
    for opening, closing in (("（", "）"), ("(", ")")):
        unclosed = t.count(opening) == t.count(closing) + 1 and t.rfind(opening) > t.rfind(closing)
        if unclosed and closing in s[s.rfind(opening) :]:
            t += closing
    return t


_CHANGE_TO = regex.compile(r"\p{Han}{1,3}?[到至]")  # 增加到, 下跌至, 降至


def noun_after(text: str, pos: int, hi: int, rules: RuleSet) -> str:
    """A count's noun: 53个重大项目签约 → 重大项目签约; empty when punctuation follows."""
    m = _NOUN_AFTER.match(text[pos:hi])
    if not m:
        return ""
    s = m.group(0)
    if s.startswith(_LEADING_JOIN):
        return ""
    after = next((w for w in sorted(rules.qual_after, key=len, reverse=True) if s.startswith(w)), "")
    s = s[len(after) :]  # 10家以上千亿级龙头企业: past the qualifier to the noun
    if (to := _CHANGE_TO.match(s)) is not None and s[: to.end() - 1] in rules.verbs:
        return ""  # 由107家增加到500家, 38 800人下跌至: the count changes to another, no noun follows
    s, _, _ = _cut_predicate(s, rules)
    if "的" in s:
        # 可量化、可操作的举措 → 举措 (a list of modifiers); 国企的… → 国企
        head, _, tail = s.rpartition("的")
        s = tail if "、" in head and tail else s.split("的", 1)[0]
    return _TRAILING.sub("", s.split("、", 1)[0]).strip(_STRIP_CHARS)


def rate_name(name: str) -> str:
    """The name of a growth-only record without its rate words: 毛利率增速 → 毛利率."""
    cut = _RATE_TAIL.search(name)
    if cut is None or cut.start() == 0 or cut.start() == len(name):
        return name
    return _strip_ends(_TRAILING.sub("", name[: cut.start()]))


def before_rate(raw: str) -> str:
    """The text before a rate word without the basis that ends it (人口年平均 → 人口), so the
    particles of the basis (均) are not read as the end of the name."""
    cut = _RATE_TAIL.search(raw)
    return raw[: cut.start()] if cut is not None and cut.start() > 0 else raw


def names_indicator(s: str, rules: RuleSet, remove: list[str]) -> bool:
    """Does the text between an amount and a rate name another indicator?"""
    for w in sorted(remove, key=len, reverse=True):
        if w:
            s = s.replace(w, "")
    s = regex.sub(r"[\d.,%％]+|[^\p{Han}A-Za-z]", "", s)
    for w in sorted(rules.fillers, key=len, reverse=True):
        s = s.replace(w, "")
    return len(s) >= 2 and any(h in s for h in rules.heads if len(h) >= 2 or s.endswith(h))


def split_list(s: str) -> list[str]:
    """A、B和C → [A, B, C]: 、 separates items; only the last item's first 和/及 does."""
    items = [p for p in s.split("、") if p]
    if items:
        items[-1:] = [p for p in _LIST_SPLIT.split(items[-1], maxsplit=1) if p]
    return items
