"""Extraction speed: the seed plan and a ~5 MB plan built by repeating its chapters.

Prints, for each document, the time to merely read it (readers only) next to the time to
extract it (read + parse), their ratio, and the throughput. Run:

    .venv/bin/python bench/bench_extract.py [--size-mb 5] [--repeat 3]

Goals (issue 2): the seed in under 0.2 s of extraction, throughput ≥ 2 MB/s.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

from planwatch.extract import extract_plan, read_lines
from planwatch.extract.numerals import int_to_cn

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "plans" / "shizhong-2023-2025.txt"
_CHAPTER = re.compile(r"^\s*([一二三四五六七八九十]+)、", re.M)
_ARTICLE = re.compile(r"^(\s*)（([一二三四五六七八九十百]+)）", re.M)


def build_large(seed_text: str, size_mb: float) -> str:
    """Repeat the seed's body chapters, renumbered so the numbering stays continuous."""
    first = _CHAPTER.search(seed_text)
    head, body = seed_text[: first.start()], seed_text[first.start() :]
    parts, size, chapter, article = [head], len(head.encode()), 0, 0
    while size < size_mb * 1_000_000:

        def renumber_chapter(_m):
            nonlocal chapter
            chapter += 1
            return f"{int_to_cn(chapter)}、"

        def renumber_article(m):
            nonlocal article
            article += 1
            return f"{m.group(1)}（{int_to_cn(article)}）"

        copy = _ARTICLE.sub(renumber_article, _CHAPTER.sub(renumber_chapter, body))
        parts.append(copy)
        size += len(copy.encode())
    return "".join(parts)


def best_of(repeat: int, fn) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def measure(label: str, path: Path, repeat: int) -> None:
    mb = path.stat().st_size / 1_000_000
    read = best_of(repeat, lambda: read_lines(path))
    total = best_of(repeat, lambda: extract_plan(path))
    plan = extract_plan(path)
    print(
        f"{label:<6} {mb:6.2f} MB | read {read:7.3f} s | extract {total:7.3f} s | "
        f"ratio extract/read {total / read:5.1f}x | {mb / total:6.2f} MB/s | "
        f"{len(plan.chapters)} chapters, {len(plan.articles)} articles, {sum(len(a.targets) for a in plan.articles)} targets"
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=float, default=5.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    measure("seed", SEED, args.repeat)
    with tempfile.TemporaryDirectory() as tmp:
        large = Path(tmp) / "large-plan.txt"
        large.write_text(build_large(SEED.read_text(encoding="utf-8"), args.size_mb), encoding="utf-8")
        measure("large", large, max(1, args.repeat - 2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
