"""Helpers for the Document Translation SDK tests (sync/async clients against the fake)."""

from __future__ import annotations

import random
from typing import Any

from opstatus_core import FakeClock, PollPolicy
from opstatus_doc_translation import AsyncDocTranslationClient, DocTranslationClient
from opstatus_doc_translation.testing import DEMO_KEY, DocTranslationFake


def policy(**overrides: Any) -> PollPolicy:
    overrides.setdefault("rng", random.Random(7))
    return PollPolicy(**overrides)


def make_client(
    mode: str, fake: DocTranslationFake, clock: FakeClock, **kwargs: Any
) -> DocTranslationClient | AsyncDocTranslationClient:
    kwargs.setdefault("base_url", fake.base_url)
    kwargs.setdefault("key", DEMO_KEY)
    kwargs.setdefault("policy", policy())
    kwargs.setdefault("transport", fake.transport())
    cls = DocTranslationClient if mode == "sync" else AsyncDocTranslationClient
    return cls(clock=clock, **kwargs)


async def call(client: Any, method: str, *args: Any, **kwargs: Any) -> Any:
    """``client.<method>(...)``, awaited for an async client."""
    result = getattr(client, method)(*args, **kwargs)
    if hasattr(result, "__await__"):
        result = await result
    return result


async def run(
    mode: str, fake: DocTranslationFake, clock: FakeClock, method: str, *args: Any, **kw: Any
) -> Any:
    """Build a client (``client_args`` in ``kw``), call one method, close the client."""
    client = make_client(mode, fake, clock, **kw.pop("client_args", {}))
    try:
        return await call(client, method, *args, **kw)
    finally:
        if isinstance(client, AsyncDocTranslationClient):
            await client.aclose()
        else:
            client.close()
