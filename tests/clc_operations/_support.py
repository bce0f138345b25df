"""Helpers for the CenturyLink Cloud SDK tests: a client of either kind on the shared harness
(tests/_support.py), with the fake's demo credentials."""

from __future__ import annotations

from typing import Any

from opstatus_clc_operations import AsyncClcOperationsClient, ClcOperationsClient
from opstatus_clc_operations.testing import ClcOperationsFake
from opstatus_core import FakeClock
from opstatus_core.sdk import Outcome, Snapshot

from tests._support import Driver, make, policy

__all__ = ["Api", "policy"]


class Api(Driver):
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
        kwargs: dict[str, Any] = {
            "base_url": base_url or fake.base_url,
            "clock": clock,
            "policy": options.pop("policy", None) or policy(),
            **(fake.demo_credentials if credentials is None else credentials),
            **options,
        }
        if base_url is None:
            kwargs["transport"] = fake.transport()
        super().__init__(make(mode, (ClcOperationsClient, AsyncClcOperationsClient), **kwargs))
        self.mode = mode

    async def status(self, ref: Any) -> Snapshot[Any]:
        return await self.call("status", ref)  # type: ignore[no-any-return]

    async def resume(self, token: str, **kwargs: Any) -> Outcome[Any]:
        return await self.drain(self.client.resume(token, **kwargs))  # type: ignore[no-any-return]

    async def wait_many(self, refs: list[Any], **kwargs: Any) -> list[Any]:
        return await self.call("wait_many", refs, **kwargs)  # type: ignore[no-any-return]

    async def login(self) -> str:
        return await self.call("login")  # type: ignore[no-any-return]
