import datetime as dt

from quiz_app.practice.cards import due_cards, schedule, study_cards


def test_study_cards_from_flashcards_and_questions(pack) -> None:
    assert [c.key for c in study_cards(pack)] == ["card:s-card-1", "card:s-card-2"]
    with_questions = study_cards(pack, include_questions=True)
    assert len(with_questions) == 2 + len(pack.questions)
    assert "Liquefied petroleum gas" in next(c for c in with_questions if c.key == "question:s-single").back


def test_grades_move_the_due_date_by_rating() -> None:
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    dues = {rating: schedule(None, rating, now)[1] for rating in ("Again", "Hard", "Good", "Easy")}
    assert now < dues["Again"] <= dues["Hard"] <= dues["Good"] < dues["Easy"]
    state, due = schedule(None, "Easy", now)
    later_state, later_due = schedule(state, "Good", due)
    assert later_due - due > due - now  # intervals grow after a successful review
    assert later_state["stability"] > state["stability"]


def test_due_queue_and_new_card_limit(pack) -> None:
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    cards = study_cards(pack, include_questions=True)
    due = due_cards(cards, {"card:s-card-2": now - dt.timedelta(hours=1), "card:s-card-1": now + dt.timedelta(days=1)},
                    now, new_limit=3, new_seen_today=1)
    assert [c.key for c in due.review] == ["card:s-card-2"]
    assert len(due.new) == 2 and all(c.key.startswith("question:") for c in due.new)
    assert due_cards(cards, {}, now, new_limit=3, new_seen_today=5).new == []
