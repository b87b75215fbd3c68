"""The load-test client (benchmarks/stclient.py) against real ``streamlit run`` servers.

It proves the client speaks Streamlit's websocket protocol: widgets set and clicked through
``BackMsg``\\ s change what the server renders, ``st.rerun()`` chains are awaited to their end,
``ref_hash`` messages resolve from the client's cache, and query strings and pages navigate.
Nothing here asserts on timing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from benchmarks.bench_load import APP, BARE, feedback_shown
from benchmarks.stclient import FINISHED_SUCCESSFULLY, Session, StreamlitServer
from tests.support.sample import QUESTIONS, write_sample_pack

pytestmark = pytest.mark.server

BY_PROMPT = {q["prompt"]: q for q in QUESTIONS}
NO_WATCHER = {"server.fileWatcherType": "none"}


@pytest.fixture(scope="module")
def servers(tmp_path_factory) -> Iterator[dict[str, StreamlitServer]]:
    """The one-button floor app (caching every element, to exercise ref_hash) and the quiz on the sample pack."""
    folder = tmp_path_factory.mktemp("stclient")
    write_sample_pack(folder / "bank")
    bare = StreamlitServer(BARE, options={**NO_WATCHER, "global.minCachedMessageSize": "0"}, log=folder / "bare.log")
    app = StreamlitServer(APP, env={"QUIZ_APP_BANK": str(folder / "bank"),
                                    "DATABASE_URL": f"sqlite:///{folder / 'app.sqlite3'}"},
                          options=NO_WATCHER, log=folder / "app.log")
    started = []
    try:
        for server in (bare, app):
            started.append(server.launch())
        for server in started:
            server.wait_ready()
        yield {"bare": bare, "app": app}
    finally:
        for server in started:
            server.stop()


def _plain(text: str) -> str:
    return text.replace("\\", "")  # undo ui.text.plain's markdown escapes


def current_question(tab: Session) -> dict:
    for element in tab.find("heading"):
        if question := BY_PROMPT.get(_plain(element.text)):
            return question
    raise AssertionError(f"no sample question on the page:\n{tab.text()}")


def _shown(select) -> str:
    """The item a drop-down shows: the value the script set, else its default option."""
    proto = select.proto
    return _plain(proto.raw_value if proto.set_value else select.options[proto.default])


async def _order(tab: Session, items: list[str]) -> None:
    """Choose the right item for each place (drop-downs outside the form: each choice reruns once)."""
    def places() -> list:
        return [s for s in tab.find("selectbox") if ":place:" in (s.key or "")]

    for place, item in enumerate(items):
        select = places()[place]
        if _shown(select) != item:
            moved = await tab.set(select, item)
            assert moved is not None and moved.runs == 1, "choosing a place is a callback: one script run"
    assert [_shown(s) for s in places()] == items


async def answer_right(tab: Session) -> dict:
    """Give the question on the page its right answer through the widgets (held in the form until submit)."""
    question = current_question(tab)
    kind = question["type"]
    if kind == "single_choice":
        radio = tab.get("radio")
        right = next(o["text"] for o in question["options"] if o.get("correct"))
        tab.set_value(radio, next(option for option in radio.options if _plain(option) == right))
    elif kind == "multiple_select":
        right = {o["text"] for o in question["options"] if o.get("correct")}
        for box in tab.find("checkbox"):
            if _plain(box.label) in right:
                assert not tab.set_value(box, True), "a widget inside a form does not rerun"
    elif kind == "true_false":
        tab.set_value(tab.get("radio"), "True" if question["answer"] else "False")
    elif kind == "matching":
        pairs = {pair["left"]: pair["right"] for pair in question["pairs"]}
        for select in tab.find("selectbox"):
            tab.set_value(select, pairs[_plain(select.label)])
    elif kind == "short_answer":
        tab.set_value(tab.get("text_input"), question["answers"][0])
    else:
        await _order(tab, question["items"])
    return question


def test_floor_app_button_and_message_cache(servers) -> None:
    async def run() -> None:
        async with Session(servers["bare"].url) as tab:
            opened = await tab.open()
            assert opened.status == FINISHED_SUCCESSFULLY and tab.session_id
            assert [(w.kind, w.label, w.key) for w in tab.widgets()] == [("button", "Click me", "click")]
            assert "Clicked." not in tab.text()
            first = await tab.click(key="click")
            assert first.status == FINISHED_SUCCESSFULLY and first.runs == 1 and not first.errors
            assert "Clicked." in tab.text()
            second = await tab.click(key="click")  # the same elements again: sent as ref_hash to the cache
            assert second.ref_hits >= 1 and not second.errors
            assert tab.texts() == ["Click me", "Clicked."]
        async with Session(servers["bare"].url, cache=False) as tab:  # no cache reported: full messages
            await tab.open()
            await tab.click(key="click")
            again = await tab.click(key="click")
            assert again.ref_hits == 0 and "Clicked." in tab.text()

    asyncio.run(run())


def test_quiz_answered_right_through_the_protocol(servers) -> None:
    async def run() -> None:
        async with Session(servers["app"].url) as tab:
            await tab.open()
            assert tab.page_name == "Quiz" and "Practice quiz" in tab.text()
            changed = await tab.set(key="quiz-count", value=len(QUESTIONS))  # outside a form: reruns
            assert changed is not None and changed.status == FINISHED_SUCCESSFULLY
            started = await tab.click(key="start-quiz")
            assert started.runs == 2, "Start quiz records the quiz, then st.rerun()s"
            assert {"learner", "quiz"} <= set(tab.query_params)  # from page_info_changed
            seen = set()
            for number in range(1, len(QUESTIONS) + 1):
                assert f"Question {number} of {len(QUESTIONS)}" in tab.text()
                question = await answer_right(tab)
                seen.add(question["type"])
                submitted = await tab.click(label="Submit answer")
                assert feedback_shown(tab) == "Correct!", tab.text()
                assert submitted.runs == 1, "Submit is a callback: one script run per click"
                moved = await tab.click(label="See my results" if number == len(QUESTIONS) else "Next question")
                assert moved.runs == 1 and not moved.errors
            assert seen == {q["type"] for q in QUESTIONS}
            assert "Quiz complete" in tab.text()
            assert tab.get("metric", text="Marks").text == "Marks 6 / 6"
            assert tab.find("vega_lite_chart")

    asyncio.run(run())


def test_resume_link_query_string_and_page_switch(servers) -> None:
    async def run() -> None:
        async with Session(servers["app"].url) as first:
            await first.open()
            await first.set(key="quiz-count", value=1)
            await first.click(key="start-quiz")
            link = first.query_string
            prompt = current_question(first)["prompt"]
        async with Session(servers["app"].url) as again:  # the same link in a new tab
            await again.open(query=link)
            assert current_question(again)["prompt"] == prompt
            assert "Question 1 of 1" in again.text()
            switched = await again.switch_page("My link")
            assert switched.status == FINISHED_SUCCESSFULLY and again.page_name == "My link"
            assert again.query_params["learner"] in again.text()  # the personal link is shown
        async with Session(servers["app"].url) as other:
            await other.open(page="progress")  # a page's URL path, as a bookmarked address opens it
            assert other.page_name == "Progress"

    asyncio.run(run())
