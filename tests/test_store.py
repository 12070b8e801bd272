"""--db: a SQLite store that a rerun leaves alone, a changed document replaces whole, and an
interrupted run leaves as it was before the document being written."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import factx.batch
import factx.cli
from factx.cli import app
from factx.documents import DocResult
from factx.models import FIELDS, Doc
from factx.pipeline import extract_doc
from factx.store import Store, StoreError, read_facts, rules_hash

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
DEV = ROOT.parent / "shared" / "eval" / "dev" / "docs"
runner = CliRunner()


def extract(*args: str) -> Any:
    return runner.invoke(app, ["extract", *args])


def snapshot(db: Path) -> dict[str, Any]:
    con = sqlite3.connect(db)
    try:
        docs = con.execute("SELECT * FROM documents ORDER BY name").fetchall()
        facts = con.execute("SELECT * FROM facts ORDER BY id").fetchall()
    finally:
        con.close()
    return {"documents": docs, "facts": facts}


def jsonl(*paths: str) -> list[dict[str, Any]]:
    result = extract(*paths, "-f", "jsonl", "-q")
    assert result.exit_code == 0
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.fixture
def news(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    shutil.copytree(SAMPLES, folder)
    return folder


def test_schema_tables_and_indices(tmp_path: Path, news: Path) -> None:
    db = tmp_path / "facts.db"
    result = extract(str(news), "--db", str(db))
    assert result.exit_code == 0 and result.stdout == ""  # --db alone writes nothing on stdout
    assert "5 new" in result.stderr
    con = sqlite3.connect(db)
    docs_cols = [r[1] for r in con.execute("PRAGMA table_info(documents)")]
    assert docs_cols == [
        "id", "name", "sha256", "date", "extracted_at", "factx_version", "rules_hash", "records", "path"
    ]  # fmt: skip
    facts_cols = [r[1] for r in con.execute("PRAGMA table_info(facts)")]
    assert facts_cols == ["id", "document_id", *FIELDS]
    indexed = {r[0]: r[1] for r in con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'")}
    for col in ("region", "entity", "indicator", "period"):
        assert any(sql and f"facts({col})" in sql for sql in indexed.values()), col
    row = con.execute("SELECT name, sha256, date, factx_version, rules_hash, records FROM documents").fetchone()
    assert len(row[1]) == 64 and row[2] and row[3] and row[4] == rules_hash() and row[5] > 0
    con.close()


@pytest.mark.parametrize("corpus", ["samples", "dev"])
def test_two_runs_leave_each_record_exactly_once(tmp_path: Path, corpus: str) -> None:
    folder = SAMPLES if corpus == "samples" else DEV
    if not folder.is_dir():
        pytest.skip("../shared is not here")
    db = tmp_path / "facts.db"
    assert extract(str(folder), "--db", str(db), "-q").exit_code == 0
    first = snapshot(db)
    result = extract(str(folder), "--db", str(db))
    assert result.exit_code == 0 and " 0 new, 0 replaced" in result.stderr
    assert snapshot(db) == first  # nothing moved, not even extracted_at
    stored = read_facts(db)
    expected = jsonl(str(folder))
    key = [(r["doc"], r["start"], r["end"], r["indicator"]) for r in stored]
    assert len(key) == len(set(key))
    assert sorted(key) == sorted((r["doc"], r["start"], r["end"], r["indicator"]) for r in expected)
    assert [r for r in stored] == expected  # same records, same order


def test_records_also_go_to_the_output_when_asked(tmp_path: Path, news: Path) -> None:
    db = tmp_path / "facts.db"
    result = extract(str(news), "--db", str(db), "-f", "jsonl", "-q")
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == len(read_facts(db)) > 0


def test_a_changed_document_replaces_its_old_rows(tmp_path: Path, news: Path) -> None:
    db = tmp_path / "facts.db"
    assert extract(str(news), "--db", str(db), "-q").exit_code == 0
    before = snapshot(db)
    target = news / "city-briefing.md"
    text = target.read_text(encoding="utf-8")
    assert "25934.28亿元" in text
    target.write_text(text.replace("25934.28亿元", "26000.5亿元"), encoding="utf-8")
    result = extract(str(news), "--db", str(db))
    assert result.exit_code == 0 and "1 replaced, 4 unchanged" in result.stderr
    rows = [r for r in read_facts(db) if r["doc"] == str(target)]
    texts = [r["value_text"] for r in rows]
    assert "25934.28亿元" not in texts and texts.count("26000.5亿元") == 2
    assert len(rows) == len([r for r in jsonl(str(target))])
    after = snapshot(db)
    # The other documents' rows are untouched, row ids included.
    name_of = {d[0]: d[1] for d in before["documents"]}
    keep = [f for f in before["facts"] if name_of[f[1]] != str(target)]
    assert [f for f in after["facts"] if name_of[f[1]] != str(target)] == keep
    changed = next(d for d in after["documents"] if d[1] == str(target))
    old = next(d for d in before["documents"] if d[1] == str(target))
    assert changed[0] == old[0] and changed[2] != old[2]  # same document id, new hash


def test_an_interrupted_run_leaves_the_store_as_it_was(tmp_path: Path, news: Path, monkeypatch: Any) -> None:
    db = tmp_path / "facts.db"
    assert extract(str(news), "--db", str(db), "-q").exit_code == 0
    for f in news.glob("*.md"):  # every document changes, so every one would be rewritten
        f.write_text(f.read_text(encoding="utf-8") + "\n补记：全年出口增长9.9%。\n", encoding="utf-8")
    before = snapshot(db)
    seen: list[str] = []

    def interrupted(doc: Doc, rules: Any = None, explain: Any = None) -> Any:
        seen.append(doc.name)
        if len(seen) == 3:
            raise KeyboardInterrupt
        return extract_doc(doc, rules)

    monkeypatch.setattr(factx.batch, "extract_doc", interrupted)  # one process (-j 1): the stand-in reaches it
    assert extract(str(news), "--db", str(db), "-q", "-j", "1").exit_code == 130
    after = snapshot(db)
    done = set(seen[:2])
    old_docs = {d[1]: d for d in before["documents"]}
    new_docs = {d[1]: d for d in after["documents"]}
    assert set(new_docs) == set(old_docs)
    for name in old_docs:
        if name in done:
            assert new_docs[name][2] != old_docs[name][2]  # written before the interrupt
        else:
            assert new_docs[name] == old_docs[name]  # the third and later: as they were
    ids = {d[0]: d[1] for d in after["documents"]}
    assert [f for f in after["facts"] if ids[f[1]] not in done] == [f for f in before["facts"] if ids[f[1]] not in done]


def test_an_interrupt_inside_a_write_rolls_the_document_back(tmp_path: Path, news: Path, monkeypatch: Any) -> None:
    db = tmp_path / "facts.db"
    assert extract(str(news), "--db", str(db), "-q").exit_code == 0
    before = snapshot(db)
    target = news / "trad-hk.md"
    target.write_text(target.read_text(encoding="utf-8") + "\n補記：出口增長9.9%。\n", encoding="utf-8")
    real = Store._insert_facts

    def half_written(self: Store, doc_id: Any, result: DocResult) -> None:
        real(self, doc_id, result)  # the old rows are deleted, the new ones in: now stop
        raise KeyboardInterrupt

    monkeypatch.setattr(Store, "_insert_facts", half_written)
    assert extract(str(target), "--db", str(db), "-q").exit_code == 130
    assert snapshot(db) == before


def test_an_unreadable_input_keeps_its_rows(tmp_path: Path, news: Path) -> None:
    db = tmp_path / "facts.db"
    assert extract(str(news), "--db", str(db), "-q").exit_code == 0
    before = snapshot(db)
    gone = news / "weekly-digest.md"
    gone.unlink()
    result = extract(str(gone), str(news / "trad-hk.md"), "--db", str(db))
    assert result.exit_code == 1 and "no such file" in result.stderr
    assert "1 not read (old rows kept)" in result.stderr
    assert snapshot(db) == before


def test_rules_or_date_changes_rewrite(tmp_path: Path, news: Path) -> None:
    db = tmp_path / "facts.db"
    doc = str(news / "city-briefing.md")
    assert extract(doc, "--db", str(db), "-q").exit_code == 0
    result = extract(doc, "--db", str(db), "--date", "2024-11-01")
    assert "1 replaced" in result.stderr
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "units.toml").write_text("", encoding="utf-8")
    assert rules_hash(rules) != rules_hash()
    assert extract(doc, "--db", str(db), "--date", "2024-11-01", "--rules", str(rules), "-q").exit_code == 0
    con = sqlite3.connect(db)
    assert con.execute("SELECT rules_hash FROM documents").fetchone()[0] == rules_hash(rules)
    con.close()


def test_not_a_factx_store_is_refused(tmp_path: Path, news: Path) -> None:
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    result = extract(str(news), "--db", str(other))
    assert result.exit_code == 2 and "not a factx store" in result.stderr
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    result = extract(str(news), "--db", str(junk))
    assert result.exit_code == 2 and "not a SQLite database" in result.stderr
    with pytest.raises(StoreError):
        Store(tmp_path)


def test_pandas_read_sql(tmp_path: Path, news: Path) -> None:
    pd = pytest.importorskip("pandas")
    db = tmp_path / "facts.db"
    assert extract(str(news), "--db", str(db), "-q").exit_code == 0
    with sqlite3.connect(db) as con:
        df = pd.read_sql("SELECT f.*, d.date FROM facts f JOIN documents d ON d.id = f.document_id", con)
    assert len(df) == len(read_facts(db)) and df["region_code"].dropna().map(type).eq(str).all()


OLD_DOCUMENTS = """CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    sha256 TEXT NOT NULL,
    date TEXT,
    extracted_at TEXT NOT NULL,
    factx_version TEXT NOT NULL,
    rules_hash TEXT NOT NULL,
    records INTEGER NOT NULL
);"""


def _store_1(db: Path, fields: list[str]) -> sqlite3.Connection:
    """An empty store as factx-store-1 was: documents keyed by their name as typed; facts with `fields`."""
    import factx.store as st

    schema = st.SCHEMA.replace(st._DOCUMENTS.format(table="documents"), OLD_DOCUMENTS)
    if "entity" not in fields:
        schema = schema.replace(', "entity" TEXT, "entity_code" TEXT', "").replace(
            "CREATE INDEX IF NOT EXISTS facts_entity ON facts(entity);", ""
        )
    assert "path TEXT" not in schema and ("entity" in fields) == ('"entity"' in schema)
    con = sqlite3.connect(db)
    con.executescript(schema)
    con.execute("INSERT INTO meta VALUES ('schema', 'factx-store-1')")
    return con


def _old_store(db: Path) -> None:
    """A store as factx wrote it before entity and entity_code: those two columns missing."""
    old = [n for n in FIELDS if n not in ("entity", "entity_code")]
    con = _store_1(db, old)
    con.execute("INSERT INTO documents VALUES (1, 'old.md', 'x', NULL, 't', 'v0', 'r0', 1)")
    row = {n: None for n in old} | {"doc": "old.md", "indicator": "营收", "qualifier": "exact", "kind": "actual"}
    row |= {"sentence": "s", "start": 0, "end": 1}
    con.execute(
        f"INSERT INTO facts (document_id, {', '.join(f'{chr(34)}{n}{chr(34)}' for n in old)})"
        f" VALUES (1, {', '.join('?' for _ in old)})",
        [row[n] for n in old],
    )
    con.commit()
    con.close()


def test_a_store_made_before_entity_opens_and_gets_the_columns(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    _old_store(db)
    before = read_facts(db)  # read-only, not migrated: the new fields read as null
    assert [r["entity"] for r in before] == [None] and list(before[0]) == list(FIELDS)
    doc = tmp_path / "new.md"
    doc.write_text("招商银行（600036.SH）2023年实现营业收入3391.23亿元，同比下降1.64%。\n", encoding="utf-8")
    result = extract(str(doc), "--db", str(db), "-q")
    assert result.exit_code == 0, result.stderr
    con = sqlite3.connect(db)
    cols = [r[1] for r in con.execute("PRAGMA table_info(facts)")]
    indexed = [r[0] for r in con.execute("SELECT sql FROM sqlite_master WHERE type = 'index'") if r[0]]
    con.close()
    assert {"entity", "entity_code"} <= set(cols) and any("facts(entity)" in sql for sql in indexed)
    rows = {r["doc"]: r for r in read_facts(db)}
    assert rows["old.md"]["entity"] is None and rows["old.md"]["indicator"] == "营收"
    assert rows[str(doc)]["entity"] == "招商银行" and rows[str(doc)]["entity_code"] == "600036.SH"
    assert extract(str(doc), "--db", str(db), "-q").exit_code == 0  # a migrated store opens as any other


# --- one document however it is named ---------------------------------------------------------------


def test_the_same_files_named_two_ways_are_stored_once(tmp_path: Path, news: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "facts.db"
    assert "5 new" in extract("news", "--db", str(db)).stderr
    first = snapshot(db)
    result = extract(str(news.resolve()), "--db", str(db))
    assert result.exit_code == 0 and "0 new, 0 replaced, 5 unchanged" in result.stderr
    (tmp_path / "link").symlink_to(news)
    monkeypatch.chdir(news)
    assert (
        "0 new, 0 replaced, 2 unchanged" in extract("./trad-hk.md", "../link/stats-bulletin.md", "--db", str(db)).stderr
    )
    assert snapshot(db) == first  # no row doubled, none moved
    paths = [r[8] for r in first["documents"]]
    assert paths == sorted(str(p.resolve()) for p in news.glob("*.md"))


def test_an_archive_member_is_keyed_by_the_resolved_archive_and_its_name(tmp_path: Path, monkeypatch: Any) -> None:
    import zipfile

    monkeypatch.chdir(tmp_path)
    with zipfile.ZipFile("news.zip", "w") as zf:
        zf.write(SAMPLES / "trad-hk.md", "in/trad-hk.md")
    db = tmp_path / "facts.db"
    assert "1 new" in extract("news.zip", "--db", str(db)).stderr
    assert "0 new, 0 replaced, 1 unchanged" in extract(str(tmp_path / "news.zip"), "--db", str(db)).stderr
    con = sqlite3.connect(db)
    assert con.execute("SELECT name, path FROM documents").fetchall() == [
        ("news.zip:in/trad-hk.md", f"{tmp_path.resolve()}/news.zip:in/trad-hk.md")
    ]
    con.close()


def test_a_store_keyed_by_typed_names_is_migrated_and_its_duplicates_merged(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "news").mkdir()
    shutil.copy(SAMPLES / "trad-hk.md", tmp_path / "news" / "trad-hk.md")
    db = tmp_path / "facts.db"
    con = _store_1(db, list(FIELDS))
    # the old keying stored one file twice: as news/trad-hk.md, then by its absolute name
    names = ["news/trad-hk.md", str(tmp_path / "news" / "trad-hk.md")]
    for doc_id, name in enumerate(names, 1):
        con.execute(
            "INSERT INTO documents VALUES (?, ?, 'x', NULL, ?, 'v0', 'r0', 1)", (doc_id, name, f"2024-01-0{doc_id}")
        )
        row = dict.fromkeys(FIELDS) | {"doc": name, "indicator": "营收", "qualifier": "exact", "kind": "actual"}
        row |= {"sentence": "s", "start": 0, "end": 1}
        con.execute(
            f"INSERT INTO facts (document_id, {', '.join(f'{chr(34)}{n}{chr(34)}' for n in FIELDS)})"
            f" VALUES (?, {', '.join('?' for _ in FIELDS)})",
            [doc_id, *(row[n] for n in FIELDS)],
        )
    con.commit()
    con.close()
    result = extract("news", "--db", str(db))
    assert result.exit_code == 0, result.stderr
    assert "0 new, 1 replaced, 0 unchanged" in result.stderr  # old hash 'x': extracted anew, in place
    assert f"documents now keyed by absolute path (resolved from {tmp_path}, 1 duplicate merged)" in result.stderr
    con = sqlite3.connect(db)
    assert con.execute("SELECT id, path FROM documents").fetchall() == [
        (2, str((tmp_path / "news/trad-hk.md").resolve()))
    ]
    assert con.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() == ("factx-store-2",)
    assert {r[0] for r in con.execute("SELECT document_id FROM facts")} == {2}
    con.close()
    assert len(read_facts(db)) == len(jsonl("news"))
    assert "0 new, 0 replaced, 1 unchanged" in extract(str(tmp_path / "news"), "--db", str(db)).stderr
