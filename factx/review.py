"""`-f html`: one self-contained page to review an extraction — a desk, not just a report.

Each document's text is shown with its structure (headings, bold, lists, tables: see
`review_layout`) and every claim highlighted at its offsets, coloured by kind (actual, target);
a record's growth figure is highlighted too, and both highlights belong to the record. Hovering
over a highlight, or moving to it with Tab, shows its record. Numbers that were left out are
marked faintly, with the rule that dropped them. Below the documents, a table of every record
sorts by any column and filters by region, entity, indicator, period and kind. Clicking a
highlight selects its row; clicking a row shows its highlights.

The page is also where records are judged: each row is marked right or wrong, and a field is
fixed in place (double-click it). The export button downloads the judged records as JSON Lines
in the gold format `factx eval --gold` reads: the records marked right and the corrected ones,
each with its `doc` as `factx extract` wrote it; records marked wrong and not corrected, and
records not judged, are left out.

The page loads nothing: its style and its small script are inline, it names no font file, no
external script and no external style, so it opens the same from a mail attachment or an
air-gapped machine. Document text is data, never markup: the template is rendered by jinja2 with
autoescape on, the document body is built with markupsafe (every string escaped), a record
travels to the script as JSON in a single-quoted attribute (`tojson` escapes `'`, `<`, `>`, `&`),
and the script writes text with `textContent` only.

The CLI hands the writer one `DocResult` per document (name, text, date, records, dropped
numbers, growth spans, error). `add(facts)` works too, without the text: the records are then
listed, and no text is shown.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from typing import IO, Any

import jinja2
from markupsafe import Markup, escape

from .documents import DocResult, group_by_doc
from .models import Fact
from .review_layout import Block, Cell, Line, Run, layout
from .writers import record

# The records table's columns and how each sorts. region and entity cells carry their codes,
# growth its unit; every field of a cell but doc and sentence is edited in place.
COLUMNS = (
    ("#", "number"),
    ("review", "text"),
    ("doc", "text"),
    ("region", "text"),
    ("entity", "text"),
    ("indicator", "text"),
    ("value_text", "text"),
    ("value", "number"),
    ("unit", "text"),
    ("growth", "number"),
    ("basis", "text"),
    ("period", "text"),
    ("kind", "text"),
    ("sentence", "text"),
)


@dataclass(slots=True)
class Piece:
    """A run of document text: plain, a claim highlight, a growth highlight, or a number left out."""

    kind: str  # "text" | "claim" | "growth" | "dropped"
    text: str
    start: int = 0
    end: int = 0
    tip: str = ""
    cls: str = ""
    anchor: str = ""
    records: list[int] = field(default_factory=list)

    def join(self, record_id: int, end: int, tip: str, kind: str) -> None:
        """Another record highlighted here (overlapping spans share one highlight)."""
        self.end = max(self.end, end)
        if record_id not in self.records:
            self.records.append(record_id)
            self.tip += "\n—\n" + tip
        self.cls = self.cls if self.cls == kind else "mixed"


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
    text: str,
    facts: list[Fact],
    dropped: list[dict[str, Any]],
    first_id: int,
    growth_spans: dict[int, tuple[int, int]] | None = None,
) -> tuple[list[Piece], dict[int, str]]:
    """The text cut into runs, and the anchor of each record's amount highlight (by record id).

    Records are numbered from `first_id` in the order given; `growth_spans` gives, by position in
    `facts`, where a record's growth figure is written. Records whose spans overlap share one
    highlight covering all of them; a growth figure that overlaps a highlight joins it (a rate
    shared by two amounts is one highlight of both); a dropped number that overlaps a highlight
    (or an earlier dropped number) is not marked."""
    marks = _claim_marks(facts, first_id)
    anchors = {i: m.anchor for m in marks for i in m.records}
    marks = _with_growth(marks, facts, first_id, growth_spans or {})
    starts = [m.start for m in marks]
    left_out: list[Piece] = []
    for d in sorted(dropped, key=lambda d: (int(d["start"]), int(d["end"]))):
        s, e = int(d["start"]), int(d["end"])
        if s >= e or _overlaps(marks, starts, s, e) or (left_out and s < left_out[-1].end):
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
    return out, anchors


def _claim_marks(facts: list[Fact], first_id: int) -> list[Piece]:
    marks: list[Piece] = []
    for i, f in sorted(enumerate(facts, start=first_id), key=lambda p: (p[1].start, p[1].end)):
        if marks and f.start < marks[-1].end:
            marks[-1].join(i, f.end, tip(f), f.kind)
        else:
            marks.append(Piece("claim", "", f.start, f.end, tip(f), f.kind, f"r{i}", [i]))
    return marks


def _with_growth(
    marks: list[Piece], facts: list[Fact], first_id: int, growth_spans: dict[int, tuple[int, int]]
) -> list[Piece]:
    """The claim highlights and, for each record with one, the highlight of its growth figure.

    Claim highlights do not overlap and are sorted; growth figures are taken in order of start,
    so the only growth highlight one can overlap is the last one made."""
    starts = [m.start for m in marks]
    rates: list[Piece] = []
    for n, (s, e) in sorted(growth_spans.items(), key=lambda item: item[1]):
        if not 0 <= n < len(facts) or s >= e:
            continue
        i, f = first_id + n, facts[n]
        hit = _overlaps(marks, starts, s, e) or (rates[-1] if rates and s < rates[-1].end else None)
        if hit is None:
            rates.append(Piece("growth", "", s, e, tip(f), f.kind, f"g{i}", [i]))
        elif hit.start <= s and e <= hit.end:
            hit.join(i, hit.end, tip(f), f.kind)
        # a growth figure that straddles another highlight's edge is not marked: highlights never cross
    return sorted(marks + rates, key=lambda m: m.start)


def _overlaps(marks: list[Piece], starts: list[int], s: int, e: int) -> Piece | None:
    """A highlight of `marks` (sorted, not overlapping; `starts` their starts) that overlaps [s, e)."""
    k = bisect_left(starts, e) - 1  # the last highlight starting before e
    return marks[k] if k >= 0 and marks[k].end > s else None


def _base_name(doc: str) -> str:
    """`samples/a.md` → `a.md`, `x.zip:dir/a.md` → `a.md`: the table's doc column (the full name is its title)."""
    return doc.replace("\\", "/").rsplit("/", 1)[-1].rsplit(":", 1)[-1] or doc


def _shown(value: Any) -> str:
    return "" if value is None else f"{value:,}" if isinstance(value, int) else f"{value:g}"


# ---------------------------------------------------------------- the document as HTML


def _e(s: object) -> str:
    """Escaped for text and for a double- or single-quoted attribute: every `<`, `>`, `&`, `"`, `'`."""
    return str(escape(s))


def _text(s: str) -> str:
    """Escaped text; a carriage return as a character reference, which the HTML parser keeps
    (a raw one it turns into a line feed, and `\r\n` into one character: offsets would shift)."""
    return _e(s).replace("\r", "&#13;")


# The document body is built as strings, not with Markup.format (ten times slower on a long
# document): every value below goes through _e or _text; tag and class names are constants.


def _piece_html(p: Piece, text: str) -> str:
    """A highlight (or a number left out) around `text`, the document's characters at its offsets."""
    if p.kind == "dropped":
        where = f'data-start="{p.start}" data-end="{p.end}"'
        return f'<span class="dropped" {where} title="{_e(p.tip)}">{_text(text)}</span>'
    tip = _e(p.tip)
    return (
        f'<mark class="{_e(p.kind)} {_e(p.cls)}" id="{_e(p.anchor)}" tabindex="0" data-start="{p.start}"'
        f' data-end="{p.end}" data-records="{_e(" ".join(map(str, p.records)))}" title="{tip}"'
        f' aria-label="{_e(text)}: {tip}" data-tip="{tip}">{_text(text)}</mark>'
    )


def _runs_html(runs: list[Run]) -> str:
    out = []
    for r in runs:
        if r.kind == "markup":
            out.append(f'<span class="mk">{_text(r.text)}</span>')
            continue
        inner = _piece_html(r.piece, r.text) if r.kind == "piece" and isinstance(r.piece, Piece) else _text(r.text)
        if r.em:
            inner = f"<em>{inner}</em>"
        if r.strong:
            inner = f"<strong>{inner}</strong>"
        out.append(inner)
    return "".join(out)


_LINE_TAGS = {"para": "div", "blank": "div", "quote": "blockquote", "rule": "div"}
_LINE_KINDS = frozenset(("para", "blank", "quote", "rule"))


def _line_html(line: Line) -> str:
    if line.kind == "heading":
        tag = f"h{min(line.level + 2, 6)}"  # the page's own h1, h2 stand above a document's headings
        return f'<{tag} class="l md-h{int(line.level)}">{_runs_html(line.runs)}</{tag}>'
    kind = line.kind if line.kind in _LINE_KINDS else "para"
    return f'<{_LINE_TAGS[kind]} class="l {kind}">{_runs_html(line.runs)}</{_LINE_TAGS[kind]}>'


def _cell_html(cell: Cell) -> str:
    tag = "th" if cell.head else "td"
    return f"<{tag}>{_runs_html(cell.runs)}</{tag}>"


def _block_html(block: Block) -> str:
    """One block; every line end is kept as text between the elements (white space: not shown)."""
    if block.kind == "list":
        items = "".join(
            f'<li class="l lvl{int(line.level)}{" ordered" if line.ordered else ""}">{_runs_html(line.runs)}</li>'
            f"{_text(line.end)}"
            for line in block.lines
        )
        return f'<ul class="md-list">{items}</ul>'
    if block.kind == "table":
        rows = "".join(
            ('<tr class="sep">' if line.kind == "sep" else "<tr>")
            + "".join(_cell_html(c) for c in line.cells)
            + f"</tr>{_text(line.end)}"
            for line in block.lines
        )
        return f'<div class="md-table"><table><tbody>{rows}</tbody></table></div>'
    line = block.lines[0]
    return _line_html(line) + _text(line.end)


def document_html(text: str, runs: list[Piece], headings: dict[int, int] | None = None) -> Markup:
    """The document's text with its structure and its highlights: the text of the returned HTML,
    hidden markup included, is `text` exactly. `headings`: Doc.headings (an HTML page's h1–h6)."""
    marks = [p for p in runs if p.kind != "text"]
    return Markup("".join(_block_html(b) for b in layout(text, marks, headings)))  # every part escaped above


# ---------------------------------------------------------------- the page


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
            runs, anchors = pieces(result.text, result.facts, result.dropped, first, result.growth_spans)
        n = len(self.documents) + 1
        self.documents.append(
            {
                "name": result.name,
                "anchor": f"doc{n}",
                "date": result.date,
                "count": len(result.facts),
                "dropped": sum(p.kind == "dropped" for p in runs or ()),
                "error": result.error,
                "body": None
                if runs is None or result.text is None
                else document_html(result.text, runs, result.headings),
            }
        )
        self.dropped_count += self.documents[-1]["dropped"]
        marks_of: dict[int, list[str]] = {}
        for p in runs or ():
            for i in p.records:
                marks_of.setdefault(i, []).append(p.anchor)
        for i, f in enumerate(result.facts, start=first):
            rec = record(f)
            growth = "" if rec["growth"] is None else f"{rec['growth']:+g}{rec['growth_unit'] or ''}"
            self.records.append(
                {
                    **rec,
                    "id": i,
                    "anchor": anchors.get(i),
                    "marks": " ".join(marks_of.get(i, ())),
                    "doc_short": _base_name(rec["doc"]),
                    "value_shown": _shown(rec["value"]),
                    "growth_shown": growth,
                    "data": rec,  # the record as `factx extract -f jsonl` writes it: the export starts from it
                }
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
    # `tojson` (a record for the script, in a single-quoted attribute) keeps SPEC's field order
    env.policies["json.dumps_kwargs"] = {"sort_keys": False, "ensure_ascii": False}
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
