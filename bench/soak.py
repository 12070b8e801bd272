"""Soak test (`make soak`, not part of `make test`): a seeded stream of generated documents through
`factx.extract` and the json, jsonl and csv writers. Every record read back from JSON Lines must
satisfy text[start:end] == value_text. Exit 1 on any exception.

    .venv/bin/python bench/soak.py --docs 100000 --seed 1
"""

from __future__ import annotations

import argparse
import io
import json
import random
import resource
import sys
import time
import traceback

import factx
from factx.writers import open_writer

PLACES = ["全省", "全市", "江苏", "浙江省", "广州市", "我国", "全国", "深圳", "成都市", "海南"]
INDICATORS = [
    "地区生产总值",
    "规模以上工业增加值",
    "社会消费品零售总额",
    "固定资产投资",
    "进出口总额",
    "一般公共预算收入",
    "居民人均可支配收入",
    "城镇新增就业",
    "粮食产量",
    "实际使用外资",
]
UNITS = ["亿元", "万元", "元", "万人", "万吨", "亿美元", "千瓦时", "个", "家", "平方米", ""]
GROWTH = ["增长", "同比增长", "下降", "同比下降", "比上年增长", "回落", "提高", "年均增长"]
PERIODS = ["2023年", "今年1-9月", "上半年", "去年", "一季度", "2024年前三季度", "2022年12月", ""]
PUNCT = "，。；：、！？,.;:（）()《》“”\"'"
QUAL = ["约", "近", "超过", "逾", "不足", "", "", ""]


def number(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.5:
        return str(rng.randint(0, 99999))
    if r < 0.75:
        return f"{rng.uniform(0, 10000):.{rng.randint(1, 3)}f}"
    if r < 0.85:
        return f"{rng.randint(1, 999)},{rng.randint(0, 999):03d}"
    if r < 0.93:
        return "".join(chr(0xFF10 + int(c)) for c in str(rng.randint(1, 9999)))
    return rng.choice(["三", "十二", "一百二十", "两千", "百分之五", "五成", "一倍"])


def clause(rng: random.Random) -> str:
    parts = [rng.choice(PERIODS), rng.choice(PLACES), rng.choice(INDICATORS)]
    if rng.random() < 0.7:
        parts += [rng.choice(["达", "为", "完成", "实现", ""]), rng.choice(QUAL), number(rng), rng.choice(UNITS)]
    if rng.random() < 0.6:
        parts += ["，", rng.choice(GROWTH), f"{rng.uniform(-20, 30):.1f}", rng.choice(["%", "％", "个百分点", ""])]
    return "".join(parts)


def random_unicode(rng: random.Random, n: int) -> str:
    out = []
    for _ in range(n):
        cp = rng.choice([rng.randint(0x20, 0x7E), rng.randint(0x4E00, 0x9FFF), rng.randint(0, 0x10FFFF)])
        if 0xD800 <= cp <= 0xDFFF:
            cp = 0xFFFD
        out.append(chr(cp))
    return "".join(out)


def news(rng: random.Random) -> str:
    return "".join(clause(rng) + rng.choice("。。。；，！") for _ in range(rng.randint(1, 8)))


def markdown(rng: random.Random) -> str:
    lines = [f"{'#' * rng.randint(1, 4)} {rng.choice(PLACES)}{rng.randint(2019, 2025)}年经济运行情况", ""]
    lines += [news(rng), ""]
    if rng.random() < 0.6:
        cols = rng.randint(2, 5)
        lines += [
            "| 指标 | " + " | ".join(rng.choice(["绝对值", "增长%", "2023年", "亿元"]) for _ in range(cols - 1)) + " |"
        ]
        lines += ["|" + "---|" * cols]
        for _ in range(rng.randint(1, 6)):
            lines += ["| " + rng.choice(INDICATORS) + " | " + " | ".join(number(rng) for _ in range(cols - 1)) + " |"]
        lines += [""]
    for _ in range(rng.randint(0, 4)):
        lines += [rng.choice(["- ", "* ", "1. ", "> "]) + news(rng)]
    return "\n".join(lines)


def html(rng: random.Random) -> str:
    body = "".join(f"<p>{news(rng)}</p>" for _ in range(rng.randint(1, 4)))
    extra = rng.choice(["", "<script>var x='增长5%';</script>", "<table><tr><td>GDP</td><td>5%</td></tr></table>"])
    return f"<div class='a'>{body}{extra}<br/><b>{clause(rng)}</b></div>"


def noise(rng: random.Random) -> str:
    pieces = [news(rng), random_unicode(rng, rng.randint(1, 200)), "".join(rng.choice(PUNCT) for _ in range(20))]
    rng.shuffle(pieces)
    return "".join(pieces)


# Pathological shapes, smaller than in tests/test_hostile.py (about 50 k characters).
SIZE = 50_000


def digits_line(rng: random.Random) -> str:
    return "".join(rng.choice("0123456789") for _ in range(SIZE))


def wan(rng: random.Random) -> str:
    return "万" * SIZE


def brackets(rng: random.Random) -> str:
    return "（" * (SIZE // 2) + "增长5%" + "）" * (SIZE // 2)


def no_punct(rng: random.Random) -> str:
    c = "全省生产总值同比增长百分之五规模以上工业增加值达到3000亿元"
    return c * (SIZE // len(c))


def many_claims(rng: random.Random) -> str:
    return "全省生产总值增长5%，" * (SIZE // 10) + "。"


def unicode_digits(rng: random.Random) -> str:
    return (
        "全省生产总值达" + "".join(rng.choice(DIGITS) for _ in range(200)) + "亿元，增长" + rng.choice(DIGITS) + "%。"
    )


DIGITS = [chr(c) for c in range(0x110000) if chr(c).isdecimal()]
NORMAL = [("news", news), ("markdown", markdown), ("html", html), ("noise", noise), ("unicode", noise)]
HOSTILE = [
    ("digits", digits_line),
    ("wan", wan),
    ("brackets", brackets),
    ("no_punct", no_punct),
    ("many_claims", many_claims),
    ("unicode_digits", unicode_digits),
]


def document(seed: int, i: int) -> tuple[str, str]:
    rng = random.Random(f"{seed}:{i}")
    if rng.random() < 0.001:
        name, make = rng.choice(HOSTILE)
    else:
        name, make = rng.choice(NORMAL)
        if name == "unicode":
            return name, random_unicode(rng, rng.randint(1, 500))
    return name, make(rng)


def check(i: int, text: str) -> int:
    facts = factx.extract(text, doc=f"soak-{i}")
    for fmt in ("json", "jsonl", "csv"):
        buf = io.StringIO()
        w = open_writer(fmt, buf)
        w.add(facts)
        w.close()
        if fmt == "jsonl":
            rows = [json.loads(line) for line in buf.getvalue().splitlines()]
            assert len(rows) == len(facts), (len(rows), len(facts))
            for r in rows:
                assert 0 <= r["start"] <= r["end"] <= len(text), r
                if r["value_text"] is not None:
                    assert text[r["start"] : r["end"]] == r["value_text"], (text[r["start"] : r["end"]], r)
        elif fmt == "json":
            assert len(json.loads(buf.getvalue())) == len(facts)
    return len(facts)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--progress", type=int, default=10_000, help="a progress line every N documents; 0: none")
    args = ap.parse_args()

    for i in range(20):  # rules and caches load once, outside the timings
        check(-1, document(args.seed + 1, i)[1])
    records = 0
    errors: list[tuple[int, str, str]] = []
    worst = (0.0, -1, "")
    shapes: dict[str, int] = {}
    t0 = time.perf_counter()
    for i in range(args.docs):
        shape, text = document(args.seed, i)
        shapes[shape] = shapes.get(shape, 0) + 1
        t = time.perf_counter()
        try:
            records += check(i, text)
        except Exception:
            errors.append((i, shape, traceback.format_exc(limit=3)))
        dt = time.perf_counter() - t
        if dt > worst[0]:
            worst = (dt, i, shape)
        if args.progress and (i + 1) % args.progress == 0:
            print(f"  {i + 1} documents, {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    total = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux

    print(
        f"documents:  {args.docs} (seed {args.seed}; " + ", ".join(f"{k} {v}" for k, v in sorted(shapes.items())) + ")"
    )
    print(f"records:    {records}")
    print(f"exceptions: {len(errors)}")
    for i, shape, tb in errors[:5]:
        print(f"  document {i} ({shape}):\n" + "    " + tb.strip().replace("\n", "\n    "))
    print(f"worst:      {worst[0]:.3f} s (document {worst[1]}, {worst[2]})")
    print(f"total:      {total:.1f} s ({total / max(args.docs, 1) * 1000:.2f} ms per document)")
    print(f"peak RSS:   {peak:.0f} MB")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
