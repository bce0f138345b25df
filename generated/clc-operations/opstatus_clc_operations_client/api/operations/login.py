from http import HTTPStatus
from typing import Any, cast

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
