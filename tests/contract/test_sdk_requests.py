"""Kind 3, on its own: every request each SDK sends (sync and async) is valid for its spec.

The overlay tests are checked request by request by the ``tests.contract.sdk_requests`` plugin
(see that module); this test makes sure ``make contract`` alone covers every SDK too: each SDK
waits on an operation of every outcome its fake offers, with both clients, in-process, and every
request the fake recorded must conform to the spec (path, query, headers, security, body).
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import pytest
from opstatus_core._policy import PollPolicy
from opstatus_core.errors import WaitError

from ._support import SLUGS, require_fake, require_plugin

pytestmark = pytest.mark.contract

FAST = PollPolicy(initial_delay=0.0, interval=0.001, max_interval=0.001, jitter=0.0, timeout=30)
OUTCOMES = ("succeeded", "failed", "canceled")


def _refs(fake: Any) -> list[Any]:
    refs = []
    for outcome in OUTCOMES:
        with contextlib.suppress(ValueError):
            refs.append(fake.seed_operation(outcome, polls=2))
    return refs


@pytest.mark.parametrize("slug", SLUGS)
def test_every_sdk_request_conforms(slug: str, record_property: Any) -> None:
    found = require_plugin(slug)
    fake = require_fake(slug)
    options = {"base_url": fake.base_url, "transport": fake.transport(), "policy": FAST}
    with found.client(**options, **fake.demo_credentials) as client:
        refs = _refs(fake)
        for ref in refs:
            client.status(ref)
            with contextlib.suppress(WaitError):
                client.wait(ref)
        client.wait_many(_refs(fake))

    async def run_async() -> None:
        async with found.async_client(**options, **fake.demo_credentials) as client:
            for ref in _refs(fake):
                with contextlib.suppress(WaitError):
                    await client.wait(ref)

    asyncio.run(run_async())
    assert fake.requests, f"{slug}: the SDK sent nothing"
    fake.assert_requests_valid()
    record_property("contract_kind", "test_sdk_requests")
    record_property("contract_provider", slug)
    record_property("contract_cases", len(fake.requests))
