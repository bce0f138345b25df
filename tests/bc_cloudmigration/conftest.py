"""Fixtures for the Business Central cloud-migration SDK tests: the fake, a fake clock, and a
client of either kind (sync or async) talking to the fake in-process."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from opstatus_bc_cloudmigration.testing import DEMO_COMPANY_ID, DEMO_TOKEN, BcCloudMigrationFake
from opstatus_core import FakeClock

from tests._support import close, make

from ._support import CLASSES, AnyClient, MakeClient, policy


@pytest.fixture
def fake() -> BcCloudMigrationFake:
    return BcCloudMigrationFake(validate_responses=True)


@pytest.fixture
async def make_client(
    mode: str, fake: BcCloudMigrationFake, clock: FakeClock
) -> AsyncIterator[MakeClient]:
    """``make_client(**options)``: a client of this test's kind on the in-process fake."""
    made: list[AnyClient] = []

    def build(**options: Any) -> AnyClient:
        options.setdefault("token", DEMO_TOKEN)
        options.setdefault("base_url", fake.base_url)
        options.setdefault("company_id", DEMO_COMPANY_ID)
        options.setdefault("clock", clock)
        options.setdefault("policy", policy())
        options.setdefault("transport", fake.transport())
        client: AnyClient = make(mode, CLASSES, **options)
        made.append(client)
        return client

    yield build
    for client in made:
        await close(client)
    fake.assert_requests_valid()
    fake.assert_healthy()
