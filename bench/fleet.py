"""The fleet case: durable waits on Temporal against the same waits in one asyncio process.

Both sides wait on the same kind of operations (seeded in the same fakes, same polls, same
policy), side by side in one run: first one warm worker process with the Temporal dev server,
then one plain asyncio process calling each SDK's ``wait_many``. Reported: waits per second
sustained (submission to last outcome), and CPU seconds per 1,000 concurrent waits (worker +
Temporal server, against the asyncio process; the fakes' CPU is in neither). The machinery is
``scripts/fleet_demo.py``'s.
"""

from __future__ import annotations

import asyncio
import importlib
import random
import sys
from pathlib import Path
from typing import Any

from .stats import Figure

ROOT = Path(__file__).resolve().parent.parent


def _demo() -> Any:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return importlib.import_module("scripts.fleet_demo")


def fleet(opts: dict[str, Any]) -> list[Figure]:
    fd = _demo()
    from opstatus_temporal import PolicySpec, Timing

    waits = int(opts.get("fleet_waits", 1000))
    policy = PolicySpec(timeout=600, interval=1.0, max_interval=1.0, multiplier=1.0, jitter=0.0)
    with fd.fleet() as fl:
        fl.start_worker()
        rng = random.Random(17)
        # warm-up: the worker is up and each provider's client built before measuring
        warm = fd.plan(fl, 2 * len(fl.served), 0, rng)
        asyncio.run(fd.run(fl, warm, policy=policy, timing=Timing(), kill_after=None))
        planned = fd.plan(fl, waits, 0, rng)
        durable = asyncio.run(fd.run(fl, planned, policy=policy, timing=Timing(), kill_after=None))
        plain = fd.run_plain(fl, fd.plan(fl, waits, 0, rng), policy)
    n = len(planned)
    rate, base_rate = n / durable.seconds, n / plain["seconds"]
    cpu = 1000 * (durable.worker_cpu + durable.server_cpu) / n
    base_cpu = 1000 * plain["cpu"] / n
    note = f"{n} waits, 2-8 polls 1 s apart, 5 providers; one worker + dev server (SQLite)"
    return [
        Figure(
            case="fleet",
            subject="Temporal vs asyncio",
            unit="waits/s",
            value=rate,
            baseline=base_rate,
            ratio=rate / base_rate,
            samples=1,
            note=note,
        ),
        Figure(
            case="fleet",
            subject="Temporal vs asyncio",
            unit="CPU s / 1,000 waits",
            value=cpu,
            baseline=base_cpu,
            ratio=cpu / base_cpu if base_cpu else None,
            samples=1,
            note=f"worker {durable.worker_cpu:.1f} s + server {durable.server_cpu:.1f} s",
            extra={"worker_cpu": durable.worker_cpu, "server_cpu": durable.server_cpu},
        ),
    ]
