"""Images on every screen through AppTest: the quiz and its feedback, the summary, flashcards, the class quiz,
the study guide (and its "Quiz me on this"), the printable summaries; the image route."""

from __future__ import annotations

import asyncio
import os

import pytest
from starlette.requests import Request

from quiz_app.bank import load_bank
from quiz_app.guide.printable import study_guide_html
from quiz_app.guide.timeline import events, questions_for
from quiz_app.store import Store, quizzes, teachers
from quiz_app.store import classroom as rooms
from quiz_app.web import media as served
from tests.screens.driver import PASSWORD, answer, login, next_question, serve_bank, start_quiz
from tests.support.pictures import BACK_ALT, FRONT_ALT, OPTION_ALTS, PROMPT_ALT, TOPIC_ALT, write_pictured_pack


@pytest.fixture
def pictured(tmp_path, monkeypatch) -> None:
    """The app on the pictured sample pack (instead of the plain one)."""
    write_pictured_pack(tmp_path / "pictured")
    yield from serve_bank(monkeypatch, tmp_path / "pictured", tmp_path / "pictures.sqlite3")


def images(at) -> list[tuple[str, str]]:
    """(alt, url) of every image on the page."""
    return [(img.alt, img.url) for element in at.get("image") for img in element.proto.imgs]


def alts(at) -> list[str]:
    return [alt for alt, _ in images(at)]


def _only(at, kind: str) -> None:
    at.multiselect[2].set_value([kind])
    at.run()


def test_quiz_question_feedback_and_summary_show_the_picture(make_app, pictured) -> None:
    at = make_app()
    _only(at, "single_choice")
    start_quiz(at, 1)
    shown = alts(at)
    assert shown[0] == PROMPT_ALT and sorted(shown[1:]) == sorted(OPTION_ALTS)
    assert all(url.startswith("http://") and "/api/media/" in url for _, url in images(at))
    caption = at.get("image")[0].proto.imgs[0].caption
    assert "Test Artist" in caption and "CC0" in caption  # credit and licence under the picture
    answer(at, right=False)
    assert at.error[0].value == "Not quite." and alts(at)[0] == PROMPT_ALT  # feedback keeps the picture
    next_question(at)
    assert at.title[0].value == "Quiz complete"
    assert PROMPT_ALT in alts(at)  # the missed question in the summary


def test_a_question_without_pictures_has_no_image(make_app, pictured) -> None:
    at = make_app()
    _only(at, "matching")
    start_quiz(at, 1)
    assert not at.get("image")


def test_the_picture_comes_before_the_answer_widgets(make_app, pictured) -> None:
    at = make_app()
    _only(at, "true_false")
    start_quiz(at, 1)
    main = list(at.main)
    kinds = [getattr(node, "type", "") for node in main]
    assert kinds.index("image") < kinds.index("form")  # drawn under the prompt, above the form


def test_flashcards_show_front_then_back_picture(make_app, pictured) -> None:
    at = make_app("screens/study/flashcards.py")
    assert alts(at) == [FRONT_ALT]
    next(b for b in at.button if b.label == "Show answer").click()
    at.run()
    assert alts(at) == [FRONT_ALT, BACK_ALT]


def test_questions_as_cards_show_the_prompt_picture(make_app, pictured) -> None:
    at = make_app("screens/study/flashcards.py")
    at.toggle(key="cards-with-questions").set_value(True)
    at.toggle(key="cards-cram").set_value(True)
    at.run()
    for _ in range(12):  # go round the cram deck until a question with a picture comes up
        if "Which fuel price rose?" in [h.value.replace("\\", "") for h in at.header]:
            assert PROMPT_ALT in alts(at)
            return
        next(b for b in at.button if b.label == "Show answer").click()
        at.run()
        next(b for b in at.button if b.label == "Next card").click()
        at.run()
    raise AssertionError("the pictured question never came up")


def test_the_class_quiz_on_a_phone_shows_the_picture(make_app, pictured) -> None:
    store = Store.open(os.environ["DATABASE_URL"])
    teacher = teachers.add(store, "Ms Teacher", PASSWORD)
    quiz = rooms.create(store, teacher.id, "Pictures", "sample", ["s-single", "s-order"], "live")
    rooms.act(store, quiz.id, teacher.id, "start")
    student = make_app("screens/classroom/join.py", query={"code": quiz.code})
    student.text_input[1].input("Aigerim")
    next(b for b in student.button if b.label == "Join").click()
    student.run()
    assert alts(student)[0] == PROMPT_ALT and len(alts(student)) == 4
    answer(student, right=True, scope=f"c{quiz.id}")
    assert PROMPT_ALT in alts(student)  # "Answer received" keeps the picture
    rooms.act(store, quiz.id, teacher.id, "reveal")
    student.run()
    assert PROMPT_ALT in alts(student)
    store.close()


def test_the_projector_shows_the_question_and_option_pictures(make_app, pictured) -> None:
    store = Store.open(os.environ["DATABASE_URL"])
    teacher = teachers.add(store, "Ms Teacher", PASSWORD)
    quiz = rooms.create(store, teacher.id, "Pictures", "sample", ["s-single"], "live")
    rooms.act(store, quiz.id, teacher.id, "start")
    present = make_app("screens/classroom/present.py")
    login(present)
    shown = alts(present)
    assert PROMPT_ALT in shown and set(OPTION_ALTS) <= set(shown)  # unmarked: no correct option told apart
    store.close()


def test_study_guide_shows_maps_timeline_mastery_and_quiz_me(make_app, pictured) -> None:
    at = make_app("screens/study/guide.py")
    assert at.title[0].value == "Study guide"
    assert TOPIC_ALT in alts(at)
    assert at.get("vega_lite_chart")  # the timeline
    assert not at.info  # no learner yet: no mastery, no "read next"
    at.button(key="guide-quiz:sample:obj-order").click()
    at.run()
    store = Store.open(os.environ["DATABASE_URL"])
    (session,) = quizzes.history(store, store_learner(store, at))
    assert session.question_ids == ["s-order", "s-match", "s-short"]  # exactly the objective's questions
    assert "Question 1 of 3" in at.get("progress")[0].proto.text
    store.close()


def store_learner(store: Store, at) -> int:
    from quiz_app.store import learners

    learner = learners.by_token(store, at.query_params["learner"])
    assert learner is not None
    return learner.id


def test_quiz_me_on_a_topic_and_mastery_beside_each_objective(make_app, pictured) -> None:
    at = make_app("screens/study/guide.py")
    at.button(key="guide-quiz-topic:sample:causes").click()
    at.run()
    assert "Question 1 of 3" in at.get("progress")[0].proto.text
    # st.switch_page moved the browser to the quiz page; AppTest stays on the page it was told, so follow it
    at.switch_page("screens/study/quiz.py")
    at.run()
    for _ in range(3):
        answer(at, right=True)
        next_question(at)
    at.switch_page("screens/study/guide.py")
    at.run()
    captions = [c.value for c in at.caption]
    assert any("mastered" in c for c in captions) and any("not practised yet" in c for c in captions)
    assert "Read next" in at.info[0].value


def test_printable_guide_and_class_summary_embed_the_pictures(tmp_path) -> None:
    from quiz_app.classroom import report

    write_pictured_pack(tmp_path)
    pack = load_bank([tmp_path]).packs["sample"]
    page = study_guide_html(pack)
    assert page.count("data:image/png;base64,") == 1 and f'alt="{TOPIC_ALT}"' in page
    assert "<script" not in page and "Prices rise" in page  # the timeline table
    assert [e.label for e in events(pack)] == ["Prices rise", "Events in order"]
    assert questions_for(pack, {"obj-price"}) == ["s-single", "s-multi", "s-tf"]
    question = pack.questions_by_id["s-single"]
    summary = report.printable_summary("Quiz", pack, [question], [], [], [])
    assert "data:image/png;base64," not in summary  # no item statistics yet: no question rows
    from quiz_app.classroom.stats import item_analysis

    items = item_analysis([question], [], [])
    summary = report.printable_summary("Quiz", pack, [question], [], items, [])
    assert f'alt="{PROMPT_ALT}"' in summary and "data:image/png;base64," in summary


def test_the_image_route_serves_published_files_only(tmp_path) -> None:
    write_pictured_pack(tmp_path)
    pack = load_bank([tmp_path]).packs["sample"]
    file = pack.media["media/prompt.png"]
    path = served.publish(file)

    def get(name: str):
        request = Request({"type": "http", "method": "GET", "path": f"/api/media/{name}", "headers": [],
                           "path_params": {"name": name}})
        return asyncio.run(served.serve(request))

    response = get(path.rsplit("/", 1)[1])
    assert response.status_code == 200 and response.body == file.data
    assert response.headers["content-type"] == "image/png" and "immutable" in response.headers["cache-control"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert get("0" * 64 + ".png").status_code == 404
    assert get(f"{file.sha256}.svg").status_code == 404  # the extension must match the file
    assert get("../../etc/passwd").status_code == 404
