from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_version import ApiVersion
from ...models.document_status_list import DocumentStatusList
from ...models.error_response import ErrorResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: UUID,
    *,
    top: int | Unset = UNSET,
    skip: int | Unset = UNSET,
    maxpagesize: int | Unset = UNSET,
    statuses: list[str] | Unset = UNSET,
    api_version: ApiVersion | Unset = UNSET,
    ocp_apim_subscription_region: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(ocp_apim_subscription_region, Unset):
        headers["Ocp-Apim-Subscription-Region"] = ocp_apim_subscription_region

    params: dict[str, Any] = {}

    params["$top"] = top

    params["$skip"] = skip

    params["$maxpagesize"] = maxpagesize

    json_statuses: list[str] | Unset = UNSET
    if not isinstance(statuses, Unset):
        json_statuses = statuses

    params["statuses"] = json_statuses

    json_api_version: str | Unset = UNSET
    if not isinstance(api_version, Unset):
        json_api_version = api_version.value

    params["api-version"] = json_api_version

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/batches/{id}/documents".format(
            id=quote(str(id), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DocumentStatusList | ErrorResponse | None:
    if response.status_code == 200:
        response_200 = DocumentStatusList.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = ErrorResponse.from_dict(response.json())

        return response_404

    if response.status_code == 429:
        response_429 = ErrorResponse.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = ErrorResponse.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = ErrorResponse.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def request_kwargs(
    httpx_client: httpx.Client | httpx.AsyncClient,
    id: UUID,
    *,
    top: int | Unset = UNSET,
    skip: int | Unset = UNSET,
    maxpagesize: int | Unset = UNSET,
    statuses: list[str] | Unset = UNSET,
    api_version: ApiVersion | Unset = UNSET,
    ocp_apim_subscription_region: str | Unset = UNSET,
) -> dict[str, Any]:
    """The keywords of ``httpx_client.request()`` for this call, the URL absolute and parsed.

    Build them once to send the same request many times on ``httpx_client``; read each answer
    with :func:`build_response`.
    """
    kwargs = _get_kwargs(
        id=id,
        top=top,
        skip=skip,
        maxpagesize=maxpagesize,
        statuses=statuses,
        api_version=api_version,
        ocp_apim_subscription_region=ocp_apim_subscription_region,
    )
    url = str(httpx_client.base_url).rstrip("/") + "/" + kwargs["url"].lstrip("/")
    kwargs["url"] = httpx.URL(url, params=kwargs.pop("params"))
    return kwargs


def build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[DocumentStatusList | ErrorResponse]:
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
    id: UUID,
    *,
    client: AuthenticatedClient,
    top: int | Unset = UNSET,
    skip: int | Unset = UNSET,
    maxpagesize: int | Unset = UNSET,
    statuses: list[str] | Unset = UNSET,
    api_version: ApiVersion | Unset = UNSET,
    ocp_apim_subscription_region: str | Unset = UNSET,
) -> Response[DocumentStatusList | ErrorResponse]:
    """List the status of every document of a batch

     Not on the seed page: from the provider's REST specs and the 2026-03-01 reference.

    Returns the status of each document of a batch: its source and target paths, target
    language, status, progress (0 to 1) and characters charged, and the error of a document
    that failed. Paged like `listTranslations` (`@nextLink` up to v1.0, `nextLink` from
    2024-05-01).

    Args:
        id (UUID):
        top (int | Unset):
        skip (int | Unset):
        maxpagesize (int | Unset):
        statuses (list[str] | Unset):
        api_version (ApiVersion | Unset): The dated API versions served on the `document` route:
            `2026-03-01` (current GA, the
            default of Microsoft's 2.0.0 client) and `2024-05-01` (previous GA).
        ocp_apim_subscription_region (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DocumentStatusList | ErrorResponse]
    """

    httpx_client = client.get_httpx_client()
    response = httpx_client.request(
        **request_kwargs(
            httpx_client,
            id=id,
            top=top,
            skip=skip,
            maxpagesize=maxpagesize,
            statuses=statuses,
            api_version=api_version,
            ocp_apim_subscription_region=ocp_apim_subscription_region,
        )
    )

    return build_response(client=client, response=response)


def sync(
    id: UUID,
    *,
    client: AuthenticatedClient,
    top: int | Unset = UNSET,
    skip: int | Unset = UNSET,
    maxpagesize: int | Unset = UNSET,
    statuses: list[str] | Unset = UNSET,
    api_version: ApiVersion | Unset = UNSET,
    ocp_apim_subscription_region: str | Unset = UNSET,
) -> DocumentStatusList | ErrorResponse | None:
    """List the status of every document of a batch

     Not on the seed page: from the provider's REST specs and the 2026-03-01 reference.

    Returns the status of each document of a batch: its source and target paths, target
    language, status, progress (0 to 1) and characters charged, and the error of a document
    that failed. Paged like `listTranslations` (`@nextLink` up to v1.0, `nextLink` from
    2024-05-01).

    Args:
        id (UUID):
        top (int | Unset):
        skip (int | Unset):
        maxpagesize (int | Unset):
        statuses (list[str] | Unset):
        api_version (ApiVersion | Unset): The dated API versions served on the `document` route:
            `2026-03-01` (current GA, the
            default of Microsoft's 2.0.0 client) and `2024-05-01` (previous GA).
        ocp_apim_subscription_region (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DocumentStatusList | ErrorResponse
    """

    return sync_detailed(
        id=id,
        client=client,
        top=top,
        skip=skip,
        maxpagesize=maxpagesize,
        statuses=statuses,
        api_version=api_version,
        ocp_apim_subscription_region=ocp_apim_subscription_region,
    ).parsed


async def asyncio_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient,
    top: int | Unset = UNSET,
    skip: int | Unset = UNSET,
    maxpagesize: int | Unset = UNSET,
    statuses: list[str] | Unset = UNSET,
    api_version: ApiVersion | Unset = UNSET,
    ocp_apim_subscription_region: str | Unset = UNSET,
) -> Response[DocumentStatusList | ErrorResponse]:
    """List the status of every document of a batch

     Not on the seed page: from the provider's REST specs and the 2026-03-01 reference.

    Returns the status of each document of a batch: its source and target paths, target
    language, status, progress (0 to 1) and characters charged, and the error of a document
    that failed. Paged like `listTranslations` (`@nextLink` up to v1.0, `nextLink` from
    2024-05-01).

    Args:
        id (UUID):
        top (int | Unset):
        skip (int | Unset):
        maxpagesize (int | Unset):
        statuses (list[str] | Unset):
        api_version (ApiVersion | Unset): The dated API versions served on the `document` route:
            `2026-03-01` (current GA, the
            default of Microsoft's 2.0.0 client) and `2024-05-01` (previous GA).
        ocp_apim_subscription_region (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DocumentStatusList | ErrorResponse]
    """

    httpx_client = client.get_async_httpx_client()
    response = await httpx_client.request(
        **request_kwargs(
            httpx_client,
            id=id,
            top=top,
            skip=skip,
            maxpagesize=maxpagesize,
            statuses=statuses,
            api_version=api_version,
            ocp_apim_subscription_region=ocp_apim_subscription_region,
        )
    )

    return build_response(client=client, response=response)


async def asyncio(
    id: UUID,
    *,
    client: AuthenticatedClient,
    top: int | Unset = UNSET,
    skip: int | Unset = UNSET,
    maxpagesize: int | Unset = UNSET,
    statuses: list[str] | Unset = UNSET,
    api_version: ApiVersion | Unset = UNSET,
    ocp_apim_subscription_region: str | Unset = UNSET,
) -> DocumentStatusList | ErrorResponse | None:
    """List the status of every document of a batch

     Not on the seed page: from the provider's REST specs and the 2026-03-01 reference.

    Returns the status of each document of a batch: its source and target paths, target
    language, status, progress (0 to 1) and characters charged, and the error of a document
    that failed. Paged like `listTranslations` (`@nextLink` up to v1.0, `nextLink` from
    2024-05-01).

    Args:
        id (UUID):
        top (int | Unset):
        skip (int | Unset):
        maxpagesize (int | Unset):
        statuses (list[str] | Unset):
        api_version (ApiVersion | Unset): The dated API versions served on the `document` route:
            `2026-03-01` (current GA, the
            default of Microsoft's 2.0.0 client) and `2024-05-01` (previous GA).
        ocp_apim_subscription_region (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DocumentStatusList | ErrorResponse
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            top=top,
            skip=skip,
            maxpagesize=maxpagesize,
            statuses=statuses,
            api_version=api_version,
            ocp_apim_subscription_region=ocp_apim_subscription_region,
        )
    ).parsed
