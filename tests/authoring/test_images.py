"""Pictures through import and export: round trips per format that can carry them (pack zip, Moodle XML,
Anki), and the notes and lists of the formats that cannot (GIFT, CSV)."""

from __future__ import annotations

import base64
import io
import json
import sqlite3
import tempfile
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from quiz_app.authoring import anki, csv_format, gift, images, moodle_xml, pack_zip
from quiz_app.bank import load_bank
from tests.authoring.helpers import DEFAULTS
from tests.support.pictures import OPTION_ALTS, PROMPT_ALT, write_pictured_pack


@pytest.fixture(scope="module")
def pack():
    with tempfile.TemporaryDirectory() as tmp:
        write_pictured_pack(Path(tmp))
        return load_bank([Path(tmp)]).packs["sample"]


def _pixels(data: bytes) -> bytes:
    return Image.open(io.BytesIO(data)).convert("RGB").tobytes()


def test_pack_zip_round_trip_keeps_every_picture(pack) -> None:
    data = pack_zip.export_pack_zip(pack)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert sorted(n for n in names if "/media/" in n) == sorted(f"sample/{name}" for name in pack.media)
    preview = pack_zip.import_pack(data)
    assert (preview.rejected, preview.unmapped, preview.notes) == ([], [], [])
    imported = {q.id: q for q in preview.questions}
    for question in pack.questions:
        got = imported[question.id]
        assert (got.image is None) == (question.image is None)
        if question.image is not None:
            assert got.image.alt == question.image.alt and got.image.credit == question.image.credit
            assert _pixels(preview.media[got.image.src].data) == _pixels(pack.media[question.image.src].data)
    single = imported["s-single"]
    assert [o.image.alt for o in single.options] == OPTION_ALTS
    card = preview.flashcards[0]
    assert card.front_image is not None and card.back_image is not None and card.back_image.own
    assert set(preview.media) == {r.src for item in (*preview.questions, *preview.flashcards)
                                  for _, r in images.item_refs(item)}


def test_pack_zip_import_refuses_a_hostile_picture_alone(pack) -> None:
    data = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(pack_zip.export_pack_zip(pack))) as source, zipfile.ZipFile(data, "w") as out:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "sample/media/prompt.png":
                body = b"PK\x03\x04" + b"\x00" * 40  # a ZIP named .png
            out.writestr(info.filename, body)
    preview = pack_zip.import_pack(data.getvalue())
    assert any("media/prompt.png" in r.item and "ZIP archive" in r.reason for r in preview.rejected)
    ids = {q.id for q in preview.questions}
    assert "s-single" not in ids and "s-tf" not in ids and "s-multi" in ids  # the items that use it are left out


def test_moodle_xml_round_trip_keeps_prompt_and_option_pictures(pack) -> None:
    exported = moodle_xml.export_moodle_xml(pack.questions, media=pack.media)
    assert "@@PLUGINFILE@@/prompt.png" in exported.text and 'encoding="base64"' in exported.text
    preview = moodle_xml.import_moodle_xml(exported.text, DEFAULTS)
    assert not preview.rejected
    by_prompt = {q.prompt: q for q in preview.questions}
    single = by_prompt["Which fuel price rose?"]
    assert single.image.alt == PROMPT_ALT and single.image.own  # Moodle has no credit field: noted
    assert _pixels(preview.media[single.image.src].data) == _pixels(pack.media["media/prompt.png"].data)
    assert [o.image.alt for o in single.options] == OPTION_ALTS
    assert any("own: true" in n.reason for n in preview.notes)
    assert by_prompt["Prices doubled."].image is not None
    assert by_prompt["Put in order."].image is None


def test_moodle_xml_notes_pictures_it_cannot_resolve() -> None:
    png = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(png, "PNG")
    embedded = base64.b64encode(png.getvalue()).decode()
    xml = f"""<quiz><question type="truefalse"><name><text>Pic</text></name>
<questiontext format="html"><text><![CDATA[<p>Is it red? <img src="https://example.org/far.png" alt="x">
<img src="@@PLUGINFILE@@/red.png" alt="A red square"></p>]]></text>
<file name="red.png" path="/" encoding="base64">{embedded}</file>
<file name="unused.png">{embedded}</file></questiontext>
<answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer></question></quiz>"""
    preview = moodle_xml.import_moodle_xml(xml, DEFAULTS)
    (question,) = preview.questions
    assert question.image.alt == "A red square"
    reasons = " | ".join(n.reason for n in preview.notes)
    assert "https://example.org/far.png" in reasons and "not embedded" in reasons and "unused.png" in reasons


def test_anki_deck_carries_the_pictures(pack, tmp_path) -> None:
    data = anki.export_apkg(pack)
    archive = zipfile.ZipFile(io.BytesIO(data))
    mapping = json.loads(archive.read("media"))
    assert sorted(mapping.values()) == sorted({f"sample-{Path(n).name}" for n in ("prompt.png", "front.png",
                                                                                 "back.png")})
    for number, name in mapping.items():
        assert _pixels(archive.read(number)) == _pixels(pack.media[f"media/{name.removeprefix('sample-')}"].data)
    (tmp_path / "c.anki2").write_bytes(archive.read("collection.anki2"))
    fields = [row[0] for row in sqlite3.connect(tmp_path / "c.anki2").execute("select flds from notes")]
    assert any(f'<img src="sample-prompt.png" alt="{PROMPT_ALT}">' in f for f in fields)


def test_gift_and_csv_say_what_they_leave_out_and_note_references(pack) -> None:
    left = images.left_out([*pack.questions, *pack.flashcards])
    assert "s-single: media/prompt.png" in left and "s-card-1: media/front.png" in left
    text = gift.export_gift(pack.questions).text
    assert "prompt.png" not in text  # GIFT holds no picture
    hand_written = '::Q::[html]<p>Which flag? <img src="flag.png" alt="a flag"></p>{=Blue ~Red}\n'
    preview = gift.import_gift(hand_written, DEFAULTS)
    assert preview.questions and "the image reference 'flag.png' cannot be resolved" in preview.notes[0].reason
    csv_text = "type,prompt,options,image\nsingle_choice,Which flag?,*Blue|Red,media/flag.png\n"
    preview = csv_format.import_csv(csv_text, DEFAULTS)
    assert preview.questions and "'media/flag.png' cannot be resolved: CSV files" in preview.notes[0].reason
    assert "prompt.png" not in csv_format.export_csv(pack.questions, pack.flashcards)
