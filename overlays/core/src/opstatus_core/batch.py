"""Batched polling: one request per round covers many operations (e.g. repeated query ids).

Core chunks the pending ids by a URL-length budget and runs the rounds; the SDK supplies the
batch call (ids -> one generated ``Response`` whose body maps each id to its status document,
the rule's ``entries`` pointer). A missing entry, or a status the rule lists in ``notFound``,
fails only that id.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, Generic, TypeVar
from urllib.parse import quote

from ._transport import wait_deadline
from .clock import Clock
from .engine import (
    NO_HOOKS,
    DeadlineReached,
    Hooks,
    Interpretation,
    Kind,
    Outcome,
    Schedule,
    Snapshot,
    StatusResponse,
    Tracker,
    interpret_exception,
    interpret_response,
)
from .errors import (
    MalformedResponse,
    OperationNotFound,
    TransientRetriesExhausted,
    WaitError,
    WaitTimeout,
)
from .policy import PollPolicy
from .rule import PollingRule

__all__ = ["BatchWait", "async_wait_batched", "chunk_by_budget", "query_cost", "wait_batched"]

T = TypeVar("T")


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
    current: list[str] = []
    used = 0
    for value in ids:
        size = cost(value)
        if current and used + size > budget:
            chunks.append(current)
            current, used = [], 0
        current.append(value)
        used += size
    if current:
        chunks.append(current)
    return chunks


class BatchWait(Generic[T]):
    """The sans-IO state of a batched wait: one shared schedule, one tracker per operation."""

    __slots__ = ("_by_id", "budget", "cost", "entry_model", "rule", "schedule", "trackers")

    def __init__(
        self,
        *,
        provider: str,
        rule: PollingRule,
        references: Sequence[Mapping[str, str]],
        id_key: str,
        policy: PollPolicy,
        clock: Clock,
        budget: int,
        cost: Callable[[str], int] = len,
        hooks: Hooks = NO_HOOKS,
        entry_model: Callable[[Mapping[str, Any]], T] | None = None,
        deadline_wall: float | None = None,
    ) -> None:
        self.rule = rule
        self.schedule = Schedule.start(policy, clock, deadline_wall=deadline_wall)
        self.budget = budget
        self.cost = cost
        self.entry_model = entry_model
        self.trackers: list[Tracker[T]] = [
            Tracker(
                provider=provider,
                rule=rule,
                reference=dict(ref),
                operation_id=ref[id_key],
                deadline_wall=self.schedule.deadline_wall,
                hooks=hooks,
            )
            for ref in references
        ]
        self._by_id = {t.operation_id: t for t in self.trackers}
        if len(self._by_id) != len(self.trackers):
            raise ValueError("operation ids in a batch must be distinct")

    @property
    def done(self) -> bool:
        return all(t.done for t in self.trackers)

    def pending(self) -> list[Tracker[T]]:
        return [t for t in self.trackers if not t.done]

    def chunks(self) -> list[list[str]]:
        return chunk_by_budget([t.operation_id for t in self.pending()], self.budget, self.cost)

    def next_sleep(self, now: float) -> float | None:
        try:
            return self.schedule.next_sleep(now)
        except DeadlineReached:
            self._fail_pending(WaitTimeout)
            return None

    def begin(self, chunk: Sequence[str]) -> None:
        for value in chunk:
            self._by_id[value].attempts += 1

    def _fail_pending(
        self, cls: type[WaitError], chunk: Sequence[str] | None = None, **kwargs: Any
    ) -> None:
        targets = self.pending() if chunk is None else [self._by_id[v] for v in chunk]
        for tracker in targets:
            if not tracker.done:
                tracker.fail(cls, **kwargs)

    def on_chunk(
        self,
        chunk: Sequence[str],
        interpretation: Interpretation,
        response: Any,
        now: float,
        *,
        now_wall: float | None = None,
    ) -> list[Snapshot[T]]:
        """Apply one chunk's result; return the snapshots read."""
        snapshots: list[Snapshot[T]] = []
        if interpretation.kind is not Kind.OK:
            if interpretation.kind is Kind.NOT_MODIFIED:
                self._fail_pending(MalformedResponse, chunk, reason="304 on a batched request")
            elif interpretation.kind is not Kind.TRANSIENT:
                for value in chunk:
                    tracker = self._by_id[value]
                    if not tracker.done:
                        tracker.fail_from(interpretation)
            return snapshots
        try:
            entries = self.rule.split_entries(interpretation.document)
        except (KeyError, TypeError) as exc:
            self._fail_pending(MalformedResponse, chunk, reason=f"no entries ({exc})")
            return snapshots
        elapsed = now - self.schedule.started
        for value in chunk:
            tracker = self._by_id[value]
            entry = entries.get(value)
            if entry is None:
                tracker.fail(OperationNotFound, reason="missing from the batched response")
                continue
            try:
                model: Any = self.entry_model(entry) if self.entry_model is not None else entry
            except (KeyError, TypeError, ValueError) as exc:
                tracker.fail(MalformedResponse, reason=f"{type(exc).__name__}: {exc}")
                continue
            except Exception as exc:  # nothing mapped it: only this id ends
                tracker.fail_unexpected(exc)
                continue
            try:
                snapshots.append(
                    tracker.observe(
                        entry,
                        model,
                        elapsed=elapsed,
                        response=response,
                        is_entry=True,
                        now_wall=now_wall,
                        status_code=interpretation.status_code,
                    )
                )
            except WaitError:
                continue  # recorded on the tracker; only this id ends
            except Exception as exc:  # nothing mapped it: still only this id ends
                tracker.fail_unexpected(exc)
        return snapshots

    def end_round(
        self, now: float, *, transient: Interpretation | None, retry_after: float | None
    ) -> None:
        """After all chunks of a round: count transient failures and plan the next round."""
        if self.done:
            return
        schedule = self.schedule
        if transient is not None:
            schedule.transient_in_row += 1
            if schedule.transient_in_row > schedule.policy.transient_budget:
                self._fail_pending(
                    TransientRetriesExhausted,
                    reason=f"{schedule.transient_in_row} transient failures in a row, "
                    f"last: {transient.reason}",
                    status_code=transient.status_code,
                )
                return
        else:
            schedule.transient_in_row = 0
        try:
            schedule.plan(now, retry_after)
        except DeadlineReached:
            self._fail_pending(WaitTimeout)

    def results(self) -> list[Outcome[T] | WaitError]:
        out: list[Outcome[T] | WaitError] = []
        for tracker in self.trackers:
            if tracker.outcome is not None:
                out.append(tracker.outcome)
            elif tracker.error is not None:
                out.append(tracker.error)
            else:  # pragma: no cover - results() is called once done
                raise RuntimeError("the batched wait has not finished")
        return out


def _max(a: float | None, b: float | None) -> float | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def _apply(
    batch: BatchWait[T],
    chunk: Sequence[str],
    result: StatusResponse | Exception,
    clock: Clock,
) -> tuple[Interpretation, list[Snapshot[T]]]:
    now_wall = clock.time()
    try:
        if isinstance(result, Exception):
            interpretation = interpret_exception(result, batch.rule, now_wall)
            response = None
        else:
            interpretation = interpret_response(result, batch.rule, now_wall)
            response = result
    except Exception as exc:  # nothing mapped it: this chunk's operations end, not the others
        for value in chunk:
            tracker = batch._by_id[value]
            if not tracker.done:
                tracker.fail_unexpected(exc)
        return Interpretation(Kind.FATAL, reason=type(exc).__name__), []
    snapshots = batch.on_chunk(
        chunk, interpretation, response, clock.monotonic(), now_wall=now_wall
    )
    return interpretation, snapshots


def wait_batched(
    batch: BatchWait[T],
    fetch: Callable[[Sequence[str]], StatusResponse],
    *,
    clock: Clock,
    on_progress: Callable[[Snapshot[Any]], None] | None = None,
) -> list[Outcome[T] | WaitError]:
    """Run rounds until every operation ended; one request per chunk per round."""
    while not batch.done:
        delay = batch.next_sleep(clock.monotonic())
        if batch.done:
            break
        if delay is not None:
            clock.sleep(delay)
            continue
        transient: Interpretation | None = None
        retry_after: float | None = None
        for chunk in batch.chunks():
            batch.begin(chunk)
            result: StatusResponse | Exception
            try:
                with wait_deadline(batch.schedule.deadline - clock.monotonic()):
                    result = fetch(chunk)
            except Exception as exc:
                result = exc
            interpretation, snapshots = _apply(batch, chunk, result, clock)
            if interpretation.kind is Kind.TRANSIENT:
                transient = interpretation
            retry_after = _max(retry_after, interpretation.retry_after)
            if on_progress is not None:
                for snapshot in snapshots:
                    on_progress(snapshot)
        batch.end_round(clock.monotonic(), transient=transient, retry_after=retry_after)
    return batch.results()


async def async_wait_batched(
    batch: BatchWait[T],
    fetch: Callable[[Sequence[str]], Awaitable[StatusResponse]],
    *,
    clock: Clock,
    on_progress: Callable[[Snapshot[Any]], None] | None = None,
) -> list[Outcome[T] | WaitError]:
    """The async flavour: a round's chunks are requested concurrently."""
    import asyncio

    while not batch.done:
        delay = batch.next_sleep(clock.monotonic())
        if batch.done:
            break
        if delay is not None:
            await clock.async_sleep(delay)
            continue
        chunks = batch.chunks()
        for chunk in chunks:
            batch.begin(chunk)

        async def call(chunk: Sequence[str]) -> StatusResponse | Exception:
            try:
                return await fetch(chunk)
            except Exception as exc:
                return exc

        with wait_deadline(batch.schedule.deadline - clock.monotonic()):
            results = await asyncio.gather(*(call(chunk) for chunk in chunks))
        transient: Interpretation | None = None
        retry_after: float | None = None
        for chunk, result in zip(chunks, results, strict=True):
            interpretation, snapshots = _apply(batch, chunk, result, clock)
            if interpretation.kind is Kind.TRANSIENT:
                transient = interpretation
            retry_after = _max(retry_after, interpretation.retry_after)
            if on_progress is not None:
                for snapshot in snapshots:
                    on_progress(snapshot)
        batch.end_round(clock.monotonic(), transient=transient, retry_after=retry_after)
    return batch.results()
