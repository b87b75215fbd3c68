"""Who is studying: found from the resume token in the URL, or created when first needed."""

from __future__ import annotations

import streamlit as st

from quiz_app.store import learners
from quiz_app.store.learners import LearnerInfo
from quiz_app.ui import keys
from quiz_app.ui.clients import base_url
from quiz_app.ui.resources import get_store


def current_learner(create: bool = False) -> LearnerInfo | None:
    """The learner of this browser session; with ``create``, a new anonymous one if none yet.

    The token is kept in the URL (``?learner=``) so that a reload, or the link opened later on
    another device, restores the same learner.
    """
    store = get_store()
    token = st.query_params.get(keys.PARAM_LEARNER)
    known = st.session_state.get(keys.LEARNER)
    if token and known and known["token"] == token:
        return LearnerInfo(known["id"], token, known["name"])  # no database query on every click
    if token:
        learner = learners.by_token(store, token)
        if learner is not None:
            remember(learner)
            return learner
        st.query_params.pop(keys.PARAM_LEARNER, None)
        st.toast("That personal link is not valid; starting fresh.")
    if not create:
        return None
    learner = learners.create(store)
    remember(learner)
    st.query_params[keys.PARAM_LEARNER] = learner.token
    return learner


def remember(learner: LearnerInfo) -> None:
    """Keep the learner's id, token and name in the session (small, and saves a query per click)."""
    st.session_state[keys.LEARNER] = {"id": learner.id, "token": learner.token, "name": learner.display_name}


def resume_link(token: str) -> str:
    """The full personal link for ``token``, built from the address the browser used."""
    return f"{base_url()}/?{keys.PARAM_LEARNER}={token}"
