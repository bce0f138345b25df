"""Fuzzing every generated response parser of every provider (logins, submissions, actions,
listings, not only the status call) through core's one-request path, the one every SDK's
``client.call(...)`` uses: arbitrary bytes and JSON under assorted status codes. The only
outcomes allowed are a response (2xx) or a typed opstatus error, never another exception.

The generated ``build_response`` is the parser under test and ``client.call_detailed`` the code that
maps its result; only the I/O is replaced (the request is never sent), so every operation can be
fuzzed without building valid arguments for it."""

from __future__ import annotations

import importlib
import json
import pkgutil
import warnings
from types import ModuleType
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from opstatus_core import PollPolicy
from opstatus_core.plugin import Plugin
from opstatus_core.sdk import OpstatusError

from ._support import PLUGINS, close, make_client
from .test_rel_fuzz import CODES, JSON

#: no retries, no waiting: one answer, one outcome
ONE_SHOT = PollPolicy(timeout=5.0, transient_budget=0, jitter=0.0)


def _endpoints(plugin: Plugin) -> list[ModuleType]:
    """Every operation module of the provider's generated client package."""
    root = plugin.provider.endpoint.__name__.split(".", 1)[0]
    api = importlib.import_module(f"{root}.api")
    found = []
    for info in pkgutil.walk_packages(api.__path__, prefix=f"{root}.api."):
        module = importlib.import_module(info.name)
        if hasattr(module, "build_response"):
            found.append(module)
    return found


CASES = [(plugin, module) for plugin in PLUGINS for module in _endpoints(plugin)]


class _Answer:
    """An endpoint whose ``sync_detailed`` parses a canned answer with the real parser."""

    def __init__(self, module: ModuleType) -> None:
        self.module = module
        self.__name__ = module.__name__
        self.code = 200
        self.body = b""

    def sync_detailed(self, *, client: Any, **_: Any) -> Any:
        response = httpx.Response(
            self.code, content=self.body, headers={"content-type": "application/json"}
        )
        return self.module.build_response(client=client, response=response)


@pytest.mark.parametrize(
    ("plugin", "module"),
    CASES,
    ids=[f"{p.name}:{m.__name__.rsplit('.', 1)[-1]}" for p, m in CASES],
)
async def test_fuzz_every_parser(plugin: Plugin, module: ModuleType) -> None:
    fake = plugin.load_fake()
    client = make_client(plugin, fake, "sync")
    endpoint = _Answer(module)
    bodies = st.one_of(st.binary(max_size=200), JSON.map(lambda v: json.dumps(v).encode()))
    outcomes: set[str] = set()

    @settings(
        max_examples=80, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
    )
    @given(body=bodies, code=CODES)
    def run(body: bytes, code: int) -> None:
        endpoint.code, endpoint.body = code, body
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                response = client.call_detailed(endpoint, policy=ONE_SHOT)
            except OpstatusError as exc:
                outcomes.add(type(exc).__name__)
                return
        assert 200 <= int(response.status_code) <= 299, response.status_code
        outcomes.add("2xx")

    try:
        run()
    finally:
        await close(client)
    # the strategy reached both kinds of outcome, so the test could have failed either way
    assert "2xx" in outcomes, outcomes
    assert outcomes - {"2xx"}, outcomes
