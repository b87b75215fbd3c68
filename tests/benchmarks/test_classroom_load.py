"""The classroom load scenario (benchmarks/bench_classroom.py), small, against real servers.

Five simulated students join a live quiz of two questions through the websocket protocol, the
teacher runs it from the dashboard, and every answer must be in the database exactly once; once
with pushed updates (the app as shipped) and once with the former 2 s polling, and once on two
servers behind nginx with the README's configuration. The scenario checks every page on the way
(waiting room, question, "Answer received", the reveal, the end); any page that was not right is
an error here. Nothing asserts on timing.
"""

from __future__ import annotations

import shutil

import pytest

from benchmarks.bench_classroom import Setup, run_level
from tests.support.nginx import nginx_path
from tests.support.requirements import require
from tests.support.sample import write_sample_pack

pytestmark = [pytest.mark.server]

STUDENTS = 5
QUESTIONS = 2


def _check(result, students: int = STUDENTS, questions: int = QUESTIONS) -> None:
    measures, integrity = result.measures, result.integrity
    assert measures.errors == [], "\n".join(measures.errors)
    assert integrity.players == students
    assert integrity.expected == integrity.recorded == students * questions
    lost = (integrity.duplicates, integrity.missing, integrity.acked_missing, integrity.unacked_recorded)
    assert lost == (0, 0, 0, 0), "duplicates, missing, acknowledged but lost, stored but never acknowledged"
    assert integrity.exactly_once
    assert len(measures.join) == students
    assert len(measures.seen) == len(measures.ack) == len(measures.reveal) == students * questions
    assert sum(len(questions) for questions in measures.acked.values()) == students * questions
    assert len(measures.dash_lag) == students * questions  # the dashboard showed every single answer
    assert integrity.points_compared == students * questions and integrity.points_lag_own is not None
    labels = [label for label, _ in measures.teacher_clicks]
    assert labels == ["Start the quiz", "Reveal the answer", *(["Next question", "Reveal the answer"]
                                                              * (questions - 1)), "End the quiz", "Yes, end the quiz"]


@pytest.mark.parametrize("design", ["push", "poll"])
def test_small_class_answers_recorded_exactly_once(tmp_path, design) -> None:
    bank = tmp_path / "bank"
    write_sample_pack(bank)
    logs = tmp_path / "logs"
    logs.mkdir()
    setup = Setup(f"sqlite:///{tmp_path / 'class.sqlite3'}", bank=bank, folder=logs, timeout=30, design=design,
                  idle_seconds=1.0)

    result = run_level(1, STUDENTS, QUESTIONS, setup)

    _check(result)
    assert result.measures.idle is not None and result.measures.idle.seconds >= 1.0
    if design == "push":
        assert result.measures.polls == 0, "with pushed updates no tab polls"
    else:
        assert result.measures.polls > 0, "the students' poll fragment reran on its timer"


@pytest.mark.postgres
@pytest.mark.browser  # needs Debian's nginx like the deployment test
def test_two_servers_behind_nginx(tmp_path, postgres_server) -> None:
    require(nginx_path() is not None, "Debian's nginx")
    require(shutil.which("openssl") is not None, "openssl")
    bank = tmp_path / "bank"
    write_sample_pack(bank)
    logs = tmp_path / "logs"
    logs.mkdir()
    setup = Setup(postgres_server.create_database(), bank=bank, folder=logs, timeout=30)

    result = run_level(2, STUDENTS, QUESTIONS, setup)

    _check(result)
    assert '"GET /_stcore/stream HTTP/1.1" 101' in (logs / "nginx" / "access.log").read_text()
