"""A real ``streamlit run`` server in a subprocess, on a free port, for end-to-end and load tests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.postgres import free_port

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "quiz_app" / "server.py"


@dataclass
class StreamlitServer:
    """``streamlit run`` of ``script`` with extra environment; ``url`` once started."""

    env: dict[str, str]
    script: Path = APP
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    log: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, log: Path, timeout: float = 60) -> StreamlitServer:
        self.log = log
        command = [sys.executable, "-m", "streamlit", "run", str(self.script), "--server.port", str(self.port),
                   "--server.address", "127.0.0.1", "--server.headless", "true",
                   "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
        with log.open("ab") as out:
            self.process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **self.env}, stdout=out,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited early:\n{log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        self.kill(signal.SIGKILL)  # never leave a half-started server behind
        raise RuntimeError(f"streamlit did not start:\n{log.read_text()[-3000:]}")

    def kill(self, sig: int = signal.SIGTERM) -> None:
        """Stop the server (``SIGKILL`` to simulate a crash)."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, sig)
            self.process.wait(timeout=20)
