"""The question and flashcard forms of the in-app editor, with errors next to their fields."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from quiz_app.authoring.forms import field_errors, references
from quiz_app.bank.labels import LEVELS
from quiz_app.bank.models import LearningObjective, Topic
from quiz_app.ui.text import plain

Slots = dict[str, Any]


def _table(label: str, rows: list[dict[str, Any]], columns: dict[str, Any], key: str, slots: Slots,
           field: str) -> list[dict[str, Any]]:
    frame = pd.DataFrame(rows or [{name: default for name, (_, default) in columns.items()}])
    config = {name: kind for name, (kind, _) in columns.items()}
    edited = st.data_editor(frame, num_rows="dynamic", key=key, column_config=config, hide_index=True,
                            width="stretch")
    slots[field] = st.empty()
    result = []
    for record in edited.to_dict("records"):
        cleaned = {k: ("" if v is None or (isinstance(v, float) and pd.isna(v)) else v) for k, v in record.items()}
        if any(str(v).strip() for k, v in cleaned.items() if not isinstance(v, bool)):
            result.append(cleaned)
    st.caption(label)
    return result


def _type_fields(kind: str, initial: dict[str, Any], key: str, slots: Slots) -> dict[str, Any]:
    if kind in ("single_choice", "multiple_select"):
        options = _table("One option per row; tick the correct one(s).", initial.get("options", []),
                         {"text": (st.column_config.TextColumn("Option", max_chars=200), ""),
                          "correct": (st.column_config.CheckboxColumn("Correct"), False)},
                         f"{key}:options", slots, "options")
        return {"options": [{"text": str(o["text"]), "correct": bool(o.get("correct"))} for o in options]}
    if kind == "true_false":
        answer = st.radio("The statement is", [True, False], index=0 if initial.get("answer", True) else 1,
                          format_func=lambda v: "True" if v else "False", horizontal=True, key=f"{key}:answer")
        slots["answer"] = st.empty()
        return {"answer": answer}
    if kind == "ordering":
        items = _table("Items in the CORRECT order, first at the top (students see them shuffled).",
                       [{"item": i} for i in initial.get("items", [])],
                       {"item": (st.column_config.TextColumn("Item", max_chars=200), "")},
                       f"{key}:items", slots, "items")
        return {"items": [str(i["item"]) for i in items]}
    if kind == "matching":
        pairs = _table("Each row is a pair that belongs together.", initial.get("pairs", []),
                       {"left": (st.column_config.TextColumn("Left", max_chars=200), ""),
                        "right": (st.column_config.TextColumn("Right", max_chars=200), "")},
                       f"{key}:pairs", slots, "pairs")
        return {"pairs": [{"left": str(p["left"]), "right": str(p["right"])} for p in pairs]}
    answers = st.text_area("Accepted answers, one per line (case, accents and punctuation are ignored)",
                           "\n".join(initial.get("answers", [])), key=f"{key}:answers")
    slots["answers"] = st.empty()
    return {"answers": [line.strip() for line in answers.splitlines() if line.strip()]}


def _common(initial: dict[str, Any], topics: list[Topic], objectives: list[LearningObjective], key: str,
            slots: Slots, new: bool) -> dict[str, Any]:
    data: dict[str, Any] = {}
    data["id"] = st.text_input("Id (leave empty to make one from the text)" if new else "Id",
                               initial.get("id", ""), disabled=not new, key=f"{key}:id", max_chars=80)
    slots["id"] = st.empty()
    left, right = st.columns(2)
    topic_ids = [t.id for t in topics]
    current = initial.get("topic")
    with left:
        data["topic"] = st.selectbox("Topic", topic_ids, index=topic_ids.index(current) if current in topic_ids else 0,
                                     format_func=lambda t: next(x.title for x in topics if x.id == t),
                                     key=f"{key}:topic")
        slots["topic"] = st.empty()
    with right:
        objective_ids = [o.id for o in objectives]
        data["objectives"] = st.multiselect(
            "Learning objectives", objective_ids, [o for o in initial.get("objectives", []) if o in objective_ids],
            format_func=lambda o: next(x.statement[:80] for x in objectives if x.id == o), key=f"{key}:objectives")
        slots["objectives"] = st.empty()
    return data


def question_form(initial: dict[str, Any], kind: str, topics: list[Topic], objectives: list[LearningObjective],
                  key: str, new: bool) -> tuple[dict[str, Any], Slots]:
    """Draw the form for a question of type ``kind``; return the draft and a slot per field."""
    slots: Slots = {}
    data = _common(initial, topics, objectives, key, slots, new)
    data["type"] = kind
    data["difficulty"] = st.radio("Difficulty", [1, 2, 3], index=int(initial.get("difficulty", 2)) - 1,
                                  format_func=LEVELS.__getitem__, horizontal=True, key=f"{key}:difficulty")
    slots["difficulty"] = st.empty()
    data["prompt"] = st.text_area("Question", initial.get("prompt", ""), max_chars=500, key=f"{key}:prompt")
    slots["prompt"] = st.empty()
    data.update(_type_fields(kind, initial, key, slots))
    data["explanation"] = st.text_area("Explanation (shown after answering: why the answer is right)",
                                       initial.get("explanation", ""), max_chars=1500, key=f"{key}:explanation")
    slots["explanation"] = st.empty()
    tags = st.text_input("Tags (comma-separated, lowercase-with-hyphens)", ", ".join(initial.get("tags", [])),
                         key=f"{key}:tags")
    data["tags"] = [t.strip() for t in tags.split(",") if t.strip()]
    slots["tags"] = st.empty()
    return data, slots


def flashcard_form(initial: dict[str, Any], topics: list[Topic], objectives: list[LearningObjective],
                   key: str, new: bool) -> tuple[dict[str, Any], Slots]:
    """Draw the flashcard form; return the draft and a slot per field."""
    slots: Slots = {}
    data = _common(initial, topics, objectives, key, slots, new)
    data["front"] = st.text_area("Front (the cue)", initial.get("front", ""), max_chars=500, key=f"{key}:front")
    slots["front"] = st.empty()
    data["back"] = st.text_area("Back (the answer)", initial.get("back", ""), max_chars=1500, key=f"{key}:back")
    slots["back"] = st.empty()
    tags = st.text_input("Tags (comma-separated)", ", ".join(initial.get("tags", [])), key=f"{key}:tags")
    data["tags"] = [t.strip() for t in tags.split(",") if t.strip()]
    slots["tags"] = st.empty()
    return data, slots


def check(kind: str, data: dict[str, Any], slots: Slots, topics: set[str], objectives: set[str]) -> Any:
    """Validate the draft; show each message in its field's slot. The validated model, or None."""
    model, errors = field_errors(kind, data)
    for field, messages in references(data, topics, objectives).items():
        errors.setdefault(field, []).extend(messages)
    for field, messages in errors.items():
        target = slots.get(field)
        text = "\n".join(f"• {m}" for m in messages)
        if target is not None:
            target.error(plain(text))
        else:
            st.error(plain(f"{field}: {text}" if field else text))
    return None if errors else model

