"""The Streamlit internals that pushed updates rely on (``quiz_app/ui/live_push.py``), pinned.

These fail when a Streamlit upgrade changes what the module uses: re-read the installed source
(``streamlit/runtime/app_session.py``, ``runtime/runtime.py``, ``runtime/scriptrunner_utils/``),
adapt ``live_push`` and then these tests. ``tests/e2e/test_live_push_server.py`` runs the whole
chain against a real server.
"""

from __future__ import annotations

import asyncio
import dataclasses
import inspect
import re
import threading
from pathlib import Path

import streamlit
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.runtime import Runtime
from streamlit.runtime.app_session import AppSession
from streamlit.runtime.scriptrunner_utils.script_run_context import ScriptRunContext, ThreadState

from quiz_app.classroom.pubsub import hub
from quiz_app.ui import live_push

ROOT = Path(__file__).resolve().parents[2]


def test_streamlit_is_the_pinned_version() -> None:
    pinned = re.search(r"^streamlit==(\S+)$", (ROOT / "requirements.txt").read_text(), re.M)
    assert pinned and streamlit.__version__ == pinned.group(1) == "1.67.0", (
        "Streamlit changed: check the internals listed in quiz_app/ui/live_push.py, then update this pin")


def test_the_runtime_and_session_methods_used_exist_with_their_shapes() -> None:
    assert callable(Runtime.instance) and callable(Runtime.exists)
    assert list(inspect.signature(Runtime.get_app_session).parameters) == ["self", "session_id"]
    assert list(inspect.signature(AppSession.request_rerun).parameters) == ["self", "client_state"]
    assert list(inspect.signature(AppSession.has_fragment).parameters) == ["self", "fragment_id"]
    assert isinstance(inspect.getattr_static(AppSession, "page_script_hash"), property)
    # request_rerun drops a fragment rerun for a fragment the session no longer holds, and queues
    # fragment reruns behind a run in progress (they never stop it): the two properties relied on
    source = inspect.getsource(AppSession.request_rerun)
    assert "has_fragment(fragment_id)" in source and "not rerun_data.fragment_id" in source


def test_the_script_context_and_fragment_state_fields_used_exist() -> None:
    fields = {f.name for f in dataclasses.fields(ScriptRunContext)}
    assert {"session_id", "query_string", "context_info"} <= fields
    assert isinstance(inspect.getattr_static(ScriptRunContext, "page_script_hash"), property)
    from streamlit.runtime.scriptrunner_utils.script_run_context import FragmentThreadState

    assert "fragment_id" in {f.name for f in dataclasses.fields(FragmentThreadState)}  # what ThreadState.get() returns
    assert callable(ThreadState.get)


def test_the_client_state_fields_used_exist() -> None:
    request = ClientState(fragment_id="f", page_script_hash="p", query_string="seat=x", is_auto_rerun=True)
    request.context_info.timezone = "UTC"
    again = ClientState.FromString(request.SerializeToString())
    assert (again.fragment_id, again.page_script_hash, again.query_string, again.is_auto_rerun) == \
        ("f", "p", "seat=x", True) and again.HasField("context_info")


class FakeSession:
    def __init__(self, page: str, fragments: set[str]) -> None:
        self.page_script_hash = page
        self.fragments = fragments
        self.requests: list[ClientState] = []

    def has_fragment(self, fragment_id: str) -> bool:
        return fragment_id in self.fragments

    def request_rerun(self, client_state: ClientState | None) -> None:
        self.requests.append(client_state)


class FakeRuntime:
    def __init__(self, sessions: dict[str, FakeSession]) -> None:
        self.sessions = sessions

    def get_app_session(self, session_id: str) -> FakeSession | None:
        return self.sessions.get(session_id)


def test_delivery_reruns_the_watch_fragment_and_forgets_sessions_that_left(monkeypatch) -> None:
    sessions = {"here": FakeSession("page-a", {"frag"}), "moved": FakeSession("page-b", {"frag"}),
                "gone-fragment": FakeSession("page-a", set())}
    monkeypatch.setattr(Runtime, "exists", classmethod(lambda cls: True))
    monkeypatch.setattr(Runtime, "instance", classmethod(lambda cls: FakeRuntime(sessions)))
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    live_push.attach_loop(loop)
    try:
        request = ClientState(fragment_id="frag", page_script_hash="page-a", query_string="seat=abc")
        for session_id in ("here", "moved", "gone-fragment", "closed"):
            target = live_push._Target(session_id, "page-a", "frag", request.SerializeToString())
            hub().subscribe(session_id, 4242, live_push._Deliver(target))
        hub().publish(4242, "state")
        deadline = loop.time() + 5
        while (hub().subscribers(4242) > 1 or not sessions["here"].requests) and loop.time() < deadline:
            threading.Event().wait(0.01)
        (sent,) = sessions["here"].requests
        assert (sent.fragment_id, sent.page_script_hash, sent.query_string) == ("frag", "page-a", "seat=abc")
        assert sessions["moved"].requests == [] and sessions["gone-fragment"].requests == []
        assert hub().subscribers(4242) == 1  # only the session still watching stays subscribed
    finally:
        hub().unsubscribe("here")
        live_push.attach_loop(None)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)


def test_without_an_event_loop_pages_poll(monkeypatch) -> None:
    live_push.attach_loop(None)
    assert not live_push.pushing() and live_push.run_every() == live_push.POLL_SECONDS
    monkeypatch.setenv("QUIZ_APP_LIVE_UPDATES", "poll")
    live_push.attach_loop(asyncio.new_event_loop())
    try:
        assert not live_push.pushing()
        monkeypatch.setenv("QUIZ_APP_LIVE_UPDATES", "push")
        assert live_push.pushing() and live_push.run_every() is None
    finally:
        live_push.attach_loop(None)
