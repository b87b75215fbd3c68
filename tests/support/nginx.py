"""A real nginx (Debian's package) in front of test servers, run as a non-daemon child on a free
port with its configuration and temporary files in a temporary folder.

The configuration is the README's own (its ``nginx`` block, see :func:`readme_config`), with only
the addresses, the port and the certificate swapped for the test's (:func:`for_test`), and one
test-only header, ``X-Upstream``, naming the server that answered.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from tests.support.postgres import free_port

ROOT = Path(__file__).resolve().parents[2]
_BLOCK = re.compile(r"```nginx\n(.*?)```", re.S)


def nginx_path() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.path.exists(p)), None)


def readme_config() -> str:
    """The deployment section's nginx configuration, exactly as the README shows it."""
    blocks = _BLOCK.findall((ROOT / "README.md").read_text(encoding="utf-8"))
    assert len(blocks) == 1, "the README should show one nginx configuration"
    return blocks[0]


def for_test(config: str, upstreams: list[str], port: int, cert: Path, key: Path) -> str:
    """The README's configuration on this machine: our servers, our port, a self-signed certificate."""
    servers = re.findall(r"^\s*server \S+:\d+;.*$", config, re.M)
    assert servers, "no upstream servers in the configuration"
    lines = "\n".join(f"    server {address};" for address in upstreams)
    config = config.replace(servers[0], lines)
    for extra in servers[1:]:
        config = config.replace(extra + "\n", "")
    config, listens = re.subn(r"listen 443 ssl;", f"listen 127.0.0.1:{port} ssl;", config)
    assert listens == 1
    config = re.sub(r"ssl_certificate\s+\S+;", f"ssl_certificate {cert};", config)
    config = re.sub(r"ssl_certificate_key\s+\S+;", f"ssl_certificate_key {key};", config)
    # test only: which server answered
    config, found = re.subn(r"(location / \{\n)", r"\1        add_header X-Upstream $upstream_addr always;\n", config)
    assert found == 1
    return config


def self_signed(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                    "/CN=localhost", "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert, key


@dataclass
class Nginx:
    folder: Path
    port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"https://localhost:{self.port}"

    @classmethod
    def start(cls, folder: Path, site: str, port: int | None = None, timeout: float = 20) -> Nginx:
        """Run ``nginx -g 'daemon off;'`` with ``site`` (an http-context configuration) in ``folder``."""
        binary = nginx_path()
        assert binary, "nginx is not installed"
        folder.mkdir(parents=True, exist_ok=True)
        os.chmod(folder, 0o777)  # worker processes run as an unprivileged user when started by root
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (folder / name).mkdir(exist_ok=True)
            os.chmod(folder / name, 0o777)
        (folder / "site.conf").write_text(site)
        (folder / "nginx.conf").write_text(f"""
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log {folder}/access.log;
    client_body_temp_path {folder}/client_body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/site.conf;
}}
""")
        server = cls(folder, port or free_port())
        with (folder / "stdout.log").open("ab") as out:
            server.process = subprocess.Popen(
                [binary, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", str(folder / "error.log"),
                 "-g", "daemon off;"], stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if server.process.poll() is not None:
                raise RuntimeError(f"nginx exited: {(folder / 'error.log').read_text()[-2000:]}")
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", server.port)) == 0:
                    return server
            time.sleep(0.1)
        server.stop()
        raise RuntimeError("nginx did not start")

    def upstream_of(self, cookie: str, path: str = "/api/health") -> str:
        """Which upstream answers a request that carries ``cookie`` (from the test-only header)."""
        import ssl

        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        request = urllib.request.Request(f"{self.url}{path}", headers={"Cookie": cookie})
        with urllib.request.urlopen(request, timeout=10, context=context) as response:
            return response.headers["X-Upstream"]

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)
