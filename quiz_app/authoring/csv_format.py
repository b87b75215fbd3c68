"""CSV import and export of questions and flashcards, one per row.

Columns (the header row names them; any order; names are case-insensitive; only ``type`` and
``prompt`` are required; the separator may be ``,``, ``;`` or a tab, as spreadsheets write it):

=============  ========================================================================================
column         meaning
=============  ========================================================================================
id             the question id (a slug such as ``kz-lpg-price``); empty: generated from the prompt
type           single_choice, multiple_select, true_false, ordering, matching, short_answer or flashcard
topic          topic id; empty: the import's default topic
objectives     learning objective ids separated by ``;``; empty: the import's default objective
difficulty     1, 2 or 3; empty: the import's default
prompt         the question (for a flashcard: its front)
explanation    shown after answering (for a flashcard: its back); empty: a default text
options        single_choice / multiple_select: options separated by ``|``, correct ones start with ``*``
answer         true_false: ``true`` or ``false`` (also yes/no, t/f, 1/0)
items          ordering: the items in the correct order, separated by ``|``
pairs          matching: ``left=>right`` pairs separated by ``|``
answers        short_answer: accepted answers separated by ``|``
tags           tag ids separated by ``;``
=============  ========================================================================================

In the ``|`` lists a backslash makes the next character plain text (``\\|`` is a bar inside an
option, ``\\*`` a star at its start, ``\\=`` an equals sign in a pair, ``\\\\`` a backslash);
spaces around items are ignored and empty items are skipped. Text cells (prompt, explanation)
are taken exactly as written. A cell the export protected against spreadsheet formulas (a
leading apostrophe before ``=``, ``+``, ``-``, ``@``...) gets its apostrophe removed again, so
a prompt such as ``=HYPERLINK(...)`` comes back as that text. Cells of columns that do not
belong to a row's type are ignored (with a note). Line numbers are those of the first line of
each CSV record.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from quiz_app.authoring.images import image_references, unresolved_note
from quiz_app.authoring.items import ImportDefaults, ImportPreview, PreviewBuilder, label
from quiz_app.authoring.limits import MAX_ITEMS, ImportError_, guarded, read_text
from quiz_app.bank.models import (
    QUESTION_TYPES,
    Flashcard,
    Matching,
    MultipleSelect,
    Ordering,
    Question,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from quiz_app.csvsafe import safe_cell, write_csv

IMAGE_COLUMNS = frozenset(("image", "images", "picture", "front_image", "back_image"))
COLUMNS = ("id", "type", "topic", "objectives", "difficulty", "prompt", "explanation",
           "options", "answer", "items", "pairs", "answers", "tags")
FLASHCARD = "flashcard"
_TYPE_COLUMNS = {"single_choice": "options", "multiple_select": "options", "true_false": "answer",
                 "ordering": "items", "matching": "pairs", "short_answer": "answers", FLASHCARD: ""}
_BOOLEANS = {"true": True, "yes": True, "t": True, "y": True, "1": True,
             "false": False, "no": False, "f": False, "n": False, "0": False}

_Chars = list[tuple[str, bool]]


# --- cells -----------------------------------------------------------------------------------


def _formula_like(text: str) -> bool:
    return safe_cell(text) != text


def _protect(text: str) -> str:
    """``text`` ready for :func:`write_csv`, so that :func:`_unprotect` gives it back exactly."""
    return "'" + text if text.startswith("'") and _formula_like(text.lstrip("'")) else text


def _unprotect(cell: str) -> str:
    """Undo the apostrophe :func:`quiz_app.csvsafe.safe_cell` put before a formula-like cell."""
    return cell[1:] if cell.startswith("'") and _formula_like(cell.lstrip("'")) else cell


def _chars(cell: str) -> _Chars:
    """The characters of a list cell, each with whether a backslash escaped it."""
    chars: _Chars = []
    escaped = False
    for char in cell:
        if escaped:
            chars.append((char, True))
            escaped = False
        elif char == "\\":
            escaped = True
        else:
            chars.append((char, False))
    if escaped:
        chars.append(("\\", True))
    return chars


def _trim(chars: _Chars) -> _Chars:
    start, end = 0, len(chars)
    while start < end and not chars[start][1] and chars[start][0].isspace():
        start += 1
    while end > start and not chars[end - 1][1] and chars[end - 1][0].isspace():
        end -= 1
    return chars[start:end]


def _items(cell: str, separator: str = "|") -> list[_Chars]:
    """The non-empty, trimmed items of a list cell."""
    items: list[_Chars] = []
    current: _Chars = []
    for char, escaped in (*_chars(cell), (separator, False)):
        if char == separator and not escaped:
            trimmed = _trim(current)
            if trimmed:
                items.append(trimmed)
            current = []
        else:
            current.append((char, escaped))
    return items


def _text(chars: _Chars) -> str:
    return "".join(char for char, _ in chars)


def _escape(text: str, *, star: bool = False, pair: bool = False) -> str:
    """One list item written so that :func:`_items` reads it back exactly."""
    out = text.replace("\\", "\\\\").replace("|", "\\|")
    if pair:
        out = out.replace("=", "\\=")
    if star and out.startswith("*"):
        out = "\\" + out
    lead = len(out) - len(out.lstrip())
    trail = len(out) - len(out.rstrip())
    if lead == len(out):
        return "".join("\\" + char for char in out)
    head = "".join("\\" + char for char in out[:lead])
    tail = "".join("\\" + char for char in out[len(out) - trail :]) if trail else ""
    return head + out[lead : len(out) - trail] + tail


def _slugs(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


# --- import ----------------------------------------------------------------------------------


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    best, best_score = ",", 0
    for delimiter in (",", ";", "\t"):
        try:
            names = next(csv.reader([first], delimiter=delimiter), [])
        except csv.Error:
            continue
        score = sum(_column(name) in COLUMNS for name in names)
        if score > best_score:
            best, best_score = delimiter, score
    if best_score == 0:
        raise ImportError_("The first line must be the header naming the columns, such as: " + ", ".join(COLUMNS)
                           + ". Download the CSV template to start from.", line=1)
    return best


def _column(name: str) -> str:
    return name.strip().lstrip("\ufeff").lower().replace(" ", "_").replace("-", "_")


def _type(cell: str) -> str:
    return cell.strip().lower().replace(" ", "_").replace("-", "_")


class _Importer:
    def __init__(self, defaults: ImportDefaults, header: list[str]) -> None:
        self.build = PreviewBuilder(defaults)
        self.header = header

    def row(self, cells: list[str], line: int) -> None:
        build = self.build
        if len(cells) > len(self.header) and any(cell.strip() for cell in cells[len(self.header) :]):
            values = dict(zip(self.header, cells, strict=False))
            build.reject(line, label(values.get("id", ""), values.get("prompt", "")),
                         f"this row has {len(cells)} cells but the header names {len(self.header)} columns "
                         "(put text containing the separator in double quotes)")
            return
        row = {name: _unprotect(cell) for name, cell in zip(self.header, cells, strict=False) if name in COLUMNS}
        kind = _type(row.get("type", ""))
        item = label(row.get("id", "").strip(), row.get("prompt", ""))
        for name, cell in zip(self.header, cells, strict=False):
            references = [cell.strip()] if name in IMAGE_COLUMNS and cell.strip() else image_references(cell)
            for reference in references:
                build.note(line, item, unresolved_note(reference, "CSV"))
        if kind not in _TYPE_COLUMNS:
            build.reject(line, item, f"unknown type '{row.get('type', '').strip()}'; use one of: "
                         + ", ".join((*QUESTION_TYPES, FLASHCARD)))
            return
        unused = [name for name in ("options", "answer", "items", "pairs", "answers")
                  if name != _TYPE_COLUMNS[kind] and row.get(name, "").strip()]
        if kind == FLASHCARD and row.get("difficulty", "").strip():
            unused.append("difficulty")
        if unused:
            build.note(line, item, f"ignored for a {kind} row: " + ", ".join(f"'{name}'" for name in unused))
        common: dict[str, Any] = {"id": row.get("id", "").strip(), "topic": row.get("topic", "").strip(),
                                  "objectives": _slugs(row.get("objectives", "")), "tags": _slugs(row.get("tags", ""))}
        if kind == FLASHCARD:
            if not row.get("explanation", "").strip():
                build.reject(line, item, "a flashcard needs its back in the 'explanation' column")
                return
            build.flashcard({**common, "front": row.get("prompt", ""), "back": row.get("explanation", "")},
                            line=line, item=item)
            return
        data = self.specific(kind, row, line, item)
        if data is None:
            return
        difficulty: Any = row.get("difficulty", "").strip()
        if difficulty:
            if difficulty not in ("1", "2", "3"):
                build.reject(line, item, f"difficulty must be 1, 2 or 3, not '{difficulty[:20]}'")
                return
            difficulty = int(difficulty)
        build.question({**common, "type": kind, "difficulty": difficulty or None, "prompt": row.get("prompt", ""),
                        "explanation": row.get("explanation", ""), **data}, line=line, item=item)

    def specific(self, kind: str, row: dict[str, str], line: int, item: str) -> dict[str, Any] | None:
        column = _TYPE_COLUMNS[kind]
        cell = row.get(column, "")
        if not cell.strip():
            self.build.reject(line, item, f"the '{column}' column is empty; a {kind} question needs it")
            return None
        if kind == "true_false":
            value = _BOOLEANS.get(cell.strip().lower())
            if value is None:
                self.build.reject(line, item, f"'answer' must be true or false, not '{cell.strip()[:20]}'")
                return None
            return {"answer": value}
        if kind in ("single_choice", "multiple_select"):
            options = []
            for chars in _items(cell):
                correct = chars[0] == ("*", False)
                options.append({"text": _text(_trim(chars[1:]) if correct else chars), "correct": correct})
            return {"options": options}
        if kind == "matching":
            pairs = []
            for number, chars in enumerate(_items(cell), 1):
                arrow = next((index for index in range(len(chars) - 1)
                              if chars[index] == ("=", False) and chars[index + 1] == (">", False)), None)
                if arrow is None:
                    self.build.reject(line, item, f"pair {number} must be written left=>right")
                    return None
                pairs.append({"left": _text(_trim(chars[:arrow])), "right": _text(_trim(chars[arrow + 2 :]))})
            return {"pairs": pairs}
        return {column: [_text(chars) for chars in _items(cell)]}


@guarded("CSV file")
def import_csv(data: bytes | str, defaults: ImportDefaults) -> ImportPreview:
    """Parse a CSV file of questions and flashcards (columns in the module docstring) into a preview.

    Raises :class:`ImportError_` (only) when the file cannot be used at all: too large, not
    text, not UTF-8, a line longer than the limit, no recognisable header, a malformed CSV
    record, or more than :data:`MAX_ITEMS` rows.
    """
    text = read_text(data, "CSV file")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        header = [_column(name) for name in next(reader, [])]
        duplicates = sorted({name for name in header if name and header.count(name) > 1})
        if duplicates:
            raise ImportError_(f"The header names the column '{duplicates[0]}' twice.", line=1)
        missing = [name for name in ("type", "prompt") if name not in header]
        if missing:
            raise ImportError_(f"The header has no '{missing[0]}' column; it needs at least 'type' and 'prompt'.",
                               line=1)
        importer = _Importer(defaults, header)
        unknown = [name for name in header if name not in COLUMNS and name not in IMAGE_COLUMNS]
        if unknown:
            importer.build.note(1, "header", "these columns are not used: " + ", ".join(f"'{n}'" for n in unknown))
        count = 0
        while True:
            line = reader.line_num + 1
            cells = next(reader, None)
            if cells is None:
                break
            if not any(cell.strip() for cell in cells):
                continue
            count += 1
            if count > MAX_ITEMS:
                raise ImportError_(f"The CSV file holds more than {MAX_ITEMS:,} rows; split it into smaller files.")
            importer.row(cells, line)
    except csv.Error as error:
        raise ImportError_(f"Line {reader.line_num} is not valid CSV ({error}).", line=reader.line_num) from None
    return importer.build.preview()


# --- export ----------------------------------------------------------------------------------


def _question_row(question: Question) -> list[str]:
    options = answer = items = pairs = answers = ""
    match question:
        case SingleChoice() | MultipleSelect():
            options = "|".join(("*" if option.correct else "") + _escape(option.text, star=True)
                               for option in question.options)
        case TrueFalse():
            answer = "true" if question.answer else "false"
        case Ordering():
            items = "|".join(_escape(item) for item in question.items)
        case Matching():
            pairs = "|".join(f"{_escape(pair.left, pair=True)}=>{_escape(pair.right, pair=True)}"
                             for pair in question.pairs)
        case ShortAnswer():
            answers = "|".join(_escape(text) for text in question.answers)
    return [question.id, question.type, question.topic, ";".join(question.objectives), str(question.difficulty),
            question.prompt, question.explanation, options, answer, items, pairs, answers, ";".join(question.tags)]


def _card_row(card: Flashcard) -> list[str]:
    return [card.id, FLASHCARD, card.topic, ";".join(card.objectives), "", card.front, card.back,
            "", "", "", "", "", ";".join(card.tags)]


def _rows(rows: Iterable[Sequence[str]]) -> Iterable[list[str]]:
    return ([_protect(cell) for cell in row] for row in rows)


def export_csv(questions: Iterable[Question], flashcards: Iterable[Flashcard] = ()) -> str:
    """Questions and flashcards as CSV text with the columns of the module docstring.

    Written through :func:`quiz_app.csvsafe.write_csv`, so no cell can start a spreadsheet
    formula; :func:`import_csv` reads the text back to the same questions and flashcards.
    """
    rows = [*(_question_row(q) for q in questions), *(_card_row(card) for card in flashcards)]
    return write_csv(COLUMNS, _rows(rows))


_TEMPLATE_ROWS = [
    ["", "single_choice", "", "", "1", "Which is the largest city of Kazakhstan?",
     "Almaty has about two million inhabitants, more than any other city in the country.",
     "*Almaty|Astana|Shymkent", "", "", "", "", ""],
    ["", "multiple_select", "", "", "2", "Which of these countries border Kazakhstan?",
     "Kazakhstan borders Russia, China, Kyrgyzstan, Uzbekistan and Turkmenistan; Mongolia is very close but "
     "does not touch it.", "*Russia|*China|*Uzbekistan|Mongolia", "", "", "", "", ""],
    ["", "true_false", "", "", "1", "Kazakhstan has no coastline on an ocean.",
     "Kazakhstan is the largest landlocked country in the world; the Caspian Sea is a lake.", "", "true", "", "",
     "", ""],
    ["", "ordering", "", "", "1", "Put these months in calendar order.",
     "January comes first, then February, then March.", "", "", "January|February|March", "", "", ""],
    ["", "matching", "", "", "2", "Match each city with the country it is in.",
     "Almaty is in Kazakhstan, Bishkek in Kyrgyzstan and Tashkent in Uzbekistan.", "", "", "",
     "Almaty=>Kazakhstan|Bishkek=>Kyrgyzstan|Tashkent=>Uzbekistan", "", ""],
    ["", "short_answer", "", "", "1", "What is the name of Kazakhstan's currency?",
     "The tenge, code KZT, has been the currency since 1993.", "", "", "", "", "tenge|KZT", ""],
    ["", FLASHCARD, "", "", "", "What currency does Kazakhstan use?", "The tenge (KZT).", "", "", "", "", "", ""],
]


def csv_template() -> str:
    """A CSV template: the header and one example row of each type (id, topic and objectives
    left empty, so that the import's defaults apply)."""
    return write_csv(COLUMNS, _rows(_TEMPLATE_ROWS))
