from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from rel_support import PLUGIN_IDS, PLUGINS


@pytest.fixture(params=PLUGINS, ids=PLUGIN_IDS)
def plugin(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    return request.param
