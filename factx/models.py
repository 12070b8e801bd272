"""The record factx writes (SPEC section 1) and the plain data passed between stages.

`Fact` is the one source of field names and order: JSON keys, the CSV header and
the table columns all come from `FIELDS`. Inside the pipeline, plain dataclasses
carry the work; pydantic validates only at the edge.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Qualifier = Literal["exact", "approx", "over", "under"]
GrowthUnit = Literal["%", "pp"]
Basis = Literal["yoy", "mom", "avg_annual"]
Kind = Literal["actual", "target"]


class Fact(BaseModel):
    """One quantified claim, with the text and offsets that prove it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    doc: str = Field(description="the input as named on the command line; '-' for stdin")
    region: str | None = Field(description="canonical short place name the claim is about")
    region_code: str | None = Field(description="6-digit GB/T 2260 code of region, where it has one")
    entity: str | None = Field(
        description="the organisation whose own figure it is (company, bank, group), short form as the text names it"
    )
    entity_code: str | None = Field(description="the stock code written beside the entity, as written")
    indicator: str = Field(description="what is measured, as the text names it")
    value: float | None = Field(description="the amount in unit, magnitude words applied")
    unit: str | None = Field(description="base unit in simplified characters")
    value_text: str | None = Field(description="the value exactly as written")
    qualifier: Qualifier = Field(description="exact, approx, over or under")
    growth: float | None = Field(description="the signed change rate stated for this amount")
    growth_unit: GrowthUnit | None = Field(description="'%' or 'pp' (percentage points)")
    growth_basis: Basis | None = Field(description="yoy, mom or avg_annual")
    period: str | None = Field(description="ISO 8601 year, month, day or range")
    period_text: str | None = Field(description="the period words as written")
    kind: Kind = Field(description="actual, or target for plans, aims and forecasts")
    sentence: str = Field(description="the sentence that holds the value")
    start: int = Field(ge=0, description="offset of value_text (or the growth figure) in the decoded input")
    end: int = Field(ge=0, description="end offset, exclusive")


FIELDS: tuple[str, ...] = tuple(Fact.model_fields)


@dataclass(slots=True)
class Doc:
    """A decoded input. `text` is never rewritten: offsets index it."""

    name: str
    text: str
    date: str | None = None  # YYYY-MM-DD, from --date or the document's first lines
    # Extra structure a reader knows from markup (HTML): offset of a line start -> heading level.
    headings: dict[int, int] = field(default_factory=dict)
    title_offset: int | None = None  # line start of the title where markup says so (HTML h1)
