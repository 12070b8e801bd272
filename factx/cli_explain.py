"""`factx explain`: which rule entry decided each field of each record, and which numbers were
left out and why. It runs the same pipeline as `extract`, asking it to write down its decisions.

It takes its inputs as `extract` does (files, folders, globs, archives, `-` for stdin), or a text
with `--text`. A path that cannot be read is named on stderr and the rest explained; exit 1 then,
2 for a bad option or rule file."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.tree import Tree

from . import batch
from .cli import DateOption, RulesOption, _say, _skipped_note, app, stderr_console
from .cli_texts import FactxCommand, format_option
from .errors import FactxError, InputError
from .models import Doc
from .pipeline import Explanation, extract_doc
from .reader import TEXT_SUFFIXES, doc_from_bytes, doc_from_text, read_path
from .rules import load_rules


class ExplainFormat(StrEnum):
    tree = "tree"
    json = "json"


@app.command(
    "explain",
    cls=FactxCommand,
    epilog="[bold]Examples[/bold]\n\n\b\n"
    "  factx explain issue.md\n"
    "  factx explain archive/ -f json > why.jsonl\n"
    "  factx explain --text '上海市进出口总值达3.17万亿元。' --date 2023-10-31\n"
    "  cat issue.txt | factx explain -",
)
def explain(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="PATH",
            help="Files, folders, globs or archives, as for extract; - for stdin.",
            show_default=False,
        ),
    ] = None,
    text: Annotated[
        str | None, typer.Option("--text", "-t", metavar="TEXT", help="Explain this text instead of files.")
    ] = None,
    fmt: Annotated[
        ExplainFormat,
        format_option(
            ExplainFormat, "--format", "-f", help="tree, or json: one object a document, one a line.", show_default=True
        ),
    ] = ExplainFormat.tree,
    date: DateOption = None,
    rules: RulesOption = None,
) -> None:
    """Show, for every record, the rule entry behind each field — and the numbers left out."""
    err = stderr_console()
    if not paths and text is None:
        _say(err, "nothing to explain: give a PATH (- for stdin) or --text TEXT")
        raise typer.Exit(2)
    try:
        ruleset = load_rules(Path(rules) if rules else None)
    except FactxError as e:
        _say(err, str(e))
        raise typer.Exit(2) from None
    failed = False
    for doc in _documents(paths or [], text, date, err):
        if doc is None:
            failed = True
            continue
        ex = Explanation()
        extract_doc(doc, ruleset, ex)
        if fmt is ExplainFormat.json:
            records = [{"record": f.model_dump(), "why": why} for f, why in ex.records]
            typer.echo(json.dumps({"doc": doc.name, "records": records, "dropped": ex.dropped}, ensure_ascii=False))
        else:
            Console().print(_tree(doc.name, ex))
    raise typer.Exit(1 if failed else 0)


def _documents(paths: list[str], text: str | None, date: str | None, err: Console) -> Iterator[Doc | None]:
    """Each document to explain, in order; None for one that could not be read (said on stderr)."""
    if text is not None:
        yield doc_from_text("-", text, date=date, warn=lambda m: err.print(escape(m)))
    skipped: Counter[str] = Counter()
    problems: list[str] = []
    for src in batch.iter_sources(paths, skipped, problems):
        for problem in problems:
            _say(err, problem)
        if problems:
            problems.clear()
            yield None
        try:
            if src.data is not None:
                yield doc_from_bytes(src.name, src.data, date=date, warn=lambda m: _say(err, m))
            else:
                yield read_path(src.path or src.name, date=date, warn=lambda m: _say(err, m))
        except InputError as e:
            hint = "" if Path(e.path).suffix.lower() in TEXT_SUFFIXES else "; to explain a text, give it with --text"
            _say(err, f"{e}{hint}" if e.reason == "no such file" else str(e))
            yield None
    for problem in problems:
        _say(err, problem)
        yield None
    if skipped:
        _say(err, _skipped_note(skipped))


def _tree(name: str, ex: Explanation) -> Tree:
    counts = f"{_count(len(ex.records), 'record')}, {_count(len(ex.dropped), 'number')} left out"
    root = Tree(f"[bold]{escape(name)}[/]: {counts}")
    for f, why in ex.records:
        label = f.value_text or f"{f.growth:+g}{'pp' if f.growth_unit == 'pp' else '%'}"
        node = root.add(f"[bold cyan]{escape(label)}[/] → {escape(f.indicator)}  [dim]{escape(f.sentence[:60])}[/]")
        for fieldname, d in why.items():
            value = getattr(f, fieldname, None)
            note = f"  [dim]({escape(d['note'])})[/]" if d.get("note") else ""
            node.add(f"{fieldname} [green]{escape(str(value))}[/] ← [yellow]{escape(d['rule'])}[/]{note}")
    if ex.dropped:
        left = root.add("[bold]left out[/]")
        for d in ex.dropped:
            left.add(f"{escape(str(d['text']))} ← [yellow]{escape(str(d['rule']))}[/]")
    return root


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
