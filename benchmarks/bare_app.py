"""The floor for benchmarks/bench_load.py: the smallest Streamlit app with one widget, a button.

Run it like the quiz app (``streamlit run benchmarks/bare_app.py`` from the repository root, so the
same ``.streamlit/config.toml`` applies); a click's cost here is Streamlit's own per-rerun cost.
"""

import streamlit as st

if st.button("Click me", key="click"):
    st.write("Clicked.")
