"""writers: every format carries the same records, in FIELDS order, streamed a document at a time."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from factx.models import FIELDS, Fact
from factx.writers import Format, open_writer, record, write


def fact(**changes: Any) -> Fact:
    base: dict[str, Any] = {
        "doc": "issue.md",
        "region": "江苏",
        "region_code": "320000",
        "entity": None,
        "entity_code": None,
        "indicator": "进出口总值",
        "value": 3170000000000.0,
        "unit": "元",
        "value_text": "3.17万亿元",
        "qualifier": "exact",
        "growth": 2.7,
        "growth_unit": "%",
        "growth_basis": "yoy",
        "period": "2023-01/2023-09",
        "period_text": "前三季度",
        "kind": "actual",
        "sentence": '前三季度，全省进出口总值3.17万亿元，"同比"增长2.7%。\n[注]',
        "start": 12,
        "end": 19,
    }
    return Fact(**{**base, **changes})


FACTS = [
    fact(),
    fact(value=0.1958, unit="港元", value_text="19.58港仙", growth=394.0, region=None, region_code=None),
    fact(value=None, unit=None, value_text=None, growth=-1.5, growth_basis=None, period=None, start=30, end=34),
    fact(region=None, region_code=None, entity="招商银行", entity_code="600036", start=40, end=45),
]


def render(fmt: str, facts: list[Fact] = FACTS) -> str:
    out = io.StringIO()
    write(facts, fmt, out)
    return out.getvalue()


def as_record(f: Fact) -> dict[str, Any]:
    return f.model_dump()


def test_jsonl_one_record_per_line_in_field_order() -> None:
    lines = render("jsonl").splitlines()
    assert len(lines) == len(FACTS)
    rows = [json.loads(line) for line in lines]
    assert all(tuple(row) == FIELDS for row in rows)
    assert rows == [as_record(f) for f in FACTS]
    assert "全省进出口总值" in lines[0]  # ensure_ascii=False: Chinese stays readable


def test_whole_numbers_lose_the_dot_zero_everywhere() -> None:
    assert '"value": 3170000000000,' in render("jsonl")
    assert '"growth": 394,' in render("json")
    assert ",3170000000000," in render("csv")
    assert record(fact(value=0.1958))["value"] == 0.1958
    assert record(fact(value=float("nan")))["value"] is None


def test_json_is_one_array_one_record_per_line() -> None:
    text = render("json")
    assert json.loads(text) == [as_record(f) for f in FACTS]
    lines = text.splitlines()
    assert lines[0] == "[" and lines[-1] == "]" and len(lines) == len(FACTS) + 2
    assert render("json", []) == "[]\n"


def test_json_streams_each_document_as_it_comes() -> None:
    out = io.StringIO()
    writer = open_writer("json", out)
    writer.add(FACTS[:1])
    assert out.getvalue().startswith("[\n{") and "3.17万亿元" in out.getvalue()
    writer.add([])
    writer.add(FACTS[1:])
    writer.close()
    assert json.loads(out.getvalue()) == [as_record(f) for f in FACTS]


def test_csv_reads_back_with_header_fields() -> None:
    text = render("csv")
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == FIELDS
    assert len(rows) == len(FACTS) + 1
    by_name = [dict(zip(FIELDS, row, strict=True)) for row in rows[1:]]
    assert by_name[0]["sentence"] == FACTS[0].sentence  # quotes and the line break survive
    assert by_name[1]["value"] == "0.1958" and by_name[1]["region"] == ""
    assert by_name[2]["value"] == "" and by_name[2]["growth"] == "-1.5"
    assert by_name[3]["entity"] == "招商银行" and by_name[3]["entity_code"] == "600036"  # a code stays text
    assert not text.startswith("\ufeff")


def test_csv_header_even_without_records() -> None:
    assert render("csv", []) == ",".join(FIELDS) + "\n"


def test_formats_carry_identical_records() -> None:
    from_jsonl = [json.loads(line) for line in render("jsonl").splitlines()]
    from_json = json.loads(render("json"))
    from_csv = [
        Fact.model_validate({k: (v if v != "" else None) for k, v in row.items()}).model_dump()
        for row in csv.DictReader(io.StringIO(render("csv")))
    ]
    assert from_jsonl == from_json == from_csv == [as_record(f) for f in FACTS]


def test_table_shows_the_useful_columns_and_no_markup(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)  # into a StringIO: no width limit, every column
    text = render("table")
    header = text.splitlines()[0].split()
    shown = "entity region indicator value growth period kind amount period_text entity_code region_code"
    assert header == shown.split()
    assert "3,170,000,000,000 元" in text and "+2.7% yoy" in text and "+394% yoy" in text and "-1.5%" in text
    assert "sentence" not in text and "[注]" not in text  # the sentence never
    assert render("table", []) == ""
    assert render("table", [*FACTS, fact(doc="other.md")]).split()[0] == "doc"  # a doc column for several


def test_table_does_not_read_brackets_as_markup() -> None:
    assert "[注]" in render("table", [fact(indicator="[注]指标")])


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        open_writer("xml", io.StringIO())
    assert [f.value for f in Format] == ["table", "json", "jsonl", "csv", "xlsx", "html", "parquet"]


def test_a_lone_carriage_return_in_a_field_reads_back_from_csv() -> None:
    import io

    import factx
    from factx.writers import open_writer, read_records

    facts = factx.extract("据海关统计，\r江苏前三季度进出口总值达5亿元，同比增长2%", doc="t.md")
    assert "\r" in facts[0].sentence  # hard-wrapped lines join: the sentence holds the break
    out = io.StringIO()
    writer = open_writer("csv", out)
    writer.add(facts)
    writer.close()
    (row,) = read_records(out.getvalue(), "csv")
    assert row["sentence"] == facts[0].sentence and row["value"] == 5e8
