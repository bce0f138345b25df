"""The generated endpoints send absolute URLs (generator/templates/endpoint_module.py.jinja):
the httpx client's base_url and the operation's path, joined as httpx itself would join them."""

from __future__ import annotations

from uuid import UUID

import httpx
import pytest
from opstatus_lcs_dbmovement_client import AuthenticatedClient
from opstatus_lcs_dbmovement_client.api.database_movement import get_operation_status

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
    get_operation_status.sync_detailed(12345, ENV, OP, client=client, x_ms_version="2017-09-15")
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


def test_request_kwargs_hold_the_same_url_parsed_once() -> None:
    """``request_kwargs`` (what a poller builds once per wait) carries an ``httpx.URL``: the
    one ``sync_detailed`` sends."""
    client = AuthenticatedClient(base_url="https://lcs.example/tenant/a/", token="t")
    httpx_client = client.get_httpx_client()
    kwargs = get_operation_status.request_kwargs(
        httpx_client, 12345, ENV, OP, x_ms_version="2017-09-15"
    )
    assert isinstance(kwargs["url"], httpx.URL)
    assert str(kwargs["url"]) == _sent(client) == "https://lcs.example/tenant/a" + PATH
    assert kwargs["headers"] == {"x-ms-version": "2017-09-15"}


TOKENS = ["17ed9720-05b2-4e22-9955-04c4534451ae", "a b&c", "ü/ö"]


def test_query_parameters_are_merged_as_httpx_merges_them() -> None:
    """SnapLogic's repeated ``status_token``: baked into the URL once, encoded as httpx encodes
    ``params=``."""
    from opstatus_snaplogic_apim_client import AuthenticatedClient as SnapClient
    from opstatus_snaplogic_apim_client.api.migration_status import (
        get_migration_status_by_token as by_token,
    )

    base = "https://elastic.snaplogic.com/api/1/rest/public/apim_service"
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(418)  # undocumented: parsed is None

    client = SnapClient(base_url=base, token="t")
    client.set_httpx_client(httpx.Client(base_url=base, transport=httpx.MockTransport(answer)))
    kwargs = by_token.request_kwargs(client.get_httpx_client(), "my env", status_token=TOKENS)
    assert "params" not in kwargs
    by_token.sync_detailed("my env", client=client, status_token=TOKENS)
    expected = httpx.Client(base_url=base).build_request(
        "GET", "/migration_status/my%20env", params={"status_token": TOKENS}
    )
    assert seen == [str(kwargs["url"])] == [str(expected.url)]
    assert expected.url.params.get_list("status_token") == TOKENS
