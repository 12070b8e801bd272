"""Batch runs: many inputs (files, directories, globs, archives) through worker processes,
results in input order, memory bounded by a small window of documents in flight.

Each worker loads the rules (and, on first use, jieba) once, then extracts document after
document; the parent only reads bytes and writes records. Output is the same whatever
`jobs` is: results are yielded in the order the inputs were listed.
"""

from __future__ import annotations

import collections
import lzma
import multiprocessing
import os
import signal
import tarfile
import threading
import time
import traceback
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .documents import DocResult
from .errors import FactxError
from .pipeline import Explanation, extract_doc
from .reader import doc_from_bytes, iter_inputs, read_path
from .rules import RuleSet, load_rules
from .zipscan import ZipScan

ARCHIVE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz")
TEXT_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm")
MAX_MEMBER_SIZE = 64 * 1024 * 1024  # bytes of one archive member once uncompressed
MAX_RATIO = 200  # uncompressed / compressed size of a member beyond which it is a bomb
MAX_MEMBERS = 100_000


@dataclass(slots=True)
class Source:
    """One document to read: a path, or an archive member's bytes (`archive.zip:dir/a.md`)."""

    name: str
    path: str | None = None
    data: bytes | None = None


@dataclass(slots=True)
class Limits:
    max_member_size: int = MAX_MEMBER_SIZE
    max_ratio: int = MAX_RATIO
    max_members: int = MAX_MEMBERS


def is_archive(path: str) -> bool:
    return path.lower().endswith(ARCHIVE_SUFFIXES)


def iter_sources(
    paths: list[str],
    skipped: collections.Counter[str],
    problems: list[str],
    limits: Limits | None = None,
    expand_archives: bool = True,
) -> Iterator[Source]:
    """Every document behind `paths`, archives opened member by member (never unpacked to disk).
    Members that cannot or must not be read are listed in `problems` as `archive:member: reason`.
    With `expand_archives=False` an archive comes back as one Source (see `expand_archives`)."""
    for p in paths:
        names = (
            [p]
            if is_archive(p) and Path(p).is_file()
            else [name for name, _ in iter_inputs([p], skipped, archives=ARCHIVE_SUFFIXES)]
        )
        for name in names:
            if is_archive(name) and Path(name).is_file():
                if expand_archives:
                    yield from _members(name, skipped, problems, limits or Limits())
                else:
                    yield Source(name, path=name)
            else:
                yield Source(name, path=name)


def expand_archives(
    sources: Iterable[Source], skipped: collections.Counter[str], problems: list[str], limits: Limits | None = None
) -> Iterator[Source]:
    """Sources with every archive replaced by its members, read lazily, one at a time."""
    for src in sources:
        if src.data is None and src.path is not None and is_archive(src.path) and Path(src.path).is_file():
            yield from _members(src.path, skipped, problems, limits or Limits())
        else:
            yield src


def _members(archive: str, skipped: collections.Counter[str], problems: list[str], limits: Limits) -> Iterator[Source]:
    try:
        if archive.lower().endswith(".zip"):
            yield from _zip_members(archive, skipped, problems, limits)
        else:
            yield from _tar_members(archive, skipped, problems, limits)
    except (OSError, zipfile.BadZipFile, tarfile.TarError, EOFError) as e:
        problems.append(f"{archive}: not a readable archive ({e})")


def _member_ok(archive: str, name: str, skipped: collections.Counter[str], problems: list[str]) -> bool:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or name.startswith(("/", "\\")) or ":" in path.parts[0]:
        problems.append(f"{archive}:{name}: skipped, a member name outside the archive")
        return False
    lower = name.lower()
    if is_archive(lower):
        problems.append(f"{archive}:{name}: skipped, archives inside archives are not opened")
        return False
    if not lower.endswith(TEXT_SUFFIXES):
        skipped[PurePosixPath(lower).suffix or "(no extension)"] += 1
        return False
    return True


def _zip_members(
    archive: str, skipped: collections.Counter[str], problems: list[str], limits: Limits
) -> Iterator[Source]:
    with ZipScan(archive) as zf:  # the directory is walked entry by entry, not held whole
        for count, info in enumerate(zf.members(), 1):
            if count > limits.max_members:
                problems.append(f"{archive}: over {limits.max_members} members; the rest is not read")
                break
            if info.is_dir():
                continue
            name = info.filename
            if not _member_ok(archive, name, skipped, problems):
                continue
            if (info.external_attr >> 16) & 0o170000 == 0o120000:
                problems.append(f"{archive}:{name}: skipped, a link")
                continue
            if info.file_size > limits.max_member_size:
                problems.append(f"{archive}:{name}: skipped, {info.file_size:,} bytes uncompressed is over the limit")
                continue
            data = _read_zip_member(zf, info, limits)
            if isinstance(data, str):
                problems.append(f"{archive}:{name}: skipped, {data}")
                continue
            yield Source(f"{archive}:{name}", data=data)


ZIP_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA)


def _read_zip_member(zf: ZipScan, info: zipfile.ZipInfo, limits: Limits) -> bytes | str:
    """A member's bytes, or why not. An encrypted, unsupported or damaged member is that
    member's problem: the directory is sound, so the members after it are still read."""
    if info.flag_bits & 0x1:
        return "encrypted"
    if info.compress_type not in ZIP_METHODS:
        method = zipfile.compressor_names.get(info.compress_type, "unknown")
        return f"compression method {info.compress_type} ({method}) is not supported"
    try:
        return _read_bounded(zf.open(info), info.compress_size, limits)
    except NotImplementedError as e:  # zipfile's word for a feature it does not read
        return f"not supported ({e})"
    except (zipfile.BadZipFile, EOFError, zlib.error, lzma.LZMAError, UnicodeDecodeError) as e:
        return f"damaged ({e})"


def _tar_members(
    archive: str, skipped: collections.Counter[str], problems: list[str], limits: Limits
) -> Iterator[Source]:
    with tarfile.open(archive, "r:*") as tf:
        count = 0
        while (info := tf.next()) is not None:
            tf.members.clear()  # tarfile keeps every header it has read: memory would grow per member
            count += 1
            if count > limits.max_members:
                problems.append(f"{archive}: over {limits.max_members} members; the rest is not read")
                break
            if info.isdir():
                continue
            name = info.name
            if not info.isfile():
                problems.append(f"{archive}:{name}: skipped, a link or device, not a file")
                continue
            if not _member_ok(archive, name, skipped, problems):
                continue
            if info.size > limits.max_member_size:
                problems.append(f"{archive}:{name}: skipped, {info.size:,} bytes is over the limit")
                continue
            f = tf.extractfile(info)
            if f is None:
                continue
            data = _read_bounded(f, 0, limits)
            if isinstance(data, str):
                problems.append(f"{archive}:{name}: skipped, {data}")
                continue
            yield Source(f"{archive}:{name}", data=data)


def _read_bounded(f, compressed: int, limits: Limits) -> bytes | str:
    """Read a member in chunks, stopping as soon as it is over the size or ratio limit: a zip
    bomb is stopped while reading, whatever its header claims."""
    chunks: list[bytes] = []
    total = 0
    with f:
        while True:
            chunk = f.read(1 << 20)
            if not chunk:
                break
            total += len(chunk)
            if total > limits.max_member_size:
                return f"over {limits.max_member_size:,} bytes once uncompressed"
            if compressed and total > 1 << 20 and total > compressed * limits.max_ratio:
                return f"compression ratio over {limits.max_ratio}:1 (a zip bomb?)"
            chunks.append(chunk)
    return b"".join(chunks)


# ---------------------------------------------------------------- extraction


@dataclass(frozen=True, slots=True)
class Options:
    rules_dir: str | None = None
    date: str | None = None
    encoding: str | None = None
    max_size: int | None = None  # bytes; a larger file is refused before it is read
    want_dropped: bool = False  # the output shows the numbers left out (the review page)
    budget: float = 0.0  # seconds one document may take; 0 = no limit
    debug: bool = False  # a failure's traceback goes with its line


@dataclass(slots=True)
class Outcome:
    """A document's result, with the notes (bytes replaced…) said while reading it."""

    result: DocResult
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    trace: str = ""  # with --debug: the traceback of a failure
    size: int = 0  # bytes read, for the progress bar


_worker_rules: RuleSet | None = None


def _init_worker(rules_dir: str | None) -> None:
    """Load the rules once per worker process, not per document."""
    global _worker_rules
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _worker_rules = load_rules(Path(rules_dir) if rules_dir else None)


class _OverBudget(BaseException):  # not an Exception: no `except Exception` on the way may keep it
    pass


BUDGET_REPEAT = 0.1  # seconds: the alarm rings again until heard (a raise inside a __del__ is lost)


def _alarm(signum: int, frame: object) -> None:
    raise _OverBudget


def _disarm() -> None:
    """Stop the alarm, even if it rings once more while being stopped."""
    while True:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
            return
        except _OverBudget:
            continue


def extract_source(src: Source, opts: Options, rules: RuleSet | None = None) -> Outcome:
    """One document → its records, or one line saying why it could not be read; with a budget,
    a document that takes longer is stopped and left out."""
    rules = rules if rules is not None else _worker_rules
    if opts.budget <= 0 or threading.current_thread() is not threading.main_thread():
        return _extract_source(src, opts, rules)  # signals reach the main thread only
    t = time.perf_counter()
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, opts.budget, BUDGET_REPEAT)
    try:
        try:
            return _extract_source(src, opts, rules)
        finally:
            _disarm()
    except _OverBudget:
        _disarm()  # a ring that came before the disarm above ran
        failed = DocResult.failed(src.name, f"{src.name}: took over {opts.budget:g} s, left out (--budget)")
        return Outcome(failed, [], time.perf_counter() - t, "", _size(src))
    finally:
        signal.signal(signal.SIGALRM, old)


def _extract_source(src: Source, opts: Options, rules: RuleSet | None) -> Outcome:
    notes: list[str] = []
    trace = ""
    t = time.perf_counter()
    try:
        if src.data is not None:
            doc = doc_from_bytes(src.name, src.data, date=opts.date, encoding=opts.encoding, warn=notes.append)
        else:
            doc = read_path(
                src.path or src.name, date=opts.date, encoding=opts.encoding, max_size=opts.max_size, warn=notes.append
            )
        if opts.want_dropped:
            ex = Explanation()
            result = DocResult.explained(doc, extract_doc(doc, rules, ex), ex)
        else:
            result = DocResult.of(doc, extract_doc(doc, rules))
    except FactxError as e:
        result = DocResult.failed(src.name, str(e))
        trace = traceback.format_exc() if opts.debug else ""
    except Exception as e:  # a bug of ours must not end a batch: name the input, go on
        result = DocResult.failed(
            src.name, f"{src.name}: internal error ({type(e).__name__}: {e}); --debug shows where"
        )
        trace = traceback.format_exc() if opts.debug else ""
    return Outcome(result, notes, time.perf_counter() - t, trace, _size(src))


def _size(src: Source) -> int:
    if src.data is not None:
        return len(src.data)
    try:
        return os.stat(src.path or src.name).st_size
    except (OSError, ValueError):  # stdin, a file gone since: the bar just counts it as 0
        return 0


CHUNK_BYTES = 64 * 1024  # input bytes sent to a worker at once: a few tenths of a second of work
CHUNK_DOCS = 64  # documents sent at once, however short


def _work(args: tuple[list[Source], Options]) -> list[Outcome]:
    chunk, opts = args
    return [extract_source(src, opts) for src in chunk]


def _chunks(sources: Iterable[Source]) -> Iterator[list[Source]]:
    """Documents in groups of about CHUNK_BYTES: one task per news item would spend as much time
    passing messages between processes as extracting (3 KB items: about a millisecond each)."""
    chunk: list[Source] = []
    size = 0
    for src in sources:
        chunk.append(src)
        size += _size(src)
        if size >= CHUNK_BYTES or len(chunk) >= CHUNK_DOCS:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def run(sources: Iterable[Source], opts: Options, jobs: int = 1, rules: RuleSet | None = None) -> Iterator[Outcome]:
    """Outcomes in input order. With jobs > 1, documents go to worker processes (each loads the
    rules once) in chunks; at most a few chunks per worker are in flight, so memory does not grow
    with the number of inputs. With one job, `rules` (if given) are used as they are."""
    if jobs <= 1:
        rules = rules or load_rules(Path(opts.rules_dir) if opts.rules_dir else None)
        for src in sources:
            yield extract_source(src, opts, rules)
        return
    methods = multiprocessing.get_all_start_methods()
    mp = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    window: collections.deque = collections.deque()
    with mp.Pool(jobs, initializer=_init_worker, initargs=(opts.rules_dir,)) as pool:
        for chunk in _chunks(sources):
            window.append(pool.apply_async(_work, ((chunk, opts),)))
            if len(window) >= jobs * 3:
                yield from window.popleft().get()
        while window:
            yield from window.popleft().get()
