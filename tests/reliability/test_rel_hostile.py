"""Hostile ids and names: encoded so that they never change the path or query sent (the fake's
request log is checked), or refused before any request where the spec gives a format (GUIDs)."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from opstatus_cli import run as cli_run
from opstatus_core.plugin import Plugin
from opstatus_core.sdk import InvalidOperationReference, OpstatusError, WaitError

from ._support import PLUGINS, close, make_client, status_requests

HOSTILE = [
    "a/b",
    "../../etc/passwd",
    "..",
    ".",
    "x?admin=true&y=1",
    "frag#ment",
    "100%25done%2F",
    "with space",
    "ünïcødé-名前-🚀",
    "x" * 2000,
    "a\\b;c=d",
    "%00nul",
]
HOSTILE_IDS = [
    "slash",
    "dotdot-path",
    "dotdot",
    "dot",
    "query",
    "fragment",
    "percent",
    "space",
    "unicode",
    "very-long",
    "backslash-semicolon",
    "percent-nul",
]


def _is_guid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _guid_keys(plugin: Plugin, fake: Any, ref: dict[str, str]) -> set[str]:
    """The reference keys the spec says are GUIDs (``format: uuid`` on the status operation's
    parameter of that name; the id key maps to the route's id parameter)."""
    route = next(r for r in fake.routes if r.operation_id == plugin.provider.operation_id)
    spec = fake.spec
    uuids: set[str] = set()
    for _template, path_item in spec["paths"].items():
        for op in path_item.values():
            if not isinstance(op, dict) or op.get("operationId") != plugin.provider.operation_id:
                continue
            for param in [*path_item.get("parameters", []), *op.get("parameters", [])]:
                if "$ref" in param:
                    param = spec["components"]["parameters"][param["$ref"].rsplit("/", 1)[-1]]
                if (param.get("schema") or {}).get("format") == "uuid":
                    uuids.add(param["name"])
    keys = {k for k in ref if k in uuids}
    id_param = route.id_param or (route.params[-1] if route.params else None)
    if id_param in uuids:
        keys.add(plugin.provider.id_key)
    return keys


@pytest.mark.parametrize("value", HOSTILE, ids=HOSTILE_IDS)
async def test_hostile_value_in_every_reference_key(plugin: Plugin, mode: str, value: str) -> None:
    # '.' and '..' must be refused (InvalidOperationReference, nothing sent): as a path segment
    # a dot-segment is resolved away by httpx and servers, so it would address another path
    fake = plugin.load_fake()
    seeded = fake.seed_operation("succeeded", polls=0)
    route = next(r for r in fake.routes if r.operation_id == plugin.provider.operation_id)
    guid_keys = _guid_keys(plugin, fake, seeded)
    for key in seeded:
        ref = {**seeded, key: value}
        fake.clear_log()
        client = make_client(plugin, fake, mode)
        try:
            if mode == "sync":
                client.status(ref)
            else:
                await client.status(ref)
        except InvalidOperationReference:
            # refused before any request: nothing at all reached the service
            assert not status_requests(fake, plugin), (key, value)
            continue
        except WaitError:
            pass  # e.g. 404 for an id the fake does not know: the request must still be exact
        except OpstatusError as exc:  # pragma: no cover - a refusal of another kind
            pytest.fail(f"{key}={value!r}: {type(exc).__name__}: {exc}")
        finally:
            await close(client)
        if value in (".", ".."):
            pytest.fail(f"{plugin.name}: {key}={value!r} was sent, not refused (a dot-segment)")
        if key in guid_keys and not _is_guid(value):
            pytest.fail(f"{plugin.name}: {key} is a GUID but {value!r:.40} was sent, not refused")
        # every request sent (a re-login may repeat it) hit the status route with the value
        # whole, in its own parameter, and no query parameter was added
        assert status_requests(fake, plugin), f"{key}={value!r:.60}: nothing reached the route"
        assert all(
            r.route == plugin.provider.operation_id
            for r in fake.requests
            if r.route not in _AUXILIARY
        ), f"{key}={value!r:.60}: sent {[(r.method, r.path[:120]) for r in fake.requests]}"
        for record in status_requests(fake, plugin):
            params = route.match(record.path.split("?", 1)[0])
            assert params is not None, record.path
            query = parse_qs(urlsplit(record.url).query, keep_blank_values=True)
            where = {**params, **{k: v[0] for k, v in query.items() if len(v) == 1}}
            assert value in where.values(), f"{key}: sent {record.url!r:.300}, params {where}"
            assert set(query) <= _normal_query(plugin), query


_NORMAL: dict[str, set[str]] = {}


#: requests other than the status request that a client may send (CenturyLink's login)
_AUXILIARY = {"login"}


def _normal_query(plugin: Plugin) -> set[str]:
    if plugin.name not in _NORMAL:
        probe = plugin.load_fake()
        ref = probe.seed_operation("succeeded", polls=0)
        client = make_client(plugin, probe, "sync")
        try:
            client.status(ref)
        finally:
            client.close()
        sent = status_requests(probe, plugin)[-1]
        _NORMAL[plugin.name] = set(parse_qs(urlsplit(sent.url).query, keep_blank_values=True))
    return _NORMAL[plugin.name]


async def _maybe_await(value: Any) -> Any:
    return await value if hasattr(value, "__await__") else value


def _has_guid_keys(plugin: Plugin) -> bool:
    fake = plugin.load_fake()
    return bool(_guid_keys(plugin, fake, fake.seed_operation("succeeded", polls=0)))


#: providers whose spec makes a reference key a GUID (decided at collection time, from the spec)
GUID_PLUGINS = [p for p in PLUGINS if _has_guid_keys(p)]


@pytest.mark.parametrize("guid_plugin", GUID_PLUGINS, ids=[p.name for p in GUID_PLUGINS])
async def test_guid_ids_refused_before_any_request(guid_plugin: Plugin, mode: str) -> None:
    """Where the spec says a reference key is a GUID, a non-GUID is refused, nothing sent."""
    plugin = guid_plugin
    fake = plugin.load_fake()
    seeded = fake.seed_operation("succeeded", polls=0)
    guid_keys = sorted(_guid_keys(plugin, fake, seeded))
    assert guid_keys
    client = make_client(plugin, fake, mode)
    try:
        for key in guid_keys:
            bad = {**seeded, key: "not-a-guid"}
            with pytest.raises(InvalidOperationReference) as info:
                await _maybe_await(client.wait(bad))
            assert plugin.name in str(info.value)
    finally:
        await close(client)
    assert not fake.requests, "a request was sent for a refused reference"


async def test_one_typed_reference_serves_every_entry(plugin: Plugin, mode: str) -> None:
    """The SDK's reference type is what a client, the CLI and a durable workflow parse: a typed
    reference passes through unchanged, its mapping (tokens, outcomes, workflow inputs) reads
    back to an equal one, and a wait takes it as it is."""
    fake = plugin.load_fake()
    seeded = fake.seed_operation("succeeded", polls=0)
    kind = plugin.provider.reference
    client = make_client(plugin, fake, mode)
    try:
        typed = client.reference(seeded)
        assert type(typed) is kind
        assert client.reference(typed) is typed
        assert kind.parse(typed.to_dict()) == typed
        assert cli_run.check_references(plugin, client, [seeded, typed]) == [typed, typed]
        assert set(typed.to_dict()) <= set(plugin.provider.reference_keys)
        outcome = await _maybe_await(client.wait(typed))
    finally:
        await close(client)
    assert outcome.reference == typed.to_dict()
    assert outcome.operation_id == typed.id
