"""Teacher packs validated with the same loader, isolated from the built-in bank."""

from quiz_app.bank import load_bank
from quiz_app.bank.teacher_packs import TeacherPackSource, combine
from tests.support.sample import FLASHCARDS, PACK_META, QUESTIONS, write_sample_pack


def _source(pack_id: str, suffix: str, **changes) -> TeacherPackSource:
    meta = {**PACK_META, "id": pack_id}
    questions = [{**q, "id": q["id"] + suffix} for q in QUESTIONS]
    cards = [{**c, "id": c["id"] + suffix} for c in FLASHCARDS]
    return TeacherPackSource(pack_id, changes.get("meta", meta), changes.get("questions", questions), cards)


def test_valid_teacher_pack_joins_the_bank(tmp_path) -> None:
    builtin = load_bank([write_sample_pack(tmp_path)])
    bank, invalid = combine(builtin, [_source("mine", "-t")])
    assert invalid == {} and set(bank.packs) == {"sample", "mine"}
    assert bank.pack_of("s-tf-t").id == "mine"


def test_invalid_or_clashing_teacher_packs_are_left_out_with_their_problems(tmp_path) -> None:
    builtin = load_bank([write_sample_pack(tmp_path)])
    clashing = _source("clash", "")  # reuses the built-in ids
    broken = _source("broken", "-b", questions=[{**QUESTIONS[0], "id": "s-single-b", "difficulty": 7}])
    bank, invalid = combine(builtin, [clashing, broken])
    assert set(bank.packs) == {"sample"}
    assert "already used in pack 'sample'" in str(invalid["clash"])
    messages = str(invalid["broken"])
    assert "questions[0].difficulty: must be 1, 2 or 3" in messages
    assert "teacher/broken/questions.yaml:" in messages
