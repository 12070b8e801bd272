"""Score factx records against a gold file: which claims were found, and how many fields are right.

The semantics are those of the project's reference scorer (`eval/score.py`), so a
figure printed by `factx eval` is the figure that scorer gives for the same records:

- Records are paired per document, documents compared by base name (`a/b/x.md` is
  `x.md`). Predicted records of documents the gold file does not name are ignored.
- A predicted record matches a gold record when both hold the same amount (value
  within 1e-6 relative, same unit after aliases such as `人民币` → `元`) or, for a
  growth-only claim (value null), the same growth figure and growth unit. Gold
  records take, in file order, the first unused prediction with an equal key, the
  predictions taken in order of `start`.
- Over each matched pair eight fields are checked (`FIELDS`): region (after dropping
  省/市/自治区…, nation words read as `全国`, one containing the other is right),
  code (equal, checked only where the gold record has `region_code`), indicator (one
  containing the other, or character Jaccard ≥ 0.5), growth (value and unit), basis,
  period (a full-year range equals the year; a gold null period is not checked), kind and
  entity (one containing the other, null only matching null; checked only where the gold
  record has `entity`).
- Claim precision/recall/F1 count matched pairs; record precision/recall/F1 count only
  pairs whose eight fields are all right. The strict figures hold indicators to the gold's
  name exactly (white space and bracket widths aside): the share of matched pairs whose
  indicator is exact, and record F1 counting only all-right pairs with an exact indicator.
  Figures are rounded to four decimals.

Everything here is a pure function of plain dicts (records as read from JSON Lines),
apart from the two readers at the end.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import FactxError

Record = Mapping[str, Any]
"""A gold or predicted record: a JSON object with SPEC's field names."""

Key = tuple[str, str | None, float]
"""What a claim is matched on: ("v", unit, value) or ("g", growth unit, growth)."""

FIELDS: tuple[str, ...] = ("region", "code", "indicator", "growth", "basis", "period", "kind", "entity")
"""The fields checked on a matched pair, in report order."""

FIELD_KEYS: dict[str, str] = {
    "region": "region",
    "code": "region_code",
    "indicator": "indicator",
    "growth": "growth",
    "basis": "growth_basis",
    "period": "period",
    "kind": "kind",
    "entity": "entity",
}
"""The record key each checked field reads."""

_REGION_SUFFIX = re.compile(r"(维吾尔自治区|壮族自治区|回族自治区|特别行政区|自治区|自治州|省|市|地区|区|县)$")
_NATION = frozenset({"我国", "中国", "全国", "国内"})
_UNIT_ALIASES = {"人民币": "元", "元人民币": "元", "％": "%", "块": "元"}
_FULL_YEAR = re.compile(r"^(\d{4})-01/\1-12$")
_SPACE = re.compile(r"\s")
_BRACKETS = str.maketrans("（）［］", "()[]")
_REL_TOL = 1e-6
_ABS_TOL = 1e-9


class EvalError(FactxError):
    """A gold or prediction file that cannot be used: names the file (and line) and what is wrong."""


# --- normalisation -------------------------------------------------------------------------


def to_number(x: Any) -> float | None:
    """A JSON value as a float (`"3.5"` and `3` too); None for null, `""` and anything else."""
    if x is None or x == "":
        return None
    try:
        return float(x)
    except (TypeError, ValueError, OverflowError):
        return None


def norm_region(region: Any) -> str | None:
    """`江苏省` → `江苏`, `我国` → `全国`; a name that would drop below two characters is kept."""
    if not region:
        return None
    r = str(region).strip()
    if r in _NATION:
        return "全国"
    short = _REGION_SUFFIX.sub("", r)
    return short if len(short) >= 2 else r


def norm_unit(unit: Any) -> str | None:
    """`人民币`/`元人民币`/`块` → `元`, full-width `％` → `%`; other units as written."""
    if unit is None:
        return None
    u = str(unit).strip()
    return _UNIT_ALIASES.get(u, u)


def norm_period(period: Any) -> str | None:
    """`2023-01/2023-12` → `2023`; every other period as written (stripped)."""
    if not period:
        return None
    p = str(period).strip()
    m = _FULL_YEAR.match(p)
    return m.group(1) if m else p


def doc_name(record: Record) -> str:
    """The document a record belongs to, as compared: the base name of its `doc`."""
    return os.path.basename(str(record.get("doc", "")))


# --- field checks --------------------------------------------------------------------------


def region_ok(gold: Any, pred: Any) -> bool:
    """Equal after normalising, or one contains the other (`浦东` in `上海浦东`); null only matches null."""
    g, p = norm_region(gold), norm_region(pred)
    if g is None or p is None:
        return g == p
    return g == p or g in p or p in g


def indicator_ok(gold: Any, pred: Any) -> bool:
    """Ignoring white space: one contains the other, or the character sets overlap by Jaccard ≥ 0.5."""
    g = _SPACE.sub("", str(gold or ""))
    p = _SPACE.sub("", str(pred or ""))
    if not g or not p:
        return g == p
    if g in p or p in g:
        return True
    a, b = set(g), set(p)
    return len(a & b) / len(a | b) >= 0.5


def indicator_exact(gold: Any, pred: Any) -> bool:
    """The gold's name exactly, ignoring white space and the width of brackets."""
    g = _SPACE.sub("", str(gold or "")).translate(_BRACKETS)
    return g == _SPACE.sub("", str(pred or "")).translate(_BRACKETS)


def entity_ok(gold: Record, pred: Record) -> bool:
    """Ignoring white space, one name contains the other (null only matches null); not checked
    when the gold record has no `entity` key."""
    if "entity" not in gold:
        return True
    g = _SPACE.sub("", str(gold["entity"] or "")) or None
    p = _SPACE.sub("", str(pred.get("entity") or "")) or None
    if g is None or p is None:
        return g == p
    return g in p or p in g


def growth_ok(gold: Record, pred: Record) -> bool:
    """Both without growth, or equal growth (within 1e-6 relative) in the same unit (`%` when unset)."""
    gg, pg = to_number(gold.get("growth")), to_number(pred.get("growth"))
    if gg is None or pg is None:
        return gg is None and pg is None
    gu = gold.get("growth_unit") or "%"
    pu = pred.get("growth_unit") or "%"
    return math.isclose(gg, pg, rel_tol=_REL_TOL, abs_tol=_ABS_TOL) and gu == pu


def code_ok(gold: Record, pred: Record) -> bool:
    """Equal region codes (null equals null); not checked when the gold record has no `region_code` key."""
    if "region_code" not in gold:
        return True
    return (gold["region_code"] or None) == (str(pred.get("region_code") or "") or None)


def period_ok(gold: Record, pred: Record) -> bool:
    """Equal after `norm_period`; a gold null period (unresolvable) is not checked."""
    return gold.get("period") is None or norm_period(gold.get("period")) == norm_period(pred.get("period"))


def field_checks(gold: Record, pred: Record) -> dict[str, bool]:
    """Each field of `FIELDS` → whether the prediction has it right."""
    return {
        "region": region_ok(gold.get("region"), pred.get("region")),
        "code": code_ok(gold, pred),
        "indicator": indicator_ok(gold.get("indicator"), pred.get("indicator")),
        "growth": growth_ok(gold, pred),
        "basis": (gold.get("growth_basis") or None) == (pred.get("growth_basis") or None),
        "period": period_ok(gold, pred),
        "kind": (gold.get("kind") or "actual") == (pred.get("kind") or "actual"),
        "entity": entity_ok(gold, pred),
    }


# --- matching ------------------------------------------------------------------------------


def claim_key(record: Record) -> Key | None:
    """("v", unit, value) when the record has a value, else ("g", growth unit, growth), else None."""
    v = to_number(record.get("value"))
    if v is not None:
        return ("v", norm_unit(record.get("unit")), v)
    g = to_number(record.get("growth"))
    if g is not None:
        return ("g", record.get("growth_unit") or "%", g)
    return None


def same_key(a: Key | None, b: Key | None) -> bool:
    """Same kind and unit, numbers equal within 1e-6 relative; a record without a key matches nothing."""
    if a is None or b is None or a[0] != b[0] or a[1] != b[1]:
        return False
    return math.isclose(a[2], b[2], rel_tol=_REL_TOL, abs_tol=_ABS_TOL)


@dataclass(frozen=True)
class DocMatch:
    """How the records of one document paired up."""

    pairs: list[tuple[Record, Record]]
    missed: list[Record]  # gold records with no prediction
    extra: list[Record]  # predictions with no gold record, in order of start


def match_doc(gold: Sequence[Record], pred: Sequence[Record]) -> DocMatch:
    """Pair the gold and predicted records of one document.

    Greedy and in order: each gold record, in file order, takes the first unused
    prediction with the same key, predictions sorted (stably) by `start`.
    """
    ordered = sorted(pred, key=lambda r: to_number(r.get("start")) or 0)
    used = [False] * len(ordered)
    pairs: list[tuple[Record, Record]] = []
    missed: list[Record] = []
    for g in gold:
        gk = claim_key(g)
        hit = next((i for i, p in enumerate(ordered) if not used[i] and same_key(gk, claim_key(p))), None)
        if hit is None:
            missed.append(g)
        else:
            used[hit] = True
            pairs.append((g, ordered[hit]))
    extra = [p for i, p in enumerate(ordered) if not used[i]]
    return DocMatch(pairs, missed, extra)


# --- scores --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1, each rounded to four decimals."""

    precision: float
    recall: float
    f1: float

    @classmethod
    def of(cls, right: int, npred: int, ngold: int) -> PRF:
        """From counts: `right` of `npred` predictions, against `ngold` gold records (0 where undefined)."""
        p = right / npred if npred else 0.0
        r = right / ngold if ngold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return cls(round(p, 4), round(r, 4), round(f, 4))

    def as_dict(self) -> dict[str, float]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1}


@dataclass(frozen=True)
class DocScore:
    """One gold document: its gold and predicted records, matched pairs, pairs with every field right."""

    gold: int
    pred: int
    matched: int
    exact: int

    def as_dict(self) -> dict[str, int]:
        return {"gold": self.gold, "pred": self.pred, "matched": self.matched, "exact": self.exact}


@dataclass(frozen=True)
class FieldError:
    """A matched pair with some fields wrong; `fields` in `FIELDS` order."""

    doc: str
    gold: Record
    pred: Record
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Strict:
    """Indicators held to the gold's name exactly: how often they are, and the record F1 then."""

    exact_records: int  # pairs with every field right and the indicator exactly the gold's
    indicator_exact: float  # share of matched pairs whose indicator is exactly the gold's
    record_f1: float

    def as_dict(self) -> dict[str, float | int]:
        return {
            "exact_records": self.exact_records,
            "indicator_exact": self.indicator_exact,
            "record_f1": self.record_f1,
        }


@dataclass(frozen=True)
class Score:
    """The result of `score`: totals, claim and record P/R/F1, field accuracy and the pairs behind them."""

    gold: int  # gold records
    pred: int  # predicted records of the gold file's documents
    matched: int  # pairs with equal keys (claim true positives)
    exact: int  # pairs with every field right (record true positives)
    claim: PRF
    record: PRF
    field_accuracy: dict[str, float]  # share of matched pairs with the field right, per `FIELDS`
    strict: Strict
    per_doc: dict[str, DocScore]  # gold documents, in order of first appearance
    pairs: list[tuple[Record, Record]] = field(default_factory=list, repr=False)
    missed: list[Record] = field(default_factory=list, repr=False)
    extra: list[Record] = field(default_factory=list, repr=False)

    @property
    def wrong(self) -> list[FieldError]:
        """Matched pairs with at least one field wrong, in document order."""
        out = []
        for g, p in self.pairs:
            bad = tuple(k for k, ok in field_checks(g, p).items() if not ok)
            if bad:
                out.append(FieldError(doc_name(g), g, p, bad))
        return out

    def summary(self) -> dict[str, Any]:
        """The figures as a JSON-ready dict, with the keys of the reference scorer's `--json`."""
        return {
            "gold": self.gold,
            "pred": self.pred,
            "matched": self.matched,
            "exact_records": self.exact,
            "claim": self.claim.as_dict(),
            "record": self.record.as_dict(),
            "field_accuracy": dict(self.field_accuracy),
            "per_doc": {doc: s.as_dict() for doc, s in self.per_doc.items()},
            "strict": self.strict.as_dict(),
        }


def score(gold_rows: Iterable[Record], pred_rows: Iterable[Record]) -> Score:
    """Match `pred_rows` to `gold_rows` document by document and score them (see the module text)."""
    gold_by: defaultdict[str, list[Record]] = defaultdict(list)
    pred_by: defaultdict[str, list[Record]] = defaultdict(list)
    ngold = 0
    for r in gold_rows:
        gold_by[doc_name(r)].append(r)
        ngold += 1
    for r in pred_rows:
        name = doc_name(r)
        if name in gold_by:
            pred_by[name].append(r)
    right: Counter[str] = Counter()
    exact = stricter = 0
    pairs: list[tuple[Record, Record]] = []
    missed: list[Record] = []
    extra: list[Record] = []
    per_doc: dict[str, DocScore] = {}
    for doc, gold in gold_by.items():
        preds = pred_by.get(doc, [])
        m = match_doc(gold, preds)
        pairs += m.pairs
        missed += m.missed
        extra += m.extra
        doc_exact = 0
        for g, p in m.pairs:
            checks = field_checks(g, p)
            right.update(k for k, ok in checks.items() if ok)
            if all(checks.values()):
                doc_exact += 1
                stricter += indicator_exact(g.get("indicator"), p.get("indicator"))
        exact += doc_exact
        per_doc[doc] = DocScore(len(gold), len(preds), len(m.pairs), doc_exact)
    npred = sum(len(v) for v in pred_by.values())
    tp = len(pairs)
    return Score(
        gold=ngold,
        pred=npred,
        matched=tp,
        exact=exact,
        claim=PRF.of(tp, npred, ngold),
        record=PRF.of(exact, npred, ngold),
        field_accuracy={k: round(right[k] / tp, 4) if tp else 0.0 for k in FIELDS},
        strict=Strict(
            stricter,
            round(sum(indicator_exact(g.get("indicator"), p.get("indicator")) for g, p in pairs) / tp, 4)
            if tp
            else 0.0,
            PRF.of(stricter, npred, ngold).f1,
        ),
        per_doc=per_doc,
        pairs=pairs,
        missed=missed,
        extra=extra,
    )


# --- reading -------------------------------------------------------------------------------


def _lines(path: Path, what: str) -> list[str]:
    """The file's lines (UTF-8, a BOM allowed), or an EvalError naming the file."""
    try:
        # split on newlines only: str.splitlines would also cut at U+2028 inside a JSON string
        return path.read_text(encoding="utf-8-sig").split("\n")
    except FileNotFoundError:
        raise EvalError(f"{what} {path}: no such file") from None
    except IsADirectoryError:
        raise EvalError(f"{what} {path}: is a directory, not a JSON Lines file") from None
    except UnicodeDecodeError:
        raise EvalError(f"{what} {path}: not UTF-8 text") from None
    except OSError as e:
        raise EvalError(f"{what} {path}: {(e.strerror or str(e)).lower()}") from None


def read_gold(path: str | Path) -> list[dict[str, Any]]:
    """The records of a gold JSON Lines file: one JSON object a line, blank lines ignored.

    Stricter than reading predictions: a line that is not a JSON object, a record with
    no `doc`, or a file without a single record raises EvalError naming the line.
    """
    path = Path(path)
    rows: list[dict[str, Any]] = []
    for n, line in enumerate(_lines(path, "--gold"), 1):
        if not line.strip():
            continue
        try:
            r = json.loads(line)
        except json.JSONDecodeError as e:
            raise EvalError(f"--gold {path}:{n}: not JSON ({e.msg})") from None
        if not isinstance(r, dict):
            raise EvalError(f"--gold {path}:{n}: not a JSON object")
        if not r.get("doc") or not isinstance(r["doc"], str):
            raise EvalError(f"--gold {path}:{n}: no doc (the document's file name)")
        rows.append(r)
    if not rows:
        raise EvalError(f"--gold {path}: no records")
    return rows


def read_predictions(path: str | Path) -> tuple[list[dict[str, Any]], int]:
    """The records of a predictions JSON Lines file (as `factx extract -f jsonl` writes it),
    and the number of lines that are not JSON objects (skipped, as the reference scorer does)."""
    path = Path(path)
    rows: list[dict[str, Any]] = []
    bad = 0
    for line in _lines(path, "--pred"):
        if not line.strip():
            continue
        try:
            r = json.loads(line)
        except json.JSONDecodeError:
            bad += 1
            continue
        if isinstance(r, dict):
            rows.append(r)
        else:
            bad += 1
    return rows, bad


def unmatchable(rows: Iterable[Record]) -> list[Record]:
    """Records with neither a value nor a growth figure: nothing can ever match them."""
    return [r for r in rows if claim_key(r) is None]
