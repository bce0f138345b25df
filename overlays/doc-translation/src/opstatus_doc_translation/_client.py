"""The Document Translation clients: the generated client bound to the opstatus engine.

What is specific to this provider lives here and nowhere else: the ids are GUIDs, the key goes
in ``Ocp-Apim-Subscription-Key`` (and the resource's region, when given, in
``Ocp-Apim-Subscription-Region``), the base URL is the resource's custom domain endpoint plus
the chosen API version's route (``/translator/document`` with ``api-version`` for the dated
versions, ``/translator/text/batch/<version>`` for v1.0 and the preview), a submission's id is
the last path segment of its ``Operation-Location`` header, batches can be listed and
cancelled, and their documents read. Classification, progress, deadlines, backoff,
``Retry-After`` and the typed errors of every call come from the spec's ``x-opstatus`` through
core.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal, Self
from urllib.parse import parse_qs, urlsplit, urlunsplit
from uuid import UUID

import attrs
from opstatus_core import (
    ApiKeyHeader,
    AsyncStatusClient,
    ClientBase,
    Hooks,
    OperationReference,
    Provider,
    Reference,
    Secret,
    StatusClient,
    StatusResponse,
    env_value,
    parse_guid,
    secret_or_env,
)
from opstatus_core.sdk import (
    AuthenticationError,
    ConfigurationError,
    InvalidOperationReference,
    MalformedResponse,
    OperationCanceled,
    OperationFailed,
    OperationNotFound,
    OpstatusError,
)
from opstatus_doc_translation_client.api.document_translation import (
    cancel_translation,
    get_document_status,
    get_supported_document_formats,
    get_supported_formats,
    get_supported_glossary_formats,
    get_translation_status,
    list_document_statuses,
    list_translations,
    start_translation,
)
from opstatus_doc_translation_client.client import Client
from opstatus_doc_translation_client.models import (
    ApiVersion,
    BatchSubmissionRequest,
    DocumentStatus,
    DocumentStatusList,
    FileFormat,
    FileFormatList,
    TranslationStatus,
    TranslationStatusList,
)

NAME = "doc-translation"
SPEC_PACKAGE = "opstatus_doc_translation"
KEY_ENV = "OPSTATUS_TRANSLATOR_KEY"
ENDPOINT_ENV = "OPSTATUS_TRANSLATOR_ENDPOINT"
KEY_HEADER = "Ocp-Apim-Subscription-Key"
REGION_ENV = "OPSTATUS_TRANSLATOR_REGION"
API_VERSION_ENV = "OPSTATUS_TRANSLATOR_API_VERSION"
REGION_HEADER = "Ocp-Apim-Subscription-Region"
GLOBAL_ENDPOINT = "api.cognitive.microsofttranslator.com"

#: the route of each API version, as in the spec's server variable ``route``: the dated versions
#: (the spec's ``ApiVersion`` enum) share ``document`` and send ``api-version``; the older ones
#: have their version in the path (a test checks this against the spec)
_ROUTES: dict[str, str] = {
    **{version.value: "document" for version in ApiVersion},
    "v1.0": "text/batch/v1.0",
    "v1.0-preview.1": "text/batch/v1.0-preview.1",
}
#: every API version the SDK can call, newest first
API_VERSIONS: tuple[str, ...] = (
    *sorted((v.value for v in ApiVersion), reverse=True),
    "v1.0",
    "v1.0-preview.1",
)
#: the newest GA version (what Microsoft's current client calls)
DEFAULT_API_VERSION = API_VERSIONS[0]
#: most pages a list call follows before it gives up (a service that keeps sending links)
MAX_PAGES = 1000


class InvalidBatchRequest(OpstatusError, ValueError):
    """A batch submission body refused before any request (not the documented shape)."""


@attrs.frozen
class DocTranslationReference(OperationReference):
    """A translation batch: its id, a GUID (``{"id": ...}`` or the id alone)."""

    provider = NAME
    keys = ("id",)
    id_key = "id"

    batch_id: UUID

    @classmethod
    def _from_values(cls, values: Mapping[str, object]) -> Self:
        return cls(cls.guid(values, "id", "the operation id"))

    def to_kwargs(self) -> dict[str, Any]:
        return {"id": self.batch_id}

    def to_dict(self) -> dict[str, str]:
        return {"id": str(self.batch_id)}


def parse_operation_id(value: object) -> str:
    """The canonical (lower-case, hyphenated) form of a batch id; refuse anything not a GUID."""
    return str(parse_guid(value, "the operation id", provider=NAME))


def operation_id_from_location(location: str) -> str:
    """The batch id of an ``Operation-Location`` header: its last path segment, as a GUID."""
    path = urlsplit(location.strip()).path.rstrip("/")
    return parse_operation_id(path.rsplit("/", 1)[-1])


def parse_api_version(value: str) -> str:
    """``value`` if it is an API version this SDK can call, else ``ConfigurationError``."""
    version = value.strip()
    if version not in _ROUTES:
        raise ConfigurationError(
            f"{NAME}: unknown API version {value!r}; use one of {', '.join(API_VERSIONS)}."
        )
    return version


def api_base_url(endpoint: str, api_version: str = DEFAULT_API_VERSION) -> str:
    """The API base URL of ``api_version`` for a resource endpoint.

    ``https://<name>.cognitiveservices.azure.com`` (host only, as the portal shows it, or with
    ``/translator``, as Microsoft's clients take it) gets ``/translator/<route>`` of the version
    (``document``, ``text/batch/v1.0``, ``text/batch/v1.0-preview.1``); an endpoint that already
    ends in a version's route gets the chosen version's route instead; any other path (e.g. a
    proxy's) is used as is. The global translator endpoint cannot serve Document Translation and
    is refused.
    """
    route = _ROUTES[parse_api_version(api_version)]
    parts = urlsplit(endpoint.strip())
    if (parts.hostname or "").lower() == GLOBAL_ENDPOINT:
        raise ConfigurationError(
            f"{NAME}: Document Translation needs your resource's custom domain endpoint "
            f"(https://<NAME-OF-YOUR-RESOURCE>.cognitiveservices.azure.com), not {GLOBAL_ENDPOINT}."
        )
    if parts.query or parts.fragment:
        return endpoint.strip().rstrip("/")
    path = parts.path.rstrip("/")
    for known in sorted(set(_ROUTES.values()), key=len, reverse=True):
        if path.endswith("/translator/" + known):
            path = path.removesuffix("/" + known)
            break
    if path and not path.endswith("/translator"):
        return endpoint.strip().rstrip("/")
    path = path.removesuffix("/translator")
    return urlunsplit((parts.scheme, parts.netloc, f"{path}/translator/{route}", "", ""))


PROVIDER = Provider(
    name=NAME,
    spec_package=SPEC_PACKAGE,
    operation_id="getTranslationStatus",
    endpoint=get_translation_status,
    client_class=Client,
    reference=DocTranslationReference,
    base_url_env=ENDPOINT_ENV,
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


def _base_url(base_url: str | None, api_version: str, environ: Mapping[str, str] | None) -> str:
    value = base_url or env_value(ENDPOINT_ENV, environ=environ)
    if not value:
        raise ConfigurationError(f"{NAME}: no endpoint; pass base_url=... or set {ENDPOINT_ENV}.")
    return api_base_url(value, api_version)


def _version_kwargs(api_version: str, region: str | None) -> dict[str, Any]:
    """What every request of this client adds: ``api-version`` (dated versions) and the region."""
    kwargs: dict[str, Any] = {}
    if _ROUTES[api_version] == "document":
        kwargs["api_version"] = ApiVersion(api_version)
    if region:
        kwargs["ocp_apim_subscription_region"] = region
    return kwargs


def _region(region: str | None, environ: Mapping[str, str] | None) -> str | None:
    value = region if region is not None else env_value(REGION_ENV, environ=environ)
    value = (value or "").strip()
    if value and not value.replace("-", "").isalnum():
        raise ConfigurationError(
            f"{NAME}: a region is a name such as 'westeurope', not {value[:40]!r}."
        )
    return value or None


def _statuses(statuses: Sequence[str] | None) -> dict[str, Any]:
    """``statuses`` as the spec sends it: one comma-separated value (form, explode: false)."""
    if not statuses:
        return {}
    if isinstance(statuses, str):
        statuses = [statuses]
    return {"statuses": [",".join(str(s) for s in statuses)]}


def _next_skip(link: str, skip: int) -> int | None:
    """The ``$skip`` of a next-page link (``None``: no link); it must move forward."""
    values = parse_qs(urlsplit(link).query).get("$skip") or []
    try:
        following = int(values[0])
    except (IndexError, ValueError):
        following = -1
    if following <= skip:
        raise MalformedResponse(
            provider=NAME,
            operation_id="(list)",
            reason=f"a next-page link that does not move forward: {link[:200]!r}",
            attempts=1,
        )
    return following


def _next_link(page: TranslationStatusList | DocumentStatusList) -> str | None:
    """The next page's link: ``nextLink`` (2024-05-01 on) or ``@nextLink`` (up to v1.0)."""
    link = page.next_link if isinstance(page.next_link, str) else None
    legacy = page.additional_properties.get("@nextLink")
    return link or (legacy if isinstance(legacy, str) else None)


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


def _skip(skip: int) -> dict[str, Any]:
    return {"skip": skip} if skip else {}


@attrs.define
class _Pages:
    """A list call's paging, for both clients: the items so far and the next page's ``$skip``
    (``None``: done). At most :data:`MAX_PAGES` pages; a next link must move forward."""

    about: str
    items: list[Any] = attrs.Factory(list)
    skip: int | None = 0
    count: int = 0

    def add(self, page: TranslationStatusList | DocumentStatusList) -> None:
        self.items.extend(page.value)
        self.count += 1
        link = _next_link(page)
        if link is None:
            self.skip = None
            return
        self.skip = _next_skip(link, self.skip or 0) or 0
        if self.count >= MAX_PAGES:
            raise MalformedResponse(
                provider=NAME,
                operation_id=self.about,
                reason=f"more than {MAX_PAGES} pages",
                attempts=MAX_PAGES,
            )


class _DocTranslation(ClientBase):
    """What both Translator clients add to core's bases: the endpoint, the key, GUID batch ids,
    and each call's request.

    The ``_<call>`` methods are written once for both clients: each returns ``self.call(...)``,
    the model on the sync client and an awaitable of it on the async one; the clients' public
    methods return it, or await it."""

    provider = PROVIDER
    call: Callable[..., Any]  # StatusClient.call / AsyncStatusClient.call
    call_detailed: Callable[..., Any]

    def __init__(
        self,
        *,
        base_url: str | None = None,
        key: str | Secret | None = None,
        api_version: str | None = None,
        region: str | None = None,
        environ: Mapping[str, str] | None = None,
        **options: Any,
    ) -> None:
        chosen = api_version or env_value(API_VERSION_ENV, environ=environ) or DEFAULT_API_VERSION
        self.api_version = parse_api_version(chosen)
        self.region = _region(region, environ)
        self._common = _version_kwargs(self.api_version, self.region)
        key = secret_or_env(
            key, KEY_ENV, provider=NAME, what="subscription key", keyword="key", environ=environ
        )
        super().__init__(
            base_url=_base_url(base_url, self.api_version, environ),
            auth=ApiKeyHeader(KEY_HEADER, key),
            status_params=self._common,  # this client's api-version and region
            environ=environ,
            **options,
        )

    def _batch(self, ref: Reference) -> DocTranslationReference:
        return DocTranslationReference.parse(ref)

    def _formats_call(self, kind: str) -> tuple[Any, dict[str, Any]]:
        """The formats operation of this client's API version, and its kwargs."""
        if kind not in ("document", "glossary"):
            raise ConfigurationError(f"{NAME}: formats of 'document' or 'glossary', not {kind!r}.")
        if _ROUTES[self.api_version] == "document":
            return get_supported_formats, {**self._common, "type_": kind}
        endpoint = (
            get_supported_document_formats if kind == "document" else get_supported_glossary_formats
        )
        return endpoint, dict(self._common)

    def _start(self, request: BatchSubmissionRequest | Mapping[str, Any]) -> Any:
        body = _submission(request)
        return self.call_detailed(
            start_translation, about=_NEW, idempotent=False, body=body, **self._common
        )

    def _documents_page(
        self, batch: DocTranslationReference, statuses: Sequence[str] | None, skip: int
    ) -> Any:
        return self.call(
            list_document_statuses,
            about=batch.id,
            expect=DocumentStatusList,
            id=batch.batch_id,
            **_skip(skip),
            **_statuses(statuses),
            **self._common,
        )

    def _translations_page(self, statuses: Sequence[str] | None, skip: int) -> Any:
        return self.call(
            list_translations,
            about="(list)",
            expect=TranslationStatusList,
            **_skip(skip),
            **_statuses(statuses),
            **self._common,
        )

    def _document(self, ref: Reference, document_id: str | UUID) -> Any:
        batch = self._batch(ref)
        document = parse_guid(document_id, "the document id", provider=NAME)
        return self.call(
            get_document_status,
            about=batch.id,
            expect=DocumentStatus,
            id=batch.batch_id,
            document_id=document,
            **self._common,
        )

    def _formats(self, kind: str) -> Any:
        endpoint, kwargs = self._formats_call(kind)
        return self.call(endpoint, about="(formats)", expect=FileFormatList, **kwargs)

    def _cancel(self, ref: Reference) -> Any:
        batch = self._batch(ref)
        return self.call(
            cancel_translation,
            about=batch.id,
            expect=TranslationStatus,
            id=batch.batch_id,
            **self._common,
        )


class DocTranslationClient(_DocTranslation, StatusClient):
    """Sync client: ``start_translation``, ``status``, ``wait``, ``cancel``, ``resume``,
    ``documents``, ``document``, ``list_translations``, ``supported_formats``.

    ``base_url`` (or ``OPSTATUS_TRANSLATOR_ENDPOINT``) is the resource's custom domain endpoint;
    ``key`` (or ``OPSTATUS_TRANSLATOR_KEY``) its subscription key; ``api_version`` (or
    ``OPSTATUS_TRANSLATOR_API_VERSION``) one of :data:`API_VERSIONS` (default: the newest GA,
    :data:`DEFAULT_API_VERSION`); ``region`` (or ``OPSTATUS_TRANSLATOR_REGION``) the resource's
    region, sent as ``Ocp-Apim-Subscription-Region`` (needed for regional and multi-service
    resources). Other keywords as in
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
        return _submitted(self._start(request))

    def documents(
        self, ref: Reference, *, statuses: Sequence[str] | None = None
    ) -> list[DocumentStatus]:
        """The status of every document of a batch (``GET /batches/{id}/documents``, all pages).

        ``statuses`` keeps only documents in those statuses (e.g. ``["Failed"]``).
        """
        batch = self._batch(ref)
        pages = _Pages(batch.id)
        while pages.skip is not None:
            pages.add(self._documents_page(batch, statuses, pages.skip))
        return pages.items

    def document(self, ref: Reference, document_id: str | UUID) -> DocumentStatus:
        """The status of one document of a batch (``GET /batches/{id}/documents/{documentId}``)."""
        status: DocumentStatus = self._document(ref, document_id)
        return status

    def list_translations(
        self, *, statuses: Sequence[str] | None = None
    ) -> list[TranslationStatus]:
        """The batches of this resource, newest first (``GET /batches``, all pages)."""
        pages = _Pages("(list)")
        while pages.skip is not None:
            pages.add(self._translations_page(statuses, pages.skip))
        return pages.items

    def supported_formats(
        self, kind: Literal["document", "glossary"] = "document"
    ) -> list[FileFormat]:
        """The file formats the service translates (``document``) or reads glossaries in."""
        return list(self._formats(kind).value)

    def cancel(self, ref: Reference) -> TranslationStatus:
        """Cancel a batch (``DELETE /batches/{id}``); return the status it reports.

        The batch goes through ``Cancelling``; ``wait()`` then ends with ``OperationCanceled``.
        A batch that already ended (or is cancelling) is refused with ``ApiError`` (HTTP 400).
        Transient failures (5xx, 429, connection errors) are retried within the client's policy,
        as a ``DELETE`` may be; so a retried cancel that had already taken effect is that 400.
        """
        status: TranslationStatus = self._cancel(ref)
        return status


class AsyncDocTranslationClient(_DocTranslation, AsyncStatusClient):
    """Async client: the same API as :class:`DocTranslationClient`, awaited (each method's
    docstring is the sync one's)."""

    async def start_translation(self, request: BatchSubmissionRequest | Mapping[str, Any]) -> str:
        return _submitted(await self._start(request))

    async def documents(
        self, ref: Reference, *, statuses: Sequence[str] | None = None
    ) -> list[DocumentStatus]:
        batch = self._batch(ref)
        pages = _Pages(batch.id)
        while pages.skip is not None:
            pages.add(await self._documents_page(batch, statuses, pages.skip))
        return pages.items

    async def document(self, ref: Reference, document_id: str | UUID) -> DocumentStatus:
        status: DocumentStatus = await self._document(ref, document_id)
        return status

    async def list_translations(
        self, *, statuses: Sequence[str] | None = None
    ) -> list[TranslationStatus]:
        pages = _Pages("(list)")
        while pages.skip is not None:
            pages.add(await self._translations_page(statuses, pages.skip))
        return pages.items

    async def supported_formats(
        self, kind: Literal["document", "glossary"] = "document"
    ) -> list[FileFormat]:
        return list((await self._formats(kind)).value)

    async def cancel(self, ref: Reference) -> TranslationStatus:
        status: TranslationStatus = await self._cancel(ref)
        return status
