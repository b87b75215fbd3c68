import random
from dataclasses import dataclass

from quiz_app.practice.progress import objective_mastery, topic_breakdown, topic_mastery
from quiz_app.practice.selection import QuizSettings, matching_questions, select_questions


@dataclass
class Ans:
    question_id: str
    score: float


def test_filters_and_count(pack) -> None:
    settings = QuizSettings("sample", count=2, topics=("events",), difficulties=(1, 2))
    assert {q.id for q in matching_questions(pack, settings)} == {"s-order", "s-short"}
    assert len(select_questions(pack, settings, [], random.Random(1))) == 2
    by_type = QuizSettings("sample", count=10, types=("true_false",))
    assert select_questions(pack, by_type, [], random.Random(1)) == ["s-tf"]
    by_objective = QuizSettings("sample", count=10, objectives=("obj-price",))
    assert len(select_questions(pack, by_objective, [], random.Random(1))) == 3


def test_retry_keeps_the_given_questions_in_order(pack) -> None:
    settings = QuizSettings("sample", count=10, question_ids=("s-tf", "s-multi"))
    assert select_questions(pack, settings, [], random.Random(3)) == ["s-multi", "s-tf"]


def test_weak_spots_come_first(pack) -> None:
    history = [Ans(q.id, 1.0) for q in pack.questions if q.id != "s-short"] + [Ans("s-match", 0.0)]
    settings = QuizSettings("sample", count=2, weak_spots=True)
    for seed in range(10):
        chosen = select_questions(pack, settings, history, random.Random(seed))
        assert chosen[0] == "s-match"  # wrong last time
        assert chosen[1] == "s-short"  # never seen


def test_settings_round_trip() -> None:
    settings = QuizSettings("sample", count=3, topics=("a",), difficulties=(1,), weak_spots=True)
    assert QuizSettings.from_dict(settings.to_dict()) == settings


def test_mastery_uses_recent_answers(pack) -> None:
    answers = [Ans("s-single", 0.0)] * 5 + [Ans("s-tf", 1.0)] * 5
    mastery = objective_mastery(pack, answers)
    assert mastery["obj-price"].mastered and mastery["obj-price"].attempts == 10
    assert not mastery["obj-order"].mastered and mastery["obj-order"].attempts == 0
    assert topic_mastery(pack, [Ans("s-order", 0.5), Ans("unknown", 1.0)])["events"].recent_score == 0.5
    assert topic_breakdown(pack, [Ans("s-order", 0.5), Ans("s-tf", 1.0)]) == {"events": (0.5, 1), "causes": (1.0, 1)}
