"""The bases a provider SDK's clients inherit (sync and async): what it declares is its
:class:`~opstatus_core.Provider`, all the rest (waits, calls, configuration) is written here."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Generic, Self, TypedDict, TypeVar, Unpack
from uuid import UUID

import attrs
import httpx

from ._clock import Clock, SystemClock
from ._engine import Batching, Expect, Machine, call_machine
from ._interpret import StatusResponse
from ._policy import PollPolicy, Schedule, check_seconds
from ._poller import (
    AsyncPoller,
    AsyncRequests,
    Poller,
    ProgressCallback,
    Requests,
    SyncRequests,
    arun,
    astep,
    async_wait_many,
    run,
    step,
    wait_many,
)
from ._provider import BatchSupport, Provider, default_policy
from ._reference import OperationReference
from ._rule import PollingRule
from ._secret import ConfigurationError, env_value
from ._tracker import Outcome, Snapshot, Tracker
from ._transport import DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_REQUEST_TIMEOUT, bounded_args
from .errors import (
    InsecureTransportWarning,
    InvalidContinuationToken,
    InvalidOperationReference,
    WaitError,
)
from .token import decode_token

__all__ = ["AsyncStatusClient", "ClientBase", "Reference", "StatusClient"]

#: what a client's ``wait``/``status``/``poller``/``wait_many`` take: the SDK's typed reference,
#: or an id or a mapping that it parses (once, there)
Reference = OperationReference | str | UUID | Mapping[str, object]
#: a machine and how its requests are sent: all a sync or async client needs to run it
_Plan = tuple[Machine[Any], Requests]


class WaitOptions(TypedDict, total=False):
    """The keywords of every wait (``poller``, ``wait``, ``wait_many``)."""

    policy: PollPolicy | None  # the wait's policy (default: the client's) ...
    timeout: float | None  # ... or only its deadline, in seconds
    on_progress: ProgressCallback | None  # called with each snapshot read


class ClientBase:
    """Configuration shared by the sync and async bases (an SDK mixes one subclass of it into
    both). ``status_params``: kwargs every status request adds (an API version); ``defaults``:
    values for the reference keys of ``provider.default_envs``, else read from the variable."""

    provider: ClassVar[Provider]
    _asynchronous: ClassVar[bool] = False  # which httpx client (and transport) it uses
    _requests: ClassVar[type[Requests]]  # how it sends a machine's requests

    def __init__(
        self,
        *,
        base_url: str | None = None,
        auth: httpx.Auth | None = None,
        status_params: Mapping[str, Any] | None = None,
        defaults: Mapping[str, object] | None = None,
        policy: PollPolicy | None = None,
        clock: Clock | None = None,
        request_timeout: float = DEFAULT_REQUEST_TIMEOUT,
        insecure_skip_tls_verify: bool = False,
        environ: Mapping[str, str] | None = None,
        httpx_args: Mapping[str, Any] | None = None,
        transport: httpx.BaseTransport | httpx.AsyncBaseTransport | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        provider = self.provider
        name = provider.name
        self.base_url = provider.base_url(base_url, environ)
        self.rule: PollingRule = provider.rule().for_client()
        self.policy = policy or default_policy(self.rule)
        self.clock: Clock = clock or SystemClock()
        self._auth = auth
        self._defaults: dict[str, str] = {}
        for key, env in provider.default_envs.items():
            value = (defaults or {}).get(key)
            if value is None:
                value = env_value(env, environ=environ)
            try:
                if value is not None:
                    self._defaults[key] = self.parse_default(key, value)
            except InvalidOperationReference as exc:  # a client setting, not a call's reference
                raise ConfigurationError(str(exc)) from None
        try:
            check_seconds("request_timeout", request_timeout)
            size = max_response_bytes
            if isinstance(size, bool) or not isinstance(size, int) or size <= 0:
                raise ValueError(f"max_response_bytes must be a positive int, not {size!r}")
        except (TypeError, ValueError) as exc:
            raise ConfigurationError(f"{name}: {exc}") from None
        args: dict[str, Any] = dict(httpx_args or {})
        # what core sets from the client's own keywords: a second value would be lost
        if owned := sorted(set(args) & {"auth", "base_url", "headers", "timeout", "verify"}):
            raise ConfigurationError(
                f"{name}: httpx_args cannot set {owned}; use the client's keywords "
                "(base_url, request_timeout, insecure_skip_tls_verify, the credentials)."
            )
        if transport is not None:
            if "transport" in args:
                raise ConfigurationError("pass transport= or httpx_args['transport'], not both")
            args["transport"] = transport
        if auth is not None:  # on every request (a LoginBearer's login included)
            args["auth"] = auth
        verify = insecure_skip_tls_verify is not True  # only ``True`` itself, and loudly
        if not verify:
            warnings.warn(
                "TLS certificate verification is OFF (insecure_skip_tls_verify=True): anyone on "
                "the network path can read and change the traffic, including credentials.",
                InsecureTransportWarning,
                stacklevel=2,
            )
        args = bounded_args(
            args,
            asynchronous=self._asynchronous,
            verify=verify,
            max_response_bytes=max_response_bytes,
        )
        self.generated_client: Any = provider.client_class(
            base_url=self.base_url,
            headers={},  # credentials go on through ``auth``
            timeout=httpx.Timeout(request_timeout),
            verify_ssl=verify,
            httpx_args=args,
        )
        # the status requests of every wait (a batched wait adds its ``batch``)
        self._status = self._requests(
            self.generated_client, provider.endpoint, dict(status_params or {})
        )

    def reference_defaults(self) -> Mapping[str, str]:
        """Values for reference keys a caller leaves out (e.g. the client's default project)."""
        return self._defaults

    def parse_default(self, key: str, value: object) -> str:
        """Override: ``value`` for reference key ``key`` in its canonical text, or
        :class:`InvalidOperationReference`."""
        return str(value)

    def default_for(self, key: str, given: object | None = None) -> str:
        """``given`` (a call's own argument), else the client's default for ``key``, else
        :class:`InvalidOperationReference` saying how to give one."""
        if given is not None:
            return self.parse_default(key, given)
        value = self.reference_defaults().get(key)
        if value is None:
            env = self.provider.default_envs[key]
            raise InvalidOperationReference(
                f"{self.provider.name}: no {key}; pass {key}=... or set {env}."
            )
        return value

    def reference(self, ref: Reference) -> OperationReference:
        """``ref`` as the SDK's typed reference, or :class:`InvalidOperationReference`."""
        return self.provider.reference.parse(ref, defaults=self.reference_defaults())

    # -- what the sync and async clients send: machines and their requests ---------------------

    def wait_policy(
        self, policy: PollPolicy | None = None, timeout: float | None = None
    ) -> PollPolicy:
        """The policy a wait given these keywords runs with, or :class:`ConfigurationError`. A
        start-then-wait method asks before it starts: a refused keyword must not strand an
        operation that was started and never waited on."""
        if policy is not None and timeout is not None:
            raise ConfigurationError(
                f"{self.provider.name}: pass policy= or timeout=, not both "
                "(timeout= would replace the policy's timeout)."
            )
        if timeout is not None:
            return attrs.evolve(self.policy, timeout=timeout)
        return policy or self.policy

    def _policy(self, options: WaitOptions) -> PollPolicy:
        if unknown := options.keys() - WaitOptions.__optional_keys__:  # as a signature would
            raise TypeError(f"unexpected keyword arguments {sorted(unknown)}")
        return self.wait_policy(options.get("policy"), options.get("timeout"))

    def _waiting(
        self,
        references: Sequence[OperationReference],
        policy: PollPolicy,
        *,
        batch: BatchSupport | None = None,
        deadline_wall: float | None = None,
        started_wall: float | None = None,
        attempts: int = 0,
        last_status: str | None = None,
    ) -> _Plan:
        """A machine waiting on ``references`` (one request per chunk of them with ``batch``)."""
        provider, rule = self.provider, self.rule
        schedule = Schedule.start(
            policy, self.clock, deadline_wall=deadline_wall, started_wall=started_wall
        )
        entry_model = provider.batch.entry_model if provider.batch is not None else None
        trackers: list[Tracker[Any]] = [
            Tracker(
                provider=provider.name,
                operation_id=reference.id,
                rule=rule,
                reference=reference,
                schedule=schedule,
                hooks=provider.hooks,
                entry_model=entry_model if rule.entries is not None else None,
                attempts=attempts,
                last_status=last_status,
            )
            for reference in references
        ]
        batching = Batching(batch.url_budget, batch.cost) if batch is not None else None
        machine: Machine[Any] = Machine(
            schedule, trackers, clock=self.clock, error_pointer=rule.error, batching=batching
        )
        return machine, attrs.evolve(self._status, batch=batch) if batch else self._status

    def _single(self, ref: Reference, options: WaitOptions) -> _Plan:
        return self._waiting([self.reference(ref)], self._policy(options))

    def _status_check(self, ref: Reference) -> _Plan:
        """One status request (no first delay, no retries), within the client's timeout."""
        policy = attrs.evolve(self.policy, initial_delay=0.0, transient_budget=0)
        return self._single(ref, {"policy": policy})

    def _batched(self, refs: Sequence[Reference], options: WaitOptions) -> _Plan:
        """Several operations of a batching provider, one request per chunk of their ids."""
        provider = self.provider
        references = [self.reference(r) for r in refs]  # all refused before any request
        id_key = provider.id_key
        shared = {
            tuple(sorted((k, v) for k, v in r.to_dict().items() if k != id_key)) for r in references
        }
        if len(shared) > 1:
            raise InvalidOperationReference(
                f"{provider.name}: a batched wait_many needs the same "
                f"{[k for k in provider.reference_keys if k != id_key]} for every operation; "
                "call it once per group."
            )
        return self._waiting(references, self._policy(options), batch=provider.batch)

    def _calling(
        self,
        endpoint: Any,
        *,
        about: str | None = None,
        expect: Expect = None,
        idempotent: bool = True,
        policy: PollPolicy | None = None,
        **kwargs: Any,
    ) -> _Plan:
        """A one-shot call: the same machine, without a status rule."""
        if policy is not None and policy.initial_delay:
            raise ConfigurationError(
                f"{self.provider.name}: a one-shot call is sent at once; its policy cannot "
                f"have an initial_delay ({policy.initial_delay!r})."
            )
        machine = call_machine(
            endpoint,
            provider=self.provider.name,
            error_pointer=self.rule.error,
            policy=policy or self.policy,
            clock=self.clock,
            about=about,
            expect=expect,
            idempotent=idempotent,
            hints=self.provider.hooks.hints,
        )
        return machine, self._requests(self.generated_client, endpoint, kwargs)

    def __repr__(self) -> str:
        auth = type(self._auth).__name__ if self._auth is not None else None
        name = type(self).__name__
        return f"{name}(base_url={self.base_url!r}, auth={auth}, credentials=<redacted>)"


P = TypeVar("P", Poller[Any], AsyncPoller[Any])


class _Clients(ClientBase, Generic[P]):
    """What the sync and async bases share whole: a poller (a wait the caller drives)."""

    _poller: type[P]

    def poller(self, ref: Reference, **options: Unpack[WaitOptions]) -> P:
        """A poller for one operation (iterate it for snapshots, or call ``wait()``)."""
        machine, requests = self._single(ref, options)
        return self._poller(machine, requests, on_progress=options.get("on_progress"))

    def resume(
        self,
        token: str,
        *,
        timeout: float | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> P:
        """A poller continuing the wait a continuation token describes, with its attempts and
        backoff, until its deadline (unless ``timeout`` gives a new one)."""
        state = decode_token(token, provider=self.provider.name)
        try:
            ref = self.reference(state.reference)
        except InvalidOperationReference as exc:
            raise InvalidContinuationToken(
                f"invalid continuation token: its operation reference is refused ({exc})"
            ) from None
        # the token's deadline, but never past one policy timeout from now: a token is caller
        # input, and a forged or stale deadline (1e300) must not outlive the policy
        deadline = min(state.deadline, self.clock.time() + self.policy.timeout)
        machine, requests = self._waiting(
            [ref],
            self._policy({"timeout": timeout}),
            deadline_wall=deadline if timeout is None else None,
            started_wall=state.started,
            attempts=state.attempts,
            last_status=state.last_status,
        )
        return self._poller(machine, requests, on_progress=on_progress)


class StatusClient(_Clients[Poller[Any]]):
    """The sync SDK client base."""

    _poller = Poller
    _requests = SyncRequests

    def call_detailed(
        self,
        endpoint: Any,
        /,
        *,
        about: str | None = None,
        expect: Expect = None,
        idempotent: bool = True,
        policy: PollPolicy | None = None,
        **kwargs: Any,
    ) -> StatusResponse:
        """One request to a generated ``endpoint``: its 2xx response, or the typed error a wait
        would raise for the same answer (transients retried within ``policy``). ``about`` names
        the call in errors; ``expect``: the model class(es) a 2xx must parse to;
        ``idempotent=False``: retry only what the server cannot have acted on. Other keywords go
        to the endpoint."""
        machine, requests = self._calling(
            endpoint, about=about, expect=expect, idempotent=idempotent, policy=policy, **kwargs
        )
        return run(machine, requests).response()

    def call(self, endpoint: Any, /, **options: Any) -> Any:
        """:meth:`call_detailed`, returning the parsed model (``None`` for a 2xx without one)."""
        return self.call_detailed(endpoint, **options).parsed

    def status(self, ref: Reference) -> Snapshot[Any]:
        """One status request (no waiting): the snapshot, or the typed error."""
        machine, requests = self._status_check(ref)
        read = step(machine, requests)  # no first delay: one round of one request
        return read[0] if read else machine.outcome().snapshot

    def wait(self, ref: Reference, **options: Unpack[WaitOptions]) -> Outcome[Any]:
        """Block until the operation ends: the outcome, or a typed :class:`WaitError`."""
        # no Poller: each of many idle waits would keep one more object and frame
        machine, requests = self._single(ref, options)
        return run(machine, requests, options.get("on_progress")).outcome()

    def wait_many(
        self, refs: Sequence[Reference], **options: Unpack[WaitOptions]
    ) -> list[Outcome[Any] | WaitError]:
        """Wait for several operations; per-operation errors are returned, in input order
        (a batching provider's operations share requests)."""
        if self.provider.batch is None:
            return wait_many([self.poller(r, **options) for r in refs])
        machine, requests = self._batched(refs, options)
        return run(machine, requests, options.get("on_progress")).results()

    def close(self) -> None:
        self.generated_client.get_httpx_client().close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncStatusClient(_Clients[AsyncPoller[Any]]):
    """The async SDK client base: one ``httpx.AsyncClient`` pool for any number of waits; each
    method is its :class:`StatusClient` namesake's, awaited."""

    _asynchronous = True
    _poller = AsyncPoller
    _requests = AsyncRequests

    async def call_detailed(self, endpoint: Any, /, **options: Any) -> StatusResponse:
        machine, requests = self._calling(endpoint, **options)
        return (await arun(machine, requests)).response()

    async def call(self, endpoint: Any, /, **options: Any) -> Any:
        return (await self.call_detailed(endpoint, **options)).parsed

    async def status(self, ref: Reference) -> Snapshot[Any]:
        machine, requests = self._status_check(ref)
        read = await astep(machine, requests)
        return read[0] if read else machine.outcome().snapshot

    async def wait(self, ref: Reference, **options: Unpack[WaitOptions]) -> Outcome[Any]:
        machine, requests = self._single(ref, options)  # no Poller: see StatusClient.wait
        return (await arun(machine, requests, options.get("on_progress"))).outcome()

    async def wait_many(
        self,
        refs: Sequence[Reference],
        *,
        max_concurrency: int | None = None,
        **options: Unpack[WaitOptions],
    ) -> list[Outcome[Any] | WaitError]:
        """``max_concurrency`` bounds the operations awaited at once (not for a batching
        provider, whose rounds are its own bound)."""
        if self.provider.batch is None:
            pollers = [self.poller(r, **options) for r in refs]
            return await async_wait_many(pollers, max_concurrency=max_concurrency)
        if max_concurrency is not None:
            raise ConfigurationError(
                f"{self.provider.name}: max_concurrency has no effect on a batched wait_many "
                "(its operations share requests)."
            )
        machine, requests = self._batched(refs, options)
        return (await arun(machine, requests, options.get("on_progress"))).results()

    async def aclose(self) -> None:
        await self.generated_client.get_async_httpx_client().aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
