"""`factx explain`: which rule entry decided each field of each record, and which numbers were
left out and why. It runs the same pipeline as `extract`, asking it to write down its decisions."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.tree import Tree

from .cli import app
from .errors import FactxError
from .models import Doc
from .pipeline import Explanation, extract_doc
from .reader import find_doc_date, read_path
from .rules import load_rules


class ExplainFormat(StrEnum):
    tree = "tree"
    json = "json"


@app.command(
    "explain",
    epilog="Examples:\n\n  factx explain issue.md\n\n"
    "  factx explain '今年前三季度，上海市进出口总值达3.17万亿元，同比增长2.7%。' --date 2023-10-31\n\n"
    "  factx explain issue.md -f json > why.json",
)
def explain(
    source: Annotated[str, typer.Argument(help="A file to read, or the text itself.", show_default=False)],
    fmt: Annotated[ExplainFormat, typer.Option("-f", "--format", help="tree on a terminal, or json.")] = (
        ExplainFormat.tree
    ),
    date: Annotated[str | None, typer.Option("--date", help="Document date YYYY-MM-DD.")] = None,
    rules_dir: Annotated[
        Path | None, typer.Option("--rules", help="A folder of rule files laid over the shipped ones.")
    ] = None,
) -> None:
    """Show, for every record, the rule entry behind each field — and the numbers left out."""
    err = Console(stderr=True)
    try:
        rules = load_rules(rules_dir)
        if len(source) < 1024 and Path(source).is_file():
            doc = read_path(source, date=date)
        else:
            doc = Doc("-", source, date or find_doc_date(source))
        ex = Explanation()
        extract_doc(doc, rules, ex)
    except FactxError as e:
        err.print(f"factx: {escape(str(e))}", markup=True)
        raise typer.Exit(2) from None
    if fmt is ExplainFormat.json:
        out = {
            "doc": doc.name,
            "records": [{"record": f.model_dump(), "why": why} for f, why in ex.records],
            "dropped": ex.dropped,
        }
        typer.echo(json.dumps(out, ensure_ascii=False, indent=1))
        return
    Console().print(_tree(doc.name, ex))


def _tree(name: str, ex: Explanation) -> Tree:
    root = Tree(f"[bold]{escape(name)}[/]: {len(ex.records)} records, {len(ex.dropped)} numbers left out")
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
