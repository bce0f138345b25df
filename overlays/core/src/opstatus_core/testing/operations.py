"""The operation store of a fake: operations that advance through their statuses on a schedule.

A schedule is a list of ``(status, count)`` steps: ``[("NotStarted", 1), ("Running", 3),
("Succeeded", None)]`` means "NotStarted for the first poll, Running for the next three, then
Succeeded for good". By default ``count`` counts polls of that operation (deterministic). Give the
store a ``clock`` (any ``() -> float``, e.g. a fake clock) and ``count`` is seconds since the
operation was created instead. ``set_status`` pins a status by hand, whatever the schedule says.
"""

from __future__ import annotations

import itertools
import threading
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["FakeOperation", "OperationStore", "Schedule", "Step", "parse_schedule"]

Step = tuple[str, float | None]
Schedule = tuple[Step, ...]


def parse_schedule(schedule: Sequence[tuple[str, float | None]] | Sequence[str]) -> Schedule:
    """Check and normalise a schedule; a bare list of statuses means one poll (or second) each."""
    if not schedule:
        raise ValueError("a schedule needs at least one status")
    steps: list[Step] = []
    for i, step in enumerate(schedule):
        status: object
        count: float | None
        if isinstance(step, str):
            status, count = step, (None if i == len(schedule) - 1 else 1.0)
        else:
            status, raw = step[0], step[1]
            if raw is not None and not isinstance(raw, int | float):
                raise ValueError(f"step {i}: the count must be a number or None, got {raw!r}")
            count = raw
        if not isinstance(status, str) or not status:
            raise ValueError(f"step {i}: the status must be a non-empty string, got {status!r}")
        if count is not None and count < 0:
            raise ValueError(f"step {i}: the count must be >= 0 or None, got {count!r}")
        if count is None and i != len(schedule) - 1:
            raise ValueError(f"step {i}: only the last step may last for good (count None)")
        steps.append((status, None if count is None else float(count)))
    return tuple(steps)


def _status_at(schedule: Schedule, position: float) -> tuple[int, str]:
    """The step index and status at ``position`` (polls served so far, or seconds elapsed)."""
    elapsed = 0.0
    for index, (status, count) in enumerate(schedule):
        if count is None or position < elapsed + count:
            return index, status
        elapsed += count
    return len(schedule) - 1, schedule[-1][0]


@dataclass
class FakeOperation:
    """One long-running operation held by a fake.

    ``fields`` carries whatever else the provider reports (progress counts, error detail, ...);
    the provider's handler turns the operation into its documented response body.
    """

    id: str
    schedule: Schedule
    created_at: float = 0.0
    polls: int = 0
    pinned: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    history: list[str] = field(default_factory=list)
    _clock: Callable[[], float] | None = field(default=None, repr=False, compare=False)

    def _current(self) -> tuple[int, str]:
        if self.pinned is not None:
            return len(self.schedule) - 1, self.pinned
        return _status_at(self.schedule, self._position(max(self.polls - 1, 0)))

    @property
    def step(self) -> int:
        """Index of the current schedule step (the last one once pinned)."""
        return self._current()[0]

    @property
    def status(self) -> str:
        """The status last reported (the first step's before any poll; with a clock: right now)."""
        return self._current()[1]

    @property
    def final(self) -> bool:
        """True once the schedule is on its last step (or the status is pinned)."""
        return self.pinned is not None or self.step == len(self.schedule) - 1

    def _position(self, polls: int) -> float:
        if self._clock is not None:
            return self._clock() - self.created_at
        return float(polls)

    def poll(self) -> str:
        """Count one poll and return the status it reports."""
        self.polls += 1
        status = self.status
        self.history.append(status)
        return status


class OperationStore:
    """Thread-safe map of operation id to ``FakeOperation`` (shares the fake's lock)."""

    def __init__(
        self,
        *,
        default_schedule: Sequence[tuple[str, float | None]] | Sequence[str] = (
            ("NotStarted", 1),
            ("Running", 2),
            ("Succeeded", None),
        ),
        clock: Callable[[], float] | None = None,
        id_factory: Callable[[], str] | None = None,
        lock: threading.RLock | None = None,
    ) -> None:
        self.default_schedule: Schedule = parse_schedule(default_schedule)
        self.clock = clock
        self.id_factory: Callable[[], str] = id_factory or (lambda: str(uuid.uuid4()))
        self.lock = lock if lock is not None else threading.RLock()
        self._ops: dict[str, FakeOperation] = {}
        self._serial = itertools.count(1)

    def create(
        self,
        id: str | None = None,
        schedule: Sequence[tuple[str, float | None]] | Sequence[str] | None = None,
        **fields: Any,
    ) -> FakeOperation:
        """Add an operation (a fresh id unless given) following ``schedule`` (else the default)."""
        with self.lock:
            op_id = id if id is not None else self.id_factory()
            if op_id in self._ops:
                raise ValueError(f"operation {op_id!r} already exists")
            op = FakeOperation(
                id=op_id,
                schedule=self.default_schedule if schedule is None else parse_schedule(schedule),
                created_at=self.clock() if self.clock is not None else float(next(self._serial)),
                fields=dict(fields),
                _clock=self.clock,
            )
            self._ops[op_id] = op
            return op

    def get(self, id: str) -> FakeOperation | None:
        """The operation, without counting a poll."""
        with self.lock:
            return self._ops.get(id)

    def poll(self, id: str) -> FakeOperation | None:
        """Count one poll of ``id`` (advancing its schedule); None for an unknown id."""
        with self.lock:
            op = self._ops.get(id)
            if op is not None:
                op.poll()
            return op

    def set_status(self, id: str, status: str, **fields: Any) -> FakeOperation:
        """Pin ``id`` at ``status`` for good (and update fields); KeyError for an unknown id."""
        with self.lock:
            op = self._ops[id]
            op.pinned = status
            op.fields.update(fields)
            return op

    def update(self, id: str, **fields: Any) -> FakeOperation:
        """Update the extra fields of ``id``; KeyError for an unknown id."""
        with self.lock:
            op = self._ops[id]
            op.fields.update(fields)
            return op

    def delete(self, id: str) -> bool:
        """Forget ``id`` (later polls get the provider's 404); False if it was not there."""
        with self.lock:
            return self._ops.pop(id, None) is not None

    def ids(self) -> list[str]:
        with self.lock:
            return list(self._ops)

    def snapshot(self) -> Mapping[str, str]:
        """Current status of every operation (for assertions)."""
        with self.lock:
            return {k: v.status for k, v in self._ops.items()}

    def __contains__(self, id: object) -> bool:
        with self.lock:
            return id in self._ops

    def __len__(self) -> int:
        with self.lock:
            return len(self._ops)

    def __iter__(self) -> Iterator[FakeOperation]:
        with self.lock:
            return iter(list(self._ops.values()))
