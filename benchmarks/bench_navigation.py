"""Benchmark: does ``st.navigation`` itself make a click dearer? (Explains the per-click gap.)

Run from the repository root: ``.venv/bin/python benchmarks/bench_navigation.py``. It starts two
``streamlit run`` servers with the repository's settings: the one-button floor
(``benchmarks/bare_app.py``) and the same button as the default page of a 7-page
``st.navigation`` laid out like the app's menu (written to a temporary folder). One websocket
client (``benchmarks/stclient.py``) clicks each in turn, 0.5 s apart, and it prints the p50
click-to-result of both, two rounds.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.stclient import Session, StreamlitServer  # noqa: E402

NAV_APP = '''import streamlit as st
from pathlib import Path
P = Path(__file__).parent
pages = {"Study": [st.Page(P / f"p{i}.py", title=f"Page {i}", icon="📝", default=i == 0) for i in range(4)],
         "Class": [st.Page(P / f"p{i}.py", title=f"Page {i}", icon="🎓") for i in range(4, 7)]}
st.navigation(pages).run()
'''
PAGE = 'import streamlit as st\nst.button("Click me", key="click")\n'
OPTIONS = {"runner.postScriptGC": "false", "server.fileWatcherType": "none"}


async def _p50(url: str, clicks: int) -> float:
    times = []
    async with Session(url) as session:
        await session.open()
        for _ in range(clicks):
            await asyncio.sleep(0.5)
            start = time.perf_counter()
            await session.click(label="Click me")
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


async def _run(clicks: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = Path(folder) / "nav_app.py"
        app.write_text(NAV_APP, encoding="utf-8")
        for number in range(7):
            (Path(folder) / f"p{number}.py").write_text(PAGE, encoding="utf-8")
        bare = StreamlitServer(ROOT / "benchmarks" / "bare_app.py", options=OPTIONS, cwd=ROOT).start()
        nav = StreamlitServer(app, options=OPTIONS, cwd=ROOT).start()
        try:
            for round_ in (1, 2):
                floor, navigated = await _p50(bare.url, clicks), await _p50(nav.url, clicks)
                print(f"round {round_}: bare p50 {floor:.1f} ms, same button under a 7-page st.navigation "
                      f"p50 {navigated:.1f} ms, ratio {navigated / floor:.2f}")
        finally:
            bare.stop()
            nav.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clicks", type=int, default=60, help="clicks per app and round")
    args = parser.parse_args()
    print("command:", " ".join([Path(sys.executable).name, *sys.argv]))
    asyncio.run(_run(args.clicks))


if __name__ == "__main__":
    main()
