"""Suite-wide: every request an SDK client sends in any test is validated against its spec
(contract kind 3, tests/contract/sdk_requests.py); one violation fails the run. And the two
fixtures every SDK's tests share: ``mode`` (each test runs against the sync and the async
client) and ``clock`` (a fake clock)."""

from __future__ import annotations

import pytest
from opstatus_core import FakeClock

pytest_plugins = ["tests.contract.sdk_requests"]


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def clock() -> FakeClock:
    """A clock the engine sleeps on without real waiting."""
    return FakeClock()
