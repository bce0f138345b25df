"""One request to any generated endpoint that is not polled: the 2xx response, or the typed error.

For an SDK's other operations (a listing, a start/cancel action, a login): the same mapping of
exceptions and status codes to :class:`~opstatus_core.WaitError` subclasses as a wait, the same
transient budget, backoff and ``Retry-After`` (from the client's :class:`PollPolicy`, within its
``timeout``), sync and async. The usual entry points are ``client.call(endpoint, **kwargs)`` and
``client.call_detailed(...)`` on :class:`~opstatus_core.StatusClient` /
:class:`~opstatus_core.AsyncStatusClient`; :func:`call_endpoint` / :func:`async_call_endpoint`
are the same without a client object.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
import httpx

from ._transport import wait_deadline
from .clock import Clock
from .engine import (
    TOO_DEEP,
    DeadlineReached,
    Interpretation,
    Kind,
    Schedule,
    StatusResponse,
    interpret_exception,
    interpret_response,
)
from .errors import (
    ApiError,
    MalformedResponse,
    TransientRetriesExhausted,
    WaitError,
    WaitTimeout,
)
from .limits import json_too_deep
from .policy import PollPolicy
from .rule import PollingRule

__all__ = ["Expect", "async_call_endpoint", "call_endpoint", "endpoint_name"]

#: the parsed model class(es) a 2xx must carry (else :class:`MalformedResponse`)
Expect = type | tuple[type, ...] | None

#: retried even for a request that is not idempotent: the server cannot have acted on it
_SAFE_CODES = frozenset({408, 429})


def endpoint_name(endpoint: Any) -> str:
    """A generated endpoint module's short name (``list_migrations_by_status_type``)."""
    name = getattr(endpoint, "__name__", None) or type(endpoint).__name__
    return str(name).rsplit(".", 1)[-1]


class _OneShot:
    """The sans-IO state of one call: a schedule, the attempts, how to build its errors."""

    __slots__ = (
        "about",
        "attempts",
        "expect",
        "hints",
        "idempotent",
        "provider",
        "rule",
        "schedule",
    )

    def __init__(
        self,
        *,
        provider: str,
        about: str,
        rule: PollingRule,
        policy: PollPolicy,
        clock: Clock,
        expect: Expect,
        idempotent: bool,
        hints: Mapping[type[WaitError], str],
    ) -> None:
        self.provider = provider
        self.about = about
        self.rule = rule
        self.expect = expect
        self.idempotent = idempotent
        self.hints = hints
        self.attempts = 0
        self.schedule = Schedule.start(attrs.evolve(policy, initial_delay=0.0), clock)

    def error(
        self,
        cls: type[WaitError],
        *,
        reason: str | None,
        detail: str | None = None,
        status_code: int | None = None,
    ) -> WaitError:
        return cls(
            provider=self.provider,
            operation_id=self.about,
            detail=detail,
            attempts=self.attempts,
            status_code=status_code,
            reason=reason,
            hint=self.hints.get(cls),
        )

    def next_sleep(self, now: float) -> float | None:
        try:
            return self.schedule.next_sleep(now)
        except DeadlineReached:
            raise self.error(WaitTimeout, reason="the call's deadline passed") from None

    def _success(self, response: StatusResponse) -> StatusResponse:
        if json_too_deep(response.content):
            code = int(response.status_code)
            raise self.error(MalformedResponse, reason=TOO_DEEP, status_code=code)
        if self.expect is not None and not isinstance(response.parsed, self.expect):
            code = int(response.status_code)
            size = len(response.content or b"")
            raise self.error(
                MalformedResponse,
                reason=f"HTTP {code} body not understood, {size} bytes",
                status_code=code,
            )
        return response

    def _retriable(self, interpretation: Interpretation, exc: Exception | None) -> bool:
        if self.idempotent:
            return True
        if exc is not None:  # never sent: a connection that could not be opened
            return isinstance(exc, httpx.ConnectError)
        return interpretation.status_code in _SAFE_CODES

    def on_result(
        self, result: StatusResponse | Exception, *, now: float, now_wall: float
    ) -> StatusResponse | None:
        """The 2xx response (done), ``None`` (retry after ``next_sleep``), or raise the error."""
        exc = result if isinstance(result, Exception) else None
        if isinstance(result, Exception):
            interpretation = interpret_exception(result, self.rule, now_wall)
        else:
            if 200 <= int(result.status_code) <= 299:
                return self._success(result)
            interpretation = interpret_response(result, self.rule, now_wall)
        if interpretation.kind is Kind.TRANSIENT:
            schedule = self.schedule
            schedule.transient_in_row += 1
            if not self._retriable(interpretation, exc):
                raise self.error(
                    TransientRetriesExhausted,
                    reason=f"{interpretation.reason}; not retried: the request is not idempotent",
                    detail=interpretation.detail,
                    status_code=interpretation.status_code,
                )
            if schedule.transient_in_row > schedule.policy.transient_budget:
                raise self.error(
                    TransientRetriesExhausted,
                    reason=f"{schedule.transient_in_row} transient failures in a row, "
                    f"last: {interpretation.reason}",
                    detail=interpretation.detail,
                    status_code=interpretation.status_code,
                )
            try:
                schedule.plan(now, interpretation.retry_after)
            except DeadlineReached:
                raise self.error(
                    WaitTimeout,
                    reason=f"the call's deadline passed, last: {interpretation.reason}",
                    detail=interpretation.detail,
                    status_code=interpretation.status_code,
                ) from None
            return None
        if interpretation.kind is Kind.NOT_MODIFIED:
            raise self.error(ApiError, reason="unexpected HTTP 304", status_code=304)
        raise self.error(
            interpretation.error_type or ApiError,
            reason=interpretation.reason,
            detail=interpretation.detail,
            status_code=interpretation.status_code,
        )


def _one_shot(
    endpoint: Any,
    *,
    provider: str,
    rule: PollingRule,
    policy: PollPolicy,
    clock: Clock,
    about: str | None,
    expect: Expect,
    idempotent: bool,
    hints: Mapping[type[WaitError], str] | None,
) -> _OneShot:
    return _OneShot(
        provider=provider,
        about=about or endpoint_name(endpoint),
        rule=rule,
        policy=policy,
        clock=clock,
        expect=expect,
        idempotent=idempotent,
        hints=hints or {},
    )


def call_endpoint(
    endpoint: Any,
    client: Any,
    kwargs: Mapping[str, Any] | None = None,
    *,
    provider: str,
    rule: PollingRule,
    policy: PollPolicy,
    clock: Clock,
    about: str | None = None,
    expect: Expect = None,
    idempotent: bool = True,
    hints: Mapping[type[WaitError], str] | None = None,
) -> StatusResponse:
    """Send ``endpoint.sync_detailed(client=client, **kwargs)`` until it answers 2xx (returned),
    retrying transient failures within ``policy``; raise the typed error otherwise.

    ``about`` names the call in errors (their ``operation_id``; default: the endpoint's name).
    ``expect``: the model class(es) a 2xx must parse to. ``idempotent=False`` (a POST that
    starts something): only failures the server cannot have acted on (connection refused, 408,
    429) are retried, so nothing is started twice.
    """
    state = _one_shot(
        endpoint,
        provider=provider,
        rule=rule,
        policy=policy,
        clock=clock,
        about=about,
        expect=expect,
        idempotent=idempotent,
        hints=hints,
    )
    arguments = dict(kwargs or {})
    while True:
        delay = state.next_sleep(clock.monotonic())
        if delay is not None:
            clock.sleep(delay)
            continue
        state.attempts += 1
        result: StatusResponse | Exception
        try:
            with wait_deadline(state.schedule.deadline - clock.monotonic()):
                result = endpoint.sync_detailed(client=client, **arguments)
        except Exception as exc:
            result = exc
        done = state.on_result(result, now=clock.monotonic(), now_wall=clock.time())
        if done is not None:
            return done


async def async_call_endpoint(
    endpoint: Any,
    client: Any,
    kwargs: Mapping[str, Any] | None = None,
    *,
    provider: str,
    rule: PollingRule,
    policy: PollPolicy,
    clock: Clock,
    about: str | None = None,
    expect: Expect = None,
    idempotent: bool = True,
    hints: Mapping[type[WaitError], str] | None = None,
) -> StatusResponse:
    """The async flavour of :func:`call_endpoint` (``endpoint.asyncio_detailed``)."""
    state = _one_shot(
        endpoint,
        provider=provider,
        rule=rule,
        policy=policy,
        clock=clock,
        about=about,
        expect=expect,
        idempotent=idempotent,
        hints=hints,
    )
    arguments = dict(kwargs or {})
    while True:
        delay = state.next_sleep(clock.monotonic())
        if delay is not None:
            await clock.async_sleep(delay)
            continue
        state.attempts += 1
        result: StatusResponse | Exception
        try:
            with wait_deadline(state.schedule.deadline - clock.monotonic()):
                result = await endpoint.asyncio_detailed(client=client, **arguments)
        except Exception as exc:
            result = exc
        done = state.on_result(result, now=clock.monotonic(), now_wall=clock.time())
        if done is not None:
            return done
