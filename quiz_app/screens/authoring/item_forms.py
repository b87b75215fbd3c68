"""The question and flashcard forms of the in-app editor, with errors next to their fields."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from quiz_app.authoring.forms import field_errors, references
from quiz_app.authoring.items import weight_text
from quiz_app.bank.itemchecks import Finding, question_findings
from quiz_app.bank.labels import LEVELS
from quiz_app.bank.models import Grading, LearningObjective, Topic
from quiz_app.ui.text import plain

Slots = dict[str, Any]


def _table(label: str, rows: list[dict[str, Any]], columns: dict[str, Any], key: str, slots: Slots,
           field: str) -> list[dict[str, Any]]:
    """A grid of rows; ``columns`` maps a column to (its column config, the value of an empty cell).

    Every cell gets a value of its column's type, never None: a checkbox cell with no value is drawn
    without its box (so it took two clicks to tick, the first one only selecting the cell) and a text
    cell with none shows "None". New rows start with the same empty values (each column's ``default``).
    """
    empty = {name: blank for name, (_, blank) in columns.items()}
    filled = [{name: _cell(row.get(name), blank) for name, blank in empty.items()} for row in rows] or [empty]
    frame = pd.DataFrame(filled, columns=list(columns))
    for name, blank in empty.items():
        frame[name] = frame[name].astype(bool if isinstance(blank, bool) else str)
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


def _cell(value: Any, blank: Any) -> Any:
    if value is None:
        return blank
    if isinstance(blank, bool):
        return bool(value)
    if isinstance(value, float):
        return weight_text(value)
    return str(value)


def _weight(text: Any) -> Any:
    """A weight cell as the model takes it: empty = no weight, "50" or "50 %" = 50.0, else the text (an error)."""
    cleaned = str(text).replace("%", "").strip()
    if not cleaned:
        return None
    try:
        return float(cleaned)
    except ValueError:
        return cleaned


def _option(row: dict[str, Any], weighted: bool) -> dict[str, Any]:
    option: dict[str, Any] = {"text": str(row["text"]), "correct": bool(row.get("correct"))}
    weight = _weight(row.get("weight", "")) if weighted else None
    if weight is not None:
        option["weight"] = weight
    return option


_TYPOS = {None: "As the pack says", "accept": "Count it as right", "almost": "Almost: check the spelling",
          "reject": "Count it as wrong"}
_TRANSLITERATION = {None: "As the pack says", True: "Accept them", False: "Do not accept them"}


def _grading(initial: dict[str, Any], key: str) -> dict[str, Any]:
    """The short-answer grading options of the question (each "as the pack says" unless set here)."""
    current = dict(initial.get("grading") or {})
    with st.expander("How typed answers are compared (this question only)"):
        st.caption("Case, accents, punctuation, leading articles (the, a), hedges (about, nearly), units after a "
                   "number (people, days, years), dots in abbreviations and thousands separators never matter. "
                   "Numbers must match exactly.")
        transliteration = st.selectbox(
            "Spelling variants of Kazakh and Russian names (q/k, zh/j, y/i, kh/h, double letters, -ov/-ow)",
            list(_TRANSLITERATION), index=list(_TRANSLITERATION).index(current.get("transliteration")),
            format_func=_TRANSLITERATION.__getitem__, key=f"{key}:transliteration")
        typos = st.selectbox("A one-letter slip in a word of 6 letters or more", list(_TYPOS),
                             index=list(_TYPOS).index(current.get("typos")), format_func=_TYPOS.__getitem__,
                             key=f"{key}:typos")
        credit = None
        if typos in (None, "almost"):
            percent = st.number_input("Marks for an 'almost' (percent; empty: as the pack says)", 0, 100,
                                      None if current.get("typo_credit") is None else
                                      round(100 * float(current["typo_credit"])), key=f"{key}:typo-credit")
            credit = None if percent is None else percent / 100
    grading = {"transliteration": transliteration, "typos": typos, "typo_credit": credit}
    return {name: value for name, value in grading.items() if value is not None}


def _type_fields(kind: str, initial: dict[str, Any], key: str, slots: Slots) -> dict[str, Any]:
    if kind in ("single_choice", "multiple_select"):
        weighted = kind == "multiple_select"
        columns = {"text": (st.column_config.TextColumn("Option", max_chars=200, default=""), ""),
                   "correct": (st.column_config.CheckboxColumn("Correct", default=False, width="small"), False)}
        label = "One option per row; tick the correct one."
        if weighted:
            columns["weight"] = (st.column_config.TextColumn(
                "Weight %", default="", max_chars=12, width="small",
                help="Optional, as in Moodle: the percent of the marks an option gives. The correct options' "
                     "weights add up to 100; a wrong option's is 0 or negative (such as -50)."), "")
            label = ("One option per row; tick the correct ones. Weights are optional (as in Moodle); without "
                     "them each correct option earns an equal share and each wrong one takes a share away.")
        options = _table(label, initial.get("options", []), columns, f"{key}:options", slots, "options")
        return {"options": [_option(o, weighted) for o in options]}
    if kind == "true_false":
        answer = st.radio("The statement is", [True, False], index=0 if initial.get("answer", True) else 1,
                          format_func=lambda v: "True" if v else "False", horizontal=True, key=f"{key}:answer")
        slots["answer"] = st.empty()
        return {"answer": answer}
    if kind == "ordering":
        items = _table("Items in the CORRECT order, first at the top (students see them shuffled).",
                       [{"item": i} for i in initial.get("items", [])],
                       {"item": (st.column_config.TextColumn("Item", max_chars=200, default=""), "")},
                       f"{key}:items", slots, "items")
        return {"items": [str(i["item"]) for i in items]}
    if kind == "matching":
        pairs = _table("Each row is a pair that belongs together.", initial.get("pairs", []),
                       {"left": (st.column_config.TextColumn("Left", max_chars=200, default=""), ""),
                        "right": (st.column_config.TextColumn("Right", max_chars=200, default=""), "")},
                       f"{key}:pairs", slots, "pairs")
        return {"pairs": [{"left": str(p["left"]), "right": str(p["right"])} for p in pairs]}
    answers = st.text_area("Accepted answers, one per line (case, accents and punctuation are ignored)",
                           "\n".join(initial.get("answers", [])), key=f"{key}:answers")
    slots["answers"] = st.empty()
    fields: dict[str, Any] = {"answers": [line.strip() for line in answers.splitlines() if line.strip()]}
    grading = _grading(initial, key)
    slots["grading"] = st.empty()
    if grading:
        fields["grading"] = grading
    return fields


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


def check(kind: str, data: dict[str, Any], slots: Slots, topics: set[str], objectives: set[str],
          grading: Grading | None = None, key: str = "") -> Any:
    """Validate the draft; show each message in its field's slot. The validated model, or None.

    A valid question also gets the item-writing warnings (:mod:`quiz_app.bank.itemchecks`), each in
    its field's slot with a box for the reason to keep the item as it is: a reason silences the
    warning (``silence:`` in the pack's YAML), which ``data`` then carries.
    """
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
    if errors:
        return None
    if kind == "question" and model is not None:
        model = _warnings(model, data, slots, key)
    return model


def _warnings(model: Any, data: dict[str, Any], slots: Slots, key: str) -> Any:
    findings = question_findings(model)
    silence = dict(data.get("silence") or {})
    by_field: dict[str, list[Finding]] = {}
    for finding in findings:
        by_field.setdefault(str(finding.loc[0]), []).append(finding)
    for field, found in by_field.items():
        target = slots.get(field)
        with target.container() if target is not None else st.container():
            for finding in found:
                st.warning(plain(finding.message), icon="💡")
                reason = st.text_input("Keep it as it is, because… (a reason silences this warning)",
                                       silence.get(finding.check, ""), max_chars=300,
                                       key=f"{key}:silence:{finding.check}")
                if reason.strip():
                    silence[finding.check] = reason.strip()
                else:
                    silence.pop(finding.check, None)
    if silence == dict(data.get("silence") or {}):
        return model
    if silence:
        data["silence"] = silence
    else:
        data.pop("silence", None)
    return field_errors("question", data)[0]
