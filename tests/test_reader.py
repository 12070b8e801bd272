"""reader: which files are inputs, how bytes become text, HTML's visible text, the document date."""

from __future__ import annotations

import io
import sys
from collections import Counter
from pathlib import Path

import pytest

from factx.errors import InputError
from factx.reader import decode, find_doc_date, html_to_text, iter_inputs, read_path

CLAIM = "1-9月全省进出口总值3.17万亿元，同比增长2.7%。"


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return str(path)


# --- decoding --------------------------------------------------------------------------------------


def test_utf8_bom_is_stripped_and_offsets_index_the_text_without_it(tmp_path: Path) -> None:
    doc = read_path(write(tmp_path, "a.md", b"\xef\xbb\xbf" + CLAIM.encode()))
    assert doc.text == CLAIM
    start = doc.text.index("3.17万亿元")
    assert doc.text[start : start + 7] == "3.17万亿元"


def test_utf8_without_bom(tmp_path: Path) -> None:
    assert read_path(write(tmp_path, "a.md", CLAIM.encode())).text == CLAIM


@pytest.mark.parametrize("codec", ["gbk", "gb18030", "gb2312"])
def test_gb_encodings(tmp_path: Path, codec: str) -> None:
    assert read_path(write(tmp_path, "a.txt", CLAIM.encode(codec))).text == CLAIM


def test_big5_is_not_read_as_gb18030(tmp_path: Path) -> None:
    text = "香港特區政府統計處今日公布，零售業總銷貨價值為332億元，較上年同月上升5.6%。"
    assert read_path(write(tmp_path, "hk.txt", text.encode("big5"))).text == text


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path: Path, codec: str) -> None:
    data = "\ufeff".encode(codec) + CLAIM.encode(codec)
    assert read_path(write(tmp_path, "a.txt", data)).text == CLAIM


def test_line_ends_are_kept_as_written(tmp_path: Path) -> None:
    text = "标题\r\n\r\n" + CLAIM + "\r\n"
    assert read_path(write(tmp_path, "a.txt", text.encode())).text == text


def test_forced_encoding(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", CLAIM.encode("gbk"))
    assert read_path(path, encoding="gbk").text == CLAIM
    with pytest.raises(InputError, match=r"not valid utf-8 \(byte 0x.. at offset \d+\)"):
        read_path(path, encoding="utf-8")


def test_forced_utf8_still_drops_the_bom() -> None:
    assert decode(b"\xef\xbb\xbf" + CLAIM.encode(), "a.md", "utf-8") == CLAIM


def test_unknown_encoding() -> None:
    with pytest.raises(InputError, match="unknown encoding 'nope'"):
        decode(b"x", "a.md", "nope")


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "empty file"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file")],
)
def test_unreadable_files(tmp_path: Path, data: bytes, reason: str) -> None:
    path = write(tmp_path, "a.md", data)
    with pytest.raises(InputError, match=reason) as info:
        read_path(path)
    assert info.value.path == path


def test_missing_file_and_empty_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_path(str(tmp_path / "missing.md"))
    with pytest.raises(InputError, match="a directory with no"):
        read_path(str(tmp_path))


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    data = "2023年10月31日\n".encode("gbk") + CLAIM.encode("gbk")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    doc = read_path("-")
    assert (doc.name, doc.date) == ("-", "2023-10-31")
    assert doc.text.endswith(CLAIM)


# --- HTML ------------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><title>页面标题 99亿元</title>
<style>p { color: red }</style><script>var total = "1.5万亿元";</script></head>
<body>
  <!-- 注释 88亿元 -->
  <h1>上海市前三季度经济运行情况</h1>
  <div class="meta">发布时间：2023年10月31日</div>
  <p>　　前三季度，全市进出口总值
  3.17万亿元，同比增长2.7%&#xFF0C;出口&lt;1&gt;增长&nbsp;3.9%。</p>
  <noscript>请启用脚本</noscript>
  <h2>一、<span>工业</span></h2>
  <table>
    <tr><th>指标</th><th>绝对量（亿元）</th><th>比上年增长（%）</th></tr>
    <tr><td><p>工业增加值</p></td><td>110913</td><td> 4.5 </td></tr>
  </table>
  <h3>（一）分行业</h3>
  <p>第一行<br>第二行</p>
  <div hidden>隐藏 77亿元</div>
  <ul><li>项一</li><li>项二</li></ul>
</body></html>
"""


@pytest.fixture
def page() -> tuple[str, dict[int, int], int | None]:
    return html_to_text(PAGE)


def test_html_drops_scripts_styles_head_and_comments(page: tuple[str, dict[int, int], int | None]) -> None:
    text = page[0]
    for hidden in ("页面标题", "color", "1.5万亿元", "88亿元", "请启用脚本", "77亿元"):
        assert hidden not in text


def test_html_blocks_lines_entities_and_cells(page: tuple[str, dict[int, int], int | None]) -> None:
    lines = page[0].split("\n")
    assert "\t".join(["指标", "绝对量（亿元）", "比上年增长（%）"]) in lines
    assert "工业增加值\t110913\t4.5" in lines
    # Entities decoded; the source line break inside the paragraph is a space before "3.17".
    assert "　　前三季度，全市进出口总值 3.17万亿元，同比增长2.7%，出口<1>增长\xa03.9%。" in lines
    assert lines[lines.index("第一行") + 1] == "第二行"
    assert lines[lines.index("项一") + 1] == "项二"
    assert "\n\n\n" not in page[0]


def test_html_headings_and_title(page: tuple[str, dict[int, int], int | None]) -> None:
    text, headings, title = page

    def line_at(offset: int) -> str:
        return text[offset : text.index("\n", offset)]

    assert {line_at(o): level for o, level in headings.items()} == {
        "上海市前三季度经济运行情况": 1,
        "一、工业": 2,
        "（一）分行业": 3,
    }
    assert title is not None and line_at(title) == "上海市前三季度经济运行情况"
    assert all(o == 0 or text[o - 1] == "\n" for o in headings)


def test_html_joins_hard_wrapped_chinese() -> None:
    assert html_to_text("<p>全省进出口\n   总值增长</p>")[0] == "全省进出口总值增长\n"


def test_read_path_html_by_suffix_or_content(tmp_path: Path) -> None:
    doc = read_path(write(tmp_path, "page.html", PAGE.encode()))
    assert doc.date == "2023-10-31"
    assert doc.title_offset is not None and doc.headings[doc.title_offset] == 1
    assert "<p>" not in doc.text
    sniffed = read_path(write(tmp_path, "page.txt", PAGE.encode("gbk")))
    assert sniffed.text == doc.text


@pytest.mark.parametrize(
    "start", ["<!DOCTYPE html>", "<html lang='zh'>", "<?xml version='1.0'?>\n<!-- x -->\n<!doctype HTML>"]
)
def test_html_is_sniffed_from_its_start(tmp_path: Path, start: str) -> None:
    doc = read_path(write(tmp_path, "page.txt", f"{start}<body><h1>标题</h1><p>正文</p></body>".encode()))
    assert doc.text == "标题\n\n正文\n" and doc.title_offset == 0


def test_markdown_with_tags_stays_markdown(tmp_path: Path) -> None:
    text = "# 标题\n\n<p>正文</p>\n"
    assert read_path(write(tmp_path, "a.md", text.encode())).text == text


def test_html_without_visible_text(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no visible text"):
        read_path(write(tmp_path, "a.html", b"<html><head><title>x</title></head><body></body></html>"))


# --- the document date -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("标题\n2023-10-31 12:36 来源：统计局\n正文", "2023-10-31"),
        ("标题\n2023年10月31日\n", "2023-10-31"),
        ("2024/09/02", "2024-09-02"),
        ("发布时间：2025年7月21日", "2025-07-21"),
        ("2023年9月29日（星期五）", "2023-09-29"),
        ("二〇二三年十月三十一日", "2023-10-31"),
        ("２０２３年１０月３１日", "2023-10-31"),
        ("原文 https://www.example.com/2023-10-31/a.html\n无日期", None),
        ("见 www.stats.gov.cn/2020/01/02/x 与 2024年1月5日", "2024-01-05"),
        ("2023年13月40日\n2023年2月1日", "2023-02-01"),
        ("前三季度2023年", None),
        ("\n".join(["行"] * 10 + ["2023年10月31日"]), None),
        ("\n\n\n".join(["行"] * 9 + ["2023年10月31日"]), "2023-10-31"),
    ],
)
def test_find_doc_date(text: str, expected: str | None) -> None:
    assert find_doc_date(text) == expected


def test_date_argument_wins(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", "2023年10月31日\n正文".encode())
    assert read_path(path).date == "2023-10-31"
    assert read_path(path, date="2024-01-02").date == "2024-01-02"


# --- which files -----------------------------------------------------------------------------------


def test_directories_are_read_recursively_sorted_and_others_counted(tmp_path: Path) -> None:
    for name in ["b.md", "a.txt", "sub/c.HTML", "sub/d.pdf", "e.pdf", "f.png", "README", ".hidden.md"]:
        write(tmp_path, name, b"x")
    write(tmp_path, ".git/x.md", b"x")
    skipped: Counter[str] = Counter()
    found = list(iter_inputs([str(tmp_path)], skipped))
    assert [Path(name).relative_to(tmp_path).as_posix() for name, _ in found] == [
        "a.txt",
        "b.md",
        "sub/c.HTML",
    ]
    assert skipped == Counter({".pdf": 2, ".png": 1, "": 1})


def test_globs_files_stdin_and_missing(tmp_path: Path) -> None:
    a, b = write(tmp_path, "a.md", b"x"), write(tmp_path, "b.md", b"x")
    write(tmp_path, "c.pdf", b"x")
    named = write(tmp_path, "notes.rst", b"x")  # named outright: read whatever its extension
    skipped: Counter[str] = Counter()
    got = list(iter_inputs([str(tmp_path / "*"), "-", named, "missing.md", str(tmp_path / "*.xyz")], skipped))
    assert [name for name, _ in got] == [a, b, "-", named, "missing.md", str(tmp_path / "*.xyz")]
    assert got[2] == ("-", None)
    assert skipped == Counter({".pdf": 1, ".rst": 1})
