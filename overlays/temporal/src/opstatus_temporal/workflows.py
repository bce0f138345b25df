"""The workflows: wait on one operation, or start one and wait on it.

Deterministic and import-light (the sandbox loads only this module and :mod:`.types`): every
call to a provider is an activity, named by string. A wait runs as a chain of wait activities of
at most ``timing.segment`` seconds each, each resuming from the previous one's continuation
token, so a lost worker costs at most one heartbeat timeout; when the history grows past
``timing.max_history`` events (or the server suggests it) the workflow continues as new with
the token, so a wait of days keeps a short history.
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError, TimeoutError

from .types import (
    ACTIVITY_START,
    ACTIVITY_WAIT,
    WORKFLOW_START_AND_WAIT,
    WORKFLOW_WAIT,
    DurableOutcome,
    PolicySpec,
    StartInput,
    StartRequest,
    Timing,
    WaitInput,
    WaitRequest,
    WaitStep,
)

__all__ = ["StartAndWait", "WaitOperation"]

#: a wait activity that fails (a provider outage past the transient budget, a lost worker) is
#: retried with backoff until the wait's own deadline ends it with ``timed_out``
WAIT_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(seconds=30),
    non_retryable_error_types=["InvalidContinuationToken"],
)
#: a start call is sent at most once: a start that may have reached the provider is never
#: repeated (the SDK itself retries only what the provider cannot have acted on)
START_RETRY = RetryPolicy(maximum_attempts=1)


def _slack(policy: PolicySpec) -> float:
    """Seconds a request in flight may overrun a segment or deadline."""
    return policy.request_timeout + 30.0


class _Waiting:
    """The wait loop shared by both workflows, with what ``progress`` reports."""

    def __init__(self) -> None:
        self.status: str | None = None
        self.progress: float | None = None
        self.resumed = 0

    async def wait(
        self,
        provider: str,
        reference: dict[str, str],
        policy: PolicySpec,
        timing: Timing,
        *,
        token: str | None,
        deadline: float,
        started: float,
        resumed: int,
    ) -> DurableOutcome:
        self.resumed = resumed
        while True:
            remaining = deadline - workflow.now().timestamp()
            segment = max(min(timing.segment, remaining), 0.0) + 1.0
            step: WaitStep = await workflow.execute_activity(
                ACTIVITY_WAIT,
                WaitInput(
                    provider=provider,
                    reference=reference,
                    deadline=deadline,
                    policy=policy,
                    segment=segment,
                    heartbeat=timing.heartbeat,
                    token=token,
                ),
                result_type=WaitStep,
                start_to_close_timeout=timedelta(seconds=segment + _slack(policy)),
                heartbeat_timeout=timedelta(seconds=timing.heartbeat),
                retry_policy=WAIT_RETRY,
            )
            token = step.token
            self.status, self.progress = step.status, step.progress
            self.resumed += step.resumed
            if step.outcome is not None:
                return dataclasses.replace(
                    step.outcome,
                    elapsed=round(workflow.now().timestamp() - started, 3),
                    resumed=self.resumed,
                    workflow_id=workflow.info().workflow_id,
                )
            info = workflow.info()
            if (
                info.is_continue_as_new_suggested()
                or info.get_current_history_length() >= timing.max_history
            ):
                workflow.continue_as_new(
                    WaitRequest(
                        provider=provider,
                        reference=reference,
                        policy=policy,
                        timing=timing,
                        token=token,
                        deadline=deadline,
                        started=started,
                    ),
                    workflow=WaitOperation.run,
                )


@workflow.defn(name=WORKFLOW_WAIT)
class WaitOperation:
    """Wait on one operation of one provider (by slug and reference) until it ends or the
    policy's deadline passes; return the typed :class:`DurableOutcome`."""

    def __init__(self) -> None:
        self._waiting = _Waiting()

    @workflow.run
    async def run(self, request: WaitRequest) -> DurableOutcome:
        now = workflow.now().timestamp()
        deadline = (
            request.deadline if request.deadline is not None else now + request.policy.timeout
        )
        started = request.started if request.started is not None else now
        return await self._waiting.wait(
            request.provider,
            dict(request.reference),
            request.policy,
            request.timing,
            token=request.token,
            deadline=deadline,
            started=started,
            resumed=0,
        )

    @workflow.query(name="progress")
    def progress(self) -> dict[str, object]:
        """The last status and progress a finished segment reported."""
        w = self._waiting
        return {"status": w.status, "progress": w.progress, "resumed": w.resumed}


@workflow.defn(name=WORKFLOW_START_AND_WAIT)
class StartAndWait:
    """Start an operation with one of the provider's start calls (sent at most once), then wait
    on it like :class:`WaitOperation`."""

    def __init__(self) -> None:
        self._waiting = _Waiting()
        self._reference: dict[str, str] | None = None

    @workflow.run
    async def run(self, request: StartRequest) -> DurableOutcome:
        started = workflow.now().timestamp()
        deadline = started + request.policy.timeout
        try:
            reference: dict[str, str] = await workflow.execute_activity(
                ACTIVITY_START,
                StartInput(
                    provider=request.provider,
                    call=request.call,
                    arguments=dict(request.arguments),
                    policy=request.policy,
                ),
                result_type=dict[str, str],
                start_to_close_timeout=timedelta(
                    seconds=request.policy.request_timeout * 3 + _slack(request.policy)
                ),
                retry_policy=START_RETRY,
            )
        except ActivityError as exc:
            return _start_failed(request, exc)
        self._reference = reference
        return await self._waiting.wait(
            request.provider,
            reference,
            request.policy,
            request.timing,
            token=None,
            deadline=deadline,
            started=started,
            resumed=0,
        )

    @workflow.query(name="progress")
    def progress(self) -> dict[str, object]:
        w = self._waiting
        return {
            "reference": self._reference,
            "status": w.status,
            "progress": w.progress,
            "resumed": w.resumed,
        }


def _start_failed(request: StartRequest, exc: ActivityError) -> DurableOutcome:
    cause = exc.cause
    if isinstance(cause, ApplicationError):
        error_type, message = cause.type or "ApplicationError", cause.message
    elif isinstance(cause, TimeoutError):
        error_type = "StartOutcomeUnknown"
        message = (
            f"{request.provider}: {request.call}: the worker running the start call was lost; "
            "the operation may or may not have been started. List the provider's operations "
            "before submitting again."
        )
    else:
        error_type, message = type(cause).__name__, str(cause)
    return DurableOutcome(
        provider=request.provider,
        operation_id="(not started)",
        reference={},
        outcome="error",
        error_type=error_type,
        message=message,
        workflow_id=workflow.info().workflow_id,
    )
