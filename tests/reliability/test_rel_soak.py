"""Load under faults: many concurrent waits across every installed fake over loopback HTTP, a
seeded 5% of status responses faulted at random.

Every wait must end with the outcome its fake was told to reach; afterwards no file descriptor,
thread or task is left over and the memory allocated during the run is released (tracemalloc,
gc-tracked objects and resident memory, after a warm-up round so that import-time caches
do not count).

Small form (default run): ``OPSTATUS_SOAK_WAITS`` waits, 250 unless set. Full form (5,000 waits):
``make soak`` (sets ``OPSTATUS_SOAK=full``; the test is marked slow and skipped otherwise).
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import random
import threading
import time
import warnings
from collections import Counter
from dataclasses import dataclass, field

import attrs
import httpx
import pytest
from opstatus_core import Plugin, PollPolicy, SystemClock
from opstatus_core.testing import Fault, serve
from rel_support import PLUGINS, close, make_client, outcome_name, outcomes_of

RATE = 0.05
SEED = int(os.environ.get("OPSTATUS_SOAK_SEED", "20240601"))
SMALL = int(os.environ.get("OPSTATUS_SOAK_WAITS", "250"))
FULL = 5000

#: what a soak may throw at a status request: all retried, or (an undocumented status) pending
FAULTS = (
    Fault.too_many_requests(0),
    Fault.http_error(500),
    Fault.http_error(502),
    Fault.http_error(503),
    Fault.http_error(504),
    Fault.drop_connection(),
    Fault.refuse_connection(),
    Fault.reset_mid_body(0.5),
    Fault.slow(0.05),
    Fault.hang(),
    Fault.unknown_status("SoakUndocumented"),
)


@dataclass
class SoakReport:
    waits: int = 0
    correct: int = 0
    wrong: list[str] = field(default_factory=list)
    requests: int = 0
    faults: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    fds: tuple[int, int] = (0, 0)
    threads: tuple[int, int] = (0, 0)
    tasks: tuple[int, int] = (0, 0)
    objects: tuple[int, int] = (0, 0)
    rss_kib: tuple[int, int, int] = (0, 0, 0)

    def line(self) -> str:
        return json.dumps(
            {
                "waits": self.waits,
                "correct": self.correct,
                "status_requests": self.requests,
                "faults_injected": sum(self.faults.values()),
                "faults": dict(sorted(self.faults.items())),
                "seconds": round(self.seconds, 1),
                "fds_before_after": self.fds,
                "threads_before_after": self.threads,
                "tasks_before_after": self.tasks,
                "gc_objects_before_after": self.objects,
                "rss_kib_before_after_peak": self.rss_kib,
            }
        )


def _fds() -> int:
    try:
        return len(os.listdir("/proc/self/fd"))
    except FileNotFoundError:  # pragma: no cover - not Linux
        return -1


def _rss() -> int:
    """Resident memory now (KiB), from /proc (0 where unavailable)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:  # pragma: no cover - not Linux
        pass
    return 0


def _peak_rss() -> int:
    import resource

    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def _tasks() -> int:
    current = asyncio.current_task()
    return len([t for t in asyncio.all_tasks() if t is not current and not t.done()])


async def _round(plugins: list[Plugin], waits: int, seed: int, report: SoakReport) -> None:
    rng = random.Random(seed)
    policy = PollPolicy(
        timeout=180.0,
        interval=0.05,
        multiplier=1.5,
        max_interval=0.5,
        jitter=0.5,
        rng=random.Random(seed),
        transient_budget=6,
        request_timeout=10.0,
    )
    # every wait is started at once; their first polls are spread over up to a few seconds (as
    # waits started by real users are), so 5,000 connects do not all land in the same instant
    spread = waits / 1000.0
    fakes, servers, clients = [], [], []
    per_provider = -(-waits // len(plugins))
    try:
        for index, plugin in enumerate(plugins):
            fake = plugin.load_fake()
            fake.faults.randomize(
                RATE, FAULTS, seed=seed + index, routes={plugin.provider.operation_id}
            )
            server = serve(fake)
            server.start()
            fakes.append(fake)
            servers.append(server)
            clients.append(
                make_client(
                    plugin,
                    fake,
                    "async",
                    clock=SystemClock(),
                    policy=policy,
                    base_url=server.base_url,
                    in_process=False,
                    # one connection per concurrent wait: a wait queued for a pooled connection
                    # would count the queueing against its request timeout
                    httpx_args={"limits": httpx.Limits(max_connections=per_provider + 8)},
                )
            )
        jobs: list[tuple[int, dict[str, str], str, PollPolicy]] = []
        for n in range(waits):
            index = n % len(plugins)
            expected = rng.choice(outcomes_of(plugins[index]))
            ref = fakes[index].seed_operation(expected, polls=rng.randint(0, 3))
            start = attrs.evolve(policy, initial_delay=rng.uniform(0.0, spread))
            jobs.append((index, ref, expected, start))
        results = await asyncio.gather(
            *(clients[i].wait(ref, policy=p) for i, ref, _, p in jobs), return_exceptions=True
        )
        for (index, ref, expected, _), result in zip(jobs, results, strict=True):
            got = outcome_name(result)
            if got == expected:
                report.correct += 1
            else:
                report.wrong.append(f"{plugins[index].name} {ref}: {expected} != {result!r}")
        report.waits += waits
        for plugin, fake in zip(plugins, fakes, strict=True):
            report.requests += len(
                [r for r in fake.requests if r.route == plugin.provider.operation_id]
            )
            report.faults.update(fake.faults.tally)
    finally:
        for client in clients:
            await close(client)
        for server in servers:
            server.stop()


async def soak(waits: int, seed: int = SEED) -> SoakReport:
    plugins = list(PLUGINS)
    assert plugins, "no provider installed"
    report = SoakReport()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # UnknownStatusWarning, deprecation hooks
        await _round(plugins, 2 * len(plugins), seed - 1, SoakReport())  # warm-up
        gc.collect()
        fds, threads, tasks = _fds(), threading.active_count(), _tasks()
        objects, rss = len(gc.get_objects()), _rss()
        started = time.monotonic()
        await _round(plugins, waits, seed, report)
        report.seconds = time.monotonic() - started
        await asyncio.sleep(0)
        gc.collect()
        report.objects = (objects, len(gc.get_objects()))
        report.rss_kib = (rss, _rss(), _peak_rss())
    report.fds = (fds, _fds())
    report.threads = (threads, threading.active_count())
    report.tasks = (tasks, _tasks())
    return report


def _check(report: SoakReport, waits: int) -> None:
    print(f"\nsoak: {report.line()}")
    assert report.waits == waits
    assert not report.wrong, f"{len(report.wrong)} waits ended wrongly:\n" + "\n".join(
        report.wrong[:20]
    )
    injected = sum(report.faults.values())
    assert injected > 0, "no fault was injected"
    assert 0.02 < injected / report.requests < 0.09, "the fault rate is not ~5%"
    assert report.fds[1] == report.fds[0], f"file descriptors leaked: {report.fds}"
    assert report.threads[1] == report.threads[0], f"threads leaked: {report.threads}"
    assert report.tasks[1] == report.tasks[0], f"tasks leaked: {report.tasks}"
    # what the run allocated is released: live objects back to the baseline (a few caches
    # aside, not growing with the number of waits), resident memory not grown by the run
    before, after = report.objects
    assert after - before < 2000, f"objects retained: {report.line()}"
    rss_before, rss_after, _ = report.rss_kib
    assert rss_after - rss_before < 64 * 1024, f"resident memory grew: {report.line()}"


@pytest.mark.timeout(120)
async def test_soak_small() -> None:
    report = await soak(SMALL)
    _check(report, SMALL)


@pytest.mark.slow
@pytest.mark.timeout(900)
@pytest.mark.skipif(
    os.environ.get("OPSTATUS_SOAK") != "full", reason="the full soak runs with `make soak`"
)
async def test_soak_full() -> None:
    report = await soak(FULL)
    _check(report, FULL)
