"""A smoke run of the benchmark suite (``python -m bench --smoke``) so the benchmarks never rot.

It checks that every case runs and writes its table; it never asserts on timings (CI machines
are noisy; ``make bench`` is where the numbers are read).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.timeout(480)  # ~1 min of CPU; a loaded 2-CPU runner stretches it
def test_bench_smoke_runs_every_case(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--smoke", "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=420,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    table = (tmp_path / "bench.md").read_text(encoding="utf-8")
    assert "| case | subject | measured | baseline | ratio | target | met | n |" in table
    payload = json.loads((tmp_path / "bench.json").read_text(encoding="utf-8"))
    assert payload["meta"]["errors"] == []
    cases = {f["case"] for f in payload["figures"]}
    for expected in (
        "status check, loopback HTTP",
        "status check, in-process FakeTransport",
        "status check, in-process static MockTransport",
        "concurrent async waits: CPU time",
        "detection latency (loopback)",
        "import time (-X importtime)",
        "polling schedule (simulated)",
        "provider fake, real SDK wait on a fake clock",
        "stampede: waits started together",
        "waits per process: memory per idle wait",
    ):
        assert expected in cases
    # correctness (not timing) is asserted: every wait ended with the right outcome
    for figure in payload["figures"]:
        if figure["case"] in (
            "concurrent async waits: all finish right",
            "waits per process: all finish right",
        ):
            assert figure["ok"], figure
        if figure["case"] == "provider fake, real SDK wait on a fake clock":
            assert figure["note"].startswith("lag "), figure  # the wait ended, not abandoned
