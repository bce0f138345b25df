from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.service_migration_request import ServiceMigrationRequest
from ...models.service_migration_response import ServiceMigrationResponse
from ...types import Response


def _get_kwargs(
    *,
    body: ServiceMigrationRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/service_migration",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | ServiceMigrationResponse | None:
    if response.status_code == 200:
        response_200 = ServiceMigrationResponse.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorResponse.from_dict(response.json())

        return response_403

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def request_kwargs(
    httpx_client: httpx.Client | httpx.AsyncClient,
    *,
    body: ServiceMigrationRequest,
) -> dict[str, Any]:
    """The keywords of ``httpx_client.request()`` for this call, the URL absolute and parsed.

    Build them once to send the same request many times on ``httpx_client``; read each answer
    with :func:`build_response`.
    """
    kwargs = _get_kwargs(
        body=body,
    )
    url = str(httpx_client.base_url).rstrip("/") + "/" + kwargs["url"].lstrip("/")
    kwargs["url"] = httpx.URL(url)
    return kwargs


def build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | ServiceMigrationResponse]:
    """The ``Response`` of an answer to this call's request.

    An error status whose body is not the documented shape (not JSON, a missing field, nested
    too deep) gives ``parsed=None`` with the raw ``content`` kept, and a status code
    ``http.HTTPStatus`` does not name (e.g. 599) stays the plain int: the caller still sees the
    status code. Only a 2xx body that does not parse raises (the parser's own exception).
    """
    try:
        status_code = HTTPStatus(response.status_code)
    except ValueError:
        status_code = cast(HTTPStatus, response.status_code)
    try:
        parsed = _parse_response(client=client, response=response)
    except (ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError):
        if 200 <= response.status_code <= 299:
            raise
        parsed = None
    return Response(
        status_code=status_code,
        content=response.content,
        headers=response.headers,
        parsed=parsed,
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ServiceMigrationRequest,
) -> Response[ErrorResponse | ServiceMigrationResponse]:
    """Migrate Classic APIM assets to APIM 3.0

     Migrate Classic APIM assets (APIs, API Versions, or Proxies) to APIM 3.0 Services, one
    Service per asset, across environments or within the same one, several assets in one
    request. The migration always runs asynchronously: the response returns a
    `status_token` per asset, to poll with `getMigrationStatusByToken`.

    Service name, slug and version are optional (they default to the source asset's); the
    API auto-increments duplicate slugs. Supported source asset types: API, API Version and
    Proxy; the API returns an error for unsupported types.

    Prerequisites: Environment admin permissions, or read permission on the source asset.

    The response body: the page states only that it "returns a status_token per asset"; its
    layout inside the `response_map` envelope is not spelled out in what opstatus could
    read, so `response_map` is left open here and a client collects every `status_token`
    string it holds (the opstatus SDK does).

    Args:
        body (ServiceMigrationRequest): The body of `startServiceMigration`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ServiceMigrationResponse]
    """

    httpx_client = client.get_httpx_client()
    response = httpx_client.request(
        **request_kwargs(
            httpx_client,
            body=body,
        )
    )

    return build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: ServiceMigrationRequest,
) -> ErrorResponse | ServiceMigrationResponse | None:
    """Migrate Classic APIM assets to APIM 3.0

     Migrate Classic APIM assets (APIs, API Versions, or Proxies) to APIM 3.0 Services, one
    Service per asset, across environments or within the same one, several assets in one
    request. The migration always runs asynchronously: the response returns a
    `status_token` per asset, to poll with `getMigrationStatusByToken`.

    Service name, slug and version are optional (they default to the source asset's); the
    API auto-increments duplicate slugs. Supported source asset types: API, API Version and
    Proxy; the API returns an error for unsupported types.

    Prerequisites: Environment admin permissions, or read permission on the source asset.

    The response body: the page states only that it "returns a status_token per asset"; its
    layout inside the `response_map` envelope is not spelled out in what opstatus could
    read, so `response_map` is left open here and a client collects every `status_token`
    string it holds (the opstatus SDK does).

    Args:
        body (ServiceMigrationRequest): The body of `startServiceMigration`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ServiceMigrationResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ServiceMigrationRequest,
) -> Response[ErrorResponse | ServiceMigrationResponse]:
    """Migrate Classic APIM assets to APIM 3.0

     Migrate Classic APIM assets (APIs, API Versions, or Proxies) to APIM 3.0 Services, one
    Service per asset, across environments or within the same one, several assets in one
    request. The migration always runs asynchronously: the response returns a
    `status_token` per asset, to poll with `getMigrationStatusByToken`.

    Service name, slug and version are optional (they default to the source asset's); the
    API auto-increments duplicate slugs. Supported source asset types: API, API Version and
    Proxy; the API returns an error for unsupported types.

    Prerequisites: Environment admin permissions, or read permission on the source asset.

    The response body: the page states only that it "returns a status_token per asset"; its
    layout inside the `response_map` envelope is not spelled out in what opstatus could
    read, so `response_map` is left open here and a client collects every `status_token`
    string it holds (the opstatus SDK does).

    Args:
        body (ServiceMigrationRequest): The body of `startServiceMigration`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ServiceMigrationResponse]
    """

    httpx_client = client.get_async_httpx_client()
    response = await httpx_client.request(
        **request_kwargs(
            httpx_client,
            body=body,
        )
    )

    return build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: ServiceMigrationRequest,
) -> ErrorResponse | ServiceMigrationResponse | None:
    """Migrate Classic APIM assets to APIM 3.0

     Migrate Classic APIM assets (APIs, API Versions, or Proxies) to APIM 3.0 Services, one
    Service per asset, across environments or within the same one, several assets in one
    request. The migration always runs asynchronously: the response returns a
    `status_token` per asset, to poll with `getMigrationStatusByToken`.

    Service name, slug and version are optional (they default to the source asset's); the
    API auto-increments duplicate slugs. Supported source asset types: API, API Version and
    Proxy; the API returns an error for unsupported types.

    Prerequisites: Environment admin permissions, or read permission on the source asset.

    The response body: the page states only that it "returns a status_token per asset"; its
    layout inside the `response_map` envelope is not spelled out in what opstatus could
    read, so `response_map` is left open here and a client collects every `status_token`
    string it holds (the opstatus SDK does).

    Args:
        body (ServiceMigrationRequest): The body of `startServiceMigration`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ServiceMigrationResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
