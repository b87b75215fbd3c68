"""Classroom load benchmark: N simulated students in one live quiz, on one server or two sharing PostgreSQL.

Run from the repository root (nothing else heavy should run on the machine meanwhile)::

    .venv/bin/python benchmarks/bench_classroom.py                  # 30, 100, 200 students; 1 and 2 servers
    .venv/bin/python benchmarks/bench_classroom.py --quick          # smoke run: 10 students, 2 questions
    .venv/bin/python benchmarks/bench_classroom.py --levels 50 --servers 2 --questions 3

One throwaway PostgreSQL (tests/support/postgres.py) serves the whole run; every level gets a fresh
database and fresh ``streamlit run quiz_app/server.py`` servers (``--server.fileWatcherType=none``,
headless, from the repository root so .streamlit/config.toml applies) with ``DATABASE_URL`` set and
``QUIZ_APP_BANK`` at the shipped question_bank/. A teacher account, a warm-up quiz and the live
quiz (one question of each type of the shipped pack, no timer) are made through the store. A
warm-up student on every server joins and answers the warm-up quiz (bank loaded, modules imported).

The scenario, all websocket sessions (benchmarks/stclient.py, extended here with fragment
auto-reruns) in this one process:

1. Teacher (server 1): opens /teacher, logs in through the form, picks the quiz in "Quiz"; from then on
   the browser's timer reruns the ``live_dashboard`` fragment every 2 s.
2. Students (round-robin over the servers) arrive at random moments over max(2 s, N/20 s), open
   /classroom?code=CODE, type a nickname and click "Join". Join time: click -> the page shows the
   waiting room ("Waiting for the teacher"; the join run plus the st.rerun() it asks for).
3. For each question the teacher clicks "Start the quiz" / "Next question" in the teacher session
   (the real path: its button, rooms.act, st.rerun). Each student's 2 s ``_watch`` poll notices the
   new revision and reruns the page. Question seen: teacher's click -> that student's page shows the
   question. Students wait until the whole class sees it, then answer in a burst (each after a random
   0-1 s), through the answer widgets (random choices). Answer ack: click "Submit answer" -> the page
   shows "Answer received". The teacher waits until the dashboard shows "Answered N / N" (dashboard
   lag: last ack -> the dashboard shows it), clicks "Reveal the answer", and waits until every student
   sees the correct answer. After the last question: "End the quiz", and every student sees the end.
4. The database is checked: every (player, question) answered exactly once, every acknowledged
   answer stored.

Fragment auto-reruns: Streamlit 1.67's server does not push fragment runs. It sends an ``auto_rerun``
message (fragment id, interval) and the browser's timer (setInterval) sends a ``rerun_script`` with
that fragment id and ``is_auto_rerun`` every interval; a full-app run clears the timers and the
server sends them again. :class:`LiveSession` does the same. A tab holds one request in flight: a
tick that comes while a click is in flight is skipped (the server would fold it into the click's full
run), and a click waits for an in-flight tick; click times are measured from the moment the student
clicks, so they include that wait.
Dashboard refresh: timer tick -> the ``script_finished`` of that fragment run, in the teacher's tab
(the request's way to the server, the queue behind other sessions' runs, the run, the deltas back);
ticks whose run turned into a full-app rerun (the phase changed) are left out. Poll: the same for the
students' ``_watch`` fragment.

The client shares the 2 cores with the servers and PostgreSQL: its CPU share and its event loop lag
(how late a 50 ms timer fired, a floor under every measured time) are printed with the results.
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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from benchmarks.bench_load import fill_answer, percentile  # noqa: E402
from benchmarks.stclient import RunResult, Session, StreamlitServer  # noqa: E402
from benchmarks.targets import Targets  # noqa: E402

APP = ROOT / "quiz_app" / "server.py"
SHIPPED_BANK = ROOT / "question_bank"
FINISHED_FRAGMENT = ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
TEACHER_NAME = "Load Teacher"
TEACHER_PASSWORD = "a long enough password for the load test"
QUIZ_TITLE = "Load test quiz"
WARM_TITLE = "Warm-up quiz"
TYPE_ORDER = ("SingleChoice", "TrueFalse", "MultipleSelect", "ShortAnswer", "Matching", "Ordering")
TARGET_CLASS = 100  # students whose answer-ack p95 must stay under TARGET_P95
TARGET_P95 = 2.0  # seconds
TARGET_ONCE = 200  # students at which every answer must still be recorded exactly once
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
        self.last = 0.0  # perf_counter of the latest arrival
        self.event = asyncio.Event()
        self._check()

    def arrive(self) -> None:
        self.count += 1
        self.last = time.perf_counter()
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
    joined: Gate
    seen: list[Gate]
    acked: list[Gate]
    revealed: list[Gate]
    ended: Gate
    asked_at: list[float]  # perf_counter of the teacher's click that showed question q
    revealed_at: list[float]  # perf_counter of the teacher's click that revealed question q

    @classmethod
    def make(cls, code: str, questions: int, students: int, timeout: float) -> Plan:
        def gates() -> list[Gate]:
            return [Gate(students) for _ in range(questions)]

        return cls(code, questions, students, timeout, Gate(students), gates(), gates(), gates(), Gate(students),
                   [0.0] * questions, [0.0] * questions)

    def all_gates(self) -> list[Gate]:
        return [self.joined, *self.seen, *self.acked, *self.revealed, self.ended]


@dataclass
class Measures:
    join: list[float] = field(default_factory=list)
    seen: list[float] = field(default_factory=list)
    ack: list[float] = field(default_factory=list)
    reveal: list[float] = field(default_factory=list)  # teacher's Reveal click -> the student sees the answer
    polls: list[float] = field(default_factory=list)  # students' _watch fragment runs (tick -> finished)
    refresh: list[float] = field(default_factory=list)  # teacher's dashboard fragment runs (tick -> finished)
    dash_lag: list[float] = field(default_factory=list)  # last ack -> dashboard shows "Answered N / N"
    teacher_clicks: list[tuple[str, float]] = field(default_factory=list)
    acked: dict[str, set[str]] = field(default_factory=dict)  # nickname -> question ids acknowledged
    errors: list[str] = field(default_factory=list)
    skipped_ticks: int = 0
    dropped_ticks: int = 0
    loop_lag: list[float] = field(default_factory=list)


# ----------------------------------------------------------------------------------- the people


def _question_shown(number: int, total: int) -> Callable[[LiveSession], bool]:
    caption = f"Question {number} of {total}"

    def shown(tab: LiveSession) -> bool:
        return caption in tab.text() and bool(tab.find("button", label="Submit answer", root=None))

    return shown


def _text_shown(text: str) -> Callable[[LiveSession], bool]:
    return lambda tab: text in tab.text()


async def student(index: int, url: str, plan: Plan, question_ids: list[str], rng: random.Random,
                  measures: Measures, delay: float) -> None:
    """One student: join after ``delay`` s, then answer every question when the class sees it."""
    await asyncio.sleep(delay)
    nickname = f"Student {index:03d}"
    tab = LiveSession(url, timeout=plan.timeout)
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
            await tab.wait_until(_question_shown(number + 1, plan.questions), plan.timeout, f"question {number + 1}")
            measures.seen.append(time.perf_counter() - plan.asked_at[number])
            arrive(plan.seen[number])
            await plan.seen[number].wait(plan.timeout)  # the burst: the class answers together
            await asyncio.sleep(rng.uniform(0.0, 1.0))
            if not _question_shown(number + 1, plan.questions)(tab):
                raise PageError(f"question {number + 1} went away before the answer:\n{tab.text()[:500]}")
            fill_answer(tab, rng)
            submitted = await tab.click(label="Submit answer")
            check_run(tab, f"answer {number + 1}", submitted)
            if "Answer received" not in tab.text():
                raise PageError(f"answer {number + 1}: not acknowledged:\n{tab.text()[:500]}")
            measures.ack.append(submitted.seconds)
            measures.acked.setdefault(nickname, set()).add(question_ids[number])
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
        measures.polls.extend(r.seconds for r in tab.fragment_runs if not r.full_rerun)
        measures.skipped_ticks += tab.skipped_ticks
        measures.dropped_ticks += tab.dropped_ticks
        await tab.close()


def _answered(count: int) -> Callable[[LiveSession], bool]:
    wanted = f"Answered {count} / "
    return lambda tab: any(e.text.startswith(wanted) for e in tab.find("metric"))


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
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
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
        urllib.request.build_opener(NoRedirect()).open(
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
    tab = LiveSession(url, timeout=timeout, cookies={**(cookies or {}), "quiz_teacher": token})
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


async def teacher(tab: LiveSession, plan: Plan, measures: Measures) -> None:
    """Run the quiz: start, wait for the class's answers on the dashboard, reveal, next ... end."""

    async def click(label: str) -> None:
        result = await tab.click(label=label)
        check_run(tab, label, result)
        measures.teacher_clicks.append((label, result.seconds))

    try:
        await plan.joined.wait(plan.timeout)
        joined = plan.joined.count
        await tab.wait_until(_text_shown(f"Joined: {joined}"), plan.timeout, f"'Joined: {joined}' on the dashboard")
        for number in range(plan.questions):
            plan.asked_at[number] = time.perf_counter()
            await click("Start the quiz" if number == 0 else "Next question")
            if not any(e.text == f"Question {number + 1} / {plan.questions}" for e in tab.find("metric")):
                raise PageError(f"dashboard: question {number + 1} not shown:\n{tab.text()[:800]}")
            if not await plan.acked[number].wait(plan.timeout):
                measures.errors.append(f"teacher: question {number + 1}: only {plan.acked[number].count} "
                                       f"of {plan.acked[number].expected} answers acknowledged in time")
            answered = plan.acked[number].count
            try:
                shown = await tab.wait_until(_answered(answered), plan.timeout, f"'Answered {answered} / ..'")
                measures.dash_lag.append(shown - plan.acked[number].last)
            except PageError as error:
                measures.errors.append(f"teacher: {error}"[:600])
            plan.revealed_at[number] = time.perf_counter()
            await click("Reveal the answer")
            await plan.revealed[number].wait(plan.timeout)
        await click("End the quiz")
        await plan.ended.wait(plan.timeout)
    except Exception as error:
        measures.errors.append(f"teacher: {type(error).__name__}: {error}"[:600])
    finally:
        runs = [r for r in tab.fragment_runs if not r.full_rerun]
        measures.refresh.extend(r.seconds for r in runs)
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

    tab = LiveSession(url, timeout=timeout)
    try:
        await tab.connect()
        await tab.open(query={"code": code}, page="classroom")
        tab.set_value(tab.get("text_input", label="Nickname"), f"Warm-up {url[-6:-1]}")
        check_run(tab, "warm-up join", await tab.click(label="Join"))
        quiz = rooms.get(store, quiz_id)
        if quiz is not None and quiz.state.phase == "lobby":
            rooms.act(store, quiz_id, teacher_id, "start")
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

    @property
    def exactly_once(self) -> bool:
        return (self.recorded == self.expected and not self.duplicates and not self.missing
                and not self.acked_missing)


@dataclass
class LevelResult:
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


def check_database(store: Any, quiz_id: int, question_ids: list[str], acked: dict[str, set[str]]) -> Integrity:
    from sqlalchemy import text

    with store.engine.connect() as connection:
        players = dict(connection.execute(text("SELECT id, nickname FROM players WHERE quiz_id = :q"),
                                          {"q": quiz_id}).all())
        rows = connection.execute(text("SELECT player_id, question_id, COUNT(*) FROM class_answers "
                                       "WHERE quiz_id = :q GROUP BY player_id, question_id"), {"q": quiz_id}).all()
    counts = {(player, question): int(n) for player, question, n in rows}
    expected = {(player, question) for player in players for question in question_ids}
    by_name = {name: player for player, name in players.items()}
    acked_pairs = {(by_name.get(name, -1), question) for name, questions in acked.items() for question in questions}
    return Integrity(
        players=len(players), expected=len(expected), recorded=sum(counts.values()),
        duplicates=sum(n - 1 for n in counts.values() if n > 1), missing=len(expected - counts.keys()),
        acked_missing=len(acked_pairs - counts.keys()), unacked_recorded=len(counts.keys() - acked_pairs))


def _server(folder: Path, name: str, env: dict[str, str]) -> StreamlitServer:
    return StreamlitServer(APP, env=env, options={"server.fileWatcherType": "none"}, cwd=ROOT,
                           log=folder / f"{name}.log")


async def _scenario(urls: list[str], plan: Plan, question_ids: list[str], setup: Setup,
                    measures: Measures, teacher_tab: LiveSession) -> None:
    stop = asyncio.Event()
    lag = asyncio.create_task(_watch_loop_lag(measures, stop))
    ramp = max(2.0, plan.students / 20)
    arrivals = random.Random(setup.seed)
    tasks = [asyncio.create_task(student(i, urls[i % len(urls)], plan, question_ids,
                                         random.Random(setup.seed * 100_003 + i), measures,
                                         arrivals.uniform(0, ramp) if plan.students > 1 else 0.0))
             for i in range(plan.students)]
    tasks.append(asyncio.create_task(teacher(teacher_tab, plan, measures)))
    await asyncio.gather(*tasks)
    stop.set()
    await lag


def run_level(servers: int, students: int, questions: int, setup: Setup) -> LevelResult:
    """Fresh servers on ``setup.database_url`` (a fresh database); the whole scenario; the database check."""
    from quiz_app.store import Store, teachers
    from quiz_app.store import classroom as rooms

    store = Store.open(setup.database_url)  # migrates before the servers start
    try:
        teacher_info = teachers.add(store, TEACHER_NAME, TEACHER_PASSWORD)
        pack_id, question_ids = pick_questions(setup.bank, questions)
        warm = rooms.create(store, teacher_info.id, WARM_TITLE, pack_id, question_ids[:1], "live")
        quiz = rooms.create(store, teacher_info.id, QUIZ_TITLE, pack_id, question_ids, "live")
        env = {"DATABASE_URL": setup.database_url, "QUIZ_APP_BANK": str(setup.bank)}
        with contextlib.ExitStack() as stack:
            started = []
            for number in range(servers):
                server = _server(setup.folder, f"server-{number + 1}", env)
                stack.callback(server.stop)
                started.append(server.launch())
            for server in started:
                server.wait_ready(120)
            urls = [server.url for server in started]

            async def prepare() -> LiveSession:
                for url in urls:
                    await _warm_up(url, warm.code, store, warm.id, teacher_info.id, setup.timeout)
                return await teacher_login(urls[0], quiz.code, setup.timeout)

            async def run() -> tuple[Measures, float, list[float], float | None, float]:
                teacher_tab = await prepare()
                gc.collect()
                gc.freeze()  # a full collection of the client's heap mid-run would show up as latency
                await asyncio.sleep(1.0)
                teacher_tab.fragment_runs.clear()  # refreshes from here on count
                measures = Measures()
                plan = Plan.make(quiz.code, questions, students, setup.timeout)
                cpu_before = [s.cpu_seconds() or 0.0 for s in started]
                db_before, client_before, clock = setup.db_cpu(), time.process_time(), time.perf_counter()
                await _scenario(urls, plan, question_ids, setup, measures, teacher_tab)
                elapsed = time.perf_counter() - clock
                server_cpu = [((server.cpu_seconds() or 0.0) - before) / elapsed
                              for server, before in zip(started, cpu_before, strict=True)]
                db_after = setup.db_cpu()
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
        integrity = check_database(store, quiz.id, question_ids, measures.acked)
    finally:
        store.close()
    return LevelResult(servers, students, questions, measures, integrity, elapsed, server_cpu, db_cpu,
                       client_cpu, notes)


# ------------------------------------------------------------------------------------ reporting


def _ms(values: list[float], fraction: float) -> str:
    return "-" if not values else f"{percentile(values, fraction) * 1000:.0f}"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


LATENCY_HEADER = (f"{'servers':>7} {'students':>8} | {'join p50':>8} {'p95':>6} | {'seen p50':>8} {'p95':>6} | "
                  f"{'ack p50':>7} {'p95':>6} {'max':>6} | {'reveal p50':>10} {'p95':>6} | "
                  f"{'refresh p50':>11} {'p95':>6} | {'dash lag max':>12} | {'poll p50':>8} {'p95':>6} | {'errors':>6}")
COUNT_HEADER = (f"{'servers':>7} {'students':>8} | {'expected':>8} {'recorded':>8} {'dup':>4} {'missing':>7} "
                f"{'acked-lost':>10} | {'server CPU':>12} {'postgres':>8} {'client':>6} {'loop lag p99/max':>16} | "
                f"{'wall s':>6}")


def latency_row(result: LevelResult) -> str:
    m = result.measures
    lag = f"{max(m.dash_lag) * 1000:.0f}" if m.dash_lag else "-"
    return (f"{result.servers:>7} {result.students:>8} | {_ms(m.join, .5):>8} {_ms(m.join, .95):>6} | "
            f"{_ms(m.seen, .5):>8} {_ms(m.seen, .95):>6} | {_ms(m.ack, .5):>7} {_ms(m.ack, .95):>6} "
            f"{_ms(m.ack, 1.0):>6} | {_ms(m.reveal, .5):>10} {_ms(m.reveal, .95):>6} | "
            f"{_ms(m.refresh, .5):>11} {_ms(m.refresh, .95):>6} | {lag:>12} | {_ms(m.polls, .5):>8} "
            f"{_ms(m.polls, .95):>6} | {len(m.errors):>6}")


def count_row(result: LevelResult) -> str:
    i, m = result.integrity, result.measures
    cpu = "+".join(_pct(c) for c in result.server_cpu)
    lag = f"{_ms(m.loop_lag, .99)}/{_ms(m.loop_lag, 1.0)} ms"
    return (f"{result.servers:>7} {result.students:>8} | {i.expected:>8} {i.recorded:>8} {i.duplicates:>4} "
            f"{i.missing:>7} {i.acked_missing:>10} | {cpu:>12} {_pct(result.db_cpu):>8} {_pct(result.client_cpu):>6} "
            f"{lag:>16} | {result.elapsed:>6.0f}")


def detail_lines(result: LevelResult) -> list[str]:
    m = result.measures
    clicks: dict[str, list[float]] = {}
    for label, seconds in m.teacher_clicks:
        clicks.setdefault(label, []).append(seconds)
    teacher = ", ".join(f"{label} {max(v) * 1000:.0f}" for label, v in clicks.items())
    lines = [f"    {result.servers} server(s), {result.students} students: {len(m.polls)} student polls "
             f"({len(m.polls) / result.elapsed:.0f}/s), {len(m.refresh)} dashboard refreshes, ticks skipped behind a "
             f"click {m.skipped_ticks}, unanswered "
             f"{m.dropped_ticks}; teacher clicks max ms: {teacher}"]
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smoke run: 10 students, 2 questions")
    parser.add_argument("--levels", help="comma-separated class sizes (default 30,100,200; quick 10)")
    parser.add_argument("--servers", default="1,2", help="comma-separated server counts (default 1,2)")
    parser.add_argument("--questions", type=int, help="questions in the live quiz (default 5; quick 2)")
    parser.add_argument("--timeout", type=float, default=120.0, help="longest wait for any page, s (default 120)")
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("-v", "--verbose", action="store_true", help="print server log tails on errors")
    args = parser.parse_args(argv)
    levels = [int(n) for n in (args.levels or ("10" if args.quick else "30,100,200")).split(",")]
    server_counts = [int(n) for n in args.servers.split(",")]
    questions = args.questions or (2 if args.quick else 5)

    import streamlit

    from tests.support.postgres import PostgresServer, find_bindir

    bindir = find_bindir()
    if bindir is None:
        print("PostgreSQL server programs (initdb, pg_ctl) are needed: apt-get install postgresql", file=sys.stderr)
        return 2
    load = os.getloadavg()[0]
    print(f"command: {shlex.join([sys.executable, *sys.argv])}")
    print(f"machine: {os.cpu_count()} CPUs, load average {load:.2f} at start; Python {sys.version.split()[0]}, "
          f"streamlit {streamlit.__version__}; PostgreSQL {bindir.parent.name}")
    pack_id, question_ids = pick_questions(SHIPPED_BANK, questions)
    print(f"quiz: {questions} questions of question_bank/{pack_id} ({', '.join(question_ids)}), live, no timer")
    print("The client (every student and the teacher, one asyncio process) runs on the same 2 cores as the servers "
          "and PostgreSQL: its CPU share and event loop lag are shown in the second table.")
    print("join: click Join -> waiting room. seen: teacher's Start/Next click -> the student's page shows the question "
          "(2 s poll). ack: click Submit answer -> 'Answer received'. reveal: teacher's Reveal click -> the student's "
          "page shows the correct answer (2 s poll). refresh: dashboard fragment timer tick -> its "
          "script_finished. dash lag: last ack -> dashboard shows 'Answered N / N'. poll: a student's 2 s fragment "
          "tick -> script_finished. Times in ms, nearest-rank percentiles.")
    print(flush=True)

    results: list[LevelResult] = []
    postgres = PostgresServer.start(bindir)
    try:
        db_cpu = postgres_cpu(postgres.folder / "data")
        for servers in server_counts:
            for level in levels:
                with tempfile.TemporaryDirectory(prefix="bench-classroom-") as tmp:
                    setup = Setup(postgres.create_database(), folder=Path(tmp), db_cpu=db_cpu, timeout=args.timeout,
                                  seed=args.seed + level, verbose=args.verbose)
                    result = run_level(servers, level, questions, setup)
                    if args.verbose and result.measures.errors:
                        for log in sorted(Path(tmp).glob("*.log")):
                            print(f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}", file=sys.stderr)
                results.append(result)
                print(f"done: {servers} server(s), {level} students in {result.elapsed:.0f} s, "
                      f"{len(result.measures.errors)} errors", flush=True)
    finally:
        postgres.stop()

    print()
    print(LATENCY_HEADER)
    for result in results:
        print(latency_row(result))
    print()
    print(COUNT_HEADER)
    for result in results:
        print(count_row(result))
    print()
    for result in results:
        for line in detail_lines(result):
            print(line)

    targets = Targets()

    for result in results:
        m, i = result.measures, result.integrity
        where = f"{result.servers} server(s), {result.students} students"
        if result.students == TARGET_CLASS:
            p95 = percentile(m.ack, 0.95) if m.ack else float("inf")
            targets.check(p95 < TARGET_P95 and len(m.ack) == result.students * questions,
                          f"{where}: answer-ack p95 < {TARGET_P95:g} s: {p95 * 1000:.0f} ms "
                          f"({len(m.ack)} of {result.students * questions} answers acknowledged)")
        complete = i.expected == result.students * questions
        once = i.exactly_once and complete
        text = (f"{where}: every answer recorded exactly once: {i.recorded} recorded of {i.expected} expected "
                f"({i.players} players), {i.duplicates} duplicates, {i.missing} missing, {i.acked_missing} "
                "acknowledged but not stored")
        if result.students == TARGET_ONCE:
            targets.check(once, text)
        elif not once:
            targets.check(False, text)
        if m.errors:
            targets.check(False, f"{where}: {len(m.errors)} errors (first: {m.errors[0][:200]})")
    if not any(r.students in (TARGET_CLASS, TARGET_ONCE) for r in results):
        print(f"  (no level of {TARGET_CLASS} or {TARGET_ONCE} students ran: targets not judged)")
    return 0 if targets.ok else 1


if __name__ == "__main__":
    sys.exit(main())
