"""Fixtures of the packaging tests: the output of scripts/dist.py, built once per test run.

The builds go to pytest's temporary folder, never to dist/ (``make dist`` may be running). Under
pytest-xdist every worker asks for the same build: the first one builds, the others wait on a
lock and reuse it.
"""

from __future__ import annotations

import fcntl
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "dist.py"


def run_dist(out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(out), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert proc.returncode == 0, f"scripts/dist.py {' '.join(args)} failed:\n{proc.stderr[-6000:]}"
    return proc


def _shared_build(tmp_path_factory: pytest.TempPathFactory, name: str, *args: str) -> Path:
    # getbasetemp() is per worker under xdist; its parent is shared by the whole run
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if base.name.startswith("popen-gw") else base
    out = shared / f"dist-{name}"
    with (shared / f"dist-{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not (out / ".complete").exists():
                run_dist(out, *args)
                (out / ".complete").touch()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return out


@pytest.fixture(scope="session")
def python_dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of wheels and sdists (``uv build --all-packages``), already self-checked."""
    return _shared_build(tmp_path_factory, "python", "--steps", "python") / "python"
