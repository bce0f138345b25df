from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.login_request import LoginRequest
from ...models.login_response import LoginResponse
from ...types import Response


def _get_kwargs(
    *,
    body: LoginRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v2/authentication/login",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | LoginResponse | None:
    if response.status_code == 200:
        response_200 = LoginResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 500:
        response_500 = ErrorResponse.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def request_kwargs(
    httpx_client: httpx.Client | httpx.AsyncClient,
    *,
    body: LoginRequest,
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
) -> Response[ErrorResponse | LoginResponse]:
    """The parsed ``Response`` of an answer to this call's request."""
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: LoginRequest,
) -> Response[ErrorResponse | LoginResponse]:
    """Login

     Acquires an authentication token used for subsequent queries to the API (CenturyLink's
    Login API, which the Get Status page refers to; not itself on the Get Status page). Use it
    before calling any other operation. It shows a user's roles, primary data center, and a
    valid bearer token; send the token as `Authorization: Bearer <bearerToken>`. The token can
    be reused for up to 2 weeks (CenturyLink's authentication overview).

    Invalid credentials get HTTP 400 with a `message` (CenturyLink's "Using the API" guide).

    Args:
        body (LoginRequest): The Login request body (CenturyLink's Login API).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | LoginResponse]
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
    client: AuthenticatedClient | Client,
    body: LoginRequest,
) -> ErrorResponse | LoginResponse | None:
    """Login

     Acquires an authentication token used for subsequent queries to the API (CenturyLink's
    Login API, which the Get Status page refers to; not itself on the Get Status page). Use it
    before calling any other operation. It shows a user's roles, primary data center, and a
    valid bearer token; send the token as `Authorization: Bearer <bearerToken>`. The token can
    be reused for up to 2 weeks (CenturyLink's authentication overview).

    Invalid credentials get HTTP 400 with a `message` (CenturyLink's "Using the API" guide).

    Args:
        body (LoginRequest): The Login request body (CenturyLink's Login API).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | LoginResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: LoginRequest,
) -> Response[ErrorResponse | LoginResponse]:
    """Login

     Acquires an authentication token used for subsequent queries to the API (CenturyLink's
    Login API, which the Get Status page refers to; not itself on the Get Status page). Use it
    before calling any other operation. It shows a user's roles, primary data center, and a
    valid bearer token; send the token as `Authorization: Bearer <bearerToken>`. The token can
    be reused for up to 2 weeks (CenturyLink's authentication overview).

    Invalid credentials get HTTP 400 with a `message` (CenturyLink's "Using the API" guide).

    Args:
        body (LoginRequest): The Login request body (CenturyLink's Login API).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | LoginResponse]
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
    client: AuthenticatedClient | Client,
    body: LoginRequest,
) -> ErrorResponse | LoginResponse | None:
    """Login

     Acquires an authentication token used for subsequent queries to the API (CenturyLink's
    Login API, which the Get Status page refers to; not itself on the Get Status page). Use it
    before calling any other operation. It shows a user's roles, primary data center, and a
    valid bearer token; send the token as `Authorization: Bearer <bearerToken>`. The token can
    be reused for up to 2 weeks (CenturyLink's authentication overview).

    Invalid credentials get HTTP 400 with a `message` (CenturyLink's "Using the API" guide).

    Args:
        body (LoginRequest): The Login request body (CenturyLink's Login API).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | LoginResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
