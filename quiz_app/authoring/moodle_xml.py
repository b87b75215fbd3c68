"""Moodle XML: import into an :class:`ImportPreview`, export questions as Moodle XML.

The importer follows Moodle's ``question/format/xml/format.php``. The file is parsed with
``xml.etree.ElementTree``'s tree builder fed by expat, after two protections against hostile
XML: a file with a ``<!DOCTYPE`` or ``<!ENTITY`` declaration before its first element is refused
before parsing (this stops "billion laughs" entity bombs and external entities, XXE; such
declarations cannot appear anywhere else, so a question *about* ``<!DOCTYPE html>`` is fine), and
the parser itself refuses any DOCTYPE, entity declaration or external entity it meets. The document is always decoded
by us (UTF-8, or UTF-16 with a byte order mark) and parsed as UTF-8, whatever encoding the XML
declaration names.

How Moodle's question types map onto ours:

===========================================================  ==========================================
Moodle XML                                                   here
===========================================================  ==========================================
``multichoice`` with ``<single>true</single>`` (default)     single_choice: the answer with fraction 100
``multichoice`` with ``<single>false</single>``              multiple_select: fraction > 0 = correct
``truefalse``                                                true_false
``shortanswer``                                              short_answer: answers with fraction 100
``matching`` (or ``match``)                                  matching (at least 3 pairs, else rejected)
``ordering`` (Moodle 4.4+)                                   ordering, in the order of the answers
``category``                                                 topic (slug of the last path segment)
``<generalfeedback>``                                        explanation
``<tags><tag><text>``                                        tags (made slugs)
===========================================================  ==========================================

Not mapped (listed in ``unmapped``): essay, numerical, description, cloze/multianswer,
calculated*, drag-and-drop and any other type. Texts with ``format="html"`` (Moodle's default
for question text) become plain text (tags removed, entities decoded); ``moodle_auto_format``,
``plain_text`` and ``markdown`` text is kept as written. Dropped, as in GIFT: the question name
(used to label problems), ``<idnumber>`` (ids are generated), per-answer and combined feedback,
hints, penalties, grades, ``usecase`` (our short answers ignore case), embedded images other than
one per question text and per choice answer (``<file>``; a note says so; those kept are re-encoded
like an upload and marked as the importing teacher's own, with a note), partial credit in
one-answer questions (a note), short answers worth less than 100% (a note), matching distractors
(a note) and ordering display options.

Export writes every question type with ``format="plain_text"`` texts, a ``category`` question
before each topic, ``<idnumber>`` = our id, ``<tags>``, multiple_select fractions ``+100/n`` and
``-100/n`` (our partial-credit rule) and ordering as Moodle's ``ordering`` type with relative
grading. Characters XML 1.0 cannot hold (most control characters) are removed.
"""

from __future__ import annotations

import base64
import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote, unquote
from xml.parsers import expat

from quiz_app.authoring.images import IMPORTED_AS_OWN, img_tags, incoming
from quiz_app.authoring.items import ImportDefaults, ImportPreview, PreviewBuilder, TextExport, label, tag_slugs
from quiz_app.authoring.limits import MAX_ITEMS, ImportError_, guarded, read_text
from quiz_app.authoring.textconv import category_topic, html_to_text, php_trim, unify_newlines
from quiz_app.bank.media import MediaFile
from quiz_app.bank.models import (
    ImageRef,
    Matching,
    MultipleSelect,
    Ordering,
    Question,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from quiz_app.bank.text import normalise

PLUGINFILE = "@@PLUGINFILE@@"
_DECLARATION = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_ELEMENT_START = re.compile(r"<[A-Za-z_]")
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_UNMAPPED = {
    "essay": "an essay question needs a teacher to grade it; there is no equivalent here",
    "numerical": "a numerical question has no equivalent here; write it as a short answer",
    "description": "a description is not a question; it was not imported",
    "cloze": "an embedded-answers (cloze) question has no equivalent here",
    "multianswer": "an embedded-answers (cloze) question has no equivalent here",
}


class _Refused(Exception):
    pass


def _refuse(*_: Any) -> None:
    raise _Refused


def _parse(text: str) -> tuple[ET.Element, dict[ET.Element, int]]:
    """The document's root element and the line of every element."""
    builder = ET.TreeBuilder()
    parser = expat.ParserCreate(encoding="UTF-8")
    lines: dict[ET.Element, int] = {}

    def start(tag: str, attributes: dict[str, str]) -> None:
        lines[builder.start(tag, attributes)] = parser.CurrentLineNumber

    parser.buffer_text = True
    parser.StartElementHandler = start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(text.encode("utf-8"), True)
        root = builder.close()
    except _Refused:
        raise ImportError_(_DOCTYPE_MESSAGE) from None
    except expat.ExpatError as error:
        raise ImportError_(
            f"This is not well-formed XML: {expat.ErrorString(error.code)} (line {error.lineno}).", line=error.lineno
        ) from None
    return root, lines


_DOCTYPE_MESSAGE = (
    "XML files with a DOCTYPE or ENTITY declaration are refused, because such declarations can be used to attack "
    "the server. Moodle never writes them: export the questions from Moodle again."
)


def _fraction(element: ET.Element) -> float:
    raw = element.get("fraction", "0").strip() or "0"
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"the fraction '{raw[:20]}' is not a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"the fraction '{raw[:20]}' is not a number")
    return value / 100


class _Importer:
    def __init__(self, defaults: ImportDefaults, lines: dict[ET.Element, int]) -> None:
        self.build = PreviewBuilder(defaults)
        self.defaults = defaults
        self.topic = defaults.topic
        self.lines = lines
        self.images = False

    def text(self, element: ET.Element | None, default_format: str, *, plain: bool = False,
             pictured: bool = False) -> tuple[str, str]:
        """Text and format of an element holding ``<text>`` (HTML made plain unless ``plain``).

        ``pictured``: the element's images are taken by :meth:`picture`; otherwise they are noted as lost.
        """
        if element is None:
            return "", default_format
        fmt = element.get("format", default_format)
        if element.find("file") is not None and not pictured:
            self.images = True
        raw = php_trim(element.findtext("text") or "")
        if fmt == "html" and not plain:
            if "<img" in raw.lower() and not pictured:
                self.images = True
            raw = html_to_text(raw)
        return raw, fmt

    def picture(self, element: ET.Element | None, line: int, item: str) -> dict[str, Any] | None:
        """The first image of an element (``<img src="@@PLUGINFILE@@/...">`` with its embedded ``<file>``)
        as an image reference, re-encoded like an upload; notes for what could not be kept."""
        if element is None:
            return None
        files = {f.get("name", ""): f for f in element.findall("file")}
        tags = img_tags(element.findtext("text") or "")
        found: dict[str, Any] | None = None
        for src, alt in tags:
            name = unquote(src.removeprefix(PLUGINFILE).lstrip("/")) if src.startswith(PLUGINFILE) else ""
            embedded = files.get(name)
            if embedded is None:
                self.build.note(line, item, f"the image '{src[:80]}' is not embedded in the file (no <file>), so "
                                "it was not imported")
                continue
            if found is not None:
                self.build.note(line, item, f"only one picture per text is kept here; '{name[:80]}' was dropped")
                continue
            try:
                data = base64.b64decode((embedded.text or "").encode("ascii"), validate=False)
            except (ValueError, UnicodeEncodeError):
                self.build.note(line, item, f"the embedded image '{name[:80]}' is not valid base64; not imported")
                continue
            checked = incoming(data, name)
            if isinstance(checked, str):
                self.build.note(line, item, f"the image '{name[:80]}' cannot be used: {checked}")
                continue
            self.build.media[checked.name] = checked
            found = {"src": checked.name, "alt": alt.strip() or f"Picture {name}"[:1000], "own": True}
            self.build.note(line, item, f"image '{name[:80]}' {IMPORTED_AS_OWN}"
                            + ("" if alt.strip() else "; it had no alt text: describe it in the editor"))
        for name in files.keys() - {unquote(src.removeprefix(PLUGINFILE).lstrip("/")) for src, _ in tags}:
            self.build.note(line, item, f"the embedded file '{name[:80]}' is not shown in the text; not imported")
        return found

    def question(self, element: ET.Element) -> None:
        kind = element.get("type", "").strip()
        line = self.lines.get(element, 0)
        name = php_trim(element.findtext("name/text") or "")
        if kind == "category":
            path = element.findtext("category/text")
            path = path if path is not None else (element.findtext("category") or "")
            topic = category_topic(path)
            if not topic:
                self.build.note(line, path.strip(), "this category has no name usable as a topic id; "
                                "the questions that follow go to the default topic")
            self.topic = topic or self.defaults.topic
            return
        self.images = False
        prompt, fmt = self.text(element.find("questiontext"), "html", pictured=True)
        item = label(name, prompt)
        reader = getattr(self, "read_" + kind, None) if kind in _READERS else None
        if reader is None:
            reason = _UNMAPPED.get(kind, f"Moodle '{kind}' questions have no equivalent here")
            self.build.unmap(line, item, reason)
            return
        if not prompt:
            self.build.reject(line, item, "the question has no text (<questiontext>)")
            return
        explanation = self.text(element.find("generalfeedback"), fmt)[0]
        tags, dropped = tag_slugs(php_trim(tag.findtext("text") or "") for tag in element.findall("tags/tag"))
        try:
            data = reader(element, fmt, line, item)
        except ValueError as error:
            self.build.reject(line, item, str(error))
            return
        if data is None:
            return
        if dropped:
            self.build.note(line, item, f"tags that cannot be used as tag ids were dropped: {', '.join(dropped)}")
        if self.images:
            self.build.note(line, item, "images are not imported; check that the question still makes sense")
        base = {"prompt": prompt, "explanation": explanation, "topic": self.topic, "tags": tags}
        image = self.picture(element.find("questiontext"), line, item)
        if image is not None:
            base["image"] = image
        self.build.question({**base, **data}, line=line, item=item)

    def read_multichoice(self, element: ET.Element, fmt: str, line: int, item: str) -> dict[str, Any] | None:
        single_text = (element.findtext("single") or "true").strip()
        single = single_text not in ("false", "", "0")
        answers = element.findall("answer")
        options = [(self.text(answer, fmt, pictured=True)[0], _fraction(answer)) for answer in answers]
        pictures = [self.picture(answer, line, item) for answer in answers]
        if single:
            full = [text for text, fraction in options if fraction >= 1]
            partial = [text for text, fraction in options if 0 < fraction < 1]
            if len(full) != 1:
                self.build.reject(line, item, f"a one-answer question needs exactly one answer with fraction 100 "
                                  f"(found {len(full)})")
                return None
            if partial:
                self.build.note(line, item, "partial credit is not supported in a one-answer question; these "
                                f"answers are now wrong options: {', '.join(partial)}")
            return {"type": "single_choice",
                    "options": _with_pictures([{"text": text, "correct": fraction >= 1} for text, fraction in options],
                                              pictures)}
        positive = {fraction for _, fraction in options if fraction > 0}
        if not positive:
            self.build.reject(line, item, "no answer has a positive fraction, so none is correct")
            return None
        if len(positive) > 1:
            self.build.note(line, item, "answer fractions are not kept: every answer with a positive fraction counts "
                            "as one correct option (wrong choices cancel right ones)")
        return {"type": "multiple_select",
                "options": _with_pictures([{"text": text, "correct": fraction > 0} for text, fraction in options],
                                          pictures)}

    def read_truefalse(self, element: ET.Element, fmt: str, line: int, item: str) -> dict[str, Any] | None:
        answer: bool | None = None
        for index, option in enumerate(element.findall("answer")):
            text = php_trim(option.findtext("text") or "")
            if text not in ("true", "false"):  # an old file: true first, then false
                text = "true" if index == 0 else "false"
            is_full = _fraction(option) == 1
            answer = is_full if text == "true" else not is_full
        if answer is None:
            self.build.reject(line, item, "a true/false question needs its 'true' and 'false' answers")
            return None
        return {"type": "true_false", "answer": answer}

    def read_shortanswer(self, element: ET.Element, fmt: str, line: int, item: str) -> dict[str, Any] | None:
        answers: list[str] = []
        seen: set[str] = set()
        dropped: list[str] = []
        for option in element.findall("answer"):
            text = php_trim(option.findtext("text") or "")
            if _fraction(option) < 1 or normalise(text) in seen:
                dropped.append(text)
            else:
                seen.add(normalise(text))
                answers.append(text)
        if not answers:
            self.build.reject(line, item, "no answer has fraction 100, so none is accepted")
            return None
        if dropped:
            self.build.note(line, item, "only answers worth 100% are accepted here (repeats are dropped too); "
                            f"dropped: {', '.join(dropped)}")
        if any("*" in answer for answer in answers):
            self.build.note(line, item, "the wildcard * in an answer is matched as a plain character here")
        return {"type": "short_answer", "answers": answers}

    def read_matching(self, element: ET.Element, fmt: str, line: int, item: str) -> dict[str, Any] | None:
        pairs, extra = [], []
        for sub in element.findall("subquestion"):
            left = self.text(sub, fmt)[0]
            right = php_trim(sub.findtext("answer/text") or "")
            if left:
                pairs.append({"left": left, "right": right})
            elif right:
                extra.append(right)
        if len(pairs) < 3:
            self.build.reject(line, item, f"a matching question needs at least 3 pairs here (found {len(pairs)})")
            return None
        if extra:
            self.build.note(line, item, "extra right-hand answers (distractors) are not supported and were dropped: "
                            f"{', '.join(extra)}")
        return {"type": "matching", "pairs": pairs}

    read_match = read_matching

    def read_ordering(self, element: ET.Element, fmt: str, line: int, item: str) -> dict[str, Any] | None:
        items = [self.text(answer, fmt)[0] for answer in element.findall("answer")]
        return {"type": "ordering", "items": items}


def _with_pictures(options: list[dict[str, Any]], pictures: list[dict[str, Any] | None]) -> list[dict[str, Any]]:
    return [{**option, "image": picture} if picture else option for option, picture in zip(options, pictures,
                                                                                          strict=True)]


_READERS = frozenset(("multichoice", "truefalse", "shortanswer", "matching", "match", "ordering"))


@guarded("Moodle XML file")
def import_moodle_xml(data: bytes | str, defaults: ImportDefaults) -> ImportPreview:
    """Parse a Moodle XML question file into a preview (see the module docstring for the mapping).

    Raises :class:`ImportError_` (only) when the file cannot be used at all: too large, not
    UTF-8/UTF-16 text, a DOCTYPE or ENTITY declaration, not well-formed, not a ``<quiz>``
    document, or more questions than :data:`MAX_ITEMS`.
    """
    text = read_text(data, "Moodle XML file", max_line=None)
    first_element = _ELEMENT_START.search(text)
    if _DECLARATION.search(text, 0, first_element.start() if first_element else len(text)):
        raise ImportError_(_DOCTYPE_MESSAGE)
    root, lines = _parse(text)
    if root.tag != "quiz":
        raise ImportError_(f"This is not a Moodle XML question file: its top element is <{root.tag[:40]}>, "
                           "not <quiz>.")
    questions = root.findall("question")
    if sum(element.get("type") != "category" for element in questions) > MAX_ITEMS:
        raise ImportError_(f"The file holds more than {MAX_ITEMS:,} questions; split it into smaller files.")
    importer = _Importer(defaults, lines)
    for element in questions:
        importer.question(element)
    return importer.build.preview()


# --- export ----------------------------------------------------------------------------------


def _clean(text: str) -> str:
    return php_trim(_XML_INVALID.sub("", unify_newlines(text)))


def _text_element(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    ET.SubElement(element, "text").text = _clean(text)
    return element


def _number(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


def _html(text: str) -> str:
    return "<br>".join(html.escape(line, quote=False) for line in _clean(text).split("\n"))


def _pictured(parent: ET.Element, tag: str, text: str, ref: ImageRef | None, media: Mapping[str, MediaFile],
              **attributes: str) -> ET.Element:
    """A text element; with a picture, as HTML with the image embedded as Moodle does (``@@PLUGINFILE@@``)."""
    file = media.get(ref.src) if ref is not None else None
    if file is None or ref is None:
        return _text_element(parent, tag, text, **attributes, format="plain_text")
    name = PurePosixPath(ref.src).name
    markup = (f"<p>{_html(text)}</p><p><img src=\"{PLUGINFILE}/{quote(name)}\" alt=\"{html.escape(ref.alt)}\" "
              f"width=\"{file.width}\" height=\"{file.height}\"></p>")
    element = ET.SubElement(parent, tag, {**attributes, "format": "html"})
    ET.SubElement(element, "text").text = _XML_INVALID.sub("", markup)
    embedded = ET.SubElement(element, "file", {"name": name, "path": "/", "encoding": "base64"})
    embedded.text = base64.b64encode(file.data).decode("ascii")
    return element


def _answers(element: ET.Element, question: Question, media: Mapping[str, MediaFile]) -> None:
    plain = {"format": "plain_text"}
    match question:
        case SingleChoice() | MultipleSelect():
            single = isinstance(question, SingleChoice)
            ET.SubElement(element, "single").text = "true" if single else "false"
            ET.SubElement(element, "shuffleanswers").text = "true"
            ET.SubElement(element, "answernumbering").text = "abc"
            share = 100.0 if single else 100 / sum(option.correct for option in question.options)
            for option in question.options:
                fraction = share if option.correct else (0.0 if single else -share)
                _pictured(element, "answer", option.text, option.image, media, fraction=_number(fraction))
        case TrueFalse():
            for value in (True, False):
                _text_element(element, "answer", str(value).lower(),
                              fraction="100" if value == question.answer else "0", **plain)
        case ShortAnswer():
            ET.SubElement(element, "usecase").text = "0"
            for answer in question.answers:
                _text_element(element, "answer", answer, fraction="100", **plain)
        case Matching():
            ET.SubElement(element, "shuffleanswers").text = "true"
            for pair in question.pairs:
                sub = _text_element(element, "subquestion", pair.left, **plain)
                ET.SubElement(ET.SubElement(sub, "answer"), "text").text = _clean(pair.right)
        case Ordering():
            for tag, value in (("layouttype", "VERTICAL"), ("selecttype", "ALL"),
                               ("selectcount", str(len(question.items))),
                               ("gradingtype", "RELATIVE_ALL_PREVIOUS_AND_NEXT"), ("showgrading", "SHOW"),
                               ("numberingstyle", "none")):
                ET.SubElement(element, tag).text = value
            for position, item in enumerate(question.items, 1):
                _text_element(element, "answer", item, fraction=str(position), **plain)


_TYPES = {"single_choice": "multichoice", "multiple_select": "multichoice", "true_false": "truefalse",
          "short_answer": "shortanswer", "matching": "matching", "ordering": "ordering"}


def export_moodle_xml(questions: Iterable[Question], *, category_prefix: str = "$course$/top",
                      media: Mapping[str, MediaFile] | None = None) -> TextExport:
    """The questions as a Moodle XML file (every type can be written; ``skipped`` stays empty).

    A ``category`` question ``<category_prefix>/<topic>`` comes before each run of questions of
    one topic. With ``media`` (the pack's image files), pictures of prompts and choice options are
    embedded as base64 ``<file>`` elements shown by ``<img src="@@PLUGINFILE@@/...">``.
    """
    media = media or {}
    root = ET.Element("quiz")
    topic = None
    for question in questions:
        if question.topic != topic:
            category = ET.SubElement(root, "question", {"type": "category"})
            _text_element(category, "category", f"{category_prefix}/{question.topic}")
            topic = question.topic
        element = ET.SubElement(root, "question", {"type": _TYPES[question.type]})
        _text_element(element, "name", question.id)
        _pictured(element, "questiontext", question.prompt, question.image, media)
        _text_element(element, "generalfeedback", question.explanation, format="plain_text")
        ET.SubElement(element, "defaultgrade").text = "1"
        ET.SubElement(element, "idnumber").text = question.id
        _answers(element, question, media)
        if question.tags:
            tags = ET.SubElement(element, "tags")
            for tag in question.tags:
                ET.SubElement(ET.SubElement(tags, "tag"), "text").text = tag
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return TextExport('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n")
