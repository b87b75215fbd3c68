"""Teacher packs in the database: items with revisions, optimistic locking, restore.

Each item (``pack.yaml`` metadata under the id ``pack.yaml``, a question, or a flashcard) has a
current version in ``pack_items`` and an append-only history in ``item_revisions``. Saving needs
the revision the teacher started from; if someone saved in between, :class:`Conflict` is raised
instead of silently overwriting their work.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from quiz_app.store.schema import ItemRevision, PackItem, TeacherPack, utcnow
from quiz_app.store.store import Store
from quiz_app.store.teachers import TeacherInfo

META_ID = "pack.yaml"


class Conflict(Exception):
    """Someone saved this item after the version being edited was loaded."""


@dataclass(frozen=True)
class ItemRecord:
    pack_id: str
    item_id: str
    kind: str
    data: dict[str, Any] | None
    revision: int


@dataclass(frozen=True)
class RevisionRecord:
    revision: int
    data: dict[str, Any] | None
    teacher_name: str
    changed: list[str]
    at: dt.datetime


def changed_fields(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[str]:
    """Top-level fields that differ (``["created"]``/``["deleted"]`` for whole items)."""
    if before is None:
        return ["created"] if after is not None else []
    if after is None:
        return ["deleted"]
    return sorted(key for key in before.keys() | after.keys() if before.get(key) != after.get(key))


def create_pack(store: Store, pack_id: str, meta: dict[str, Any], teacher: TeacherInfo,
                items: Iterable[tuple[str, dict[str, Any]]] = ()) -> None:
    """A new teacher pack with its metadata and items, each at revision 1. Raises ValueError if taken."""
    now = utcnow()
    try:
        with store.unit() as session:
            session.add(TeacherPack(id=pack_id, owner_id=teacher.id, created_at=now))
            session.flush()
            for kind, data in [("meta", meta), *items]:
                item_id = META_ID if kind == "meta" else str(data["id"])
                session.add(PackItem(pack_id=pack_id, item_id=item_id, kind=kind, data=data, revision=1))
                session.add(ItemRevision(pack_id=pack_id, item_id=item_id, revision=1, kind=kind, data=data,
                                         teacher_id=teacher.id, teacher_name=teacher.name, changed=["created"],
                                         at=now))
    except IntegrityError:
        raise ValueError(f"A pack or an item with the id '{pack_id}' already exists.") from None


def pack_ids(store: Store) -> list[str]:
    with store.unit() as session:
        return list(session.scalars(select(TeacherPack.id).order_by(TeacherPack.id)))


def items(store: Store, pack_id: str, include_deleted: bool = False) -> list[ItemRecord]:
    """Current items of a pack: metadata first, then questions and cards in creation order."""
    query = select(PackItem).where(PackItem.pack_id == pack_id)
    if not include_deleted:
        query = query.where(PackItem.data.is_not(None))
    with store.unit() as session:
        rows = list(session.scalars(query))
    order = {"meta": 0, "question": 1, "flashcard": 2}
    rows.sort(key=lambda r: order.get(r.kind, 3))
    return [ItemRecord(r.pack_id, r.item_id, r.kind, r.data, r.revision) for r in rows]


def item(store: Store, pack_id: str, item_id: str) -> ItemRecord | None:
    with store.unit() as session:
        row = session.get(PackItem, (pack_id, item_id))
        return ItemRecord(row.pack_id, row.item_id, row.kind, row.data, row.revision) if row else None


def save(store: Store, pack_id: str, item_id: str, kind: str, data: dict[str, Any] | None,
         base_revision: int | None, teacher: TeacherInfo) -> ItemRecord:
    """Save a new version (``data=None`` deletes). ``base_revision`` None means a new item.

    Raises :class:`Conflict` if the item changed since ``base_revision`` (or already exists).
    """
    now = utcnow()
    try:
        with store.unit() as session:
            row = session.get(PackItem, (pack_id, item_id))
            if base_revision is None:
                if row is not None and row.data is not None:
                    raise Conflict(f"An item with the id '{item_id}' already exists in this pack.")
                if row is None:
                    row = PackItem(pack_id=pack_id, item_id=item_id, kind=kind, data=None, revision=0)
                    session.add(row)
                    session.flush()
                base_revision = row.revision
            if row is None or row.revision != base_revision:
                raise _conflict(session, pack_id, item_id)
            before = row.data
            updated = session.execute(
                update(PackItem).where(PackItem.pack_id == pack_id, PackItem.item_id == item_id,
                                       PackItem.revision == base_revision)
                .values(data=data, revision=base_revision + 1, kind=kind)
                .execution_options(synchronize_session=False))
            if updated.rowcount != 1:
                raise _conflict(session, pack_id, item_id)
            session.add(ItemRevision(pack_id=pack_id, item_id=item_id, revision=base_revision + 1, kind=kind,
                                     data=data, teacher_id=teacher.id, teacher_name=teacher.name,
                                     changed=changed_fields(before, data), at=now))
    except IntegrityError:
        raise Conflict("Someone else saved this item at the same moment. Reload it and try again.") from None
    saved = item(store, pack_id, item_id)
    assert saved is not None
    return saved


def _conflict(session: Any, pack_id: str, item_id: str) -> Conflict:
    latest = session.scalars(select(ItemRevision).where(ItemRevision.pack_id == pack_id,
                                                        ItemRevision.item_id == item_id)
                             .order_by(ItemRevision.revision.desc()).limit(1)).first()
    who = f"{latest.teacher_name} at {latest.at:%H:%M:%S} UTC" if latest else "someone else"
    return Conflict(f"This item was changed by {who} after you opened it. Your edits were not saved: "
                    "reload the item to see their version, then make your change again.")


def add_many(store: Store, pack_id: str, new_items: Iterable[tuple[str, dict[str, Any]]],
             teacher: TeacherInfo) -> int:
    """Add new items in ONE transaction: all of them, or (on any clash) none. Returns the count."""
    now = utcnow()
    added = 0
    try:
        with store.unit() as session:
            for kind, data in new_items:
                item_id = str(data["id"])
                row = session.get(PackItem, (pack_id, item_id))
                if row is not None and row.data is not None:
                    raise Conflict(f"An item with the id '{item_id}' already exists in this pack; nothing was added.")
                revision = (row.revision if row else 0) + 1
                if row is None:
                    session.add(PackItem(pack_id=pack_id, item_id=item_id, kind=kind, data=data, revision=revision))
                else:
                    row.data, row.kind, row.revision = data, kind, revision
                session.add(ItemRevision(pack_id=pack_id, item_id=item_id, revision=revision, kind=kind, data=data,
                                         teacher_id=teacher.id, teacher_name=teacher.name, changed=["created"],
                                         at=now))
                added += 1
    except IntegrityError:
        raise Conflict("Someone else added items at the same moment; nothing was added. Try again.") from None
    return added


def history(store: Store, pack_id: str, item_id: str) -> list[RevisionRecord]:
    """Every version of an item, newest first."""
    with store.unit() as session:
        rows = session.scalars(select(ItemRevision).where(ItemRevision.pack_id == pack_id,
                                                          ItemRevision.item_id == item_id)
                               .order_by(ItemRevision.revision.desc()))
        return [RevisionRecord(r.revision, r.data, r.teacher_name, list(r.changed), r.at) for r in rows]


def restore(store: Store, pack_id: str, item_id: str, revision: int, base_revision: int,
            teacher: TeacherInfo) -> ItemRecord:
    """Save an old version's content as the newest version (history is kept)."""
    old = next((r for r in history(store, pack_id, item_id) if r.revision == revision), None)
    if old is None:
        raise ValueError(f"Revision {revision} does not exist.")
    current = item(store, pack_id, item_id)
    kind = current.kind if current else "question"
    return save(store, pack_id, item_id, kind, old.data, base_revision, teacher)


def fingerprint(store: Store) -> int:
    """Changes whenever any teacher pack changes (the newest revision id): cheap cache key."""
    with store.unit() as session:
        return int(session.scalar(select(func.coalesce(func.max(ItemRevision.id), 0))) or 0)
