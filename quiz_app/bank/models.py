"""Pydantic v2 models of a question pack: metadata, learning objectives, questions and flashcards.

The YAML files in ``question_bank/`` are validated against these models; unknown keys are errors.
Rules that span several fields (one correct option, distinct options...) are reported by
:func:`_rules_error`, which carries a location for each broken rule so that the loader and the
authoring forms can point at the exact option or item. Pydantic only runs those rules when every
field is valid, so :func:`rule_issues` runs the same rules on raw data: the loader uses it to
report them together with the field errors of the same question.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from quiz_app.bank.text import normalise

QUESTION_TYPES = (
    "single_choice",
    "multiple_select",
    "true_false",
    "ordering",
    "matching",
    "short_answer",
)

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_DATE = re.compile(r"[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?")


def _check_slug(value: str) -> str:
    if not _SLUG.fullmatch(value):
        raise PydanticCustomError(
            "slug",
            "must be an id made of lowercase letters, digits and single hyphens, such as 'lpg-price'",
        )
    return value


def _check_not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank", "must not be empty or only spaces")
    return value


def _date_to_text(value: Any) -> Any:
    # YAML turns an unquoted 2022-01-05 into a date and 2022 into a number; accept both as text.
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _check_date(value: str) -> str:
    if not _DATE.fullmatch(value):
        raise PydanticCustomError("date", "must be a date written YYYY, YYYY-MM or YYYY-MM-DD")
    if len(value) == 10:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError("date", "must be a real date; there is no {date}", {"date": value}) from None
    return value


Slug = Annotated[str, StringConstraints(max_length=80), AfterValidator(_check_slug)]


def _check_day(value: str) -> str:
    _check_date(value)
    if len(value) != 10:
        raise PydanticCustomError("date", "must be a day written YYYY-MM-DD, such as 2022-01-05")
    return value


def _check_media_path(value: str) -> str:
    """An image path inside the pack: ``media/<file>``, never leaving the pack folder."""
    from quiz_app.bank.media import path_problem

    problem = path_problem(value)
    if problem:
        raise PydanticCustomError("media_path", problem)
    return value


def text(max_length: int) -> Any:
    """A required piece of text: not blank, at most ``max_length`` characters."""
    return Annotated[
        str, StringConstraints(min_length=1, max_length=max_length), AfterValidator(_check_not_blank)
    ]


ShortText = text(200)
Title = text(200)
Prompt = text(500)
Explanation = text(1500)
DateText = Annotated[str, BeforeValidator(_date_to_text), AfterValidator(_check_date)]
DayText = Annotated[str, BeforeValidator(_date_to_text), AfterValidator(_check_day)]
MediaPath = Annotated[str, StringConstraints(min_length=1, max_length=200), AfterValidator(_check_media_path)]
# Strict: YAML's ``true`` or a quoted "2" is not a difficulty.
Difficulty = Annotated[int, Field(ge=1, le=3, strict=True)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


def _rules_error(issues: list[tuple[tuple[str | int, ...], str]]) -> PydanticCustomError:
    """One error for a model whose fields break cross-field rules.

    ``issues`` holds (path inside the model, message) pairs; the loader expands them into
    one located problem each.
    """
    message = "; ".join(message for _, message in issues)
    return PydanticCustomError("bank_rules", message, {"issues": issues})


def _duplicates(texts: Sequence[str | None]) -> list[int]:
    """Indexes of entries equal (after :func:`normalise`) to an earlier entry; ``None`` is skipped."""
    seen: set[str] = set()
    repeated = []
    for index, value in enumerate(texts):
        if value is None:
            continue
        key = normalise(value)
        if key in seen:
            repeated.append(index)
        seen.add(key)
    return repeated


# --- images ---------------------------------------------------------------------------------


class ImageRef(_Strict):
    """An image in the pack's ``media/`` folder, shown with a question, an option, a card side,
    a topic or a learning objective.

    ``alt`` is what a screen reader says instead of the image (required). ``credit`` and
    ``license`` say who made it and under which licence; they may be left out only for an image
    the pack's own authors made, which ``own: true`` says.
    """

    src: MediaPath
    alt: text(1000)
    credit: ShortText | None = None
    license: ShortText | None = None
    own: bool = False

    @model_validator(mode="after")
    def _credited(self) -> ImageRef:
        if self.own:
            return self
        issues: Issues = []
        if self.credit is None:
            issues.append((("credit",), "'credit' is required: who made the image and where it comes from "
                                        "(or write 'own: true' if the pack's authors made it)"))
        if self.license is None:
            issues.append((("license",), "'license' is required: the image's licence, such as 'CC-BY-4.0' or "
                                         "'public domain' (or write 'own: true' if the pack's authors made it)"))
        _raise_if(issues)
        return self


# --- pack metadata -------------------------------------------------------------------------


class Source(_Strict):
    """A published work the pack's facts come from."""

    id: Slug
    title: Title
    publisher: Title
    date: DateText
    address: Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=500)] | None = None


class Citation(_Strict):
    """Where in a source a learning objective's fact can be checked (e.g. ``para 5``)."""

    source: Slug
    locator: ShortText


class Topic(_Strict):
    """A group of questions, such as ``causes`` or ``events``."""

    id: Slug
    title: Title
    description: text(500) | None = None
    image: ImageRef | None = None


class LearningObjective(_Strict):
    """One fact or idea a learner should master, with the sources that support it."""

    id: Slug
    topic: Slug
    statement: text(400)
    citations: Annotated[list[Citation], Field(min_length=1, max_length=10)]
    date: DayText | None = None  # when it happened, for the timeline (YYYY-MM-DD)
    label: text(60) | None = None  # a few words naming it on the timeline (default: the statement's start)
    image: ImageRef | None = None


class PackMeta(_Strict):
    """The contents of ``pack.yaml``."""

    id: Slug
    title: Title
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(?:-[A-Z]{2})?$")]
    description: text(2000)
    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+(?:\.\d+)?$")]
    license: ShortText
    authors: Annotated[list[ShortText], Field(min_length=1, max_length=50)]
    sources: Annotated[list[Source], Field(min_length=1, max_length=100)]
    topics: Annotated[list[Topic], Field(min_length=1, max_length=100)]
    objectives: Annotated[list[LearningObjective], Field(min_length=1, max_length=2000)]


# --- questions -----------------------------------------------------------------------------


class _QuestionBase(_Strict):
    id: Slug
    topic: Slug
    objectives: Annotated[list[Slug], Field(min_length=1, max_length=10)]
    difficulty: Difficulty
    prompt: Prompt
    image: ImageRef | None = None  # shown under the prompt
    explanation: Explanation
    tags: Annotated[list[Slug], Field(max_length=20)] = []


class Option(_Strict):
    """One answer option of a choice question (``image`` is shown beside its text)."""

    text: ShortText
    correct: bool = False
    image: ImageRef | None = None


# --- rules across fields ----------------------------------------------------------------------
#
# Each rule takes plain values so that it runs both on a validated question (model validators
# below) and on the raw data of a question whose other fields are invalid (rule_issues), so that
# one run of the checker reports everything.

Issues = list[tuple[tuple[str | int, ...], str]]


def _option_issues(texts: Sequence[str | None], correct: Sequence[bool] | None, *, exactly_one: bool) -> Issues:
    issues: Issues = [
        (("options", index, "text"), f"option {index + 1} repeats an earlier option") for index in _duplicates(texts)
    ]
    if correct is None:
        return issues
    found = sum(correct)
    if exactly_one and found != 1:
        issues.append((("options",), f"exactly one option must be marked 'correct: true' (found {found})"))
    elif not exactly_one and not found:
        issues.append((("options",), "at least one option must be marked 'correct: true'"))
    return issues


def _item_issues(items: Sequence[str | None]) -> Issues:
    return [(("items", index), f"item {index + 1} repeats an earlier item") for index in _duplicates(items)]


def _pair_issues(lefts: Sequence[str | None], rights: Sequence[str | None]) -> Issues:
    return [
        (("pairs", index, side), f"pair {index + 1}: '{side}' repeats an earlier pair")
        for side, texts in (("left", lefts), ("right", rights))
        for index in _duplicates(texts)
    ]


def _answer_issues(answers: Sequence[str | None]) -> Issues:
    issues = [
        (("answers", index), f"accepted answer {index + 1} repeats an earlier answer")
        for index in _duplicates(answers)
    ]
    issues += [
        (("answers", index), "an accepted answer needs at least one letter or digit")
        for index, answer in enumerate(answers)
        if answer is not None and not normalise(answer)
    ]
    return issues


def _raw_text(value: Any) -> str | None:
    """``value`` if it is text that passes the text checks' blank test, else ``None``."""
    return value if isinstance(value, str) and value.strip() else None


def _raw_list(data: Mapping[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    return value if isinstance(value, list) else []


def _raw_field(entries: list[Any], key: str) -> list[str | None]:
    return [_raw_text(entry.get(key)) if isinstance(entry, dict) else None for entry in entries]


_BOOL: TypeAdapter[bool] = TypeAdapter(bool)


def _raw_correct(options: list[Any]) -> list[bool] | None:
    """The ``correct`` flags of raw options, or ``None`` if any is missing its mapping or invalid."""
    flags = []
    for option in options:
        if not isinstance(option, dict):
            return None
        try:
            flags.append(_BOOL.validate_python(option.get("correct", False)))
        except ValidationError:
            return None
    return flags


def rule_issues(data: Any) -> Issues:
    """The cross-field rule issues of a question given as raw data (such as parsed YAML).

    The loader calls it for a question that failed validation for another reason, so that the
    rule problems (repeated options, no correct option...) are reported in the same run.
    Values that are themselves invalid are left out of the rules.
    """
    if not isinstance(data, dict):
        return []
    kind = data.get("type")
    if kind in ("single_choice", "multiple_select"):
        options = _raw_list(data, "options")
        correct = _raw_correct(options) if options else None
        return _option_issues(_raw_field(options, "text"), correct, exactly_one=kind == "single_choice")
    if kind == "ordering":
        return _item_issues([_raw_text(item) for item in _raw_list(data, "items")])
    if kind == "matching":
        pairs = _raw_list(data, "pairs")
        return _pair_issues(_raw_field(pairs, "left"), _raw_field(pairs, "right"))
    if kind == "short_answer":
        return _answer_issues([_raw_text(answer) for answer in _raw_list(data, "answers")])
    return []


def _raise_if(issues: Issues) -> None:
    if issues:
        raise _rules_error(issues)


Options = Annotated[list[Option], Field(min_length=2, max_length=6)]


class SingleChoice(_QuestionBase):
    """Pick the one correct option."""

    type: Literal["single_choice"]
    options: Options

    @model_validator(mode="after")
    def _rules(self) -> SingleChoice:
        texts = [option.text for option in self.options]
        _raise_if(_option_issues(texts, [option.correct for option in self.options], exactly_one=True))
        return self


class MultipleSelect(_QuestionBase):
    """Pick every correct option; partial credit is possible."""

    type: Literal["multiple_select"]
    options: Options

    @model_validator(mode="after")
    def _rules(self) -> MultipleSelect:
        texts = [option.text for option in self.options]
        _raise_if(_option_issues(texts, [option.correct for option in self.options], exactly_one=False))
        return self


class TrueFalse(_QuestionBase):
    """Decide whether the statement in the prompt is true."""

    type: Literal["true_false"]
    answer: bool


Items = Annotated[list[ShortText], Field(min_length=3, max_length=8)]


class Ordering(_QuestionBase):
    """Put the items in order; ``items`` lists them in the correct order."""

    type: Literal["ordering"]
    items: Items

    @model_validator(mode="after")
    def _rules(self) -> Ordering:
        _raise_if(_item_issues(self.items))
        return self


class Pair(_Strict):
    """A left-hand entry and the right-hand entry it belongs with."""

    left: ShortText
    right: ShortText


class Matching(_QuestionBase):
    """Match each left entry to its right entry."""

    type: Literal["matching"]
    pairs: Annotated[list[Pair], Field(min_length=3, max_length=8)]

    @model_validator(mode="after")
    def _rules(self) -> Matching:
        _raise_if(_pair_issues([pair.left for pair in self.pairs], [pair.right for pair in self.pairs]))
        return self


class ShortAnswer(_QuestionBase):
    """Type the answer; compared with ``answers`` after :func:`normalise`."""

    type: Literal["short_answer"]
    answers: Annotated[list[ShortText], Field(min_length=1, max_length=20)]

    @model_validator(mode="after")
    def _rules(self) -> ShortAnswer:
        _raise_if(_answer_issues(self.answers))
        return self


Question = Annotated[
    SingleChoice | MultipleSelect | TrueFalse | Ordering | Matching | ShortAnswer,
    Field(discriminator="type"),
]


class Flashcard(_Strict):
    """A card with a front (cue) and a back (answer)."""

    id: Slug
    topic: Slug
    objectives: Annotated[list[Slug], Field(min_length=1, max_length=10)]
    front: Prompt
    back: Explanation
    front_image: ImageRef | None = None
    back_image: ImageRef | None = None
    tags: Annotated[list[Slug], Field(max_length=20)] = []


class ContentFile(_Strict):
    """A question file of a pack: questions and/or flashcards."""

    questions: Annotated[list[Question], Field(max_length=20000)] = []
    flashcards: Annotated[list[Flashcard], Field(max_length=20000)] = []


KNOWN_FIELDS = frozenset(
    name
    for model in (
        Source, Citation, Topic, LearningObjective, PackMeta, SingleChoice, MultipleSelect,
        TrueFalse, Ordering, Matching, ShortAnswer, Option, Pair, Flashcard, ContentFile, ImageRef,
    )
    for name in model.model_fields
)
