"""Whatever a user throws at `factx extract`: one line on stderr per bad input, naming it and
what is wrong; every good input still read and its records written in full; exit status 1
when something could not be read, else 0; never a traceback.

Each bad input is built in tmp_path and run together with a good sample (a copy of
samples/stats-bulletin.md). The real pipeline runs: the good sample's records must be
exactly those of a run on the good sample alone.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import factx.reader
from factx.cli import app
from factx.reader import MB

runner = CliRunner()
SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "stats-bulletin.md"
GOOD = "stats-bulletin.md"
RNG = random.Random(7)


def run(*args: str) -> Any:
    # one process: the stand-ins monkeypatched here do not reach worker processes
    return runner.invoke(app, ["extract", "-j", "1", *args, "-f", "jsonl"])


def records(result: Any, doc: str | None = None) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    return [r for r in rows if doc is None or r["doc"] == doc]


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copy(SAMPLE, GOOD)
    return tmp_path


@pytest.fixture
def alone(here: Path) -> list[dict[str, Any]]:
    """The good sample's records from a run on it alone."""
    result = run(GOOD)
    assert (result.exit_code, result.stderr) == (0, "")
    assert len(records(result)) > 10
    return records(result)


# --- the bad inputs: each builder makes one in the current folder and returns its name ---------------


def missing() -> str:
    return "missing.md"


def empty_folder() -> str:
    Path("empty").mkdir()
    return "empty"


def empty_file() -> str:
    Path("empty.md").write_bytes(b"")
    return "empty.md"


def binary_file() -> str:
    Path("chart.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    return "chart.txt"


def random_bytes() -> str:
    Path("noise.txt").write_bytes(bytes(RNG.randrange(1, 256) for _ in range(4000)))  # no NUL to give it away
    return "noise.txt"


def rare_gb18030() -> str:
    """Two-byte GB18030 characters from GBK/4: valid, but rare hanzi nobody writes news in."""
    trails = [b for b in range(0x40, 0xA1) if b != 0x7F]
    data = b"".join(bytes((RNG.randrange(0xAA, 0xFF), RNG.choice(trails))) for _ in range(2000))
    Path("rare.txt").write_bytes(data)
    return "rare.txt"


def latin1_binary() -> str:
    Path("blob.md").write_bytes(bytes(RNG.randrange(0x80, 0x100) for _ in range(4000)))
    return "blob.md"


def too_big() -> str:
    with open("big.txt", "wb") as f:  # 50 MB on one line
        for _ in range(50):
            f.write(b"a" * MB)
    return "big.txt"


def broken_link() -> str:
    Path("gone.md").symlink_to("nowhere.md")
    return "gone.md"


CASES: dict[str, tuple[Callable[[], str], str]] = {
    "missing": (missing, "factx: missing.md: no such file"),
    "empty-folder": (empty_folder, "factx: empty: a directory with no .md, .markdown, .txt, .html or .htm files"),
    "empty-file": (empty_file, "factx: empty.md: empty file"),
    "binary": (binary_file, "factx: chart.txt: binary file (contains NUL bytes)"),
    "random-bytes": (
        random_bytes,
        "factx: noise.txt: not a text file, or in an encoding factx cannot tell (--encoding names it)",
    ),
    "rare-gb18030": (
        rare_gb18030,
        r"factx: rare.txt: does not look like text: read as GB18030, \d+% of its characters are common Chinese, "
        r"ASCII or punctuation \(80% needed\); --encoding reads it anyway",
    ),
    "latin1-binary": (latin1_binary, r"factx: blob.md: does not look like text: read as [\w-]+, \d+% of its .*"),
    "50-MB-line": (too_big, "factx: big.txt: 50.0 MB is over --max-size 20 MB"),
    "broken-link": (broken_link, r"factx: gone.md: broken symbolic link \(to nowhere.md\)"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_input_gets_one_line_and_the_good_one_is_read_in_full(
    case: str, here: Path, alone: list[dict[str, Any]]
) -> None:
    build, line = CASES[case]
    bad = build()
    for args in ((bad, GOOD), (GOOD, bad)):  # whether it comes first or last
        result = run(*args)
        assert result.exit_code == 1
        assert len(result.stderr.splitlines()) == 1
        assert re.fullmatch(re.escape(line) if "\\" not in line else line, result.stderr.rstrip("\n"))
        assert "Traceback" not in result.output
        assert records(result) == alone  # nothing of the good sample lost, nothing from the bad one


def test_every_bad_input_at_once(here: Path, alone: list[dict[str, Any]]) -> None:
    bad = [build() for build, _ in CASES.values()]
    result = run(*bad[:4], GOOD, *bad[4:])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert [line.split(":")[1].strip() for line in lines] == bad  # one line each, in order
    assert records(result) == alone


def test_no_read_permission(here: Path, alone: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests may run as root, which reads a chmod 000 file anyway: the open itself is made to refuse.
    Path("locked.md").write_bytes(SAMPLE.read_bytes())
    real_open = open

    def guarded(path: Any, *args: Any, **kwargs: Any) -> Any:
        if Path(path).name == "locked.md":
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(factx.reader, "open", guarded, raising=False)
    result = run("locked.md", GOOD)
    assert (result.exit_code, result.stderr) == (1, "factx: locked.md: permission denied\n")
    assert records(result) == alone


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads a chmod 000 file")
def test_no_read_permission_for_real(here: Path, alone: list[dict[str, Any]]) -> None:
    Path("locked.md").write_bytes(SAMPLE.read_bytes())
    Path("locked.md").chmod(0)
    result = run("locked.md", GOOD)
    assert (result.exit_code, result.stderr) == (1, "factx: locked.md: permission denied\n")
    assert records(result) == alone


def test_invalid_bytes_in_the_middle_are_replaced_and_said(here: Path, alone: list[dict[str, Any]]) -> None:
    data = SAMPLE.read_bytes()
    cut = data.index("。\n".encode(), len(data) // 2) + len("。".encode())  # after a sentence, mid-file
    Path("damaged.md").write_bytes(data[:cut] + b"\xff\xfe\x80" + data[cut:])
    result = run("damaged.md", GOOD)
    assert result.exit_code == 0  # read: a note, not an error
    assert result.stderr == (
        f"factx: damaged.md: invalid UTF-8 at byte {cut}; decoded with 3 invalid bytes replaced by U+FFFD\n"
    )
    assert records(result, GOOD) == alone
    # The damaged copy gives the same claims; offsets after the three U+FFFD move by three.
    at = len(data[:cut].decode())
    moved = [3 if r["start"] >= at else 0 for r in alone]
    assert any(moved) and not all(moved)  # claims on both sides of the damage
    pairs = zip(alone, moved, strict=True)
    shifted = [{**r, "doc": "damaged.md", "start": r["start"] + m, "end": r["end"] + m} for r, m in pairs]
    assert records(result, "damaged.md") == shifted


@pytest.mark.parametrize("encoding", [[], ["--encoding", "utf-8"]], ids=["detected", "forced"])
def test_a_short_damaged_file_gives_its_records_and_one_note(here: Path, encoding: list[str]) -> None:
    head, tail = "江苏省5G基站达23.7万个，".encode(), "其中城市18.1万个。".encode()
    Path("short.md").write_bytes(head + b"\xff\xfe\x80" + tail)
    Path("clean.md").write_bytes(head + tail)
    result = run("short.md", *encoding)
    assert result.exit_code == 0
    assert result.stderr == (
        f"factx: short.md: invalid UTF-8 at byte {len(head)}; decoded with 3 invalid bytes replaced by U+FFFD\n"
    )
    got = [(r["indicator"], r["value_text"]) for r in records(result)]
    assert got == [(r["indicator"], r["value_text"]) for r in records(run("clean.md"))]
    assert got == [("5G基站", "23.7万个"), ("城市", "18.1万个")]


def test_a_long_line_under_the_limit_is_read(here: Path, alone: list[dict[str, Any]]) -> None:
    claim = "全省进出口总值3.17万亿元，同比增长2.7%。"
    Path("long.txt").write_text("数据" * 170_000 + "。" + claim, encoding="utf-8")  # 1 MB, one line
    result = run("long.txt", GOOD)
    assert (result.exit_code, result.stderr) == (0, "")
    found = records(result, "long.txt")
    assert [(r["value_text"], r["growth"]) for r in found] == [("3.17万亿元", 2.7)]
    assert records(result, GOOD) == alone


def test_max_size_can_be_raised_or_lifted(here: Path) -> None:
    Path("big.txt").write_bytes(("数据" * 100 + "\n").encode() * 2000)  # 1.2 MB
    assert run("big.txt", "--max-size", "1").stderr == "factx: big.txt: 1.1 MB is over --max-size 1 MB\n"
    assert run("big.txt", "--max-size", "1.5").exit_code == 0
    assert run("big.txt", "--max-size", "0").exit_code == 0


def test_unknown_extensions_in_a_folder_are_counted(here: Path, alone: list[dict[str, Any]]) -> None:
    Path("news").mkdir()
    shutil.copy(SAMPLE, "news/a.md")
    for name in ("scan.pdf", "report.pdf", "chart.png"):
        Path("news", name).write_bytes(b"%PDF")
    result = run("news", GOOD)
    assert (result.exit_code, result.stderr) == (0, "factx: skipped 3 files: 2 .pdf, 1 .png\n")
    assert records(result, GOOD) == alone
    assert records(result, os.path.join("news", "a.md")) == [{**r, "doc": os.path.join("news", "a.md")} for r in alone]


def test_a_folder_with_only_unknown_files(here: Path, alone: list[dict[str, Any]]) -> None:
    Path("scans").mkdir()
    Path("scans", "a.pdf").write_bytes(b"%PDF")
    result = run("scans", GOOD)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "factx: scans: a directory with no .md, .markdown, .txt, .html or .htm files",
        "factx: skipped 1 file: 1 .pdf",
    ]
    assert records(result) == alone


def test_empty_stdin(here: Path, alone: list[dict[str, Any]]) -> None:
    result = runner.invoke(app, ["extract", "-", GOOD, "-f", "jsonl"], input=b"")
    assert (result.exit_code, result.stderr) == (1, "factx: -: empty input\n")
    assert records(result) == alone


def test_html_page_offsets_index_its_text(here: Path) -> None:
    body = SAMPLE.read_text(encoding="utf-8").replace("\n\n", "</p><p>")
    page = f"<html><head><style>p{{}}</style><script>var x='9亿元';</script></head><body><p>{body}</p></body></html>"
    Path("page.html").write_text(page, encoding="gb18030")
    result = run("page.html")
    assert (result.exit_code, result.stderr) == (0, "")
    text = factx.reader.read_path("page.html").text
    found = records(result)
    assert found and all(text[r["start"] : r["end"]] == r["value_text"] for r in found if r["value_text"])
    assert "9亿元" not in [r["value_text"] for r in found]
