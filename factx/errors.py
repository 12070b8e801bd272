"""The one exception family factx raises; the CLI turns it into a single stderr line."""

from __future__ import annotations


class FactxError(Exception):
    """Base of every error factx reports to a user."""


class RuleError(FactxError):
    """A rule file that does not load: names the file, the line and the entry."""

    def __init__(self, file: str, message: str, line: int | None = None, entry: str | None = None):
        self.file, self.line, self.entry = file, line, entry
        where = file if line is None else f"{file}:{line}"
        what = f" {entry}" if entry else ""
        super().__init__(f"{where}{what}: {message}")


class InputError(FactxError):
    """An input that cannot be read: names the path and what is wrong."""

    def __init__(self, path: str, reason: str):
        self.path, self.reason = path, reason
        super().__init__(f"{path}: {reason}")


class MissingExtra(FactxError):
    """A feature whose packages come with an extra (`factx[dask]`) that is not installed."""

    def __init__(self, feature: str, extra: str = "dask"):
        super().__init__(f"{feature} needs the {extra} extra: pip install 'factx[{extra}]'")
