"""Place mentions in a sentence, with the ones that set no region left out (SPEC section 2).

A place inside an organisation's name or a brand, a trade partner, the base of a share, a rank
or a comparison, a destination or the reach of a service, a dateline, or a name in 《》 is seen
but does not count.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace

import ahocorasick
import regex

from .rules import Place, RuleSet
from .script import simplified

_PARTNER_BEFORE = ("对", "伙伴", "与", "同", "向", "自", "从", "至", "往", "通达", "发往", "销往")
_BASE_BEFORE = regex.compile(r"(占|居|位居|位列|列|高于|低于|快于|慢于|领先|领跑|超过|超越|跑赢|相当于|比|较|于)$")
_RANK_AFTER = regex.compile(
    r"^(第|首[个位家]?|前列|领先|之首|首位|平均|同期|整体|总值|总量|外贸总值|的比重|比重|水平|最|各地|各省|同类|其他)"
)
_SITE_AFTER = regex.compile(r"^(港|景区|风景区|机场|园区|新区|基地|码头|站)")
_BASE = "base, rank or comparison"
VISITORS = "visitors"  # 香港旅客: visitors from the place
# what stands between two places of one list: a figure in brackets, items that are no place
# (欧\n盟, broken by a line), then 、/和/及
_LIST_GAP = regex.compile(r"(?:[（(][^（）()]{0,16}[）)]|[^，。；,;（）()]){0,12}?(?:、|和|及|与|以及)\s*")
_NOTE_FIRST = regex.compile(r"^\s*[（(][^（）()]{0,16}[）)]\s*")
_HEAD_END = regex.compile(r"[，。；、：:,;（(“\s]")  # where the words after a place end
# 北京7月11日电, 上海2021年3月30日 /美通社/ --: a news dateline (wire services write it so)
_DATELINE_AFTER = regex.compile(
    r"^[^，。]{0,4}(?:\d{4}年)?\d{1,2}月\d{1,2}日(?:\s*(?:[电電讯訊]|消息)|\s*/\s*(?:美通社|新华社|中新社|路透社|彭博社|共同社|PRNewswire)\s*/)"
)
# right after a bare county name (in the simplified view): the county speaking of itself
_ITS_LEVEL = ("全县", "全区", "全市")
# 2-character county names read bare only where the document makes them safe.
_GENERIC = frozenset(
    [
        "城区",
        "郊区",
        "矿区",
        "新区",
        "市中",
        "城关",
        "开发",
        "高新",
        "经开",
        "平安",
        "和平",
        "安宁",
        "长安",
        "新华",
        "滨江",
        "西湖",
        "河东",
        "河西",
        "城中",
        "城东",
        "城西",
        "城南",
        "城北",
        "江南",
        "江北",
        "东城",
        "西城",
        "南山",
        "北山",
        "东区",
        "西区",
        "南区",
        "北区",
        "中区",
        "市区",
        "新城",
        "老城",
        "铁西",
        "铁东",
        "海港",
        "青山",
        "白云",
        "天河",
        "龙华",
        "金山",
        "普陀",
        "长宁",
        "华侨",
        "华龙",
        "新兴",
        "永安",
        "太平",
        "东风",
        "和田",
        "大同",
        "长治",
        "吉安",
        "安康",
        "白山",
        "海东",
        "中卫",
        "宜春",
        "江山",
        "通州",
        "鼓楼",
        "桥西",
        "桥东",
        "向阳",
        "红旗",
        "前进",
        "胜利",
        "光明",
        "友谊",
        "东方",
        "文昌",
        "万宁",
        "五指山",
        "大安",
        "集安",
        "建设",
        "民主",
        "团结",
        "公主岭",
        "双桥",
        "新市",
        "龙湖",
        "龙泉",
        "长青",
        "清河",
        "新区",
        "金水",
        "中原",
        "二七",
        "上街",
        "惠济",
        "城厢",
        "东山",
        "西山",
        "南岗",
        "道里",
        "道外",
        "香坊",
        "松北",
        "红岗",
        "让胡路",
        "龙沙",
        "铁锋",
        "昂昂溪",
        "富拉尔基",
        "碾子山",
        "梅里斯",
        "平房",
        "阿城",
        "呼兰",
        "双城",
        "尚志",
        "五常",
        "依兰",
        "方正",
        "宾县",
        "巴彦",
        "木兰",
        "通河",
        "延寿",
        "龙凤",
        "大洼",
        "站前",
        "西市",
        "老边",
        "鲅鱼圈",
        "盖州",
        "大石桥",
        "海州",
        "新邱",
        "太平",
        "清河门",
        "细河",
        "阜新",
        "彰武",
        "镇海",
        "江东",
        "海曙",
        "北仑",
        "鄞州",
        "奉化",
        "余姚",
        "慈溪",
        "象山",
        "宁海",
        "沙县",
        "泾县",
        "和县",
    ]
)


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    place: Place | None  # None for a level word (全省 …) until resolved
    level_word: str = ""  # province | prefecture | county | hongkong
    counts: bool = True  # False: seen, but sets no region
    why: str = ""
    cands: tuple[Place, ...] = ()
    org: str = ""  # the suffix of the organisation whose name holds the place (统计局, 分行)

    @property
    def locates(self) -> bool:
        """Whether the mention says where the document is: any that counts, and a place in an
        organisation's name, a dateline or a title in 《》 too; not a brand, a partner, a reach,
        a base or a rank, which name other places."""
        return self.place is not None and (self.counts or bool(self.org) or self.why in ("dateline", "name"))


def scan(
    text: str, start: int, end: int, rules: RuleSet, established: set[str], families: Collection[str] = ()
) -> list[Mention]:
    """Place mentions in text[start:end], longest form first, left to right. `established`: county
    names the document writes in full; `families`: the parents of those counties, whose other
    counties may open a clause by their bare name (天河区…；白云…；黄埔…)."""
    hits = sorted(
        ((start + e + 1 - len(form), start + e + 1, form) for e, form in _automaton(rules).iter(text[start:end])),
        key=lambda h: (h[0], h[0] - h[1]),
    )
    out: list[Mention] = []
    pos = start
    tried = -1
    prev_why, prev_end = "", -1
    for i, j, form in hits:
        if i < pos or i == tried:
            continue  # inside a longer mention, or a shorter form where the longest was refused
        tried = i
        if form in rules.level_words:
            before = text[max(0, i - 4) : i]
            base = _BASE_BEFORE.search(before) or _RANK_AFTER.match(text[j : j + 12])
            reach = before.endswith(rules.reach_before)  # 覆盖全省: the reach, not the subject
            why = "reach" if reach else "base or rank" if base else ""
            m = Mention(i, j, None, rules.level_words[form], counts=not (base or reach), why=why)
        else:
            listed = prev_why if prev_end >= 0 and _LIST_GAP.fullmatch(text, prev_end, i) else ""
            judged = _judge(text, i, j, form, rules, established, families, out, listed)
            if judged is None:
                continue
            m = judged
            if m.why == VISITORS:
                _visitors_back(text, out, i)
        prev_why, prev_end = m.why, j
        out.append(m)
        pos = j
    return out


def _visitors_back(text: str, out: list[Mention], i: int) -> None:
    """中國大陸、香港及中國台灣旅客: the visitors' word after a list's last place is every item's."""
    k = len(out) - 1
    while k >= 0 and out[k].why == "" and out[k].place is not None and _LIST_GAP.fullmatch(text, out[k].end, i):
        out[k] = replace(out[k], why=VISITORS)
        i = out[k].start
        k -= 1


def _visitors(rules: RuleSet) -> regex.Pattern[str]:
    """A visitors' word right after a place, or after 的 and a two-character modifier (的长途旅客)."""
    p = rules.cache.get("visitors")
    if p is None:
        words = "|".join(regex.escape(w) for w in sorted(rules.visitor_words, key=len, reverse=True)) or "(?!)"
        p = rules.cache["visitors"] = regex.compile(rf"(?:的\p{{Han}}{{0,2}}?)?(?:{words})")
    return p


def _automaton(rules: RuleSet) -> ahocorasick.Automaton:
    """Every place form and level word in one Aho–Corasick automaton, built once per rule set."""
    a = rules.cache.get("places")
    if a is None:
        a = ahocorasick.Automaton()
        for form in (*rules.places, *rules.level_words):
            a.add_word(form, form)
        a.make_automaton()
        rules.cache["places"] = a
    return a


def _judge(
    text: str,
    i: int,
    j: int,
    form: str,
    rules: RuleSet,
    established: set[str],
    families: Collection[str],
    seen: list[Mention],
    listed: str,
) -> Mention | None:
    """`listed`: why the place before it in a list (…、它) counts for no region, if it does not."""
    if text[max(0, i - 3) : i + 1].endswith(rules.straddles):
        return None  # 其中国内…: 其中 + 国内, not 中国
    cands = tuple(rules.places[form])
    under = _under_place_before(seen, i, cands, rules)
    siblings = tuple(c for c in cands if c.parent in families) if _opens_clause(text, i) else ()
    if under:
        cands = under  # 深圳南山, 深圳市南山区: the division of the place written right before
    elif all(c.level == "county" for c in cands) and form == simplified(cands[0].name) and len(form) == 2:
        if siblings:
            cands = siblings  # 天河区…；白云…: a bare name opening a clause, beside its sibling in full
        elif form in _GENERIC or (form not in established and not text.startswith(_ITS_LEVEL, j)):
            return None  # (缙云全县上下…: a county that names itself with its level word is one)
    elif form in _GENERIC and form == simplified(cands[0].name):
        return None
    place = cands[0]
    before = text[max(0, i - 4) : i]
    after = text[j : j + 24]  # 2021年3月30日 /美通社/: a dateline reaches this far
    if place.level == "county" and form == simplified(place.name) and _SITE_AFTER.match(after):
        return None  # 盐田港, 石林景区: a site named after the county, in the city before it
    if _in_brackets(text, i):
        return Mention(i, j, place, counts=False, why="name", cands=cands)
    if after.startswith(rules.brand_words):
        return Mention(i, j, place, counts=False, why="brand", cands=cands)
    if _after_origin_lead(text, i, rules):
        return Mention(i, j, place, counts=False, why="origin of visitors", cands=cands)
    if rules.listed_name.match(after) or _listed_company(text, i, rules):
        return Mention(i, j, place, counts=False, why="organisation (listed company)", cands=cands, org="公司")
    org = _org_after(after, rules)
    if org:
        return Mention(i, j, place, counts=False, why=f"organisation ({org})", cands=cands, org=org)
    if before.endswith(rules.reach_before):
        return Mention(i, j, place, counts=False, why="reach", cands=cands)
    if before.endswith(rules.cause_before):
        return Mention(i, j, place, counts=False, why="cause", cands=cands)
    if (before.endswith(_PARTNER_BEFORE) and not _own_from(text, j, before, rules)) or listed == "partner":
        return Mention(i, j, place, counts=False, why="partner", cands=cands)
    if _BASE_BEFORE.search(before) or _RANK_AFTER.match(after) or listed == _BASE:
        # 分别高于石嘴山市(6.2%)、吴忠市(7.7%): every place of a compared list
        return Mention(i, j, place, counts=False, why=_BASE, cands=cands)
    if form in rules.nation_terms[0] and after.startswith(rules.nation_terms[1]):
        return None  # 国内生产总值, 国内游客: a term, not the nation
    if place.level == "nation" and _SURVEY_GAP.sub("", after, count=1).startswith(rules.surveys):
        return Mention(i, j, place, counts=False, why="name (national survey)", cands=cands)
    if _DATELINE_AFTER.match(after):
        return Mention(i, j, place, counts=False, why="dateline", cands=cands)
    # 香港(21,283人次)团客, 加拿大(24,563人次)的長途旅客: past the figure in brackets and a modifier
    visitors = _NOTE_FIRST.sub("", after, count=1)
    if _visitors(rules).match(visitors) and "接待" not in visitors[:6]:  # 德宏游客接待量: the place receives
        return Mention(i, j, place, why=VISITORS, cands=cands)  # the document decides: its own, or an origin
    return Mention(i, j, place, cands=cands)


_SURVEY_GAP = regex.compile(r"^[0-9０-９.．]*[%％‰]?")  # 全国1%人口抽样调查


def _own_from(text: str, j: int, before: str, rules: RuleSet) -> bool:
    """来自海口的一般公共预算收入: what comes from a place is its own, unless trade, capital or
    visitors follow in the clause (来自美国的进口, 来自香港的游客)."""
    if not before.endswith("来自"):
        return False
    clause = _HEAD_END.split(_NOTE_FIRST.sub("", text[j : j + 40], count=1), maxsplit=1)[0]  # past （跌10.4%）
    return not any(w in clause for w in rules.from_flows)


def _listed_company(text: str, i: int, rules: RuleSet) -> bool:
    """宁德时代营业收入, 宁德时代、比亚迪: the place opens a listed company's name that reports results
    or stands in a list of listed names (北京文化产业 stays Beijing's)."""
    w = rules.entities
    name = w.listed_at(text, i, len(text))
    return name is not None and (w.reports_after(text, i + len(name)) or w.listed_list(text, i, name))


def _under_place_before(seen: list[Mention], pos: int, cands: tuple[Place, ...], rules: RuleSet) -> tuple[Place, ...]:
    """浙江义乌, 深圳市南山区: of the divisions a name may be, those under the place written right
    before it (its prefecture or province)."""
    if not seen or seen[-1].end != pos or seen[-1].place is None:
        return ()
    codes = {c.code for c in (seen[-1].cands or (seen[-1].place,)) if c.code}
    if not codes:
        return ()

    def under(c: Place) -> bool:
        parent = rules.regions_by_code.get(c.parent)
        return c.parent in codes or (parent is not None and parent.parent in codes)

    return tuple(c for c in cands if c.code not in codes and under(c))


CLAUSE_OPENERS = frozenset('，,；;：:、。！？!?\n 　（(“"')  # what ends before a clause or a list item opens


def _opens_clause(text: str, i: int) -> bool:
    return i == 0 or text[i - 1] in CLAUSE_OPENERS


def _org_after(after: str, rules: RuleSet) -> str | None:
    head = _HEAD_END.split(after, maxsplit=1)[0][:8]
    if not rules.any_org_suffix.search(head):
        return None  # the usual answer in one call; else the first suffix listed that fits
    for suffix in rules.org_suffixes:
        k = head.find(suffix)
        if k != -1 and k <= 6 and not head.startswith(_INDUSTRY, k + len(suffix)):
            if after.startswith(_MEETING, k + len(suffix)):
                continue  # 芜湖市经济运行情况新闻发布会: the place's own press conference, no outlet
            return suffix  # 山东省银行业, 上海证券业: an industry of the place, not an organisation
    return None


_INDUSTRY = ("业", "業")
_MEETING = ("发布会", "发布厅")  # (the simplified view)


ORIGIN_REACH = 120  # characters before a place in which 按客源地统计 makes it an origin


def _after_origin_lead(text: str, i: int, rules: RuleSet) -> bool:
    """按主要客源地统计，中國內地(2,665元)及香港(1,071元)旅客…: a breakdown by origin in this sentence."""
    if not rules.origin_before:
        return False
    lo = max(0, i - ORIGIN_REACH)
    window = text[lo:i]
    k = max(window.rfind("。"), window.rfind("\n"))
    return any(w in window[k + 1 :] for w in rules.origin_before)


def _in_brackets(text: str, i: int) -> bool:
    """Inside 《…》: the name of a document or plan."""
    opened = text.rfind("《", max(0, i - 40), i)
    return opened != -1 and text.find("》", opened, i) == -1


def choose(m: Mention, mentioned: dict[str, int], provinces: dict[str, int]) -> Place:
    """Of the divisions sharing a name (南山: 230404 in Heilongjiang, 440305 in Shenzhen), the one
    the document names itself or its prefecture of; else the one in the document's province;
    else the highest level. `mentioned` counts codes named unambiguously, `provinces` their
    first two digits."""
    if len(m.cands) <= 1:
        return m.place  # type: ignore[return-value]
    order = ("province", "prefecture", "county")

    def rank(c: Place) -> tuple[int, int, int]:
        code = c.code or ""
        own = mentioned.get(code, 0) + (mentioned.get(c.parent, 0) if c.level == "county" else 0)
        return (-own, -provinces.get(code[:2], 0), order.index(c.level) if c.level in order else 0)

    return min(m.cands, key=rank)


def province_of(place: Place) -> str:
    return (place.code or "")[:2]
