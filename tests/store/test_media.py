"""Teacher media in the database (SQLite and PostgreSQL): stored once, read back by name and by hash."""

from __future__ import annotations

import io

from PIL import Image

from quiz_app.bank.media import reencode
from quiz_app.bank.teacher_packs import TeacherPackSource, load_teacher_pack, raw_image_paths
from quiz_app.store import authoring, teachers
from quiz_app.store import media as store_media
from tests.support.sample import PACK_META, QUESTIONS


def _png(colour: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), colour).save(buffer, "PNG")
    return buffer.getvalue()


def test_media_are_stored_once_and_found_by_name_and_hash(store) -> None:
    teacher = teachers.add(store, "Ms Media", "a long enough password")
    authoring.create_pack(store, "mine", {**PACK_META, "id": "mine"}, teacher)
    file = reencode(_png("red"), "red.png")
    store_media.add(store, "mine", file, teacher)
    store_media.add(store, "mine", file, teacher)  # the same name again: nothing changes
    assert store_media.get(store, "mine", file.name) == file
    assert store_media.files(store, "mine", [file.name, "media/other.png"]) == {file.name: file.data}
    assert store_media.by_sha256(store, file.sha256).data == file.data
    assert store_media.by_sha256(store, "0" * 64) is None
    assert store_media.files(store, "nope", [file.name]) == {}


def test_a_teacher_pack_with_its_media_validates_without_svg(store) -> None:
    file = reencode(_png("blue"), "blue.png")
    question = {**QUESTIONS[0], "id": "t-q", "image": {"src": file.name, "alt": "Blue", "own": True}}
    refs = raw_image_paths([question])
    assert refs == {file.name}
    source = TeacherPackSource("mine", {**PACK_META, "id": "mine", "objectives": PACK_META["objectives"][:1]},
                               [question], [], {file.name: file.data})
    pack = load_teacher_pack(source)
    assert pack.image(pack.questions[0].image).sha256 == file.sha256
