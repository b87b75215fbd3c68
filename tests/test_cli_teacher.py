"""`python -m quiz_app teacher ...` against a real SQLite file, in a subprocess like a real admin."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(tmp_path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}", "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "quiz_app", "teacher", *args], input=stdin, text=True,
                          capture_output=True, cwd=ROOT, env=env, timeout=60)


def test_teacher_add_list_passwd_remove(tmp_path) -> None:
    added = run(tmp_path, "add", "Ms Nurlanovna", stdin="a good password\na good password\n")
    assert added.returncode == 0 and "added teacher 'Ms Nurlanovna'" in added.stdout
    assert run(tmp_path, "list").stdout.splitlines() == ["Ms Nurlanovna"]
    differ = run(tmp_path, "passwd", "Ms Nurlanovna", stdin="new password one\nnew password two\n")
    assert differ.returncode == 1 and "differ" in differ.stderr
    assert run(tmp_path, "passwd", "Ms Nurlanovna", stdin="new password 1\nnew password 1\n").returncode == 0
    assert run(tmp_path, "remove", "Ms Nurlanovna").returncode == 0
    assert run(tmp_path, "list").stdout == ""


def test_teacher_errors_are_messages_not_tracebacks(tmp_path) -> None:
    short = run(tmp_path, "add", "Ms X", stdin="short\nshort\n")
    assert short.returncode == 1 and "at least 10" in short.stderr and "Traceback" not in short.stderr
    missing = run(tmp_path, "remove", "Nobody")
    assert missing.returncode == 1 and "No teacher called 'Nobody'" in missing.stderr
    assert run(tmp_path, "add").returncode == 2
