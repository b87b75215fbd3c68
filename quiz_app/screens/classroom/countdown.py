"""A question timer that counts down in the browser, with no script and no rerun per second.

The server says how many seconds were left when it drew the page (for a student: from the moment
*their* page showed the question, ``classroom.live.personal``); CSS animations run the number (one
discrete ``content`` keyframe per second), the bar, and "Time is up" at the end. The server still
decides what is accepted (``store.classroom.submit``). Two ``st.html`` calls, because Streamlit's
sanitiser drops a ``<style>`` mixed with other HTML; a style-only call is placed globally.
"""

from __future__ import annotations

import random

import streamlit as st

_STYLE = """<style>
@keyframes {id}-count {{ {frames} }}
@keyframes {id}-bar {{ from {{ width: {share:.2f}%; }} to {{ width: 0%; }} }}
@keyframes {id}-up {{ to {{ visibility: visible; }} }}
@keyframes {id}-gone {{ to {{ visibility: hidden; }} }}
.{id} {{ font-size: {size}; font-weight: 600; line-height: 1.4; }}
.{id} .n {{ animation: {id}-gone 0s linear {left}s forwards; }}
.{id} .n::after {{ content: "{left} s left"; animation: {id}-count {left}s step-end forwards; }}
.{id} .up {{ visibility: hidden; animation: {id}-up 0s linear {left}s forwards; }}
.{id} .track {{ height: .5rem; border-radius: .25rem; background: #e6e8ee; margin-top: .25rem; }}
.{id} .bar {{ height: 100%; border-radius: .25rem; background: #ff4b4b; width: {share:.2f}%;
  animation: {id}-bar {left}s linear forwards; }}
</style>"""
_BODY = """<div class="{id}" role="timer" aria-label="{label}: {left} seconds when this was shown">
<span class="n" aria-hidden="true"></span><span class="up">Time is up</span>
<div class="track" aria-hidden="true"><div class="bar"></div></div></div>"""


def _frames(left: int) -> str:
    if left <= 0:
        return "from { content: \"0 s left\"; }"
    return " ".join(f'{100 * k / left:.4f}% {{ content: "{left - k} s left"; }}' for k in range(left + 1))


def countdown(seconds_left: float, total: float, *, label: str = "Time left", size: str = "1.1rem") -> None:
    """Draw a timer at ``seconds_left`` of ``total`` seconds that runs down by itself."""
    left = max(0, round(seconds_left))
    share = 100.0 * min(1.0, max(0.0, seconds_left / total)) if total else 0.0
    # A new element per draw, so the animation starts from now. Not secret: no system call per draw.
    element_id = f"cd{random.getrandbits(32):08x}"
    values = {"id": element_id, "left": left, "share": share, "label": label, "size": size, "frames": _frames(left)}
    st.html(_STYLE.format(**values))
    st.html(_BODY.format(**values))
