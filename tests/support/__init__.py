"""Helpers shared by the tests: real PostgreSQL, real streamlit servers, real Chromium."""
