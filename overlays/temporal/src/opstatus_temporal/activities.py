"""The activities: check, wait on and start one operation of any installed provider SDK.

They run on a worker, never in a workflow: they talk to the provider with the SDK's own async
client, built from the worker's environment (base URL and credentials come from the SDK's
environment variables; nothing secret is ever an activity input, a result or a heartbeat).

A wait is core's wait (``client.resume(token)`` with the wait's ``PollPolicy``): the activity
heartbeats its continuation token and last status, so when a worker dies the activity's retry,
on any worker, resumes from the last heartbeat instead of starting over (Temporal's "frequent
polling" pattern: poll inside a heartbeating activity).
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable, Mapping
from importlib.metadata import entry_points
from typing import Any

from opstatus_core import AsyncStatusClient, PollPolicy, default_policy
from opstatus_core.plugin import Plugin
from opstatus_core.sdk import (
    AsyncPoller,
    InvalidContinuationToken,
    OperationCanceled,
    OperationFailed,
    OpstatusError,
    Outcome,
    Snapshot,
    TransientRetriesExhausted,
    WaitError,
    WaitTimeout,
)
from opstatus_core.token import ContinuationState, decode_token, encode_token
from temporalio import activity
from temporalio.exceptions import ApplicationError

from .types import (
    ACTIVITY_CHECK,
    ACTIVITY_START,
    ACTIVITY_WAIT,
    DurableOutcome,
    Heartbeat,
    PolicySpec,
    StartInput,
    WaitInput,
    WaitStep,
)

__all__ = [
    "PROVIDERS_GROUP",
    "OpstatusActivities",
    "ProviderNotInstalled",
    "error_outcome",
    "load_plugins",
    "outcome_of",
    "provider_spec",
    "to_policy",
    "to_spec",
]

#: the entry point group every provider SDK registers its ``Plugin`` in (as the CLI reads it)
PROVIDERS_GROUP = "opstatus.providers"


class ProviderNotInstalled(OpstatusError):
    """The worker has no SDK installed for the provider a wait names."""


def load_plugins(only: set[str] | None = None) -> dict[str, Plugin]:
    """The installed provider SDKs (``opstatus.providers`` entry points), by slug.

    An SDK that fails to load is left out (a worker serves the others); the CLI's
    ``opstatus providers --debug`` says why.
    """
    plugins: dict[str, Plugin] = {}
    for ep in entry_points(group=PROVIDERS_GROUP):
        if only is not None and ep.name not in only:
            continue
        try:
            plugin = ep.load()
        except Exception:  # someone else's broken package must not stop the worker
            continue
        if isinstance(plugin, Plugin) and plugin.name == ep.name:
            plugins[ep.name] = plugin
    return plugins


#: the fields ``PolicySpec`` shares with core's ``PollPolicy`` (the rest is the client's)
_POLICY_FIELDS = tuple(
    f.name for f in dataclasses.fields(PolicySpec) if f.name != "request_timeout"
)


def to_policy(spec: PolicySpec) -> PollPolicy:
    """The core policy of a wait (core validates it: a bad spec raises ``ValueError``)."""
    return PollPolicy(**{name: getattr(spec, name) for name in _POLICY_FIELDS})


def to_spec(policy: PollPolicy, **client: Any) -> PolicySpec:
    """A core policy as JSON for a workflow input (``client``: e.g. ``request_timeout``)."""
    return PolicySpec(**{name: getattr(policy, name) for name in _POLICY_FIELDS}, **client)


def provider_spec(provider: str) -> PolicySpec:
    """The policy a plain wait on ``provider`` starts from (derived from its spec's expected
    duration), as JSON: what a durable wait submitted without a policy uses. The provider's SDK
    must be installed where the wait is submitted (the credentials need not be)."""
    plugin = load_plugins({provider}).get(provider)
    if plugin is None:
        raise ProviderNotInstalled(
            f"{provider}: no SDK for this provider here, so no default policy; install "
            f"opstatus-{provider} or pass policy=PolicySpec(...)."
        )
    return to_spec(default_policy(plugin.provider.rule()))


def _error_kind(exc: OpstatusError) -> str:
    if isinstance(exc, OperationFailed):
        return "failed"
    if isinstance(exc, OperationCanceled):
        return "canceled"
    if isinstance(exc, WaitTimeout):
        return "timed_out"
    return "error"


def outcome_of(
    provider: str, item: Outcome[Any] | Snapshot[Any], reference: Mapping[str, str]
) -> DurableOutcome:
    """A finished wait's outcome (or one status read) as a :class:`DurableOutcome`."""
    snapshot = item.snapshot if isinstance(item, Outcome) else item
    return DurableOutcome(
        provider=provider,
        operation_id=snapshot.operation_id,
        reference=dict(reference),
        outcome=snapshot.classification.value,
        status=snapshot.status,
        progress=snapshot.progress,
        attempts=snapshot.attempt,
        detail=snapshot.error,
    )


def error_outcome(
    provider: str, reference: Mapping[str, str], operation_id: str, exc: OpstatusError
) -> DurableOutcome:
    """A typed error as a :class:`DurableOutcome` (its class name, its one-line message)."""
    if isinstance(exc, WaitError):
        snapshot = exc.snapshot if isinstance(exc.snapshot, Snapshot) else None
        return DurableOutcome(
            provider=provider,
            operation_id=exc.operation_id,
            reference=dict(reference),
            outcome=_error_kind(exc),
            status=exc.last_status,
            progress=snapshot.progress if snapshot is not None else None,
            attempts=exc.attempts,
            error_type=type(exc).__name__,
            message=str(exc),
            detail=exc.detail,
            continuation_token=exc.continuation_token,
        )
    return DurableOutcome(
        provider=provider,
        operation_id=operation_id,
        reference=dict(reference),
        outcome="error",
        error_type=type(exc).__name__,
        message=str(exc),
    )


class _Progress:
    """The latest state of one wait, heartbeated on every snapshot and on a timer."""

    def __init__(self, token: str, attempts: int) -> None:
        self.beat = Heartbeat(token=token, attempts=attempts)

    def seen(self, snapshot: Snapshot[Any], token: str) -> None:
        self.beat = Heartbeat(
            token=token,
            status=snapshot.status,
            classification=snapshot.classification.value,
            progress=snapshot.progress,
            attempts=snapshot.attempt,
        )
        activity.heartbeat(self.beat)


class OpstatusActivities:
    """The activities of one worker: one async SDK client per provider and policy, built lazily
    from ``environ`` (default: the process environment) and shared by every wait it runs."""

    def __init__(
        self,
        plugins: Mapping[str, Plugin] | None = None,
        *,
        environ: Mapping[str, str] | None = None,
        client_factory: Callable[[Plugin, PollPolicy], AsyncStatusClient] | None = None,
    ) -> None:
        self.plugins = dict(plugins) if plugins is not None else load_plugins()
        self._environ = environ
        self._factory = client_factory
        self._clients: dict[tuple[str, PolicySpec], AsyncStatusClient] = {}

    def _plugin(self, provider: str) -> Plugin:
        plugin = self.plugins.get(provider)
        if plugin is None:
            installed = ", ".join(sorted(self.plugins)) or "none"
            raise ProviderNotInstalled(
                f"{provider}: no SDK for this provider on this worker (installed: {installed}). "
                f"Install opstatus-{provider} on the workers of this task queue."
            )
        return plugin

    def client(self, provider: str, spec: PolicySpec) -> AsyncStatusClient:
        """The worker's client for ``provider`` with ``spec``'s policy (credentials from the
        worker's environment; ``ConfigurationError`` names the variables to set)."""
        key = (provider, spec)
        client = self._clients.get(key)
        if client is None:
            plugin = self._plugin(provider)
            policy = to_policy(spec)
            if self._factory is not None:
                client = self._factory(plugin, policy)
            else:
                options: dict[str, Any] = {
                    "policy": policy,
                    "request_timeout": spec.request_timeout,
                }
                if self._environ is not None:
                    options["environ"] = self._environ
                client = plugin.async_client(**options)
            self._clients[key] = client
        return client

    async def aclose(self) -> None:
        clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            await client.aclose()

    # -- check ---------------------------------------------------------------------------------
    @activity.defn(name=ACTIVITY_CHECK)
    async def check(self, request: WaitInput) -> DurableOutcome:
        """One status request for the operation (no waiting): its state as an outcome."""
        reference = dict(request.reference)
        try:
            client = self.client(request.provider, request.policy)
            snapshot = await client.status(reference)
        except (TransientRetriesExhausted, ConnectionError) as exc:
            raise ApplicationError(str(exc), type=type(exc).__name__) from None
        except OpstatusError as exc:
            return error_outcome(request.provider, reference, _op_id(reference), exc)
        return outcome_of(request.provider, snapshot, reference)

    # -- wait ----------------------------------------------------------------------------------
    @activity.defn(name=ACTIVITY_WAIT)
    async def wait(self, request: WaitInput) -> WaitStep:
        """Wait for up to ``request.segment`` seconds, heartbeating the continuation token.

        Resumes from the last heartbeat of a previous attempt (a lost worker) when there is one,
        else from ``request.token``. Ends with the outcome (any terminal status or typed error),
        or the token to continue from when the segment is over. A provider outage longer than
        the policy's transient budget is raised as a retryable failure: Temporal retries the
        activity, which resumes from its heartbeat, until the wait's deadline.
        """
        token = request.token or new_token(request.provider, request.reference, request.deadline)
        resumed = 0
        details = activity.info().heartbeat_details
        if details:
            beat = details[0]
            last = beat.get("token") if isinstance(beat, Mapping) else getattr(beat, "token", None)
            if isinstance(last, str) and last:
                token, resumed = last, 1
        try:
            state = decode_token(token, provider=request.provider)
        except InvalidContinuationToken as exc:
            raise ApplicationError(str(exc), type=type(exc).__name__, non_retryable=True) from None
        reference = dict(state.reference)
        progress = _Progress(token, state.attempts)
        activity.heartbeat(progress.beat)
        try:
            client = self.client(request.provider, request.policy)
            poller = client.resume(
                token, on_progress=lambda snap: progress.seen(snap, poller.continuation_token())
            )
        except OpstatusError as exc:  # no SDK, no credentials on this worker, a bad reference
            return WaitStep(
                token=token,
                outcome=error_outcome(request.provider, reference, _op_id(reference), exc),
                resumed=resumed,
            )
        beating = asyncio.create_task(_heartbeat_every(request.heartbeat / 3, progress))
        try:
            try:
                if not await _segment(poller, request.segment):
                    beat = progress.beat
                    return WaitStep(
                        token=poller.continuation_token(),
                        status=beat.status,
                        progress=beat.progress,
                        resumed=resumed,
                    )
                outcome = poller.result()
            except TransientRetriesExhausted as exc:
                activity.heartbeat(Heartbeat(token=poller.continuation_token()))
                raise ApplicationError(str(exc), type=type(exc).__name__) from None
            except WaitError as exc:
                return _ended(
                    request.provider, reference, poller.continuation_token(), exc, resumed
                )
        finally:
            beating.cancel()
        return WaitStep(
            token=poller.continuation_token(),
            outcome=outcome_of(request.provider, outcome, reference),
            resumed=resumed,
        )

    # -- start ---------------------------------------------------------------------------------
    @activity.defn(name=ACTIVITY_START)
    async def start(self, request: StartInput) -> dict[str, str]:
        """Send one start call (e.g. a translation batch, a replication run); return the new
        operation's reference. Never retried by Temporal once sent (see the workflow); every
        failure is a non-retryable, typed ``ApplicationError``."""
        plugin = self.plugins.get(request.provider)
        calls = plugin.start_calls if plugin is not None else {}
        if request.call not in calls:
            known = ", ".join(sorted(calls)) or "none"
            raise ApplicationError(
                f"{request.provider}: {request.call!r} is not a start call (start calls: {known}).",
                type="InvalidStartCall",
                non_retryable=True,
            )
        try:
            client = self.client(request.provider, request.policy)
            result = await getattr(client, request.call)(**request.arguments)
            # a start call gives back an id or a reference mapping: parsed like any other
            reference: dict[str, str] = client.reference(result).to_dict()
            return reference
        except OpstatusError as exc:
            raise ApplicationError(str(exc), type=type(exc).__name__, non_retryable=True) from None
        except (TypeError, ValueError) as exc:  # bad arguments for the call
            raise ApplicationError(
                f"{request.provider}: {request.call}: bad arguments ({' '.join(str(exc).split())})",
                type="InvalidStartCall",
                non_retryable=True,
            ) from None


def _op_id(reference: Mapping[str, str]) -> str:
    return reference.get("id") or next(iter(reference.values()), "?")


def _ended(
    provider: str, reference: Mapping[str, str], token: str, exc: WaitError, resumed: int
) -> WaitStep:
    return WaitStep(
        token=token,
        outcome=error_outcome(provider, reference, exc.operation_id, exc),
        resumed=resumed,
    )


async def _segment(poller: AsyncPoller[Any], seconds: float) -> bool:
    """Drive ``poller`` for up to ``seconds``; True once the wait ended (``result()`` tells how).

    The segment ends between requests, never during one: a sleep is cut when the time is up,
    but a round of requests in flight is let finish (bounded by the client's request timeout;
    the workflow's slack allows it). Cutting a request would leave the continuation token
    counting an attempt the provider may never have received (the count is taken as the round
    starts), or throw away an answer the provider already gave.
    """
    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    while not poller.done:
        left = end - loop.time()
        if left <= 0:
            return False
        attempts = poller.attempts
        step = asyncio.ensure_future(poller.step())
        try:
            await asyncio.wait([step], timeout=left)
            if not step.done() and poller.attempts == attempts:
                return False  # asleep, nothing in flight: the sleep is cut (below)
            await step  # a round counts its attempts as it starts: in flight, let it finish
        finally:
            step.cancel()  # a no-op once done; cuts the step if the activity is cancelled
    return True


async def _heartbeat_every(seconds: float, progress: _Progress) -> None:
    """Heartbeat while the wait sleeps between polls (a poll interval can exceed the timeout)."""
    while True:
        await asyncio.sleep(max(seconds, 0.05))
        activity.heartbeat(progress.beat)


def new_token(provider: str, reference: Mapping[str, str], deadline: float) -> str:
    """The continuation token of a wait that has not polled yet (what the workflow starts from)."""
    return encode_token(
        ContinuationState(provider=provider, reference=dict(reference), deadline=deadline)
    )
