"""Many concurrent async waits on one event loop, SDK vs raw polling coroutines.

Both sides share one ``httpx.AsyncClient`` (the SDK's) whose transport is a cheap canned
responder: it answers each operation's URL with the fake's captured pending body for the first
``polls`` polls, then the terminal body (the operation id substituted), so the server costs
almost nothing and is identical for both. CPU is ``time.process_time`` around the gather;
memory is the ``tracemalloc`` peak above the starting point, in a separate run.
"""

from __future__ import annotations

import asyncio
import gc
import json
import time
import tracemalloc
from typing import Any

import httpx
from opstatus_core import PollPolicy

from .providers import Sdk, capture, credentials, status_reader
from .stats import Figure, iqr, median

CPU_TARGET = 1.3
KIB_TARGET = 20.0


class Canned:
    """Per-operation state: pending for ``polls`` polls, then terminal."""

    def __init__(self, template: Any, polls: int) -> None:
        self.template = template
        self.prefix, self.suffix = template.split()
        self.op = template.op_id.encode()
        self.pending = template.pending.content
        self.terminal = template.terminal.content
        self.headers = [
            (k, v)
            for k, v in template.terminal.headers.multi_items()
            if k.lower() not in ("content-length", "content-encoding")
        ]
        self.polls = polls
        self.count: dict[str, int] = {}
        self.requests = 0

    def url(self, op_id: str) -> str:
        return self.prefix + op_id + self.suffix

    def __call__(self, request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        if not url.startswith(self.prefix):
            return self.template.other(request)
        op = url[len(self.prefix) : len(url) - len(self.suffix)]
        n = self.count.get(op, 0) + 1
        self.count[op] = n
        self.requests += 1
        body = self.pending if n <= self.polls else self.terminal
        return httpx.Response(200, headers=self.headers, content=body.replace(self.op, op.encode()))


async def _run(
    side: str,
    client: Any,
    canned: Canned,
    refs: list[dict[str, str]],
    id_key: str,
    headers: dict[str, str],
    interval: float,
    read: Any,
    terminal: frozenset[str],
    memory: bool,
) -> tuple[float, float, int, int]:
    """(cpu seconds, wall seconds, bytes peak, right outcomes) of one side's N waits."""
    canned.count.clear()
    canned.requests = 0
    h = client.generated_client.get_async_httpx_client()
    policy = PollPolicy(
        interval=interval, max_interval=interval, multiplier=1.0, jitter=0.0, timeout=600
    )

    async def raw(op_id: str) -> str:
        url = canned.url(op_id)
        while True:
            status = read(json.loads((await h.get(url, headers=headers)).content), op_id)
            if status in terminal:
                return status
            await asyncio.sleep(interval)

    async def sdk(ref: dict[str, str]) -> str:
        outcome = await client.wait(ref, policy=policy)
        return str(outcome.status)

    gc.collect()
    if memory:
        tracemalloc.start()
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
    cpu, wall = time.process_time(), time.perf_counter()
    if side == "raw":
        results = await asyncio.gather(*(raw(r[id_key]) for r in refs))
    else:
        results = await asyncio.gather(*(sdk(r) for r in refs))
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    peak = 0
    if memory:
        peak = tracemalloc.get_traced_memory()[1] - before
        tracemalloc.stop()
    good = sum(1 for s in results if s in terminal)
    return cpu, wall, peak, good


def concurrent_waits(sdk: Sdk, opts: dict[str, Any]) -> list[Figure]:
    n, polls, reps = opts["waits"], opts["polls"], opts["wait_reps"]
    interval = 0.001
    fake = sdk.plugin.load_fake()
    creds = credentials(fake)
    with sdk.plugin.client(base_url=fake.base_url, transport=fake.transport(), **creds) as probe:
        template = capture(sdk, fake, probe)
    canned = Canned(template, polls)
    id_key = sdk.plugin.provider.id_key
    # real references of the provider's shape (the fake picks valid ids); only ids differ
    refs = [{str(k): str(v) for k, v in fake.seed_operation("succeeded").items()} for _ in range(n)]
    read = status_reader(sdk.plugin)
    expected = frozenset({read(json.loads(template.terminal.content), template.op_id)})

    async def main() -> dict[str, Any]:
        client = sdk.plugin.async_client(
            base_url=fake.base_url, transport=httpx.MockTransport(canned), **creds
        )
        out: dict[str, Any] = {"raw": [], "sdk": [], "requests": {}}
        args = (client, canned, refs, id_key, template.headers, interval, read, expected)
        await _run("raw", *args[:2], refs[:50], *args[3:], False)  # warm up
        await _run("sdk", *args[:2], refs[:50], *args[3:], False)
        # pairs in alternating order (raw, sdk), (sdk, raw), ...: the machine's speed drifts
        # over a run by more than the difference measured, so each pair gives its own ratio
        for pair in range(reps):
            for side in ("raw", "sdk") if pair % 2 == 0 else ("sdk", "raw"):
                cpu, wall, _, good = await _run(side, *args, False)
                out[side].append((cpu, wall, good))
                out["requests"][side] = canned.requests
        # memory per wait is flat in N (5.19/5.18/4.95 KiB at 1k/2k/4k) and tracemalloc is slow:
        # measured on the first ``memory_waits`` operations
        m = min(n, opts.get("memory_waits") or n)
        out["mem_n"] = m
        for side in ("raw", "sdk"):
            _, _, peak, good = await _run(side, *args[:2], refs[:m], *args[3:], True)
            out[f"{side}_peak"] = peak
            out[f"{side}_mem_good"] = good
        await client.aclose()
        return out

    out = asyncio.run(main())
    raw_cpu = [c for c, _, _ in out["raw"]]
    sdk_cpu = [c for c, _, _ in out["sdk"]]
    good = min(g for _, _, g in out["sdk"])
    raw_good = min(g for _, _, g in out["raw"])
    m = out["mem_n"]
    ratios = [s / r for s, r in zip(sdk_cpu, raw_cpu, strict=True)]
    cpu_ratio = median(ratios)
    per_wait_kib = out["sdk_peak"] / m / 1024
    raw_kib = out["raw_peak"] / m / 1024
    subject = f"{sdk.name}, {n} waits x {polls + 1} polls"
    reqs = out["requests"]
    return [
        Figure(
            case="concurrent async waits: all finish right",
            subject=subject,
            unit="waits",
            value=good,
            baseline=raw_good,
            target=f"all {n} with the right outcome",
            ok=good == n and raw_good == n,
            samples=len(sdk_cpu),
            note=f"requests per run: sdk {reqs.get('sdk')}, raw {reqs.get('raw')}",
        ),
        Figure(
            case="concurrent async waits: CPU time",
            subject=subject,
            unit="s CPU",
            value=median(sdk_cpu),
            spread=iqr(sdk_cpu),
            baseline=median(raw_cpu),
            baseline_spread=iqr(raw_cpu),
            ratio=cpu_ratio,
            target=f"ratio ≤ {CPU_TARGET:g}",
            ok=cpu_ratio <= CPU_TARGET,
            samples=len(sdk_cpu),
            note="ratio: the median of the paired runs' ratios",
            extra={
                "ratios": ratios,
                "wall_sdk": [w for _, w, _ in out["sdk"]],
                "wall_raw": [w for _, w, _ in out["raw"]],
            },
        ),
        Figure(
            case="concurrent async waits: memory per wait",
            subject=subject,
            unit="KiB/wait",
            value=per_wait_kib,
            baseline=raw_kib,
            ratio=per_wait_kib / raw_kib if raw_kib else None,
            target=f"≤ {KIB_TARGET:g} KiB",
            ok=per_wait_kib <= KIB_TARGET,
            samples=1,
            note=f"tracemalloc peak above start / waits, over {m} concurrent waits",
        ),
    ]
