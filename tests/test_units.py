"""Units: every currency CLDR names in Chinese (rules/currencies.toml, built by
scripts/build_currencies.py) under SPEC's canonical names, hand entries of units.toml first,
and compound units (载重吨, 吨公里, 人公里, 吨标准煤, 辆次) read whole."""

from __future__ import annotations

import importlib.util
import textwrap
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

import factx
from factx.cli import app
from factx.rules import default_dir, load_rules
from factx.script import simplified

RULES = default_dir()
CURRENCIES = tomllib.loads((RULES / "currencies.toml").read_text(encoding="utf-8"))
HAND = tomllib.loads((RULES / "units.toml").read_text(encoding="utf-8"))["unit"]
# SPEC section 4: the currencies whose unit is fixed, whatever CLDR calls them
SPEC_UNITS = {
    "CNY": "元",
    "USD": "美元",
    "HKD": "港元",
    "MOP": "澳门元",
    "AUD": "澳元",
    "EUR": "欧元",
    "JPY": "日元",
    "GBP": "英镑",
    "KRW": "韩元",
    "TWD": "新台币",
}


def canonical(code: str, name: str) -> str:
    return SPEC_UNITS.get(code, name)


def amounts(text: str, rules: Path | None = None) -> list[tuple[str | None, float | None, str | None]]:
    return [(f.value_text, f.value, f.unit) for f in factx.extract(text, date="2024-03-01", rules=rules)]


# ---------------------------------------------------------------- currencies in sentences


@pytest.mark.parametrize(
    ("text", "value_text", "value", "unit"),
    [
        ("今年前三季度，中泰双边贸易额达12.5亿泰铢，同比增长6.2%。", "12.5亿泰铢", 12.5e8, "泰铢"),
        ("該行去年在泰國的營收為3,200萬泰銖，按年增長4.1%。", "3,200萬泰銖", 3.2e7, "泰铢"),
        ("12.5亿泰铢的订单已于上月签订。", "12.5亿泰铢", 12.5e8, "泰铢"),
        ("项目总投资约5000亿越南盾(约合1.5亿元)。", "5000亿越南盾", 5e11, "越南盾"),
        ("俄方采购额达1.2万亿卢布，同比下降3%。", "1.2万亿卢布", 1.2e12, "俄罗斯卢布"),
        ("俄方採購額達1.2萬億盧布。", "1.2萬億盧布", 1.2e12, "俄罗斯卢布"),
        ("公司在印度的合同金额为250亿印度卢比。", "250亿印度卢比", 2.5e10, "印度卢比"),
        ("印度子公司營收為250億印度盧比。", "250億印度盧比", 2.5e10, "印度卢比"),
        ("马来西亚子公司营收8.3亿林吉特，增长5%。", "8.3亿林吉特", 8.3e8, "马来西亚林吉特"),
        ("馬來西亞子公司營收達4.5億令吉。", "4.5億令吉", 4.5e8, "马来西亚林吉特"),
        ("新加坡分行實現淨利潤2.1億新加坡幣。", "2.1億新加坡幣", 2.1e8, "新加坡元"),
        ("菲律宾子公司净利润为3.5亿菲律宾比索.", "3.5亿菲律宾比索", 3.5e8, "菲律宾比索"),
        ("项目合同金额为15亿沙特里亚尔；", "15亿沙特里亚尔", 1.5e9, "沙特里亚尔"),
        ("項目合同金額為15億沙特里亞爾。", "15億沙特里亞爾", 1.5e9, "沙特里亚尔"),
        ("項目合同金額為15億沙烏地里亞爾。", "15億沙烏地里亞爾", 1.5e9, "沙特里亚尔"),
        ("全年营收20亿南非兰特，同比增长2%。", "20亿南非兰特", 2e9, "南非兰特"),
        ("全年營收20億南非蘭特。", "20億南非蘭特", 2e9, "南非兰特"),
        ("加拿大子公司营收3.6亿加币。", "3.6亿加币", 3.6e8, "加拿大元"),
        ("巴西分公司营收R$12亿。", "R$12亿", 1.2e9, "巴西雷亚尔"),
        ("印度出口额达₹5000亿。", "₹5000亿", 5e11, "印度卢比"),
        # a name that starts with a magnitude (百, 千) keeps it
        ("全年营收12.5亿百慕大元。", "12.5亿百慕大元", 12.5e8, "百慕大元"),
        ("全年營收12.5億千里達及托巴哥元。", "12.5億千里達及托巴哥元", 12.5e8, "特立尼达和多巴哥元"),
    ],
)
def test_a_currency_cldr_names_is_read_with_its_magnitude(text: str, value_text: str, value: float, unit: str) -> None:
    assert (value_text, pytest.approx(value), unit) in amounts(text)


def test_a_currency_that_starts_with_duo_is_no_approximate_amount() -> None:
    """多 after a number marks an approximate amount (5000多米), unless a unit starts with it."""
    got = amounts("全年营收12.5亿多米尼加比索，新建道路5000多米。")
    assert ("12.5亿多米尼加比索", pytest.approx(12.5e8), "多米尼加比索") in got
    assert ("5000多米", pytest.approx(5000), "米") in got


def test_two_currencies_in_one_sentence_keep_their_own_units() -> None:
    text = "该行全年营收为8,500亿日元（约合420亿元人民币），泰国业务贡献120亿泰铢。"
    got = amounts(text)
    assert ("8,500亿日元", pytest.approx(8.5e11), "日元") in got
    assert ("120亿泰铢", pytest.approx(1.2e10), "泰铢") in got


def test_only_a_symbol_that_names_one_currency_is_a_prefix() -> None:
    """`₫` is 越南盾 alone; `¥` is 人民币 in zh and 日元 in zh_Hant, `$` 新台币 in zh_Hant and 美元
    in English: neither is taken from CLDR, and the hand prefixes keep their meaning."""
    prefixes = {p for c in CURRENCIES["currency"] for p in c.get("prefixes", [])}
    assert "₫" in prefixes and not {"¥", "$"} & prefixes
    got = amounts("该公司全年营收$20亿，越南工厂投资₫3.5万亿。")
    assert ("$20亿", pytest.approx(2e9), "美元") in got
    assert ("₫3.5万亿", pytest.approx(3.5e12), "越南盾") in got


# ---------------------------------------------------------------- the hand list wins


def test_every_cldr_form_of_a_spec_currency_reads_as_spec_names_it() -> None:
    """人民币 is 元, 澳幣 and 澳大利亚元 are 澳元, 澳门币 (CLDR's zh name of MOP) is 澳门元: the
    hand entry's unit, SPEC's name, never CLDR's."""
    rules = load_rules()
    for code, unit in SPEC_UNITS.items():
        entry = next(c for c in CURRENCIES["currency"] if c["code"] == code)
        for form in entry["forms"]:
            assert rules.units[simplified(form)].unit == unit, form  # rules are read through the view
            assert (f"12.5亿{form}", pytest.approx(12.5e8), unit) in amounts(f"全年营收达12.5亿{form}。"), form


def test_hand_currencies_name_their_code_and_use_cldr_names_where_spec_is_silent() -> None:
    names = {c["code"]: c["name"] for c in CURRENCIES["currency"]}
    for e in HAND:
        if e.get("class") == "money" and e.get("factor", 1) == 1 and e["unit"] != "元":
            assert "code" in e, e["unit"]
        if "code" in e and e.get("factor", 1) == 1:
            assert e["unit"] == canonical(e["code"], names[e["code"]]), e["unit"]


def test_hand_forms_and_sub_units_win_over_a_generated_form(tmp_path: Path) -> None:
    (tmp_path / "currencies.toml").write_text(
        textwrap.dedent(
            """
            currency = [
              { code = "XTS", name = "测试币", forms = ["测试币", "美金", "港仙"], prefixes = ["HK$"] },
            ]
            """
        ),
        encoding="utf-8",
    )
    rules = load_rules(tmp_path)
    assert rules.units["测试币"].unit == "测试币"  # the overlay is read
    assert (rules.units["美金"].unit, rules.units["港仙"].factor) == ("美元", pytest.approx(0.01))
    assert rules.unit_prefixes["HK$"].unit == "港元"
    assert ("19.58港仙", pytest.approx(0.1958), "港元") in amounts("每股派息19.58港仙。", tmp_path)


def test_a_currency_name_that_is_short_or_another_unit_is_not_added(tmp_path: Path) -> None:
    """A CLDR name of one character, or one that is already a measure or count, would misread
    ordinary amounts: it is left out, the currency's other forms are kept."""
    (tmp_path / "currencies.toml").write_text(
        'currency = [{ code = "XTS", name = "测试盾", forms = ["测试盾", "盾", "吨", "标箱", "人次", "标准箱"] }]\n',
        encoding="utf-8",
    )
    rules = load_rules(tmp_path)
    assert rules.units["测试盾"].cls == "money"
    assert "盾" not in rules.units
    assert [rules.units[f].cls for f in ("吨", "标箱", "人次", "标准箱")] == ["measure", "measure", "count", "measure"]
    assert amounts("全年进口铁矿石5万吨，集装箱吞吐量32万标准箱。", tmp_path) == [
        ("5万吨", pytest.approx(5e4), "吨"),
        ("32万标准箱", pytest.approx(32e4), "标箱"),
    ]


# ---------------------------------------------------------------- every currency


def test_every_generated_form_reads_as_its_currency() -> None:
    rules = load_rules()
    for c in CURRENCIES["currency"]:
        for form in c["forms"]:
            assert rules.units[simplified(form)].unit == canonical(c["code"], c["name"]), (c["code"], form)


def test_every_active_iso_4217_code_with_a_chinese_name_is_read() -> None:
    """From babel itself: each currency that is legal tender somewhere today, in each of its
    Chinese names (zh, zh_Hant, zh_Hant_HK), is an amount of that currency in a sentence."""
    if importlib.util.find_spec("babel") is None:
        pytest.skip("babel is a dev dependency (pip install -e '.[dev]')")
    from babel.core import get_global
    from babel.numbers import get_currency_name

    territories = get_global("territory_currencies")
    active = sorted({c for entries in territories.values() for c, _, end, tender in entries if end is None and tender})
    by_code = {c["code"]: c for c in CURRENCIES["currency"]}
    assert len(active) > 140
    for code in active:
        zh = get_currency_name(code, locale="zh")
        if zh == code:
            continue  # CLDR has no Chinese name for it
        unit = canonical(code, by_code[code]["name"])
        assert by_code[code]["name"] == zh, code
        for loc in ("zh", "zh_Hant", "zh_Hant_HK"):
            name = get_currency_name(code, locale=loc)
            text = f"该国去年进口额为12.5亿{name}，同比增长3%。"
            assert (f"12.5亿{name}", pytest.approx(12.5e8), unit) in amounts(text), (code, loc, name)


# ---------------------------------------------------------------- compound measures


@pytest.mark.parametrize(
    ("text", "value_text", "value", "unit"),
    [
        ("2023年，全省港口新增运力35万载重吨，同比增长8%。", "35万载重吨", 35e4, "载重吨"),
        ("全港新增運力35萬載重噸。", "35萬載重噸", 35e4, "载重吨"),
        ("全年铁路货运周转量完成312亿吨公里，同比增长3.1%。", "312亿吨公里", 312e8, "吨公里"),
        ("全年鐵路貨運周轉量完成312億噸公里。", "312億噸公里", 312e8, "吨公里"),
        ("全年货物周转量45亿吨千米.", "45亿吨千米", 45e8, "吨公里"),
        ("旅客周转量完成85.3亿人公里，增长12%。", "85.3亿人公里", 85.3e8, "人公里"),
        ("铁路旅客周转量为2.6万人公里；", "2.6万人公里", 2.6e4, "人公里"),
        ("公交运营里程达1.2亿车公里。", "1.2亿车公里", 1.2e8, "车公里"),
        ("水路货物周转量为1200亿吨海里。", "1200亿吨海里", 1.2e11, "吨海里"),
        ("综合能源消费量为1.2亿吨标准煤，下降2.1%。", "1.2亿吨标准煤", 1.2e8, "吨标准煤"),
        ("綜合能源消費量為1.2億噸標準煤。", "1.2億噸標準煤", 1.2e8, "吨标准煤"),
        ("全年节约能源25万吨标煤。", "25万吨标煤", 25e4, "吨标准煤"),
        ("全年减排二氧化碳12万吨二氧化碳当量。", "12万吨二氧化碳当量", 12e4, "吨二氧化碳当量"),
        ("运输船舶总运力达1200万总吨。", "1200万总吨", 1.2e7, "总吨"),
        ("新增变电容量300万千伏安。", "300万千伏安", 3e6, "千伏安"),
        ("新增储能装机规模1.2吉瓦时。", "1.2吉瓦时", 1.2, "吉瓦时"),
        ("全年天然气消费量360万立方，增长4%。", "360万立方", 3.6e6, "立方米"),
        ("全年出入境车辆120万辆次，同比增长8%。", "120万辆次", 1.2e6, "辆次"),
        ("全年出入境車輛120萬輛次。", "120萬輛次", 1.2e6, "辆次"),
        ("进出港船舶3.2万艘次，增长2%；", "3.2万艘次", 3.2e4, "艘次"),
        ("1.2万列次中欧班列已开行。", "1.2万列次", 1.2e4, "列次"),
        ("全年抽检食品1200批次，合格率98%。", "1200批次", 1200, "批次"),
        ("全年檢驗特種設備200臺次.", "200臺次", 200, "台次"),
        ("全年农机作业面积500万亩次。", "500万亩次", 5e6, "亩次"),
        ("全年供热量1200万吉焦。", "1200万吉焦", 1.2e7, "吉焦"),
        ("全年完成船舶修造50万修正總噸。", "50万修正總噸", 5e5, "修正总吨"),
    ],
)
def test_a_compound_unit_is_read_whole(text: str, value_text: str, value: float, unit: str) -> None:
    assert (value_text, pytest.approx(value), unit) in amounts(text)


@pytest.mark.parametrize(
    ("text", "value_text", "unit"),
    [
        ("上半年动力电池装车量42.8GWh，增长30.2%。", "42.8GWh", "GWh"),
        ("钠离子电池装车量1.5MWh.", "1.5MWh", "MWh"),
        ("新增光伏装机容量120万kW。", "120万kW", "kW"),
        ("上半年動力電池裝車量42.8GWh。", "42.8GWh", "GWh"),
        ("动力电池装车量42.8吉瓦时。", "42.8吉瓦时", "吉瓦时"),
    ],
)
def test_a_unit_in_latin_letters_stays_as_written(text: str, value_text: str, unit: str) -> None:
    # SPEC section 4: units as written after the magnitude; GWh is no 吉瓦时
    assert [u for vt, _, u in amounts(text) if vt == value_text] == [unit]


def test_the_cli_writes_new_currencies_and_compound_units(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(
        "# 2023年区域经济简报\n\n2023年，全省港口新增运力35万载重吨。泰国子公司营收達12.5億泰銖。\n", encoding="utf-8"
    )
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "a.md"), "-f", "csv", "--date", "2024-01-05"])
    assert result.exit_code == 0, result.output
    assert "350000,载重吨,35万载重吨" in result.output
    assert "12.5億泰銖" in result.output and ",泰铢," in result.output


def test_teu_is_kept_as_written_and_standard_box_becomes_biaoxiang() -> None:
    from sentences import facts

    got = facts("2024年，集装箱吞吐量8254.60万TEU，其中外贸3530.1万标准箱。")
    assert [(f.value, f.unit) for f in got] == [(82_546_000, "TEU"), (35_301_000, "标箱")]


def test_a_currency_declared_for_what_follows_is_the_unit_of_every_yuan_after_it() -> None:
    from sentences import facts

    text = "去年收入为80億元，创新高。旅客總消費上升35.9%至203.5億元(澳門元,下同)；留宿旅客消費164.3億元。"
    assert [f.unit for f in facts(text)] == ["元", "澳门元", "澳门元"]


def test_a_declared_unit_that_is_no_currency_changes_nothing() -> None:
    from sentences import facts

    assert [f.unit for f in facts("总消费203.5亿元（按可比价，下同），人均消费2000元。")] == ["元", "元"]


@pytest.mark.parametrize(
    ("text", "value_text", "value"),
    [
        ("上半年賭稅448億，增67%。", "448億", 448e8),
        ("前四月销售金额达1.43万亿，同比增长34%。", "1.43万亿", 1.43e12),
        ("全年營收達2.6兆。", "2.6兆", 2.6e12),
    ],
)
def test_a_bare_magnitude_after_a_money_word_is_money_in_yuan(text: str, value_text: str, value: float) -> None:
    assert (value_text, pytest.approx(value), "元") in amounts(text)


@pytest.mark.parametrize("text", ["全国人口1.4亿，增长0.1%。", "营收规模未能突破千亿。", "存款余额首破万亿。"])
def test_a_bare_magnitude_without_a_money_word_or_digits_is_no_money(text: str) -> None:
    assert not [a for a in amounts(text) if a[2] == "元"]


def test_a_declared_currency_applies_to_bare_magnitudes() -> None:
    text = "# 鴻海營收\n\n合併營收8628.61億（台幣，下同，約274億美元），全年營收達2.6兆。\n"
    got = {f.value_text: f.unit for f in factx.extract(text)}
    assert got["8628.61億"] == "新台币" and got["2.6兆"] == "新台币"


@pytest.mark.parametrize(
    ("text", "value_text", "value"),
    [("全年啤酒产量2399万千升，同比增长4.85%。", "2399万千升", 2.399e10), ("年产20萬千升。", "20萬千升", 2e8)],
)
def test_qian_before_sheng_is_a_magnitude(text: str, value_text: str, value: float) -> None:
    assert (value_text, pytest.approx(value), "升") in amounts(text)


@pytest.mark.parametrize(
    ("lead", "unit"),
    [
        ("保險業監管局今天公布香港保險業務的統計數字。", "港元"),
        ("行政院主計總處公布，", "新台币"),
        ("澳門統計暨普查局公布，", "澳门元"),
        ("美国商务部公布，", "美元"),
    ],
)
def test_a_bare_dollar_sign_is_the_dollar_of_the_place_the_text_is_about(lead: str, unit: str) -> None:
    (f,) = factx.extract(f"{lead}年內毛保費總額達到$4,892億，較上年上升8.3%。")
    assert f.unit == unit


def test_a_dollar_sign_naming_its_currency_keeps_it() -> None:
    text = "保險業監管局公布香港保險業務的統計數字。毛保費總額達到HK$4,892億，另有US$20億。"
    assert [f.unit for f in factx.extract(text)] == ["港元", "美元"]
