"""My link: a display name and the personal link that restores progress on any device."""

from __future__ import annotations

import json

import streamlit as st

from quiz_app.names import NameError_
from quiz_app.store import learners
from quiz_app.ui import keys
from quiz_app.ui.images import qr_png
from quiz_app.ui.learner import adopt, current_learner, forget, resume_link
from quiz_app.ui.resources import get_store

# A real button (not hover-only like st.code's), for touch screens too: the Clipboard API where the
# page is served over https or localhost, else selecting the text and the older copy command.
_COPY = """
<div style="display:flex;flex-wrap:wrap;gap:.5rem;align-items:center">
  <button type="button" id="copy-link" style="font:inherit;padding:.45rem 1rem;border-radius:.5rem;
    border:1px solid #8a8d96;background:#fff;color:#111318;cursor:pointer;min-height:2.75rem">
    📋 Copy my link</button>
  <span id="copy-status" role="status" aria-live="polite"></span>
</div>
<script>
(() => {
  const link = %s;
  const button = document.getElementById("copy-link"), status = document.getElementById("copy-status");
  const done = (ok) => { status.textContent = ok ? "Copied." : "Could not copy: select the link above instead."; };
  const fallback = () => {
    const area = document.createElement("textarea");
    area.value = link; area.setAttribute("readonly", ""); area.style.position = "fixed"; area.style.opacity = "0";
    document.body.appendChild(area); area.select();
    let ok = false; try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    area.remove(); done(ok);
  };
  button.addEventListener("click", () => {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(link).then(() => done(true), fallback);
    } else { fallback(); }
  });
})();
</script>
"""


def _name_form() -> None:
    learner = current_learner()
    with st.form("display-name"):
        typed = st.text_input("Display name", value=(learner.display_name if learner else "") or "", max_chars=24,
                              help="Shown only to you, here and in your progress.")
        saved = st.form_submit_button("Save my name" if learner else "Save and make my link", type="primary")
    if not saved:
        return
    learner = learner or current_learner(create=True)
    assert learner is not None
    try:
        learner = learners.set_display_name(get_store(), learner.id, typed)
    except NameError_ as error:
        st.error(str(error))
        return
    adopt(learner)
    st.success("Saved.")


def _link(token: str) -> None:
    link = resume_link(token)
    st.header("Your personal link", anchor=False)
    st.write("Keep it somewhere safe (a bookmark, a note, a message to yourself). Opening it on another day or "
             "device brings back your quizzes, flashcards and progress.")
    st.code(link, language=None, wrap_lines=True)
    st.html(_COPY % json.dumps(link).replace("<", "\\u003c"), unsafe_allow_javascript=True)
    st.image(qr_png(link, box_size=6), width=220, alt="QR code of your personal link",
             caption="Scan with a phone to continue there.")
    st.caption("Anyone with this link can see and continue your progress: keep it to yourself. The address bar "
               "of every study page shows the same link.")


def main() -> None:
    st.title("My link", anchor=False)
    st.write("No password needed: pick a name if you like, then keep your personal link.")
    _name_form()
    learner = current_learner()
    if learner is None:
        st.info("You have no personal link yet: it is made when you save a name, answer a question or review a "
                "flashcard.")
        return
    _link(learner.token)
    st.header("On a shared computer", anchor=False)
    st.write("When you are done, make this browser forget you. Your progress stays safe behind your link.")
    if st.button("Forget me on this browser", key="forget-me"):
        forget()
        st.session_state.pop(keys.BAD_LINK, None)
        st.rerun()


main()
