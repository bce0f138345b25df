"""The sans-IO wait state machine shared by the sync and async drivers.

Nothing here does I/O or sleeps: a driver asks :meth:`WaitMachine.next_sleep`, sleeps or sends
one status request, and hands the response (or the exception) back. So sync, async and the
multiplexed/batched drivers share every rule about deadlines, backoff, ``Retry-After``, the
transient budget, classification and typed errors.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Generic, Protocol, TypeVar

import attrs
import httpx

from ._transport import ResponseTooLargeError, WaitDeadlineExceeded
from .clock import Clock
from .errors import (
    ApiError,
    AuthenticationError,
    CredentialsRefused,
    MalformedResponse,
    OperationCanceled,
    OperationFailed,
    OperationIdMismatch,
    OperationNotFound,
    ResponseTooLarge,
    TransientRetriesExhausted,
    WaitError,
    WaitTimeout,
)
from .limits import MAX_JSON_DEPTH, json_too_deep
from .policy import PollPolicy, header, parse_retry_after
from .rule import Classification, PollingRule, render_detail, resolve_pointer
from .token import ContinuationState, encode_token

__all__ = [
    "AsyncEndpoint",
    "Endpoint",
    "Hooks",
    "Interpretation",
    "Outcome",
    "Schedule",
    "Snapshot",
    "StatusCall",
    "StatusEvent",
    "StatusResponse",
    "SyncEndpoint",
    "Tracker",
    "WaitMachine",
    "interpret_exception",
    "interpret_response",
]

T = TypeVar("T")


# -- what the generated clients look like (structurally; core never imports them) -------------


class StatusResponse(Protocol):
    """The generated ``Response``: status code, raw content, headers, parsed model."""

    @property
    def status_code(self) -> int: ...
    @property
    def content(self) -> bytes: ...
    @property
    def headers(self) -> Mapping[str, str]: ...
    @property
    def parsed(self) -> Any: ...


class SyncEndpoint(Protocol):
    """An operation module with ``sync_detailed(client=..., **kwargs)``."""

    @property
    def sync_detailed(self) -> Callable[..., StatusResponse]: ...


class AsyncEndpoint(Protocol):
    """An operation module with ``async def asyncio_detailed(client=..., **kwargs)``."""

    @property
    def asyncio_detailed(self) -> Callable[..., Awaitable[StatusResponse]]: ...


class Endpoint(SyncEndpoint, AsyncEndpoint, Protocol):
    """A generated operation module (both flavours)."""


@attrs.define(slots=True)
class StatusCall:
    """One status request: an endpoint module, the generated client and the call's kwargs.

    ``etag_kwarg`` names the endpoint's ``If-None-Match`` parameter, if it has one: the last
    ``ETag`` seen is passed there and a ``304`` repeats the last snapshot.

    Every poll of a wait sends the same request, so when the endpoint module has opstatus's
    ``request_kwargs``/``build_response`` (generator/templates/endpoint_module.py.jinja) the
    request is built once per httpx client and ETag and sent again, instead of httpx parsing its
    URL on every poll. Other modules (stock openapi-python-client output) go through
    ``sync_detailed``/``asyncio_detailed``.
    """

    endpoint: Any
    client: Any
    kwargs: Mapping[str, Any] = attrs.field(factory=dict)
    etag_kwarg: str | None = None
    _built: tuple[Any, str | None, dict[str, Any]] | None = attrs.field(
        default=None, init=False, eq=False, repr=False
    )

    def _kwargs(self, etag: str | None) -> dict[str, Any]:
        kwargs = dict(self.kwargs)
        if self.etag_kwarg is not None and etag is not None:
            kwargs[self.etag_kwarg] = etag
        return kwargs

    def _request(self, httpx_client: Any, etag: str | None) -> dict[str, Any]:
        built = self._built
        if built is None or built[0] is not httpx_client or built[1] != etag:
            built = (
                httpx_client,
                etag,
                self.endpoint.request_kwargs(httpx_client, **self._kwargs(etag)),
            )
            self._built = built
        return built[2]

    def sync(self, etag: str | None = None) -> StatusResponse:
        endpoint, client = self.endpoint, self.client
        if not hasattr(endpoint, "request_kwargs"):
            stock: StatusResponse = endpoint.sync_detailed(client=client, **self._kwargs(etag))
            return stock
        httpx_client = client.get_httpx_client()
        response = httpx_client.request(**self._request(httpx_client, etag))
        result: StatusResponse = endpoint.build_response(client=client, response=response)
        return result

    async def asyncio(self, etag: str | None = None) -> StatusResponse:
        endpoint, client = self.endpoint, self.client
        if not hasattr(endpoint, "request_kwargs"):
            stock: StatusResponse = await endpoint.asyncio_detailed(
                client=client, **self._kwargs(etag)
            )
            return stock
        httpx_client = client.get_async_httpx_client()
        response = await httpx_client.request(**self._request(httpx_client, etag))
        result: StatusResponse = endpoint.build_response(client=client, response=response)
        return result


# -- snapshots and outcomes ---------------------------------------------------------------------


@attrs.frozen(slots=True)
class Snapshot(Generic[T]):
    """One status read: what a progress iterator yields and a callback receives."""

    operation_id: str
    status: str
    classification: Classification
    progress: float | None
    attempt: int
    elapsed: float
    model: T
    error: str | None = None
    etag: str | None = None

    @property
    def terminal(self) -> bool:
        return self.classification.terminal


@attrs.frozen(slots=True)
class Outcome(Generic[T]):
    """The result of a successful wait."""

    snapshot: Snapshot[T]
    reference: Mapping[str, str]

    @property
    def operation_id(self) -> str:
        return self.snapshot.operation_id

    @property
    def status(self) -> str:
        return self.snapshot.status

    @property
    def model(self) -> T:
        return self.snapshot.model

    @property
    def attempts(self) -> int:
        return self.snapshot.attempt

    @property
    def elapsed(self) -> float:
        return self.snapshot.elapsed


@attrs.frozen(slots=True)
class StatusEvent:
    """What :attr:`Hooks.on_status` receives for each 2xx status document read.

    ``snapshot`` is ``None`` when the document's ok-flag is false (the call failed: the wait
    ends with :class:`~opstatus_core.ApiError`); ``model`` is the parsed model either way.
    ``now`` is the wall time of the poll from the client's :class:`~opstatus_core.Clock` (a
    ``FakeClock`` in tests), ``response`` the generated ``Response``, if any.
    """

    operation_id: str
    model: Any
    document: Mapping[str, Any]
    snapshot: Snapshot[Any] | None
    now: float
    response: StatusResponse | None = None

    @property
    def ok(self) -> bool:
        return self.snapshot is not None


@attrs.frozen(slots=True)
class Hooks:
    """Provider-specific behaviour, without provider names in core.

    - ``on_status(event)``: called for each 2xx status document, including one whose ok-flag
      is false (``event.snapshot`` is then ``None``), with the poll's wall time from the
      client's clock (e.g. turn a ``VersionEOL`` field into a ``DeprecationWarning``).
    - ``hints``: the "what to do" sentence per error class (e.g. ``{OperationFailed: "Check the
      job's inputs."}``); the class default otherwise.
    """

    hints: Mapping[type[WaitError], str] = attrs.field(factory=dict)
    on_status: Callable[[StatusEvent], None] | None = None


NO_HOOKS = Hooks()


# -- interpreting one response or exception -----------------------------------------------------


class Kind(enum.Enum):
    OK = "ok"
    TRANSIENT = "transient"
    NOT_MODIFIED = "not-modified"
    AUTH = "auth"
    FATAL = "fatal"


@attrs.frozen(slots=True)
class Interpretation:
    """What one status request means, before any state changes."""

    kind: Kind
    document: Any = None
    model: Any = None
    retry_after: float | None = None
    etag: str | None = None
    error_type: type[WaitError] | None = None
    reason: str | None = None
    detail: str | None = None
    status_code: int | None = None


#: the detail (or reason) given for a body refused by ``MAX_JSON_DEPTH``
TOO_DEEP = f"the body nests more than {MAX_JSON_DEPTH} levels deep"


def _detail_from_body(content: bytes | None, parsed: Any, rule: PollingRule) -> str | None:
    if json_too_deep(content):
        return TOO_DEEP
    document: Any = None
    if parsed is not None and hasattr(parsed, "to_dict"):
        try:
            document = parsed.to_dict()
        except Exception:
            document = None
    if document is None and content:
        try:
            document = json.loads(content)
        except (ValueError, UnicodeDecodeError):
            text = content[:200].decode("utf-8", "replace").strip()
            return " ".join(text.split()) or None
    if document is None:
        return None
    if rule.error is not None:
        found = render_detail(resolve_pointer(document, rule.error, None))
        if found:
            return found
    if isinstance(document, Mapping):
        for key in ("error", "message", "Message", "ErrorMessage", "detail", "title"):
            if key in document:
                return render_detail(document[key])
    return render_detail(document)


def _by_status(
    code: int,
    *,
    rule: PollingRule,
    headers: Mapping[str, str] | None,
    content: bytes | None,
    parsed: Any,
    now_wall: float,
) -> Interpretation:
    retry_after = parse_retry_after(headers, now_wall)
    if code == 304:
        return Interpretation(Kind.NOT_MODIFIED, retry_after=retry_after, status_code=code)
    detail = _detail_from_body(content, parsed, rule) if code >= 400 else None
    if code in (401, 403):
        return Interpretation(
            Kind.AUTH,
            error_type=AuthenticationError,
            reason=f"HTTP {code}",
            detail=detail,
            status_code=code,
        )
    if code == 404:
        return Interpretation(
            Kind.FATAL,
            error_type=OperationNotFound,
            reason="HTTP 404",
            detail=detail,
            status_code=code,
        )
    if code in (408, 429) or 500 <= code <= 599:
        return Interpretation(
            Kind.TRANSIENT,
            retry_after=retry_after,
            reason=f"HTTP {code}",
            detail=detail,
            status_code=code,
        )
    return Interpretation(
        Kind.FATAL,
        error_type=ApiError,
        reason=f"unexpected HTTP {code}",
        detail=detail,
        status_code=code,
    )


def interpret_response(
    response: StatusResponse, rule: PollingRule, now_wall: float
) -> Interpretation:
    """Map a generated ``Response`` to an :class:`Interpretation` (the one place for it)."""
    code = int(response.status_code)
    headers = response.headers
    if not 200 <= code <= 299:
        return _by_status(
            code,
            rule=rule,
            headers=headers,
            content=response.content,
            parsed=response.parsed,
            now_wall=now_wall,
        )
    parsed = response.parsed
    if json_too_deep(response.content):
        return Interpretation(
            Kind.FATAL, error_type=MalformedResponse, reason=TOO_DEEP, status_code=code
        )
    if parsed is None:
        size = len(response.content or b"")
        return Interpretation(
            Kind.FATAL,
            error_type=MalformedResponse,
            reason=f"HTTP {code} body not understood, {size} bytes",
            status_code=code,
        )
    try:
        document = parsed.to_dict() if hasattr(parsed, "to_dict") else parsed
    except Exception as exc:
        return Interpretation(
            Kind.FATAL,
            error_type=MalformedResponse,
            reason=f"{type(exc).__name__}: {exc}",
            status_code=code,
        )
    if not isinstance(document, Mapping):
        return Interpretation(
            Kind.FATAL,
            error_type=MalformedResponse,
            reason="the body is not a JSON object",
            status_code=code,
        )
    return Interpretation(
        Kind.OK,
        document=document,
        model=parsed,
        retry_after=parse_retry_after(headers, now_wall),
        etag=header(headers, "etag"),
        status_code=code,
    )


def _tls_failure(exc: BaseException) -> bool:
    """Whether a certificate verification failure is in ``exc``'s chain (httpx and httpcore
    raise their errors ``from`` the ``ssl`` one)."""
    import ssl

    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ssl.SSLCertVerificationError):
            return True
        current = current.__cause__ or current.__context__
    return False


def interpret_exception(exc: Exception, rule: PollingRule, now_wall: float) -> Interpretation:
    """Map an exception from a status call; re-raise what is not about the call (a bug)."""
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
        return Interpretation(
            Kind.FATAL,
            error_type=ApiError,
            reason="TLS certificate verification failed",
            detail=name,
        )
    if isinstance(exc, httpx.NetworkError | httpx.RemoteProtocolError):
        return Interpretation(Kind.TRANSIENT, reason=f"connection failed ({name})")
    if isinstance(exc, httpx.HTTPError | httpx.InvalidURL):
        return Interpretation(Kind.FATAL, error_type=ApiError, reason=name)
    if isinstance(exc, RecursionError):  # a parser recursing into a deeply nested body
        name = f"RecursionError ({TOO_DEEP})"
    if isinstance(
        exc, ValueError | KeyError | TypeError | AttributeError | IndexError | RecursionError
    ):  # e.g. an SDK's entry model refusing a document (generated parsers never raise)
        return Interpretation(Kind.FATAL, error_type=MalformedResponse, reason=name[:200])
    raise exc


# -- timing -------------------------------------------------------------------------------------


class DeadlineReached(Exception):
    """Internal: the schedule allows no further poll."""


@attrs.define(slots=True)
class Schedule:
    """Deadline, backoff steps and the transient budget of one wait (or one batched round)."""

    policy: PollPolicy
    started: float  # monotonic
    deadline: float  # monotonic
    deadline_wall: float
    next_poll_at: float
    step: int = 0
    transient_in_row: int = 0

    @classmethod
    def start(
        cls, policy: PollPolicy, clock: Clock, *, deadline_wall: float | None = None
    ) -> Schedule:
        now, wall = clock.monotonic(), clock.time()
        if deadline_wall is None:
            deadline_wall = wall + policy.timeout
        deadline = now + (deadline_wall - wall)
        first = min(now + policy.initial_delay, max(deadline, now))
        return cls(
            policy=policy,
            started=now,
            deadline=deadline,
            deadline_wall=deadline_wall,
            next_poll_at=first,
        )

    def next_sleep(self, now: float) -> float | None:
        """``None``: poll now. A float: sleep that long first. Raises :class:`DeadlineReached`."""
        if now >= self.next_poll_at:
            return None
        if now >= self.deadline:
            raise DeadlineReached
        return min(self.next_poll_at, self.deadline) - now

    def plan(self, now: float, retry_after: float | None) -> None:
        """Schedule the next poll after a pending status or a retried transient failure."""
        if now >= self.deadline:
            raise DeadlineReached
        delay = self.policy.delay(self.step, retry_after, now - self.started)
        self.step += 1
        at = now + delay
        if retry_after is None or now + retry_after <= self.deadline:
            at = min(at, self.deadline)
        # else: never poll before Retry-After; next_sleep sleeps to the deadline and ends it
        self.next_poll_at = at


# -- one operation ------------------------------------------------------------------------------


@attrs.define(slots=True)
class Tracker(Generic[T]):
    """What is known about one operation: attempts, last snapshot, how to build its errors."""

    provider: str
    rule: PollingRule
    reference: Mapping[str, str]
    operation_id: str
    deadline_wall: float
    attempts: int = 0
    last: Snapshot[T] | None = None
    last_status: str | None = None
    hooks: Hooks = NO_HOOKS
    outcome: Outcome[T] | None = None
    error: WaitError | None = None
    #: with an ``entries`` rule: turns the operation's entry into the SDK's model (the same
    #: typed model single waits and batched waits give)
    entry_model: Callable[[Mapping[str, Any]], Any] | None = None

    @property
    def done(self) -> bool:
        return self.outcome is not None or self.error is not None

    def token(self) -> str:
        return encode_token(
            ContinuationState(
                provider=self.provider,
                reference=self.reference,
                deadline=self.deadline_wall,
                attempts=self.attempts,
                last_status=self.last_status,
            )
        )

    def fail(
        self,
        cls: type[WaitError],
        *,
        reason: str | None = None,
        detail: str | None = None,
        status_code: int | None = None,
    ) -> WaitError:
        """Build (and remember) the typed error that ends this wait."""
        if reason is None and issubclass(cls, WaitTimeout):
            # a status the spec marks as suspicious if it does not move (``stuckHints``)
            reason = self.rule.stuck_reason(self.last_status)
        error = cls(
            provider=self.provider,
            operation_id=self.operation_id,
            last_status=self.last_status,
            detail=detail,
            attempts=self.attempts,
            snapshot=self.last,
            continuation_token=self.token(),
            status_code=status_code,
            reason=reason,
            hint=self.hooks.hints.get(cls),
        )
        self.error = error
        return error

    def fail_unexpected(self, exc: Exception) -> WaitError:
        """End this wait with :class:`ApiError` for an exception nothing mapped (in a
        ``wait_many``, so that one operation's surprise never ends the others); the exception
        is kept as ``__cause__``."""
        error = self.fail(ApiError, reason=f"unexpected {type(exc).__name__}: {exc}")
        error.__cause__ = exc
        return error

    def fail_from(self, interpretation: Interpretation) -> WaitError:
        return self.fail(
            interpretation.error_type or ApiError,
            reason=interpretation.reason,
            detail=interpretation.detail,
            status_code=interpretation.status_code,
        )

    def observe(
        self,
        document: Any,
        model: T,
        *,
        elapsed: float,
        etag: str | None = None,
        response: StatusResponse | None = None,
        is_entry: bool = False,
        now_wall: float | None = None,
        status_code: int | None = None,
    ) -> Snapshot[T]:
        """Read one status document; raise the typed error if it ends the wait badly.

        With an ``entries`` rule, ``document`` is the whole body unless ``is_entry``; the entry
        becomes the model through ``entry_model`` (when given). ``now_wall``: the poll's wall
        time (for :attr:`Hooks.on_status`); ``status_code``: the response's HTTP status.
        """
        if self.rule.entries is not None and not is_entry:
            try:
                entries = self.rule.split_entries(document)
            except (KeyError, TypeError) as exc:
                raise self.fail(
                    MalformedResponse, reason=f"no entries ({exc})", status_code=status_code
                ) from None
            document = entries.get(self.operation_id)
            if document is None:
                raise self.fail(
                    OperationNotFound, reason="missing from the response", status_code=status_code
                )
            if self.entry_model is not None:
                try:
                    model = self.entry_model(document)
                except (KeyError, TypeError, ValueError) as exc:
                    raise self.fail(
                        MalformedResponse,
                        reason=f"{type(exc).__name__}: {exc}",
                        status_code=status_code,
                    ) from None
        rule = self.rule
        if rule.ok_flag is not None and resolve_pointer(document, rule.ok_flag, None) is False:
            detail = None
            if rule.error is not None:
                detail = render_detail(resolve_pointer(document, rule.error, None))
            self._notify(document, model, None, response, now_wall)
            raise self.fail(
                ApiError, reason=f"{rule.ok_flag} is false", detail=detail, status_code=status_code
            )
        raw_status = resolve_pointer(document, rule.status, None)
        if isinstance(raw_status, str) and raw_status in rule.not_found:
            raise self.fail(
                OperationNotFound, reason=f"status {raw_status!r}", status_code=status_code
            )
        try:
            extracted = rule.extract(document, status=raw_status)
        except (KeyError, TypeError) as exc:
            raise self.fail(
                MalformedResponse,
                reason=f"no status at {self.rule.status} ({exc})",
                status_code=status_code,
            ) from None
        if (
            extracted.operation_id is not None
            and extracted.operation_id.lower() != str(self.operation_id).lower()
        ):
            raise self.fail(
                OperationIdMismatch,
                reason=f"the response is about {extracted.operation_id!r}",
                status_code=status_code,
            )
        snapshot: Snapshot[T] = Snapshot(
            operation_id=self.operation_id,
            status=extracted.status,
            classification=extracted.classification,
            progress=extracted.progress,
            attempt=self.attempts,
            elapsed=elapsed,
            model=model,
            error=extracted.error,
            etag=etag,
        )
        self.last = snapshot
        self.last_status = snapshot.status
        self._notify(document, model, snapshot, response, now_wall)
        if snapshot.classification is Classification.SUCCEEDED:
            self.outcome = Outcome(snapshot=snapshot, reference=self.reference)
        elif snapshot.classification is Classification.FAILED:
            self.fail(OperationFailed, detail=snapshot.error)
        elif snapshot.classification is Classification.CANCELED:
            self.fail(OperationCanceled, detail=snapshot.error)
        return snapshot

    def _notify(
        self,
        document: Any,
        model: Any,
        snapshot: Snapshot[T] | None,
        response: StatusResponse | None,
        now_wall: float | None,
    ) -> None:
        hook = self.hooks.on_status
        if hook is None:
            return
        if now_wall is None:
            import time

            now_wall = time.time()
        hook(
            StatusEvent(
                operation_id=self.operation_id,
                model=model,
                document=document,
                snapshot=snapshot,
                now=now_wall,
                response=response,
            )
        )

    def repeat(self, *, elapsed: float) -> Snapshot[T] | None:
        """A ``304 Not Modified``: the last snapshot again, with this attempt and time."""
        if self.last is None:
            return None
        self.last = attrs.evolve(self.last, attempt=self.attempts, elapsed=elapsed)
        return self.last


class WaitMachine(Generic[T]):
    """The state of one wait: a :class:`Schedule` and a :class:`Tracker`, no I/O.

    Drivers loop: ``next_sleep(now)`` -> sleep or ``begin()`` + request -> ``on_response`` /
    ``on_exception``. A terminal status ends the machine: later statuses cannot be observed, so
    a status "going back" from terminal never changes an outcome.
    """

    __slots__ = ("schedule", "tracker")

    def __init__(self, schedule: Schedule, tracker: Tracker[T]) -> None:
        self.schedule = schedule
        self.tracker = tracker

    @property
    def done(self) -> bool:
        return self.tracker.done

    def next_sleep(self, now: float) -> float | None:
        try:
            return self.schedule.next_sleep(now)
        except DeadlineReached:
            raise self.tracker.fail(WaitTimeout) from None

    def begin(self) -> str | None:
        """Count one attempt; return the ETag to send (``If-None-Match``), if any."""
        self.tracker.attempts += 1
        last = self.tracker.last
        return last.etag if last is not None else None

    def _plan(self, now: float, retry_after: float | None) -> None:
        try:
            self.schedule.plan(now, retry_after)
        except DeadlineReached:
            raise self.tracker.fail(WaitTimeout) from None

    def on_interpretation(
        self,
        interpretation: Interpretation,
        *,
        now: float,
        response: StatusResponse | None = None,
        now_wall: float | None = None,
    ) -> Snapshot[T] | None:
        """Advance the state; return a snapshot (or ``None``), or raise the typed error."""
        tracker, schedule = self.tracker, self.schedule
        elapsed = now - schedule.started
        kind = interpretation.kind
        if kind is Kind.OK:
            schedule.transient_in_row = 0
            snapshot = tracker.observe(
                interpretation.document,
                interpretation.model,
                elapsed=elapsed,
                etag=interpretation.etag,
                response=response,
                now_wall=now_wall,
                status_code=interpretation.status_code,
            )
            if not snapshot.terminal:
                self._plan(now, interpretation.retry_after)
            return snapshot
        if kind is Kind.NOT_MODIFIED:
            schedule.transient_in_row = 0
            repeated = tracker.repeat(elapsed=elapsed)
            if repeated is None:
                raise tracker.fail(MalformedResponse, reason="304 Not Modified before any status")
            self._plan(now, interpretation.retry_after)
            return repeated
        if kind is Kind.TRANSIENT:
            schedule.transient_in_row += 1
            if schedule.transient_in_row > schedule.policy.transient_budget:
                raise tracker.fail(
                    TransientRetriesExhausted,
                    reason=f"{schedule.transient_in_row} transient failures in a row, "
                    f"last: {interpretation.reason}",
                    detail=interpretation.detail,
                    status_code=interpretation.status_code,
                )
            self._plan(now, interpretation.retry_after)
            return None
        raise tracker.fail_from(interpretation)

    def on_response(
        self, response: StatusResponse, *, now: float, now_wall: float
    ) -> Snapshot[T] | None:
        interpretation = interpret_response(response, self.tracker.rule, now_wall)
        return self.on_interpretation(interpretation, now=now, response=response, now_wall=now_wall)

    def on_exception(self, exc: Exception, *, now: float, now_wall: float) -> Snapshot[T] | None:
        interpretation = interpret_exception(exc, self.tracker.rule, now_wall)
        return self.on_interpretation(interpretation, now=now, now_wall=now_wall)


def new_machine(
    *,
    provider: str,
    rule: PollingRule,
    reference: Mapping[str, str],
    operation_id: str,
    policy: PollPolicy,
    clock: Clock,
    hooks: Hooks = NO_HOOKS,
    deadline_wall: float | None = None,
    attempts: int = 0,
    last_status: str | None = None,
    entry_model: Callable[[Mapping[str, Any]], Any] | None = None,
) -> WaitMachine[Any]:
    """A fresh (or resumed: ``deadline_wall``/``attempts``/``last_status``) wait machine."""
    schedule = Schedule.start(policy, clock, deadline_wall=deadline_wall)
    tracker: Tracker[Any] = Tracker(
        provider=provider,
        rule=rule,
        reference=dict(reference),
        operation_id=operation_id,
        deadline_wall=schedule.deadline_wall,
        attempts=attempts,
        last_status=last_status,
        hooks=hooks,
        entry_model=entry_model,
    )
    return WaitMachine(schedule, tracker)
