from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).parent))

from toy_fake import AUTH, TOKEN, ToyFake


@pytest.fixture
def fake() -> ToyFake:
    return ToyFake(credentials={"bearerAuth": [TOKEN]}, validate_responses=True)


@pytest.fixture
def client(fake: ToyFake) -> Iterator[httpx.Client]:
    with fake.client(headers=AUTH) as c:
        yield c
