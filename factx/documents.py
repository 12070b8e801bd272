"""One document's outcome, for outputs that need more than its records.

The stream writers (`table`, `json`, `jsonl`, `csv`) take records only (`add(facts)`).
Some outputs need the document itself: the review page shows its text with every
claim highlighted and every number left out; the workbook and the SQLite store list
each document with its date, its record count and any error. Those take a
`DocResult` per document through `add_document`; the CLI hands one to any output
that has that method (`add_result`) and asks for the dropped numbers only when the
output wants them (`wants_dropped`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from .models import Doc, Fact


@dataclass(slots=True)
class DocResult:
    """A document as read and extracted, or the error that stopped it (then `facts` is empty)."""

    name: str
    facts: list[Fact] = field(default_factory=list)
    text: str | None = None  # the decoded text the offsets index; None when not at hand
    date: str | None = None  # the document date relative words resolved against
    dropped: list[dict[str, Any]] = field(default_factory=list)  # Explanation.dropped
    error: str | None = None  # one line saying why the document could not be read
    # Offsets of each record's growth figure (by position in `facts`), where it has one apart from
    # its amount: the review page highlights both. Known only from an extraction with an Explanation.
    growth_spans: dict[int, tuple[int, int]] = field(default_factory=dict)
    headings: dict[int, int] = field(default_factory=dict)  # Doc.headings: an HTML page's h1–h6 lines

    @classmethod
    def of(cls, doc: Doc, facts: Iterable[Fact], dropped: Iterable[dict[str, Any]] = ()) -> DocResult:
        return cls(doc.name, list(facts), doc.text, doc.date, list(dropped), headings=dict(doc.headings))

    @classmethod
    def explained(cls, doc: Doc, facts: Iterable[Fact], explanation: Any) -> DocResult:
        """A document extracted with an `Explanation`: its records, the numbers left out and
        where each record's growth figure is written (the explanation lists the records in order)."""
        facts = list(facts)
        traced = explanation.records if [f for f, _ in explanation.records] == facts else []
        spans = {i: s for i, (f, why) in enumerate(traced) if (s := growth_span(f, why)) is not None}
        dropped = list(explanation.dropped)
        return cls(doc.name, facts, doc.text, doc.date, dropped, growth_spans=spans, headings=dict(doc.headings))

    @classmethod
    def failed(cls, name: str, error: str) -> DocResult:
        return cls(name, error=error)

    @property
    def sha256(self) -> str | None:
        """The hash of the decoded text: the same text read from UTF-8 or GBK bytes is the same document."""
        return None if self.text is None else hashlib.sha256(self.text.encode("utf-8")).hexdigest()


_GROWTH_NOTE = re.compile(r"text (\d+):(\d+)")  # pipeline._why: the growth figure's offsets


def growth_span(fact: Fact, why: dict[str, dict[str, str]]) -> tuple[int, int] | None:
    """Where the growth figure of a record with an amount is written; None for a growth-only
    record (its own offsets are the figure) and for a record without growth."""
    m = _GROWTH_NOTE.fullmatch(why.get("growth", {}).get("note", ""))
    if m is None or fact.value_text is None:
        return None
    span = (int(m[1]), int(m[2]))
    return None if span == (fact.start, fact.end) or span[0] >= span[1] else span


class DocumentWriter(Protocol):
    """An output that takes whole documents: `add_document` once per input, then `close` once."""

    wants_dropped: bool

    def add_document(self, result: DocResult) -> None: ...
    def close(self) -> None: ...


def wants_dropped(writer: object) -> bool:
    """Whether `writer` shows the numbers left out (then extract with an `Explanation`)."""
    return bool(getattr(writer, "wants_dropped", False))


def add_result(writer: Any, result: DocResult) -> None:
    """Hand a document to any writer: whole where it takes documents, else its records."""
    if hasattr(writer, "add_document"):
        writer.add_document(result)
    elif result.error is None:
        writer.add(result.facts)


def group_by_doc(facts: Iterable[Fact]) -> list[DocResult]:
    """Records with no document at hand, grouped by their `doc` in order of first appearance."""
    groups: dict[str, DocResult] = {}
    for f in facts:
        groups.setdefault(f.doc, DocResult(f.doc)).facts.append(f)
    return list(groups.values())


class Sinks:
    """Where each document goes: the output writer and, with `--db`, the store.

    `extract` runs the pipeline the way the output needs (with an `Explanation` only when the
    output shows dropped numbers); `failed` records an input that could not be read."""

    def __init__(self, writer: Any, store: Any = None) -> None:
        self.writer = writer
        self.store = store

    def extract(self, doc: Doc, rules: Any, extract: Any) -> None:
        """Extract `doc` with `extract` (`pipeline.extract_doc`, or a stand-in) and hand it on."""
        from .pipeline import Explanation

        if wants_dropped(self.writer):
            explanation = Explanation()
            facts = extract(doc, rules, explanation)
            self.put(DocResult.explained(doc, facts, explanation))
        else:
            self.put(DocResult.of(doc, extract(doc, rules)))

    def failed(self, name: str, error: str) -> None:
        self.put(DocResult.failed(name, error))

    def put(self, result: DocResult) -> None:
        add_result(self.writer, result)
        if self.store is not None:
            self.store.put(result)


class NullWriter:
    """No output (`--db` alone: the records go to the store)."""

    def add(self, facts: Iterable[Fact]) -> None:
        pass

    def close(self) -> None:
        pass
