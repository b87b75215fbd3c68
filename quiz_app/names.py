"""Cleaning names people type (display names, classroom nicknames): trim, limit, refuse control chars."""

from __future__ import annotations

import unicodedata

MAX_NAME = 24


class NameError_(ValueError):
    """A typed name that cannot be used; the message says why, in words a student understands."""


def clean_name(raw: str, max_length: int = MAX_NAME) -> str:
    """The name with outer and repeated inner spaces removed, or :class:`NameError_`.

    Any printable text is allowed (it is always rendered as text, never as HTML); control and
    formatting characters (including bidi overrides and zero-width joiners) are refused.
    """
    name = " ".join(unicodedata.normalize("NFC", raw or "").split())
    if not name:
        raise NameError_("Please type a name.")
    if len(name) > max_length:
        raise NameError_(f"Please use at most {max_length} characters.")
    if any(unicodedata.category(char) in ("Cc", "Cf", "Co", "Cs", "Cn") for char in name):
        raise NameError_("The name contains invisible or control characters; please retype it.")
    return name
