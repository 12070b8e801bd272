"""`python -m factx` runs the same command as the `factx` script."""

from .cli import app

app(prog_name="factx")
