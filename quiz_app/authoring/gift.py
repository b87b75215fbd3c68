"""Moodle GIFT: import into an :class:`ImportPreview`, export questions as GIFT text.

The parser follows Moodle's own importer (``question/format/gift/format.php``): questions are
separated by blank lines; lines starting with ``//`` are comments; ``::title::`` names a question;
``[html]``, ``[moodle]``, ``[markdown]`` or ``[plain]`` before a text gives its format;
``\\~ \\= \\# \\{ \\} \\: \\\\`` are escaped characters and ``\\n`` is a line break; the answer section
is between the first ``{`` and the next ``}``; ``####`` in it starts the general feedback.

How GIFT maps onto our question types:

====================================================  ================================================
GIFT                                                  here
====================================================  ================================================
``{=right ~wrong ~wrong}``                            single_choice (the ``=`` answer is correct)
``{~%50%a ~%50%b ~%-100%c}`` (no ``=``)               multiple_select: positive weight = correct
``{T}`` ``{TRUE}`` ``{F}`` ``{FALSE}``                true_false (lowercase accepted too)
``{=a =b}`` (only ``=``), ``{=%100%a}``               short_answer: answers with 100% are accepted
``{=a -> 1 =b -> 2 =c -> 3}``                         matching (at least 3 pairs, else rejected)
``{>3 ALL VERTICAL ... none`` + one item per line     ordering (Moodle's ordering question, 4.4+)
``$CATEGORY: $course$/top/Causes``                    topic ``causes`` for the questions that follow
``####text`` at the end of the answers                explanation
``// [tag:fuel]`` comment above a question            tag ``fuel``
====================================================  ================================================

Not mapped (listed in ``unmapped`` with their line): essay ``{}``, numerical ``{#...}``
(including ranges ``{#1..5}``), descriptions (text without ``{...}``) and missing-word
questions (text after the closing ``}``, or two questions without a blank line between them).

What is dropped or changed, by design: question titles (only used to label problems), the
``[id:...]`` comment (ids are always generated, see :mod:`quiz_app.authoring.items`), per-answer
feedback (``#...`` after an answer), partial credit in a one-answer question (such answers become
wrong options; a note says so), short answers with less than 100% (dropped, with a note), answer
weights of a multiple-answer question (every positive weight is one correct option), Moodle's
ordering options (all items are shown; a note says so when Moodle showed a subset) and matching
distractors (a ``=  -> extra`` answer without a left side; dropped with a note). ``[html]`` text
becomes plain text (tags removed); ``[markdown]`` and ``[moodle]`` text is kept as written.

Export writes every question type: texts are marked ``[plain]``, special characters escaped,
line breaks written ``\\n``; a ``$CATEGORY`` line starts each topic; ``// [id:...] [tag:...]``
carries the id and tags for Moodle; multiple_select weights are ``+100/n`` for each of the n
correct options and ``-100/n`` for each wrong one (which is our partial-credit rule);
ordering uses the syntax of Moodle's ordering question with relative grading. A few questions
cannot be written (see :func:`export_gift`) and are listed in ``skipped``. Difficulty and
objectives are not written (GIFT has no place for them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from quiz_app.authoring.images import image_references, unresolved_note
from quiz_app.authoring.items import (
    ImportDefaults,
    ImportPreview,
    PreviewBuilder,
    Skipped,
    TextExport,
    label,
    tag_slugs,
)
from quiz_app.authoring.limits import MAX_ITEMS, ImportError_, guarded, read_text
from quiz_app.authoring.textconv import category_topic, html_to_text, php_trim, unify_newlines
from quiz_app.bank.models import Matching, MultipleSelect, Ordering, Question, ShortAnswer, SingleChoice, TrueFalse
from quiz_app.bank.text import normalise

_ESCAPABLE = frozenset("\\:#={}~n")
_UNESCAPE = re.compile(r"\\([\\:#={}~n])")
_WEIGHT = re.compile(r"%(-*)([0-9]{1,2}\.?[0-9]*)%")
_FORMATS = frozenset(("moodle", "html", "plain", "markdown"))
_TAG = re.compile(r"\[tag:([^\]<>`\x00-\x1f\x7f]+)\]")
_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
_ORDERING = re.compile(
    r"\s*>\s*([0-9]+)\s*(ALL|EXACT|RANDOM|REL|CONTIGUOUS|CONTIG)?\s*"
    r"(HORIZONTAL|HORI|H|1|VERTICAL|VERT|V|0)?\s*"
    r"(ALL_OR_NOTHING|ABSOLUTE_POSITION|ABSOLUTE|ABS|RELATIVE_NEXT_EXCLUDE_LAST|RELATIVE_NEXT_INCLUDE_LAST|"
    r"RELATIVE_ONE_PREVIOUS_AND_NEXT|RELATIVE_ALL_PREVIOUS_AND_NEXT|RELATIVE_TO_CORRECT|RELATIVE|REL|"
    r"LONGEST_ORDERED_SUBSET|LONGEST_CONTIGUOUS_SUBSET)?\s*"
    r"(SHOW|TRUE|YES|1|HIDE|FALSE|NO|0)?\s*(none|123|abc|ABCD|iii|IIII)?"
)
_ORDERING_OPTIONS = "ALL VERTICAL RELATIVE_ALL_PREVIOUS_AND_NEXT SHOW none"


def _unescape_match(match: re.Match[str]) -> str:
    return "\n" if match.group(1) == "n" else match.group(1)


class _Raw:
    """GIFT text before unescaping, knowing which characters belong to an escape sequence.

    Searching and splitting only see unescaped ("structural") characters; :meth:`value`
    gives the text with the escapes resolved.
    """

    __slots__ = ("escaped", "text")

    def __init__(self, text: str, escaped: bytearray | None = None) -> None:
        self.text = text
        if escaped is None:
            escaped = bytearray(len(text))
            index = text.find("\\")
            while index != -1 and index + 1 < len(text):
                if text[index + 1] in _ESCAPABLE:
                    escaped[index] = escaped[index + 1] = 1
                    index = text.find("\\", index + 2)
                else:
                    index = text.find("\\", index + 1)
        self.escaped = escaped

    def __len__(self) -> int:
        return len(self.text)

    def slice(self, start: int, end: int | None = None) -> _Raw:
        return _Raw(self.text[start:end], self.escaped[start:end])

    def _plain_at(self, index: int, size: int) -> bool:
        return not any(self.escaped[index : index + size])

    def find(self, sub: str, start: int = 0) -> int:
        index = self.text.find(sub, start)
        while index != -1 and not self._plain_at(index, len(sub)):
            index = self.text.find(sub, index + 1)
        return index

    def rfind(self, sub: str) -> int:
        index = self.text.rfind(sub)
        while index != -1 and not self._plain_at(index, len(sub)):
            index = self.text.rfind(sub, 0, index + len(sub) - 1)
        return index

    def startswith(self, prefix: str) -> bool:
        return self.text.startswith(prefix) and self._plain_at(0, len(prefix))

    def strip(self) -> _Raw:
        # Whitespace is never part of an escape sequence (they start with a backslash).
        start = len(self.text) - len(self.text.lstrip(" \t\n\r\x00\x0b"))
        end = len(self.text.rstrip(" \t\n\r\x00\x0b"))
        return self.slice(start, max(start, end))

    def split(self, markers: str) -> list[tuple[str, _Raw]]:
        """Pieces between unescaped ``markers``; each with the marker before it ('' for the first)."""
        pieces: list[tuple[str, _Raw]] = []
        marker, start = "", 0
        for index, char in enumerate(self.text):
            if char in markers and not self.escaped[index]:
                pieces.append((marker, self.slice(start, index)))
                marker, start = char, index + 1
        pieces.append((marker, self.slice(start)))
        return pieces

    def value(self) -> str:
        return _UNESCAPE.sub(_unescape_match, self.text)


def _formatted(raw: _Raw, default: str) -> tuple[str, str]:
    """Text and format of ``raw``: a leading ``[format]`` marker is removed, HTML becomes text."""
    raw = raw.strip()
    fmt = default
    if raw.startswith("["):
        end = raw.text.find("]")
        if end > 0 and raw.text[1:end] in _FORMATS:
            fmt = raw.text[1:end]
            raw = raw.slice(end + 1)
    text = php_trim(raw.value())
    return (html_to_text(text) if fmt == "html" else text), fmt


def _answer_text(raw: _Raw, fmt: str) -> str:
    """An answer's text: up to its ``#feedback`` (ignored), with the format applied."""
    hash_at = raw.find("#")
    return _formatted(raw if hash_at == -1 else raw.slice(0, hash_at), fmt)[0]


def _weight(raw: _Raw) -> tuple[float | None, _Raw]:
    """A leading ``%50%`` weight as a fraction (0.5) and the rest; ``None`` if there is none."""
    match = _WEIGHT.match(raw.text)
    if not match:
        return None, raw
    value = float(match.group(2).rstrip(".") or "0") / 100
    return (-value if match.group(1) else value), raw.slice(match.end()).strip()


@dataclass
class _Block:
    line: int
    lines: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


def _blocks(text: str) -> Iterable[_Block]:
    """The question blocks of a GIFT file (categories are blocks of their own)."""
    block = _Block(0)
    for number, raw_line in enumerate(text.replace("\r\n", "\n").split("\n"), 1):
        line = php_trim(raw_line)
        if not line:
            if block.lines:
                yield block
            block = _Block(0)
        elif line.startswith("//"):
            block.comments.append(line)
        elif line.startswith("$CATEGORY:") and not block.lines:
            yield _Block(number, [line])
            block = _Block(0)
        else:
            if not block.lines:
                block.line = number
            block.lines.append(line)
    if block.lines:
        yield block


class _Importer:
    def __init__(self, defaults: ImportDefaults) -> None:
        self.build = PreviewBuilder(defaults)
        self.default_topic = self.topic = defaults.topic
        self.count = 0

    def category(self, block: _Block) -> None:
        path = block.lines[0][len("$CATEGORY:") :]
        topic = category_topic(path)
        self.topic = topic or self.default_topic
        if not topic:
            self.build.note(block.line, path.strip(), "this category has no name usable as a topic id; "
                            "the questions that follow go to the default topic")

    def block(self, block: _Block) -> None:
        if block.lines[0].startswith("$CATEGORY:"):
            self.category(block)
            return
        self.count += 1
        if self.count > MAX_ITEMS:
            raise ImportError_(f"The GIFT file holds more than {MAX_ITEMS:,} questions; split it into smaller files.")
        self.question(block)

    def question(self, block: _Block) -> None:
        build, line = self.build, block.line
        raw = _Raw("\n".join(block.lines)).strip()
        title = ""
        if raw.startswith("::"):
            raw = raw.slice(2)
            end = raw.find("::")
            if end != -1:
                title = php_trim(raw.slice(0, end).value())
                raw = raw.slice(end + 2).strip()
        start, close = raw.find("{"), raw.find("}")
        if start == -1 and close == -1:
            text = _formatted(raw, "moodle")[0]
            build.unmap(line, label(title, text), "a description (text without an answer section {...}) "
                        "is not a question; it was not imported")
            return
        if start == -1 or close < start:
            build.reject(line, label(title, raw.value()), "the answer section must start with '{' and end with '}' "
                         "(write \\{ and \\} for braces inside a text)")
            return
        answer = raw.slice(start + 1, close).strip()
        prompt, fmt = _formatted(raw.slice(0, start), "moodle")
        item = label(title, prompt)
        if len(raw.slice(close + 1).strip()):
            build.unmap(line, item, "text after the answer section {...}: a missing-word question, which has no "
                        "equivalent here (or two questions without a blank line between them)")
            return
        explanation = ""
        feedback_at = answer.rfind("####")
        if feedback_at != -1:
            explanation = _formatted(answer.slice(feedback_at + 4), fmt)[0]
            answer = answer.slice(0, feedback_at).strip()
        tags, dropped = tag_slugs(match.group(1) for comment in block.comments for match in _TAG.finditer(comment))
        if dropped:
            build.note(line, item, f"tags that cannot be used as tag ids were dropped: {', '.join(dropped)}")
        if not prompt:
            build.reject(line, item, "the question has no text")
            return
        base: dict[str, Any] = {"prompt": prompt, "explanation": explanation, "topic": self.topic, "tags": tags}
        kind = self.kind(answer)
        if kind in ("essay", "numerical"):
            reasons = {
                "essay": "an essay question ({} with nothing inside) needs a teacher to grade it; no equivalent here",
                "numerical": "a numerical question ({#...}) has no equivalent here; write it as a short answer",
            }
            build.unmap(line, item, reasons[kind])
            return
        data = getattr(self, kind)(answer, fmt, line, item)
        if data is not None:
            for reference in image_references("\n".join(block.lines)):
                build.note(line, item, unresolved_note(reference, "GIFT"))
            build.question({**base, **data}, line=line, item=item)

    @staticmethod
    def kind(answer: _Raw) -> str:
        if _ORDERING.match(answer.text):
            return "ordering"
        if not len(answer):
            return "essay"
        if answer.text.startswith("#"):
            return "numerical"
        if answer.find("~") != -1:
            return "choices"
        if answer.find("=") != -1 and "->" in answer.text:
            return "matching"
        hash_at = answer.find("#")
        head = answer.slice(0, hash_at) if hash_at > 0 else answer
        return "true_false" if php_trim(head.value()).upper() in _TRUE_FALSE else "short_answer"

    def choices(self, answer: _Raw, fmt: str, line: int, item: str) -> dict[str, Any] | None:
        build = self.build
        single = answer.find("=") != -1
        options: list[tuple[str, float]] = []
        for marker, piece in answer.split("~="):
            piece = piece.strip()
            if not marker and not len(piece):
                continue
            weight: float | None = 1.0
            if marker != "=":
                weight, piece = _weight(piece)
            options.append((_answer_text(piece, fmt), weight or 0.0))
        if len(options) < 2:
            build.reject(line, item, "a multiple choice question needs at least 2 answers")
            return None
        if single:
            full = [text for text, weight in options if weight >= 1]
            partial = [text for text, weight in options if 0 < weight < 1]
            if len(full) > 1:
                build.reject(line, item, f"{len(full)} answers are fully correct in a one-answer question; mark one "
                             "with '=', or use weights such as ~%50% for a question with several right answers")
                return None
            if partial:
                build.note(line, item, "partial credit is not supported in a one-answer question; these answers "
                           f"are now wrong options: {', '.join(partial)}")
            return {"type": "single_choice",
                    "options": [{"text": text, "correct": weight >= 1} for text, weight in options]}
        positive = {weight for _, weight in options if weight > 0}
        if not positive:
            build.reject(line, item, "no answer has a positive weight (such as ~%50%), so none is correct")
            return None
        if len(positive) > 1:
            build.note(line, item, "answer weights are not kept: every answer with a positive weight counts as one "
                       "correct option (wrong choices cancel right ones)")
        return {"type": "multiple_select",
                "options": [{"text": text, "correct": weight > 0} for text, weight in options]}

    def matching(self, answer: _Raw, fmt: str, line: int, item: str) -> dict[str, Any] | None:
        build = self.build
        pairs, extra = [], []
        for marker, piece in answer.split("="):
            piece = piece.strip()
            if not marker and not len(piece):
                continue
            arrow = piece.text.find("->")
            if arrow == -1:
                build.reject(line, item, "every answer of a matching question must be written '=left -> right'")
                return None
            left = _formatted(piece.slice(0, arrow), fmt)[0]
            right = php_trim(piece.slice(arrow + 2).value())
            if left:
                pairs.append({"left": left, "right": right})
            else:
                extra.append(right)
        if len(pairs) < 3:
            build.reject(line, item, f"a matching question needs at least 3 pairs here (found {len(pairs)})")
            return None
        if extra:
            build.note(line, item, f"extra right-hand answers (distractors) are not supported and were dropped: "
                       f"{', '.join(extra)}")
        return {"type": "matching", "pairs": pairs}

    def true_false(self, answer: _Raw, fmt: str, line: int, item: str) -> dict[str, Any]:
        hash_at = answer.find("#")
        head = answer.slice(0, hash_at) if hash_at > 0 else answer
        return {"type": "true_false", "answer": _TRUE_FALSE[php_trim(head.value()).upper()]}

    def short_answer(self, answer: _Raw, fmt: str, line: int, item: str) -> dict[str, Any] | None:
        build = self.build
        answers: list[str] = []
        seen: set[str] = set()
        dropped: list[str] = []
        for marker, piece in answer.split("="):
            piece = piece.strip()
            if not marker and not len(piece):
                continue
            weight, piece = _weight(piece)
            text = _answer_text(piece, fmt)
            if (weight is not None and weight < 1) or normalise(text) in seen:
                dropped.append(text)
            else:
                seen.add(normalise(text))
                answers.append(text)
        if not answers:
            build.reject(line, item, "no answer is accepted with full marks (=answer or =%100%answer)")
            return None
        if dropped:
            build.note(line, item, "only answers worth 100% are accepted here (repeats are dropped too); dropped: "
                       f"{', '.join(dropped)}")
        return {"type": "short_answer", "answers": answers}

    def ordering(self, answer: _Raw, fmt: str, line: int, item: str) -> dict[str, Any] | None:
        match = _ORDERING.match(answer.text)
        assert match is not None
        items = []
        for _, piece in answer.slice(match.end()).split("\n"):
            piece = piece.strip()
            if len(piece):
                items.append(php_trim(piece.value()))
        shown = int(match.group(1)[:6])
        if 0 < shown < len(items):
            self.build.note(line, item, f"Moodle showed {shown} of the {len(items)} items; all of them are used here")
        return {"type": "ordering", "items": items}


@guarded("GIFT file")
def import_gift(data: bytes | str, defaults: ImportDefaults) -> ImportPreview:
    """Parse a GIFT file into a preview (see the module docstring for the mapping).

    Raises :class:`ImportError_` (only) when the file cannot be used at all: too large, not
    text, not UTF-8, a line longer than the limit, or more questions than :data:`MAX_ITEMS`.
    """
    text = read_text(data, "GIFT file")
    importer = _Importer(defaults)
    for block in _blocks(text):
        importer.block(block)
    return importer.build.preview()


# --- export ----------------------------------------------------------------------------------


def _clean(text: str) -> str:
    return php_trim(unify_newlines(text).replace("\x00", ""))


def _escape(text: str) -> str:
    out = text.replace("\\", "\\\\")
    for char in ":#={}~":
        out = out.replace(char, "\\" + char)
    return out.replace("\n", "\\n")


def _text(text: str) -> str:
    """An answer or feedback text: escaped, and marked [plain] when it starts with '['."""
    clean = _clean(text)
    return ("[plain]" if clean.startswith("[") else "") + _escape(clean)


def _number(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


def _unwritable(question: Question) -> str:
    """Why ``question`` cannot be written in GIFT, or ''."""
    if isinstance(question, ShortAnswer) and any("->" in answer for answer in question.answers):
        return "a short answer containing '->' would be read back as a matching question"
    if isinstance(question, Matching) and any("->" in pair.left for pair in question.pairs):
        return "a matching left-hand entry containing '->' cannot be written in GIFT"
    if isinstance(question, Ordering) and any(_clean(item).startswith("//") for item in question.items):
        return "an ordering item starting with '//' would be read back as a comment"
    return ""


def _answer_lines(question: Question) -> list[str]:
    match question:
        case SingleChoice():
            return [
                ("\t=" if option.correct else "\t~" + ("%0%" if _clean(option.text).startswith("%") else ""))
                + _text(option.text)
                for option in question.options
            ]
        case MultipleSelect():
            share = 100 / sum(option.correct for option in question.options)
            return [f"\t~%{_number(share if option.correct else -share)}%{_text(option.text)}"
                    for option in question.options]
        case ShortAnswer():
            return [f"\t=%100%{_text(answer)}" for answer in question.answers]
        case Matching():
            return [f"\t={_text(pair.left)} -> {_escape(_clean(pair.right))}" for pair in question.pairs]
        case Ordering():
            return [f"\t{_escape(_clean(item))}" for item in question.items]
    return []


def _write(question: Question) -> str:
    comment = f"// [id:{question.id}]" + "".join(f" [tag:{tag}]" for tag in question.tags)
    head = f"::{_escape(question.id)}::[plain]{_escape(_clean(question.prompt))}{{"
    if isinstance(question, TrueFalse):
        head += "TRUE" if question.answer else "FALSE"
    elif isinstance(question, Ordering):
        head += f">{len(question.items)} {_ORDERING_OPTIONS}"
    lines = [comment, head, *_answer_lines(question), f"\t####{_text(question.explanation)}", "}"]
    return "\n".join(lines)


def export_gift(questions: Iterable[Question], *, category_prefix: str = "$course$/top") -> TextExport:
    """The questions as a GIFT file, and the ones that could not be written.

    A ``$CATEGORY: <category_prefix>/<topic>`` line starts each run of questions of one topic.
    Skipped (GIFT cannot say them unambiguously): short answers containing ``->``, matching
    left entries containing ``->``, ordering items starting with ``//``. NUL characters are
    removed and outer spaces trimmed, as Moodle trims them.
    """
    out = ["// Questions exported from Quiz App in Moodle's GIFT format.", ""]
    skipped: list[Skipped] = []
    topic = None
    for question in questions:
        problem = _unwritable(question)
        if problem:
            skipped.append(Skipped(question.id, problem))
            continue
        if question.topic != topic:
            out += [f"$CATEGORY: {category_prefix}/{question.topic}", ""]
            topic = question.topic
        out += [_write(question), ""]
    return TextExport("\n".join(out), skipped)
