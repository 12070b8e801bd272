"""Where `extract` writes: the format `-o FILE` and `-f` agree on, and the file, replaced only at the end.

`-o` names the format by its extension (`.csv`, `.json`, `.jsonl`/`.ndjson`, `.xlsx`,
`.html`/`.htm`, `.parquet`); `-f` names it outright. They must agree: an extension factx does
not know (or none) needs `-f`, and an `-f` that contradicts a known extension is refused, so a
file is never written in a format its name does not say. A name ending in `.gz` is written
gzip-compressed: `facts.jsonl.gz`, `facts.csv.gz` (the same bytes as `-o facts.csv`, BOM and
all, compressed) and `facts.json.gz`; the other formats are refused compressed, by name.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import os
import sys
import tempfile
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO, TypeVar

from .errors import FactxError
from .writers import Format

F = TypeVar("F", bound=str)

SUFFIX_FORMATS: dict[str, Format] = {
    ".csv": Format.csv,
    ".json": Format.json,
    ".jsonl": Format.jsonl,
    ".ndjson": Format.jsonl,
    ".xlsx": Format.xlsx,
    ".html": Format.html,
    ".htm": Format.html,
    ".parquet": Format.parquet,
}
COMPRESSIBLE = (Format.json, Format.jsonl, Format.csv)  # text streams: gzip takes them as they come


class OutputError(FactxError):
    """The output file could not be finished (disk full, folder gone): exit 1, not a usage error."""


def agree(
    fmt: F | None,
    output: Path | None,
    formats: Collection[F],
    by_suffix: Mapping[str, F],
    compressible: Collection[F] = (),
) -> tuple[F | None, bool]:
    """The format `-f` and `-o` agree on (None: neither says) and whether to gzip it; a FactxError
    naming the formats when they do not agree."""
    if output is None:
        return fmt, False
    name = output.name.lower()
    compressed = name.endswith(".gz") and name != ".gz"
    suffix = Path(name.removesuffix(".gz") if compressed else name).suffix
    known = by_suffix.get(suffix)
    if fmt is None and known is None:
        said = f"'{suffix}' names no format" if suffix else "no extension names its format"
        raise FactxError(
            f"-o {output}: {said}; end it in {_endings(by_suffix, compressible)}, or give -f {'|'.join(formats)}"
        )
    if fmt is not None and known is not None and fmt != known:
        raise FactxError(
            f"-f {fmt} contradicts -o {output} ({suffix} is {known}): drop one of them, or make them agree"
        )
    chosen = fmt or known
    if compressed and chosen not in compressible:
        what = f"only {', '.join(compressible)} are" if compressible else "none is"
        raise FactxError(f"-o {output}: {chosen} is not written gzip-compressed ({what}); drop the .gz")
    return chosen, compressed


def _endings(by_suffix: Mapping[str, object], compressible: Collection[object]) -> str:
    """`.csv, .json or .xlsx (.gz after .csv or .json compresses)`: one ending a format, no aliases."""
    first: dict[object, str] = {}
    for suffix, fmt in by_suffix.items():
        first.setdefault(fmt, suffix)
    text = _or(list(first.values()))
    zipped = [suffix for fmt, suffix in first.items() if fmt in compressible]
    return text + (f" (.gz after {_or(zipped)} compresses)" if zipped else "")


def _or(words: list[str]) -> str:
    return ", ".join(words[:-1]) + f" or {words[-1]}" if len(words) > 1 else "".join(words)


@contextmanager
def open_output(
    output: Path | None, *, bom: bool = False, compressed: bool = False, utf8: bool = True
) -> Iterator[TextIO]:
    """A text stream on stdout (UTF-8 whatever the locale says, unless not `utf8`), or on a temporary
    file beside `output` renamed over it once all went well, so an interrupted run never leaves half
    a file under the real name. `bom`: a UTF-8 BOM first (Excel then reads a CSV as UTF-8);
    `compressed`: the file is gzip."""
    if output is None:
        out = sys.stdout
        if utf8 and isinstance(out, io.TextIOWrapper) and out.encoding.lower() not in ("utf-8", "utf8"):
            out.reconfigure(encoding="utf-8")
        yield out
        return
    try:  # closed below, after the writer is done with it
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115
            "wb", dir=output.parent, prefix=f".{output.name}.", suffix=".tmp", delete=False
        )
    except OSError as e:
        raise FactxError(f"--output {output}: {(e.strerror or str(e)).lower()}") from None
    try:
        with handle:
            # the header names the file as gzip does (not the temporary), and mtime 0: the same
            # records give the same bytes, run after run
            raw = gzip.GzipFile(output.name, "wb", fileobj=handle, mtime=0) if compressed else handle
            stream = io.TextIOWrapper(raw, encoding="utf-8-sig" if bom else "utf-8", newline="")
            try:
                yield stream
            except BaseException:
                with contextlib.suppress(Exception):
                    stream.close()
                raise
            stream.close()  # flushes; a GzipFile writes its trailer (the file itself stays open)
        os.chmod(handle.name, file_mode(output))
        os.replace(handle.name, output)
    except OSError as e:
        Path(handle.name).unlink(missing_ok=True)
        raise OutputError(f"{output}: {(e.strerror or str(e)).lower()}") from None
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def file_mode(output: Path) -> int:
    """Keep an existing file's mode; a new one gets the usual umask-based mode, not mkstemp's 0600."""
    if output.exists():
        return output.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
