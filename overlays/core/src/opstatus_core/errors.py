"""The typed errors and warnings, every error an :class:`OpstatusError`. A message is one line
(what happened, then what to do) and never shows a credential."""

from __future__ import annotations

from typing import Any

from .limits import MAX_DETAIL_CHARS, MAX_SHOWN_CHARS, shorten


class OpstatusError(Exception):
    """The base of every error raised by opstatus."""


class InvalidSpec(OpstatusError):
    """An OpenAPI document or its ``x-opstatus`` extension cannot drive a poller."""


class InvalidContinuationToken(OpstatusError):
    """A continuation token is garbage, truncated, of another version or of another provider."""


class InvalidOperationReference(OpstatusError):
    """An operation reference was refused before any request was sent (e.g. not a GUID)."""


class WaitError(OpstatusError):
    """An error about one operation, where its wait (or status request) ended; its keywords are
    its attributes (``snapshot``: the last good one; ``attempts``: status requests made)."""

    #: the verb of the one-line message ("failed", "timed out", ...)
    what: str = "failed"
    #: what to do about it (the end of the message)
    hint: str = ""
    #: how the message names the last status ("status" where it is the terminal one)
    status_label: str = "last status"

    def __init__(
        self,
        *,
        provider: str,
        operation_id: str,
        last_status: str | None = None,
        detail: str | None = None,
        attempts: int = 0,
        snapshot: Any = None,
        continuation_token: str | None = None,
        status_code: int | None = None,
        reason: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.provider = provider
        self.operation_id = operation_id
        self.last_status = last_status
        self.detail = detail
        self.attempts = attempts
        self.snapshot = snapshot
        self.continuation_token = continuation_token
        self.status_code = status_code
        self.reason = reason
        if hint is not None:
            self.hint = hint
        super().__init__(self._message())

    def _message(self) -> str:
        """One line: what happened (server-controlled values shortened), then what to do."""
        text = f"{self.provider}: operation {_one_line(str(self.operation_id), MAX_SHOWN_CHARS)}"
        text += f" {self.what}" + (f" ({_one_line(self.reason)})" if self.reason else "")
        if self.last_status is not None:
            text += f" ({self.status_label} {shorten(self.last_status)!r})"
        text += f" after {self.attempts} attempt{'' if self.attempts == 1 else 's'}"
        if self.detail:
            text += f": {_one_line(self.detail)}"
        if not text.endswith((".", "!", "?")):  # no "." added after a detail ending in one
            text += "."
        return f"{text} {self.hint}" if self.hint else text


def _one_line(text: str, limit: int = MAX_DETAIL_CHARS) -> str:
    # cut first: splitting a 50 MB reason to flatten it would copy it twice
    flat = " ".join(text[: limit * 2].split())
    return shorten(flat, limit) if len(text) <= limit * 2 else shorten(flat + " ...", limit)


class OperationFailed(WaitError):
    """The operation reached a terminal failure status."""

    hint = "Check the operation's inputs and the provider's error detail."
    status_label = "status"  # "failed (status 'X')": the status it ended on


class OperationCanceled(WaitError):
    """The operation reached a terminal canceled status."""

    what = "was canceled"
    hint = "Start the operation again if it is still needed."


class WaitTimeout(WaitError):
    """The wait reached its deadline before the operation reached a terminal status."""

    what = "did not finish before the deadline"
    hint = "Resume with the continuation token or wait with a longer timeout."


class TransientRetriesExhausted(WaitError):
    """Too many transient failures in a row (connection errors, 408, 429, 5xx)."""

    what = "could not be polled"
    hint = "The service or network is unavailable; resume later with the continuation token."


class AuthenticationError(WaitError):
    """The provider refused the credentials (401 or 403)."""

    what = "could not be read: the credentials were refused"
    hint = "Check the credential (value, expiry, permissions) and the base URL."


class OperationNotFound(WaitError):
    """The provider does not know the operation (404, or a batch entry reported missing)."""

    what = "was not found"
    hint = "Check the operation id and the account/environment it belongs to."


class MalformedResponse(WaitError):
    """A status response could not be understood (not JSON, truncated, a required field missing)."""

    what = "returned a response that could not be read"
    hint = "The service sent an unexpected body; report it if it persists."


class ResponseTooLarge(MalformedResponse):
    """A response went past the client's ``max_response_bytes``, on the wire or decompressed."""

    what = "returned a response over the size limit"
    hint = "Raise max_response_bytes if the service really sends bodies this large."


class OperationIdMismatch(MalformedResponse):
    """The response names another operation than the one asked for."""

    what = "was answered with another operation's status"
    hint = "The service or a proxy mixed up responses; do not trust this status."


class ApiError(WaitError):
    """Any other refusal: an unexpected HTTP status, an ``ok``-flag false, a transport error."""

    what = "could not be read"
    hint = "Check the request (base URL, ids) and the provider's error detail."


class CredentialsRefused(OpstatusError):
    """A :class:`~opstatus_core.LoginBearer`'s login was refused: the wait ends with an
    :class:`AuthenticationError` carrying these (never the credential itself)."""

    def __init__(
        self,
        detail: str | None = None,
        *,
        reason: str | None = "the credential exchange was refused",
        status_code: int | None = None,
    ) -> None:
        self.detail = detail
        self.reason = reason
        self.status_code = status_code
        super().__init__(detail or reason or "credentials refused")


class UnknownStatusWarning(UserWarning):
    """A status value the spec does not list: treated as pending, reported once per value."""


class InsecureTransportWarning(UserWarning):
    """TLS certificate verification was switched off explicitly."""
