"""Every constraint of the models, checked through the loader: message, line:column and location.

Each case edits lines of the minimal valid pack (see ``packs.py`` for the numbered listing) and
lists every problem the loader must report, in the order reported (sorted by file and position).
"""

from __future__ import annotations

import pytest

from quiz_app.bank.models import (
    Matching,
    MultipleSelect,
    Ordering,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
    rule_issues,
)
from tests.bank.packs import PackFolder, assert_found

Q = "questions.yaml"
P = "pack.yaml"
TYPES = "single_choice, multiple_select, true_false, ordering, matching, short_answer"
SLUG = "must be an id made of lowercase letters, digits and single hyphens, such as 'lpg-price'"


def case(case_id: str, name: str, edits: list[tuple[int, str, str]], *expected: tuple[int, int, str, str]):
    """One invalid edit of file ``name``: (line, old line, new text) edits; expected (line, col, loc, text)."""
    return pytest.param(name, edits, [(name, *problem) for problem in expected], id=case_id)


def _more(kind: str, count: int) -> str:
    if kind == "option":
        return "\n".join(f"      - text: Extra option {n}" for n in range(count))
    if kind == "item":
        return "\n".join(f"      - Extra item {n}" for n in range(count))
    return "\n".join(f"      - left: Extra left {n}\n        right: Extra right {n}" for n in range(count))


QUESTION_CASES = [
    # --- choice options: 2 to 6, distinct after normalising, correct flags
    case("options-too-few", Q, [(12, "      - text: Diesel", ""), (13, "      - text: Petrol", "")],
         (10, 7, "questions[0].options", "needs at least 2 item(s); found 1")),
    case("options-too-many", Q, [(13, "      - text: Petrol", "      - text: Petrol\n" + _more("option", 4))],
         (10, 7, "questions[0].options", "has too many items (7; at most 6)")),
    case("options-repeat-case-punctuation-spaces", Q, [(12, "      - text: Diesel", '      - text: "  lpg! "')],
         (12, 15, "questions[0].options[1].text", "option 2 repeats an earlier option")),
    case("options-repeat-accents", Q, [(26, "      - text: Paris", "      - text: ZHANAÖZEN.")],
         (26, 15, "questions[1].options[2].text", "option 3 repeats an earlier option")),
    case("single-choice-two-correct", Q, [(12, "      - text: Diesel", "      - text: Diesel\n        correct: true")],
         (10, 7, "questions[0].options", "exactly one option must be marked 'correct: true' (found 2)")),
    case("single-choice-none-correct", Q, [(11, "        correct: true", "")],
         (10, 7, "questions[0].options", "exactly one option must be marked 'correct: true' (found 0)")),
    case("single-choice-correct-false", Q, [(11, "        correct: true", "        correct: false")],
         (10, 7, "questions[0].options", "(found 0)")),
    case("multiple-select-none-correct", Q, [(25, "        correct: true", ""), (23, "        correct: true", "")],
         (22, 7, "questions[1].options", "at least one option must be marked 'correct: true'")),
    case("option-correct-not-boolean", Q, [(11, "        correct: true", "        correct: maybe")],
         (11, 18, "questions[0].options[0].correct", "must be true or false")),
    # --- Moodle weights on multiple-select options (percent; positives add up to 100)
    case("weights-below-100", Q, [(23, "        correct: true", "        correct: true\n        weight: 50"),
                                  (25, "        correct: true", "        correct: true\n        weight: 30")],
         (22, 7, "questions[1].options",
          "the positive weights add up to 80 %; they must add up to 100 % so that a full answer gets full marks")),
    case("weights-above-100-and-positive-weight-not-correct", Q,
         [(23, "        correct: true", "        correct: true\n        weight: 50"),
          (25, "        correct: true", "        correct: true\n        weight: 50"),
          (26, "      - text: Paris", "      - text: Paris\n        weight: 20")],
         (22, 7, "questions[1].options", "the positive weights add up to 120 %"),
         (28, 9, "questions[1].options[2].correct",
          "option 3 has a positive weight (20 %), so it must be marked 'correct: true'")),
    case("weight-missing-on-a-correct-option", Q,
         [(23, "        correct: true", "        correct: true\n        weight: 100")],
         (25, 9, "questions[1].options[1].weight",
          "option 2 is marked 'correct: true', so it needs a positive weight")),
    case("weight-on-single-choice", Q, [(11, "        correct: true", "        correct: true\n        weight: 100")],
         (12, 17, "questions[0].options[0].weight", "weights are for multiple-select questions")),
    case("weight-out-of-range", Q, [(26, "      - text: Paris", "      - text: Paris\n        weight: -150")],
         (27, 17, "questions[1].options[2].weight", "must be a percentage from -100 to 100")),
    case("weight-not-a-number", Q, [(26, "      - text: Paris", "      - text: Paris\n        weight: lots")],
         (27, 17, "questions[1].options[2].weight", "must be a number")),
    case("weight-yes", Q, [(26, "      - text: Paris", "      - text: Paris\n        weight: yes")],
         (27, 17, "questions[1].options[2].weight", "must be a number")),
    case("options-not-a-list", Q, [(13, "      - text: Petrol", ""), (12, "      - text: Diesel", ""),
                                   (11, "        correct: true", ""), (10, "      - text: LPG", ""),
                                   (9, "    options:", "    options: LPG")],
         (9, 14, "questions[0].options", "must be a list (lines starting with '- ')")),
    case("option-not-a-mapping", Q, [(12, "      - text: Diesel", "      - Diesel")],
         (12, 9, "questions[0].options[1]", "must be a mapping of 'key: value' lines")),
    case("option-text-a-list", Q, [(12, "      - text: Diesel", "      - text: [Diesel]")],
         (12, 15, "questions[0].options[1].text", "must be text")),
    # --- ordering items: 3 to 8, distinct
    case("ordering-too-few", Q, [(45, "      - Almaty protests", "")],
         (43, 7, "questions[3].items", "needs at least 3 item(s); found 2")),
    case("ordering-too-many", Q, [(45, "      - Almaty protests", "      - Almaty protests\n" + _more("item", 6))],
         (43, 7, "questions[3].items", "has too many items (9; at most 8)")),
    case("ordering-repeat", Q, [(45, "      - Almaty protests", "      - zhanaozen PROTESTS!")],
         (45, 9, "questions[3].items[2]", "item 3 repeats an earlier item")),
    case("ordering-item-blank", Q, [(44, "      - Aktau protests", "      - ' '")],
         (44, 9, "questions[3].items[1]", "must not be empty or only spaces")),
    # --- matching pairs: 3 to 8, distinct on each side
    case("matching-too-few", Q, [(59, "        right: Capital", ""), (58, "      - left: Nur-Sultan", "")],
         (54, 7, "questions[4].pairs", "needs at least 3 item(s); found 2")),
    case("matching-too-many", Q, [(59, "        right: Capital", "        right: Capital\n" + _more("pair", 6))],
         (54, 7, "questions[4].pairs", "has too many items (9; at most 8)")),
    case("matching-repeat-left", Q, [(56, "      - left: Almaty", "      - left: zhanaozen")],
         (56, 15, "questions[4].pairs[1].left", "pair 2: 'left' repeats an earlier pair")),
    case("matching-repeat-right", Q, [(59, "        right: Capital", "        right: Mangystau.")],
         (59, 16, "questions[4].pairs[2].right", "pair 3: 'right' repeats an earlier pair")),
    case("matching-pair-not-a-mapping", Q, [(59, "        right: Capital", ""),
                                            (58, "      - left: Nur-Sultan", "      - Nur-Sultan")],
         (58, 9, "questions[4].pairs[2]", "must be a mapping of 'key: value' lines")),
    # --- short answers: normalised, distinct, at least one letter or digit
    case("short-answer-repeat-after-normalising", Q, [(69, "      - Zhanaozen town", '      - "  zhanaözen "')],
         (69, 9, "questions[5].answers[1]", "accepted answer 2 repeats an earlier answer")),
    case("short-answer-only-punctuation", Q, [(69, "      - Zhanaozen town", '      - "?!"')],
         (69, 9, "questions[5].answers[1]", "an accepted answer needs at least one letter or digit")),
    case("short-answer-none", Q, [(69, "      - Zhanaozen town", ""), (68, "      - Zhanaozen", ""),
                                  (67, "    answers:", "    answers: []")],
         (67, 14, "questions[5].answers", "needs at least 1 item(s); found 0")),
    case("short-answers-not-a-list", Q, [(69, "      - Zhanaozen town", ""), (68, "      - Zhanaozen", ""),
                                         (67, "    answers:", "    answers: Zhanaozen")],
         (67, 14, "questions[5].answers", "must be a list")),
    case("true-false-answer-not-boolean", Q, [(34, "    answer: true", "    answer: maybe")],
         (34, 13, "questions[2].answer", "must be true or false")),
    # --- text: blank, empty, missing value, length limits
    case("prompt-blank", Q, [(7, "    prompt: Which fuel price rose in January 2022?", '    prompt: "   "')],
         (7, 13, "questions[0].prompt", "must not be empty or only spaces")),
    case("prompt-empty-string", Q, [(7, "    prompt: Which fuel price rose in January 2022?", "    prompt: ''")],
         (7, 13, "questions[0].prompt", "must not be empty")),
    case("prompt-no-value", Q, [(7, "    prompt: Which fuel price rose in January 2022?", "    prompt:")],
         (7, 12, "questions[0].prompt", "must not be empty")),
    case("prompt-too-long", Q, [(7, "    prompt: Which fuel price rose in January 2022?", "    prompt: " + "x" * 501)],
         (7, 13, "questions[0].prompt", "is too long (501 characters; at most 500)")),
    case("explanation-too-long", Q,
         [(8, "    explanation: The price of liquefied petroleum gas doubled.", "    explanation: " + "e" * 1501)],
         (8, 18, "questions[0].explanation", "is too long (1501 characters; at most 1500)")),
    case("option-text-too-long", Q, [(12, "      - text: Diesel", "      - text: " + "y" * 201)],
         (12, 15, "questions[0].options[1].text", "is too long (201 characters; at most 200)")),
    case("flashcard-front-blank", Q, [(74, "    front: What does LPG stand for?", '    front: "\\t "')],
         (74, 12, "flashcards[0].front", "must not be empty or only spaces")),
    case("flashcard-back-too-long", Q, [(75, "    back: Liquefied petroleum gas.", "    back: " + "z" * 1501)],
         (75, 11, "flashcards[0].back", "is too long (1501 characters; at most 1500)")),
    # --- YAML reads these as booleans, numbers or dates where text is expected
    case("text-yes", Q, [(12, "      - text: Diesel", "      - text: yes")],
         (12, 15, "questions[0].options[1].text",
          "must be text (YAML read it as the true/false value true: put the text in quotes)")),
    case("text-No", Q, [(7, "    prompt: Which fuel price rose in January 2022?", "    prompt: No")],
         (7, 13, "questions[0].prompt", "YAML read it as the true/false value false")),
    case("text-off", Q, [(44, "      - Aktau protests", "      - off")],
         (44, 9, "questions[3].items[1]", "YAML read it as the true/false value false")),
    case("text-number", Q, [(69, "      - Zhanaozen town", "      - 1991")],
         (69, 9, "questions[5].answers[1]", "YAML read it as the number 1991")),
    case("text-float", Q, [(57, "        right: Almaty city", "        right: 1.5")],
         (57, 16, "questions[4].pairs[1].right", "YAML read it as the number 1.5")),
    case("text-date", Q, [(12, "      - text: Diesel", "      - text: 2022-01-05")],
         (12, 15, "questions[0].options[1].text", "YAML read it as the date 2022-01-05")),
    case("id-number", Q, [(2, "  - id: q-single", "  - id: 42")],
         (2, 9, "questions[0].id", "must be text (YAML read it as the number 42")),
    # --- difficulty 1 to 3, a real number
    *(case(f"difficulty-{value}", Q, [(6, "    difficulty: 1", f"    difficulty: {value}")],
           (6, 17, "questions[0].difficulty", "must be 1, 2 or 3"))
      for value in ("0", "4", "-1", "true", '"2"', "easy", "1.5", "[1]", ".nan")),
    # --- ids are slugs
    *(case(f"id-{value}", Q, [(2, "  - id: q-single", f"  - id: {value}")], (2, 9, "questions[0].id", SLUG))
      for value in ("Q-Single", "q_single", "q--single", "-q", "q-", '"q-single\\n"', "q single", "qé")),
    case("topic-not-a-slug", Q, [(4, "    topic: causes", "    topic: Causes")], (4, 12, "questions[0].topic", SLUG)),
    case("objective-not-a-slug", Q, [(5, "    objectives: [obj-fuel]", "    objectives: [obj-fuel, Obj Two]")],
         (5, 28, "questions[0].objectives[1]", SLUG)),
    case("tag-not-a-slug", Q, [(8, "    explanation: The price of liquefied petroleum gas doubled.",
                                "    explanation: The price of liquefied petroleum gas doubled.\n"
                                "    tags: [ok, Not OK]")],
         (9, 16, "questions[0].tags[1]", SLUG)),
    case("objectives-empty", Q, [(5, "    objectives: [obj-fuel]", "    objectives: []")],
         (5, 17, "questions[0].objectives", "needs at least 1 item(s); found 0")),
    case("objectives-not-a-list", Q, [(5, "    objectives: [obj-fuel]", "    objectives: obj-fuel")],
         (5, 17, "questions[0].objectives", "must be a list")),
    case("too-many-tags", Q, [(8, "    explanation: The price of liquefied petroleum gas doubled.",
                               "    explanation: The price of liquefied petroleum gas doubled.\n    tags: ["
                               + ", ".join(f"t{n}" for n in range(21)) + "]")],
         (9, 11, "questions[0].tags", "has too many items (21; at most 20)")),
    # --- unknown keys, with a suggestion when one is close
    case("question-key-misspelt", Q, [(8, "    explanation: The price of liquefied petroleum gas doubled.",
                                       "    explenation: The price of liquefied petroleum gas doubled.")],
         (2, 5, "questions[0].explanation", "'explanation' is required"),
         (8, 18, "questions[0].explenation", "unknown field 'explenation'; did you mean 'explanation'?")),
    case("option-key-misspelt", Q, [(11, "        correct: true", "        corect: true")],
         (10, 7, "questions[0].options", "exactly one option must be marked 'correct: true' (found 0)"),
         (11, 17, "questions[0].options[0].corect", "unknown field 'corect'; did you mean 'correct'?")),
    case("flashcard-key-misspelt", Q,
         [(74, "    front: What does LPG stand for?", "    frnt: What does LPG stand for?")],
         (71, 5, "flashcards[0].front", "'front' is required"),
         (74, 11, "flashcards[0].frnt", "unknown field 'frnt'; did you mean 'front'?")),
    case("number-key", Q, [(4, "    topic: causes", "    topic: causes\n    7: seven")],
         (5, 8, "questions[0].7", "unknown field '7'")),
    # --- question types
    case("unknown-type", Q, [(3, "    type: single_choice", "    type: single")],
         (3, 11, "questions[0].type", f"unknown question type 'single'; use one of: {TYPES}")),
    case("missing-type", Q, [(3, "    type: single_choice", "")],
         (2, 5, "questions[0].type", f"'type' is required: one of {TYPES}")),
    case("type-without-its-fields", Q, [(28, "    type: true_false", "    type: single_choice")],
         (27, 5, "questions[2].options", "'options' is required"),
         (34, 13, "questions[2].answer", "unknown field 'answer'")),
    case("question-missing-field", Q, [(6, "    difficulty: 1", "")],
         (2, 5, "questions[0].difficulty", "'difficulty' is required")),
]

PACK_CASES = [
    case("pack-id-not-a-slug", P, [(1, "id: test-pack", "id: Test Pack")], (1, 5, "id", SLUG)),
    case("title-blank", P, [(2, "title: Test pack", "title: ' '")],
         (2, 8, "title", "must not be empty or only spaces")),
    case("language-name", P, [(3, "language: en", "language: English")],
         (3, 11, "language", "must be a language code such as 'en' or 'kk'")),
    case("language-no-is-a-boolean", P, [(3, "language: en", "language: no")],
         (3, 11, "language", "must be text (YAML read it as the true/false value false: put the text in quotes)")),
    case("version-float", P, [(5, 'version: "1.0.0"', "version: 1.0")],
         (5, 10, "version", "must be text (YAML read it as the number 1.0: put the text in quotes)")),
    case("version-form", P, [(5, 'version: "1.0.0"', "version: v1")],
         (5, 10, "version", "must be a version number such as '1.0.0'")),
    case("license-misspelt", P, [(6, "license: CC-BY-4.0", "licence: CC-BY-4.0")],
         (1, 1, "license", "'license' is required"),
         (6, 10, "licence", "unknown field 'licence'; did you mean 'license'?")),
    case("authors-empty", P, [(8, "  - Test Author", ""), (7, "authors:", "authors: []")],
         (7, 10, "authors", "needs at least 1 item(s); found 0")),
    case("date-month-13", P, [(13, "    date: 2022-01-05", "    date: 2022-13-05")],
         (13, 11, "sources[0].date", "must be a date written YYYY, YYYY-MM or YYYY-MM-DD")),
    case("date-no-such-day", P, [(13, "    date: 2022-01-05", "    date: 2022-02-30")],
         (13, 11, "sources[0].date", "must be a real date; there is no 2022-02-30")),
    case("date-words", P, [(13, "    date: 2022-01-05", "    date: 5 January 2022")],
         (13, 11, "sources[0].date", "must be a date written YYYY, YYYY-MM or YYYY-MM-DD")),
    case("date-short-month", P, [(13, "    date: 2022-01-05", "    date: 2022-1-5")],
         (13, 11, "sources[0].date", "must be a date written YYYY, YYYY-MM or YYYY-MM-DD")),
    case("date-with-time", P, [(13, "    date: 2022-01-05", "    date: 2022-01-05 10:30:00")],
         (13, 11, "sources[0].date", "must be a date written YYYY, YYYY-MM or YYYY-MM-DD")),
    case("address-not-web", P, [(14, "    address: https://example.org/one", "    address: example.org/one")],
         (14, 14, "sources[0].address", "must be a web address starting with http:// or https://")),
    case("source-id-not-a-slug", P, [(10, "  - id: src-one", "  - id: Src One")], (10, 9, "sources[0].id", SLUG)),
    case("statement-too-long", P,
         [(23, "    statement: The fuel price rise triggered the protests.", "    statement: " + "s" * 401)],
         (23, 16, "objectives[0].statement", "is too long (401 characters; at most 400)")),
    case("citations-empty", P, [(26, "        locator: para 1", ""), (25, "      - source: src-one", ""),
                                (24, "    citations:", "    citations: []")],
         (24, 16, "objectives[0].citations", "needs at least 1 item(s); found 0")),
    case("citations-a-mapping", P, [(26, "        locator: para 1", "      locator: para 1"),
                                    (25, "      - source: src-one", "      source: src-one")],
         (25, 7, "objectives[0].citations", "must be a list")),
    case("topic-description-empty", P, [(17, "    title: Causes", "    title: Causes\n    description: ''")],
         (18, 18, "topics[0].description", "must not be empty")),
    case("sources-not-a-list", P, [(14, "    address: https://example.org/one", ""), (13, "    date: 2022-01-05", ""),
                                   (12, "    publisher: Publisher", ""), (11, "    title: Source one", ""),
                                   (10, "  - id: src-one", ""), (9, "sources:", "sources: src-one")],
         (9, 10, "sources", "must be a list")),
    case("source-not-a-mapping", P, [(14, "    address: https://example.org/one", ""), (13, "    date: 2022-01-05", ""),
                                     (12, "    publisher: Publisher", ""), (11, "    title: Source one", ""),
                                     (10, "  - id: src-one", "  - src-one")],
         (10, 5, "sources[0]", "must be a mapping of 'key: value' lines")),
    case("pack-missing-field", P, [(4, "description: A tiny pack used by the tests.", "")],
         (1, 1, "description", "'description' is required")),
]


def _apply(pack: PackFolder, name: str, edits: list[tuple[int, str, str]]) -> None:
    for line, old, new in sorted(edits, key=lambda edit: -edit[0]):  # bottom-up keeps numbers valid
        pack.edit_line(name, line, old, new)


@pytest.mark.parametrize(("name", "edits", "expected"), QUESTION_CASES + PACK_CASES)
def test_invalid_field_is_reported_at_its_position(pack: PackFolder, name, edits, expected) -> None:
    _apply(pack, name, edits)
    assert_found(pack.found(), expected)


def test_the_minimal_pack_is_valid(pack: PackFolder) -> None:
    bank = pack.load()
    loaded = bank.packs["test-pack"]
    assert [type(q) for q in loaded.questions] == [SingleChoice, MultipleSelect, TrueFalse, Ordering, Matching,
                                                    ShortAnswer]
    assert [card.id for card in loaded.flashcards] == ["card-lpg"]
    assert loaded.meta.sources[0].date == "2022-01-05"  # an unquoted YAML date is kept as text


@pytest.mark.parametrize(
    ("line", "old", "new"),
    [
        (7, "    prompt: Which fuel price rose in January 2022?", "    prompt: " + "x" * 500),
        (12, "      - text: Diesel", "      - text: " + "y" * 200),
        (6, "    difficulty: 1", "    difficulty: 3"),
        (13, "      - text: Petrol", "      - text: Petrol\n" + _more("option", 3)),  # 6 options
        (45, "      - Almaty protests", "      - Almaty protests\n" + _more("item", 5)),  # 8 items
        (12, "      - text: Diesel", '      - text: "yes"'),  # quoted: text
        (2, "  - id: q-single", "  - id: q1-2-3"),
        (69, "      - Zhanaozen town", "      - Zhanaozen, town!"),  # punctuation inside an answer
    ],
)
def test_values_at_the_limits_are_valid(pack: PackFolder, line: int, old: str, new: str) -> None:
    pack.edit_line("questions.yaml", line, old, new)
    pack.load()


@pytest.mark.parametrize(("zhanaozen", "almaty", "paris"), [
    ("50", "50", "-100"), ("70", "30", None), ("50", "50", "0"), ("66.66667", "33.33333", "-50"),
    ("33.33", "66.66", "-100"),  # 99.99 %: Moodle rounds the sum of fractions to 2 decimals
])
def test_weights_that_reach_100_are_valid(pack: PackFolder, zhanaozen: str, almaty: str, paris: str | None) -> None:
    pack.edit_line("questions.yaml", 26, "      - text: Paris",
                   "      - text: Paris" + (f"\n        weight: {paris}" if paris else ""))
    pack.edit_line("questions.yaml", 25, "        correct: true", f"        correct: true\n        weight: {almaty}")
    pack.edit_line("questions.yaml", 23, "        correct: true", f"        correct: true\n        weight: {zhanaozen}")
    question = pack.load().packs["test-pack"].questions_by_id["q-multi"]
    assert question.weighted
    assert question.weights() == [float(zhanaozen), float(almaty), float(paris or 0)]


def test_unweighted_questions_get_the_default_weights(pack: PackFolder) -> None:
    question = pack.load().packs["test-pack"].questions_by_id["q-multi"]
    assert not question.weighted and question.weights() == [50.0, 50.0, -50.0]


@pytest.mark.parametrize("date", ["2022", "2022-01", "2022-01-05", '"2024-02-29"'])
def test_dates_may_be_year_month_or_day(pack: PackFolder, date: str) -> None:
    pack.edit_line("pack.yaml", 13, "    date: 2022-01-05", f"    date: {date}")
    assert pack.load().packs["test-pack"].meta.sources[0].date == date.strip('"')


def test_unknown_key_without_close_match_has_no_suggestion(pack: PackFolder) -> None:
    pack.edit_line("questions.yaml", 4, "    topic: causes", "    topic: causes\n    zzzz: 1")
    [(_, line, column, location, message)] = pack.found()
    assert (line, column, location, message) == (5, 11, "questions[0].zzzz", "unknown field 'zzzz'")


def test_rules_are_reported_with_the_other_errors_of_the_same_question(pack: PackFolder) -> None:
    """A model validator only runs on valid fields; the loader checks the rules on the raw data too."""
    pack.edit_line("questions.yaml", 45, "      - Almaty protests", "      - Aktau protests")
    pack.edit_line("questions.yaml", 39, "    difficulty: 3", "    difficulty: 0")
    pack.edit_line("questions.yaml", 12, "      - text: Diesel", "      - text: lpg\n        correct: true")
    pack.edit_line("questions.yaml", 6, "    difficulty: 1", "    difficulty: 9")
    assert_found(pack.found(), [
        ("questions.yaml", 6, 17, "questions[0].difficulty", "must be 1, 2 or 3"),
        ("questions.yaml", 10, 7, "questions[0].options",
         "exactly one option must be marked 'correct: true' (found 2)"),
        ("questions.yaml", 12, 15, "questions[0].options[1].text", "option 2 repeats an earlier option"),
        ("questions.yaml", 40, 17, "questions[3].difficulty", "must be 1, 2 or 3"),
        ("questions.yaml", 46, 9, "questions[3].items[2]", "item 3 repeats an earlier item"),
    ])


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"type": "single_choice", "options": [{"text": "A", "correct": True}, {"text": "a!"}]},
         [(("options", 1, "text"), "option 2 repeats an earlier option")]),
        ({"type": "single_choice", "options": [{"text": "A"}, {"text": "B"}]},
         [(("options",), "exactly one option must be marked 'correct: true' (found 0)")]),
        # an invalid flag or option leaves the count out: it is reported by validation
        ({"type": "single_choice", "options": [{"text": "A", "correct": "perhaps"}, {"text": "B"}]}, []),
        ({"type": "single_choice", "options": ["A", {"text": "a"}]}, []),
        ({"type": "multiple_select", "options": [{"text": "A", "correct": "yes"}, {"text": "B"}]}, []),
        ({"type": "multiple_select", "options": [{"text": "A"}, {"text": "B", "correct": False}]},
         [(("options",), "at least one option must be marked 'correct: true'")]),
        ({"type": "ordering", "items": ["x", None, " ", "X", 3]}, [(("items", 3), "item 4 repeats an earlier item")]),
        ({"type": "matching", "pairs": [{"left": "a", "right": "b"}, {"left": "A"}, "c"]},
         [(("pairs", 1, "left"), "pair 2: 'left' repeats an earlier pair")]),
        ({"type": "short_answer", "answers": ["x", "?", "X"]},
         [(("answers", 2), "accepted answer 3 repeats an earlier answer"),
          (("answers", 1), "an accepted answer needs at least one letter or digit")]),
        ({"type": "multiple_select", "options": [{"text": "A", "correct": True, "weight": 60},
                                                 {"text": "B", "correct": True, "weight": "x"}]}, []),
        ({"type": "multiple_select", "options": [{"text": "A", "correct": True, "weight": 60},
                                                 {"text": "B", "weight": 40}]},
         [(("options", 1, "correct"), "option 2 has a positive weight (40 %), so it must be marked 'correct: true'")]),
        ({"type": "true_false", "answer": "x"}, []),
        ({"type": "nonsense", "options": []}, []),
        ({"options": "not a list"}, []),
        ("not a mapping", []),
        ({"type": "single_choice", "options": {"text": "A"}}, []),
    ],
)
def test_rule_issues_on_raw_data(data, expected) -> None:
    assert rule_issues(data) == expected
