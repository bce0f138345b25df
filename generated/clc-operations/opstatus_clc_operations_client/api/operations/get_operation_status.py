from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.operation_status_response import OperationStatusResponse
from ...types import Response


def _get_kwargs(
    acct_alias: str,
    status_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v2/operations/{acct_alias}/status/{status_id}".format(
            acct_alias=quote(str(acct_alias), safe=""),
            status_id=quote(str(status_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | OperationStatusResponse | None:
    if response.status_code == 200:
        response_200 = OperationStatusResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorResponse.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ErrorResponse.from_dict(response.json())

        return response_404

    if response.status_code == 500:
        response_500 = ErrorResponse.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def request_kwargs(
    httpx_client: httpx.Client | httpx.AsyncClient,
    acct_alias: str,
    status_id: str,
) -> dict[str, Any]:
    """The keywords of ``httpx_client.request()`` for this call, the URL absolute and parsed.

    Build them once to send the same request many times on ``httpx_client``; read each answer
    with :func:`build_response`.
    """
    kwargs = _get_kwargs(
        acct_alias=acct_alias,
        status_id=status_id,
    )
    url = str(httpx_client.base_url).rstrip("/") + "/" + kwargs["url"].lstrip("/")
    kwargs["url"] = httpx.URL(url)
    return kwargs


def build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | OperationStatusResponse]:
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
    acct_alias: str,
    status_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[ErrorResponse | OperationStatusResponse]:
    """Get Status

     Gets the status of a particular job in the queue, which keeps track of any long-running
    asynchronous requests (such as server power operations or provisioning tasks). Calls to
    this operation must include a token acquired from the authentication endpoint (see
    `login`).

    Use this operation to check the status of a specific job in the queue. It is usually
    called after running a batch job and receiving the job identifier from the status link
    (e.g. Power On, Create Server, etc.) and will typically continue to get called until a
    "succeeded" or "failed" response is returned. Requests are done via HTTP GET.

    Example (the page's, on the legacy host):
    `https://api.tier3.com/v2/operations/ALIAS/status/wa1-12345`

    Error responses (400, 401, 403, 404, 500) are not listed on the Get Status page; they come
    from CenturyLink's API v2.0 Overview (the status codes every v2 operation uses), with the
    error body that CenturyLink's SDKs read (`message`).

    **`unknown` is pending**, as the page says (callers poll "until a succeeded or failed
    response is returned"), but a job that stays `unknown` until the deadline is suspicious:
    `x-opstatus.stuckHints` says so, and a client's timeout error should name it.

    Args:
        acct_alias (str):
        status_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | OperationStatusResponse]
    """

    httpx_client = client.get_httpx_client()
    response = httpx_client.request(
        **request_kwargs(
            httpx_client,
            acct_alias=acct_alias,
            status_id=status_id,
        )
    )

    return build_response(client=client, response=response)


def sync(
    acct_alias: str,
    status_id: str,
    *,
    client: AuthenticatedClient,
) -> ErrorResponse | OperationStatusResponse | None:
    """Get Status

     Gets the status of a particular job in the queue, which keeps track of any long-running
    asynchronous requests (such as server power operations or provisioning tasks). Calls to
    this operation must include a token acquired from the authentication endpoint (see
    `login`).

    Use this operation to check the status of a specific job in the queue. It is usually
    called after running a batch job and receiving the job identifier from the status link
    (e.g. Power On, Create Server, etc.) and will typically continue to get called until a
    "succeeded" or "failed" response is returned. Requests are done via HTTP GET.

    Example (the page's, on the legacy host):
    `https://api.tier3.com/v2/operations/ALIAS/status/wa1-12345`

    Error responses (400, 401, 403, 404, 500) are not listed on the Get Status page; they come
    from CenturyLink's API v2.0 Overview (the status codes every v2 operation uses), with the
    error body that CenturyLink's SDKs read (`message`).

    **`unknown` is pending**, as the page says (callers poll "until a succeeded or failed
    response is returned"), but a job that stays `unknown` until the deadline is suspicious:
    `x-opstatus.stuckHints` says so, and a client's timeout error should name it.

    Args:
        acct_alias (str):
        status_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | OperationStatusResponse
    """

    return sync_detailed(
        acct_alias=acct_alias,
        status_id=status_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    acct_alias: str,
    status_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[ErrorResponse | OperationStatusResponse]:
    """Get Status

     Gets the status of a particular job in the queue, which keeps track of any long-running
    asynchronous requests (such as server power operations or provisioning tasks). Calls to
    this operation must include a token acquired from the authentication endpoint (see
    `login`).

    Use this operation to check the status of a specific job in the queue. It is usually
    called after running a batch job and receiving the job identifier from the status link
    (e.g. Power On, Create Server, etc.) and will typically continue to get called until a
    "succeeded" or "failed" response is returned. Requests are done via HTTP GET.

    Example (the page's, on the legacy host):
    `https://api.tier3.com/v2/operations/ALIAS/status/wa1-12345`

    Error responses (400, 401, 403, 404, 500) are not listed on the Get Status page; they come
    from CenturyLink's API v2.0 Overview (the status codes every v2 operation uses), with the
    error body that CenturyLink's SDKs read (`message`).

    **`unknown` is pending**, as the page says (callers poll "until a succeeded or failed
    response is returned"), but a job that stays `unknown` until the deadline is suspicious:
    `x-opstatus.stuckHints` says so, and a client's timeout error should name it.

    Args:
        acct_alias (str):
        status_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | OperationStatusResponse]
    """

    httpx_client = client.get_async_httpx_client()
    response = await httpx_client.request(
        **request_kwargs(
            httpx_client,
            acct_alias=acct_alias,
            status_id=status_id,
        )
    )

    return build_response(client=client, response=response)


async def asyncio(
    acct_alias: str,
    status_id: str,
    *,
    client: AuthenticatedClient,
) -> ErrorResponse | OperationStatusResponse | None:
    """Get Status

     Gets the status of a particular job in the queue, which keeps track of any long-running
    asynchronous requests (such as server power operations or provisioning tasks). Calls to
    this operation must include a token acquired from the authentication endpoint (see
    `login`).

    Use this operation to check the status of a specific job in the queue. It is usually
    called after running a batch job and receiving the job identifier from the status link
    (e.g. Power On, Create Server, etc.) and will typically continue to get called until a
    "succeeded" or "failed" response is returned. Requests are done via HTTP GET.

    Example (the page's, on the legacy host):
    `https://api.tier3.com/v2/operations/ALIAS/status/wa1-12345`

    Error responses (400, 401, 403, 404, 500) are not listed on the Get Status page; they come
    from CenturyLink's API v2.0 Overview (the status codes every v2 operation uses), with the
    error body that CenturyLink's SDKs read (`message`).

    **`unknown` is pending**, as the page says (callers poll "until a succeeded or failed
    response is returned"), but a job that stays `unknown` until the deadline is suspicious:
    `x-opstatus.stuckHints` says so, and a client's timeout error should name it.

    Args:
        acct_alias (str):
        status_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | OperationStatusResponse
    """

    return (
        await asyncio_detailed(
            acct_alias=acct_alias,
            status_id=status_id,
            client=client,
        )
    ).parsed
