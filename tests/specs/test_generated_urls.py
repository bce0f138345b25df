"""The generated endpoints send absolute URLs (generator/templates/endpoint_module.py.jinja):
the httpx client's base_url and the operation's path, joined as httpx itself would join them."""

from __future__ import annotations

from uuid import UUID

import httpx
import pytest
from opstatus_lcs_dbmovement_client import AuthenticatedClient
from opstatus_lcs_dbmovement_client.api.database_movement import get_operation_status
from opstatus_lcs_dbmovement_client.models import GetOperationStatusXMsVersion

ENV = UUID("5362377c-bc37-4f92-b30e-fe0c1e664cc0")
OP = UUID("55eb4327-9346-4c7b-82bd-fe8ef15112c6")
PATH = f"/databasemovement/v1/fetchstatus/project/12345/environment/{ENV}/operationactivity/{OP}"


def _sent(client: AuthenticatedClient) -> str:
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(404)

    httpx_client = client.get_httpx_client()
    httpx_client._transport = httpx.MockTransport(answer)
    get_operation_status.sync_detailed(
        12345, ENV, OP, client=client, x_ms_version=GetOperationStatusXMsVersion.V2017_09_15
    )
    (url,) = seen
    return url


@pytest.mark.parametrize(
    ("base_url", "expected"),
    [
        ("https://lcs.example", "https://lcs.example" + PATH),
        ("https://lcs.example/", "https://lcs.example" + PATH),
        ("https://lcs.example/tenant/a", "https://lcs.example/tenant/a" + PATH),
        ("https://lcs.example/tenant/a/", "https://lcs.example/tenant/a" + PATH),
    ],
)
def test_the_url_is_base_url_plus_path(base_url: str, expected: str) -> None:
    assert _sent(AuthenticatedClient(base_url=base_url, token="t")) == expected
    # what httpx itself makes of the relative path: the same URL
    assert str(httpx.Client(base_url=base_url).build_request("GET", PATH).url) == expected


def test_a_custom_httpx_client_keeps_its_own_base_url() -> None:
    client = AuthenticatedClient(base_url="https://ignored.example", token="t")
    client.set_httpx_client(httpx.Client(base_url="https://custom.example/x"))
    assert _sent(client) == "https://custom.example/x" + PATH
