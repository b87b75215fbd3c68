"""What one pushed rerun of a live page costs the server, per phase, beside a bare Streamlit app's rerun.

Run from the repository root (nothing else heavy should run on the machine meanwhile)::

    .venv/bin/python benchmarks/profile_live.py                        # 40 reruns per phase, SQLite
    .venv/bin/python benchmarks/profile_live.py --profile /tmp/live.prof --phases question

A pushed update is a full rerun of each watching page (``quiz_app/ui/live_push.py``), one after
another in one process, so a class of N waits about N times this cost for its last page. The app
runs under ``benchmarks/timed_streamlit.py`` (every script run timed in the server: wall and thread
CPU of ``ScriptRunner._run_script``) on a fresh SQLite database with the shipped bank; one student
page (``benchmarks/stclient.py``) is rerun ``--reruns`` times in each phase of a live quiz (lobby,
question, answered, reveal, leaderboard), one rerun at a time, and so is the bare app
(``benchmarks/bare_app.py``: the floor, Streamlit's own cost of a rerun). The teacher's actions
are made from this process, so each waits for the server's safety poll to hear of it.
"""

from __future__ import annotations

import argparse
import asyncio
import pstats
import random
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.bench_load import APP, BARE, fill_answer, percentile  # noqa: E402
from benchmarks.profile_clicks import _runs, timed_server  # noqa: E402
from benchmarks.stclient import Session  # noqa: E402

PHASES = ("lobby", "question", "answered", "reveal", "leaderboard")


async def _rerun_many(tab: Session, times: Path, reruns: int) -> list[tuple[float, float]]:
    await asyncio.sleep(0.1)
    _, seen = _runs(times, 0)
    measured: list[tuple[float, float]] = []
    for _ in range(reruns):
        await tab.rerun()
        await asyncio.sleep(0.03)  # the server logs a run just after sending its end
        runs, seen = _runs(times, seen)
        measured.append((sum(r[0] for r in runs), sum(r[1] for r in runs)))
    return measured


async def _floor(url: str, times: Path, reruns: int) -> dict[str, list[tuple[float, float]]]:
    async with Session(url) as tab:
        await tab.open()
        return {"bare app": await _rerun_many(tab, times, reruns)}


async def _live(url: str, database: str, times: Path, reruns: int,
                phases: set[str]) -> dict[str, list[tuple[float, float]]]:
    from quiz_app.store import Store, teachers
    from quiz_app.store import classroom as rooms

    store = Store.open(database)
    teacher = teachers.add(store, "Bench Teacher", "a long enough password")
    quiz = rooms.create(store, teacher.id, "Profile", "kazakhstan-2022",
                        ["kz22-actors-president", "kz22-actors-tf-successor"], "live")
    measured: dict[str, list[tuple[float, float]]] = {}
    async with Session(url) as tab:
        await tab.open(f"code={quiz.code}", page="classroom")
        tab.set_value(tab.get("text_input", label="Nickname"), "Bench")
        await tab.click(label="Join")
        if "lobby" in phases:
            measured["student: lobby"] = await _rerun_many(tab, times, reruns)
        await _act(tab, store, quiz.id, teacher.id, "start")
        if "question" in phases:
            measured["student: question"] = await _rerun_many(tab, times, reruns)
        fill_answer(tab, random.Random(1))
        await tab.click(label="Submit answer")
        if "answered" in phases:
            measured["student: answered"] = await _rerun_many(tab, times, reruns)
        await _act(tab, store, quiz.id, teacher.id, "reveal")
        if "reveal" in phases:
            measured["student: reveal"] = await _rerun_many(tab, times, reruns)
        await _act(tab, store, quiz.id, teacher.id, "leaderboard")
        if "leaderboard" in phases:
            measured["student: leaderboard"] = await _rerun_many(tab, times, reruns)
    store.close()
    return measured


async def _act(tab: Session, store: object, quiz_id: int, teacher_id: int, action: str) -> None:
    """The teacher's action, from this process: the server hears of it by its safety poll (SQLite)."""
    from quiz_app.store import classroom as rooms
    from quiz_app.store.live_events import SQLITE_POLL_SECONDS

    rooms.act(store, quiz_id, teacher_id, action)  # type: ignore[arg-type]
    await asyncio.sleep(SQLITE_POLL_SECONDS + 0.5)  # the page is pushed; what it drew is what we rerun
    await tab.rerun()


def measure(app: str, reruns: int, phases: set[str], profile: Path | None) -> dict[str, list[tuple[float, float]]]:
    with tempfile.TemporaryDirectory() as folder:
        times = Path(folder) / "runs.txt"
        database = f"sqlite:///{folder}/bench.sqlite3"
        env = {"TIMED_STREAMLIT_OUT": str(times), "DATABASE_URL": database,
               "QUIZ_APP_BANK": str(ROOT / "question_bank")}
        if profile is not None:
            env["TIMED_STREAMLIT_PROFILE"] = str(profile)
        server = timed_server(BARE if app == "floor" else APP, env=env, cwd=ROOT, log=Path(folder) / "server.log",
                              options={"server.fileWatcherType": "none"}).start()
        try:
            if app == "floor":
                return asyncio.run(_floor(server.url, times, reruns))
            return asyncio.run(_live(server.url, database, times, reruns, phases))
        finally:
            server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reruns", type=int, default=40, help="reruns per phase (default 40)")
    parser.add_argument("--phases", default=",".join(PHASES), help=f"comma-separated, of: {', '.join(PHASES)}")
    parser.add_argument("--profile", type=Path, help="write cProfile stats of the live page's runs here")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args(argv)
    print("command:", " ".join([Path(sys.executable).name, *sys.argv]))
    results = {**measure("floor", args.reruns, set(), None),
               **measure("quiz", args.reruns, set(args.phases.split(",")), args.profile)}
    print(f"\none rerun, server script time (ms), {args.reruns} reruns each")
    print(f"  {'page':24} {'wall p50':>9} {'wall p90':>9} {'CPU p50':>8} {'CPU p90':>8} {'x floor':>8}")
    floor = statistics.median(c for _, c in results["bare app"])
    for name, runs in results.items():
        walls, cpus = [w for w, _ in runs], [c for _, c in runs]
        print(f"  {name:24} {statistics.median(walls):9.1f} {percentile(walls, 0.9):9.1f} "
              f"{statistics.median(cpus):8.1f} {percentile(cpus, 0.9):8.1f} {statistics.median(cpus) / floor:8.1f}")
    if args.profile is not None and args.profile.exists():
        print(f"\ncProfile of the live page's runs, by cumulative time: {args.profile}")
        pstats.Stats(str(args.profile)).sort_stats("cumulative").print_stats(args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
