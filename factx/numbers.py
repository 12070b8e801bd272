"""Numbers in Chinese text: find numeral tokens, read them as floats (SPEC section 4).

`NUMBER_RE` finds spans, `parse_number` and `parse_percent` resolve them. Magnitudes
multiply (`3.17万亿` is 3.17e12), `兆` is 1e12 (Taiwan usage: `2兆7,629.64億`), and
the approximation markers 余/多/几/来 are read past: the caller owns qualifiers and
units. Values are computed in `Decimal`, so `3.17万亿` is exactly 3170000000000.0.
Nothing here backtracks: the patterns are possessive and the parser is one pass.
"""

from __future__ import annotations

import math
from decimal import Decimal

import regex

__all__ = ["NUMBER_RE", "parse_magnitude", "parse_number", "parse_percent"]

# --- finding numbers in running text ---------------------------------------------------------

_AD = "0-9０-９"  # Arabic digits, half and full width
_STD_DIGITS = "零〇○一二两兩三四五六七八九廿卅"  # ○ (U+25CB) is written for 〇 (二○一九年); 廿 20, 卅 30
_CAP_DIGITS = "壹贰貳叁參肆伍陆陸柒捌玖"  # financial forms: also everyday words (陆地, 队伍, 肆意)
_STD_MAGS = "十百千万亿兆萬億"
_CAP_MAGS = "拾佰仟"  # 拾 is also a verb (收拾, 拾起)
_MAGS = _STD_MAGS + _CAP_MAGS
_CN = _STD_DIGITS + _CAP_DIGITS + _MAGS
_DEC_DIGITS = "零〇○一二三四五六七八九" + _CAP_DIGITS  # after 点: not 两 (一点两 is not 1.2)
_APPROX = "余餘多几幾来來"

_ARABIC_RE = (
    rf"[{_AD}]++"
    rf"(?:,[{_AD}]{{3}}+(?![{_AD}])|，[０-９]{{3}}+(?![{_AD}]))*+"  # thousands: exactly 3 digits
    # 1 733.8万头, 1 066个: thousands set off by a space after at most three digits, the number
    # ending in a decimal point or a word (a flattened table's 15 300 200 stays three cells)
    rf"(?:(?<![{_AD}]{{4}})[ \u00a0\u2009\u202f][0-9]{{3}}(?![{_AD}])(?=[ \u00a0\u2009\u202f][0-9]|[.．]|\p{{Han}}))*+"
    rf"(?:[.．][{_AD}]++)?+"
    rf"(?:[ \u00a0\u3000](?=[{_MAGS}]))?+"  # `5 万`: one space before a magnitude
)
_CN_ELEMENT_RE = (
    rf"(?<![{_AD}])[{_STD_DIGITS}]|[{_STD_MAGS}]"  # 3五 is not a number
    # Financial forms only inside a numeral, so 大陆, 队伍 and 收拾 stay words.
    + rf"|(?<=[{_MAGS}零〇○])[{_CAP_DIGITS}]|[{_CAP_DIGITS}](?=[{_MAGS}零〇点點])"
    + rf"|(?<=[{_CN}{_AD}])[{_CAP_MAGS}]|[{_CAP_MAGS}](?=[{_CN}{_AD}])"
)
# 唯一一个, 统一一次: a numeral that ends a word (唯一, 统一, 同一) does not open a number
_FIRST_RE = f"(?:{_ARABIC_RE}|(?<![唯统統同单單专專划劃逐归歸])(?:{_CN_ELEMENT_RE}))"
_NEXT_RE = (
    rf"(?:(?<=[{_MAGS}零〇○]){_ARABIC_RE}"  # 5万4千, 1千零20
    # 748 萬 7,000 人 (Taiwan spacing): the lower digits after one space, never a magnitude's own
    + r"|(?<=[万亿萬億])[ \u00a0\u3000](?:[0-9]{1,3}(?:,[0-9]{3})?|[0-9]{4})"
    + rf"(?![0-9.,．]|[ \u00a0\u3000]?[{_MAGS}])"
    # 1,145 萬 9 千人, 2 億 3,500 萬: lower digits with their own lower magnitude, spaced
    + r"|(?<=[万萬])[ \u00a0\u3000][0-9]{1,3}[ \u00a0\u3000]?[千百十](?![万亿萬億])"
    + r"|(?<=[亿億])[ \u00a0\u3000][0-9]{1,4}(?:,[0-9]{3})?[ \u00a0\u3000]?[万萬千百十](?![亿億])"
    + f"|{_CN_ELEMENT_RE}"
    + rf"|[{_APPROX}](?=[{_MAGS}]))"  # 十多万, 500余万: the marker stands for the lower digits
)
# One numeral token: Arabic (signed, thousands commas, decimals, full width) with any
# magnitudes after it, or Chinese numerals with a 点 decimal part. It never crosses
# punctuation or a trailing 余/多 (两千余家 → 两千); units and qualifiers are the
# caller's. A rare odd run (千千万万, 十四五) is matched but parses to None.
NUMBER_RE: regex.Pattern[str] = regex.compile(
    "(?>"
    # A sign only where it cannot be a hyphen or a range dash (2020-2021, COVID-19).
    + rf"(?:(?<![{_AD}A-Za-zＡ-Ｚａ-ｚ.．])[-+－＋−﹣]|[负負])?+"
    # A lone 百/万/亿 is a word (百货, 上万, 亿元 in a table header), not a number.
    + rf"(?![百千万亿兆萬億](?![{_CN}{_AD}{_APPROX}]))"
    + _FIRST_RE
    + _NEXT_RE
    + "*+"
    # Chinese decimals (三点五, 两千万点五五四四), not clock times (十点二十分).
    # 十六．四二 (Taiwan print sets the point in full width between numerals)
    + rf"(?:(?<=[{_CN}])(?:[点點]|．(?=[{_DEC_DIGITS}]))[{_DEC_DIGITS}]++[百千万亿兆萬億]*+(?![{_CN}{_AD}]))?+"
    + ")"
)

# --- reading a number ------------------------------------------------------------------------

_FOLD = str.maketrans(
    {
        **{c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)},  # full-width ASCII forms
        0x3000: " ",
        0x00A0: " ",
        0x2212: "-",
        0xFE63: "-",
        0xFE62: "+",
        **dict(zip("萬億兩倆俩點負幾餘來〇○對個份", "万亿两两两点负几余来零零对个分", strict=True)),
        ord("廿"): "二十",
        ord("卅"): "三十",
        **dict(zip("壹弌贰貳貮叁參肆伍陆陸柒捌玖拾佰仟", "一一二二二三三四五六六七八九十百千", strict=True)),
    }
)
_DIGIT = {c: Decimal(i) for i, c in enumerate("零一二三四五六七八九")} | {"两": Decimal(2)}
_MAG = {c: Decimal(10) ** p for c, p in zip("十百千万亿兆", (1, 2, 3, 4, 8, 12), strict=True)}
_SUFFIX = {
    "打": Decimal(12),
    "k": Decimal(1000),
    "K": Decimal(1000),
    "m": Decimal(10**6),
    "M": Decimal(10**6),
}
_APPROX_FOLDED = frozenset("余多几来")
_SIGNS = frozenset("-+负")
_HALF = Decimal("0.5")

_ARABIC = regex.compile(r"(?:[0-9]++(?:,[0-9]{3})*+(?:\.[0-9]*+)?+|\.[0-9]++)(?:[eE][-+]?[0-9]++)?+")
_TOKEN = regex.compile(r"[0-9]++(?:,[0-9]{3})*+(?:\.[0-9]++)?+|.", regex.S)
_DIGIT_RUN = regex.compile(r"[零一二三四五六七八九]{2,}+")
_DIGIT_RUN_MAG = regex.compile(r"([零一二三四五六七八九]{2,}+)([万亿兆]++)")
_CN_DECIMALS = regex.compile(r"([零一二三四五六七八九]++)([十百千万亿兆]*+)")
_TO_ASCII_DIGITS = str.maketrans("零一二三四五六七八九", "0123456789")
_SLASH = regex.compile(r"([-+]?)(?:([0-9]++) ++)?([0-9]++)/([0-9]++)")  # 3/5, 1 3/5
_POWER = regex.compile(r"([-+]?)([0-9]++(?:\.[0-9]++)?+)\^([-+]*+)([0-9]++(?:\.[0-9]++)?+)")
_PER_MAG = regex.compile(r"[百千万亿兆]++")  # 百分之, 千分之, 百万分之: rates, not fractions
_TWO_DIGITS = regex.compile(r"[0-9]{2}|[一二三四五六七八九][零一二三四五六七八九]")  # 75折, 五五折


def _fold(text: str) -> str:
    """Full-width, traditional and financial forms to one alphabet (ASCII stays as is)."""
    return text if text.isascii() else text.translate(_FOLD)


def _finite(value: Decimal | None) -> float | None:
    if value is None:
        return None
    result = float(value)
    return result if math.isfinite(result) else None


def parse_magnitude(chars: str) -> float:
    """The factor of a run of magnitude characters; a run multiplies: 万亿 → 1e12, 千 → 1e3."""
    return float(_magnitude(_fold(chars)))


def _magnitude(chars: str) -> Decimal:
    factor = Decimal(1)
    for char in chars:
        if char not in _MAG:
            raise ValueError(f"not a magnitude character: {char!r} in {chars!r}")
        factor *= _MAG[char]
    return factor


def parse_number(text: str) -> float | None:
    """The value of `text` if it is wholly a number, else None.

    Arabic (`82,356.9`, `1.5E-3`, `１．０７５３`), Chinese (`一万零五`, `九萬四`, `二零二三`)
    and mixed (`3.17万亿`, `2兆7,629.64億`); fractions (`五分之一`, `1 3/5`); a trailing
    余/多/几/来 is dropped. `百分之…` is a percentage: see `parse_percent`.
    """
    folded = _fold(text).strip()
    try:
        if "/" in folded:
            return _finite(_slash_fraction(folded))
        return _finite(_value("".join(folded.split())))
    except ArithmeticError:  # Decimal overflow: 万万万… or a 20 MB digit run
        return None


def parse_percent(text: str) -> float | None:
    """The value in per cent of a rate, else None.

    `35%`, `百分之三点五`, `千分之五` (0.5), `5‰`, `4.5个百分点`, `三成五` (35), `九折` (90),
    `8.5折` (85), `五五折` (55).
    """
    try:
        return _finite(_percent("".join(_fold(text).split())))
    except ArithmeticError:
        return None


def _percent(t: str) -> Decimal | None:
    """A sign in front of any form: -22.2%, 负百分之五."""
    if len(t) > 1 and t[0] in _SIGNS and t[1] not in _SIGNS:
        value = _unsigned_percent(t[1:])
        return None if value is None else (value if t[0] == "+" else -value)
    return _unsigned_percent(t)


def _unsigned_percent(t: str) -> Decimal | None:
    if t.endswith("%"):
        return _value(t[:-1])
    if t.endswith("‰"):
        value = _value(t[:-1])
        return None if value is None else value / 10
    for suffix in ("个百分点", "百分点"):
        if t.endswith(suffix):
            return _value(t[: -len(suffix)])
    base, per, rest = t.partition("分之")
    if per:
        value = _value(rest) if _PER_MAG.fullmatch(base) else None
        return None if value is None else value * 100 / _magnitude(base)
    if "成" in t:
        return _tenths(t)
    if t.endswith("折"):
        return _discount(t[:-1])
    return None


def _tenths(t: str) -> Decimal | None:
    """三成 → 30, 三成五 → 35, 三成半 → 35, 半成 → 5."""
    head, _, tail = t.partition("成")
    value = _value(head)
    if value is None:
        return None
    if tail in ("", "半"):
        return value * 10 + (5 if tail else 0)
    extra = _value(tail) if len(tail) == 1 else None
    return None if extra is None else value * 10 + extra


def _discount(body: str) -> Decimal | None:
    """九折 → 90, 8.5折 → 85, 五五折 → 55: the price paid, in per cent."""
    if body in ("对", "半"):
        return Decimal(50)
    value = _value(body)
    if value is None or _TWO_DIGITS.fullmatch(body):
        return value
    return value * 10 if 0 < value < 10 else None  # 十折 is not a discount


def _slash_fraction(t: str) -> Decimal | None:
    """3/5, -3/2, 1 3/5 (a whole number and a fraction)."""
    match = _SLASH.fullmatch(t)
    if not match or int(match[4]) == 0:
        return None
    sign, whole, num, den = match.groups()
    value = Decimal(whole or 0) + Decimal(num) / Decimal(den)
    return -value if sign == "-" else value


def _value(t: str) -> Decimal | None:
    """A folded, whitespace-free number: fraction, power or plain."""
    if "分之" in t:
        return _cn_fraction(t)
    if "^" in t:
        return _power(t)
    return _plain(t)


def _cn_fraction(t: str) -> Decimal | None:
    """五分之一 → 0.2, 负一又二分之一 → -1.5 (又 joins a whole number and a fraction)."""
    whole_text, joined, rest = t.partition("又")
    if not joined:
        whole_text, rest = "", t
    den_text, _, num_text = rest.partition("分之")
    if _PER_MAG.fullmatch(den_text):  # 百分之五, 千分之三: parse_percent reads these
        return None
    den, num = _plain(den_text), _plain(num_text)
    if den is None or num is None or den == 0:
        return None
    fraction = num / den
    if not joined:
        return fraction
    whole = _plain(whole_text)
    if whole is None:
        return None
    return whole - fraction if whole.is_signed() else whole + fraction


def _power(t: str) -> Decimal | None:
    """2^5, 2.5^-1, -1.1^+23 (the sign applies to the result, as in Recognizers-Text)."""
    match = _POWER.fullmatch(t)
    if not match:
        return None
    sign, base, exp_signs, exp = match.groups()
    exponent = float(exp) * (-1) ** exp_signs.count("-")
    try:
        value = math.pow(float(base), exponent)
    except (OverflowError, ValueError):
        return None
    return Decimal(repr(-value if sign == "-" else value))


def _plain(t: str) -> Decimal | None:
    """A signed number with an optional multiplier (打 = 12, k, m/M = 1e6) and approximation marker."""
    negative = t[:1] in ("-", "负")
    if t[:1] in _SIGNS:
        t = t[1:]
    scale = _SUFFIX.get(t[-1:])
    if scale is not None:
        t = t[:-1]
    if t[-1:] in _APPROX_FOLDED:  # 两千余, 5000多, 二十几: the caller reports the qualifier
        t = t[:-1]
    if not t:
        return None
    value = Decimal(t.replace(",", "")) if _ARABIC.fullmatch(t) else _chinese(t)
    if value is None:
        return None
    if scale is not None:
        value *= scale
    return -value if negative else value


_CN_POINT = regex.compile(r"(?<=[零一二三四五六七八九十百千万亿])\.")  # the folded full-width point


def _chinese(t: str) -> Decimal | None:
    """Chinese or mixed numerals, with an optional 点 decimal part (三点五万, 四百亿点零五; 十六．四二
    folds to 十六.四二)."""
    whole_text, point, decimals = _CN_POINT.sub("点", t, count=1).partition("点")
    whole = _integer(whole_text)
    if whole is None or not point:
        return whole
    match = _CN_DECIMALS.fullmatch(decimals)
    if not match:
        return None
    fraction = Decimal("0." + match[1].translate(_TO_ASCII_DIGITS))
    if not match[2]:
        return whole + fraction
    mag = _magnitude(match[2])
    # 二億九千三百六十點一一萬: the 萬 after the point scales only the part after the larger 億
    cut = max((i for i, c in enumerate(whole_text) if c in _MAG and _MAG[c] > mag), default=-1)
    if cut < 0:
        return (whole + fraction) * mag
    head, tail = _integer(whole_text[: cut + 1]), _integer(whole_text[cut + 1 :]) or Decimal(0)
    return None if head is None else head + (tail + fraction) * mag


def _integer(t: str) -> Decimal | None:
    """The whole-number part: 一千零五, 九万四, 5亿1万4千6百, 二零二三 (digit by digit).

    One left-to-right pass over a stack of (value, unit) terms: a magnitude takes the
    pending number and every term below it (四千五百六十九万 → 4569 × 1e4), so 万亿
    and 四万万 need no special words.
    """
    if not t:
        return None
    if _DIGIT_RUN.fullmatch(t):  # years and codes: 二零二三 → 2023
        return Decimal(t.translate(_TO_ASCII_DIGITS))
    run = _DIGIT_RUN_MAG.fullmatch(t)
    if run:  # 一八八一亿: digits read one by one, then a magnitude
        return Decimal(run[1].translate(_TO_ASCII_DIGITS)) * _magnitude(run[2])
    stack: list[tuple[Decimal, Decimal]] = []
    pending: Decimal | None = None  # a number still waiting for its magnitude
    place = Decimal(1)  # what pending is worth if nothing follows it
    prev = ""  # kind of the previous token: num, zero, mag, approx
    for token in _TOKEN.findall(t):
        if prev == "approx" and token not in _MAG:
            return None
        if token == "零":
            if pending is not None:
                return None
            prev = "zero"
        elif token in _MAG:
            if not _apply_magnitude(stack, pending, _MAG[token], after_mag=prev == "mag"):
                return None
            pending, place, prev = None, Decimal(1), "mag"
        elif token in _APPROX_FOLDED:  # 十多万, 一百零几万: stands for unknown lower digits
            if not prev:
                return None
            pending = Decimal(0) if pending is None else pending
            prev = "approx"
        else:
            value = _digit(token)
            if value is None or pending is not None:
                return None
            pending, place = value, _ellipsis_place(token, stack, prev)
            prev = "num"
    if prev == "approx":
        return None
    total = sum((value for value, _ in stack), Decimal(0))
    return total if pending is None else total + pending * place


def _digit(token: str) -> Decimal | None:
    if token[0].isascii() and token[0].isdigit():
        return Decimal(token.replace(",", ""))
    return _HALF if token == "半" else _DIGIT.get(token)


def _ellipsis_place(token: str, stack: list[tuple[Decimal, Decimal]], prev: str) -> Decimal:
    """九万四 is 94000: one digit right after a magnitude fills the next lower place; 两万半 is half."""
    if prev != "mag" or len(token) != 1:
        return Decimal(1)
    unit = stack[-1][1]
    return unit if token == "半" else unit / 10


def _apply_magnitude(
    stack: list[tuple[Decimal, Decimal]], pending: Decimal | None, mag: Decimal, after_mag: bool
) -> bool:
    """Push pending × mag, folding in the lower terms; False when the order is impossible."""
    if pending is None and after_mag:  # 万亿, 千亿, 四万万: a run of magnitudes
        low = Decimal(0)
        popped = False
        while stack and stack[-1][1] < mag:
            low += stack.pop()[0]
            popped = True
        if popped:
            stack.append((low * mag, mag))
            return True
        if mag < 10000 or not stack:  # 千百 is not a number; 万万 is 1e8
            return False
        value, unit = stack.pop()
        stack.append((value * mag, unit * mag))
        return True
    value = Decimal(1) if pending is None else pending  # 十三, 百三, 零十: a bare magnitude counts once
    while stack and stack[-1][1] < mag:
        value += stack.pop()[0]
    if stack and stack[-1][1] <= mag:  # 三万四万
        return False
    stack.append((value * mag, mag))
    return True
