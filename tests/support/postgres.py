"""A throwaway PostgreSQL server started by the tests (initdb + pg_ctl in a temporary folder)."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path


def find_bindir() -> Path | None:
    """Where ``initdb`` and ``pg_ctl`` live: Debian's versioned folder, or PATH."""
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(candidate, "initdb").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_postgres(args: list[str]) -> list[str]:
    # initdb refuses to run as root: run the server programs as the unprivileged 'postgres' user.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


@dataclass
class PostgresServer:
    bindir: Path
    folder: Path
    port: int

    @classmethod
    def start(cls, bindir: Path) -> PostgresServer:
        folder = Path(tempfile.mkdtemp(prefix="quizapp-pg-"))
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres", "postgres")
        server = cls(bindir, folder, free_port())
        data = folder / "data"
        subprocess.run(_as_postgres([str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
                                     "--no-sync", "-E", "UTF8"]), check=True, capture_output=True)
        options = f"-p {server.port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300"
        subprocess.run(_as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-o", options,
                                     "-l", str(folder / "log"), "-w", "start"]), check=True, capture_output=True)
        return server

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        """A new empty database; returns its SQLAlchemy URL."""
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres",
                             autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def restart(self) -> None:
        """Stop the server at once (every connection drops) and start it again on the same port and data."""
        data = str(self.folder / "data")
        subprocess.run(_as_postgres([str(self.bindir / "pg_ctl"), "-D", data, "-m", "immediate", "stop"]),
                       check=True, capture_output=True)
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300"
        subprocess.run(_as_postgres([str(self.bindir / "pg_ctl"), "-D", data, "-o", options,
                                     "-l", str(self.folder / "log"), "-w", "start"]), check=True, capture_output=True)

    def stop(self) -> None:
        subprocess.run(_as_postgres([str(self.bindir / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate",
                                     "stop"]), capture_output=True)
        shutil.rmtree(self.folder, ignore_errors=True)
