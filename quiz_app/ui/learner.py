"""Who is studying: one learner per student, whichever page, menu entry, link, tab or reload.

The learner is found, in this order, from the personal link in the address (``?learner=``), from
this browser session (the menu drops the address's query), or from what this browser remembers
(a new tab). The token is written back to the address on every study page, so the address bar is
always the personal link, and to the browser's memory. A link that is not valid is said so; an
unnamed learner this browser studied with before a link was opened is offered to be merged into it.
"""

from __future__ import annotations

import streamlit as st

from quiz_app.store import learners
from quiz_app.store.learners import LearnerInfo
from quiz_app.ui import browser, keys
from quiz_app.ui.clients import base_url
from quiz_app.ui.resources import get_store
from quiz_app.ui.text import plain


def current_learner(create: bool = False) -> LearnerInfo | None:
    """The learner of this browser session; with ``create``, a new anonymous one if none yet."""
    token = st.query_params.get(keys.PARAM_LEARNER)
    known = st.session_state.get(keys.LEARNER)
    if known and token == known["token"]:
        return LearnerInfo(known["id"], known["token"], known["name"])  # every click: no query
    if token:
        learner = learners.by_token(get_store(), token)
        if learner is not None:
            _offer_merge(learner)
            adopt(learner)
            return learner
        st.query_params.pop(keys.PARAM_LEARNER, None)
        st.session_state[keys.BAD_LINK] = True
    if known:  # the menu (or a link) dropped the token: put it back
        learner = LearnerInfo(known["id"], known["token"], known["name"])
        adopt(learner)
        return learner
    remembered = browser.recalled(browser.LEARNER)
    learner = learners.by_token(get_store(), remembered) if remembered else None
    if learner is None and create:
        learner = learners.create(get_store())
    if learner is not None:
        adopt(learner)
    return learner


def adopt(learner: LearnerInfo) -> None:
    """Make ``learner`` this session's learner, in the session, the address and the browser."""
    st.session_state[keys.LEARNER] = {"id": learner.id, "token": learner.token, "name": learner.display_name}
    browser.pin(keys.PARAM_LEARNER, browser.LEARNER, learner.token)


def forget() -> None:
    """This browser stops being anyone (a shared computer): nothing is deleted, the link still works."""
    st.session_state.pop(keys.LEARNER, None)
    st.session_state.pop(keys.QUIZ_ID, None)
    st.session_state.pop(keys.QUIZ_VIEW, None)
    st.session_state.pop(keys.RUN_SCORE, None)
    st.query_params.pop(keys.PARAM_QUIZ, None)
    browser.pin(keys.PARAM_LEARNER, browser.LEARNER, None)


def _offer_merge(opened: LearnerInfo) -> None:
    """If this browser studied as another, unnamed learner, offer to add that work to ``opened``."""
    remembered = browser.recalled(browser.LEARNER)
    decided: set[int] = st.session_state.get(keys.MERGE_DECIDED, set())
    if not remembered or remembered == opened.token:
        return
    other = learners.by_token(get_store(), remembered)
    if other is None or other.id == opened.id or other.display_name is not None or other.id in decided:
        return  # a named learner is someone else's progress on a shared computer: never offered
    done = learners.activity(get_store(), other.id)
    if done.empty:
        return
    st.session_state[keys.MERGE_OFFER] = {"id": other.id, "token": other.token, "answers": done.answers,
                                          "cards": done.cards, "last": done.last_active}


def _decide(merge: bool) -> None:
    offer = st.session_state.pop(keys.MERGE_OFFER, None)
    known = st.session_state.get(keys.LEARNER)
    if not offer or not known:
        return
    st.session_state.setdefault(keys.MERGE_DECIDED, set()).add(offer["id"])
    if merge:
        moved = learners.merge(get_store(), offer["id"], known["id"])
        st.session_state.pop(keys.RUN_SCORE, None)
        # a message in the page, not st.toast: axe finds Streamlit's toast has no accessible name
        st.session_state[keys.MERGE_DONE] = f"Added {_amount(moved.answers, moved.cards)} to this personal link."


def _start_fresh() -> None:
    st.session_state.pop(keys.BAD_LINK, None)
    forget()
    adopt(learners.create(get_store()))


def _amount(answers: int, cards: int) -> str:
    parts = [f"{answers} answer{'s' * (answers != 1)}" if answers else "",
             f"{cards} flashcard{'s' * (cards != 1)}" if cards else ""]
    return " and ".join(p for p in parts if p) or "nothing"


def notices() -> None:
    """What a study page says first about the learner: a link that is not valid, a merge to decide."""
    if st.session_state.get(keys.BAD_LINK):
        with st.container(border=True):
            st.warning("This personal link is not valid: it may be mistyped, cut short, or from another "
                       "server. Nothing was opened with it.", icon="⚠️")
            known = st.session_state.get(keys.LEARNER)
            left, right = st.columns(2)
            if known:
                who = f" as {plain(known['name'])}" if known["name"] else ""
                left.button(f"Continue{who} with this browser's progress", key="bad-link-continue",
                            on_click=st.session_state.pop, args=(keys.BAD_LINK, None))
            right.button("Start fresh", key="bad-link-fresh", on_click=_start_fresh,
                         type="secondary" if known else "primary")
    if done := st.session_state.pop(keys.MERGE_DONE, None):
        st.success(done, icon="✅")
    offer = st.session_state.get(keys.MERGE_OFFER)
    if offer:
        last = f", last on {offer['last'].day} {offer['last']:%b %Y}" if offer["last"] else ""
        known = st.session_state.get(keys.LEARNER) or {}
        whose = f"{plain(known['name'])}'s personal link" if known.get("name") else "this personal link"
        with st.container(border=True):
            st.info(f"This browser also holds progress that was not saved under a name: "
                    f"{_amount(offer['answers'], offer['cards'])}{last}. Add it to {whose}? "
                    "Nothing is lost either way.", icon="🔗")
            left, right = st.columns(2)
            left.button("Add it to this link", type="primary", key="merge-yes", on_click=_decide, args=(True,))
            right.button("Keep it apart", key="merge-no", on_click=_decide, args=(False,))
            st.caption("Kept apart, it stays under its own link:")
            st.code(resume_link(offer["token"]), language=None, wrap_lines=True)


def resume_link(token: str) -> str:
    """The full personal link for ``token``, built from the address the browser used."""
    return f"{base_url()}/?{keys.PARAM_LEARNER}={token}"
