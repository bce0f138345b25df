"""The toy provider every test that needs one shares, laid out like a real SDK: this module is
the SDK (two toy SDKs: ``toy`` and ``toy-company``, their "generated" endpoint and plugins; the
generated client's double is tests/_support.py's), ``openapi.yaml`` its spec (read by core, as
an SDK's is: ``spec_package="tests.toy"``) and :mod:`tests.toy.testing` its fake.

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
from opstatus_core.plugin import Credential, Plugin

from tests._support import GeneratedClient, Response, TextReference

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
    """A toy job: string values sent as they are; an id starting with ``bad-`` is refused (not
    ``bad``: one random UUID in 4,096 starts with it, which made the toy demo fail by chance)."""

    provider = "toy"

    @classmethod
    def _from_values(cls, values: Mapping[str, object]) -> Self:
        if cls.text(values, "id").startswith("bad-"):
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
        spec_package="tests.toy",
        operation_id=op_id,
        endpoint=Endpoint(path),
        client_class=GeneratedClient,
        reference=reference,
        base_url_env=env,
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
