"""The two small drivers of the :class:`~opstatus_core._engine.Machine`, and what runs on them.

:func:`step` (sync) and :func:`astep` (async) each carry out one action of a machine: sleep,
or send a round of requests (an async round's requests go out concurrently) and hand the
results back. Every decision is the machine's. A client's requests go out through
:class:`SyncRequests`/:class:`AsyncRequests` (a generated endpoint, the kwargs of each
:class:`Send`). :class:`Poller`/:class:`AsyncPoller` are one wait,
:func:`wait_many`/:func:`async_wait_many` several, and a one-shot call is a machine run to its
end (:func:`run`/:func:`arun`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping, Sequence
from typing import Any, Generic, TypeVar

import attrs

from ._engine import Machine, Send, Sleep
from ._provider import BatchSupport
from ._tracker import Outcome, Snapshot, Tracker
from ._transport import wait_deadline
from .errors import WaitError
from .limits import shorten

__all__ = [
    "AsyncPoller",
    "AsyncRequests",
    "Poller",
    "ProgressCallback",
    "Requests",
    "SyncRequests",
    "arun",
    "astep",
    "async_wait_many",
    "run",
    "step",
    "wait_many",
]

T = TypeVar("T")

#: what a driver calls for each request of a round: a response; what it raises is handed to
#: the machine too
SyncSend = Callable[[Send[Any]], object]
AsyncSend = Callable[[Send[Any]], Awaitable[object]]
#: what ``on_progress=`` takes: called with each snapshot read
ProgressCallback = Callable[[Snapshot[Any]], None]


@attrs.frozen(slots=True)
class Requests:
    """What a client's drivers send: ``endpoint`` on the ``generated`` client, with a one-shot
    call's kwargs (``params``), a batch chunk's (``batch``), or those of the operation waited on
    and the client's ``params``. Called with each :class:`Send` (see the subclasses)."""

    generated: Any
    endpoint: Any
    params: Mapping[str, Any]
    batch: BatchSupport | None = None

    def __call__(self, send: Send[Any]) -> Any:
        raise NotImplementedError

    def kwargs(self, send: Send[Any]) -> Mapping[str, Any]:
        reference = send.trackers[0].reference
        if reference is None:  # a one-shot call
            return self.params
        if self.batch is not None:
            return self.batch.kwargs(send.ids, reference)
        return {**reference.to_kwargs(), **self.params}


@attrs.frozen(slots=True)
class SyncRequests(Requests):
    def __call__(self, send: Send[Any]) -> object:
        return self.endpoint.sync_detailed(client=self.generated, **self.kwargs(send))


@attrs.frozen(slots=True)
class AsyncRequests(Requests):
    async def __call__(self, send: Send[Any]) -> object:
        return await self.endpoint.asyncio_detailed(client=self.generated, **self.kwargs(send))


def step(machine: Machine[T], send: SyncSend) -> list[Snapshot[T]] | None:
    """Carry out the machine's next action; the snapshots read, ``None`` once it ended."""
    action = machine.next()
    if action is None:
        return None
    if isinstance(action, Sleep):
        machine.clock.sleep(action.seconds)
        return []
    snapshots: list[Snapshot[T]] = []
    for request in action:
        with wait_deadline(machine.remaining()):
            try:
                result = send(request)
            except Exception as exc:
                result = exc
        snapshots += machine.receive(request, result)
    return snapshots


def _acting(machine: Machine[T], send: AsyncSend) -> Awaitable[list[Snapshot[T]] | None] | None:
    """The machine's next action, to be awaited: the clock's sleep (it reads nothing) or a
    round (the snapshots read); ``None`` once the machine ended. The one place the async
    drivers turn an action into I/O."""
    action = machine.next()
    if action is None:
        return None
    if isinstance(action, Sleep):
        return machine.clock.async_sleep(action.seconds)
    return _round(machine, send, action)


async def _round(
    machine: Machine[T], send: AsyncSend, requests: tuple[Send[Any], ...]
) -> list[Snapshot[T]]:
    """Send a round (its requests concurrently), hand each result to the machine."""
    with wait_deadline(machine.remaining()):
        results = await _sent(send, requests)
    snapshots: list[Snapshot[T]] = []
    for request, result in zip(requests, results, strict=True):
        snapshots += machine.receive(request, result)
    return snapshots


async def astep(machine: Machine[T], send: AsyncSend) -> list[Snapshot[T]] | None:
    """:func:`step`, awaiting: a round's requests are sent concurrently."""
    acting = _acting(machine, send)
    if acting is None:
        return None
    return (await acting) or []


async def _sent(send: AsyncSend, requests: tuple[Send[Any], ...]) -> Sequence[object]:
    """Each request's response, or the exception it raised (the machine decides); a round of
    several goes out concurrently."""
    if len(requests) == 1:
        return [await _one(send, requests[0])]
    import asyncio

    return await asyncio.gather(*(_one(send, request) for request in requests))


async def _one(send: AsyncSend, request: Send[Any]) -> object:
    try:
        return await send(request)
    except Exception as exc:
        return exc


def run(
    machine: Machine[T], send: SyncSend, on_progress: ProgressCallback | None = None
) -> Machine[T]:
    """Step the machine until every tracker ended (``on_progress``: each snapshot read)."""
    while (snapshots := step(machine, send)) is not None:
        for snapshot in snapshots:
            if on_progress is not None:
                on_progress(snapshot)
    return machine


async def arun(
    machine: Machine[T], send: AsyncSend, on_progress: ProgressCallback | None = None
) -> Machine[T]:
    """:func:`run`, awaiting. It awaits each action itself rather than through :func:`astep`:
    a sleeping wait is then suspended in this frame and the clock's sleep only (one frame
    fewer for each of many thousands of idle waits in a process)."""
    while (acting := _acting(machine, send)) is not None:
        for snapshot in (await acting) or ():
            if on_progress is not None:
                on_progress(snapshot)
    return machine


class _Base(Generic[T]):
    """One wait: a machine with one tracker, and what a caller reads of it."""

    __slots__ = ("_machine", "_on_progress", "_send")

    def __init__(
        self, machine: Machine[T], send: Any, *, on_progress: ProgressCallback | None = None
    ) -> None:
        self._machine = machine
        self._send = send
        self._on_progress = on_progress

    @property
    def _tracker(self) -> Tracker[T]:
        return self._machine.trackers[0]

    @property
    def operation_id(self) -> str:
        return self._tracker.operation_id

    @property
    def reference(self) -> dict[str, str]:
        reference = self._tracker.reference
        assert reference is not None  # a wait's tracker has one
        return reference.to_dict()

    @property
    def done(self) -> bool:
        """True once the wait ended (success, terminal failure or error)."""
        return self._machine.done

    @property
    def last(self) -> Snapshot[T] | None:
        """The last good snapshot."""
        return self._tracker.last

    @property
    def attempts(self) -> int:
        return self._tracker.attempts

    def continuation_token(self) -> str:
        """The state of this wait as a short string; resume it with the SDK's ``resume()``."""
        return str(self._tracker.token())

    def result(self) -> Outcome[T]:
        """The outcome of a finished wait, or raise its typed error."""
        return self._machine.outcome()

    def _after(self, snapshots: list[Snapshot[T]] | None) -> list[Snapshot[T]]:
        """Report what a step read; raise an error that did not come with a terminal status
        (a failed or canceled status ends iteration; ``wait()`` raises it)."""
        for snapshot in snapshots or ():
            if self._on_progress is not None:
                self._on_progress(snapshot)
        tracker = self._tracker
        if tracker.error is not None and not (tracker.last and tracker.last.terminal):
            raise tracker.error
        return snapshots or []

    def __repr__(self) -> str:
        last = self.last
        status = shorten(last.status) if last is not None else None
        return (
            f"{type(self).__name__}(provider={self._tracker.provider!r}, "
            f"operation_id={shorten(self.operation_id)!r}, status={status!r}, "
            f"attempts={self.attempts})"
        )


class Poller(_Base[T]):
    """A blocking wait. Iterate for progress snapshots, or call :meth:`wait`."""

    def poll(self) -> Snapshot[T] | None:
        """Send one status request now and advance the state (no sleeping)."""
        self._machine.poll_now()
        return self.step()

    def step(self) -> Snapshot[T] | None:
        """Do the next thing: sleep until the next poll is due, or poll."""
        return next(iter(self._after(step(self._machine, self._send))), None)

    def __iter__(self) -> Iterator[Snapshot[T]]:
        """Snapshots until a terminal one (failed/canceled end iteration; ``wait()`` raises)."""
        while not self._machine.done:
            yield from self._after(step(self._machine, self._send))

    def wait(self) -> Outcome[T]:
        """Block until a terminal status; return the outcome or raise the typed error."""
        return run(self._machine, self._send, self._on_progress).outcome()


class AsyncPoller(_Base[T]):
    """An awaitable wait: ``await poller.wait()`` or ``async for snapshot in poller``.

    Cancelling the task that awaits it stops it between or during requests; the state stays
    consistent, so :meth:`continuation_token` still works and ``wait()`` can be awaited again.
    """

    async def poll(self) -> Snapshot[T] | None:
        self._machine.poll_now()
        return await self.step()

    async def step(self) -> Snapshot[T] | None:
        return next(iter(self._after(await astep(self._machine, self._send))), None)

    async def __aiter__(self) -> AsyncIterator[Snapshot[T]]:
        while not self._machine.done:
            for snapshot in self._after(await astep(self._machine, self._send)):
                yield snapshot

    async def wait(self) -> Outcome[T]:
        return (await arun(self._machine, self._send, self._on_progress)).outcome()


def _ended(poller: _Base[T], exc: Exception | None = None) -> Outcome[T] | WaitError:
    """One poller's result in a ``wait_many``: its outcome or its error, never raised."""
    if exc is not None and not isinstance(exc, WaitError):
        return poller._tracker.fail_unexpected(exc)
    try:
        return poller.result()
    except WaitError as error:
        return error


def wait_many(pollers: Sequence[Poller[T]]) -> list[Outcome[T] | WaitError]:
    """Wait for several operations in one thread; one failure never aborts the others (an
    exception nothing maps becomes that operation's ``ApiError``, the exception its cause).

    The pollers are multiplexed: whichever is due is polled, the thread sleeps until the next
    one is due (the first poller's clock is used for sleeping). Results are in input order.
    """
    results: dict[int, Outcome[T] | WaitError] = {}
    while len(results) < len(pollers):
        active = [(i, p) for i, p in enumerate(pollers) if i not in results]
        delays = []
        for index, poller in active:
            try:
                due = poller._machine.due()
                if due > 0:
                    delays.append(due)
                else:
                    poller.step()
            except Exception as exc:  # never ends the other operations
                results[index] = _ended(poller, exc)
            if poller.done and index not in results:
                results[index] = _ended(poller)
        if delays and len(delays) == len(active):
            active[0][1]._machine.clock.sleep(min(delays))
    return [results[i] for i in range(len(pollers))]


async def async_wait_many(
    pollers: Sequence[AsyncPoller[T]], *, max_concurrency: int | None = None
) -> list[Outcome[T] | WaitError]:
    """Await several operations concurrently on this event loop (one task each, in a
    ``TaskGroup``: cancelling the caller cancels them all, nothing leaks). Per-operation errors
    are returned, not raised (an exception nothing maps becomes that operation's ``ApiError``);
    results are in input order."""
    import asyncio
    import contextlib

    semaphore = asyncio.Semaphore(max_concurrency) if max_concurrency else None
    results: list[Outcome[T] | WaitError | None] = [None] * len(pollers)

    async def one(index: int, poller: AsyncPoller[T]) -> None:
        async with semaphore or contextlib.nullcontext():
            try:
                await poller.wait()
            except Exception as exc:  # never cancels the other operations
                results[index] = _ended(poller, exc)
            else:
                results[index] = _ended(poller)

    async with asyncio.TaskGroup() as group:
        for index, poller in enumerate(pollers):
            group.create_task(one(index, poller))
    return [r for r in results if r is not None]
