"""Extraction on a Dask cluster: the documents, records and order of `factx extract --jobs 1`.

The client lists the inputs and reads local files and archive members, with the guards of
factx.batch (a worker may be on another machine: it never sees the client's disk); a worker
opens what a URL names (`s3://…`, `gs://…`, `memory://…`) with fsspec. Documents travel in
partitions of a few hundred kB. The rules travel as text (`RuleTexts`) with the job, and each
worker process builds them once, and jieba once with them. Every document goes through
`batch.extract_source`, so a document that fails is data (an Outcome with its one error line),
never a failed task. Partitions are read back in input order; one lost with a worker is
recomputed by Dask and still read once, so nothing is lost or written twice.

Library: `extract_bag(paths) -> Bag` of `Fact`, `to_jsonl(bag, path)`, `to_parquet(bag, folder)`.
CLI: `factx extract PATH... --scheduler local|ADDRESS` (`run`). Needs `pip install 'factx[dask]'`;
`import factx` never imports Dask.
"""

from __future__ import annotations

import collections
import logging
import os
import re
import shutil
import signal
import tempfile
import threading
import uuid
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from . import batch, reader
from .documents import DocResult
from .errors import FactxError, InputError, MissingExtra
from .models import Fact
from .parquet import PART, write_part
from .rules import RuleSet, RuleTexts, rule_texts, rules_from_texts
from .writers import _dumps

if TYPE_CHECKING:
    from dask.bag import Bag
    from distributed import Client, Future

PART_BYTES = 256 * 1024  # input bytes in one task: about a second of work, so scheduling costs little
PART_DOCS = 256  # documents in one task, however short they are
FETCHES = 16  # URLs a task reads at once: an object store answers each GET only after tens of ms
CONNECT_TIMEOUT = "10s"
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_GLOB = re.compile(r"[*?[]")


def is_url(path: str) -> bool:
    """Whether `path` names an fsspec URL (`s3://…`, `memory://…`), read by the workers."""
    return bool(_URL.match(path))


def require() -> None:
    """Dask, distributed and fsspec are there, or one line saying how to get them (MissingExtra)."""
    try:
        import dask.bag  # noqa: F401
        import distributed  # noqa: F401
        import fsspec  # noqa: F401
    except ImportError:
        raise MissingExtra("Dask (--scheduler, factx.dask)") from None


@dataclass(frozen=True, slots=True)
class Item:
    """One document of a task: its bytes (read by the client), a URL (read by the worker), or the
    line that says why the client could not read it."""

    name: str
    data: bytes | None = None
    url: str | None = None
    archive: bool = False  # the URL names an archive: the worker reads it member by member
    error: str | None = None


@dataclass(slots=True)
class Part:
    """What one task gives back: its documents' outcomes in order, the archive members it refused
    (one line each) and the files it skipped by extension."""

    outcomes: list[batch.Outcome] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    skipped: collections.Counter[str] = field(default_factory=collections.Counter)


# ---------------------------------------------------------------- the client: inputs → tasks


def sources(
    paths: Iterable[str], skipped: collections.Counter[str], problems: list[str], limits: batch.Limits
) -> Iterator[batch.Source]:
    """The documents behind `paths` as `batch.iter_sources` lists them (archives not opened yet);
    a URL folder or glob is listed with fsspec, each file a Source whose path is its URL."""
    for p in paths:
        if is_url(p):
            yield from _url_sources(p, skipped)
        else:
            yield from batch.iter_sources([p], skipped, problems, limits, expand_archives=False)


def _url_sources(url: str, skipped: collections.Counter[str]) -> Iterator[batch.Source]:
    import fsspec

    fs, root = fsspec.core.url_to_fs(url)
    magic = _GLOB.search(root)
    if magic:
        found = [p for p, info in fs.glob(root, detail=True).items() if info.get("type") == "file"]
        base = root[: magic.start()].rpartition("/")[0]
    elif fs.isdir(root):
        found, base = fs.find(root), root
    else:
        yield batch.Source(url, path=url)  # a file named outright, whatever its extension
        return
    depth = len(PurePosixPath(base).parts)
    wanted = []
    for p in sorted(found):
        if any(part.startswith(".") for part in PurePosixPath(p).parts[depth:]):
            continue  # hidden files and folders below the one named, as in a local folder
        if p.lower().endswith(batch.TEXT_SUFFIXES + batch.ARCHIVE_SUFFIXES):
            wanted.append(p)
        else:
            skipped[PurePosixPath(p.lower()).suffix or "(no extension)"] += 1
    for p in wanted:
        name = fs.unstrip_protocol(p)
        yield batch.Source(name, path=name)
    if not wanted:  # the worker then says what is wrong: no match, or no text file in the folder
        yield batch.Source(url, path=url)


def items(sources: Iterable[batch.Source], max_size: int | None, problems: list[str]) -> Iterator[Item | str]:
    """Each source as an Item, local bytes read here; the lines of `problems` (archive members
    refused while listing) come along, as strings, where they arose."""
    for src in sources:
        yield from _drain(problems)
        if src.data is not None:
            yield Item(src.name, data=src.data)
        elif src.path is not None and is_url(src.path):
            yield Item(src.name, url=src.path, archive=batch.is_archive(src.path))
        else:
            yield _read_local(src, max_size)
    yield from _drain(problems)


def _drain(problems: list[str]) -> Iterator[str]:
    while problems:
        yield problems.pop(0)


def _read_local(src: batch.Source, max_size: int | None) -> Item:
    # The reader's own checks and messages (size, links, permissions), so a failure reads as with --jobs 1.
    try:
        return Item(src.name, data=reader._read_bytes(src.path or src.name, max_size))
    except FactxError as e:
        return Item(src.name, error=str(e))


def chunks(
    entries: Iterable[Item | str], part_bytes: int = PART_BYTES, part_docs: int = PART_DOCS
) -> Iterator[list[Item | str]]:
    """Entries grouped into tasks of at most `part_docs` documents or about `part_bytes` bytes;
    an archive at a URL is a task of its own (its worker reads it member by member)."""
    chunk: list[Item | str] = []
    size = 0
    for entry in entries:
        if isinstance(entry, Item) and entry.archive:
            if chunk:
                yield chunk
            yield [entry]
            chunk, size = [], 0
            continue
        chunk.append(entry)
        size += len(entry.data or b"") if isinstance(entry, Item) else 0
        if len(chunk) >= part_docs or size >= part_bytes:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


# ---------------------------------------------------------------- a worker: one task


_rules_lock = threading.Lock()
_rules: dict[str, RuleSet] = {}
_built: collections.Counter[str] = collections.Counter()  # rule sets built in this process, by key


def worker_rules(texts: RuleTexts) -> RuleSet:
    """The rules of `texts`, built once per process and kept (jieba is then loaded once with them)."""
    with _rules_lock:
        rules = _rules.get(texts.key)
        if rules is None:
            rules = rules_from_texts(texts)
            if len(_rules) >= 4:  # a long-lived cluster serves jobs with other rules: keep a few
                _rules.pop(next(iter(_rules)))
            _rules[texts.key] = rules
            _built[texts.key] += 1
        return rules


def run_part(
    chunk: Sequence[Item | str], opts: batch.Options, texts: RuleTexts, limits: batch.Limits | None = None
) -> Part:
    """Extract one task's documents in order (on a worker)."""
    rules = worker_rules(texts)
    part = Part()
    for start in range(0, len(chunk), FETCHES):
        for entry in _prefetched(chunk[start : start + FETCHES], opts.max_size):
            if isinstance(entry, str):
                part.problems.append(entry)
            elif entry.archive:
                _url_archive(entry, opts, rules, limits or batch.Limits(), part)
            else:
                part.outcomes.append(_outcome(entry, opts, rules))
    return part


def _prefetched(entries: Sequence[Item | str], max_size: int | None) -> list[Item | str]:
    """The entries with their URL documents read at once, each as an Item of its bytes or its error."""
    todo = [i for i, e in enumerate(entries) if isinstance(e, Item) and e.url and not e.archive and e.error is None]
    out = list(entries)
    if len(todo) > 1:
        with ThreadPoolExecutor(len(todo)) as pool:
            for i, item in zip(todo, pool.map(lambda i: _read_url(out[i], max_size), todo), strict=True):
                out[i] = item
    return out


def _read_url(item: Item, max_size: int | None) -> Item:
    try:
        return Item(item.name, data=_fetch(item.url or item.name, max_size))
    except FactxError as e:
        return Item(item.name, error=str(e))


def _outcome(item: Item, opts: batch.Options, rules: RuleSet) -> batch.Outcome:
    if item.error is not None:
        return batch.Outcome(DocResult.failed(item.name, item.error))
    data = item.data
    if data is None:
        try:
            data = _fetch(item.url or item.name, opts.max_size)
        except FactxError as e:
            return batch.Outcome(DocResult.failed(item.name, str(e)))
    return _within_budget(batch.extract_source(batch.Source(item.name, data=data), opts, rules), opts)


def _within_budget(out: batch.Outcome, opts: batch.Options) -> batch.Outcome:
    """--budget on a worker: a task runs in a worker thread, which no timer can interrupt, so a
    document over budget is left out (with the line --jobs gives) once it is done."""
    if opts.budget > 0 and out.seconds > opts.budget and out.result.error is None:
        name = out.result.name
        failed = DocResult.failed(name, f"{name}: took over {opts.budget:g} s, left out (--budget)")
        return batch.Outcome(failed, out.notes, out.seconds, size=out.size)
    return out


def _fetch(url: str, max_size: int | None) -> bytes:
    """The bytes at `url`, refused with the reader's messages (no such file, over --max-size…)."""
    import fsspec

    try:
        fs, path = fsspec.core.url_to_fs(url)
        if fs.isdir(path):
            raise InputError(url, "a directory with no .md, .markdown, .txt, .html or .htm files")
        size = fs.size(path)
        if max_size and size is not None and size > max_size:
            limit = reader.megabytes(max_size)
            raise InputError(url, f"{size / reader.MB:.1f} MB is over --max-size {limit} MB")
        with fs.open(path, "rb") as f:
            return reader._read_limited(f, url, max_size)
    except FileNotFoundError:
        raise InputError(url, "no file matches this pattern" if _GLOB.search(url) else "no such file") from None
    except PermissionError:
        raise InputError(url, "permission denied") from None
    except OSError as e:
        raise InputError(url, (e.strerror or str(e)).lower()) from None


def _url_archive(item: Item, opts: batch.Options, rules: RuleSet, limits: batch.Limits, part: Part) -> None:
    """An archive at a URL, copied to the worker's disk and read member by member with batch's guards."""
    with tempfile.TemporaryDirectory(prefix="factx-") as tmp:
        local = os.path.join(tmp, PurePosixPath(item.name).name)  # the name keeps the suffix that says the kind
        try:
            import fsspec

            with fsspec.open(item.url or item.name, "rb") as src, open(local, "wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
        except FileNotFoundError:
            part.outcomes.append(batch.Outcome(DocResult.failed(item.name, f"{item.name}: no such file")))
            return
        except OSError as e:
            reason = (e.strerror or str(e)).lower()
            part.outcomes.append(batch.Outcome(DocResult.failed(item.name, f"{item.name}: {reason}")))
            return
        problems: list[str] = []
        for src in batch.expand_archives([batch.Source(local, path=local)], part.skipped, problems, limits):
            src.name = item.name + src.name[len(local) :]
            out = batch.extract_source(src, opts, rules)
            part.outcomes.append(_within_budget(out, opts))
        part.problems += [item.name + p[len(local) :] if p.startswith(local) else p for p in problems]


# ---------------------------------------------------------------- the CLI: a windowed, ordered run


def run(
    files: Iterable[batch.Source],
    opts: batch.Options,
    *,
    scheduler: str,
    workers: int,
    texts: RuleTexts,
    limits: batch.Limits,
    skipped: collections.Counter[str],
    problems: list[str],
) -> Iterator[batch.Outcome]:
    """Outcomes in input order, extracted on a LocalCluster of `workers` processes (`local`) or on the
    scheduler at ADDRESS. Inputs are read as tasks are sent, a few tasks per worker thread ahead,
    so memory does not grow with the inputs. Archive members refused and files skipped on the
    workers are added to `problems` and `skipped`, as batch.run's listing does."""
    require()
    with connect(scheduler, workers, quiet=not opts.debug) as client:
        shipped = client.submit(_same, texts, key=f"factx-rules-{texts.key}")  # one copy per worker
        ahead = 2 * max(2, sum(client.nthreads().values())) + 1
        token = uuid.uuid4().hex[:12]
        window: collections.deque[tuple[list[Item | str], Future]] = collections.deque()
        entries = items(batch.expand_archives(files, skipped, problems, limits), opts.max_size, problems)
        for i, chunk in enumerate(chunks(entries, PART_BYTES, PART_DOCS)):
            task = client.submit(run_part, chunk, opts, shipped, limits, key=f"factx-part-{token}-{i}")
            window.append((chunk, task))
            if len(window) >= ahead:
                yield from _take(*window.popleft(), skipped, problems)
        while window:
            yield from _take(*window.popleft(), skipped, problems)


def _same(value: Any) -> Any:
    return value


def _take(
    chunk: list[Item | str], task: Future, skipped: collections.Counter[str], problems: list[str]
) -> Iterator[batch.Outcome]:
    from distributed import KilledWorker

    try:
        part = task.result()
    except KilledWorker as e:  # its workers died every time it ran: name its documents, go on
        lost = [_lost(it.name, e) for it in chunk if isinstance(it, Item)]
        part = Part(lost, [line for line in chunk if isinstance(line, str)])
    finally:
        task.release()
    problems.extend(part.problems)
    skipped.update(part.skipped)
    yield from part.outcomes


def _lost(name: str, error: Exception) -> batch.Outcome:
    return batch.Outcome(DocResult.failed(name, f"{name}: lost with its worker ({error})"))


@contextmanager
def connect(scheduler: str, workers: int, quiet: bool = True) -> Iterator[Client]:
    """A client of a new LocalCluster of `workers` processes (`local`), or of the scheduler at ADDRESS.
    Dask's own log lines (a worker restarted…) stay off stderr unless `quiet` is False (--debug)."""
    import dask
    from distributed import Client, LocalCluster

    level = logging.CRITICAL if quiet else logging.WARNING
    with _log_level("distributed", level):
        if scheduler == "local":
            with (
                # no statistical profiler sampling each worker's stack every 10 ms: it costs CPU
                # that the extraction needs on a machine with a core per worker
                dask.config.set({"distributed.worker.profile.enabled": False}),
                LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,  # no web dashboard: nobody watches a CLI run
                    silence_logs=level,
                    preload=[__name__],  # dask_setup below, in each worker process
                ) as cluster,
                Client(cluster, set_as_default=False) as client,
            ):
                yield client
            return
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as e:
            raise FactxError(f"--scheduler {scheduler}: cannot connect ({e})") from None
        with client:
            yield client


def dask_setup(worker: object) -> None:
    """Run in each worker process of `--scheduler local`: Ctrl-C, which the terminal sends to every
    process, is the client's to handle (it closes the cluster); a worker would print a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def _log_level(name: str, level: int) -> Iterator[None]:
    logger = logging.getLogger(name)
    old = logger.level
    logger.setLevel(level)
    try:
        yield
    finally:
        logger.setLevel(old)


# ---------------------------------------------------------------- the library: bags


def outcome_bag(
    paths: str | Iterable[str],
    *,
    rules: str | Path | None = None,
    date: str | None = None,
    part_bytes: int = PART_BYTES,
    part_docs: int = PART_DOCS,
) -> Bag:
    """One `batch.Outcome` per document behind `paths`, in input order: its records, or the line
    that says why it could not be read. An archive member refused by the guards is a failed
    Outcome too. Local inputs are read now, on this machine; URLs by the workers."""
    require()
    import dask
    import dask.bag as db

    texts = rule_texts(Path(rules) if rules else None)
    opts = batch.Options(date=date, max_size=None)
    limits = batch.Limits()
    skipped: collections.Counter[str] = collections.Counter()
    problems: list[str] = []
    listed = sources([paths] if isinstance(paths, str) else list(paths), skipped, problems, limits)
    entries = items(batch.expand_archives(listed, skipped, problems, limits), None, problems)
    shipped = dask.delayed(texts, name=f"factx-rules-{texts.key}")
    parts = [
        dask.delayed(run_part)(chunk, opts, shipped, limits, dask_key_name=f"factx-part-{uuid.uuid4().hex[:12]}-{i}")
        for i, chunk in enumerate(chunks(entries, part_bytes, part_docs))
    ]
    return db.from_delayed([dask.delayed(_with_problems)(p) for p in parts])


def _with_problems(part: Part) -> list[batch.Outcome]:
    refused = [batch.Outcome(DocResult.failed(line.split(": ", 1)[0], line)) for line in part.problems]
    return refused + part.outcomes


def extract_bag(paths: str | Iterable[str], *, rules: str | Path | None = None, date: str | None = None) -> Bag:
    """The records (`Fact`) of every document behind `paths`, as a Dask bag in input order.

    `paths`: local files, folders, globs and archives (read on this machine, shipped to the
    workers), and fsspec URLs (`s3://bucket/news/`, `gs://…/*.md`, `memory://…`; opened by the
    workers, with the matching fsspec backend installed there). `rules` is a --rules DIR, read
    here and shipped; `date` is --date. A document that cannot be read gives no record:
    `outcome_bag` has its error line."""
    return outcome_bag(paths, rules=rules, date=date).map(_facts).flatten()


def _facts(out: batch.Outcome) -> list[Fact]:
    return out.result.facts


def ordered_partitions(bag: Bag) -> Iterator[list[Any]]:
    """The partitions of `bag`, computed on the current scheduler, given back in order. On a
    distributed client all are submitted at once and taken as each is ready in turn."""
    import dask

    parts = bag.to_delayed()
    client = _current_client()
    if client is None:
        for i in range(0, len(parts), 8):  # the local schedulers: a few partitions at a time
            yield from dask.compute(*parts[i : i + 8])
        return
    futures = client.compute(parts)
    for future in futures:
        yield future.result()
        future.release()


def _current_client() -> Client | None:
    from distributed import get_client

    try:
        return get_client()
    except ValueError:  # no client: the bag runs on dask's local scheduler
        return None


def to_jsonl(bag: Bag, path: str) -> int:
    """Write the records of `bag` (Fact) as JSON Lines at `path` (a local path or an fsspec URL), in
    the bag's order: byte for byte what `factx extract -f jsonl` writes. The count written."""
    import fsspec

    count = 0
    with fsspec.open(path, "w", encoding="utf-8") as f:
        for facts in ordered_partitions(bag):
            f.write("".join(_dumps(fact) + "\n" for fact in facts))
            count += len(facts)
    return count


def to_parquet(bag: Bag, folder: str) -> int:
    """Write the records of `bag` (Fact) as a Parquet dataset in `folder` (a local path or an fsspec
    URL): one `part-NNNNN.parquet` per partition, written by the worker that computed it and
    named in partition order (factx.parquet has the columns). Part files already there are
    replaced. The count written."""
    import dask
    import fsspec

    fs, root = fsspec.core.url_to_fs(folder)
    fs.makedirs(root, exist_ok=True)
    for old in fs.glob(f"{root.rstrip('/')}/part-*.parquet"):
        fs.rm(old)
    base = folder.rstrip("/")
    writes = [dask.delayed(_write_part)(p, f"{base}/{PART.format(i)}") for i, p in enumerate(bag.to_delayed())]
    return sum(dask.compute(*writes))


def _write_part(facts: list[Fact], url: str) -> int:
    import fsspec

    with fsspec.open(url, "wb") as f:
        return write_part(facts, f)
