"""The editor's pictures through AppTest: attach (re-encoded, stored), hostile uploads refused with a message,
alt text required next to the field, replace and remove as new revisions, restore brings the old picture back."""

from __future__ import annotations

import io

from PIL import Image

from quiz_app.store import authoring as packs
from quiz_app.store import media as store_media
from tests.screens.driver import login


def _jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (43.0, 15.0, 0.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), "purple").save(buffer, "JPEG", exif=exif, comment=b"where I live")
    return buffer.getvalue()


def _open_first_question(at, store):
    at.button(key="copy:sample").click()
    at.run()
    pack_id = at.session_state["editor_pack"]
    item = next(i for i in packs.items(store, pack_id) if i.kind == "question")
    at.session_state["editor_item"] = item.item_id
    at.run()
    return pack_id, item


def _uploader(at):
    return next(u for u in at.get("file_uploader") if "picture" in u.label)


def _errors(at) -> list[str]:
    return [e.value.replace("\\", "") for e in at.error]  # messages are shown as escaped Markdown


def _save(at) -> None:
    next(b for b in at.button if b.label == "Save").click()
    at.run()


def test_attach_replace_remove_and_restore_a_picture(make_app, teacher, store) -> None:
    at = make_app("screens/authoring/editor.py")
    login(at)
    pack_id, item = _open_first_question(at, store)
    _uploader(at).set_value(("holiday photo.jpg", _jpeg_with_gps(), "image/jpeg"))
    at.run()
    assert any("'alt' is required" in e for e in _errors(at)), _errors(at)  # under the picture
    assert not any(b.label == "Save" and not b.disabled for b in at.button)
    alt = next(t for t in at.text_area if t.label.startswith("Alt text"))
    alt.input("A purple rectangle")
    next(c for c in at.checkbox if c.label.startswith("We made this picture")).check()
    at.run()
    assert not at.error, _errors(at)
    assert [img.alt for e in at.get("image") for img in e.proto.imgs][:1] == ["A purple rectangle"]
    _save(at)
    saved = packs.item(store, pack_id, item.item_id)
    ref = saved.data["image"]
    assert ref["src"].startswith("media/holiday-photo-") and ref["src"].endswith(".jpg") and ref["own"]
    stored = store_media.get(store, pack_id, ref["src"])
    assert stored is not None and b"where I live" not in stored.data and b"Exif" not in stored.data
    # replace: a PNG; a hostile file first, which changes nothing
    _uploader(at).set_value(("evil.png", b"PK\x03\x04" + b"\x00" * 64, "image/png"))
    at.run()
    assert any("cannot be used" in e and "ZIP archive" in e for e in _errors(at)), _errors(at)
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), "teal").save(buffer, "PNG")
    _uploader(at).set_value(("map.png", buffer.getvalue(), "image/png"))
    at.run()
    _save(at)
    replaced = packs.item(store, pack_id, item.item_id)
    assert replaced.data["image"]["src"].endswith(".png") and replaced.data["image"]["alt"] == "A purple rectangle"
    # students see the picture in the teacher's pack
    student = make_app()
    assert "Sample pack (copy)" in student.selectbox[0].options
    # remove, then restore the first picture from the history
    next(b for b in at.button if b.label == "Remove the picture").click()
    at.run()
    _save(at)
    assert "image" not in packs.item(store, pack_id, item.item_id).data
    next(b for b in at.button if b.label == f"Restore revision {saved.revision}").click()
    at.run()
    assert packs.item(store, pack_id, item.item_id).data["image"]["src"] == ref["src"]


def test_an_svg_upload_is_refused(make_app, teacher, store) -> None:
    at = make_app("screens/authoring/editor.py")
    login(at)
    pack_id, item = _open_first_question(at, store)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="5" height="5"><script>alert(1)</script></svg>'
    _uploader(at).set_value(("drawing.png", svg, "image/png"))
    at.run()
    assert any("SVG images cannot be uploaded" in e for e in _errors(at)), _errors(at)
    assert "image" not in packs.item(store, pack_id, item.item_id).data
