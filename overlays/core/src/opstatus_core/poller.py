"""The two thin drivers: :class:`Poller` (sync) and :class:`AsyncPoller` (async).

They only sleep and send requests; every decision is the
:class:`~opstatus_core.engine.WaitMachine`'s.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from typing import Any, Generic, TypeVar

from ._transport import wait_deadline
from .clock import Clock
from .engine import Outcome, Snapshot, StatusResponse, WaitMachine
from .errors import WaitError
from .limits import shorten

__all__ = [
    "AsyncFetch",
    "AsyncPoller",
    "Poller",
    "ProgressCallback",
    "SyncFetch",
    "async_wait_many",
    "wait_many",
]

T = TypeVar("T")

SyncFetch = Callable[[str | None], StatusResponse]
AsyncFetch = Callable[[str | None], Awaitable[StatusResponse]]
#: what ``on_progress=`` takes: called with each snapshot read
ProgressCallback = Callable[[Snapshot[Any]], None]


class _Base(Generic[T]):
    __slots__ = ("_clock", "_machine", "_on_progress")

    def __init__(
        self,
        machine: WaitMachine[T],
        *,
        clock: Clock,
        on_progress: ProgressCallback | None = None,
    ) -> None:
        self._machine = machine
        self._clock = clock
        self._on_progress = on_progress

    @property
    def operation_id(self) -> str:
        return self._machine.tracker.operation_id

    @property
    def reference(self) -> dict[str, str]:
        return dict(self._machine.tracker.reference)

    @property
    def done(self) -> bool:
        """True once the wait ended (success, terminal failure or error)."""
        return self._machine.done

    @property
    def last(self) -> Snapshot[T] | None:
        """The last good snapshot."""
        return self._machine.tracker.last

    @property
    def attempts(self) -> int:
        return self._machine.tracker.attempts

    def continuation_token(self) -> str:
        """The state of this wait as a short string; resume it with the SDK's ``resume()``."""
        return self._machine.tracker.token()

    def result(self) -> Outcome[T]:
        """The outcome of a finished wait, or raise its typed error."""
        tracker = self._machine.tracker
        if tracker.outcome is not None:
            return tracker.outcome
        if tracker.error is not None:
            raise tracker.error
        raise RuntimeError("the wait has not finished; call wait() or iterate first")

    def _report(self, snapshot: Snapshot[T] | None) -> Snapshot[T] | None:
        if snapshot is not None and self._on_progress is not None:
            self._on_progress(snapshot)
        return snapshot

    def __repr__(self) -> str:
        last = self.last
        status = shorten(last.status) if last is not None else None
        return (
            f"{type(self).__name__}(provider={self._machine.tracker.provider!r}, "
            f"operation_id={shorten(self.operation_id)!r}, status={status!r}, "
            f"attempts={self.attempts})"
        )


class Poller(_Base[T]):
    """A blocking wait. Iterate for progress snapshots, or call :meth:`wait`."""

    __slots__ = ("_fetch",)

    def __init__(
        self,
        machine: WaitMachine[T],
        fetch: SyncFetch,
        *,
        clock: Clock,
        on_progress: ProgressCallback | None = None,
    ) -> None:
        super().__init__(machine, clock=clock, on_progress=on_progress)
        self._fetch = fetch

    def poll(self) -> Snapshot[T] | None:
        """Send one status request now and advance the state (no sleeping)."""
        machine, clock = self._machine, self._clock
        etag = machine.begin()
        try:
            with wait_deadline(machine.schedule.deadline - clock.monotonic()):
                response = self._fetch(etag)
        except Exception as exc:
            snapshot = machine.on_exception(exc, now=clock.monotonic(), now_wall=clock.time())
        else:
            snapshot = machine.on_response(response, now=clock.monotonic(), now_wall=clock.time())
        return self._report(snapshot)

    def step(self) -> Snapshot[T] | None:
        """Do the next thing: sleep until the next poll is due, or poll."""
        delay = self._machine.next_sleep(self._clock.monotonic())
        if delay is not None:
            self._clock.sleep(delay)
            return None
        return self.poll()

    def __iter__(self) -> Iterator[Snapshot[T]]:
        """Snapshots until a terminal one (failed/canceled end iteration; ``wait()`` raises)."""
        while not self._machine.done:
            snapshot = self.step()
            if snapshot is not None:
                yield snapshot

    def wait(self) -> Outcome[T]:
        """Block until a terminal status; return the outcome or raise the typed error."""
        for _ in self:
            pass
        return self.result()


class AsyncPoller(_Base[T]):
    """An awaitable wait: ``await poller.wait()`` or ``async for snapshot in poller``.

    Cancelling the task that awaits it stops it between or during requests; the state stays
    consistent, so :meth:`continuation_token` still works and ``wait()`` can be awaited again.
    """

    __slots__ = ("_fetch",)

    def __init__(
        self,
        machine: WaitMachine[T],
        fetch: AsyncFetch,
        *,
        clock: Clock,
        on_progress: ProgressCallback | None = None,
    ) -> None:
        super().__init__(machine, clock=clock, on_progress=on_progress)
        self._fetch = fetch

    async def poll(self) -> Snapshot[T] | None:
        machine, clock = self._machine, self._clock
        etag = machine.begin()
        try:
            with wait_deadline(machine.schedule.deadline - clock.monotonic()):
                response = await self._fetch(etag)
        except Exception as exc:
            snapshot = machine.on_exception(exc, now=clock.monotonic(), now_wall=clock.time())
        else:
            snapshot = machine.on_response(response, now=clock.monotonic(), now_wall=clock.time())
        return self._report(snapshot)

    async def step(self) -> Snapshot[T] | None:
        delay = self._machine.next_sleep(self._clock.monotonic())
        if delay is not None:
            await self._clock.async_sleep(delay)
            return None
        return await self.poll()

    async def _iterate(self) -> AsyncIterator[Snapshot[T]]:
        while not self._machine.done:
            snapshot = await self.step()
            if snapshot is not None:
                yield snapshot

    def __aiter__(self) -> AsyncIterator[Snapshot[T]]:
        return self._iterate()

    async def wait(self) -> Outcome[T]:
        # step(), inlined: one coroutine fewer per poll and per waiting task
        machine, clock = self._machine, self._clock
        while not machine.done:
            delay = machine.next_sleep(clock.monotonic())
            if delay is not None:
                await clock.async_sleep(delay)
            else:
                await self.poll()
        return self.result()


def wait_many(pollers: Sequence[Poller[T]]) -> list[Outcome[T] | WaitError]:
    """Wait for several operations in one thread; one failure never aborts the others (an
    exception nothing maps becomes that operation's ``ApiError``, the exception its cause).

    The pollers are multiplexed: whichever is due is polled, the thread sleeps until the next
    one is due (the first poller's clock is used for sleeping). Results are in input order.
    """
    results: list[Outcome[T] | WaitError | None] = [None] * len(pollers)
    active = list(range(len(pollers)))
    while active:
        clock = pollers[active[0]]._clock
        now = clock.monotonic()
        soonest: float | None = None
        polled = False
        for index in list(active):
            poller = pollers[index]
            try:
                delay = poller._machine.next_sleep(now)
                if delay is None:
                    poller.poll()
                    polled = True
                else:
                    soonest = delay if soonest is None else min(soonest, delay)
            except WaitError as exc:
                results[index] = exc
            except Exception as exc:  # never ends the other operations
                results[index] = poller._machine.tracker.fail_unexpected(exc)
            if poller.done:
                active.remove(index)
                if results[index] is None:
                    try:
                        results[index] = poller.result()
                    except WaitError as exc:
                        results[index] = exc
        if active and not polled and soonest is not None:
            clock.sleep(soonest)
    return [r for r in results if r is not None]


async def async_wait_many(
    pollers: Sequence[AsyncPoller[T]], *, max_concurrency: int | None = None
) -> list[Outcome[T] | WaitError]:
    """Await several operations concurrently on this event loop (one task each, in a
    ``TaskGroup``: cancelling the caller cancels them all, nothing leaks). Per-operation errors
    are returned, not raised (an exception nothing maps becomes that operation's ``ApiError``);
    results are in input order."""
    import asyncio

    semaphore = asyncio.Semaphore(max_concurrency) if max_concurrency else None
    results: list[Outcome[T] | WaitError | None] = [None] * len(pollers)

    async def one(index: int, poller: AsyncPoller[T]) -> None:
        try:
            if semaphore is None:
                results[index] = await poller.wait()
            else:
                async with semaphore:
                    results[index] = await poller.wait()
        except WaitError as exc:
            results[index] = exc
        except Exception as exc:  # never cancels the other operations
            results[index] = poller._machine.tracker.fail_unexpected(exc)

    async with asyncio.TaskGroup() as group:
        for index, poller in enumerate(pollers):
            group.create_task(one(index, poller))
    return [r for r in results if r is not None]
