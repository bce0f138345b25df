"""Helpers for the SnapLogic APIM SDK tests: the fake's defaults on the shared harness
(tests/_support.py)."""

from __future__ import annotations

from typing import Any

from opstatus_core import FakeClock
from opstatus_snaplogic_apim import AsyncSnapLogicApimClient, SnapLogicApimClient
from opstatus_snaplogic_apim.testing import DEMO_ORG, SnapLogicApimFake

from tests._support import Driver as _Driver
from tests._support import make, policy

__all__ = ["Driver", "policy"]


class Driver(_Driver):
    """A client of either kind on the fake, with every call awaitable (sync calls are just run)."""

    def __init__(self, mode: str, fake: SnapLogicApimFake, clock: FakeClock, **options: Any):
        options.setdefault("base_url", fake.base_url)
        options.setdefault("transport", fake.transport())
        options.setdefault("clock", clock)
        options.setdefault("policy", policy())
        options.setdefault("org_name", DEMO_ORG)
        if "token" not in options and "username" not in options:
            options.update(fake.demo_credentials)
        self.mode = mode
        super().__init__(make(mode, (SnapLogicApimClient, AsyncSnapLogicApimClient), **options))
