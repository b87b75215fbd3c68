"""``python -m quiz_app validate`` and ``schema``: exit codes, output, committed schemas."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from quiz_app.bank.schema import KINDS, SCHEMA_DIR, json_schema, schema_text, write_schemas
from quiz_app.cli import main
from tests.bank.packs import write_pack

ROOT = Path(__file__).resolve().parents[1]
SUMMARY = [
    "test-pack: 6 questions, 1 flashcards",
    "  topics:     causes 3, events 3",
    "  types:      matching 1, multiple_select 1, ordering 1, short_answer 1, single_choice 1, true_false 1",
    "  difficulty: 1: 2, 2: 3, 3: 1",
    "  objectives: 2/2 assessed",
    "OK: the bank is valid",
]


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    return write_pack(tmp_path / "test-pack")


def test_validate_valid_pack_prints_summary_and_exits_0(pack_dir: Path, capsys) -> None:
    assert main(["validate", str(pack_dir)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == SUMMARY
    assert err == ""


def test_validate_accepts_pack_yaml_and_parent_folder(pack_dir: Path, capsys) -> None:
    assert main(["validate", str(pack_dir / "pack.yaml"), str(pack_dir.parent)]) == 0
    assert capsys.readouterr().out.splitlines() == SUMMARY  # the same pack once


def test_validate_invalid_pack_prints_problems_and_exits_1(pack_dir: Path, capsys) -> None:
    questions = pack_dir / "questions.yaml"
    questions.write_text(questions.read_text().replace("difficulty: 3", "difficulty: 7").replace(
        "      - text: Petrol", "      - text: yes"))
    assert main(["validate", str(pack_dir)]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"{questions}:13:15: questions[0].options[2].text: "
        "must be text (YAML read it as the true/false value true: put the text in quotes)",
        f"{questions}:39:17: questions[3].difficulty: must be 1, 2 or 3",
    ]
    assert err == "2 problems found\n"


def test_validate_one_problem_is_singular(pack_dir: Path, capsys) -> None:
    (pack_dir / "questions.yaml").write_text("")
    assert main(["validate", str(pack_dir)]) == 1
    out, err = capsys.readouterr()
    assert out == f"{pack_dir / 'questions.yaml'}:1:1: the file is empty\n"
    assert err == "1 problem found\n"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing", "no such file or folder"),
        ("test-pack/questions.yaml", "give a pack folder or its pack.yaml"),
        (".", "no pack found (a pack is a folder with a pack.yaml)"),
    ],
)
def test_validate_usage_error_exits_2(pack_dir: Path, capsys, name: str, message: str) -> None:
    path = (pack_dir.parent / name) if name != "." else pack_dir / "empty"
    if name == ".":
        path.mkdir()
    assert main(["validate", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"error: {path}: {message}\n"


def test_unknown_command_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["frobnicate"])
    assert raised.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_python_m_quiz_app_validate(pack_dir: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    ok = subprocess.run([sys.executable, "-m", "quiz_app", "validate", str(pack_dir)], cwd=ROOT, env=env,
                        capture_output=True, text=True, timeout=120)
    assert (ok.returncode, ok.stdout.splitlines(), ok.stderr) == (0, SUMMARY, "")
    (pack_dir / "pack.yaml").write_text("id: [broken\n")
    bad = subprocess.run([sys.executable, "-m", "quiz_app", "validate", str(pack_dir)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1
    assert bad.stdout.startswith(f"{pack_dir / 'pack.yaml'}:2:1: YAML syntax error")
    assert bad.stderr == "1 problem found\n"


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_committed_schema_is_up_to_date(kind: str) -> None:
    committed = (SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(kind), f"run: python -m quiz_app schema --write  (schemas/{kind}.schema.json)"


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_schema_command_prints_valid_json(kind: str, capsys) -> None:
    assert main(["schema", kind]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema == json_schema(kind)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False


def test_python_m_quiz_app_schema_pack_prints_json() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "quiz_app", "schema", "pack"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0
    assert json.loads(result.stdout)["title"] == "Question pack (pack.yaml)"


def test_schema_default_kind_is_content(capsys) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "Question file"


def test_write_schemas(tmp_path: Path) -> None:
    written = write_schemas(tmp_path)
    assert sorted(path.name for path in written) == ["content.schema.json", "pack.schema.json"]
    for path in written:
        assert path.read_text(encoding="utf-8") == schema_text(path.name.split(".")[0])
