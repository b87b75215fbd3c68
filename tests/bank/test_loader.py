"""The loader: finding packs, in-memory packs, and every problem of every file in one run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quiz_app.bank import BankError, Problem, UsageError, load_bank, load_pack_texts
from quiz_app.bank.loader import DEFAULT_BANK, PackFiles, find_pack_folders, load_pack_files
from tests.bank.packs import PACK_YAML, QUESTIONS_YAML, PackFolder, assert_found, write_pack


def test_problem_prints_as_path_line_column_location_message() -> None:
    assert str(Problem("a/q.yaml", 3, 7, "questions[0].id", "bad")) == "a/q.yaml:3:7: questions[0].id: bad"
    assert str(Problem("a/q.yaml", 1, 1, "", "the file is empty")) == "a/q.yaml:1:1: the file is empty"


def test_bank_error_lists_problems_sorted() -> None:
    error = BankError([Problem("b", 1, 1, "", "x"), Problem("a", 9, 1, "", "y"), Problem("a", 2, 5, "", "z")])
    assert [(p.path, p.line) for p in error.problems] == [("a", 2), ("a", 9), ("b", 1)]
    assert str(error) == "a:2:5: z\na:9:1: y\nb:1:1: x"


def test_every_problem_of_every_file_is_reported_in_one_run(pack: PackFolder) -> None:
    pack.edit_line("questions.yaml", 6, "    difficulty: 1", "    difficulty: 5")
    pack.edit_line("questions.yaml", 40, "    prompt: Put these events in order.", "    prompt: ''")
    pack.edit_line("questions.yaml", 74, "    front: What does LPG stand for?", "    front: yes")
    pack.write("b-broken.yaml", "questions: [\n")
    pack.write("c-more.yml", "questions:\n  - id: Bad Id\n    type: quiz\nextra: 1\n")
    pack.edit_line("pack.yaml", 3, "language: en", "language: English")
    pack.edit_line("pack.yaml", 13, "    date: 2022-01-05", "    date: 2022-02-30")
    assert_found(pack.found(), [
        ("b-broken.yaml", 2, 1, "", "YAML syntax error"),
        ("c-more.yml", 3, 11, "questions[0].type", "unknown question type 'quiz'"),
        ("c-more.yml", 4, 8, "extra", "unknown top-level key 'extra'"),
        ("pack.yaml", 3, 11, "language", "must be a language code"),
        ("pack.yaml", 13, 11, "sources[0].date", "there is no 2022-02-30"),
        ("questions.yaml", 6, 17, "questions[0].difficulty", "must be 1, 2 or 3"),
        ("questions.yaml", 40, 13, "questions[3].prompt", "must not be empty"),
        ("questions.yaml", 74, 12, "flashcards[0].front", "YAML read it as the true/false value true"),
    ])


def test_load_pack_texts_validates_in_memory_files() -> None:
    bank = load_pack_texts("memory", {"pack.yaml": PACK_YAML, "questions.yaml": QUESTIONS_YAML.encode()})
    assert bank.packs["test-pack"].folder == ""
    with pytest.raises(BankError) as raised:
        load_pack_texts("upload", {"pack.yaml": PACK_YAML, "questions.yaml": QUESTIONS_YAML.replace(
            "difficulty: 3", "difficulty: 4")})
    assert [str(p) for p in raised.value.problems] == [
        "questions.yaml:39:17: questions[3].difficulty: must be 1, 2 or 3"]


def test_pack_without_pack_yaml() -> None:
    with pytest.raises(BankError) as raised:
        load_pack_texts("upload", {"questions.yaml": QUESTIONS_YAML})
    assert [str(p) for p in raised.value.problems] == ["upload:0:0: the pack has no pack.yaml"]


def test_only_a_file_named_pack_yaml_is_the_pack_file() -> None:
    """'backpack.yaml' ends with 'pack.yaml' but is a question file."""
    files = {"a/backpack.yaml": "flashcards: []\n", "a/pack.yaml": PACK_YAML, "a/questions.yaml": QUESTIONS_YAML}
    bank = load_pack_files([PackFiles("a", {name: text.encode() for name, text in files.items()})])
    assert bank.packs["test-pack"].folder == "a"


def test_load_bank_reads_yaml_and_yml_and_ignores_other_files(pack: PackFolder) -> None:
    pack.write("more.yml", QUESTIONS_YAML.replace("  - id: q-", "  - id: yml-q-").replace(
        "card-lpg", "yml-card").replace("prompt: ", "prompt: Again, "))
    pack.write("notes.txt", "not: [yaml")
    (pack.path / "drafts.yaml").mkdir()
    assert len(pack.load().packs["test-pack"].questions) == 12


@pytest.mark.parametrize("given", ["folder", "pack.yaml", "parent"])
def test_paths_may_name_a_pack_its_pack_yaml_or_a_folder_of_packs(tmp_path: Path, given: str) -> None:
    folder = write_pack(tmp_path / "packs" / "test-pack")
    path = {"folder": folder, "pack.yaml": folder / "pack.yaml", "parent": tmp_path / "packs"}[given]
    assert find_pack_folders([path]) == [folder]
    assert list(load_bank([path]).packs) == ["test-pack"]


def test_same_pack_named_twice_is_loaded_once(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "test-pack")
    assert find_pack_folders([folder, folder / "pack.yaml", tmp_path]) == [folder]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        pytest.param(lambda root: root / "missing", "no such file or folder", id="missing"),
        pytest.param(lambda root: write_pack(root / "p") / "questions.yaml", "give a pack folder or its pack.yaml",
                     id="question-file"),
        pytest.param(lambda root: root, "no pack found (a pack is a folder with a pack.yaml)", id="no-pack"),
    ],
)
def test_usage_errors(tmp_path: Path, make, message: str) -> None:
    path = make(tmp_path)
    with pytest.raises(UsageError, match=re.escape(f"{path}: {message}")):
        load_bank([path])


def test_unreadable_file_is_a_usage_error(pack: PackFolder, monkeypatch) -> None:
    def refuse(path: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(UsageError, match=re.escape("pack.yaml: cannot be read (Permission denied)")):
        pack.load()


def test_default_bank_is_the_shipped_question_bank() -> None:
    assert Path(__file__).resolve().parents[2] / "question_bank" == DEFAULT_BANK

