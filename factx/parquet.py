"""Records → a Parquet dataset: a folder of `part-NNNNN.parquet` files, SPEC's fields as typed columns.

Columns come in SPEC order (`FIELDS`), each with its description: `value` and `growth` are
float64 holding the numbers JSON Lines carries (15 significant digits, `writers.record`),
`start` and `end` int64, every other field a string; a field that may be null is a nullable
column. Files are written in input order, so reading the folder's files in name order gives
the records in the order `-f jsonl` writes them.

Needs pyarrow (`pip install 'factx[dask]'`), and nothing else: `-f parquet` works on one
machine too. `ParquetWriter` is the CLI's writer (`add`/`close`, like the stream writers);
`write_part` writes one file of a Dask job (factx.dask.to_parquet).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

from .errors import FactxError, MissingExtra
from .models import FIELDS, Fact
from .writers import record

if TYPE_CHECKING:
    import pyarrow as pa

ROW_GROUP = 50_000  # records buffered before a row group is written
FILE_ROWS = 1_000_000  # records in one part file before the next is begun
COMPRESSION = "zstd"  # news sentences repeat across records: zstd halves snappy's size
PART = "part-{:05d}.parquet"

_NUMBERS = {"value": "float64", "growth": "float64", "start": "int64", "end": "int64"}


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet  # the submodule is not loaded by `import pyarrow`
    except ImportError:
        raise MissingExtra("parquet output (pyarrow)") from None
    return pyarrow


@cache
def schema() -> pa.Schema:
    """The Arrow schema of a record: SPEC's fields in order, typed, nullable where SPEC allows null."""
    pa = _pyarrow()
    fields = []
    for name in FIELDS:
        info = Fact.model_fields[name]
        kind = getattr(pa, _NUMBERS.get(name, "string"))()
        nullable = type(None) in get_args(info.annotation)
        fields.append(pa.field(name, kind, nullable=nullable, metadata={"description": info.description or ""}))
    return pa.schema(fields)


def table(facts: Iterable[Fact]) -> pa.Table:
    """The records of `facts` as one Arrow table with `schema()`."""
    return _pyarrow().Table.from_pylist([record(f) for f in facts], schema=schema())


def write_part(facts: Iterable[Fact], where: str | Any) -> int:
    """Write `facts` as one Parquet file at `where` (a path, or a binary file object); the count written."""
    data = table(facts)
    _pyarrow().parquet.write_table(data, where, compression=COMPRESSION, row_group_size=ROW_GROUP)
    return data.num_rows


class ParquetWriter:
    """Records in `folder` as part files of up to FILE_ROWS records, written a row group at a time;
    a run with no record leaves one empty file, so the dataset still has its columns."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.pending: list[Fact] = []
        self.parts = 0
        self.rows_in_part = 0
        self.file: Any = None  # pyarrow.parquet.ParquetWriter of the part being written

    def add(self, facts: Iterable[Fact]) -> None:
        self.pending.extend(facts)
        if len(self.pending) >= ROW_GROUP:
            self._flush()

    def close(self) -> None:
        if self.pending or self.parts == 0:
            self._flush()
        if self.file is not None:
            self.file.close()
            self.file = None

    def _flush(self) -> None:
        while self.pending or self.file is None:
            if self.file is None or self.rows_in_part >= FILE_ROWS:
                self._next_file()
            room = FILE_ROWS - self.rows_in_part
            batch, self.pending = self.pending[:room], self.pending[room:]
            self.file.write_table(table(batch), row_group_size=ROW_GROUP)
            self.rows_in_part += len(batch)

    def _next_file(self) -> None:
        if self.file is not None:
            self.file.close()
        path = self.folder / PART.format(self.parts)
        self.file = _pyarrow().parquet.ParquetWriter(str(path), schema(), compression=COMPRESSION)
        self.parts += 1
        self.rows_in_part = 0


@contextmanager
def dataset(output: Path) -> Iterator[ParquetWriter]:
    """A writer into a folder beside `output`, put in its place once all went well: an interrupted
    run leaves `output` as it was. An existing dataset at `output` is replaced; a folder holding
    anything else is refused, so `-o ~` cannot empty a home directory."""
    _pyarrow()
    _check_target(output)
    staged = Path(tempfile.mkdtemp(dir=output.parent, prefix=f".{output.name}.", suffix=".tmp"))
    try:
        yield ParquetWriter(staged)
        os.chmod(staged, 0o777 & ~_umask())
        if output.exists():
            old = staged.with_name(staged.name + ".old")
            os.replace(output, old)
            os.replace(staged, output)
            shutil.rmtree(old)
        else:
            os.replace(staged, output)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise


def _check_target(output: Path) -> None:
    if output.exists() and not output.is_dir():
        raise FactxError(f"--output {output}: not a folder; a Parquet dataset is a folder of part files")
    if output.is_dir():
        strangers = [p.name for p in output.iterdir() if not (p.name.startswith("part-") and p.suffix == ".parquet")]
        if strangers:
            raise FactxError(
                f"--output {output}: a folder holding other files ({strangers[0]}…), not a Parquet dataset; refused"
            )


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
