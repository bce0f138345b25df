"""The sans-IO machine behind every request loop in core: waits, batched waits, one-shot calls.

A :class:`Machine` is one :class:`Schedule` (deadline, backoff with jitter, ``Retry-After``,
the transient budget) shared by one or more :class:`Tracker` (one per operation; a batched
request covers many, a one-shot call is one without a status rule). It does no I/O: a driver
(:mod:`~opstatus_core.poller`) asks :meth:`Machine.next` for an action (:class:`Sleep`, or a
round of requests: :class:`Send` or :class:`Reauthenticate`), carries it out and hands each
result back to :meth:`Machine.receive`. So sync and async share every rule.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Generic, TypeVar, cast
from urllib.parse import quote

import attrs
import httpx

from ._interpret import (
    TOO_DEEP,
    Interpretation,
    Kind,
    StatusResponse,
    interpret_exception,
    interpret_response,
)
from .clock import Clock
from .errors import (
    ApiError,
    AuthenticationError,
    CredentialsRefused,
    MalformedResponse,
    OperationCanceled,
    OperationFailed,
    TransientRetriesExhausted,
    WaitError,
    WaitTimeout,
)
from .limits import json_too_deep
from .policy import PollPolicy
from .rule import Classification, PollingRule
from .token import ContinuationState, encode_token

__all__ = [
    "Hooks",
    "Machine",
    "Outcome",
    "Reauthenticate",
    "Schedule",
    "Send",
    "Sleep",
    "Snapshot",
    "StatusEvent",
    "Tracker",
    "chunk_by_budget",
    "query_cost",
]

T = TypeVar("T")

#: the parsed model class(es) a one-shot call's 2xx must carry (else :class:`MalformedResponse`)
Expect = type | tuple[type, ...] | None

#: retried even for a request that is not idempotent: the server cannot have acted on it
_SAFE_CODES = frozenset({408, 429})


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

    def poll_now(self, now: float) -> None:
        self.next_poll_at = now


# -- one operation ------------------------------------------------------------------------------


@attrs.define(slots=True)
class Tracker(Generic[T]):
    """What is known about one operation (or one-shot call): attempts, the last snapshot, the
    end (an outcome, a call's response, or the typed error).

    ``rule`` is ``None`` for a one-shot call (its ``operation_id`` then names the call, and
    its errors carry no continuation token). ``entry_model`` (with an ``entries`` rule) turns
    the operation's entry into the SDK's model.
    """

    provider: str
    operation_id: str
    rule: PollingRule | None
    reference: Mapping[str, str] = attrs.field(factory=dict)
    deadline_wall: float = 0.0
    hooks: Hooks = NO_HOOKS
    entry_model: Callable[[Mapping[str, Any]], Any] | None = None
    attempts: int = 0
    last: Snapshot[T] | None = None
    last_status: str | None = None
    outcome: Outcome[T] | None = None
    response: StatusResponse | None = None
    error: WaitError | None = None

    @property
    def done(self) -> bool:
        return self.outcome is not None or self.response is not None or self.error is not None

    def token(self) -> str | None:
        """This wait as a continuation token (``None`` for a one-shot call)."""
        if self.rule is None:
            return None
        state = ContinuationState(
            provider=self.provider,
            reference=self.reference,
            deadline=self.deadline_wall,
            attempts=self.attempts,
            last_status=self.last_status,
        )
        return encode_token(state)

    def fail(
        self,
        cls: type[WaitError],
        *,
        reason: str | None = None,
        detail: str | None = None,
        status_code: int | None = None,
    ) -> WaitError:
        """Build (and remember) the typed error that ends this wait."""
        if reason is None and issubclass(cls, WaitTimeout) and self.rule is not None:
            # a status the spec marks as suspicious if it does not move (``stuckHints``)
            reason = self.rule.stuck_reason(self.last_status)
        self.error = cls(
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
        return self.error

    def fail_unexpected(self, exc: Exception) -> WaitError:
        """End with :class:`ApiError` for an exception nothing mapped (in a batch or
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
        found: Interpretation,
        *,
        elapsed: float,
        now_wall: float,
        response: StatusResponse | None = None,
    ) -> Snapshot[T] | None:
        """Read this operation's status from a 2xx document (the rule decides what it says);
        the snapshot, or ``None`` when the document ended the wait with an error."""
        assert self.rule is not None
        reading = self.rule.read(found.document, self.operation_id)
        model = found.model
        if self.rule.entries is not None and reading.document is not None:
            try:
                entry = reading.document
                model = self.entry_model(entry) if self.entry_model is not None else entry
            except (KeyError, TypeError, ValueError) as exc:
                reason = f"{type(exc).__name__}: {exc}"
                self.fail(MalformedResponse, reason=reason, status_code=found.status_code)
                return None
        snapshot: Snapshot[T] | None = None
        if reading.failure is None:
            assert reading.status is not None
            assert reading.classification is not None
            snapshot = Snapshot(
                operation_id=self.operation_id,
                status=reading.status,
                classification=reading.classification,
                progress=reading.progress,
                attempt=self.attempts,
                elapsed=elapsed,
                model=model,
                error=reading.error,
                etag=found.etag,
            )
            self.last, self.last_status = snapshot, snapshot.status
        hook = self.hooks.on_status
        if hook is not None and (snapshot is not None or not reading.ok):
            hook(
                StatusEvent(
                    self.operation_id, model, reading.document, snapshot, now_wall, response
                )
            )
        if snapshot is None:
            self.fail(
                reading.failure or ApiError,
                reason=reading.reason,
                detail=reading.error if not reading.ok else None,
                status_code=found.status_code,
            )
        elif snapshot.classification is Classification.SUCCEEDED:
            self.outcome = Outcome(snapshot=snapshot, reference=self.reference)
        elif snapshot.classification is Classification.FAILED:
            self.fail(OperationFailed, detail=snapshot.error)
        elif snapshot.classification is Classification.CANCELED:
            self.fail(OperationCanceled, detail=snapshot.error)
        return snapshot


# -- the machine --------------------------------------------------------------------------------


@attrs.frozen(slots=True)
class Sleep:
    """Action: sleep this long, then ask again."""

    seconds: float


@attrs.frozen(slots=True)
class Send:
    """Action (one of a round): one request covering the operations ``ids``."""

    ids: tuple[str, ...]


@attrs.frozen(slots=True)
class Reauthenticate:
    """Action: refresh credentials once (``reauthenticate()``), hand back its result."""


REAUTHENTICATE = Reauthenticate()

#: what a driver does next: sleep, or send a round of requests; ``None`` once all ended
Action = Sleep | tuple[Send | Reauthenticate, ...] | None


def query_cost(parameter: str) -> Callable[[str], int]:
    """The URL characters one id adds as ``&<parameter>=<percent-encoded id>``."""
    overhead = len(parameter) + 2

    def cost(value: str) -> int:
        return overhead + len(quote(value, safe=""))

    return cost


def chunk_by_budget(
    ids: Sequence[str], budget: int, cost: Callable[[str], int] = len
) -> list[list[str]]:
    """Split ``ids`` (order kept) into chunks whose total ``cost`` stays within ``budget``.

    An id that alone exceeds the budget gets a chunk of its own (the server decides).
    """
    if budget <= 0:
        raise ValueError("budget must be > 0")
    chunks: list[list[str]] = []
    used = 0
    for value in ids:
        size = cost(value)
        if not chunks or used + size > budget:
            chunks.append([])
            used = 0
        chunks[-1].append(value)
        used += size
    return chunks


@attrs.frozen(slots=True)
class Batching:
    """A batched request: the ids of one request stay within ``budget`` as measured by ``cost``."""

    budget: int
    cost: Callable[[str], int] = len


class Machine(Generic[T]):
    """Trackers sharing one schedule; no I/O (see the module docstring).

    A round is one request per chunk of the pending operations (one for a single wait or a
    call). After the round's last result the schedule is planned: a transient failure in the
    round counts against the budget (a good round resets it), ``Retry-After`` raises the next
    delay, the deadline ends every pending tracker. A terminal status ends its tracker: later
    statuses are never read, so a status "going back" never changes an outcome.

    - ``error_pointer``: where error bodies keep their detail (the rule's ``error``).
    - ``batching``: chunk the ids of a batched request; a surprise then ends only the
      operations concerned, never the others.
    - ``reauthenticate``: a 401/403 asks for one :class:`Reauthenticate` (until the next
      good answer) before it ends the wait.
    - ``expect``/``idempotent``: for a one-shot call (trackers without a rule): the model
      class(es) its 2xx must parse to; whether a transient failure the server may have acted
      on is retried.
    """

    def __init__(
        self,
        schedule: Schedule,
        trackers: Sequence[Tracker[T]],
        *,
        clock: Clock,
        error_pointer: str | None = None,
        batching: Batching | None = None,
        reauthenticate: bool = False,
        expect: Expect = None,
        idempotent: bool = True,
    ) -> None:
        self.schedule = schedule
        self.trackers = list(trackers)
        self.clock = clock
        self.error_pointer = error_pointer
        self.batching = batching
        self.reauthenticate = reauthenticate
        self.expect = expect
        self.idempotent = idempotent
        self._by_id = {t.operation_id: t for t in self.trackers}
        if len(self._by_id) != len(self.trackers):
            raise ValueError("operation ids in a batch must be distinct")
        self._reauth_used = False
        self._round = _Round()

    @property
    def done(self) -> bool:
        return all(t.done for t in self.trackers)

    def pending(self) -> list[Tracker[T]]:
        return [t for t in self.trackers if not t.done]

    def remaining(self) -> float:
        """Seconds to the deadline (requests in flight are cut there)."""
        return self.schedule.deadline - self.clock.monotonic()

    def poll_now(self) -> None:
        """Send the next round at once (no sleeping first)."""
        self.schedule.poll_now(self.clock.monotonic())

    @property
    def reauthenticating(self) -> bool:
        """Whether the next action is a :class:`Reauthenticate`."""
        return self._round.reauthenticate and not self.done

    def due(self) -> float:
        """Seconds until :meth:`next` has more than a sleep to give (0: now)."""
        if self.reauthenticating:
            return 0.0
        schedule = self.schedule
        return max(0.0, min(schedule.next_poll_at, schedule.deadline) - self.clock.monotonic())

    def next(self) -> Action:
        """What to do now: ``Sleep``, a round of requests, or ``None`` once every tracker ended."""
        if self.done:
            return None
        if self._round.reauthenticate:
            self._round = _Round(outstanding=1, after_reauth=True)
            return (REAUTHENTICATE,)
        try:
            delay = self.schedule.next_sleep(self.clock.monotonic())
        except DeadlineReached:
            self._timeout(None)
            return None
        if delay is not None:
            return Sleep(delay)
        ids = [t.operation_id for t in self.pending()]
        chunks = (
            [ids]
            if self.batching is None
            else chunk_by_budget(ids, self.batching.budget, self.batching.cost)
        )
        for value in ids:
            self._by_id[value].attempts += 1
        self._round = _Round(outstanding=len(chunks))
        return tuple(Send(tuple(chunk)) for chunk in chunks)

    def receive(self, request: Send | Reauthenticate, result: object) -> list[Snapshot[T]]:
        """Apply one request's result (a response, ``reauthenticate()``'s answer, or the
        exception either raised); return the snapshots read."""
        clock = self.clock
        now, now_wall = clock.monotonic(), clock.time()
        pending = [t for t in self.trackers if not t.done]
        trackers = (
            pending
            if isinstance(request, Reauthenticate)
            else [t for t in (self._by_id[v] for v in request.ids) if not t.done]
        )
        snapshots: list[Snapshot[T]] = []
        try:
            if isinstance(request, Reauthenticate):
                self._reauthenticated(trackers, result)
            else:
                snapshots = self._apply(trackers, result, now, now_wall)
        except Exception as exc:  # nothing mapped it: a bug, raised for a single wait
            if self.batching is None:
                raise
            for tracker in trackers:
                if not tracker.done:
                    tracker.fail_unexpected(exc)
        self._round.outstanding -= 1
        if self._round.outstanding <= 0 and not self.done:
            self._plan(now)
        return snapshots

    def _reauthenticated(self, trackers: list[Tracker[T]], result: object) -> None:
        """``reauthenticate()``'s answer: true polls again at once; false or a refused
        exchange ends the wait; another exception counts like a failed request."""
        if isinstance(result, Exception) and not isinstance(result, CredentialsRefused):
            self._apply(trackers, result, self.clock.monotonic(), self.clock.time())
        elif isinstance(result, CredentialsRefused) or not result:
            refused = result if isinstance(result, CredentialsRefused) else None
            for tracker in trackers:
                tracker.fail(
                    AuthenticationError,
                    reason=(refused.reason if refused else None) or "re-authentication failed",
                    detail=refused.detail if refused else None,
                    status_code=refused.status_code if refused else None,
                )

    def _apply(
        self,
        trackers: list[Tracker[T]],
        result: object,
        now: float,
        now_wall: float,
    ) -> list[Snapshot[T]]:
        response: StatusResponse | None = None
        if isinstance(result, Exception):
            found = interpret_exception(result)
        else:
            response = cast(StatusResponse, result)
            if trackers and trackers[0].rule is None and 200 <= int(response.status_code) <= 299:
                self._call_done(trackers[0], response)
                return []
            found = interpret_response(response, self.error_pointer, now_wall)
        round_ = self._round
        if found.kind is Kind.OK:
            round_.good = True
            round_.retry_after = _max(round_.retry_after, found.retry_after)
            snapshots: list[Snapshot[T]] = []
            elapsed = now - self.schedule.started
            for tracker in trackers:
                try:
                    read = tracker.observe(
                        found, elapsed=elapsed, now_wall=now_wall, response=response
                    )
                except Exception as exc:
                    if self.batching is None:
                        raise
                    tracker.fail_unexpected(exc)
                    continue
                if read is not None:
                    snapshots.append(read)
            return snapshots
        if found.kind is Kind.TRANSIENT and (self.idempotent or _never_sent(found, result)):
            round_.transient = found
            round_.retry_after = _max(round_.retry_after, found.retry_after)
            return []
        if found.kind is Kind.TRANSIENT:
            reason = f"{found.reason}; not retried: the request is not idempotent"
            found = attrs.evolve(found, error_type=TransientRetriesExhausted, reason=reason)
        elif found.kind is Kind.AUTH and self.reauthenticate and not self._reauth_used:
            self._reauth_used = True
            round_.reauthenticate = True
            return []
        for tracker in trackers:
            tracker.fail_from(found)
        return []

    def _call_done(self, tracker: Tracker[T], response: StatusResponse) -> None:
        """A one-shot call's 2xx: its response, if its body is one the call expects."""
        code = int(response.status_code)
        if json_too_deep(response.content):
            tracker.fail(MalformedResponse, reason=TOO_DEEP, status_code=code)
        elif self.expect is not None and not isinstance(response.parsed, self.expect):
            size = len(response.content or b"")
            reason = f"HTTP {code} body not understood, {size} bytes"
            tracker.fail(MalformedResponse, reason=reason, status_code=code)
        else:
            tracker.response = response

    def _plan(self, now: float) -> None:
        """After a round: count a transient failure, reset the count after a good round, and
        schedule the next round (at once after a re-authentication)."""
        round_, schedule = self._round, self.schedule
        if round_.reauthenticate:
            schedule.poll_now(now)
            return
        transient = round_.transient
        if transient is not None:
            schedule.transient_in_row += 1
            if schedule.transient_in_row > schedule.policy.transient_budget:
                reason = (
                    f"{schedule.transient_in_row} transient failures in a row, "
                    f"last: {transient.reason}"
                )
                for tracker in self.pending():
                    tracker.fail(
                        TransientRetriesExhausted,
                        reason=reason,
                        detail=transient.detail,
                        status_code=transient.status_code,
                    )
                return
        elif round_.good:
            schedule.transient_in_row = 0
            self._reauth_used = False
        elif round_.after_reauth:
            return  # refreshed: the schedule already says "now"
        try:
            schedule.plan(now, round_.retry_after)
        except DeadlineReached:
            self._timeout(transient)

    def _timeout(self, last: Interpretation | None) -> None:
        for tracker in self.pending():
            if tracker.rule is not None:
                tracker.fail(WaitTimeout)
                continue
            reason = "the call's deadline passed" + (f", last: {last.reason}" if last else "")
            detail, code = (last.detail, last.status_code) if last else (None, None)
            tracker.fail(WaitTimeout, reason=reason, detail=detail, status_code=code)

    def results(self) -> list[Outcome[T] | WaitError]:
        """Each tracker's outcome or error, in order (once :attr:`done`)."""
        out: list[Outcome[T] | WaitError] = []
        for tracker in self.trackers:
            if tracker.outcome is not None:
                out.append(tracker.outcome)
            elif tracker.error is not None:
                out.append(tracker.error)
            else:
                raise RuntimeError("the wait has not finished")
        return out


@attrs.define(slots=True)
class _Round:
    """What the requests of the current round said so far."""

    outstanding: int = 0
    good: bool = False
    transient: Interpretation | None = None
    retry_after: float | None = None
    reauthenticate: bool = False
    after_reauth: bool = False


def _max(a: float | None, b: float | None) -> float | None:
    return b if a is None else a if b is None else max(a, b)


def _never_sent(found: Interpretation, result: object) -> bool:
    """A transient failure the server cannot have acted on (retried even when not idempotent):
    a connection that could not be opened, 408, 429."""
    if isinstance(result, Exception):
        return isinstance(result, httpx.ConnectError)
    return found.status_code in _SAFE_CODES
