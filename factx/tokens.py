"""jieba, initialised once and lazily, with the rules' vocabulary (indicators, places, predicates).

Only the indicator stage tokenises, and only the short clause before an amount, so runs
that find no amount never pay for jieba's start-up.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jieba

    from .rules import RuleSet

_lock = threading.Lock()


def tokenizer(rules: RuleSet) -> jieba.Tokenizer:
    """One jieba tokenizer per rule set, built on first use."""
    tok = rules.cache.get("jieba")
    if tok is None:
        with _lock:
            tok = rules.cache.get("jieba")
            if tok is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                tok = jieba.Tokenizer()
                tok.initialize()
                # whole names and predicates must come out as single tokens
                for word in (*rules.terms, *rules.predicates, *rules.heads):
                    if len(word) >= 2:
                        tok.add_word(word, freq=200000)
                for form in rules.places:
                    tok.add_word(form, freq=50000)
                rules.cache["jieba"] = tok
    return tok


def cut(text: str, rules: RuleSet) -> list[str]:
    return tokenizer(rules).lcut(text, HMM=False)
