"""Counting recent login and join attempts, to slow down guessing of passwords and join codes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select

from quiz_app.store.schema import Attempt, utcnow
from quiz_app.store.store import Store

WINDOW = dt.timedelta(minutes=15)


def record(store: Store, kind: str, client: str, target: str, ok: bool) -> None:
    """Log one attempt (old ones are pruned now and then, so the table stays small)."""
    now = utcnow()
    with store.unit() as session:
        session.add(Attempt(kind=kind, client=client[:100], target=target[:100], ok=ok, at=now))
        if now.second == 0:  # about once a minute of traffic: drop what no window can see
            session.execute(delete(Attempt).where(Attempt.at < now - 4 * WINDOW))


def recent_failures(store: Store, kind: str, *, client: str | None = None, target: str | None = None,
                    window: dt.timedelta = WINDOW) -> tuple[int, dt.datetime | None]:
    """(failed attempts within ``window``, time of the latest) for a client and/or a target."""
    query = select(func.count(), func.max(Attempt.at, type_=Attempt.__table__.c.at.type)).where(
        Attempt.kind == kind, Attempt.ok.is_(False), Attempt.at >= utcnow() - window)
    if client is not None:
        query = query.where(Attempt.client == client[:100])
    if target is not None:
        query = query.where(Attempt.target == target[:100])
    with store.unit() as session:
        count, latest = session.execute(query).one()
        if latest is not None and latest.tzinfo is None:
            latest = latest.replace(tzinfo=dt.UTC)
        return int(count), latest
