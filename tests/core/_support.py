"""Test doubles for tests/core: a tiny spec (openapi.yaml, next to this module), a generated-like
endpoint module (the generated client's double is tests/_support.py's).

The endpoint mirrors what openapi-python-client 0.29 emits: ``sync_detailed``/``asyncio_detailed``
build a ``Response`` with ``HTTPStatus(code)`` and a parsed model (``from_dict`` raising KeyError on
a missing required field, ``response.json()`` raising on a non-JSON body), over httpx, so an
``httpx.MockTransport`` scripts the server.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from http import HTTPStatus
from typing import Any

import attrs
import httpx
from opstatus_core import FakeClock, Provider, StatusClient, load_spec
from opstatus_core._client import AsyncStatusClient
from opstatus_core._rule import PollingRule
from opstatus_core.sdk import Outcome

from tests._support import GeneratedClient, Response, TextReference, policy, run

__all__ = ["GeneratedClient", "Response", "TextReference", "policy"]  # for this folder's tests

#: the test provider's spec, shipped with this package as an SDK ships its own (``spec_package``)
SPEC: Mapping[str, Any] = load_spec("tests.core")


def rule(operation_id: str = "getOperationStatus") -> PollingRule:
    """A new rule (its own warned values) of one of the spec's operations."""
    return PollingRule.from_document(SPEC, operation_id)


@attrs.define
class StatusModel:
    """Like a generated model: required ``status``; everything else kept as-is."""

    status: str
    rest: dict[str, Any]

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> StatusModel:
        d = dict(src)
        status = d.pop("status")  # KeyError for a missing required field, as generated code
        if not isinstance(status, str):
            raise TypeError("status")
        return cls(status=status, rest=d)

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, **self.rest}


@attrs.define
class AnyModel:
    data: dict[str, Any]

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> AnyModel:
        if not isinstance(src, Mapping):
            raise TypeError("not an object")
        return cls(dict(src))

    def to_dict(self) -> dict[str, Any]:
        return dict(self.data)


@attrs.define
class ErrorModel:
    error: Any

    def to_dict(self) -> dict[str, Any]:
        return {"error": self.error}


class FakeEndpoint:
    """A generated operation module: GET {path(kwargs)} with parsing as generated code does."""

    def __init__(self, path: Callable[..., str], model: Any = StatusModel) -> None:
        self.path = path
        self.model = model

    def _request(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        headers = {}
        etag = kwargs.pop("if_none_match", None)
        if etag is not None:
            headers["If-None-Match"] = etag
        return {"method": "get", "url": self.path(**kwargs), "headers": headers}

    def _build(self, response: httpx.Response) -> Response:
        parsed: Any = None
        try:  # like generator/templates/endpoint_module.py.jinja: an error body comes back raw
            if response.status_code == 200:
                parsed = self.model.from_dict(response.json())
            elif response.status_code in (401, 404, 500):
                parsed = ErrorModel(response.json().get("error"))
        except (ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError):
            if response.status_code == 200:
                raise
            parsed = None
        try:
            code = HTTPStatus(response.status_code)
        except ValueError:
            code = response.status_code  # type: ignore[assignment]
        return Response(
            status_code=code,
            content=response.content,
            headers=response.headers,
            parsed=parsed,
        )

    def sync_detailed(self, *, client: Any, **kwargs: Any) -> Response:
        response = client.get_httpx_client().request(**self._request(kwargs))
        return self._build(response)

    async def asyncio_detailed(self, *, client: Any, **kwargs: Any) -> Response:
        response = await client.get_async_httpx_client().request(**self._request(kwargs))
        return self._build(response)


Step = Any  # (code, body, headers) | Exception | Callable[[httpx.Request], httpx.Response]


class Script:
    """A scripted server: each request takes the next step (the last one repeats)."""

    def __init__(self, *steps: Step) -> None:
        self.steps = list(steps)
        self.requests: list[httpx.Request] = []

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        step = self.steps.pop(0) if len(self.steps) > 1 else self.steps[0]
        if isinstance(step, Exception):
            raise step
        if callable(step):
            result: httpx.Response = step(request)
            return result
        code, body, headers = ((*step, {}))[:3] if len(step) == 2 else step
        content = body if isinstance(body, bytes) else json.dumps(body).encode()
        return httpx.Response(
            code, content=content, headers={"content-type": "application/json", **headers}
        )

    def sync(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handler)

    def asynchronous(self) -> httpx.MockTransport:
        async def handler(request: httpx.Request) -> httpx.Response:
            return self.handler(request)

        return httpx.MockTransport(handler)


def status_body(status: str, op_id: str = "op-1", **extra: Any) -> dict[str, Any]:
    return {"id": op_id, "status": status, **extra}


OPS = FakeEndpoint(lambda id: f"/ops/{id}")


@attrs.frozen
class OrgReference(TextReference):
    """``{"org": ..., "id": ...}``, sent as a batch endpoint takes it (the id in a list)."""

    provider = "fake-batch"
    keys = ("org", "id")

    def to_kwargs(self) -> dict[str, Any]:
        values = self.to_dict()
        return {"org": values["org"], "status_token": [values["id"]]}


PROVIDER = Provider(
    name="fake-provider",
    spec_package="tests.core",
    operation_id="getOperationStatus",
    endpoint=OPS,
    client_class=GeneratedClient,
    reference=TextReference,
    default_base_url="https://fake.example",
)


class FakeClient(StatusClient):
    provider = PROVIDER


class FakeAsyncClient(AsyncStatusClient):
    provider = PROVIDER


async def run_wait(
    mode: str, script: Script, clock: FakeClock, ref: Any = "op-1", **kwargs: Any
) -> Outcome[Any]:
    """Wait once, sync or async, against a scripted server."""
    client = {
        "transport": script.sync() if mode == "sync" else script.asynchronous(),
        "clock": clock,
        "policy": kwargs.pop("policy", None) or policy(),
    }
    classes = (FakeClient, FakeAsyncClient)
    return await run(mode, classes, "wait", ref, client=client, **kwargs)  # type: ignore[no-any-return]
