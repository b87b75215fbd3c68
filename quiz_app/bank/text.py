"""Text normalisation used to compare answers and to detect duplicate options or prompts."""

import re
import unicodedata

_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Fold case, strip accents and punctuation, and collapse whitespace.

    "  Zhanaözen, city! " and "zhanaozen city" normalise to the same string.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    kept = []
    for char in decomposed:
        category = unicodedata.category(char)
        if category.startswith("M"):
            continue  # combining accents
        kept.append(" " if category[0] in "PS" else char)
    return _SPACE.sub(" ", "".join(kept)).casefold().strip()
