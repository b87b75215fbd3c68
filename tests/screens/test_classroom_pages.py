"""Classroom and teacher pages through AppTest: login gate, building, running and joining a quiz."""

from __future__ import annotations

from quiz_app.store import classroom as rooms
from quiz_app.store import teachers
from quiz_app.ui import keys
from tests.screens.driver import PASSWORD, answer, login


def _texts(at) -> str:
    parts = [*at.markdown, *at.success, *at.error, *at.warning, *at.info, *at.caption, *at.text, *at.title]
    return "\n".join(str(e.value) for e in parts)


def _timers(at) -> int:
    return sum('role="timer"' in e.proto.body for e in at.get("html"))


def create_live_quiz(at, count: int = 3, timer: int = 0) -> None:
    at.number_input(key="build-count").set_value(count)
    at.number_input(key="build-timer").set_value(timer)
    at.button(key="build-create").click()
    at.run()


def test_teacher_page_explains_how_to_create_an_account(make_app) -> None:
    at = make_app("screens/classroom/teacher.py")
    assert "python -m quiz_app teacher add" in at.code[0].value
    assert not at.text_input


def test_the_login_is_a_link_to_the_login_form_and_logout_ends_it(make_app, teacher, store) -> None:
    at = make_app("screens/classroom/teacher.py")
    assert at.title[0].value == "Teacher login"
    assert 'href="/auth/login?next=%2Fteacher"' in at.get("html")[0].proto.body  # a real form, not a widget
    assert not at.text_input  # no password field on the Streamlit page
    login(at)
    assert at.title[0].value == "Teacher"
    assert any('href="/auth/logout"' in e.proto.body for e in at.get("html"))
    teachers.logout(store, at.session_state[keys.TEST_TEACHER_TOKEN])  # what the logout route does
    at.run()
    assert at.title[0].value == "Teacher login" and "Please log in again" in at.warning[0].value


def test_forged_expired_or_changed_password_session_gets_the_login_link(make_app, teacher, store) -> None:
    at = make_app("screens/classroom/teacher.py")
    at.session_state[keys.TEST_TEACHER_TOKEN] = "forged-token"
    at.run()
    assert at.title[0].value == "Teacher login" and "expired" in at.warning[0].value
    assert not any(b.key == "build-create" for b in at.button)
    login(at)
    assert at.title[0].value == "Teacher"
    teachers.set_password(store, "Ms Teacher", "a brand new password")  # ends every login of that teacher
    at.run()
    assert at.title[0].value == "Teacher login"


def test_live_quiz_from_creation_to_results(make_app, teacher, store) -> None:
    at = make_app("screens/classroom/teacher.py")
    login(at)
    create_live_quiz(at, count=2)
    (quiz,) = rooms.of_teacher(store, teacher.id)
    assert quiz.code in _texts(at) and at.get("image")  # the code and its QR code are shown

    student = make_app("screens/classroom/join.py", query={"code": quiz.code})
    student.text_input[1].input("Aigerim")
    next(b for b in student.button if b.label == "Join").click()
    student.run()
    assert "You're in, Aigerim!" in student.success[0].value
    seat = student.query_params["seat"]

    next(b for b in at.button if b.label == "Start the quiz").click()
    at.run()
    student.run()
    assert "Question 1 of 2" in _texts(student)
    assert answer(student, right=True, scope=f"c{quiz.id}") == rooms.get(store, quiz.id).current_question
    assert "Answer received" in student.info[0].value
    again = make_app("screens/classroom/join.py", query={"seat": seat})  # reload: same seat, nothing lost
    assert "Answer received" in again.info[0].value and len(rooms.players(store, quiz.id)) == 1
    for page in ("screens/study/quiz.py", "screens/classroom/join.py"):  # the menu, there and back
        student.query_params.clear()
        student.switch_page(page)
        student.run()
    assert student.query_params["seat"] == seat and "Answer received" in student.info[0].value
    assert not [t for t in student.text_input if t.label == "Nickname"]  # the seat, not the join form

    next(b for b in at.button if b.label == "Reveal the answer").click()
    at.run()
    student.run()
    assert "Correct" in _texts(student) and "+1000 points" in _texts(student)
    assert "Why:" in _texts(student)  # live students get the explanation after Reveal
    next(b for b in at.button if b.label == "End the quiz").click()
    at.run()
    assert "cannot be undone" in at.warning[0].value and not at.subheader  # asked first, nothing ended yet
    next(b for b in at.button if b.label == "Cancel").click()
    at.run()
    assert rooms.get(store, quiz.id).state.phase == "reveal"
    next(b for b in at.button if b.label == "End the quiz").click()
    at.run()
    next(b for b in at.button if b.label == "Yes, end the quiz").click()
    at.run()
    assert at.subheader[0].value == "Results per student"
    assert any(w.value.startswith("Only 1 student answered.") for w in at.warning)  # before any flag is trusted
    assert {b.label for b in at.get("download_button")} == {"Results (CSV)", "Item analysis (CSV)",
                                                             "Printable summary (HTML)"}
    student.run()
    assert "The quiz has ended" in student.success[0].value


def test_duplicate_nickname_and_wrong_code_messages(make_app, teacher, store) -> None:
    quiz = rooms.create(store, teacher.id, "Quiz", "sample", ["s-tf"], "live")
    rooms.join(store, quiz.code, "Aigerim", "someone")
    student = make_app("screens/classroom/join.py")
    student.text_input[0].input(quiz.code)
    student.text_input[1].input(" aigerim ")
    next(b for b in student.button if b.label == "Join").click()
    student.run()
    assert "already uses the name" in student.error[0].value
    student.text_input[0].input("ZZZZZZ")
    student.text_input[1].input("Other")
    next(b for b in student.button if b.label == "Join").click()
    student.run()
    assert student.error[0].value == "No quiz has this code. Check it with your teacher."


def test_a_teacher_cannot_open_another_teachers_quiz(make_app, teacher, store) -> None:
    other = teachers.add(store, "Mr Other", PASSWORD)
    theirs = rooms.create(store, other.id, "Not yours", "sample", ["s-tf"], "live")
    at = make_app("screens/classroom/teacher.py")
    login(at)
    at.session_state["teacher_open"] = theirs.id  # a forged "open this quiz"
    at.run()
    assert theirs.code not in _texts(at)
    assert all(b.label != "Start the quiz" for b in at.button)


def test_student_without_login_sees_no_teacher_content(make_app, teacher, store) -> None:
    quiz = rooms.create(store, teacher.id, "Secret results", "sample", ["s-tf"], "live")
    student = make_app("screens/classroom/teacher.py", query={"quiz": str(quiz.id)})
    assert student.title[0].value == "Teacher login"
    assert "Secret results" not in _texts(student) and quiz.code not in _texts(student)


def test_after_login_the_teacher_lands_on_the_quiz_under_way(make_app, teacher, store) -> None:
    rooms.create(store, teacher.id, "Old lobby", "sample", ["s-tf"], "live")
    quiz = rooms.create(store, teacher.id, "Under way", "sample", ["s-tf", "s-single"], "live", timer_seconds=30)
    rooms.act(store, quiz.id, teacher.id, "start")
    at = make_app("screens/classroom/teacher.py")  # a new tab, or a reload
    login(at)
    assert at.selectbox[0].value == quiz.id and "Reveal the answer" in [b.label for b in at.button]
    texts = _texts(at)
    assert "no timer" not in texts and "No answers yet." in texts
    assert not at.get("vega_lite_chart")  # nobody answered: no empty chart (and no lone 0.000000 axis)
    assert _timers(at) == 1  # the countdown while the question is open
    next(b for b in at.button if b.label == "Reveal the answer").click()
    at.run()
    assert _timers(at) == 0 and "Time left" not in "\n".join(m.label for m in at.metric)  # no timer during Reveal


def test_skip_asks_first_and_a_double_click_applies_once(make_app, teacher, store) -> None:
    quiz = rooms.create(store, teacher.id, "Skippy", "sample", ["s-tf", "s-single", "s-multi"], "live")
    rooms.act(store, quiz.id, teacher.id, "start")
    at = make_app("screens/classroom/teacher.py")
    login(at)
    next(b for b in at.button if b.label == "Skip this question").click()
    at.run()
    assert rooms.get(store, quiz.id).state.index == 0 and "cannot be undone" in at.warning[0].value
    yes = next(b for b in at.button if b.label == "Yes, skip it")
    other_tab = make_app("screens/classroom/teacher.py")
    login(other_tab)
    next(b for b in other_tab.button if b.label == "Skip this question").click()
    other_tab.run()
    next(b for b in other_tab.button if b.label == "Yes, skip it").click()
    other_tab.run()
    yes.click()  # the first tab's confirmation, for a question that was already skipped
    at.run()
    assert rooms.get(store, quiz.id).state.index == 1  # skipped once, not twice
