from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.o_data_error import ODataError
from ...types import Response


def _get_kwargs(
    company_id: UUID,
    cloud_migration_status_id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/companies({company_id})/cloudMigrationStatus({cloud_migration_status_id})/Microsoft.NAV.runDataUpgrade".format(
            company_id=quote(str(company_id), safe=""),
            cloud_migration_status_id=quote(str(cloud_migration_status_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | ODataError | None:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

    if response.status_code == 400:
        response_400 = ODataError.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ODataError.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ODataError.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ODataError.from_dict(response.json())

        return response_404

    if response.status_code == 429:
        response_429 = cast(Any, None)
        return response_429

    if response.status_code == 504:
        response_504 = cast(Any, None)
        return response_504

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def request_kwargs(
    httpx_client: httpx.Client | httpx.AsyncClient,
    company_id: UUID,
    cloud_migration_status_id: UUID,
) -> dict[str, Any]:
    """The keywords of ``httpx_client.request()`` for this call, the URL absolute and parsed.

    Build them once to send the same request many times on ``httpx_client``; read each answer
    with :func:`build_response`.
    """
    kwargs = _get_kwargs(
        company_id=company_id,
        cloud_migration_status_id=cloud_migration_status_id,
    )
    url = str(httpx_client.base_url).rstrip("/") + "/" + kwargs["url"].lstrip("/")
    kwargs["url"] = httpx.URL(url)
    return kwargs


def build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | ODataError]:
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
    company_id: UUID,
    cloud_migration_status_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[Any | ODataError]:
    """Run the data upgrade (bound action runDataUpgrade)

     Bound action `runDataUpgrade`: "run data upgrades the corresponding cloudMigrationStatus
    batch" (seed page). The response has no content; the response code is 204.

    Start-then-wait: per the AL source the upgrade only starts when the run's status is
    `UpgradePending` / `Upgrade Pending`; it sets the status to `UpgradeInProgress` before
    answering and runs the upgrade in the background. Poll the same entity with
    `getCloudMigrationStatus` until the status is `Completed` or `UpgradeFailed`: the 204's
    link `WaitForUpgrade` says so, with the `x-opstatus` goal `migration` (under the default
    goal `replication`, `UpgradePending` already counts as succeeded; after this action the
    wait is for the upgrade).

    The seed page writes the URL as `.../cloudMigrationStatuss({id})/Microsoft.NAV.runDataUpgrade`;
    the entity set is `cloudMigrationStatus`, which this path uses. HTTP method: POST (OData bound
    action).

    Args:
        company_id (UUID):
        cloud_migration_status_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ODataError]
    """

    httpx_client = client.get_httpx_client()
    response = httpx_client.request(
        **request_kwargs(
            httpx_client,
            company_id=company_id,
            cloud_migration_status_id=cloud_migration_status_id,
        )
    )

    return build_response(client=client, response=response)


def sync(
    company_id: UUID,
    cloud_migration_status_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Any | ODataError | None:
    """Run the data upgrade (bound action runDataUpgrade)

     Bound action `runDataUpgrade`: "run data upgrades the corresponding cloudMigrationStatus
    batch" (seed page). The response has no content; the response code is 204.

    Start-then-wait: per the AL source the upgrade only starts when the run's status is
    `UpgradePending` / `Upgrade Pending`; it sets the status to `UpgradeInProgress` before
    answering and runs the upgrade in the background. Poll the same entity with
    `getCloudMigrationStatus` until the status is `Completed` or `UpgradeFailed`: the 204's
    link `WaitForUpgrade` says so, with the `x-opstatus` goal `migration` (under the default
    goal `replication`, `UpgradePending` already counts as succeeded; after this action the
    wait is for the upgrade).

    The seed page writes the URL as `.../cloudMigrationStatuss({id})/Microsoft.NAV.runDataUpgrade`;
    the entity set is `cloudMigrationStatus`, which this path uses. HTTP method: POST (OData bound
    action).

    Args:
        company_id (UUID):
        cloud_migration_status_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ODataError
    """

    return sync_detailed(
        company_id=company_id,
        cloud_migration_status_id=cloud_migration_status_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    company_id: UUID,
    cloud_migration_status_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[Any | ODataError]:
    """Run the data upgrade (bound action runDataUpgrade)

     Bound action `runDataUpgrade`: "run data upgrades the corresponding cloudMigrationStatus
    batch" (seed page). The response has no content; the response code is 204.

    Start-then-wait: per the AL source the upgrade only starts when the run's status is
    `UpgradePending` / `Upgrade Pending`; it sets the status to `UpgradeInProgress` before
    answering and runs the upgrade in the background. Poll the same entity with
    `getCloudMigrationStatus` until the status is `Completed` or `UpgradeFailed`: the 204's
    link `WaitForUpgrade` says so, with the `x-opstatus` goal `migration` (under the default
    goal `replication`, `UpgradePending` already counts as succeeded; after this action the
    wait is for the upgrade).

    The seed page writes the URL as `.../cloudMigrationStatuss({id})/Microsoft.NAV.runDataUpgrade`;
    the entity set is `cloudMigrationStatus`, which this path uses. HTTP method: POST (OData bound
    action).

    Args:
        company_id (UUID):
        cloud_migration_status_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ODataError]
    """

    httpx_client = client.get_async_httpx_client()
    response = await httpx_client.request(
        **request_kwargs(
            httpx_client,
            company_id=company_id,
            cloud_migration_status_id=cloud_migration_status_id,
        )
    )

    return build_response(client=client, response=response)


async def asyncio(
    company_id: UUID,
    cloud_migration_status_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Any | ODataError | None:
    """Run the data upgrade (bound action runDataUpgrade)

     Bound action `runDataUpgrade`: "run data upgrades the corresponding cloudMigrationStatus
    batch" (seed page). The response has no content; the response code is 204.

    Start-then-wait: per the AL source the upgrade only starts when the run's status is
    `UpgradePending` / `Upgrade Pending`; it sets the status to `UpgradeInProgress` before
    answering and runs the upgrade in the background. Poll the same entity with
    `getCloudMigrationStatus` until the status is `Completed` or `UpgradeFailed`: the 204's
    link `WaitForUpgrade` says so, with the `x-opstatus` goal `migration` (under the default
    goal `replication`, `UpgradePending` already counts as succeeded; after this action the
    wait is for the upgrade).

    The seed page writes the URL as `.../cloudMigrationStatuss({id})/Microsoft.NAV.runDataUpgrade`;
    the entity set is `cloudMigrationStatus`, which this path uses. HTTP method: POST (OData bound
    action).

    Args:
        company_id (UUID):
        cloud_migration_status_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ODataError
    """

    return (
        await asyncio_detailed(
            company_id=company_id,
            cloud_migration_status_id=cloud_migration_status_id,
            client=client,
        )
    ).parsed
