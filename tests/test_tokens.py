"""The lazily filled tokenizer cuts exactly as jieba does with its whole dictionary loaded."""

from __future__ import annotations

import logging
from pathlib import Path

import jieba
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factx import tokens
from factx.rules import load_rules

ROOT = Path(__file__).resolve().parents[1]
RULES = load_rules()


@pytest.fixture(scope="module")
def full() -> jieba.Tokenizer:
    """jieba as factx used it before: the whole dictionary, our words added one by one."""
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    for word in (*RULES.terms, *RULES.predicates, *RULES.heads):
        if len(word) >= 2:
            tok.add_word(word, freq=tokens.RULE_WORD_FREQ)
    for form in RULES.places:
        tok.add_word(form, freq=tokens.PLACE_FREQ)
    return tok


def _clauses() -> list[str]:
    out: list[str] = []
    for path in sorted((ROOT / "samples").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        for sep in "。，；\n":
            text = text.replace(sep, "\n")
        out += [c for c in text.split("\n") if c.strip()]
    return out


def test_every_clause_of_the_samples_cuts_the_same(full: jieba.Tokenizer) -> None:
    clauses = _clauses()
    assert len(clauses) > 100
    for clause in clauses:
        assert tokens.cut(clause, RULES) == full.lcut(clause, HMM=False), clause


def test_the_dictionary_total_is_jiebas(full: jieba.Tokenizer) -> None:
    assert tokens.tokenizer(RULES).total == full.total  # every route's score is relative to it


def test_only_the_characters_seen_are_loaded() -> None:
    rules = load_rules.__wrapped__()  # a fresh rule set: a fresh tokenizer
    tokens.cut("工业增加值增长", rules)
    lazy = rules.cache["jieba_dict"]
    assert lazy.freq and all(word[0] in "工业增加值长" for word in lazy.freq)


_HAN = "".join({ch for clause in _clauses() for ch in clause})


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_HAN + "0123456789.%亿万元", min_size=1, max_size=40))
def test_any_text_cuts_the_same(full: jieba.Tokenizer, text: str) -> None:
    assert tokens.cut(text, RULES) == full.lcut(text, HMM=False)
