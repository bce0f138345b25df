"""Helpers of the LCS Database Movement SDK tests: the fake's defaults on the shared harness
(tests/_support.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from opstatus_core import FakeClock
from opstatus_core.sdk import Outcome
from opstatus_lcs_dbmovement import AsyncLcsDbMovementClient, LcsDbMovementClient
from opstatus_lcs_dbmovement.testing import DEMO_TOKEN, LcsDbMovementFake

from tests._support import policy, run

__all__ = ["client_kwargs", "policy", "run_wait"]


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
    classes = (LcsDbMovementClient, AsyncLcsDbMovementClient)
    return await run(mode, classes, "wait", ref, client=kwargs, **wait)  # type: ignore[no-any-return]
