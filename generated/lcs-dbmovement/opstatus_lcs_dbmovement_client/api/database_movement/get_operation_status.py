from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.operation_status_response import OperationStatusResponse
from ...types import Response


def _get_kwargs(
    project_id: int,
    environment_id: UUID,
    operationactivity_id: UUID,
    *,
    x_ms_version: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["x-ms-version"] = x_ms_version

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/databasemovement/v1/fetchstatus/project/{project_id}/environment/{environment_id}/operationactivity/{operationactivity_id}".format(
            project_id=quote(str(project_id), safe=""),
            environment_id=quote(str(environment_id), safe=""),
            operationactivity_id=quote(str(operationactivity_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | OperationStatusResponse | None:
    if response.status_code == 200:
        response_200 = OperationStatusResponse.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = cast(Any, None)
        return response_401

    if response.status_code == 429:
        response_429 = cast(Any, None)
        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def request_kwargs(
    httpx_client: httpx.Client | httpx.AsyncClient,
    project_id: int,
    environment_id: UUID,
    operationactivity_id: UUID,
    *,
    x_ms_version: str,
) -> dict[str, Any]:
    """The keywords of ``httpx_client.request()`` for this call, the URL absolute and parsed.

    Build them once to send the same request many times on ``httpx_client``; read each answer
    with :func:`build_response`.
    """
    kwargs = _get_kwargs(
        project_id=project_id,
        environment_id=environment_id,
        operationactivity_id=operationactivity_id,
        x_ms_version=x_ms_version,
    )
    url = str(httpx_client.base_url).rstrip("/") + "/" + kwargs["url"].lstrip("/")
    kwargs["url"] = httpx.URL(url)
    return kwargs


def build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | OperationStatusResponse]:
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
    project_id: int,
    environment_id: UUID,
    operationactivity_id: UUID,
    *,
    client: AuthenticatedClient,
    x_ms_version: str,
) -> Response[Any | OperationStatusResponse]:
    """Get status

     You can get the status of an ongoing operation.

    The response is always a **200 OK** response, unless you aren't correctly authenticated. Be sure to
    use
    the **IsSuccess** property to evaluate the success or failure of the action. `ActivityId` echoes the
    `operationactivityId` of the request; `OperationActivityId` identifies this status call itself (in
    the
    page's example it differs from the requested id), so a poller compares `ActivityId`, not
    `OperationActivityId`, with the id it asked for.

    Request headers on the page: `Authorization: Bearer {token}` (required, see `security`),
    `x-ms-version: 2017-09-15` (required) and `Content-Type: application/json` (the call has no body, so
    the header is not modelled as a parameter; OpenAPI ignores `Content-Type` header parameters).
    Don't supply a request body for this method.

    Args:
        project_id (int):
        environment_id (UUID):
        operationactivity_id (UUID):
        x_ms_version (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | OperationStatusResponse]
    """

    httpx_client = client.get_httpx_client()
    response = httpx_client.request(
        **request_kwargs(
            httpx_client,
            project_id=project_id,
            environment_id=environment_id,
            operationactivity_id=operationactivity_id,
            x_ms_version=x_ms_version,
        )
    )

    return build_response(client=client, response=response)


def sync(
    project_id: int,
    environment_id: UUID,
    operationactivity_id: UUID,
    *,
    client: AuthenticatedClient,
    x_ms_version: str,
) -> Any | OperationStatusResponse | None:
    """Get status

     You can get the status of an ongoing operation.

    The response is always a **200 OK** response, unless you aren't correctly authenticated. Be sure to
    use
    the **IsSuccess** property to evaluate the success or failure of the action. `ActivityId` echoes the
    `operationactivityId` of the request; `OperationActivityId` identifies this status call itself (in
    the
    page's example it differs from the requested id), so a poller compares `ActivityId`, not
    `OperationActivityId`, with the id it asked for.

    Request headers on the page: `Authorization: Bearer {token}` (required, see `security`),
    `x-ms-version: 2017-09-15` (required) and `Content-Type: application/json` (the call has no body, so
    the header is not modelled as a parameter; OpenAPI ignores `Content-Type` header parameters).
    Don't supply a request body for this method.

    Args:
        project_id (int):
        environment_id (UUID):
        operationactivity_id (UUID):
        x_ms_version (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | OperationStatusResponse
    """

    return sync_detailed(
        project_id=project_id,
        environment_id=environment_id,
        operationactivity_id=operationactivity_id,
        client=client,
        x_ms_version=x_ms_version,
    ).parsed


async def asyncio_detailed(
    project_id: int,
    environment_id: UUID,
    operationactivity_id: UUID,
    *,
    client: AuthenticatedClient,
    x_ms_version: str,
) -> Response[Any | OperationStatusResponse]:
    """Get status

     You can get the status of an ongoing operation.

    The response is always a **200 OK** response, unless you aren't correctly authenticated. Be sure to
    use
    the **IsSuccess** property to evaluate the success or failure of the action. `ActivityId` echoes the
    `operationactivityId` of the request; `OperationActivityId` identifies this status call itself (in
    the
    page's example it differs from the requested id), so a poller compares `ActivityId`, not
    `OperationActivityId`, with the id it asked for.

    Request headers on the page: `Authorization: Bearer {token}` (required, see `security`),
    `x-ms-version: 2017-09-15` (required) and `Content-Type: application/json` (the call has no body, so
    the header is not modelled as a parameter; OpenAPI ignores `Content-Type` header parameters).
    Don't supply a request body for this method.

    Args:
        project_id (int):
        environment_id (UUID):
        operationactivity_id (UUID):
        x_ms_version (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | OperationStatusResponse]
    """

    httpx_client = client.get_async_httpx_client()
    response = await httpx_client.request(
        **request_kwargs(
            httpx_client,
            project_id=project_id,
            environment_id=environment_id,
            operationactivity_id=operationactivity_id,
            x_ms_version=x_ms_version,
        )
    )

    return build_response(client=client, response=response)


async def asyncio(
    project_id: int,
    environment_id: UUID,
    operationactivity_id: UUID,
    *,
    client: AuthenticatedClient,
    x_ms_version: str,
) -> Any | OperationStatusResponse | None:
    """Get status

     You can get the status of an ongoing operation.

    The response is always a **200 OK** response, unless you aren't correctly authenticated. Be sure to
    use
    the **IsSuccess** property to evaluate the success or failure of the action. `ActivityId` echoes the
    `operationactivityId` of the request; `OperationActivityId` identifies this status call itself (in
    the
    page's example it differs from the requested id), so a poller compares `ActivityId`, not
    `OperationActivityId`, with the id it asked for.

    Request headers on the page: `Authorization: Bearer {token}` (required, see `security`),
    `x-ms-version: 2017-09-15` (required) and `Content-Type: application/json` (the call has no body, so
    the header is not modelled as a parameter; OpenAPI ignores `Content-Type` header parameters).
    Don't supply a request body for this method.

    Args:
        project_id (int):
        environment_id (UUID):
        operationactivity_id (UUID):
        x_ms_version (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | OperationStatusResponse
    """

    return (
        await asyncio_detailed(
            project_id=project_id,
            environment_id=environment_id,
            operationactivity_id=operationactivity_id,
            client=client,
            x_ms_version=x_ms_version,
        )
    ).parsed
