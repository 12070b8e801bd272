"""The command line: data on stdout only, one line per problem on stderr, exit 0/1/2/130.

The pipeline and the rules are replaced by fakes, so these tests pin the CLI's contract
whatever the extraction finds.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import factx
import factx.batch
import factx.cli
from factx.cli import app
from factx.errors import FactxError, RuleError
from factx.models import FIELDS, Doc, Fact

runner = CliRunner()


def fake_extract(doc: Doc, rules: Any = None) -> list[Fact]:
    """Two records per document, built from its text so tests can tell documents apart."""
    value_text = "3.17万亿元"
    start = doc.text.find(value_text)
    common: dict[str, Any] = {
        "doc": doc.name,
        "region": "江苏",
        "region_code": "320000",
        "entity": None,
        "entity_code": None,
        "qualifier": "exact",
        "growth_unit": "%",
        "growth_basis": "yoy",
        "period": doc.date,
        "period_text": None,
        "kind": "actual",
        "sentence": doc.text.strip().splitlines()[-1],
    }
    return [
        Fact(
            **common,
            indicator="进出口总值",
            value=3.17e12,
            unit="元",
            value_text=value_text,
            growth=2.7,
            start=max(start, 0),
            end=max(start, 0) + len(value_text),
        ),
        Fact(**common, indicator="出口", value=None, unit=None, value_text=None, growth=-1.5, start=0, end=4),
    ]


@pytest.fixture(autouse=True)
def fakes(monkeypatch: pytest.MonkeyPatch) -> list[Path | None]:
    """Patch the pipeline and the rules; the list records each --rules folder asked for."""
    asked: list[Path | None] = []

    def fake_rules(extra: Path | None = None) -> object:
        asked.append(extra)
        if extra is not None and not extra.is_dir():
            raise RuleError(str(extra), "not a directory of rule files")
        return object()

    monkeypatch.setattr(factx.batch, "extract_doc", fake_extract)
    monkeypatch.setattr(factx.cli, "load_rules", fake_rules)
    monkeypatch.setattr(factx.batch, "load_rules", fake_rules)
    return asked


@pytest.fixture
def docs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    Path("a.md").write_text("# 标题\n2023年10月31日\n\n全省进出口总值3.17万亿元。\n", encoding="utf-8")
    Path("b.txt").write_bytes("江苏进出口3.17万亿元。\n".encode("gbk"))
    return tmp_path


def run(*args: str, input: str | bytes | None = None) -> Any:
    # one process: the stand-ins monkeypatched here do not reach worker processes
    return runner.invoke(app, ["extract", "-j", "1", *args], input=input)


def test_all_read_exit_0_data_on_stdout_only(docs: Path) -> None:
    result = run("a.md", "b.txt")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    rows = [json.loads(line) for line in result.stdout.splitlines()]  # a pipe gets jsonl
    assert [r["doc"] for r in rows] == ["a.md", "a.md", "b.txt", "b.txt"]
    assert rows[0]["period"] == "2023-10-31" and tuple(rows[0]) == FIELDS


def test_missing_input_is_named_and_the_rest_processed(docs: Path) -> None:
    result = run("missing.md", "a.md")
    assert result.exit_code == 1
    assert result.stderr == "factx: missing.md: no such file\n"
    assert [json.loads(line)["doc"] for line in result.stdout.splitlines()] == ["a.md", "a.md"]


def test_messages_are_plain_text(docs: Path) -> None:
    result = run("[bold]x:smile:.md")
    assert result.stderr == "factx: [bold]x:smile:.md: no file matches this pattern\n"


def test_unreadable_inputs_each_get_one_line(docs: Path) -> None:
    Path("empty.md").write_bytes(b"")
    Path("bin.txt").write_bytes(b"\x00\x01")
    Path("nothing").mkdir()
    result = run("empty.md", "bin.txt", "nothing", "a.md")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert [line.split(":")[1].strip() for line in lines] == ["empty.md", "bin.txt", "nothing"]
    assert all(line.startswith("factx: ") for line in lines)
    assert len(result.stdout.splitlines()) == 2


def test_bad_date_is_a_usage_error(docs: Path) -> None:
    for bad in ("2023-13-01", "2023/10/31", "20231031", "yesterday"):
        result = run("a.md", "--date", bad)
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr == f"factx: --date {bad}: not a valid YYYY-MM-DD date\n"


def test_date_option_sets_the_document_date(docs: Path) -> None:
    result = run("a.md", "--date", "2024-01-02")
    assert json.loads(result.stdout.splitlines()[0])["period"] == "2024-01-02"


def test_bad_rules_is_a_usage_error(docs: Path, fakes: list[Path | None]) -> None:
    result = run("a.md", "--rules", "no-such-dir")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "factx: no-such-dir: not a directory of rule files\n"
    Path("extra").mkdir()
    assert run("a.md", "b.txt", "--rules", "extra").exit_code == 0
    assert fakes[-1] == Path("extra")  # loaded once, for all documents
    assert fakes.count(Path("extra")) == 1


def test_bad_encoding_is_a_usage_error(docs: Path) -> None:
    result = run("a.md", "--encoding", "nope")
    assert (result.exit_code, result.stderr) == (2, "factx: --encoding nope: unknown encoding\n")


def test_forced_encoding(docs: Path) -> None:
    assert run("b.txt", "--encoding", "gbk").exit_code == 0
    result = run("b.txt", "--encoding", "utf-8")  # read as asked, every invalid byte replaced and said
    assert result.exit_code == 0 and "that many suggest it is not utf-8" in result.stderr


def test_stdin(docs: Path) -> None:
    result = run("-", input="江苏进出口3.17万亿元。\n".encode("gb18030"))
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows[0]["doc"] == "-" and rows[0]["sentence"] == "江苏进出口3.17万亿元。"


def test_json_jsonl_csv_carry_the_same_records(docs: Path) -> None:
    jsonl = [json.loads(line) for line in run("a.md", "b.txt", "-f", "jsonl").stdout.splitlines()]
    as_json = json.loads(run("a.md", "b.txt", "--format", "json").stdout)
    table = list(csv.DictReader(io.StringIO(run("a.md", "b.txt", "-f", "csv").stdout)))
    from_csv = [Fact.model_validate({k: v or None for k, v in row.items()}).model_dump() for row in table]
    assert len(jsonl) == 4
    assert jsonl == as_json == from_csv


def test_table_format(docs: Path) -> None:
    result = run("a.md", "-f", "table")
    assert result.exit_code == 0
    assert "进出口总值" in result.stdout and "3.17万亿元" in result.stdout


def test_unknown_format_is_a_usage_error(docs: Path) -> None:
    assert run("a.md", "-f", "xml").exit_code == 2


def test_output_file_replaced_at_the_end(docs: Path) -> None:
    Path("out.csv").write_text("old", encoding="utf-8")
    result = run("a.md", "b.txt", "-o", "out.csv")  # format from the name
    assert result.exit_code == 0 and result.stdout == ""
    assert Path("out.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # a BOM, for Excel
    rows = list(csv.reader(io.StringIO(Path("out.csv").read_text(encoding="utf-8-sig"))))
    assert tuple(rows[0]) == FIELDS and len(rows) == 5
    assert sorted(p.name for p in docs.iterdir()) == ["a.md", "b.txt", "out.csv"]  # no temporary left


def test_output_in_a_missing_folder(docs: Path) -> None:
    result = run("a.md", "-o", "no/such/out.jsonl")
    assert result.exit_code == 2
    assert result.stderr.startswith("factx: --output no/such/out.jsonl: ")


def test_skipped_files_noted_once_at_the_end(docs: Path) -> None:
    Path("arch").mkdir()
    for name in ("x.md", "y.pdf", "z.pdf", "w.png"):
        Path("arch", name).write_text("江苏进出口3.17万亿元。", encoding="utf-8")
    result = run("arch")
    assert result.exit_code == 0
    assert result.stderr == "factx: skipped 3 files: 2 .pdf, 1 .png\n"
    assert run("arch", "--quiet").stderr == ""


def test_a_document_error_does_not_stop_the_rest(docs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def flaky(doc: Doc, rules: Any = None) -> list[Fact]:
        if doc.name == "a.md":
            raise FactxError("a.md: cannot segment")
        return fake_extract(doc, rules)

    monkeypatch.setattr(factx.batch, "extract_doc", flaky)
    result = run("a.md", "b.txt")
    assert result.exit_code == 1
    assert result.stderr == "factx: a.md: cannot segment\n"
    assert {json.loads(line)["doc"] for line in result.stdout.splitlines()} == {"b.txt"}


def test_debug_shows_the_traceback(docs: Path) -> None:
    assert "Traceback" not in run("missing.md").stderr
    assert "Traceback" in run("missing.md", "--debug").stderr


def test_interrupt_exits_130_and_leaves_no_file(docs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(doc: Doc, rules: Any = None) -> list[Fact]:
        raise KeyboardInterrupt

    monkeypatch.setattr(factx.batch, "extract_doc", interrupted)
    result = run("a.md", "-o", "out.jsonl")
    assert result.exit_code == 130
    assert result.stderr == "factx: interrupted; nothing written to out.jsonl\n"
    assert sorted(p.name for p in docs.iterdir()) == ["a.md", "b.txt"]


def test_closed_pipe_ends_quietly(docs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class Closed:  # the reader of stdout has gone: writing the records fails
        def add(self, facts: Any) -> None:
            raise BrokenPipeError

        def close(self) -> None:
            raise BrokenPipeError

    monkeypatch.setattr(factx.cli, "open_writer", lambda fmt, stream: Closed())
    result = run("a.md")
    assert (result.exit_code, result.stderr) == (0, "")


def test_help_shows_examples() -> None:
    for args in (["--help"], ["extract", "--help"], ["extract", "-h"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0
        for example in ("factx extract issue.md", "factx extract archive/ -f jsonl", "-f csv > facts.csv"):
            assert example in result.stdout


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("factx ")


def test_python_dash_m() -> None:
    done = subprocess.run([sys.executable, "-m", "factx", "--version"], capture_output=True, text=True, check=False)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("factx ")


def test_max_size(docs: Path) -> None:
    Path("big.md").write_bytes("江苏进出口3.17万亿元。\n".encode() * 40_000)  # 1.2 MB
    result = run("big.md", "a.md", "--max-size", "1")
    assert result.exit_code == 1
    assert result.stderr == "factx: big.md: 1.2 MB is over --max-size 1 MB\n"
    assert [json.loads(line)["doc"] for line in result.stdout.splitlines()] == ["a.md", "a.md"]
    assert run("big.md", "--max-size", "0").exit_code == 0  # no limit
    assert run("big.md").exit_code == 0  # the default is 20 MB
    for bad in ("-1", "nan", "inf"):
        result = run("a.md", "--max-size", bad)
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr.startswith(f"factx: --max-size {bad}: not a size in MB")
    assert run("a.md", "--max-size", "ten").exit_code == 2


def test_bytes_replaced_are_a_note_not_an_error(docs: Path) -> None:
    text = "全省进出口总值3.17万亿元。\n" * 5
    Path("bad.md").write_bytes(text.encode()[:21] + b"\xff" + text.encode()[21:])  # after 全省进出口总值
    result = run("bad.md")
    assert result.exit_code == 0
    assert result.stderr == "factx: bad.md: invalid UTF-8 at byte 21; decoded with 1 invalid byte replaced by U+FFFD\n"
    assert len(result.stdout.splitlines()) == 2
    assert run("bad.md", "--quiet").stderr == ""


def test_a_message_is_one_line_whatever_the_name(docs: Path) -> None:
    result = run("new\nline\x1b\u2028.md")
    assert result.stderr == "factx: new\\nline\\x1b\\u2028.md: no such file\n"


def test_a_failure_outside_any_input_is_one_line(docs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(extra: Path | None = None) -> object:
        raise RuntimeError("boom")

    monkeypatch.setattr(factx.cli, "load_rules", broken)
    result = run("a.md")
    assert result.exit_code == 1
    assert result.stderr == "factx: internal error (RuntimeError: boom); --debug shows where\n"
    assert isinstance(run("a.md", "--debug").exception, RuntimeError)  # the traceback, for --debug


def test_output_that_cannot_be_written_ends_the_run(docs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class Full:
        def add(self, facts: Any) -> None:
            raise OSError(28, "No space left on device")

        def close(self) -> None:
            pass

    monkeypatch.setattr(factx.cli, "open_writer", lambda fmt, stream: Full())
    result = run("a.md", "b.txt")
    assert result.exit_code == 1
    assert result.stderr == "factx: cannot go on: no space left on device\n"


# --- real processes: a signal and a pipe closed early --------------------------------------------------

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "stats-bulletin.md"


def factx_command() -> list[str]:
    return [sys.executable, "-m", "factx"]


def test_ctrl_c_exits_130_quietly(tmp_path: Path) -> None:
    shutil.copy(SAMPLE, tmp_path / "a.md")
    # a.md is extracted and flushed, then factx waits on stdin: the interrupt comes mid-run.
    proc = subprocess.Popen(
        [*factx_command(), "extract", "a.md", "-", "-f", "jsonl"],
        cwd=tmp_path,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    # every record of a.md is read before the interrupt, so none can be cut mid-line by it
    expected = len(factx.extract(SAMPLE.read_text(encoding="utf-8"), doc="a.md"))
    lines = [proc.stdout.readline() for _ in range(expected)]
    proc.send_signal(signal.SIGINT)
    rest, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert err.decode() == "factx: interrupted\n"
    assert [json.loads(line)["doc"] for line in lines] == ["a.md"] * expected and rest == b""


def test_head_closing_the_pipe_ends_quietly(tmp_path: Path) -> None:
    for n in range(12):  # over 64 KB of records: factx is still writing when head has gone
        shutil.copy(SAMPLE, tmp_path / f"s{n:02}.md")
    factx = subprocess.Popen(
        [*factx_command(), "extract", ".", "-f", "jsonl"], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    head = subprocess.run(["head", "-1"], stdin=factx.stdout, capture_output=True, check=True)
    assert factx.stdout is not None
    factx.stdout.close()
    _, err = factx.communicate(timeout=120)
    assert (factx.returncode, err) == (0, b"")
    assert json.loads(head.stdout)["doc"] == "s00.md"
