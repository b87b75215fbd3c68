"""Export a pack as an Anki deck (``.apkg``) through ``genanki``.

One note per flashcard (front / back) and one per question: the front shows the prompt and,
depending on the type, the options (choice questions), "True or false?", the items to order
(in a fixed scrambled order, never the answer's order) or the two columns to match (right-hand
entries scrambled the same way); the back shows the correct answer (as :func:`correct_answer` words it; every
accepted answer for a short answer) and the explanation. All text is HTML-escaped, line breaks
become ``<br>``: Anki fields are HTML and pack text is plain text.

The model and deck ids are derived from the pack id (SHA-256), and each note's GUID from the pack
and item ids, so exporting the same pack again and importing it into Anki updates the notes
instead of duplicating them. Tags: the item's tags plus its topic.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import os
import sqlite3
import tempfile
import time
import zipfile
from itertools import count
from pathlib import Path, PurePosixPath
from typing import IO

import genanki

from quiz_app.bank.bank import Pack
from quiz_app.bank.models import (
    Flashcard,
    ImageRef,
    Matching,
    MultipleSelect,
    Ordering,
    Question,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from quiz_app.bank.pack_media import item_refs
from quiz_app.practice.grading import correct_answer

_CSS = """.card { font-family: sans-serif; font-size: 20px; text-align: left; color: black; background: white; }
.kind { font-size: 14px; color: #666; }
ol, ul { margin-top: 0.5em; }
"""


def _anki_id(pack_id: str, what: str) -> int:
    """A stable id in Anki's recommended range [2**30, 2**31) for the pack's model or deck."""
    digest = hashlib.sha256(f"quiz-app:{what}:{pack_id}".encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:8], "big") % (1 << 30)


def _h(text: str) -> str:
    """Plain text as HTML: escaped, line breaks kept."""
    return html.escape(text, quote=True).replace("\r\n", "\n").replace("\n", "<br>")


def _list(tag: str, entries: list[str], attributes: str = "") -> str:
    return f"<{tag}{attributes}>" + "".join(f"<li>{_h(entry)}</li>" for entry in entries) + f"</{tag}>"


def _scrambled(entries: list[str]) -> list[str]:
    """``entries`` in a fixed order that depends only on their texts and differs from the given one."""
    order = sorted(entries, key=lambda entry: hashlib.sha256(entry.encode("utf-8", "surrogatepass")).digest())
    return order[::-1] if order == entries else order


def media_name(pack: Pack, src: str) -> str:
    """The picture's file name in the deck: Anki keeps every deck's media in one flat folder."""
    return f"{pack.id}-{PurePosixPath(src).name}"


def _img(pack: Pack | None, ref: ImageRef | None) -> str:
    if pack is None or ref is None or pack.image(ref) is None:
        return ""
    return f'<div><img src="{html.escape(media_name(pack, ref.src), quote=True)}" alt="{_h(ref.alt)}"></div>'


def _front(question: Question, pack: Pack | None = None) -> str:
    prompt = f"<div>{_h(question.prompt)}</div>" + _img(pack, question.image)
    match question:
        case SingleChoice() | MultipleSelect():
            hint = "Choose one:" if isinstance(question, SingleChoice) else "Choose all that apply:"
            return (prompt + f'<div class="kind">{hint}</div>'
                    + _list("ol", [option.text for option in question.options], ' type="A"'))
        case TrueFalse():
            return prompt + '<div class="kind">True or false?</div>'
        case Ordering():
            return (prompt + '<div class="kind">Put in order:</div>'
                    + _list("ul", _scrambled(list(question.items))))
        case Matching():
            return (prompt + '<div class="kind">Match:</div>'
                    + _list("ul", [pair.left for pair in question.pairs])
                    + _list("ul", _scrambled([pair.right for pair in question.pairs])))
    return prompt


def _back(question: Question) -> str:
    lines = question.answers if isinstance(question, ShortAnswer) else correct_answer(question)
    return "<div>" + "<br>".join(_h(line) for line in lines) + f"</div><hr><div>{_h(question.explanation)}</div>"


def _model(pack: Pack) -> genanki.Model:
    return genanki.Model(
        _anki_id(pack.id, "model"),
        f"Quiz App ({pack.id})",
        fields=[{"name": "Front"}, {"name": "Back"}],
        templates=[{"name": "Card", "qfmt": "{{Front}}", "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"}],
        css=_CSS,
    )


def build_deck(pack: Pack) -> genanki.Deck:
    """The pack's flashcards and questions as a genanki deck (one note each)."""
    model = _model(pack)
    deck = genanki.Deck(_anki_id(pack.id, "deck"), pack.meta.title)
    items: list[Flashcard | Question] = [*pack.flashcards, *pack.questions]
    for item in items:
        if isinstance(item, Flashcard):
            fields = [f"<div>{_h(item.front)}</div>{_img(pack, item.front_image)}",
                      f"<div>{_h(item.back)}</div>{_img(pack, item.back_image)}"]
        else:
            fields = [_front(item, pack), _back(item)]
        tags = list(dict.fromkeys([*item.tags, item.topic]))
        deck.add_note(genanki.Note(model=model, fields=fields, guid=genanki.guid_for(pack.id, item.id), tags=tags))
    return deck


def export_apkg(pack: Pack, target: str | os.PathLike[str] | IO[bytes] | None = None) -> bytes | None:
    """Write the pack as an Anki package: to ``target`` (a path or a binary file), or return its bytes.

    Unlike ``genanki.Package.write_to_file``, the temporary database is always deleted.
    """
    deck = build_deck(pack)
    package = genanki.Package(deck)
    handle, database = tempfile.mkstemp(suffix=".anki2")
    os.close(handle)
    try:
        connection = sqlite3.connect(database)
        try:
            timestamp = time.time()
            package.write_to_db(connection.cursor(), timestamp, count(int(timestamp * 1000)))
            connection.commit()
        finally:
            connection.close()
        buffer = None
        if target is None:
            buffer = io.BytesIO()
            destination: str | os.PathLike[str] | IO[bytes] = buffer
        else:
            destination = target
        with zipfile.ZipFile(destination, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.write(database, "collection.anki2")
            # genanki's media layout: files named 0, 1, ... and a "media" map of number to file name
            files = sorted({media_name(pack, ref.src): pack.media[ref.src]
                            for item in (*pack.flashcards, *pack.questions) for sub, ref in item_refs(item)
                            if ref.src in pack.media and sub[0] != "options"}.items())
            for number, (_, file) in enumerate(files):
                archive.writestr(str(number), file.data)
            archive.writestr("media", json.dumps({str(n): name for n, (name, _) in enumerate(files)}))
        return buffer.getvalue() if buffer is not None else None
    finally:
        Path(database).unlink(missing_ok=True)
