"""Checks across files and packs: unique ids, known references, coverage, repeated prompts."""

from __future__ import annotations

from pathlib import Path

from quiz_app.bank import load_bank
from tests.bank.packs import PACK_YAML, QUESTIONS_YAML, PackFolder, assert_found, write_pack

EXTRA_QUESTION = """\
questions:
  - id: {id}
    type: true_false
    topic: causes
    objectives: [obj-fuel]
    difficulty: 1
    prompt: {prompt}
    explanation: An extra question.
    answer: false
"""


def _extra(question_id: str = "q-extra", prompt: str = "An extra statement.") -> str:
    return EXTRA_QUESTION.format(id=question_id, prompt=prompt)


def test_duplicate_id_across_files(pack: PackFolder) -> None:
    pack.write("z-more.yaml", _extra("q-ordering"))
    first = pack.file("questions.yaml")
    assert_found(pack.found(), [
        ("z-more.yaml", 2, 9, "questions[0].id", f"id 'q-ordering' is already used at {first}:35"),
    ])


def test_question_and_flashcard_ids_share_one_namespace(pack: PackFolder) -> None:
    pack.edit_line("questions.yaml", 71, "  - id: card-lpg", "  - id: q-single")
    assert_found(pack.found(), [
        ("questions.yaml", 71, 9, "flashcards[0].id",
         f"id 'q-single' is already used at {pack.file('questions.yaml')}:2"),
    ])


def test_duplicate_id_within_one_file(pack: PackFolder) -> None:
    pack.edit_line("questions.yaml", 14, "  - id: q-multi", "  - id: q-single")
    assert_found(pack.found(), [
        ("questions.yaml", 14, 9, "questions[1].id", "id 'q-single' is already used at"),
    ])


def _two_packs(root: Path, second_pack_id: str = "other-pack", clash: bool = False) -> Path:
    """Packs a-pack (the minimal pack) and b-pack (the same with other ids) under ``root``.

    With ``clash`` b-pack's first question keeps the id 'q-single' of a-pack's.
    """
    write_pack(root / "a-pack")
    other = PACK_YAML.replace("id: test-pack", f"id: {second_pack_id}")
    questions = QUESTIONS_YAML.replace("  - id: q-", "  - id: other-q-").replace("  - id: card-", "  - id: other-card-")
    if clash:
        questions = questions.replace("  - id: other-q-single", "  - id: q-single")
    write_pack(root / "b-pack", {"pack.yaml": other, "questions.yaml": questions})
    return root


def test_two_packs_load_together(tmp_path: Path) -> None:
    bank = load_bank([_two_packs(tmp_path)])
    assert sorted(bank.packs) == ["other-pack", "test-pack"]
    assert bank.pack_of("other-q-single").id == "other-pack"


def test_duplicate_question_ids_across_two_packs(tmp_path: Path) -> None:
    root = _two_packs(tmp_path, clash=True)
    errors = PackFolder(root).found()
    assert [(f, line, col, loc) for f, line, col, loc, _ in errors] == [("questions.yaml", 2, 9, "questions[0].id")]
    assert errors[0][4] == f"id 'q-single' is already used at {root / 'a-pack' / 'questions.yaml'}:2"


def test_duplicate_pack_ids(tmp_path: Path) -> None:
    root = _two_packs(tmp_path, second_pack_id="test-pack")
    errors = PackFolder(root).found()
    assert [error[:4] for error in errors] == [("pack.yaml", 1, 5, "id")]
    assert errors[0][4] == f"pack id 'test-pack' is already used at {root / 'a-pack' / 'pack.yaml'}:1"


def test_ids_are_unique_across_packs_even_when_one_pack_yaml_is_invalid(tmp_path: Path) -> None:
    root = _two_packs(tmp_path, clash=True)
    (root / "a-pack" / "pack.yaml").write_text(PACK_YAML.replace("language: en", "language: English"))
    assert [error[:4] for error in PackFolder(root).found()] == [
        ("pack.yaml", 3, 11, "language"),  # a-pack
        ("questions.yaml", 2, 9, "questions[0].id"),  # b-pack
    ]


def test_unknown_topic_objective_and_source(pack: PackFolder) -> None:
    pack.edit_line("questions.yaml", 4, "    topic: causes", "    topic: nope")
    pack.edit_line("questions.yaml", 73, "    objectives: [obj-fuel]", "    objectives: [obj-fuel, obj-nope]")
    pack.edit_line("pack.yaml", 25, "      - source: src-one", "      - source: src-nope")
    pack.edit_line("pack.yaml", 28, "    topic: events", "    topic: later")
    assert_found(pack.found(), [
        ("pack.yaml", 25, 17, "objectives[0].citations[0].source", "unknown source 'src-nope'; known: src-one"),
        ("pack.yaml", 28, 12, "objectives[1].topic", "unknown topic 'later'; known: causes, events"),
        ("questions.yaml", 4, 12, "questions[0].topic", "unknown topic 'nope' (not in pack 'test-pack')"),
        ("questions.yaml", 73, 28, "flashcards[0].objectives[1]",
         "unknown learning objective 'obj-nope' (not in pack 'test-pack')"),
    ])


def test_objective_not_assessed_by_any_question(pack: PackFolder) -> None:
    pack.write("pack.yaml", PACK_YAML + """\
  - id: obj-extra
    topic: causes
    statement: Only a flashcard covers this.
    citations:
      - source: src-one
        locator: para 3
""")
    pack.edit_line("questions.yaml", 73, "    objectives: [obj-fuel]", "    objectives: [obj-extra]")
    assert_found(pack.found(), [
        ("pack.yaml", 33, 9, "objectives[2].id", "learning objective 'obj-extra' is not assessed by any question"),
    ])


def test_coverage_is_not_checked_when_a_content_file_has_problems(pack: PackFolder) -> None:
    """A question file that failed to load would make every objective it covers look unassessed."""
    pack.write("questions.yaml", "questions: [\n")
    assert [error[0] for error in pack.found()] == ["questions.yaml"]


def test_repeated_prompt_within_a_pack(pack: PackFolder) -> None:
    pack.write("z-more.yaml", _extra(prompt='"  which FUEL price rose in January, 2022 "'))
    assert_found(pack.found(), [
        ("z-more.yaml", 7, 13, "questions[0].prompt",
         f"the same prompt is already used at {pack.file('questions.yaml')}:7"),
    ])


def test_same_prompt_in_two_packs_is_allowed(tmp_path: Path) -> None:
    load_bank([_two_packs(tmp_path)])  # b-pack repeats every prompt of a-pack


def test_flashcard_may_repeat_a_question_prompt(pack: PackFolder) -> None:
    pack.edit_line("questions.yaml", 74, "    front: What does LPG stand for?",
                   "    front: Which fuel price rose in January 2022?")
    pack.load()


def test_duplicate_ids_within_pack_yaml_lists(pack: PackFolder) -> None:
    pack.write("pack.yaml", PACK_YAML.replace("""\
topics:
""", """\
  - id: src-one
    title: Source one again
    publisher: Publisher
    date: 2022
topics:
  - id: events
    title: Events first
""") + """\
  - id: obj-fuel
    topic: causes
    statement: A second objective with the same id.
    citations:
      - source: src-one
        locator: para 3
""")
    label = pack.file("pack.yaml")
    assert_found(pack.found(), [
        ("pack.yaml", 15, 9, "sources[1].id", f"source id 'src-one' is already used at {label}:10"),
        ("pack.yaml", 24, 9, "topics[2].id", f"topic id 'events' is already used at {label}:20"),
        ("pack.yaml", 39, 9, "objectives[2].id", f"learning objective id 'obj-fuel' is already used at {label}:27"),
    ])
