"""Streamlit helpers shared by the pages: cached resources, session keys, widgets. Thin by design."""
