"""Fixtures for the CenturyLink Cloud SDK tests: the fake, a fake clock, a client of either kind."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from opstatus_clc_operations.testing import ClcOperationsFake
from opstatus_core import FakeClock

from ._support import Api


@pytest.fixture
def fake() -> ClcOperationsFake:
    return ClcOperationsFake(validate_responses=True)


@pytest.fixture
async def make_api(
    mode: str, fake: ClcOperationsFake, clock: FakeClock
) -> AsyncIterator[Callable[..., Api]]:
    """``make_api(**client_options)``: a client of this test's kind, closed afterwards; the fake
    must have answered every request as the spec says."""
    made: list[Api] = []

    def make(**options: Any) -> Api:
        api = Api(mode, options.pop("fake", fake), options.pop("clock", clock), **options)
        made.append(api)
        return api

    yield make
    for api in made:
        await api.close()
    fake.assert_requests_valid()
    fake.assert_healthy()


@pytest.fixture
async def api(make_api: Callable[..., Api]) -> Api:
    return make_api()
