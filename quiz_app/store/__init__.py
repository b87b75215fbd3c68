"""Storage behind a small interface: a :class:`Store` and modules of functions over it.

``learners``, ``quizzes`` and ``cards`` take a Store and return frozen records; nothing outside
this package touches SQLAlchemy sessions.
"""

from quiz_app.store.store import Store

__all__ = ["Store"]
