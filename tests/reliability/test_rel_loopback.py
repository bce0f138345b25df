"""Transport faults over real sockets (the fake on loopback, the real clock, short intervals):
a port nobody listens on, a connection reset mid-body, a read that never completes (the
request timeout must fire) and a truncated body with a matching Content-Length."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from typing import Any

import pytest
from opstatus_core import PollPolicy
from opstatus_core._clock import SystemClock
from opstatus_core.plugin import Plugin
from opstatus_core.sdk import MalformedResponse, Outcome, TransientRetriesExhausted
from opstatus_core.testing import Fault, serve

from ._support import check_typed_error, close, make_client, run

POLICY = PollPolicy(
    timeout=30.0,
    interval=0.01,
    max_interval=0.05,
    jitter=0.0,
    transient_budget=3,
)
REQUEST_TIMEOUT = 5.0


#: the request timeout of the hang case
HANG_TIMEOUT = 1.0


@pytest.fixture(scope="module")
def servers() -> Iterator[dict[str, Any]]:
    """One fake on loopback per provider for the module (each test seeds its own operation and
    targets its faults at it)."""
    started: dict[str, Any] = {}
    try:
        yield started
    finally:
        for server in started.values():
            server.stop()


def _served(servers: dict[str, Any], plugin: Plugin) -> Any:
    if plugin.name not in servers:
        server = serve(plugin.load_fake())
        server.start()
        servers[plugin.name] = server
    return servers[plugin.name]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_connection_refused_for_real(plugin: Plugin, mode: str) -> None:
    """Nothing listens: each attempt is refused, retried within the budget, then a typed error
    (within seconds, not the deadline)."""
    fake = plugin.load_fake()
    ref = fake.seed_operation("succeeded", polls=1)
    base = f"http://127.0.0.1:{_closed_port()}{fake.base_path}"
    client = make_client(
        plugin, fake, mode, clock=SystemClock(), policy=POLICY, base_url=base, in_process=False
    )
    started = time.monotonic()
    try:
        result = await run(client, ref)
    finally:
        await close(client)
    error = check_typed_error(result, plugin, ref, cls=TransientRetriesExhausted, last_status=None)
    assert error.attempts == POLICY.transient_budget + 1
    assert "connect" in str(error).lower()
    assert time.monotonic() - started < 10


@pytest.mark.parametrize(
    ("name", "fault", "expect"),
    [
        ("reset-mid-body", Fault.reset_mid_body(0.5), "recovers"),
        ("connection-dropped", Fault.drop_connection(), "recovers"),
        ("read-never-completes", Fault.hang(), "recovers"),
        ("truncated-body", Fault.truncated_body(0.5), MalformedResponse),
    ],
    ids=["reset-mid-body", "connection-dropped", "read-never-completes", "truncated-body"],
)
async def test_loopback_fault(
    plugin: Plugin, mode: str, name: str, fault: Fault, expect: Any, servers: dict[str, Any]
) -> None:
    server = _served(servers, plugin)
    fake = server.fake
    # a fault that is retried hits the first poll of an operation that then ends at once; a
    # fatal one comes after one good (pending) poll, whose status must survive in the error
    recovers = expect == "recovers"
    ref = fake.seed_operation("succeeded", polls=0 if recovers else 1)
    op_id = ref[plugin.provider.id_key]
    before = fake.faults.tally[fault.label]
    fake.inject(
        fault, skip=0 if recovers else 1, route=plugin.provider.operation_id, operation_id=op_id
    )
    seen: list[Any] = []
    # only the hang needs a short request timeout (it is what ends that request); the others
    # get the policy's 5 s, so a loaded machine answering late cannot turn a fault into a
    # timeout and a retry (which saw the operation finished: issue 12, defect 8)
    hang = name == "read-never-completes"
    client = make_client(
        plugin,
        fake,
        mode,
        clock=SystemClock(),
        policy=POLICY,
        base_url=server.base_url,
        in_process=False,
        request_timeout=HANG_TIMEOUT if hang else REQUEST_TIMEOUT,
    )
    started = time.monotonic()
    try:
        result = await run(client, ref, on_progress=seen.append)
    finally:
        await close(client)
    elapsed = time.monotonic() - started
    assert fake.faults.tally[fault.label] == before + 1
    if recovers:
        assert isinstance(result, Outcome), result
        if hang:
            assert HANG_TIMEOUT <= elapsed < 10, "the request timeout did not fire (or fired late)"
    else:
        check_typed_error(result, plugin, ref, cls=expect, last_status=seen[-1].status)
