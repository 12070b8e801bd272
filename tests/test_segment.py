"""factx.segment: document structure (SPEC section 2, "Structure"; section 5 for .txt and tables).

Every test builds a small document, segments it and checks what the structure says about it:
which lines are headings, the title, digests, paragraphs, sentences, tables and notes. Offsets
are checked everywhere: a block, a sentence or a cell gives its text back from `doc.text`.
"""

from __future__ import annotations

import pytest
from sentences import fact, facts

from factx.models import Doc
from factx.segment import Block, Structure, segment, split_sentences


def seg(text: str) -> Structure:
    return segment(Doc("t.md", text))


def span(text: str, b: Block) -> str:
    return text[b.start : b.end]


def headings(text: str, st: Structure) -> list[str]:
    return [span(text, b) for b in st.blocks if b.kind == "heading"]


def kinds(text: str, st: Structure) -> list[tuple[str, str]]:
    return [(b.kind, span(text, b)) for b in st.blocks]


def block_with(text: str, st: Structure, needle: str) -> Block:
    found = [b for b in st.blocks if needle in span(text, b)]
    assert len(found) == 1, f"{needle!r} in {len(found)} blocks: {kinds(text, st)}"
    return found[0]


def assert_offsets(text: str, st: Structure) -> None:
    """Every block, sentence and cell indexes the text it reports, untouched."""
    for b in st.blocks:
        assert 0 <= b.start <= b.end <= len(text)
        for s in b.sentences:
            assert s.text == text[s.start : s.end]
            assert b.start <= s.start <= s.end <= b.end
        if b.table is not None:
            for cell in [*b.table.header, *(c for row in b.table.rows for c in row)]:
                assert cell.text == text[cell.start : cell.end]


# ---------------------------------------------------------------- headings


def test_markdown_headings_take_their_level_and_drop_the_markup() -> None:
    text = "# 2023年浙江经济运行情况\n\n## 工业生产\n\n全省规上工业增加值增长6.0%。\n\n### 制造业\n\n制造业增长6.2%。\n"
    st = seg(text)
    assert headings(text, st) == ["2023年浙江经济运行情况", "工业生产", "制造业"]
    levels = [b.level for b in st.blocks if b.kind == "heading"]
    assert levels[1] < levels[2]
    para = block_with(text, st, "制造业增长")
    assert [span(text, h) for h in para.headings] == ["制造业", "工业生产", "2023年浙江经济运行情况"]


def test_a_bold_line_is_a_heading_without_its_asterisks() -> None:
    text = "# 江苏经济\n\n**工业生产**\n\n全省规上工业增加值增长7.6%。\n"
    st = seg(text)
    h = block_with(text, st, "工业生产")
    assert h.kind == "heading"
    assert span(text, h) == "工业生产"
    assert span(text, block_with(text, st, "增长7.6%").headings[0]) == "工业生产"


@pytest.mark.parametrize("line", ["一、总体情况", "（二）消费市场", "(三)对外贸易"])
def test_a_section_numbered_line_without_sentence_end_is_a_heading(line: str) -> None:
    text = f"# 广东经济\n\n{line}\n\n全省社会消费品零售总额4.75万亿元，增长5.8%。\n"
    st = seg(text)
    assert block_with(text, st, line).kind == "heading"
    assert block_with(text, st, "4.75万亿元").kind == "para"


def test_a_section_numbered_line_that_ends_a_sentence_is_a_paragraph() -> None:
    text = "# 广东经济\n\n一、全省地区生产总值13.57万亿元。\n\n二、全省进出口总值8.3万亿元。\n"
    st = seg(text)
    assert headings(text, st) == ["广东经济"]


def test_a_decimal_section_number_is_a_heading() -> None:
    text = "# 广东经济\n\n3. 投资情况\n\n全省固定资产投资增长2.5%。\n"
    st = seg(text)
    assert any("投资情况" in h for h in headings(text, st))
    assert block_with(text, st, "增长2.5%").kind == "para"


def test_a_short_standalone_line_before_a_paragraph_is_a_heading() -> None:
    text = "# 四川经济\n\n农业生产\n\n全省粮食总产量718.8亿斤，增长0.9%。\n"
    st = seg(text)
    h = block_with(text, st, "农业生产")
    assert h.kind == "heading"
    assert h.heads is block_with(text, st, "718.8亿斤")
    assert span(text, block_with(text, st, "718.8亿斤").headings[0]) == "农业生产"


def test_a_short_line_with_a_sentence_end_or_no_paragraph_after_is_no_heading() -> None:
    text = "# 四川经济\n\n全省粮食丰收。\n\n全省粮食总产量718.8亿斤。\n\n数据来源于统计公报\n"
    st = seg(text)
    assert headings(text, st) == ["四川经济"]


def test_a_bold_label_opening_a_paragraph_line_is_part_of_that_paragraph() -> None:
    text = "# 能源\n\n**装机**　全国发电装机容量29.2亿千瓦，增长13.9%。\n"
    st = seg(text)
    b = block_with(text, st, "29.2亿千瓦")
    assert b.kind == "para"
    assert span(text, b).startswith("**装机**")
    assert headings(text, st) == ["能源"]


NOT_HEADINGS = [
    "2023-10-25 09:30",
    "2023年10月25日 来源：新华日报",
    "来源：浙江省统计局",
    "发布时间：2024-01-19",
    "本报记者 李明 通讯员 王强",
    "责任编辑：张文",
    "**编辑 何岚**",
    "https://www.example.com/news/2023/1025.html",
    "![南京港](nanjing.png)",
    pytest.param("关注公众号，获取更多资讯"),
    pytest.param("图为南京港集装箱码头"),
    pytest.param("马聪 郭天襄"),
    pytest.param("圖為南京港集裝箱碼頭"),  # traditional script: the same furniture
    pytest.param("本報記者 林忠 攝"),
    pytest.param("图为南京港集装箱码头。"),  # a caption written as a sentence
    pytest.param("(图：南京港集装箱码头)"),
    pytest.param("加入收藏 | 会员中心"),  # a site's bar of links
    pytest.param("统计公报年度索引: 2023 2022 2021 2020 2019 [ 分省总索引 ]"),
    pytest.param("站内搜索: 高级搜索"),
    pytest.param("日本語版「フォーカス台湾」に移動しますか。"),  # a site's language switch
    pytest.param("国内统一刊号:CN53-0011 大理日报社出版权威性·影响力·责任感"),  # a newspaper's masthead
    pytest.param("國內統一刊號：CN 11-0001 本報出版"),
    pytest.param("刊号 CN44-0017"),
    pytest.param("• 长者助手"),  # a government site's accessibility bar
    pytest.param("适老化"),
]


@pytest.mark.parametrize("line", NOT_HEADINGS)
def test_page_furniture_is_no_heading(line: str) -> None:
    text = f"# 江苏经济\n\n{line}\n\n2023年，南京港货物吞吐量2.7亿吨，增长1.5%。\n"
    st = seg(text)
    assert headings(text, st) == ["江苏经济"]
    assert block_with(text, st, "2.7亿吨").headings == [st.title]


# ---------------------------------------------------------------- title


def test_the_title_is_the_first_heading() -> None:
    text = "# 前三季度浙江经济运行\n\n## 工业\n\n规上工业增加值增长5.9%。\n"
    st = seg(text)
    assert st.title is not None and st.title.is_title
    assert span(text, st.title) == "前三季度浙江经济运行"
    assert sum(b.is_title for b in st.blocks) == 1


def test_a_first_line_followed_by_a_date_line_is_the_title() -> None:
    text = (
        "前三季度广东外贸进出口6.3万亿元 同比增长0.3%\n\n"
        "2023-10-20 10:15　来源：南方日报\n\n"
        "前三季度，广东外贸进出口6.3万亿元，同比增长0.3%。\n"
    )
    st = seg(text)
    assert st.title is not None
    assert span(text, st.title) == "前三季度广东外贸进出口6.3万亿元 同比增长0.3%"


@pytest.mark.parametrize("trail", ["您现在的位置:首页", "当前位置：首页", "您的位置: 首页", "现在的位置：网站首页"])
def test_a_breadcrumb_label_over_its_steps_is_no_title(trail: str) -> None:
    # the trail's label on a line of its own, its steps (> 统计信息 > 统计分析) on the next
    text = f"{trail}\n> 统计信息 > 统计分析\n农业结构稳步优化\n\n2017年，全市粮食产量78.65万吨。\n"
    st = seg(text)
    assert st.title is not None and span(text, st.title) == "农业结构稳步优化"


@pytest.mark.parametrize("trail", ["人民网>>江苏频道>>经济", "首页 >> 江苏 >> 经济", "新华网 » 江苏 » 财经"])
def test_a_trail_with_doubled_separators_is_page_furniture(trail: str) -> None:
    text = f"{trail}\n\n扬州锚定新目标：全部工业开票冲万亿\n\n近日，市工信局发布，我市工业开票销售达到9000亿元。\n"
    assert headings(text, seg(text)) == ["扬州锚定新目标：全部工业开票冲万亿"]
    assert fact(text, "9000亿元").region == "扬州"


@pytest.mark.parametrize("dash", ["——", "—", "--"])
def test_a_dashed_subtitle_is_part_of_the_title(dash: str) -> None:
    text = f"农业结构稳步优化\n\n{dash}2017年温州市农业经济形势分析\n\n一、种植业\n\n我市粮食产量78.65万吨。\n"
    st = seg(text)
    assert st.title is not None and span(text, st.title).endswith("农业经济形势分析")
    assert sum(b.kind == "heading" for b in st.blocks) == 2  # the title and 一、种植业
    f = fact(text, "78.65万吨")
    assert (f.region, f.period) == ("温州", "2017")


@pytest.mark.parametrize(
    ("title", "name", "period"),
    [
        ("784.28亿元!2022年一季度绵阳地区生产总值公布", "地区生产总值", "2022-01/2022-03"),
        ("74520元！2023年福建城镇非私营单位平均工资出炉", "城镇非私营单位平均工资", "2023"),
        ("1.2萬億元！ 2023年廣東社會消費品零售總額發布", "社會消費品零售總額", "2023"),
    ],
)
def test_a_headline_that_cries_a_figure_out_is_the_title_and_names_it(title: str, name: str, period: str) -> None:
    text = f"{title}\n\n记者从市政府新闻发布会获悉，工业增加值增长8.9%。\n\n分行业看，33个行业产值保持增长。\n"
    st = seg(text)
    assert st.title is not None and span(text, st.title) == title
    first = facts(text)[0]
    assert (first.indicator, first.period, first.value_text) == (name, period, title[: title.index("元") + 1])
    assert fact(text, "33个").period == first.period  # the title's period holds for the paragraphs


def test_a_short_quotation_with_a_cry_is_no_heading() -> None:
    text = "“朋友们！这是去年12月的新米，现在下单”\n\n1月17日，直播间卖出大米10吨。\n"
    assert headings(text, seg(text)) == []


def test_a_document_that_opens_with_a_paragraph_has_no_title() -> None:
    text = "2023年，浙江进出口4.9万亿元。\n\n其中出口3.6万亿元。\n"
    st = seg(text)
    assert st.title is None
    assert all(b.kind == "para" for b in st.blocks)


# ---------------------------------------------------------------- digest

DIGEST = """# 浙江经济周报

**宁波舟山港吞吐量创新高**

2023年，宁波舟山港完成集装箱吞吐量3530万标箱。（来源：浙江日报）

**吉利汽车销量增长**

2023年，吉利汽车全年销量168.7万辆，同比增长18%。（来源：公司公告）

**绍兴纺织出口回暖**

2023年，全市纺织服装出口1020亿元。（来源：绍兴日报）
"""


def test_items_with_source_notes_make_a_digest() -> None:
    st = seg(DIGEST)
    assert st.digest
    items = [block_with(DIGEST, st, n).item for n in ("3530万", "168.7万", "1020亿")]
    assert len(set(items)) == 3
    heads = [block_with(DIGEST, st, n).item for n in ("宁波舟山港吞吐量", "吉利汽车销量", "绍兴纺织")]
    assert heads == items


def test_an_article_with_topic_subheadings_is_no_digest() -> None:
    text = (
        "# 2023年浙江经济运行情况\n\n2023年，全省经济回升向好。\n\n**工业**\n\n"
        "规上工业增加值增长6.0%。\n\n**消费**\n\n社会消费品零售总额增长6.8%。\n"
    )
    assert not seg(text).digest


def test_a_single_source_note_is_no_digest() -> None:
    text = "# 浙江外贸\n\n**出口**\n\n2023年，浙江出口3.57万亿元。（来源：杭州海关）\n\n**进口**\n\n进口1.33万亿元。\n"
    assert not seg(text).digest


# ---------------------------------------------------------------- paragraphs and sentences

TXT = (
    "浙江省前三季度经济运行\n"
    "　　前三季度，浙江地区生产总值60356亿元，同比\n"
    "增长6.3%。其中，第三产业增加值\n"
    "34532亿元。\n"
    "　　9月末，全省金融机构本外币存款余额\n"
    "23.5万亿元。\n"
)


def test_txt_indented_lines_start_paragraphs_and_hard_wraps_join() -> None:
    st = seg(TXT)
    paras = [b for b in st.blocks if b.kind == "para"]
    assert len(paras) == 2
    assert [s.text for s in paras[0].sentences] == [
        "前三季度，浙江地区生产总值60356亿元，同比\n增长6.3%。",
        "其中，第三产业增加值\n34532亿元。",
    ]
    assert [s.text for s in paras[1].sentences] == ["9月末，全省金融机构本外币存款余额\n23.5万亿元。"]
    assert st.title is not None and span(TXT, st.title) == "浙江省前三季度经济运行"
    assert_offsets(TXT, st)


def test_txt_without_blank_lines_a_break_after_a_sentence_end_ends_a_paragraph() -> None:
    text = (
        "浙江省经济运行\n"
        "　　前三季度，全省规上工业增加值增长\n"
        "5.9%。\n"
        "全省固定资产投资增长6.1%。\n"
        "全省社会消费品零售总额\n"
        "2.4万亿元。\n"
    )
    st = seg(text)
    paras = [[s.text for s in b.sentences] for b in st.blocks if b.kind == "para"]
    assert paras == [
        ["前三季度，全省规上工业增加值增长\n5.9%。"],
        ["全省固定资产投资增长6.1%。"],
        ["全省社会消费品零售总额\n2.4万亿元。"],
    ]


def test_sentences_end_at_full_and_half_width_stops() -> None:
    text = "全省进出口增长5%。出口增长7%！进口下降2%？外资增长3%!内资增长1%?余下部分"
    got = [s.text for s in split_sentences(text, 0, len(text))]
    assert got == ["全省进出口增长5%。", "出口增长7%！", "进口下降2%？", "外资增长3%!", "内资增长1%?", "余下部分"]


def test_a_closing_quote_stays_with_its_sentence() -> None:
    text = "他说：“全年增长5%。”随后发布数据。"
    got = [s.text for s in split_sentences(text, 0, len(text))]
    assert got == ["他说：“全年增长5%。”", "随后发布数据。"]


def test_sentence_offsets_skip_surrounding_space() -> None:
    text = "前言。　　出口增长7%。 \n"
    ss = split_sentences(text, 0, len(text))
    assert [s.text for s in ss] == ["前言。", "出口增长7%。"]
    assert all(text[s.start : s.end] == s.text for s in ss)


def test_list_items_are_one_sentence_each_and_one_paragraph_after_their_lead() -> None:
    text = (
        "# 江苏经济\n\n主要指标如下：\n\n- 社会消费品零售总额4.6万亿元\n- 进出口总值5.2万亿元\n- 固定资产投资增长5.2%\n"
    )
    st = seg(text)
    lst = block_with(text, st, "4.6万亿元")
    assert [s.text for s in lst.sentences] == [
        "社会消费品零售总额4.6万亿元",
        "进出口总值5.2万亿元",
        "固定资产投资增长5.2%",
    ]
    assert "5.2万亿元" in span(text, lst) and "5.2%" in span(text, lst)
    assert lst.lead  # belongs to the paragraph that introduces it
    assert_offsets(text, st)


def test_numbered_list_items_are_one_sentence_each() -> None:
    text = "# 江苏经济\n\n1. 全省进出口5.2万亿元\n2. 全省出口3.4万亿元\n"
    st = seg(text)
    sentences = [s.text for b in st.blocks if b.kind == "para" for s in b.sentences]
    assert sentences == ["全省进出口5.2万亿元", "全省出口3.4万亿元"]


# ---------------------------------------------------------------- tables


def test_a_markdown_table_is_one_table_block_with_header_and_rows() -> None:
    text = (
        "# 2023年江苏主要指标\n\n"
        "| 指标 | 数值（亿元） | 比上年增长（%） |\n"
        "|---|---|---|\n"
        "| 地区生产总值 | 128222 | 5.8 |\n"
        "| 一般公共预算收入 | 9930 | 7.3 |\n"
    )
    st = seg(text)
    tables = [b for b in st.blocks if b.kind == "table"]
    assert len(tables) == 1
    t = tables[0].table
    assert t is not None
    assert [c.text for c in t.header] == ["指标", "数值（亿元）", "比上年增长（%）"]
    assert [[c.text for c in r] for r in t.rows] == [
        ["地区生产总值", "128222", "5.8"],
        ["一般公共预算收入", "9930", "7.3"],
    ]
    assert len(tables[0].sentences) == 2  # a row is a sentence
    assert_offsets(text, st)


@pytest.mark.parametrize("sep", ["  ", "    ", "\t", "　　"])
def test_a_plain_text_table_splits_columns_on_wide_gaps(sep: str) -> None:
    rows = [["地区", "产值（亿元）", "增长（%）"], ["南京", "17421", "4.6"], ["苏州", "24653", "4.6"]]
    text = "# 江苏各市\n\n" + "\n".join(sep.join(r) for r in rows) + "\n"
    st = seg(text)
    tables = [b for b in st.blocks if b.kind == "table"]
    assert len(tables) == 1
    t = tables[0].table
    assert t is not None
    assert [c.text for c in t.header] == rows[0]
    assert [[c.text for c in r] for r in t.rows] == rows[1:]
    assert_offsets(text, st)


def test_single_spaces_do_not_make_a_table() -> None:
    text = "# 江苏\n\n南京 2023年 生产总值 17421亿元。\n苏州 2023年 生产总值 24653亿元。\n"
    assert not [b for b in seg(text).blocks if b.kind == "table"]


# ---------------------------------------------------------------- notes


def test_a_note_paragraph_is_marked_as_a_note() -> None:
    text = (
        "# 江苏经济\n\n全省规上工业增加值增长7.6%。\n\n"
        "注：规模以上工业统计范围为年主营业务收入2000万元及以上的工业企业。\n"
    )
    st = seg(text)
    assert block_with(text, st, "注：").kind == "note"
    assert block_with(text, st, "7.6%").kind == "para"


def test_a_fuzhu_section_holds_notes_until_the_next_heading() -> None:
    text = (
        "# 江苏经济\n\n全省规上工业增加值增长7.6%。\n\n附注\n\n"
        "1. 城镇调查失业率覆盖31个省份。\n\n统计范围为全部常住人口。\n\n"
        "## 消费\n\n社会消费品零售总额增长6.5%。\n"
    )
    st = seg(text)
    assert block_with(text, st, "31个省份").kind == "note"
    assert block_with(text, st, "全部常住人口").kind == "note"
    assert block_with(text, st, "6.5%").kind == "para"
    assert block_with(text, st, "7.6%").kind == "para"


# ---------------------------------------------------------------- offsets over a whole document

BIG = """# 2023年江苏经济运行情况

2024-01-20 10:30  来源：江苏省统计局

一、总体情况

2023年，江苏地区生产总值12.8万亿元，比上年增长5.8%。全省规上工业增加值增长7.6%！
分行业看，电子行业增长12%，
汽车行业增长9%？

**消费市场**

主要指标如下：

- 社会消费品零售总额4.6万亿元
- 网上零售额1.2万亿元

| 指标 | 数值（亿元） | 比上年增长（%） |
|---|---|---|
| 地区生产总值 | 128222 | 5.8 |

地区  产值（亿元）  增长（%）
南京  17421  4.6

注：本文数据为初步核算数。
"""


@pytest.mark.parametrize("text", [BIG, TXT, DIGEST, BIG.replace("\n", "\r\n")], ids=["md", "txt", "digest", "crlf"])
def test_every_sentence_and_cell_indexes_the_text(text: str) -> None:
    st = seg(text)
    assert_offsets(text, st)
    assert sum(len(b.sentences) for b in st.blocks) >= 4


def test_crlf_line_ends_give_the_same_structure() -> None:
    lf, crlf = seg(BIG), seg(BIG.replace("\n", "\r\n"))
    assert [b.kind for b in lf.blocks] == [b.kind for b in crlf.blocks]
    assert [s.text.replace("\n", "") for b in lf.blocks for s in b.sentences] == [
        s.text.replace("\r\n", "") for b in crlf.blocks for s in b.sentences
    ]


def test_hard_wrapped_markdown_lines_join_into_one_sentence() -> None:
    st = seg(BIG)
    para = block_with(BIG, st, "电子行业")
    assert [s.text for s in para.sentences] == [
        "2023年，江苏地区生产总值12.8万亿元，比上年增长5.8%。",
        "全省规上工业增加值增长7.6%！",
        "分行业看，电子行业增长12%，\n汽车行业增长9%？",
    ]


def test_a_sites_navigation_above_the_headline_leaves_the_headline_the_title() -> None:
    text = (
        "加入收藏 | 会员中心\n统计年鉴年度索引: 2023 2022 2021 2020 2019 2018\n站内搜索: 高级搜索\n"
        "您当前的位置:首页 > 统计公报 > 辽宁\n\n辽阳市2018年国民经济和社会发展统计公报\n\n"
        "时间:2019-05-15 来源:辽阳市统计局\n2018年，全市经济平稳。\n\n二、农林牧渔业\n\n"
        "全年粮食产量103.7万吨。\n"
    )
    st = seg(text)
    assert st.title is not None and span(text, st.title) == "辽阳市2018年国民经济和社会发展统计公报"
    f = fact(text, "103.7万吨")
    assert (f.region, f.period) == ("辽阳", "2018")


@pytest.mark.parametrize("sep", ["\n", "\n\n"])
def test_a_short_line_between_a_finished_sentence_and_a_paragraph_is_a_heading(sep: str) -> None:
    text = (
        f"日前，记者获悉，2022年全市零售总额增长5.3%。{sep}限上商品销售全省第一\n"
        "宁波市商务局信息显示，2022年，全市限上零售额增长6.1%。\n\n"
        "从类别看，汽车类零售额增长9.7%。\n"
    )
    st = seg(text)
    assert "限上商品销售全省第一" in headings(text, st)
    assert next(f for f in facts(text) if f.growth == 9.7).period == "2022"


def test_a_hard_wrapped_line_stays_in_its_paragraph() -> None:
    # the line before does not end a sentence: the short line continues it
    text = "2022年，全市零售总额增长5.3%，\n限上商品销售全省第一\n宁波市商务局信息显示，限上零售额增长6.1%。\n"
    assert "限上商品销售全省第一" not in headings(text, seg(text))


@pytest.mark.parametrize("line", ["01/03/2024", "收藏", "分享", "44182"])
def test_a_day_first_date_counters_and_share_buttons_are_page_chrome(line: str) -> None:
    text = f"回復至疫前逾八成水平\n\n澳門去年GDP勁增80.5%\n{line}\n\n統計局資料顯示，2023年本地生產總值增長80.5%。\n"
    assert headings(text, seg(text)) == ["回復至疫前逾八成水平", "澳門去年GDP勁增80.5%"]


@pytest.mark.parametrize("line", ["搜 索", "微博", "Qzone", "微信"])
def test_share_and_search_buttons_are_page_chrome(line: str) -> None:
    text = f"{line}\n我省上半年宏观经济持续较快增长\n2011-07-27 来源：东北网\n\n上半年，全省经济增长较快。\n"
    st = seg(text)
    assert st.title is not None and span(text, st.title) == "我省上半年宏观经济持续较快增长"


@pytest.mark.parametrize(
    "caption",
    [
        "新疆蓝山屯河聚酯有限公司使用的环保燃气锅炉(8月23日摄)。天山网-新疆日报记者 汤永摄",
        "工人在宝钢集团新疆八一钢铁有限公司冷轧卷生产线上作业（新华社记者 李明 摄）",
        "工人在宝钢集团新疆八一钢铁有限公司冷轧卷生产线上作业。記者 李明攝",
    ],
)
def test_a_photo_caption_names_no_entity_and_is_no_lead(caption: str) -> None:
    text = f"前三季度新疆经济呈现良好发展态势\n\n{caption}\n\n前三季度，全区地区生产总值11396.14亿元，增长5.4%。\n"
    f = fact(text, "11396.14亿元")
    assert (f.entity, f.region) == (None, "新疆")


@pytest.mark.parametrize("topic", ["1、销售情况", "2、 新增项目情况", "3．經營概況"])
def test_a_numbered_topic_line_heads_the_lines_under_it(topic: str) -> None:
    text = f"# 公告\n\n一、房地产业务\n{topic}\n公司4月份合同销售金额201.1亿元，比上年同期增长29.1%。\n"
    st = seg(text)
    assert topic in headings(text, st)
    assert block_with(text, st, "201.1亿元").kind == "para"


@pytest.mark.parametrize("line", ["1、营业收入201.1亿元", "2、收入增长，利润下降", "1. 销售情况"])
def test_a_numbered_line_with_a_figure_or_a_clause_is_no_topic(line: str) -> None:
    text = f"# 公告\n\n{line}\n公司4月份合同销售金额201.1亿元，比上年同期增长29.1%。\n"
    assert line not in headings(text, seg(text))
