"""Helpers of the Business Central cloud-migration SDK tests (imported by name: this folder is
not an importable package name)."""

from __future__ import annotations

import inspect
import random
from collections.abc import Callable
from typing import Any

from opstatus_bc_cloudmigration import AsyncBcCloudMigrationClient, BcCloudMigrationClient
from opstatus_core import PollPolicy

AnyClient = BcCloudMigrationClient | AsyncBcCloudMigrationClient


def policy(**overrides: Any) -> PollPolicy:
    return PollPolicy(rng=random.Random(7), **overrides)


async def call(client: AnyClient, method: str, *args: Any, **kwargs: Any) -> Any:
    """Call ``method`` on a sync or an async client alike."""
    result = getattr(client, method)(*args, **kwargs)
    if inspect.isawaitable(result):
        result = await result
    return result


MakeClient = Callable[..., AnyClient]
