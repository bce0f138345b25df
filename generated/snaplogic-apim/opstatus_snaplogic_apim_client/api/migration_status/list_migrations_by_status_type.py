from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.migration_records_by_status_type_response import MigrationRecordsByStatusTypeResponse
from ...models.migration_status_type import MigrationStatusType
from ...types import UNSET, Response


def _get_kwargs(
    org_name: str,
    *,
    status_type: MigrationStatusType,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status_type = status_type.value
    params["status_type"] = json_status_type

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/migration_status/{org_name}/all".format(
            org_name=quote(str(org_name), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | MigrationRecordsByStatusTypeResponse | None:
    if response.status_code == 200:
        response_200 = MigrationRecordsByStatusTypeResponse.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorResponse.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ErrorResponse.from_dict(response.json())

        return response_404

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def request_kwargs(
    httpx_client: httpx.Client | httpx.AsyncClient,
    org_name: str,
    *,
    status_type: MigrationStatusType,
) -> dict[str, Any]:
    """The keywords of ``httpx_client.request()`` for this call, the URL absolute and parsed.

    Build them once to send the same request many times on ``httpx_client``; read each answer
    with :func:`build_response`.
    """
    kwargs = _get_kwargs(
        org_name=org_name,
        status_type=status_type,
    )
    url = str(httpx_client.base_url).rstrip("/") + "/" + kwargs["url"].lstrip("/")
    kwargs["url"] = httpx.URL(url, params=kwargs.pop("params"))
    return kwargs


def build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | MigrationRecordsByStatusTypeResponse]:
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
    org_name: str,
    *,
    client: AuthenticatedClient,
    status_type: MigrationStatusType,
) -> Response[ErrorResponse | MigrationRecordsByStatusTypeResponse]:
    """ List Service migration records by status type

     Retrieve all migration records for an environment, filtered by status type.

    Request URL pattern:
    `GET https://{controlplane_path}/api/1/rest/public/apim_service/migration_status/{org_name}/all?stat
    us_type={status_type}`

    Example (basic authentication, environment `my-environment`):

    ```
    curl -X 'GET' \\
      'https://elastic.snaplogic.com/api/1/rest/public/apim_service/migration_status/my-
    environment/all?status_type=Completed' \\
      -H 'Authorization: Basic {base64_encoded email:password}'
    ```

    The response maps each status type to an array of matching records. Records carry
    fewer fields than the by-token status document (the page's example has no
    `asset_type`, `service_name`, `service_slug` or `status_token`).

    Prerequisites: Environment admin permissions.

    Args:
        org_name (str):
        status_type (MigrationStatusType): The status types accepted by the `status_type` filter:
            `Started`, `Completed`,
            `Failed`. The page lists exactly these, so the request parameter is a closed enum.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | MigrationRecordsByStatusTypeResponse]
     """

    httpx_client = client.get_httpx_client()
    response = httpx_client.request(
        **request_kwargs(
            httpx_client,
            org_name=org_name,
            status_type=status_type,
        )
    )

    return build_response(client=client, response=response)


def sync(
    org_name: str,
    *,
    client: AuthenticatedClient,
    status_type: MigrationStatusType,
) -> ErrorResponse | MigrationRecordsByStatusTypeResponse | None:
    """ List Service migration records by status type

     Retrieve all migration records for an environment, filtered by status type.

    Request URL pattern:
    `GET https://{controlplane_path}/api/1/rest/public/apim_service/migration_status/{org_name}/all?stat
    us_type={status_type}`

    Example (basic authentication, environment `my-environment`):

    ```
    curl -X 'GET' \\
      'https://elastic.snaplogic.com/api/1/rest/public/apim_service/migration_status/my-
    environment/all?status_type=Completed' \\
      -H 'Authorization: Basic {base64_encoded email:password}'
    ```

    The response maps each status type to an array of matching records. Records carry
    fewer fields than the by-token status document (the page's example has no
    `asset_type`, `service_name`, `service_slug` or `status_token`).

    Prerequisites: Environment admin permissions.

    Args:
        org_name (str):
        status_type (MigrationStatusType): The status types accepted by the `status_type` filter:
            `Started`, `Completed`,
            `Failed`. The page lists exactly these, so the request parameter is a closed enum.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | MigrationRecordsByStatusTypeResponse
     """

    return sync_detailed(
        org_name=org_name,
        client=client,
        status_type=status_type,
    ).parsed


async def asyncio_detailed(
    org_name: str,
    *,
    client: AuthenticatedClient,
    status_type: MigrationStatusType,
) -> Response[ErrorResponse | MigrationRecordsByStatusTypeResponse]:
    """ List Service migration records by status type

     Retrieve all migration records for an environment, filtered by status type.

    Request URL pattern:
    `GET https://{controlplane_path}/api/1/rest/public/apim_service/migration_status/{org_name}/all?stat
    us_type={status_type}`

    Example (basic authentication, environment `my-environment`):

    ```
    curl -X 'GET' \\
      'https://elastic.snaplogic.com/api/1/rest/public/apim_service/migration_status/my-
    environment/all?status_type=Completed' \\
      -H 'Authorization: Basic {base64_encoded email:password}'
    ```

    The response maps each status type to an array of matching records. Records carry
    fewer fields than the by-token status document (the page's example has no
    `asset_type`, `service_name`, `service_slug` or `status_token`).

    Prerequisites: Environment admin permissions.

    Args:
        org_name (str):
        status_type (MigrationStatusType): The status types accepted by the `status_type` filter:
            `Started`, `Completed`,
            `Failed`. The page lists exactly these, so the request parameter is a closed enum.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | MigrationRecordsByStatusTypeResponse]
     """

    httpx_client = client.get_async_httpx_client()
    response = await httpx_client.request(
        **request_kwargs(
            httpx_client,
            org_name=org_name,
            status_type=status_type,
        )
    )

    return build_response(client=client, response=response)


async def asyncio(
    org_name: str,
    *,
    client: AuthenticatedClient,
    status_type: MigrationStatusType,
) -> ErrorResponse | MigrationRecordsByStatusTypeResponse | None:
    """ List Service migration records by status type

     Retrieve all migration records for an environment, filtered by status type.

    Request URL pattern:
    `GET https://{controlplane_path}/api/1/rest/public/apim_service/migration_status/{org_name}/all?stat
    us_type={status_type}`

    Example (basic authentication, environment `my-environment`):

    ```
    curl -X 'GET' \\
      'https://elastic.snaplogic.com/api/1/rest/public/apim_service/migration_status/my-
    environment/all?status_type=Completed' \\
      -H 'Authorization: Basic {base64_encoded email:password}'
    ```

    The response maps each status type to an array of matching records. Records carry
    fewer fields than the by-token status document (the page's example has no
    `asset_type`, `service_name`, `service_slug` or `status_token`).

    Prerequisites: Environment admin permissions.

    Args:
        org_name (str):
        status_type (MigrationStatusType): The status types accepted by the `status_type` filter:
            `Started`, `Completed`,
            `Failed`. The page lists exactly these, so the request parameter is a closed enum.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | MigrationRecordsByStatusTypeResponse
     """

    return (
        await asyncio_detailed(
            org_name=org_name,
            client=client,
            status_type=status_type,
        )
    ).parsed
