"""Fixtures for the SnapLogic APIM SDK tests: the fake, a fake clock, sync/async drivers."""

from __future__ import annotations

from typing import Any

import pytest
from opstatus_core import FakeClock
from opstatus_snaplogic_apim.testing import SnapLogicApimFake

from ._support import Driver


@pytest.fixture
def fake() -> SnapLogicApimFake:
    return SnapLogicApimFake(validate_responses=True)


@pytest.fixture
async def drivers(mode: str, fake: SnapLogicApimFake, clock: FakeClock) -> Any:
    made: list[Driver] = []

    def make(**options: Any) -> Driver:
        options.setdefault("clock", clock)
        driver = Driver(mode, fake, **options)
        made.append(driver)
        return driver

    yield make
    for driver in made:
        await driver.close()


@pytest.fixture
def driver(drivers: Any) -> Driver:
    made: Driver = drivers()
    return made
