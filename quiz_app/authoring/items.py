"""What an import produces (a preview) and the builder the importers share.

An importer never changes anything: it returns an :class:`ImportPreview` listing

* ``questions`` and ``flashcards``: validated models, ready to be added to a pack;
* ``rejected``: items of a known kind that are invalid (a reason says why);
* ``unmapped``: items of a kind our question types cannot represent (essay, numerical...);
* ``notes``: items that were imported but changed on the way (partial credit dropped...);
* ``pack``: the pack metadata, for a pack zip that has a valid ``pack.yaml``.

Nothing in the file is dropped silently: each item ends up in exactly one of ``questions``,
``flashcards``, ``rejected`` or ``unmapped`` (``notes`` come on top). Every entry has the
1-based line where the item starts (0 for the whole file) and, for multi-file uploads, the file.

Formats such as GIFT have no ids, topics, objectives, difficulty or explanation. The importer
fills them from :class:`ImportDefaults`: the id is ``<id_prefix>-<slug of the prompt>-<hash>``
(the hash is the first 6 hex digits of the SHA-256 of the prompt, so the same prompt gets the same
id in every import; ``-2``, ``-3``... are added when a prompt repeats within one import), the topic
is the default unless the format names one, the objectives are ``[objective]``, the difficulty is
``difficulty`` and a question without an explanation gets :data:`NO_EXPLANATION`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import TypeAdapter, ValidationError

from quiz_app.authoring.textconv import excerpt, slugify
from quiz_app.bank.media import MediaFile
from quiz_app.bank.messages import friendly
from quiz_app.bank.models import Flashcard, PackMeta, Question
from quiz_app.bank.text import normalise

NO_EXPLANATION = "No explanation was given for this question."
_QUESTION: TypeAdapter[Question] = TypeAdapter(Question)
_SLUG_MAX = 80
_PREFIX_MAX = 30
_HASH_LENGTH = 6


@dataclass(frozen=True)
class ImportDefaults:
    """What an import fills in when the format does not say.

    ``topic`` and ``objective`` must be ids of the target pack; ``id_prefix`` starts every
    generated id (keep it short and unique to the import, e.g. a teacher's initials).
    """

    topic: str
    objective: str
    difficulty: int = 2
    id_prefix: str = "imported"
    explanation: str = NO_EXPLANATION

    def __post_init__(self) -> None:
        for name in ("topic", "objective", "id_prefix"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value or slugify(value) != value:
                raise ValueError(f"ImportDefaults.{name} must be a slug such as 'causes', not {value!r}")
        if len(self.id_prefix) > _PREFIX_MAX:
            raise ValueError(f"ImportDefaults.id_prefix must have at most {_PREFIX_MAX} characters")
        if self.difficulty not in (1, 2, 3) or isinstance(self.difficulty, bool):
            raise ValueError("ImportDefaults.difficulty must be 1, 2 or 3")
        if not self.explanation.strip():
            raise ValueError("ImportDefaults.explanation must not be blank")


@dataclass(frozen=True)
class Issue:
    """One entry of a preview's lists: where (``file``, 1-based ``line``), what and why."""

    line: int
    item: str
    reason: str
    file: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.file else f"line {self.line}"
        label = f" ({self.item})" if self.item else ""
        return f"{where}{label}: {self.reason}"


class Rejected(Issue):
    """An item of a supported kind that is invalid and was not imported."""


class Unmapped(Issue):
    """An item with no equivalent among our question types; not imported."""


class Note(Issue):
    """An imported item that was changed on the way (for example partial credit dropped)."""


@dataclass(frozen=True)
class ImportPreview:
    """The result of an import; see the module docstring."""

    questions: list[Question] = field(default_factory=list)
    flashcards: list[Flashcard] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    unmapped: list[Unmapped] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    pack: PackMeta | None = None
    media: dict[str, MediaFile] = field(default_factory=dict)  # re-encoded images the items refer to, by path

    @property
    def topics(self) -> list[str]:
        """The topic ids used by the imported items, in order of first use."""
        return list(dict.fromkeys(item.topic for item in (*self.questions, *self.flashcards)))


@dataclass(frozen=True)
class Skipped:
    """A question an exporter could not write in its format, and why."""

    item: str
    reason: str


@dataclass(frozen=True)
class TextExport:
    """An exported text file and the questions left out of it."""

    text: str
    skipped: list[Skipped] = field(default_factory=list)


_SINGULAR = {"options": "option", "items": "item", "pairs": "pair", "answers": "answer",
             "objectives": "objective", "tags": "tag"}


def _where(loc: tuple[Any, ...]) -> str:
    words: list[str] = []
    parts = list(loc)
    if parts and isinstance(parts[0], str) and parts[0] in ("single_choice", "multiple_select", "true_false",
                                                            "ordering", "matching", "short_answer"):
        parts = parts[1:]
    index = 0
    while index < len(parts):
        part = parts[index]
        following = parts[index + 1] if index + 1 < len(parts) else None
        if isinstance(part, str) and isinstance(following, int):
            words.append(f"{_SINGULAR.get(part, part)} {following + 1}")
            index += 2
            continue
        if not (part == "text" and words and words[-1].startswith("option ")):
            words.append(str(part))
        index += 1
    return " ".join(words)


def describe(error: ValidationError) -> str:
    """The problems of a failed validation as one sentence for a teacher."""
    parts: list[str] = []
    for record in error.errors(include_url=False):
        issues = (record.get("ctx") or {}).get("issues")
        if record["type"] == "bank_rules" and issues:
            parts.extend(message for _, message in issues)
            continue
        message = friendly(record)
        loc = tuple(record["loc"])
        where = _where(loc[:-1] if record["type"] == "missing" else loc)
        parts.append(f"{where}: {message}" if where else message)
    return "; ".join(dict.fromkeys(parts)) or "invalid"


def make_id(prefix: str, prompt: str, used: set[str]) -> str:
    """A new slug id ``<prefix>-<slug of prompt>-<hash>``, not in ``used`` (which it is added to).

    ``prefix`` is made a slug of at most 30 characters first (so ``"pack-"`` gives ``pack-...``).
    """
    prefix = slugify(prefix, max_length=_PREFIX_MAX) or "item"
    digest = hashlib.sha256(prompt.encode("utf-8", "surrogatepass")).hexdigest()[:_HASH_LENGTH]
    room = _SLUG_MAX - len(prefix) - len(digest) - 2 - 4  # 4: room for a "-NNN" suffix
    slug = slugify(prompt, max_length=min(40, room)) or "q"
    base = f"{prefix}-{slug}-{digest}"
    candidate, number = base, 1
    while candidate in used:
        number += 1
        candidate = f"{base}-{number}"
    used.add(candidate)
    return candidate


def tag_slugs(raw: Iterable[str]) -> tuple[list[str], list[str]]:
    """Tags made slugs, without repeats, at most 20; and the raw tags that were dropped."""
    tags: list[str] = []
    dropped: list[str] = []
    for value in raw:
        slug = slugify(value)
        if not slug or len(tags) >= 20:
            dropped.append(value)
        elif slug not in tags:
            tags.append(slug)
    return tags, dropped


class PreviewBuilder:
    """Collects the items of one import, completing and validating them.

    ``defaults`` may be ``None`` for formats that carry every field (the pack zip).
    """

    def __init__(self, defaults: ImportDefaults | None, *, file: str = "") -> None:
        self.defaults = defaults
        self.file = file
        self.questions: list[Question] = []
        self.flashcards: list[Flashcard] = []
        self.rejected: list[Rejected] = []
        self.unmapped: list[Unmapped] = []
        self.notes: list[Note] = []
        self.media: dict[str, MediaFile] = {}
        self._ids: dict[str, int] = {}
        self._prompts: dict[str, int] = {}
        self._generated: set[str] = set()

    def reject(self, line: int, item: str, reason: str, file: str | None = None) -> None:
        self.rejected.append(Rejected(line, item, reason, self.file if file is None else file))

    def unmap(self, line: int, item: str, reason: str, file: str | None = None) -> None:
        self.unmapped.append(Unmapped(line, item, reason, self.file if file is None else file))

    def note(self, line: int, item: str, reason: str, file: str | None = None) -> None:
        self.notes.append(Note(line, item, reason, self.file if file is None else file))

    def _complete(self, data: dict[str, Any], text_key: str) -> dict[str, Any]:
        defaults = self.defaults
        if defaults is None:
            return data
        complete = dict(data)
        if not complete.get("topic"):
            complete["topic"] = defaults.topic
        if not complete.get("objectives"):
            complete["objectives"] = [defaults.objective]
        if text_key == "prompt":
            if complete.get("difficulty") in (None, ""):
                complete["difficulty"] = defaults.difficulty
            explanation = complete.get("explanation")
            if not isinstance(explanation, str) or not explanation.strip():
                complete["explanation"] = defaults.explanation
        if not complete.get("id"):
            text = complete.get(text_key)
            prefix = defaults.id_prefix if text_key == "prompt" else f"{defaults.id_prefix}-card"
            complete["id"] = make_id(prefix[:_PREFIX_MAX], text if isinstance(text, str) else "", self._generated)
        return complete

    def _check_unique(self, value: Any, line: int, item: str) -> bool:
        identifier = value.id
        if identifier in self._ids:
            self.reject(line, item, f"the id '{identifier}' is already used on line {self._ids[identifier]}")
            return False
        key = None if isinstance(value, Flashcard) else normalise(value.prompt)
        if key is not None:
            if key in self._prompts:
                self.reject(line, item, f"the same question text is already used on line {self._prompts[key]}")
                return False
            self._prompts[key] = line
        self._ids[identifier] = line
        self._generated.add(identifier)
        return True

    def question(self, data: Mapping[str, Any], *, line: int, item: str) -> Question | None:
        """Complete ``data`` with the defaults, validate it and keep it; or record why not."""
        try:
            question = _QUESTION.validate_python(self._complete(dict(data), "prompt"))
        except ValidationError as error:
            self.reject(line, item, describe(error))
            return None
        if not self._check_unique(question, line, item):
            return None
        self.questions.append(question)
        return question

    def flashcard(self, data: Mapping[str, Any], *, line: int, item: str) -> Flashcard | None:
        """Complete ``data`` with the defaults, validate it as a flashcard and keep it; or record why not."""
        try:
            card = Flashcard.model_validate(self._complete(dict(data), "front"))
        except ValidationError as error:
            self.reject(line, item, describe(error))
            return None
        if not self._check_unique(card, line, item):
            return None
        self.flashcards.append(card)
        return card

    def preview(self, pack: PackMeta | None = None) -> ImportPreview:
        return ImportPreview(self.questions, self.flashcards, self.rejected, self.unmapped, self.notes, pack,
                             self.media)


def label(title: str, text: str) -> str:
    """How an item is named in a preview list: its title, else the start of its text."""
    return excerpt(title) if title.strip() else excerpt(text)
