"""The Streamlit internals that pushed updates rely on (``quiz_app/ui/live_push.py``), pinned.

These fail when a Streamlit upgrade changes what the module uses: re-read the installed source
(``streamlit/runtime/app_session.py``, ``runtime/runtime.py``, ``runtime/scriptrunner_utils/``),
adapt ``live_push`` and then these tests. ``tests/e2e/test_live_push_server.py`` runs the whole
chain against a real server.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import inspect
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.runtime import Runtime
from streamlit.runtime.app_session import AppSession
from streamlit.runtime.scriptrunner import ScriptRunner, ScriptRunnerEvent
from streamlit.runtime.scriptrunner_utils.script_run_context import ScriptRunContext
from streamlit.signal_util import Signal

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
    assert isinstance(inspect.getattr_static(AppSession, "page_script_hash"), property)
    # a full rerun requested while a script runs stops that run (fast reruns): why live_push waits
    # until _scriptrunner is None, which it is exactly while no script runs
    source = inspect.getsource(AppSession.request_rerun)
    assert "self._scriptrunner.request_stop()" in source and "self._scriptrunner = None" in source
    init = inspect.getsource(AppSession.__init__)
    assert "self._scriptrunner: ScriptRunner | None = None" in init or "self._scriptrunner = None" in init
    events = inspect.getsource(AppSession._handle_scriptrunner_event_on_event_loop)
    assert "ScriptRunnerEvent.SHUTDOWN" in events and "self._scriptrunner = None" in events


def test_a_script_runner_signals_the_end_of_its_run() -> None:
    # live_push frees a slot when the runner it started sends one of these (on the script thread)
    assert {"SCRIPT_STOPPED_WITH_SUCCESS", "SCRIPT_STOPPED_WITH_COMPILE_ERROR", "SHUTDOWN"} <= set(
        ScriptRunnerEvent.__members__)
    assert "self.on_event = Signal()" in inspect.getsource(ScriptRunner.__init__)
    assert list(inspect.signature(Signal.connect).parameters) == ["self", "receiver", "weak"]
    assert "self.on_event.send(self, event=event" in inspect.getsource(ScriptRunner._on_script_finished)
    # request_rerun of an idle session makes the runner right away (so live_push can connect to it)
    assert "self._create_scriptrunner(" in inspect.getsource(AppSession.request_rerun)


def test_the_script_context_fields_used_exist() -> None:
    fields = {f.name for f in dataclasses.fields(ScriptRunContext)}
    assert {"session_id", "query_string", "context_info"} <= fields
    assert isinstance(inspect.getattr_static(ScriptRunContext, "page_script_hash"), property)


def test_the_client_state_fields_used_exist() -> None:
    request = ClientState(page_script_hash="p", query_string="seat=x")
    request.context_info.timezone = "UTC"
    again = ClientState.FromString(request.SerializeToString())
    assert (again.page_script_hash, again.query_string) == ("p", "seat=x") and again.HasField("context_info")
    assert not again.widget_states.widgets and not again.fragment_id  # a full rerun, no widget change


class FakeRunner:
    def __init__(self) -> None:
        self.on_event = Signal()


class FakeSession:
    def __init__(self, page: str, busy: bool = False) -> None:
        self.page_script_hash = page
        self._scriptrunner: FakeRunner | object | None = object() if busy else None
        self.requests: list[ClientState] = []

    def request_rerun(self, client_state: ClientState | None) -> None:
        self.requests.append(client_state)
        self._scriptrunner = FakeRunner()  # as AppSession does: a runner for this run

    def finish(self, event: ScriptRunnerEvent = ScriptRunnerEvent.SCRIPT_STOPPED_WITH_SUCCESS) -> None:
        """The run's script ends: its runner signals (the runner itself goes a little later)."""
        runner = self._scriptrunner
        assert isinstance(runner, FakeRunner)
        runner.on_event.send(runner, event=event)


class FakeRuntime:
    def __init__(self, sessions: dict[str, FakeSession]) -> None:
        self.sessions = sessions

    def get_app_session(self, session_id: str) -> FakeSession | None:
        return self.sessions.get(session_id)


def _wait(condition, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)


def test_delivery_reruns_idle_pages_waits_for_busy_ones_and_forgets_those_that_left(monkeypatch) -> None:
    sessions = {"here": FakeSession("page-a"), "moved": FakeSession("page-b"), "busy": FakeSession("page-a", True)}
    monkeypatch.setattr(Runtime, "exists", classmethod(lambda cls: True))
    monkeypatch.setattr(Runtime, "instance", classmethod(lambda cls: FakeRuntime(sessions)))
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    live_push.attach_loop(loop)
    try:
        request = ClientState(page_script_hash="page-a", query_string="seat=abc")
        for session_id in ("here", "moved", "busy", "closed"):
            target = live_push._Target(session_id, "page-a", request.SerializeToString())
            hub().subscribe(session_id, 4242, live_push._Deliver(target))
        hub().publish(4242, "state")
        _wait(lambda: sessions["here"].requests)
        sessions["here"].finish()  # its run ended: the slot is free for the others
        sessions["here"]._scriptrunner = None
        _wait(lambda: hub().subscribers(4242) == 2)
        (sent,) = sessions["here"].requests
        assert (sent.page_script_hash, sent.query_string) == ("page-a", "seat=abc") and not sent.fragment_id
        assert sessions["moved"].requests == [] and hub().subscribers(4242) == 2  # "moved", "closed" dropped
        time.sleep(0.2)
        assert sessions["busy"].requests == []  # never over a run in progress (it may be a click)
        sessions["busy"]._scriptrunner = None  # its run ended
        _wait(lambda: sessions["busy"].requests)
        assert len(sessions["busy"].requests) == 1  # then once, with the quiz as it is now
    finally:
        hub().unsubscribe("here")
        hub().unsubscribe("busy")
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


def _reset() -> None:
    """live_push's queue is per process: start each of these tests with none of another's reruns."""
    live_push._running.clear()
    live_push._queue.clear()
    live_push._queued.clear()


@contextlib.contextmanager
def _running_loop(monkeypatch, sessions: dict[str, FakeSession]) -> Iterator[None]:
    _reset()
    monkeypatch.setattr(Runtime, "exists", classmethod(lambda cls: True))
    monkeypatch.setattr(Runtime, "instance", classmethod(lambda cls: FakeRuntime(sessions)))
    monkeypatch.setattr(live_push, "RETRY_SECONDS", 30.0)  # only the end signal frees a slot here
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    live_push.attach_loop(loop)
    try:
        yield
    finally:
        for session_id in sessions:
            hub().unsubscribe(session_id)
        _reset()
        live_push.attach_loop(None)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)


def _subscribe(sessions: dict[str, FakeSession], topic: int) -> None:
    request = ClientState(page_script_hash="page-a").SerializeToString()
    for session_id in sessions:
        hub().subscribe(session_id, topic, live_push._Deliver(live_push._Target(session_id, "page-a", request)))


def _started(sessions: dict[str, FakeSession]) -> set[str]:
    return {name for name, session in sessions.items() if session.requests}


@pytest.mark.parametrize("event", [ScriptRunnerEvent.SCRIPT_STOPPED_WITH_SUCCESS, ScriptRunnerEvent.SHUTDOWN])
def test_the_next_page_starts_when_a_run_signals_its_end(monkeypatch, event: ScriptRunnerEvent) -> None:
    sessions = {f"s{i}": FakeSession("page-a") for i in range(live_push.MAX_PARALLEL + 1)}
    with _running_loop(monkeypatch, sessions):
        _subscribe(sessions, 4343)
        hub().publish(4343, "state")
        _wait(lambda: len(_started(sessions)) == live_push.MAX_PARALLEL)
        time.sleep(0.2)
        assert len(_started(sessions)) == live_push.MAX_PARALLEL  # the last waits for a free slot
        sessions[sorted(_started(sessions))[0]].finish(event)  # its runner still exists: the signal frees it
        _wait(lambda: len(_started(sessions)) == len(sessions))
        assert all(len(s.requests) == 1 for s in sessions.values())


def test_the_runtime_says_when_a_sessions_messages_were_sent() -> None:
    # ui/sent_clock stamps a page when the runtime has handed the websocket the messages it took
    assert list(inspect.signature(AppSession.on_flushed_messages_sent).parameters) == ["self"]
    assert list(inspect.signature(AppSession.flush_browser_queue).parameters) == ["self"]
    loop = inspect.getsource(Runtime._loop_coroutine)
    take, send, done = (loop.index(s) for s in ("session.flush_browser_queue()", "self._send_message(",
                                                 "session.on_flushed_messages_sent()"))
    assert take < send < done, "the runtime takes a session's messages, sends them, then says so"
    assert "return self._browser_queue.flush()" in inspect.getsource(AppSession.flush_browser_queue)


def test_streamlit_runs_its_server_on_uvloop() -> None:
    """The sent-question clocks (``ui/sent_clock``) were measured on uvloop: the requirements install it
    and Streamlit's bootstrap picks it for the server's event loop."""
    from streamlit.web import bootstrap

    assert "_get_uvloop_loop_factory()" in inspect.getsource(bootstrap._run_server_loop)
    assert "_run_server_loop(main())" in inspect.getsource(bootstrap.run)
    factory = bootstrap._get_uvloop_loop_factory()
    assert factory is not None, "uvloop is not installed (requirements.txt) or Streamlit no longer looks for it"
    loop = factory()
    try:
        assert type(loop).__module__.startswith("uvloop")
    finally:
        loop.close()


def test_the_server_is_quiet_only_once_no_pushed_rerun_is_queued_or_running(monkeypatch) -> None:
    sessions = {"a": FakeSession("page-a"), "b": FakeSession("page-a")}
    with _running_loop(monkeypatch, sessions):
        monkeypatch.setattr(live_push, "_busy_at", time.monotonic() - 100)
        assert live_push.quiet_for() >= 100  # nothing pushed for a long time
        _subscribe(sessions, 4444)
        hub().publish(4444, "state")
        _wait(lambda: _started(sessions))
        assert live_push.quiet_for() == 0.0  # one runs, the other waits for its slot
        (first,) = _started(sessions)
        sessions[first].finish()
        _wait(lambda: len(_started(sessions)) == 2)
        assert live_push.quiet_for() == 0.0
        (second,) = _started(sessions) - {first}
        sessions[second].finish()
        _wait(lambda: not live_push._running)
        assert not live_push._running and 0.0 <= live_push.quiet_for() < 5  # quiet again, from the last end
