"""The text of an HTML fragment as a browser's textContent has it, for the review page's tests."""

from __future__ import annotations

from html.parser import HTMLParser


def html_text(html: str) -> str:
    """BeautifulSoup folds white space between tags; a browser keeps it, and so does this."""
    parts: list[str] = []

    class Collect(HTMLParser):
        def handle_data(self, data: str) -> None:
            parts.append(data)

    parser = Collect(convert_charrefs=True)
    parser.feed(html)
    parser.close()
    return "".join(parts)
