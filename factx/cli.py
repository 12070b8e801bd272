"""The `factx` command: options → reader → pipeline → writer, and nothing else.

Data goes to stdout (or the -o file) only; progress and messages go to stderr, each
message one line. Exit status: 0 every input read, 1 some input could not be read (or
the output could not be finished, or factx itself failed), 2 a bad option or rule file,
130 interrupted. No traceback reaches the user unless `--debug` asks for it.
"""

from __future__ import annotations

import codecs
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import closing, contextmanager, nullcontext
from dataclasses import dataclass
from datetime import date as Date
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from . import batch
from .cli_texts import FactxCommand, FactxGroup, format_option
from .documents import NullWriter, Sinks, wants_dropped
from .errors import FactxError
from .output import COMPRESSIBLE, SUFFIX_FORMATS, OutputError, agree, open_output
from .reader import MB
from .rules import RuleSet, load_rules, rule_texts
from .store import Store
from .writers import Format, Writer, open_writer

EXAMPLES = """[bold]Examples[/bold]

\b
  factx extract issue.md
  factx extract archive/ -f jsonl
  factx extract issue.md -f csv > facts.csv
  factx extract archive/ -o facts.csv       # with a BOM, for Excel
  factx extract archive/ -o facts.xlsx      # records and documents sheets
  factx extract archive/ -o review.html     # to check the claims by eye
  factx extract archive/ --db facts.db      # SQLite; a rerun skips unchanged
  factx extract archive/ -f parquet -o facts/         # a Parquet dataset
  factx extract s3://news/ --scheduler tcp://h:8786   # on a Dask cluster
  cat issue.txt | factx extract - --date 2024-09-02 -f json"""

app = typer.Typer(
    name="factx",
    cls=FactxGroup,
    help="Turn Chinese economic news into data: every quantified claim as one traceable record.",
    epilog=EXAMPLES,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion (README: shell completion)
    pretty_exceptions_show_locals=False,  # locals would print whole documents
)


DEFAULT_MAX_SIZE = 20.0  # MB: far above any news item, far below what would exhaust memory


def _version(value: bool) -> None:
    if value:
        try:
            typer.echo(f"factx {version('factx')}")
        except PackageNotFoundError:
            typer.echo("factx (not installed)")
        raise typer.Exit()


@app.callback()
def main(
    show_version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """Turn Chinese economic news into data: every quantified claim as one traceable record."""


@app.command(cls=FactxCommand, epilog=EXAMPLES)
def extract(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH",
            help="Files, folders (read recursively: .md .markdown .txt .html .htm), globs, or - for stdin.",
            show_default=False,
        ),
    ],
    fmt: Annotated[
        Format | None,
        format_option(
            Format,
            "--format",
            "-f",
            metavar="FORMAT",
            help="table, json, jsonl, csv, xlsx (needs -o or a redirect), html (a review page) or parquet (a folder: "
            "-o DIR). \\[default: table on a terminal, else jsonl; with -o, from its extension]",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write to FILE, replaced only once all is done."),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            metavar="YYYY-MM-DD",
            help="Document date for 今年, 去年…; default: a date in each document's first ten lines.",
        ),
    ] = None,
    rules: Annotated[
        str | None,
        typer.Option(metavar="DIR", help="A folder of rule files laid over the built-in rules."),
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option(metavar="ENC", help="Decode every input as ENC (gbk, big5…) instead of detecting it."),
    ] = None,
    max_size: Annotated[
        float,
        typer.Option(
            "--max-size",
            metavar="MB",
            help="Refuse inputs larger than this many MB (of 2**20 bytes) before reading them; 0: no limit.",
        ),
    ] = DEFAULT_MAX_SIZE,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress and no notes on stderr; errors still show.")
    ] = False,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            metavar="FILE.db",
            help="Also keep the records in a SQLite store (--db facts.db): changed documents are replaced, "
            "unchanged ones left as they are. Alone, it writes nothing on stdout.",
        ),
    ] = None,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            min=0,
            metavar="N",
            help="Worker processes; output is the same for any number. 0: one per core.",
        ),
    ] = 0,
    budget: Annotated[
        float,
        typer.Option("--budget", metavar="SECONDS", help="Time one document may take before it is left out; 0: none."),
    ] = 60.0,
    max_member_size: Annotated[
        float,
        typer.Option("--max-member-size", metavar="MB", help="Largest archive member read, once uncompressed."),
    ] = 64.0,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            metavar="local|ADDRESS",
            help="Run on Dask (pip install 'factx\\[dask]'): a LocalCluster of --jobs worker processes, or the "
            "scheduler at ADDRESS (tcp://host:8786). Inputs may then be URLs (s3://…). Output as without it.",
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
) -> None:
    """Extract every quantified claim from news items: one record per claim.

    Archives (.zip, .tar, .tar.gz) are read member by member, never unpacked to disk; a
    record's doc is then `archive.zip:path/in/archive.md`."""
    # Plain lines: no markup, emoji codes or highlighting in file names; no wrapping inside a message.
    err = stderr_console()
    options = _Options(
        date,
        encoding,
        max_size,
        quiet=quiet,
        debug=debug,
        jobs=jobs or os.cpu_count() or 1,
        budget=budget,
        max_member_size=max_member_size,
        scheduler=scheduler,
    )
    try:
        failed = _extract(paths, fmt, output, rules, options, err=err, db=db)
    except FactxError as e:
        if debug:
            raise
        _say(err, str(e))
        raise typer.Exit(1 if isinstance(e, OutputError) else 2) from None
    except BrokenPipeError:
        _drop_stdout()  # the reader has gone (`| head`): stop quietly
        raise typer.Exit(0) from None
    except KeyboardInterrupt:
        _say(err, "interrupted" + (f"; nothing written to {output}" if output else ""))
        raise typer.Exit(130) from None
    except OSError as e:  # writing the records failed: a full disk, a stdout that went away
        if debug:
            raise
        _say(err, f"cannot go on: {_os_reason(e)}")
        raise typer.Exit(1) from None
    except Exception as e:  # a bug of ours: one line, not a traceback
        if debug:
            raise
        _say(err, f"internal error ({type(e).__name__}: {e}); --debug shows where")
        raise typer.Exit(1) from None
    raise typer.Exit(1 if failed else 0)


def stderr_console() -> Console:
    """Messages as plain lines: no markup, emoji codes or highlighting in file names; no wrapping."""
    return Console(stderr=True, markup=False, emoji=False, highlight=False, soft_wrap=True)


# Options shared by the commands (extract, eval, panel), declared once.
DateOption = Annotated[
    str | None,
    typer.Option(
        metavar="YYYY-MM-DD", help="Document date for 今年, 去年…; default: a date in each document's first lines."
    ),
]
RulesOption = Annotated[
    str | None, typer.Option(metavar="DIR", help="A folder of rule files laid over the built-in rules.")
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No notes on stderr; errors still show.")]
DebugOption = Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")]


@dataclass(frozen=True, slots=True)
class _Options:
    """How every input is read, and how much is said about it."""

    date: str | None
    encoding: str | None
    max_size: float  # MB; 0 for no limit
    quiet: bool = False
    debug: bool = False
    jobs: int = 1
    budget: float = 0.0  # seconds per document; 0 for no limit
    max_member_size: float = 64.0  # MB of an archive member once uncompressed
    scheduler: str | None = None  # Dask: "local" or a scheduler's address (factx.dask)


def _say(err: Console, message: str) -> None:
    """One line on stderr, whatever the message holds: line breaks and other control
    characters (from a file name, say) are shown escaped."""
    err.print("factx: " + _CONTROLS.sub(lambda m: repr(m[0])[1:-1], message))


_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _os_reason(e: OSError) -> str:
    reason = (e.strerror or str(e)).lower()
    return f"{reason} ({e.filename})" if e.filename else reason


def _extract(
    paths: list[str],
    fmt: Format | None,
    output: Path | None,
    rules_dir: str | None,
    options: _Options,
    *,
    err: Console,
    db: Path | None = None,
) -> bool:
    """Run the extraction; True when some input could not be read."""
    fmt, compressed = agree(fmt, output, list(Format), SUFFIX_FORMATS, COMPRESSIBLE)
    _check_options(options, output, fmt)
    quiet = options.quiet
    max_size = round(options.max_size * MB) or None
    rules = load_rules(Path(rules_dir) if rules_dir else None)  # a broken rule file stops the run first
    skipped: Counter[str] = Counter()
    problems: list[str] = []
    limits = batch.Limits(max_member_size=round(options.max_member_size * MB) or batch.MAX_MEMBER_SIZE)
    files = _inputs(paths, skipped, problems, limits, options.scheduler)
    store_only = db is not None and fmt is None and output is None
    fmt = fmt or (Format.table if sys.stdout.isatty() else Format.jsonl)
    if fmt == Format.xlsx:  # openpyxl is imported only when a workbook is asked for
        from .excel import terminal_refusal

        refusal = terminal_refusal(sys.stdout.isatty(), output is not None)
    else:
        refusal = None
    if refusal:
        raise FactxError(refusal)
    failed = False
    counts = Counter[str]()
    started = time.perf_counter()

    with (
        Store(db, rules_dir) if db else nullcontext() as store,
        _open_writer(output, fmt, store_only, compressed) as writer,
    ):
        sinks = Sinks(writer, store)
        opts = batch.Options(
            rules_dir, options.date, options.encoding, max_size, wants_dropped(writer), options.budget, options.debug
        )
        # Records streamed to the terminal the bar is drawn on would tear it: no bar then.
        shows_records = output is None and fmt != Format.table and sys.stdout.isatty()
        total = None if any(batch.is_archive(f.name) for f in files) else len(files)
        # stdin is read where the document is extracted: only this process has it
        jobs = 1 if "-" in paths else min(options.jobs, max(1, total or options.jobs))
        outcomes = _outcomes(files, opts, options, rules, jobs, (limits, skipped, problems))
        with _progress(err, total, quiet or shows_records) as progress, closing(outcomes):
            for out in outcomes:
                while problems:  # archive members skipped on the way: one line each
                    failed = True
                    _say(err, problems.pop(0))
                result = out.result
                if not quiet:
                    for message in out.notes:
                        _say(err, message)
                if result.error is not None:
                    failed = True
                    counts["failed"] += 1
                    if out.trace:
                        err.print(out.trace, end="")
                    _say(err, result.error)
                else:
                    counts["documents"] += 1
                    counts["records"] += len(result.facts)
                sinks.put(result)
                counts["bytes"] += out.size
                if progress:
                    task = progress.task_ids[0]
                    mb = counts["bytes"] / 1e6
                    rate = mb / max(time.perf_counter() - started, 1e-9)
                    progress.update(task, description=escape(result.name), records=counts["records"], mb=mb, rate=rate)
                    progress.advance(task)
        for message in problems:
            failed = True
            _say(err, message)
        writer.close()  # after the bar is gone: a table prints here
        if store is not None and not quiet:
            _say(err, store.summary())
    if skipped and not quiet:
        _say(err, _skipped_note(skipped))
    if not quiet and err.is_terminal and counts["documents"] + counts["failed"] > 1:  # for a person watching
        _say(
            err,
            f"{counts['documents']} documents, {counts['records']} records, {sum(skipped.values())} skipped, "
            f"{counts['failed']} failed, {time.perf_counter() - started:.1f} s",
        )
    return failed


def _inputs(
    paths: list[str], skipped: Counter[str], problems: list[str], limits: batch.Limits, scheduler: str | None
) -> list[batch.Source]:
    """The inputs listed (archives not opened yet); URLs only on Dask, whose workers read them."""
    if scheduler is not None:
        from . import dask

        dask.require()
        return list(dask.sources(paths, skipped, problems, limits))
    from .dask import is_url

    url = next((p for p in paths if is_url(p)), None)
    if url is not None:
        raise FactxError(f"{url}: a URL is read by Dask workers: add --scheduler local (or ADDRESS)")
    return list(batch.iter_sources(paths, skipped, problems, limits, expand_archives=False))


def _outcomes(
    files: list[batch.Source],
    opts: batch.Options,
    options: _Options,
    rules: RuleSet,
    jobs: int,
    listing: tuple[batch.Limits, Counter[str], list[str]],
) -> Iterator[batch.Outcome]:
    """Each document's outcome in input order: from worker processes here, or from a Dask cluster."""
    limits, skipped, problems = listing
    if options.scheduler is not None:
        from . import dask

        texts = rule_texts(Path(opts.rules_dir) if opts.rules_dir else None)
        return dask.run(
            files,
            opts,
            scheduler=options.scheduler,
            workers=options.jobs,
            texts=texts,
            limits=limits,
            skipped=skipped,
            problems=problems,
        )
    return batch.run(batch.expand_archives(files, skipped, problems, limits), opts, jobs=jobs, rules=rules)


def _check_options(options: _Options, output: Path | None, fmt: Format | None) -> None:
    date, encoding = options.date, options.encoding
    if date is not None and not _is_iso_date(date):
        raise FactxError(f"--date {date}: not a valid YYYY-MM-DD date")
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise FactxError(f"--encoding {encoding}: unknown encoding") from None
    if not (0 <= options.max_size < float("inf")):
        raise FactxError(f"--max-size {options.max_size:g}: not a size in MB (0 for no limit)")
    if output is not None and output.is_dir() and fmt != Format.parquet:  # a dataset folder is replaced whole
        raise FactxError(f"--output {output}: is a directory")


def _is_iso_date(text: str) -> bool:
    try:  # fromisoformat alone would also take 20231031
        return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", text)) and bool(Date.fromisoformat(text))
    except ValueError:
        return False


@contextmanager
def _open_writer(output: Path | None, fmt: Format, store_only: bool, compressed: bool) -> Iterator[Writer]:
    """The writer of `fmt` on its output: a stream (factx.output), or a Parquet dataset folder."""
    if fmt != Format.parquet:
        # a CSV file gets a BOM, for Excel; a table is for the terminal's own encoding
        with open_output(output, bom=fmt == Format.csv, compressed=compressed, utf8=fmt != Format.table) as stream:
            yield NullWriter() if store_only else open_writer(fmt, stream)
        return
    if output is None:
        raise FactxError("-f parquet writes a folder of files: name it with -o DIR")
    from . import parquet

    try:
        with parquet.dataset(output) as writer:
            yield writer
    except OSError as e:
        raise OutputError(f"{output}: {(e.strerror or str(e)).lower()}") from None


def _progress(err: Console, total: int | None, off: bool) -> Progress | nullcontext[None]:
    """A progress bar on stderr, for a person watching several documents go by: documents,
    MB read, records, rate and time left (no total, so no time left, while archives are being read)."""
    if off or (total is not None and total < 2) or not err.is_terminal:
        return nullcontext()
    # redirect_stdout=False: rich would otherwise route print()s on stdout into stderr.
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[mb]:.1f} MB · {task.fields[records]} records · {task.fields[rate]:.2f} MB/s"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err,
        redirect_stdout=False,
        transient=True,
    )
    progress.add_task("", total=total, records=0, mb=0.0, rate=0.0)
    return progress


def _skipped_note(skipped: Counter[str]) -> str:
    total = sum(skipped.values())
    kinds = ", ".join(f"{n} {ext or 'with no extension'}" for ext, n in skipped.most_common())
    return f"skipped {total} file{'s' if total != 1 else ''}: {kinds}"


def _drop_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's last flush does not complain again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (tests, closed stream)
        pass


# Commands kept in modules of their own register themselves on `app` when imported.
from . import cli_eval, cli_explain, cli_panel, cli_schema  # noqa: E402, F401
