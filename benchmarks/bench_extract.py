"""Article-text extraction speed: corpus pages (when present) and 1,000 generated 40-60 KB news pages.

    .venv/bin/python benchmarks/bench_extract.py [--pages N]

Prints pages/s (wall), CPU seconds per page (process time, one core) and peak Python memory
(tracemalloc, measured in a separate short pass because tracing slows the run) plus max RSS.
Target: at least 50 pages/s on one core (issue 20; 30 in issue 3). On a loaded machine read the CPU
figure (1000 / ms CPU per page), not the wall one; run it pinned: `taskset -c 1 ...`.
"""

from __future__ import annotations

import argparse
import random
import resource
import time
import tracemalloc
from pathlib import Path

from monitor.text import decode_html, extract_article

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "pages"
WORDS = ("model filing regulator approved batch provider service generative public safety review office "
         "company platform license notice data training users complaint incident report register").split()
ZH = "国家网信办发布生成式人工智能服务备案信息共有十四款大模型通过备案涉及教育办公医疗智能客服等领域"


def _sentence(rng: random.Random, chinese: bool) -> str:
    if chinese:
        return "".join(rng.choice(ZH) for _ in range(rng.randint(20, 60))) + "。"
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 25))]
    return " ".join(words).capitalize() + "."


def generated_page(rng: random.Random, index: int) -> tuple[bytes, str]:
    """One news page of 40-60 KB: scripts, navigation, article, related stories, comments, footer."""
    chinese = index % 4 == 0
    target = rng.randint(40_000, 60_000)
    nav = "".join(f'<li><a href="/section/{i}/">Section {i}</a></li>' for i in range(40))
    related = "".join(f'<li><a href="/2024/01/{i:02d}/story-{i}">{_sentence(rng, chinese)}</a></li>' for i in range(1, 16))
    script = "<script>var cfg = {" + ",".join(f'"k{i}": {i}' for i in range(300)) + "};</script>"
    paragraphs = [f"<p>{' '.join(_sentence(rng, chinese) for _ in range(4))}</p>" for _ in range(12)]
    comments = "".join(f'<div class="comment"><p>{_sentence(rng, chinese)}</p></div>' for _ in range(20))
    head = (f'<!DOCTYPE html><html lang="{"zh" if chinese else "en"}"><head><meta charset="utf-8">'
            f'<title>Story {index} - News</title><meta property="article:published_time" content="2024-01-17T08:00:00Z">'
            f"{script}</head><body><header><nav><ul>{nav}</ul></nav></header><main><article><h1>Story {index}</h1>")
    tail = (f'</article><aside class="related"><h2>Related stories</h2><ul>{related}</ul></aside>'
            f'<section id="comments">{comments}</section></main><footer><p>Footer text, all rights reserved.</p></footer>')
    page = head + "".join(paragraphs) + tail
    filler = '<div class="ad-slot" data-ad="x"><span></span></div>'
    pad = max(0, target - len(page.encode()) - 20) // len(filler)
    page += filler * pad + "</body></html>"
    return page.encode(), f"https://news.example.com/2024/01/17/story-{index}"


def run(pages: list[tuple[bytes, str]]) -> tuple[float, float, int]:
    wall, cpu = time.perf_counter(), time.process_time()
    chars = 0
    for body, url in pages:
        chars += len(extract_article(decode_html(body, "text/html"), url).text)
    return time.perf_counter() - wall, time.process_time() - cpu, chars


def peak_memory(pages: list[tuple[bytes, str]]) -> int:
    tracemalloc.start()
    for body, url in pages:
        extract_article(decode_html(body, "text/html"), url)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def report(label: str, pages: list[tuple[bytes, str]]) -> None:
    run(pages[:3])  # warm up imports and trafilatura caches
    wall, cpu, chars = run(pages)
    size = sum(len(body) for body, _ in pages) / len(pages) / 1024
    peak = peak_memory(pages[:50])
    print(f"{label}: {len(pages)} pages, {size:.0f} KB avg, {len(pages) / wall:.1f} pages/s, "
          f"{cpu / len(pages) * 1000:.1f} ms CPU/page, {chars / len(pages):.0f} chars text/page, "
          f"tracemalloc peak {peak / 2**20:.1f} MiB (first 50 pages)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    args = parser.parse_args()
    if CORPUS.is_dir():
        corpus = [(path.read_bytes(), f"https://corpus.example/{path.name}") for path in sorted(CORPUS.glob("*.html"))]
        report("corpus pages x10", corpus * 10)
    else:
        print("corpus pages: ../shared/corpus not present, skipped")
    rng = random.Random(20240117)
    report("generated 40-60 KB pages", [generated_page(rng, i) for i in range(args.pages)])
    print(f"max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
