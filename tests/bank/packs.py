"""A minimal valid pack for the bank tests, and a helper to edit and load it.

The line numbers in the tests refer to these texts; the numbered listing in each comment is
there to make the expected ``line:column`` values easy to check by eye.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from quiz_app.bank import Bank, BankError, Problem, load_bank

PACK_ID = "test-pack"

#  1 id: test-pack          (value at column 5)
#  3 language: en           (value at column 11)
#  5 version: "1.0.0"       (value at column 10)
#  7 authors:               (first '- ' at 8:3, list value at 8:3)
# 10   - id: src-one        (sources[0], id value at 10:9)
# 13     date: 2022-01-05   (value at column 11)
# 14     address: https://… (value at column 14)
# 16   - id: causes         (topics[0])
# 18   - id: events         (topics[1])
# 21   - id: obj-fuel       (objectives[0], id value at 21:9)
# 22     topic: causes      (value at column 12)
# 25       - source: src-one  (citations[0].source value at 25:17)
# 27   - id: obj-timeline   (objectives[1])
PACK_YAML = """\
id: test-pack
title: Test pack
language: en
description: A tiny pack used by the tests.
version: "1.0.0"
license: CC-BY-4.0
authors:
  - Test Author
sources:
  - id: src-one
    title: Source one
    publisher: Publisher
    date: 2022-01-05
    address: https://example.org/one
topics:
  - id: causes
    title: Causes
  - id: events
    title: Events
objectives:
  - id: obj-fuel
    topic: causes
    statement: The fuel price rise triggered the protests.
    citations:
      - source: src-one
        locator: para 1
  - id: obj-timeline
    topic: events
    statement: Protests spread from Zhanaozen to Almaty.
    citations:
      - source: src-one
        locator: para 2
"""

# questions[0] single_choice lines 2-13, [1] multiple_select 14-26, [2] true_false 27-34,
# [3] ordering 35-45, [4] matching 46-59, [5] short_answer 60-69, flashcards[0] 71-75.
# Inside a question: "    key: value" puts the value at column 5 + len("key: ");
# "      - text: x" puts x at column 15, "      - x" at column 9.
QUESTIONS_YAML = """\
questions:
  - id: q-single
    type: single_choice
    topic: causes
    objectives: [obj-fuel]
    difficulty: 1
    prompt: Which fuel price rose in January 2022?
    explanation: The price of liquefied petroleum gas doubled.
    options:
      - text: LPG
        correct: true
      - text: Diesel
      - text: Petrol
  - id: q-multi
    type: multiple_select
    topic: events
    objectives: [obj-timeline]
    difficulty: 2
    prompt: Which cities saw protests?
    explanation: Protests began in Zhanaozen and reached Almaty.
    options:
      - text: Zhanaozen
        correct: true
      - text: Almaty
        correct: true
      - text: Paris
  - id: q-true-false
    type: true_false
    topic: causes
    objectives: [obj-fuel]
    difficulty: 1
    prompt: The protests started after a fuel price rise.
    explanation: They began when LPG prices doubled.
    answer: true
  - id: q-ordering
    type: ordering
    topic: events
    objectives: [obj-timeline]
    difficulty: 3
    prompt: Put these events in order.
    explanation: Zhanaozen first, then Aktau, then Almaty.
    items:
      - Zhanaozen protests
      - Aktau protests
      - Almaty protests
  - id: q-matching
    type: matching
    topic: events
    objectives: [obj-timeline]
    difficulty: 2
    prompt: Match each city with its region.
    explanation: Each city lies in the region shown.
    pairs:
      - left: Zhanaozen
        right: Mangystau
      - left: Almaty
        right: Almaty city
      - left: Nur-Sultan
        right: Capital
  - id: q-short
    type: short_answer
    topic: causes
    objectives: [obj-fuel]
    difficulty: 2
    prompt: In which town did the protests begin?
    explanation: They began in Zhanaozen.
    answers:
      - Zhanaozen
      - Zhanaozen town
flashcards:
  - id: card-lpg
    topic: causes
    objectives: [obj-fuel]
    front: What does LPG stand for?
    back: Liquefied petroleum gas.
"""

FILES = {"pack.yaml": PACK_YAML, "questions.yaml": QUESTIONS_YAML}

Found = tuple[str, int, int, str, str]
"""A problem as (file name, line, column, location, message) for comparisons."""


def write_pack(folder: Path, files: dict[str, str] | None = None) -> Path:
    """Write the minimal pack (or ``files``) into ``folder``; return the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (files or FILES).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@dataclass
class PackFolder:
    """A pack folder on disk that a test edits and then loads."""

    path: Path

    def file(self, name: str) -> Path:
        return self.path / name

    def text(self, name: str) -> str:
        return self.file(name).read_text(encoding="utf-8")

    def write(self, name: str, content: str | bytes) -> None:
        """Replace (or create) a file's content."""
        if isinstance(content, bytes):
            self.file(name).write_bytes(content)
        else:
            self.file(name).write_text(content, encoding="utf-8")

    def replace(self, name: str, old: str, new: str) -> None:
        """Replace the one occurrence of ``old`` in a file (fails if it is not exactly one)."""
        text = self.text(name)
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {name}"
        self.write(name, text.replace(old, new))

    def edit_line(self, name: str, number: int, old: str, new: str) -> None:
        """Replace line ``number`` (1-based), which must read ``old``, by ``new`` (may hold newlines).

        An empty ``new`` deletes the line.
        """
        lines = self.text(name).splitlines(keepends=True)
        assert lines[number - 1].rstrip("\n") == old, f"{name}:{number} is {lines[number - 1]!r}"
        lines[number - 1] = new + "\n" if new else ""
        self.write(name, "".join(lines))

    def load(self) -> Bank:
        return load_bank([self.path])

    def problems(self) -> list[Problem]:
        """The problems the loader reports (the test fails if the pack is valid)."""
        with pytest.raises(BankError) as raised:
            self.load()
        return raised.value.problems

    def found(self) -> list[Found]:
        """:meth:`problems` with paths shortened to file names."""
        return [(Path(p.path).name, p.line, p.column, p.location, p.message) for p in self.problems()]


def assert_found(found: list[Found], expected: list[tuple[str, int, int, str, str]]) -> None:
    """Each expected (file, line, column, location, message fragment) matches one problem, in order."""
    shown = "\n".join(map(str, found))
    assert len(found) == len(expected), f"expected {len(expected)} problem(s), got:\n{shown}"
    for got, (name, line, column, location, fragment) in zip(found, expected, strict=True):
        assert got[:4] == (name, line, column, location), f"{got} != {(name, line, column, location)}\n{shown}"
        assert fragment in got[4], f"{fragment!r} not in {got[4]!r}"
