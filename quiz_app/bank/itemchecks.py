"""Item-writing checks: cues that let a student guess without knowing. Warnings, never errors. Pure.

Each check has an id (the keys of :data:`CHECKS`); an item silences one for itself with
``silence: {<check id>: <reason>}``. The checks:

- ``longest-correct``: the correct option is clearly the longest: at least
  :data:`LONGEST_RATIO` times and :data:`LONGEST_MARGIN` characters longer than the longest wrong
  option (calibrated on the content review, whose "giveaway" items were 1.28 to 2.2 times longer).
- ``all-none-above``: an "all of the above" or "none of the above" option (options are shuffled,
  and such an option rewards knowing what is wrong rather than what is right).
- ``correct-repeats-prompt``: a correct option repeats a content word of the prompt that no wrong
  option has.
- ``implausible-distractor``: a wrong option of another kind than the correct ones: a date or a
  number among names, a name among dates or numbers.
- ``same-position``: every choice question of a file (at least :data:`SAME_POSITION_MIN`) has its
  correct option at the same written position (the app shuffles, but exports and print-outs may not).
- ``redundant-answer``: an accepted answer the grading already accepts through another one ("the
  CSTO" beside "CSTO"); spelling variants that only transliteration folds together are kept, since
  exports to formats that do not transliterate need them.
- ``repeated-prompt``: two questions of a pack have the same prompt but different answers
  (reported by :mod:`quiz_app.bank.checks`; the same prompt with the same answers is an error).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from quiz_app.bank.answers import canonical, canonical_words
from quiz_app.bank.models import CHECK_IDS, MultipleSelect, Question, ShortAnswer, SingleChoice
from quiz_app.bank.text import normalise

CHECKS = {
    "longest-correct": "the correct option is clearly the longest",
    "all-none-above": "an 'all of the above' or 'none of the above' option",
    "correct-repeats-prompt": "a correct option repeats words of the prompt that no wrong option has",
    "implausible-distractor": "a wrong option of another kind than the answer (a date among names...)",
    "same-position": "the correct option is at the same position in every choice question of a file",
    "redundant-answer": "an accepted answer that another one already covers",
    "repeated-prompt": "the same prompt as another question, with other answers",
}
assert tuple(CHECKS) == CHECK_IDS

LONGEST_RATIO = 1.25
LONGEST_MARGIN = 15
SAME_POSITION_MIN = 3

_ABOVE = re.compile(r"\b(?:all|none|both|neither)\s+(?:of\s+)?(?:the\s+|these\s+|those\s+)?"
                    r"(?:above|below|options|answers|others|these|them)\b")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_MONTH = re.compile(r"\b(?:" + "|".join(_MONTHS) + r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b")
_YEAR = re.compile(r"(?:19|20)\d\d")
_DAY = re.compile(r"(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?")
_DIGIT = re.compile(r"\d")
_STOPWORD_TEXT = (
    "a about above after again against all also am an and any are as at be because been before being below "
    "between both but by can could did do does doing down during each few for from further had has have having "
    "he her here hers him his how i if in into is it its itself just me more most my no nor not now of off on once "
    "only or other our out over own same she should so some such than that the their them then there these they "
    "this those through to too under until up very was we were what when where which while who whom why will with "
    "would you your whose")
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())


@dataclass(frozen=True)
class Finding:
    """One warning about one item: the check, where inside the item (``("options", 2, "text")``), what."""

    check: str
    loc: tuple[str | int, ...]
    message: str

    def text(self) -> str:
        """The message with the check id, as ``validate`` prints it (the id is what ``silence:`` takes)."""
        return f"{self.message} [{self.check}]"


def _kind(text: str) -> str:
    """What an option mostly is: "date" (at least half of its words are a month, a day or a year), "number"
    (at least half contain a digit) or "words" ("Rigging the 2019 election" is words). Hedges, units
    and thousands separators do not count ("About 1,500 people" is a number)."""
    words = list(canonical_words(text))
    if not words:
        return "words"
    written = set(normalise(text).split())  # "2,000" is a number, "2000" may be a year

    def is_year(word: str) -> bool:
        return bool(_YEAR.fullmatch(word)) and word in written

    month = any(_MONTH.fullmatch(word) for word in words)
    dated = sum(bool(_MONTH.fullmatch(word) or is_year(word) or (month and _DAY.fullmatch(word))) for word in words)
    if (month or any(is_year(word) for word in words)) and 2 * dated >= len(words):
        return "date"
    return "number" if 2 * sum(bool(_DIGIT.search(word)) for word in words) >= len(words) else "words"


_KIND_NAMES = {"date": "a date", "number": "a number", "words": "words without a number or date"}


def _content_words(text: str) -> set[str]:
    words = set()
    for word in normalise(text).split():
        if len(word) < 4 or word in _STOPWORDS:
            continue
        words.add(word[:-1] if len(word) > 4 and word.endswith("s") else word)  # a crude plural: cities/city no
    return words


def _choice_findings(question: SingleChoice | MultipleSelect) -> list[Finding]:
    findings: list[Finding] = []
    options = question.options
    right = [i for i, option in enumerate(options) if option.correct]
    wrong = [i for i, option in enumerate(options) if not option.correct]
    if not right or not wrong:
        return findings
    length = [len(option.text.strip()) for option in options]
    longest = max(right, key=lambda i: length[i])
    rival = max(length[i] for i in wrong)
    if length[longest] >= LONGEST_RATIO * rival and length[longest] - rival >= LONGEST_MARGIN:
        findings.append(Finding("longest-correct", ("options", longest, "text"),
                                f"the correct option is clearly the longest ({length[longest]} characters; the "
                                f"longest wrong one has {rival}): students can pick it without knowing"))
    for index, option in enumerate(options):
        if _ABOVE.search(normalise(option.text)):
            findings.append(Finding("all-none-above", ("options", index, "text"),
                                    f"option {index + 1} is an 'all/none of the above' option: options are shuffled, "
                                    "and it rewards ruling answers out rather than knowing the right one"))
    prompt_words = _content_words(question.prompt)
    distractor_words = set().union(*(_content_words(options[i].text) for i in wrong))
    for index in right:
        shared = sorted((_content_words(options[index].text) & prompt_words) - distractor_words)
        if shared:
            quoted = ", ".join(f"'{word}'" for word in shared[:3])
            findings.append(Finding("correct-repeats-prompt", ("options", index, "text"),
                                    f"the correct option {index + 1} repeats {quoted} from the prompt and no wrong "
                                    "option does: a clue to the answer"))
    kinds = {_kind(options[i].text) for i in right}
    if len(kinds) == 1:
        (expected,) = kinds
        for index in wrong:
            kind = _kind(options[index].text)
            if kind != expected:
                findings.append(Finding("implausible-distractor", ("options", index, "text"),
                                        f"wrong option {index + 1} is {_KIND_NAMES[kind]} where the answer is "
                                        f"{_KIND_NAMES[expected]}: easy to rule out"))
    return findings


def _answer_findings(question: ShortAnswer) -> list[Finding]:
    """Accepted answers the canonical form already covers ("the CSTO" beside "CSTO"). A spelling that
    only transliteration makes equal ("Tokaev" beside "Tokayev") is not reported: exports to Moodle,
    GIFT and Anki, which do not transliterate, need it written out."""
    findings = []
    seen: dict[str, int] = {}
    normalised: set[str] = set()
    for index, answer in enumerate(question.answers):
        plain = normalise(answer)
        if plain in normalised:
            continue  # the same after normalising: an error already (repeats an earlier answer)
        normalised.add(plain)
        text = canonical(answer)
        if text in seen:
            earlier = question.answers[seen[text]]
            findings.append(Finding("redundant-answer", ("answers", index),
                                    f"accepted answer {index + 1} ('{answer}') is already accepted through "
                                    f"'{earlier}' (articles, hedges, units, dots in abbreviations and thousands "
                                    "separators are ignored): it can go"))
        seen.setdefault(text, index)
    return findings


def question_findings(question: Question) -> list[Finding]:
    """The warnings about one question on its own, silenced ones included (see :func:`unsilenced`)."""
    if isinstance(question, SingleChoice | MultipleSelect):
        return _choice_findings(question)
    if isinstance(question, ShortAnswer):
        return _answer_findings(question)
    return []


def unsilenced(question: Question, findings: Sequence[Finding]) -> list[Finding]:
    """``findings`` without the ones ``question`` silences."""
    return [finding for finding in findings if finding.check not in question.silence]


def file_findings(questions: Sequence[Question]) -> list[tuple[int, Finding]]:
    """Warnings about the questions of one file taken together, each with the index of the question
    it is shown at: ``same-position`` (silenced when any of the file's choice questions silences it)."""
    choice = [(index, q) for index, q in enumerate(questions) if isinstance(q, SingleChoice | MultipleSelect)]
    if len(choice) < SAME_POSITION_MIN:
        return []
    positions = {next(i for i, option in enumerate(q.options) if option.correct) for _, q in choice}
    if len(positions) != 1 or any("same-position" in q.silence for _, q in choice):
        return []
    (position,) = positions
    first = choice[0][0]
    return [(first, Finding("same-position", ("options",),
                            f"the (first) correct option is option {position + 1} in all {len(choice)} choice "
                            "questions of this file: vary its position (the app shuffles options, but a "
                            "print-out or another app may keep the written order)"))]
