"""What an idle async wait keeps: every frame it is suspended in is paid by each of the many
thousands of concurrent waits a process may hold (issue 17: memory per idle wait)."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from opstatus_core import FakeClock

from ._support import FakeAsyncClient, Script, policy, status_body


class HeldClock(FakeClock):
    """A clock whose async sleep lasts until the test looks at the sleeping wait."""

    __slots__ = ("asleep", "wake")

    def __init__(self) -> None:
        super().__init__()
        self.asleep = asyncio.Event()
        self.wake = asyncio.Event()

    async def async_sleep(self, seconds: float) -> None:
        self.asleep.set()
        await self.wake.wait()
        await super().async_sleep(seconds)


def _chain(task: asyncio.Task[Any]) -> list[Any]:
    """The coroutines a task is suspended in, outermost first."""
    chain: list[Any] = []
    awaited: Any = task.get_coro()
    while awaited is not None and hasattr(awaited, "cr_frame"):
        chain.append(awaited)
        awaited = awaited.cr_await
    return chain


def _core_frames(task: asyncio.Task[Any]) -> list[str]:
    """The opstatus_core coroutines a task is suspended in, outermost first."""
    return [
        c.cr_code.co_qualname
        for c in _chain(task)
        if c.cr_frame.f_globals["__name__"].startswith("opstatus_core.")
    ]


async def test_an_idle_wait_is_suspended_in_the_wait_and_one_driver_frame() -> None:
    script = Script((200, status_body("Running")), (200, status_body("Succeeded")))
    clock = HeldClock()
    async with FakeAsyncClient(
        transport=script.asynchronous(), clock=clock, policy=policy(initial_delay=0.0)
    ) as client:
        task = asyncio.ensure_future(client.wait("op-1"))
        await clock.asleep.wait()
        assert len(script.requests) == 1  # polled once, now sleeping
        assert _core_frames(task) == ["AsyncStatusClient.wait", "arun"]
        clock.wake.set()
        assert (await task).status == "Succeeded"


async def test_the_real_clock_adds_no_frame_to_an_idle_wait() -> None:
    """``SystemClock.async_sleep`` hands back ``asyncio.sleep`` itself (no coroutine of ours)."""
    script = Script((200, status_body("Running")), (200, status_body("Succeeded")))
    quiet = policy(initial_delay=0.0, interval=600.0, max_interval=600.0)
    async with FakeAsyncClient(transport=script.asynchronous(), policy=quiet) as client:
        task = asyncio.ensure_future(client.wait("op-1"))
        for _ in range(100):  # until it polled once and sleeps (asyncio.sleep's coroutine)
            await asyncio.sleep(0)
            if script.requests and _chain(task)[-1].cr_code.co_qualname == "sleep":
                break
        assert len(script.requests) == 1
        assert _core_frames(task) == ["AsyncStatusClient.wait", "arun"]
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
