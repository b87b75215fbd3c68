"""Showing text that came from packs or from people as text: Markdown syntax is escaped.

Streamlit renders labels and ``st.markdown`` as Markdown (never raw HTML unless asked). Only the
characters that can start Markdown, a link, LaTeX (``$...$``), a colour or icon directive
(``:red[...]``, ``:material/...``), an emoji code or an HTML entity are escaped, and only where they
can: a list marker or a heading mark only at the start of a line. Ordinary punctuation ("Nazarbayev's",
"seven-year", "(1991)") stays as it is, because some widgets (checkboxes, drop-downs, text inputs)
give the label as typed to screen readers, which would read every backslash aloud.
"""

import re

# Anywhere: emphasis, code, links, HTML, strike-through, LaTeX, tables, e-mail autolinks; the colon of
# a directive (:red[..], :smile:, :material/x:) or of "https://"; an HTML entity; "www." autolinks.
_INLINE = re.compile(r"[\\`*_\[\]<>~$|@]|:(?=[A-Za-z0-9_+-]*[\[:]|material/|//)|&(?=#?\w+;)|(?<=\bwww)\.",
                     re.IGNORECASE)
# Only at the start of a line: headings, list items, setext underlines.
_LINE_START = re.compile(r"^([ \t]*)(#{1,6}(?=\s|$)|[+-](?=\s|$)|\d{1,9}[.)](?=\s|$)|=+(?=\s*$)|-+(?=\s*$))",
                         re.MULTILINE)
_MARK = re.compile(r"[#+=.)-]")


def plain(text: str) -> str:
    """``text`` escaped so that Streamlit's Markdown shows it literally."""
    escaped = _INLINE.sub(lambda m: "\\" + m.group(0), text)
    escaped = _LINE_START.sub(lambda m: m.group(1) + _MARK.sub(lambda c: "\\" + c.group(0), m.group(2)), escaped)
    return escaped.replace("\n", "  \n")
