"""Text normalisation used to compare answers and to detect duplicate options or prompts."""

import string
import unicodedata
from functools import lru_cache

# Cyrillic (Russian and Kazakh letters) to Latin: readable ids of Kazakh and Russian prompts, and
# the transliteration variants short answers may accept (Токаев = Tokaev).
_LATIN = (
    "a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u",
    "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya", "a", "g", "q", "n", "o", "u", "u", "h", "i",
)
CYRILLIC_TO_LATIN = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі", _LATIN, strict=True))

# Every ASCII punctuation mark and symbol (Unicode categories P* and S*) becomes a space.
_ASCII_PUNCTUATION = bytes.maketrans(string.punctuation.encode(), b" " * len(string.punctuation))


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    category = unicodedata.category(char)
    if category.startswith("M"):
        return ""  # combining accents
    return " " if category[0] in "PS" else char


def normalise(text: str) -> str:
    """Fold case, strip accents and punctuation, and collapse whitespace.

    "  Zhanaözen, city! " and "zhanaozen city" normalise to the same string.
    """
    if text.isascii():  # the common case, about 20 times faster than the general one
        return " ".join(text.encode().translate(_ASCII_PUNCTUATION).decode().lower().split())
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(map(_fold_char, decomposed)).split()).casefold().strip()
