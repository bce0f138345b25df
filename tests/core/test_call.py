"""client.call / call_detailed (and the one-shot machine): one request to a non-polled operation."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from opstatus_core import FakeClock
from opstatus_core.sdk import (
    ApiError,
    AuthenticationError,
    MalformedResponse,
    OperationFailed,
    OperationNotFound,
    TransientRetriesExhausted,
    WaitTimeout,
)

from ._support import AnyModel, FakeAsyncClient, FakeClient, FakeEndpoint, Script, policy, rule

LIST = FakeEndpoint(lambda org: f"/list/{org}", model=AnyModel)


class _Post(FakeEndpoint):
    """A POST action: 204 without a body, 202 with a header."""

    def _request(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        return {"method": "post", "url": self.path(**kwargs)}

    def _build(self, response: httpx.Response) -> Any:
        if response.status_code in (202, 204):
            from http import HTTPStatus

            from ._support import Response

            return Response(
                HTTPStatus(response.status_code), response.content, response.headers, None
            )
        return super()._build(response)


ACTION = _Post(lambda id: f"/ops/{id}/start")


async def _call(mode: str, script: Script, clock: FakeClock, *args: Any, **kwargs: Any) -> Any:
    detailed = kwargs.pop("detailed", False)
    pol = kwargs.pop("client_policy", None) or policy()
    if mode == "sync":
        with FakeClient(transport=script.sync(), clock=clock, policy=pol) as client:
            method = client.call_detailed if detailed else client.call
            return method(*args, **kwargs)
    async with FakeAsyncClient(transport=script.asynchronous(), clock=clock, policy=pol) as aclient:
        amethod = aclient.call_detailed if detailed else aclient.call
        return await amethod(*args, **kwargs)


async def test_call_returns_the_parsed_model(mode: str, clock: FakeClock) -> None:
    script = Script((200, {"items": [1, 2]}))
    model = await _call(mode, script, clock, LIST, org="acme")
    assert isinstance(model, AnyModel)
    assert model.data == {"items": [1, 2]}
    assert script.requests[0].url.path == "/list/acme"
    assert clock.sleeps == []


async def test_call_without_a_body_and_detailed(mode: str, clock: FakeClock) -> None:
    assert await _call(mode, Script((204, b"")), clock, ACTION, id="x") is None
    script = Script((202, b"", {"Operation-Location": "https://x/ops/1"}))
    response = await _call(mode, script, clock, ACTION, id="x", detailed=True)
    assert response.status_code == 202
    assert response.headers["Operation-Location"] == "https://x/ops/1"


async def test_transient_failures_are_retried_with_retry_after(mode: str, clock: FakeClock) -> None:
    script = Script(
        (503, {"error": "busy"}, {"Retry-After": "9"}),
        httpx.ConnectError("refused"),
        (429, {"error": "slow down"}),
        (200, {"ok": True}),
    )
    model = await _call(mode, script, clock, LIST, org="acme")
    assert model.data == {"ok": True}
    assert len(script.requests) == 4
    assert clock.sleeps[0] >= 9


async def test_transient_budget_exhausted(mode: str, clock: FakeClock) -> None:
    script = Script((500, {"error": "down"}))
    with pytest.raises(TransientRetriesExhausted) as info:
        await _call(mode, script, clock, LIST, org="acme", client_policy=policy(transient_budget=2))
    err = info.value
    assert err.attempts == 3
    assert err.status_code == 500
    assert err.operation_id == "FakeEndpoint"  # named after the endpoint (module) by default
    assert err.continuation_token is None
    assert err.detail == "down"


async def test_about_names_the_call_in_errors(mode: str, clock: FakeClock) -> None:
    script = Script((404, {"error": "no such org"}))
    with pytest.raises(OperationNotFound) as info:
        await _call(mode, script, clock, LIST, org="acme", about="listThings(acme)")
    err = info.value
    assert err.operation_id == "listThings(acme)"
    assert err.status_code == 404
    assert err.attempts == 1
    assert str(err).startswith("fake-provider: operation listThings(acme) was not found")


async def test_errors_are_typed_like_a_wait(mode: str, clock: FakeClock) -> None:
    with pytest.raises(AuthenticationError):
        await _call(mode, Script((401, {"error": "who?"})), clock, LIST, org="a")
    with pytest.raises(ApiError) as info:
        await _call(mode, Script((409, {"message": "busy"})), clock, LIST, org="a")
    assert info.value.detail == "busy"
    with pytest.raises(MalformedResponse):
        await _call(mode, Script((200, b"<html>")), clock, LIST, org="a")
    with pytest.raises(MalformedResponse):  # parsed, but not the model expected
        await _call(mode, Script((200, {"x": 1})), clock, LIST, org="a", expect=OperationFailed)


async def test_a_deep_2xx_body_is_refused_whole(mode: str, clock: FakeClock) -> None:
    """A call's 2xx never reaches the interpreter a wait's goes through: the engine refuses a
    body nested past ``MAX_JSON_DEPTH`` itself, as a wait would, before the caller reads it."""
    body = b'{"a":' * 100 + b"1" + b"}" * 100
    with pytest.raises(MalformedResponse, match="nests more than 64 levels") as info:
        await _call(mode, Script((200, body)), clock, LIST, org="a")
    assert info.value.status_code == 200


async def test_not_idempotent_retries_only_what_cannot_have_run(
    mode: str, clock: FakeClock
) -> None:
    script = Script((429, {"error": "slow"}), httpx.ConnectError("no"), (204, b""))
    assert await _call(mode, script, clock, ACTION, id="x", idempotent=False) is None
    assert len(script.requests) == 3
    script = Script((503, {"error": "busy"}), (204, b""))
    with pytest.raises(TransientRetriesExhausted, match="not idempotent"):
        await _call(mode, script, clock, ACTION, id="x", idempotent=False)
    assert len(script.requests) == 1
    script = Script(httpx.ReadTimeout("slow"), (204, b""))
    with pytest.raises(TransientRetriesExhausted):
        await _call(mode, script, clock, ACTION, id="x", idempotent=False)


async def test_retry_after_beyond_the_timeout(mode: str, clock: FakeClock) -> None:
    script = Script((503, {"error": "busy"}, {"Retry-After": "120"}), (200, {}))
    with pytest.raises(WaitTimeout):
        await _call(mode, script, clock, LIST, org="a", policy=policy(timeout=60))
    assert len(script.requests) == 1


def test_call_machine_without_a_client_object() -> None:
    """The one-shot machine and the sync driver, without a client object."""
    from opstatus_core._engine import call_machine
    from opstatus_core._poller import run

    from ._support import GeneratedClient

    script = Script((200, {"v": 1}))
    generated = GeneratedClient(
        base_url="https://x",
        headers={},
        timeout=httpx.Timeout(5),
        verify_ssl=True,
        httpx_args={"transport": script.sync()},
    )
    machine = call_machine(
        LIST, provider="p", error_pointer=rule().error, policy=policy(), clock=FakeClock()
    )
    response = run(machine, lambda _: LIST.sync_detailed(client=generated, org="o")).response()
    assert response.parsed.data == {"v": 1}
