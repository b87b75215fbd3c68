"""``quiz_app/app.py``, the script Streamlit runs on every click: what each run leaves behind."""

from __future__ import annotations

import sys


def test_each_run_leaves_the_import_path_as_it_found_it(make_app) -> None:
    at = make_app()
    at.run()
    before = list(sys.path)
    for _ in range(3):  # a server runs this script thousands of times a lesson
        at.run()
        assert not at.exception
    assert sys.path == before
