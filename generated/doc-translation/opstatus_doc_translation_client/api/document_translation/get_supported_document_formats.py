from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_version import ApiVersion
from ...models.error_response import ErrorResponse
from ...models.file_format_list import FileFormatList
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    api_version: ApiVersion | Unset = UNSET,
    ocp_apim_subscription_region: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(ocp_apim_subscription_region, Unset):
        headers["Ocp-Apim-Subscription-Region"] = ocp_apim_subscription_region

    params: dict[str, Any] = {}

    json_api_version: str | Unset = UNSET
    if not isinstance(api_version, Unset):
        json_api_version = api_version.value

    params["api-version"] = json_api_version

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/documents/formats",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | FileFormatList | None:
    if response.status_code == 200:
        response_200 = FileFormatList.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

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
    *,
    api_version: ApiVersion | Unset = UNSET,
    ocp_apim_subscription_region: str | Unset = UNSET,
) -> dict[str, Any]:
    """The keywords of ``httpx_client.request()`` for this call, the URL absolute and parsed.

    Build them once to send the same request many times on ``httpx_client``; read each answer
    with :func:`build_response`.
    """
    kwargs = _get_kwargs(
        api_version=api_version,
        ocp_apim_subscription_region=ocp_apim_subscription_region,
    )
    url = str(httpx_client.base_url).rstrip("/") + "/" + kwargs["url"].lstrip("/")
    kwargs["url"] = httpx.URL(url, params=kwargs.pop("params"))
    return kwargs


def build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | FileFormatList]:
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
    api_version: ApiVersion | Unset = UNSET,
    ocp_apim_subscription_region: str | Unset = UNSET,
) -> Response[ErrorResponse | FileFormatList]:
    """List the supported document formats (up to v1.0)

     Not on the seed page: [REST-SPEC] DocumentTranslation_GetDocumentFormats, also in [REST-V1].
    Served on the `text/batch/...` routes (v1.0-preview.1, v1.0); from 2024-05-01 use
    `getSupportedFormats` with `type=document`. The list includes each format's file
    extensions and content types.

    Args:
        api_version (ApiVersion | Unset): The dated API versions served on the `document` route:
            `2026-03-01` (current GA, the
            default of Microsoft's 2.0.0 client) and `2024-05-01` (previous GA).
        ocp_apim_subscription_region (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | FileFormatList]
    """

    httpx_client = client.get_httpx_client()
    response = httpx_client.request(
        **request_kwargs(
            httpx_client,
            api_version=api_version,
            ocp_apim_subscription_region=ocp_apim_subscription_region,
        )
    )

    return build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    api_version: ApiVersion | Unset = UNSET,
    ocp_apim_subscription_region: str | Unset = UNSET,
) -> ErrorResponse | FileFormatList | None:
    """List the supported document formats (up to v1.0)

     Not on the seed page: [REST-SPEC] DocumentTranslation_GetDocumentFormats, also in [REST-V1].
    Served on the `text/batch/...` routes (v1.0-preview.1, v1.0); from 2024-05-01 use
    `getSupportedFormats` with `type=document`. The list includes each format's file
    extensions and content types.

    Args:
        api_version (ApiVersion | Unset): The dated API versions served on the `document` route:
            `2026-03-01` (current GA, the
            default of Microsoft's 2.0.0 client) and `2024-05-01` (previous GA).
        ocp_apim_subscription_region (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | FileFormatList
    """

    return sync_detailed(
        client=client,
        api_version=api_version,
        ocp_apim_subscription_region=ocp_apim_subscription_region,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    api_version: ApiVersion | Unset = UNSET,
    ocp_apim_subscription_region: str | Unset = UNSET,
) -> Response[ErrorResponse | FileFormatList]:
    """List the supported document formats (up to v1.0)

     Not on the seed page: [REST-SPEC] DocumentTranslation_GetDocumentFormats, also in [REST-V1].
    Served on the `text/batch/...` routes (v1.0-preview.1, v1.0); from 2024-05-01 use
    `getSupportedFormats` with `type=document`. The list includes each format's file
    extensions and content types.

    Args:
        api_version (ApiVersion | Unset): The dated API versions served on the `document` route:
            `2026-03-01` (current GA, the
            default of Microsoft's 2.0.0 client) and `2024-05-01` (previous GA).
        ocp_apim_subscription_region (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | FileFormatList]
    """

    httpx_client = client.get_async_httpx_client()
    response = await httpx_client.request(
        **request_kwargs(
            httpx_client,
            api_version=api_version,
            ocp_apim_subscription_region=ocp_apim_subscription_region,
        )
    )

    return build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    api_version: ApiVersion | Unset = UNSET,
    ocp_apim_subscription_region: str | Unset = UNSET,
) -> ErrorResponse | FileFormatList | None:
    """List the supported document formats (up to v1.0)

     Not on the seed page: [REST-SPEC] DocumentTranslation_GetDocumentFormats, also in [REST-V1].
    Served on the `text/batch/...` routes (v1.0-preview.1, v1.0); from 2024-05-01 use
    `getSupportedFormats` with `type=document`. The list includes each format's file
    extensions and content types.

    Args:
        api_version (ApiVersion | Unset): The dated API versions served on the `document` route:
            `2026-03-01` (current GA, the
            default of Microsoft's 2.0.0 client) and `2024-05-01` (previous GA).
        ocp_apim_subscription_region (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | FileFormatList
    """

    return (
        await asyncio_detailed(
            client=client,
            api_version=api_version,
            ocp_apim_subscription_region=ocp_apim_subscription_region,
        )
    ).parsed
