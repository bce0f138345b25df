"""Submitting and reading durable waits (the client side: the CLI, a scheduler, a script).

Workflow ids come from the provider and the operation's reference (or a start call's idempotency
key), so submitting the same wait twice attaches to the first instead of waiting twice, and a
submitter needs no provider credentials at all: only the workers have them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import attrs
from temporalio.client import Client, WorkflowExecutionStatus, WorkflowFailureError, WorkflowHandle
from temporalio.common import WorkflowIDConflictPolicy, WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError
from temporalio.service import RPCError, RPCStatusCode

from .activities import ProviderNotInstalled, provider_spec
from .types import (
    WORKFLOW_START_AND_WAIT,
    WORKFLOW_WAIT,
    DurableOutcome,
    PolicySpec,
    StartRequest,
    Timing,
    WaitRequest,
    start_workflow_id,
    wait_workflow_id,
)

#: how often ``result_or_error`` asks again after the server ended the long poll early
RESULT_RETRIES = 20
_RETRYABLE = frozenset(
    {RPCStatusCode.DEADLINE_EXCEEDED, RPCStatusCode.UNAVAILABLE, RPCStatusCode.RESOURCE_EXHAUSTED}
)

#: a workflow task (a few milliseconds of work) may wait this long for a busy worker before
#: Temporal hands it to another: the default 10 s timed tasks out on an overloaded machine
TASK_TIMEOUT = timedelta(seconds=30)

__all__ = [
    "DurableState",
    "attach",
    "read_state",
    "result_or_error",
    "submit_start",
    "submit_wait",
]


def _default_policy(provider: str) -> PolicySpec:
    """The provider's default policy when its SDK is installed here; else core's defaults (a
    submitter needs no SDK: the workers have them, and say so if they do not)."""
    try:
        return provider_spec(provider)
    except ProviderNotInstalled:
        return PolicySpec()


async def submit_wait(
    client: Client,
    provider: str,
    reference: Mapping[str, str],
    *,
    task_queue: str,
    policy: PolicySpec | None = None,
    timing: Timing | None = None,
) -> WorkflowHandle[Any, DurableOutcome]:
    """Start the wait workflow for one operation, or attach to the one already running.

    A wait that already finished is started again (one status request answers it at once).
    Without ``policy``: the provider's own default (``provider_spec``) when its SDK is
    installed where this runs, else core's defaults (``PolicySpec()``).
    """
    request = WaitRequest(
        provider=provider,
        reference=dict(reference),
        policy=policy or _default_policy(provider),
        timing=timing or Timing(),
    )
    return await client.start_workflow(
        WORKFLOW_WAIT,
        request,
        id=wait_workflow_id(provider, reference),
        task_queue=task_queue,
        result_type=DurableOutcome,
        id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
        id_reuse_policy=WorkflowIDReusePolicy.ALLOW_DUPLICATE,
        task_timeout=TASK_TIMEOUT,
    )


async def submit_start(
    client: Client,
    provider: str,
    call: str,
    arguments: Mapping[str, Any],
    *,
    task_queue: str,
    key: str | None = None,
    policy: PolicySpec | None = None,
    timing: Timing | None = None,
) -> WorkflowHandle[Any, DurableOutcome]:
    """Start an operation and wait on it, at most once per ``key`` (default: a digest of the
    arguments): a second submission attaches to the first workflow, running or finished.
    Without ``policy``: the provider's own default (``provider_spec``) when its SDK is
    installed where this runs, else core's defaults (``PolicySpec()``)."""
    workflow_id = start_workflow_id(provider, call, key if key is not None else dict(arguments))
    request = StartRequest(
        provider=provider,
        call=call,
        arguments=dict(arguments),
        policy=policy or _default_policy(provider),
        timing=timing or Timing(),
    )
    try:
        return await client.start_workflow(
            WORKFLOW_START_AND_WAIT,
            request,
            id=workflow_id,
            task_queue=task_queue,
            result_type=DurableOutcome,
            id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
            id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
            task_timeout=TASK_TIMEOUT,
        )
    except WorkflowAlreadyStartedError:  # finished already: its result is the answer
        return client.get_workflow_handle(workflow_id, result_type=DurableOutcome)


def attach(client: Client, workflow_id: str) -> WorkflowHandle[Any, DurableOutcome]:
    """A handle on an existing durable wait, by its workflow id."""
    return client.get_workflow_handle(workflow_id, result_type=DurableOutcome)


@attrs.frozen
class DurableState:
    """Where a durable wait stands, read from the server (no worker needed).

    ``state``: ``running``, ``completed`` (see ``outcome``), ``not_found``, or Temporal's close
    status (``failed``, ``terminated``, ``canceled``, ``timed_out``). While running, ``status``,
    ``progress`` and ``attempts`` are the wait activity's last heartbeat, ``resumed`` how many
    times it was retried (a lost worker, a provider outage).
    """

    workflow_id: str
    state: str
    outcome: DurableOutcome | None = None
    status: str | None = None
    classification: str | None = None
    progress: float | None = None
    attempts: int = 0
    resumed: int = 0
    worker: str | None = None  # the identity of the worker running the wait (``pid@host``)


async def read_state(client: Client, workflow_id: str) -> DurableState:
    """The state of the durable wait ``workflow_id``."""
    handle = attach(client, workflow_id)
    try:
        description = await handle.describe()
    except RPCError as exc:
        if exc.status == RPCStatusCode.NOT_FOUND:
            return DurableState(workflow_id, "not_found")
        raise
    status = description.status
    if status == WorkflowExecutionStatus.COMPLETED:
        return DurableState(workflow_id, "completed", outcome=await handle.result())
    if status == WorkflowExecutionStatus.CONTINUED_AS_NEW:  # a newer run exists: read it
        return await read_state(client, workflow_id)
    if status != WorkflowExecutionStatus.RUNNING:
        name = status.name.lower() if status is not None else "unknown"
        return DurableState(workflow_id, name)
    beat: dict[str, Any] = {}
    retries = 0
    worker: str | None = None
    for pending in description.raw_description.pending_activities:
        retries = max(retries, pending.attempt - 1)
        worker = pending.last_worker_identity or worker
        if pending.heartbeat_details.payloads:
            decoded = await client.data_converter.decode(pending.heartbeat_details.payloads)
            if decoded and isinstance(decoded[0], Mapping):
                beat = dict(decoded[0])
    return DurableState(
        workflow_id,
        "running",
        status=beat.get("status"),
        classification=beat.get("classification"),
        progress=beat.get("progress"),
        attempts=int(beat.get("attempts") or 0),
        resumed=retries,
        worker=worker,
    )


async def result_or_error(handle: WorkflowHandle[Any, DurableOutcome]) -> DurableOutcome:
    """The workflow's outcome; a workflow that failed or was terminated becomes an ``error``
    outcome naming why (never an exception for one wait among many)."""
    for attempt in range(RESULT_RETRIES):
        try:
            return await handle.result()
        except RPCError as exc:  # a busy server ends a long poll early: ask again
            if exc.status not in _RETRYABLE or attempt == RESULT_RETRIES - 1:
                raise
            await asyncio.sleep(min(2**attempt, 10))
        except WorkflowFailureError as exc:
            return _failed(handle, exc)
    raise AssertionError("unreachable")


def _failed(
    handle: WorkflowHandle[Any, DurableOutcome], exc: WorkflowFailureError
) -> DurableOutcome:
    cause = exc.cause
    return DurableOutcome(
        provider="?",
        operation_id=handle.id,
        reference={},
        outcome="error",
        error_type=type(cause).__name__,
        message=f"durable wait {handle.id} ended without an outcome: {cause}",
        workflow_id=handle.id,
    )
