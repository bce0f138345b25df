"""Time, behind a protocol: the engine never calls ``time`` or ``asyncio.sleep`` directly."""

from __future__ import annotations

import time
from collections.abc import Awaitable
from typing import Protocol

__all__ = ["Clock", "FakeClock", "SystemClock"]


class Clock(Protocol):
    """What the engine needs from time."""

    def monotonic(self) -> float:
        """Seconds on a clock that never goes back (deadlines, elapsed)."""

    def time(self) -> float:
        """Wall-clock seconds since the epoch (continuation-token deadlines, HTTP dates)."""

    def sleep(self, seconds: float) -> None:
        """Block for ``seconds``."""

    def async_sleep(self, seconds: float) -> Awaitable[None]:
        """Suspend the current task for ``seconds`` (cancellable) when awaited."""


class SystemClock:
    """The real clock."""

    __slots__ = ()

    def monotonic(self) -> float:
        return time.monotonic()

    def time(self) -> float:
        return time.time()

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)

    def async_sleep(self, seconds: float) -> Awaitable[None]:
        """``asyncio.sleep`` itself, not a coroutine around it: every idle wait of a process is
        suspended here, and a frame of ours would be kept by each (README, performance)."""
        import asyncio  # only async users pay for it

        return asyncio.sleep(max(seconds, 0.0))


class FakeClock:
    """A clock for tests: sleeping advances it instantly and is recorded in ``sleeps``.

    ``async_sleep`` yields to the event loop once (so cancellation and other tasks work), never
    waits in real time, and moves the clock to *at least* the sleeper's wake-up time, so many
    concurrent sleepers advance it roughly in parallel rather than one after another.
    """

    __slots__ = ("_mono", "_wall", "sleeps")

    def __init__(self, *, start: float = 1_000.0, wall: float = 1_700_000_000.0) -> None:
        self._mono = start
        self._wall = wall
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self._mono

    def time(self) -> float:
        return self._wall

    def advance(self, seconds: float) -> None:
        """Move both clocks forward without recording a sleep."""
        if seconds < 0:
            raise ValueError("a clock cannot go back")
        self._mono += seconds
        self._wall += seconds

    def sleep(self, seconds: float) -> None:
        seconds = max(seconds, 0.0)
        self.sleeps.append(seconds)
        self.advance(seconds)

    async def async_sleep(self, seconds: float) -> None:
        import asyncio

        seconds = max(seconds, 0.0)
        self.sleeps.append(seconds)
        target = self._mono + seconds
        await asyncio.sleep(0)
        if target > self._mono:
            self.advance(target - self._mono)

    def __repr__(self) -> str:
        return f"FakeClock(monotonic={self._mono:.3f}, sleeps={len(self.sleeps)})"
