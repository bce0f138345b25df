"""Fixtures for the CLI tests: toy SDKs registered through real entry points, a toy fake on
loopback, and a runner for ``opstatus`` in-process (``cli``) or as a subprocess."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from opstatus_cli.main import main
from opstatus_core.testing import serve

from tests.toy.testing import TOKEN, demo_company_fake, demo_fake

ROOT = Path(__file__).resolve().parents[2]
ENTRY_POINTS = """\
[opstatus.providers]
toy = tests.toy:PLUGIN
toy-company = tests.toy:COMPANY_PLUGIN
broken = tests.toy:NOT_A_PLUGIN
missing = tests.cli.no_such_module:PLUGIN
"""


@pytest.fixture(scope="session")
def toy_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory holding a ``.dist-info`` that registers the toy SDKs (and two broken ones)."""
    site = tmp_path_factory.mktemp("toy-site")
    info = site / "opstatus_toy-0.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: opstatus-toy\nVersion: 0.0\n")
    (info / "entry_points.txt").write_text(ENTRY_POINTS)
    return site


@pytest.fixture
def toy_env(toy_site: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Registers the toy SDKs in this process and for subprocesses; no toy settings in env."""
    monkeypatch.syspath_prepend(str(toy_site))
    monkeypatch.syspath_prepend(str(ROOT))
    path = os.pathsep.join([str(ROOT), str(toy_site), os.environ.get("PYTHONPATH", "")])
    monkeypatch.setenv("PYTHONPATH", path.rstrip(os.pathsep))
    for name in ("TOY_BASE_URL", "TOY_COMPANY_BASE_URL", "TOY_TOKEN", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)
    return dict(os.environ)


@pytest.fixture
def toy(toy_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The toy fake on loopback; TOY_BASE_URL and TOY_TOKEN point at it."""
    fake = demo_fake()
    with serve(fake) as server:
        monkeypatch.setenv("TOY_BASE_URL", server.base_url)
        monkeypatch.setenv("TOY_TOKEN", TOKEN)
        yield fake


@pytest.fixture
def toy_company(toy_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    fake = demo_company_fake()
    with serve(fake) as server:
        monkeypatch.setenv("TOY_COMPANY_BASE_URL", server.base_url)
        monkeypatch.setenv("TOY_TOKEN", TOKEN)
        yield fake


class Ran:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    @property
    def both(self) -> str:
        return self.out + self.err

    def __repr__(self) -> str:
        return f"Ran(code={self.code}, out={self.out!r}, err={self.err!r})"


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Iterator[Any]:
    """``cli("toy", "wait", id)`` runs ``opstatus`` in-process and returns its code and output.

    ``--debug`` configures logging as a process would; that is put back afterwards, so later
    tests in the same worker do not log (and capture) every request at INFO."""
    root, httpx_logger = logging.getLogger(), logging.getLogger("httpx")
    saved = (root.level, list(root.handlers), httpx_logger.level)

    def run(*args: str) -> Ran:
        code = main(list(args))
        captured = capsys.readouterr()
        return Ran(code, captured.out, captured.err)

    yield run
    root.setLevel(saved[0])
    root.handlers[:] = saved[1]
    httpx_logger.setLevel(saved[2])


def run_opstatus(*args: str, env: dict[str, str], timeout: float = 60) -> Ran:
    done = subprocess.run(
        [sys.executable, "-m", "opstatus_cli.main", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return Ran(done.returncode, done.stdout, done.stderr)
