"""A wait builds its status request once and sends it again (StatusCall + the endpoint
template's ``request_kwargs``/``build_response``), rebuilding it only when what goes into it
changes: the ETag to send, or the httpx client. Modules without the two functions (stock
openapi-python-client output) go through ``sync_detailed``/``asyncio_detailed``."""

from __future__ import annotations

from typing import Any

import attrs
import httpx
from opstatus_core import FakeClock

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


class PreparedEndpoint(FakeEndpoint):
    """FakeEndpoint plus what generator/templates/endpoint_module.py.jinja adds; counts builds."""

    def __init__(self) -> None:
        super().__init__(lambda id: f"/ops/{id}")
        self.built: list[dict[str, Any]] = []
        self.detailed = 0

    def request_kwargs(self, httpx_client: Any, **kwargs: Any) -> dict[str, Any]:
        request = self._request(kwargs)
        base = str(httpx_client.base_url).rstrip("/")
        request["url"] = httpx.URL(base + "/" + request["url"].lstrip("/"))
        self.built.append(request)
        return request

    def build_response(self, *, client: Any, response: httpx.Response) -> Response:
        return self._build(response)

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


async def test_a_wait_builds_its_request_once(mode: str, clock: FakeClock) -> None:
    endpoint = PreparedEndpoint()
    script = Script(*[(200, status_body("Running"))] * 3, (200, status_body("Succeeded")))
    outcome = await _wait(mode, endpoint, script, clock)
    assert outcome.attempts == 4
    assert len(endpoint.built) == 1
    assert endpoint.detailed == 0
    assert [str(r.url) for r in script.requests] == ["https://fake.example/ops/op-1"] * 4


async def test_a_new_etag_rebuilds_the_request(mode: str, clock: FakeClock) -> None:
    endpoint = PreparedEndpoint()
    script = Script(
        (200, status_body("Running"), {"ETag": '"a"'}),
        (304, b"", {"ETag": '"a"'}),
        (200, status_body("Running"), {"ETag": '"b"'}),
        (200, status_body("Succeeded"), {"ETag": '"c"'}),
    )
    outcome = await _wait(mode, endpoint, script, clock)
    assert outcome.attempts == 4
    sent = [r.headers.get("If-None-Match") for r in script.requests]
    assert sent == [None, '"a"', '"a"', '"b"']
    # one build per distinct ETag sent: none, "a" (reused after the 304), "b"
    assert len(endpoint.built) == 3


async def test_a_replaced_httpx_client_gets_a_request_of_its_own(
    mode: str, clock: FakeClock
) -> None:
    endpoint = PreparedEndpoint()
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
    assert len(endpoint.built) == 2


async def test_stock_endpoint_modules_are_called_as_generated(mode: str, clock: FakeClock) -> None:
    script = Script((200, status_body("Running")), (200, status_body("Succeeded")))
    outcome = await run_wait(mode, script, clock)  # _support's OPS has no request_kwargs
    assert outcome.attempts == 2
    assert not hasattr(PROVIDER.endpoint, "request_kwargs")


def test_one_status_check_follows_a_replaced_policy(clock: FakeClock) -> None:
    """``status()`` derives its no-delay, no-retry policy from the client's policy, and follows
    ``client.policy`` when it is replaced."""
    from opstatus_core import PollPolicy

    with FakeClient(transport=Script((200, status_body("Running"))).sync(), clock=clock) as client:
        first = client._check_policy()
        assert client._check_policy() == first
        assert (first.initial_delay, first.transient_budget) == (0.0, 0)
        client.policy = PollPolicy(timeout=42.0, initial_delay=3.0)
        second = client._check_policy()
        assert second != first
        assert (second.timeout, second.initial_delay, second.transient_budget) == (42.0, 0.0, 0)
        assert client.status("op-1").status == "Running"
