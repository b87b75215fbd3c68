"""Fixtures of the authoring tests: the pack shipped in question_bank/."""

from __future__ import annotations

import pytest

from quiz_app.bank import Pack, load_bank


@pytest.fixture(scope="session")
def shipped_pack() -> Pack:
    """The Kazakhstan pack shipped in question_bank/."""
    return load_bank().packs["kazakhstan-2022"]
