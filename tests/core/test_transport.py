"""The response size limit and decoding of core's transport (in-process; the time limits and
real sockets are in tests/reliability/test_rel_transport.py)."""

from __future__ import annotations

import gzip
import json
from typing import Any

import httpx
import pytest
from opstatus_core import FakeClock
from opstatus_core._transport import DEFAULT_MAX_RESPONSE_BYTES
from opstatus_core.errors import ResponseTooLarge
from opstatus_core.sdk import ConfigurationError, MalformedResponse, Outcome

from ._support import FakeAsyncClient, FakeClient, Script, policy, status_body


async def _wait(mode: str, script: Script, **options: Any) -> Outcome[Any] | Exception:
    pol = policy(transient_budget=0)
    try:
        if mode == "sync":
            with FakeClient(
                transport=script.sync(), clock=FakeClock(), policy=pol, **options
            ) as client:
                return client.wait("op-1")
        async with FakeAsyncClient(
            transport=script.asynchronous(), clock=FakeClock(), policy=pol, **options
        ) as aclient:
            return await aclient.wait("op-1")
    except MalformedResponse as exc:
        return exc


def _json(body: dict[str, Any], **headers: str) -> httpx.Response:
    raw = json.dumps(body).encode()
    return httpx.Response(200, content=raw, headers={"Content-Type": "application/json", **headers})


def _gzipped(body: dict[str, Any]) -> httpx.Response:
    raw = gzip.compress(json.dumps(body).encode())
    return httpx.Response(
        200,
        content=raw,
        headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
    )


async def test_a_body_at_the_limit_is_read_whole(mode: str) -> None:
    body = status_body("Succeeded", pad="x" * 900)
    size = len(json.dumps(body).encode())
    result = await _wait(mode, Script(lambda _: _json(body)), max_response_bytes=size)
    assert isinstance(result, Outcome), result


async def test_one_byte_over_the_limit_is_a_typed_error(mode: str) -> None:
    body = status_body("Succeeded", pad="x" * 900)
    size = len(json.dumps(body).encode())
    result = await _wait(mode, Script(lambda _: _json(body)), max_response_bytes=size - 1)
    assert isinstance(result, ResponseTooLarge), result
    assert isinstance(result, MalformedResponse)
    assert f"{size - 1:,}-byte limit" in str(result)
    assert result.attempts == 1


async def test_a_declared_length_over_the_limit_is_refused_before_reading(mode: str) -> None:
    def respond(_: httpx.Request) -> httpx.Response:
        response = _json(status_body("Succeeded"))
        response.headers["Content-Length"] = str(10 * DEFAULT_MAX_RESPONSE_BYTES)
        return response

    result = await _wait(mode, Script(respond))
    assert isinstance(result, ResponseTooLarge), result
    assert "declares" in str(result)


async def test_gzip_is_decoded_within_the_limit(mode: str) -> None:
    """A small compressed status reads as usual; its decoded form is what is counted."""
    body = status_body("Succeeded", pad="x" * 5000)
    assert isinstance(await _wait(mode, Script(lambda _: _gzipped(body))), Outcome)
    # about 100 bytes on the wire, over 5 kB decoded: the decoded size is held to the limit
    result = await _wait(mode, Script(lambda _: _gzipped(body)), max_response_bytes=4000)
    assert isinstance(result, ResponseTooLarge), result
    assert "once decompressed" in str(result)


def test_the_decoded_response_no_longer_claims_an_encoding() -> None:
    seen: list[httpx.Response] = []
    script = Script(lambda _: _gzipped(status_body("Succeeded")))
    with FakeClient(transport=script.sync(), clock=FakeClock(), policy=policy()) as client:
        http = client.generated_client.get_httpx_client()
        http.event_hooks["response"].append(seen.append)
        client.wait("op-1")
    assert seen
    assert "content-encoding" not in seen[0].headers
    assert json.loads(seen[0].content)["status"] == "Succeeded"


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "8"])
def test_max_response_bytes_must_be_a_positive_int(bad: Any) -> None:
    with pytest.raises(ConfigurationError, match="max_response_bytes"):
        FakeClient(max_response_bytes=bad)
