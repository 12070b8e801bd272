"""Helpers the sentence-level tests share: every record of a text, and the one record of a value."""

from __future__ import annotations

from factx import Fact, extract


def facts(text: str, date: str | None = None) -> list[Fact]:
    return extract(text, doc="t.md", date=date)


def fact(text: str, value_text: str, date: str | None = None) -> Fact:
    found = [f for f in facts(text, date) if f.value_text == value_text]
    assert len(found) == 1, [(f.value_text, f.growth) for f in facts(text, date)]
    return found[0]
