"""A Streamlit browser session without a browser: the websocket protocol of ``streamlit run``, in asyncio.

One :class:`Session` is one browser tab. It connects to ``ws://HOST:PORT/_stcore/stream`` the way the
Streamlit 1.67 frontend does (subprotocols ``["streamlit", <xsrf token or placeholder>]``), sends
``BackMsg.rerun_script`` with a ``ClientState`` (query string, page, widget states, cached message
hashes, browser context) and reads ``ForwardMsg``\\ s: ``new_session``, ``delta``, ``page_info_changed``,
``navigation``, ``script_finished`` and ``ref_hash`` references to messages it has cached.

It keeps a small model of the page (every element by its delta path, with widget ids, keys, labels
and options) so a caller can say::

    async with Session(server.url) as tab:
        await tab.open()
        await tab.set(key="quiz-count", value=3)        # a widget outside a form: reruns
        result = await tab.click(key="start-quiz")      # reruns; waits for the run chain to end
        tab.set_value(tab.get("radio"), 1)              # inside a form: held until submit
        result = await tab.click(label="Submit answer")
        assert "Correct!" in tab.text() or "Not quite." in tab.text()
        print(result.seconds)                           # click-to-result

Click-to-result is measured from sending the ``rerun_script`` BackMsg to receiving the
``script_finished`` that ends the run chain (a run that ends with ``FINISHED_EARLY_FOR_RERUN``,
after ``st.rerun()`` or an interrupting click, is followed by another run, and the wait goes on).

:class:`StreamlitServer` starts a real ``streamlit run`` on a free port and waits for its health
endpoint. Nothing here is specific to the quiz app.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.NumberInput_pb2 import NumberInput
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect

FINISHED_EARLY_FOR_RERUN = ForwardMsg.FINISHED_EARLY_FOR_RERUN
FINISHED_SUCCESSFULLY = ForwardMsg.FINISHED_SUCCESSFULLY
STATUS_NAMES = {value: name for name, value in ForwardMsg.ScriptFinishedStatus.items()}

# Element kinds that hold a value the frontend sends back in WidgetStates.
VALUE_WIDGETS = frozenset({
    "checkbox", "radio", "selectbox", "multiselect", "number_input", "text_input", "text_area", "slider",
    "select_slider", "color_picker", "date_input", "time_input",
})
TRIGGER_WIDGETS = frozenset({"button"})
ROOT_NAMES = {0: "main", 1: "sidebar", 2: "event", 3: "bottom"}


class ProtocolError(RuntimeError):
    """The server sent something this client cannot make sense of (or the socket closed mid-run)."""


@dataclass
class Element:
    """One element or block of the page, as the last delta at its path described it."""

    path: tuple[int, ...]  # delta path: (root container, index, index in block, ...)
    kind: str  # Element oneof name ("button", "markdown", ...) or "block:<Block oneof>" ("block:form")
    proto: Any  # the typed message: Button, Radio, Markdown, ... or Block
    generation: int  # the script run that last wrote it

    @property
    def root(self) -> str:
        """Which root container: main, sidebar, event or bottom."""
        return ROOT_NAMES.get(self.path[0], str(self.path[0]))

    @property
    def is_block(self) -> bool:
        return self.kind.startswith("block:")

    @property
    def id(self) -> str:
        """Widget id (``$$ID-<hash>-<user key or None>``), or "" for non-widgets."""
        return getattr(self.proto, "id", "") if not self.is_block else ""

    @property
    def key(self) -> str | None:
        """The ``key=`` the script gave the widget, if any."""
        if not self.id.startswith("$$ID-"):
            return None
        user_key = self.id.split("-", maxsplit=2)[-1]
        return None if user_key == "None" else user_key

    @property
    def label(self) -> str:
        if self.kind == "block:expandable":
            return self.proto.expandable.label
        return getattr(self.proto, "label", "") if not self.is_block else ""

    @property
    def form_id(self) -> str:
        if self.kind == "block:form":
            return self.proto.form.form_id
        return getattr(self.proto, "form_id", "") if not self.is_block else ""

    @property
    def options(self) -> list[str]:
        return list(getattr(self.proto, "options", ())) if not self.is_block else []

    @property
    def disabled(self) -> bool:
        return bool(getattr(self.proto, "disabled", False)) if not self.is_block else False

    @property
    def is_widget(self) -> bool:
        return bool(self.id)

    @property
    def text(self) -> str:
        """The text a reader sees in this element (body, label, message), or ""."""
        proto = self.proto
        match self.kind:
            case "markdown" | "heading" | "text" | "alert" | "toast":
                return proto.body
            case "exception":
                return f"{proto.type}: {proto.message}"
            case "progress":
                return proto.text
            case "metric":
                return f"{proto.label} {proto.body}"
            case "code":
                return proto.code_text
            case "block:expandable":
                return proto.expandable.label
        return self.label

    def __repr__(self) -> str:
        bits = [self.kind, "/".join(map(str, self.path))]
        if self.key:
            bits.append(f"key={self.key!r}")
        if self.text:
            bits.append(repr(self.text[:60]))
        return f"<Element {' '.join(bits)}>"


@dataclass
class RunResult:
    """What one rerun request (a click, a change, a page load) produced."""

    seconds: float  # click-to-result: send of rerun_script -> final script_finished received
    status: int  # final ForwardMsg.ScriptFinishedStatus
    runs: int  # script runs in the chain (2 after an st.rerun())
    messages: int  # ForwardMsgs received for it
    bytes: int  # websocket payload bytes received for it
    ref_hits: int  # ForwardMsgs received as a ref_hash to a cached message
    errors: list[str] = field(default_factory=list)  # exception elements, compile errors, cache misses

    @property
    def status_name(self) -> str:
        return STATUS_NAMES.get(self.status, str(self.status))


@dataclass
class _Pending:
    future: asyncio.Future[RunResult]
    sent: float
    runs: int = 0
    messages: int = 0
    bytes: int = 0
    ref_hits: int = 0
    errors: list[str] = field(default_factory=list)
    behind: bool = False  # a run the server started on its own (a pushed rerun) was still going when sent


@dataclass
class _CacheEntry:
    msg: ForwardMsg
    last_used: int  # the session's finished-run count when last received or referenced


class Session:
    """One browser tab on a Streamlit server.

    ``url`` is the app's address (``http://127.0.0.1:8501/`` or with a base path). ``cache`` decides
    whether the tab keeps a forward-message cache and reports its hashes (the browser does).
    ``context`` adds the browser context (timezone, locale, URL) the frontend sends with each rerun.
    """

    def __init__(self, url: str, *, cache: bool = True, context: bool = True, timeout: float = 60.0,
                 cookies: Mapping[str, str] | None = None, ssl_context: Any = None) -> None:
        parts = urlsplit(url if "://" in url else f"http://{url}")
        self.base_url = f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}/"
        scheme = "wss" if parts.scheme == "https" else "ws"
        self.ws_url = f"{scheme}://{parts.netloc}{parts.path.rstrip('/')}/_stcore/stream"
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.cache_enabled = cache
        self.context_enabled = context
        self.timeout = timeout
        self.cookies = dict(cookies or {})  # sent with the websocket handshake, as a browser sends its cookies
        self.ssl_context = ssl_context  # for wss:// (e.g. a test's self-signed certificate)

        self.query_string = ""
        self.page_script_hash = ""  # current page, from new_session/navigation
        self.main_script_hash = ""
        self.session_id = ""
        self.pages: list[Any] = []  # AppPage protos from the navigation message
        self.elements: dict[tuple[int, ...], Element] = {}
        self.transients: list[Element] = []  # toasts and other transient elements of the last run
        self.max_cached_message_age = 2

        self._ws: ClientConnection | None = None
        self._reader: asyncio.Task[None] | None = None
        self._pending: _Pending | None = None
        self._generation = 0  # script runs started (new_session count)
        self._finished_runs = 0  # full runs finished successfully (ages the message cache)
        self._cache: dict[str, _CacheEntry] = {}
        self._values: dict[str, WidgetState] = {}  # committed widget values by widget id
        self._form_values: dict[str, dict[str, WidgetState]] = {}  # form id -> widget id -> value held until submit
        self._closed_reason: str | None = None
        self._in_run = False  # a new_session arrived and its script_finished not yet

    # ----------------------------------------------------------------------------------- lifecycle

    async def __aenter__(self) -> Session:
        await self.connect()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def connect(self) -> None:
        """Open the websocket (the browser's first step; the script does not run yet)."""
        if self._ws is not None:
            raise ProtocolError("already connected")
        self._ws = await connect(
            self.ws_url,
            subprotocols=["streamlit", "PLACEHOLDER_AUTH_TOKEN"],  # what the frontend sends without a cookie
            origin=self.origin,
            max_size=None,  # Streamlit allows messages up to server.maxMessageSize (200 MB)
            ping_interval=None,  # the server pings; a busy load-test loop must not time itself out
            open_timeout=self.timeout,
            close_timeout=2,
            additional_headers={"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
            if self.cookies else None,
            **({"ssl": self.ssl_context} if self.ws_url.startswith("wss://") and self.ssl_context else {}),
        )
        self._reader = asyncio.create_task(self._read_forever(), name="stclient-reader")

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader
        self._ws = None
        self._reader = None

    async def open(self, query: str | Mapping[str, str] | None = None, page: str = "") -> RunResult:
        """Load the app as the browser does on first visit: ``?query`` and URL path ``page`` (url_pathname)."""
        if self._ws is None:
            await self.connect()
        if query is not None:
            self.query_string = query if isinstance(query, str) else urlencode(query)
        self.query_string = self.query_string.lstrip("?")
        return await self._rerun(page_name=page, page_script_hash="")

    # -------------------------------------------------------------------------------- page model

    def all(self, root: str | None = "main") -> list[Element]:
        """Elements and blocks in page order (``root=None``: every root container; "sidebar", ...)."""
        found = [e for p, e in sorted(self.elements.items()) if root is None or e.root == root]
        return found

    def find(self, kind: str | None = None, *, label: str | None = None, key: str | None = None,
             text: str | None = None, form_id: str | None = None, root: str | None = "main") -> list[Element]:
        """Elements matching every given criterion (``text`` is a substring of :attr:`Element.text`)."""
        found = []
        for element in self.all(root):
            if kind is not None and element.kind != kind:
                continue
            if label is not None and element.label != label:
                continue
            if key is not None and element.key != key:
                continue
            if text is not None and text not in element.text:
                continue
            if form_id is not None and element.form_id != form_id:
                continue
            found.append(element)
        return found

    def get(self, kind: str | None = None, *, label: str | None = None, key: str | None = None,
            text: str | None = None, root: str | None = "main") -> Element:
        """The one element matching (``LookupError`` if none or several)."""
        found = self.find(kind, label=label, key=key, text=text, root=root)
        if len(found) != 1:
            wanted = ", ".join(f"{n}={v!r}" for n, v in
                               (("kind", kind), ("label", label), ("key", key), ("text", text)) if v is not None)
            widgets = "\n  ".join(repr(e) for e in self.all(None) if e.is_widget) or "(none)"
            raise LookupError(f"{len(found)} elements match {wanted}; widgets on the page:\n  {widgets}")
        return found[0]

    def widgets(self, root: str | None = None) -> list[Element]:
        return [e for e in self.all(root) if e.is_widget]

    def texts(self, root: str | None = "main") -> list[str]:
        return [t for e in self.all(root) if (t := e.text)]

    def text(self, root: str | None = None) -> str:
        """All text on the page, one element a line (for ``in`` checks)."""
        return "\n".join(self.texts(root) + [e.text for e in self.transients])

    @property
    def query_params(self) -> dict[str, str]:
        return dict(parse_qsl(self.query_string, keep_blank_values=True))

    @property
    def page_name(self) -> str:
        """The current page's title from the navigation message ("" before it arrives)."""
        page = next((p for p in self.pages if p.page_script_hash == self.page_script_hash), None)
        return page.page_name if page is not None else ""

    def exceptions(self) -> list[str]:
        return [e.text for e in self.all(None) if e.kind == "exception"]

    # ------------------------------------------------------------------------------- interaction

    def set_value(self, widget: Element, value: Any) -> bool:
        """Give ``widget`` a value as the user would; return True if the browser would rerun now.

        Values are what the user picks: an option's text or index (radio, selectbox), a list of
        them (multiselect), a bool (checkbox, toggle), a number, a string. A widget inside a form
        keeps its value until the form's submit button is clicked (then ``click`` sends it).
        """
        state = _widget_state(widget, value)
        if widget.form_id:
            self._form_values.setdefault(widget.form_id, {})[widget.id] = state
            return False
        self._values[widget.id] = state
        return True

    def sent_value(self, widget: Element) -> WidgetState | None:
        """The value this tab holds for ``widget`` (set by :meth:`set_value`), or None: the widget's default."""
        held = self._form_values.get(widget.form_id, {}) if widget.form_id else {}
        return held.get(widget.id) or self._values.get(widget.id)

    async def set(self, widget: Element | None = None, value: Any = None, *, label: str | None = None,
                  key: str | None = None, kind: str | None = None) -> RunResult | None:
        """Set a widget's value; rerun (and return its result) if it is not in a form."""
        widget = widget or self.get(kind, label=label, key=key)
        if self.set_value(widget, value):
            return await self._rerun()
        return None

    async def click(self, widget: Element | None = None, *, label: str | None = None, key: str | None = None,
                    nth: int | None = None) -> RunResult:
        """Click a button (or a form's submit button, which sends the form's held values)."""
        if widget is None:
            found = [e for e in self.find("button", label=label, key=key, root=None) if not e.disabled]
            if nth is not None:
                found = found[nth:nth + 1]
            if len(found) != 1:  # none enabled, or ambiguous: raise with the page's widgets listed
                raise LookupError(f"{len(found)} enabled buttons match label={label!r} key={key!r}; widgets:\n  "
                                  + "\n  ".join(repr(e) for e in self.widgets()))
            widget = found[0]
        if widget.kind not in TRIGGER_WIDGETS:
            raise TypeError(f"{widget!r} is not a button")
        if widget.disabled:
            raise ValueError(f"{widget!r} is disabled")
        if widget.proto.is_form_submitter:
            self._values.update(self._form_values.pop(widget.form_id, {}))
        trigger = WidgetState(id=widget.id, trigger_value=True)
        return await self._rerun(extra=[trigger])

    async def switch_page(self, page: str, query: str | Mapping[str, str] | None = None) -> RunResult:
        """Go to a page of ``st.navigation`` by title or url path, as the sidebar link does."""
        target = next((p for p in self.pages if page in (p.page_name, p.url_pathname)), None)
        if target is None:
            names = [p.page_name for p in self.pages]
            raise LookupError(f"no page {page!r}; pages: {names}")
        if query is not None:
            self.query_string = query if isinstance(query, str) else urlencode(query)
        return await self._rerun(page_script_hash=target.page_script_hash)

    async def rerun(self) -> RunResult:
        """Rerun with the current widget values (the "R" key)."""
        return await self._rerun()

    # ---------------------------------------------------------------------------------- protocol

    def _back_msg(self, extra: Sequence[WidgetState], page_script_hash: str | None, page_name: str) -> BackMsg:
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query_string
        live = {e.id for e in self.elements.values() if e.is_widget}
        for widget_id, value in self._values.items():
            if widget_id in live:
                state.widget_states.widgets.append(value)
        state.widget_states.widgets.extend(extra)
        state.page_script_hash = self.page_script_hash if page_script_hash is None else page_script_hash
        state.page_name = page_name
        if self.cache_enabled:
            state.cached_message_hashes.extend(self._cache)
        if self.context_enabled:
            info = state.context_info
            info.timezone = "UTC"
            info.timezone_offset = 0
            info.locale = "en-US"
            info.url = self.base_url + (f"?{self.query_string}" if self.query_string else "")
            info.is_embedded = False
            info.color_scheme = "light"
        return msg

    async def _rerun(self, extra: Sequence[WidgetState] = (), page_script_hash: str | None = None,
                     page_name: str = "") -> RunResult:
        if self._ws is None:
            raise ProtocolError("not connected")
        if self._pending is not None:
            raise ProtocolError("a rerun is already in flight; await it first")
        if self._closed_reason:
            raise ProtocolError(self._closed_reason)
        payload = self._back_msg(extra, page_script_hash, page_name).SerializeToString()
        future: asyncio.Future[RunResult] = asyncio.get_running_loop().create_future()
        self._pending = _Pending(future, time.perf_counter(), behind=self._in_run)
        try:
            await self._ws.send(payload)
            return await asyncio.wait_for(future, self.timeout)
        finally:
            self._pending = None

    async def _read_forever(self) -> None:
        assert self._ws is not None
        try:
            async for data in self._ws:
                received = time.perf_counter()
                if isinstance(data, str):
                    raise ProtocolError("text frame from server")
                msg = ForwardMsg()
                msg.ParseFromString(data)
                self._handle(msg, len(data), received)
        except Exception as error:  # closed or broken: fail the waiting click, if any
            self._closed_reason = f"websocket closed: {error!r}"
        else:
            self._closed_reason = "websocket closed by the server"
        pending = self._pending
        if pending is not None and not pending.future.done():
            pending.future.set_exception(ProtocolError(self._closed_reason))

    def _handle(self, msg: ForwardMsg, size: int, received: float) -> None:
        pending = self._pending
        if pending is not None:
            pending.messages += 1
            pending.bytes += size
        kind = msg.WhichOneof("type")
        if kind == "ref_hash":
            entry = self._cache.get(msg.ref_hash)
            if entry is None:
                if pending is not None:
                    pending.errors.append(f"forward-message cache miss for {msg.ref_hash}")
                return
            entry.last_used = self._finished_runs
            resolved = ForwardMsg()
            resolved.CopyFrom(entry.msg)
            resolved.metadata.CopyFrom(msg.metadata)
            msg = resolved
            kind = msg.WhichOneof("type")
            if pending is not None:
                pending.ref_hits += 1
        elif self.cache_enabled and msg.metadata.cacheable and msg.hash:
            self._cache[msg.hash] = _CacheEntry(msg, self._finished_runs)

        if kind == "delta":
            self._apply_delta(msg)
        elif kind == "new_session":
            self._in_run = True
            self._new_run(msg, pending)
        elif kind == "script_finished":
            self._in_run = False
            self._finished(msg.script_finished, msg, pending, received)
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "navigation":
            self.pages = list(msg.navigation.app_pages)
            if msg.navigation.page_script_hash:
                self.page_script_hash = msg.navigation.page_script_hash
        elif kind == "session_event" and pending is not None:
            event = msg.session_event
            if event.WhichOneof("type") == "script_compilation_exception":
                exc = event.script_compilation_exception
                pending.errors.append(f"{exc.type}: {exc.message}")
        elif kind == "page_not_found" and pending is not None:
            pending.errors.append(f"page not found: {msg.page_not_found.page_name}")

    def _new_run(self, msg: ForwardMsg, pending: _Pending | None) -> None:
        session = msg.new_session
        self._generation += 1
        if pending is not None:
            pending.runs += 1
        if session.HasField("initialize"):
            self.session_id = session.initialize.session_id
        if session.config.max_cached_message_age:
            self.max_cached_message_age = session.config.max_cached_message_age
        self.main_script_hash = session.main_script_hash
        if session.page_script_hash != self.page_script_hash and not msg.metadata.run.fragment_ids:
            self.elements.clear()  # another page: the frontend clears the old page's elements
        self.page_script_hash = session.page_script_hash
        if session.app_pages:
            self.pages = list(session.app_pages)
        self.transients = []

    def _apply_delta(self, msg: ForwardMsg) -> None:
        delta = msg.delta
        path = tuple(msg.metadata.delta_path)
        which = delta.WhichOneof("type")
        if which == "new_element":
            element = delta.new_element
            kind = element.WhichOneof("type") or "empty"
            self.elements[path] = Element(path, kind, getattr(element, kind), self._generation)
        elif which == "add_block":
            block = delta.add_block
            kind = block.WhichOneof("type") or "vertical"
            self.elements[path] = Element(path, f"block:{kind}", block, self._generation)
        elif which == "new_transient":
            for element in delta.new_transient.elements:
                kind = element.WhichOneof("type") or "empty"
                self.transients.append(Element(path, kind, getattr(element, kind), self._generation))

    def _finished(self, status: int, msg: ForwardMsg, pending: _Pending | None, received: float) -> None:
        if status == FINISHED_EARLY_FOR_RERUN:
            return  # another run of the chain follows
        if status == FINISHED_SUCCESSFULLY:
            # Elements the run did not write again are stale: the frontend drops them now.
            self.elements = {p: e for p, e in self.elements.items() if e.generation == self._generation}
            live = {e.id for e in self.elements.values() if e.is_widget}
            self._values = {k: v for k, v in self._values.items() if k in live}
            self._finished_runs += 1
            oldest = self._finished_runs - self.max_cached_message_age
            self._cache = {h: e for h, e in self._cache.items() if e.last_used >= oldest}
        if pending is None or pending.future.done():
            return
        if pending.behind and pending.runs == 0:
            pending.behind = False
            return  # the end of a run that began before this request (a pushed rerun): ours follows
        errors = pending.errors + [e.text for e in self.elements.values() if e.kind == "exception"]
        pending.future.set_result(RunResult(
            seconds=received - pending.sent, status=status, runs=pending.runs, messages=pending.messages,
            bytes=pending.bytes, ref_hits=pending.ref_hits, errors=errors))


def _widget_state(widget: Element, value: Any) -> WidgetState:
    """The WidgetState the 1.67 frontend sends for ``widget`` holding ``value``."""
    state = WidgetState(id=widget.id)
    kind = widget.kind
    if kind not in VALUE_WIDGETS:
        raise TypeError(f"cannot set a value on {widget!r}")

    def option(choice: Any) -> str:
        if isinstance(choice, int) and not isinstance(choice, bool):
            return widget.options[choice]
        if choice not in widget.options and not getattr(widget.proto, "accept_new_options", False):
            raise ValueError(f"{choice!r} is not an option of {widget!r}: {widget.options}")
        return str(choice)

    if kind == "checkbox":
        state.bool_value = bool(value)
    elif kind in ("radio", "selectbox"):
        state.string_value = option(value)
    elif kind == "multiselect":
        state.string_array_value.data.extend(option(v) for v in value)
    elif kind == "number_input":
        if widget.proto.data_type == NumberInput.INT:
            state.int_value = int(value)
        else:
            state.double_value = float(value)
    elif kind in ("text_input", "text_area", "color_picker", "date_input", "time_input"):
        state.string_value = str(value)
    elif kind == "slider":
        state.double_array_value.data.extend(float(v) for v in (value if isinstance(value, Iterable) else [value]))
    else:  # select_slider
        state.string_array_value.data.extend(option(v) for v in value)
    return state


# ------------------------------------------------------------------------------------------ server


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class StreamlitServer:
    """``streamlit run SCRIPT`` as a subprocess on a free port of 127.0.0.1 (its own process group).

    ``options`` are extra command-line config options (``{"runner.postScriptGC": "true"}``); the
    working directory (default: this repository) decides which ``.streamlit/config.toml`` applies.
    Output goes to ``log`` (a file path) or is discarded.
    """

    def __init__(self, script: str | Path, *, env: Mapping[str, str] | None = None,
                 options: Mapping[str, str] | None = None, cwd: str | Path | None = None,
                 log: str | Path | None = None, python: str = sys.executable) -> None:
        self.script = str(script)
        self.env = {**os.environ, **(env or {})}
        self.options = dict(options or {})
        self.cwd = str(cwd or Path(__file__).resolve().parents[1])
        self.log = log
        self.python = python
        self.entry = ["-m", "streamlit"]  # what follows the interpreter (a wrapper script may replace it)
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def command(self) -> list[str]:
        flags = [f"--{name}={value}" for name, value in self.options.items()]
        return [self.python, *self.entry, "run", self.script, "--server.address=127.0.0.1",
                f"--server.port={self.port}", "--server.headless=true", *flags]

    def start(self, timeout: float = 60.0) -> StreamlitServer:
        """Launch and wait until the server answers its health check."""
        return self.launch().wait_ready(timeout)

    def launch(self) -> StreamlitServer:
        """Start the process without waiting (start several, then :meth:`wait_ready` each)."""
        self.port = free_port()
        output = open(self.log, "ab") if self.log else subprocess.DEVNULL  # noqa: SIM115
        try:
            self.process = subprocess.Popen(self.command, cwd=self.cwd, env=self.env, stdout=output,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        finally:
            if self.log:
                output.close()
        return self

    def wait_ready(self, timeout: float = 60.0) -> StreamlitServer:
        assert self.process is not None, "launch() first"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                tail = Path(self.log).read_text(errors="replace")[-2000:] if self.log else ""
                raise RuntimeError(f"streamlit exited with {self.process.returncode}: {' '.join(self.command)}\n{tail}")
            try:
                with urllib.request.urlopen(f"{self.url}_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        self.stop()
        raise TimeoutError(f"streamlit did not answer /_stcore/health within {timeout} s")

    def cpu_seconds(self) -> float | None:
        """User+system CPU time the server process has used so far (Linux /proc; None elsewhere)."""
        if self.process is None:
            return None
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        process = self.process
        if process is None or process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)

    def __enter__(self) -> StreamlitServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
