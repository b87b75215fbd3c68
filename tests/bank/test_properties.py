"""Property tests: whatever the input, the loader returns a bank or raises BankError with sane problems."""

from __future__ import annotations

import re
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz_app.bank import BankError, load_pack_texts
from quiz_app.bank.models import KNOWN_FIELDS, QUESTION_TYPES
from quiz_app.bank.yamlfile import parse_yaml
from tests.bank.packs import FILES

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Values that YAML reads as something other than text, or that break the syntax.
ODD_VALUES = [
    "yes", "No", "on", "~", "null", "", "''", '""', "1.5", "-1", "0", "4", "0x1F", "1:30", ".nan", "-.inf",
    "9" * 5000, "2022-13-45", "2022-02-30", "2022-01-05 10:00:00 +99:00", "[]", "{}", "[a, b]", "{a: 1}",
    "&a x", "*a", "!!binary aGk=", "!foo x", "!!set {a}", "|", ">-", "'unterminated", '"bad \\q"', "\t",
    "x: y", "- a", "? a", "%", "@", "`", "#", "<<: {a: 1}", "=", "é", "\x07", "\x85", "\u2028", "\ufeff",
    "Q-1", "q--1", " ", "single_choice", "true_false", "ordering", "x" * 600, "---", "...",
]
_KEY_VALUE = re.compile(r"^(\s*(?:- )?[a-z_]+:)(.*)$")


def _check(files: dict[str, Any]) -> None:
    try:
        load_pack_texts("pack", files)
    except BankError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.path
            assert problem.line >= 0 and problem.column >= 0
            assert problem.message.strip()
            assert str(problem)


@st.composite
def mutated_pack(draw: st.DrawFn) -> dict[str, Any]:
    """The minimal pack with a few random edits to one or both files."""
    files: dict[str, Any] = dict(FILES)
    for name in draw(st.lists(st.sampled_from(sorted(files)), min_size=1, max_size=2, unique=True)):
        text: str = files[name]
        for _ in range(draw(st.integers(1, 4))):
            lines = text.split("\n")
            edit = draw(st.sampled_from(["value", "value", "char", "delete", "insert", "drop-line", "copy-line"]))
            if edit == "value":
                candidates = [index for index, line in enumerate(lines) if _KEY_VALUE.match(line)]
                index = draw(st.sampled_from(candidates))
                value = draw(st.sampled_from(ODD_VALUES) | st.text(max_size=12))
                lines[index] = _KEY_VALUE.sub(lambda m, v=value: f"{m.group(1)} {v}", lines[index])
                text = "\n".join(lines)
            elif edit in ("drop-line", "copy-line"):
                index = draw(st.integers(0, len(lines) - 1))
                lines[index:index + 1] = [] if edit == "drop-line" else [lines[index]] * 2
                text = "\n".join(lines)
            else:
                at = draw(st.integers(0, len(text)))
                size = draw(st.integers(1, 8)) if edit != "insert" else 0
                piece = "" if edit == "delete" else draw(st.text(min_size=1, max_size=6) | st.sampled_from(ODD_VALUES))
                text = text[:at] + piece + text[at + size:]
        raw = text.encode("utf-8", "surrogatepass")
        if draw(st.booleans()):  # byte-level edits: invalid UTF-8, NUL...
            for _ in range(draw(st.integers(1, 3))):
                at = draw(st.integers(0, len(raw)))
                raw = raw[:at] + draw(st.binary(min_size=1, max_size=3)) + raw[at + 1:]
        files[name] = raw
    return files


@SETTINGS
@given(mutated_pack())
def test_mutated_pack_gives_a_bank_or_located_problems(files: dict[str, Any]) -> None:
    _check(files)


_SCALARS = (
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
    | st.sampled_from([*QUESTION_TYPES, "obj-fuel", "causes", "q-1"]) | st.dates()
)
_KEYS = st.sampled_from(sorted(KNOWN_FIELDS)) | st.text(max_size=8)


def _documents() -> st.SearchStrategy[Any]:
    return st.recursive(
        _SCALARS,
        lambda children: st.lists(children, max_size=5) | st.dictionaries(_KEYS, children, max_size=6),
        max_leaves=40,
    )


@st.composite
def random_yaml(draw: st.DrawFn) -> str:
    data = draw(_documents() | st.fixed_dictionaries({"questions": st.lists(_documents(), max_size=4)}))
    return yaml.safe_dump(data, default_flow_style=draw(st.sampled_from([False, True, None])),
                          allow_unicode=draw(st.booleans()), sort_keys=False)


@SETTINGS
@given(random_yaml(), st.sampled_from(["pack.yaml", "questions.yaml"]))
def test_random_yaml_document_gives_a_bank_or_located_problems(text: str, name: str) -> None:
    _check({**FILES, name: text})


def _same(text: str) -> None:
    parsed, _ = parse_yaml("f.yaml", text.encode("utf-8", "surrogatepass"))
    if parsed is None or "<<" in text:
        return  # refused (or a merge key, which packs keep as text)
    try:
        expected = yaml.load(text, Loader=yaml.CSafeLoader)
    except Exception:  # safe_load crashes (ValueError...) on some values we keep as text
        return
    assert repr(parsed.data) == repr(expected)


# Short texts made of YAML's special characters: mostly syntax errors and odd corners.
YAMLISH = st.text(alphabet="ab1:-[]{},&*!|>'\"#?\n \t0.~%@`<=\\yn", max_size=60)


@SETTINGS
@given(random_yaml() | YAMLISH)
def test_reader_returns_what_safe_load_returns(text: str) -> None:
    _same(text)


@SETTINGS
@given(YAMLISH, st.sampled_from(["pack.yaml", "questions.yaml"]))
def test_yaml_like_text_gives_a_bank_or_located_problems(text: str, name: str) -> None:
    _check({**FILES, name: text})


@SETTINGS
@given(mutated_pack())
def test_reader_returns_what_safe_load_returns_on_mutated_packs(files: dict[str, Any]) -> None:
    for raw in files.values():
        text = raw if isinstance(raw, str) else raw.decode("utf-8", "replace")
        _same(text.replace("\x00", ""))

