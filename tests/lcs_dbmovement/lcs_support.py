"""Helpers of the LCS Database Movement SDK tests: a reproducible policy, sync/async runs."""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

from opstatus_core import FakeClock, Outcome, PollPolicy
from opstatus_lcs_dbmovement import AsyncLcsDbMovementClient, LcsDbMovementClient
from opstatus_lcs_dbmovement.testing import DEMO_TOKEN, LcsDbMovementFake


def policy(**overrides: Any) -> PollPolicy:
    """A reproducible policy: seeded jitter, or none at all with ``jitter=0``."""
    return PollPolicy(rng=random.Random(7), **overrides)


def client_kwargs(fake: LcsDbMovementFake, clock: FakeClock, **kwargs: Any) -> dict[str, Any]:
    kwargs.setdefault("token", DEMO_TOKEN)
    kwargs.setdefault("base_url", fake.base_url)
    kwargs.setdefault("transport", fake.transport())
    kwargs.setdefault("policy", policy())
    kwargs.setdefault("environ", {})
    return {"clock": clock, **kwargs}


async def run_wait(
    mode: str,
    fake: LcsDbMovementFake,
    ref: Any,
    clock: FakeClock,
    *,
    client: Mapping[str, Any] | None = None,
    **wait: Any,
) -> Outcome[Any]:
    """One ``client.wait(ref)``, with the sync or the async client, against the fake."""
    kwargs = client_kwargs(fake, clock, **dict(client or {}))
    if mode == "sync":
        with LcsDbMovementClient(**kwargs) as sync_client:
            return sync_client.wait(ref, **wait)
    async with AsyncLcsDbMovementClient(**kwargs) as async_client:
        return await async_client.wait(ref, **wait)
