"""Fixtures for the LCS Database Movement SDK tests: the fake, a fake clock, the client mode."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from opstatus_lcs_dbmovement.testing import LcsDbMovementFake

sys.path.insert(0, str(Path(__file__).parent))  # lcs_support (this folder is not importable)


@pytest.fixture
def fake() -> LcsDbMovementFake:
    return LcsDbMovementFake(validate_responses=True)
