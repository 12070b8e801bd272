"""extract(): the only place the stages are wired, in reading order. (stub: being written)"""

from __future__ import annotations

from .models import Doc, Fact


def extract_doc(doc: Doc, rules=None) -> list[Fact]:
    return []
