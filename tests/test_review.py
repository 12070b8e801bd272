"""-f html: every claim and growth rate highlighted at its offsets in the document shown with its
structure, dropped numbers marked with their rule, a records table that sorts, filters, judges and
fixes records and exports them as gold, and nothing loaded from outside the page."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, NavigableString, Tag
from html_text import html_text
from typer.testing import CliRunner

from factx.cli import app
from factx.documents import DocResult
from factx.models import Doc, Fact
from factx.pipeline import Explanation, extract_doc
from factx.reader import iter_inputs, read_path
from factx.review import HtmlWriter, document_html, pieces, tip

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


def _offsets(box: Tag) -> tuple[str, list[tuple[Tag, int]]]:
    """The text of a document block in document order (hidden markup included), and where each
    mark or span starts in it."""
    text, at, where = [], 0, []
    for node in box.descendants:
        if isinstance(node, Tag) and node.name in ("mark", "span") and node.has_attr("data-start"):
            where.append((node, at))
        elif isinstance(node, NavigableString):
            text.append(str(node))
            at += len(node)
    return "".join(text), where


def test_every_record_is_highlighted_at_its_offsets(page: Any) -> None:
    soup, records, texts = page
    sections = {s["data-doc"]: s for s in soup.select("section.document")}
    assert set(sections) == {r["doc"] for r in records}
    for n, rec in enumerate(records, start=1):
        box = sections[rec["doc"]].select_one(".doc-text")
        shown, where = _offsets(box)
        assert shown == texts[rec["doc"]]  # the document text, whole and unchanged
        marks = [(m, at) for m, at in where if m.name == "mark" and f"r{n}" == m["id"]]
        assert len(marks) == 1, rec
        mark, at = marks[0]
        assert str(n) in mark["data-records"].split() and "claim" in mark["class"]
        assert (at, at + len(mark.get_text())) == (rec["start"], rec["end"])
        assert (int(mark["data-start"]), int(mark["data-end"])) == (rec["start"], rec["end"])
        # the highlight's text is the record's quoted span
        assert mark.get_text() == (rec["value_text"] or texts[rec["doc"]][rec["start"] : rec["end"]])
        assert rec["kind"] in mark["class"]
        assert mark["tabindex"] == "0" and rec["indicator"] in mark["title"] and mark["aria-label"]


def _number_in(text: str) -> float:
    return float(re.search(r"\d+(?:\.\d+)?", text.replace(",", "")).group())


def test_growth_rates_are_highlighted_and_belong_to_their_record(page: Any) -> None:
    soup, records, texts = page
    rows = soup.select("table#records tbody tr")
    with_rate = 0
    for n, (rec, row) in enumerate(zip(records, rows, strict=True), start=1):
        anchors = row["data-marks"].split()
        marks = [soup.find(id=a) for a in anchors]
        assert all(m is not None and str(n) in m["data-records"].split() for m in marks)
        if rec["growth"] is None or rec["value"] is None:
            assert anchors == [f"r{n}"]
            continue
        with_rate += 1
        assert len(anchors) == 2, rec  # the amount and its growth rate, both linked to the record
        rate = marks[1]
        box_text, where = _offsets(rate.find_parent(class_="doc-text"))
        at = dict((id(m), a) for m, a in where)[id(rate)]
        s, e = int(rate["data-start"]), int(rate["data-end"])
        assert at == s and box_text[s:e] == rate.get_text() == texts[rec["doc"]][s:e]
        assert (s, e) != (rec["start"], rec["end"])
        assert _number_in(rate.get_text()) == pytest.approx(abs(rec["growth"]))
    assert with_rate >= 40  # the samples are full of them


def _visible(tag: Tag) -> str:
    """The text a reader sees: hidden markup left out, white space at the ends stripped."""
    return "".join(str(t) for t in tag.find_all(string=True) if t.find_parent(class_="mk") is None).strip()


def test_the_document_shows_its_structure_not_its_markup(page: Any) -> None:
    soup, _, _ = page
    bulletin = next(s for s in soup.select("section.document") if s["data-doc"].endswith("stats-bulletin.md"))
    box = bulletin.select_one(".doc-text")
    assert _visible(box.select_one("h3")) == "北京市2023年国民经济和社会发展统计公报（摘要）"
    assert [_visible(h) for h in box.select("h4")][:2] == ["一、综合", "二、2023年末人口与就业"]
    table = box.select_one("table")
    assert [_visible(th) for th in table.select("th")] == ["指标", "绝对数（亿元）", "比上年增长（％）"]
    assert table.select_one("td mark.claim").get_text() == "43760.7"  # a table cell's claim, highlighted in place
    assert len(box.select("li")) == 2
    # every piece of markup is kept in the page (offsets hold) but hidden
    hidden = "".join(m.get_text() for m in box.select(".mk"))
    assert "#" in hidden and "|" in hidden and "---" in hidden
    visible = _visible(box)
    assert "**" not in visible and "|" not in visible and not re.search(r"(^|\n)#", visible)
    company = next(s for s in soup.select("section.document") if s["data-doc"].endswith("company-results.md"))
    assert "贵州茅台：利润增长" in [b.get_text()[:9] for b in company.select(".doc-text strong")]


def test_highlight_colours_by_kind(page: Any) -> None:
    soup, records, _ = page
    kinds = {r["kind"] for r in records}
    assert kinds == {"actual", "target"}  # the samples have both
    style = soup.style.get_text()
    assert "mark.actual" in style and "mark.target" in style
    assert len(soup.select("mark.claim.target")) == sum(r["kind"] == "target" for r in records)


def test_numbers_left_out_are_marked_with_their_rule(page: Any) -> None:
    soup, _, texts = page
    dropped = soup.select(".doc-text span.dropped")
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
    assert heads[3:5] == ["region", "entity"] and "basis" in heads
    assert all(len(r.find_all("td", recursive=False)) == len(heads) for r in rows)
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
    box = soup.select_one(".doc-text")
    assert box.get_text() == text
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
    assert soup.select_one('section[data-doc="a.md"] .doc-text') is None
    assert len(soup.select("table#records tbody tr")) == 1


def test_a_tip_names_the_entity_and_its_code() -> None:
    assert "entity 招商银行 600036.SH" in tip(fact(0, 1, "x", entity="招商银行", entity_code="600036.SH")).splitlines()
    assert "entity 比亚迪" in tip(fact(0, 1, "x", entity="比亚迪")).splitlines()
    assert not any(line.startswith("entity") for line in tip(fact(0, 1, "x")).splitlines())


# ---------------------------------------------------------------- the desk: judging, fixing, exporting


EDITABLE = ("region", "region_code", "entity", "entity_code", "indicator", "value_text", "value", "unit", "growth")
EDITABLE += ("growth_basis", "period", "kind")


def test_each_row_can_be_judged_and_fixed_and_the_page_exports(page: Any) -> None:
    soup, records, _ = page
    link = soup.select_one('header a[href="#records-section"]')
    assert link is not None and soup.find(id="records-section").select_one("table#records") is not None
    rows = soup.select("table#records tbody tr")
    for row, rec in zip(rows, records, strict=True):
        assert row.select_one("button.ok")["aria-pressed"] == "false"
        assert row.select_one("button.bad")["aria-pressed"] == "false"
        fields = [s["data-field"] for s in row.select(".ed")]
        assert sorted(fields) == sorted(EDITABLE) and all(s["tabindex"] == "0" for s in row.select(".ed"))
        basis = row.select_one('.ed[data-field="growth_basis"]').get_text()
        entity = row.select_one('.ed[data-field="entity"]').get_text()
        assert (basis, entity) == (rec["growth_basis"] or "", rec["entity"] or "")
    assert any(r["growth_basis"] for r in records) and any(r["entity"] for r in records)
    assert soup.select_one("button#export") is not None and soup.select_one("button#mark-shown-right") is not None
    script = soup.find("script").get_text()
    assert "gold.jsonl" in script and "Blob" in script and "download" in script
    # the script writes text, never markup: hostile text stays text when a field is edited too
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function", script)


def test_each_row_carries_its_record_as_extract_writes_it(page: Any) -> None:
    soup, records, _ = page
    rows = soup.select("table#records tbody tr")
    assert [json.loads(row["data-rec"]) for row in rows] == records  # doc names included: `samples/x.md` as given
    assert list(json.loads(rows[0]["data-rec"])) == list(records[0])  # SPEC's field order


def test_a_gold_file_made_on_the_page_is_read_by_factx_eval(page: Any, tmp_path: Path) -> None:
    """What the export button writes: the records judged right and the corrected ones, each as the
    row carries it with the fixes applied; the one judged wrong left out."""
    soup, records, _ = page
    recs = [json.loads(row["data-rec"]) for row in soup.select("table#records tbody tr")]
    wrong, fixed = 5, 9
    recs[fixed]["indicator"] = "校对更正"
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for i, r in enumerate(recs) if i != wrong))
    result = runner.invoke(app, ["eval", "--gold", str(gold), str(SAMPLES), "-f", "json"])
    assert result.exit_code == 0, result.output
    score = json.loads(result.stdout)
    n = len(records)
    assert (score["gold"], score["pred"], score["matched"], score["exact_records"]) == (n - 1, n, n - 1, n - 2)


def test_a_record_travels_to_the_script_safely() -> None:
    hostile = "'\"><script>alert(1)</script>&amp;\u2028x"
    text = "出口1亿元。"
    out = io.StringIO()
    w = HtmlWriter(out)
    w.add_document(DocResult("a'b\".md", [fact(2, 5, "1亿元", indicator=hostile, doc="a'b\".md")], text, None))
    w.close()
    html = out.getvalue()
    assert "<script>alert" not in html and "data-rec='" in html
    soup = BeautifulSoup(html, "html.parser")
    assert len(soup.find_all("script")) == 1
    row = soup.select_one("table#records tbody tr")
    rec = json.loads(row["data-rec"])
    assert rec["indicator"] == hostile and rec["doc"] == "a'b\".md"
    assert row.select_one('.ed[data-field="indicator"]').get_text() == hostile


# ---------------------------------------------------------------- growth highlights


def test_a_growth_figure_gets_its_own_highlight_linked_to_its_record() -> None:
    text = "出口1亿元，增长5%；进口2亿元，增长6%。"
    a = fact(2, 5, "1亿元", growth=5.0, growth_unit="%")
    b = fact(13, 16, "2亿元", growth=6.0, growth_unit="%")
    runs, anchors = pieces(text, [a, b], [], first_id=1, growth_spans={0: (8, 10), 1: (19, 21)})
    assert "".join(p.text for p in runs) == text
    marks = [(p.kind, p.text, p.anchor, p.records) for p in runs if p.kind != "text"]
    assert marks == [
        ("claim", "1亿元", "r1", [1]),
        ("growth", "5%", "g1", [1]),
        ("claim", "2亿元", "r2", [2]),
        ("growth", "6%", "g2", [2]),
    ]
    assert anchors == {1: "r1", 2: "r2"}


def test_a_rate_shared_by_two_amounts_is_one_highlight_of_both() -> None:
    text = "出口1亿元、进口2亿元，均增长5%。"
    a = fact(2, 5, "1亿元", growth=5.0)
    b = fact(8, 11, "2亿元", growth=5.0)
    c = fact(15, 17, "5%", value=None, unit=None, value_text=None, growth=5.0)  # a growth-only record on it
    runs, _ = pieces(text, [a, b], [], first_id=1, growth_spans={0: (15, 17), 1: (15, 17)})
    assert [(p.kind, p.records) for p in runs if p.kind == "growth"] == [("growth", [1, 2])]
    runs, _ = pieces(text, [a, c], [], first_id=1, growth_spans={0: (15, 17)})
    assert [(p.kind, p.text, p.records) for p in runs if p.kind != "text"][1] == ("claim", "5%", [2, 1])
    runs, _ = pieces(text, [a, c], [], first_id=1, growth_spans={0: (14, 16)})  # straddles: never crosses
    assert [p.kind for p in runs if p.kind != "text"] == ["claim", "claim"]


def test_the_extraction_tells_where_each_growth_figure_is() -> None:
    text = "今年前三季度，上海市进出口总值达3.17万亿元，同比增长2.7%。其中出口下降1.5%。"
    doc = Doc("a.md", text, "2023-10-31")
    ex = Explanation()
    result = DocResult.explained(doc, extract_doc(doc, None, ex), ex)
    by_text = {f.value_text or text[f.start : f.end]: n for n, f in enumerate(result.facts)}
    s, e = result.growth_spans[by_text["3.17万亿元"]]
    assert text[s:e] == "2.7%"
    assert by_text["1.5%"] not in result.growth_spans  # a growth-only record: its own offsets are the figure


def test_workers_carry_the_growth_highlights(tmp_path: Path) -> None:
    one, two = tmp_path / "one.html", tmp_path / "two.html"
    assert runner.invoke(app, ["extract", str(SAMPLES), "-f", "html", "-o", str(one), "-q", "-j", "1"]).exit_code == 0
    assert runner.invoke(app, ["extract", str(SAMPLES), "-f", "html", "-o", str(two), "-q", "-j", "2"]).exit_code == 0
    assert one.read_text(encoding="utf-8") == two.read_text(encoding="utf-8")
    assert 'class="growth' in one.read_text(encoding="utf-8")


def test_document_html_keeps_the_text() -> None:
    text = "# 标题\r\n\r\n**出口**1亿元。\r\n"
    runs, _ = pieces(text, [fact(13, 16, "1亿元")], [], first_id=1)
    html = str(document_html(text, runs))
    assert "&#13;" in html  # a raw CR would be read back as a line feed, and CRLF as one character
    assert html_text(html) == text


def test_an_html_page_shows_its_headings_and_tables(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text(
        "<html><body><h1>雅安市经济运行情况</h1><p>发布时间：2024-10-25</p><h2>一、工业</h2>"
        "<p>全市规模以上工业增加值增长4.9%，总产值98.2亿元。</p>"
        "<table><tr><th>指标</th><th>数值</th></tr><tr><td>总投资</td><td>413.6亿元</td></tr></table></body></html>",
        encoding="utf-8",
    )
    out = tmp_path / "review.html"
    assert runner.invoke(app, ["extract", str(page), "-f", "html", "-o", str(out), "-q"]).exit_code == 0
    html = out.read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    box = soup.select_one(".doc-text")
    assert _visible(box.select_one("h3")) == "雅安市经济运行情况" and _visible(box.select_one("h4")) == "一、工业"
    assert [_visible(td) for td in box.select("table tr")[1].select("td")] == ["总投资", "413.6亿元"]
    start = html.index('<div class="doc-text">') + len('<div class="doc-text">')
    body = html[start : html.rindex("</div>", start, html.index("</section>", start))]
    assert html_text(body) == read_path(str(page)).text  # the cells' tab kept (hidden)
    assert box.select_one("td mark.claim").get_text() == "413.6亿元"
