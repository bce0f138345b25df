"""Helpers for the SnapLogic APIM SDK tests (imported by conftest and the test modules)."""

from __future__ import annotations

import inspect
import random
from typing import Any

from opstatus_core import FakeClock, PollPolicy
from opstatus_snaplogic_apim import AsyncSnapLogicApimClient, SnapLogicApimClient
from opstatus_snaplogic_apim.testing import DEMO_ORG, SnapLogicApimFake


def policy(**overrides: Any) -> PollPolicy:
    return PollPolicy(rng=random.Random(7), **overrides)


class Driver:
    """One client of either kind, with every call awaitable (sync calls are just run)."""

    def __init__(self, mode: str, fake: SnapLogicApimFake, clock: FakeClock, **options: Any):
        options.setdefault("base_url", fake.base_url)
        options.setdefault("transport", fake.transport())
        options.setdefault("clock", clock)
        options.setdefault("policy", policy())
        options.setdefault("org_name", DEMO_ORG)
        if "token" not in options and "username" not in options:
            options.update(fake.demo_credentials)
        self.mode = mode
        cls = SnapLogicApimClient if mode == "sync" else AsyncSnapLogicApimClient
        self.client: Any = cls(**options)

    async def call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        result = getattr(self.client, method)(*args, **kwargs)
        if inspect.isawaitable(result):
            result = await result
        return result

    async def wait(self, ref: Any, **kwargs: Any) -> Any:
        return await self.call("wait", ref, **kwargs)

    async def drain(self, poller: Any) -> Any:
        """Run a poller (from poller()/resume()) to its end; return its outcome or raise."""
        return await self.call_on(poller, "wait")

    @staticmethod
    async def call_on(obj: Any, method: str) -> Any:
        result = getattr(obj, method)()
        if inspect.isawaitable(result):
            result = await result
        return result

    async def close(self) -> None:
        if self.mode == "sync":
            self.client.close()
        else:
            await self.client.aclose()
