"""`factx extract PATH... --db facts.db`: a SQLite store of documents and their records.

Tables
- `documents`: one row per document name — `sha256` of its decoded text, its document
  `date`, `extracted_at` (UTC, ISO 8601), the `factx_version` and a `rules_hash` of the
  rule files it was extracted with, and its number of `records`.
- `facts`: SPEC's fields in SPEC's order plus `document_id` (→ `documents.id`), indexed
  on region, entity, indicator, period and document. A store made before `entity` and
  `entity_code` existed gets those columns (null in its old rows) when it is next opened.
- `meta`: the store's schema version.

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

SCHEMA_VERSION = "factx-store-1"

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


SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    sha256 TEXT NOT NULL,
    date TEXT,
    extracted_at TEXT NOT NULL,
    factx_version TEXT NOT NULL,
    rules_hash TEXT NOT NULL,
    records INTEGER NOT NULL
);
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
            if row is None or row[0] != SCHEMA_VERSION:
                found = row[0] if row else "none"
                raise StoreError(f"--db {self.path}: store schema {found}, this factx writes {SCHEMA_VERSION}")
            self._add_new_columns()
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

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def current(self, result: DocResult) -> bool:
        """True when the store already holds this document as it would be written now."""
        row = self.db.execute(
            "SELECT sha256, date, factx_version, rules_hash FROM documents WHERE name = ?", (result.name,)
        ).fetchone()
        return row is not None and tuple(row) == (result.sha256, result.date, self.version, self.rules)

    def put(self, result: DocResult) -> str:
        """Store one document: 'new', 'replaced', 'unchanged', or 'failed' (an input error: old rows kept)."""
        if result.error is not None or result.text is None:
            self.counts["failed"] += 1
            return "failed"
        if self.current(result):
            self.counts["unchanged"] += 1
            return "unchanged"
        try:
            status = self._write(result)
        except sqlite3.Error as e:
            raise StoreError(f"--db {self.path}: {result.name} not stored ({e})") from None
        self.counts[status] += 1
        return status

    def _write(self, result: DocResult) -> str:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        meta = (result.sha256, result.date, now, self.version, self.rules, len(result.facts))
        self.db.execute("BEGIN IMMEDIATE")
        try:
            row = self.db.execute("SELECT id FROM documents WHERE name = ?", (result.name,)).fetchone()
            if row is None:
                cur = self.db.execute(
                    "INSERT INTO documents (name, sha256, date, extracted_at, factx_version, rules_hash, records)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (result.name, *meta),
                )
                doc_id, status = cur.lastrowid, "new"
            else:
                doc_id, status = row[0], "replaced"
                self.db.execute("DELETE FROM facts WHERE document_id = ?", (doc_id,))
                self.db.execute(
                    "UPDATE documents SET sha256 = ?, date = ?, extracted_at = ?, factx_version = ?,"
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
        return f"{self.path}: " + ", ".join(parts)


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
