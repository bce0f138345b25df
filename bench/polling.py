"""SnapLogic batching, detection latency and Retry-After (real time, the fakes)."""

from __future__ import annotations

import asyncio
import random
import threading
import time
from collections import Counter
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from opstatus_core import PollPolicy
from opstatus_core._policy import parse_retry_after
from opstatus_core.testing import Fault, serve

from .providers import Sdk, capture, credentials, terminal_statuses
from .stats import Figure, iqr, median

BATCH_TARGET = 0.05
LATENCY_SLACK = 0.020


def batching(sdk: Sdk, opts: dict[str, Any]) -> list[Figure]:
    """Waiting on many status tokens: requests per round vs one request per token."""
    if sdk.plugin.provider.batch is None:
        return []
    n = opts["tokens"]
    figures = []
    for mode in ("sync", "async"):
        fake = sdk.plugin.load_fake()
        creds = credentials(fake)
        refs = [fake.seed_operation("succeeded", polls=2) for _ in range(n)]
        policy = PollPolicy(
            interval=0.001, max_interval=0.001, multiplier=1.0, jitter=0.0, timeout=120
        )
        if mode == "sync":
            with sdk.plugin.client(
                base_url=fake.base_url, transport=fake.transport(), **creds
            ) as client:
                results = client.wait_many(refs, policy=policy)
        else:

            async def run(
                fake: Any = fake, refs: list[Any] = refs, creds: Any = creds, policy: Any = policy
            ) -> list[Any]:
                async with sdk.plugin.async_client(
                    base_url=fake.base_url, transport=fake.transport(), **creds
                ) as c:
                    return list(await c.wait_many(refs, policy=policy))

            results = asyncio.run(run())
        id_key = sdk.plugin.provider.id_key
        seen: Counter[str] = Counter()
        status_requests = 0
        for record in fake.requests:
            tokens = [v for k, v in parse_qsl(urlsplit(record.url).query) if k == id_key]
            if tokens:
                status_requests += 1
                seen.update(tokens)
        rounds = max(seen.values()) if seen else 0
        per_round = status_requests / rounds if rounds else float("nan")
        ratio = per_round / n
        done = sum(1 for r in results if getattr(r, "status", None) is not None)
        figures.append(
            Figure(
                case="many status tokens: requests per round",
                subject=f"{sdk.name} {mode}, {n} tokens",
                unit="requests/round",
                value=per_round,
                baseline=float(n),
                ratio=ratio,
                target=f"≤ {BATCH_TARGET:.0%} of one-per-token",
                ok=ratio <= BATCH_TARGET and done == n and len(seen) == n,
                samples=rounds,
                note=f"{status_requests} requests, {rounds} rounds, {done}/{n} succeeded",
            )
        )
    return figures


def _id(sdk: Sdk, ref: dict[str, str]) -> str:
    return str(ref[sdk.plugin.provider.id_key])


def latency(sdk: Sdk, opts: dict[str, Any]) -> list[Figure]:
    """Time from the fake turning terminal (at a random moment) to wait() returning."""
    interval = opts["interval"]
    samples = opts["latency_samples"]
    fake = sdk.plugin.load_fake()
    creds = credentials(fake)
    _, success = terminal_statuses(sdk.plugin)
    policy = PollPolicy(
        interval=interval, max_interval=interval, multiplier=1.0, jitter=0.0, timeout=60
    )
    rng = random.Random(7)
    figures = []
    # the interval in force: a provider may send Retry-After on every pending answer (Azure
    # Document Translation does), and the SDK must never poll earlier than that
    with sdk.plugin.client(base_url=fake.base_url, transport=fake.transport(), **creds) as probe:
        pending_headers = capture(sdk, fake, probe).pending.headers
    in_force = max(interval, parse_retry_after(pending_headers, time.time()) or 0.0)
    with serve(fake) as server:
        for mode in ("sync", "async"):
            lat: list[float] = []
            for _ in range(samples):
                ref = fake.seed_operation("succeeded", polls=10_000)
                flipped: list[float] = []
                delay = interval * 2 + rng.uniform(0, interval)

                def flip(
                    ref: Any = ref, flipped: list[float] = flipped, delay: float = delay
                ) -> None:
                    time.sleep(delay)
                    flipped.append(time.perf_counter())
                    fake.set_status(_id(sdk, ref), success)

                timer = threading.Thread(target=flip, daemon=True)
                if mode == "sync":
                    with sdk.plugin.client(base_url=server.base_url, **creds) as client:
                        timer.start()
                        client.wait(ref, policy=policy)
                else:

                    async def run(ref: Any = ref, timer: threading.Thread = timer) -> None:
                        async with sdk.plugin.async_client(
                            base_url=server.base_url, **creds
                        ) as client:
                            timer.start()
                            await client.wait(ref, policy=policy)

                    asyncio.run(run())
                done = time.perf_counter()
                timer.join()
                lat.append(done - flipped[0])
                fake.clear_log()
            target = in_force + LATENCY_SLACK
            value = median(lat)
            figures.append(
                Figure(
                    case="detection latency (loopback)",
                    subject=f"{sdk.name} {mode}",
                    unit="ms",
                    value=value * 1e3,
                    spread=tuple(x * 1e3 for x in iqr(lat)),  # type: ignore[arg-type]
                    baseline=in_force * 1e3,
                    ratio=value / in_force,
                    target=f"median ≤ interval + {LATENCY_SLACK * 1e3:g} ms",
                    ok=value <= target,
                    samples=len(lat),
                    note=f"max {max(lat) * 1e3:.1f} ms"
                    + (f", Retry-After {in_force:g} s in force" if in_force > interval else ""),
                )
            )
        # Retry-After: the next request must not come earlier
        retry_after = opts["retry_after"]
        gaps: list[float] = []
        for _ in range(opts["retry_after_samples"]):
            ref = fake.seed_operation("succeeded", polls=1)
            fake.inject(Fault.too_many_requests(retry_after=retry_after))
            with sdk.plugin.client(base_url=server.base_url, **creds) as client:
                h = client.generated_client.get_httpx_client()
                events: list[tuple[str, float, int]] = []
                h.event_hooks["request"].append(
                    lambda r, e=events: e.append(("req", time.perf_counter(), 0))
                )
                h.event_hooks["response"].append(
                    lambda r, e=events: e.append(("resp", time.perf_counter(), r.status_code))
                )
                client.wait(ref, policy=policy)
            for i, (kind, t, code) in enumerate(events):
                if kind == "resp" and code == 429:
                    nxt = next((t2 for k2, t2, _ in events[i + 1 :] if k2 == "req"), None)
                    if nxt is not None:
                        gaps.append(nxt - t)
        if gaps:
            low = min(gaps)
            figures.append(
                Figure(
                    case="Retry-After honoured (loopback)",
                    subject=f"{sdk.name} sync",
                    unit="s",
                    value=low,
                    baseline=float(retry_after),
                    ratio=low / retry_after,
                    target="next request never earlier than Retry-After",
                    ok=low >= retry_after,
                    samples=len(gaps),
                    note="min gap from the 429 to the next request",
                )
            )
        elif opts["retry_after_samples"]:
            figures.append(
                Figure(
                    case="Retry-After honoured (loopback)",
                    subject=f"{sdk.name} sync",
                    unit="s",
                    value=float("nan"),
                    target="next request never earlier than Retry-After",
                    ok=False,
                    note="no 429 observed",
                )
            )
    return figures
