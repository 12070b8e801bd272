"""`factx extract PATH... --db facts.db`: a SQLite store of documents and their records.

Tables
- `documents`: one row per document — its `name` as last written (the `doc` of its records),
  `sha256` of its decoded text, its document `date`, `extracted_at` (UTC, ISO 8601), the
  `factx_version` and a `rules_hash` of the rule files it was extracted with, its number of
  `records`, and the `path` that identifies it (`document_key`): the resolved absolute path
  of the file (links followed), or of the archive and then `:member`. The same file named
  `samples/a.md` in one run and `/home/me/samples/a.md` in the next is one document.
- `facts`: SPEC's fields in SPEC's order plus `document_id` (→ `documents.id`), indexed
  on region, entity, indicator, period and document. A store made before `entity` and
  `entity_code` existed gets those columns (null in its old rows) when it is next opened.
- `meta`: the store's schema version.

A store written before documents had a `path` (schema factx-store-1, keyed by the name as
typed) is migrated when `extract --db` opens it, once, in one transaction: each name is
resolved against the current folder — so open it from the folder the runs were made in — and
names that turn out to be one file (the duplicates that keying caused) are merged into the
row extracted last, the others' records deleted. The summary line says so.

Running again over the same documents changes nothing: a document whose text, date,
factx version and rules are those stored is left as it is (not even `extracted_at`
moves). A document that changed in any of these has its old rows replaced in one
transaction, so a reader never sees it half-written, and an interrupted run (Ctrl-C,
SIGINT, a crash) leaves the store as it was before the document being written.
Documents absent from a run are kept; an input that cannot be read keeps its old rows.

Why the standard `sqlite3` module and not sqlite-utils: the guarantee above rests on
explicit transactions (`BEGIN IMMEDIATE` … `COMMIT`, `ROLLBACK` on any exception,
KeyboardInterrupt included), which `sqlite3` gives directly with autocommit mode;
sqlite-utils would add a runtime dependency for table creation we write in a few
lines, and its own transaction handling would sit between us and that guarantee.
"""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from .documents import DocResult
from .errors import FactxError
from .models import FIELDS
from .rules import default_dir
from .writers import record

SCHEMA_VERSION = "factx-store-2"
OLD_SCHEMA_VERSIONS = ("factx-store-1",)  # migrated on open (`_migrate_paths`)

_COLUMN_TYPES = {
    "value": "REAL",
    "growth": "REAL",
    "start": "INTEGER NOT NULL",
    "end": "INTEGER NOT NULL",
    "doc": "TEXT NOT NULL",
    "indicator": "TEXT NOT NULL",
    "qualifier": "TEXT NOT NULL",
    "kind": "TEXT NOT NULL",
    "sentence": "TEXT NOT NULL",
}


def _q(name: str) -> str:
    return f'"{name}"'  # `end` is an SQL keyword


_DOCUMENTS = """
CREATE TABLE IF NOT EXISTS {table} (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    date TEXT,
    extracted_at TEXT NOT NULL,
    factx_version TEXT NOT NULL,
    rules_hash TEXT NOT NULL,
    records INTEGER NOT NULL,
    path TEXT NOT NULL UNIQUE
);"""

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
{_DOCUMENTS.format(table="documents")}
CREATE TABLE IF NOT EXISTS facts (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    {", ".join(f"{_q(n)} {_COLUMN_TYPES.get(n, 'TEXT')}" for n in FIELDS)}
);
CREATE INDEX IF NOT EXISTS facts_region ON facts(region);
CREATE INDEX IF NOT EXISTS facts_indicator ON facts(indicator);
CREATE INDEX IF NOT EXISTS facts_period ON facts(period);
CREATE INDEX IF NOT EXISTS facts_document ON facts(document_id);
CREATE INDEX IF NOT EXISTS facts_entity ON facts(entity);
"""

_INSERT_FACT = (
    f"INSERT INTO facts (document_id, {', '.join(map(_q, FIELDS))}) VALUES (?, {', '.join('?' for _ in FIELDS)})"
)


def _columns(db: sqlite3.Connection) -> set[str]:
    return {r[1] for r in db.execute("PRAGMA table_info(facts)")}


def document_key(name: str) -> str:
    """What identifies a document across runs: the resolved absolute path of a file (links
    followed), of an archive then `:member`; a URL and stdin (`-`) as named."""
    if name == "-" or "://" in name:
        return name
    path = Path(name)
    if path.exists():
        return str(path.resolve())
    for i, ch in enumerate(name):  # an archive member: the archive is the longest prefix that is one
        if ch == ":" and _is_archive_file(name[:i]):
            return f"{Path(name[:i]).resolve()}:{name[i + 1 :]}"
    return str(path.resolve())


def _is_archive_file(name: str) -> bool:
    from .batch import is_archive  # batch loads the pipeline: only when an archive member is stored

    return is_archive(name) and Path(name).is_file()


class StoreError(FactxError):
    """The store cannot be opened or written (not a SQLite file, not a factx store, disk full)."""


def factx_version() -> str:
    try:
        return version("factx")
    except PackageNotFoundError:
        from . import __version__

        return __version__


def rules_hash(rules_dir: Path | str | None = None) -> str:
    """A hash of the rule files in force: the shipped ones and any --rules DIR laid over them."""
    h = hashlib.sha256()
    for label, folder in (("shipped", default_dir()), ("extra", Path(rules_dir) if rules_dir else None)):
        if folder is None or not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            h.update(f"{label}/{path.name}\0".encode())
            h.update(path.read_bytes())
            h.update(b"\0")
    return h.hexdigest()[:16]


class Store:
    """A factx store; `put` one document at a time, `close` at the end (or use `with`)."""

    def __init__(self, path: str | Path, rules_dir: Path | str | None = None) -> None:
        self.path = str(path)
        self.version = factx_version()
        self.rules = rules_hash(rules_dir)
        self.counts = {"new": 0, "replaced": 0, "unchanged": 0, "failed": 0}
        self.notes: list[str] = []  # said once in the summary: a migration
        if Path(self.path).is_dir():
            raise StoreError(f"--db {self.path}: is a directory")
        try:
            # Autocommit mode: every transaction below is opened and closed explicitly.
            self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        except sqlite3.Error as e:
            raise StoreError(f"--db {self.path}: {e}") from None
        try:
            self.db.execute("PRAGMA foreign_keys = ON")
            self._init_schema()
        except sqlite3.DatabaseError as e:
            self.db.close()
            raise StoreError(f"--db {self.path}: not a SQLite database ({e})") from None

    def _init_schema(self) -> None:
        tables = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if tables and "meta" not in tables:
            raise StoreError(f"--db {self.path}: a SQLite database, but not a factx store (no meta table)")
        if "meta" in tables:
            row = self.db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            if row is None or row[0] not in (SCHEMA_VERSION, *OLD_SCHEMA_VERSIONS):
                found = row[0] if row else "none"
                raise StoreError(f"--db {self.path}: store schema {found}, this factx writes {SCHEMA_VERSION}")
            self._add_new_columns()
            if row[0] != SCHEMA_VERSION:
                self._migrate_paths()
            return
        # One script, one transaction: a store is created whole or not at all.
        self.db.executescript(
            f"BEGIN IMMEDIATE; {SCHEMA} INSERT OR REPLACE INTO meta VALUES ('schema', '{SCHEMA_VERSION}'); COMMIT;"
        )

    def _add_new_columns(self) -> None:
        """A store made before a field existed (entity, entity_code) gets the column, null in its
        old rows, and its index: the same schema, one transaction."""
        missing = [n for n in FIELDS if n not in _columns(self.db)]
        if not missing:
            return
        adds = " ".join(f"ALTER TABLE facts ADD COLUMN {_q(n)} {_COLUMN_TYPES.get(n, 'TEXT')};" for n in missing)
        self.db.executescript(
            f"BEGIN IMMEDIATE; {adds} CREATE INDEX IF NOT EXISTS facts_entity ON facts(entity); COMMIT;"
        )

    def _migrate_paths(self) -> None:
        """factx-store-1 → 2: documents keyed by `document_key` instead of the name as typed, names
        resolved against the current folder; several names of one file merged into the row
        extracted last (its records kept, the others' deleted). The table is rebuilt (SQLite
        cannot drop the old UNIQUE on name) with foreign keys off, so no record cascades away."""
        rows = self.db.execute("SELECT id, name, extracted_at FROM documents ORDER BY extracted_at, id").fetchall()
        keep: dict[str, int] = {}
        for doc_id, name, _ in rows:  # the last extracted wins
            keep[document_key(name)] = doc_id
        dropped = [doc_id for doc_id, _, _ in rows if doc_id not in keep.values()]
        paths = {doc_id: key for key, doc_id in keep.items()}
        columns = "id, name, sha256, date, extracted_at, factx_version, rules_hash, records"
        self.db.execute("PRAGMA foreign_keys = OFF")
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.execute(_DOCUMENTS.format(table="documents_new"))
            self.db.executemany("DELETE FROM facts WHERE document_id = ?", ((d,) for d in dropped))
            old = self.db.execute(f"SELECT {columns} FROM documents").fetchall()
            self.db.executemany(
                f"INSERT INTO documents_new ({columns}, path) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ((*r, paths[r[0]]) for r in old if r[0] in paths),
            )
            self.db.execute("DROP TABLE documents")
            self.db.execute("ALTER TABLE documents_new RENAME TO documents")
            self.db.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (SCHEMA_VERSION,))
            self.db.execute("COMMIT")
        except BaseException:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise
        finally:
            self.db.execute("PRAGMA foreign_keys = ON")
        merged = f", {len(dropped)} duplicate{'s' if len(dropped) != 1 else ''} merged" if dropped else ""
        self.notes.append(f"documents now keyed by absolute path (resolved from {Path.cwd()}{merged})")

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def current(self, result: DocResult, key: str | None = None) -> bool:
        """True when the store already holds this document (by its `key`) as it would be written now."""
        key = key or document_key(result.name)
        row = self.db.execute(
            "SELECT sha256, date, factx_version, rules_hash FROM documents WHERE path = ?", (key,)
        ).fetchone()
        return row is not None and tuple(row) == (result.sha256, result.date, self.version, self.rules)

    def put(self, result: DocResult) -> str:
        """Store one document: 'new', 'replaced', 'unchanged', or 'failed' (an input error: old rows kept)."""
        if result.error is not None or result.text is None:
            self.counts["failed"] += 1
            return "failed"
        key = document_key(result.name)
        if self.current(result, key):
            self.counts["unchanged"] += 1
            return "unchanged"
        try:
            status = self._write(result, key)
        except sqlite3.Error as e:
            raise StoreError(f"--db {self.path}: {result.name} not stored ({e})") from None
        self.counts[status] += 1
        return status

    def _write(self, result: DocResult, key: str) -> str:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        meta = (result.name, result.sha256, result.date, now, self.version, self.rules, len(result.facts))
        self.db.execute("BEGIN IMMEDIATE")
        try:
            row = self.db.execute("SELECT id FROM documents WHERE path = ?", (key,)).fetchone()
            if row is None:
                cur = self.db.execute(
                    "INSERT INTO documents (name, sha256, date, extracted_at, factx_version, rules_hash, records, path)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (*meta, key),
                )
                doc_id, status = cur.lastrowid, "new"
            else:
                doc_id, status = row[0], "replaced"
                self.db.execute("DELETE FROM facts WHERE document_id = ?", (doc_id,))
                self.db.execute(
                    "UPDATE documents SET name = ?, sha256 = ?, date = ?, extracted_at = ?, factx_version = ?,"
                    " rules_hash = ?, records = ? WHERE id = ?",
                    (*meta, doc_id),
                )
            self._insert_facts(doc_id, result)
            self.db.execute("COMMIT")
        except BaseException:  # KeyboardInterrupt too: the document is all written or not at all
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise
        return status

    def _insert_facts(self, doc_id: Any, result: DocResult) -> None:
        self.db.executemany(_INSERT_FACT, ((doc_id, *record(f).values()) for f in result.facts))

    def summary(self) -> str:
        c = self.counts
        parts = [f"{c['new']} new", f"{c['replaced']} replaced", f"{c['unchanged']} unchanged"]
        if c["failed"]:
            parts.append(f"{c['failed']} not read (old rows kept)")
        return f"{self.path}: " + ", ".join([*parts, *self.notes])


def read_facts(path: str | Path) -> list[dict[str, Any]]:
    """Every record in a store, as plain dicts in FIELDS order, documents in the order stored."""
    if not Path(path).is_file():
        raise StoreError(f"{path}: no such store")
    try:
        db = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True)
    except sqlite3.Error as e:
        raise StoreError(f"{path}: {e}") from None
    try:
        have = _columns(db)  # a store not yet migrated reads null for the newer fields
        cols = ", ".join(f"f.{_q(n)}" if n in have else f"NULL AS {_q(n)}" for n in FIELDS)
        rows = db.execute(f"SELECT {cols} FROM facts f ORDER BY f.document_id, f.start, f.id").fetchall()
    except sqlite3.DatabaseError as e:
        raise StoreError(f"{path}: not a factx store ({e})") from None
    finally:
        db.close()
    return [dict(zip(FIELDS, r, strict=True)) for r in rows]
