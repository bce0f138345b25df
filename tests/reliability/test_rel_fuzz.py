"""Fuzzing the response parsers of every provider with hypothesis: arbitrary bytes, arbitrary
JSON and mutations of the provider's real status body, under assorted status codes. The only
outcomes allowed are a parsed status (a Snapshot) or a typed opstatus error, never another
exception (a raw traceback from the generated layer)."""

from __future__ import annotations

import json
import warnings
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from opstatus_core.plugin import Plugin
from opstatus_core.sdk import OpstatusError, Snapshot

from ._support import PLUGIN_IDS, PLUGINS, make_client

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
CODES = st.sampled_from([200, 200, 200, 201, 202, 204, 304, 400, 401, 404, 409, 429, 500, 503])


class _Swap(httpx.BaseTransport):
    """The fake answers everything; the status route's body and code are replaced."""

    def __init__(self, fake: Any, operation_id: str) -> None:
        self.inner = fake.transport()
        self.fake = fake
        self.operation_id = operation_id
        self.body: bytes = b""
        self.code = 200

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        if self.fake.requests[-1].route != self.operation_id:
            return response
        return httpx.Response(
            self.code, content=self.body, headers={"content-type": "application/json"}
        )


def _mutations(document: Any) -> st.SearchStrategy[Any]:
    """The real body with one value (at any depth) replaced by arbitrary JSON, or removed."""
    paths: list[tuple[Any, ...]] = []

    def walk(node: Any, path: tuple[Any, ...]) -> None:
        paths.append(path)
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, (*path, k))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, (*path, i))

    walk(document, ())

    def apply(path: tuple[Any, ...], value: Any, delete: bool) -> Any:
        doc = json.loads(json.dumps(document))
        if not path:
            return value
        parent = doc
        for key in path[:-1]:
            parent = parent[key]
        if delete and isinstance(parent, dict):
            parent.pop(path[-1], None)
        else:
            parent[path[-1]] = value
        return doc

    return st.builds(apply, st.sampled_from(paths), JSON, st.booleans())


def _setup(plugin: Plugin) -> tuple[Any, _Swap, dict[str, str], Any]:
    fake = plugin.load_fake()
    ref = fake.seed_operation("succeeded", polls=5)
    swap = _Swap(fake, plugin.provider.operation_id)
    client = make_client(plugin, fake, "sync", transport=swap)
    # the real status body, as the fake serves it (the swap lets it through once)
    swap.operation_id = ""
    captured: list[bytes] = []
    client.generated_client.get_httpx_client().event_hooks["response"] = [
        lambda response: captured.append(response.read())
    ]
    client.status(ref)
    client.generated_client.get_httpx_client().event_hooks["response"] = []
    swap.operation_id = plugin.provider.operation_id
    real = json.loads(captured[-1])
    return fake, swap, ref, (client, real)


def _check(client: Any, ref: dict[str, str]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            result = client.status(ref)
        except OpstatusError:
            return
    assert isinstance(result, Snapshot)


@pytest.mark.parametrize("plugin", PLUGINS, ids=PLUGIN_IDS)
def test_fuzz_status_parser(plugin: Plugin) -> None:
    fake, swap, ref, (client, real) = _setup(plugin)
    bodies = st.one_of(
        st.binary(max_size=200),
        JSON.map(lambda v: json.dumps(v).encode()),
        _mutations(real).map(lambda v: json.dumps(v).encode()),
    )

    @settings(
        max_examples=120,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(body=bodies, code=CODES)
    def run(body: bytes, code: int) -> None:
        swap.body, swap.code = body, code
        fake.clear_log()
        _check(client, ref)

    try:
        run()
    finally:
        client.close()
