"""The editor's picture control for one image field of a question or card: attach, replace, remove.

An upload is re-encoded by :func:`quiz_app.bank.media.reencode` (metadata stripped, size checked,
SVG refused) and stored in the database at once (teacher media are content-addressed and never
change); the item only refers to it once the teacher saves, as a new revision. Problems are shown
under the control, and nothing is stored for a file that fails the checks.
"""

from __future__ import annotations

from typing import Any

import streamlit as st
from pydantic import ValidationError

from quiz_app.bank.media import MAX_UPLOAD_BYTES, UPLOAD_TYPES, MediaProblem, reencode
from quiz_app.bank.models import ImageRef
from quiz_app.store import media as store_media
from quiz_app.store.teachers import TeacherInfo
from quiz_app.ui.media import show_file
from quiz_app.ui.resources import get_store
from quiz_app.ui.text import plain

Slots = dict[str, Any]


def _remove(state_key: str) -> None:
    st.session_state[state_key] = None


def image_field(pack_id: str, field: str, label: str, initial: dict[str, Any] | None, key: str,
                teacher: TeacherInfo, slots: Slots) -> dict[str, Any] | None:
    """Draw the control; return the image reference to save under ``field`` (None: no picture)."""
    state_key = f"{key}:{field}:ref"
    if state_key not in st.session_state:
        st.session_state[state_key] = dict(initial) if initial else None
    ref: dict[str, Any] | None = st.session_state[state_key]
    with st.container(border=True):
        st.markdown(f"**{plain(label)}**")
        upload = st.file_uploader(("Replace the picture" if ref else "Attach a picture")
                                  + f" (PNG, JPEG or WebP, at most {MAX_UPLOAD_BYTES // 1_000_000} MB)",
                                  type=list(UPLOAD_TYPES), key=f"{key}:{field}:upload")
        done_key = f"{key}:{field}:done"
        if upload is not None and st.session_state.get(done_key) != upload.file_id:
            st.session_state[done_key] = upload.file_id  # re-encode once per upload, not on every rerun
            try:
                file = reencode(upload.getvalue(), upload.name)
            except MediaProblem as problem:
                st.error(plain(f"This picture cannot be used: {problem}. Nothing was changed."))
            else:
                store_media.add(get_store(), pack_id, file, teacher)
                ref = {**(ref or {}), "src": file.name}
                st.session_state[state_key] = ref
        if ref is None:
            slots[field] = st.empty()
            return None
        file = store_media.get(get_store(), pack_id, str(ref.get("src", "")))
        alt = st.text_area("Alt text: what the picture shows, for people who cannot see it (required)",
                           ref.get("alt", ""), max_chars=1000, key=f"{key}:{field}:alt", height=80)
        own = st.checkbox("We made this picture ourselves (no credit or licence needed)", bool(ref.get("own")),
                          key=f"{key}:{field}:own")
        left, right = st.columns(2)
        credit = left.text_input("Credit (who made it, where it comes from)", ref.get("credit") or "",
                                 max_chars=200, key=f"{key}:{field}:credit", disabled=own)
        license_ = right.text_input("Licence (such as CC-BY-4.0)", ref.get("license") or "", max_chars=200,
                                    key=f"{key}:{field}:license", disabled=own)
        result: dict[str, Any] = {"src": ref["src"]}
        if alt.strip():  # left out when blank, so the message says what alt text is for
            result["alt"] = alt
        if own:
            result["own"] = True
        else:
            result.update({k: v for k, v in (("credit", credit.strip()), ("license", license_.strip())) if v})
        if file is not None:
            try:
                show_file(file, ImageRef.model_validate(result), max_width=360, max_height=240)
            except ValidationError:
                show_file(file, ImageRef(src=file.name, alt=alt or "preview", own=True), max_width=360,
                          max_height=240, caption=False)
        else:
            st.warning("The picture file is missing from this pack; attach it again.")
        st.button("Remove the picture", key=f"{key}:{field}:remove", on_click=_remove, args=(state_key,))
        slots[field] = st.empty()
    return result
