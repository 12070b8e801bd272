"""reader: which files are inputs, how bytes become text, HTML's visible text, the document date."""

from __future__ import annotations

import io
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

import factx.reader
from factx.errors import InputError
from factx.htmltext import html_to_text
from factx.reader import (
    MB,
    PLAUSIBLE_SHARE,
    common_share,
    decode,
    doc_from_bytes,
    find_doc_date,
    iter_inputs,
    looks_like_text,
    read_path,
)
from factx.ruby import without_glosses

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
    notes: list[str] = []
    text = read_path(path, encoding="utf-8", warn=notes.append).text  # as asked, with its bytes replaced
    assert "\ufffd" in text and text.replace("\ufffd", "") != CLAIM
    assert len(notes) == 1 and notes[0].endswith("replaced by U+FFFD; that many suggest it is not utf-8")


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


def test_doc_from_bytes_is_read_path_without_the_file(tmp_path: Path) -> None:
    data = ("2023年10月31日\n" + CLAIM).encode("gbk")
    doc = doc_from_bytes("archive.zip:a.md", data)
    assert (doc.name, doc.date, doc.text) == ("archive.zip:a.md", "2023-10-31", "2023年10月31日\n" + CLAIM)
    assert doc_from_bytes("p.html", b"<p>x</p>").text == "x\n"


# --- text or not: the plausibility check -----------------------------------------------------------

RNG = random.Random(20231031)


def gb_pairs(leads: range, trails: list[int], n: int = 1500) -> bytes:
    """n two-byte GB18030 characters drawn from the given lead and trail bytes."""
    return b"".join(bytes((RNG.choice(leads), RNG.choice(trails))) for _ in range(n))


RARE_GBK = gb_pairs(range(0xAA, 0xFF), [b for b in range(0x40, 0xA1) if b != 0x7F])  # GBK/4: rare hanzi
GB_PRIVATE_USE = gb_pairs(range(0xF8, 0xFF), list(range(0xA1, 0xFF)))  # GB18030's user-defined area
LATIN1_BINARY = bytes(RNG.randrange(0x80, 0x100) for _ in range(3000))  # high bytes, no NUL
RANDOM_NO_NUL = bytes(RNG.randrange(1, 0x100) for _ in range(3000))


def test_common_share_of_real_text_and_of_nonsense() -> None:
    samples = Path(__file__).resolve().parents[1] / "samples"
    for md in samples.glob("*.md"):
        assert common_share(md.read_text(encoding="utf-8")) == 1.0, md.name
    assert common_share("  \n\t") == 1.0  # nothing to judge
    assert common_share("GDP增长5.2%，①号线；α=0.5 ℃ ‰ · × ｛全角｝") == 1.0
    assert common_share("\ue000\ue001中文") == 0.5  # private use is not text
    assert common_share("\x01\x02ab") == 0.5  # nor are control characters
    assert common_share(RARE_GBK.decode("gb18030")) < 0.3
    assert not looks_like_text(RARE_GBK.decode("gb18030")) and looks_like_text(CLAIM)
    assert 0.79 < PLAUSIBLE_SHARE < 0.81


def test_long_texts_are_judged_on_a_sample() -> None:
    text = CLAIM * 200_000  # 6 million characters
    started = time.perf_counter()
    assert common_share(text) == 1.0
    assert time.perf_counter() - started < 1.0
    assert common_share(text[:1000] + "\ue000" * len(text)) < 0.1  # slices reach the end


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (RARE_GBK, "does not look like text: read as GB18030, 1"),
        (GB_PRIVATE_USE, "does not look like text: read as "),
        (LATIN1_BINARY, "does not look like text: read as "),
        (b"\xff\xfe" + RANDOM_NO_NUL, "does not look like text: read as UTF-16, "),
        (RANDOM_NO_NUL, "not a text file, or in an encoding factx cannot tell (--encoding names it)"),
    ],
    ids=["rare-gbk", "gb-private-use", "latin1-binary", "utf16-bom-then-noise", "random-bytes"],
)
def test_nonsense_is_reported_not_extracted(tmp_path: Path, data: bytes, reason: str) -> None:
    path = write(tmp_path, "a.txt", data)
    with pytest.raises(InputError) as info:
        read_path(path)
    assert info.value.reason.startswith(reason)
    if reason.startswith("does not"):
        assert "characters are common Chinese, ASCII or punctuation (80% needed)" in info.value.reason
    assert read_path(path, encoding="latin-1").text == data.decode("latin-1")  # forced: read anyway


def test_a_text_in_a_rare_encoding_is_still_found(tmp_path: Path) -> None:
    text = "香港特區政府統計處今日公布，零售業總銷貨價值為332億元，較上年同月上升5.6%。" * 3
    assert read_path(write(tmp_path, "hk.txt", text.encode("big5hkscs"))).text == text


# --- a few bad bytes: read with replacement, and said so ---------------------------------------------


def damaged(text: str, bad: bytes, codec: str = "utf-8") -> tuple[bytes, int]:
    """`text` encoded, with `bad` put in at a character boundary near the middle; and that offset."""
    half = len(text) // 2
    head = text[:half].encode(codec)
    return head + bad + text[half:].encode(codec), len(head)


TEXT = (CLAIM + "\n") * 10


@pytest.mark.parametrize(
    ("codec", "label", "bad", "count"),
    [("utf-8", "UTF-8", b"\xff\xfe\x80", 3), ("utf-8", "UTF-8", b"\xe4\xb8", 2), ("gb18030", "GB18030", b"\x80", 1)],
)
def test_a_few_invalid_bytes_are_replaced_and_reported(
    tmp_path: Path, codec: str, label: str, bad: bytes, count: int
) -> None:
    data, offset = damaged(TEXT, bad, codec)
    notes: list[str] = []
    path = write(tmp_path, "a.md", data)
    doc = read_path(path, warn=notes.append)
    plural = "s" if count > 1 else ""
    assert notes == [
        f"{path}: invalid {label} at byte {offset}; decoded with {count} invalid byte{plural} replaced by U+FFFD"
    ]
    half = len(TEXT) // 2
    assert doc.text.replace("\ufffd", "") == TEXT  # every other character is there, offsets after it shift by 1-3
    assert "\ufffd" in doc.text[half : half + count]
    assert read_path(path).text == doc.text  # no listener: the same text, silently


def test_a_truncated_last_character_is_one_replacement(tmp_path: Path) -> None:
    notes: list[str] = []
    doc = read_path(write(tmp_path, "a.txt", TEXT.encode("gbk") + "江".encode("gbk")[:1]), warn=notes.append)
    assert doc.text == TEXT + "\ufffd" and "decoded with 1 invalid byte replaced" in notes[0]


def test_too_many_invalid_bytes_is_no_damaged_utf8(tmp_path: Path) -> None:
    # GBK read as UTF-8 is nearly all invalid bytes: never taken as damaged UTF-8
    notes: list[str] = []
    assert read_path(write(tmp_path, "a.txt", TEXT.encode("gbk")), warn=notes.append).text == TEXT
    assert notes == []
    # a short file has no room for a bad byte: one in 10 non-ASCII bytes is too many
    with pytest.raises(InputError):
        decode("进出口".encode() + b"\xff", "a.md")


def test_forced_encoding_reads_damaged_bytes_the_same_way(tmp_path: Path) -> None:
    data, offset = damaged(TEXT, b"\xff")
    notes: list[str] = []
    path = write(tmp_path, "a.md", data)
    assert read_path(path, encoding="utf-8", warn=notes.append).text == read_path(path).text
    assert notes == [f"{path}: invalid UTF-8 at byte {offset}; decoded with 1 invalid byte replaced by U+FFFD"]


SHORT = "江苏省5G基站达23.7万个，", "其中城市18.1万个。"  # 51 non-ASCII bytes: 5% of them is 2


@pytest.mark.parametrize("bad", [b"\xff\xfe\x80", b"\xe4\xb8\xff", b"\x80"])
@pytest.mark.parametrize("encoding", [None, "utf-8"])
def test_a_short_file_with_one_damaged_character_is_read(tmp_path: Path, bad: bytes, encoding: str | None) -> None:
    head, tail = (part.encode() for part in SHORT)
    notes: list[str] = []
    path = write(tmp_path, "a.md", head + bad + tail)
    text = read_path(path, encoding=encoding, warn=notes.append).text
    assert text.replace("\ufffd", "") == "".join(SHORT) and text.startswith(SHORT[0] + "\ufffd")
    assert notes == [
        f"{path}: invalid UTF-8 at byte {len(head)}; decoded with {len(bad)} invalid byte"
        + ("s replaced by U+FFFD" if len(bad) > 1 else " replaced by U+FFFD")
    ]


def test_short_gbk_with_some_ascii_is_not_damaged_utf8(tmp_path: Path) -> None:
    for text in ("GDP 5.2%, 增长", "2023年GDP增长5.2%", "增长", "Shanghai GDP: 4.72 trillion, +5% 同比"):
        assert read_path(write(tmp_path, "a.txt", text.encode("gbk"))).text == text


# --- files that cannot be read ---------------------------------------------------------------------


def test_size_limit_is_checked_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as f:  # a sparse 50 MB file: no 50 MB written
        f.truncate(50 * MB)
    read_limits: list[int] = []

    class Recording(io.FileIO):
        def read(self, size: int | None = -1) -> bytes:
            read_limits.append(-1 if size is None else size)
            return super().read(size)

    monkeypatch.setattr(factx.reader, "open", lambda path, mode: Recording(path, "r"), raising=False)
    with pytest.raises(InputError) as info:
        read_path(str(big), max_size=20 * MB)
    assert info.value.reason == "50.0 MB is over --max-size 20 MB"
    assert read_limits == []  # refused on its size alone
    small = write(tmp_path, "small.md", CLAIM.encode())
    assert read_path(small, max_size=20 * MB).text == CLAIM
    assert read_limits == [20 * MB + 1]  # and nothing is read beyond the limit
    with pytest.raises(InputError, match=r"^.*: 0.0 MB is over --max-size 9.5e-06 MB$"):
        read_path(small, max_size=10)


def test_size_limit_on_a_stream(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(CLAIM.encode() * 20_000)))  # 1.1 MB
    with pytest.raises(InputError, match=r"^-: over --max-size 0.5 MB$"):
        read_path("-", max_size=MB // 2)


def test_a_long_single_line_under_the_limit_is_read(tmp_path: Path) -> None:
    line = "甲" * 400_000 + CLAIM  # 1.2 MB, one line
    doc = read_path(write(tmp_path, "long.txt", line.encode()), max_size=20 * MB)
    assert doc.text == line


def test_broken_symlink(tmp_path: Path) -> None:
    link = tmp_path / "gone.md"
    link.symlink_to(tmp_path / "nowhere.md")
    with pytest.raises(InputError) as info:
        read_path(str(link))
    assert info.value.reason == f"broken symbolic link (to {tmp_path / 'nowhere.md'})"
    assert list(iter_inputs([str(tmp_path)])) == [(str(link), link)]  # in a folder, it is still named


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "a.md", CLAIM.encode())

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(factx.reader, "open", denied, raising=False)
    with pytest.raises(InputError) as info:
        read_path(path)
    assert (info.value.path, info.value.reason) == (path, "permission denied")


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads a chmod 000 file: test_permission_denied covers it"
)
def test_permission_denied_for_real(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", CLAIM.encode())
    os.chmod(path, 0)
    try:
        with pytest.raises(InputError, match="permission denied"):
            read_path(path)
    finally:
        os.chmod(path, 0o644)


def test_a_folder_that_cannot_be_listed_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "a.md", CLAIM.encode())
    locked = tmp_path / "locked"
    write(locked, "b.md", CLAIM.encode())
    real_scandir, real_listdir = os.scandir, os.listdir

    def scandir(path: object = ".") -> object:
        if Path(str(path)) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    def listdir(path: object = ".") -> list[str]:
        if Path(str(path)) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_listdir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "listdir", listdir)
    found = [name for name, _ in iter_inputs([str(tmp_path)])]
    assert found == [str(tmp_path / "a.md"), str(locked)]
    with pytest.raises(InputError) as info:
        read_path(str(locked))
    assert info.value.reason == "permission denied"


def test_bad_file_names(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a valid file name"):
        read_path("a\x00b.md")
    with pytest.raises(InputError, match="file name too long"):
        read_path(str(tmp_path / ("x" * 300)))


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
        ("澳門去年GDP勁增80.5%\n01/03/2024\n44182", "2024-03-01"),  # day first, on a line of its own
        ("標題\n31/12/2023\n", "2023-12-31"),
        ("標題\n12/31/2023\n", None),  # month first is no day-first date
        ("甘肃前5月外贸增长\n22.06.2018  14:18\n正文", "2018-06-22"),  # a European site's stamp
        ("标题\n05.11.2024\n", "2024-11-05"),
        ("标题\n22.06/2018\n", None),  # mixed separators: no date
        ("版本 1.2.2018 发布", None),  # not on a line of its own
        ("比例为1/3/2024年的目标", None),
        # a site's clock above the article: the labelled date is the article's
        ("欢迎访问\n2021-8-11 星期三 14:13:52\n标题\n时间:2023年11月09日来源:统计局", "2023-11-09"),
        ("2019/01/02 10:00\n標題\n發布日期：2024-03-05", "2024-03-05"),
        ("2021-8-11\n日期：2023年13月40日", "2021-08-11"),  # a label before no valid date gives way
    ],
)
def test_find_doc_date(text: str, expected: str | None) -> None:
    assert find_doc_date(text) == expected


@pytest.mark.parametrize("line", ["a" * 300_000, "a." * 150_000, "1" * 300_000, "ab.cd/" * 50_000])
def test_find_doc_date_is_linear_on_long_lines(line: str) -> None:
    started = time.perf_counter()
    assert find_doc_date(line) is None
    assert time.perf_counter() - started < 1.0  # was quadratic on a run of letters: minutes


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


def test_links_to_folders_are_followed_once(tmp_path: Path) -> None:
    write(tmp_path, "real/a.md", b"x")
    (tmp_path / "link").symlink_to(tmp_path / "real")
    (tmp_path / "real" / "loop").symlink_to(tmp_path)  # a loop back to the top
    found = [Path(name).relative_to(tmp_path).as_posix() for name, _ in iter_inputs([str(tmp_path)])]
    assert found == ["link/a.md"] or found == ["real/a.md"]


def test_archives_are_inputs_when_asked(tmp_path: Path) -> None:
    for name in ("a.md", "b.zip", "c.tar.gz", "d.pdf"):
        write(tmp_path, name, b"x")
    skipped: Counter[str] = Counter()
    found = [Path(n).name for n, _ in iter_inputs([str(tmp_path)], skipped, archives=(".zip", ".tar.gz"))]
    assert found == ["a.md", "b.zip", "c.tar.gz"] and skipped == Counter({".pdf": 1})


def test_globs_files_stdin_and_missing(tmp_path: Path) -> None:
    a, b = write(tmp_path, "a.md", b"x"), write(tmp_path, "b.md", b"x")
    write(tmp_path, "c.pdf", b"x")
    named = write(tmp_path, "notes.rst", b"x")  # named outright: read whatever its extension
    skipped: Counter[str] = Counter()
    got = list(iter_inputs([str(tmp_path / "*"), "-", named, "missing.md", str(tmp_path / "*.xyz")], skipped))
    assert [name for name, _ in got] == [a, b, "-", named, "missing.md", str(tmp_path / "*.xyz")]
    assert got[2] == ("-", None)
    assert skipped == Counter({".pdf": 1, ".rst": 1})


# ---------------------------------------------------------------- pinyin glosses of ruby text


@pytest.mark.parametrize(
    ("text", "clean", "dropped"),
    [
        ("規(guī)模工業(yè)增長(zhǎng)4.5%", "規模工業增長4.5%", 3),
        ("力爭達(dá)1.5萬(wàn)億元", "力爭達1.5萬億元", 2),
        ("统（tǒng）计（jì）局（jú）发布", "统计局发布", 3),
        ("增长(zhǎng)5%，体(xi)系(xi)完(wán)善(shàn)", "增长5%，体系完善", 5),  # toneless ones in a glossed text
        ("里程120公里(km)，增长5%", "里程120公里(km)，增长5%", 0),  # a unit is no gloss
        ("环比增长(mom)5%", "环比增长(mom)5%", 0),  # nor a lone toneless word
    ],
)
def test_pinyin_glosses_are_dropped(text: str, clean: str, dropped: int) -> None:
    assert without_glosses(text) == (clean, dropped)


def test_a_glossed_file_is_read_without_its_glosses_and_says_so(tmp_path: Path) -> None:
    p = tmp_path / "plan.txt"
    p.write_text("湖南規(guī)模工業(yè)增加值力爭(zhēng)達(dá)1.5萬(wàn)億元。", encoding="utf-8")
    said: list[str] = []
    doc = read_path(str(p), warn=said.append)
    assert doc.text == "湖南規模工業增加值力爭達1.5萬億元。"
    assert said and "5 pinyin glosses" in said[0]
    (f,) = factx.extract(doc.text)
    assert (f.value, f.value_text) == (1.5e12, "1.5萬億元")


def test_a_pages_ruby_readings_are_dropped_with_its_markup() -> None:
    text, _, _ = html_to_text("<p>增<ruby>長<rp>(</rp><rt>zhǎng</rt><rp>)</rp></ruby>4.5%</p>")
    assert text.strip() == "增長4.5%"


@pytest.mark.parametrize("comma", ["，", ","])
def test_a_date_in_a_long_running_sentence_is_no_publication_date(comma: str) -> None:
    line = f"人口自然变动 根据调查结果推算{comma}2015年11月1日至2016年10月31日{comma}全省出生人口为47.40万人"
    line += "，比上年增加" * 12
    assert find_doc_date(line + "\n") is None
    assert find_doc_date("2017年3月2日 来源：统计局\n" + line) == "2017-03-02"
