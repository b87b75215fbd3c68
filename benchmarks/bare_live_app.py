"""The floor for pushed updates (bench_classroom.py): the smallest page the server reruns on an event.

It shows how many events topic 1 has had (the hub's generation) and asks to be rerun on the next
one, exactly as a student's page does (``quiz_app/ui/live_push.watch``); served by
``benchmarks/bare_live_server.py``. Its cost is Streamlit's own cost of a pushed rerun.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from quiz_app.classroom.pubsub import hub  # noqa: E402
from quiz_app.ui import live_push  # noqa: E402

st.write(f"Question {hub().generation(1, ['state'])[0]}")
live_push.watch(1, kinds={"state"})
