"""Checking and waiting on operations of one provider: results and exit codes.

No output here: :mod:`opstatus_cli.main` renders the :class:`Result` list.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs
from opstatus_core import Classification, OperationReference, PollPolicy, Reference
from opstatus_core.limits import shorten
from opstatus_core.plugin import Plugin
from opstatus_core.sdk import (
    AuthenticationError,
    InvalidOperationReference,
    OperationCanceled,
    OperationFailed,
    Outcome,
    Snapshot,
    WaitError,
    WaitTimeout,
)

__all__ = [
    "EXIT_CANCELED",
    "EXIT_CONFIG",
    "EXIT_FAILED",
    "EXIT_OK",
    "EXIT_TIMEOUT",
    "EXIT_USAGE",
    "Result",
    "UsageError",
    "check_references",
    "combine",
    "parse_references",
    "status_many",
    "wait_many",
]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_CANCELED = 3
EXIT_TIMEOUT = 4
EXIT_CONFIG = 5

#: which code wins when operations end differently: the first of these that occurs
PRECEDENCE = (EXIT_CONFIG, EXIT_USAGE, EXIT_FAILED, EXIT_TIMEOUT, EXIT_CANCELED, EXIT_OK)

EXIT_CODES_HELP = """\
Exit codes:
  0  all succeeded (status: all read, none failed or canceled)
  1  an operation failed or could not be read (e.g. not found)
  2  bad usage: unknown option, malformed or incomplete reference
  3  an operation was canceled
  4  the wait reached --timeout before an operation finished
  5  credentials or configuration (missing/refused, no base URL)
Several outcomes: the first of 5, 2, 1, 4, 3 that applies wins.
"""


class UsageError(Exception):
    """Bad input found before any request (exit code 2)."""


@attrs.frozen
class Result:
    """Where one operation ended (``wait``) or stands (``status``)."""

    provider: str
    operation_id: str
    reference: Mapping[str, str]
    outcome: str  # succeeded | failed | canceled | pending | timed_out | error
    status: str | None
    progress: float | None
    attempts: int
    elapsed: float | None
    exit_code: int
    message: str | None = None  # the one-line error (what, which operation, what to do)
    error_type: str | None = None
    detail: str | None = None  # the provider's own error detail
    continuation_token: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "provider": self.provider,
            "operation_id": self.operation_id,
            "reference": dict(self.reference),
            "outcome": self.outcome,
            "status": self.status,
            "progress": self.progress,
            "attempts": self.attempts,
            "elapsed": None if self.elapsed is None else round(self.elapsed, 3),
            "exit_code": self.exit_code,
            "error": self.message,
            "error_type": self.error_type,
            "detail": self.detail,
            "continuation_token": self.continuation_token,
        }


def combine(codes: Sequence[int]) -> int:
    """The exit code of several operations (see ``PRECEDENCE``)."""
    for code in PRECEDENCE:
        if code in codes:
            return code
    return EXIT_OK


_CLASS_OUTCOME = {
    Classification.SUCCEEDED: ("succeeded", EXIT_OK),
    Classification.PENDING: ("pending", EXIT_OK),
    Classification.FAILED: ("failed", EXIT_FAILED),
    Classification.CANCELED: ("canceled", EXIT_CANCELED),
}


def _from_snapshot(provider: str, reference: Mapping[str, str], snap: Snapshot[Any]) -> Result:
    outcome, code = _CLASS_OUTCOME[snap.classification]
    return Result(
        provider=provider,
        operation_id=snap.operation_id,
        reference=reference,
        outcome=outcome,
        status=snap.status,
        progress=snap.progress,
        attempts=snap.attempt,
        elapsed=snap.elapsed,
        exit_code=code,
        detail=snap.error,
    )


def _from_outcome(provider: str, outcome: Outcome[Any]) -> Result:
    return _from_snapshot(provider, outcome.reference, outcome.snapshot)


def _error_class(exc: WaitError) -> tuple[str, int]:
    if isinstance(exc, OperationFailed):
        return "failed", EXIT_FAILED
    if isinstance(exc, OperationCanceled):
        return "canceled", EXIT_CANCELED
    if isinstance(exc, WaitTimeout):
        return "timed_out", EXIT_TIMEOUT
    if isinstance(exc, AuthenticationError):
        return "error", EXIT_CONFIG
    return "error", EXIT_FAILED


def _from_error(provider: str, reference: Mapping[str, str], exc: WaitError) -> Result:
    outcome, code = _error_class(exc)
    snap = exc.snapshot if isinstance(exc.snapshot, Snapshot) else None
    return Result(
        provider=provider,
        operation_id=exc.operation_id,
        reference=reference,
        outcome=outcome,
        status=exc.last_status,
        progress=snap.progress if snap is not None else None,
        attempts=exc.attempts,
        elapsed=snap.elapsed if snap is not None else None,
        exit_code=code,
        message=str(exc),
        error_type=type(exc).__name__,
        detail=exc.detail,
        continuation_token=exc.continuation_token,
    )


def _unexpected(
    provider: str, reference: Mapping[str, str], operation_id: str, exc: Exception
) -> Result:
    what = shorten(" ".join(str(exc).split()))
    return Result(
        provider=provider,
        operation_id=operation_id,
        reference=reference,
        outcome="error",
        status=None,
        progress=None,
        attempts=0,
        elapsed=None,
        exit_code=EXIT_FAILED,
        message=f"{provider}: operation {shorten(operation_id)} could not be read (unexpected "
        f"{type(exc).__name__}: {what}). Run with --debug for details.",
        error_type=type(exc).__name__,
    )


def check_references(
    plugin: Plugin, client: Any, refs: Sequence[Reference]
) -> list[OperationReference]:
    """Parse every reference into the SDK's typed reference (the client's own defaults apply)
    before any request.

    Raises :class:`UsageError` naming every bad one, with what to pass.
    """
    return _parsed(plugin, refs, client.reference)


def _parsed(
    plugin: Plugin, refs: Sequence[Reference], parse: Callable[[Reference], OperationReference]
) -> list[OperationReference]:
    provider = plugin.provider
    others = [k for k in provider.reference_keys if k != provider.id_key]
    good: list[OperationReference] = []
    bad: list[str] = []
    for ref in refs:
        try:
            good.append(parse(ref))
        except InvalidOperationReference as exc:
            bad.append(str(exc).rstrip("."))
    if bad:
        hint = (
            f" Pass {' '.join(f'--param {k}=VALUE' for k in others)} (or set the SDK's default)."
            if others
            else " Check the operation ids."
        )
        raise UsageError("; ".join(bad) + "." + hint)
    return good


def parse_references(plugin: Plugin, refs: Sequence[Reference]) -> list[OperationReference]:
    """:func:`check_references` without a client (no client defaults): for a submitter that has
    no SDK configuration, whose workers do."""
    return _parsed(plugin, refs, plugin.provider.reference.parse)


async def status_many(
    plugin: Plugin, client: Any, refs: Sequence[OperationReference]
) -> list[Result]:
    """One status request per operation, concurrently."""
    name = plugin.name

    async def one(ref: OperationReference) -> Result:
        mapping = ref.to_dict()
        try:
            snap = await client.status(ref)
        except WaitError as exc:
            return _from_error(name, mapping, exc)
        except Exception as exc:  # nothing mapped it: this operation's line, not the others'
            return _unexpected(name, mapping, ref.id, exc)
        return _from_snapshot(name, mapping, snap)

    tasks: list[asyncio.Task[Result]] = []
    async with asyncio.TaskGroup() as group:
        tasks.extend(group.create_task(one(ref)) for ref in refs)
    return [t.result() for t in tasks]


async def wait_many(
    plugin: Plugin,
    client: Any,
    refs: Sequence[OperationReference],
    *,
    policy: PollPolicy,
    on_progress: Callable[[Snapshot[Any]], None] | None = None,
) -> list[Result]:
    """Wait for every operation concurrently on one client (core's ``wait_many``)."""
    name = plugin.name
    outcomes = await client.wait_many(list(refs), policy=policy, on_progress=on_progress)
    results: list[Result] = []
    for ref, item in zip(refs, outcomes, strict=True):
        if isinstance(item, WaitError):
            results.append(_from_error(name, ref.to_dict(), item))
        else:
            results.append(_from_outcome(name, item))
    return results
