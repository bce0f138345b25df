"""Waits per process: N concurrent async waits in one fresh process, SDK vs raw coroutines.

Each side runs in its own subprocess (``python -m bench.process``) so its memory is measured
from a clean start: the resident set size (``/proc/self/statm``) once every wait has sent its
first request and is sleeping, minus the size just before the waits were created, per wait.
Both sides share the responder of :mod:`bench.waits` (the fake's captured bodies, canned): every
operation stays pending until all waits are idle, then turns terminal, and each wait must end
with the terminal status. CPU per poll is ``process_time`` over the whole run / requests sent.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import subprocess
import sys
import time
import uuid
from typing import Any

import httpx

from .providers import Sdk, capture, credentials, discover, status_reader
from .stats import Figure
from .waits import Canned

KIB_TARGET = 4.0
CPU_TARGET = 1.3
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _rss() -> int:
    with open("/proc/self/statm", encoding="ascii") as f:
        return int(f.read().split()[1]) * PAGE


class Gated(Canned):
    """Pending until ``released``, then terminal."""

    released = False
    target = 0
    reached: asyncio.Event | None = None  # set once ``target`` requests were answered

    def __call__(self, request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        if not url.startswith(self.prefix):
            return self.template.other(request)
        op = url[len(self.prefix) : len(url) - len(self.suffix)]
        self.requests += 1
        if self.reached is not None and self.requests >= self.target:
            self.reached.set()
        body = self.terminal if self.released else self.pending
        return httpx.Response(200, headers=self.headers, content=body.replace(self.op, op.encode()))


def measure(provider: str, side: str, n: int, interval: float) -> dict[str, Any]:
    """One side, in this process: idle memory per wait, CPU per request, right outcomes."""
    from opstatus_core import PollPolicy

    (sdk,), _ = discover([provider])
    fake = sdk.plugin.load_fake()
    creds = credentials(fake)
    with sdk.plugin.client(base_url=fake.base_url, transport=fake.transport(), **creds) as probe:
        template = capture(sdk, fake, probe)
    gated = Gated(template, 0)
    id_key = sdk.plugin.provider.id_key
    read = status_reader(sdk.plugin)
    terminal = read(json.loads(template.terminal.content), template.op_id)
    # the provider's reference shape with fresh GUIDs (the waits case runs GUID-keyed providers)
    shape = {str(k): str(v) for k, v in fake.seed_operation("succeeded").items()}
    refs = [{**shape, id_key: str(uuid.uuid4())} for _ in range(n)]
    base_url = fake.base_url
    del fake
    policy = PollPolicy(
        interval=interval,
        max_interval=interval,
        multiplier=1.0,
        proportion=0.0,
        jitter=0.0,
        timeout=3600,
    )

    async def main() -> dict[str, Any]:
        client = sdk.plugin.async_client(
            base_url=base_url,
            transport=httpx.MockTransport(gated),
            **creds,
        )
        h = client.generated_client.get_async_httpx_client()
        headers = template.headers

        async def raw(op_id: str) -> str:
            url = gated.url(op_id)
            while True:
                status = read(json.loads((await h.get(url, headers=headers)).content), op_id)
                if status == terminal:
                    return status
                await asyncio.sleep(interval)

        async def with_sdk(ref: dict[str, str]) -> str:
            return str((await client.wait(ref, policy=policy)).status)

        # warm up both paths (imports, the rule, pools) outside the measurement
        gated.released = True
        await raw(refs[0][id_key])
        await with_sdk(refs[0])
        gated.released = False
        gated.requests = 0
        gc.collect()
        gated.reached = None
        rss0, cpu0, wall0 = _rss(), time.process_time(), time.perf_counter()
        if side == "raw":
            tasks = [asyncio.ensure_future(raw(r[id_key])) for r in refs]
        else:
            tasks = [asyncio.ensure_future(with_sdk(r)) for r in refs]
        gated.target, gated.reached = n, asyncio.Event()
        await gated.reached.wait()
        for _ in range(3):  # let the last waits read their answer and go to sleep
            await asyncio.sleep(0)
        idle = _rss() - rss0
        started = time.perf_counter() - wall0
        gated.released = True
        results = await asyncio.gather(*tasks, return_exceptions=True)
        cpu = time.process_time() - cpu0
        await client.aclose()
        return {
            "side": side,
            "waits": n,
            "right": sum(1 for r in results if r == terminal),
            "errors": sorted({type(r).__name__ for r in results if isinstance(r, BaseException)}),
            "idle_bytes": idle,
            "cpu": cpu,
            "requests": gated.requests,
            "start_s": started,
            "wall_s": time.perf_counter() - wall0,
        }

    return asyncio.run(main())


def _run_side(provider: str, side: str, n: int, interval: float) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "bench.process", provider, side, str(n), str(interval)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=1800)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed: {proc.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def waits_per_process(sdk: Sdk, opts: dict[str, Any]) -> list[Figure]:
    n, interval = opts["process_waits"], opts["process_interval"]
    # smoke: in this process (two fresh interpreters cost more than 200 waits tell)
    side = (lambda *a: measure(*a)) if opts.get("smoke") else _run_side
    raw = side(sdk.name, "raw", n, interval)
    ours = side(sdk.name, "sdk", n, interval)
    kib, raw_kib = ours["idle_bytes"] / n / 1024, raw["idle_bytes"] / n / 1024
    per_poll = ours["cpu"] / ours["requests"] * 1e6
    raw_per_poll = raw["cpu"] / raw["requests"] * 1e6
    subject = f"{sdk.name}, {n:,} waits in one process"
    return [
        Figure(
            case="waits per process: all finish right",
            subject=subject,
            unit="waits",
            value=ours["right"],
            baseline=raw["right"],
            target=f"all {n} with the right outcome",
            ok=ours["right"] == n and raw["right"] == n,
            samples=1,
            note=f"all idle after {ours['start_s']:.0f} s (raw {raw['start_s']:.0f} s); "
            f"errors: {ours['errors'] or 'none'}",
        ),
        Figure(
            case="waits per process: memory per idle wait",
            subject=subject,
            unit="KiB/wait",
            value=kib,
            baseline=raw_kib,
            ratio=kib / raw_kib if raw_kib > 0 else None,
            target=f"≤ {KIB_TARGET:g} KiB (RSS growth / waits, all sleeping)",
            ok=kib <= KIB_TARGET,
            samples=1,
            note="baseline: hand-written polling coroutines on the same client",
        ),
        Figure(
            case="waits per process: CPU per poll",
            subject=subject,
            unit="µs/request",
            value=per_poll,
            baseline=raw_per_poll,
            ratio=per_poll / raw_per_poll,
            target=f"ratio ≤ {CPU_TARGET:g}",
            ok=per_poll / raw_per_poll <= CPU_TARGET,
            samples=1,
            note=f"requests: sdk {ours['requests']:,}, raw {raw['requests']:,}; "
            "one run each, in fresh processes",
        ),
    ]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.process", description=__doc__)
    parser.add_argument("provider")
    parser.add_argument("side", choices=("raw", "sdk"))
    parser.add_argument("waits", type=int)
    parser.add_argument("interval", type=float)
    a = parser.parse_args()
    print(json.dumps(measure(a.provider, a.side, a.waits, a.interval)))
