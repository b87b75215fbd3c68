"""The click profiler (benchmarks/profile_clicks.py) against real ``streamlit run`` servers.

It must pair each click with the server's own script runs, and write a cProfile of the quiz's runs.
Nothing here asserts on timing.
"""

from __future__ import annotations

import pstats

import pytest

from benchmarks.profile_clicks import main, measure

pytestmark = pytest.mark.server


def test_floor_clicks_are_paired_with_one_script_run_each() -> None:
    clicks = measure("floor", 3, seed=1)
    assert [c.kind for c in clicks] == ["click"] * 3
    assert all(c.script_ms > 0 and c.cpu_ms > 0 and c.ms > 0 and c.messages > 0 for c in clicks)


def test_quiz_run_reports_each_kind_and_writes_a_profile(tmp_path, capsys) -> None:
    profile = tmp_path / "quiz.prof"
    assert main(["--apps", "quiz", "--clicks", "6", "--profile", str(profile), "--top", "5"]) == 0
    printed = capsys.readouterr().out
    assert "quiz: 6 clicks" in printed
    for kind in ("start", "submit", "next", "all"):
        assert f"  {kind} " in printed
    assert "click-to-result by script time" in printed
    profiled_files = {filename for filename, _line, _name in pstats.Stats(str(profile)).stats}  # type: ignore[attr-defined]
    assert any(name.endswith("quiz_app/screens/study/quiz.py") for name in profiled_files)
