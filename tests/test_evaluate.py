"""`factx eval` and `factx.evaluate`: the same figures as the reference scorer, and the CLI's contract.

The reference scorer is `eval/score.py` in the project's shared checkout (../shared beside
this repository). Where it is present, both scorers run on the same predictions and every
figure must agree to the fourth decimal; without it those tests are skipped, and the
hand-computed figures of the fixtures in tests/data/eval still pin the semantics.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import factx.cli_eval  # registers `eval` on the app
from factx.cli import app
from factx.evaluate import (
    FIELDS,
    EvalError,
    claim_key,
    code_ok,
    doc_name,
    field_checks,
    indicator_ok,
    match_doc,
    norm_period,
    norm_region,
    norm_unit,
    read_gold,
    read_predictions,
    region_ok,
    same_key,
    score,
)

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "eval"
GOLD = DATA / "gold.jsonl"
PRED = DATA / "pred.jsonl"
DOCS = DATA / "docs"
SHARED_EVAL = ROOT.parent / "shared" / "eval"
SCORE_PY = SHARED_EVAL / "score.py"

needs_reference = pytest.mark.skipif(
    not SCORE_PY.is_file(),
    reason=f"reference scorer not found at {SCORE_PY} (the project's ../shared checkout is not on this machine)",
)

runner = CliRunner()

assert factx.cli_eval.app is app


# --- helpers ---------------------------------------------------------------------------------


def cli(*args: str) -> Any:
    return runner.invoke(app, list(args))


def reference(gold: Path, pred: Path) -> dict[str, Any]:
    """The reference scorer's --json summary for these files."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, str(SCORE_PY), "--gold", str(gold), "--pred", str(pred), "--json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=True,
    )
    return json.loads(done.stdout)


def figures(summary: dict[str, Any]) -> dict[str, float]:
    """Every figure of a summary (ours or the reference's), flattened, rounded to four decimals."""
    out = {
        f"{part}.{k}": round(summary[part][k], 4) for part in ("claim", "record") for k in ("precision", "recall", "f1")
    }
    out |= {f"field.{k}": round(summary["field_accuracy"][k], 4) for k in FIELDS}
    out |= {k: summary[k] for k in ("gold", "pred", "matched", "exact_records")}
    out |= {f"strict.{k}": summary["strict"][k] for k in ("exact_records", "indicator_exact", "record_f1")}
    return out


def assert_agree(ours: dict[str, Any], ref: dict[str, Any]) -> None:
    assert figures(ours) == figures(ref)
    assert ours["per_doc"] == ref["per_doc"]
    assert list(ours["per_doc"]) == list(ref["per_doc"])


def extract_to(tmp_path: Path, *paths: Path) -> Path:
    """Predictions as a user gets them: `factx extract ... -f jsonl -o FILE`."""
    out = tmp_path / "pred.jsonl"
    result = cli("extract", *map(str, paths), "-f", "jsonl", "-o", str(out), "-q")
    assert result.exit_code == 0, result.output
    return out


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


# --- normalisation and field checks ----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("江苏省", "江苏"),
        ("上海市", "上海"),
        ("新疆维吾尔自治区", "新疆"),
        ("香港特别行政区", "香港"),
        ("浦东新区", "浦东新"),
        ("我国", "全国"),
        ("国内", "全国"),
        (" 中国 ", "全国"),
        ("长三角", "长三角"),
        ("市", "市"),  # would drop below two characters: kept
        ("", None),
        (None, None),
    ],
)
def test_norm_region(name: str | None, short: str | None) -> None:
    assert norm_region(name) == short


def test_norm_unit_and_period() -> None:
    assert [norm_unit(u) for u in ("人民币", "元人民币", "块", "％", " 家 ", None)] == [
        "元",
        "元",
        "元",
        "%",
        "家",
        None,
    ]
    assert norm_period("2023-01/2023-12") == "2023"
    assert norm_period("2023-01/2024-12") == "2023-01/2024-12"
    assert norm_period("2023-01/2023-09") == "2023-01/2023-09"
    assert norm_period("") is None


def test_region_and_indicator_checks() -> None:
    assert region_ok("上海", "上海浦东")  # one contains the other
    assert region_ok("中国", "全国")
    assert region_ok(None, "")
    assert not region_ok("江苏", None)
    assert not region_ok("江苏", "浙江")
    assert indicator_ok("进出口总值", "进出口")
    assert indicator_ok("规模以上工业增加值", "规上工业增加值")  # Jaccard 7/9
    assert not indicator_ok("城镇调查失业率", "失业人数")  # Jaccard 2/9
    assert indicator_ok("", None)
    assert not indicator_ok("出口", "")
    assert indicator_ok("5G 基站", "5G基站")


def test_code_is_checked_only_where_gold_has_it() -> None:
    assert code_ok({}, {"region_code": "320100"})
    assert code_ok({"region_code": None}, {"region_code": None})
    assert code_ok({"region_code": "320000"}, {"region_code": "320000"})
    assert not code_ok({"region_code": "320000"}, {"region_code": "320100"})
    assert not code_ok({"region_code": None}, {"region_code": "320000"})


def test_field_checks_defaults() -> None:
    gold = {"region": "全国", "indicator": "CPI", "growth": 0.3, "growth_basis": "yoy", "period": None}
    pred = {"region": "我国", "indicator": "CPI", "growth": "0.3", "growth_unit": "%", "growth_basis": "yoy"}
    pred |= {"period": "2023-12", "kind": "actual"}
    # gold null period not checked, missing growth unit is %, missing kind is actual
    assert field_checks(gold, pred) == dict.fromkeys(FIELDS, True)
    assert not field_checks(gold, {**pred, "growth_unit": "pp"})["growth"]
    assert not field_checks({**gold, "growth": None}, pred)["growth"]


def test_keys() -> None:
    assert claim_key({"value": 3.17e12, "unit": "人民币"}) == ("v", "元", 3.17e12)
    assert claim_key({"value": None, "growth": -1.5}) == ("g", "%", -1.5)
    assert claim_key({"value": "", "growth": None}) is None
    assert same_key(claim_key({"value": 1e12, "unit": "元"}), claim_key({"value": 1e12 + 1e5, "unit": "元"}))
    assert not same_key(claim_key({"value": 1e12, "unit": "元"}), claim_key({"value": 1.00001e12, "unit": "元"}))
    assert not same_key(claim_key({"value": 5, "unit": "家"}), claim_key({"value": 5, "unit": "个"}))
    assert not same_key(claim_key({"growth": 0.1}), claim_key({"growth": 0.1, "growth_unit": "pp"}))
    assert not same_key(None, None)
    assert same_key(claim_key({"growth": 0}), claim_key({"growth": 1e-10}))  # absolute tolerance near zero
    assert not same_key(claim_key({"growth": 0}), claim_key({"growth": 1e-8}))


def test_doc_is_compared_by_base_name() -> None:
    assert doc_name({"doc": "a/b/x.md"}) == "x.md"
    assert doc_name({}) == ""


def test_match_doc_is_greedy_in_order_of_start() -> None:
    gold = [{"value": 5, "unit": "家", "id": "g1"}, {"value": 5, "unit": "家", "id": "g2"}, {"growth": 1, "id": "g3"}]
    pred = [
        {"value": 5, "unit": "家", "start": 30, "id": "late"},
        {"value": 5, "unit": "家", "start": 10, "id": "early"},
        {"value": 7, "unit": "家", "start": 0, "id": "other"},
    ]
    m = match_doc(gold, pred)
    assert [(g["id"], p["id"]) for g, p in m.pairs] == [("g1", "early"), ("g2", "late")]
    assert [g["id"] for g in m.missed] == ["g3"]
    assert [p["id"] for p in m.extra] == ["other"]


# --- scoring the fixtures (figures computed by hand) -----------------------------------------


def fixture_score() -> Any:
    preds, bad = read_predictions(PRED)
    assert bad == 2
    return score(read_gold(GOLD), preds)


def test_fixture_figures() -> None:
    s = fixture_score()
    # 10 gold; 11 predictions of gold documents (other.md ignored); 8 matched; 3 with every field right
    assert (s.gold, s.pred, s.matched, s.exact) == (10, 11, 8, 3)
    assert (s.claim.precision, s.claim.recall, s.claim.f1) == (0.7273, 0.8, 0.7619)
    assert (s.record.precision, s.record.recall, s.record.f1) == (0.2727, 0.3, 0.2857)
    assert s.field_accuracy == {"region": 1.0} | dict.fromkeys(FIELDS[1:-1], 0.875) | {"entity": 1.0}  # no gold entity
    assert {d: v.as_dict() for d, v in s.per_doc.items()} == {
        "eval-a.md": {"gold": 5, "pred": 5, "matched": 4, "exact": 1},
        "eval-b.txt": {"gold": 5, "pred": 6, "matched": 4, "exact": 2},
    }


def test_fixture_errors() -> None:
    s = fixture_score()
    assert [(doc_name(g), g.get("growth")) for g in s.missed] == [("eval-a.md", 5), ("eval-b.txt", 0.1)]
    assert [(doc_name(p), p.get("value_text") or p.get("growth")) for p in s.extra] == [
        ("eval-a.md", "三季度"),
        ("eval-b.txt", 0.1),
        ("eval-b.txt", "5.2%"),
    ]
    assert [(w.doc, w.fields) for w in s.wrong] == [
        ("eval-a.md", ("basis",)),
        ("eval-a.md", ("period",)),
        ("eval-a.md", ("code",)),
        ("eval-b.txt", ("kind",)),
        ("eval-b.txt", ("indicator", "growth")),
    ]


def test_no_predictions_scores_zero() -> None:
    s = score(read_gold(GOLD), [])
    assert (s.pred, s.matched, s.claim.f1, s.record.f1) == (0, 0, 0.0, 0.0)
    assert s.field_accuracy == dict.fromkeys(FIELDS, 0.0)


# --- reading ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (None, "no such file"),
        ("", "no records"),
        ("\n\n", "no records"),
        ('{"doc": "a.md", "value": 1}\nnot json\n', ":2: not JSON"),
        ("[1, 2]\n", ":1: not a JSON object"),
        ('{"value": 1, "unit": "元"}\n', ":1: no doc"),
    ],
)
def test_read_gold_rejects(tmp_path: Path, text: str | None, message: str) -> None:
    path = tmp_path / "gold.jsonl"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(EvalError, match=message):
        read_gold(path)


def test_read_gold_accepts_a_bom_and_a_line_separator_inside_a_string(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text('\ufeff{"doc": "a.md", "value": 1, "sentence": "x\u2028y"}\n', encoding="utf-8")
    assert read_gold(path) == [{"doc": "a.md", "value": 1, "sentence": "x\u2028y"}]


# --- agreement with the reference scorer -----------------------------------------------------


@needs_reference
def test_agrees_with_reference_on_fixtures() -> None:
    ref = reference(GOLD, PRED)
    s = fixture_score()
    assert_agree(s.summary(), ref)
    assert ref["unparsable_pred_lines"] == 2


@needs_reference
@pytest.mark.parametrize("corpus", ["dev", "wild"])
def test_agrees_with_reference_on_extracted_corpus(tmp_path: Path, corpus: str) -> None:
    gold = SHARED_EVAL / corpus / "gold.jsonl"
    pred = extract_to(tmp_path, SHARED_EVAL / corpus / "docs")
    ref = reference(gold, pred)
    assert_agree(score(read_gold(gold), read_predictions(pred)[0]).summary(), ref)
    # and the command, extracting by itself, prints the same figures
    result = cli("eval", "--gold", str(gold), str(SHARED_EVAL / corpus / "docs"), "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert_agree(json.loads(result.stdout), ref)


def perturb(rows: list[dict[str, Any]], seed: int) -> list[dict[str, Any]]:
    """Predictions with every kind of mistake the scorer tells apart, deterministically by seed."""
    rng = random.Random(seed)
    out: list[dict[str, Any]] = []
    for r in rows:
        r = dict(r)
        roll = rng.random()
        if roll < 0.08:
            continue  # a miss
        if roll < 0.12:
            out.append({**r, "start": r["start"] + 1})  # a duplicate: an extra with the same key
        change = rng.randrange(15)
        if change == 0 and r.get("value") is not None:
            r["value"] = r["value"] * 1.001  # another amount: a miss and an extra
        elif change == 1 and r.get("unit") == "元":
            r["unit"] = rng.choice(["人民币", "元人民币", "块", "美元"])
        elif change == 2:
            region = r.get("region") or ""
            r["region"] = rng.choice([None, "全国", "中国", "上海市", region + "省", "大" + region, region[:1], "浙江"])
        elif change == 3:
            r["region_code"] = rng.choice([None, "310000", "320100", r.get("region_code")])
        elif change == 4:
            r["indicator"] = rng.choice(["", (r.get("indicator") or "")[1:], "总值", "完全不同的指标名称"])
        elif change == 5 and r.get("growth") is not None:
            r["growth"] = r["growth"] + rng.choice([0.1, 1e-9, -0.0])
        elif change == 6:
            r["growth_unit"] = rng.choice([None, "pp", "%"])
        elif change == 7:
            r["growth_basis"] = rng.choice([None, "yoy", "mom", "avg_annual"])
        elif change == 8:
            p = r.get("period") or ""
            year = p[:4] if p[:4].isdigit() else "2023"
            r["period"] = rng.choice([None, year, f"{year}-01/{year}-12", f"{year}-06", p + " "])
        elif change == 9:
            r["kind"] = rng.choice(["target", "actual", None])
        elif change == 10:
            r["start"] = rng.randrange(0, 5000)  # out of order: matching sorts by start
        elif change == 11:
            r["doc"] = "some/other/dir/" + os.path.basename(r["doc"])
        elif change == 12:
            r["value"] = str(r["value"]) if r.get("value") is not None else ""
        elif change == 13:
            r["entity"] = rng.choice([None, "", "招商银行", " 比亚迪 ", "比亚迪股份"])
        out.append(r)
    rng.shuffle(out)
    out.append({"doc": "not-in-gold.md", "value": 1, "unit": "元", "start": 0})
    return out


@needs_reference
@pytest.mark.parametrize("seed", range(6))
def test_agrees_with_reference_on_perturbed_predictions(tmp_path: Path, seed: int) -> None:
    corpus = ("dev", "wild")[seed % 2]
    gold = SHARED_EVAL / corpus / "gold.jsonl"
    rows = read_predictions(extract_to(tmp_path, SHARED_EVAL / corpus / "docs"))[0]
    pred = write_jsonl(tmp_path / "perturbed.jsonl", perturb(rows, seed))
    ref = reference(gold, pred)
    ours = score(read_gold(gold), read_predictions(pred)[0]).summary()
    assert_agree(ours, ref)
    assert ref["record"]["f1"] < 0.95  # the perturbation did bite
    result = cli("eval", "--gold", str(gold), "--pred", str(pred), "-f", "json")
    assert result.exit_code == 0
    assert_agree(json.loads(result.stdout), ref)


@needs_reference
@pytest.mark.parametrize("seed", range(3))
def test_agrees_with_reference_where_the_gold_has_entity(tmp_path: Path, seed: int) -> None:
    """A gold file with entity on some records (none on others, some wrong), against the records
    of the company sample and the dev corpus: the same figures, and the same strict line printed."""
    rng = random.Random(seed)
    rows = read_predictions(extract_to(tmp_path, ROOT / "samples", SHARED_EVAL / "dev" / "docs"))[0]
    assert any(r["entity"] for r in rows)
    gold_rows = []
    for r in rows:
        g = dict(r)
        roll = rng.random()
        if roll < 0.3:
            del g["entity"]
        elif roll < 0.5:
            g["entity"] = rng.choice([None, "招商银行", "比亚迪", (r["entity"] or "某")[:1]])
        gold_rows.append(g)
    gold = write_jsonl(tmp_path / "gold.jsonl", gold_rows)
    pred = write_jsonl(tmp_path / "pred.jsonl", perturb(rows, seed))
    ref = reference(gold, pred)
    assert ref["field_accuracy"]["entity"] < 1.0  # entity was checked, and some were wrong
    assert_agree(score(read_gold(gold), read_predictions(pred)[0]).summary(), ref)
    table = cli("eval", "--gold", str(gold), "--pred", str(pred))
    printed = subprocess.run(
        [sys.executable, str(SCORE_PY), "--gold", str(gold), "--pred", str(pred)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        check=True,
    ).stdout
    strict_line = next(line for line in printed.splitlines() if line.startswith("strict:"))
    assert strict_line in table.stdout.splitlines()


@needs_reference
def test_agrees_with_reference_on_fixture_docs_extracted(tmp_path: Path) -> None:
    pred = extract_to(tmp_path, DOCS)
    assert_agree(score(read_gold(GOLD), read_predictions(pred)[0]).summary(), reference(GOLD, pred))


# --- the command -----------------------------------------------------------------------------


def test_json_output_parses() -> None:
    result = cli("eval", "--gold", str(GOLD), "--pred", str(PRED), "-f", "json")
    assert result.exit_code == 0
    out = json.loads(result.stdout)
    assert out["claim"] == {"precision": 0.7273, "recall": 0.8, "f1": 0.7619}
    assert out["record"]["f1"] == 0.2857
    assert out["unparsable_pred_lines"] == 2
    assert "errors" not in out


def test_table_output() -> None:
    result = cli("eval", "--gold", str(GOLD), "--pred", str(PRED))
    assert result.exit_code == 0
    out = result.stdout
    assert "gold 10  pred 11  matched 8  exact 3" in out
    assert "0.7619" in out and "0.2857" in out and "0.8750" in out
    assert "eval-b.txt" in out


def test_extraction_and_pred_give_the_same_figures(tmp_path: Path) -> None:
    pred = extract_to(tmp_path, DOCS)
    by_pred = cli("eval", "--gold", str(GOLD), "--pred", str(pred), "-f", "json")
    by_extraction = cli("eval", "--gold", str(GOLD), str(DOCS), "-f", "json")
    assert by_pred.exit_code == by_extraction.exit_code == 0
    assert json.loads(by_pred.stdout) == json.loads(by_extraction.stdout)
    assert json.loads(by_pred.stdout)["matched"] > 0


def test_gate_passes_and_fails() -> None:
    base = ["eval", "--gold", str(GOLD), "--pred", str(PRED), "-f", "json"]
    ok = cli(*base, "--min-claim-f1", "0.76", "--min-record-f1", "0.28")
    assert ok.exit_code == 0
    claim = cli(*base, "--min-claim-f1", "0.8")
    assert claim.exit_code == 1
    assert claim.stderr.splitlines()[-1] == "factx: claim F1 0.7619 is below --min-claim-f1 0.8"
    assert json.loads(claim.stdout)["claim"]["f1"] == 0.7619  # the report is still printed
    record = cli(*base, "--min-record-f1", "0.5", "-q")
    assert (record.exit_code, record.stderr) == (1, "factx: record F1 0.2857 is below --min-record-f1 0.5\n")
    both = cli(*base, "--min-claim-f1", "0.9", "--min-record-f1", "0.9", "-q")
    assert both.exit_code == 1
    assert both.stderr.count("\n") == 1
    assert "claim F1 0.7619" in both.stderr and "record F1 0.2857" in both.stderr


def test_low_score_without_a_bar_exits_0(tmp_path: Path) -> None:
    empty = write_jsonl(tmp_path / "none.jsonl", [])
    result = cli("eval", "--gold", str(GOLD), "--pred", str(empty), "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["claim"]["f1"] == 0.0
    assert "2 gold documents with no predicted records" in result.stderr


def test_errors_list_a_known_miss() -> None:
    result = cli("eval", "--gold", str(GOLD), "--pred", str(PRED), "--errors", "5")
    assert result.exit_code == 0
    out = result.stdout
    missed = out[out.index("Missed") : out.index("Extra")]
    assert "growth 5%" in missed and "地区生产总值" in missed  # the target rate no prediction has
    assert "12月份，居民消费价格同比下降0.3%，环比上涨0.1%。" in missed  # gold sentence shown where given
    extra = out[out.index("Extra") : out.index("Wrong fields")]
    assert "三季度" in extra and "今年前三季度，江苏省地区生产总值达9.2万亿元" in extra
    wrong = out[out.index("Wrong fields") :]
    assert "320100" in wrong and "失业人数" in wrong and "-0.4 pp" in wrong


def test_errors_in_json_are_capped_with_totals() -> None:
    result = cli("eval", "--gold", str(GOLD), "--pred", str(PRED), "--errors", "1", "-f", "json")
    errors = json.loads(result.stdout)["errors"]
    assert errors["missed"]["total"] == 2 and len(errors["missed"]["records"]) == 1
    assert errors["missed"]["records"][0]["indicator"] == "地区生产总值"
    assert errors["missed"]["records"][0]["growth"] == 5
    assert errors["extra"]["total"] == 3 and errors["extra"]["records"][0]["value_text"] == "三季度"
    assert errors["wrong"]["total"] == 5 and errors["wrong"]["pairs"][0]["fields"] == ["basis"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--gold", "missing.jsonl", str(DOCS)], "factx: --gold missing.jsonl: no such file"),
        ([str(DOCS)], "factx: --gold GOLD.jsonl is required"),
        (["--gold", str(GOLD)], "factx: nothing to score: give PATH... to extract or --pred FILE"),
        (
            ["--gold", str(GOLD), "--pred", str(PRED), str(DOCS)],
            "factx: give either PATH... to extract or --pred FILE, not both",
        ),
        (["--gold", str(GOLD), "--pred", "missing.jsonl"], "factx: --pred missing.jsonl: no such file"),
        (
            ["--gold", str(GOLD), "--date", "2023-13-01", str(DOCS)],
            "factx: --date 2023-13-01: not a valid YYYY-MM-DD date",
        ),
    ],
)
def test_bad_input_exits_2_with_one_line(args: list[str], message: str) -> None:
    result = cli("eval", *args)
    assert (result.exit_code, result.stderr, result.stdout) == (2, message + "\n", "")


def test_invalid_gold_line_exits_2(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(GOLD.read_text(encoding="utf-8") + "{oops\n", encoding="utf-8")
    result = cli("eval", "--gold", str(gold), "--pred", str(PRED))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"factx: --gold {gold}:11: not JSON")
    assert result.stderr.count("\n") == 1


def test_an_unreadable_input_is_named_and_the_rest_scored() -> None:
    result = cli("eval", "--gold", str(GOLD), str(DOCS / "eval-a.md"), "missing.md", "-f", "json")
    assert result.exit_code == 1
    assert "factx: missing.md: no such file" in result.stderr
    assert "1 gold document with no input" in result.stderr and "eval-b.txt" in result.stderr
    assert json.loads(result.stdout)["per_doc"]["eval-b.txt"]["pred"] == 0
