"""Process-wide resources, created once and shared by every session: the bank and the store."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from quiz_app.bank import Bank, BankError, load_bank
from quiz_app.bank.loader import DEFAULT_BANK
from quiz_app.bank.teacher_packs import TeacherPackSource, combine, raw_image_paths
from quiz_app.store import Store
from quiz_app.ui.freshness import Freshness


def bank_root() -> Path:
    """The folder of packs: ``QUIZ_APP_BANK`` if set, else the shipped ``question_bank/``."""
    return Path(os.environ.get("QUIZ_APP_BANK") or DEFAULT_BANK)


def bank_fingerprint(root: Path) -> tuple[tuple[str, int, int], ...]:
    """Name, size and mtime of every pack file: cheap to compute, changes when a file changes."""
    files = sorted([*root.glob("*/*.y*ml"), *root.glob("*/media/**/*")])
    return tuple((str(p), (s := p.stat()).st_size, s.st_mtime_ns) for p in files)


@st.cache_resource(max_entries=2, show_spinner="Loading the question bank…")
def _load(root: Path, fingerprint: tuple[tuple[str, int, int], ...]) -> Bank | BankError:
    try:
        return load_bank([root])
    except BankError as error:
        return error


@st.cache_resource(max_entries=4, show_spinner=False)
def _with_teacher_packs(_builtin: Bank, files: object, teacher_fingerprint: int) -> tuple[Bank, dict[str, BankError]]:
    # keyed by the fingerprints only: hashing the whole bank on every rerun would cost more than it saves
    from quiz_app.store import authoring

    sources = [teacher_pack_source(pack_id) for pack_id in authoring.pack_ids(get_store())]
    return combine(_builtin, [s for s in sources if s is not None])


def teacher_pack_source(pack_id: str) -> TeacherPackSource | None:
    """A teacher pack's current items from the database, in the shape the validator takes."""
    from quiz_app.store import authoring
    from quiz_app.store import media as store_media

    items = authoring.items(get_store(), pack_id)
    meta = next((i.data for i in items if i.kind == "meta"), None)
    if meta is None:
        return None
    media = store_media.files(get_store(), pack_id, raw_image_paths([i.data for i in items]))
    return TeacherPackSource(pack_id, meta, [i.data for i in items if i.kind == "question" and i.data],
                             [i.data for i in items if i.kind == "flashcard" and i.data], media)


FRESH_SECONDS = 1.0  # how stale the "did a pack change?" answer may be (saved by another server)
Fingerprint = tuple[tuple[tuple[str, int, int], ...], int]  # pack files; teacher packs' revision
_freshness: Freshness[Fingerprint] | None = None


def _fingerprints() -> tuple[Path, tuple[tuple[str, int, int], ...], int]:
    """Pack files and teacher-pack revision, as last looked at by a background thread (at most
    about :data:`FRESH_SECONDS` old), so that a click does not wait for stating files and a query."""
    global _freshness
    from quiz_app.store import authoring

    root, store = bank_root(), get_store()
    freshness = _freshness
    if freshness is None or freshness.key != (root, store):
        if freshness is not None:
            freshness.close()
        freshness = Freshness((root, store), lambda: (bank_fingerprint(root), authoring.fingerprint(store)),
                              interval=FRESH_SECONDS)
        _freshness = freshness
    files, teacher_fingerprint = freshness.get()
    return root, files, teacher_fingerprint


def refresh_now() -> None:
    """Forget the last check: call after saving a teacher pack so this server shows it at once."""
    global _last
    if _freshness is not None:
        _freshness.refresh()
    _last = None


def teacher_pack_problems() -> dict[str, BankError]:
    """Problems of the teacher packs left out of the bank, by pack id (for the editor)."""
    return _combined()[1]


def _builtin_bank(root: Path, files: tuple[tuple[str, int, int], ...]) -> Bank:
    result = _load(root, files)
    if isinstance(result, BankError):
        st.error("The question bank has problems, so quizzes are unavailable until they are fixed:")
        st.code("\n".join(str(p) for p in result.problems[:50]), language=None, wrap_lines=True)
        st.stop()
    return result


def get_bank() -> Bank:
    """Built-in packs (reloaded only when their files change) plus valid teacher packs (reloaded
    only when one is edited, on any server); stops the page if the built-in bank is invalid."""
    return _combined()[0]


_last: tuple[object, tuple[Bank, dict[str, BankError]]] | None = None


def _combined() -> tuple[Bank, dict[str, BankError]]:
    global _last
    root, files, teacher_fingerprint = _fingerprints()
    key = (root, files, teacher_fingerprint)
    last = _last
    if last is not None and last[0] == key:
        return last[1]  # the usual case: no change since the last run, and no cache-key hashing
    result = _with_teacher_packs(_builtin_bank(root, files), (str(root), files), teacher_fingerprint)
    _last = (key, result)
    return result


_last_store: tuple[str, Store] | None = None


def get_store() -> Store:
    """The database (``DATABASE_URL`` or the SQLite file), migrated on first use."""
    global _last_store
    url = os.environ.get("DATABASE_URL", "")
    last = _last_store
    if last is not None and last[0] == url:
        return last[1]  # called several times per click: skip the cache's argument hashing
    store = _open_store(url)
    _last_store = (url, store)
    return store


@st.cache_resource(show_spinner=False)
def _open_store(url: str) -> Store:
    from quiz_app.store import media as store_media
    from quiz_app.web import media as served

    store = Store.open(url or None)
    served.set_fallback(lambda sha256: store_media.by_sha256(store, sha256))  # teacher images saved elsewhere
    return store
