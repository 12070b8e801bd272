"""Doc → its structure: title, headings and their levels, paragraphs, sentences, tables, digest items.

Every later field takes its context from this one model (SPEC section 2): a claim looks at
its sentence, then its paragraph, then its headings innermost first, then the title. The
text is never rewritten; every piece keeps offsets into `Doc.text`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .models import Doc
from .script import simplified

SENTENCE_END = "。！？!?"
# Heading levels: Markdown 1–6 and HTML h1–h6 first, then the textual kinds, outer to inner.
LEVEL_CN_SECTION, LEVEL_CN_SUB, LEVEL_BOLD, LEVEL_NUM, LEVEL_SHORT = 7, 8, 9, 10, 11

_MD_HEADING = re.compile(r"#{1,6}[ \t]+")
_BOLD_LINE = re.compile(r"^\*\*([^*]+)\*\*[:：]?$")
_BOLD_LEAD = re.compile(r"^\*\*([^*]{1,30})\*\*")
_CN_SECTION = re.compile(r"^[一二三四五六七八九十]{1,3}、")
_CN_SUB = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]")
_NUM_SECTION = re.compile(r"^\d{1,2}[.．、](?!\d)\s*")
_NUM_TOPIC = re.compile(r"\d{1,2}[、．]\s*[^\d\s，,；;：:%％]{2,16}")  # 1、销售情况: a topic, no figure in it
_LIST_ITEM = re.compile(r"^(?:[-*+·•]\s+|\d{1,2}[.．)]\s+)")
_TABLE_SEP = re.compile(r"^\|?\s*:?-{2,}")
_URL = re.compile(r"(?:https?://|www\.)[^\s)）\]】\"'<>，。]+|\]\([^)]*\)")
_DATE_LINE = re.compile(
    r"(?:\d{4}(?:[-/.]\d{1,2}[-/.]\d{1,2}|年\d{1,2}月\d{1,2}日)|^\d{1,2}/\d{1,2}/\d{4}$|发布时间|来源[:：]|作者[:：]|记者|编辑|"
    r"责任编辑|字号|分享到|【打印】|【关闭】|报料热线|相关阅读|阅读量|点击量)"
)
_NOTE_START = re.compile(r"^[>\s]*[（(]?(?:注|注释|附注|备注|说明|小贴士|资料来源|数据来源)[：:\]\[\d）)]")
_NOTE_HEADING = re.compile(r"^(?:附注|注释|注|备注|说明|名词解释|指标解释)[：:]?$")
_DEFINITION = re.compile(r"是指|指标解释|统计范围|统计口径")
_FURNITURE = re.compile(
    r"关注|公众号|扫码|二维码|阅读原文|^图为|^图片来源|^图：|^（图|^\(图|点击|开户|下载.{0,6}APP|>>\s*$|»\s*$"
    r"|全面招商|招商加盟|热烈欢迎|(?<!\d)0\d{2,3}-\d{7,8}(?!\d)"  # a site's advertisement, a phone number
    r"|刊号|(?<![A-Za-z])CN\s?\d{2}\s?-\s?\d{4}"  # a newspaper's masthead: 国内统一刊号:CN53-0011
)
_CAPTION = re.compile(  # （图1） closing a line, 图5-1 opening one
    r"[（(](?:图|图表)\s*\d{1,2}(?:[-－.]\d{1,2})?[）)]\s*$"
    r"|^(?:图|图表)\s*\d{1,2}(?:[-－.]\d{1,2})?[\s　:：]"
)
# a site's navigation trail, 香港商报官网 > 湖南 > 湖南新闻 (context reads its place, too)
TRAIL = r"[^。，\n]{0,40}?(?:\s*[>＞›»]{1,2}\s*[^。，\n>＞›»]{1,16}){2,}\s*"  # 首页 > 经济, 人民网>>江苏频道>>经济
_PAGE_CHROME = re.compile(  # a government or news site's navigation and the fields of its record card
    r"^[•·\-\s]*(?:无障碍|长辈版|关怀版|长者助手|适老化|老年模式|大字版|读屏专用|繁体|简体|English|首页|网站首页|返回首页|打印本页|关闭窗口|收藏|分享|打印|评论|点赞|搜\s*索|微博|微信|Qzone|QQ空间|朋友圈)\s*$"
    r"|(?:当前位置|所在的位置|您的位置|现在的位置|首页|网站首页)\s*[:：]?\s*[^。]{0,40}[>＞›»]"
    r"|^[^。，]{0,4}(?:当前位置|所在的位置|您的位置|现在的位置)\s*[:：]"  # a trail label, steps below
    rf"|^{TRAIL}$"
    r"|^[（(][^（）()]{0,6}图片?[）)]$"  # (资料图片), (相关资料图)
    r"|^\d{1,9}$"  # 44182 on a line of its own: a view or like counter
    r"|^[\u4e00-\u9fff]{2,8}(?:\s*[|｜]\s*[\u4e00-\u9fff]{2,8})+$"  # 加入收藏 | 会员中心: a bar of links
    r"|(?:(?:19|20)\d{2}\s+){4,}"  # 年度索引: 2023 2022 2021 2020 …: an index of years
    r"|^(?:站内搜索|全站搜索|高级搜索|设为首页|加入收藏)"
    r"|^(?:索引号|组配分类|发布机构|主题分类|名称|文号|生成日期|成文日期|发布日期|信息来源|浏览次数|访问量)\s*[:：]"
)
_KANA = re.compile(r"[\u3040-\u30ff]{2}")  # hiragana or katakana: no line of Chinese news
_CAPTION_OPENERS = ("图为", "图：", "图:", "（图", "(图")
# a photo's date or credit: (8月23日摄), （新华社记者 李明 摄）, …记者 汤永摄 closing the line
_PHOTO = re.compile(
    r"[（(]\s*\d{1,2}月\d{1,2}日\s*摄\s*[）)]|[（(][^（）()]{0,20}(?:记者|通讯员)[^（）()]{0,12}摄\s*[）)]"
    r"|(?:记者|通讯员|摄影)\s*[\u4e00-\u9fff]{2,4}\s*摄\s*$"
)
_IMAGE = re.compile(r"^!\[[^\]]*\]\([^)]*\)$")
_RULE = re.compile(r"^\\?[-_*=—]{3,}$")
_SOURCE_NOTE = re.compile(r"[（(](?:来源|资料来源|稿件来源)[:：][^（）()]*(?:\([^)]*\)[^（）()]*)*[）)]\s*$")
_TITLE_HINT = re.compile(r"周报|月报|速览|速递|简报|周刊|日报|要闻|一周")
_CELL_SPLIT = re.compile(r"\t+| {2,}|　{2,}")
# 名次 | 省区市 | 旅游总收入(亿元) |: a pipe table's row written without its leading bar
_PIPE_ROW = re.compile(r"^[^|]+\|(?:[^|]*\|)+[^|]*$")


@dataclass(slots=True, eq=False)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(slots=True, eq=False)
class Cell:
    start: int
    end: int
    text: str


@dataclass(eq=False)
class Table:
    header: list[Cell]
    rows: list[list[Cell]]


@dataclass(eq=False)
class Block:
    """A heading, a paragraph or a table, in reading order."""

    kind: str  # heading | para | table | note
    start: int
    end: int
    sentences: list[Sentence] = field(default_factory=list)
    level: int = 0  # headings only
    headings: list[Block] = field(default_factory=list)  # enclosing headings, innermost first
    heads: Block | None = None  # a heading: the paragraph right after it
    item: int = -1  # digest item number
    table: Table | None = None
    is_title: bool = False
    lead: bool = False  # paragraph right after a list-introducing line belongs to it


@dataclass(eq=False)
class Structure:
    blocks: list[Block]
    title: Block | None
    digest: bool
    urls: list[tuple[int, int]]  # spans whose digits are never amounts


@dataclass(slots=True)
class _Line:
    start: int  # offset of the content (after markup)
    end: int
    raw_start: int
    text: str  # content
    raw: str
    kind: str = "text"  # text | blank | heading | meta | row | sep | item | note
    level: int = 0
    indent: bool = False


def split_sentences(text: str, start: int, end: int) -> list[Sentence]:
    """Sentences of text[start:end], ending at 。！？ (kept in the sentence)."""
    out: list[Sentence] = []
    s = start
    for i in range(start, end):
        if text[i] in SENTENCE_END:
            j = i + 1
            # a closing quote or bracket after the stop belongs to the sentence
            while j < end and text[j] in "”’」』）)":
                j += 1
            if text[s:j].strip():
                out.append(_trimmed(text, s, j))
            s = j
    if s < end and text[s:end].strip():
        out.append(_trimmed(text, s, end))
    return out


def _trimmed(text: str, s: int, e: int) -> Sentence:
    while s < e and text[s] in " \t\n\r　":
        s += 1
    while e > s and text[e - 1] in " \t\n\r　":
        e -= 1
    return Sentence(s, e, text[s:e])


def _lines(doc: Doc) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    for raw in doc.text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        line = _classify(body, pos, doc)
        out.append(line)
        pos += len(raw)
    for k, line in enumerate(out):  # 首页 | 新闻 | 关于: a bar-less pipe line alone is navigation, no table
        if line.kind == "row" and not line.text.startswith("|"):
            beside = [out[j] for j in (k - 1, k + 1) if 0 <= j < len(out)]
            if not any(b.kind in ("row", "sep") for b in beside):
                line.kind = "text"
    return out


def _classify(body: str, pos: int, doc: Doc) -> _Line:
    stripped = body.strip(" \t　\ufeff")
    lead = len(body) - len(body.lstrip(" \t　\ufeff"))
    line = _Line(pos + lead, pos + lead + len(stripped), pos, stripped, body)
    line.indent = body.startswith("　") or body.startswith("  ") or body.startswith("\t")
    if not stripped:
        line.kind = "blank"
        return line
    if pos in doc.headings:
        line.kind, line.level = "heading", doc.headings[pos]
        return line
    m = _MD_HEADING.match(stripped)
    if m:
        line.kind, line.level = "heading", len(m.group(0).strip())
        line.start += m.end()
        line.text = stripped[m.end() :]
        return _unbold(line)
    if _IMAGE.match(stripped) or _RULE.match(stripped):
        line.kind = "meta"
        return line
    if stripped.startswith("|"):
        line.kind = "sep" if _TABLE_SEP.match(stripped) else "row"
        return line
    bold = _BOLD_LINE.match(stripped)
    if bold:
        inner = bold.group(1).strip()
        if _is_meta(inner) or _is_byline(inner):
            line.kind = "meta"
            return line
        line.kind, line.level = "heading", LEVEL_BOLD
        if _NOTE_HEADING.match(inner.rstrip("：:")):
            line.kind = "noteheading"
        line.start += 2
        line.end -= len(stripped) - 2 - len(bold.group(1))
        line.text = bold.group(1)
        return line
    if _is_meta(stripped):
        line.kind = "meta"
        return line
    if _PIPE_ROW.match(stripped):
        line.kind = "row"
        return line
    if stripped.startswith(">"):
        line.kind = "note" if _NOTE_START.match(stripped) else "text"
        skip = len(stripped) - len(stripped[1:].lstrip())
        line.start += skip
        line.text = stripped[skip:]
        return line
    if _NOTE_HEADING.match(stripped):
        line.kind = "noteheading"
        return line
    if _NOTE_START.match(stripped):
        line.kind = "note"
        return line
    ends = stripped[-1] in SENTENCE_END or stripped.endswith(("。）", "。)"))
    if not ends and not any(c in stripped for c in SENTENCE_END):
        for pattern, level in ((_CN_SECTION, LEVEL_CN_SECTION), (_CN_SUB, LEVEL_CN_SUB)):
            if pattern.match(stripped) and len(stripped) <= 60:
                line.kind, line.level = "heading", level
                return _unbold(line)
        if _NUM_TOPIC.fullmatch(stripped):
            line.kind, line.level = "heading", LEVEL_NUM  # 1、销售情况 over the lines it heads
            return line
    if _LIST_ITEM.match(stripped):
        m2 = _LIST_ITEM.match(stripped)
        assert m2 is not None
        line.kind = "item"
        line.start += m2.end()
        line.text = stripped[m2.end() :]
        return line
    return line


def _unbold(line: _Line) -> _Line:
    if line.text.startswith("**") and line.text.endswith("**") and len(line.text) > 4:
        line.start += 2
        line.end -= 2
        line.text = line.text[2:-2]
    return line


def _is_meta(s: str) -> bool:
    """Bylines, dates, sources, URLs, navigation, promotion, captions: page furniture, never headings."""
    s = simplified(s)  # 圖為…, 本報記者: the patterns are written once, in simplified script
    if _URL.fullmatch(s.strip("*<> ")) or _is_byline(s):
        return True
    if len(s) <= 40 and _FURNITURE.search(s) and not any(c in s for c in "。！？"):
        return True
    if len(s) <= 80 and _KANA.search(s):
        return True  # 日本語版「フォーカス台湾」に移動しますか: a site's language switch
    if len(s) <= 40 and s.startswith(_CAPTION_OPENERS):
        return True  # 图为市长在作报告。: a photo's caption, even as a sentence
    if len(s) <= 80 and _DATE_LINE.search(s) and not any(c in s for c in "。！？"):
        return True
    if len(s) <= 160 and _PAGE_CHROME.search(s) and not any(c in s for c in "。！？"):
        return True  # 网站首页 > 信息公开, 索引号：…, 无障碍: a site's navigation and record fields
    if len(s) <= 120 and _CAPTION.search(s) and not any(c in s for c in "。！？"):
        return True  # 图5-1 2011~2020年全国发电量, …达13.77亿吨（图1）: a chart's caption
    if len(s) <= 120 and _PHOTO.search(s):
        return True  # …环保燃气锅炉(8月23日摄)。新疆日报记者 汤永摄: a photo's caption and credit
    return bool(re.fullmatch(r"[（(]?(?:来源|资料来源)[:：].*[）)]?", s))


def _is_byline(s: str) -> bool:
    """`马聪 郭天襄`: two or more short names separated by spaces."""
    parts = s.split()
    return len(parts) >= 2 and all(1 < len(p) <= 4 and re.fullmatch(r"[\u4e00-\u9fff·]+", p) for p in parts)


def _table_cells(text: str, line: _Line) -> list[Cell]:
    cells: list[Cell] = []
    if line.kind in ("row", "sep"):
        pos = line.start
        for part in line.text.strip("|").split("|"):
            s = text.index(part, pos) if part else pos
            cells.append(_cell(text, s, s + len(part)))
            pos = s + len(part) + 1
        return cells
    pos = line.start
    for part in _CELL_SPLIT.split(line.text):
        if not part:
            continue
        s = text.index(part, pos)
        cells.append(_cell(text, s, s + len(part)))
        pos = s + len(part)
    return cells


def _cell(text: str, s: int, e: int) -> Cell:
    c = _trimmed(text, s, e)
    return Cell(c.start, c.end, c.text)


def _is_plain_row(line: _Line) -> bool:
    return line.kind == "text" and len(_CELL_SPLIT.split(line.text)) >= 2 and not line.indent


def segment(doc: Doc) -> Structure:
    text = doc.text
    lines = _lines(doc)
    no_blank_lines = not any(ln.kind == "blank" for ln in lines[1:-1]) and len(lines) > 3
    blocks: list[Block] = []
    i = 0
    para: list[_Line] = []

    def flush() -> None:
        if not para:
            return
        blk = Block("note" if para[0].kind == "note" else "para", para[0].start, para[-1].end)
        if para[0].kind == "item":  # one list item, one sentence (at least)
            for ln in para:
                blk.sentences += split_sentences(text, ln.start, ln.end)
        else:  # hard-wrapped lines join: sentences run across line breaks
            blk.sentences = split_sentences(text, blk.start, blk.end)
        blocks.append(blk)
        para.clear()

    while i < len(lines):
        ln = lines[i]
        if ln.kind in ("blank", "meta"):
            flush()
        elif ln.kind in ("heading", "noteheading"):
            flush()
            blk = Block("heading", ln.start, ln.end, split_sentences(text, ln.start, ln.end), level=ln.level)
            if ln.kind == "noteheading":
                blk.kind = "noteheading"
            blocks.append(blk)
        elif ln.kind in ("row", "sep") or (_is_plain_row(ln) and i + 1 < len(lines) and _is_plain_row(lines[i + 1])):
            flush()
            j = i
            rows: list[_Line] = []
            while j < len(lines) and (lines[j].kind in ("row", "sep") or _is_plain_row(lines[j])):
                if lines[j].kind != "sep":
                    rows.append(lines[j])
                j += 1
            if not rows:  # separator lines only: nothing to read
                i = j
                continue
            cells = [_table_cells(text, r) for r in rows]
            blk = Block("table", rows[0].start, rows[-1].end, table=Table(cells[0], cells[1:]))
            blk.sentences = [Sentence(r.start, r.end, r.text) for r in rows[1:]]
            blocks.append(blk)
            i = j
            continue
        elif _side_heading(text, blocks, para, ln, lines[i + 1] if i + 1 < len(lines) else None):
            flush()
            sents = split_sentences(text, ln.start, ln.end)
            blocks.append(Block("heading", ln.start, ln.end, sents, level=LEVEL_SHORT))
        else:
            starts_new = (
                bool(para)
                and (
                    (ln.indent and ln.kind != "item")
                    or ln.kind == "item"
                    or para[-1].kind == "item"
                    or (no_blank_lines and para[-1].text[-1:] in SENTENCE_END + "）)")
                    or (not blocks and len(para) == 1 and _headline(para[0].text, ln.text))
                    or ln.kind != para[-1].kind
                )
                and not (ln.kind == "item" and para[-1].kind == "item")
            )
            if starts_new:
                flush()
            para.append(ln)
        i += 1
    flush()
    _short_headings(blocks, text)
    title = _find_title(blocks, doc)
    _merge_lists(blocks)
    digest = _is_digest(blocks, title)
    _nest(blocks, title, digest)
    urls = [(m.start(), m.end()) for m in _URL.finditer(text)]
    return Structure(blocks, title, digest, urls)


def _side_heading(text: str, blocks: list[Block], para: list[_Line], line: _Line, nxt: _Line | None) -> bool:
    """限上商品销售全省第一 on a line of its own before a paragraph's first line, once the body has
    begun (a sentence finished before it): a heading even where no blank line sets it apart. At
    the top of a page such a line is the headline or the publisher, which other rules read."""
    if nxt is None or line.kind != "text" or nxt.kind != "text" or line.indent:
        return False
    if para:
        after_sentence = para[-1].text[-1:] in SENTENCE_END
    else:
        last = next((b for b in reversed(blocks) if b.kind == "para"), None)
        after_sentence = last is not None and text[last.end - 1 : last.end] in SENTENCE_END
    return after_sentence and _headline(line.text, nxt.text)


def _headline(first: str, second: str) -> bool:
    """A document's first line, short and with no clause punctuation, before a longer line, is the
    headline (2022年1-10月重庆规上工业增加值同比增长4.5%) even where a single line break joins
    lines: a wrapped line is as long as the next one, and a site's name stands over more short lines."""
    words = sum("\u4e00" <= c <= "\u9fff" for c in first)
    # a headline may hold a comma (3月工業生產指數年減3.28%,首季增加0.78%) when it is short and
    # the body line after it much longer: a hard-wrapped line is as long as the next
    commas = any(c in first for c in "，,") and not (len(first) <= 30 and len(second) >= 2 * len(first))
    return (
        words >= 6
        and len(first) <= 50
        and not commas
        and not any(c in first for c in "；;。！？!?")
        and len(second) > len(first)
        and any(c in second for c in "，,。")  # a body line follows, not another line of the page's top
    )


def _short_headings(blocks: list[Block], text: str) -> None:
    """A short standalone line with no sentence end, followed by a paragraph, is a heading; one
    that only cries out inside (784.28亿元！一季度绵阳GDP公布, 重磅！…出炉) is one too."""
    for k, b in enumerate(blocks):
        if b.kind != "para" or not b.sentences or any(x.text.rstrip()[-1:] not in "！!" for x in b.sentences[:-1]):
            continue
        s = text[b.start : b.end].strip()
        if "\n" in text[b.start : b.end] or len(s) > 50 or s[-1] in SENTENCE_END + "；;，,：:":
            continue
        if len(b.sentences) > 1 and any(c in s for c in '，,“”"「」'):
            continue  # “朋友们！这是…，…”: a quotation, not a headline
        nxt = blocks[k + 1] if k + 1 < len(blocks) else None
        if nxt is not None and nxt.kind in ("para", "table"):
            b.kind, b.level = "heading", LEVEL_SHORT
            if len(b.sentences) > 1:  # one headline, one sentence: its period and place hold for its figure
                b.sentences = [
                    Sentence(
                        b.sentences[0].start, b.sentences[-1].end, text[b.sentences[0].start : b.sentences[-1].end]
                    )
                ]
            if _CN_SECTION.match(s):
                b.level = LEVEL_CN_SECTION


def _find_title(blocks: list[Block], doc: Doc) -> Block | None:
    for k, b in enumerate(blocks):
        if b.kind == "heading":
            if doc.title_offset is not None and b.start < doc.title_offset:
                continue
            b.is_title = True
            b.level = 0
            _join_subtitle(blocks, k)
            return b
        if b.kind == "para":
            return None
    return None


_SUBTITLE = re.compile(r"^(?:——|—|--|─)")


def _join_subtitle(blocks: list[Block], k: int) -> None:
    """——2017年温州市农业经济形势分析 under a title is part of it: its place and period are the title's."""
    if k + 1 < len(blocks) and blocks[k + 1].kind in ("heading", "para") and len(blocks[k + 1].sentences) == 1:
        sub = blocks[k + 1]
        if _SUBTITLE.match(sub.sentences[0].text) and len(sub.sentences[0].text) <= 50:
            blocks[k].end = sub.end
            blocks[k].sentences += sub.sentences
            del blocks[k + 1]


def _merge_lists(blocks: list[Block]) -> None:
    """A list or table introduced by a paragraph ending in ：/如下 belongs to that paragraph."""
    for k in range(1, len(blocks)):
        prev, b = blocks[k - 1], blocks[k]
        intro = prev.kind == "para" and prev.sentences and re.search(r"(：|:|如下)$", prev.sentences[-1].text)
        if intro and b.kind in ("para", "table"):
            b.lead = True


def _is_digest(blocks: list[Block], title: Block | None) -> bool:
    notes = sum(1 for b in blocks if b.kind == "para" and b.sentences and _SOURCE_NOTE.search(b.sentences[-1].text))
    hinted = title is not None and bool(_TITLE_HINT.search(title.sentences[0].text if title.sentences else ""))
    return notes >= 2 or (hinted and notes >= 1)


def _nest(blocks: list[Block], title: Block | None, digest: bool) -> None:
    """Give each block its enclosing headings (innermost first) and digest item number."""
    stack: list[Block] = []
    item = 0
    in_note = False
    for k, b in enumerate(blocks):
        if b.kind == "noteheading":
            in_note = True
            continue
        if b.kind == "heading":
            in_note = False
            nxt = blocks[k + 1] if k + 1 < len(blocks) else None
            b.heads = nxt if nxt is not None and nxt.kind in ("para", "table") else None
            if b.is_title:
                stack = [b]
                continue
            while stack and not stack[-1].is_title and stack[-1].level >= b.level:
                stack.pop()
            b.headings = list(reversed(stack))
            stack.append(b)
            if (digest and b.level == LEVEL_SHORT) or (
                digest and b.level == LEVEL_BOLD and _is_item_heading(blocks, k)
            ):
                item += 1
            b.item = item
            continue
        if in_note and b.kind == "para":
            b.kind = "note"
        if _DEFINITION.search(" ".join(s.text for s in b.sentences[:1])):
            b.kind = "note"
        b.headings = list(reversed(stack))
        b.item = item


def _is_item_heading(blocks: list[Block], k: int) -> bool:
    """In a digest a bold line heads an item when a paragraph (not another headline) follows."""
    nxt = blocks[k + 1] if k + 1 < len(blocks) else None
    return nxt is not None and nxt.kind == "para"
