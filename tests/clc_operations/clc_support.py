"""Helpers for the CenturyLink Cloud SDK tests: one way to drive a sync or an async client."""

from __future__ import annotations

import random
from typing import Any

from opstatus_clc_operations import AsyncClcOperationsClient, ClcOperationsClient, PollPolicy
from opstatus_clc_operations.testing import ClcOperationsFake
from opstatus_core import FakeClock, Outcome, Snapshot


def policy(**overrides: Any) -> PollPolicy:
    """Seeded jitter, small budget defaults of core."""
    return PollPolicy(rng=random.Random(7), **overrides)


class Api:
    """A sync or async SDK client on the in-process fake (or a base URL), awaited uniformly."""

    def __init__(
        self,
        mode: str,
        fake: ClcOperationsFake,
        clock: FakeClock,
        *,
        base_url: str | None = None,
        credentials: dict[str, Any] | None = None,
        **options: Any,
    ) -> None:
        self.mode = mode
        kwargs: dict[str, Any] = {
            "base_url": base_url or fake.base_url,
            "clock": clock,
            "policy": options.pop("policy", None) or policy(),
            **(fake.demo_credentials if credentials is None else credentials),
            **options,
        }
        if base_url is None:
            kwargs["transport"] = fake.transport()
        self.client: ClcOperationsClient | AsyncClcOperationsClient
        if mode == "sync":
            self.client = ClcOperationsClient(**kwargs)
        else:
            self.client = AsyncClcOperationsClient(**kwargs)

    async def wait(self, ref: Any, **kwargs: Any) -> Outcome[Any]:
        if isinstance(self.client, ClcOperationsClient):
            return self.client.wait(ref, **kwargs)
        return await self.client.wait(ref, **kwargs)

    async def status(self, ref: Any) -> Snapshot[Any]:
        if isinstance(self.client, ClcOperationsClient):
            return self.client.status(ref)
        return await self.client.status(ref)

    async def resume(self, token: str, **kwargs: Any) -> Outcome[Any]:
        if isinstance(self.client, ClcOperationsClient):
            return self.client.resume(token, **kwargs).wait()
        return await self.client.resume(token, **kwargs).wait()

    async def wait_many(self, refs: list[Any], **kwargs: Any) -> list[Any]:
        if isinstance(self.client, ClcOperationsClient):
            return self.client.wait_many(refs, **kwargs)
        return await self.client.wait_many(refs, **kwargs)

    async def login(self) -> str:
        if isinstance(self.client, ClcOperationsClient):
            return self.client.login()
        return await self.client.login()

    async def close(self) -> None:
        if isinstance(self.client, ClcOperationsClient):
            self.client.close()
        else:
            await self.client.aclose()
