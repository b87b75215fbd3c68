"""Bad files: encoding, size, syntax, YAML features packs refuse, and where each is reported."""

from __future__ import annotations

import datetime as dt
import time

import pytest
import yaml

from quiz_app.bank import yamlfile
from quiz_app.bank.yamlfile import ANCHORS_REFUSED, MAX_DEPTH, MAX_FILE_BYTES, TOO_DEEP, locate, parse_yaml
from tests.bank.packs import PackFolder, assert_found

EMPTY = "the file is empty"
NOT_UTF8 = "the file is not UTF-8 text; save it with UTF-8 encoding"
TAB = "a tab character is used for indentation; indent with spaces only"
TOP = "expected 'questions:' and/or 'flashcards:' at the top"


def _lol(levels: int = 10) -> str:
    """A "billion laughs" document: 9**levels strings once the aliases are expanded."""
    lines = ['lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        lines.append(f"lol{level}: &lol{level} [" + ", ".join([f"*lol{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


BAD_CONTENT_FILES = [
    pytest.param(b"", [(1, 1, "", EMPTY)], id="empty"),
    pytest.param(b"  \n\n   \n", [(1, 1, "", EMPTY)], id="whitespace-only"),
    pytest.param(b"# a comment\n   # another one\n", [(1, 1, "", EMPTY)], id="comments-only"),
    pytest.param(b"\xef\xbb\xbf", [(1, 1, "", EMPTY)], id="byte-order-mark-only"),
    pytest.param(b"questions:\n  - id: caf\xe9\n", [(2, 12, "", NOT_UTF8)], id="latin-1-byte"),
    pytest.param("questions:\n  - id: é".encode() + b"\xff\n", [(2, 10, "", NOT_UTF8)], id="bad-byte-after-accent"),
    pytest.param(b"\xef\xbb\xbfab\x80", [(1, 3, "", NOT_UTF8)], id="bad-byte-after-bom"),
    pytest.param(b"questions:\x00\n", [(1, 1, "", "this looks like a binary file, not YAML text")], id="nul-byte"),
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", [(1, 1, "", "this looks like a binary file")], id="png"),
    pytest.param(b"questions:\n  - \x07bell\n",
                 [(2, 5, "", "the file contains a control character (U+0007) that YAML does not allow")],
                 id="control-character"),
    pytest.param(b"questions: [a, b\nflashcards: []\n",
                 [(2, 11, "", "YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence)")],
                 id="unclosed-bracket"),
    pytest.param(b"questions:\n  - id: x\n   type: y\n",
                 [(3, 4, "", "YAML syntax error: did not find expected '-' indicator")], id="bad-indentation"),
    pytest.param(b"questions: a: b\n", [(1, 13, "", "YAML syntax error: mapping values are not allowed")],
                 id="colon-in-plain-value"),
    pytest.param(b'questions: ["\\q"]\n', [(1, 14, "", "YAML syntax error: found unknown escape character")],
                 id="bad-escape"),
    pytest.param(b"questions:\n\t- id: x\n", [(2, 1, "", TAB)], id="tab-before-item"),
    pytest.param(b"questions:\n  - id: x\n\ttype: y\n", [(3, 1, "", TAB)], id="tab-in-mapping"),
    pytest.param(b"questions: []\n---\nflashcards: []\n",
                 [(2, 1, "", "the file holds more than one YAML document ('---'); keep one per file")],
                 id="two-documents"),
    pytest.param(b"---\nquestions: []\n---\n", [(3, 1, "", "more than one YAML document")], id="trailing-document"),
    pytest.param(b"questions: []\nflashcards: []\nquestions: []\n",
                 [(3, 1, "", "the key 'questions' appears twice in the same mapping")], id="duplicate-top-key"),
    pytest.param(b"questions:\n  - &q {id: a}\n  - *q\n", [(2, 5, "", ANCHORS_REFUSED)], id="anchor-on-mapping"),
    pytest.param(b"questions: []\nx: &a 1\ny: *a\n", [(2, 4, "", ANCHORS_REFUSED)], id="anchor-on-scalar"),
    pytest.param(b"questions: *nowhere\n", [(1, 12, "", ANCHORS_REFUSED)], id="alias-without-anchor"),
    pytest.param(b"questions: &a [*a]\n", [(1, 12, "", ANCHORS_REFUSED)], id="recursive-alias"),
    pytest.param(b"questions: !!set {a, b}\n", [(1, 12, "", "the YAML tag '!!set' is not allowed in packs")],
                 id="set-tag"),
    pytest.param(b"questions:\n  - id: !!binary aGVsbG8=\n", [(2, 9, "", "the YAML tag '!!binary' is not allowed")],
                 id="binary-tag"),
    pytest.param(b"questions:\n  - id: !python/name:os.system x\n",
                 [(2, 9, "", "the YAML tag '!python/name:os.system' is not allowed")], id="python-tag"),
    pytest.param(b"? [a, b]\n: c\n", [(1, 3, "", "a key must be a single value, not a list or mapping")],
                 id="list-as-key"),
    pytest.param(b"questions: " + b"[" * 100 + b"]" * 100 + b"\n", [(1, 12 + MAX_DEPTH - 1, "", TOO_DEEP)],
                 id="deep-flow-nesting"),
    pytest.param(b"questions:\n" + b"".join(b"  " * depth + b"- \n" for depth in range(1, 200)),
                 [(MAX_DEPTH + 1, 2 * MAX_DEPTH + 1, "", TOO_DEEP)], id="deep-block-nesting"),
    pytest.param(b"questions: " + b"[" * 100_000 + b"]" * 100_000, [(1, 1011, "", TOO_DEEP)],
                 id="libyaml-nesting-limit"),
    pytest.param(b"- a\n- b\n", [(1, 1, "", TOP)], id="top-level-list"),
    pytest.param(b"just some text\n", [(1, 1, "", TOP)], id="top-level-text"),
    pytest.param(b"---\n", [(1, 1, "", TOP)], id="empty-document"),
    pytest.param(b"questions: []\nquizzes: []\n",
                 [(2, 10, "quizzes", "unknown top-level key 'quizzes'; use 'questions' or 'flashcards'")],
                 id="unknown-top-key"),
    pytest.param(b"questions: 3\n", [(1, 12, "questions", "must be a list (lines starting with '- ')")],
                 id="questions-not-a-list"),
    pytest.param(b"flashcards: {a: 1}\n", [(1, 13, "flashcards", "must be a list")], id="flashcards-not-a-list"),
    pytest.param(b"questions:\n  - just text\n  - [a, b]\n",
                 [(2, 5, "questions[0]", "must be a mapping of 'key: value' lines"),
                  (3, 5, "questions[1]", "must be a mapping of 'key: value' lines")], id="questions-not-mappings"),
    pytest.param(b"flashcards:\n  -\n", [(2, 4, "flashcards[0]", "must be a mapping")], id="empty-list-entry"),
]


@pytest.mark.parametrize(("content", "expected"), BAD_CONTENT_FILES)
def test_bad_content_file_is_reported_at_its_position(pack: PackFolder, content: bytes, expected) -> None:
    pack.write("questions.yaml", content)
    # A content file with problems turns off the coverage check, so these are the only problems.
    assert_found(pack.found(), [("questions.yaml", *problem) for problem in expected])


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(b"", (1, 1, "", EMPTY), id="empty"),
        pytest.param(b"- id: test-pack\n", (1, 1, "", "must be a mapping of 'key: value' lines"), id="list"),
        pytest.param(b"test-pack\n", (1, 1, "", "must be a mapping of 'key: value' lines"), id="text"),
        pytest.param(b"id: [test-pack\n", (2, 1, "", "YAML syntax error"), id="syntax"),
    ],
)
def test_bad_pack_file(pack: PackFolder, content: bytes, expected) -> None:
    pack.write("pack.yaml", content)
    assert_found(pack.found(), [("pack.yaml", *expected)])


def test_file_over_the_size_limit_is_refused_before_reading(pack: PackFolder) -> None:
    pack.write("questions.yaml", b"#" * (MAX_FILE_BYTES + 1))
    assert_found(pack.found(), [
        ("questions.yaml", 1, 1, "", "the file is too large (5,000,001 bytes; the limit is 5,000,000 bytes)"),
    ])


def test_file_at_the_size_limit_is_read() -> None:
    _, problems = parse_yaml("big.yaml", b"#" * MAX_FILE_BYTES)
    assert [problem.message for problem in problems] == [EMPTY]


def test_size_limit_is_a_setting(monkeypatch) -> None:
    monkeypatch.setattr(yamlfile, "MAX_FILE_BYTES", 10)
    _, problems = parse_yaml("f.yaml", b"questions: []\n")
    assert problems[0].message == "the file is too large (14 bytes; the limit is 10 bytes)"


def test_billion_laughs_is_refused_fast(pack: PackFolder) -> None:
    text = _lol(10)  # 9**10 = 3.5 billion strings if expanded
    start = time.perf_counter()
    pack.write("questions.yaml", text)
    found = pack.found()
    elapsed = time.perf_counter() - start
    assert_found(found, [("questions.yaml", 1, 7, "", ANCHORS_REFUSED)])
    assert elapsed < 1.0


def test_billion_laughs_in_flow_style_is_refused_fast() -> None:
    text = "{a: &a [x, x, x, x, x, x, x, x, x], " + ", ".join(
        f"{chr(98 + n)}: &{chr(98 + n)} [" + ", ".join([f"*{chr(97 + n)}"] * 9) + "]" for n in range(20)
    ) + "}"
    start = time.perf_counter()
    parsed, problems = parse_yaml("lol.yaml", text.encode())
    assert parsed is None
    assert [(p.line, p.column, p.message) for p in problems] == [(1, 5, ANCHORS_REFUSED)]
    assert time.perf_counter() - start < 1.0


def test_duplicate_keys_are_reported_and_the_rest_still_validated(pack: PackFolder) -> None:
    pack.edit_line("questions.yaml", 4, "    topic: causes", "    topic: causes\n    topic: events\n    zzz: 1")
    assert_found(pack.found(), [
        ("questions.yaml", 5, 5, "", "the key 'topic' appears twice in the same mapping"),
        ("questions.yaml", 6, 10, "questions[0].zzz", "unknown field 'zzz'"),
    ])


def test_duplicate_keys_in_flow_mapping_and_keys_of_other_types() -> None:
    parsed, problems = parse_yaml("f.yaml", b"a: {x: 1, 'x': 2}\nb: {1: a, '1': b, 0x1: c}\nc: {yes: 1, true: 2}\n")
    assert parsed is not None
    # keys are compared as values, like a Python dict: 1 and '1' differ, 0x1 == 1, yes == true
    assert parsed.data == {"a": {"x": 2}, "b": {1: "c", "1": "b"}, "c": {True: 2}}
    assert [(p.line, p.column, p.message) for p in problems] == [
        (1, 11, "the key 'x' appears twice in the same mapping"),
        (2, 19, "the key '0x1' appears twice in the same mapping"),
        (3, 13, "the key 'true' appears twice in the same mapping"),
    ]


SAFE_LOAD_CASES = [
    "a: yes\nb: No\nc: on\nd: OFF\ne: y\nf: n\ng: true\nh: False\n",
    "a: null\nb: ~\nc:\nd: Null\ne: ''\n",
    "a: 1\nb: -2\nc: 0x1F\nd: 0o17\ne: 017\nf: 1_000\ng: 1:30\nh: +5\ni: 0b101\n",
    "a: 1.5\nb: .inf\nc: -.Inf\nd: 1e3\ne: 6.8523015e+5\nf: 1_000.5\ng: 190:20:30.15\n",
    "a: 2022-01-05\nb: 2022-01-05T10:30:00Z\nc: 2022-01-05 10:30:00.5 +06:00\nd: 2022-1-5\n",
    "a: |\n  line one\n  line two\nb: >\n  folded\n  text\nc: |-\n  kept\n",
    "a: [1, two, 'three', \"fo\\u00fcr\"]\nb: {x: 1, y: [z]}\nc: []\nd: {}\n",
    "a: plain text that\n  continues here\nb: 'it''s'\nc: \"tab\\there\"\n",
    "- - - a\n    - b\n  - c\n- d: e\n  f: g\n",
    "%YAML 1.1\n---\na: 1\n...\n",
    "? a\n: b\n? c\n",
    "a: ! 12\nb: !!str 12\nc: !!int '12'\nd: !!float 1\ne: !!bool yes\nf: !!null ''\n",
    "a: !!seq [1]\nb: !!map {c: d}\nc: !!timestamp 2022-01-05\n",
    "plain scalar document\n",
    "\ufeffa: bom\n",
    "a: 1\r\nb:\r\n  - c\r\n",
    "Zhanaözen: Жаңаөзен\n'Алматы': \"Ақтау\"\n",
]


@pytest.mark.parametrize("text", SAFE_LOAD_CASES)
def test_data_is_what_safe_load_returns(text: str) -> None:
    parsed, problems = parse_yaml("f.yaml", text.encode())
    assert problems == []
    assert parsed is not None
    expected = yaml.safe_load(text)
    assert repr(parsed.data) == repr(expected)  # repr: tells 1 from True and 1.0, and keeps key order


def test_values_safe_load_cannot_construct_are_kept_as_text() -> None:
    digits = "9" * 5000
    text = f"a: 2022-02-30\nb: {digits}\nc: 2022-01-05 10:00:00 +99:00\nd: !!int abc\ne: !!bool maybe\n"
    parsed, problems = parse_yaml("f.yaml", text.encode())
    assert problems == []
    assert parsed is not None
    assert parsed.data == {"a": "2022-02-30", "b": digits, "c": "2022-01-05 10:00:00 +99:00", "d": "abc",
                           "e": "maybe"}


def test_merge_and_value_keys_are_plain_text() -> None:
    parsed, problems = parse_yaml("f.yaml", b"a: {<<: {b: 1}, c: =}\n")
    assert problems == []
    assert parsed is not None
    assert parsed.data == {"a": {"<<": {"b": 1}, "c": "="}}


def test_positions_count_characters_and_lines_with_crlf_and_accents() -> None:
    text = "questions:\r\n  - {prompt: ‘Zhanaözen’, id: q-1, when: 2022-01-05}\r\n"
    parsed, problems = parse_yaml("f.yaml", text.encode())
    assert problems == [] and parsed is not None
    line = text.split("\r\n")[1]
    assert locate(parsed, ("questions", 0, "id")) == (2, line.index("q-1") + 1, "questions[0].id")
    assert locate(parsed, ("questions", 0, "when")) == (2, line.index("2022") + 1, "questions[0].when")
    assert parsed.data["questions"][0]["when"] == dt.date(2022, 1, 5)


def test_locate_names_missing_keys_and_skips_union_tags() -> None:
    text = "questions:\n  - type: ordering\n    items: [a, b]\n"
    parsed, _ = parse_yaml("f.yaml", text.encode())
    assert parsed is not None
    assert locate(parsed, ("questions", 0, "ordering", "items", 1)) == (3, 16, "questions[0].items[1]")
    assert locate(parsed, ("questions", 0, "ordering", "prompt")) == (2, 5, "questions[0].prompt")
    assert locate(parsed, ("questions", 0, "ordering")) == (2, 5, "questions[0]")
    assert locate(parsed, ("questions", 5, "id")) == (2, 3, "questions[5]")
    assert locate(parsed, ()) == (1, 1, "")


def test_node_tree_is_only_built_to_locate_a_problem() -> None:
    parsed, _ = parse_yaml("f.yaml", b"questions:\n  - id: a\n")
    assert parsed is not None
    assert "root" not in vars(parsed)  # reading a valid file costs one parse
    assert locate(parsed, ("questions", 0, "id")) == (2, 9, "questions[0].id")
    assert "root" in vars(parsed)


def test_byte_order_mark_is_accepted(pack: PackFolder) -> None:
    pack.write("questions.yaml", b"\xef\xbb\xbf" + pack.text("questions.yaml").encode())
    pack.load()
