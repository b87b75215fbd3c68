"""The validated bank in memory: packs with their questions and flashcards, and lookups."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from quiz_app.bank.media import MediaFile
from quiz_app.bank.models import Flashcard, ImageRef, LearningObjective, PackMeta, Question, Topic


@dataclass(frozen=True)
class Pack:
    """One validated pack. ``folder`` is where it was loaded from (a label for messages);
    ``media`` holds the checked image files its references name (``media/map.png``)."""

    meta: PackMeta
    questions: tuple[Question, ...]
    flashcards: tuple[Flashcard, ...]
    folder: str = ""
    media: Mapping[str, MediaFile] = field(default_factory=dict)

    def image(self, ref: ImageRef | None) -> MediaFile | None:
        """The file of an image reference (None for no reference, or a file the pack lacks)."""
        return None if ref is None else self.media.get(ref.src)

    @property
    def id(self) -> str:
        return self.meta.id

    @cached_property
    def objectives(self) -> dict[str, LearningObjective]:
        return {objective.id: objective for objective in self.meta.objectives}

    @cached_property
    def topics(self) -> dict[str, Topic]:
        return {topic.id: topic for topic in self.meta.topics}

    @cached_property
    def questions_by_id(self) -> dict[str, Question]:
        return {question.id: question for question in self.questions}

    @cached_property
    def flashcards_by_id(self) -> dict[str, Flashcard]:
        return {card.id: card for card in self.flashcards}


@dataclass(frozen=True)
class Bank:
    """All loaded packs, keyed by pack id. Question and card ids are unique across packs."""

    packs: dict[str, Pack] = field(default_factory=dict)

    @cached_property
    def _question_index(self) -> dict[str, tuple[Pack, Question]]:
        return {q.id: (pack, q) for pack in self.packs.values() for q in pack.questions}

    def question(self, question_id: str) -> Question:
        """The question with this id; ``KeyError`` if no pack has it."""
        return self._question_index[question_id][1]

    def pack_of(self, question_id: str) -> Pack:
        """The pack that holds this question id."""
        return self._question_index[question_id][0]

    def has_question(self, question_id: str) -> bool:
        return question_id in self._question_index
