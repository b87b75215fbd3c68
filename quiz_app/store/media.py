"""Teacher media in the database: images of teacher packs, added once and never changed.

An image is saved by :func:`add` after :func:`quiz_app.bank.media.reencode` has made it safe; items
refer to it by its name (``media/<stem>-<hash>.<ext>``) in their data, so the item revisions of
:mod:`quiz_app.store.authoring` version the pictures along with the text.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from quiz_app.bank.media import MediaFile
from quiz_app.store.schema import PackMedia, utcnow
from quiz_app.store.store import Store
from quiz_app.store.teachers import TeacherInfo


def _file(row: PackMedia) -> MediaFile:
    return MediaFile(row.name, bytes(row.data), row.kind, row.width, row.height, row.sha256)


def add(store: Store, pack_id: str, file: MediaFile, teacher: TeacherInfo | None) -> MediaFile:
    """Store ``file`` (already re-encoded) under its name; the same name again is a no-op."""
    try:
        with store.unit() as session:
            if session.get(PackMedia, (pack_id, file.name)) is None:
                session.add(PackMedia(pack_id=pack_id, name=file.name, sha256=file.sha256, kind=file.kind,
                                      width=file.width, height=file.height, data=file.data,
                                      teacher_id=teacher.id if teacher else None, created_at=utcnow()))
    except IntegrityError:  # saved by someone else at the same moment: names are content hashes, so it is the same
        pass
    return file


def files(store: Store, pack_id: str, names: Iterable[str]) -> dict[str, bytes]:
    """The bytes of the named images of a pack (names it lacks are left out)."""
    wanted = sorted(set(names))
    if not wanted:
        return {}
    with store.unit() as session:
        rows = session.execute(select(PackMedia.name, PackMedia.data)
                               .where(PackMedia.pack_id == pack_id, PackMedia.name.in_(wanted)))
        return {name: bytes(data) for name, data in rows}


def get(store: Store, pack_id: str, name: str) -> MediaFile | None:
    with store.unit() as session:
        row = session.get(PackMedia, (pack_id, name))
        return _file(row) if row is not None else None


def by_sha256(store: Store, sha256: str) -> MediaFile | None:
    """Any stored image with these bytes (for the image route of a server that has not loaded it yet)."""
    with store.read() as session:
        row = session.scalars(select(PackMedia).where(PackMedia.sha256 == sha256).limit(1)).first()
        return _file(row) if row is not None else None
