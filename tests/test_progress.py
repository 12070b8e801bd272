"""The progress bar and the summary line: on stderr, for a person at a terminal, never on stdout."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

import factx.cli as cli
from factx.cli import app

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
runner = CliRunner()


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    """stderr as a terminal 200 columns wide, captured."""
    buf = io.StringIO()

    def console() -> Console:
        return Console(file=buf, force_terminal=True, width=200, markup=False, emoji=False, highlight=False)

    monkeypatch.setattr(cli, "stderr_console", console)
    return buf


def test_a_terminal_sees_the_bar_and_the_summary_and_stdout_only_records(terminal: io.StringIO) -> None:
    result = runner.invoke(app, ["extract", str(SAMPLES), "-f", "jsonl", "-j", "1"])
    assert result.exit_code == 0, result.output
    shown = terminal.getvalue()
    assert " MB · " in shown and " records · " in shown and "MB/s" in shown  # the bar's fields
    lines = result.stdout.splitlines()
    assert lines and all(json.loads(line)["doc"] for line in lines)  # nothing of the bar on stdout
    documents = len(list(SAMPLES.glob("*.md")))
    skipped = len([p for p in SAMPLES.iterdir() if p.suffix not in (".md", ".txt", ".html")])
    assert f"{documents} documents, {len(lines)} records, {skipped} skipped, 0 failed, " in shown


def test_quiet_silences_the_bar_and_the_summary(terminal: io.StringIO) -> None:
    result = runner.invoke(app, ["extract", str(SAMPLES), "-f", "jsonl", "-j", "1", "-q"])
    assert result.exit_code == 0
    assert terminal.getvalue() == ""


def test_one_document_gets_no_bar(terminal: io.StringIO) -> None:
    one = sorted(SAMPLES.glob("*.md"))[0]
    result = runner.invoke(app, ["extract", str(one), "-f", "jsonl"])
    assert result.exit_code == 0
    assert "MB/s" not in terminal.getvalue()
