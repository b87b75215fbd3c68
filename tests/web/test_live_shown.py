"""``POST /api/live/shown``: the browser's moment of drawing a question, taken only from the app's own pages."""

import asyncio
import json

import pytest
from starlette.applications import Starlette

from quiz_app.store import Store, teachers
from quiz_app.store import classroom as rooms
from quiz_app.store.schema import utcnow
from quiz_app.web import live

HOST = "quiz.example"


def _post(body: bytes, headers: dict[str, str]) -> int:
    """One request through the route, as uvicorn hands it over; the response status."""
    app = Starlette(routes=live.routes())
    scope = {"type": "http", "method": "POST", "path": live.PATH, "raw_path": live.PATH.encode(),
             "query_string": b"", "root_path": "", "scheme": "http", "http_version": "1.1",
             "server": (HOST, 80), "client": ("127.0.0.1", 5000),
             "headers": [(k.lower().encode(), v.encode()) for k, v in {"host": HOST, **headers}.items()]}
    chunks = [body[i:i + 256] for i in range(0, len(body), 256)] or [b""]
    incoming = [{"type": "http.request", "body": c, "more_body": i < len(chunks) - 1} for i, c in enumerate(chunks)]
    sent: list[dict] = []

    async def receive() -> dict:
        return incoming.pop(0) if incoming else {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    live.flush()  # what the server does a moment later
    return next(m["status"] for m in sent if m["type"] == "http.response.start")


@pytest.fixture
def open_question(store: Store, monkeypatch):
    monkeypatch.setattr("quiz_app.ui.resources.get_store", lambda: store)
    teacher = teachers.add(store, "Teacher", "a long password")
    quiz = rooms.create(store, teacher.id, "Route", "sample", ["q1"], "live", timer_seconds=20)
    _, alice = rooms.join(store, quiz.code, "Alice", "ip-1")
    rooms.act(store, quiz.id, teacher.id, "start")
    return store, alice


def test_the_page_s_request_starts_the_students_clock(open_question) -> None:
    store, alice = open_question
    body = json.dumps({"seat": alice.seat_token, "question": "q1"}).encode()
    assert _post(body, {"origin": f"http://{HOST}", "content-type": "application/json"}) == 204
    assert rooms.shown_at(store, alice.id, "q1") is not None
    assert not rooms.confirm_shown(store, alice.seat_token, "q1")  # confirmed: the moment cannot move again


@pytest.mark.parametrize(("body", "origin", "status"), [
    (b"{not json", f"http://{HOST}", 204),
    (b"[1, 2]", f"http://{HOST}", 204),
    (b'{"seat": 5, "question": "q1"}', f"http://{HOST}", 204),
    (b'{"question": "q1"}', f"http://{HOST}", 204),
    (json.dumps({"seat": "x" * 65, "question": "q1"}).encode(), f"http://{HOST}", 204),
    (b'{"seat": "SEAT", "question": "q1", "pad": "' + b"x" * 2000 + b'"}', f"http://{HOST}", 204),
    (b"\xff\xfe", f"http://{HOST}", 204),
    (b'{"seat": "SEAT", "question": "q1"}', "https://elsewhere.example", 403),
    (b'{"seat": "SEAT", "question": "q1"}', "", 403),
], ids=["not json", "not an object", "seat not text", "no seat", "seat too long", "too long", "not utf-8",
        "another site", "no origin"])
def test_anything_else_is_refused_and_stores_nothing(open_question, body: bytes, origin: str, status: int) -> None:
    store, alice = open_question
    headers = {"content-type": "application/json", **({"origin": origin} if origin else {})}
    assert _post(body.replace(b"SEAT", alice.seat_token.encode()), headers) == status
    assert rooms.shown_at(store, alice.id, "q1") is None


@pytest.mark.parametrize(("body", "expected"), [
    (b'{"seat": "abc", "question": "q1"}', ("abc", "q1")),
    (b'{"seat": "abc", "question": ""}', None),
    (b'{"seat": "abc", "question": "' + b"q" * 81 + b'"}', None),
    (b"null", None),
])
def test_parse_takes_only_what_the_page_sends(body: bytes, expected) -> None:
    assert live.parse(body) == expected


def test_held_moments_are_written_for_one_student_first_then_for_all(open_question) -> None:
    store, alice = open_question
    _, bob = rooms.join(store, rooms.get(store, alice.quiz_id).code, "Bob", "ip-2")
    now = utcnow()
    live.hold(alice.seat_token, "q1", now)
    live.hold(bob.seat_token, "q1", now)
    assert live.flush(alice.seat_token) == 1  # Alice answers: her clock is written before her answer
    assert rooms.shown_at(store, alice.id, "q1") is not None and rooms.shown_at(store, bob.id, "q1") is None
    assert live.flush() == 1 and rooms.shown_at(store, bob.id, "q1") is not None
    assert live.flush() == 0


def test_a_failing_write_loses_the_moments_but_never_raises(open_question, monkeypatch) -> None:
    _, alice = open_question

    def broken(*_args):
        raise RuntimeError("database away")

    monkeypatch.setattr(rooms, "confirm_many", broken)
    live.hold(alice.seat_token, "q1", utcnow())
    assert live.flush() == 0
