"""The toy provider every test that needs one shares, laid out like a real SDK: this module is
the SDK (two toy SDKs: ``toy`` and ``toy-company``, their "generated" client and plugins), and
:mod:`tests.toy.testing` its spec and fake.

The SDKs are registered for the CLI tests through a real ``opstatus.providers`` entry point (a
``.dist-info`` written by tests/cli/conftest.py), so the CLI finds them as it finds real SDKs.

``toy``: a reference is just an id, a bearer token (``--token`` / ``TOY_TOKEN``), progress.
``toy-company``: a reference is ``company_id`` + ``id`` (``--param company_id=...``), no progress.
"""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any, Self

import attrs
import httpx
from opstatus_core import (
    AsyncStatusClient,
    BearerToken,
    Provider,
    Secret,
    StatusClient,
    env_secret,
)
from opstatus_core._rule import PollingRule
from opstatus_core.plugin import Credential, Plugin

from tests._support import TextReference

from .testing import SPEC

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


@attrs.frozen
class ToyReference(TextReference):
    """A toy job: string values sent as they are; an id starting with ``bad`` is refused."""

    provider = "toy"

    @classmethod
    def _from_values(cls, values: Mapping[str, object]) -> Self:
        if cls.text(values, "id").startswith("bad"):
            raise cls.refuse(f"{values['id']!r} is not a job id.")
        return super()._from_values(values)


@attrs.frozen
class CompanyReference(ToyReference):
    provider = "toy-company"
    keys = ("company_id", "id")


def _provider(
    name: str, op_id: str, path: str, reference: type[ToyReference], env: str
) -> Provider:
    return Provider(
        name=name,
        spec_package="unused",
        operation_id=op_id,
        endpoint=Endpoint(path),
        client_class=GeneratedClient,
        reference=reference,
        base_url_env=env,
        rule_loader=lambda: PollingRule.from_document(SPEC, op_id),
    )


TOY = _provider("toy", "getJobStatus", "/jobs/{id}", ToyReference, "TOY_BASE_URL")
TOY_COMPANY = _provider(
    "toy-company",
    "getCompanyJobStatus",
    "/companies({company_id})/jobStatus({id})",
    CompanyReference,
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


_TOKEN_CRED = Credential("token", "TOY_TOKEN", "The toy API token.")

PLUGIN = Plugin(
    provider=TOY,
    client=ToyClient,
    async_client=AsyncToyClient,
    summary="Toy jobs API (tests only).",
    credentials=(_TOKEN_CRED,),
    fake="tests.toy.testing:demo_fake",
)

COMPANY_PLUGIN = Plugin(
    provider=TOY_COMPANY,
    client=ToyCompanyClient,
    async_client=AsyncToyCompanyClient,
    summary="Toy jobs API, per company (tests only).",
    credentials=(_TOKEN_CRED,),
    fake="tests.toy.testing:demo_company_fake",
)

NOT_A_PLUGIN = "I am not a Plugin"
