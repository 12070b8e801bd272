"""Pinyin glosses of flattened ruby text: 增長(zhǎng)4.5% → 增長4.5%.

Some pages annotate characters with their reading (`<ruby>長<rt>zhǎng</rt></ruby>`); copied as
text, every annotated character is followed by its reading in brackets. The glosses split words,
numbers and magnitudes (`1.5萬(wàn)億元`), so they are dropped as markup is: a document is read
without them, and its offsets are those of the text without them.

A gloss is a run of lowercase pinyin letters in brackets right after a Chinese character. One
with a tone mark (`(zhǎng)`) is a gloss wherever it stands; a toneless one (`(xi)`, or a unit
such as `(km)`) only in a document with at least `MIN_TONED` toned glosses.
"""

from __future__ import annotations

import regex

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_GLOSS = regex.compile(rf"(?<=\p{{Han}})[(（](?P<py>[a-zü{_TONED}]{{1,6}})[)）]")
_TONE = regex.compile(f"[{_TONED}]")
MIN_TONED = 3  # toned glosses that make a document glossed


def without_glosses(text: str) -> tuple[str, int]:
    """`text` without its pinyin glosses, and how many were dropped."""
    found = list(_GLOSS.finditer(text))
    if not found:
        return text, 0
    toned = sum(1 for m in found if _TONE.search(m.group("py")))
    dropped = [m for m in found if toned >= MIN_TONED or _TONE.search(m.group("py"))]
    if not dropped:
        return text, 0
    parts, at = [], 0
    for m in dropped:
        parts.append(text[at : m.start()])
        at = m.end()
    parts.append(text[at:])
    return "".join(parts), len(dropped)
