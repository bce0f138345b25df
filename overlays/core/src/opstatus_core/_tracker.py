"""One operation's side of a wait: what a status read gives (:class:`Snapshot`, :class:`Outcome`,
:class:`StatusEvent`), provider hooks, and the :class:`Tracker` that keeps an operation's
attempts, last snapshot and end."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

import attrs

from ._interpret import Interpretation, StatusResponse
from ._policy import Schedule
from ._reference import OperationReference
from ._rule import Classification, PollingRule
from .errors import (
    ApiError,
    MalformedResponse,
    OperationCanceled,
    OperationFailed,
    WaitError,
    WaitTimeout,
)
from .token import ContinuationState, encode_token

__all__ = ["NO_HOOKS", "Hooks", "Outcome", "Snapshot", "StatusEvent", "Tracker"]

T = TypeVar("T")


# -- snapshots and outcomes ---------------------------------------------------------------------


@attrs.frozen(slots=True)
class Snapshot(Generic[T]):
    """One status read: what a progress iterator yields and a callback receives."""

    operation_id: str
    status: str
    classification: Classification
    progress: float | None
    attempt: int
    elapsed: float
    model: T
    error: str | None = None
    etag: str | None = None

    @property
    def terminal(self) -> bool:
        return self.classification.terminal


@attrs.frozen(slots=True)
class Outcome(Generic[T]):
    """The result of a successful wait."""

    snapshot: Snapshot[T]
    reference: Mapping[str, str]

    @property
    def operation_id(self) -> str:
        return self.snapshot.operation_id

    @property
    def status(self) -> str:
        return self.snapshot.status

    @property
    def model(self) -> T:
        return self.snapshot.model

    @property
    def attempts(self) -> int:
        return self.snapshot.attempt

    @property
    def elapsed(self) -> float:
        return self.snapshot.elapsed


@attrs.frozen(slots=True)
class StatusEvent:
    """What :attr:`Hooks.on_status` receives for each 2xx status document read.

    ``snapshot`` is ``None`` when the document's ok-flag is false (the call failed: the wait
    ends with :class:`~opstatus_core.ApiError`); ``model`` is the parsed model either way.
    ``now`` is the wall time of the poll from the client's :class:`~opstatus_core.Clock` (a
    ``FakeClock`` in tests), ``response`` the generated ``Response``, if any.
    """

    operation_id: str
    model: Any
    document: Mapping[str, Any]
    snapshot: Snapshot[Any] | None
    now: float
    response: StatusResponse | None = None

    @property
    def ok(self) -> bool:
        return self.snapshot is not None


@attrs.frozen(slots=True)
class Hooks:
    """Provider-specific behaviour, without provider names in core.

    - ``on_status(event)``: called for each 2xx status document, including one whose ok-flag
      is false (``event.snapshot`` is then ``None``), with the poll's wall time from the
      client's clock (e.g. turn a ``VersionEOL`` field into a ``DeprecationWarning``).
    - ``hints``: the "what to do" sentence per error class (e.g. ``{OperationFailed: "Check the
      job's inputs."}``); the class default otherwise.
    """

    hints: Mapping[type[WaitError], str] = attrs.field(factory=dict)
    on_status: Callable[[StatusEvent], None] | None = None


NO_HOOKS = Hooks()


@attrs.define(slots=True)
class Tracker(Generic[T]):
    """What is known about one operation (or one-shot call): attempts, the last snapshot, the
    end (an outcome, a call's response, or the typed error).

    ``rule`` (and ``reference``, ``schedule``) is ``None`` for a one-shot call (its
    ``operation_id`` then names the call, and its errors carry no continuation token).
    ``entry_model`` (with an ``entries`` rule) turns the operation's entry into the SDK's model.
    """

    provider: str
    operation_id: str
    rule: PollingRule | None
    reference: OperationReference | None = None
    schedule: Schedule | None = None  # the wait's, shared: its deadline and start go in tokens
    hooks: Hooks = NO_HOOKS
    entry_model: Callable[[Mapping[str, Any]], Any] | None = None
    attempts: int = 0
    last: Snapshot[T] | None = None
    last_status: str | None = None
    outcome: Outcome[T] | None = None
    response: StatusResponse | None = None
    error: WaitError | None = None

    @property
    def done(self) -> bool:
        return self.outcome is not None or self.response is not None or self.error is not None

    def token(self) -> str | None:
        """This wait as a continuation token (``None`` for a one-shot call)."""
        if self.reference is None or self.schedule is None:
            return None
        state = ContinuationState(
            provider=self.provider,
            reference=self.reference.to_dict(),
            deadline=self.schedule.deadline_wall,
            attempts=self.attempts,
            last_status=self.last_status,
            started=self.schedule.started_wall,
        )
        return encode_token(state)

    def fail(
        self,
        cls: type[WaitError],
        *,
        reason: str | None = None,
        detail: str | None = None,
        status_code: int | None = None,
    ) -> WaitError:
        """Build (and remember) the typed error that ends this wait."""
        if reason is None and issubclass(cls, WaitTimeout) and self.rule is not None:
            # a status the spec marks as suspicious if it does not move (``stuckHints``)
            reason = self.rule.stuck_reason(self.last_status)
        self.error = cls(
            provider=self.provider,
            operation_id=self.operation_id,
            last_status=self.last_status,
            detail=detail,
            attempts=self.attempts,
            snapshot=self.last,
            continuation_token=self.token(),
            status_code=status_code,
            reason=reason,
            hint=self.hooks.hints.get(cls),
        )
        return self.error

    def fail_unexpected(self, exc: Exception) -> WaitError:
        """End with :class:`ApiError` for an exception nothing mapped (in a batch or
        ``wait_many``, so that one operation's surprise never ends the others); the exception
        is kept as ``__cause__``."""
        error = self.fail(ApiError, reason=f"unexpected {type(exc).__name__}: {exc}")
        error.__cause__ = exc
        return error

    def fail_from(self, interpretation: Interpretation) -> WaitError:
        return self.fail(
            interpretation.error_type,
            reason=interpretation.reason,
            detail=interpretation.detail,
            status_code=interpretation.status_code,
        )

    def observe(
        self,
        found: Interpretation,
        *,
        elapsed: float,
        now_wall: float,
        response: StatusResponse | None = None,
    ) -> Snapshot[T] | None:
        """Read this operation's status from a 2xx document (the rule decides what it says);
        the snapshot, or ``None`` when the document ended the wait with an error."""
        assert self.rule is not None
        assert self.reference is not None
        reading = self.rule.read(found.document, self.operation_id)
        model = found.model
        if self.rule.entries is not None and reading.document is not None:
            try:
                entry = reading.document
                model = self.entry_model(entry) if self.entry_model is not None else entry
            except (KeyError, TypeError, ValueError) as exc:
                reason = f"{type(exc).__name__}: {exc}"
                self.fail(MalformedResponse, reason=reason, status_code=found.status_code)
                return None
        snapshot: Snapshot[T] | None = None
        if reading.failure is None:
            assert reading.status is not None
            assert reading.classification is not None
            snapshot = Snapshot(
                operation_id=self.operation_id,
                status=reading.status,
                classification=reading.classification,
                progress=reading.progress,
                attempt=self.attempts,
                elapsed=elapsed,
                model=model,
                error=reading.error,
                etag=found.etag,
            )
            self.last, self.last_status = snapshot, snapshot.status
        hook = self.hooks.on_status
        if hook is not None and (snapshot is not None or not reading.ok):
            hook(
                StatusEvent(
                    self.operation_id, model, reading.document, snapshot, now_wall, response
                )
            )
        if snapshot is None:
            self.fail(
                reading.failure or ApiError,
                reason=reading.reason,
                detail=reading.error if not reading.ok else None,
                status_code=found.status_code,
            )
        elif snapshot.classification is Classification.SUCCEEDED:
            self.outcome = Outcome(snapshot=snapshot, reference=self.reference.to_dict())
        elif snapshot.classification is Classification.FAILED:
            self.fail(OperationFailed, detail=snapshot.error)
        elif snapshot.classification is Classification.CANCELED:
            self.fail(OperationCanceled, detail=snapshot.error)
        return snapshot
