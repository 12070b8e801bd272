"""`factx eval`: score factx on a gold file — extract the documents (or read predictions) and report.

Registered on the `factx` app by importing this module. The scoring itself is
`factx.evaluate`; this module only reads options, runs the extraction and prints.

Exit status: 0 it ran (whatever the score); 1 a figure is below a `--min-…` bar, or
some input could not be read; 2 a bad option, gold file, prediction file or rule
file; 130 interrupted.
"""

from __future__ import annotations

import io
import json
import os
import re
import sys
from collections import Counter
from datetime import date as Date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .cli import DateOption, DebugOption, QuietOption, RulesOption, app, stderr_console
from .cli_texts import FactxCommand, format_option
from .errors import FactxError
from .evaluate import FIELD_KEYS, FIELDS, EvalError, Record, Score, doc_name, read_gold, read_predictions, score
from .evaluate import unmatchable as _unmatchable
from .pipeline import extract_doc
from .reader import iter_inputs, read_path
from .rules import load_rules
from .writers import record

EXAMPLES = """[bold]Examples[/bold]

\b
  factx eval --gold gold.jsonl docs/
  factx eval --gold gold.jsonl --pred facts.jsonl --errors 20
  factx eval --gold gold.jsonl docs/ -f json > score.json
  factx eval --gold gold.jsonl docs/ --min-claim-f1 0.9 --min-record-f1 0.8"""


class EvalFormat(StrEnum):
    table = "table"
    json = "json"


@app.command("eval", cls=FactxCommand, epilog=EXAMPLES)
def eval_command(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="PATH",
            help="The documents the gold file is about: files, folders, globs (not with --pred).",
            show_default=False,
        ),
    ] = None,
    gold: Annotated[
        str,
        typer.Option("--gold", metavar="GOLD.jsonl", help="Gold records, one JSON object a line.", show_default=False),
    ] = "",
    pred: Annotated[
        str | None,
        typer.Option(
            "--pred",
            metavar="FILE",
            help="Score these records (JSON Lines, as `factx extract -f jsonl` writes) instead of extracting.",
        ),
    ] = None,
    errors: Annotated[
        int,
        typer.Option("--errors", min=0, metavar="N", help="Also list up to N misses, extras and wrong fields."),
    ] = 0,
    fmt: Annotated[
        EvalFormat,
        format_option(EvalFormat, "--format", "-f", help="Rich tables, or one JSON object.", show_default=True),
    ] = EvalFormat.table,
    min_claim_f1: Annotated[
        float | None,
        typer.Option(min=0.0, max=1.0, metavar="X", help="Exit 1 when claim F1 is below X (a CI gate)."),
    ] = None,
    min_record_f1: Annotated[
        float | None,
        typer.Option(min=0.0, max=1.0, metavar="X", help="Exit 1 when record F1 is below X (a CI gate)."),
    ] = None,
    date: DateOption = None,
    rules: RulesOption = None,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Score factx against a gold file: claim and record precision, recall and F1, field accuracy."""
    err = stderr_console()
    try:
        code = _run(
            paths or [],
            gold,
            pred,
            errors,
            fmt,
            (min_claim_f1, min_record_f1),
            date,
            rules,
            quiet=quiet,
            debug=debug,
            err=err,
        )
    except FactxError as e:
        if debug:
            raise
        err.print(f"factx: {e}")
        raise typer.Exit(2) from None
    except BrokenPipeError:
        raise typer.Exit(0) from None
    except KeyboardInterrupt:
        raise typer.Exit(130) from None
    raise typer.Exit(code)


def _run(
    paths: list[str],
    gold_path: str,
    pred_path: str | None,
    errors: int,
    fmt: EvalFormat,
    bars: tuple[float | None, float | None],
    date: str | None,
    rules_dir: str | None,
    *,
    quiet: bool,
    debug: bool,
    err: Console,
) -> int:
    """Score and print; the exit status."""
    if not gold_path:
        raise EvalError("--gold GOLD.jsonl is required")
    if pred_path is not None and paths:
        raise EvalError("give either PATH... to extract or --pred FILE, not both")
    if pred_path is None and not paths:
        raise EvalError("nothing to score: give PATH... to extract or --pred FILE")
    if pred_path is not None and (date is not None or rules_dir is not None):
        raise EvalError("--date and --rules apply to extraction, not to --pred")
    if date is not None and not _is_iso_date(date):
        raise EvalError(f"--date {date}: not a valid YYYY-MM-DD date")
    gold = read_gold(gold_path)
    failed = False
    bad_lines = 0
    if pred_path is not None:
        preds, bad_lines = read_predictions(pred_path)
        seen = {doc_name(r) for r in preds}
        unseen_note = "no predicted records"
    else:
        preds, seen, failed = _extract(paths, date, rules_dir, debug=debug, err=err)
        unseen_note = "no input"
    result = score(gold, preds)
    if not quiet:
        _notes(err, gold, result, seen, unseen_note, pred_path, bad_lines)
    if fmt == EvalFormat.json:
        _print_json(result, errors, bad_lines)
    else:
        _print_tables(result, errors, bad_lines)
    below = _below_bars(result, bars)
    if below:
        err.print("factx: " + "; ".join(below))
    return 1 if below or failed else 0


def _is_iso_date(text: str) -> bool:
    try:
        return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", text)) and bool(Date.fromisoformat(text))
    except ValueError:
        return False


def _extract(
    paths: list[str], date: str | None, rules_dir: str | None, *, debug: bool, err: Console
) -> tuple[list[dict[str, Any]], set[str], bool]:
    """Extract every input as `factx extract` does: (records, base names read, some input failed)."""
    rules = load_rules(Path(rules_dir) if rules_dir else None)
    skipped: Counter[str] = Counter()
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    failed = False
    for name, _ in iter_inputs(paths, skipped):
        try:
            doc = read_path(name, date=date)
            rows += [record(f) for f in extract_doc(doc, rules)]
            seen.add(os.path.basename(name))
        except FactxError as e:  # this input only: say so, score the rest
            failed = True
            if debug:
                err.print_exception(show_locals=False)
            err.print(f"factx: {e}")
        except (KeyboardInterrupt, BrokenPipeError):
            raise
        except Exception as e:  # a bug of ours must not end the run: name the input, go on
            failed = True
            if debug:
                err.print_exception(show_locals=False)
            err.print(f"factx: {name}: internal error ({type(e).__name__}: {e}); --debug shows where")
    return rows, seen, failed


def _notes(
    err: Console,
    gold: list[dict[str, Any]],
    result: Score,
    seen: set[str],
    unseen_note: str,
    pred_path: str | None,
    bad_lines: int,
) -> None:
    """What may make the figures lower than they should be, one line each on stderr."""
    missing = [d for d in result.per_doc if d not in seen]
    if missing:
        err.print(
            f"factx: note: {_n(len(missing), 'gold document')} with {unseen_note} "
            f"(their records count as missed): {_some(missing)}"
        )
    ungraded = sorted(seen - set(result.per_doc))
    if ungraded:
        err.print(f"factx: note: {_n(len(ungraded), 'document')} not in the gold file, not scored: {_some(ungraded)}")
    keyless = _unmatchable(gold)
    if keyless:
        err.print(f"factx: note: {_n(len(keyless), 'gold record')} with neither value nor growth can never match")
    if bad_lines:
        err.print(f"factx: note: {_n(bad_lines, 'line')} of --pred {pred_path} not JSON objects, skipped")


def _n(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


def _some(names: list[str], limit: int = 5) -> str:
    more = f" and {len(names) - limit} more" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more


def _below_bars(result: Score, bars: tuple[float | None, float | None]) -> list[str]:
    claim_bar, record_bar = bars
    below = []
    if claim_bar is not None and result.claim.f1 < claim_bar:
        below.append(f"claim F1 {result.claim.f1:.4f} is below --min-claim-f1 {claim_bar:g}")
    if record_bar is not None and result.record.f1 < record_bar:
        below.append(f"record F1 {result.record.f1:.4f} is below --min-record-f1 {record_bar:g}")
    return below


# --- output --------------------------------------------------------------------------------


def error_lists(result: Score, limit: int) -> dict[str, Any]:
    """Up to `limit` misses, extras and wrong-field pairs, with totals, ready for JSON."""
    wrong = result.wrong
    return {
        "missed": {"total": len(result.missed), "records": [dict(g) for g in result.missed[:limit]]},
        "extra": {"total": len(result.extra), "records": [dict(p) for p in result.extra[:limit]]},
        "wrong": {
            "total": len(wrong),
            "pairs": [
                {
                    "doc": w.doc,
                    "fields": list(w.fields),
                    "gold": dict(w.gold),
                    "pred": dict(w.pred),
                }
                for w in wrong[:limit]
            ],
        },
    }


def _print_json(result: Score, errors: int, bad_lines: int) -> None:
    out: dict[str, Any] = {**result.summary(), "unparsable_pred_lines": bad_lines}
    if errors:
        out["errors"] = error_lists(result, errors)
    _utf8_stdout()
    sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=1) + "\n")
    sys.stdout.flush()


def _utf8_stdout() -> None:
    out = sys.stdout
    if isinstance(out, io.TextIOWrapper) and out.encoding.lower() not in ("utf-8", "utf8"):
        out.reconfigure(encoding="utf-8")


def _table(title: str, *columns: str, right: tuple[str, ...] = ()) -> Table:
    table = Table(*columns, title=title, title_justify="left", header_style="bold")
    for column in table.columns:
        column.overflow = "fold"
        if column.header in right:
            column.justify = "right"
    return table


def _cell(value: Any) -> Text:
    # Text, not str: rich would read `[注]` in a cell as markup.
    return Text("" if value is None else str(value))


def _claim(r: Record) -> str:
    """How a claim reads in a list: its value as written, else its value and unit, else its growth."""
    if r.get("value_text"):
        return str(r["value_text"])
    if r.get("value") is not None:
        return f"{r['value']}{r.get('unit') or ''}"
    if r.get("growth") is not None:
        return f"growth {r['growth']}{r.get('growth_unit') or '%'}"
    return "(no value, no growth)"


def _print_tables(result: Score, errors: int, bad_lines: int) -> None:
    console = Console(highlight=False, markup=False, emoji=False)
    if not console.is_terminal:  # a file or pipe has no width to fold the columns into
        console.width = 1000
    line = f"gold {result.gold}  pred {result.pred}  matched {result.matched}  exact {result.exact}" + (
        f"  unparsable pred lines {bad_lines}" if bad_lines else ""
    )
    console.print(Text(line))

    scores = _table("Scores", "", "precision", "recall", "F1", right=("precision", "recall", "F1"))
    for name, prf in (("claim", result.claim), ("record", result.record)):
        scores.add_row(Text(name), *(Text(f"{x:.4f}") for x in (prf.precision, prf.recall, prf.f1)))
    console.print(scores)

    fields = _table("Field accuracy", "field", "accuracy", right=("accuracy",))
    for k in FIELDS:
        fields.add_row(Text(k), Text(f"{result.field_accuracy[k]:.4f}"))
    console.print(fields)
    x = result.strict  # the reference scorer's strict line, word for word
    console.print(
        Text(
            f"strict: indicator exactly the gold's on {x.indicator_exact:.3f} of matched; "
            f"record F1 with exact indicators {x.record_f1:.3f}"
        )
    )

    docs = _table("Documents", "doc", "gold", "pred", "matched", "exact", right=("gold", "pred", "matched", "exact"))
    for doc, s in result.per_doc.items():
        docs.add_row(_cell(doc), *(_cell(x) for x in (s.gold, s.pred, s.matched, s.exact)))
    console.print(docs)

    if errors:
        _print_errors(console, result, errors)


def _print_errors(console: Console, result: Score, limit: int) -> None:
    def shown(n: int) -> str:
        return f"{n}" if n <= limit else f"{n}, first {limit}"

    lists = (
        ("Missed: gold records with no prediction", result.missed),
        ("Extra: predictions with no gold record", result.extra),
    )
    for title, records in lists:
        if not records:
            console.print(Text(f"{title}: none"))
            continue
        table = _table(f"{title} ({shown(len(records))})", "doc", "claim", "indicator", "region", "period", "sentence")
        for r in records[:limit]:
            cells = (doc_name(r), _claim(r), r.get("indicator"), r.get("region"), r.get("period"))
            table.add_row(*map(_cell, cells), _cell(r.get("sentence") or "—"))
        console.print(table)

    wrong = result.wrong
    if not wrong:
        console.print(Text("Wrong fields on matched claims: none"))
        return
    title = f"Wrong fields on matched claims ({shown(len(wrong))})"
    table = _table(title, "doc", "claim", "field", "gold", "pred", "sentence")
    for w in wrong[:limit]:
        sentence = w.pred.get("sentence") or w.gold.get("sentence") or "—"
        for i, k in enumerate(w.fields):
            first = i == 0
            table.add_row(
                _cell(w.doc if first else ""),
                _cell(_claim(w.gold) if first else ""),
                _cell(k),
                _cell(_shown(w.gold, k)),
                _cell(_shown(w.pred, k)),
                _cell(sentence if first else ""),
            )
    console.print(table)


def _shown(r: Record, field: str) -> str:
    """A checked field as the table shows it: growth with its unit, null as `null`."""
    value = r.get(FIELD_KEYS[field])
    if value is None:
        return "null"
    if field == "growth":
        return f"{value} {r.get('growth_unit') or '%'}"
    return str(value)
