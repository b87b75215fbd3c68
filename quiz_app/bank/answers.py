"""Matching a typed short answer against the accepted ones, as a teacher would. Pure: no UI, no I/O.

The rules (the README's grading table states the same):

1. **Canonical form** (always). After :func:`~quiz_app.bank.text.normalise` (case, accents,
   punctuation, spaces):

   - letters separated by dots are one word: ``C.S.T.O.`` = ``CSTO`` (applied before punctuation goes);
   - digits grouped by thousands are one number: ``10 000`` = ``10,000`` = ``10000``; ``10k`` = ``10000``;
   - the dotless ı is i (Elbası = ELBASI);
   - leading articles and hedges are dropped: ``the``, ``a``, ``an``, ``about``, ``around``, ``nearly``,
     ``almost``, ``some``, ``approximately``, ``roughly`` (so "nearly 10,000" = "10000");
   - a unit right after a number is dropped: ``people``, ``persons``, ``days``, ``years`` and their
     singulars (so "238 people" = "238", "5 days" = "5").

   Numbers stay numbers: "2380", "2,380", "23" and "10,0000" never equal 238 or 10,000.

2. **Transliteration variants** (when the pack or the question turns ``transliteration`` on): each
   word is folded to a skeleton that merges the spellings common for Kazakh and Russian names:
   Cyrillic written in Latin letters, q = k, zh = j, kh = h, gh = g, a leading ye = e, iy = y = i,
   doubled letters = single, a final -iev/-yev = -ev and -ow = -ov; word breaks are ignored
   (Alma-Ata = Almaata). So Tokayev = Tokaev = Toqaev = Токаев, Kassym-Jomart = Qasym-Zhomart.

3. **Typos** (unless ``typos: reject``): the same words as an accepted answer, except that words of
   :data:`TYPO_MIN_LETTERS` or more letters may each be one edit off (a letter added, dropped,
   changed, or two neighbours swapped). Never for an answer with a digit, and never when the typed
   answer is another question's key in the same pack, or is within one edit of one.

A match says which accepted answer it found and how (:class:`Match`); what a near miss is worth is
decided by the grading rules (:class:`Rules`), not here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from quiz_app.bank.models import Grading, MultipleSelect, Question, ShortAnswer, SingleChoice
from quiz_app.bank.text import CYRILLIC_TO_LATIN, normalise

TYPO_MIN_LETTERS = 6
"""Words this long may be one edit off (shorter words must be spelled right)."""

LEADING_WORDS = frozenset(("the", "a", "an", "about", "around", "nearly", "almost", "some", "approximately",
                           "roughly"))
"""Articles and hedges dropped from the start of an answer."""

UNITS = frozenset(("people", "persons", "person", "days", "day", "years", "year"))
"""Words dropped right after a number."""

NUMBER_WORDS = frozenset((
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty",
    "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "million",
))
"""Words that count as a number for dropping a unit after them ("five days" = "five")."""

Typos = Literal["accept", "almost", "reject"]

# A letter, a dot, a letter... ("C.S.T.O.", "U.S.", "L. P. G."): joined before punctuation is removed.
_DOTTED = re.compile(r"(?<!\w)[^\W\d_](?:\.\s?[^\W\d_])+\.?(?!\w)")
_DOT_OR_SPACE = re.compile(r"[.\s]")
_THOUSANDS = re.compile(r"^\d{1,3}$")
_GROUP = re.compile(r"^\d{3}$")
_KILO = re.compile(r"^(\d{1,6})k$")
_DIGIT = re.compile(r"\d")
_LATIN_FOLDS = (("zh", "j"), ("kh", "h"), ("gh", "g"), ("q", "k"), ("iy", "i"), ("y", "i"))


@dataclass(frozen=True)
class Rules:
    """The grading rules in force for one question (the pack's, with the question's overrides)."""

    transliteration: bool = False
    typos: Typos = "almost"
    typo_credit: float = 1.0


@dataclass(frozen=True)
class Match:
    """How a typed answer matched: ``exact`` (canonical forms equal), ``variant`` (transliteration)
    or ``typo``; ``accepted`` is the accepted answer it matched, as the author wrote it."""

    kind: Literal["exact", "variant", "typo"]
    accepted: str


def _join_dotted(text: str) -> str:
    return _DOTTED.sub(lambda found: _DOT_OR_SPACE.sub("", found.group()), text) if "." in text else text


def _numbers(words: list[str]) -> list[str]:
    """Thousands groups joined ("10 000" -> "10000") and "10k" made 10000."""
    out: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        if _THOUSANDS.match(word):
            end = index + 1
            while end < len(words) and _GROUP.match(words[end]):
                end += 1
            out.append("".join(words[index:end]))
            index = end
            continue
        kilo = _KILO.match(word)
        out.append(str(int(kilo.group(1)) * 1000) if kilo else word)
        index += 1
    return out


def _is_number(word: str) -> bool:
    return word.isdigit() or word in NUMBER_WORDS


def canonical_words(text: str) -> tuple[str, ...]:
    """The words of ``text`` in canonical form (rule 1 of the module docstring).

    If dropping articles, hedges or units would leave nothing, they are kept ("The" stays "the").
    """
    words = _numbers(normalise(_join_dotted(text)).replace("ı", "i").split())  # Elbası = ELBASI
    start = 0
    while start < len(words) - 1 and words[start] in LEADING_WORDS:
        start += 1
    kept = [word for position, word in enumerate(words[start:], start)
            if not (word in UNITS and position > start and _is_number(words[position - 1]))]
    return tuple(kept)


def canonical(text: str) -> str:
    """``text`` in canonical form, as one string."""
    return " ".join(canonical_words(text))


def _collapse_doubles(word: str) -> str:
    out = []
    for char in word:
        if not out or out[-1] != char:
            out.append(char)
    return "".join(out)


def skeleton_word(word: str) -> str:
    """One canonical word folded to its transliteration skeleton (rule 2); digits are left alone."""
    if _DIGIT.search(word):
        return word
    folded = "".join(CYRILLIC_TO_LATIN.get(char, char) for char in word)
    for written, same in _LATIN_FOLDS[:4]:
        folded = folded.replace(written, same)
    if folded.startswith("ye"):
        folded = "e" + folded[2:]  # Yelbasy = Elbasy, Yerlan = Erlan
    for written, same in _LATIN_FOLDS[4:]:
        folded = folded.replace(written, same)
    folded = _collapse_doubles(folded)
    if folded.endswith("iev"):
        folded = folded[:-3] + "ev"
    elif folded.endswith("ow"):
        folded = folded[:-2] + "ov"
    return folded


def skeleton(words: Iterable[str]) -> str:
    """The skeleton of canonical words: breaks between words are removed (Alma-Ata = Almaata), except
    around numbers, which stay numbers ("10 0000" never becomes 100000)."""
    pieces: list[str] = []
    letters = False
    for word in words:
        folded = skeleton_word(word)
        if _DIGIT.search(folded):
            pieces.append(folded)
            letters = False
        elif letters:
            pieces[-1] = _collapse_doubles(pieces[-1] + folded)
        else:
            pieces.append(folded)
            letters = True
    return " ".join(pieces)


def edits_at_most_one(typed: str, accepted: str) -> bool:
    """Whether ``typed`` is at most one edit from ``accepted`` (insert, delete, change, swap neighbours)."""
    if typed == accepted:
        return True
    short, long = (typed, accepted) if len(typed) <= len(accepted) else (accepted, typed)
    if len(long) - len(short) > 1:
        return False
    start = 0
    while start < len(short) and short[start] == long[start]:
        start += 1
    if len(short) == len(long):
        rest = start + 1
        swapped = (rest < len(short) and short[start] == long[rest] and short[rest] == long[start]
                   and short[rest + 1:] == long[rest + 1:])
        return swapped or short[rest:] == long[rest:]
    return short[start:] == long[start + 1:]


def near_miss(typed: Sequence[str], accepted: Sequence[str]) -> bool:
    """Rule 3 on word sequences: same words, a long word one edit off at most; never with digits."""
    if len(typed) != len(accepted) or tuple(typed) == tuple(accepted):
        return False
    for mine, theirs in zip(typed, accepted, strict=True):
        if mine == theirs:
            continue
        if _DIGIT.search(mine) or _DIGIT.search(theirs) or len(theirs) < TYPO_MIN_LETTERS:
            return False
        if not edits_at_most_one(mine, theirs):
            return False
    return True


@dataclass(frozen=True)
class _Form:
    """One accepted answer, prepared: as written, canonical words, canonical string, skeleton words."""

    written: str
    words: tuple[str, ...]
    text: str
    skeleton_words: tuple[str, ...]
    skeleton: str

    @classmethod
    def of(cls, written: str) -> _Form:
        words = canonical_words(written)
        return cls(written, words, " ".join(words), tuple(skeleton_word(word) for word in words), skeleton(words))


def _close(typed: _Form, accepted: _Form, transliterate: bool) -> bool:
    """Rule 3 between two prepared answers, on their words and (with transliteration) their skeletons."""
    if near_miss(typed.words, accepted.words):
        return True
    return transliterate and (near_miss(typed.skeleton_words, accepted.skeleton_words)
                              or typed.skeleton == accepted.skeleton)


@dataclass(frozen=True)
class OtherKeys:
    """The keys of a pack's other questions, for the guard of rule 3 (and of rule 2)."""

    forms: tuple[tuple[str, _Form], ...] = ()
    by_text: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, keys: Iterable[tuple[str, str]]) -> OtherKeys:
        """``keys``: (question id, key text) pairs of every question of a pack."""
        forms = tuple((question_id, _Form.of(text)) for question_id, text in keys if canonical(text))
        by_text: dict[str, set[str]] = {}
        for question_id, form in forms:
            by_text.setdefault(form.text, set()).add(question_id)
        return cls(forms, {text: frozenset(ids) for text, ids in by_text.items()})

    def owns(self, text: str, question_id: str) -> bool:
        """Whether canonical ``text`` is a key of a question other than ``question_id``."""
        return bool(self.by_text.get(text, frozenset()) - {question_id})

    def near(self, form: _Form, question_id: str, own: frozenset[str], transliterate: bool) -> bool:
        """Whether ``form`` is within one edit of another question's key that is not one of ``own``."""
        for other_id, other in self.forms:
            if other_id == question_id or other.text in own:
                continue
            if _close(form, other, transliterate):
                return True
        return False


@dataclass(frozen=True)
class AnswerKey:
    """The accepted answers of one question, prepared once, with the rules in force for it."""

    question_id: str
    forms: tuple[_Form, ...]
    rules: Rules = Rules()

    @classmethod
    def of(cls, question_id: str, answers: Sequence[str], rules: Rules = Rules()) -> AnswerKey:
        return cls(question_id, tuple(_Form.of(answer) for answer in answers), rules)

    @property
    def texts(self) -> frozenset[str]:
        return frozenset(form.text for form in self.forms)

    def match(self, typed: str, others: OtherKeys | None = None) -> Match | None:
        """The accepted answer ``typed`` matches, and how; ``None`` if it matches none."""
        form = _Form.of(typed)
        if not form.text:
            return None
        for accepted in self.forms:
            if form.text == accepted.text:
                return Match("exact", accepted.written)
        if self.rules.transliteration:
            for accepted in self.forms:
                if form.skeleton == accepted.skeleton:
                    return Match("variant", accepted.written)
        if self.rules.typos == "reject":
            return None
        if others is not None and others.owns(form.text, self.question_id):
            return None  # another question's key (Nazarbayev typed for Tokayev) is never a slip of this one
        for accepted in self.forms:
            if _close(form, accepted, self.rules.transliteration):
                if others is not None and others.near(form, self.question_id, self.texts,
                                                      self.rules.transliteration):
                    return None  # just as close to another question's key: no benefit of the doubt
                return Match("typo", accepted.written)
        return None


def redundant_answers(answers: Sequence[str]) -> list[tuple[int, int]]:
    """(index, index of the earlier answer) for every accepted answer whose canonical form repeats an
    earlier one's ("the CSTO" after "CSTO"): harmless, but the grading already accepts it."""
    seen: dict[str, int] = {}
    found = []
    for index, answer in enumerate(answers):
        text = canonical(answer)
        if not text:
            continue
        if text in seen:
            found.append((index, seen[text]))
        else:
            seen[text] = index
    return found


def resolve(pack: Grading | None, question: Grading | None) -> Rules:
    """The rules in force for a question: its own ``grading:`` fields, else the pack's, else the defaults."""
    values = {}
    for name in ("transliteration", "typos", "typo_credit"):
        for source in (question, pack):
            value = getattr(source, name, None) if source is not None else None
            if value is not None:
                values[name] = value
                break
    return Rules(**values)


def pack_keys(questions: Iterable[Question]) -> list[tuple[str, str]]:
    """(question id, key) for every key of ``questions``: the accepted answers of short answers and the
    correct options of choice questions (what a learner might type for the wrong question)."""
    keys = []
    for question in questions:
        if isinstance(question, ShortAnswer):
            keys += [(question.id, answer) for answer in question.answers]
        elif isinstance(question, SingleChoice | MultipleSelect):
            keys += [(question.id, option.text) for option in question.options if option.correct]
    return keys


@dataclass(frozen=True)
class PackAnswers:
    """Everything short-answer grading needs from one pack, built once per bank load:
    each short-answer question's prepared key and rules, and the pack's other keys for the guard."""

    keys: Mapping[str, AnswerKey]
    others: OtherKeys

    @classmethod
    def of(cls, grading: Grading | None, questions: Sequence[Question]) -> PackAnswers:
        keys = {question.id: AnswerKey.of(question.id, question.answers, resolve(grading, question.grading))
                for question in questions if isinstance(question, ShortAnswer)}
        return cls(keys, OtherKeys.of(pack_keys(questions)))

    def key(self, question: ShortAnswer) -> AnswerKey:
        """The prepared key of ``question`` (prepared now, without the pack's rules, if it is not in the pack)."""
        found = self.keys.get(question.id)
        if found is not None and tuple(form.written for form in found.forms) == tuple(question.answers):
            return found
        return AnswerKey.of(question.id, question.answers, resolve(None, question.grading))
