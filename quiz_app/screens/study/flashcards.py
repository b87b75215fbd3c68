"""Flashcards: flip, grade Again/Hard/Good/Easy, scheduled by FSRS; or cram without the schedule."""

from __future__ import annotations

import datetime as dt
import random

import streamlit as st

from quiz_app.bank.bank import Pack
from quiz_app.practice.cards import RATINGS, StudyCard, due_cards, schedule, study_cards
from quiz_app.store import cards as card_store
from quiz_app.store.schema import utcnow
from quiz_app.ui import keys
from quiz_app.ui.learner import current_learner
from quiz_app.ui.media import show
from quiz_app.ui.resources import get_bank, get_store
from quiz_app.ui.text import plain

HINTS = {"Again": "forgot", "Hard": "barely", "Good": "recalled", "Easy": "instantly"}


def _start_of_day(now: dt.datetime) -> dt.datetime:
    return now.replace(hour=0, minute=0, second=0, microsecond=0)


def _show_card(pack: Pack, card: StudyCard, flip_key: str) -> bool:
    """Draw the card; return True once the back is showing."""
    with st.container(border=True):
        st.caption("Question")
        st.header(plain(card.front), anchor=False)
        show(pack, card.front_image)
        flipped = st.session_state.get(keys.CARD_FLIPPED) == flip_key
        if flipped:
            st.divider()
            st.caption("Answer")
            st.markdown(plain(card.back))
            show(pack, card.back_image)
    if not flipped and st.button("Show answer", type="primary", key=f"flip:{flip_key}"):
        st.session_state[keys.CARD_FLIPPED] = flip_key
        st.rerun()
    return flipped


def _grade_buttons(flip_key: str) -> str | None:
    columns = st.columns(len(RATINGS))
    for column, name in zip(columns, RATINGS, strict=True):
        if column.button(name, key=f"grade:{name}:{flip_key}", help=HINTS[name], width="stretch"):
            return name
    return None


def _scheduled(pack: Pack, deck: list[StudyCard], learner_id: int, new_limit: int) -> None:
    store, now = get_store(), utcnow()
    saved = card_store.states(store, learner_id, pack.id)
    seen_today = card_store.new_cards_since(store, learner_id, _start_of_day(now))
    due = due_cards(deck, {k: s.due for k, s in saved.items()}, now, new_limit, seen_today)
    st.caption(f"Due now: {len(due.review)} to review, {len(due.new)} new "
               f"(new today: {seen_today} of {new_limit}).")
    if not due.queue:
        upcoming = sorted(s.due for s in saved.values() if s.due > now)
        when = f" The next card is due {upcoming[0]:%d %b %Y, %H:%M} UTC." if upcoming else ""
        st.success("Nothing is due right now." + when)
        return
    card = due.queue[0]
    flip_key = f"{card.key}:{saved[card.key].reps if card.key in saved else 0}"
    if _show_card(pack, card, flip_key) and (rating := _grade_buttons(flip_key)):
        state = saved[card.key].fsrs if card.key in saved else None
        new_state, due_at = schedule(state, rating, now)
        card_store.save_review(store, learner_id, pack.id, card.key, new_state, due_at, RATINGS[rating].value, now)
        st.session_state.pop(keys.CARD_FLIPPED, None)
        st.session_state[keys.LAST_REVIEW] = f"Graded {rating}. Next review: {due_at:%d %b %Y, %H:%M} UTC."
        st.rerun()


def _cram(pack: Pack, deck: list[StudyCard]) -> None:
    st.caption("Cram mode: every card, in random order. Your schedule is not changed.")
    queue: list[str] = st.session_state.get(keys.CRAM_QUEUE) or []
    by_key = {c.key: c for c in deck}
    queue = [k for k in queue if k in by_key]
    if not queue:
        queue = list(by_key)
        random.shuffle(queue)
    st.session_state[keys.CRAM_QUEUE] = queue
    st.caption(f"{len(queue)} cards left in this round.")
    card = by_key[queue[0]]
    flip_key = f"cram:{card.key}:{len(queue)}"
    if _show_card(pack, card, flip_key) and st.button("Next card", type="primary", key=f"cram-next:{flip_key}"):
        st.session_state[keys.CRAM_QUEUE] = queue[1:]
        st.session_state.pop(keys.CARD_FLIPPED, None)
        st.rerun()


def main() -> None:
    bank = get_bank()
    st.title("Flashcards", anchor=False)
    packs = bank.packs
    pack = packs[st.selectbox("Question pack", list(packs), format_func=lambda p: packs[p].meta.title)]
    left, middle, right = st.columns(3)
    with_questions = left.toggle("Also questions as cards", key="cards-with-questions")
    cram = middle.toggle("Cram mode", key="cards-cram", help="Go through every card, ignoring the schedule.")
    new_limit = right.number_input("New cards per day", 0, 500, 20, step=5, key="cards-new-limit")
    if note := st.session_state.pop(keys.LAST_REVIEW, None):
        st.info(note)
    deck = study_cards(pack, include_questions=with_questions)
    if not deck:
        st.info("This pack has no cards.")
        return
    if cram:
        _cram(pack, deck)
        return
    learner = current_learner(create=True)
    assert learner is not None
    _scheduled(pack, deck, learner.id, int(new_limit))


main()
