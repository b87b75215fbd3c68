"""Small text conversions shared by the importers: trimming, HTML to text, slugs, labels.

Everything here is linear in the length of its input (no regular expression that can
backtrack badly), because it runs on uploaded text.
"""

from __future__ import annotations

import html
import re
import unicodedata

from quiz_app.bank.text import CYRILLIC_TO_LATIN

# The characters PHP's trim() removes: Moodle trims with it, so GIFT and Moodle XML do too.
PHP_WHITESPACE = " \t\n\r\x00\x0b"

_BREAK_TAGS = frozenset({
    "br", "p", "div", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "hr", "dt", "dd", "section", "article", "header", "footer",
})
_SKIP_TAGS = ("script", "style")
_TAG_NAME = re.compile(r"/?\s*([A-Za-z][A-Za-z0-9]*)")


def php_trim(text: str) -> str:
    """``text`` without the outer characters PHP's ``trim`` removes (spaces, tabs, newlines, NUL, VT)."""
    return text.strip(PHP_WHITESPACE)


def unify_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n``."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def html_to_text(markup: str) -> str:
    """The visible text of an HTML fragment, as plain text.

    Tags are removed (block tags such as ``<p>``, ``<br>`` and ``<li>`` end a line), the
    contents of ``<script>`` and ``<style>`` are dropped, comments are dropped, entities are
    decoded, runs of spaces collapse to one and blank lines are removed. The result is text,
    never markup: nothing of the input is interpreted beyond this.
    """
    pieces: list[str] = []
    position = 0
    length = len(markup)
    lower: str | None = None
    while position < length:
        start = markup.find("<", position)
        if start == -1:
            pieces.append(html.unescape(markup[position:]))
            break
        following = markup[start + 1 : start + 2]
        if not (following.isalpha() or following in ("/", "!", "?")):
            pieces.append(html.unescape(markup[position : start + 1]))
            position = start + 1
            continue
        pieces.append(html.unescape(markup[position:start]))
        if markup.startswith("<!--", start):
            end = markup.find("-->", start + 4)
            position = length if end == -1 else end + 3
            continue
        end = markup.find(">", start)
        if end == -1:  # an unfinished tag: the rest is not text
            break
        match = _TAG_NAME.match(markup, start + 1, end)
        name = match.group(1).lower() if match else ""
        position = end + 1
        if name in _BREAK_TAGS:
            pieces.append("\n")
        if name in _SKIP_TAGS and not markup.startswith("/", start + 1):
            lower = lower if lower is not None else markup.lower()
            close = lower.find(f"</{name}", position)
            if close == -1:
                break
            close_end = markup.find(">", close)
            position = length if close_end == -1 else close_end + 1
    text = "".join(pieces).replace("\u00a0", " ")
    lines = (" ".join(line.split()) for line in unify_newlines(text).split("\n"))
    return "\n".join(line for line in lines if line)


def slugify(text: str, max_length: int = 80) -> str:
    """A slug (lowercase ASCII letters, digits and single hyphens) made from ``text``; may be empty.

    Accents are removed and Cyrillic is transliterated; other scripts are dropped. The slug
    is cut at a hyphen so that it has at most ``max_length`` characters.
    """
    folded = []
    for char in unicodedata.normalize("NFKD", text.lower()).lower():  # NFKD can make capitals: ㏁ is MΩ
        if char in CYRILLIC_TO_LATIN:
            folded.append(CYRILLIC_TO_LATIN[char])
        elif char.isascii() and char.isalnum():
            folded.append(char)
        elif unicodedata.category(char).startswith("M"):
            continue
        else:
            folded.append("-")
    slug = "-".join(part for part in "".join(folded).split("-") if part)
    if len(slug) > max_length:
        cut = slug.rfind("-", 0, max_length + 1)
        slug = slug[:cut] if cut > 0 else slug[:max_length].rstrip("-")
    return slug


def excerpt(text: str, length: int = 60) -> str:
    """The start of ``text`` on one line, for labelling an item in a list of problems."""
    line = " ".join(text.split())
    return line if len(line) <= length else line[: length - 1].rstrip() + "…"


_CATEGORY_SPLIT = re.compile(r"(?<!/)/(?!/)")
_CONTEXT_TOKENS = frozenset(("$course$", "$system$", "$module$", "$coursecategory$", "$cat1$", "$cat2$", "top"))


def category_topic(path: str) -> str:
    """The topic slug for a Moodle category path such as ``$course$/top/Kazakhstan/Causes`` ('causes').

    The last segment of the path is used (Moodle writes a '/' inside a name as '//');
    context tokens such as ``$course$`` and ``top`` are not names. Empty if no name is left.
    """
    segments = [segment.replace("//", "/").strip() for segment in _CATEGORY_SPLIT.split(path.strip())]
    names = [segment for segment in segments if segment and segment.lower() not in _CONTEXT_TOKENS]
    return slugify(names[-1]) if names else ""


_MEDIA_HTML = (
    ("images", re.compile(r"<img\b|@@PLUGINFILE@@", re.IGNORECASE)),
    ("audio", re.compile(r"<audio\b", re.IGNORECASE)),
    ("video", re.compile(r"<video\b|<iframe\b|<embed\b|<object\b", re.IGNORECASE)),
    ("links", re.compile(r"<a\s[^>]{0,1000}?href", re.IGNORECASE)),  # bounded: linear on any input
)
_MEDIA_MARKDOWN = (("images", re.compile(r"!\[[^\]\n]{0,1000}\]\(")),)
MEDIA_ORDER = ("images", "audio", "video", "links")


def lost_media(text: str, fmt: str) -> set[str]:
    """What of ``text`` (in Moodle text format ``fmt``) an import cannot keep: "images", "audio", "video"
    (embedded players too) and "links" (their address; the linked words are kept).

    HTML (``html``, and Moodle's ``moodle`` auto-format, which allows it) loses its tags; Markdown keeps
    its links as written but not its images; plain text keeps everything.
    """
    if fmt in ("html", "moodle", "moodle_auto_format"):
        patterns = _MEDIA_HTML
    elif fmt == "markdown":
        patterns = _MEDIA_MARKDOWN
    else:
        return set()
    return {kind for kind, pattern in patterns if pattern.search(text)}


def media_note(kinds: set[str]) -> str:
    """The note an importer adds for a question that lost ``kinds`` of media (see :func:`lost_media`)."""
    names = [kind for kind in MEDIA_ORDER if kind in kinds]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    verb = "is" if names == ["audio"] or names == ["video"] else "are"
    return f"{listed} {verb} not imported; check that the question still makes sense"
