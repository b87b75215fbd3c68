"""Classroom load benchmark: N simulated students in one live quiz, pushed updates beside polling.

Run from the repository root (nothing else heavy should run on the machine meanwhile)::

    .venv/bin/python benchmarks/bench_classroom.py              # 30, 100, 200 students; 1 server and 2
                                                                # behind nginx; push and poll designs
    .venv/bin/python benchmarks/bench_classroom.py --quick      # smoke run: 10 students, 2 questions
    .venv/bin/python benchmarks/bench_classroom.py --levels 50 --servers 2 --designs push --questions 3

Designs, measured in the same run: ``push`` (the app as shipped: the server reruns the pages of a quiz
the moment it changes, ``quiz_app/ui/live_push.py``, with a 20 s safety poll) and ``poll`` (the former
design, kept as ``QUIZ_APP_LIVE_UPDATES=poll``: every page's watch fragment polls every 2 s).

One throwaway PostgreSQL (tests/support/postgres.py) serves the whole run; every level gets a fresh
database and fresh ``streamlit run quiz_app/server.py`` servers (``--server.fileWatcherType=none``,
headless, from the repository root so .streamlit/config.toml applies) with ``DATABASE_URL`` set and
``QUIZ_APP_BANK`` at the shipped question_bank/. With two servers, Debian's nginx runs in front of
them with the README's configuration (tests/support/nginx.py: cookie-sticky, TLS, websocket upgrade)
and every browser connects through it with its own random sticky key. A teacher account, a warm-up
quiz and the live quiz (one question of each type of the shipped pack, a 60 s timer) are made
through the store; a warm-up student on every server answers the warm-up quiz.

The scenario, all websocket sessions (benchmarks/stclient.py) in this one process:

1. Teacher: logs in through the login form (HTTP), opens /teacher with the cookie, picks the quiz.
2. Students arrive at random moments over max(2 s, N/20 s), open /classroom?code=CODE, type a
   nickname and click "Join" (join: click -> the waiting room).
3. For each question the teacher clicks "Start the quiz" / "Next question". *seen*: that click ->
   a student's page shows the question (pushed, or noticed by the 2 s poll). At the first question
   of the largest level the class then sits idle for ``--idle`` seconds, nobody clicking, and the
   servers' CPU is measured (*idle*). Then the class answers in a burst (each student after a
   random 0-1 s) through the answer widgets (*ack*: Submit -> "Answer received"). *dash lag*: for
   the k-th answer acknowledged, the time until the teacher's dashboard shows "Answered k / N" or
   more. The teacher then clicks "Reveal the answer"; *reveal*: that click -> a student's page shows
   the correct answer. After the last question: "End the quiz" (and its confirmation).
4. The database is checked: every (player, question) answered exactly once, every acknowledged
   answer stored. *Points*: for each answer, the points the student would get if their page had
   had the question at no delay (their own thinking time, from seeing the question to clicking,
   measured by the client) against the points recorded (each student's clock starts when their page
   showed the question) and against the points the former rule would give (the class's clock).

Each student's clock is recorded by the server (``question_views``): at the end of the run that
drew the question, then moved to when that page's messages left the server (``ui/sent_clock``);
the detail lines print how far the clock starts fell from the moment this client saw the question.

Fragment auto-reruns (poll design): Streamlit sends an ``auto_rerun`` message and the browser's timer
sends a ``rerun_script`` with that fragment id every interval; :class:`LiveSession` does the same (a
tick due while a click is in flight is skipped). Pushed runs arrive with no request from the tab.

The client shares the 2 cores with the servers, PostgreSQL and nginx: its CPU share and its event
loop lag (how late a 50 ms timer fired, a floor under every measured time) are printed too.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import gc
import os
import random
import shlex
import sys
import tempfile
import time
import weakref
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from benchmarks.bench_load import fill_answer, percentile  # noqa: E402
from benchmarks.stclient import RunResult, Session, StreamlitServer  # noqa: E402
from benchmarks.targets import Targets  # noqa: E402

APP = ROOT / "quiz_app" / "server.py"
FLOOR_APP = ROOT / "benchmarks" / "bare_live_server.py"  # the floor: a one-line page pushed the same way
FLOOR_ROUNDS = 5
SHIPPED_BANK = ROOT / "question_bank"
FINISHED_FRAGMENT = ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
TEACHER_NAME = "Load Teacher"
TEACHER_PASSWORD = "a long enough password for the load test"
QUIZ_TITLE = "Load test quiz"
WARM_TITLE = "Warm-up quiz"
TYPE_ORDER = ("SingleChoice", "TrueFalse", "MultipleSelect", "ShortAnswer", "Matching", "Ordering")
TIMER_SECONDS = 60  # the live quiz's timer: speed points count, so delivery lag could cost points
TARGET_SMALL, TARGET_SMALL_P95 = 30, 0.300  # seen, reveal and dashboard lag p95 (push design)
TARGET_LARGE, TARGET_LARGE_P95 = 200, 1.5  # seen and reveal p95 on one server; also 0 errors, exactly once
TARGET_IDLE = 0.05  # 200 students waiting in an open question: at most this share of one core
TARGET_POINTS = 0  # largest points difference caused by delivery lag
APP_ERROR = "Something went wrong"


class PageError(RuntimeError):
    """A page did not show what it should (the app or the client misbehaved)."""


# ----------------------------------------------------------------------------- client extension


@dataclass
class FragmentRun:
    """One auto-rerun of a fragment, as the tab saw it."""

    fragment_id: str
    sent: float  # perf_counter when the tick's rerun_script was sent
    seconds: float  # tick sent -> final script_finished
    full_rerun: bool  # the fragment asked for a full-app rerun (st.rerun(scope="app"))


@dataclass
class _Timer:
    interval: float
    task: asyncio.Task[None] | None = None


class LiveSession(Session):
    """A :class:`Session` that also runs ``st.fragment(run_every=...)`` timers as the 1.67 frontend does,
    keeps fragment runs' elements right, and lets a caller wait for the page to show something."""

    live: ClassVar[weakref.WeakSet[LiveSession]] = weakref.WeakSet()  # every tab of this process

    def __init__(self, url: str, *, fragment_timeout: float = 30.0, **kwargs: Any) -> None:
        super().__init__(url, **kwargs)
        self.fragment_timeout = fragment_timeout  # a tick the server dropped (fragment gone) gets no answer
        self.fragment_runs: list[FragmentRun] = []
        self.skipped_ticks = 0  # ticks due while a click was in flight (the server would coalesce them)
        self.dropped_ticks = 0  # ticks that got no answer within fragment_timeout
        self.errors: list[str] = []
        self._lock = asyncio.Lock()
        self._timers: dict[str, _Timer] = {}
        self._fragment_request: str | None = None  # fragment id of the rerun_script being built
        self._fragment_of: dict[tuple[int, ...], str] = {}  # element path -> fragment that wrote it
        self._run_fragments: tuple[str, ...] = ()
        self._changed = asyncio.Event()
        self.listeners: list[Callable[[LiveSession], None]] = []  # called after every finished run
        LiveSession.live.add(self)

    # --- requests: one in flight per tab; clicks measured from the moment they are asked for

    async def _rerun(self, extra: Sequence[Any] = (), page_script_hash: str | None = None,
                     page_name: str = "") -> RunResult:
        asked = time.perf_counter()
        async with self._lock:
            queued = time.perf_counter() - asked
            result = await super()._rerun(extra, page_script_hash, page_name)
        return dataclasses.replace(result, seconds=result.seconds + queued)

    def _back_msg(self, extra: Sequence[Any], page_script_hash: str | None, page_name: str) -> Any:
        msg = super()._back_msg(extra, page_script_hash, page_name)
        if self._fragment_request:
            msg.rerun_script.fragment_id = self._fragment_request
            msg.rerun_script.is_auto_rerun = True
        return msg

    async def _tick(self, fragment_id: str) -> None:
        async with self._lock:
            self._fragment_request = fragment_id
            sent = time.perf_counter()
            try:
                result = await asyncio.wait_for(Session._rerun(self), self.fragment_timeout)
            except TimeoutError:
                self.dropped_ticks += 1
                return
            finally:
                self._fragment_request = None
        self.fragment_runs.append(FragmentRun(fragment_id, sent, result.seconds, result.runs > 1))

    async def _ticker(self, fragment_id: str, timer: _Timer) -> None:
        loop = asyncio.get_running_loop()
        due = loop.time() + timer.interval
        while self._timers.get(fragment_id) is timer and self._ws is not None:
            await asyncio.sleep(max(0.0, due - loop.time()))
            due += timer.interval
            due = max(due, loop.time())  # a late tick is sent once, not once per missed interval
            if self._timers.get(fragment_id) is not timer or self._closed_reason:
                return
            if self._lock.locked():
                self.skipped_ticks += 1
                continue
            try:
                await self._tick(fragment_id)
            except Exception as error:  # the tab is broken; the scenario notices it on its next wait
                self.errors.append(f"fragment tick: {type(error).__name__}: {error}"[:300])
                return

    def _stop_timers(self, fragment_ids: Iterator[str] | Sequence[str] | None = None) -> None:
        for fragment_id in list(self._timers if fragment_ids is None else fragment_ids):
            self._timers.pop(fragment_id, None)  # its ticker sees it and ends after any tick in flight

    async def close(self) -> None:
        tasks = [t.task for t in self._timers.values() if t.task is not None]
        self._stop_timers()
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        await super().close()

    # --- the page model: timers, fragment elements, "something changed"

    def _handle(self, msg: ForwardMsg, size: int, received: float) -> None:
        kind = msg.WhichOneof("type")
        if kind == "auto_rerun":
            fragment_id, interval = msg.auto_rerun.fragment_id, msg.auto_rerun.interval
            current = self._timers.get(fragment_id)
            if fragment_id and interval > 0 and (current is None or current.interval != interval):
                timer = _Timer(interval)
                self._timers[fragment_id] = timer
                timer.task = asyncio.get_running_loop().create_task(self._ticker(fragment_id, timer))
        elif kind == "stop_auto_rerun":
            self._stop_timers(list(msg.stop_auto_rerun.fragment_ids))
        elif kind == "new_session" and not msg.metadata.run.fragment_ids:
            self._stop_timers()  # a full-app run: the frontend clears its timers; the run sends them again
        super()._handle(msg, size, received)
        if kind == "script_finished":
            self._changed.set()
            for listener in self.listeners:
                listener(self)

    def _new_run(self, msg: ForwardMsg, pending: Any) -> None:
        super()._new_run(msg, pending)
        self._run_fragments = tuple(msg.metadata.run.fragment_ids)

    def _apply_delta(self, msg: ForwardMsg) -> None:
        super()._apply_delta(msg)
        path = tuple(msg.metadata.delta_path)
        if msg.delta.fragment_id:
            self._fragment_of[path] = msg.delta.fragment_id
        else:
            self._fragment_of.pop(path, None)

    def _finished(self, status: int, msg: ForwardMsg, pending: Any, received: float) -> None:
        if status == FINISHED_FRAGMENT and self._run_fragments:
            # The frontend drops the fragment's elements that this fragment run did not write again.
            self.elements = {p: e for p, e in self.elements.items()
                             if e.generation == self._generation or self._fragment_of.get(p) not in self._run_fragments}
        super()._finished(status, msg, pending, received)

    async def wait_until(self, predicate: Callable[[LiveSession], bool], timeout: float, what: str) -> float:
        """Wait until ``predicate(self)`` holds after a finished run; return when (perf_counter)."""
        deadline = time.perf_counter() + timeout
        while not predicate(self):
            if self._closed_reason:
                raise PageError(f"waiting for {what}: {self._closed_reason}")
            if self.errors:
                raise PageError(f"waiting for {what}: {self.errors[0]}")
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise PageError(f"{what} did not show within {timeout:g} s; the page shows:\n{self.text()[:800]}")
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), min(remaining, 1.0))
        return time.perf_counter()


def check_run(tab: Session, what: str, result: RunResult | None) -> None:
    if result is not None and result.errors:
        raise PageError(f"{what}: {result.errors}")
    if APP_ERROR in tab.text():
        raise PageError(f"{what}: the app showed an error:\n{tab.text()[:800]}")


# ------------------------------------------------------------------------------- coordination


class Gate:
    """Counts arrivals; opens when every expected party arrived (or dropped out)."""

    def __init__(self, expected: int) -> None:
        self.expected = expected
        self.count = 0
        self.times: list[float] = []  # perf_counter of each arrival
        self.event = asyncio.Event()
        self._check()

    @property
    def last(self) -> float:
        return self.times[-1] if self.times else 0.0

    def arrive(self) -> None:
        self.count += 1
        self.times.append(time.perf_counter())
        self._check()

    def drop(self) -> None:
        self.expected -= 1
        self._check()

    def _check(self) -> None:
        if self.count >= self.expected:
            self.event.set()

    async def wait(self, timeout: float) -> bool:
        try:
            await asyncio.wait_for(self.event.wait(), timeout)
        except TimeoutError:
            return False
        return True


@dataclass
class Plan:
    code: str
    questions: int
    students: int
    timeout: float
    idle_seconds: float  # the class sits in the first question this long before answering (0: not at all)
    joined: Gate
    seen: list[Gate]
    acked: list[Gate]
    revealed: list[Gate]
    ended: Gate
    idle_done: asyncio.Event
    asked_at: list[float]  # perf_counter of the teacher's click that showed question q
    revealed_at: list[float]  # perf_counter of the teacher's click that revealed question q

    @classmethod
    def make(cls, code: str, questions: int, students: int, timeout: float, idle_seconds: float) -> Plan:
        def gates() -> list[Gate]:
            return [Gate(students) for _ in range(questions)]

        return cls(code, questions, students, timeout, idle_seconds, Gate(students), gates(), gates(), gates(),
                   Gate(students), asyncio.Event(), [0.0] * questions, [0.0] * questions)

    def all_gates(self) -> list[Gate]:
        return [self.joined, *self.seen, *self.acked, *self.revealed, self.ended]


@dataclass
class Measures:
    join: list[float] = field(default_factory=list)
    seen: list[float] = field(default_factory=list)
    ack: list[float] = field(default_factory=list)
    reveal: list[float] = field(default_factory=list)  # teacher's Reveal click -> the student sees the answer
    dash_lag: list[float] = field(default_factory=list)  # k-th ack -> dashboard shows "Answered >= k"
    polls: int = 0  # students' poll ticks sent (poll design)
    teacher_clicks: list[tuple[str, float]] = field(default_factory=list)
    acked: dict[str, set[str]] = field(default_factory=dict)  # nickname -> question ids acknowledged
    thinking: dict[tuple[str, str], float] = field(default_factory=dict)  # (nickname, question) -> seen..click s
    seen_wall: dict[tuple[str, str], float] = field(default_factory=dict)  # (nickname, question) -> time.time()
    click_wall: dict[tuple[str, str], float] = field(default_factory=dict)
    opened: dict[str, Any] = field(default_factory=dict)  # question id -> when it opened for the class (UTC)
    errors: list[str] = field(default_factory=list)
    skipped_ticks: int = 0
    dropped_ticks: int = 0
    loop_lag: list[float] = field(default_factory=list)
    idle: Idle | None = None


@dataclass
class Idle:
    seconds: float
    server_cpu: list[float]  # share of one core per server
    db_cpu: float | None
    ticks_per_second: float  # poll requests the students' tabs sent


# ----------------------------------------------------------------------------------- the people


def _question_shown(number: int, total: int) -> Callable[[LiveSession], bool]:
    caption = f"Question {number} of {total}"

    def shown(tab: LiveSession) -> bool:
        return caption in tab.text() and bool(tab.find("button", label="Submit answer", root=None))

    return shown


def _text_shown(text: str) -> Callable[[LiveSession], bool]:
    return lambda tab: text in tab.text()


def _insecure() -> Any:
    import ssl

    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the benchmark's own self-signed certificate
    return context


def _tab(url: str, timeout: float, cookies: dict[str, str] | None = None) -> LiveSession:
    return LiveSession(url, timeout=timeout, cookies=cookies, ssl_context=_insecure() if url.startswith("https")
                       else None)


async def student(index: int, url: str, cookies: dict[str, str], plan: Plan, question_ids: list[str],
                  rng: random.Random, measures: Measures, delay: float) -> None:
    """One student: join after ``delay`` s, then answer every question when the class sees it."""
    await asyncio.sleep(delay)
    nickname = f"Student {index:03d}"
    tab = _tab(url, plan.timeout, cookies)
    passed: set[int] = set()  # ids of the gates this student arrived at

    def arrive(gate: Gate) -> None:
        gate.arrive()
        passed.add(id(gate))

    try:
        await tab.connect()
        opened = await tab.open(query={"code": plan.code}, page="classroom")
        check_run(tab, "open", opened)
        if tab.page_name != "Join a class quiz" or not tab.find("text_input", label="Nickname"):
            raise PageError(f"the join page did not show:\n{tab.text()[:500]}")
        tab.set_value(tab.get("text_input", label="Nickname"), nickname)
        joined = await tab.click(label="Join")
        check_run(tab, "join", joined)
        if "Waiting for the teacher" not in tab.text() or "seat" not in tab.query_params:
            raise PageError(f"join: no waiting room:\n{tab.text()[:500]}")
        measures.join.append(joined.seconds)
        arrive(plan.joined)
        for number in range(plan.questions):
            seen_at = await tab.wait_until(_question_shown(number + 1, plan.questions), plan.timeout,
                                           f"question {number + 1}")
            measures.seen_wall[(nickname, question_ids[number])] = time.time()
            measures.seen.append(seen_at - plan.asked_at[number])
            arrive(plan.seen[number])
            await plan.seen[number].wait(plan.timeout)  # the burst: the class answers together
            if number == 0 and plan.idle_seconds:
                await asyncio.wait_for(plan.idle_done.wait(), plan.timeout + plan.idle_seconds)
            await asyncio.sleep(rng.uniform(0.0, 1.0))
            if not _question_shown(number + 1, plan.questions)(tab):
                raise PageError(f"question {number + 1} went away before the answer:\n{tab.text()[:500]}")
            fill_answer(tab, rng)
            clicked = time.perf_counter()
            measures.click_wall[(nickname, question_ids[number])] = time.time()
            submitted = await tab.click(label="Submit answer")
            check_run(tab, f"answer {number + 1}", submitted)
            if "Answer received" not in tab.text():
                raise PageError(f"answer {number + 1}: not acknowledged:\n{tab.text()[:500]}")
            measures.ack.append(submitted.seconds)
            measures.acked.setdefault(nickname, set()).add(question_ids[number])
            measures.thinking[(nickname, question_ids[number])] = clicked - seen_at
            arrive(plan.acked[number])
            shown = await tab.wait_until(_text_shown("Correct answer:"), plan.timeout,
                                         f"the reveal of question {number + 1}")
            measures.reveal.append(shown - plan.revealed_at[number])
            if "points" not in tab.text():
                raise PageError(f"reveal {number + 1}: no points shown:\n{tab.text()[:500]}")
            arrive(plan.revealed[number])
        await tab.wait_until(_text_shown("The quiz has ended"), plan.timeout, "the end of the quiz")
        arrive(plan.ended)
    except Exception as error:  # one broken student must not stop the class: note it, leave the gates
        measures.errors.append(f"{nickname}: {type(error).__name__}: {error}"[:600])
        for gate in plan.all_gates():
            if id(gate) not in passed:
                gate.drop()
    finally:
        measures.polls += len(tab.fragment_runs)
        measures.skipped_ticks += tab.skipped_ticks
        measures.dropped_ticks += tab.dropped_ticks
        await tab.close()


def _dashboard_question(tab: LiveSession) -> str:
    """The dashboard's "Question n / N" metric as drawn, or "" when it shows none."""
    return next((e.text for e in tab.find("metric") if e.text.startswith("Question ")), "")


def _answered_count(tab: LiveSession) -> int:
    for element in tab.find("metric"):
        if element.text.startswith("Answered "):
            with contextlib.suppress(ValueError, IndexError):
                return int(element.text.split()[1])
    return -1


def login_cookie(url: str, name: str = TEACHER_NAME, password: str = TEACHER_PASSWORD,
                 cookies: dict[str, str] | None = None) -> str:
    """Log in through the app's login form over HTTP (GET the form, POST it from its own origin);
    return the value of the login cookie it sets. ``cookies`` go with both requests (nginx's sticky
    key, for one)."""
    import http.cookiejar
    import re
    import urllib.error
    import urllib.parse
    import urllib.request

    base = url.rstrip("/")
    jar = http.cookiejar.CookieJar()
    tls = urllib.request.HTTPSHandler(context=_insecure())
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), tls)
    extra = "; ".join(f"{k}={v}" for k, v in (cookies or {}).items())
    request = urllib.request.Request(f"{base}/auth/login?next=/teacher", headers={"Cookie": extra} if extra else {})
    with opener.open(request, timeout=30) as response:
        form = response.read().decode()
    csrf = re.search(r"name='csrf' value='([^']+)'", form)
    if csrf is None:
        raise PageError(f"no login form at {base}/auth/login:\n{form[:500]}")
    body = urllib.parse.urlencode({"csrf": csrf.group(1), "next": "/teacher", "name": name,
                                   "password": password}).encode()
    csrf_cookie = next((c.value for c in jar if c.name == "quiz_csrf"), "")
    headers = {"Origin": base, "Content-Type": "application/x-www-form-urlencoded",
               "Cookie": "; ".join(filter(None, [extra, f"quiz_csrf={csrf_cookie}"]))}

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    try:
        urllib.request.build_opener(NoRedirect(), tls).open(
            urllib.request.Request(f"{base}/auth/login", data=body, headers=headers), timeout=30)
        raise PageError("the login form did not redirect")
    except urllib.error.HTTPError as answer:
        if answer.code != 303:
            raise PageError(f"login refused: {answer.code} {answer.read()[:300]!r}") from None
        for header in answer.headers.get_all("Set-Cookie") or []:
            if header.startswith("quiz_teacher="):
                return header.split(";", 1)[0].split("=", 1)[1]
    raise PageError("the login did not set the login cookie")


async def teacher_login(url: str, code: str, timeout: float, cookies: dict[str, str] | None = None) -> LiveSession:
    """The teacher's tab on the live quiz's dashboard (logged in through the login form, quiz picked)."""
    token = await asyncio.to_thread(login_cookie, url, cookies=cookies)
    tab = _tab(url, timeout, {**(cookies or {}), "quiz_teacher": token})
    await tab.connect()
    opened = await tab.open(page="teacher")
    check_run(tab, "teacher page", opened)
    picker = tab.get("selectbox", label="Quiz")
    option = next((o for o in picker.options if f" · {code} · " in o), None)
    if option is None:
        raise PageError(f"the quiz {code} is not in the teacher's list: {picker.options}")
    check_run(tab, "pick the quiz", await tab.set(picker, option))
    if code not in tab.text() or "Joined: " not in tab.text():
        raise PageError(f"the dashboard did not show:\n{tab.text()[:800]}")
    return tab


async def teacher(tab: LiveSession, plan: Plan, measures: Measures, store: Any, quiz_id: int,
                  question_ids: list[str], idle: Callable[[], Any]) -> None:
    """Run the quiz: start, wait for the class's answers on the dashboard, reveal, next ... end."""
    from quiz_app.store import classroom as rooms

    async def click(label: str) -> None:
        result = await tab.click(label=label)
        check_run(tab, label, result)
        measures.teacher_clicks.append((label, result.seconds))

    # (perf_counter, "Question n / N", "Answered k") after each run of the tab: the question shown goes
    # with the count, so a count drawn before the teacher's bookkeeping below finished still counts
    shown_counts: list[tuple[float, str, int]] = []
    tab.listeners.append(
        lambda t: shown_counts.append((time.perf_counter(), _dashboard_question(t), _answered_count(t))))
    try:
        await plan.joined.wait(plan.timeout)
        joined = plan.joined.count
        await tab.wait_until(_text_shown(f"Joined: {joined}"), plan.timeout, f"'Joined: {joined}' on the dashboard")
        for number in range(plan.questions):
            wanted = f"Question {number + 1} / {plan.questions}"
            shown_counts.clear()
            plan.asked_at[number] = time.perf_counter()
            await click("Start the quiz" if number == 0 else "Next question")
            await tab.wait_until(lambda t, w=wanted: any(e.text == w for e in t.find("metric")), plan.timeout,
                                 f"'{wanted}' on the dashboard")
            quiz = await asyncio.to_thread(rooms.get, store, quiz_id)
            measures.opened[question_ids[number]] = quiz.state.started_at
            if number == 0 and plan.idle_seconds:
                await plan.seen[0].wait(plan.timeout)
                measures.idle = await idle()
                plan.idle_done.set()
            if not await plan.acked[number].wait(plan.timeout):
                measures.errors.append(f"teacher: question {number + 1}: only {plan.acked[number].count} "
                                       f"of {plan.acked[number].expected} answers acknowledged in time")
            answered = plan.acked[number].count
            try:
                await tab.wait_until(lambda t, n=answered: _answered_count(t) >= n, plan.timeout,
                                     f"'Answered {answered} / ..'")
                acks = plan.acked[number].times
                for k, acked_at in enumerate(acks, 1):
                    when = next((t for t, q, n in shown_counts if q == wanted and n >= k), None)
                    if when is not None:  # the dashboard may show an answer before its student has the ack
                        measures.dash_lag.append(max(0.0, when - acked_at))
            except PageError as error:
                measures.errors.append(f"teacher: {error}"[:600])
            plan.revealed_at[number] = time.perf_counter()
            await click("Reveal the answer")
            await plan.revealed[number].wait(plan.timeout)
        await click("End the quiz")
        await click("Yes, end the quiz")
        await plan.ended.wait(plan.timeout)
    except Exception as error:
        measures.errors.append(f"teacher: {type(error).__name__}: {error}"[:600])
    finally:
        plan.idle_done.set()
        await tab.close()


async def _watch_loop_lag(measures: Measures, stop: asyncio.Event) -> None:
    """How late a 50 ms sleep wakes up: the client's own delay, under every time measured here."""
    loop = asyncio.get_running_loop()
    while not stop.is_set():
        before = loop.time()
        await asyncio.sleep(0.05)
        measures.loop_lag.append(loop.time() - before - 0.05)


async def _warm_up(url: str, code: str, store: Any, quiz_id: int, teacher_id: int, timeout: float) -> None:
    """One student on ``url`` joins the warm-up quiz, sees its question and answers it."""
    from quiz_app.store import classroom as rooms

    tab = _tab(url, timeout)
    try:
        await tab.connect()
        await tab.open(query={"code": code}, page="classroom")
        tab.set_value(tab.get("text_input", label="Nickname"), f"Warm-up {url[-6:-1]}")
        check_run(tab, "warm-up join", await tab.click(label="Join"))
        quiz = rooms.get(store, quiz_id)
        if quiz is not None and quiz.state.phase == "lobby":
            rooms.act(store, quiz_id, teacher_id, "start")
        await tab.open(query=tab.query_string, page="classroom")  # a reload: started from outside the servers
        await tab.wait_until(_question_shown(1, 1), timeout, "the warm-up question")
        fill_answer(tab, random.Random(0))
        check_run(tab, "warm-up answer", await tab.click(label="Submit answer"))
        if "Answer received" not in tab.text():
            raise PageError(f"warm-up answer not acknowledged:\n{tab.text()[:500]}")
    finally:
        await tab.close()


# ----------------------------------------------------------------------------------- one level


@dataclass
class Integrity:
    players: int
    expected: int  # students x questions
    recorded: int  # answer rows
    duplicates: int  # rows beyond the first for one (player, question)
    missing: int  # (player, question) pairs without a row
    acked_missing: int  # acknowledged on the page but not in the database
    unacked_recorded: int  # in the database though the page never acknowledged it
    views: int = 0  # students' clocks recorded (question_views rows)
    views_confirmed: int = 0  # of which moved to when the page left the server (ui/sent_clock)
    clock_gaps: tuple[float, float] | None = None  # (most before, most after) the page showed it: clock start - seen, s
    points_lag_own: int | None = None  # largest |recorded points - points at no delivery delay|
    points_lag_class: int | None = None  # the same with the class's clock (the former rule)
    points_compared: int = 0
    points_delivery: int | None = None  # the part from the clock starting before or after the page showed it
    points_answer: int | None = None  # the part from the answer reaching the server after the click

    @property
    def exactly_once(self) -> bool:
        return (self.recorded == self.expected and not self.duplicates and not self.missing
                and not self.acked_missing)


@dataclass
class LevelResult:
    design: str
    servers: int
    students: int
    questions: int
    measures: Measures
    integrity: Integrity
    elapsed: float
    server_cpu: list[float]  # share of one core, per server, over the measured scenario
    db_cpu: float | None
    client_cpu: float
    notes: list[str] = field(default_factory=list)


@dataclass
class Setup:
    """What a level needs from outside: where the database is, the bank, servers' environment."""

    database_url: str
    bank: Path = SHIPPED_BANK
    folder: Path = field(default_factory=lambda: Path(tempfile.gettempdir()))
    db_cpu: Callable[[], float | None] = lambda: None
    timeout: float = 120.0
    seed: int = 2022
    verbose: bool = False
    design: str = "push"  # push | poll (QUIZ_APP_LIVE_UPDATES)
    idle_seconds: float = 0.0
    timer_seconds: int = TIMER_SECONDS


def pick_questions(bank: Path, count: int) -> tuple[str, list[str]]:
    """(pack id, question ids): one question of each type in turn, in pack order."""
    from quiz_app.bank import load_bank

    loaded = load_bank([bank])
    pack = next(iter(loaded.packs.values()))
    by_type: dict[str, list[str]] = {}
    for question_id, question in pack.questions_by_id.items():
        by_type.setdefault(type(question).__name__, []).append(question_id)
    kinds = [k for k in TYPE_ORDER if k in by_type] + sorted(set(by_type) - set(TYPE_ORDER))
    picked: list[str] = []
    round_number = 0
    while len(picked) < count:
        added = False
        for kind in kinds:
            if round_number < len(by_type[kind]) and len(picked) < count:
                picked.append(by_type[kind][round_number])
                added = True
        if not added:
            raise ValueError(f"the pack has only {len(picked)} questions")
        round_number += 1
    return pack.id, picked


def check_database(store: Any, quiz_id: int, question_ids: list[str], measures: Measures,
                   timer_seconds: int) -> Integrity:
    from sqlalchemy import text

    from quiz_app.classroom import live

    with store.engine.connect() as connection:
        players = dict(connection.execute(text("SELECT id, nickname FROM players WHERE quiz_id = :q"),
                                          {"q": quiz_id}).all())
        rows = connection.execute(text("SELECT player_id, question_id, COUNT(*) FROM class_answers "
                                       "WHERE quiz_id = :q GROUP BY player_id, question_id"), {"q": quiz_id}).all()
        answers = connection.execute(text("SELECT player_id, question_id, score, points, answered_at "
                                          "FROM class_answers WHERE quiz_id = :q"), {"q": quiz_id}).all()
        view_rows = connection.execute(text("SELECT player_id, question_id, shown_at, confirmed FROM question_views "
                                            "WHERE quiz_id = :q"), {"q": quiz_id}).all()
    views = {(player, question): shown for player, question, shown, _ in view_rows}
    counts = {(player, question): int(n) for player, question, n in rows}
    expected = {(player, question) for player in players for question in question_ids}
    by_name = {name: player for player, name in players.items()}
    acked_pairs = {(by_name.get(name, -1), question) for name, questions in measures.acked.items()
                   for question in questions}
    own: list[int] = []
    former: list[int] = []
    delivery: list[int] = []
    gaps: list[float] = []
    answer_part: list[int] = []
    for player, question, score, recorded, answered_at in answers:
        key = (players.get(player, ""), question)
        thinking = measures.thinking.get(key)
        opened = measures.opened.get(question)
        if thinking is None or opened is None:
            continue
        answered_at = _aware(answered_at, opened)
        state = live.LiveState("question", 0, 1, opened, None, timer_seconds)
        undelayed = live.points(score, state, opened + _seconds(thinking))  # as if shown at no delay
        own.append(abs(recorded - undelayed))
        former.append(abs(live.points(score, state, answered_at) - undelayed))
        per_second = 500 * score / timer_seconds
        shown = views.get((player, question))
        if shown is not None and key in measures.seen_wall:
            gap = measures.seen_wall[key] - _aware(shown, opened).timestamp()
            gaps.append(-gap)
            delivery.append(round(per_second * abs(gap)))  # either way: a clock started late gives time
        if key in measures.click_wall:
            answer_part.append(round(per_second * max(0.0, answered_at.timestamp() - measures.click_wall[key])))
    return Integrity(
        players=len(players), expected=len(expected), recorded=sum(counts.values()),
        duplicates=sum(n - 1 for n in counts.values() if n > 1), missing=len(expected - counts.keys()),
        acked_missing=len(acked_pairs - counts.keys()), unacked_recorded=len(counts.keys() - acked_pairs),
        views=len(view_rows), views_confirmed=sum(1 for row in view_rows if row[3]),
        clock_gaps=(min(gaps), max(gaps)) if gaps else None,
        points_lag_own=max(own) if own else None, points_lag_class=max(former) if former else None,
        points_compared=len(own), points_delivery=max(delivery) if delivery else None,
        points_answer=max(answer_part) if answer_part else None)


def _aware(value: Any, like: Any) -> Any:
    import datetime as dt

    if isinstance(value, str):  # SQLite returns text here
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=like.tzinfo)


def _seconds(value: float) -> Any:
    import datetime as dt

    return dt.timedelta(seconds=value)


def _server(folder: Path, name: str, env: dict[str, str]) -> StreamlitServer:
    profile = os.environ.get("BENCH_PROFILE_DIR")  # time (and profile) every script run of the servers
    if profile:
        Path(profile).mkdir(parents=True, exist_ok=True)
        env = {**env, "TIMED_STREAMLIT_OUT": f"{profile}/{folder.name}-{name}.runs"}
        if not os.environ.get("BENCH_TIMES_ONLY"):  # set: script times without cProfile's overhead
            env["TIMED_STREAMLIT_PROFILE"] = f"{profile}/{folder.name}-{name}.prof"
    server = StreamlitServer(APP, env=env, options={"server.fileWatcherType": "none"}, cwd=ROOT,
                             log=folder / f"{name}.log")
    if profile:
        server.entry = [str(ROOT / "benchmarks" / "timed_streamlit.py")]
    return server


async def _scenario(entry: Callable[[int], tuple[str, dict[str, str]]], plan: Plan, question_ids: list[str],
                    setup: Setup, measures: Measures, teacher_tab: LiveSession, store: Any, quiz_id: int,
                    idle: Callable[[], Any]) -> None:
    stop = asyncio.Event()
    lag = asyncio.create_task(_watch_loop_lag(measures, stop))
    ramp = max(2.0, plan.students / 20)
    arrivals = random.Random(setup.seed)
    tasks = [asyncio.create_task(student(i, *entry(i), plan, question_ids, random.Random(setup.seed * 100_003 + i),
                                         measures, arrivals.uniform(0, ramp) if plan.students > 1 else 0.0))
             for i in range(plan.students)]
    tasks.append(asyncio.create_task(teacher(teacher_tab, plan, measures, store, quiz_id, question_ids, idle)))
    await asyncio.gather(*tasks)
    stop.set()
    await lag


def _nginx(folder: Path, servers: list[StreamlitServer]) -> Any:
    """Debian's nginx in front of ``servers`` with the README's configuration (as the deployment test runs it)."""
    from tests.support.nginx import Nginx, for_test, readme_config, self_signed
    from tests.support.postgres import free_port

    cert, key = self_signed(folder)
    port = free_port()
    upstreams = [f"127.0.0.1:{server.port}" for server in servers]
    return Nginx.start(folder / "nginx", for_test(readme_config(), upstreams, port, cert, key), port=port)


def run_level(servers: int, students: int, questions: int, setup: Setup) -> LevelResult:
    """Fresh servers on ``setup.database_url`` (a fresh database); the whole scenario; the database check."""
    from quiz_app.store import Store, teachers
    from quiz_app.store import classroom as rooms

    store = Store.open(setup.database_url)  # migrates before the servers start
    try:
        teacher_info = teachers.add(store, TEACHER_NAME, TEACHER_PASSWORD)
        pack_id, question_ids = pick_questions(setup.bank, questions)
        warm = rooms.create(store, teacher_info.id, WARM_TITLE, pack_id, question_ids[:1], "live")
        quiz = rooms.create(store, teacher_info.id, QUIZ_TITLE, pack_id, question_ids, "live",
                            timer_seconds=setup.timer_seconds)
        env = {"DATABASE_URL": setup.database_url, "QUIZ_APP_BANK": str(setup.bank),
               "QUIZ_APP_LIVE_UPDATES": setup.design, "QUIZ_APP_TRUST_PROXY": "1" if servers > 1 else "0"}
        with contextlib.ExitStack() as stack:
            started = []
            for number in range(servers):
                server = _server(setup.folder, f"server-{number + 1}", env)
                stack.callback(server.stop)
                started.append(server.launch())
            for server in started:
                server.wait_ready(120)
            direct = [server.url for server in started]
            proxy = None
            if servers > 1:
                proxy = _nginx(setup.folder, started)
                stack.callback(proxy.stop)

            def entry(index: int) -> tuple[str, dict[str, str]]:
                if proxy is None:
                    return direct[index % len(direct)], {}
                return proxy.url + "/", {"quiz_server": f"student-{setup.seed}-{index}"}  # nginx spreads them

            def cpu() -> tuple[list[float], float | None, float]:
                return [s.cpu_seconds() or 0.0 for s in started], setup.db_cpu(), time.perf_counter()

            async def idle() -> Idle:
                await asyncio.sleep(1.0)  # the last pages settle
                ticks_before = sum(len(t.fragment_runs) for t in LiveSession.live)
                before_servers, before_db, clock = cpu()
                await asyncio.sleep(setup.idle_seconds)
                after_servers, after_db, now = cpu()
                span = now - clock
                ticks = sum(len(t.fragment_runs) for t in LiveSession.live) - ticks_before
                return Idle(span, [(a - b) / span for a, b in zip(after_servers, before_servers, strict=True)],
                            None if before_db is None or after_db is None else (after_db - before_db) / span,
                            ticks / span)

            async def prepare() -> LiveSession:
                for url in direct:
                    await _warm_up(url, warm.code, store, warm.id, teacher_info.id, setup.timeout)
                if proxy is None:
                    return await teacher_login(direct[0], quiz.code, setup.timeout)
                return await teacher_login(proxy.url + "/", quiz.code, setup.timeout,
                                           cookies={"quiz_server": f"teacher-{setup.seed}"})

            async def run() -> tuple[Measures, float, list[float], float | None, float]:
                teacher_tab = await prepare()
                gc.collect()
                gc.freeze()  # a full collection of the client's heap mid-run would show up as latency
                await asyncio.sleep(1.0)
                measures = Measures()
                plan = Plan.make(quiz.code, questions, students, setup.timeout, setup.idle_seconds)
                cpu_before, db_before, clock = cpu()
                client_before = time.process_time()
                await _scenario(entry, plan, question_ids, setup, measures, teacher_tab, store, quiz.id, idle)
                cpu_after, db_after, now = cpu()
                elapsed = now - clock
                server_cpu = [(a - b) / elapsed for a, b in zip(cpu_after, cpu_before, strict=True)]
                db_cpu = None if db_before is None or db_after is None else (db_after - db_before) / elapsed
                return measures, elapsed, server_cpu, db_cpu, (time.process_time() - client_before) / elapsed

            measures, elapsed, server_cpu, db_cpu, client_cpu = asyncio.run(run())
            gc.unfreeze()
            notes = []
            for number, server in enumerate(started):
                if server.process is not None and server.process.poll() is not None:
                    measures.errors.append(f"server {number + 1} exited with {server.process.returncode}")
                log = (setup.folder / f"server-{number + 1}.log").read_text(errors="replace")
                if "Traceback" in log or "page %s failed" in log:
                    notes.append(f"server {number + 1} logged a traceback (see {setup.folder})")
        integrity = check_database(store, quiz.id, question_ids, measures, setup.timer_seconds)
    finally:
        store.close()
    return LevelResult(setup.design, servers, students, questions, measures, integrity, elapsed, server_cpu,
                       db_cpu, client_cpu, notes)


def run_floor(students: int, setup: Setup) -> list[float]:
    """The floor of pushed updates: ``students`` tabs of the bare page, :data:`FLOOR_ROUNDS` events.

    Each event is one ``POST /bump`` (the teacher's click, without the teacher's page); a tab's
    time is from the request to its page showing the new count. Same client, same machine, same
    ``live_push`` as the app: what is left above this is the app's own per-page work.
    """
    import urllib.request

    server = StreamlitServer(FLOOR_APP, env={"QUIZ_APP_LIVE_UPDATES": "push"},
                             options={"server.fileWatcherType": "none"}, cwd=ROOT, log=setup.folder / "floor.log")
    server.start(120)

    async def scenario() -> list[float]:
        tabs = [_tab(server.url, setup.timeout) for _ in range(students)]
        for tab in tabs:
            await tab.open()
        seen: list[float] = []
        for _ in range(FLOOR_ROUNDS):
            await asyncio.sleep(0.5)
            asked = time.perf_counter()
            count = await asyncio.to_thread(
                lambda: urllib.request.urlopen(urllib.request.Request(server.url + "bump", method="POST"),
                                               timeout=30).read().decode())
            times = await asyncio.gather(*(tab.wait_until(_text_shown(f"Question {count}"), setup.timeout,
                                                          f"floor: 'Question {count}'") for tab in tabs))
            seen += [max(0.0, when - asked) for when in times]
        for tab in tabs:
            await tab.close()
        return seen

    try:
        return asyncio.run(scenario())
    finally:
        server.stop()


def floor_row(students: int, seen: list[float]) -> str:
    return (f"{'floor':>6} {1:>7} {students:>8} | {_three(seen):>22} | {' ' * 4}{'-':>20} | {' ' * 6}{'-':>20} | "
            f"{'-':>7} {'-':>6} | {'-':>8} | {0:>6}")


# ------------------------------------------------------------------------------------ reporting


def _ms(values: list[float], fraction: float) -> str:
    return "-" if not values else f"{percentile(values, fraction) * 1000:.0f}"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.1f}%"


def _three(values: list[float]) -> str:
    return f"{_ms(values, .5):>6} {_ms(values, .95):>6} {_ms(values, 1.0):>6}"


LATENCY_HEADER = (f"{'design':>6} {'servers':>7} {'students':>8} | {'seen p50':>8} {'p95':>6} {'max':>6} | "
                  f"{'reveal p50':>10} {'p95':>6} {'max':>6} | {'dash lag p50':>12} {'p95':>6} {'max':>6} | "
                  f"{'ack p50':>7} {'p95':>6} | {'join p95':>8} | {'errors':>6}")
COUNT_HEADER = (f"{'design':>6} {'servers':>7} {'students':>8} | {'expected':>8} {'recorded':>8} {'dup':>4} "
                f"{'missing':>7} {'acked-lost':>10} | {'pts lag':>7} {'delivery':>8} {'answer':>6} "
                f"{'class clock':>11} | "
                f"{'server CPU':>13} {'postgres':>8} {'client':>6} {'loop lag p99/max':>16} | {'wall s':>6}")
IDLE_HEADER = (f"{'design':>6} {'servers':>7} {'students':>8} | {'idle s':>6} | {'server CPU (one core)':>21} "
               f"{'postgres':>8} | {'student requests/s':>18}")


def latency_row(result: LevelResult) -> str:
    m = result.measures
    return (f"{result.design:>6} {result.servers:>7} {result.students:>8} | {_three(m.seen):>22} | "
            f"{' ' * 4}{_three(m.reveal):>20} | {' ' * 6}{_three(m.dash_lag):>20} | {_ms(m.ack, .5):>7} "
            f"{_ms(m.ack, .95):>6} | {_ms(m.join, .95):>8} | {len(m.errors):>6}")


def count_row(result: LevelResult) -> str:
    i, m = result.integrity, result.measures
    cpu = "+".join(_pct(c) for c in result.server_cpu)
    lag = f"{_ms(m.loop_lag, .99)}/{_ms(m.loop_lag, 1.0)} ms"
    def text(value: int | None) -> str:
        return "-" if value is None else str(value)

    own, former = text(i.points_lag_own), text(i.points_lag_class)
    delivery, answer = text(i.points_delivery), text(i.points_answer)
    return (f"{result.design:>6} {result.servers:>7} {result.students:>8} | {i.expected:>8} {i.recorded:>8} "
            f"{i.duplicates:>4} {i.missing:>7} {i.acked_missing:>10} | {own:>7} {delivery:>8} {answer:>6} "
            f"{former:>11} | {cpu:>13} "
            f"{_pct(result.db_cpu):>8} {_pct(result.client_cpu):>6} {lag:>16} | {result.elapsed:>6.0f}")


def idle_row(result: LevelResult) -> str | None:
    idle = result.measures.idle
    if idle is None:
        return None
    cpu = "+".join(_pct(c) for c in idle.server_cpu)
    return (f"{result.design:>6} {result.servers:>7} {result.students:>8} | {idle.seconds:>6.1f} | {cpu:>21} "
            f"{_pct(idle.db_cpu):>8} | {idle.ticks_per_second:>18.1f}")


def _gaps(gaps: tuple[float, float] | None) -> str:
    if gaps is None:
        return ""
    return f" (clock start minus page seen: {gaps[0] * 1000:+.0f} to {gaps[1] * 1000:+.0f} ms)"


def detail_lines(result: LevelResult) -> list[str]:
    m = result.measures
    clicks: dict[str, list[float]] = {}
    for label, seconds in m.teacher_clicks:
        clicks.setdefault(label, []).append(seconds)
    teacher = ", ".join(f"{label} {max(v) * 1000:.0f}" for label, v in clicks.items())
    lines = [f"    {result.design}, {result.servers} server(s), {result.students} students: {m.polls} student poll "
             f"ticks, skipped behind a click {m.skipped_ticks}, unanswered {m.dropped_ticks}; points compared "
             f"{result.integrity.points_compared}; clocks moved to the send {result.integrity.views_confirmed} of "
             f"{result.integrity.views}{_gaps(result.integrity.clock_gaps)}; teacher clicks max ms: {teacher}"]
    lines += [f"    error: {error}" for error in m.errors[:5]]
    if len(m.errors) > 5:
        lines.append(f"    ... {len(m.errors) - 5} more errors")
    lines += [f"    note: {note}" for note in result.notes]
    return lines


# ----------------------------------------------------------------------------------------- main


def _process_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    # utime, stime and the waited-for children's cutime, cstime
    return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def postgres_cpu(data: Path) -> Callable[[], float | None]:
    """CPU seconds of the postmaster and its live backends (plus exited ones it waited for)."""

    def read() -> float | None:
        try:
            postmaster = int((data / "postmaster.pid").read_text().split()[0])
            total = _process_cpu(postmaster)
            for entry in Path("/proc").iterdir():
                if entry.name.isdigit():
                    with contextlib.suppress(OSError, IndexError, ValueError):
                        stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                        if int(stat[1]) == postmaster:
                            total += _process_cpu(int(entry.name))
            return total
        except (OSError, ValueError, IndexError):
            return None

    return read


def _judge(results: list[LevelResult], questions: int) -> bool:
    targets = Targets()
    for result in results:
        m, i = result.measures, result.integrity
        where = f"{result.design}, {result.servers} server(s), {result.students} students"
        complete = i.expected == result.students * questions
        once = i.exactly_once and complete
        text = (f"{where}: every answer recorded exactly once: {i.recorded} recorded of {i.expected} expected "
                f"({i.players} players), {i.duplicates} duplicates, {i.missing} missing, {i.acked_missing} "
                "acknowledged but not stored")
        if result.design == "push" and result.students == TARGET_LARGE and result.servers == 1:
            targets.check(once, text)
        elif not once:
            targets.check(False, text)
        if result.design != "push":
            if m.errors:
                targets.check(False, f"{where}: {len(m.errors)} errors (first: {m.errors[0][:200]})")
            continue
        if result.students == TARGET_SMALL:
            for name, values in (("seen", m.seen), ("reveal", m.reveal), ("dashboard lag", m.dash_lag)):
                p95 = percentile(values, 0.95) if values else float("inf")
                targets.check(p95 <= TARGET_SMALL_P95, f"{where}: {name} p95 <= {TARGET_SMALL_P95 * 1000:.0f} ms: "
                              f"{p95 * 1000:.0f} ms ({len(values)} measured)")
        if result.students == TARGET_LARGE and result.servers == 1:
            for name, values in (("seen", m.seen), ("reveal", m.reveal)):
                p95 = percentile(values, 0.95) if values else float("inf")
                targets.check(p95 <= TARGET_LARGE_P95, f"{where}: {name} p95 <= {TARGET_LARGE_P95:g} s: "
                              f"{p95 * 1000:.0f} ms ({len(values)} measured)")
            targets.check(not m.errors, f"{where}: 0 errors: {len(m.errors)}"
                          + (f" (first: {m.errors[0][:200]})" if m.errors else ""))
            if m.idle is not None:
                share = sum(m.idle.server_cpu)
                targets.check(share <= TARGET_IDLE, f"{where} waiting in an open question, nobody clicking: server "
                              f"CPU <= {TARGET_IDLE * 100:.0f}% of one core: {share * 100:.1f}% over "
                              f"{m.idle.seconds:.0f} s")
        elif m.errors:
            targets.check(False, f"{where}: {len(m.errors)} errors (first: {m.errors[0][:200]})")
        if i.points_delivery is not None:
            targets.check(i.points_delivery <= TARGET_POINTS,
                          f"{where}: largest points difference caused by the question's delivery lag <= "
                          f"{TARGET_POINTS}: {i.points_delivery} (all lags together {i.points_lag_own}, of which "
                          f"up to {i.points_answer} from the answer reaching the server late; the class's clock "
                          f"would give {i.points_lag_class}; {i.points_compared} answers)")
    if not any(r.students in (TARGET_SMALL, TARGET_LARGE) and r.design == "push" for r in results):
        print(f"  (no push level of {TARGET_SMALL} or {TARGET_LARGE} students ran: targets not judged)")
    return targets.ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smoke run: 10 students, 2 questions")
    parser.add_argument("--levels", help="comma-separated class sizes (default 30,100,200; quick 10)")
    parser.add_argument("--servers", default="1,2", help="comma-separated server counts (default 1,2)")
    parser.add_argument("--designs", default="floor,push,poll",
                        help="comma-separated: floor, push, poll (default all three)")
    parser.add_argument("--questions", type=int, help="questions in the live quiz (default 5; quick 2)")
    parser.add_argument("--idle", type=float, default=20.0,
                        help="seconds the largest class sits idle in the first question, measured (default 20)")
    parser.add_argument("--timeout", type=float, default=120.0, help="longest wait for any page, s (default 120)")
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("-v", "--verbose", action="store_true", help="print server log tails on errors")
    args = parser.parse_args(argv)
    levels = [int(n) for n in (args.levels or ("10" if args.quick else "30,100,200")).split(",")]
    server_counts = [int(n) for n in args.servers.split(",")]
    designs = [d.strip() for d in args.designs.split(",") if d.strip()]
    questions = args.questions or (2 if args.quick else 5)

    import streamlit

    from tests.support.postgres import PostgresServer, find_bindir

    bindir = find_bindir()
    if bindir is None:
        print("PostgreSQL server programs (initdb, pg_ctl) are needed: apt-get install postgresql", file=sys.stderr)
        return 2
    if max(server_counts) > 1:
        from tests.support.nginx import nginx_path

        if nginx_path() is None:
            print("nginx is needed for two servers: apt-get install nginx", file=sys.stderr)
            return 2
    load = os.getloadavg()[0]
    print(f"command: {shlex.join([sys.executable, *sys.argv])}")
    print(f"machine: {os.cpu_count()} CPUs, load average {load:.2f} at start; Python {sys.version.split()[0]}, "
          f"streamlit {streamlit.__version__}; PostgreSQL {bindir.parent.name}")
    pack_id, question_ids = pick_questions(SHIPPED_BANK, questions)
    print(f"quiz: {questions} questions of question_bank/{pack_id} ({', '.join(question_ids)}), live, "
          f"{TIMER_SECONDS} s timer")
    print("designs: push = the server reruns the pages of a quiz when it changes (the app as shipped); poll = every "
          "page polls every 2 s (QUIZ_APP_LIVE_UPDATES=poll, the former design). 2 servers: behind nginx with the "
          "README's configuration.")
    print("seen: teacher's Start/Next click -> the student's page shows the question. reveal: teacher's Reveal "
          "click -> the student's page shows the correct answer. dash lag: k-th answer acknowledged -> the "
          "teacher's dashboard shows 'Answered k' or more. ack: Submit -> 'Answer received'. join: Join -> the "
          "waiting room. Times in ms, nearest-rank percentiles. pts lag: largest difference between the points "
          "recorded and the points at no delay (the student's own seen-to-click time), with each student's clock "
          "(as shipped); delivery: the part from that clock starting at another moment than the page showed the "
          "question (earlier or later); answer: the part from the answer reaching the server after the click (its own "
          "queueing); class clock: the largest difference with the class's clock (the former rule).")
    print(flush=True)

    results: list[LevelResult] = []
    floors: list[tuple[int, list[float]]] = []
    postgres = PostgresServer.start(bindir)
    try:
        db_cpu = postgres_cpu(postgres.folder / "data")
        for servers in server_counts:
            for level in levels:
                for design in designs:
                    if design == "floor":
                        if servers == 1:
                            with tempfile.TemporaryDirectory(prefix="bench-classroom-") as tmp:
                                floors.append((level, run_floor(level, Setup("", folder=Path(tmp),
                                                                             timeout=args.timeout))))
                            print(f"done: floor, 1 server, {level} tabs", flush=True)
                        continue
                    with tempfile.TemporaryDirectory(prefix="bench-classroom-") as tmp:
                        idle = args.idle if level == max(levels) and servers == 1 else 0.0
                        if args.quick:
                            idle = min(idle, 2.0)
                        setup = Setup(postgres.create_database(), folder=Path(tmp), db_cpu=db_cpu,
                                      timeout=args.timeout, seed=args.seed + level, verbose=args.verbose,
                                      design=design, idle_seconds=idle)
                        result = run_level(servers, level, questions, setup)
                        if args.verbose and result.measures.errors:
                            for log in sorted(Path(tmp).glob("*.log")):
                                print(f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}", file=sys.stderr)
                    results.append(result)
                    print(f"done: {design}, {servers} server(s), {level} students in {result.elapsed:.0f} s, "
                          f"{len(result.measures.errors)} errors", flush=True)
    finally:
        postgres.stop()

    print()
    print(LATENCY_HEADER)
    for students, seen in floors:
        print(floor_row(students, seen))
    for result in results:
        print(latency_row(result))
    print()
    print(COUNT_HEADER)
    for result in results:
        print(count_row(result))
    idle_rows = [row for result in results if (row := idle_row(result))]
    if idle_rows:
        print()
        print(IDLE_HEADER)
        for row in idle_rows:
            print(row)
    print()
    for result in results:
        for line in detail_lines(result):
            print(line)
    return 0 if _judge(results, questions) else 1


if __name__ == "__main__":
    sys.exit(main())
