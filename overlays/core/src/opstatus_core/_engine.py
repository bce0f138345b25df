"""The sans-IO machine behind every request loop in core: waits, batched waits, one-shot calls.

A :class:`Machine` is one :class:`Schedule` (deadline, backoff with jitter, ``Retry-After``,
the transient budget) shared by one or more :class:`Tracker` (one per operation; a batched
request covers many, a one-shot call is one without a status rule). It does no I/O: a driver
(:mod:`~opstatus_core._poller`) asks :meth:`Machine.next` for an action (:class:`Sleep`, or a
round of :class:`Send` requests), carries it out and hands each
result back to :meth:`Machine.receive`. So sync and async share every rule.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Generic, TypeVar, cast
from urllib.parse import quote

import attrs
import httpx

from ._clock import Clock
from ._interpret import (
    Interpretation,
    Kind,
    StatusResponse,
    interpret_exception,
    interpret_response,
)
from ._policy import DeadlineReached, PollPolicy, Schedule
from ._rule import Pointer
from ._tracker import Hooks, Outcome, Snapshot, Tracker
from .errors import (
    MalformedResponse,
    TransientRetriesExhausted,
    WaitError,
    WaitTimeout,
)

__all__ = [
    "Batching",
    "Machine",
    "Send",
    "Sleep",
    "call_machine",
    "chunk_by_budget",
    "endpoint_name",
    "query_cost",
]

T = TypeVar("T")
X = TypeVar("X")

#: the parsed model class(es) a one-shot call's 2xx must carry (else :class:`MalformedResponse`)
Expect = type | tuple[type, ...] | None

#: retried even for a request that is not idempotent: the server cannot have acted on it
_SAFE_CODES = frozenset({408, 429})

# -- the machine --------------------------------------------------------------------------------


@attrs.frozen(slots=True)
class Sleep:
    """Action: sleep this long, then ask again."""

    seconds: float


@attrs.frozen(slots=True)
class Send(Generic[T]):
    """Action (one of a round): one request covering the operations of ``trackers``."""

    trackers: tuple[Tracker[T], ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(t.operation_id for t in self.trackers)


#: what a driver does next: sleep, or send a round of requests; ``None`` once all ended
Action = Sleep | tuple[Send[Any], ...] | None


def query_cost(parameter: str) -> Callable[[str], int]:
    """The URL characters one id adds as ``&<parameter>=<percent-encoded id>``."""
    overhead = len(parameter) + 2

    def cost(value: str) -> int:
        return overhead + len(quote(value, safe=""))

    return cost


def chunk_by_budget(
    items: Sequence[X],
    budget: int,
    cost: Callable[[X], int] = len,  # type: ignore[assignment]
) -> list[list[X]]:
    """Split ``items`` (order kept) into chunks whose total ``cost`` stays within ``budget``.

    An item that alone exceeds the budget gets a chunk of its own (the server decides).
    """
    if budget <= 0:
        raise ValueError("budget must be > 0")
    chunks: list[list[X]] = []
    used = 0
    for value in items:
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

    def chunks(self, trackers: Sequence[Tracker[T]]) -> list[list[Tracker[T]]]:
        cost = self.cost
        return chunk_by_budget(trackers, self.budget, lambda t: cost(t.operation_id))


@attrs.define(eq=False)
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
    - ``expect``/``idempotent``: for a one-shot call (trackers without a rule): the model
      class(es) its 2xx must parse to; whether a transient failure the server may have acted
      on is retried.
    """

    schedule: Schedule
    trackers: tuple[Tracker[T], ...] = attrs.field(converter=tuple)
    clock: Clock = attrs.field(kw_only=True)
    error_pointer: Pointer | None = attrs.field(default=None, kw_only=True)
    batching: Batching | None = attrs.field(default=None, kw_only=True)
    expect: Expect = attrs.field(default=None, kw_only=True)
    idempotent: bool = attrs.field(default=True, kw_only=True)
    _round: _Round | None = attrs.field(default=None, init=False)  # the round in flight

    def __attrs_post_init__(self) -> None:
        if len({t.operation_id for t in self.trackers}) != len(self.trackers):
            raise ValueError("operation ids in a batch must be distinct")

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

    def due(self) -> float:
        """Seconds until :meth:`next` has more than a sleep to give (0: now)."""
        schedule = self.schedule
        return max(0.0, min(schedule.next_poll_at, schedule.deadline) - self.clock.monotonic())

    def next(self) -> Action:
        """What to do now: ``Sleep``, a round of requests, or ``None`` once every tracker ended."""
        if self.done:
            return None
        try:
            delay = self.schedule.next_sleep(self.clock.monotonic())
        except DeadlineReached:
            self._timeout(None)
            return None
        if delay is not None:
            return Sleep(delay)
        pending = self.pending()
        for tracker in pending:
            tracker.attempts += 1
        chunks = [pending] if self.batching is None else self.batching.chunks(pending)
        self._round = _Round(outstanding=len(chunks))
        return tuple(Send(tuple(chunk)) for chunk in chunks)

    def receive(self, request: Send[T], result: object) -> list[Snapshot[T]]:
        """Apply one request's result (a response, or the exception it raised); return the
        snapshots read."""
        clock = self.clock
        now, now_wall = clock.monotonic(), clock.time()
        round_ = self._round
        assert round_ is not None, "a result without a round in flight"
        trackers = [t for t in request.trackers if not t.done]
        snapshots: list[Snapshot[T]] = []
        try:
            snapshots = self._apply(round_, trackers, result, now, now_wall)
        except Exception as exc:  # nothing mapped it: a bug, raised for a single wait
            if self.batching is None:
                raise
            for tracker in trackers:
                if not tracker.done:
                    tracker.fail_unexpected(exc)
        round_.outstanding -= 1
        if round_.outstanding <= 0:
            self._round = None  # a sleeping wait keeps no round
            if not self.done:
                self._plan(round_, now)
        return snapshots

    def _apply(
        self,
        round_: _Round,
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
            call = bool(trackers) and trackers[0].rule is None
            found = interpret_response(
                response, self.error_pointer, now_wall, status_document=not call
            )
            if call and found.kind is Kind.OK:
                self._call_done(trackers[0], response)
                return []
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
        for tracker in trackers:
            tracker.fail_from(found)
        return []

    def _call_done(self, tracker: Tracker[T], response: StatusResponse) -> None:
        """A one-shot call's 2xx (not refused as too deep): its response, if its body is one
        the call expects."""
        if self.expect is not None and not isinstance(response.parsed, self.expect):
            code, size = int(response.status_code), len(response.content or b"")
            reason = f"HTTP {code} body not understood, {size} bytes"
            tracker.fail(MalformedResponse, reason=reason, status_code=code)
        else:
            tracker.response = response

    def _plan(self, round_: _Round, now: float) -> None:
        """After a round: count a transient failure, reset the count after a good round, and
        schedule the next round."""
        schedule = self.schedule
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

    def outcome(self) -> Outcome[T]:
        """A finished single wait's outcome, or raise its typed error."""
        (result,) = self.results()
        if isinstance(result, WaitError):
            raise result
        return result

    def response(self) -> StatusResponse:
        """A finished one-shot call's 2xx response, or raise its typed error."""
        tracker = self.trackers[0]
        if tracker.error is not None:
            raise tracker.error
        assert tracker.response is not None
        return tracker.response

    def results(self) -> list[Outcome[T] | WaitError]:
        """Each tracker's outcome or error, in order (once :attr:`done`)."""
        if not self.done:
            raise RuntimeError("the wait has not finished; call wait() or iterate first")
        return [t.outcome or cast(WaitError, t.error) for t in self.trackers]


@attrs.define(slots=True)
class _Round:
    """What the requests of the current round said so far."""

    outstanding: int = 0
    good: bool = False
    transient: Interpretation | None = None
    retry_after: float | None = None


def _max(a: float | None, b: float | None) -> float | None:
    return b if a is None else a if b is None else max(a, b)


def _never_sent(found: Interpretation, result: object) -> bool:
    """A transient failure the server cannot have acted on (retried even when not idempotent):
    a connection that could not be opened, 408, 429."""
    if isinstance(result, Exception):
        return isinstance(result, httpx.ConnectError)
    return found.status_code in _SAFE_CODES


def endpoint_name(endpoint: Any) -> str:
    """A generated endpoint module's short name (``list_migrations_by_status_type``)."""
    name = getattr(endpoint, "__name__", None) or type(endpoint).__name__
    return str(name).rsplit(".", 1)[-1]


def call_machine(
    endpoint: Any,
    *,
    provider: str,
    policy: PollPolicy,
    clock: Clock,
    error_pointer: Pointer | None = None,
    about: str | None = None,
    expect: Expect = None,
    idempotent: bool = True,
    hints: Mapping[type[WaitError], str] | None = None,
) -> Machine[Any]:
    """The machine of one call to ``endpoint`` (no status rule): sent at once, transient
    failures retried within ``policy`` (only those the server cannot have acted on when not
    ``idempotent``); ``about`` names the call in errors (default: the endpoint's name)."""
    schedule = Schedule.start(attrs.evolve(policy, initial_delay=0.0), clock)
    tracker: Tracker[Any] = Tracker(
        provider=provider,
        operation_id=about or endpoint_name(endpoint),
        rule=None,
        hooks=Hooks(hints=hints or {}),
    )
    return Machine(
        schedule,
        [tracker],
        clock=clock,
        error_pointer=error_pointer,
        expect=expect,
        idempotent=idempotent,
    )
