"""What travels through Temporal: workflow and activity inputs, heartbeats and outcomes.

Plain dataclasses of JSON types only, so Temporal's default JSON converter stores them, the
workflow sandbox imports this module without importing core or any SDK, and other languages can
read a history. Nothing here is ever a credential: a worker reads those from its environment.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "ACTIVITY_CHECK",
    "ACTIVITY_START",
    "ACTIVITY_WAIT",
    "OUTCOMES",
    "WORKFLOW_START_AND_WAIT",
    "WORKFLOW_WAIT",
    "DurableOutcome",
    "Heartbeat",
    "PolicySpec",
    "StartInput",
    "StartRequest",
    "Timing",
    "WaitInput",
    "WaitRequest",
    "WaitStep",
    "start_workflow_id",
    "wait_workflow_id",
]

#: registered names: stable across releases, so a history stays replayable
WORKFLOW_WAIT = "opstatus.WaitOperation"
WORKFLOW_START_AND_WAIT = "opstatus.StartAndWait"
ACTIVITY_WAIT = "opstatus.wait"
ACTIVITY_CHECK = "opstatus.check"
ACTIVITY_START = "opstatus.start"

#: the values of ``DurableOutcome.outcome`` (the same words as the CLI's JSON lines)
OUTCOMES = ("succeeded", "failed", "canceled", "timed_out", "pending", "error")


@dataclass(frozen=True)
class PolicySpec:
    """core's ``PollPolicy`` as JSON (no RNG): how one durable wait polls.

    ``timeout`` is the wait's overall deadline in seconds from submission; the others are
    ``PollPolicy``'s fields of the same names, and ``request_timeout`` the worker client's
    total limit per request. The defaults are core's (``PollPolicy()``, core's request timeout)
    written as literals because this module is imported inside Temporal's workflow sandbox,
    which keeps opstatus-core out; ``tests/temporal`` checks they stay equal. A wait submitted
    without one gets the provider's derived default where its SDK is installed.
    """

    timeout: float = 900.0
    initial_delay: float = 0.0
    interval: float = 1.0
    max_interval: float = 30.0
    multiplier: float = 1.0
    proportion: float = 0.1
    jitter: float = 0.2
    transient_budget: int = 5
    request_timeout: float = 30.0


@dataclass(frozen=True)
class Timing:
    """How the workflow drives its activities (tunable for tests and demos).

    - ``segment``: the longest one wait activity runs before it hands its continuation token
      back to the workflow (bounds how much a lost activity costs and keeps histories short),
      plus the request in flight at its end, if any (let finish, never cut).
    - ``heartbeat``: the heartbeat timeout: how soon a killed worker's wait is retried elsewhere.
    - ``max_history``: events after which the workflow continues as new with the token.
    """

    segment: float = 600.0
    heartbeat: float = 30.0
    max_history: int = 2000


@dataclass(frozen=True)
class WaitRequest:
    """Input of the wait workflow: one operation of one provider, by slug and reference.

    ``token``, ``deadline`` and ``started`` are set by the workflow itself when it continues as
    new (callers leave them empty).
    """

    provider: str
    reference: dict[str, str]
    policy: PolicySpec = field(default_factory=PolicySpec)
    timing: Timing = field(default_factory=Timing)
    token: str | None = None
    deadline: float | None = None
    started: float | None = None


@dataclass(frozen=True)
class StartRequest:
    """Input of the start-then-wait workflow: a provider's start call and its arguments.

    ``call`` is one of the provider's start calls (``Plugin.start_calls``);
    ``arguments`` its keyword arguments (JSON, never a credential: they are in the history).
    """

    provider: str
    call: str
    arguments: dict[str, Any] = field(default_factory=dict)
    policy: PolicySpec = field(default_factory=PolicySpec)
    timing: Timing = field(default_factory=Timing)


@dataclass(frozen=True)
class WaitInput:
    """Input of the wait and check activities: wait on ``reference`` until the wall-clock
    ``deadline`` (or go on from ``token``, a previous segment's continuation token) for at most
    ``segment`` seconds, heartbeating at least every ``heartbeat / 3`` seconds."""

    provider: str
    reference: dict[str, str]
    deadline: float
    policy: PolicySpec
    segment: float
    heartbeat: float
    token: str | None = None


@dataclass(frozen=True)
class StartInput:
    """Input of the start activity."""

    provider: str
    call: str
    arguments: dict[str, Any]
    policy: PolicySpec


@dataclass(frozen=True)
class Heartbeat:
    """What a wait activity heartbeats: enough for a retry on another worker to resume."""

    token: str
    status: str | None = None
    classification: str | None = None
    progress: float | None = None
    attempts: int = 0


@dataclass(frozen=True)
class DurableOutcome:
    """Where a durable wait ended (or, for a check, stands). JSON-serialisable, typed.

    ``outcome`` is one of :data:`OUTCOMES`; ``error_type`` names the opstatus error class
    (``WaitTimeout``, ``OperationFailed``, ...) when there was one; ``message`` is its one-line,
    credential-free message; ``detail`` the provider's own error detail. ``resumed`` counts the
    activity attempts that resumed from a heartbeat (a lost worker, or a provider outage longer
    than the policy's transient budget).
    """

    provider: str
    operation_id: str
    reference: dict[str, str]
    outcome: str
    status: str | None = None
    progress: float | None = None
    attempts: int = 0
    elapsed: float | None = None
    error_type: str | None = None
    message: str | None = None
    detail: str | None = None
    continuation_token: str | None = None
    resumed: int = 0
    workflow_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class WaitStep:
    """What one wait activity returns: the outcome when the wait ended, else the token to go on
    from (the segment elapsed)."""

    token: str
    outcome: DurableOutcome | None = None
    status: str | None = None
    progress: float | None = None
    resumed: int = 0


def _reference_key(reference: Mapping[str, str]) -> str:
    return ",".join(f"{k}={reference[k]}" for k in sorted(reference))


def wait_workflow_id(provider: str, reference: Mapping[str, str]) -> str:
    """The id of the workflow waiting on ``reference``: the same operation, the same workflow,
    so submitting a wait twice attaches to the first."""
    return f"opstatus-wait/{provider}/{_reference_key(reference)}"


def start_workflow_id(provider: str, call: str, key: str | Mapping[str, Any]) -> str:
    """The id of a start-then-wait workflow: a caller's idempotency ``key``, or a digest of the
    call's arguments, so the same submission never starts the operation twice."""
    if not isinstance(key, str):
        canonical = json.dumps(key, sort_keys=True, separators=(",", ":"), default=str)
        key = hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32]
    return f"opstatus-start/{provider}/{call}/{key}"
