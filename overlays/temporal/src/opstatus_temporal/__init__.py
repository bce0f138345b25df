"""Durable waits at fleet scale: opstatus waits as Temporal workflows.

- :class:`WaitOperation` / :class:`StartAndWait`: the workflows (one operation each, by provider
  slug and reference; start-then-wait for providers with a start call).
- :class:`OpstatusActivities`: check/wait/start activities for every installed provider SDK,
  credentials from the worker's environment, heartbeating the continuation token.
- :func:`submit_wait`, :func:`submit_start`, :func:`read_state`: the client side.
- :func:`run_worker` / ``opstatus worker``: the worker.
"""

from temporalio import workflow as _workflow

# The workflow sandbox re-imports this package for every workflow run: what only activities,
# submitters and the worker use (core, httpx, the SDKs) is passed through, not re-imported.
with _workflow.unsafe.imports_passed_through():
    from .activities import OpstatusActivities, ProviderNotInstalled, load_plugins
    from .config import TemporalConfig, TemporalUnavailable, connect
    from .submit import DurableState, attach, read_state, result_or_error, submit_start, submit_wait
    from .types import DurableOutcome, PolicySpec, Timing, start_workflow_id, wait_workflow_id
    from .worker import build_worker, run_worker

from .workflows import StartAndWait, WaitOperation

__all__ = [
    "DurableOutcome",
    "DurableState",
    "OpstatusActivities",
    "PolicySpec",
    "ProviderNotInstalled",
    "StartAndWait",
    "TemporalConfig",
    "TemporalUnavailable",
    "Timing",
    "WaitOperation",
    "attach",
    "build_worker",
    "connect",
    "load_plugins",
    "read_state",
    "result_or_error",
    "run_worker",
    "start_workflow_id",
    "submit_start",
    "submit_wait",
    "wait_workflow_id",
]
