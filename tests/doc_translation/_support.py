"""Helpers for the Document Translation SDK tests: the fake's defaults on the shared harness
(tests/_support.py)."""

from __future__ import annotations

from typing import Any

from opstatus_core import FakeClock
from opstatus_doc_translation import AsyncDocTranslationClient, DocTranslationClient
from opstatus_doc_translation.testing import DEMO_KEY, DocTranslationFake

from tests._support import call, make, policy
from tests._support import run as _run

__all__ = ["call", "make_client", "policy", "run"]

CLASSES = (DocTranslationClient, AsyncDocTranslationClient)


def _kwargs(fake: DocTranslationFake, clock: FakeClock, **kwargs: Any) -> dict[str, Any]:
    kwargs.setdefault("base_url", fake.base_url)
    kwargs.setdefault("key", DEMO_KEY)
    kwargs.setdefault("policy", policy())
    kwargs.setdefault("transport", fake.transport())
    return {"clock": clock, **kwargs}


def make_client(
    mode: str, fake: DocTranslationFake, clock: FakeClock, **kwargs: Any
) -> DocTranslationClient | AsyncDocTranslationClient:
    return make(mode, CLASSES, **_kwargs(fake, clock, **kwargs))  # type: ignore[no-any-return]


async def run(
    mode: str, fake: DocTranslationFake, clock: FakeClock, method: str, *args: Any, **kw: Any
) -> Any:
    """Build a client (``client_args`` in ``kw``), call one method, close the client."""
    client = _kwargs(fake, clock, **kw.pop("client_args", {}))
    return await _run(mode, CLASSES, method, *args, client=client, **kw)
