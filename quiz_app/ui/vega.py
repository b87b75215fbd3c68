"""Charts drawn from a cached Vega-Lite spec: made once per distinct data, not on every rerun.

``st.altair_chart`` has Altair validate the whole spec against the Vega-Lite schema on every run
(10-50 ms a chart); pages rerun on every click, so the spec is made once per (chart, data) here.
A chart that changes with every answer of a class (the teacher's dashboard) is written as a plain
Vega-Lite dict instead, so that even its first drawing per count skips Altair.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Hashable
from typing import Any

import streamlit as st


@functools.lru_cache(maxsize=512)
def _spec(make: Callable[..., Any], args: tuple[Hashable, ...]) -> str:
    chart = make(*args)
    return json.dumps(chart if isinstance(chart, dict) else chart.to_dict())


def show(make: Callable[..., Any], *args: Hashable) -> None:
    """Draw ``make(*args)`` (an Altair chart or a Vega-Lite dict) full width; ``args`` must be hashable
    (tuples, not lists)."""
    st.vega_lite_chart(json.loads(_spec(make, args)), width="stretch")
