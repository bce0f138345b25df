from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_version import ApiVersion
from ...models.batch_submission_request import BatchSubmissionRequest
from ...models.error_response import ErrorResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: BatchSubmissionRequest,
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
        "method": "post",
        "url": "/batches",
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | ErrorResponse | None:
    if response.status_code == 202:
        response_202 = cast(Any, None)
        return response_202

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
    body: BatchSubmissionRequest,
    api_version: ApiVersion | Unset = UNSET,
    ocp_apim_subscription_region: str | Unset = UNSET,
) -> dict[str, Any]:
    """The keywords of ``httpx_client.request()`` for this call, the URL absolute and parsed.

    Build them once to send the same request many times on ``httpx_client``; read each answer
    with :func:`build_response`.
    """
    kwargs = _get_kwargs(
        body=body,
        api_version=api_version,
        ocp_apim_subscription_region=ocp_apim_subscription_region,
    )
    url = str(httpx_client.base_url).rstrip("/") + "/" + kwargs["url"].lstrip("/")
    kwargs["url"] = httpx.URL(url, params=kwargs.pop("params"))
    return kwargs


def build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | ErrorResponse]:
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
    body: BatchSubmissionRequest,
    api_version: ApiVersion | Unset = UNSET,
    ocp_apim_subscription_region: str | Unset = UNSET,
) -> Response[Any | ErrorResponse]:
    """Submit a batch document translation request

     Not on the seed page: from the v1.0-preview.1 "submit batch request" reference page; the
    same operation in every version ([REST-V1], [REST-2024], [REF-2026]).

    Submits a bulk (batch) translation request. Each request can contain multiple documents and
    must contain a source and destination container for each document. The prefix and suffix
    filter (if supplied) are used to filter folders; the prefix is applied to the subpath after
    the container name. Glossaries / translation memory can be included and are applied when the
    document is translated. If a glossary is invalid or unreachable during translation, an error
    is indicated in the document status. If a file with the same name already exists at the
    destination, it is overwritten. The `targetUrl` for each target language must be unique.

    The page lists the body media types "application/json", "text/json" and
    "application/*+json"; this description declares `application/json` only.

    On success the service answers `202 Accepted` with an `Operation-Location` header whose last
    path segment is the operation id to pass to `getTranslationStatus`.

    Args:
        api_version (ApiVersion | Unset): The dated API versions served on the `document` route:
            `2026-03-01` (current GA, the
            default of Microsoft's 2.0.0 client) and `2024-05-01` (previous GA).
        ocp_apim_subscription_region (str | Unset):
        body (BatchSubmissionRequest): Batch Submission Request. Not on the seed page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorResponse]
    """

    httpx_client = client.get_httpx_client()
    response = httpx_client.request(
        **request_kwargs(
            httpx_client,
            body=body,
            api_version=api_version,
            ocp_apim_subscription_region=ocp_apim_subscription_region,
        )
    )

    return build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: BatchSubmissionRequest,
    api_version: ApiVersion | Unset = UNSET,
    ocp_apim_subscription_region: str | Unset = UNSET,
) -> Any | ErrorResponse | None:
    """Submit a batch document translation request

     Not on the seed page: from the v1.0-preview.1 "submit batch request" reference page; the
    same operation in every version ([REST-V1], [REST-2024], [REF-2026]).

    Submits a bulk (batch) translation request. Each request can contain multiple documents and
    must contain a source and destination container for each document. The prefix and suffix
    filter (if supplied) are used to filter folders; the prefix is applied to the subpath after
    the container name. Glossaries / translation memory can be included and are applied when the
    document is translated. If a glossary is invalid or unreachable during translation, an error
    is indicated in the document status. If a file with the same name already exists at the
    destination, it is overwritten. The `targetUrl` for each target language must be unique.

    The page lists the body media types "application/json", "text/json" and
    "application/*+json"; this description declares `application/json` only.

    On success the service answers `202 Accepted` with an `Operation-Location` header whose last
    path segment is the operation id to pass to `getTranslationStatus`.

    Args:
        api_version (ApiVersion | Unset): The dated API versions served on the `document` route:
            `2026-03-01` (current GA, the
            default of Microsoft's 2.0.0 client) and `2024-05-01` (previous GA).
        ocp_apim_subscription_region (str | Unset):
        body (BatchSubmissionRequest): Batch Submission Request. Not on the seed page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorResponse
    """

    return sync_detailed(
        client=client,
        body=body,
        api_version=api_version,
        ocp_apim_subscription_region=ocp_apim_subscription_region,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: BatchSubmissionRequest,
    api_version: ApiVersion | Unset = UNSET,
    ocp_apim_subscription_region: str | Unset = UNSET,
) -> Response[Any | ErrorResponse]:
    """Submit a batch document translation request

     Not on the seed page: from the v1.0-preview.1 "submit batch request" reference page; the
    same operation in every version ([REST-V1], [REST-2024], [REF-2026]).

    Submits a bulk (batch) translation request. Each request can contain multiple documents and
    must contain a source and destination container for each document. The prefix and suffix
    filter (if supplied) are used to filter folders; the prefix is applied to the subpath after
    the container name. Glossaries / translation memory can be included and are applied when the
    document is translated. If a glossary is invalid or unreachable during translation, an error
    is indicated in the document status. If a file with the same name already exists at the
    destination, it is overwritten. The `targetUrl` for each target language must be unique.

    The page lists the body media types "application/json", "text/json" and
    "application/*+json"; this description declares `application/json` only.

    On success the service answers `202 Accepted` with an `Operation-Location` header whose last
    path segment is the operation id to pass to `getTranslationStatus`.

    Args:
        api_version (ApiVersion | Unset): The dated API versions served on the `document` route:
            `2026-03-01` (current GA, the
            default of Microsoft's 2.0.0 client) and `2024-05-01` (previous GA).
        ocp_apim_subscription_region (str | Unset):
        body (BatchSubmissionRequest): Batch Submission Request. Not on the seed page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorResponse]
    """

    httpx_client = client.get_async_httpx_client()
    response = await httpx_client.request(
        **request_kwargs(
            httpx_client,
            body=body,
            api_version=api_version,
            ocp_apim_subscription_region=ocp_apim_subscription_region,
        )
    )

    return build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: BatchSubmissionRequest,
    api_version: ApiVersion | Unset = UNSET,
    ocp_apim_subscription_region: str | Unset = UNSET,
) -> Any | ErrorResponse | None:
    """Submit a batch document translation request

     Not on the seed page: from the v1.0-preview.1 "submit batch request" reference page; the
    same operation in every version ([REST-V1], [REST-2024], [REF-2026]).

    Submits a bulk (batch) translation request. Each request can contain multiple documents and
    must contain a source and destination container for each document. The prefix and suffix
    filter (if supplied) are used to filter folders; the prefix is applied to the subpath after
    the container name. Glossaries / translation memory can be included and are applied when the
    document is translated. If a glossary is invalid or unreachable during translation, an error
    is indicated in the document status. If a file with the same name already exists at the
    destination, it is overwritten. The `targetUrl` for each target language must be unique.

    The page lists the body media types "application/json", "text/json" and
    "application/*+json"; this description declares `application/json` only.

    On success the service answers `202 Accepted` with an `Operation-Location` header whose last
    path segment is the operation id to pass to `getTranslationStatus`.

    Args:
        api_version (ApiVersion | Unset): The dated API versions served on the `document` route:
            `2026-03-01` (current GA, the
            default of Microsoft's 2.0.0 client) and `2024-05-01` (previous GA).
        ocp_apim_subscription_region (str | Unset):
        body (BatchSubmissionRequest): Batch Submission Request. Not on the seed page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            api_version=api_version,
            ocp_apim_subscription_region=ocp_apim_subscription_region,
        )
    ).parsed
