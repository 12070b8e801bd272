"""factx on Dask: `--scheduler local|ADDRESS` and factx.dask give byte for byte what `--jobs 1` gives.

One LocalCluster of two worker processes serves the module (`--scheduler ADDRESS`); one test starts
its own through `--scheduler local`. The killed-worker test SIGKILLs a worker process mid-run.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import sys
import threading
import time
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from typer.testing import CliRunner

from factx.cli import app
from factx.writers import read_records

distributed = pytest.importorskip("distributed")
fsspec = pytest.importorskip("fsspec")
pd = pytest.importorskip("pandas")

import factx.dask as fdask  # noqa: E402  (after the skips: it is only usable with the extra)

ROOT = Path(__file__).resolve().parents[1]
_SHARED_DEV = ROOT.parent / "shared" / "eval" / "dev" / "docs"
DEV = _SHARED_DEV if _SHARED_DEV.is_dir() else ROOT / "samples"  # the dev corpus; the samples without it
runner = CliRunner()


def extract(*args: str) -> Any:
    return runner.invoke(app, ["extract", "-q", "-f", "jsonl", *args])


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=50
        ) as cluster,
        distributed.Client(cluster, set_as_default=False) as client,
    ):
        cluster.test_client = client  # type: ignore[attr-defined]
        yield cluster


@pytest.fixture
def client(cluster: Any) -> Iterator[Any]:
    with cluster.test_client.as_current():
        yield cluster.test_client


@pytest.fixture(scope="module")
def dev_jobs_1() -> Any:
    result = extract(str(DEV), "-j", "1")
    assert result.exit_code == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The dev corpus three times over in a zip (with a picture to skip), 60-odd documents."""
    path = tmp_path_factory.mktemp("zip") / "news.zip"
    docs = sorted(DEV.glob("*.md"))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for copy in range(3):
            for p in docs:
                zf.writestr(f"{copy}/{p.name}", p.read_bytes())
        zf.writestr("0/photo.png", b"\x89PNG")
    return path


@pytest.fixture(scope="module")
def archive_jobs_1(archive: Path) -> Any:
    return extract(str(archive), "-j", "1")


def test_a_cluster_at_an_address_writes_the_bytes_of_jobs_1(cluster: Any, dev_jobs_1: Any) -> None:
    result = extract(str(DEV), "--scheduler", cluster.scheduler_address)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout_bytes == dev_jobs_1.stdout_bytes and len(dev_jobs_1.stdout_bytes) > 10_000


def test_a_local_cluster_reads_an_archive_member_by_member_as_jobs_1_does(
    archive: Path, archive_jobs_1: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fdask, "PART_DOCS", 8)  # several tasks, spread over both workers
    result = runner.invoke(app, ["extract", "-f", "jsonl", str(archive), "--scheduler", "local", "-j", "2"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == archive_jobs_1.stdout_bytes
    assert result.stderr == "factx: skipped 1 file: 1 .png\n"


def test_the_library_bag_writes_jsonl_and_parquet(client: Any, tmp_path: Path, dev_jobs_1: Any) -> None:
    bag = fdask.extract_bag(str(DEV), date=None)
    assert fdask.to_jsonl(bag, str(tmp_path / "facts.jsonl")) == dev_jobs_1.stdout.count("\n")
    assert (tmp_path / "facts.jsonl").read_bytes() == dev_jobs_1.stdout_bytes
    small = fdask.outcome_bag(str(DEV), part_docs=2).map(fdask._facts).flatten()
    assert small.npartitions > 2
    assert fdask.to_parquet(small, str(tmp_path / "facts")) == len(bag.compute())
    assert len(list((tmp_path / "facts").glob("part-*.parquet"))) == small.npartitions
    df = pd.read_parquet(tmp_path / "facts")
    expected = pd.DataFrame(read_records(dev_jobs_1.stdout, "jsonl"))
    assert df["doc"].tolist() == expected["doc"].tolist() and df["start"].tolist() == expected["start"].tolist()
    assert str(df["value"].dtype) == "float64"
    assert df["value"].fillna(-1).tolist() == expected["value"].astype("float64").fillna(-1).tolist()


def test_parquet_through_the_cluster_is_the_jsonl_of_jobs_1(cluster: Any, tmp_path: Path, dev_jobs_1: Any) -> None:
    out = tmp_path / "facts"
    result = extract(str(DEV), "--scheduler", cluster.scheduler_address, "-f", "parquet", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    df = pd.read_parquet(out)
    records = read_records(dev_jobs_1.stdout, "jsonl")
    assert len(df) == len(records)
    assert df["sentence"].tolist() == [r["sentence"] for r in records]
    assert df["growth"].fillna(-999).tolist() == [-999 if r["growth"] is None else r["growth"] for r in records]


def test_a_bad_document_on_a_worker_is_one_line_and_the_rest_complete(
    cluster: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fdask, "PART_DOCS", 3)
    docs = sorted(DEV.glob("*.md"))
    for p in docs:
        (tmp_path / p.name).write_bytes(p.read_bytes())
    (tmp_path / "dev-05-broken.md").write_bytes(b"\x00\x01binary\x00" * 100)
    local = extract(str(tmp_path), "-j", "1")
    remote = extract(str(tmp_path), "--scheduler", cluster.scheduler_address)
    line = f"factx: {tmp_path / 'dev-05-broken.md'}: binary file (contains NUL bytes)\n"
    assert (local.exit_code, local.stderr) == (1, line)
    assert (remote.exit_code, remote.stderr) == (1, line)
    assert remote.stdout_bytes == local.stdout_bytes
    assert {r["doc"] for r in read_records(remote.stdout, "jsonl")} == {str(tmp_path / p.name) for p in docs}


def _factx_tasks(dask_scheduler: Any) -> tuple[float, dict[str, int]]:
    """Seconds of factx tasks computed so far, and the worker address → factx tasks it is running."""
    done = sum(
        tp.all_durations.get("compute", 0.0)
        for name, tp in dask_scheduler.task_prefixes.items()
        if "factx-part" in name
    )
    running = {
        ws.address: sum("factx-part" in str(ts.key) for ts in ws.processing) for ws in dask_scheduler.workers.values()
    }
    return done, running


def test_a_worker_killed_mid_run_loses_and_repeats_nothing(
    cluster: Any, archive: Path, archive_jobs_1: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = cluster.test_client
    monkeypatch.setattr(fdask, "PART_DOCS", 1)  # 60-odd tasks: the kill lands with most still to run
    pids = client.run(os.getpid)
    before, _ = client.run_on_scheduler(_factx_tasks)
    killed: dict[str, Any] = {}

    def kill_one_worker_after_a_first_task() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            done, running = client.run_on_scheduler(_factx_tasks)
            busy = [address for address, n in running.items() if n and address in pids]
            if done > before and busy:
                killed.update(address=busy[0], running=sum(running.values()))
                os.kill(pids[busy[0]], signal.SIGKILL)
                return
            time.sleep(0.01)

    killer = threading.Thread(target=kill_one_worker_after_a_first_task)
    killer.start()
    result = extract(str(archive), "--scheduler", cluster.scheduler_address)
    killer.join()
    assert killed and killed["running"] > 0, "the worker was not killed while the job ran"
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == archive_jobs_1.stdout_bytes
    client.wait_for_workers(2, timeout=60)  # the nanny has started a new worker in its place
    assert killed["address"] not in client.run(os.getpid)


def test_rules_travel_to_the_workers_and_load_once_per_worker(
    cluster: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = cluster.test_client
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "units.toml").write_text('[[unit]]\nunit = "蒲式耳"\nforms = ["蒲式耳"]\n', encoding="utf-8")
    (rules / "periods.toml").write_text('[spans]\n"开年两月" = [1, 2]\n', encoding="utf-8")
    news = tmp_path / "news"
    news.mkdir()
    for i in range(12):
        (news / f"n{i:02d}.md").write_text(
            # 实现 inside the clause: its indicator needs a jieba cut, on the worker
            f"# 江苏外贸\n\n开年两月，江苏外贸企业实现出口{3200 + i}亿元。美国大豆产量41.6亿蒲式耳。\n",
            encoding="utf-8",
        )
    monkeypatch.setattr(fdask, "PART_DOCS", 1)
    # A worker that read rules from a disk would find none: the shipped rule texts are all it has.
    client.run(_hide_rule_files)
    try:
        first = extract(
            str(news), "--rules", str(rules), "--date", "2024-03-10", "--scheduler", cluster.scheduler_address
        )
        again = extract(
            str(news), "--rules", str(rules), "--date", "2024-03-10", "--scheduler", cluster.scheduler_address
        )
    finally:
        client.run(_show_rule_files)
    local = extract(str(news), "--rules", str(rules), "--date", "2024-03-10", "-j", "1")
    assert first.exit_code == 0, first.stderr
    assert first.stdout_bytes == again.stdout_bytes == local.stdout_bytes
    records = read_records(first.stdout, "jsonl")
    assert {r["unit"] for r in records} >= {"蒲式耳"} and {r["period"] for r in records} >= {"2024-01/2024-02"}
    from factx.rules import rule_texts

    key = rule_texts(rules).key
    builds = client.run(_builds, key)
    assert sorted(builds.values()) == [1, 1]  # 24 tasks, two workers: one build each, jieba with it

    bag = fdask.extract_bag(str(news), rules=rules, date="2024-03-10")  # the rule files are read here, now
    shutil.rmtree(rules)
    with client.as_current():
        assert [f.model_dump() for f in bag.compute()] == records


def _hide_rule_files() -> None:
    """On a worker: any attempt to load rules from a disk fails."""
    import factx.batch
    import factx.rules

    def refuse(*args: object) -> None:
        raise AssertionError("a worker read rule files from a disk")

    saved = (factx.rules.default_dir, factx.rules.load_rules, factx.batch.load_rules)
    factx.rules._saved = saved  # type: ignore[attr-defined]
    factx.rules.default_dir = factx.rules.load_rules = factx.batch.load_rules = refuse  # type: ignore[assignment]


def _show_rule_files() -> None:
    import factx.batch
    import factx.rules

    factx.rules.default_dir, factx.rules.load_rules, factx.batch.load_rules = factx.rules._saved  # type: ignore[attr-defined]


def _builds(key: str) -> int:
    import factx.dask

    rules = factx.dask._rules.get(key)
    assert rules is None or "jieba" in rules.cache
    return factx.dask._built[key]


def _put_in_memory(files: dict[str, bytes]) -> None:
    import fsspec

    fs = fsspec.filesystem("memory")
    for path, data in files.items():
        fs.pipe(path, data)


def test_fsspec_urls_are_read_by_the_workers(cluster: Any, tmp_path: Path, client: Any) -> None:
    docs = sorted(DEV.glob("*.md"))[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for p in docs:
            zf.writestr(f"week/{p.name}", p.read_bytes())
    files = {f"/news/{p.name}": p.read_bytes() for p in docs} | {
        "/news/logo.png": b"png",
        "/news/.draft.md": docs[0].read_bytes(),  # hidden: not an input
        "/big/huge.md": "增长".encode() * 300_000,  # 1.7 MB: over --max-size 1, refused by its worker
        "/arch/week.zip": buffer.getvalue(),
    }
    _put_in_memory(files)  # the client lists the folder, the workers read the files
    client.run(_put_in_memory, files)
    for p in docs:
        (tmp_path / p.name).write_bytes(p.read_bytes())
    local = read_records(extract(*(str(tmp_path / p.name) for p in docs), "-j", "1").stdout, "jsonl")

    urls = ["memory://news/", "memory://arch/week.zip", "memory://news/nothing-*.md", "memory://big/huge.md"]
    args = ["extract", "-f", "jsonl", *urls, "--max-size", "1", "--scheduler", cluster.scheduler_address]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "factx: memory://news/nothing-*.md: no file matches this pattern",
        "factx: memory://big/huge.md: 1.7 MB is over --max-size 1 MB",
        "factx: skipped 1 file: 1 .png",
    ]
    expected = [{**r, "doc": f"memory:///news/{Path(r['doc']).name}"} for r in local]
    expected += [{**r, "doc": f"memory://arch/week.zip:week/{Path(r['doc']).name}"} for r in local]
    assert read_records(result.stdout, "jsonl") == expected and len(local) > 20

    bag = fdask.extract_bag("memory://news/*.md")
    assert [f.model_dump() for f in bag.compute()] == expected[: len(local)]


def test_a_url_without_a_scheduler_and_a_missing_extra_are_usage_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    result = extract("s3://bucket/news/")
    assert (result.exit_code, result.stdout) == (2, "")
    assert (
        result.stderr == "factx: s3://bucket/news/: a URL is read by Dask workers: add --scheduler local (or ADDRESS)\n"
    )
    monkeypatch.setitem(sys.modules, "distributed", None)
    result = extract(str(DEV), "--scheduler", "local")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "factx: Dask (--scheduler, factx.dask) needs the dask extra: pip install 'factx[dask]'\n"


def test_an_unreachable_scheduler_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fdask, "CONNECT_TIMEOUT", "1s")
    result = extract(str(DEV), "--scheduler", "tcp://127.0.0.1:9")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("factx: --scheduler tcp://127.0.0.1:9: cannot connect (")
    assert result.stderr.count("\n") == 1


class _DiedEveryTime:
    """A task whose workers all died: Dask gives up on it with KilledWorker."""

    released = False

    def result(self) -> None:
        raise distributed.KilledWorker("factx-part-x-0", SimpleNamespace(address="tcp://127.0.0.1:1"), 3)  # type: ignore[arg-type]

    def release(self) -> None:
        self.released = True


def test_a_task_dask_gives_up_on_names_each_of_its_documents() -> None:
    chunk: list[Any] = [
        fdask.Item("a.md", data=b"x"),
        "arch.zip:b.png: skipped, a link",
        fdask.Item("c.md", url="s3://c"),
    ]
    task = _DiedEveryTime()
    problems: list[str] = []
    outcomes = list(fdask._take(chunk, task, Counter(), problems))  # type: ignore[arg-type]
    assert [o.result.name for o in outcomes] == ["a.md", "c.md"] and task.released
    assert problems == ["arch.zip:b.png: skipped, a link"]
    assert all(
        o.result.error and o.result.error.startswith(f"{o.result.name}: lost with its worker (") for o in outcomes
    )
