"""My link: a display name and the personal resume link that restores progress on any device."""

from __future__ import annotations

import streamlit as st

from quiz_app.names import NameError_
from quiz_app.store import learners
from quiz_app.ui import score
from quiz_app.ui.learner import current_learner, remember, resume_link
from quiz_app.ui.resources import get_store


def main() -> None:
    score.sidebar()
    st.title("Come back later")
    st.write("No password needed: pick a name, then keep your personal link. Opening it on another day or "
             "device brings back your progress and flashcards.")
    learner = current_learner()
    with st.form("display-name"):
        typed = st.text_input("Display name", value=(learner.display_name if learner else "") or "", max_chars=24)
        saved = st.form_submit_button("Save and show my link", type="primary")
    if saved:
        learner = learner or current_learner(create=True)
        assert learner is not None
        try:
            learner = learners.set_display_name(get_store(), learner.id, typed)
        except NameError_ as error:
            st.error(str(error))
        else:
            remember(learner)
            st.success("Saved.")
    if learner is not None:
        st.subheader("Your personal link")
        st.code(resume_link(learner.token), language=None)
        st.caption("Anyone with this link can see and continue your progress: keep it to yourself.")


main()
