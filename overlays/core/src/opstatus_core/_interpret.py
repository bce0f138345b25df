"""What one HTTP answer (or one failed request) means: the one place that maps status codes and
exceptions to "a document", "retry" or a typed error. What a status document
says is the rule's (:meth:`~opstatus_core.PollingRule.read`)."""

from __future__ import annotations

import enum
import json
import ssl
from collections.abc import Mapping
from typing import Any, Protocol

import attrs
import httpx

from ._policy import header, parse_retry_after
from ._rule import Pointer, render_detail
from ._transport import ResponseTooLargeError, WaitDeadlineExceeded
from .errors import (
    ApiError,
    AuthenticationError,
    CredentialsRefused,
    MalformedResponse,
    OperationNotFound,
    ResponseTooLarge,
    WaitError,
    WaitTimeout,
)
from .limits import MAX_JSON_DEPTH, json_too_deep

__all__ = [
    "Interpretation",
    "Kind",
    "StatusResponse",
    "interpret_exception",
    "interpret_response",
]


class StatusResponse(Protocol):
    """A generated ``Response`` (structurally: core never imports generated code): status code,
    raw content, headers, parsed model."""

    @property
    def status_code(self) -> int: ...
    @property
    def content(self) -> bytes: ...
    @property
    def headers(self) -> Mapping[str, str]: ...
    @property
    def parsed(self) -> Any: ...


class Kind(enum.Enum):
    OK = "ok"
    TRANSIENT = "transient"
    FATAL = "fatal"


@attrs.frozen(slots=True)
class Interpretation:
    """What one request means, before any state changes."""

    kind: Kind
    document: Any = None
    model: Any = None
    retry_after: float | None = None
    etag: str | None = None
    error_type: type[WaitError] = ApiError  # what a FATAL one ends the wait with
    reason: str | None = None
    detail: str | None = None
    status_code: int | None = None


#: the detail (or reason) given for a body refused by ``MAX_JSON_DEPTH``
TOO_DEEP = f"the body nests more than {MAX_JSON_DEPTH} levels deep"


def _detail_from_body(content: bytes | None, error_pointer: Pointer | None) -> str | None:
    """A refusal's detail, read from its raw body (a generated error model says no more): at
    the spec's ``error_pointer``, under a usual key, the whole JSON, or the start of a text."""
    if not content:
        return None
    if json_too_deep(content):
        return TOO_DEEP
    try:
        document = json.loads(content)
    except (ValueError, UnicodeDecodeError):
        return " ".join(content[:200].decode("utf-8", "replace").split()) or None
    if error_pointer is not None:
        found = render_detail(error_pointer.resolve(document, None))
        if found:
            return found
    if isinstance(document, Mapping):
        for key in ("error", "message", "Message", "ErrorMessage", "detail", "title"):
            if key in document:
                return render_detail(document[key])
    return render_detail(document)


def _failed(
    code: int, response: StatusResponse, error_pointer: Pointer | None, now_wall: float
) -> Interpretation:
    """A non-2xx answer."""
    detail = None
    if code >= 400:
        detail = _detail_from_body(response.content, error_pointer)
    kind, reason = Kind.FATAL, f"unexpected HTTP {code}"
    error_type: type[WaitError] = ApiError
    if code in (401, 403):
        error_type, reason = AuthenticationError, f"HTTP {code}"
    elif code == 404:
        error_type, reason = OperationNotFound, "HTTP 404"
    elif code in (408, 429) or 500 <= code <= 599:
        kind, reason = Kind.TRANSIENT, f"HTTP {code}"
    retry_after = parse_retry_after(response.headers, now_wall) if kind is Kind.TRANSIENT else None
    return Interpretation(
        kind,
        retry_after=retry_after,
        error_type=error_type,
        reason=reason,
        detail=detail,
        status_code=code,
    )


def interpret_response(
    response: StatusResponse,
    error_pointer: Pointer | None,
    now_wall: float,
    *,
    status_document: bool = True,
) -> Interpretation:
    """Map a generated ``Response`` to an :class:`Interpretation` (``error_pointer``: where a
    provider's error body keeps its detail). No 2xx body nested deeper than ``MAX_JSON_DEPTH``
    is read; past that, a wait's 2xx (``status_document``) must carry a JSON object, a
    one-shot call's is its caller's (``model`` is the parsed body)."""
    code = int(response.status_code)
    if not 200 <= code <= 299:
        return _failed(code, response, error_pointer, now_wall)
    parsed, document = response.parsed, None
    if json_too_deep(response.content):
        malformed: str | None = TOO_DEEP
    elif not status_document:
        return Interpretation(Kind.OK, model=parsed, status_code=code)
    elif parsed is None:
        malformed = f"HTTP {code} body not understood, {len(response.content or b'')} bytes"
    else:
        try:
            document = parsed.to_dict() if hasattr(parsed, "to_dict") else parsed
            malformed = None if isinstance(document, Mapping) else "the body is not a JSON object"
        except Exception as exc:
            malformed = f"{type(exc).__name__}: {exc}"
    if malformed is not None:
        return Interpretation(
            Kind.FATAL, error_type=MalformedResponse, reason=malformed, status_code=code
        )
    return Interpretation(
        Kind.OK,
        document=document,
        model=parsed,
        retry_after=parse_retry_after(response.headers, now_wall),
        etag=header(response.headers, "etag"),
        status_code=code,
    )


def _tls_failure(exc: BaseException) -> bool:
    """Whether a certificate verification failure is in ``exc``'s chain (httpx and httpcore
    raise their errors ``from`` the ``ssl`` one)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ssl.SSLCertVerificationError):
            return True
        current = current.__cause__ or current.__context__
    return False


def interpret_exception(exc: Exception) -> Interpretation:
    """Map an exception from a request; re-raise what is not about the request (a bug)."""
    if isinstance(exc, CredentialsRefused):
        # a refused credential exchange (a login): final, no re-authentication attempt
        return Interpretation(
            Kind.FATAL,
            error_type=AuthenticationError,
            reason=exc.reason,
            detail=exc.detail,
            status_code=exc.status_code,
        )
    name = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    if isinstance(exc, WaitDeadlineExceeded):  # the wait's deadline cut the request: it ends
        return Interpretation(Kind.FATAL, error_type=WaitTimeout, reason=str(exc))
    if isinstance(exc, ResponseTooLargeError):  # the connection was dropped at the limit
        return Interpretation(Kind.FATAL, error_type=ResponseTooLarge, reason=str(exc))
    if isinstance(exc, httpx.TimeoutException):
        return Interpretation(Kind.TRANSIENT, reason=f"request timed out ({name})")
    if isinstance(exc, httpx.ConnectError) and _tls_failure(exc):
        return Interpretation(Kind.FATAL, reason="TLS certificate verification failed", detail=name)
    if isinstance(exc, httpx.NetworkError | httpx.RemoteProtocolError):
        return Interpretation(Kind.TRANSIENT, reason=f"connection failed ({name})")
    if isinstance(exc, httpx.HTTPError | httpx.InvalidURL):
        return Interpretation(Kind.FATAL, reason=name)
    if isinstance(exc, RecursionError):  # a parser recursing into a deeply nested body
        name = f"RecursionError ({TOO_DEEP})"
    if isinstance(
        exc, ValueError | KeyError | TypeError | AttributeError | IndexError | RecursionError
    ):  # e.g. an SDK's entry model refusing a document (generated parsers never raise)
        return Interpretation(Kind.FATAL, error_type=MalformedResponse, reason=name[:200])
    raise exc
