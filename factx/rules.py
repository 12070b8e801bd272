"""Rule files (rules/*.toml, plus an optional --rules DIR overlay) → one frozen RuleSet.

Each file is parsed with tomllib and validated with a pydantic model; a bad entry raises
RuleError naming the file, the line of the entry and the entry. Inside the pipeline the
rules are plain dicts, tuples and compiled patterns: pydantic stays at this edge.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

import regex
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import RuleError
from .periods import DEFAULT_PATH, words_from_data
from .script import simplified, simplified_strings

# The files a rule folder may hold; an overlay can only name these (no paths inside files).
RULE_FILES = (
    "units",
    "currencies",
    "growth",
    "qualifiers",
    "nonclaims",
    "places",
    "regions",
    "indicators",
    "periods",
    "kind",
    "entities",
    "listed",
)
# Keys whose values are written out, not matched: canonical names stay as the files spell them
# (乾安 is a county, though the view reads 乾 as 干); their forms are matched through the view.
_WRITTEN_OUT = frozenset({"name", "unit", "region", "code", "why", "examples", "source", "data_date"})
PATTERN_TIMEOUT = 0.05  # seconds a nonclaim pattern may spend on one probe


# Strings a rule's pattern must get through quickly: long runs of one character class, with a
# character at the end that spoils a match, are what makes a backtracking pattern explode.
_PROBES = tuple(run * 3000 + tail for run in ("a", "1", "一", "，", " ", "1，", "增长") for tail in ("", "!", "。"))


def check_pattern(pattern: str) -> None:
    """A rule pattern compiles and runs in bounded time on the probes; else ValueError (which the
    loader turns into one error naming the file, the line and the entry)."""
    try:
        compiled = regex.compile(pattern)
    except regex.error as e:
        raise ValueError(f"pattern {pattern!r} does not compile: {e}") from None
    for probe in _PROBES:
        try:
            compiled.search(probe, timeout=PATTERN_TIMEOUT)
        except TimeoutError:
            raise ValueError(
                f"pattern {pattern!r} backtracks catastrophically (over {PATTERN_TIMEOUT} s on a probe string)"
            ) from None


def _checked(pattern: str) -> str:
    check_pattern(pattern)
    return pattern


Word = Annotated[str, Field(min_length=1)]  # an empty word would match everywhere
Pattern = Annotated[str, AfterValidator(_checked)]  # a rule pattern, compiled and probed when loaded


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class UnitEntry(_Model):
    unit: str
    forms: list[str]
    factor: float = 1.0
    # percent and index units are levels without a measure word
    class_: Literal["money", "count", "measure", "percent", "index"] = Field("count", alias="class")
    prefixes: list[str] = []  # written before the number: $20, ￥300
    examples: list[str] = []
    code: str | None = Field(None, pattern="^[A-Z]{3}$")  # ISO 4217: currencies.toml's forms of it take this unit

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class CurrencyEntry(_Model):
    code: str = Field(pattern="^[A-Z]{3}$")
    name: Word  # CLDR's simplified name: the canonical unit unless units.toml names the code
    forms: list[Word]
    prefixes: list[Word] = []


class CurrenciesFile(_Model):
    source: str = ""
    currency: list[CurrencyEntry] = []


class VerbEntry(_Model):
    words: list[str]
    sign: Literal[1, -1]
    examples: list[str] = []


class BasisEntry(_Model):
    basis: Literal["yoy", "mom", "avg_annual", "none"]
    words: list[str]
    examples: list[str] = []


class WordList(_Model):
    words: list[Word] = []


class LocalDollar(_Model):
    signs: list[Word] = []  # the bare dollar signs ($) a place's own texts write for its own dollar
    places: dict[str, str] = {}  # division code → the unit its texts mean by them


class UnitsFile(_Model):
    unit: list[UnitEntry] = []
    money_names: WordList = WordList()  # a bare 亿/万 amount after one of these is money (销售金额1.43万亿)
    local_dollar: LocalDollar = LocalDollar()


class NamedYear(_Model):
    name: str
    pattern: Pattern
    examples: list[str] = []


class PointWords(_Model):
    words: list[Word] = []
    hundredths: list[Word] = []  # basis points: 0.01 of a percentage point


class GrowthFile(_Model):
    verb: list[VerbEntry] = []
    named_year: NamedYear | None = None
    basis: list[BasisEntry] = []
    pp: PointWords = PointWords()
    filler: WordList = WordList()
    link: WordList = WordList()
    compound: WordList = WordList()


class QualifierEntry(_Model):
    qualifier: Literal["exact", "approx", "over", "under"]
    where: Literal["before", "after", "between"]  # between: the word joining a range (3-5个)
    words: list[str]


class QualifiersFile(_Model):
    qualifier: list[QualifierEntry] = []


class NonclaimEntry(_Model):
    name: str
    why: str
    before: str = ""
    after: str = ""
    # amount: any amount with a unit; quantity: money and measures only (not counts)
    applies: Literal["any", "amount", "quantity", "percent", "pp"] = "any"
    unit: str | None = None  # only amounts in this unit (a clock's 点, not an index's)
    examples: list[str] = []

    @field_validator("before", "after")
    @classmethod
    def _compiles(cls, v: str) -> str:
        if v:
            check_pattern(v)
        return v


class NonclaimsFile(_Model):
    nonclaim: list[NonclaimEntry] = []


class PlaceEntry(_Model):
    name: str
    forms: list[str]
    kind: Literal["nation", "macro", "foreign", "port", "site", "alias"]
    code: str | None = None


class BodyEntry(_Model):
    region: str
    names: list[str]


class LevelWords(_Model):
    province: list[str] = []
    prefecture: list[str] = []
    county: list[str] = []
    district: list[str] = []
    hongkong: list[str] = []


class OrgWords(_Model):
    suffixes: list[Word] = []
    bodies: list[Word] = []  # suffixes of reporting bodies: the place in the name is the one reported on
    brands: list[Word] = []  # words that make the place right before them a product or brand (贵州大曲)
    media: list[Word] = []  # suffixes of local news outlets: the place in the name is the one they cover


class OriginWords(_Model):
    before: list[Word] = []  # a breakdown by origin opened by these (按客源地统计) lists categories, not places
    from_flows: list[Word] = []  # 来自X的…: X is a partner only before one of these (进口, 游客)
    visitors: list[Word] = []  # 香港旅客: visitors from the place, an origin in a text about another


class StraddleWords(_Model):
    words: list[Word] = []  # words whose last character opens a place form (其中 + 国内 ≠ 中国)


class NationWords(_Model):
    forms: list[Word] = []  # the nation's forms that may open a term (国内)
    terms: list[Word] = []  # words that make such a form right before them part of a term (国内游客, 国内增值税)
    surveys: list[Word] = []  # a national survey's name after a form of the nation (全国人口普查): a name
    # division codes whose releases call themselves 国内 (Taiwan, Hong Kong, Macau)
    own_nation: list[Annotated[str, Field(pattern=r"^\d{6}$")]] = []


class ReachWords(_Model):
    before: list[Word] = []  # a place after these is the reach or destination of what is counted


class PlacesFile(_Model):
    place: list[PlaceEntry] = []
    level_words: LevelWords = LevelWords()
    body: list[BodyEntry] = []
    org: OrgWords = OrgWords()
    reach: ReachWords = ReachWords()
    cause: ReachWords = ReachWords()  # a place after these is a cause (因美国关税), not the subject
    nation: NationWords = NationWords()
    straddle: StraddleWords = StraddleWords()
    origin: OriginWords = OriginWords()


class RegionEntry(_Model):
    code: str
    name: str
    full: str
    level: Literal["province", "prefecture", "county"]
    parent: str = ""
    aliases: list[str] = []
    abolished: str = ""  # year a division was merged away; kept so older news still resolves

    @field_validator("code")
    @classmethod
    def _six_digits(cls, v: str) -> str:
        if len(v) != 6 or not v.isdigit():
            raise ValueError("code must be 6 digits")
        return v


class RegionsFile(_Model):
    source: str = ""
    data_date: str = ""
    region: list[RegionEntry] = []


class Vocabulary(_Model):
    terms: list[str] = []


class PatternList(_Model):
    patterns: list[Pattern] = []


class IndicatorsFile(_Model):
    vocabulary: Vocabulary = Vocabulary()
    heads: WordList = WordList()
    measures: WordList = WordList()
    reporting: WordList = WordList()
    presenting: WordList = WordList()
    predicates: WordList = WordList()
    openers: WordList = WordList()
    particles: WordList = WordList()
    lead_ins: PatternList = PatternList()


class CueWords(_Model):
    cues: list[str] = []
    patterns: list[Pattern] = []
    dated_patterns: list[Pattern] = []


class Scope(_Model):
    before: list[str] = []
    after: list[str] = []


class Defaults(_Model):
    qualifier: Literal["exact", "approx", "over", "under"] = "exact"
    growth_basis: Literal["yoy", "mom", "avg_annual"] = "yoy"
    kind: Literal["actual", "target"] = "actual"


class FutureRule(_Model):
    name: str = "future-period"
    enabled: bool = True


class PastEstimate(_Model):
    name: str = "estimate-of-a-closed-period"
    words: list[Word] = []


class KindFile(_Model):
    target: CueWords = CueWords()
    future: FutureRule = FutureRule()
    past_estimate: PastEstimate = PastEstimate()
    actual: CueWords = CueWords()
    scope: Scope = Scope()
    defaults: Defaults = Defaults()


class EntitySuffixes(_Model):
    strong: list[Word] = []
    weak: list[Word] = []


class CodePatterns(_Model):
    exchange: list[Pattern] = []  # codes that name their exchange: enough alone to mark a listed company
    patterns: list[Pattern] = []
    labels: list[Word] = []


class EntitiesFile(_Model):
    suffixes: EntitySuffixes = EntitySuffixes()
    legal_forms: WordList = WordList()
    generic: WordList = WordList()
    not_entities: WordList = WordList()
    openers: WordList = WordList()
    not_after: WordList = WordList()
    results: WordList = WordList()
    reports: WordList = WordList()
    publishers: WordList = WordList()
    sources: WordList = WordList()
    groups: WordList = WordList()
    sites: WordList = WordList()
    drivers: PatternList = PatternList()
    codes: CodePatterns = CodePatterns()
    short_name: WordList = WordList()


class ListedFile(_Model):
    source: str = ""  # where the generated names come from (scripts/build_listed.py)
    names: list[Annotated[str, Field(min_length=2)]] = []  # listed companies' short names


MODELS: dict[str, type[_Model]] = {
    "units": UnitsFile,
    "currencies": CurrenciesFile,
    "growth": GrowthFile,
    "qualifiers": QualifiersFile,
    "nonclaims": NonclaimsFile,
    "places": PlacesFile,
    "regions": RegionsFile,
    "indicators": IndicatorsFile,
    "kind": KindFile,
    "entities": EntitiesFile,
    "listed": ListedFile,
}


# ---------------------------------------------------------------- compiled form


@dataclass(frozen=True, slots=True)
class Unit:
    unit: str
    factor: float
    cls: str
    ref: str  # "units.toml: 元" — provenance for explain


@dataclass(frozen=True, slots=True)
class Nonclaim:
    name: str
    why: str
    before: Any  # compiled regex or None
    after: Any
    applies: str
    unit: str | None = None


@dataclass(frozen=True, slots=True)
class Place:
    name: str  # canonical short name
    code: str | None
    level: str  # province | prefecture | county | nation | macro | foreign | port | site
    parent: str  # parent code, "" if none
    form: str  # the form matched


@dataclass(frozen=True)
class RuleSet:
    units: dict[str, Unit]
    unit_max_len: int
    unit_prefixes: dict[str, Unit]
    verbs: dict[str, int]
    basis: dict[str, str | None]
    pp_words: tuple[str, ...]
    bp_words: tuple[str, ...]  # 基点: a hundredth of a percentage point
    fillers: frozenset[str]
    links: tuple[str, ...]  # words between a change word and its figure (增速则分别为, 增幅均在)
    compounds: tuple[str, ...]  # words ending in a one-character change word that name no change (起降)
    named_year: Any  # compiled: a comparison with a named year (较2019年同期), group `y` the year
    named_year_rule: str  # its entry name, for explain
    qual_before: dict[str, str]
    qual_after: dict[str, str]
    qual_range: dict[str, str]  # 3-5个, 10至15家: the joiner of a range and its lower bound's qualifier
    nonclaims: tuple[Nonclaim, ...]
    places: dict[str, list[Place]]  # form -> candidates (a name may be several divisions)
    place_max_len: int
    regions_by_code: dict[str, Place]
    level_words: dict[str, str]  # 全省 -> province
    bodies: dict[str, str]  # reporting body -> region name
    org_suffixes: tuple[str, ...]  # the bodies' suffixes among them
    body_suffixes: frozenset[str]
    brand_words: tuple[str, ...]
    media_suffixes: frozenset[str]
    money_names: Any  # compiled, searched before a bare 亿/万 amount: a money word names it (赌税448亿)
    origin_before: tuple[str, ...]  # 按客源地统计: the places after it in its sentence are origins
    from_flows: tuple[str, ...]  # 来自X的…: X is a partner only before these in its clause
    visitor_words: tuple[str, ...]  # 香港旅客: a place right before these names visitors from it
    straddles: tuple[str, ...]  # a place form opening with the last character of one of these is no place
    nation_terms: tuple[frozenset[str], tuple[str, ...]]  # (forms, words): 国内 right before these is a term's
    surveys: tuple[str, ...]  # 全国 right before these (figures and % between) names a national survey
    own_nation: frozenset[str]  # codes of divisions whose texts call themselves 国内, 我国
    local_dollar: tuple[tuple[str, ...], dict[str, str]]  # ($ signs, division code → unit): $ in a HK text
    listed_name: Any  # compiled, used with .match after a place: the rest of a listed company's name and its code
    reach_before: tuple[str, ...]
    cause_before: tuple[str, ...]  # 因美国关税而…: the place is what caused the figure, not its subject
    terms: tuple[str, ...]
    period_words: Any  # periods.PeriodWords
    target_cue: Any  # compiled: the target cues, words and patterns
    target_dated: Any
    actual_cue: Any
    scope_before: Any
    scope_after: Any
    defaults: dict[str, str]
    kind_patterns: tuple[str, ...]
    future_rule: str  # kind.toml [future]: a figure for a period after the document's date is a target ("" off)
    past_estimate: tuple[str, tuple[str, ...]]  # kind.toml [past_estimate]: its name, its words
    heads: tuple[str, ...]
    measures: tuple[str, ...]  # heads that complete a name: an item of a list ending in one keeps it
    reporting: regex.Pattern[str]  # 公布, 数据显示: what a reporter says; the name is what follows
    presenting: regex.Pattern[str]  # 来看, 盘点: what a list's lead line presents; the name follows
    predicates: tuple[str, ...]
    openers: tuple[str, ...]
    particles: frozenset[str]  # characters of function words: a name made only of them names nothing
    lead_in: Any  # compiled: a clause that announces a breakdown (分产业看), never a name
    any_predicate: Any  # compiled: one search says whether a clause holds a predicate at all
    any_org_suffix: Any  # compiled: the same for organisation suffixes
    entities: Any = None  # entities.EntityWords: the vocabulary of rules/entities.toml, compiled
    sources: tuple[str, ...] = field(default=())
    # things built from these rules on first use (automata, tokenizer, patterns), kept with them
    cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


def _entry_line(raw: str, table: str, index: int) -> int | None:
    """Line (1-based) of the index-th `[[table]]` header: pydantic locs carry no lines."""
    seen = -1
    for no, line in enumerate(raw.splitlines(), 1):
        if line.strip() == f"[[{table}]]":
            seen += 1
            if seen == index:
                return no
    return None


def _shown(path: Path) -> str:
    return f"rules/{path.name}" if path.parent.name == "rules" else str(path)


def _parse_file(raw: str, shown: str, name: str) -> _Model:
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as e:
        raise RuleError(shown, str(e)) from None
    try:
        return MODELS[name].model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        loc = err["loc"]
        line, entry = None, None
        if len(loc) >= 2 and isinstance(loc[1], int):
            line = _entry_line(raw, str(loc[0]), loc[1])
            item = data.get(loc[0], [])[loc[1]] if isinstance(data.get(loc[0]), list) else {}
            label = item if isinstance(item, str) else item.get("name") or item.get("unit") or item.get("code") or ""
            entry = f"{loc[0]} #{loc[1] + 1}" + (f" '{label}'" if label else "")
        field_name = ".".join(str(p) for p in loc[2:] if not isinstance(p, int)) or ".".join(map(str, loc))
        raise RuleError(shown, f"{field_name}: {err['msg']}", line=line, entry=entry) from None


def default_dir() -> Path:
    """rules/ beside the package in a checkout; factx/_rules in an installed wheel."""
    return DEFAULT_PATH.parent


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """Overlay: lists of entries and word lists are extended; the overlay's entries come last."""
    out = dict(base)
    for k, v in extra.items():
        if isinstance(v, list) and isinstance(out.get(k), list):
            out[k] = out[k] + v
        elif isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _merge(out[k], v)
        else:
            out[k] = v
    return out


@dataclass(frozen=True, slots=True)
class RuleTexts:
    """The rule files a RuleSet is built from, as text: (stem, name shown in errors, text), the
    shipped files first, then a --rules overlay's. A machine without the files (a Dask worker)
    builds the same rules from them (`rules_from_texts`); `key` tells two sets apart."""

    files: tuple[tuple[str, str, str], ...]
    key: str = field(init=False)

    def __post_init__(self) -> None:
        digest = hashlib.sha256()
        for stem, _, text in self.files:
            digest.update(f"{stem}\0{len(text)}\0{text}".encode())
        object.__setattr__(self, "key", digest.hexdigest())


def rule_texts(extra: Path | None = None) -> RuleTexts:
    """Read the shipped rule files and those of `extra` (a --rules DIR), in the order they are laid."""
    base = default_dir()
    files = [_rule_file(base / f"{n}.toml", n) for n in MODELS if (base / f"{n}.toml").exists()]
    files.append(_rule_file(base / "periods.toml", "periods"))
    if extra is not None:
        if not extra.is_dir():
            raise RuleError(str(extra), "not a directory of rule files")
        for name in (*MODELS, "periods"):
            path = _inside(extra, f"{name}.toml")
            if path is not None:
                files.append(_rule_file(path, name))
    return RuleTexts(tuple(files))


def _rule_file(path: Path, stem: str) -> tuple[str, str, str]:
    # periods.toml errors have always named the file by its path (periods.read_period_data)
    shown = str(path) if stem == "periods" else _shown(path)
    try:
        return stem, shown, path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise RuleError(shown, str(e) if stem == "periods" else f"cannot read: {e}") from None


def _raw_models(texts: RuleTexts) -> dict[str, dict[str, Any]]:
    """Each file parsed and validated, the overlay's entries laid over the shipped ones. Every
    word goes through the simplified view that extraction reads, so a rule written in either
    script matches text in both."""
    merged: dict[str, dict[str, Any]] = {name: {} for name in MODELS}
    periods: dict[str, Any] = {}
    for stem, shown, raw in texts.files:
        if stem == "periods":
            try:
                periods = _merge(periods, simplified_strings(tomllib.loads(raw)))
            except tomllib.TOMLDecodeError as e:
                raise RuleError(shown, str(e)) from e
        else:
            parsed = _parse_file(raw, shown, stem).model_dump()
            merged[stem] = _merge(merged[stem], simplified_strings(parsed, _WRITTEN_OUT))
    merged["_period_words"] = words_from_data(periods)  # type: ignore[assignment]
    return merged


def _inside(folder: Path, name: str) -> Path | None:
    """folder/name if it is a file that really lies in `folder`: a link out of a rule folder
    (units.toml -> /etc/…) is refused, so a foreign rule folder cannot make factx read elsewhere."""
    path = folder / name
    if not path.is_file():
        return None
    if not path.resolve().is_relative_to(folder.resolve()):
        raise RuleError(str(path), "links outside the rule folder; refused")
    return path


def _compile_nonclaim(e: dict[str, Any]) -> Nonclaim:
    def comp(p: str) -> Any:
        return regex.compile(p) if p else None

    return Nonclaim(e["name"], e["why"], comp(e["before"]), comp(e["after"]), e["applies"], e.get("unit"))


def _places(data: dict[str, Any]) -> tuple[dict[str, list[Place]], dict[str, Place]]:
    places: dict[str, list[Place]] = {}
    by_code: dict[str, Place] = {}

    def add(form: str, p: Place) -> None:
        if len(form) >= 2:
            places.setdefault(form, []).append(p)

    for r in data["regions"].get("region", []):
        p = Place(r["name"], r["code"], r["level"], r["parent"], r["name"])
        by_code[r["code"]] = p
        for form in {simplified(r["name"]), r["full"], *r["aliases"], *_autonomous_short(r["name"], r["full"])}:
            add(form, p)
    for e in data["places"].get("place", []):
        p = by_code.get(e.get("code") or "") if e["kind"] == "alias" else None
        p = p or Place(e["name"], e.get("code"), e["kind"], "", e["name"])
        for form in e["forms"]:
            add(form, p)
    return places, by_code


_AUTONOMOUS = ("自治县", "自治州", "自治旗")


def _autonomous_short(name: str, full: str) -> list[str]:
    """务川仡佬族苗族自治县 → 务川自治县: an autonomous division by its name and level alone, as
    its own releases often write it."""
    return [name + end for end in _AUTONOMOUS if full.endswith(end) and full != name + end]


def _units(data: dict[str, dict[str, Any]]) -> tuple[dict[str, Unit], dict[str, Unit]]:
    """Forms and prefixes → Unit: units.toml's hand entries first (the first form wins), then the
    CLDR currencies of currencies.toml under the hand entry's unit for the same code, if any."""
    units: dict[str, Unit] = {}
    prefixes: dict[str, Unit] = {}
    by_code: dict[str, Unit] = {}
    for e in data["units"].get("unit", []):
        unit = Unit(e["unit"], e["factor"], e["class_"], f"units.toml: {e['unit']}")
        for form in e["forms"]:
            units.setdefault(form, _as_written(form, unit))
        for form in e["prefixes"]:
            prefixes.setdefault(form, unit)
        if e.get("code") and e["factor"] == 1:
            by_code.setdefault(e["code"], unit)
    # a currency name that is also a measure or count (or a single character) would misread it
    other = {f for f, u in units.items() if u.cls != "money"} | {u.unit for u in units.values() if u.cls != "money"}
    for c in data["currencies"].get("currency", []):
        hand = by_code.get(c["code"])
        unit = Unit(hand.unit if hand else c["name"], 1.0, "money", f"currencies.toml: {c['name']}")
        for form in c["forms"]:
            if len(form) >= 2 and form not in other:
                units.setdefault(form, unit)
        for form in c["prefixes"]:
            prefixes.setdefault(form, unit)
    return units, prefixes


def _as_written(form: str, unit: Unit) -> Unit:
    """GWh, kW, TEU: a measure written in Latin letters keeps its letters (SPEC section 4: units
    as written); the Chinese forms share the entry's name. Currencies keep their own names."""
    if unit.cls == "money" or not form.isascii() or form == unit.unit:
        return unit
    return dataclasses.replace(unit, unit=form)


def build(data: dict[str, dict[str, Any]]) -> RuleSet:
    units, prefixes = _units(data)
    g = data["growth"]
    verbs = {w: v["sign"] for v in g.get("verb", []) for w in v["words"]}
    basis = {w: (None if b["basis"] == "none" else b["basis"]) for b in g.get("basis", []) for w in b["words"]}
    q = data["qualifiers"].get("qualifier", [])
    qual_before = {w: e["qualifier"] for e in q if e["where"] == "before" for w in e["words"]}
    qual_after = {w: e["qualifier"] for e in q if e["where"] == "after" for w in e["words"]}
    qual_range = {w: e["qualifier"] for e in q if e["where"] == "between" for w in e["words"]}
    places, by_code = _places(data)
    pl = data["places"]
    level_words = {w: lvl for lvl, words in pl.get("level_words", {}).items() for w in words}
    bodies = {n: b["region"] for b in pl.get("body", []) for n in b["names"]}
    org = pl.get("org", {})
    org_suffixes = [*org.get("suffixes", []), *org.get("bodies", [])]
    ind = data["indicators"]
    return RuleSet(
        units=units,
        unit_max_len=max((len(f) for f in units), default=1),
        unit_prefixes=prefixes,
        money_names=regex.compile(
            f"(?:{alternation(data['units'].get('money_names', {}).get('words', [])).pattern})[^，,。；;：:]{{0,12}}$"
        ),
        verbs=verbs,
        basis=basis,
        pp_words=tuple(sorted(g.get("pp", {}).get("words", []), key=len, reverse=True)),
        bp_words=tuple(sorted(g.get("pp", {}).get("hundredths", []), key=len, reverse=True)),
        fillers=frozenset(g.get("filler", {}).get("words", [])),
        links=tuple(sorted(g.get("link", {}).get("words", []), key=len, reverse=True)),
        compounds=tuple(g.get("compound", {}).get("words", [])),
        named_year=regex.compile(g["named_year"]["pattern"] if g.get("named_year") else "(?!)"),
        named_year_rule=g["named_year"]["name"] if g.get("named_year") else "",
        qual_before=qual_before,
        qual_after=qual_after,
        qual_range=qual_range,
        nonclaims=tuple(_compile_nonclaim(e) for e in data["nonclaims"].get("nonclaim", [])),
        places=places,
        place_max_len=max((len(f) for f in places), default=2),
        regions_by_code=by_code,
        level_words=level_words,
        bodies=bodies,
        org_suffixes=tuple(sorted(set(org_suffixes), key=len, reverse=True)),
        body_suffixes=frozenset(org.get("bodies", [])),
        brand_words=tuple(sorted(org.get("brands", []), key=len, reverse=True)),
        media_suffixes=frozenset(org.get("media", [])),
        straddles=tuple(pl.get("straddle", {}).get("words", [])),
        origin_before=tuple(pl.get("origin", {}).get("before", [])),
        from_flows=tuple(pl.get("origin", {}).get("from_flows", [])),
        visitor_words=tuple(sorted(pl.get("origin", {}).get("visitors", []), key=len, reverse=True)),
        nation_terms=(
            frozenset(pl.get("nation", {}).get("forms", [])),
            tuple(sorted(pl.get("nation", {}).get("terms", []), key=len, reverse=True)),
        ),
        surveys=tuple(sorted(pl.get("nation", {}).get("surveys", []), key=len, reverse=True)),
        own_nation=frozenset(pl.get("nation", {}).get("own_nation", [])),
        local_dollar=(
            tuple(data["units"].get("local_dollar", {}).get("signs", [])),
            dict(data["units"].get("local_dollar", {}).get("places", {})),
        ),
        listed_name=_listed_name(data["entities"].get("codes", {})),
        reach_before=tuple(pl.get("reach", {}).get("before", [])),
        cause_before=tuple(pl.get("cause", {}).get("before", [])),
        terms=tuple(ind.get("vocabulary", {}).get("terms", [])),
        heads=tuple(sorted(ind.get("heads", {}).get("words", []), key=len, reverse=True)),
        measures=tuple(ind.get("measures", {}).get("words", [])),
        reporting=regex.compile(alternation(ind.get("reporting", {}).get("words", [])) or "(?!)"),
        presenting=regex.compile(alternation(ind.get("presenting", {}).get("words", [])) or "(?!)"),
        predicates=tuple(sorted(ind.get("predicates", {}).get("words", []), key=len, reverse=True)),
        openers=tuple(sorted(ind.get("openers", {}).get("words", []), key=len, reverse=True)),
        particles=frozenset("".join(ind.get("particles", {}).get("words", []))),
        lead_in=alternation([], ind.get("lead_ins", {}).get("patterns", [])),
        any_predicate=alternation(ind.get("predicates", {}).get("words", [])),
        any_org_suffix=alternation(org_suffixes),
        entities=_entity_words(data["entities"], data["listed"].get("names", [])),
        sources=(data["regions"].get("source", ""),),
        period_words=data["_period_words"],
        **_kind(data["kind"]),
    )


def alternation(words: list[str], patterns: list[str] = ()) -> Any:
    parts = [regex.escape(w) for w in sorted(words, key=len, reverse=True)] + [f"(?:{p})" for p in patterns]
    return regex.compile("|".join(parts) or "(?!)")


def _listed_name(codes: dict[str, Any]) -> Any:
    """中國建材(03323.HK), 中国平安（股票代码：601318.SH）: a few characters, then a bracket opening
    with a code that names its exchange, make the place before them part of a company's name."""
    label = alternation(codes.get("labels", [])).pattern
    code = alternation([], codes.get("exchange", [])).pattern
    return regex.compile(rf"\p{{Han}}{{1,6}}[（(]\s*(?:(?:{label})\s*[:：]?\s*)?(?:{code})")


def _entity_words(e: dict[str, Any], listed: list[str]) -> Any:
    from .entities import EntityWords  # the module that uses them says what they become

    return EntityWords.of(e, listed)


def _kind(k: dict[str, Any]) -> dict[str, Any]:
    return {
        "target_cue": alternation(k["target"]["cues"], k["target"]["patterns"]),
        "target_dated": alternation([], k["target"]["dated_patterns"]),
        "actual_cue": alternation(k["actual"]["cues"], k["actual"]["patterns"]),
        "scope_before": regex.compile(f"(?:{alternation(k['scope']['before']).pattern})$"),
        "scope_after": regex.compile(f"的?(?:{alternation(k['scope']['after']).pattern})"),  # used with .match
        "defaults": dict(k["defaults"]),
        "kind_patterns": tuple(k["target"]["patterns"]),
        "future_rule": (k.get("future") or {}).get("name", "future-period")
        if (k.get("future") or {}).get("enabled", True)
        else "",
        "past_estimate": (
            (k.get("past_estimate") or {}).get("name", "estimate-of-a-closed-period"),
            tuple((k.get("past_estimate") or {}).get("words", [])),
        ),
    }


@functools.lru_cache(maxsize=8)
def load_rules(extra: Path | None = None) -> RuleSet:
    """The shipped rules, with `extra` (a --rules DIR) laid over them. Cached per folder."""
    return rules_from_texts(rule_texts(extra))


def rules_from_texts(texts: RuleTexts) -> RuleSet:
    """The RuleSet of rule files already read (`rule_texts`): nothing is read from a disk."""
    return build(_raw_models(texts))


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for k, v in node.items():
            yield str(k)
            yield from _strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v)
    elif isinstance(node, str):
        yield node


@functools.lru_cache(maxsize=16)
def _entries(file: str) -> frozenset[str]:
    path = default_dir() / file
    if not path.is_file():
        return frozenset()
    return frozenset(simplified(s) for s in _strings(tomllib.loads(path.read_text(encoding="utf-8"))))


def ref_exists(ref: str) -> bool:
    """Does `FILE.toml: entry` (as `factx explain` names a decision) name something in that file,
    in either script?"""
    file, _, entry = ref.partition(": ")
    return file.removesuffix(".toml") in RULE_FILES and bool(entry) and simplified(entry) in _entries(file)
