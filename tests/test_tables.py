"""factx.tables: a company's results table as exchanges print it (业绩快报, 主要财务数据): a unit
line above it, a header over a row of sub-headers, a second header half-way, a unit on a row of its
own, changes written in words, and columns that name a period against the table's own."""

from __future__ import annotations

import pytest

from factx import Fact, extract

HEADER = "证券代码:688001 证券简称:西江材料 公告编号:2024-002\n西江材料2023年年度业绩快报公告\n"
TABLE = (
    "一、2023年年度主要财务数据和指标\n"
    "{unit}\n"
    "项目 | 本报告期 | 上年同期 | 增减变动幅度(%) | |\n"
    "调整前 | 调整后 | 调整后 | ||\n"
    "营业总收入 | 1,722,920.85 | 不适用 | 2,875,131.11 | -40.08 |\n"
    "基本每股收益 | 1.26 | 4.18 | 2.99 | -57.86 |\n"
    "(元/股) | ||||\n"
    "加权平均净资产收益率(%) | 6.33 | 不适用 | 20.88 | 减少14.55个百分点 |\n"
    "项目 | 本报告期末 | 本报告期初 | 增减变动幅度(%) | |\n"
    "总资产 | 1,348,020.96 | 1,538,036.53 | -12.35 | |\n"
)


def facts(unit: str = "单位:人民币万元") -> list[Fact]:
    return extract(HEADER + TABLE.format(unit=unit))


def one(value_text: str, unit: str = "单位:人民币万元") -> Fact:
    (f,) = [f for f in facts(unit) if f.value_text == value_text]
    return f


def test_the_unit_line_above_a_table_scales_its_cells() -> None:
    f = one("1,722,920.85")
    assert (f.value, f.unit) == (17229208500, "元")


@pytest.mark.parametrize("unit", ["单位：万元", "（单位：人民币万元）", "计量单位: 万元"])
def test_the_unit_line_is_read_in_its_usual_forms(unit: str) -> None:
    assert one("1,722,920.85", unit).value == 17229208500


def test_the_growth_column_goes_to_the_current_figure_past_a_spanned_column() -> None:
    f = one("1,722,920.85")
    assert (f.growth, f.growth_unit, f.period) == (-40.08, "%", "2023")


def test_the_previous_years_column_is_a_record_of_the_year_before() -> None:
    f = one("2,875,131.11")
    assert (f.indicator, f.period, f.growth) == ("营业总收入", "2022", None)


def test_a_unit_on_a_row_of_its_own_is_the_row_aboves() -> None:
    assert {(f.value, f.unit) for f in facts() if f.indicator == "基本每股收益"} == {
        (1.26, "元/股"),
        (4.18, "元/股"),
        (2.99, "元/股"),
    }


def test_a_change_in_points_written_in_words_is_the_rows_growth() -> None:
    f = one("6.33")
    assert (f.unit, f.growth, f.growth_unit) == ("%", -14.55, "pp")


def test_a_second_header_dates_its_rows_at_the_ends_of_the_period() -> None:
    assert (one("1,348,020.96").period, one("1,538,036.53").period) == ("2023-12-31", "2022-12-31")
    assert one("1,348,020.96").growth == -12.35


def test_every_cell_is_the_announcing_companys() -> None:
    assert {(f.entity, f.entity_code) for f in facts()} == {("西江材料", "688001")}


def test_no_header_cell_and_no_sub_header_is_a_claim() -> None:
    assert {f.value_text for f in facts()} == {
        "1,722,920.85",
        "2,875,131.11",
        "1.26",
        "4.18",
        "2.99",
        "6.33",
        "20.88",
        "1,348,020.96",
        "1,538,036.53",
    }


QUARTERLY = (
    "西江光电股份有限公司\n2021年第一季度报告\n一、主要会计数据和财务指标\n"
    "本报告期 | 上年同期 | 本报告期比上年同期增减 | |\n"
    "营业收入(元) | 719,976,569.54 | 520,681,022.13 | 38.28% |\n"
    "本报告期末 | 上年度末 | 本报告期末比上年度末增减 | |\n"
    "总资产(元) | 4,101,520,856.41 | 3,987,604,516.47 | 2.86% |\n"
)


def test_a_header_without_its_stub_cell_still_names_the_columns_after_the_label() -> None:
    got = {f.value_text: (f.unit, f.growth) for f in extract(QUARTERLY)}
    assert got["719,976,569.54"] == ("元", 38.28)
    assert got["520,681,022.13"] == ("元", None)


def test_columns_named_against_the_report_take_the_reports_period() -> None:
    got = {f.value_text: (f.period, f.period_text) for f in extract(QUARTERLY)}
    assert got["719,976,569.54"] == ("2021-01/2021-03", "本报告期")  # the period as the table writes it
    assert got["520,681,022.13"] == ("2020-01/2020-03", "上年同期")


def test_a_second_header_of_period_columns_starts_a_section() -> None:
    got = {f.value_text: (f.period, f.growth) for f in extract(QUARTERLY)}
    assert got["4,101,520,856.41"] == ("2021-03-31", 2.86)
    assert got["3,987,604,516.47"] == ("2020-12-31", None)
