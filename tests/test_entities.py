"""entity and entity_code (SPEC section 1): the organisation whose own figure a claim is, in
short form, with the stock code written beside it; null for places, sectors, categories and
bodies reporting on a place. Sentences written for these tests."""

from __future__ import annotations

import importlib.util
import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import factx.cli_explain  # noqa: F401  (registers the command)
from factx.cli import app
from factx.errors import RuleError
from factx.models import FIELDS, Fact
from factx.pipeline import extract
from factx.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent


def one(text: str, value_text: str) -> Fact:
    (f,) = [f for f in extract(text) if f.value_text == value_text or str(f.growth) == value_text]
    return f


def test_the_fields_follow_region_code() -> None:
    k = FIELDS.index("region_code")
    assert FIELDS[k + 1 : k + 3] == ("entity", "entity_code")


@pytest.mark.parametrize(
    ("text", "name", "code"),
    [
        ("招商银行（600036.SH）2023年实现营业收入3391.23亿元，同比下降1.64%。", "招商银行", "600036.SH"),
        ("招商銀行(600036.SH)2023年實現營業收入3391.23億元，同比下降1.64%。", "招商銀行", "600036.SH"),
        ("据公告，华东重工（股票代码：600519）全年实现营业收入3391.23亿元。", "华东重工", "600519"),
        ("腾讯控股(0700.HK)公布，全年收入3391.23亿元。", "腾讯控股", "0700.HK"),
        ("台積電(2330)公布，全年營收3391.23億元新台幣。", "台積電", "2330"),
        ("全年营收3391.23亿元，招商银行（600036）称。", "招商银行", "600036"),
    ],
)
def test_a_stock_code_in_brackets_names_the_entity(text: str, name: str, code: str) -> None:
    f = next(f for f in extract(text) if f.value is not None)
    assert (f.entity, f.entity_code) == (name, code)


def test_the_name_leaves_the_indicator() -> None:
    f = one("招商银行（600036.SH）2023年实现营业收入3391.23亿元，同比下降1.64%。", "3391.23亿元")
    assert f.indicator == "营业收入"
    g = one("贵州茅台（600519.SH）年报显示，贵州茅台营业总收入1505.6亿元。", "1505.6亿元")
    assert (g.entity, g.indicator) == ("贵州茅台", "营业总收入")


def test_a_short_name_the_text_introduces_is_preferred_and_carries_the_code() -> None:
    text = (
        "西江酒业股份有限公司（股票代码：600999，以下简称“西江酒业”）今日发布年报。"
        "西江酒业全年实现净利润74.7亿元，同比增长19.2%。"
    )
    f = one(text, "74.7亿元")
    assert (f.entity, f.entity_code, f.indicator) == ("西江酒业", "600999", "净利润")


@pytest.mark.parametrize(
    ("intro", "short"),
    [
        ("三亚凤凰国际机场（下称“三亚机场”）24日透露", "三亚机场"),
        ("南宁吴圩国际机场(以下简称“吴圩机场”)发布消息", "吴圩机场"),
        ("西江港务集团（简称“西江港务”）日前公布", "西江港务"),
    ],
)
def test_the_short_name_a_text_gives_any_organisation_is_its_entity(intro: str, short: str) -> None:
    text = f"{intro}，2025年旅客吞吐量1003万人次。目前，{short}已开通航线154条。"
    assert [(f.entity, f.indicator) for f in extract(text)][1:] == [(short, "开通航线")]
    assert one(text, "1003万人次").entity == short


def test_a_short_name_that_refers_to_itself_is_not_the_entity() -> None:
    f = one("西江银行股份有限公司（以下简称“本行”）2023年实现净利润12.5亿元。", "12.5亿元")
    assert f.entity == "西江银行"


def test_a_legal_form_is_dropped_for_the_short_form() -> None:
    f = one("华东重工股份有限公司2023年实现营业收入12.5亿元。", "12.5亿元")
    assert f.entity == "华东重工"


def test_a_name_is_carried_like_a_region() -> None:
    para = one("招商银行发布年报。全年实现净利润1466亿元，同比增长6.2%。", "1466亿元")
    assert para.entity == "招商银行"
    title = one("# 长城汽车年报：营业收入创新高\n\n全年实现营业收入1732亿元。\n", "1732亿元")
    assert title.entity == "长城汽车"


@pytest.mark.parametrize(
    "text",
    [
        "人民银行兰州分行发布数据，9月末全省人民币贷款余额3.2万亿元。",
        "国家统计局数据显示，前三季度全国社会消费品零售总额34.2万亿元。",
        "中国汽车工业协会数据显示，新能源汽车产销分别完成45.7万辆和45万辆。",
        "新能源汽车销量达到95.1万辆，养老保险参保人数达到1200万人。",
        "居民消费价格（CPI）同比上涨0.2%，中国能源报告(2021)显示全国发电量7.8万亿千瓦时。",
        "全国商业银行实现净利润2.4万亿元，银行业金融机构总资产417万亿元。",
        "上述7家股份制银行实现营业收入共计1.27万亿元。",
        "苏州海关近日发布的数据显示，1—2月苏州市外贸进出口4134.9亿元。",
        "據拱北海關發布的數據顯示，前兩月珠海外貿進出口600億元。",
        "人民银行重庆营业管理部中心支行发布数据，一季度全市新增贷款2000亿元。",
        "今年1-5月银行结汇增长6.1%，2023年12月银行售汇下降3%。",
    ],
)
def test_places_sectors_categories_and_reporting_bodies_are_no_entity(text: str) -> None:
    facts = extract(text)
    assert facts and all(f.entity is None and f.entity_code is None for f in facts)


def test_the_count_of_a_category_is_no_entity() -> None:
    f = one("招商銀行以3391億元領跑。其餘6家銀行營收同比下降。", "6家")
    assert f.entity is None


def test_after_fenbie_a_list_of_names_pairs_with_the_figures() -> None:
    for text in (
        "平安银行、民生银行归母净利润分别增长2.1%、1.57%。",
        "平安銀行、民生銀行歸母淨利潤分別同比增長2.1%和1.57%。",
    ):
        got = [(f.entity, f.growth) for f in extract(text)]
        assert [e for e, _ in got][:1] in (["平安银行"], ["平安銀行"]) and len({e for e, _ in got}) == 2


def test_a_weak_suffix_needs_a_results_word() -> None:
    assert one("长城汽车营业收入1732亿元。", "1732亿元").entity == "长城汽车"
    assert one("新能源汽车产量1732万辆。", "1732万辆").entity is None


def test_round_up_labels_name_their_organisations() -> None:
    text = (
        "# 年报速览\n\n**比亚迪：量利齐升**\n\n比亚迪（002594.SZ）全年实现营业收入6023亿元。\n\n"
        "**晶辉光能：由盈转亏**\n\n全年实现营业收入86.3亿元。\n"
    )
    f = one(text, "86.3亿元")
    assert (f.entity, f.entity_code) == ("晶辉光能", None)


def test_explain_names_the_rule_behind_entity() -> None:
    text = "招商银行（600036.SH）2023年实现营业收入3391.23亿元，同比下降1.64%。"
    out = CliRunner().invoke(app, ["explain", "--text", text, "-f", "json"])
    assert out.exit_code == 0, out.output
    (rec,) = json.loads(out.stdout)["records"]
    assert rec["why"]["entity"]["rule"] == "entities.toml: codes"
    assert rec["why"]["entity"]["note"] == "sentence: 招商银行"
    assert rec["why"]["entity_code"]["rule"] == "entities.toml: codes"


def test_a_bad_entities_rule_is_refused_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "entities.toml").write_text('[codes]\npatterns = ["(a+)+$"]\n', encoding="utf-8")
    with pytest.raises(RuleError, match=r"entities\.toml"):
        load_rules.__wrapped__(tmp_path)
    (tmp_path / "entities.toml").write_text('[suffixes]\nstrong = [""]\n', encoding="utf-8")
    with pytest.raises(RuleError, match=r"entities\.toml"):
        load_rules.__wrapped__(tmp_path)


@pytest.mark.parametrize(
    "lead",
    [
        "美的集团、海尔智家、格力电器这三大白电巨头，一直是行业风向标。",
        "美的集團、海爾智家和格力電器等企業公布了半年報。",
        "海尔智家、美的集团、格力电器三家企业齐头并进。",
    ],
)
def test_names_listed_with_an_organisation_are_organisations(lead: str) -> None:
    text = f"{lead}\n\n格力电器上半年营收973.25亿元，同比下滑2.46%。海尔智家实现营收1564.94亿元。"
    assert {f.value_text: f.entity for f in extract(text)} == {"973.25亿元": "格力电器", "1564.94亿元": "海尔智家"}


def test_places_and_bodies_listed_with_an_organisation_stay_what_they_are() -> None:
    text = "北京银行、上海、统计局三方签约。\n\n上海上半年零售额9000亿元；统计局调查企业2000家。"
    assert {f.entity for f in extract(text)} <= {"北京银行"}


@pytest.mark.parametrize(
    "lead",
    [
        "重庆农村商业银行（601077.SH）发布年报，全年服务重庆市民超千万。",
        "渝农商行(601077.SH)公布年報，重慶業務穩步增長。",
    ],
)
def test_a_companys_figure_takes_no_place_its_sentence_does_not_give(lead: str) -> None:
    text = f"{lead}持续深耕县域市场，涉农贷款余额2272.89亿元。\n\n普惠型小微贷款余额1252.11亿元。"
    assert {(f.entity is not None, f.region) for f in extract(text)} == {(True, None)}


def test_a_companys_figure_placed_by_its_own_sentence_keeps_the_place() -> None:
    text = "招商银行（600036.SH）发布年报。\n\n招商银行深圳地区贷款余额1252.11亿元。"
    [f] = extract(text)
    assert (f.entity, f.region) == ("招商银行", "深圳")


@pytest.mark.parametrize("says", ["数据显示", "统计数据显示", "发布的数据显示"])
def test_an_organisation_giving_data_is_no_owner_of_the_paragraphs_later_figures(says: str) -> None:
    text = f"国铁集团{says}，1至11月全国中欧班列累计开行16145列。截至目前，中欧班列已通达217个城市。"
    f = next(f for f in extract(text) if f.value_text == "217个")
    assert (f.entity, f.region) == (None, "全国")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("重庆农商行以9087.78亿元的资产规模位居第一。", "重庆农商行"),
        ("中国人寿保费收入6000亿元。", "中国人寿"),
        ("人保財險保費收入4000億元。", "人保財險"),
    ],
)
def test_banks_and_insurers_by_their_suffix_are_entities_and_their_place_no_region(text: str, name: str) -> None:
    [f] = extract(text)
    assert (f.entity, f.region) == (name, None)


# ---------------------------------------------------------------- listed companies' names (rules/listed.toml)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("宁德时代全年营业收入4009亿元，同比增长22%。", "宁德时代"),
        ("2023年，中国平安实现归母净利润857亿元。", "中国平安"),
        ("上半年药明康德收入172亿元。", "药明康德"),
        ("其中，比亚迪销量302万辆。", "比亚迪"),
        ("据了解，万科去年销售金额3761亿元。", "万科"),
        ("寧德時代全年營業收入4009億元，按年增長22%。", "寧德時代"),
    ],
)
def test_a_listed_companys_bare_name_is_the_entity(text: str, name: str) -> None:
    (f,) = [f for f in extract(text) if f.value is not None]
    assert f.entity == name
    assert f.region is None  # 宁德 of 宁德时代 is no place
    assert not f.indicator.startswith(("时代", "時代", "平安"))


def test_a_listed_name_read_inside_a_phrase_names_no_one() -> None:
    # 线上线下 is a listed name, here an ordinary phrase after a verb
    (f,) = extract("全市举办线上线下文化活动6319场次。")
    assert f.entity is None


def test_a_listed_name_that_reads_as_a_place_and_a_word_needs_company_context() -> None:
    place = one("北京文化产业增加值增长5.1%。", "5.1")
    assert (place.region, place.entity) == ("北京", None)
    listed = extract("前三名为宁德时代、比亚迪、国轩高科，装车量分别为128GWh、60GWh和20GWh。")
    assert [(f.region, f.entity) for f in listed] == [(None, "宁德时代"), (None, "比亚迪"), (None, "国轩高科")]


@pytest.mark.parametrize(
    ("text", "name", "code"),
    [
        ("投资收益大增，带动中国人保（601319.SH）上半年净利润增长10%。", "中国人保", "601319.SH"),
        ("无锡药明康德新药开发股份有限公司（603259.SH）全年收入403亿元。", "药明康德", "603259.SH"),
        ("贵州茅台酒股份有限公司（600519）全年营业收入1505亿元。", "贵州茅台", "600519"),
    ],
)
def test_a_run_before_a_code_gives_the_listed_name_it_holds(text: str, name: str, code: str) -> None:
    f = next(f for f in extract(text) if f.value is not None or f.growth is not None)
    assert (f.entity, f.entity_code) == (name, code)


def test_explain_names_the_listed_name_behind_entity() -> None:
    out = CliRunner().invoke(app, ["explain", "--text", "比亚迪全年销量302万辆。", "-f", "json"])
    assert out.exit_code == 0, out.output
    (rec,) = json.loads(out.stdout)["records"]
    assert rec["why"]["entity"]["rule"] == "listed.toml: 比亚迪"


def test_an_overlay_adds_listed_names_and_a_bad_one_is_refused(tmp_path: Path) -> None:
    text = "励骏创建全年收入18亿港元。"
    assert extract(text)[0].entity is None
    (tmp_path / "listed.toml").write_text('names = ["励骏创建"]\n', encoding="utf-8")
    assert extract(text, rules=tmp_path)[0].entity == "励骏创建"
    (tmp_path / "listed.toml").write_text('names = ["骏"]\n', encoding="utf-8")
    with pytest.raises(RuleError, match=r"listed\.toml"):
        load_rules.__wrapped__(tmp_path)


def _build_listed() -> Any:
    spec = importlib.util.spec_from_file_location("build_listed", ROOT / "scripts" / "build_listed.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize(
    ("listed", "written", "kept"),
    [
        ("宁德时代", "宁德时代", True),
        ("万  科Ａ", "万科", True),  # the table's spaces and share class go
        ("七 匹 狼", "七匹狼", True),
        ("*ST金花", "*ST金花", False),  # a trading status: the exchange's abbreviation
        ("XD工商银", "XD工商银", False),
        ("三六零", "三六零", False),  # numerals only
        ("老百姓", "老百姓", False),  # an ordinary word in jieba's dictionary
        ("新产业", "新产业", False),  # 新 and an ordinary word: a phrase
        ("重庆港", "重庆港", False),  # a port: the place's as often as its operator's
    ],
)
def test_the_listed_names_builder_keeps_names_news_writes(listed: str, written: str, kept: bool) -> None:
    build = _build_listed()
    assert build.written(listed) == written
    assert build.kept(written, build.dictionary()) is kept


def test_the_shipped_listed_names_are_what_the_builder_keeps() -> None:
    build = _build_listed()
    words = build.dictionary()
    names = tomllib.loads((ROOT / "rules" / "listed.toml").read_text(encoding="utf-8"))["names"]
    assert len(names) > 4000 and names == sorted(set(names))
    assert all(build.kept(n, words) and build.written(n) == n for n in names)


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("证券代码:000961 证券简称:西江建设 公告编号:2021-084", "西江建设"),
        ("证券代码：000961　　证券简称：西江建设　　公告编号：2021-084", "西江建设"),
        ("股票代码：000961 股票简称：西江建设", "西江建设"),
        ("證券代碼：000961 證券簡稱：西江建設", "西江建設"),
    ],
)
def test_an_exchange_announcements_header_names_the_company_of_its_figures(header: str, name: str) -> None:
    text = f"{header}\n本公司及董事会全体成员保证信息披露的内容真实。\n公司4月份合同销售金额201.1亿元，增长29.1%。\n"
    f = one(text, "201.1亿元")
    assert (f.entity, f.entity_code) == (name, "000961")


@pytest.mark.parametrize(
    "lead",
    [
        "11月20日，西江港召开了2024年第三季度业绩说明会，公司管理层介绍了前三季度业绩。",
        "西江港日前召开三季度业绩发布会。",
        "西江港日前发布2023年年报。",
        "西江港正式发布2023年中期业绩公告。",
    ],
)
def test_a_name_that_holds_a_results_meeting_or_report_is_the_company_of_the_figures_after(lead: str) -> None:
    f = one(f"{lead}\n今年以来，公司前三季度实现营业收入218.11亿元，同比增长13.50%。\n", "218.11亿元")
    assert f.entity == "西江港"
