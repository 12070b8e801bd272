"""`factx panel`: records from stores, JSONL files or documents → one consolidated panel.

Registered on the `factx` app by importing this module. Building the panel is
`factx.panel`; this module reads the sources and options and writes the panel as a
table, CSV, an Excel workbook or JSON.

Exit status: 0 it ran (conflicts are flagged in the output, not in the status); 1 a
source could not be read (it is named; the rest is used) or the output could not be
written; 2 a bad option or rule file; 130 interrupted.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .cells import csv_text
from .cli import DateOption, DebugOption, QuietOption, RulesOption, app, stderr_console
from .cli_texts import FactxCommand, format_option
from .errors import FactxError
from .output import agree
from .panel import ROW_KEYS, Panel, build, compact, conflict_rows, to_json
from .pipeline import extract_doc
from .reader import iter_inputs, read_path
from .rules import load_rules
from .store import read_facts
from .writers import record

EXAMPLES = """[bold]Examples[/bold]

\b
  factx panel facts.db                      # a store from `extract --db`
  factx panel facts.jsonl --region 上海 --since 2023-01
  factx panel news/ --indicator 进出口 -o trade.csv
  factx panel facts.db --until 2023-12 -o panel.xlsx
  factx panel a.jsonl b.jsonl -f json > panel.json"""

STORE_SUFFIXES = (".db", ".sqlite", ".sqlite3")
RECORD_SUFFIXES = (".jsonl", ".ndjson", ".json")


class PanelFormat(StrEnum):
    table = "table"
    csv = "csv"
    xlsx = "xlsx"
    json = "json"


_SUFFIX_FORMATS = {".csv": PanelFormat.csv, ".xlsx": PanelFormat.xlsx, ".json": PanelFormat.json}


class _OutputError(FactxError):
    """The output file could not be written."""


@app.command("panel", cls=FactxCommand, epilog=EXAMPLES)
def panel_command(
    sources: Annotated[
        list[str],
        typer.Argument(
            metavar="SOURCE",
            help="A store (.db), record files (.jsonl, .json) or documents (files, folders, globs) to extract.",
            show_default=False,
        ),
    ],
    fmt: Annotated[
        PanelFormat | None,
        format_option(
            PanelFormat,
            "--format",
            "-f",
            help="Output format. \\[default: table on a terminal, else csv; with -o, from its extension]",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write to FILE (e.g. -o panel.xlsx), replaced at the end."),
    ] = None,
    region: Annotated[
        str | None,
        typer.Option(metavar="R", help="Only this region, by name or code (--region 上海, --region 310000)."),
    ] = None,
    indicator: Annotated[
        str | None,
        typer.Option(metavar="SUBSTR", help="Only indicators containing SUBSTR (--indicator 进出口)."),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(metavar="P", help="Only periods starting on or after P (--since 2023, --since 2023-07)."),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(metavar="P", help="Only periods ending on or before P (--until 2023-12-31)."),
    ] = None,
    date: DateOption = None,
    rules: RulesOption = None,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """One row per region, entity, indicator, unit, kind; one column per period. Repeats merge; conflicts flagged."""
    err = stderr_console()
    try:
        failed = _run(sources, fmt, output, region, indicator, since, until, date, rules, quiet=quiet, err=err)
    except FactxError as e:
        if debug:
            raise
        err.print(f"factx: {e}")
        raise typer.Exit(1 if isinstance(e, _OutputError) else 2) from None
    except BrokenPipeError:
        raise typer.Exit(0) from None
    except KeyboardInterrupt:
        raise typer.Exit(130) from None
    raise typer.Exit(1 if failed else 0)


def _run(
    sources: list[str],
    fmt: PanelFormat | None,
    output: Path | None,
    region: str | None,
    indicator: str | None,
    since: str | None,
    until: str | None,
    date: str | None,
    rules_dir: str | None,
    *,
    quiet: bool,
    err: Console,
) -> bool:
    fmt = agree(fmt, output, list(PanelFormat), _SUFFIX_FORMATS)[0] or _default_format()
    if fmt == PanelFormat.xlsx and output is None and sys.stdout.isatty():
        raise FactxError("xlsx is a binary workbook and would garble a terminal: write it with -o FILE.xlsx")
    if output is not None and output.is_dir():
        raise FactxError(f"--output {output}: is a directory")
    records, failed = read_sources(sources, date, rules_dir, err)
    filters = {"region": region, "indicator": indicator, "since": since, "until": until}
    panel = build(records, **filters)
    if not panel.rows:  # said even with -q: an empty output would otherwise say nothing
        err.print(f"factx: the panel is empty: {why_empty(records, filters)}")
    if not quiet:
        if panel.unplaced:
            err.print(f"factx: note: {panel.unplaced} record(s) with no period are not in the panel")
        if panel.conflicts:
            err.print(f"factx: note: {len(panel.conflicts)} cell(s) with conflicting values, flagged and listed")
    with _open_output(output, binary=fmt == PanelFormat.xlsx) as stream:
        WRITERS[fmt](panel, stream)
    return failed


def why_empty(records: list[dict[str, Any]], filters: dict[str, str | None]) -> str:
    """Why no row is left: no records, a filter that matches none of them (with what they hold), the
    filters together, or no record with a period."""
    if not records:
        return "the sources hold no records"
    given = {k: v for k, v in filters.items() if v is not None}
    for name, value in given.items():
        if not build(records, **{name: value}).rows:
            return f"--{name} {value} matches none of the {len(records)} records; {_what_they_hold(records, name)}"
    if len(given) > 1:
        shown = " ".join(f"--{k} {v}" for k, v in given.items())
        return f"no record passes {shown} together (each alone leaves some)"
    return f"none of the {len(records)} records has a period, so none has a column"


def _what_they_hold(records: list[dict[str, Any]], name: str) -> str:
    if name in ("since", "until"):
        periods = sorted(p for p in {r.get("period") for r in records} if p)
        return f"their periods run from {periods[0]} to {periods[-1]}" if periods else "none has a period"
    values = Counter(r.get(name) for r in records if r.get(name))
    if not values:
        return f"none has a {name}"
    common = [v for v, _ in values.most_common(8)]
    more = f" and {len(values) - len(common)} more" if len(values) > len(common) else ""
    return f"their {name}s: {', '.join(common)}{more}"


def _default_format() -> PanelFormat:
    return PanelFormat.table if sys.stdout.isatty() else PanelFormat.csv


# --- sources ---------------------------------------------------------------------------------


def read_sources(
    sources: list[str], date: str | None, rules_dir: str | None, err: Console
) -> tuple[list[dict[str, Any]], bool]:
    """Records of every source: stores and record files as they are, documents extracted now."""
    records: list[dict[str, Any]] = []
    failed = False
    documents: list[str] = []
    for src in sources:
        lower = src.lower()
        try:
            if lower.endswith(STORE_SUFFIXES):
                records += read_facts(src)
            elif lower.endswith(RECORD_SUFFIXES) and src != "-":
                records += read_records(src)
            else:
                documents.append(src)
        except FactxError as e:
            failed = True
            err.print(f"factx: {e}")
    if documents:
        rules = load_rules(Path(rules_dir) if rules_dir else None)
        skipped: Counter[str] = Counter()
        for name, _ in iter_inputs(documents, skipped):
            try:
                records += [record(f) for f in extract_doc(read_path(name, date=date), rules)]
            except FactxError as e:
                failed = True
                err.print(f"factx: {e}")
    return records, failed


def read_records(path: str) -> list[dict[str, Any]]:
    """Records from JSON Lines (one object a line) or a JSON array, as `factx extract` writes them."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise FactxError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise FactxError(f"{path}: {e}") from None
    if text.lstrip().startswith("["):
        try:
            rows = json.loads(text)
        except json.JSONDecodeError as e:
            raise FactxError(f"{path}: not a JSON array of records ({e})") from None
        return [r for r in rows if isinstance(r, dict)]
    out = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            raise FactxError(f"{path}:{n}: not a JSON object") from None
        if isinstance(row, dict):
            out.append(row)
    return out


# --- output ----------------------------------------------------------------------------------


@contextmanager
def _open_output(output: Path | None, *, binary: bool) -> Iterator[IO[Any]]:
    """stdout, or a temporary file renamed over `output` once written whole."""
    if output is None:
        if binary:
            yield sys.stdout.buffer
            sys.stdout.buffer.flush()
        else:
            out = sys.stdout
            if isinstance(out, io.TextIOWrapper) and out.encoding.lower() not in ("utf-8", "utf8"):
                out.reconfigure(encoding="utf-8")
            yield out
            out.flush()
        return
    try:
        fd, tmp = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.", suffix=".tmp")
    except OSError as e:
        raise FactxError(f"--output {output}: {(e.strerror or str(e)).lower()}") from None
    try:
        # A CSV file gets a BOM so that Excel opens it with the Chinese intact.
        encoding = "utf-8-sig" if output.suffix.lower() == ".csv" else "utf-8"
        with open(fd, "wb") if binary else open(fd, "w", encoding=encoding, newline="") as handle:
            yield handle
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, output.stat().st_mode & 0o777 if output.exists() else 0o666 & ~umask)
        os.replace(tmp, output)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise _OutputError(f"{output}: {(e.strerror or str(e)).lower()}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _header(panel: Panel) -> list[str]:
    return [*ROW_KEYS, *panel.periods]


def write_csv(panel: Panel, stream: IO[str]) -> None:
    """Numbers in cells; a conflicting cell holds `conflict: a | b` (text, never a picked number)."""
    out = csv.writer(stream, lineterminator="\n")
    out.writerow(_header(panel))
    for row in panel.rows:
        cells: list[Any] = [csv_text(str(v)) if isinstance(v, str) else ("" if v is None else v) for v in row.key]
        for p in panel.periods:
            cell = row.cells.get(p)
            if cell is None:
                cells.append("")
            elif cell.conflict:
                cells.append("conflict: " + " | ".join(_plain(v) for v in cell.values))
            else:
                cells.append(_plain(cell.value))
        out.writerow(cells)


def _plain(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)


def write_json(panel: Panel, stream: IO[str]) -> None:
    stream.write(json.dumps(to_json(panel), ensure_ascii=False, indent=1) + "\n")


def write_table(panel: Panel, stream: IO[str]) -> None:
    if not panel.rows:  # an empty table frame says nothing; the note on stderr says why
        return
    console = Console(file=stream, highlight=False, markup=False, emoji=False)
    if not console.is_terminal:
        console.width = 100_000
    table = Table(*_header(panel), header_style="bold", title="Panel (×n: n sources agree; ⚠: conflicting values)")
    for column in table.columns:
        column.overflow = "fold"
    for column in table.columns[len(ROW_KEYS) :]:
        column.justify = "right"
    for row in panel.rows:
        unit = row.as_dict()["unit"]
        cells = [Text("" if v is None else str(v)) for v in row.key]
        for p in panel.periods:
            cell = row.cells.get(p)
            if cell is None:
                cells.append(Text(""))
            elif cell.conflict:
                cells.append(Text("⚠ " + " | ".join(compact(v, unit) for v in cell.values), style="bold red"))
            else:
                assert cell.value is not None
                shown = compact(cell.value, unit) + (f" ×{cell.sources}" if cell.sources > 1 else "")
                cells.append(Text(shown))
        table.add_row(*cells)
    console.print(table)
    conflicts = conflict_rows(panel)
    if conflicts:
        ct = Table(
            "region", "entity", "indicator", "unit", "kind", "period", "value", "doc", "sentence",
            title="Conflicts: each value with its document and sentence", header_style="bold",
        )  # fmt: skip
        for c in conflicts:
            ct.add_row(
                *(
                    Text("" if c[k] is None else str(c[k]))
                    for k in (
                        "region",
                        "entity",
                        "indicator",
                        "unit",
                        "kind",
                        "period",
                        "value_text",
                        "doc",
                        "sentence",
                    )
                )
            )
        console.print(ct)


def write_xlsx(panel: Panel, stream: IO[bytes]) -> None:
    from .excel import write_panel

    write_panel(panel, stream)


WRITERS = {
    PanelFormat.table: write_table,
    PanelFormat.csv: write_csv,
    PanelFormat.json: write_json,
    PanelFormat.xlsx: write_xlsx,
}
