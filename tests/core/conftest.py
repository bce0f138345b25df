from __future__ import annotations

import random
from typing import Any

import pytest
from core_support import FakeAsyncClient, FakeClient, Script
from opstatus_core import FakeClock, Outcome, PollPolicy


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def policy(**overrides: Any) -> PollPolicy:
    return PollPolicy(rng=random.Random(7), **overrides)


async def run_wait(
    mode: str, script: Script, clock: FakeClock, ref: Any = "op-1", **kwargs: Any
) -> Outcome[Any]:
    """Wait once, sync or async, against a scripted server."""
    pol = kwargs.pop("policy", None) or policy()
    if mode == "sync":
        with FakeClient(transport=script.sync(), clock=clock, policy=pol) as client:
            return client.wait(ref, **kwargs)
    async with FakeAsyncClient(transport=script.asynchronous(), clock=clock, policy=pol) as aclient:
        return await aclient.wait(ref, **kwargs)
