"""Question editor (teachers): browse, add, edit, duplicate, delete, history and restore; import and
export. Built-in packs are read-only here; "Copy to my packs" makes an editable copy in the database."""

from __future__ import annotations

from typing import Any

import streamlit as st
import yaml

from quiz_app.authoring.items import make_id
from quiz_app.bank.bank import Pack
from quiz_app.bank.labels import LEVELS, TYPE_NAMES
from quiz_app.bank.models import QUESTION_TYPES, PackMeta
from quiz_app.bank.text import normalise
from quiz_app.practice.shuffle import display_order
from quiz_app.screens.authoring.image_field import image_field
from quiz_app.screens.authoring.item_forms import check, flashcard_form, question_form
from quiz_app.screens.authoring.pack_tools import copy_pack, export_buttons, import_section, new_pack_form
from quiz_app.store import authoring
from quiz_app.store import media as store_media
from quiz_app.store.authoring import META_ID, Conflict, ItemRecord
from quiz_app.store.teachers import TeacherInfo
from quiz_app.ui import keys
from quiz_app.ui.media import question_images, show_file
from quiz_app.ui.resources import get_bank, get_store, refresh_now, teacher_pack_problems
from quiz_app.ui.teacher_auth import require_teacher
from quiz_app.ui.text import plain
from quiz_app.ui.widgets import answer_input

NEW = ""


def _matches(data: dict[str, Any], search: str, topic: str | None, kind: str | None, objective: str | None,
             level: int | None) -> bool:
    text = " ".join(str(data.get(k, "")) for k in ("id", "prompt", "front", "back", "explanation"))
    return ((not search or normalise(search) in normalise(text))
            and (topic is None or data.get("topic") == topic)
            and (kind is None or data.get("type", "flashcard") == kind)
            and (objective is None or objective in data.get("objectives", []))
            and (level is None or data.get("difficulty") == level))


def _filters(meta: PackMeta) -> tuple[str, str | None, str | None, str | None, int | None]:
    search = st.text_input("Search", key="editor-search", placeholder="words in the question, answer or id")
    cols = st.columns(4)
    topic = cols[0].selectbox("Topic", [None, *[t.id for t in meta.topics]], key="editor-topic",
                              format_func=lambda t: "All topics" if t is None else t)
    kind = cols[1].selectbox("Type", [None, *QUESTION_TYPES, "flashcard"], key="editor-type",
                             format_func=lambda t: "All types" if t is None else TYPE_NAMES.get(t, "Flashcard"))
    objective = cols[2].selectbox("Objective", [None, *[o.id for o in meta.objectives]], key="editor-objective",
                                  format_func=lambda o: "All objectives" if o is None else o)
    level = cols[3].selectbox("Difficulty", [None, 1, 2, 3], key="editor-level",
                              format_func=lambda v: "All levels" if v is None else LEVELS[v])
    return search, topic, kind, objective, level


def _picture(pack_id: str, ref: Any) -> None:
    file = store_media.get(get_store(), pack_id, ref.src) if ref is not None else None
    if file is not None:
        show_file(file, ref)


def _preview(model: Any, pack: Pack | None = None, pack_id: str = "") -> None:
    with st.expander("Preview: what a student sees"):
        if model is None:
            st.caption("Fix the problems above to see the preview.")
            return
        if hasattr(model, "front"):
            st.header(plain(model.front), anchor=False)
            _picture(pack_id, model.front_image)
            st.divider()
            st.markdown(plain(model.back))
            _picture(pack_id, model.back_image)
            return
        st.header(plain(model.prompt), anchor=False)
        order = display_order(model, "preview")
        if pack is not None:
            question_images(pack, model, order)
        else:
            _picture(pack_id, model.image)
        answer_input(model, order, f"preview:{model.id}", disabled=True)
        st.caption("After answering, the student sees:")
        st.markdown(plain(model.explanation))


def _history(pack_id: str, record: ItemRecord, base: int, teacher: TeacherInfo) -> None:
    with st.expander("History"):
        for version in authoring.history(get_store(), pack_id, record.item_id):
            changed = ", ".join(version.changed) or "no change"
            st.markdown(plain(f"Revision {version.revision} · {version.teacher_name} · "
                              f"{version.at:%d %b %Y %H:%M} UTC · {changed}"))
            left, right = st.columns([1, 4])
            if left.toggle("View", key=f"view:{record.item_id}:{version.revision}"):
                right.code(yaml.safe_dump(version.data, sort_keys=False, allow_unicode=True) if version.data
                           else "(deleted)", language=None, wrap_lines=True)
            if version.revision != record.revision and right.button(
                    f"Restore revision {version.revision}", key=f"restore:{record.item_id}:{version.revision}"):
                try:
                    saved = authoring.restore(get_store(), pack_id, record.item_id, version.revision, base, teacher)
                except Conflict as error:
                    st.error(plain(str(error)))
                    return
                _opened(saved)
                st.rerun()


def _base_revision(record: ItemRecord) -> int:
    """The revision the teacher started editing from; kept while they edit, so that a save by
    someone else in between is reported as a conflict instead of replacing the form silently."""
    base = st.session_state.get(keys.EDITOR_BASE)
    if not base or base[0] != f"{record.pack_id}/{record.item_id}":
        base = (f"{record.pack_id}/{record.item_id}", record.revision)
        st.session_state[keys.EDITOR_BASE] = base
    return int(base[1])


def _opened(saved: ItemRecord) -> None:
    st.session_state[keys.EDITOR_ITEM] = saved.item_id
    st.session_state[keys.EDITOR_BASE] = (f"{saved.pack_id}/{saved.item_id}", saved.revision)


def _save(pack_id: str, kind: str, data: dict[str, Any], base: int | None, teacher: TeacherInfo) -> None:
    try:
        saved = authoring.save(get_store(), pack_id, data["id"], kind, data, base, teacher)
    except Conflict as error:
        st.error(plain(str(error)))
        if base is not None and st.button("Discard my edits and load the latest version", key="reload-latest"):
            st.session_state.pop(keys.EDITOR_BASE, None)
            st.rerun()
        return
    _opened(saved)
    st.toast(f"Saved revision {saved.revision}.")
    st.rerun()


def _edit(pack_id: str, meta: PackMeta, record: ItemRecord | None, kind: str, qtype: str, used: set[str],
          teacher: TeacherInfo) -> None:
    initial = dict(record.data or {}) if record else {}
    base = _base_revision(record) if record else None
    key = f"edit:{pack_id}:{record.item_id if record else 'new'}:{base if record else qtype}"
    if kind == "question":
        data, slots = question_form(initial, initial.get("type", qtype), meta.topics, meta.objectives, key,
                                    record is None)
    else:
        data, slots = flashcard_form(initial, meta.topics, meta.objectives, key, record is None)
    if record is None and not data["id"]:
        data["id"] = make_id(pack_id[:20], data.get("prompt") or data.get("front") or "item", set(used))
    if not data["tags"]:
        del data["tags"]
    fields = [("image", "Picture under the question")] if kind == "question" else [
        ("front_image", "Picture on the front"), ("back_image", "Picture on the back")]
    for field, label in fields:
        ref = image_field(pack_id, field, label, initial.get(field), key, teacher, slots)
        if ref is None:
            data.pop(field, None)
        else:
            data[field] = ref
    model = check(kind, data, slots, {t.id for t in meta.topics}, {o.id for o in meta.objectives})
    valid = model is not None
    _preview(model, pack_id=pack_id)
    cols = st.columns(3)
    if cols[0].button("Save", type="primary", key=f"{key}:save", disabled=not valid):
        _save(pack_id, kind, data, base, teacher)
    if record is not None:
        if cols[1].button("Duplicate", key=f"{key}:dup", disabled=not valid):
            copy = {**data, "id": make_id(pack_id[:20], data.get("prompt") or data.get("front") or "copy", set(used))}
            _save(pack_id, kind, copy, None, teacher)
        if cols[2].button("Delete", key=f"{key}:delete"):
            try:
                authoring.save(get_store(), pack_id, record.item_id, kind, None, base, teacher)
            except Conflict as error:
                st.error(plain(str(error)))
                return
            st.session_state[keys.EDITOR_ITEM] = NEW
            st.rerun()
        _history(pack_id, record, base or record.revision, teacher)


def _items_view(pack_id: str, meta: PackMeta, records: list[ItemRecord], teacher: TeacherInfo) -> None:
    content = [r for r in records if r.kind != "meta"]
    search, topic, kind, objective, level = _filters(meta)
    shown = [r for r in content if r.data and _matches(r.data, search, topic, kind, objective, level)]
    st.caption(f"{len(shown)} of {len(content)} items")
    options = [NEW, *[r.item_id for r in shown]]
    labels = {r.item_id: f"{TYPE_NAMES.get(r.data.get('type', ''), 'Flashcard')} · "
              f"{(r.data.get('prompt') or r.data.get('front') or '')[:90]}" for r in shown if r.data}
    current = st.session_state.get(keys.EDITOR_ITEM, NEW)
    chosen = st.selectbox("Item", options, index=options.index(current) if current in options else 0,
                          format_func=lambda i: "➕ New question or card" if i == NEW else labels[i])
    st.session_state[keys.EDITOR_ITEM] = chosen
    used = {r.item_id for r in records}
    record = next((r for r in content if r.item_id == chosen), None)
    if record is None:
        new_kind = st.radio("New", ["question", "flashcard"], horizontal=True, key="editor-new-kind",
                            format_func=str.capitalize)
        qtype = st.selectbox("Question type", QUESTION_TYPES, format_func=TYPE_NAMES.__getitem__,
                             key="editor-new-type") if new_kind == "question" else ""
        _edit(pack_id, meta, None, new_kind, qtype, used, teacher)
    else:
        _edit(pack_id, meta, record, record.kind, str(record.data.get("type", "")), used, teacher)


def _meta_view(pack_id: str, record: ItemRecord, teacher: TeacherInfo) -> None:
    st.caption("pack.yaml: title, sources, topics and learning objectives (YAML).")
    text = st.text_area("pack.yaml", yaml.safe_dump(record.data, sort_keys=False, allow_unicode=True), height=400,
                        key=f"meta:{pack_id}:{record.revision}")
    try:
        data = yaml.safe_load(text)
        PackMeta.model_validate(data)
    except Exception as error:  # any YAML or validation problem is shown, never raised
        st.error(plain(str(error)[:2000]))
        return
    if data.get("id") != pack_id:
        st.error(f"The id must stay '{pack_id}'.")
        return
    if st.button("Save pack details", type="primary", key="meta-save"):
        try:
            authoring.save(get_store(), pack_id, META_ID, "meta", data, record.revision, teacher)
        except Conflict as error:
            st.error(plain(str(error)))
            return
        st.rerun()


def _teacher_pack(pack_id: str, bank_pack: Pack | None, teacher: TeacherInfo) -> None:
    records = authoring.items(get_store(), pack_id)
    meta_record = next((r for r in records if r.kind == "meta"), None)
    if meta_record is None or meta_record.data is None:
        st.error("This pack has no pack.yaml.")
        return
    meta = PackMeta.model_validate(meta_record.data)
    problems = teacher_pack_problems().get(pack_id)
    if problems:
        with st.expander(f"Students cannot see this pack until {len(problems.problems)} problems are fixed",
                         expanded=True):
            for problem in problems.problems[:100]:
                st.text(f"{problem.location}: {problem.message}" if problem.location else problem.message)
    else:
        st.success("This pack is valid: students can use it.")
    view = st.radio("Show", ["Questions and cards", "Pack details", "Import", "Export"], horizontal=True,
                    key="editor-view")
    if view == "Questions and cards":
        _items_view(pack_id, meta, records, teacher)
    elif view == "Pack details":
        _meta_view(pack_id, meta_record, teacher)
    elif view == "Import":
        import_section(pack_id, meta_record.data, {r.item_id for r in records}, teacher)
    elif bank_pack is not None:
        export_buttons(bank_pack)
    else:
        st.info("Fix the pack's problems to export it.")


def _builtin_pack(pack: Pack, teacher: TeacherInfo, taken: set[str]) -> None:
    st.info("Built-in packs come from question_bank/ and are changed through Git. Copy this pack to edit it.")
    copy_pack(pack, teacher, taken)
    export_buttons(pack)
    search = st.text_input("Search", key="builtin-search")
    shown = [q for q in pack.questions if not search or normalise(search) in normalise(q.prompt + q.explanation)]
    st.caption(f"{len(shown)} of {len(pack.questions)} questions")
    for question in shown[:200]:
        with st.expander(plain(f"{TYPE_NAMES[question.type]} · {question.prompt[:100]}")):
            question_images(pack, question, list(range(len(getattr(question, "options", ())))))
            st.code(yaml.safe_dump(question.model_dump(mode="json", exclude_defaults=True), sort_keys=False,
                                   allow_unicode=True), language=None, wrap_lines=True)


def main() -> None:
    teacher = require_teacher()  # on every run, before anything else is drawn
    st.title("Question editor", anchor=False)
    refresh_now()  # the editor always shows the latest saves (other pages may lag a second)
    bank = get_bank()
    mine = authoring.pack_ids(get_store())
    builtin = [p for p in bank.packs if p not in mine]
    options = [*mine, *builtin, NEW]
    current = st.session_state.get(keys.EDITOR_PACK, options[0])
    titles = {p: bank.packs[p].meta.title for p in bank.packs}
    chosen = st.selectbox("Pack", options, index=options.index(current) if current in options else 0,
                          format_func=lambda p: "➕ New pack" if p == NEW else
                          f"{titles.get(p, p)}{' (built-in, read-only)' if p in builtin else ''}")
    if chosen != st.session_state.get(keys.EDITOR_PACK):
        st.session_state[keys.EDITOR_ITEM] = NEW
    st.session_state[keys.EDITOR_PACK] = chosen
    if chosen == NEW:
        new_pack_form(teacher)
    elif chosen in mine:
        _teacher_pack(chosen, bank.packs.get(chosen), teacher)
    else:
        _builtin_pack(bank.packs[chosen], teacher, set(bank.packs) | set(mine))


main()
