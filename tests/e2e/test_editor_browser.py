"""In a real browser: a teacher adds a question in the editor, and a student then meets it in a quiz."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from quiz_app.store import Store, teachers
from quiz_app.store import authoring as packs
from tests.support.browser import PROMPT
from tests.support.sample import PACK_META, QUESTIONS, write_sample_pack

pytestmark = [pytest.mark.browser, pytest.mark.server]
PASSWORD = "a long enough password"
NEW_PROMPT = "The CSTO force began leaving Kazakhstan within two weeks."


@pytest.fixture
def class_pack(tmp_path, start_server):
    """A teacher's pack "Class 9B pack" (one question, one objective) and a server showing it."""
    write_sample_pack(tmp_path / "bank")
    url = f"sqlite:///{tmp_path / 'editor.sqlite3'}"
    store = Store.open(url)
    teacher = teachers.add(store, "Ms Teacher", PASSWORD)
    meta = {**PACK_META, "id": "class-9b", "title": "Class 9B pack", "objectives": [PACK_META["objectives"][0]]}
    packs.create_pack(store, "class-9b", meta, teacher, [("question", {**QUESTIONS[0], "id": "c9-first"})])
    server = start_server({"QUIZ_APP_BANK": str(tmp_path / "bank"), "DATABASE_URL": url})
    yield store, server
    store.close()


def open_editor(page, server) -> None:
    """Log in as the teacher on the Question editor page."""
    page.goto(f"{server.url}/editor")
    page.get_by_role("link", name="Log in").click()  # to the app's login form, which comes back here
    page.get_by_role("textbox", name="Name").fill("Ms Teacher")
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_teacher_adds_a_question_and_a_student_meets_it(new_page, class_pack) -> None:
    store, server = class_pack
    page = new_page()
    open_editor(page, server)
    page.get_by_text("This pack is valid: students can use it.").wait_for()
    page.get_by_role("combobox", name="Question type").click()
    page.get_by_role("option", name="True or false").click()
    page.get_by_text("The statement is").wait_for()  # the true/false form is drawn
    page.get_by_role("textbox", name="Question").fill(NEW_PROMPT)
    page.get_by_role("textbox", name=re.compile("^Explanation")).fill("It withdrew between 13 and 19 January.")
    page.get_by_role("combobox", name="Learning objectives").click()
    page.get_by_role("option").first.click()
    page.keyboard.press("Escape")
    expect(page.get_by_text("must not be empty")).to_have_count(0)
    save = page.get_by_role("button", name="Save", exact=True)
    expect(save).to_be_enabled()
    save.click()
    expect(page.get_by_text("History")).to_be_visible()
    assert any(i.data and i.data.get("prompt") == NEW_PROMPT for i in packs.items(store, "class-9b"))

    student = new_page()
    student.goto(server.url)
    student.get_by_role("combobox", name="Question pack").click()
    student.get_by_role("option", name="Class 9B pack").click()
    student.get_by_role("spinbutton", name=re.compile("Number of questions")).fill("2")
    student.get_by_role("button", name="Start quiz").click()
    seen = []
    for number in (1, 2):
        student.get_by_text(f"Question {number} of 2").wait_for()
        heading = student.locator(PROMPT).first
        heading.wait_for()
        seen.append(heading.inner_text().strip())
        if seen[-1] == NEW_PROMPT:
            student.get_by_text("True", exact=True).click()
        else:
            student.get_by_text("Liquefied petroleum gas", exact=True).click()
        student.get_by_role("button", name="Submit answer").click()
        student.get_by_text("Correct!").wait_for()
        student.get_by_role("button", name=re.compile("Next question|See my results")).click()
    assert NEW_PROMPT in seen
    student.get_by_text("Quiz complete").wait_for()


GIFT = """// a GIFT file as Moodle users write it
$CATEGORY: $course$/top/Kazakhstan/events

::start:: In which town did the protests of January 2022 begin? {=Zhanaozen ~Almaty ~Aktau ~Astana}

::essay:: Describe the events of 5 January 2022. {}

::tf:: The CSTO force had left Kazakhstan by the end of January 2022. {T}

::bad:: Match the two. {=Almaty -> city =Mangystau -> region}
"""


def test_teacher_imports_a_gift_file_after_a_preview(new_page, class_pack, tmp_path) -> None:
    store, server = class_pack
    gift_file = tmp_path / "moodle.gift"
    gift_file.write_text(GIFT, encoding="utf-8")
    page = new_page()
    open_editor(page, server)
    page.get_by_text("Import", exact=True).click()
    page.get_by_role("combobox", name="Format").click()
    page.get_by_role("option", name="Moodle GIFT").click()
    page.get_by_text("GIFT, TXT").wait_for()  # the uploader for this format is drawn
    page.locator("input[type=file]").set_input_files(str(gift_file))
    page.get_by_text(re.compile(r"Preview: 2 items can be added; 1 rejected; 1 of a kind")).wait_for()
    expect(page.get_by_text(re.compile(r"^line 10\b.*3"))).to_be_visible()  # matching needs 3 pairs
    assert len(packs.items(store, "class-9b")) == 2  # nothing is added by the preview
    page.get_by_role("button", name="Import only the 2 valid items").click()
    page.get_by_text("Imported 2 items.").wait_for()
    prompts = {i.data.get("prompt") for i in packs.items(store, "class-9b") if i.kind == "question"}
    assert "In which town did the protests of January 2022 begin?" in prompts
    assert len(prompts) == 3
