"""The toy provider every test that needs one shares: its spec, its fake, and two toy SDKs.

The fake (``ToyFake``, on the shared machinery of ``opstatus_core.testing``) serves four
operations: create a job, its status (``/jobs/{id}``), its status per company (an OData-style
path) and a batch of statuses (``/statuses?token=...``); tests/fakes_infra exercises the fake
machinery on it. The SDKs are registered for the CLI tests through a real
``opstatus.providers`` entry point (a ``.dist-info`` written by tests/cli/conftest.py), so the CLI
finds them as it finds real SDKs:

``toy``: a reference is just an id, a bearer token (``--token`` / ``TOY_TOKEN``), progress.
``toy-company``: a reference is ``company_id`` + ``id`` (``--param company_id=...``), no progress.
"""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

import attrs
import httpx
from opstatus_core import (
    AsyncStatusClient,
    BearerToken,
    Credential,
    InvalidOperationReference,
    Plugin,
    PollingRule,
    Provider,
    Secret,
    StatusClient,
    env_secret,
)
from opstatus_core.testing import FakeOperation, FakeRequest, FakeService, json_response, route

TOKEN = "toy-demo-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
#: a company id (the company route's parameter is a UUID)
COMPANY = "8d4b8e8c-1c7c-4b4c-9a40-0b1c1d2e3f40"

# -- the spec ----------------------------------------------------------------------------------

_ERROR = {"$ref": "#/components/schemas/Error"}


def _error_responses(*codes: str) -> dict[str, Any]:
    return {
        code: {
            "description": "error",
            "content": {"application/json": {"schema": _ERROR}},
        }
        for code in codes
    }


def _job_response() -> dict[str, Any]:
    return {
        "description": "the job",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Job"}}},
    }


STATUS_EXT = {
    "knownStatus": "#/components/schemas/KnownStatus",
    "status": "/status",
    "id": "/id",
    "error": "/error",
    "succeeded": ["Succeeded"],
    "failed": ["Failed"],
    "canceled": ["Canceled"],
    "pending": ["NotStarted", "Running"],
    "progress": {"done": ["/progress/done"], "total": "/progress/total"},
}

SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Toy jobs API", "version": "1.0"},
    "servers": [{"url": "https://api.toy.example/v1"}],
    "security": [{"bearerAuth": []}],
    "paths": {
        "/jobs": {
            "post": {
                "operationId": "createJob",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/NewJob"}}
                    },
                },
                "responses": {"202": _job_response(), **_error_responses("400", "401")},
            }
        },
        "/jobs/{id}": {
            "get": {
                "operationId": "getJobStatus",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                    {"name": "verbose", "in": "query", "schema": {"type": "boolean"}},
                ],
                "responses": {
                    "200": _job_response(),
                    **_error_responses("400", "401", "403", "404", "429", "500", "503"),
                },
                "x-opstatus": STATUS_EXT,
            }
        },
        "/companies({company_id})/jobStatus({id})": {
            "get": {
                "operationId": "getCompanyJobStatus",
                "parameters": [
                    {
                        "name": "company_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string", "format": "uuid"},
                    },
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                ],
                "responses": {"200": _job_response(), **_error_responses("400", "401", "404")},
                "x-opstatus": {k: v for k, v in STATUS_EXT.items() if k != "progress"},
            }
        },
        "/statuses": {
            "get": {
                "operationId": "getStatuses",
                "parameters": [
                    {
                        "name": "token",
                        "in": "query",
                        "required": True,
                        "explode": True,
                        "schema": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                    }
                ],
                "responses": {
                    "200": {
                        "description": "a map of token to job",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["response_map"],
                                    "properties": {
                                        "response_map": {
                                            "type": "object",
                                            "additionalProperties": {
                                                "$ref": "#/components/schemas/Job"
                                            },
                                        }
                                    },
                                }
                            }
                        },
                    },
                    **_error_responses("400", "401"),
                },
                "x-opstatus": {
                    **{k: v for k, v in STATUS_EXT.items() if k != "id"},
                    "entries": "/response_map",
                },
            }
        },
    },
    "components": {
        "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "KnownStatus": {
                "type": "string",
                "enum": ["NotStarted", "Running", "Succeeded", "Failed", "Canceled"],
            },
            "NewJob": {
                "type": "object",
                "required": ["name"],
                "additionalProperties": False,
                "properties": {
                    "name": {"type": "string", "minLength": 1},
                    "steps": {"type": "integer", "minimum": 0},
                },
            },
            "Job": {
                "type": "object",
                "required": ["id", "status"],
                "properties": {
                    "id": {"type": "string"},
                    "status": {
                        "anyOf": [{"$ref": "#/components/schemas/KnownStatus"}, {"type": "string"}]
                    },
                    "progress": {
                        "type": "object",
                        "properties": {
                            "done": {"type": "integer"},
                            "total": {"type": "integer"},
                        },
                    },
                    "error": {"type": ["string", "null"]},
                },
            },
            "Error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
}


# -- the "generated" client ------------------------------------------------------------------


@attrs.define
class Job:
    data: dict[str, Any]

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Job:
        if "status" not in src:
            raise KeyError("status")
        return cls(dict(src))

    def to_dict(self) -> dict[str, Any]:
        return dict(self.data)


@attrs.define
class Response:
    status_code: HTTPStatus
    content: bytes
    headers: Any
    parsed: Any


class GeneratedClient:
    def __init__(
        self,
        *,
        base_url: str,
        headers: dict[str, str],
        timeout: httpx.Timeout,
        verify_ssl: bool,
        httpx_args: dict[str, Any],
    ) -> None:
        self._args = {
            "base_url": base_url,
            "headers": dict(headers),
            "timeout": timeout,
            "verify": verify_ssl,
            **httpx_args,
        }
        self._sync: httpx.Client | None = None
        self._async: httpx.AsyncClient | None = None

    def get_httpx_client(self) -> httpx.Client:
        if self._sync is None:
            args = dict(self._args)
            if not isinstance(args.get("transport"), httpx.BaseTransport):
                args.pop("transport", None)
            self._sync = httpx.Client(**args)
        return self._sync

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        if self._async is None:
            args = dict(self._args)
            if not isinstance(args.get("transport"), httpx.AsyncBaseTransport):
                args.pop("transport", None)
            self._async = httpx.AsyncClient(**args)
        return self._async

    def with_headers(self, headers: dict[str, str]) -> GeneratedClient:
        self._args["headers"].update(headers)
        return self


class Endpoint:
    def __init__(self, path: str) -> None:
        self.path = path

    @staticmethod
    def _build(response: httpx.Response) -> Response:
        parsed = Job.from_dict(response.json()) if response.status_code == 200 else None
        return Response(
            HTTPStatus(response.status_code), response.content, response.headers, parsed
        )

    def sync_detailed(self, *, client: GeneratedClient, **kwargs: str) -> Response:
        return self._build(client.get_httpx_client().get(self.path.format(**kwargs)))

    async def asyncio_detailed(self, *, client: GeneratedClient, **kwargs: str) -> Response:
        response = await client.get_async_httpx_client().get(self.path.format(**kwargs))
        return self._build(response)


def _to_kwargs(ref: Mapping[str, str]) -> dict[str, str]:
    if ref["id"].startswith("bad"):
        raise InvalidOperationReference(f"toy: {ref['id']!r} is not a job id.")
    return dict(ref)


def _provider(name: str, op_id: str, path: str, keys: tuple[str, ...], env: str) -> Provider:
    return Provider(
        name=name,
        spec_package="unused",
        operation_id=op_id,
        endpoint=Endpoint(path),
        client_class=GeneratedClient,
        to_kwargs=_to_kwargs,
        reference_keys=keys,
        base_url_env=env,
        rule_loader=lambda: PollingRule.from_document(SPEC, op_id),
    )


TOY = _provider("toy", "getJobStatus", "/jobs/{id}", ("id",), "TOY_BASE_URL")
TOY_COMPANY = _provider(
    "toy-company",
    "getCompanyJobStatus",
    "/companies({company_id})/jobStatus({id})",
    ("company_id", "id"),
    "TOY_COMPANY_BASE_URL",
)


def _auth(token: str | None) -> BearerToken:
    secret = Secret(token) if token else env_secret("TOY_TOKEN", required=True)
    assert secret is not None
    return BearerToken(secret)


class ToyClient(StatusClient):
    provider = TOY

    def __init__(self, *, token: str | None = None, **options: Any) -> None:
        super().__init__(auth=_auth(token), **options)


class AsyncToyClient(AsyncStatusClient):
    provider = TOY

    def __init__(self, *, token: str | None = None, **options: Any) -> None:
        super().__init__(auth=_auth(token), **options)


class ToyCompanyClient(StatusClient):
    provider = TOY_COMPANY

    def __init__(self, *, token: str | None = None, **options: Any) -> None:
        super().__init__(auth=_auth(token), **options)


class AsyncToyCompanyClient(AsyncStatusClient):
    provider = TOY_COMPANY

    def __init__(self, *, token: str | None = None, **options: Any) -> None:
        super().__init__(auth=_auth(token), **options)


# -- the fake ----------------------------------------------------------------------------------

_OUTCOME = {"succeeded": "Succeeded", "failed": "Failed", "canceled": "Canceled"}
CODES = {400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound"}


class ToyFake(FakeService):
    """About 50 lines: the shape every provider fake takes. ``company=True``: the fake of the
    ``toy-company`` SDK (its references carry a company id)."""

    name = "toy"
    spec_source = SPEC

    def __init__(self, *args: Any, company: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.company = company
        self.demo_credentials = {"token": TOKEN}

    def seed_operation(self, outcome: str, *, polls: int = 3) -> dict[str, str]:
        final = _OUTCOME[outcome]
        schedule: list[tuple[str, float | None]] = [("Running", polls), (final, None)]
        op = self.operations.create(schedule=schedule, steps=4)
        return {"company_id": COMPANY, "id": op.id} if self.company else {"id": op.id}

    def error_response(self, status: int, message: str, request: httpx.Request) -> httpx.Response:
        headers = {"WWW-Authenticate": 'Bearer realm="toy"'} if status == 401 else None
        body = {"code": CODES.get(status, f"E{status}"), "message": message}
        return json_response(status, body, headers)

    def document(self, op: FakeOperation) -> dict[str, Any]:
        total = int(op.fields.get("steps", 4))
        done = min(total, op.step * total // max(1, len(op.schedule) - 1))
        failed = op.status == "Failed"
        return {
            "id": op.id,
            "status": op.status,
            "progress": {"done": done, "total": total},
            "error": op.fields.get("error", "it broke") if failed else None,
        }

    @route("createJob")
    def create_job(self, req: FakeRequest) -> httpx.Response:
        body = req.json()
        op = self.operations.create(name=body["name"], steps=body.get("steps", 4))
        return self.json_response(202, self.document(op), {"Location": f"/v1/jobs/{op.id}"})

    @route("getJobStatus")
    def get_job_status(self, req: FakeRequest) -> httpx.Response:
        op = self.operations.poll(req.param("id"))
        if op is None:
            return self.not_found(req, f"No job {req.param('id')!r}.")
        return self.json_response(200, self.document(op))

    @route("getCompanyJobStatus")
    def get_company_job_status(self, req: FakeRequest) -> httpx.Response:
        return self.get_job_status(req)

    @route("getStatuses", id_param="token")
    def get_statuses(self, req: FakeRequest) -> httpx.Response:
        found = {t: self.operations.poll(t) for t in req.query["token"]}
        return self.json_response(
            200, {"response_map": {t: self.document(op) for t, op in found.items() if op}}
        )


def demo_fake(**kwargs: Any) -> ToyFake:
    """The ``toy`` SDK's fake as its plugin ships it: only the demo token is accepted."""
    kwargs.setdefault("credentials", {"bearerAuth": [TOKEN]})
    return ToyFake(**kwargs)


def demo_company_fake(**kwargs: Any) -> ToyFake:
    """The ``toy-company`` SDK's fake."""
    fake = demo_fake(company=True, **kwargs)
    fake.name = "toy-company"  # type: ignore[misc]
    return fake


_TOKEN_CRED = Credential("token", "TOY_TOKEN", "The toy API token.")

PLUGIN = Plugin(
    provider=TOY,
    client=ToyClient,
    async_client=AsyncToyClient,
    summary="Toy jobs API (tests only).",
    credentials=(_TOKEN_CRED,),
    fake="tests._toy:demo_fake",
)

COMPANY_PLUGIN = Plugin(
    provider=TOY_COMPANY,
    client=ToyCompanyClient,
    async_client=AsyncToyCompanyClient,
    summary="Toy jobs API, per company (tests only).",
    credentials=(_TOKEN_CRED,),
    fake="tests._toy:demo_company_fake",
)

NOT_A_PLUGIN = "I am not a Plugin"
