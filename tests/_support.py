"""What every test folder shares: the specs (one loader), the test providers' reference and
"generated" client, a reproducible policy, and one harness that drives a sync or an async client
the same way (every call awaitable).

Each folder's own ``_support.py`` only adds its provider's defaults (credentials, base URL, the
in-process transport of its fake) on top of this.
"""

from __future__ import annotations

import copy
import functools
import inspect
import random
from collections.abc import Mapping, MutableMapping
from http import HTTPStatus
from pathlib import Path
from typing import Any, Self

import attrs
import httpx
import yaml
from opstatus_core import OperationReference, PollPolicy

ROOT = Path(__file__).resolve().parents[1]
SPECS = ROOT / "specs"

# -- the specs ----------------------------------------------------------------------------------


class _SpecLoader(yaml.SafeLoader):
    """Safe YAML without implicit timestamps (an example date stays a string, as JSON has it)."""


_SpecLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _stringify_keys(node: Any) -> Any:
    if isinstance(node, dict):
        return {str(k): _stringify_keys(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_stringify_keys(v) for v in node]
    return node


def spec_path(slug: str) -> Path:
    return SPECS / f"{slug}.yaml"


@functools.cache
def _load_spec(slug: str) -> dict[str, Any]:
    text = spec_path(slug).read_text(encoding="utf-8")
    return _stringify_keys(yaml.load(text, Loader=_SpecLoader))  # type: ignore[no-any-return]


def load_spec(slug: str) -> dict[str, Any]:
    """A fresh (deep) copy of ``specs/<slug>.yaml`` as JSON data (response codes as strings)."""
    return copy.deepcopy(_load_spec(slug))


# -- references ---------------------------------------------------------------------------------


@attrs.frozen
class TextReference(OperationReference):
    """A reference whose values are plain strings, sent as they are (the test providers')."""

    provider = "fake-provider"
    keys = ("id",)
    id_key = "id"

    items: tuple[tuple[str, str], ...]

    @classmethod
    def _from_values(cls, values: Mapping[str, object]) -> Self:
        return cls(tuple((k, cls.text(values, k)) for k in cls.keys if k in values))

    def to_kwargs(self) -> dict[str, Any]:
        return dict(self.items)

    def to_dict(self) -> dict[str, str]:
        return dict(self.items)


# -- a generated client's double (tests/core, tests/toy) -----------------------------------------


@attrs.define
class Response:
    """A generated ``Response``: what core reads of one."""

    status_code: HTTPStatus
    content: bytes
    headers: MutableMapping[str, str]
    parsed: Any


class GeneratedClient:
    """The subset of a generated ``Client`` core uses: built with core's keywords, it makes the
    httpx clients on first use (an in-process transport of the wrong kind is left out)."""

    def __init__(
        self,
        *,
        base_url: str,
        headers: dict[str, str],
        timeout: httpx.Timeout,
        verify_ssl: bool,
        httpx_args: dict[str, Any],
    ) -> None:
        self.base_url, self.headers, self.timeout = base_url, dict(headers), timeout
        self.verify_ssl, self.httpx_args = verify_ssl, httpx_args
        self._client: httpx.Client | None = None
        self._async: httpx.AsyncClient | None = None

    def _args(self, kind: type[Any]) -> dict[str, Any]:
        args = {"base_url": self.base_url, "headers": self.headers, "timeout": self.timeout}
        args.update(self.httpx_args, verify=self.verify_ssl)
        if not isinstance(args.get("transport"), kind):
            args.pop("transport", None)
        return args

    def get_httpx_client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(**self._args(httpx.BaseTransport))
        return self._client

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        if self._async is None:
            self._async = httpx.AsyncClient(**self._args(httpx.AsyncBaseTransport))
        return self._async

    def with_headers(self, headers: dict[str, str]) -> GeneratedClient:
        self.headers.update(headers)
        for client in (self._client, self._async):
            if client is not None:
                client.headers.update(headers)
        return self


# -- clients ------------------------------------------------------------------------------------


def policy(**overrides: Any) -> PollPolicy:
    """A reproducible policy: seeded jitter (or none at all with ``jitter=0``)."""
    overrides.setdefault("rng", random.Random(7))
    return PollPolicy(**overrides)


async def call(obj: Any, method: str, *args: Any, **kwargs: Any) -> Any:
    """``obj.<method>(...)``, awaited when ``obj`` is async: one test body for both kinds."""
    result = getattr(obj, method)(*args, **kwargs)
    if inspect.isawaitable(result):
        result = await result
    return result


async def close(client: Any) -> None:
    """Close a sync (``close``) or an async (``aclose``) client."""
    await call(client, "aclose" if hasattr(client, "aclose") else "close")


def make(mode: str, classes: tuple[type[Any], type[Any]], **kwargs: Any) -> Any:
    """A client of ``mode`` ("sync" or "async") from ``(sync class, async class)``."""
    return classes[mode != "sync"](**kwargs)


async def run(
    mode: str, classes: tuple[type[Any], type[Any]], method: str, *args: Any, **kw: Any
) -> Any:
    """Build a client (keywords in ``client``), call one method, close the client."""
    client = make(mode, classes, **kw.pop("client"))
    try:
        return await call(client, method, *args, **kw)
    finally:
        await close(client)


class Driver:
    """One client of either kind, every call awaitable: ``await driver.call("wait", ref)``."""

    def __init__(self, client: Any) -> None:
        self.client = client

    async def call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        return await call(self.client, method, *args, **kwargs)

    async def wait(self, ref: Any, **kwargs: Any) -> Any:
        return await self.call("wait", ref, **kwargs)

    async def drain(self, poller: Any) -> Any:
        """Run a poller (from ``poller()``/``resume()``) to its end; its outcome, or it raises."""
        return await call(poller, "wait")

    async def close(self) -> None:
        await close(self.client)
