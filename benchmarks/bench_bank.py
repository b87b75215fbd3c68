"""Benchmark: load + validate a synthetic 10,000-question pack against a bare YAML parse.

Run with ``.venv/bin/python benchmarks/bench_bank.py`` (add ``--profile`` for a cProfile listing
of one full load). It writes a pack of mixed question types split across ten files into a
temporary folder, then measures, best of several repeats:

* the floor: ``yaml.load(text, Loader=yaml.CSafeLoader)`` of the same files (read from disk);
* ``load_bank([folder])``: reading, parsing with positions, validating and cross-checking.

It prints the figures and PASS/FAIL against the targets (ratio <= 2.0, load <= 1.0 s), and exits
with status 1 on FAIL.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from quiz_app.bank import load_bank

QUESTIONS = 10_000
FILES = 10
TOPICS = 8
SOURCES = 20
OBJECTIVES = 400
REPEATS = 7
TARGET_RATIO = 2.0
TARGET_SECONDS = 1.0

_WORDS = [
    "protest", "fuel", "price", "gas", "government", "region", "city", "oil", "worker", "strike", "square",
    "police", "president", "parliament", "minister", "law", "economy", "market", "people", "demand", "rally",
    "capital", "west", "east", "january", "liquefied", "petroleum", "reform", "curfew", "internet", "security",
    "council", "state", "emergency",
]


def _sentence(rng: random.Random, low: int, high: int) -> str:
    """Text of about ``low``..``high`` characters, words only (no YAML-special characters)."""
    target = rng.randint(low, high)
    words: list[str] = []
    size = 0
    while size < target:
        word = rng.choice(_WORDS)
        words.append(word)
        size += len(word) + 1
    return " ".join(words).capitalize()


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _pack_yaml() -> str:
    lines = [
        "id: bench-pack",
        "title: Benchmark pack",
        "language: en",
        "description: A synthetic pack for measuring the loader.",
        'version: "1.0.0"',
        "license: CC-BY-4.0",
        "authors:",
        "  - Benchmark",
        "sources:",
    ]
    for index in range(SOURCES):
        lines += [
            f"  - id: source-{index}",
            f"    title: Source number {index}",
            "    publisher: Example publisher",
            "    date: 2022-01-05",
            f"    address: https://example.org/{index}",
        ]
    lines.append("topics:")
    for index in range(TOPICS):
        lines += [f"  - id: topic-{index}", f"    title: Topic {index}"]
    lines.append("objectives:")
    for index in range(OBJECTIVES):
        lines += [
            f"  - id: objective-{index}",
            f"    topic: topic-{index % TOPICS}",
            f"    statement: The learner knows fact number {index} about the events.",
            "    citations:",
            f"      - source: source-{index % SOURCES}",
            f"        locator: para {index}",
        ]
    return "\n".join(lines) + "\n"


def _distinct(rng: random.Random, count: int, low: int, high: int) -> list[str]:
    return [f"{_sentence(rng, low, high)} {index + 1}" for index in range(count)]


def _question(rng: random.Random, number: int) -> list[str]:
    kind = ("single_choice", "multiple_select", "true_false", "ordering", "matching", "short_answer")[number % 6]
    objective = number % OBJECTIVES
    lines = [
        f"  - id: q-{number}",
        f"    type: {kind}",
        f"    topic: topic-{objective % TOPICS}",
        f"    objectives: [objective-{objective}]",
        f"    difficulty: {1 + number % 3}",
        f"    prompt: {_quoted(_sentence(rng, 60, 200) + f' number {number}?')}",
        f"    explanation: {_quoted(_sentence(rng, 100, 600))}",
        "    tags: [bench, generated]",
    ]
    if kind in ("single_choice", "multiple_select"):
        lines.append("    options:")
        count = rng.randint(3, 5)
        right = set(rng.sample(range(count), 1 if kind == "single_choice" else rng.randint(1, count - 1)))
        for index, option in enumerate(_distinct(rng, count, 10, 60)):
            lines.append(f"      - text: {_quoted(option)}")
            if index in right:
                lines.append("        correct: true")
    elif kind == "true_false":
        lines.append(f"    answer: {rng.choice(['true', 'false'])}")
    elif kind == "ordering":
        lines.append("    items:")
        lines += [f"      - {_quoted(item)}" for item in _distinct(rng, rng.randint(3, 6), 10, 50)]
    elif kind == "matching":
        lines.append("    pairs:")
        count = rng.randint(3, 6)
        for left, right in zip(_distinct(rng, count, 5, 30), _distinct(rng, count, 5, 40), strict=True):
            lines += [f"      - left: {_quoted(left)}", f"        right: {_quoted(right)}"]
    else:
        lines.append("    answers:")
        lines += [f"      - {_quoted(answer)}" for answer in _distinct(rng, rng.randint(1, 3), 4, 20)]
    return lines


def write_pack(folder: Path, questions: int = QUESTIONS, files: int = FILES, seed: int = 2022) -> list[Path]:
    """Write the synthetic pack into ``folder``; return every file written."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    written = [folder / "pack.yaml"]
    written[0].write_text(_pack_yaml(), encoding="utf-8")
    per_file = -(-questions // files)
    for part in range(files):
        numbers = range(part * per_file, min(questions, (part + 1) * per_file))
        lines = ["questions:"]
        for number in numbers:
            lines += _question(rng, number)
        lines.append("flashcards:")
        for number in numbers[:20]:
            lines += [
                f"  - id: card-{number}",
                f"    topic: topic-{number % OBJECTIVES % TOPICS}",
                f"    objectives: [objective-{number % OBJECTIVES}]",
                f"    front: {_quoted(_sentence(rng, 20, 80) + f' card {number}?')}",
                f"    back: {_quoted(_sentence(rng, 40, 200))}",
            ]
        path = folder / f"questions-{part:02d}.yaml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        written.append(path)
    return written


def _floor(paths: list[Path]) -> None:
    for path in paths:
        yaml.load(path.read_bytes().decode("utf-8"), Loader=yaml.CSafeLoader)


def _best(function, repeats: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=REPEATS)
    parser.add_argument("--profile", action="store_true", help="print a cProfile listing of one load")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-bank-") as tmp:
        folder = Path(tmp) / "bench-pack"
        paths = write_pack(folder)
        size = sum(path.stat().st_size for path in paths)
        bank = load_bank([folder])  # warm up, and check the pack is valid
        count = sum(len(pack.questions) for pack in bank.packs.values())
        if args.profile:
            profiler = cProfile.Profile()
            profiler.runcall(load_bank, [folder])
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
        floor = _best(lambda: _floor(paths), args.repeats)
        full = _best(lambda: load_bank([folder]), args.repeats)
    ratio = full / floor
    passed = ratio <= TARGET_RATIO and full <= TARGET_SECONDS
    print(f"questions:              {count} in {len(paths) - 1} files ({size / 1e6:.1f} MB of YAML)")
    print(f"floor (CSafeLoader):    {floor:.3f} s")
    print(f"load_bank (validated):  {full:.3f} s")
    print(f"ratio:                  {ratio:.2f} (target <= {TARGET_RATIO})")
    verdict = "PASS" if passed else "FAIL"
    print(f"{verdict}: ratio {ratio:.2f} <= {TARGET_RATIO} and load {full:.3f} s <= {TARGET_SECONDS} s")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
