"""The study guide's pure parts: map geometry, the timeline's data, the printable guide (no Streamlit)."""
