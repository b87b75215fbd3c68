"""Anki export: a valid .apkg (zip with an SQLite collection), one note per item, escaped HTML, stable ids."""

from __future__ import annotations

import html
import io
import sqlite3
import tempfile
import zipfile
from pathlib import Path

import pytest

from quiz_app.authoring.anki import export_apkg
from quiz_app.bank.bank import Pack
from quiz_app.bank.models import Flashcard, Ordering, SingleChoice

HOSTILE = '<script>alert("x")</script> & <b>bold</b>'


def _notes(data: bytes, folder: Path) -> list[tuple]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    assert {"collection.anki2", "media"} <= set(archive.namelist())
    database = folder / "collection.anki2"
    database.write_bytes(archive.read("collection.anki2"))
    connection = sqlite3.connect(database)
    try:
        assert connection.execute("pragma integrity_check").fetchone() == ("ok",)
        return connection.execute("select guid, mid, tags, flds from notes order by id").fetchall()
    finally:
        connection.close()


@pytest.fixture
def hostile_pack(shipped_pack) -> Pack:
    base = shipped_pack.questions[0]
    question = SingleChoice.model_validate({**base.model_dump(), "prompt": HOSTILE,
                                            "options": [{"text": "<i>a</i>", "correct": True}, {"text": "b & c"}]})
    card = Flashcard.model_validate({**shipped_pack.flashcards[0].model_dump(), "front": HOSTILE, "back": "x\ny"})
    return Pack(shipped_pack.meta, (question,), (card,))


def test_apkg_has_one_note_per_item(shipped_pack, tmp_path) -> None:
    notes = _notes(export_apkg(shipped_pack), tmp_path)
    assert len(notes) == len(shipped_pack.questions) + len(shipped_pack.flashcards)
    assert len({mid for _, mid, _, _ in notes}) == 1
    ordering = next(q for q in shipped_pack.questions if isinstance(q, Ordering))
    fronts = [fields.split("\x1f")[0] for _, _, _, fields in notes]
    shown = next(front for front in fronts if html.escape(ordering.prompt) in front)
    positions = [shown.index(f"<li>{html.escape(item)}</li>") for item in ordering.items]
    assert positions != sorted(positions)  # the items are not shown in the answer's order


def test_text_is_html_escaped(hostile_pack, tmp_path) -> None:
    notes = _notes(export_apkg(hostile_pack), tmp_path)
    fields = [note[3] for note in notes]
    assert all("<script" not in field and "<b>bold" not in field and "<i>a" not in field for field in fields)
    card_front, card_back = fields[0].split("\x1f")
    assert card_front == "<div>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;</div>"
    assert card_back == "<div>x<br>y</div>"
    question_front, question_back = fields[1].split("\x1f")
    assert "<li>b &amp; c</li><li>&lt;i&gt;a&lt;/i&gt;</li>" in question_front  # shuffled by the question id
    assert question_back.startswith("<div>B. &lt;i&gt;a&lt;/i&gt;</div><hr>")


def test_ids_are_stable(shipped_pack, tmp_path) -> None:
    first = _notes(export_apkg(shipped_pack), tmp_path)
    second = _notes(export_apkg(shipped_pack), tmp_path)
    assert [(guid, mid) for guid, mid, _, _ in first] == [(guid, mid) for guid, mid, _, _ in second]
    assert 1 << 30 <= first[0][1] < 1 << 31
    other = Pack(shipped_pack.meta.model_copy(update={"id": "another-pack"}), shipped_pack.questions[:1], ())
    assert _notes(export_apkg(other), tmp_path)[0][1] != first[0][1]


def test_writes_to_a_path_or_a_file_and_cleans_up(shipped_pack, tmp_path, monkeypatch) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    target = tmp_path / "deck.apkg"
    assert export_apkg(shipped_pack, target) is None
    buffer = io.BytesIO()
    export_apkg(shipped_pack, buffer)
    assert zipfile.ZipFile(target).namelist() == zipfile.ZipFile(buffer).namelist()
    assert list(scratch.iterdir()) == []


def test_options_are_shuffled_by_question_id_so_answers_are_not_all_a(shipped_pack, tmp_path) -> None:
    from quiz_app.authoring.anki import option_order

    choice = [q for q in shipped_pack.questions if isinstance(q, SingleChoice)]
    letters = [next(p for p, i in enumerate(option_order(q)) if q.options[i].correct) for q in choice]
    assert len(set(letters)) >= 3  # A, B, C... not all A
    assert [option_order(q) for q in choice] == [option_order(q) for q in choice]  # the same in every export
    notes = {guid: flds for guid, _, _, flds in _notes(export_apkg(shipped_pack), tmp_path)}
    question = choice[0]
    front, back = next(flds for guid, flds in notes.items() if html.escape(question.prompt) in flds).split("\x1f")
    order = option_order(question)
    assert front.index(html.escape(question.options[order[0]].text)) < front.index(
        html.escape(question.options[order[1]].text))
    key = next(i for i, option in enumerate(question.options) if option.correct)
    letter = chr(ord("A") + order.index(key))
    assert back.startswith(f"<div>{letter}. {html.escape(question.options[key].text)}</div>")
