"""Process-wide resources, created once and shared by every session: the bank and the store."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from quiz_app.bank import Bank, BankError, load_bank
from quiz_app.bank.loader import DEFAULT_BANK
from quiz_app.store import Store


def bank_root() -> Path:
    """The folder of packs: ``QUIZ_APP_BANK`` if set, else the shipped ``question_bank/``."""
    return Path(os.environ.get("QUIZ_APP_BANK") or DEFAULT_BANK)


def bank_fingerprint(root: Path) -> tuple[tuple[str, int, int], ...]:
    """Name, size and mtime of every pack file: cheap to compute, changes when a file changes."""
    files = sorted(root.glob("*/*.y*ml"))
    return tuple((str(p), (s := p.stat()).st_size, s.st_mtime_ns) for p in files)


@st.cache_resource(max_entries=2, show_spinner="Loading the question bank…")
def _load(root: Path, fingerprint: tuple[tuple[str, int, int], ...]) -> Bank | BankError:
    try:
        return load_bank([root])
    except BankError as error:
        return error


def get_bank() -> Bank:
    """The validated bank (reloaded only when its files change); stops the page if invalid."""
    root = bank_root()
    result = _load(root, bank_fingerprint(root))
    if isinstance(result, BankError):
        st.error("The question bank has problems, so quizzes are unavailable until they are fixed:")
        st.code("\n".join(str(p) for p in result.problems[:50]), language=None)
        st.stop()
    return result


def get_store() -> Store:
    """The database (``DATABASE_URL`` or the SQLite file), migrated on first use."""
    return _open_store(os.environ.get("DATABASE_URL", ""))


@st.cache_resource(show_spinner=False)
def _open_store(url: str) -> Store:
    return Store.open(url or None)
