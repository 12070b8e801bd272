"""factx benchmark (`make bench`): ratios against baselines measured in the same run.

    python bench/bench.py [--mb 100] [--out out/bench]

1. Throughput of the library on ~1 MB of text (the samples repeated), single process, as
   characters per second and as a ratio to `jieba.lcut` over the same text; the same on the
   dev corpus beside the checkout (distinct news), when it is there.
2. `--jobs 2` against `--jobs 1` on a ~100 MB zip archive of the samples (output compared).
3. A cold `factx extract one-sample.md -f jsonl` against `python -c "import jieba; jieba.initialize()"`.
4. Peak memory (ru_maxrss of the child process) of the 1 MB run and of the 100 MB run.
5. Dask: `--scheduler local -j 2` (a LocalCluster of 2 worker processes) against `--jobs 2` on the
   same archive, run one after the other: throughput, overhead ratio, output compared with --jobs 1;
   and the size of those records as a Parquet dataset (factx.parquet) against their JSON Lines.
Not part of the test suite: it takes minutes.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import subprocess
import sys
import tarfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "samples").glob("*.md"))
DEV = ROOT.parent / "shared" / "eval" / "dev" / "docs"  # distinct news, where the shared checkout is beside
FACTX = [sys.executable, "-m", "factx"]


def corpus(chars: int) -> list[str]:
    docs = [p.read_text(encoding="utf-8") for p in SAMPLES]
    out: list[str] = []
    n = 0
    while n < chars:
        for d in docs:
            out.append(d)
            n += len(d)
    return out


def throughput(docs: list[str], rounds: int = 1) -> tuple[float, float, int]:
    """(factx chars/s, jieba.lcut chars/s, records) on the same documents, best of `rounds`."""
    import jieba

    import factx

    text = "\n\n".join(docs)
    jieba.initialize()
    factx.extract(docs[0])  # rules and tokenizer loaded: measure the steady state
    tj = tf = float("inf")
    for _ in range(rounds):
        t = time.perf_counter()
        jieba.lcut(text)
        tj = min(tj, time.perf_counter() - t)
        t = time.perf_counter()
        records = sum(len(factx.extract(d)) for d in docs)
        tf = min(tf, time.perf_counter() - t)
    return len(text) / tf, len(text) / tj, records


def _members(mb: int) -> Iterator[tuple[str, bytes]]:
    """The samples repeated to about `mb` MB of text, as (member name, bytes)."""
    docs = [(p.name, p.read_bytes()) for p in SAMPLES]
    size = i = 0
    while size < mb * 1024 * 1024:
        for name, data in docs:
            yield f"{i // len(docs):05d}/{name}", data
            size += len(data)
            i += 1


def make_archive(path: Path, mb: int) -> int:
    """A zip of the samples repeated to about `mb` MB of text, each member a document."""
    size = 0
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in _members(mb):
            zf.writestr(name, data)
            size += len(data)
    return size


def make_tar(path: Path, mb: int) -> None:
    """The same documents as a .tar.gz, which is read as a stream: no directory held in memory."""
    with tarfile.open(path, "w:gz") as tf:
        for name, data in _members(mb):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))


def run(args: list[str], out: Path | None = None) -> tuple[float, str]:
    """Seconds, and the sha256 of what the command wrote to stdout."""
    t = time.perf_counter()
    with open(out or "/dev/null", "wb") as f:
        subprocess.run(args, stdout=f, stderr=subprocess.DEVNULL, check=False)
    seconds = time.perf_counter() - t
    return seconds, hashlib.sha256(out.read_bytes()).hexdigest() if out else ""


def peak_of(args: list[str]) -> int:
    """Peak RSS of one child measured on its own (ru_maxrss of RUSAGE_CHILDREN is a maximum)."""
    code = (
        "import resource,subprocess,sys;subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,"
        "stderr=subprocess.DEVNULL);print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=False)
    return int(out.stdout.strip() or 0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=int, default=100, help="size of the archive in MB (default 100)")
    ap.add_argument("--out", type=Path, default=ROOT / "out" / "bench")
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)

    fx, jb, records = throughput(corpus(1_000_000))
    print(
        f"throughput   factx {fx:,.0f} chars/s   jieba.lcut {jb:,.0f} chars/s   ratio {fx / jb:.2f}x"
        f"   ({records} records)"
    )
    dev = sorted(DEV.glob("*.md"))
    if dev:  # distinct news, where no sentence repeats
        fx, jb, records = throughput([p.read_text(encoding="utf-8") for p in dev], rounds=5)
        print(
            f"throughput   factx {fx:,.0f} chars/s   jieba.lcut {jb:,.0f} chars/s   ratio {fx / jb:.2f}x"
            f"   ({records} records; the dev corpus, {len(dev)} distinct documents, best of 5)"
        )

    small = a.out / "one-mb.zip"
    make_archive(small, 1)
    archive = a.out / f"{a.mb}mb.zip"
    size = make_archive(archive, a.mb)
    print(f"archive      {archive.name}: {size / 1e6:.0f} MB of text in {archive.stat().st_size / 1e6:.0f} MB")

    t1, h1 = run([*FACTX, "extract", str(archive), "-f", "jsonl", "--jobs", "1", "-q"], a.out / "j1.jsonl")
    t2, h2 = run([*FACTX, "extract", str(archive), "-f", "jsonl", "--jobs", "2", "-q"], a.out / "j2.jsonl")
    print(
        f"jobs         --jobs 1 {t1:.1f} s   --jobs 2 {t2:.1f} s   speed-up {t1 / t2:.2f}x   "
        f"output identical: {h1 == h2}"
    )
    dask_section(archive, size, t1, t2, h1, a.out)

    sample = str(SAMPLES[0])
    cold = min(run([*FACTX, "extract", sample, "-f", "jsonl"])[0] for _ in range(3))
    base = min(run([sys.executable, "-c", "import jieba; jieba.initialize()"])[0] for _ in range(3))
    print(
        f"cold start   factx extract one sample {cold:.2f} s   jieba import+initialise {base:.2f} s   "
        f"ratio {cold / base:.2f}x"
    )

    m1 = peak_of([*FACTX, "extract", str(small), "-f", "jsonl", "--jobs", "1", "-q"])
    m100 = peak_of([*FACTX, "extract", str(archive), "-f", "jsonl", "--jobs", "1", "-q"])
    print(
        f"memory       peak RSS 1 MB run {m1 / 1024:.0f} MB   {a.mb} MB run {m100 / 1024:.0f} MB   "
        f"ratio {m100 / max(m1, 1):.2f}x   (.zip)"
    )
    # The same documents as a stream: a zip's directory is walked entry by entry (factx.zipscan), a
    # tar's headers are let go as they are read; both should stay flat.
    tar = a.out / f"{a.mb}mb.tar.gz"
    make_tar(tar, a.mb)
    t1 = a.out / "one-mb.tar.gz"
    make_tar(t1, 1)
    m1 = peak_of([*FACTX, "extract", str(t1), "-f", "jsonl", "--jobs", "1", "-q"])
    m100 = peak_of([*FACTX, "extract", str(tar), "-f", "jsonl", "--jobs", "1", "-q"])
    print(
        f"memory       peak RSS 1 MB run {m1 / 1024:.0f} MB   {a.mb} MB run {m100 / 1024:.0f} MB   "
        f"ratio {m100 / max(m1, 1):.2f}x   (.tar.gz)"
    )


def dask_section(archive: Path, size: int, t1: float, t2: float, h1: str, out: Path) -> None:
    """--scheduler local -j 2 against the --jobs 2 run just before it, on the same archive."""
    td, hd = run(
        [*FACTX, "extract", str(archive), "-f", "jsonl", "--scheduler", "local", "-j", "2", "-q"], out / "dask.jsonl"
    )
    mb = size / 1e6
    print(
        f"dask         --scheduler local -j 2 {td:.1f} s ({mb / td:.2f} MB/s)   "
        f"--jobs 2 {t2:.1f} s ({mb / t2:.2f} MB/s)   overhead {td / t2:.3f}x ({(td / t2 - 1) * 100:+.1f}%)   "
        f"output identical to --jobs 1: {hd == h1}"
    )
    print(f"per core     --jobs 1 {mb / t1:.3f} MB/s of text ({mb / t1 * 3600 / 1e3:.2f} GB an hour)")
    records = to_parquet(out / "j1.jsonl", out / "facts.parquet")
    repeated = sizes(out / "j1.jsonl", out / "facts.parquet")
    print(f"parquet      archive ({records} records, the samples repeated): {repeated}")
    # The archive repeats a few documents, which Parquet's dictionaries fold away: distinct news gives the
    # ratio to expect, through the CLI's own -f parquet.
    docs = [str(ROOT / "samples"), *([str(DEV)] if DEV.is_dir() else [])]
    run([*FACTX, "extract", *docs, "-f", "jsonl", "-j", "1", "-q"], out / "distinct.jsonl")
    run([*FACTX, "extract", *docs, "-f", "parquet", "-o", str(out / "distinct.parquet"), "-j", "1", "-q"])
    distinct = sizes(out / "distinct.jsonl", out / "distinct.parquet")
    print(f"parquet      distinct documents ({' + '.join(docs)}): {distinct}")


def sizes(jsonl: Path, folder: Path) -> str:
    pq_size = sum(p.stat().st_size for p in folder.glob("*.parquet"))
    jsonl_size = jsonl.stat().st_size
    return f"JSON Lines {jsonl_size / 1e6:.2f} MB   Parquet {pq_size / 1e6:.2f} MB   ratio {pq_size / jsonl_size:.3f}"


def to_parquet(jsonl: Path, folder: Path) -> int:
    """The records of a JSON Lines output written as `-f parquet` writes them (factx.parquet)."""
    import shutil

    from factx.models import Fact
    from factx.parquet import ParquetWriter

    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    writer, batch, count = ParquetWriter(folder), [], 0
    with jsonl.open(encoding="utf-8") as f:
        for line in f:
            batch.append(Fact.model_validate_json(line))
            if len(batch) == 50_000:
                writer.add(batch)
                count, batch = count + len(batch), []
    writer.add(batch)
    writer.close()
    return count + len(batch)


if __name__ == "__main__":
    main()
