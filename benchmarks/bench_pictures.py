"""Benchmark: what pictures cost. Per click, a quiz whose every question shows a picture against the same
quiz without pictures (one run, clicks interleaved, like bench_load.py's per-click table); and the time
to load the shipped bank with its pictures checked against the same bank's YAML alone.

    .venv/bin/python benchmarks/bench_pictures.py                 # 80 clicks per case, about 3 minutes
    .venv/bin/python benchmarks/bench_pictures.py --cost-clicks 20 # quicker

A picture is an ``st.image`` of a URL on the app's image route (the browser fetches the bytes once), so
a click only sends its URL and alt text; the target is a p50 at most 1.2x the same quiz without pictures.
"""

from __future__ import annotations

import argparse
import copy
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.bench_load import COST_HEADER, Scenario, cost_row, percentile, run_cost  # noqa: E402
from benchmarks.targets import Targets  # noqa: E402

TARGET_RATIO = 1.2
SHIPPED = ROOT / "question_bank"


def _banks(folder: Path) -> tuple[Path, Path]:
    """The sample pack twice: every question with a picture under its prompt, and the same without any."""
    from tests.support.pictures import MEDIA, pictured_content

    meta, questions, cards = pictured_content()
    plain = folder / "plain" / "sample"
    pictured = folder / "pictured" / "sample"
    for pack, with_pictures in ((plain, False), (pictured, True)):
        (pack / "media").mkdir(parents=True)
        items = copy.deepcopy(questions)
        for question in items:
            question.pop("image", None)
            for option in question.get("options", []):
                option.pop("image", None)
            if with_pictures:
                question["image"] = {"src": "media/prompt.png", "alt": "A red square", "own": True}
        data = copy.deepcopy(meta) if with_pictures else {**copy.deepcopy(meta), "topics": [
            {k: v for k, v in t.items() if k != "image"} for t in meta["topics"]]}
        (pack / "pack.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        deck = [{k: v for k, v in c.items() if not k.endswith("image")} for c in cards]
        (pack / "q.yaml").write_text(yaml.safe_dump({"questions": items, "flashcards": deck}, sort_keys=False),
                                     encoding="utf-8")
        for name, body in MEDIA.items():
            (pack / name).write_bytes(body)
    return plain.parent, pictured.parent


def _bank_load(repeats: int) -> tuple[float, float, int, int]:
    """Best-of load_bank of question_bank/ (pictures checked) and the floor: the YAML files parsed by CSafeLoader."""
    from quiz_app.bank import load_bank, pack_media

    files = sorted(SHIPPED.glob("*/*.y*ml"))
    floor = []
    for _ in range(repeats):
        start = time.perf_counter()
        for path in files:
            yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
        floor.append(time.perf_counter() - start)
    loads = []
    for _ in range(repeats):
        pack_media._inspect.cache_clear()  # decode every picture again, as a fresh server does
        start = time.perf_counter()
        bank = load_bank([SHIPPED])
        loads.append(time.perf_counter() - start)
    media = [file for pack in bank.packs.values() for file in pack.media.values()]
    return min(loads), min(floor), len(media), sum(len(file.data) for file in media)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cost-clicks", type=int, default=80)
    parser.add_argument("--questions", type=int, default=6)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--watch-files", action="store_true")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    load, floor, count, size = _bank_load(args.repeats)
    print(f"bank load, question_bank/ with {count} pictures ({size / 1024:.0f} KiB) checked: {load * 1000:.0f} ms; "
          f"floor (its YAML parsed by CSafeLoader): {floor * 1000:.0f} ms; ratio {load / floor:.2f}")
    with tempfile.TemporaryDirectory(prefix="bench-pictures-") as tmp:
        plain, pictured = _banks(Path(tmp))
        cases = [Scenario("floor (bare_app)", "floor"), Scenario("quiz, no pictures", "quiz", plain),
                 Scenario("quiz, a picture on every question", "quiz", pictured)]
        print(f"\nPer-click cost: one student per server, {args.cost_clicks} clicks each, the three servers' clicks "
              "interleaved, think 0.4-0.8 s between clicks")
        print(COST_HEADER, flush=True)
        results = run_cost(cases, args)
    floor_result, without, with_pictures = results
    print(cost_row(floor_result, None, ""))
    print(cost_row(without, floor_result, "floor"))
    print(cost_row(with_pictures, without, "no pictures"))
    p50 = {name: percentile(r.times(), 0.5) for name, r in zip(("floor", "plain", "pictured"), results, strict=True)}
    ratio = p50["pictured"] / p50["plain"]
    kib = [statistics.fmean(c.bytes for c in r.record.clicks) / 1024 for r in (without, with_pictures)]
    targets = Targets()
    targets.check(ratio <= TARGET_RATIO, f"a picture on every question p50 <= {TARGET_RATIO}x without: "
                  f"{p50['pictured'] * 1000:.1f} ms vs {p50['plain'] * 1000:.1f} ms = {ratio:.2f}x "
                  f"({kib[1]:.1f} vs {kib[0]:.1f} KiB per click)")
    targets.check(not any(r.record.errors for r in results), "no click went wrong")
    return 0 if targets.ok else 1


if __name__ == "__main__":
    sys.exit(main())
