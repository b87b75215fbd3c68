"""The app's pages, in the order of the navigation menu."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from quiz_app.ui import keys

PAGES = Path(__file__).resolve().parent.parent / "screens"
STUDY = "Study"


def pages() -> dict[str, list[st.Page]]:
    """Sections of the menu; each page is a file in ``quiz_app/screens/<audience>/``.

    Built once per browser session: making a page resolves and stats its file, a measurable share
    of a click when done on every run. (Not shared between sessions: ``st.navigation`` marks the
    page it returns as runnable, and two sessions running at once would race on that mark.)
    The folder is not called ``pages/``: Streamlit would also list such a folder on its own.
    """
    built = st.session_state.get(keys.PAGES)
    if built is None:
        built = st.session_state[keys.PAGES] = _build()
    return built


def _build() -> dict[str, list[st.Page]]:
    return {
        STUDY: [
            st.Page(PAGES / "study" / "quiz.py", title="Quiz", icon="📝", default=True),
            st.Page(PAGES / "study" / "guide.py", title="Study guide", icon="📖", url_path="guide"),
            st.Page(PAGES / "study" / "flashcards.py", title="Flashcards", icon="🗂️"),
            st.Page(PAGES / "study" / "progress.py", title="Progress", icon="📈"),
            st.Page(PAGES / "study" / "account.py", title="My link", icon="🔗"),
        ],
        "Class": [
            st.Page(PAGES / "classroom" / "join.py", title="Join a class quiz", icon="🎓", url_path="classroom"),
            st.Page(PAGES / "classroom" / "teacher.py", title="Teacher", icon="🧑‍🏫", url_path="teacher"),
            st.Page(PAGES / "classroom" / "present.py", title="Present", icon="📽️", url_path="present"),
            st.Page(PAGES / "authoring" / "editor.py", title="Question editor", icon="✏️", url_path="editor"),
        ],
    }


def is_study(page: st.Page) -> bool:
    """Whether ``page`` is a self-study page (one that shows the learner's personal link)."""
    return any(page.url_path == p.url_path for p in pages()[STUDY])
