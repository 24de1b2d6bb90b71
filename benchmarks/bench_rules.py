"""Rules throughput: 10,000 generated ~5 KB articles (English and Chinese), default aliases vs +2,000.

    .venv/bin/python benchmarks/bench_rules.py [--articles N]

Targets (issue 4): >= 1,000 articles/s on one core in both cases; 2,000 extra aliases cost < 25% more.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's code, whichever is installed (two checkouts compare side by side)

from monitor.rules import AliasIndex, extract_mentions, load_rules  # noqa: E402

EN_FILLER = [
    "Shares of technology companies rose on Tuesday as investors weighed new data on consumer spending.",
    "The company said its cloud business grew faster than expected in the third quarter.",
    "Analysts said competition in the smartphone market remains intense across Asia.",
    "Executives told reporters that demand for data-centre capacity continues to climb.",
    "The central bank kept interest rates unchanged, citing uncertainty in global markets.",
    "Xiaomi unveiled a new phone with a larger battery and a brighter screen.",
    "Startups in Shenzhen are hiring engineers to build assistants for factories and hospitals.",
]
EN_SIGNAL = [
    "China's Cyberspace Administration approved a fourth batch of 14 generative AI models, including Xiaomi, "
    "4Paradigm and 01.AI.",
    "A total of 117 generative AI services have been filed with the CAC so far.",
    "Chinese research institutes reported that 79 large language models were launched last year.",
    "The US is preparing an executive order on AI models trained on cloud providers.",
]
ZH_FILLER = [
    "今年以来，多家科技公司加大了在数据中心和云计算方面的投入。",
    "分析人士表示，智能手机市场竞争依然激烈，厂商纷纷推出新品。",
    "该公司第三季度营收同比增长百分之十二，超出市场预期。",
    "小米发布了新款手机，搭载更大容量的电池。",
    "多地出台政策支持人工智能产业发展，吸引企业落户。",
]
ZH_SIGNAL = [
    "国家网信办公布第四批生成式人工智能服务备案信息，共14款大模型，包括小米、第四范式和零一万物。",
    "截至目前，累计已有117款生成式人工智能服务完成备案。",
    "国家网信办发布第五批深度合成服务算法备案信息。",
]


def article(rng: random.Random) -> tuple[str, str]:
    zh = rng.random() < 0.5
    filler, signal = (ZH_FILLER, ZH_SIGNAL) if zh else (EN_FILLER, EN_SIGNAL)
    parts: list[str] = []
    size = 0
    target = 5000 if not zh else 1700  # about 5 KB of UTF-8 either way
    while size < target:
        sentence = rng.choice(signal) if rng.random() < 0.08 else rng.choice(filler)
        parts.append(sentence)
        size += len(sentence)
        if rng.random() < 0.2:
            parts.append("\n\n")
    return ("" if zh else " ").join(parts), "zh" if zh else "en"


def fake_aliases(rng: random.Random, n: int) -> list[tuple[str, list[str]]]:
    syll = ["zhi", "tian", "hua", "xin", "long", "rui", "an", "bo", "yun", "feng", "da", "mei", "ke", "shu"]
    hanzi = "智天华新龙瑞安博云风达美科数星海光启明远航"
    out = []
    for i in range(n):
        name = "".join(rng.choice(syll) for _ in range(3)).capitalize() + f" Tech{i}"
        zh = "".join(rng.choice(hanzi) for _ in range(4)) + "科技"
        out.append((name, [zh, name + " Co", f"{name.split()[0]}GPT"]))
    return out


def run(docs: list[tuple[str, str]], rules, aliases) -> tuple[float, int]:
    published = dt.date(2024, 1, 29)
    started = time.process_time()
    found = 0
    for text, lang in docs:
        found += len(extract_mentions(text, published=published, language=lang, rules=rules, aliases=aliases))
    return time.process_time() - started, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()
    rng = random.Random(4)
    docs = [article(rng) for _ in range(args.articles)]
    kb = sum(len(t.encode()) for t, _ in docs) / len(docs) / 1024
    rules = load_rules(ROOT / "config" / "rules.toml")
    raw = tomllib.loads((ROOT / "tests" / "data" / "rules" / "aliases.toml").read_text(encoding="utf-8"))
    base = [(c["name"], [*c.get("aliases", []), *c.get("models", [])]) for c in raw["company"]]
    small = AliasIndex.build(base)
    big = AliasIndex.build(base + fake_aliases(rng, 2000))
    run(docs[:200], rules, small)  # warm-up
    print(f"{len(docs)} articles, {kb:.1f} KB average, {len(small)} vs {len(big)} alias surfaces")
    results = {}
    for label, aliases in (("default aliases", small), ("+2,000 aliases", big)):
        seconds, found = run(docs, rules, aliases)
        results[label] = seconds
        print(f"{label:<16} {seconds:6.2f} s CPU  {len(docs) / seconds:8.0f} articles/s  {found} mentions")
    extra = results["+2,000 aliases"] / results["default aliases"] - 1
    print(f"2,000 extra aliases cost {extra * 100:+.1f}%  (target: >= 1,000 articles/s, < +25%)")


if __name__ == "__main__":
    main()
