"""Import time (python -X importtime) and the build tooling's wall time."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from .providers import Sdk
from .stats import Figure, iqr, median

ROOT = Path(__file__).resolve().parent.parent
IMPORT_TARGET = 1.5


def _startup_modules() -> set[str]:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "pass"],
        capture_output=True,
        text=True,
        check=True,
    )
    return {name for _, name in _top_level(proc.stderr)}


def _top_level(stderr: str) -> list[tuple[int, str]]:
    """(cumulative µs, name) of each top-level import in ``-X importtime`` output."""
    out = []
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        parts = line.split("|")
        name = parts[2]
        if name.startswith("  "):  # nested: counted in its parent's cumulative
            continue
        out.append((int(parts[1].strip()), name.strip()))
    return out


def import_us(module: str, startup: set[str]) -> float:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(sum(us for us, name in _top_level(proc.stderr) if name not in startup))


def import_time(sdks: list[Sdk], opts: dict[str, Any]) -> list[Figure]:
    startup = _startup_modules()
    reps = opts["import_reps"]
    if opts.get("import_warmup", True):
        for m in ["httpx", *[s.module for s in sdks]]:
            import_us(m, startup)  # bytecode caches warm
    base: list[float] = []
    per: dict[str, list[float]] = {s.name: [] for s in sdks}
    for _ in range(reps):  # interleaved: httpx, each SDK, httpx, ...
        base.append(import_us("httpx", startup))
        for s in sdks:
            per[s.name].append(import_us(s.module, startup))
    figures = []
    for s in sdks:
        value = median(per[s.name])
        ratio = value / median(base)
        figures.append(
            Figure(
                case="import time (-X importtime)",
                subject=s.module,
                unit="ms",
                value=value / 1e3,
                spread=tuple(x / 1e3 for x in iqr(per[s.name])),  # type: ignore[arg-type]
                baseline=median(base) / 1e3,
                baseline_spread=tuple(x / 1e3 for x in iqr(base)),  # type: ignore[arg-type]
                ratio=ratio,
                target=f"ratio ≤ {IMPORT_TARGET:g} (vs import httpx)",
                ok=ratio <= IMPORT_TARGET,
                samples=reps,
            )
        )
    return figures


def _timed(cmd: list[str]) -> tuple[float, int, str]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    tail = (proc.stdout + proc.stderr).strip().splitlines()[-1:] or [""]
    return time.perf_counter() - start, proc.returncode, tail[0][:120]


def generate(opts: dict[str, Any]) -> list[Figure]:
    """The generation work of ``make generate`` (all specs) without touching generated/:
    ``scripts/generate.py --check`` generates into a temp folder and diffs."""
    seconds, rc, tail = _timed([sys.executable, "scripts/generate.py", "--check"])
    return [
        Figure(
            case="make generate (all specs, via generate.py --check)",
            subject="all specs",
            unit="s wall",
            value=seconds,
            target="reported",
            samples=1,
            note=f"exit {rc}" + ("" if rc == 0 else f" (drift or failure: {tail})"),
        )
    ]


def make_test(opts: dict[str, Any]) -> list[Figure]:
    seconds, rc, tail = _timed(["make", "test"])
    return [
        Figure(
            case="make test",
            subject="whole suite",
            unit="s wall",
            value=seconds,
            target="< 600 s on 2 cores",
            ok=seconds < 600,
            samples=1,
            note=f"exit {rc}" + ("" if rc == 0 else f": {tail}"),
        )
    ]
