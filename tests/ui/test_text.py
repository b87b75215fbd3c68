"""Text from packs and people shown literally: Markdown escaped, ordinary punctuation left alone."""

import pytest

from quiz_app.ui.text import plain


@pytest.mark.parametrize("text", [
    "Nazarbayev's nephew", "a seven-year term", "Kassym-Jomart Tokayev", "10:30 on 5 January (1991)",
    "Is it true? Yes!", '"Shal, ket!" ("Old man, go!")', "e.g. 50-60 tenge; 2,000 troops", "Q&A",
])
def test_ordinary_punctuation_is_left_as_it_is(text: str) -> None:
    """Widgets give labels to screen readers as written: a backslash there would be read aloud."""
    assert plain(text) == text


@pytest.mark.parametrize(("text", "escaped"), [
    ("**bold** _it_ `code` ~strike~", r"\*\*bold\*\* \_it\_ \`code\` \~strike\~"),
    ("[link](javascript:alert(1)) ![img](x)", r"\[link\](javascript:alert(1)) !\[img\](x)"),
    (":red[alarm] :smile: :material/home:", r"\:red\[alarm\] \:smile: \:material/home:"),
    ("$x^2$ costs $5", r"\$x^2\$ costs \$5"),
    ("<b>bold</b> <script>", r"\<b\>bold\</b\> \<script\>"),
    ("see https://example.org or www.example.org", r"see https\://example.org or www\.example.org"),
    ("write to a@b.org", r"write to a\@b.org"),
    ("&amp; &#39;", r"\&amp; \&#39;"),
    ("a | b | c", r"a \| b \| c"),
    ("back\\slash", "back\\\\slash"),
])
def test_markdown_syntax_is_escaped(text: str, escaped: str) -> None:
    assert plain(text) == escaped


@pytest.mark.parametrize(("text", "escaped"), [
    ("# Heading", r"\# Heading"), ("## h2", r"\#\# h2"), ("- item", r"\- item"), ("+ item", r"\+ item"),
    ("1. first", r"1\. first"), ("2) second", r"2\) second"), ("===", r"\=\=\="), ("---", r"\-\-\-"),
    ("line one\n- item", "line one  \n\\- item"),
])
def test_block_markup_is_escaped_only_at_the_start_of_a_line(text: str, escaped: str) -> None:
    assert plain(text) == escaped
    assert plain("in the middle: # - + 1. ===") == "in the middle: # - + 1. ==="
