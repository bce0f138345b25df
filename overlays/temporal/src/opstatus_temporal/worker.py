"""The worker: runs the opstatus workflows and activities for every installed provider SDK.

``opstatus worker`` (or ``opstatus-temporal-worker``) connects to Temporal, polls the task queue
and runs waits until SIGINT/SIGTERM, then finishes gracefully: an interrupted wait is retried on
another worker from its last heartbeat. Provider credentials come from this process's
environment (each SDK's ``OPSTATUS_*`` variables), never from a workflow.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import timedelta
from typing import NoReturn

from opstatus_core.plugin import Plugin
from opstatus_core.sdk import OpstatusError
from temporalio.client import Client
from temporalio.worker import Worker

from .activities import OpstatusActivities, load_plugins
from .config import TemporalConfig, connect
from .workflows import StartAndWait, WaitOperation

__all__ = [
    "DEFAULT_MAX_ACTIVITIES",
    "build_worker",
    "console_main",
    "exit_now",
    "main",
    "run_worker",
]

#: concurrent waits per worker: each is an asyncio task mostly asleep between polls
DEFAULT_MAX_ACTIVITIES = 2000

log = logging.getLogger("opstatus_temporal")


def build_worker(
    client: Client,
    activities: OpstatusActivities,
    *,
    task_queue: str,
    max_concurrent_activities: int = DEFAULT_MAX_ACTIVITIES,
) -> Worker:
    """A Temporal worker with both workflows and the three activities."""
    return Worker(
        client,
        task_queue=task_queue,
        workflows=[WaitOperation, StartAndWait],
        activities=[activities.check, activities.wait, activities.start],
        max_concurrent_activities=max_concurrent_activities,
        graceful_shutdown_timeout=timedelta(seconds=5),
    )


async def run_worker(
    config: TemporalConfig,
    *,
    plugins: Mapping[str, Plugin] | None = None,
    max_concurrent_activities: int = DEFAULT_MAX_ACTIVITIES,
    ready: Callable[[Sequence[str]], None] | None = None,
) -> None:
    """Connect and run until SIGINT/SIGTERM (raises ``TemporalUnavailable`` if unreachable)."""
    client = await connect(config)
    activities = OpstatusActivities(plugins if plugins is not None else load_plugins())
    worker = build_worker(
        client,
        activities,
        task_queue=config.task_queue,
        max_concurrent_activities=max_concurrent_activities,
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    try:
        async with worker:
            if ready is not None:
                ready(sorted(activities.plugins))
            await stop.wait()
    finally:
        await activities.aclose()


def exit_now(code: int) -> NoReturn:
    """End the process without interpreter finalization, after flushing stdio.

    temporalio's Rust runtime keeps threads that can abort CPython's finalization ("Fatal Python
    error: PyGILState_Release", temporalio/sdk-python#300); a worker that has shut down cleanly
    has nothing left to finalize, so it leaves with its exit code instead of SIGABRT.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="opstatus-temporal-worker",
        description="Run an opstatus worker: durable waits for every installed provider SDK.",
    )
    parser.add_argument("--address", help="Temporal frontend host:port (OPSTATUS_TEMPORAL_ADDRESS)")
    parser.add_argument("--namespace", help="Temporal namespace (OPSTATUS_TEMPORAL_NAMESPACE)")
    parser.add_argument("--task-queue", help="task queue (OPSTATUS_TEMPORAL_TASK_QUEUE)")
    parser.add_argument("--tls", action="store_true", default=None, help="use TLS")
    parser.add_argument("--max-concurrent-waits", type=int, default=DEFAULT_MAX_ACTIVITIES)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        config = TemporalConfig.from_env(
            address=args.address, namespace=args.namespace, task_queue=args.task_queue, tls=args.tls
        )

        def ready(providers: Sequence[str]) -> None:
            sys.stderr.write(
                f"opstatus worker: {config.address} namespace {config.namespace!r} task queue "
                f"{config.task_queue!r}; providers: {', '.join(providers) or 'none'}\n"
            )
            sys.stderr.flush()

        asyncio.run(
            run_worker(config, max_concurrent_activities=args.max_concurrent_waits, ready=ready)
        )
    except OpstatusError as exc:
        sys.stderr.write(f"opstatus worker: {exc}\n")
        return 5
    except KeyboardInterrupt:
        return 130
    return 0


def console_main() -> NoReturn:
    """The ``opstatus-temporal-worker`` script."""
    exit_now(main())


if __name__ == "__main__":  # pragma: no cover
    console_main()
