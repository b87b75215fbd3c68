"""The Present page (projector) through AppTest: nothing that gives an answer away before Reveal,
for every question type; the answer, the explanation and the distribution after; the leaderboard
only when asked; teacher only."""

from __future__ import annotations

import os
import re
from pathlib import Path

from quiz_app.bank import load_bank
from quiz_app.practice.grading import correct_answer, correct_response
from quiz_app.store import classroom as rooms
from quiz_app.store import teachers
from tests.screens.driver import PASSWORD, login
from tests.support.sample import QUESTIONS

WRONG_TYPED = "Secret typed guess"


def _everything(at) -> str:
    """Every text the page shows: headings, markdown, captions, metrics, text, alerts, html, image captions."""
    parts = [str(e.value) for e in (*at.title, *at.markdown, *at.caption, *at.text, *at.info, *at.success,
                                     *at.warning, *at.error, *at.subheader, *at.header)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    parts += [str(e.proto) for e in at.get("html")]
    parts += [str(e.proto) for e in at.get("image")]
    return "\n".join(parts).replace("\\", "")


def _charts(at) -> int:
    return len(at.get("vega_lite_chart"))


def _wrong(question, right):
    kind = type(question).__name__
    if kind == "ShortAnswer":
        return WRONG_TYPED
    if kind == "TrueFalse":
        return not right
    if kind == "SingleChoice":
        return next(i for i, o in enumerate(question.options) if not o.correct)
    if kind == "MultipleSelect":
        return [i for i, o in enumerate(question.options) if not o.correct]
    return list(reversed(right))


def test_nothing_gives_the_answer_away_before_reveal_for_every_question_type(make_app, teacher, store) -> None:
    pack = load_bank([Path(os.environ["QUIZ_APP_BANK"])]).packs["sample"]
    ids = [q["id"] for q in QUESTIONS]
    assert len({type(pack.questions_by_id[q]).__name__ for q in ids}) == 6  # every question type
    quiz = rooms.create(store, teacher.id, "Projector quiz", "sample", ids, "live", timer_seconds=60)
    present = make_app("screens/classroom/present.py")
    login(present)
    shown = _everything(present)
    assert quiz.code in shown and "0 joined" in shown  # the lobby: code, link, QR
    assert "QR code: opens the join page with code" in shown  # the image's alt text
    _, aigerim = rooms.join(store, quiz.code, "Aigerim", "ip-1")
    _, bolat = rooms.join(store, quiz.code, "Bolat", "ip-2")
    for number, question_id in enumerate(ids):
        question = pack.questions_by_id[question_id]
        rooms.act(store, quiz.id, teacher.id, "start" if number == 0 else "next")
        right = correct_response(question)
        for player, response in ((aigerim, right), (bolat, _wrong(question, right))):
            rooms.mark_shown(store, quiz.id, player.id, question_id)
            score = 1.0 if response == right else 0.0
            assert rooms.submit(store, quiz.id, player.id, question_id, response, score)[0] == "recorded"
        present.run()
        assert not present.exception
        text = _everything(present)
        assert question.prompt in text and "Answered 2 / 2" in text
        for leak in ("Correct answer", "Why:", question.explanation, "points", "Leaderboard", "Aigerim", "Bolat",
                     WRONG_TYPED, "✅", "Correct"):
            assert leak not in text, f"{question_id}: the projector shows {leak!r} before Reveal"
        if type(question).__name__ == "ShortAnswer":
            assert not any(answer in text for answer in question.answers)  # no typed or accepted answer
        if type(question).__name__ == "Ordering":
            listed = [m.group(1) for line in text.splitlines() if (m := re.match(r"^- \d+\. (.+)$", line))]
            assert sorted(listed) == sorted(question.items) and listed != question.items  # never in the right order
        if type(question).__name__ == "Matching":
            rights = [m.group(1) for line in text.splitlines() if (m := re.match(r"^- [A-Z]\. (.+)$", line))]
            assert sorted(rights) == sorted(p.right for p in question.pairs)
        assert _charts(present) == 0  # no distribution before Reveal
        rooms.act(store, quiz.id, teacher.id, "reveal")
        present.run()
        text = _everything(present)
        assert "Correct answer" in text and question.explanation in text
        assert all(line in text for line in correct_answer(question))
        assert _charts(present) == 1 and "Leaderboard" not in text  # the leaderboard only when asked
        rooms.act(store, quiz.id, teacher.id, "leaderboard")
        present.run()
        text = _everything(present)
        assert "Leaderboard" in text and "Aigerim" in text
    rooms.act(store, quiz.id, teacher.id, "end")
    present.run()
    assert "The quiz has ended" in _everything(present)


def test_present_is_for_the_quiz_owner_only(make_app, teacher, store) -> None:
    other = teachers.add(store, "Mr Other", PASSWORD)
    theirs = rooms.create(store, other.id, "Not yours", "sample", ["s-tf"], "live")
    student = make_app("screens/classroom/present.py", query={"quiz": str(theirs.id)})
    assert student.title[0].value == "Teacher login" and theirs.code not in _everything(student)
    login(student)
    assert theirs.code not in _everything(student) and "No live quiz to present" in _everything(student)


def test_present_follows_the_running_quiz_without_an_address(make_app, teacher, store) -> None:
    quiz = rooms.create(store, teacher.id, "Under way", "sample", ["s-tf"], "live")
    rooms.act(store, quiz.id, teacher.id, "start")
    present = make_app("screens/classroom/present.py")
    login(present)
    text = _everything(present)
    assert "Under way" in text and "Question 1 of 1" in text
    assert "Join with the code" in text and quiz.code in text  # the compact join reminder once the quiz runs
