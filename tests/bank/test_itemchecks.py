"""Item-writing checks: each warning with its message and location, silencing with a reason, the CLI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from quiz_app.bank import load_bank
from quiz_app.bank.itemchecks import CHECKS, question_findings
from quiz_app.bank.models import CHECK_IDS, MultipleSelect, Question, ShortAnswer, SingleChoice
from quiz_app.cli import main
from tests.bank.packs import PackFolder, assert_found

BASE = {"topic": "causes", "objectives": ["obj-fuel"], "difficulty": 1, "explanation": "Because."}


def _choice(prompt: str, *options: tuple[str, bool], multiple: bool = False, **extra: Any) -> Question:
    model = MultipleSelect if multiple else SingleChoice
    return model.model_validate({**BASE, "id": "q", "type": model.model_fields["type"].annotation.__args__[0],
                                 "prompt": prompt, "options": [{"text": t, "correct": c} for t, c in options],
                                 **extra})


def _found(question: Question) -> list[tuple[str, tuple, str]]:
    return [(f.check, f.loc, f.message) for f in question_findings(question)]


@pytest.mark.parametrize(("options", "expected"), [
    # 30 against 16: 1.9 times but only 14 more characters (the margin is 15): not clearly longest
    ((("x" * 30, True), ("y" * 16, False), ("z" * 3, False)), []),
    ((("A sudden doubling of the price of car fuel (LPG)", True), ("A tax on bread", False),
      ("A new census", False)),
     [("longest-correct", ("options", 0, "text"),
       "the correct option is clearly the longest (48 characters; the longest wrong one has 14): students can "
       "pick it without knowing")]),
    # 76 against 62: 15 more characters but only 1.23 times: not clearly longest
    ((("x" * 76, True), ("y" * 62, False)), []),
    ((("x" * 76, True), ("y" * 60, False)),
     [("longest-correct", ("options", 0, "text"),
       "the correct option is clearly the longest (76 characters; the longest wrong one has 60): students can "
       "pick it without knowing")]),
])
def test_longest_correct(options, expected) -> None:
    assert _found(_choice("What started it?", *options)) == expected


@pytest.mark.parametrize("text", ["None of the above", "All of the above.", "all the above", "Both of these",
                                  "NONE OF THESE", "Neither of them"])
def test_all_or_none_of_the_above(text: str) -> None:
    question = _choice("Who?", ("Tokayev", True), ("Nazarbayev", False), (text, False))
    assert _found(question) == [("all-none-above", ("options", 2, "text"),
                                 "option 3 is an 'all/none of the above' option: options are shuffled, and it rewards "
                                 "ruling answers out rather than knowing the right one")]


def test_correct_option_repeating_the_prompt() -> None:
    question = _choice("What post did Smailov hold before he became acting prime minister?",
                       ("First deputy prime minister", True), ("Mayor of Almaty", False),
                       ("Speaker of the Mazhilis", False))
    assert _found(question) == [("correct-repeats-prompt", ("options", 0, "text"),
                                 "the correct option 1 repeats 'minister', 'prime' from the prompt and no wrong "
                                 "option does: a clue to the answer")]
    fair = _choice("What post did Smailov hold before he became acting prime minister?",
                   ("First deputy prime minister", True), ("Minister of energy", False), ("Prime's mayor", False))
    assert _found(fair) == []  # a wrong option has the words too


@pytest.mark.parametrize(("options", "expected"), [
    ((("5 January 2022", True), ("10 January 2022", False), ("Almaty", False)),
     [("implausible-distractor", ("options", 2, "text"),
       "wrong option 3 is words without a number or date where the answer is a date: easy to rule out")]),
    ((("Almaty", True), ("Aktau", False), ("2 January", False)),
     [("implausible-distractor", ("options", 2, "text"),
       "wrong option 3 is a date where the answer is words without a number or date: easy to rule out")]),
    ((("About 238 people", True), ("About 1,500 people", False), ("Nobody", False)),
     [("implausible-distractor", ("options", 2, "text"),
       "wrong option 3 is words without a number or date where the answer is a number: easy to rule out")]),
    # a year inside a phrase does not make a date; "2,000" is a number, not a year
    ((("High treason", True), ("Rigging the 2019 presidential election", False), ("Tax evasion", False)), []),
    ((("About 2,500", True), ("About 2,000", False), ("About 250", False)), []),
    ((("18 years in prison", True), ("Life imprisonment", False), ("5 years in prison", False)), []),
])
def test_distractors_of_another_kind(options, expected) -> None:
    assert _found(_choice("Which one?", *options)) == expected


def test_several_correct_options_of_several_kinds_are_not_judged() -> None:
    question = _choice("Which?", ("Almaty", True), ("5 January", True), ("1,000", False), multiple=True)
    assert [f[0] for f in _found(question)] == []


def _short(*answers: str, **extra: Any) -> ShortAnswer:
    return ShortAnswer.model_validate({**BASE, "id": "s", "type": "short_answer", "prompt": "Name it.",
                                       "answers": list(answers), **extra})


def test_redundant_accepted_answers() -> None:
    question = _short("CSTO", "the CSTO", "C.S.T.O.", "Collective Security Treaty Organization", "10,000", "10000")
    assert _found(question) == [
        ("redundant-answer", ("answers", 1), "accepted answer 2 ('the CSTO') is already accepted through 'CSTO' "
         "(articles, hedges, units, dots in abbreviations and thousands separators are ignored): it can go"),
        ("redundant-answer", ("answers", 2), "accepted answer 3 ('C.S.T.O.') is already accepted through 'CSTO' "
         "(articles, hedges, units, dots in abbreviations and thousands separators are ignored): it can go"),
        ("redundant-answer", ("answers", 5), "accepted answer 6 ('10000') is already accepted through '10,000' "
         "(articles, hedges, units, dots in abbreviations and thousands separators are ignored): it can go"),
    ]
    # Spellings that only transliteration folds together stay: Moodle, GIFT and Anki exports need them.
    assert _found(_short("Tokayev", "Tokaev", "Toqaev", "Токаев", grading={"transliteration": True})) == []


def test_every_check_is_described() -> None:
    assert tuple(CHECKS) == CHECK_IDS


# --- through the loader: located like the errors, silenced with a reason ---------------------------------------

CHOICES = """\
questions:
{items}
"""
ITEM = """\
  - id: q-{n}
    type: single_choice
    topic: causes
    objectives: [obj-fuel]
    difficulty: 1
    prompt: Choice question number {n}?
    explanation: Because.
    options:
      - text: Right {n}
        correct: true
      - text: Wrong {n}
{extra}"""


def _choices(pack: PackFolder, count: int = 3, extra: dict[int, str] | None = None) -> None:
    items = "\n".join(ITEM.format(n=n, extra=(extra or {}).get(n, "")) for n in range(count))
    pack.write("choices.yaml", CHOICES.format(items=items))


def _warnings(pack: PackFolder) -> list[tuple[str, int, int, str, str]]:
    bank = load_bank([pack.path], warnings=True)
    assert all(w.severity == "warning" for w in bank.warnings)
    return [(Path(w.path).name, w.line, w.column, w.location, w.message) for w in bank.warnings]


def test_the_minimal_pack_has_no_warnings(pack: PackFolder) -> None:
    assert _warnings(pack) == []


def test_same_position_in_every_choice_question_of_a_file(pack: PackFolder) -> None:
    _choices(pack)
    assert_found(_warnings(pack), [
        ("choices.yaml", 10, 7, "questions[0].options",
         "the (first) correct option is option 1 in all 3 choice questions of this file: vary its position "
         "(the app shuffles options, but a print-out or another app may keep the written order) [same-position]"),
    ])
    _choices(pack, count=2)
    assert _warnings(pack) == []  # fewer than 3 choice questions


def test_a_warning_is_silenced_for_one_item_with_a_reason(pack: PackFolder) -> None:
    _choices(pack, extra={2: '    silence: {same-position: "the order follows the source"}\n'})
    assert _warnings(pack) == []
    pack.load()  # and the pack is valid


@pytest.mark.parametrize(("silence", "location", "message"), [
    ("{same-position: }", "questions[1].silence.same-position",
     "silencing a warning needs a reason: say why the item is fine as it is"),
    ('{same-position: "  "}', "questions[1].silence.same-position",
     "silencing a warning needs a reason: say why the item is fine as it is"),
    ("{longest: because}", "questions[1].silence.longest",
     "unknown check 'longest'; use one of: longest-correct, all-none-above, correct-repeats-prompt, "
     "implausible-distractor, same-position, redundant-answer, repeated-prompt"),
    ("[same-position]", "questions[1].silence", "must be a mapping of 'key: value' lines"),
])
def test_silencing_without_a_reason_is_an_error(pack: PackFolder, silence: str, location: str, message: str) -> None:
    _choices(pack, extra={1: f"    silence: {silence}\n"})
    [(name, _, _, where, text)] = pack.found()
    assert (name, where, text) == ("choices.yaml", location, message)


def test_warnings_are_located_like_errors(pack: PackFolder) -> None:
    _choices(pack, extra={1: "      - text: None of the above\n"})
    [(name, line, column, location, message)] = [w for w in _warnings(pack) if "all-none" in w[4]]
    assert (name, line, column, location) == ("choices.yaml", 25, 15, "questions[1].options[2].text")
    assert message.endswith("[all-none-above]")


def test_a_repeated_prompt_with_other_answers_is_a_warning_and_with_the_same_answers_an_error(pack) -> None:
    text = ITEM.format(n=0, extra="").replace("Right 0", "Another answer") + "\n" + ITEM.format(n=1, extra="")
    pack.write("choices.yaml", CHOICES.format(items=text.replace("number 1?", "number 0?")))
    assert_found([w for w in _warnings(pack) if "repeated" in w[4]], [
        ("choices.yaml", 19, 13, "questions[1].prompt",
         f"the same prompt is already used at {pack.file('choices.yaml')}:7, with other answers: students cannot "
         "tell the two questions apart [repeated-prompt]"),
    ])
    pack.write("choices.yaml", CHOICES.format(items=text.replace("number 1?", "number 0?")
                                              .replace("Another answer", "Right 1").replace("Wrong 0", "Wrong 1")))
    assert_found(pack.found(), [
        ("choices.yaml", 19, 13, "questions[1].prompt",
         f"the same prompt is already used at {pack.file('choices.yaml')}:7"),
    ])


def test_validate_prints_warnings_and_exits_0(pack: PackFolder, capsys) -> None:
    _choices(pack)
    assert main(["validate", str(pack.path)]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0] == (f"{pack.file('choices.yaml')}:10:7: questions[0].options: warning: the (first) correct option "
                        "is option 1 in all 3 choice questions of this file: vary its position (the app shuffles "
                        "options, but a print-out or another app may keep the written order) [same-position]")
    assert lines[-1] == ("OK: the bank is valid, with 1 warning from the item-writing checks (fix them, or silence "
                         "one for its item with 'silence: {<check>: <reason>}')")
    assert err == ""


def test_validate_with_errors_and_warnings_exits_1_and_counts_both(pack: PackFolder, capsys) -> None:
    _choices(pack, count=4, extra={3: "    tags: [Not A Slug]\n"})  # q-3 invalid: three choice questions left
    assert main(["validate", str(pack.path)]) == 1
    out, err = capsys.readouterr()
    assert [line.split(": ")[1] for line in out.splitlines()] == ["questions[0].options", "questions[3].tags[0]"]
    assert [" warning: " in line for line in out.splitlines()] == [True, False]
    assert err == "1 problem found (and 1 warning)\n"
