"""Join codes: short, random, and free of characters that are easy to confuse on a projector."""

from __future__ import annotations

import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L
LENGTH = 6  # 31**6 ≈ 887 million codes; guessing is also rate-limited per client and per code


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise_code(typed: str) -> str:
    """What the student typed, upper-cased, without spaces or dashes (at most 20 characters kept)."""
    return "".join((typed or "")[:40].split()).replace("-", "").upper()[:20]


def looks_valid(code: str) -> bool:
    return len(code) == LENGTH and all(char in ALPHABET for char in code)
