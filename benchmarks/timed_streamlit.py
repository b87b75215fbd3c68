"""``streamlit`` with every script run timed (and optionally profiled); used by profile_clicks.py.

Run it like the ``streamlit`` command: ``python benchmarks/timed_streamlit.py run APP [options]``.
It wraps Streamlit's ``ScriptRunner._run_script`` (one call per script run: widget callbacks, the
script, the end-of-run bookkeeping) and appends ``wall_ms cpu_ms start session`` for each run
(start: Unix time; session: the first 8 characters of its id) to the file named by
``TIMED_STREAMLIT_OUT``. With ``TIMED_STREAMLIT_PROFILE`` set to a path, runs after the first
``TIMED_STREAMLIT_SKIP`` (default 3: imports and caches warm up) are profiled with cProfile in
the script thread, and the stats are written to that path when the server exits.
"""

from __future__ import annotations

import atexit
import cProfile
import os
import signal
import sys
import threading
import time
from typing import Any

from streamlit.runtime.scriptrunner import script_runner
from streamlit.web import cli

OUT = os.environ["TIMED_STREAMLIT_OUT"]
PROFILE = os.environ.get("TIMED_STREAMLIT_PROFILE", "")
SKIP = int(os.environ.get("TIMED_STREAMLIT_SKIP", "3"))

_profiler = cProfile.Profile() if PROFILE else None
_runs = 0
_lock = threading.Lock()
_original = script_runner.ScriptRunner._run_script


def _timed_run_script(self: Any, rerun_data: Any) -> None:
    global _runs
    profile = _profiler is not None and _runs >= SKIP
    began = time.time()
    wall, cpu = time.perf_counter(), time.thread_time()
    if profile:
        _profiler.enable()
    try:
        _original(self, rerun_data)
    finally:
        if profile:
            _profiler.disable()
        wall, cpu = time.perf_counter() - wall, time.thread_time() - cpu
        with _lock:
            _runs += 1
            with open(OUT, "a", encoding="utf-8") as out:
                out.write(f"{wall * 1000:.3f} {cpu * 1000:.3f} {began:.4f} {self._session_id[:8]}\n")


def _dump() -> None:
    if _profiler is not None:
        _profiler.dump_stats(PROFILE)


def _dump_and_die(signum: int, _frame: Any) -> None:
    # `streamlit run` of an st.App server leaves SIGTERM at its default (no atexit): dump first.
    _dump()
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


if __name__ == "__main__":
    script_runner.ScriptRunner._run_script = _timed_run_script
    atexit.register(_dump)
    signal.signal(signal.SIGTERM, _dump_and_die)
    sys.argv = ["streamlit", *sys.argv[1:]]
    cli.main()
