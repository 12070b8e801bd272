"""factx: turn Chinese economic news into data — every quantified claim as one traceable record."""

from .models import Fact
from .numbers import parse_number, parse_percent
from .pipeline import extract

__version__ = "0.1.0"
__all__ = ["Fact", "__version__", "extract", "parse_number", "parse_percent"]
