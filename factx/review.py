"""`-f html`: one self-contained page for checking an extraction by eye.

Each document's text is shown as read (offsets index it), with every claim
highlighted at its offsets, coloured by kind (actual, target). Hovering over a
highlight, or moving to it with Tab, shows its record (a `title`, an `aria-label`
and a CSS tooltip). Numbers that were left out are marked faintly, with the rule
that dropped them. Below the documents, a table of every record sorts by any column
and filters by region, entity, indicator, period and kind.

The page loads nothing: its style and its small script are inline, it names no
font file, no external script and no external style, so it opens the same from a
mail attachment or an air-gapped machine. The template (`templates/review.html.j2`)
is rendered by jinja2 with autoescape on: document text is data, never markup.

The CLI hands the writer one `DocResult` per document (name, text, date, records,
dropped numbers, error). `add(facts)` works too, without the text: the records are
then listed, and no text is shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from typing import IO, Any

import jinja2

from .documents import DocResult, group_by_doc
from .models import Fact
from .writers import record

COLUMNS = (
    ("#", "number"),
    ("doc", "text"),
    ("region", "text"),
    ("entity", "text"),
    ("indicator", "text"),
    ("value_text", "text"),
    ("value", "number"),
    ("unit", "text"),
    ("growth", "number"),
    ("period", "text"),
    ("kind", "text"),
    ("sentence", "text"),
)


@dataclass(slots=True)
class Piece:
    """A run of document text: plain, a claim highlight, or a number left out."""

    kind: str  # "text" | "claim" | "dropped"
    text: str
    start: int = 0
    end: int = 0
    tip: str = ""
    cls: str = ""
    anchor: str = ""
    records: list[int] = field(default_factory=list)


def tip(fact: Fact) -> str:
    """A record as a few short lines, for the tooltip of its highlight."""
    rec = record(fact)
    place = rec["region"] or "(no region)"
    if rec["region_code"]:
        place += f" {rec['region_code']}"
    lines = [f"{rec['indicator']} · {place}"]
    if rec["entity"]:
        lines.append(f"entity {rec['entity']}" + (f" {rec['entity_code']}" if rec["entity_code"] else ""))
    if rec["value"] is not None:
        lines.append(f"value {rec['value']:,} {rec['unit'] or ''} ({rec['qualifier']})".rstrip())
    if rec["growth"] is not None:
        basis = f" {rec['growth_basis']}" if rec["growth_basis"] else ""
        lines.append(f"growth {rec['growth']:+g}{rec['growth_unit'] or ''}{basis}")
    period = rec["period"] or "(no period)"
    if rec["period_text"]:
        period += f" ← {rec['period_text']}"
    lines.append(f"period {period}")
    lines.append(f"kind {rec['kind']}")
    return "\n".join(lines)


def pieces(
    text: str, facts: list[Fact], dropped: list[dict[str, Any]], first_id: int
) -> tuple[list[Piece], dict[int, str]]:
    """The text cut into runs, and the anchor of each record's highlight (by record id).

    Records are numbered from `first_id` in the order given. Records whose spans overlap
    share one highlight covering all of them; a dropped number that overlaps a highlight
    (or an earlier dropped number) is not marked."""
    marks: list[Piece] = []
    for i, f in sorted(enumerate(facts, start=first_id), key=lambda p: (p[1].start, p[1].end)):
        if marks and f.start < marks[-1].end:
            m = marks[-1]
            m.end = max(m.end, f.end)
            m.records.append(i)
            m.tip += "\n—\n" + tip(f)
            m.cls = m.cls if m.cls == f.kind else "mixed"
            continue
        marks.append(Piece("claim", "", f.start, f.end, tip(f), f.kind, f"r{i}", [i]))
    spans = [(m.start, m.end) for m in marks]
    left_out: list[Piece] = []
    for d in sorted(dropped, key=lambda d: (int(d["start"]), int(d["end"]))):
        s, e = int(d["start"]), int(d["end"])
        if s >= e or any(s < me and ms < e for ms, me in spans) or (left_out and s < left_out[-1].end):
            continue
        left_out.append(Piece("dropped", "", s, e, f"left out: {d.get('rule') or 'a nonclaim rule'}"))
    runs = sorted(marks + left_out, key=lambda p: p.start)
    out: list[Piece] = []
    at = 0
    for p in runs:
        if p.start > at:
            out.append(Piece("text", text[at : p.start]))
        p.text = text[p.start : p.end]
        out.append(p)
        at = p.end
    if at < len(text):
        out.append(Piece("text", text[at:]))
    anchors = {i: m.anchor for m in marks for i in m.records}
    return out, anchors


def _shown(value: Any) -> str:
    return "" if value is None else f"{value:,}" if isinstance(value, int) else f"{value:g}"


class HtmlWriter:
    """Documents in, one page out at `close` (the records table needs them all)."""

    wants_dropped = True

    def __init__(self, stream: IO[str], title: str = "factx review") -> None:
        self.stream = stream
        self.title = title
        self.documents: list[dict[str, Any]] = []
        self.records: list[dict[str, Any]] = []
        self.dropped_count = 0

    def add(self, facts: Iterable[Fact]) -> None:
        for result in group_by_doc(facts):
            self.add_document(result)

    def add_document(self, result: DocResult) -> None:
        first = len(self.records) + 1
        anchors: dict[int, str] = {}
        runs: list[Piece] | None = None
        if result.text is not None:
            runs, anchors = pieces(result.text, result.facts, result.dropped, first)
        n = len(self.documents) + 1
        self.documents.append(
            {
                "name": result.name,
                "anchor": f"doc{n}",
                "date": result.date,
                "count": len(result.facts),
                "dropped": sum(p.kind == "dropped" for p in runs or ()),
                "error": result.error,
                "pieces": runs,
            }
        )
        self.dropped_count += self.documents[-1]["dropped"]
        for i, f in enumerate(result.facts, start=first):
            rec = record(f)
            growth = "" if rec["growth"] is None else f"{rec['growth']:+g}{rec['growth_unit'] or ''}"
            self.records.append(
                {**rec, "id": i, "anchor": anchors.get(i), "value_shown": _shown(rec["value"]), "growth_shown": growth}
            )

    def close(self) -> None:
        self.stream.write(render(self.title, self.documents, self.records, self.dropped_count))
        self.stream.flush()


def render(title: str, documents: list[dict[str, Any]], records: list[dict[str, Any]], dropped_count: int) -> str:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("factx", "templates"),
        autoescape=True,  # document text is data: every <, & and " is escaped
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    regions = sorted({r["region"] for r in records if r["region"]})
    return env.get_template("review.html.j2").render(
        title=title,
        version=_version(),
        documents=documents,
        records=records,
        regions=regions,
        dropped_count=dropped_count,
        columns=[{"name": n, "type": t} for n, t in COLUMNS],
    )


def _version() -> str:
    try:
        return version("factx")
    except PackageNotFoundError:
        return "(not installed)"
