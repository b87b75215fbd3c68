"""Where a click's time goes: click-to-result beside the server's own script-run time, per kind of click.

Run from the repository root (nothing else heavy should run on the machine meanwhile)::

    .venv/bin/python benchmarks/profile_clicks.py                      # floor and quiz, 60 clicks each
    .venv/bin/python benchmarks/profile_clicks.py --profile /tmp/quiz.prof   # also cProfile the quiz's runs

Each app runs under ``benchmarks/timed_streamlit.py`` (``streamlit run`` with every script run timed
in the server: wall and thread-CPU milliseconds of ``ScriptRunner._run_script``, which includes the
widget callbacks) on a fresh SQLite database. One student (``benchmarks/stclient.py``) clicks as in
``bench_load.py`` (start a quiz, answer, next, results, new quiz; the floor's one button) with
0.4-0.8 s between clicks. A click that calls ``st.rerun()`` counts both of its runs.

It prints, per kind of click, the p50 of click-to-result, of the server's script time and of
messages per click; then click-to-result by band of script time. Streamlit's server sends a
session's messages in flush cycles 5 ms apart (``MESSAGE_FLUSH_INTERVAL_SECS``), so click-to-result
rises in steps with script time: the bands show where the steps are on this machine.
"""

from __future__ import annotations

import argparse
import asyncio
import pstats
import random
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.bench_load import APP, BARE, check_page, next_action  # noqa: E402
from benchmarks.stclient import Session, StreamlitServer  # noqa: E402

LAUNCHER = ROOT / "benchmarks" / "timed_streamlit.py"
BANDS = (4.0, 6.0, 8.0, 12.0)  # ms of script time: upper bounds of the bands (the last is open)


def timed_server(script: Path, **options: Any) -> StreamlitServer:
    """A :class:`StreamlitServer` started through ``timed_streamlit.py`` instead of ``-m streamlit``."""
    server = StreamlitServer(script, **options)
    server.entry = [str(LAUNCHER)]
    return server


@dataclass
class Click:
    kind: str
    ms: float  # click-to-result, measured by the client
    script_ms: float  # wall time of the server's script run(s) for this click
    cpu_ms: float  # thread CPU time of those runs
    messages: int


def _runs(path: Path, seen: int) -> tuple[list[tuple[float, float]], int]:
    """(wall ms, CPU ms) of the runs logged after the first ``seen`` lines, and the new line count."""
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return [tuple(map(float, line.split()[:2])) for line in lines[seen:]], len(lines)  # type: ignore[misc]


async def _student(url: str, app: str, clicks: int, times: Path, seed: int) -> list[Click]:
    rng = random.Random(seed)
    result: list[Click] = []
    async with Session(url) as tab:
        check_page(tab, "open", await tab.open())
        await asyncio.sleep(0.3)
        _, seen = _runs(times, 0)
        for _ in range(clicks):
            if app == "floor":
                kind, action = "click", (lambda: tab.click(key="click"))
            else:
                kind, action = next_action(tab, rng, 10)
            await asyncio.sleep(rng.uniform(0.4, 0.8))
            run = await action()
            check_page(tab, kind, run)
            await asyncio.sleep(0.05)  # the server logs a run just after sending its end
            runs, seen = _runs(times, seen)
            if run is not None and runs:
                result.append(Click(kind, run.seconds * 1000, sum(r[0] for r in runs), sum(r[1] for r in runs),
                                    run.messages))
    return result


def measure(app: str, clicks: int, seed: int, profile: Path | None = None) -> list[Click]:
    """Start the app (``floor`` or ``quiz``) under the timing launcher and click ``clicks`` times."""
    with tempfile.TemporaryDirectory() as folder:
        times = Path(folder) / "runs.txt"
        env = {"TIMED_STREAMLIT_OUT": str(times), "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3"}
        if profile is not None:
            env["TIMED_STREAMLIT_PROFILE"] = str(profile)
        server = timed_server(BARE if app == "floor" else APP, env=env, cwd=ROOT, log=Path(folder) / "server.log",
                             options={"server.fileWatcherType": "none"}).start()
        try:
            return asyncio.run(_student(server.url, app, clicks, times, seed))
        finally:
            server.stop()


def _p50(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def report(app: str, clicks: list[Click]) -> None:
    """Print the per-kind table and the script-time bands for one app."""
    print(f"\n{app}: {len(clicks)} clicks")
    print(f"  {'kind':8} {'clicks':>6} {'p50 ms':>8} {'script ms':>10} {'script CPU':>11} {'messages':>9}")
    kinds = sorted({c.kind for c in clicks}, key=[c.kind for c in clicks].index)
    for kind in [*kinds, "all"]:
        rows = [c for c in clicks if kind in ("all", c.kind)]
        print(f"  {kind:8} {len(rows):6} {_p50([c.ms for c in rows]):8.1f} {_p50([c.script_ms for c in rows]):10.1f} "
              f"{_p50([c.cpu_ms for c in rows]):11.1f} {_p50([c.messages for c in rows]):9.0f}")
    print("  click-to-result by script time:")
    low = 0.0
    for high in [*BANDS, float("inf")]:
        rows = [c for c in clicks if low <= c.script_ms < high]
        if rows:
            band = f"{low:g}-{high:g} ms" if high != float("inf") else f">= {low:g} ms"
            p50 = _p50([c.ms for c in rows])
            print(f"    script {band:>11}: {len(rows):3} clicks, click-to-result p50 {p50:6.1f} ms")
        low = high


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clicks", type=int, default=60, help="clicks per app (default 60)")
    parser.add_argument("--apps", default="floor,quiz", help="comma-separated: floor, quiz")
    parser.add_argument("--profile", type=Path, help="write the quiz's cProfile stats here and print the top")
    parser.add_argument("--top", type=int, default=25, help="functions printed from --profile")
    parser.add_argument("--seed", type=int, default=2022)
    args = parser.parse_args(argv)
    print("command:", " ".join([Path(sys.executable).name, *sys.argv]))
    for app in args.apps.split(","):
        profile = args.profile if app == "quiz" else None
        report(app, measure(app, args.clicks, args.seed, profile))
        if profile is not None and profile.exists():
            print(f"\ncProfile of the quiz's script runs (after the first 3), by cumulative time: {profile}")
            pstats.Stats(str(profile)).sort_stats("cumulative").print_stats(args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
