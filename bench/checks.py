"""One status check through each SDK vs a hand-written httpx GET + json.loads.

Both sides use the SDK's own httpx client (same connection pool, same transport, same headers:
the baseline replays the exact request the SDK sends), in interleaved batches.

- ``loopback``: the SDK's fake served by uvicorn on 127.0.0.1 (``opstatus_core.testing.serve``).
- ``in-process/fake``: ``fake.transport()``, the fake's full handler (routing, spec validation
  of each request with openapi-core) on both sides.
- ``in-process/static``: an ``httpx.MockTransport`` answering the fake's captured, spec-valid
  body: isolates the SDK's own cost (generated parsing + overlay + engine).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from typing import Any

import httpx
from opstatus_core.testing import serve

from .providers import Sdk, capture, credentials, terminal_ref
from .stats import Figure, iqr, median, paired

#: what users can feel per status request is the network, not microseconds (issue 17)
LOOPBACK_TARGET = 1.3
INPROCESS_TARGET = 2.0


def _figure(
    case: str,
    subject: str,
    base: list[float],
    meas: list[float],
    ratios: list[float],
    target: float,
    note: str = "",
) -> Figure:
    us = 1e6
    ratio = median(ratios)
    return Figure(
        case=case,
        subject=subject,
        unit="µs/check",
        value=median(meas) * us,
        spread=tuple(x * us for x in iqr(meas)),  # type: ignore[arg-type]
        baseline=median(base) * us,
        baseline_spread=tuple(x * us for x in iqr(base)),  # type: ignore[arg-type]
        ratio=ratio,
        target=f"median ratio ≤ {target:g}",
        ok=ratio <= target,
        samples=len(ratios),
        note=note,
        extra={"ratio_iqr": iqr(ratios)},
    )


def _sync_pair(
    client: Any, ref: dict[str, str], url: str, headers: dict[str, str], batch: int
) -> tuple[Callable[[], float], Callable[[], float]]:
    h = client.generated_client.get_httpx_client()
    clock = time.perf_counter_ns

    def baseline() -> float:
        t = clock()
        for _ in range(batch):
            json.loads(h.get(url, headers=headers).content)
        return (clock() - t) / 1e9 / batch

    def sdk() -> float:
        t = clock()
        for _ in range(batch):
            client.status(ref)
        return (clock() - t) / 1e9 / batch

    return baseline, sdk


async def _async_rounds(
    client: Any,
    ref: dict[str, str],
    url: str,
    headers: dict[str, str],
    batch: int,
    opts: dict[str, Any],
) -> tuple[list[float], ...]:
    h = client.generated_client.get_async_httpx_client()
    clock = time.perf_counter_ns

    async def baseline() -> float:
        t = clock()
        for _ in range(batch):
            json.loads((await h.get(url, headers=headers)).content)
        return (clock() - t) / 1e9 / batch

    async def sdk() -> float:
        t = clock()
        for _ in range(batch):
            await client.status(ref)
        return (clock() - t) / 1e9 / batch

    await baseline()
    await sdk()  # warm up (connection, lazy imports)
    base: list[float] = []
    meas: list[float] = []
    ratios: list[float] = []
    start = time.perf_counter()
    rounds = 0
    while rounds < opts["max_rounds"] and (
        rounds < opts["min_rounds"] or time.perf_counter() - start < opts["budget_s"]
    ):
        if rounds % 2:
            m = await sdk()
            b = await baseline()
        else:
            b = await baseline()
            m = await sdk()
        base.append(b)
        meas.append(m)
        ratios.append(m / b)
        rounds += 1
    await client.aclose()
    return base, meas, ratios


def _measure(
    case: str,
    sdk: Sdk,
    fake: Any,
    make_client: Callable[[bool], Any],
    opts: dict[str, Any],
    target: float,
    note: str = "",
) -> list[Figure]:
    figures = []
    ref = terminal_ref(fake)
    with make_client(False) as probe:
        template = capture(sdk, fake, probe)
    url, headers = (
        template.url.replace(template.op_id, ref[sdk.plugin.provider.id_key]),
        template.headers,
    )
    client = make_client(False)
    with client:
        baseline, measured = _sync_pair(client, ref, url, headers, opts["batch"])
        baseline()
        measured()  # warm up
        clear = getattr(fake, "clear_log", None)
        base, meas, ratios = paired(
            _cleared(baseline, clear),
            _cleared(measured, clear),
            min_rounds=opts["min_rounds"],
            max_rounds=opts["max_rounds"],
            budget_s=opts["budget_s"],
            clock=time.perf_counter,
        )
    figures.append(_figure(case, f"{sdk.name} sync", base, meas, ratios, target, note))
    aclient = make_client(True)
    base, meas, ratios = asyncio.run(_async_rounds(aclient, ref, url, headers, opts["batch"], opts))
    figures.append(_figure(case, f"{sdk.name} async", base, meas, ratios, target, note))
    return figures


def _cleared(fn: Callable[[], float], clear: Callable[[], None] | None) -> Callable[[], float]:
    """Keep the fake's request log short (it grows per request) between batches."""
    if clear is None:
        return fn

    def run() -> float:
        value = fn()
        clear()
        return value

    return run


def loopback(sdk: Sdk, opts: dict[str, Any]) -> list[Figure]:
    fake = sdk.plugin.load_fake()
    creds = credentials(fake)
    with serve(fake) as server:

        def make(is_async: bool) -> Any:
            cls = sdk.plugin.async_client if is_async else sdk.plugin.client
            return cls(base_url=server.base_url, **creds)

        loop_opts = {**opts, "batch": opts["loopback_batch"]}
        return _measure("status check, loopback HTTP", sdk, fake, make, loop_opts, LOOPBACK_TARGET)


def in_process(sdk: Sdk, opts: dict[str, Any]) -> list[Figure]:
    figures = []
    fake = sdk.plugin.load_fake()
    creds = credentials(fake)

    def make_fake(is_async: bool) -> Any:
        cls = sdk.plugin.async_client if is_async else sdk.plugin.client
        return cls(base_url=fake.base_url, transport=fake.transport(), **creds)

    figures += _measure(
        "status check, in-process FakeTransport", sdk, fake, make_fake, opts, INPROCESS_TARGET
    )

    # the static variant: the fake's own answer for this request, canned
    with make_fake(False) as probe:
        template = capture(sdk, fake, probe)
    canned = template.terminal

    def answer(request: httpx.Request) -> httpx.Response:
        if template.op_id not in str(request.url):
            return template.other(request)
        return httpx.Response(canned.status_code, headers=canned.headers, content=canned.content)

    static = httpx.MockTransport(answer)

    def make_static(is_async: bool) -> Any:
        cls = sdk.plugin.async_client if is_async else sdk.plugin.client
        return cls(base_url=fake.base_url, transport=static, **creds)

    # reuse the fake's reference shape for the template's operation
    ref_keys = sdk.plugin.provider.reference_keys
    id_key = sdk.plugin.provider.id_key
    base_ref = terminal_ref(fake)
    ref = {k: (template.op_id if k == id_key else base_ref[k]) for k in ref_keys}
    figures += _measure_static(sdk, make_static, ref, template, opts)
    return figures


def _measure_static(
    sdk: Sdk, make: Callable[[bool], Any], ref: dict[str, str], template: Any, opts: dict[str, Any]
) -> list[Figure]:
    case = "status check, in-process static MockTransport"
    figures = []
    with make(False) as client:
        baseline, measured = _sync_pair(client, ref, template.url, template.headers, opts["batch"])
        baseline()
        measured()
        base, meas, ratios = paired(
            baseline,
            measured,
            min_rounds=opts["min_rounds"],
            max_rounds=opts["max_rounds"],
            budget_s=opts["budget_s"],
            clock=time.perf_counter,
        )
    figures.append(_figure(case, f"{sdk.name} sync", base, meas, ratios, INPROCESS_TARGET))
    base, meas, ratios = asyncio.run(
        _async_rounds(make(True), ref, template.url, template.headers, opts["batch"], opts)
    )
    figures.append(_figure(case, f"{sdk.name} async", base, meas, ratios, INPROCESS_TARGET))
    return figures
