"""A student's seat in a class quiz, kept like the learner: in the address, the session and the browser.

The menu drops ``?seat=`` from the address; the session and the browser's memory keep the seat,
so the menu, a reload or a new tab never make a student join again under a new nickname.
"""

from __future__ import annotations

import streamlit as st

from quiz_app.store import classroom as rooms
from quiz_app.store.classroom import PlayerInfo
from quiz_app.ui import browser, keys
from quiz_app.ui.resources import get_store

_SEATS: dict[str, PlayerInfo] = {}  # token -> seat, this process: a seat never changes once taken
_MAX_SEATS = 20_000


def _lookup(token: str) -> PlayerInfo | None:
    """The seat of ``token``, read once per server (every pushed rerun of a class asks again)."""
    player = _SEATS.get(token)
    if player is None:
        player = rooms.seat(get_store(), token)
        if player is not None:  # an unknown token is asked again: it may be another server's new seat
            if len(_SEATS) >= _MAX_SEATS:
                _SEATS.clear()
            _SEATS[token] = player
    return player


def current_seat() -> PlayerInfo | None:
    """The seat of this browser: from the address, else this session, else the browser's memory."""
    token = st.query_params.get(keys.PARAM_SEAT)
    for candidate in dict.fromkeys((token, st.session_state.get(keys.SEAT), browser.recalled(browser.SEAT))):
        if not candidate:
            continue
        player = _lookup(candidate)
        if player is not None:
            take(player)
            return player
        if candidate == token:
            st.query_params.pop(keys.PARAM_SEAT, None)
    return None


def take(player: PlayerInfo) -> None:
    """Make ``player`` this browser's seat (address, session and browser memory)."""
    st.session_state[keys.SEAT] = player.seat_token
    browser.pin(keys.PARAM_SEAT, browser.SEAT, player.seat_token)


def leave() -> None:
    """Forget the seat in this browser (to join another quiz); the seat itself stays in the quiz."""
    st.session_state.pop(keys.SEAT, None)
    browser.pin(keys.PARAM_SEAT, browser.SEAT, None)
