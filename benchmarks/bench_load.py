"""Load benchmark: simulated students on a real ``streamlit run`` server, against a one-button floor.

Run from the repository root (nothing else heavy should run on the machine meanwhile)::

    .venv/bin/python benchmarks/bench_load.py              # full run, about 17 minutes
    .venv/bin/python benchmarks/bench_load.py --search     # also find the largest class (longer)
    .venv/bin/python benchmarks/bench_load.py --quick      # smoke run, about 4 minutes
    .venv/bin/python benchmarks/bench_load.py --levels 1,50 --duration 30 --skip-cost

Every simulated student is one websocket session (benchmarks/stclient.py) in this process's
asyncio loop. A quiz student opens the app, starts a quiz ("quiz-count", "start-quiz"), then
answers each question through its widgets (a random option, a typed word; ordering questions are
submitted as shown), clicks "Submit answer", then "Next question" / "See my results", and "New quiz"
at the end, waiting a think time of 2-8 s (uniform) before every click. A floor student opens
benchmarks/bare_app.py and clicks its one button with the same think times. Click-to-result is
the time from sending the rerun to receiving the ``script_finished`` that ends its run chain.
Every server runs from the repository root (so with its .streamlit/config.toml) on a fresh
temporary SQLite database, with ``--server.fileWatcherType=none`` (``--watch-files`` keeps the
watcher): an edit to the work tree during a run must not unload modules in the server.

1. Class load: for each level, the floor and the quiz (shipped pack), each on a fresh server.
   Students arrive at random moments during the first ``--ramp`` seconds (longer for big classes,
   at most 20 a second); clicks sent during the next ``--duration`` seconds are counted. CPU
   shares are of one core, over the whole level. ``--search`` then looks for the largest class
   whose p95 stays under 1 s (doubling past the largest passing level, then bisecting).
2. Per-click cost: five servers at once: the floor; the quiz on the shipped pack and on a synthetic
   10,000-question pack (benchmarks/bench_bank.py), each with ``--runner.postScriptGC=false`` and
   ``=true``. One student per server; the clicks go round-robin over the servers with 0.4-0.8 s
   between clicks (each server is idle about 3 s between its clicks), so a change of background
   load on the shared machine hits every case alike. CPU ms/click is the server's CPU time from
   each click's send to 50 ms after its result.

It prints both tables, the targets with PASS/FAIL and the largest class whose p95 stayed under 1 s,
and exits with status 1 if a target failed or a click went wrong.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import os
import random
import shlex
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.stclient import Element, RunResult, Session, StreamlitServer  # noqa: E402
from benchmarks.targets import Targets  # noqa: E402

APP = ROOT / "quiz_app" / "server.py"
BARE = ROOT / "benchmarks" / "bare_app.py"
SHIPPED_BANK = ROOT / "question_bank"
FEEDBACK = ("Correct!", "Not quite.", "Partly right")
APP_ERROR = "Something went wrong"
TARGET_SINGLE_RATIO = 1.5  # one student's p50 vs the floor's
TARGET_CLASS = 100  # students whose p95 must stay under TARGET_P95
TARGET_P95 = 1.0  # seconds
TARGET_BIG_PACK_RATIO = 1.2  # 10,000-question pack's p50 vs the shipped pack's


class StudentError(RuntimeError):
    """The page was not what a student expected (the app or the client misbehaved)."""


# ------------------------------------------------------------------------------- quiz driving


def feedback_shown(tab: Session) -> str | None:
    """The verdict on the page after a submit ("Correct!", "Not quite.", "Partly right..."), if any."""
    for element in tab.find("alert"):
        if element.text.startswith(FEEDBACK):
            return element.text
    return None


def fill_answer(tab: Session, rng: random.Random) -> str:
    """Answer the question on the page with random choices through its widgets; return what was done.

    Single choice and true/false: one radio option; multiple select: a random non-empty set of
    checkboxes; matching: a random entry in every selectbox; short answer: a typed word; ordering:
    nothing (submitted in the order shown). Values inside the answer form are sent on submit.
    """
    radios = tab.find("radio")
    checkboxes = [c for c in tab.find("checkbox") if c.form_id]
    selects = [s for s in tab.find("selectbox") if s.form_id]  # matching; ordering's places are outside the form
    texts = tab.find("text_input")
    if radios:
        for radio in radios:
            tab.set_value(radio, rng.randrange(len(radio.options)))
        return "radio"
    if checkboxes:
        chosen = rng.sample(checkboxes, rng.randint(1, len(checkboxes)))
        for box in chosen:
            tab.set_value(box, True)
        return "checkbox"
    if selects:
        for select in selects:
            tab.set_value(select, rng.randrange(len(select.options)))
        return "selectbox"
    if texts:
        tab.set_value(texts[0], rng.choice(["Zhanaozen", "Almaty", "Astana", "Aktau"]))
        return "text"
    return "ordering"


def _button(tab: Session, *labels: str, key: str | None = None) -> Element | None:
    for element in tab.find("button", key=key):
        if (key is not None or element.label in labels) and not element.disabled:
            return element
    return None


Action = tuple[str, Callable[[], Awaitable[RunResult | None]]]


def next_action(tab: Session, rng: random.Random, questions: int) -> Action:
    """What a student does next on the page shown: (kind of click, coroutine function doing it)."""
    if start := _button(tab, key="start-quiz"):
        count = next(iter(tab.find("number_input", key="quiz-count")), None)
        if count is not None and tab.sent_value(count) is None:
            wanted = max(int(count.proto.min), min(questions, int(count.proto.max)))
            if wanted != int(count.proto.default):
                return "count", lambda: tab.set(count, wanted)
        return "start", lambda: tab.click(start)
    if feedback_shown(tab):
        if button := _button(tab, "Next question"):
            return "next", lambda: tab.click(button)
        if button := _button(tab, "See my results"):
            return "results", lambda: tab.click(button)
    if button := _button(tab, "Submit answer"):
        fill_answer(tab, rng)
        return "submit", lambda: tab.click(button)
    if button := _button(tab, key="new-quiz"):
        return "new", lambda: tab.click(button)
    raise StudentError("unexpected page:\n" + tab.text())


def check_page(tab: Session, kind: str, result: RunResult | None) -> None:
    """Raise StudentError if the click went wrong (an error on the page, no verdict after a submit)."""
    if result is not None and result.errors:
        raise StudentError(f"{kind}: {result.errors}")
    text = tab.text()
    if APP_ERROR in text:
        raise StudentError(f"{kind}: the app showed an error:\n{text}")
    if kind == "submit" and not feedback_shown(tab):
        raise StudentError(f"submit: no verdict on the page:\n{text}")


# ------------------------------------------------------------------------------------ students


@dataclass
class Click:
    kind: str
    sent: float  # seconds since the level started
    seconds: float  # click-to-result
    bytes: int
    messages: int


@dataclass
class Record:
    clicks: list[Click] = field(default_factory=list)
    opens: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class Clock:
    start: float
    stop_at: float  # seconds since start: no click is sent after this

    def now(self) -> float:
        return time.perf_counter() - self.start


async def _click(record: Record, clock: Clock, kind: str,
                 action: Callable[[], Awaitable[RunResult | None]]) -> RunResult | None:
    sent = clock.now()
    result = await action()
    if result is not None:
        record.clicks.append(Click(kind, sent, result.seconds, result.bytes, result.messages))
    return result


async def student(url: str, app: str, rng: random.Random, clock: Clock, record: Record, *,
                  delay: float, think: tuple[float, float], questions: int, clicks: int | None = None) -> None:
    """One simulated student: open the app after ``delay`` s, then click with think times until the clock stops."""
    await asyncio.sleep(delay)
    tab = Session(url, timeout=120)
    done = 0
    try:
        await tab.connect()
        opened = await tab.open()
        record.opens.append(opened.seconds)
        check_page(tab, "open", opened)
        while clicks is None or done < clicks:
            if app == "floor":
                kind, action = "click", (lambda: tab.click(key="click"))
            else:
                kind, action = next_action(tab, rng, questions)
            await asyncio.sleep(rng.uniform(*think))
            if clock.now() >= clock.stop_at:
                break
            result = await _click(record, clock, kind, action)
            check_page(tab, kind, result)
            if app == "floor" and "Clicked." not in tab.text():
                raise StudentError("the floor app did not show its result")
            done += 1
    except Exception as error:  # one broken student must not stop the class; the run reports it
        record.errors.append(f"{type(error).__name__}: {error}".strip()[:500])
    finally:
        await tab.close()


# ------------------------------------------------------------------------------------ scenarios


@dataclass
class Scenario:
    name: str
    app: str  # "floor" or "quiz"
    bank: Path | None = None  # QUIZ_APP_BANK
    options: dict[str, str] = field(default_factory=dict)  # command-line config options


@dataclass
class Result:
    scenario: Scenario
    students: int
    window: float
    record: Record
    server_cpu: float | None
    client_cpu: float

    def times(self) -> list[float]:
        return [c.seconds for c in self.record.clicks]


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (no interpolation): an observed value."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, int(-(-fraction * len(ordered) // 1)))
    return ordered[min(rank, len(ordered)) - 1]


async def _run_students(url: str, scenario: Scenario, students: int, args: argparse.Namespace, *,
                        ramp: float, window: float, think: tuple[float, float], seed: int) -> tuple[Record, float]:
    record = Record()
    clock = Clock(time.perf_counter(), ramp + window)
    tasks = [
        asyncio.create_task(student(url, scenario.app, random.Random(seed * 100_003 + i), clock, record,
                                    delay=random.Random(seed + i).uniform(0, ramp) if students > 1 else 0.0,
                                    think=think, questions=args.questions))
        for i in range(students)
    ]
    await asyncio.gather(*tasks)
    return record, clock.now()


def _environment(scenario: Scenario, folder: Path) -> dict[str, str]:
    env = {"DATABASE_URL": f"sqlite:///{folder / 'load.sqlite3'}"}
    if scenario.bank is not None:
        env["QUIZ_APP_BANK"] = str(scenario.bank)
    return env


def _warm_up(url: str, scenario: Scenario, args: argparse.Namespace) -> None:
    """One student through a start, a submit and a next: loads the bank and migrates the database."""
    record = Record()
    clock = Clock(time.perf_counter(), 1e9)
    clicks = 2 if scenario.app == "floor" else 5
    asyncio.run(student(url, scenario.app, random.Random(1), clock, record, delay=0, think=(0.1, 0.2),
                        questions=args.questions, clicks=clicks))
    if record.errors:
        raise RuntimeError(f"warm-up of {scenario.name} failed: {record.errors[0]}")


def _settle_client_gc() -> None:
    """Collect now and freeze what survives: a full collection of this process's heap (streamlit is
    imported for its protos) would otherwise pause the client's event loop for tens of ms mid-run and
    show up as server latency."""
    gc.collect()
    gc.freeze()


def ramp_for(students: int, args: argparse.Namespace) -> float:
    """Students arrive over at least ``--ramp`` s, and at most 20 a second (a class does not click "open" at once)."""
    return max(args.ramp, students / 20)


def _server(scenario: Scenario, folder: Path, args: argparse.Namespace) -> StreamlitServer:
    script = BARE if scenario.app == "floor" else APP
    options = dict(scenario.options)
    if not args.watch_files:  # edits to the work tree must not reload modules mid-run
        options = {"server.fileWatcherType": "none", **options}
    return StreamlitServer(script, env=_environment(scenario, folder), options=options, cwd=ROOT,
                           log=folder / "server.log")


def _server_failed(server: StreamlitServer, folder: Path, record: Record, verbose: bool) -> None:
    if server.process is not None and server.process.poll() is not None:
        record.errors.append(f"server exited with {server.process.returncode}")
    if record.errors and verbose:
        print((folder / "server.log").read_text(errors="replace")[-3000:], file=sys.stderr)


def run_level(scenario: Scenario, students: int, args: argparse.Namespace) -> Result:
    """A fresh server and database; ``students`` students; the clicks sent in the measured window."""
    ramp, window, think = ramp_for(students, args), args.duration, (args.think_min, args.think_max)
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp, _server(scenario, Path(tmp), args) as server:
        _warm_up(server.url, scenario, args)
        _settle_client_gc()
        time.sleep(0.5)
        server_before, client_before = server.cpu_seconds(), time.process_time()
        record, elapsed = asyncio.run(_run_students(server.url, scenario, students, args, ramp=ramp, window=window,
                                                    think=think, seed=args.seed + students))
        server_after, client_after = server.cpu_seconds(), time.process_time()
        _server_failed(server, Path(tmp), record, args.verbose)
    record.clicks = [c for c in record.clicks if ramp <= c.sent < ramp + window]
    # CPU shares cover the whole level (ramp-up included), as a share of one core
    server_cpu = None if server_before is None or server_after is None else (server_after - server_before) / elapsed
    return Result(scenario, students, window, record, server_cpu, (client_after - client_before) / elapsed)


@dataclass
class CostCase:
    scenario: Scenario
    server: StreamlitServer
    folder: Path
    record: Record = field(default_factory=Record)
    cpu: float = 0.0  # server CPU seconds summed over the clicks (from send to 50 ms after the result)
    tab: Session | None = None


async def _open_case(case: CostCase) -> None:
    if case.tab is not None:
        await case.tab.close()
    case.tab = Session(case.server.url, timeout=120)
    await case.tab.connect()
    opened = await case.tab.open()
    check_page(case.tab, "open", opened)


async def _interleave(cases: list[CostCase], args: argparse.Namespace) -> float:
    """One student per server; clicks go round-robin over the servers, so background load hits all alike."""
    rng = random.Random(args.seed)
    clock = Clock(time.perf_counter(), 1e12)
    for case in cases:
        await _open_case(case)
    for round_number in range(args.cost_clicks):
        shift = round_number % len(cases)
        for case in cases[shift:] + cases[:shift]:
            tab = case.tab
            assert tab is not None
            try:
                if case.scenario.app == "floor":
                    kind, action = "click", (lambda tab=tab: tab.click(key="click"))
                else:
                    kind, action = next_action(tab, rng, args.questions)
                await asyncio.sleep(rng.uniform(0.4, 0.8))
                before = case.server.cpu_seconds() or 0.0
                result = await _click(case.record, clock, kind, action)
                await asyncio.sleep(0.05)  # let the server finish the run's bookkeeping before reading its CPU
                case.cpu += (case.server.cpu_seconds() or 0.0) - before
                check_page(tab, kind, result)
            except Exception as error:  # note it, and carry on with a fresh tab
                case.record.errors.append(f"{type(error).__name__}: {error}".strip()[:500])
                await _open_case(case)
    for case in cases:
        if case.tab is not None:
            await case.tab.close()
    return clock.now()


def run_cost(scenarios: list[Scenario], args: argparse.Namespace) -> list[Result]:
    """Every scenario on its own fresh server, all up at once; one student each, clicks interleaved."""
    with tempfile.TemporaryDirectory(prefix="bench-cost-") as tmp, contextlib.ExitStack() as stack:
        cases = []
        for index, scenario in enumerate(scenarios):
            folder = Path(tmp) / str(index)
            folder.mkdir()
            server = stack.enter_context(_server(scenario, folder, args))
            _warm_up(server.url, scenario, args)
            cases.append(CostCase(scenario, server, folder))
        _settle_client_gc()
        time.sleep(0.5)
        client_before = time.process_time()
        elapsed = asyncio.run(_interleave(cases, args))
        client_cpu = (time.process_time() - client_before) / elapsed
        for case in cases:
            _server_failed(case.server, case.folder, case.record, args.verbose)
    return [Result(case.scenario, 1, elapsed, case.record, case.cpu / elapsed, client_cpu) for case in cases]


# ------------------------------------------------------------------------------------- reporting


def _ms(value: float) -> str:
    return "-" if value != value else f"{value * 1000:.1f}"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


def class_row(result: Result) -> str:
    times = result.times()
    return (f"{result.scenario.name:<24} {result.students:>8} {len(times):>7} {len(times) / result.window:>9.2f} "
            f"{_ms(percentile(times, 0.5)):>8} {_ms(percentile(times, 0.95)):>8} "
            f"{_ms(max(times, default=float('nan'))):>8} "
            f"{len(result.record.errors):>6} {_pct(result.server_cpu):>10} {_pct(result.client_cpu):>10}")


CLASS_HEADER = (f"{'app':<24} {'students':>8} {'clicks':>7} {'clicks/s':>9} {'p50 ms':>8} {'p95 ms':>8} "
                f"{'max ms':>8} {'errors':>6} {'server CPU':>10} {'client CPU':>10}")


def cost_row(result: Result, reference: Result | None, reference_name: str) -> str:
    times = result.times()
    clicks = result.record.clicks
    p50 = percentile(times, 0.5)
    ratio = ""
    if reference is not None:
        ratio = f"{p50 / percentile(reference.times(), 0.5):.2f}x {reference_name}"
    kib = statistics.fmean(c.bytes for c in clicks) / 1024 if clicks else float("nan")
    cpu = float("nan") if result.server_cpu is None or not clicks else result.server_cpu * result.window / len(clicks)
    return (f"{result.scenario.name:<34} {len(times):>6} {_ms(p50):>8} {_ms(percentile(times, 0.95)):>8} "
            f"{_ms(cpu):>12} {kib:>9.1f} {len(result.record.errors):>6}  {ratio}")


COST_HEADER = (f"{'case':<34} {'clicks':>6} {'p50 ms':>8} {'p95 ms':>8} {'CPU ms/click':>12} {'KiB/click':>9} "
               f"{'errors':>6}  ratio")


def kinds_line(result: Result) -> str:
    by_kind: dict[str, list[float]] = {}
    for click in result.record.clicks:
        by_kind.setdefault(click.kind, []).append(click.seconds)
    if result.record.opens:
        by_kind["(page open)"] = result.record.opens
    return "  ".join(f"{kind} {_ms(percentile(v, 0.5))} (n={len(v)})" for kind, v in sorted(by_kind.items()))


def _bank_description(bank: Path) -> tuple[str, int]:
    from quiz_app.bank import load_bank

    loaded = load_bank([bank])
    count = sum(len(pack.questions_by_id) for pack in loaded.packs.values())
    return ", ".join(loaded.packs), count


def _shipped_bank(folder: Path) -> tuple[Path, str]:
    """The shipped bank if it loads, else a copy of the tests' sample pack (and say so)."""
    try:
        packs, count = _bank_description(SHIPPED_BANK)
        return SHIPPED_BANK, f"question_bank/ ({packs}: {count} questions)"
    except Exception as error:
        from tests.support.sample import write_sample_pack

        write_sample_pack(folder / "sample-bank")
        packs, count = _bank_description(folder / "sample-bank")
        reason = str(error).splitlines()[0][:120]
        return folder / "sample-bank", (f"SAMPLE pack from tests/support/sample.py ({count} questions): "
                                        f"question_bank/ did not load ({reason})")


def _big_bank(folder: Path, questions: int) -> Path:
    try:
        from benchmarks.bench_bank import write_pack
    except ImportError as error:
        raise SystemExit(f"benchmarks/bench_bank.py (write_pack) is needed for the big pack: {error}") from error
    write_pack(folder / "big-bank" / "bench-pack", questions=questions)
    return folder / "big-bank"


def _gc(value: bool) -> dict[str, str]:
    return {"runner.postScriptGC": "true" if value else "false"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: levels 1,20, 15 s windows after a 5 s ramp-up, 15 cost clicks")
    parser.add_argument("--levels", help="comma-separated class sizes (default 1,20,100,200; quick 1,20)")
    parser.add_argument("--duration", type=float, help="measured seconds per level (default 60; quick 15)")
    parser.add_argument("--ramp", type=float, help="seconds over which students arrive (default 10; quick 5)")
    parser.add_argument("--think-min", type=float, default=2.0)
    parser.add_argument("--think-max", type=float, default=8.0)
    parser.add_argument("--questions", type=int, default=10, help="questions per quiz (default 10)")
    parser.add_argument("--cost-clicks", type=int, help="clicks per per-click cost case (default 80; quick 15)")
    parser.add_argument("--big-pack", type=int, default=10_000, help="questions in the synthetic pack")
    parser.add_argument("--skip-floor", action="store_true", help="no floor in the class-load table")
    parser.add_argument("--skip-cost", action="store_true", help="no per-click cost table")
    parser.add_argument("--skip-class", action="store_true", help="no class-load table (per-click cost only)")
    parser.add_argument("--search", action="store_true",
                        help="after the levels, find the largest passing class: double past the largest passing "
                             "level until one fails, then bisect")
    parser.add_argument("--search-step", type=int, default=25, help="resolution of --search in students")
    parser.add_argument("--search-max", type=int, default=1600, help="largest class --search tries")
    parser.add_argument("--watch-files", action="store_true",
                        help="keep Streamlit's file watcher (default: --server.fileWatcherType=none on every server)")
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("-v", "--verbose", action="store_true", help="per-kind medians; server log on errors")
    args = parser.parse_args(argv)
    default_levels = "1,20" if args.quick else "1,20,100,200"
    levels = [] if args.skip_class else [int(n) for n in (args.levels or default_levels).split(",")]
    args.duration = args.duration or (15.0 if args.quick else 60.0)
    args.ramp = args.ramp if args.ramp is not None else (5.0 if args.quick else 10.0)
    args.cost_clicks = args.cost_clicks or (15 if args.quick else 80)

    import streamlit

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"command: {shlex.join([sys.executable, *sys.argv])}")
    print(f"machine: {os.cpu_count()} CPUs, load average {load:.2f} at start; Python "
          f"{sys.version.split()[0]}, streamlit {streamlit.__version__}; server and client on the same machine")
    failed_clicks = False
    with tempfile.TemporaryDirectory(prefix="bench-load-banks-") as tmp:
        shipped, shipped_text = _shipped_bank(Path(tmp))
        print(f"shipped pack: {shipped_text}")
        print(f"class load: think {args.think_min:g}-{args.think_max:g} s; students arrive over {args.ramp:g} s "
              f"(students/20 s if longer); clicks sent in the next {args.duration:g} s are counted; "
              f"{args.questions} questions per quiz; server and client CPU as a share of one core")
        print(flush=True)
        floor = Scenario("floor (bare_app)", "floor")
        quiz = Scenario("quiz (shipped pack)", "quiz", shipped)

        if levels:
            print(CLASS_HEADER, flush=True)
        class_results: dict[tuple[str, int], Result] = {}
        for level in levels:
            for scenario in ([] if args.skip_floor else [floor]) + [quiz]:
                result = run_level(scenario, level, args)
                class_results[(scenario.app, level)] = result
                print(class_row(result), flush=True)
                if args.verbose:
                    print(f"    {kinds_line(result)}", flush=True)
                    for error in result.record.errors[:3]:
                        print(f"    error: {error}", flush=True)
                failed_clicks |= bool(result.record.errors)

        def passes(result: Result) -> bool:
            return not result.record.errors and percentile(result.times(), 0.95) < TARGET_P95

        quiz_levels = sorted(level for app, level in class_results if app == "quiz")
        passing = [n for n in quiz_levels if all(passes(class_results[("quiz", m)]) for m in quiz_levels if m <= n)]
        largest = max(passing, default=0)
        failing = [n for n in quiz_levels if n > largest]
        largest_text = f"{largest} (largest tested level)" if largest else "none of the tested levels"
        if args.search and quiz_levels and largest == quiz_levels[-1]:
            high = 0  # every level passed: double until one fails (or --search-max)
            while largest < args.search_max:
                probe = min(largest * 2, args.search_max)
                result = run_level(quiz, probe, args)
                print(class_row(result) + "   (search)", flush=True)
                failed_clicks |= bool(result.record.errors)
                if not passes(result):
                    high = probe
                    break
                largest = probe
            failing = [high] if high else []
        if args.search and failing:
            low, high = largest, failing[0]
            while high - low > args.search_step:
                middle = (low + high) // 2
                result = run_level(quiz, middle, args)
                print(class_row(result) + "   (search)", flush=True)
                failed_clicks |= bool(result.record.errors)
                low, high = (middle, high) if passes(result) else (low, middle)
            largest = low
            largest_text = f"{low} (searched to within {args.search_step} students; {high} failed)"
        elif not failing and quiz_levels:
            more = "; searched up to --search-max" if args.search else ""
            largest_text = f"{largest} or more (largest tested level; none failed{more})"

        cost: dict[str, Result] = {}
        if not args.skip_cost:
            big = _big_bank(Path(tmp), args.big_pack)
            cases = {
                "floor": Scenario("floor (bare_app)", "floor"),
                "shipped-off": Scenario("quiz, shipped, postScriptGC=false", "quiz", shipped, _gc(False)),
                "shipped-on": Scenario("quiz, shipped, postScriptGC=true", "quiz", shipped, _gc(True)),
                "big-off": Scenario(f"quiz, {args.big_pack:,} q, postScriptGC=false", "quiz", big, _gc(False)),
                "big-on": Scenario(f"quiz, {args.big_pack:,} q, postScriptGC=true", "quiz", big, _gc(True)),
            }
            print()
            print(f"Per-click cost: one student per server, {args.cost_clicks} clicks each, the five servers' clicks "
                  "interleaved, think 0.4-0.8 s between clicks")
            print(COST_HEADER, flush=True)
            references = {"shipped-off": ("floor", "floor"), "shipped-on": ("shipped-off", "GC off"),
                          "big-off": ("shipped-off", "shipped"), "big-on": ("big-off", "GC off")}
            cost = dict(zip(cases, run_cost(list(cases.values()), args), strict=True))
            for key, result in cost.items():
                reference, name = references.get(key, (None, ""))
                print(cost_row(result, cost[reference] if reference else None, name), flush=True)
                if args.verbose:
                    print(f"    {kinds_line(result)}", flush=True)
                    for error in result.record.errors[:3]:
                        print(f"    error: {error}", flush=True)
                failed_clicks |= bool(result.record.errors)

    targets = Targets()

    def p50(result: Result) -> float:
        return percentile(result.times(), 0.5)

    if cost:
        ratio = p50(cost["shipped-off"]) / p50(cost["floor"])
        targets.check(ratio <= TARGET_SINGLE_RATIO, f"one student p50 <= {TARGET_SINGLE_RATIO}x floor: "
                      f"{_ms(p50(cost['shipped-off']))} ms vs {_ms(p50(cost['floor']))} ms = {ratio:.2f}x "
                      "(per-click cost table)")
    if ("quiz", 1) in class_results and ("floor", 1) in class_results:
        single, base = class_results[("quiz", 1)], class_results[("floor", 1)]
        print(f"         class table, 1 student: {_ms(p50(single))} ms vs {_ms(p50(base))} ms = "
              f"{p50(single) / p50(base):.2f}x (think 2-8 s, {len(single.times())} clicks)")
    if ("quiz", TARGET_CLASS) in class_results:
        result = class_results[("quiz", TARGET_CLASS)]
        targets.check(passes(result), f"{TARGET_CLASS} students p95 < {TARGET_P95:g} s: "
                      f"{_ms(percentile(result.times(), 0.95))} ms, {len(result.record.errors)} errors")
    if cost:
        ratio = p50(cost["big-off"]) / p50(cost["shipped-off"])
        targets.check(ratio <= TARGET_BIG_PACK_RATIO,
                      f"{args.big_pack:,}-question pack p50 <= {TARGET_BIG_PACK_RATIO}x shipped: "
                      f"{_ms(p50(cost['big-off']))} ms vs {_ms(p50(cost['shipped-off']))} ms = {ratio:.2f}x")
    targets.check(not failed_clicks, "no click went wrong")
    if levels:
        print(f"Largest class with p95 < {TARGET_P95:g} s: {largest_text}")
    if cost:
        print(f"runner.postScriptGC, p50 per click: shipped pack true {_ms(p50(cost['shipped-on']))} ms / "
              f"false {_ms(p50(cost['shipped-off']))} ms; {args.big_pack:,}-question pack true "
              f"{_ms(p50(cost['big-on']))} ms / false {_ms(p50(cost['big-off']))} ms")
    return 0 if targets.ok else 1


if __name__ == "__main__":
    sys.exit(main())
