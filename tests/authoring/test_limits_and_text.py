"""The shared pieces: upload limits and decoding, the guard, text conversions, generated ids."""

from __future__ import annotations

import codecs
import time

import pytest

from quiz_app.authoring.items import PreviewBuilder, make_id
from quiz_app.authoring.limits import ImportError_, guarded, read_text
from quiz_app.authoring.textconv import category_topic, html_to_text, slugify
from tests.authoring.helpers import DEFAULTS


@pytest.mark.parametrize(("data", "expected"), [
    (b"plain", "plain"),
    (codecs.BOM_UTF8 + "Әлем".encode(), "Әлем"),
    ("Әлем".encode("utf-16"), "Әлем"),
    ("\ufefftext", "text"),
])
def test_read_text_accepts_utf8_and_utf16_with_bom(data, expected: str) -> None:
    assert read_text(data, "GIFT file") == expected


@pytest.mark.parametrize(("data", "message"), [
    (b"a" * 5_000_001, r"too large \(5.0 MB\); the limit is 5.0 MB"),
    (b"ok\x00", "binary"),
    ("ok\x00", "binary"),
    (b"line one\nline two \xc3(", "not UTF-8 text \\(first bad byte on line 2\\)"),
    (b"PK\x03\x04....", "zip file \\(or an Excel or Word document\\)"),
    ("a\ud800", "invalid characters"),
    ("x\n" + "y" * 20_001, "Line 2 of the GIFT file is 20,001 characters long"),
    (None, "Nothing to import"),
])
def test_read_text_refuses_with_clear_messages(data, message: str) -> None:
    with pytest.raises(ImportError_, match=message) as error:
        read_text(data, "GIFT file")
    assert not error.value.internal


def test_guard_turns_bugs_into_internal_errors() -> None:
    @guarded("test file")
    def broken(data: str) -> None:
        raise KeyError(data)

    with pytest.raises(ImportError_, match="unexpected problem") as error:
        broken("x")
    assert error.value.internal and isinstance(error.value.__cause__, KeyError)


@pytest.mark.parametrize(("markup", "text"), [
    ("<p>One</p><p>Two &amp; <b>three</b></p>", "One\nTwo & three"),
    ("a<br/>b<br>c", "a\nb\nc"),
    ("<script>alert(1)</script>x<style>p{}</style>", "x"),
    ("<!-- hidden --> shown", "shown"),
    ("3 < 5 and 7 > 2", "3 < 5 and 7 > 2"),
    ("&lt;b&gt; is bold&nbsp;text", "<b> is bold text"),
    ("unfinished <b", "unfinished"),
    ("<ul><li>a</li><li>b</li></ul>", "a\nb"),
])
def test_html_to_text(markup: str, text: str) -> None:
    assert html_to_text(markup) == text


@pytest.mark.parametrize("markup", ["<" * 200_000, "<a" * 100_000, "<!--" * 100_000, "<script>" * 50_000,
                                    "&" * 200_000])
def test_html_to_text_is_fast_on_pathological_input(markup: str) -> None:
    start = time.perf_counter()
    html_to_text(markup)
    assert time.perf_counter() - start < 2


@pytest.mark.parametrize(("text", "slug"), [
    ("Who was president in 2022?", "who-was-president-in-2022"),
    ("Zhanaözen, café", "zhanaozen-cafe"),
    ("Қазақстан тарихы", "qazaqstan-tarikhy"),
    ("Объявлено чрезвычайное положение", "obyavleno-chrezvychainoe-polozhenie"),
    ("中文", ""),
    ("a" * 50 + " " + "b" * 50, "a" * 50),
])
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


@pytest.mark.parametrize(("path", "topic"), [
    ("$course$/top/Kazakhstan/Causes", "causes"),
    ("$course$/top/Default for History", "default-for-history"),
    ("$system$/top", ""),
    ("Dates//Times", "dates-times"),
    ("  Events  ", "events"),
])
def test_category_topic(path: str, topic: str) -> None:
    assert category_topic(path) == topic


def test_generated_ids_are_stable_unique_and_valid() -> None:
    used: set[str] = set()
    first = make_id("t", "Who was president?", used)
    assert first == make_id("t", "Who was president?", set())
    assert make_id("t", "Who was president?", used) == first + "-2"
    assert make_id("t", "中文?", used).startswith("t-q-")
    long = make_id("a" * 30, "word " * 100, used)
    assert len(long) <= 76 and slugify(long) == long
    for prefix in ("pack-", "a" * 60, "", "Мой пакет"):
        made = make_id(prefix, "Какой город?", used)
        assert slugify(made) == made and len(made) <= 80


def test_builder_keeps_explicit_ids_clear_of_generated_ones() -> None:
    build = PreviewBuilder(DEFAULTS)
    generated = make_id("t", "Q?", set())
    assert build.question({"type": "true_false", "prompt": "Q?", "answer": True}, line=1, item="a") is not None
    assert build.question({"id": generated, "type": "true_false", "prompt": "R?", "answer": True},
                          line=2, item="b") is None
    assert build.rejected[0].reason == f"the id '{generated}' is already used on line 1"


def test_slugs_are_lowercase_even_when_unicode_decomposes_into_capitals() -> None:
    from quiz_app.authoring.textconv import slugify

    assert slugify("㏁ and ℡") == "m-and-tel"  # SQUARE M OHM decomposes into "MΩ", TELEPHONE SIGN into "TEL"
