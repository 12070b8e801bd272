"""jieba, initialised once and lazily, with the rules' vocabulary (indicators, places, predicates).

Only the indicator stage tokenises, and only the short clause before an amount, so runs
that find no amount never pay for jieba's start-up. Even then factx does not load jieba's
whole prefix dictionary (half a million entries, 0.4 s): the dictionary is kept on disk split
by first character, and a tokenizer takes in only the parts for the characters it is given.
A word's route through a clause depends only on entries that begin with one of the clause's
characters, so the cut is the one the whole dictionary gives (tests compare them).
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jieba

    from .rules import RuleSet

_lock = threading.Lock()
RULE_WORD_FREQ = 200_000  # whole names and predicates must come out as single tokens
PLACE_FREQ = 50_000


class LazyDict:
    """jieba's prefix dictionary (word → frequency, prefixes → 0) with our words laid over it,
    filled in by first character on demand."""

    def __init__(self, shards: dict[str, bytes], total: int, overlay: list[tuple[str, int]]) -> None:
        self.freq: dict[str, int] = {}
        self.total = total
        self._shards = shards
        self._seen: set[str] = set()
        self._overlay: dict[str, list[tuple[str, int]]] = {}
        for word, freq in overlay:  # as jieba.Tokenizer.add_word does, one word after another
            self._overlay.setdefault(word[0], []).append((word, freq))
            self.total += freq

    def take(self, text: str) -> None:
        """Load the entries of every character of `text` not seen before."""
        for ch in set(text) - self._seen:
            self._seen.add(ch)
            data = self._shards.get(ch)
            if data is not None:
                self.freq.update(marshal.loads(data))
            for word, freq in self._overlay.get(ch, ()):
                self.freq[word] = freq
                for i in range(1, len(word)):
                    self.freq.setdefault(word[:i], 0)


def _cache_path(dict_file: Path) -> Path:
    st = dict_file.stat()
    key = hashlib.sha256(f"{dict_file}|{st.st_size}|{st.st_mtime_ns}".encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"factx-jieba-{key}.shards"


def _shards() -> tuple[dict[str, bytes], int]:
    """jieba's default prefix dictionary split by first character, built once and cached."""
    import jieba

    path = _cache_path(Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME)
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        pass
    freq, total = jieba.Tokenizer.gen_pfdict(jieba.Tokenizer().get_dict_file())
    groups: dict[str, dict[str, int]] = {}
    for word, f in freq.items():
        groups.setdefault(word[0], {})[word] = f
    data = ({ch: marshal.dumps(g) for ch, g in groups.items()}, total)
    try:  # written whole, then renamed: workers building it at once never read half a file
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name)
        with os.fdopen(fd, "wb") as f:
            f.write(marshal.dumps(data))
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only temp dir: build it again next time
    return data


def _overlay(rules: RuleSet) -> list[tuple[str, int]]:
    words = [(w, RULE_WORD_FREQ) for w in (*rules.terms, *rules.predicates, *rules.heads) if len(w) >= 2]
    return words + [(form, PLACE_FREQ) for form in rules.places if form]


def tokenizer(rules: RuleSet) -> jieba.Tokenizer:
    """One jieba tokenizer per rule set, built on first use, its dictionary filled in lazily."""
    tok = rules.cache.get("jieba")
    if tok is None:
        with _lock:
            tok = rules.cache.get("jieba")
            if tok is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                shards, total = _shards()
                lazy = LazyDict(shards, total, _overlay(rules))
                tok = jieba.Tokenizer()
                tok.FREQ, tok.total, tok.initialized = lazy.freq, lazy.total, True
                rules.cache["jieba_dict"] = lazy
                rules.cache["jieba"] = tok
    return tok


def cut(text: str, rules: RuleSet) -> list[str]:
    tok = tokenizer(rules)
    rules.cache["jieba_dict"].take(text)
    return tok.lcut(text, HMM=False)
