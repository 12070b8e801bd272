"""-f html: every claim highlighted at its offsets, dropped numbers marked with their rule, a records
table that sorts and filters, and nothing loaded from outside the page."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, NavigableString, Tag
from typer.testing import CliRunner

from factx.cli import app
from factx.documents import DocResult
from factx.models import Fact
from factx.reader import iter_inputs, read_path
from factx.review import HtmlWriter, pieces, tip

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
runner = CliRunner()


def fact(start: int, end: int, text: str, kind: str = "actual", **changes: Any) -> Fact:
    base: dict[str, Any] = {
        "doc": "a.md",
        "region": "上海",
        "region_code": "310000",
        "entity": None,
        "entity_code": None,
        "indicator": "进出口总值",
        "value": 1.0,
        "unit": "元",
        "value_text": text,
        "qualifier": "exact",
        "growth": None,
        "growth_unit": None,
        "growth_basis": None,
        "period": "2023",
        "period_text": None,
        "kind": kind,
        "sentence": "s",
        "start": start,
        "end": end,
    }
    return Fact(**{**base, **changes})


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> tuple[BeautifulSoup, list[dict[str, Any]], dict[str, str]]:
    """The review page of samples/ and the same run's records as JSON Lines."""
    folder = tmp_path_factory.mktemp("review")
    html, jsonl = folder / "review.html", folder / "facts.jsonl"
    assert runner.invoke(app, ["extract", str(SAMPLES), "-f", "html", "-o", str(html), "-q"]).exit_code == 0
    assert runner.invoke(app, ["extract", str(SAMPLES), "-o", str(jsonl), "-q"]).exit_code == 0
    records = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    texts = {name: read_path(name).text for name, _ in iter_inputs([str(SAMPLES)])}
    return BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser"), records, texts


def _offsets(pre: Tag) -> tuple[str, list[tuple[Tag, int]]]:
    """The text of a document block as shown, and where each mark or span starts in it."""
    text, at, where = [], 0, []
    for node in pre.children:
        s = str(node) if isinstance(node, NavigableString) else node.get_text()
        if isinstance(node, Tag):
            where.append((node, at))
        text.append(s)
        at += len(s)
    return "".join(text), where


def test_every_record_is_highlighted_at_its_offsets(page: Any) -> None:
    soup, records, texts = page
    sections = {s["data-doc"]: s for s in soup.select("section.document")}
    assert set(sections) == {r["doc"] for r in records}
    for n, rec in enumerate(records, start=1):
        pre = sections[rec["doc"]].select_one("pre.doc-text")
        shown, where = _offsets(pre)
        assert shown == texts[rec["doc"]]  # the document text, whole and unchanged
        marks = [(m, at) for m, at in where if m.name == "mark" and str(n) in m["data-records"].split()]
        assert len(marks) == 1, rec
        mark, at = marks[0]
        assert (at, at + len(mark.get_text())) == (rec["start"], rec["end"])
        assert (int(mark["data-start"]), int(mark["data-end"])) == (rec["start"], rec["end"])
        assert mark.get_text() == (rec["value_text"] or texts[rec["doc"]][rec["start"] : rec["end"]])
        assert rec["kind"] in mark["class"]
        assert mark["tabindex"] == "0" and rec["indicator"] in mark["title"] and mark["aria-label"]


def test_highlight_colours_by_kind(page: Any) -> None:
    soup, records, _ = page
    kinds = {r["kind"] for r in records}
    assert kinds == {"actual", "target"}  # the samples have both
    style = soup.style.get_text()
    assert "mark.actual" in style and "mark.target" in style
    assert len(soup.select("mark.claim.target")) == sum(r["kind"] == "target" for r in records)


def test_numbers_left_out_are_marked_with_their_rule(page: Any) -> None:
    soup, _, texts = page
    dropped = soup.select("pre.doc-text span.dropped")
    assert dropped
    for span in dropped:
        assert span["title"].startswith("left out: ") and len(span["title"]) > len("left out: ")
        doc = span.find_parent("section")["data-doc"]
        assert texts[doc][int(span["data-start"]) : int(span["data-end"])] == span.get_text()


def test_the_records_table_sorts_and_filters(page: Any) -> None:
    soup, records, _ = page
    rows = soup.select("table#records tbody tr")
    assert len(rows) == len(records)
    for row, rec in zip(rows, records, strict=True):
        assert row["data-region"] == (rec["region"] or "")
        assert row["data-entity"] == (rec["entity"] or "")
        assert row["data-indicator"] == rec["indicator"]
        assert row["data-period"] == (rec["period"] or "")
    for col in ("region", "entity", "indicator", "period"):
        assert soup.select_one(f'.filters [data-col="{col}"]') is not None
    heads = [th["data-col"] for th in soup.select("table#records thead th")]
    assert heads[2:4] == ["region", "entity"] and all(len(r.find_all("td")) == len(heads) for r in rows)
    assert any(rec["entity"] for rec in records)  # the company sample's records name their company
    assert all(th.button for th in soup.select("table#records thead th"))
    script = soup.find_all("script")
    assert len(script) == 1 and "sort" in script[0].get_text() and "hidden" in script[0].get_text()
    # Each record's number links to its highlight.
    for row in rows:
        link = row.td.a
        assert link is not None and soup.find(id=link["href"][1:]).name == "mark"


def test_the_page_loads_nothing_from_outside(page: Any) -> None:
    soup, _, _ = page
    for tag in soup.find_all(True):
        for attr in ("src", "href", "action", "data", "poster", "srcset"):
            value = tag.get(attr)
            if value is not None:
                assert not re.match(r"\s*(https?:)?//", value), (tag.name, attr, value)
                assert value.startswith("#"), (tag.name, attr, value)
    assert not soup.find("link") and not soup.find("iframe") and not soup.find("img")
    assert all(not s.get("src") for s in soup.find_all("script"))
    css = " ".join(s.get_text() for s in soup.find_all("style"))
    assert "@import" not in css and "url(" not in css and "@font-face" not in css


def test_document_text_is_escaped_never_markup() -> None:
    text = '<script>alert("x")</script> 出口<b>1亿元</b> & "q"'
    start = text.index("1亿元")
    out = io.StringIO()
    w = HtmlWriter(out)
    f = fact(start, start + 3, "1亿元", indicator='<img src="http://evil/x">')
    w.add_document(DocResult("a.md", [f], text, None))
    w.close()
    soup = BeautifulSoup(out.getvalue(), "html.parser")
    assert len(soup.find_all("script")) == 1  # ours only
    assert not soup.find("img") and not soup.find("b")
    pre = soup.select_one("pre.doc-text")
    assert pre.get_text() == text
    assert soup.select_one("mark.claim").get_text() == "1亿元"


def test_overlapping_claims_share_one_highlight() -> None:
    text = "产销均为100万辆，出口10万辆。"
    a = fact(4, 9, "100万辆", indicator="产量")
    b = fact(4, 9, "100万辆", kind="target", indicator="销量")
    c = fact(12, 16, "10万辆", indicator="出口")
    dropped = [{"start": 5, "end": 7, "rule": "x", "text": "00", "sentence": ""}, {"start": 0, "end": 2, "rule": "r"}]
    runs, anchors = pieces(text, [a, b, c], dropped, first_id=7)
    assert "".join(p.text for p in runs) == text
    marks = [p for p in runs if p.kind == "claim"]
    assert [(m.start, m.end, m.records, m.cls) for m in marks] == [(4, 9, [7, 8], "mixed"), (12, 16, [9], "actual")]
    assert anchors == {7: "r7", 8: "r7", 9: "r9"}
    assert [(p.start, p.end) for p in runs if p.kind == "dropped"] == [(0, 2)]  # the one inside a claim is not shown


def test_a_document_that_failed_is_listed_with_its_error() -> None:
    out = io.StringIO()
    w = HtmlWriter(out)
    w.add_document(DocResult.failed("gone.md", "gone.md: no such file"))
    w.add([fact(0, 2, "1元")])  # records without their text: listed, no text shown
    w.close()
    soup = BeautifulSoup(out.getvalue(), "html.parser")
    assert "gone.md: no such file" in soup.select_one('section[data-doc="gone.md"]').get_text()
    assert soup.select_one('section[data-doc="a.md"] pre') is None
    assert len(soup.select("table#records tbody tr")) == 1


def test_a_tip_names_the_entity_and_its_code() -> None:
    assert "entity 招商银行 600036.SH" in tip(fact(0, 1, "x", entity="招商银行", entity_code="600036.SH")).splitlines()
    assert "entity 比亚迪" in tip(fact(0, 1, "x", entity="比亚迪")).splitlines()
    assert not any(line.startswith("entity") for line in tip(fact(0, 1, "x")).splitlines())
