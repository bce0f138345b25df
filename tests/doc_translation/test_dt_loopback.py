"""The same fake over real HTTP (uvicorn on loopback), for the sync and the async client."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from opstatus_core import FakeClock
from opstatus_core.testing import Fault, LoopbackServer, serve
from opstatus_doc_translation import (
    AsyncDocTranslationClient,
    AuthenticationError,
    DocTranslationClient,
    OperationCanceled,
    OperationNotFound,
)
from opstatus_doc_translation.testing import DEMO_KEY, DocTranslationFake, batch_request

from ._support import call, policy


@pytest.fixture(scope="module")
def loopback() -> Iterator[tuple[DocTranslationFake, LoopbackServer]]:
    fake = DocTranslationFake(validate_responses=True)
    with serve(fake) as server:
        yield fake, server
    fake.assert_healthy()


async def test_over_loopback(
    mode: str, loopback: tuple[DocTranslationFake, LoopbackServer]
) -> None:
    fake, server = loopback
    fake.clear_log()
    cls = DocTranslationClient if mode == "sync" else AsyncDocTranslationClient
    clock = FakeClock()
    env = {"OPSTATUS_TRANSLATOR_ENDPOINT": server.base_url, "OPSTATUS_TRANSLATOR_KEY": DEMO_KEY}
    client = cls(environ=env, clock=clock, policy=policy(), request_timeout=5)
    try:
        # submit, with transient faults on the way, then wait with progress
        batch_id = await call(client, "start_translation", batch_request())
        fake.inject(Fault.http_error(503, retry_after=2), operation_id=batch_id)
        fake.inject(Fault.drop_connection(), operation_id=batch_id)
        fake.inject(Fault.reset_mid_body(), operation_id=batch_id)
        seen: list[float | None] = []
        outcome = await call(
            client, "wait", batch_id, on_progress=lambda s: seen.append(s.progress)
        )
        assert outcome.status == "Succeeded"
        assert seen[-1] == 1.0
        assert 2.0 in clock.sleeps
        # cancel
        other = await call(client, "start_translation", batch_request())
        assert (await call(client, "cancel", other)).status == "Cancelling"
        with pytest.raises(OperationCanceled):
            await call(client, "wait", other)
        # typed errors over the wire
        with pytest.raises(OperationNotFound):
            await call(client, "wait", "00000000-0000-0000-0000-000000000000")
    finally:
        if isinstance(client, AsyncDocTranslationClient):
            await client.aclose()
        else:
            client.close()
    wrong = cls(base_url=server.base_url, key="wrong", clock=clock)
    with pytest.raises(AuthenticationError):
        await call(wrong, "wait", batch_id)
    fake.assert_requests_valid()
    assert all(r.header("Ocp-Apim-Subscription-Key") == "<redacted>" for r in fake.requests)
