"""How the `factx` commands speak: help that wraps whole paragraphs, no type placeholders on flags
and arguments, a mistyped option answered with the one meant or the list of valid ones, and
formats read case-insensitively with the valid ones named when one is wrong.

Every command is made with `cls=FactxCommand` (the app with `cls=FactxGroup`); format options
use `format_option`. Help texts are written as prose: single line breaks inside a paragraph are
only where the source wrapped, and go; a paragraph that starts with `\\b` keeps its lines (a block
of examples).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Any, TypeVar

import typer
from typer.core import TyperCommand, TyperGroup

E = TypeVar("E", bound=StrEnum)


def whole_paragraphs(text: str | None) -> str | None:
    """Paragraphs joined into single lines, except `\\b` blocks, which keep their lines (and lose the mark)."""
    if not text:
        return text
    paragraphs = []
    for para in text.split("\n\n"):
        if para.lstrip("\n").startswith("\b"):
            paragraphs.append(para.lstrip("\n")[1:].strip("\n"))
        else:
            paragraphs.append(" ".join(line.strip() for line in para.splitlines() if line.strip()))
    return "\n\n".join(paragraphs)


def suggest(wrong: str, options: Iterable[Iterable[str]]) -> str:
    """What to say about an unknown option, given each option's names: the option meant (one it
    begins, or one a letter or two away), else every valid option."""
    names = [sorted(n, key=lambda o: (not o.startswith("--"), o)) for n in map(list, options) if n]
    longs = [o for n in names for o in n if o.startswith("--")]
    word = wrong.lstrip("-")
    if wrong.startswith("--") and word:
        prefixed = [o for o in longs if o[2:].startswith(word)]
        close = difflib.get_close_matches(word, [o[2:] for o in longs], n=2, cutoff=0.75)
        meant = prefixed or [f"--{c}" for c in close]
        if meant:
            return f"No such option: {wrong}. Did you mean {' or '.join(meant)}?"
    return f"No such option: {wrong}. The options are {', '.join('/'.join(n) for n in names)}"


def _options(params: Iterable[Any]) -> list[list[str]]:
    return [[o for o in (*p.opts, *p.secondary_opts) if o.startswith("-")] for p in params]


def _quiet_placeholders(params: Iterable[Any]) -> None:
    """typer shows `<bool>` beside a flag and `<list[str]>` beside an argument: type names, not help."""
    for param in params:
        if getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""
        elif param.param_type_name == "argument":
            param.display_type_rich = _no_type


def _no_type(ctx: Any = None) -> None:
    return None


def _better_unknown_option(error: Exception, params: Iterable[Any]) -> None:
    """An unknown option (click's NoSuchOption, whose suggestions are any option 60% alike: --bogus → --jobs)
    gets `suggest`'s message instead."""
    wrong = getattr(error, "option_name", None)
    if wrong and hasattr(error, "possibilities"):
        error.message = suggest(wrong, _options(params))  # type: ignore[attr-defined]
        error.possibilities = None  # type: ignore[attr-defined]


class _Texts:
    """What FactxCommand and FactxGroup add to typer's classes (see the module's doc)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["help"] = whole_paragraphs(kwargs.get("help"))
        kwargs["epilog"] = whole_paragraphs(kwargs.get("epilog"))
        super().__init__(*args, **kwargs)

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)  # type: ignore[misc]
        _quiet_placeholders(params)
        return params

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)  # type: ignore[misc]
        except Exception as e:
            _better_unknown_option(e, self.get_params(ctx))
            raise


class FactxCommand(_Texts, TyperCommand):
    pass


class FactxGroup(_Texts, TyperGroup):
    pass


def parse_choice(kind: type[E], what: str = "format") -> Callable[[str], E]:
    """A parser for `kind`'s values, any case (`-f CSV`); a wrong one names the valid ones."""

    def parse(text: str) -> E:
        try:
            return kind(str(text).lower())
        except ValueError:
            raise typer.BadParameter(f"{text!r} is not a {what}: use one of {', '.join(kind)}") from None

    return parse


def format_option(kind: type[E], *names: str, help: str, show_default: bool = False, metavar: str | None = None) -> Any:
    """A `-f/--format` option of `kind`'s values: any case, completed by the shell, a wrong one named."""
    return typer.Option(
        *names,
        parser=parse_choice(kind),
        metavar=metavar or "|".join(kind),
        autocompletion=lambda incomplete: [k.value for k in kind if k.value.startswith(incomplete.lower())],
        help=help,
        show_default=show_default,
    )
