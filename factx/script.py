"""A simplified-script view of a text, one character for one, so every offset still holds.

Extraction runs on the view: rules are written once, in simplified characters, and match
traditional text too (億元, 營收, 按年跌幅). The table is OpenCC's t2s conversion of single
characters, keeping the characters it maps to exactly one other character; the phrase-level
conversions OpenCC also knows (which change lengths) are left out on purpose. What a record
quotes (`value_text`, `sentence`, `period_text`, `indicator`) is taken back from the text as
written (`written_name`).
"""

from __future__ import annotations

import functools
from typing import Any

# Where OpenCC's traditional characters live: CJK radicals to the end of the unified ideographs
# (with extension A), and the compatibility ideographs. Scanning them takes ~40 ms once a process.
_RANGES = ((0x2E80, 0xA000), (0xF900, 0xFB00))


@functools.cache
def t2s_table() -> dict[int, str]:
    """Code point → its simplified character, for every character OpenCC's t2s maps one to one."""
    import opencc  # imported on first use: start-up does not pay for it

    convert = opencc.OpenCC("t2s").convert
    table: dict[int, str] = {}
    for lo, hi in _RANGES:
        for cp in range(lo, hi):
            ch = chr(cp)
            out = convert(ch)
            if len(out) == 1 and out != ch:
                table[cp] = out
    return table


def simplified(s: str) -> str:
    """The view of `s`: the same length, each traditional character replaced by its simplified one."""
    return s.translate(t2s_table())


def simplified_strings(node: Any, keep: frozenset[str] = frozenset()) -> Any:
    """Every string (dict keys too) of parsed TOML data through the view, except a string value of
    a key in `keep` (a name written out as it is): an analyst may write a rule word in either
    script and it matches both."""
    if isinstance(node, str):
        return simplified(node)
    if isinstance(node, dict):
        return {
            simplified(k): v if k in keep and isinstance(v, str) else simplified_strings(v, keep)
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [simplified_strings(v, keep) for v in node]
    return node


def written_name(name: str, view: str, text: str, spans: list[tuple[int, int]], anchor: int) -> str | None:
    """`name` (built from the view by slicing, deleting and joining) as the text writes it, or None.

    `spans` are (start, end) stretches of the view to look in, nearest first (the sentence, then
    the paragraph). In each: the name as one stretch (the last one before `anchor`, else any),
    then as an in-order subsequence of its characters; in the last span, also as pieces found
    anywhere (a table's row label joined to its column header)."""
    for k, (lo, hi) in enumerate(spans):
        at = view.rfind(name, lo, max(lo, min(hi, anchor)))
        if at < 0:
            at = view.find(name, lo, hi)
        if at >= 0:
            return text[at : at + len(name)]
        picked = _subsequence(name, view, lo, hi) or (_pieces(name, view, lo, hi) if k == len(spans) - 1 else None)
        if picked is not None:
            return "".join(text[i] for i in picked)
    return None


def _subsequence(name: str, view: str, lo: int, hi: int) -> list[int] | None:
    """Positions of the name's characters in order within view[lo:hi], leftmost, or None."""
    out: list[int] = []
    pos = lo
    for ch in name:
        pos = view.find(ch, pos, hi)
        if pos < 0:
            return None
        out.append(pos)
        pos += 1
    return out


def _pieces(name: str, view: str, lo: int, hi: int) -> list[int] | None:
    """Positions for the name taken as its longest leading pieces, each found anywhere in view[lo:hi]."""
    out: list[int] = []
    i = 0
    while i < len(name):
        for j in range(len(name), i, -1):
            at = view.find(name[i:j], lo, hi)
            if at >= 0:
                out += range(at, at + j - i)
                i = j
                break
        else:
            return None
    return out
