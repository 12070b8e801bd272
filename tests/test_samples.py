"""The samples against their gold: samples/NAME.md and tests/data/samples/NAME.gold.jsonl (kept out of
samples/, which holds only what `make demo` reads).

Scored as eval/score.py scores (copied here in compact form, since the shared eval folder is
not on a user's machine): a predicted record matches a gold record holding the same amount
(value within 1e-6 relative, same unit) or, growth-only, the same growth figure; equal keys
pair up in document order. Claim F1 counts matched records; record F1 counts the pairs whose
region, code, indicator, growth, basis, period and kind are all right.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import pytest

from factx.pipeline import extract_doc
from factx.reader import read_path

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
GOLD = Path(__file__).resolve().parent / "data" / "samples"
CLAIM_F1, RECORD_F1 = 0.9, 0.7

Record = dict[str, Any]

# ---------------------------------------------------------------- the scorer, as in eval/score.py

_REGION_SUFFIX = re.compile(r"(维吾尔自治区|壮族自治区|回族自治区|特别行政区|自治区|自治州|省|市|地区|区|县)$")
_NATION = {"我国", "中国", "全国", "国内"}
_UNIT_ALIASES = {"人民币": "元", "元人民币": "元", "％": "%", "块": "元"}
_FULL_YEAR = re.compile(r"^(\d{4})-01/\1-12$")


def _num(x: Any) -> float | None:
    try:
        return None if x is None or x == "" else float(x)
    except (TypeError, ValueError):
        return None


def _region(r: Any) -> str | None:
    if not r:
        return None
    r = str(r).strip()
    if r in _NATION:
        return "全国"
    short = _REGION_SUFFIX.sub("", r)
    return short if len(short) >= 2 else r


def _period(x: Any) -> str | None:
    if not x:
        return None
    m = _FULL_YEAR.match(str(x).strip())
    return m.group(1) if m else str(x).strip()


def _indicator_ok(g: Any, p: Any) -> bool:
    g, p = re.sub(r"\s", "", str(g or "")), re.sub(r"\s", "", str(p or ""))
    if not g or not p:
        return g == p
    return g in p or p in g or len(set(g) & set(p)) / len(set(g) | set(p)) >= 0.5


def _growth_ok(g: Record, p: Record) -> bool:
    gg, pg = _num(g.get("growth")), _num(p.get("growth"))
    if gg is None or pg is None:
        return gg is None and pg is None
    same_unit = (g.get("growth_unit") or "%") == (p.get("growth_unit") or "%")
    return math.isclose(gg, pg, rel_tol=1e-6, abs_tol=1e-9) and same_unit


def field_checks(g: Record, p: Record) -> dict[str, bool]:
    gr, pr = _region(g.get("region")), _region(p.get("region"))
    return {
        "region": gr == pr if gr is None or pr is None else (gr == pr or gr in pr or pr in gr),
        "code": "region_code" not in g or (g["region_code"] or None) == (str(p.get("region_code") or "") or None),
        "indicator": _indicator_ok(g.get("indicator"), p.get("indicator")),
        "growth": _growth_ok(g, p),
        "basis": (g.get("growth_basis") or None) == (p.get("growth_basis") or None),
        "period": g.get("period") is None or _period(g.get("period")) == _period(p.get("period")),
        "kind": (g.get("kind") or "actual") == (p.get("kind") or "actual"),
    }


def _key(r: Record) -> tuple[str, str | None, float] | None:
    v = _num(r.get("value"))
    if v is not None:
        unit = None if r.get("unit") is None else str(r["unit"]).strip()
        return ("v", _UNIT_ALIASES.get(unit, unit) if unit else unit, v)
    g = _num(r.get("growth"))
    return None if g is None else ("g", r.get("growth_unit") or "%", g)


def _same_key(a: Any, b: Any) -> bool:
    if a is None or b is None or a[:2] != b[:2]:
        return False
    return math.isclose(a[2], b[2], rel_tol=1e-6, abs_tol=1e-9)


def score(gold: list[Record], pred: list[Record]) -> dict[str, Any]:
    """One document: claim and record F1, and the misses, extras and wrong fields behind them."""
    pred = sorted(pred, key=lambda r: _num(r.get("start")) or 0)
    used = [False] * len(pred)
    pairs, missed = [], []
    for g in gold:
        hit = next((i for i, p in enumerate(pred) if not used[i] and _same_key(_key(g), _key(p))), None)
        if hit is None:
            missed.append(g)
        else:
            used[hit] = True
            pairs.append((g, pred[hit]))
    wrong = [(g, p, [k for k, ok in field_checks(g, p).items() if not ok]) for g, p in pairs]
    wrong = [w for w in wrong if w[2]]

    def f1(tp: int) -> float:
        prec, rec = (tp / len(pred) if pred else 0.0), (tp / len(gold) if gold else 0.0)
        return 2 * prec * rec / (prec + rec) if prec + rec else 0.0

    return {
        "claim_f1": f1(len(pairs)),
        "record_f1": f1(len(pairs) - len(wrong)),
        "gold": len(gold),
        "pred": len(pred),
        "missed": missed,
        "extra": [p for i, p in enumerate(pred) if not used[i]],
        "wrong": wrong,
    }


def _brief(r: Record) -> str:
    keys = ("region", "indicator", "value_text", "value", "unit", "growth", "growth_basis", "period", "kind")
    return " ".join(f"{k}={r.get(k)}" for k in keys if r.get(k) is not None)


_FIELD = {"basis": "growth_basis", "code": "region_code"}


def report(name: str, s: dict[str, Any]) -> str:
    lines = [f"{name}: gold {s['gold']} pred {s['pred']} claim F1 {s['claim_f1']:.3f} record F1 {s['record_f1']:.3f}"]
    lines += [f"  missed: {_brief(g)}" for g in s["missed"]]
    lines += [f"  extra:  {_brief(p)}" for p in s["extra"]]
    lines += [
        f"  wrong {g.get('value_text') or g.get('growth')}: "
        + ", ".join(f"{k} gold={g.get(_FIELD.get(k, k))} pred={p.get(_FIELD.get(k, k))}" for k in bad)
        for g, p, bad in s["wrong"]
    ]
    return "\n".join(lines)


# ---------------------------------------------------------------- the samples


def _samples() -> list[Path]:
    return sorted(p for p in SAMPLES.glob("*.md") if _gold_path(p).exists())


def _gold_path(md: Path) -> Path:
    return GOLD / f"{md.stem}.gold.jsonl"


def _gold(md: Path) -> list[Record]:
    lines = _gold_path(md).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_there_are_samples_with_gold() -> None:
    assert len(_samples()) >= 3


def test_samples_holds_only_what_make_demo_reads() -> None:
    # `make demo` runs extract on samples/: any other file there ends the demo with a 'skipped' line
    assert sorted(p.suffix for p in SAMPLES.iterdir()) == [".md"] * len(_samples())


@pytest.mark.parametrize("md", _samples(), ids=lambda p: p.stem)
def test_sample_scores_against_its_gold(md: Path) -> None:
    pred = [f.model_dump() for f in extract_doc(read_path(str(md)))]
    s = score(_gold(md), pred)
    text = report(md.stem, s)
    print(text)
    assert s["claim_f1"] >= CLAIM_F1, text
    assert s["record_f1"] >= RECORD_F1, text


# ---------------------------------------------------------------- the scorer can tell


def test_the_scorer_counts_misses_and_wrong_fields() -> None:
    gold = _gold(_samples()[0])
    assert score(gold, gold)["claim_f1"] == score(gold, gold)["record_f1"] == 1.0
    half = score(gold, gold[: len(gold) // 2])
    assert half["claim_f1"] < 0.7 and len(half["missed"]) == len(gold) - len(gold) // 2
    moved = [{**r, "region": "火星"} for r in gold]
    assert score(gold, moved)["claim_f1"] == 1.0 and score(gold, moved)["record_f1"] == 0.0
    renamed = [{**r, "value": (r["value"] or 0) * 10, "growth": 999} for r in gold]
    assert score(gold, renamed)["claim_f1"] == 0.0


def test_the_scorer_matches_units_values_and_full_years() -> None:
    g = {"value": 3.17e12, "unit": "元", "period": "2023", "growth": 2.7, "growth_unit": "%", "kind": "actual"}
    p = {**g, "unit": "元人民币", "value": 3.17e12 * (1 + 1e-9), "period": "2023-01/2023-12", "start": 0}
    s = score([g], [p])
    assert (s["claim_f1"], s["record_f1"]) == (1.0, 1.0)
    assert score([g], [{**p, "growth_unit": "pp"}])["record_f1"] == 0.0
    assert score([g], [{**p, "unit": "美元"}])["claim_f1"] == 0.0
