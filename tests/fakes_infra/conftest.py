from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.toy.testing import AUTH, TOKEN, ToyFake


@pytest.fixture
def fake() -> ToyFake:
    return ToyFake(credentials={"bearerAuth": [TOKEN]}, validate_responses=True)


@pytest.fixture
def client(fake: ToyFake) -> Iterator[httpx.Client]:
    with fake.client(headers=AUTH) as c:
        yield c
