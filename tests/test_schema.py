"""factx schema: the JSON Schema of a record, from the pydantic model; every dev-corpus record fits it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factx.cli import app
from factx.models import FIELDS

jsonschema = pytest.importorskip("jsonschema")

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "eval" / "dev" / "docs"
runner = CliRunner()


@pytest.fixture(scope="module")
def schema() -> dict:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    return json.loads(result.stdout)


def test_the_schema_is_the_record(schema: dict) -> None:
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert tuple(schema["properties"]) == FIELDS
    assert set(schema["required"]) == set(FIELDS)
    assert schema["additionalProperties"] is False
    assert all(p.get("description") for p in schema["properties"].values())
    assert schema["properties"]["kind"]["enum"] == ["actual", "target"]


def test_compact_is_one_line() -> None:
    result = runner.invoke(app, ["schema", "--compact"])
    assert result.exit_code == 0 and len(result.stdout.strip().splitlines()) == 1


def test_bad_records_are_rejected(schema: dict) -> None:
    validator = jsonschema.Draft202012Validator(schema)
    good = {
        "doc": "a.md", "region": "上海", "region_code": "310000", "entity": None, "entity_code": None,
        "indicator": "进出口总值", "value": 3170000000000,
        "unit": "元", "value_text": "3.17万亿元", "qualifier": "exact", "growth": 2.7, "growth_unit": "%",
        "growth_basis": "yoy", "period": "2023-01/2023-09", "period_text": "今年前三季度", "kind": "actual",
        "sentence": "s", "start": 16, "end": 23,
    }  # fmt: skip
    assert validator.is_valid(good)
    assert not validator.is_valid({**good, "kind": "forecast"})
    assert not validator.is_valid({**good, "extra": 1})
    assert not validator.is_valid({**good, "start": -1})
    assert not validator.is_valid({k: v for k, v in good.items() if k != "sentence"})


def test_every_dev_record_validates(schema: dict) -> None:
    if not DEV.is_dir():
        pytest.skip("../shared is not here")
    proc = subprocess.run(
        [sys.executable, "-m", "factx", "extract", str(DEV), "-f", "jsonl", "-q"],
        capture_output=True,
        timeout=300,
        check=True,
    )
    records = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]
    assert len(records) > 100
    validator = jsonschema.Draft202012Validator(schema)
    for rec in records:
        errors = list(validator.iter_errors(rec))
        assert not errors, (rec, [e.message for e in errors])
