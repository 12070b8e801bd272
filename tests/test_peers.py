"""The Recognizers-Text Chinese specs (../shared/peers/recognizers-text/) run through factx.

Every Result with a value counts, including cases marked `NotSupported` or
`IgnoreResolution`: those marks record gaps of Recognizers' own implementations, not
doubts about the expected value. Cases factx reads differently are listed, each with
a reason, in tests/data/peer_gaps.toml; the lists must match exactly, so a fix and a
regression both show up here.
"""

from __future__ import annotations

import json
import math
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

import factx
from factx.numbers import parse_number, parse_percent

PEERS = Path(__file__).resolve().parents[2] / "shared/peers/recognizers-text"
GAPS_FILE = Path(__file__).parent / "data/peer_gaps.toml"
NUMBER_FILES = {"Number-NumberModel.json": parse_number, "Number-PercentModel.json": parse_percent}
UNIT_FILES = ["NumberWithUnit-CurrencyModel.json", "NumberWithUnit-DimensionModel.json"]
FLOORS = {
    "Number-NumberModel.json": 0.97,
    "Number-PercentModel.json": 0.95,
    "NumberWithUnit-CurrencyModel.json": 0.90,
    "NumberWithUnit-DimensionModel.json": 0.90,
}

if not PEERS.is_dir():
    pytest.skip(f"peer specs not found at {PEERS}", allow_module_level=True)

Case = tuple[str, str]  # (the Result's Text, its expected value as written in the spec)


def results(name: str) -> list[tuple[str, Case]]:
    """(Input, (Text, value)) for every Result that has a value (人民币 alone has none)."""
    cases = json.loads((PEERS / name).read_text(encoding="utf-8-sig"))
    return [
        (case["Input"], (result["Text"], result["Resolution"]["value"]))
        for case in cases
        for result in case["Results"]
        if (result.get("Resolution") or {}).get("value") is not None
    ]


def expected(case: Case) -> float:
    return float(case[1].rstrip("%"))


def listed_gaps(name: str) -> set[Case]:
    gaps = tomllib.loads(GAPS_FILE.read_text(encoding="utf-8")).get("gap", [])
    return {(gap["text"], gap["expected"]) for gap in gaps if gap["file"] == name}


def check(name: str, passes: Callable[[str, Case], bool]) -> None:
    """Print the pass rate, then hold the failures to the listed gaps and the rate to its floor."""
    cases = results(name)
    failed = [case for input_text, case in cases if not passes(input_text, case)]
    rate = 1 - len(failed) / len(cases)
    label = name.split("-", 1)[1].removesuffix(".json")
    print(f"{label}: {rate:.1%} of {len(cases)} results ({len(failed)} failing)")
    failing, gaps = set(failed), listed_gaps(name)
    assert not failing - gaps, f"new failures (fix, or list in {GAPS_FILE.name}): {sorted(failing - gaps)}"
    assert not gaps - failing, f"listed gaps that now pass (remove them): {sorted(gaps - failing)}"
    assert rate >= FLOORS[name], f"{label} pass rate {rate:.1%} is below {FLOORS[name]:.0%}"


@pytest.mark.parametrize("name", NUMBER_FILES)
def test_number_models(name: str) -> None:
    parse = NUMBER_FILES[name]

    def passes(_input: str, case: Case) -> bool:
        got = parse(case[0])
        return got is not None and math.isclose(got, expected(case), rel_tol=1e-9)

    check(name, passes)


@pytest.mark.skipif(not hasattr(factx, "extract"), reason="factx.extract (the pipeline) is not written yet")
@pytest.mark.parametrize("name", UNIT_FILES)
def test_unit_models(name: str) -> None:
    values: dict[str, list[float]] = {}

    def passes(input_text: str, case: Case) -> bool:
        if input_text not in values:
            records = factx.extract(input_text)
            values[input_text] = [r.value for r in records if r.value is not None]
        return any(math.isclose(v, expected(case), rel_tol=1e-6) for v in values[input_text])

    check(name, passes)


def test_gap_entries_are_well_formed() -> None:
    gaps = tomllib.loads(GAPS_FILE.read_text(encoding="utf-8")).get("gap", [])
    keys = [(gap["file"], gap["text"], gap["expected"]) for gap in gaps]
    assert len(keys) == len(set(keys)), "a gap is listed twice"
    for gap in gaps:
        assert set(gap) == {"file", "text", "expected", "reason"}, gap
        assert gap["file"] in FLOORS, gap
        assert gap["reason"].strip() and "\n" not in gap["reason"], gap
