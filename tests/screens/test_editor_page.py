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


def _new_question(at, kind: str) -> None:
    at.radio(key="editor-new-kind").set_value("question")
    at.selectbox(key="editor-new-type").set_value(kind)
    at.run()


def _fill(at, prompt: str, explanation: str = "Because it is.") -> None:
    next(t for t in at.text_area if t.label == "Question").input(prompt)
    next(t for t in at.text_area if t.label.startswith("Explanation")).input(explanation)
    at.multiselect(key=next(m.key for m in at.multiselect if m.label == "Learning objectives")).set_value(
        ["obj-order"])
    at.run()


def _errors(at) -> list[str]:
    return [e.value.replace("\\", "").replace("  \n", "\n") for e in at.error]


def test_the_options_grid_starts_empty_with_typed_cells(make_app, teacher) -> None:
    """No None anywhere (a checkbox without a value is drawn without its box and takes two clicks to tick;
    a text cell without one shows "None"), and new rows get the same empty values."""
    import json

    at = _editor(make_app)
    _copy_sample(at)
    _new_question(at, "multiple_select")
    [grid] = at.data_editor
    assert grid.editing_mode == "dynamic"
    assert grid.value.to_dict("records") == [{"text": "", "correct": False, "weight": ""}]
    columns = json.loads(grid.proto.columns)
    assert (columns["text"]["default"], columns["correct"]["default"], columns["weight"]["default"]) == ("", False, "")
    assert columns["correct"]["type_config"]["type"] == "checkbox"
    # an existing question whose wrong options have no 'correct' key in its data: typed cells all the same
    items = next(box for box in at.selectbox if box.label == "Item")
    items.set_value(next(o for o in items.options if o == "Single choice · Which fuel price rose?"))
    at.run()
    [grid] = at.data_editor
    assert grid.value.to_dict("records") == [
        {"text": "Liquefied petroleum gas", "correct": True}, {"text": "Coal", "correct": False},
        {"text": "Diesel", "correct": False}]


def test_form_messages_speak_of_the_form(make_app, teacher) -> None:
    at = _editor(make_app)
    _copy_sample(at)
    _new_question(at, "single_choice")
    _fill(at, "Where did the protests start?")
    grid = at.data_editor[0].key
    at.session_state[grid] = {"edited_rows": {0: {"text": "Zhanaozen"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert "• add at least 2 options (there is 1)\n• tick Correct for exactly one option (none is ticked)" in \
        _errors(at)
    tags = next(t for t in at.text_input if t.label.startswith("Tags"))
    tags.input("fuel, Bad Tag")
    at.run()
    assert "• tag 'Bad Tag': use lowercase letters, digits and single hyphens, such as 'fuel-prices'" in _errors(at)
    assert not any("row 1" in e or "item(s)" in e or "correct: true" in e for e in _errors(at))


def test_weights_in_the_grid_are_saved(make_app, teacher, store) -> None:
    at = _editor(make_app)
    pack_id = _copy_sample(at)
    _new_question(at, "multiple_select")
    _fill(at, "Where were there protests on 2 January 2022?")
    grid = at.data_editor[0].key
    at.session_state[grid] = {
        "edited_rows": {0: {"text": "Zhanaozen", "correct": True, "weight": "60"}},
        "added_rows": [{"text": "Aktau", "correct": True, "weight": "40 %"},
                       {"text": "Tashkent", "correct": False, "weight": "-50"}],
        "deleted_rows": []}
    at.run()
    assert not at.error, _errors(at)
    _button(at, "Save").click()
    at.run()
    saved = packs.item(store, pack_id, at.session_state["editor_item"]).data
    assert saved["options"] == [{"text": "Zhanaozen", "correct": True, "weight": 60.0},
                                {"text": "Aktau", "correct": True, "weight": 40.0},
                                {"text": "Tashkent", "correct": False, "weight": -50.0}]
    grid = at.data_editor[0].key  # the saved question's form
    at.session_state[grid] = {"edited_rows": {1: {"weight": "30"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert "• the weights of the correct options add up to 90 %; make them add up to 100 %" in _errors(at)


def test_warnings_in_the_editor_are_silenced_with_a_reason(make_app, teacher, store) -> None:
    at = _editor(make_app)
    pack_id = _copy_sample(at)
    _new_question(at, "single_choice")
    _fill(at, "Which city saw the first protests?")
    grid = at.data_editor[0].key
    at.session_state[grid] = {"edited_rows": {0: {"text": "Zhanaozen", "correct": True}},
                              "added_rows": [{"text": "Almaty", "correct": False},
                                             {"text": "None of the above", "correct": False}],
                              "deleted_rows": []}
    at.run()
    assert not at.error, _errors(at)
    assert [w.value.replace("\\", "") for w in at.warning] == [
        "option 3 is an 'all/none of the above' option: options are shuffled, and it rewards ruling answers out "
        "rather than knowing the right one"]
    reason = next(t for t in at.text_input if t.label.startswith("Keep it as it is"))
    reason.input("the review asked for it")
    at.run()
    _button(at, "Save").click()
    at.run()
    saved = packs.item(store, pack_id, at.session_state["editor_item"]).data
    assert saved["silence"] == {"all-none-above": "the review asked for it"}


def test_a_pack_with_one_problem_says_so_in_the_singular(make_app, teacher, store) -> None:
    at = _editor(make_app)
    pack_id = _copy_sample(at)
    item = next(i for i in packs.items(store, pack_id) if i.kind == "question")
    packs.save(store, pack_id, item.item_id, "question", {**item.data, "topic": "nowhere"}, item.revision, teacher)
    at.run()
    assert any(e.label == "Students cannot see this pack until its problem is fixed" for e in at.expander)


def test_short_answer_grading_options_are_saved(make_app, teacher, store) -> None:
    at = _editor(make_app)
    pack_id = _copy_sample(at)
    _new_question(at, "short_answer")
    _fill(at, "Give the surname of the president in January 2022.")
    next(t for t in at.text_area if t.label.startswith("Accepted answers")).input("Tokayev")
    next(s for s in at.selectbox if s.label.startswith("Spelling variants")).set_value(True)
    next(s for s in at.selectbox if s.label.startswith("A one-letter slip")).set_value("almost")
    at.run()
    next(n for n in at.number_input if n.label.startswith("Marks for an 'almost'")).set_value(50)
    at.run()
    assert not at.error, _errors(at)
    _button(at, "Save").click()
    at.run()
    saved = packs.item(store, pack_id, at.session_state["editor_item"]).data
    assert saved["answers"] == ["Tokayev"]
    assert saved["grading"] == {"transliteration": True, "typos": "almost", "typo_credit": 0.5}
