"""Every poll of a wait sends the same status request through the generated endpoint module
(``sync_detailed``/``asyncio_detailed``), on the client's live httpx client; no conditional
requests (no provider uses ``If-None-Match``), and one status check follows the client's
policy."""

from __future__ import annotations

from typing import Any

import attrs
import httpx
import pytest
from opstatus_core import FakeClock
from opstatus_core.sdk import ApiError, TransientRetriesExhausted

from ._support import (
    PROVIDER,
    FakeAsyncClient,
    FakeClient,
    FakeEndpoint,
    Response,
    Script,
    policy,
    run_wait,
    status_body,
)


class CountingEndpoint(FakeEndpoint):
    """FakeEndpoint counting the generated entry points it is called through."""

    def __init__(self) -> None:
        super().__init__(lambda id: f"/ops/{id}")
        self.detailed = 0

    def sync_detailed(self, *, client: Any, **kwargs: Any) -> Response:
        self.detailed += 1
        return super().sync_detailed(client=client, **kwargs)

    async def asyncio_detailed(self, *, client: Any, **kwargs: Any) -> Response:
        self.detailed += 1
        return await super().asyncio_detailed(client=client, **kwargs)


def _clients(endpoint: Any) -> tuple[type[FakeClient], type[FakeAsyncClient]]:
    provider = attrs.evolve(PROVIDER, endpoint=endpoint)

    class Sync(FakeClient):
        pass

    class Async(FakeAsyncClient):
        pass

    Sync.provider = Async.provider = provider
    return Sync, Async


async def _wait(mode: str, endpoint: Any, script: Script, clock: FakeClock) -> Any:
    sync_cls, async_cls = _clients(endpoint)
    if mode == "sync":
        with sync_cls(transport=script.sync(), clock=clock, policy=policy()) as client:
            return client.wait("op-1")
    async with async_cls(transport=script.asynchronous(), clock=clock, policy=policy()) as aclient:
        return await aclient.wait("op-1")


async def test_every_poll_sends_the_same_request(mode: str, clock: FakeClock) -> None:
    endpoint = CountingEndpoint()
    script = Script(*[(200, status_body("Running"))] * 3, (200, status_body("Succeeded")))
    outcome = await _wait(mode, endpoint, script, clock)
    assert outcome.attempts == 4
    assert endpoint.detailed == 4
    assert [str(r.url) for r in script.requests] == ["https://fake.example/ops/op-1"] * 4


async def test_no_conditional_requests(mode: str, clock: FakeClock) -> None:
    """An ``ETag`` is kept on the snapshot, never sent back: a 304 nobody asked for is an
    unexpected answer."""
    endpoint = CountingEndpoint()
    script = Script(
        (200, status_body("Running"), {"ETag": '"a"'}),
        (200, status_body("Succeeded"), {"ETag": '"b"'}),
    )
    outcome = await _wait(mode, endpoint, script, clock)
    assert outcome.snapshot.etag == '"b"'
    assert not any("If-None-Match" in r.headers for r in script.requests)
    unasked = Script((200, status_body("Running"), {"ETag": '"a"'}), (304, b""))
    with pytest.raises(ApiError, match="unexpected HTTP 304") as info:
        await _wait(mode, CountingEndpoint(), unasked, clock)
    assert info.value.status_code == 304
    assert info.value.last_status == "Running"


async def test_a_replaced_httpx_client_is_used(mode: str, clock: FakeClock) -> None:
    endpoint = CountingEndpoint()
    first = Script(*[(200, status_body("Running"))] * 2)
    second = Script((200, status_body("Succeeded")))
    sync_cls, async_cls = _clients(endpoint)
    other = "https://other.example/base/"
    if mode == "sync":
        with sync_cls(transport=first.sync(), clock=clock, policy=policy()) as client:
            poller = client.poller("op-1")
            poller.poll()
            poller.poll()
            client.generated_client._client = httpx.Client(base_url=other, transport=second.sync())
            poller.wait()
    else:
        async with async_cls(
            transport=first.asynchronous(), clock=clock, policy=policy()
        ) as aclient:
            apoller = aclient.poller("op-1")
            await apoller.poll()
            await apoller.poll()
            aclient.generated_client._async = httpx.AsyncClient(
                base_url=other, transport=second.asynchronous()
            )
            await apoller.wait()
    assert len(first.requests) == 2
    assert [str(r.url) for r in second.requests] == [other + "ops/op-1"]
    assert endpoint.detailed == 3


async def test_stock_endpoint_modules_are_called_as_generated(mode: str, clock: FakeClock) -> None:
    script = Script((200, status_body("Running")), (200, status_body("Succeeded")))
    outcome = await run_wait(mode, script, clock)  # _support's OPS has no request_kwargs
    assert outcome.attempts == 2
    assert not hasattr(PROVIDER.endpoint, "request_kwargs")


def test_one_status_check_follows_a_replaced_policy(clock: FakeClock) -> None:
    """``status()`` sends at once and never retries, within the client's current policy's
    timeout (it follows ``client.policy`` when it is replaced)."""
    from opstatus_core import PollPolicy

    script = Script((200, status_body("Running")), (503, b""), (200, status_body("Running")))
    with FakeClient(transport=script.sync(), clock=clock) as client:
        client.policy = PollPolicy(timeout=42.0, initial_delay=3.0)
        assert client.status("op-1").status == "Running"
        assert clock.sleeps == []  # no initial delay
        with pytest.raises(TransientRetriesExhausted) as info:
            client.status("op-1")  # the 503: not retried
        assert info.value.attempts == 1
        assert len(script.requests) == 2
