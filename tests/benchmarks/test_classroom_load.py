"""The classroom load scenario (benchmarks/bench_classroom.py), small, on one real server and SQLite.

Five simulated students join a live quiz of two questions through the websocket protocol, the
teacher runs it from the dashboard, and every answer must be in the database exactly once. The
scenario itself checks every page on the way (waiting room, question, "Answer received", the
reveal, the end); any page that was not right is an error here. Nothing asserts on timing.
"""

from __future__ import annotations

import pytest

from benchmarks.bench_classroom import Setup, run_level
from tests.support.sample import write_sample_pack

pytestmark = [pytest.mark.server, pytest.mark.postgres]

STUDENTS = 5
QUESTIONS = 2


def test_small_class_answers_recorded_exactly_once(tmp_path) -> None:
    bank = tmp_path / "bank"
    write_sample_pack(bank)
    logs = tmp_path / "logs"
    logs.mkdir()
    setup = Setup(f"sqlite:///{tmp_path / 'class.sqlite3'}", bank=bank, folder=logs, timeout=30)

    result = run_level(1, STUDENTS, QUESTIONS, setup)

    measures, integrity = result.measures, result.integrity
    assert measures.errors == [], "\n".join(measures.errors)
    assert integrity.players == STUDENTS
    assert integrity.expected == integrity.recorded == STUDENTS * QUESTIONS
    lost = (integrity.duplicates, integrity.missing, integrity.acked_missing, integrity.unacked_recorded)
    assert lost == (0, 0, 0, 0), "duplicates, missing, acknowledged but lost, stored but never acknowledged"
    assert integrity.exactly_once
    assert len(measures.join) == STUDENTS
    assert len(measures.seen) == len(measures.ack) == len(measures.reveal) == STUDENTS * QUESTIONS
    assert sum(len(questions) for questions in measures.acked.values()) == STUDENTS * QUESTIONS
    assert len(measures.dash_lag) == QUESTIONS  # the dashboard showed every answer of every question
    assert measures.refresh, "the dashboard fragment reran on its timer"
    assert measures.polls, "the students' poll fragment reran on its timer"
    labels = [label for label, _ in measures.teacher_clicks]
    assert labels == ["Start the quiz", "Reveal the answer", "Next question", "Reveal the answer", "End the quiz"]
