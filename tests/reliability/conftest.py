from __future__ import annotations

import pytest

from ._support import PLUGIN_IDS, PLUGINS


@pytest.fixture(params=PLUGINS, ids=PLUGIN_IDS)
def plugin(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    return request.param
