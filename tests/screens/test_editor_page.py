"""The question editor through AppTest: copy, add, edit, delete, conflict, restore, import."""

from __future__ import annotations

from quiz_app.store import authoring as packs
from quiz_app.store import teachers
from tests.screens.driver import PASSWORD, login


def _editor(make_app):
    at = make_app("screens/authoring/editor.py")
    login(at)
    assert at.title[0].value == "Question editor", [e.value for e in at.error]
    return at


def _copy_sample(at) -> str:
    at.button(key="copy:sample").click()
    at.run()
    assert not at.exception
    return at.session_state["editor_pack"]


def _button(at, label: str):
    return next(b for b in at.button if b.label == label)


def test_editor_requires_a_teacher(make_app) -> None:
    at = make_app("screens/authoring/editor.py")
    assert at.title[0].value == "Teacher login"


def test_copy_add_edit_delete_and_restore(make_app, teacher, store) -> None:
    at = _editor(make_app)
    pack_id = _copy_sample(at)
    assert pack_id in packs.pack_ids(store)
    assert "valid: students can use it" in at.success[0].value
    # add a true/false question
    at.radio(key="editor-new-kind").set_value("question")
    at.selectbox(key="editor-new-type").set_value("true_false")
    at.run()
    prompt = next(t for t in at.text_area if t.label == "Question")
    prompt.input("The CSTO sent troops in January 2022.")
    at.run()
    assert any("must not be empty" in e.value for e in at.error)  # the explanation is still empty
    next(t for t in at.text_area if t.label.startswith("Explanation")).input("Troops arrived on 6 January.")
    at.multiselect(key=next(m.key for m in at.multiselect if m.label == "Learning objectives")).set_value(
        ["obj-order"])
    at.run()
    assert not at.error
    _button(at, "Save").click()
    at.run()
    item_id = at.session_state["editor_item"]
    saved = packs.item(store, pack_id, item_id)
    assert saved.data["prompt"] == "The CSTO sent troops in January 2022." and saved.revision == 1
    # edit it
    next(t for t in at.text_area if t.label == "Question").input("Russian-led CSTO troops came in January 2022.")
    at.run()
    _button(at, "Save").click()
    at.run()
    assert packs.item(store, pack_id, item_id).revision == 2
    # restore the first version from the history
    _button(at, "Restore revision 1").click()
    at.run()
    restored = packs.item(store, pack_id, item_id)
    assert restored.revision == 3 and restored.data["prompt"] == "The CSTO sent troops in January 2022."
    # students can now pick the teacher's pack
    student = make_app()
    assert student.selectbox[0].options == ["Sample pack", "Sample pack (copy)"]
    # delete
    _button(at, "Delete").click()
    at.run()
    assert packs.item(store, pack_id, item_id).data is None


def test_two_teachers_editing_the_same_question_get_a_conflict(make_app, teacher, store) -> None:
    other = teachers.add(store, "Mr Other", PASSWORD)
    at = _editor(make_app)
    pack_id = _copy_sample(at)
    item = next(i for i in packs.items(store, pack_id) if i.kind == "question")
    at.session_state["editor_item"] = item.item_id
    at.run()
    next(t for t in at.text_area if t.label == "Question").input("My wording.")
    at.run()
    packs.save(store, pack_id, item.item_id, "question", {**item.data, "prompt": "Their wording."}, item.revision,
               other)  # the other teacher saves first
    _button(at, "Save").click()
    at.run()
    assert any("changed by Mr Other" in e.value for e in at.error)
    assert packs.item(store, pack_id, item.item_id).data["prompt"] == "Their wording."
