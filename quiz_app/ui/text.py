"""Showing text that came from packs or from people as text: Markdown syntax is escaped.

Streamlit renders labels and ``st.markdown`` as Markdown (never raw HTML unless asked); escaping
every ASCII punctuation mark also stops links, images, colour directives (``:red[...]``) and
LaTeX (``$...$``) written into a question or a nickname from being interpreted.
"""

import re

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:=^&\"'])")


def plain(text: str) -> str:
    """``text`` escaped so that Streamlit's Markdown shows it literally."""
    return _MARKDOWN.sub(r"\\\1", text).replace("\n", "  \n")
