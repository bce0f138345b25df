"""Test doubles for tests/core: a tiny spec, a generated-like client and endpoint module.

The endpoint mirrors what openapi-python-client 0.29 emits: ``sync_detailed``/``asyncio_detailed``
build a ``Response`` with ``HTTPStatus(code)`` and a parsed model (``from_dict`` raising KeyError on
a missing required field, ``response.json()`` raising on a non-JSON body), over httpx, so an
``httpx.MockTransport`` scripts the server.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, MutableMapping
from http import HTTPStatus
from typing import Any

import attrs
import httpx
from opstatus_core import FakeClock, Provider, StatusClient
from opstatus_core._client import AsyncStatusClient
from opstatus_core._rule import PollingRule
from opstatus_core.sdk import Outcome

from tests._support import TextReference, policy, run

__all__ = ["TextReference", "policy"]  # re-exported for the tests of this folder

SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "fake", "version": "1"},
    "paths": {
        "/ops/{id}": {
            "get": {
                "operationId": "getOperationStatus",
                "x-opstatus": {
                    "knownStatus": "#/components/schemas/KnownStatus",
                    "status": "/status",
                    "id": "/id",
                    "error": "/error",
                    "succeeded": ["Succeeded"],
                    "failed": ["Failed", "ValidationFailed"],
                    "canceled": ["Canceled"],
                    "pending": ["NotStarted", "Running"],
                    "progress": {
                        "done": ["/summary/success", "/summary/failed"],
                        "total": "/summary/total",
                    },
                },
            }
        },
        "/batch": {
            "get": {
                "operationId": "getBatchStatus",
                "x-opstatus": {
                    "entries": "/response_map",
                    "status": "/status",
                    "succeeded": ["Completed"],
                    "failed": ["Failed", "Not Found"],
                    "notFound": ["Not Found"],
                    "canceled": [],
                    "pending": ["Started", "Migrating"],
                },
            }
        },
        "/lcs": {
            "get": {
                "operationId": "getLcs",
                "x-opstatus": {
                    "status": "/OperationStatus",
                    "okFlag": "/IsSuccess",
                    "error": "/ErrorMessage",
                    "succeeded": ["Completed"],
                    "failed": ["Failed"],
                    "canceled": ["Aborted"],
                    "pending": ["InProgress"],
                },
            }
        },
    },
    "components": {
        "schemas": {
            "KnownStatus": {
                "type": "string",
                "enum": [
                    "NotStarted",
                    "Running",
                    "Succeeded",
                    "Failed",
                    "ValidationFailed",
                    "Canceled",
                ],
            }
        }
    },
}


def rule(operation_id: str = "getOperationStatus") -> PollingRule:
    return PollingRule.from_document(SPEC, operation_id)


@attrs.define
class Response:
    status_code: HTTPStatus
    content: bytes
    headers: MutableMapping[str, str]
    parsed: Any


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


class FakeGeneratedClient:
    """The subset of a generated ``Client`` core uses."""

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

    def _args(self) -> dict[str, Any]:
        return {
            "base_url": self.base_url,
            "headers": self.headers,
            "timeout": self.timeout,
            **self.httpx_args,
        }

    def get_httpx_client(self) -> httpx.Client:
        if self._client is None:
            args = self._args()
            if not isinstance(args.get("transport", None), httpx.BaseTransport):
                args.pop("transport", None)
            self._client = httpx.Client(verify=self.verify_ssl, **args)
        return self._client

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        if self._async is None:
            args = self._args()
            if not isinstance(args.get("transport", None), httpx.AsyncBaseTransport):
                args.pop("transport", None)
            self._async = httpx.AsyncClient(verify=self.verify_ssl, **args)
        return self._async

    def with_headers(self, headers: dict[str, str]) -> FakeGeneratedClient:
        self.headers.update(headers)
        for c in (self._client, self._async):
            if c is not None:
                c.headers.update(headers)
        return self


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
    spec_package="unused",
    operation_id="getOperationStatus",
    endpoint=OPS,
    client_class=FakeGeneratedClient,
    reference=TextReference,
    default_base_url="https://fake.example",
    rule_loader=rule,
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
