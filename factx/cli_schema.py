"""`factx schema`: the JSON Schema of one record, generated from the pydantic model `Fact`.

Registered on the `factx` app by importing this module. Every line of `factx extract
-f jsonl` (and every element of `-f json`) validates against it; field descriptions
are those of `Fact`, field order is SPEC's.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer

from .cli import app
from .cli_texts import FactxCommand
from .models import FIELDS, Fact

EXAMPLES = """[bold]Examples[/bold]

\b
  factx schema > record.schema.json
  factx schema --compact | jq '.properties | keys'"""

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def record_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a record as factx writes it."""
    schema = Fact.model_json_schema(mode="serialization")
    schema["title"] = "factx record"
    schema["description"] = (
        "One quantified claim from a Chinese news item, with the text and offsets that prove it "
        "(factx SPEC section 1). `factx extract -f jsonl` writes one a line."
    )
    assert tuple(schema["properties"]) == FIELDS
    return {"$schema": DIALECT, **schema}


@app.command("schema", cls=FactxCommand, epilog=EXAMPLES)
def schema_command(
    compact: Annotated[bool, typer.Option("--compact", help="One line instead of indented JSON.")] = False,
) -> None:
    """Print the JSON Schema of a record (draft 2020-12), generated from the record model."""
    text = json.dumps(record_schema(), ensure_ascii=False, indent=None if compact else 2)
    out = sys.stdout
    try:
        out.buffer.write((text + "\n").encode("utf-8"))
        out.buffer.flush()
    except AttributeError:  # a text-only stream (tests)
        out.write(text + "\n")
