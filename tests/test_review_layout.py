"""The review page's document text: Markdown structure shown, markup hidden but kept, so the page's
text is the document's and every highlight stays on its offsets; structure never cuts a highlight."""

from __future__ import annotations

from dataclasses import dataclass

from bs4 import BeautifulSoup, Tag
from html_text import html_text

from factx.review import Piece, document_html
from factx.review_layout import layout


def marked(text: str, *quoted: str) -> list[Piece]:
    """Claim highlights on the first occurrence of each quoted string."""
    out = []
    for n, q in enumerate(quoted, start=1):
        start = text.index(q)
        out.append(Piece("claim", q, start, start + len(q), "tip", "actual", f"r{n}", [n]))
    return out


def render(text: str, *quoted: str) -> tuple[str, BeautifulSoup]:
    html = str(document_html(text, marked(text, *quoted)))
    assert html_text(html) == text  # whatever the structure, the page's text is the document
    soup = BeautifulSoup(html, "html.parser")
    for mark in soup.select("mark"):  # and each highlight covers its offsets exactly
        assert text[int(mark["data-start"]) : int(mark["data-end"])] == mark.get_text()
    return html, soup


def visible(tag: Tag | BeautifulSoup) -> str:
    return "".join(str(t) for t in tag.find_all(string=True) if t.find_parent(class_="mk") is None)


MARKDOWN = """# 上海经济简报

## 一、工业

**工业**　规模以上工业增加值**增长5.2%**，*初步核算*。

> 数据来源：上海市统计局

- 出口1亿元
- 进口2亿元
  - 其中机电产品0.5亿元

1. 第一项3亿元
2. 第二项4亿元

| 指标 | 数值 |
|:---|---:|
| 产值 | 3.17万亿元 |
| 增速 | 2.7% |

---
"""


def test_markdown_structure_is_shown_and_its_markup_hidden() -> None:
    _, soup = render(MARKDOWN, "5.2%", "1亿元", "0.5亿元", "3亿元", "3.17万亿元")
    assert visible(soup.select_one("h3")).strip() == "上海经济简报"
    assert visible(soup.select_one("h4")).strip() == "一、工业"
    # bold applies run by run: a highlight inside bold stays one element, within its own <strong>
    assert "".join(visible(b) for b in soup.select("strong")) == "工业增长5.2%"
    assert soup.select_one("strong > mark").get_text() == "5.2%"
    assert visible(soup.select_one("em")) == "初步核算"
    assert "数据来源" in visible(soup.select_one("blockquote"))
    items = soup.select("ul.md-list li")
    assert [visible(li) for li in items] == [
        "出口1亿元",
        "进口2亿元",
        "其中机电产品0.5亿元",
        "1. 第一项3亿元",
        "2. 第二项4亿元",
    ]
    assert "lvl1" in items[2]["class"] and "ordered" in items[3]["class"]  # nested; numbers kept visible
    table = soup.select_one("table")
    assert [visible(c).strip() for c in table.select("th")] == ["指标", "数值"]
    assert [[visible(c).strip() for c in tr.select("td")] for tr in table.select("tr:not(.sep)")[1:]] == [
        ["产值", "3.17万亿元"],
        ["增速", "2.7%"],
    ]
    assert table.select_one("td mark").get_text() == "3.17万亿元"
    assert soup.select_one("div.rule") is not None
    shown = visible(soup)
    assert "#" not in shown and "**" not in shown and "|" not in shown and "- 出口" not in shown and "> " not in shown


def test_every_cell_holds_its_own_separators() -> None:
    """Text directly inside a table row would be moved out of the table by a browser's parser:
    every bar, indent and line end is inside a cell or is white space between rows."""
    html, soup = render("  | a | b |\n| 1 | 2 |\n")
    for tr in soup.select("tr"):
        assert all(isinstance(child, Tag) and child.name in ("td", "th") for child in tr.children)
    assert html.count("<td>") == 4 and "  |" in html_text(html)


def test_tab_separated_rows_are_a_table() -> None:
    _, soup = render("指标\t数值\n产值\t3亿元\n\n\t缩进的一行\n", "3亿元")
    assert [[visible(c) for c in tr.select("td")] for tr in soup.select("tr")] == [["指标", "数值"], ["产值", "3亿元"]]
    assert "缩进的一行" in visible(soup.select("div.para")[-1])  # a tab that only indents makes no table


def test_markup_inside_a_highlight_is_not_read_as_markup() -> None:
    text = "出口**12|3亿元**。\n| 指标 | 数值 |\n# 标题\n"
    pieces = [Piece("claim", "", text.index("12"), text.index("元") + 3, "", "actual", "r1", [1])]  # 12|3亿元**
    pieces.append(Piece("dropped", "", text.index("# 标题"), text.index("# 标题") + 1))
    html = str(document_html(text, pieces))
    assert html_text(html) == text
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("strong") is None and soup.select_one("h3") is None  # a marker in a highlight
    assert soup.select_one("mark").get_text() == "12|3亿元**"
    assert len(soup.select("table tr")) == 1  # the line with a bar inside the highlight is no table row


def test_a_highlight_across_a_line_end_keeps_its_lines_together() -> None:
    text = "出口3.17万\n亿元，增长\n2.7%。\n"
    _, soup = render(text, "3.17万\n亿元")
    assert soup.select_one("mark").get_text() == "3.17万\n亿元"
    assert len(soup.select(".l")) == 2  # the first two lines are one block, the third its own


def test_hostile_text_in_structure_is_escaped() -> None:
    text = "# <script>alert(1)</script>\n| <img src=x onerror=alert(1)> | 1亿元 |\n**<b>x</b>**\n"
    html, soup = render(text, "1亿元")
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert soup.find("script") is None and soup.find("img") is None and soup.find("b") is None


def test_carriage_returns_survive_the_html_parser() -> None:
    html, _ = render("# 标题\r\n\r\n出口1亿元。\r\n| a | b |\r\n", "1亿元")
    assert "\r" not in html and html.count("&#13;") == 4


def test_empty_and_blank_text() -> None:
    assert html_text(str(document_html("", []))) == ""
    assert html_text(str(document_html("\n\n  \n", []))) == "\n\n  \n"
    assert [b.kind for b in layout("\n\n  \n", [])] == ["blank", "blank", "blank"]  # a final line end ends a line


@dataclass
class Span:
    start: int
    end: int


def test_layout_gives_the_lines_their_kinds() -> None:
    text = "# h\npara\n- item\n|a|\n|---|\n> q\n***\n"
    kinds = [(b.kind, [line.kind for line in b.lines]) for b in layout(text, [Span(5, 6)])]
    assert kinds == [
        ("heading", ["heading"]),
        ("para", ["para"]),
        ("list", ["item"]),
        ("table", ["row", "sep"]),
        ("quote", ["quote"]),
        ("rule", ["rule"]),
    ]
