"""Fixtures for the LCS Database Movement SDK tests: the fake, a fake clock, the client mode."""

from __future__ import annotations

import pytest
from opstatus_lcs_dbmovement.testing import LcsDbMovementFake


@pytest.fixture
def fake() -> LcsDbMovementFake:
    return LcsDbMovementFake(validate_responses=True)
