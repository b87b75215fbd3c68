"""Teacher packs with revisions, conflicts and restore, on SQLite and PostgreSQL."""

import pytest

from quiz_app.store import Store, teachers
from quiz_app.store import authoring as packs

META = {"id": "my-pack", "title": "Mine"}
QUESTION = {"id": "q1", "type": "true_false", "prompt": "Is it?", "answer": True}


@pytest.fixture
def two_teachers(store: Store):
    return teachers.add(store, "Aida", "a long password"), teachers.add(store, "Bolat", "a long password")


def test_create_edit_history_and_restore(store: Store, two_teachers) -> None:
    aida, bolat = two_teachers
    packs.create_pack(store, "my-pack", META, aida, [("question", QUESTION)])
    assert packs.pack_ids(store) == ["my-pack"]
    assert [i.item_id for i in packs.items(store, "my-pack")] == ["pack.yaml", "q1"]
    edited = packs.save(store, "my-pack", "q1", "question", {**QUESTION, "prompt": "Really?"}, 1, bolat)
    assert edited.revision == 2
    history = packs.history(store, "my-pack", "q1")
    assert [(h.revision, h.teacher_name, h.changed) for h in history] == [(2, "Bolat", ["prompt"]),
                                                                         (1, "Aida", ["created"])]
    restored = packs.restore(store, "my-pack", "q1", 1, 2, aida)
    assert restored.revision == 3 and restored.data == QUESTION
    assert len(packs.history(store, "my-pack", "q1")) == 3


def test_two_teachers_saving_the_same_version_get_a_conflict(store: Store, two_teachers) -> None:
    aida, bolat = two_teachers
    packs.create_pack(store, "my-pack", META, aida, [("question", QUESTION)])
    packs.save(store, "my-pack", "q1", "question", {**QUESTION, "prompt": "Aida's"}, 1, aida)
    with pytest.raises(packs.Conflict, match="changed by Aida"):
        packs.save(store, "my-pack", "q1", "question", {**QUESTION, "prompt": "Bolat's"}, 1, bolat)
    assert packs.item(store, "my-pack", "q1").data["prompt"] == "Aida's"


def test_new_delete_and_recreate(store: Store, two_teachers) -> None:
    aida, _ = two_teachers
    packs.create_pack(store, "my-pack", META, aida)
    fingerprint = packs.fingerprint(store)
    packs.save(store, "my-pack", "q2", "question", {**QUESTION, "id": "q2"}, None, aida)
    assert packs.fingerprint(store) > fingerprint
    with pytest.raises(packs.Conflict, match="already exists"):
        packs.save(store, "my-pack", "q2", "question", {**QUESTION, "id": "q2"}, None, aida)
    deleted = packs.save(store, "my-pack", "q2", "question", None, 1, aida)
    assert deleted.data is None and [i.item_id for i in packs.items(store, "my-pack")] == ["pack.yaml"]
    assert packs.history(store, "my-pack", "q2")[0].changed == ["deleted"]
    again = packs.save(store, "my-pack", "q2", "question", {**QUESTION, "id": "q2"}, None, aida)
    assert again.revision == 3


def test_pack_ids_are_unique(store: Store, two_teachers) -> None:
    aida, _ = two_teachers
    packs.create_pack(store, "my-pack", META, aida)
    with pytest.raises(ValueError, match="already exists"):
        packs.create_pack(store, "my-pack", META, aida)


def test_add_many_is_all_or_nothing(store: Store, two_teachers) -> None:
    aida, _ = two_teachers
    packs.create_pack(store, "my-pack", META, aida, [("question", QUESTION)])
    fresh = [("question", {**QUESTION, "id": f"n{i}"}) for i in range(3)]
    with pytest.raises(packs.Conflict, match="nothing was added"):
        packs.add_many(store, "my-pack", [*fresh, ("question", QUESTION)], aida)
    assert [i.item_id for i in packs.items(store, "my-pack")] == ["pack.yaml", "q1"]
    assert packs.add_many(store, "my-pack", fresh, aida) == 3
    assert len(packs.items(store, "my-pack")) == 5
