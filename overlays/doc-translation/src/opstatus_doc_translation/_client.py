"""The Document Translation clients: the generated client bound to the opstatus engine.

What is specific to this provider lives here and nowhere else: the ids are GUIDs, the key goes
in ``Ocp-Apim-Subscription-Key``, the base URL is the resource's custom domain endpoint (the
API path is added when only the host is given), a submission's id is the last path segment of
its ``Operation-Location`` header, and batches can be cancelled. Classification, progress,
deadlines, backoff, ``Retry-After``, conditional polls (``If-None-Match``, ``304``) and the
typed errors of every call come from the spec's ``x-opstatus`` through core.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

from opstatus_core import (
    ApiKeyHeader,
    AsyncStatusClient,
    AuthenticationError,
    ClientBase,
    ConfigurationError,
    Hooks,
    InvalidOperationReference,
    MalformedResponse,
    OperationCanceled,
    OperationFailed,
    OperationNotFound,
    OpstatusError,
    Provider,
    Reference,
    Secret,
    StatusClient,
    StatusResponse,
    env_secret,
    env_value,
    load_spec,
)
from opstatus_core.inputs import parse_guid
from opstatus_doc_translation_client.api.document_translation import (
    cancel_translation,
    get_translation_status,
    start_translation,
)
from opstatus_doc_translation_client.client import Client
from opstatus_doc_translation_client.models import BatchSubmissionRequest, TranslationStatus

__all__ = [
    "ENDPOINT_ENV",
    "GLOBAL_ENDPOINT",
    "KEY_ENV",
    "KEY_HEADER",
    "PROVIDER",
    "AsyncDocTranslationClient",
    "DocTranslationClient",
    "InvalidBatchRequest",
    "api_base_url",
    "operation_id_from_location",
    "parse_operation_id",
]

NAME = "doc-translation"
SPEC_PACKAGE = "opstatus_doc_translation"
KEY_ENV = "OPSTATUS_TRANSLATOR_KEY"
ENDPOINT_ENV = "OPSTATUS_TRANSLATOR_ENDPOINT"
KEY_HEADER = "Ocp-Apim-Subscription-Key"
GLOBAL_ENDPOINT = "api.cognitive.microsofttranslator.com"


class InvalidBatchRequest(OpstatusError, ValueError):
    """A batch submission body refused before any request (not the documented shape)."""


def parse_operation_id(value: object) -> str:
    """The canonical (lower-case, hyphenated) form of a batch id; refuse anything not a GUID."""
    return str(parse_guid(value, "the operation id", provider=NAME))


def operation_id_from_location(location: str) -> str:
    """The batch id of an ``Operation-Location`` header: its last path segment, as a GUID."""
    path = urlsplit(location.strip()).path.rstrip("/")
    return parse_operation_id(path.rsplit("/", 1)[-1])


def _api_path() -> str:
    servers = load_spec(SPEC_PACKAGE).get("servers") or [{}]
    return urlsplit(str(servers[0].get("url", ""))).path.rstrip("/")


def api_base_url(endpoint: str) -> str:
    """The API base URL for a resource endpoint.

    ``https://<name>.cognitiveservices.azure.com`` (host only, as the portal shows it) gets the
    spec's API path (``/translator/text/batch/v1.0-preview.1``); a URL with a path is used as is.
    The global translator endpoint cannot serve Document Translation and is refused.
    """
    parts = urlsplit(endpoint.strip())
    if (parts.hostname or "").lower() == GLOBAL_ENDPOINT:
        raise ConfigurationError(
            f"{NAME}: Document Translation needs your resource's custom domain endpoint "
            f"(https://<NAME-OF-YOUR-RESOURCE>.cognitiveservices.azure.com), not {GLOBAL_ENDPOINT}."
        )
    base = endpoint.strip().rstrip("/")
    if parts.path in ("", "/") and not parts.query:
        base += _api_path()
    return base


def _to_kwargs(ref: Mapping[str, str]) -> Mapping[str, Any]:
    return {"id": UUID(parse_operation_id(ref["id"]))}


PROVIDER = Provider(
    name=NAME,
    spec_package=SPEC_PACKAGE,
    operation_id="getTranslationStatus",
    endpoint=get_translation_status,
    client_class=Client,
    to_kwargs=_to_kwargs,
    base_url_env=ENDPOINT_ENV,
    # getTranslationStatus takes If-None-Match: core sends the last ETag, a 304 repeats the last
    # snapshot (and still counts as a poll).
    etag_kwarg="if_none_match",
    hooks=Hooks(
        hints={
            OperationFailed: "Check the batch's source/target URLs (SAS tokens), glossaries and "
            "the error detail.",
            OperationCanceled: "The batch was canceled; submit it again if it is still needed.",
            OperationNotFound: "Check the batch id and that the endpoint is the resource that "
            "ran the batch.",
            AuthenticationError: f"Check the resource key ({KEY_ENV}) and that it belongs to "
            f"the endpoint's resource.",
        }
    ),
)


def _auth(key: str | Secret | None, environ: Mapping[str, str] | None) -> ApiKeyHeader:
    secret = Secret(key) if key is not None else env_secret(KEY_ENV, environ=environ)
    if not secret:
        raise ConfigurationError(f"{NAME}: no subscription key; pass key=... or set {KEY_ENV}.")
    return ApiKeyHeader(KEY_HEADER, secret)


def _base_url(base_url: str | None, environ: Mapping[str, str] | None) -> str:
    value = base_url or env_value(ENDPOINT_ENV, environ=environ)
    if not value:
        raise ConfigurationError(f"{NAME}: no endpoint; pass base_url=... or set {ENDPOINT_ENV}.")
    return api_base_url(value)


def _submission(request: BatchSubmissionRequest | Mapping[str, Any]) -> BatchSubmissionRequest:
    if isinstance(request, BatchSubmissionRequest):
        body = request
    elif isinstance(request, Mapping):
        try:
            body = BatchSubmissionRequest.from_dict(request)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise InvalidBatchRequest(
                f"{NAME}: not a batch submission request ({type(exc).__name__}: {exc}); it needs "
                "inputs[].source.sourceUrl and inputs[].targets[].targetUrl/language."
            ) from None
    else:
        raise InvalidBatchRequest(
            f"{NAME}: a batch submission is a BatchSubmissionRequest or a mapping, "
            f"not {type(request).__name__}."
        )
    if not body.inputs or any(not item.targets for item in body.inputs):
        raise InvalidBatchRequest(f"{NAME}: a batch needs at least one input, each with a target.")
    return body


_NEW = "(new batch)"


def _submitted(response: StatusResponse) -> str:
    """The new batch's id: the last path segment of the 202's ``Operation-Location``."""
    location = response.headers.get("Operation-Location")
    try:
        return operation_id_from_location(location or "")
    except InvalidOperationReference:
        raise MalformedResponse(
            provider=NAME,
            operation_id=_NEW,
            reason=f"submit: the HTTP {int(response.status_code)} has no Operation-Location "
            "ending in a GUID",
            attempts=1,
            status_code=int(response.status_code),
        ) from None


def _as_reference(ref: Reference | UUID) -> Reference:
    return str(ref) if isinstance(ref, UUID) else ref


def _canonical(reference: dict[str, str]) -> dict[str, str]:
    reference["id"] = parse_operation_id(reference["id"])
    return reference


class _DocTranslation(ClientBase):
    """What both Translator clients add to core's bases: the endpoint, the key, GUID batch ids."""

    provider = PROVIDER

    def __init__(
        self,
        *,
        base_url: str | None = None,
        key: str | Secret | None = None,
        environ: Mapping[str, str] | None = None,
        **options: Any,
    ) -> None:
        super().__init__(
            base_url=_base_url(base_url, environ),
            auth=_auth(key, environ),
            environ=environ,
            **options,
        )

    def reference(self, ref: Reference | UUID) -> dict[str, str]:
        """``{"id": <canonical GUID>}``; InvalidOperationReference for anything else."""
        return _canonical(super().reference(_as_reference(ref)))


class DocTranslationClient(_DocTranslation, StatusClient):
    """Sync client: ``start_translation``, ``status``, ``wait``, ``cancel``, ``resume``.

    ``base_url`` (or ``OPSTATUS_TRANSLATOR_ENDPOINT``) is the resource's custom domain endpoint;
    ``key`` (or ``OPSTATUS_TRANSLATOR_KEY``) its subscription key. Other keywords as in
    :class:`opstatus_core.StatusClient` (``policy``, ``clock``, ``request_timeout``,
    ``transport``, ``environ``, ``insecure_skip_tls_verify``).
    """

    def start_translation(self, request: BatchSubmissionRequest | Mapping[str, Any]) -> str:
        """Submit a batch (``POST /batches``); return its id (from ``Operation-Location``).

        A submission is not idempotent: it is retried only when the service cannot have acted on
        it (connection refused, 408, 429, after ``Retry-After``). Any other failure raises the
        typed error: ``TransientRetriesExhausted`` for a 5xx or a connection lost mid-request
        (the batch may or may not exist: check before submitting again), ``AuthenticationError``,
        ``ApiError`` with ``status_code`` and the service's detail.
        """
        response = self.call_detailed(
            start_translation, about=_NEW, idempotent=False, body=_submission(request)
        )
        return _submitted(response)

    def cancel(self, ref: Reference) -> TranslationStatus:
        """Cancel a batch (``DELETE /batches/{id}``); return the status it reports.

        The batch goes through ``Cancelling``; ``wait()`` then ends with ``OperationCanceled``.
        A batch that already ended (or is cancelling) is refused with ``ApiError`` (HTTP 400).
        Transient failures (5xx, 429, connection errors) are retried within the client's policy,
        as a ``DELETE`` may be; so a retried cancel that had already taken effect is that 400.
        """
        operation_id = self.reference(ref)["id"]
        status: TranslationStatus = self.call(
            cancel_translation, about=operation_id, expect=TranslationStatus, id=UUID(operation_id)
        )
        return status


class AsyncDocTranslationClient(_DocTranslation, AsyncStatusClient):
    """Async client: the same API as :class:`DocTranslationClient`, awaited."""

    async def start_translation(self, request: BatchSubmissionRequest | Mapping[str, Any]) -> str:
        """Submit a batch; return its id. See :meth:`DocTranslationClient.start_translation`."""
        response = await self.call_detailed(
            start_translation, about=_NEW, idempotent=False, body=_submission(request)
        )
        return _submitted(response)

    async def cancel(self, ref: Reference) -> TranslationStatus:
        """Cancel a batch; return the status it reports. See :meth:`DocTranslationClient.cancel`."""
        operation_id = self.reference(ref)["id"]
        status: TranslationStatus = await self.call(
            cancel_translation, about=operation_id, expect=TranslationStatus, id=UUID(operation_id)
        )
        return status
