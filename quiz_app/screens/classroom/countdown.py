"""A question timer that counts down in the browser, with no script and no rerun per second.

The server says how many seconds were left when it drew the page (for a student: from the moment
*their* page showed the question, ``classroom.live.personal``); CSS animates the bar and the number
from there (an animated integer custom property, counted by ``counter()``), and shows "Time is up"
at the end. The server still decides what is accepted (``store.classroom.submit``).
"""

from __future__ import annotations

import secrets

import streamlit as st

_TEMPLATE = """
<style>
@property --{id}-n {{ syntax: '<integer>'; initial-value: 0; inherits: false; }}
@keyframes {id}-count {{ from {{ --{id}-n: {left}; }} to {{ --{id}-n: 0; }} }}
@keyframes {id}-bar {{ from {{ width: {share:.2f}%; }} to {{ width: 0%; }} }}
@keyframes {id}-up {{ to {{ visibility: visible; }} }}
@keyframes {id}-gone {{ to {{ visibility: hidden; }} }}
.{id} {{ font-size: {size}; font-weight: 600; }}
.{id} .n {{ animation: {id}-count {left}s linear forwards, {id}-gone 0s linear {left}s forwards;
  counter-reset: n var(--{id}-n); }}
.{id} .n::after {{ content: counter(n) " s left"; }}
.{id} .up {{ visibility: hidden; animation: {id}-up 0s linear {left}s forwards; }}
.{id} .track {{ height: .5rem; border-radius: .25rem; background: #e6e8ee; margin-top: .25rem; }}
.{id} .bar {{ height: 100%; border-radius: .25rem; background: #ff4b4b; width: {share:.2f}%;
  animation: {id}-bar {left}s linear forwards; }}
@media (prefers-reduced-motion: reduce) {{ .{id} .bar {{ animation-timing-function: steps({steps}); }} }}
</style>
<div class="{id}" role="timer" aria-label="{label}: {left} seconds when this was shown">
  <span class="n" aria-hidden="true"></span><span class="up">Time is up</span>
  <div class="track" aria-hidden="true"><div class="bar"></div></div>
</div>
"""


def countdown(seconds_left: float, total: float, *, label: str = "Time left", size: str = "1.1rem") -> None:
    """Draw a timer at ``seconds_left`` of ``total`` seconds that runs down by itself."""
    left = max(0, round(seconds_left))
    share = 100.0 * min(1.0, max(0.0, seconds_left / total)) if total else 0.0
    element_id = f"cd{secrets.token_hex(4)}"  # a new element per draw: the animation starts from now
    st.html(_TEMPLATE.format(id=element_id, left=left, share=share, label=label, size=size, steps=max(1, left)))
