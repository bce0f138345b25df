"""A generic base for provider SDK clients (sync and async).

A provider SDK declares a :class:`Provider` (its spec package and status operationId, the
generated endpoint and client class, how an operation reference becomes the call's kwargs, its
env var names, hooks) and subclasses :class:`StatusClient` / :class:`AsyncStatusClient`. It
inherits ``status()``, ``poller()``, ``wait()``, ``wait_many()``, ``resume(token)``, context
management and a redacted ``repr``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar, Protocol, Self

import attrs
import httpx

from ._interpret import StatusResponse
from ._tracker import NO_HOOKS, Hooks, Outcome, Snapshot, Tracker
from ._transport import DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_REQUEST_TIMEOUT, bounded_args
from .clock import Clock, SystemClock
from .engine import Batching, Expect, Machine, Reauthenticate, Send, call_machine
from .errors import InvalidOperationReference, WaitError
from .limits import MAX_BASE_URL_CHARS, has_userinfo, redact_url
from .policy import PollPolicy, Schedule, check_seconds
from .poller import (
    AsyncPoller,
    AsyncSend,
    Poller,
    ProgressCallback,
    SyncSend,
    arun,
    async_wait_many,
    run,
    wait_many,
)
from .rule import PollingRule, load_rule
from .secret import ConfigurationError, Secret, env_value, tls_verify
from .token import decode_token

__all__ = [
    "ApiKeyHeader",
    "AsyncStatusClient",
    "Auth",
    "BasicCredentials",
    "BatchSupport",
    "BearerToken",
    "ClientBase",
    "Provider",
    "Reference",
    "StatusClient",
]

Reference = str | Mapping[str, str]

#: httpx client arguments core sets from the client's own keywords
_OWNED_HTTPX_ARGS = frozenset({"auth", "base_url", "headers", "timeout", "verify"})


class Auth(Protocol):
    """How credentials go on the wire: extra headers and/or an ``httpx.Auth``."""

    def headers(self) -> dict[str, str]: ...
    def httpx_auth(self) -> httpx.Auth | None: ...


@attrs.frozen(slots=True)
class BearerToken:
    """``Authorization: Bearer <token>``."""

    token: Secret

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token.reveal()}"}

    def httpx_auth(self) -> httpx.Auth | None:
        return None


@attrs.frozen(slots=True)
class ApiKeyHeader:
    """A key in a named header (e.g. ``Ocp-Apim-Subscription-Key``)."""

    header: str
    key: Secret

    def headers(self) -> dict[str, str]:
        return {self.header: self.key.reveal()}

    def httpx_auth(self) -> httpx.Auth | None:
        return None


@attrs.frozen(slots=True)
class BasicCredentials:
    """HTTP Basic authentication."""

    username: str
    password: Secret

    def headers(self) -> dict[str, str]:
        return {}

    def httpx_auth(self) -> httpx.Auth | None:
        return httpx.BasicAuth(self.username, self.password.reveal())


@attrs.frozen(slots=True)
class BatchSupport:
    """For a status endpoint that takes many ids per request (``entries`` in the rule).

    ``kwargs(ids, reference)`` builds the call's kwargs for a chunk (``reference`` is the first
    operation's, for shared path params); chunks stay within ``url_budget`` characters of ids
    as measured by ``cost``. ``entry_model`` turns an entry into the SDK's model.
    """

    kwargs: Callable[[Sequence[str], Mapping[str, str]], Mapping[str, Any]]
    url_budget: int = 1500
    cost: Callable[[str], int] = len
    entry_model: Callable[[Mapping[str, Any]], Any] | None = None


@attrs.frozen(slots=True)
class Provider:
    """Everything core needs to know about one provider, none of it in core.

    - ``name``: the slug, in messages and continuation tokens.
    - ``spec_package``/``operation_id``: where the ``x-opstatus`` rule comes from.
    - ``endpoint``: the generated status operation module; ``client_class``: the generated
      ``Client`` (built with ``base_url``, ``headers``, ``timeout``, ``verify_ssl``,
      ``httpx_args``).
    - ``id_key``: the reference key holding the operation id; ``reference_keys``: all keys.
    - ``to_kwargs(reference)``: the status call's kwargs; raise
      :class:`InvalidOperationReference` for bad input (e.g. not a GUID).
    - ``base_url_env``/``default_base_url``: where the base URL comes from.
    - ``hooks``, ``batch``: see :class:`Hooks`, :class:`BatchSupport`.
    """

    name: str
    spec_package: str
    operation_id: str
    endpoint: Any
    client_class: Callable[..., Any]
    to_kwargs: Callable[[Mapping[str, str]], Mapping[str, Any]]
    id_key: str = "id"
    reference_keys: tuple[str, ...] = ("id",)
    base_url_env: str | None = None
    default_base_url: str | None = None
    hooks: Hooks = NO_HOOKS
    batch: BatchSupport | None = None
    rule_loader: Callable[[], PollingRule] | None = None

    def rule(self) -> PollingRule:
        if self.rule_loader is not None:
            return self.rule_loader()
        return load_rule(self.spec_package, self.operation_id)


def _checked_base_url(provider: str, base_url: str) -> str:
    """The base URL, or :class:`ConfigurationError` (never echoing a credential).

    Credentials in the URL (``https://user:pass@host``) are refused rather than stripped:
    httpx would send them as ``Authorization: Basic`` in place of the SDK's own credential,
    and a URL is what ends up in logs, reprs and shell history. Pass them as the SDK's
    credential keywords instead."""
    if len(base_url) > MAX_BASE_URL_CHARS:
        raise ConfigurationError(
            f"{provider}: the base URL is {len(base_url)} characters long "
            f"(at most {MAX_BASE_URL_CHARS}): {redact_url(base_url)!r}"
        )
    if has_userinfo(base_url):
        raise ConfigurationError(
            f"{provider}: the base URL must not contain credentials (user:password@): "
            f"{redact_url(base_url)!r}; pass them as the SDK's credential arguments."
        )
    if not base_url.startswith(("https://", "http://")):
        raise ConfigurationError(f"{provider}: base URL must be http(s): {redact_url(base_url)!r}")
    try:
        host = httpx.URL(base_url).host
    except (httpx.InvalidURL, ValueError, TypeError) as exc:
        raise ConfigurationError(
            f"{provider}: the base URL is not a valid URL ({type(exc).__name__}): "
            f"{redact_url(base_url)!r}"
        ) from None
    if not host:
        raise ConfigurationError(f"{provider}: the base URL has no host: {redact_url(base_url)!r}")
    return base_url.rstrip("/")


def default_policy(rule: PollingRule) -> PollPolicy:
    """A client's policy when none is given: derived from the spec's declared ``duration``
    (:meth:`PollPolicy.for_duration`), else ``PollPolicy()``."""
    expected = rule.duration
    if expected is None:
        return PollPolicy()
    return PollPolicy.for_duration(expected.typical, expected.max)


@attrs.frozen(slots=True)
class _Requests:
    """What a machine's requests are: the endpoint, each request's kwargs, and whether the
    client's ``before_request()`` runs first (not for one-shot calls)."""

    endpoint: Any
    kwargs: Callable[[Send], Mapping[str, Any]]
    prepare: bool = True


#: a machine and its requests: all a sync or async client needs to run a wait or a call
_Plan = tuple[Machine[Any], _Requests]


class ClientBase:
    """Configuration shared by the sync and async bases.

    An SDK puts what both of its clients add (their keywords, how they read a reference) on one
    subclass of this and mixes it into both: ``class Client(_Shared, StatusClient)`` and
    ``class AsyncClient(_Shared, AsyncStatusClient)``."""

    provider: ClassVar[Provider]
    _asynchronous: ClassVar[bool] = False  # which httpx client (and transport) it uses
    _reauth_switch: bool | None = None

    def __init__(
        self,
        *,
        base_url: str | None = None,
        auth: Auth | None = None,
        policy: PollPolicy | None = None,
        clock: Clock | None = None,
        request_timeout: float = DEFAULT_REQUEST_TIMEOUT,
        insecure_skip_tls_verify: bool = False,
        environ: Mapping[str, str] | None = None,
        httpx_args: Mapping[str, Any] | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        provider = self.provider
        if base_url is None and provider.base_url_env is not None:
            base_url = env_value(provider.base_url_env, environ=environ)
        base_url = base_url or provider.default_base_url
        if not base_url:
            where = f" or set {provider.base_url_env}" if provider.base_url_env else ""
            raise ConfigurationError(f"{provider.name}: no base URL; pass base_url{where}.")
        self.base_url = _checked_base_url(provider.name, base_url)
        self.rule: PollingRule = provider.rule().for_client()
        self.policy = policy or default_policy(self.rule)
        self.clock: Clock = clock or SystemClock()
        self._auth = auth
        try:
            check_seconds("request_timeout", request_timeout)
        except (TypeError, ValueError) as exc:
            raise ConfigurationError(f"{provider.name}: {exc}") from None
        args: dict[str, Any] = dict(httpx_args or {})
        owned = sorted(set(args) & _OWNED_HTTPX_ARGS)
        if owned:  # set by core from its own keywords: a second value would be ignored or clash
            raise ConfigurationError(
                f"{provider.name}: httpx_args cannot set {owned}; use the client's keywords "
                "(base_url, request_timeout, insecure_skip_tls_verify, the credentials)."
            )
        if auth is not None and auth.httpx_auth() is not None:
            args["auth"] = auth.httpx_auth()
        verify = tls_verify(insecure_skip_tls_verify)
        if isinstance(max_response_bytes, bool) or not (
            isinstance(max_response_bytes, int) and max_response_bytes > 0
        ):
            raise ConfigurationError(
                f"{provider.name}: max_response_bytes must be a positive int, "
                f"not {max_response_bytes!r}"
            )
        # every request bounded in total time and response size (see _transport)
        args = bounded_args(
            args,
            asynchronous=self._asynchronous,
            verify=verify,
            max_response_bytes=max_response_bytes,
        )
        self._generated: Any = provider.client_class(
            base_url=self.base_url,
            headers=auth.headers() if auth is not None else {},
            timeout=httpx.Timeout(request_timeout),
            verify_ssl=verify,
            httpx_args=args,
        )

    # -- re-authentication ----------------------------------------------------------------------
    def _reauth_overridden(self) -> bool:  # pragma: no cover - each base defines it
        raise NotImplementedError

    @property
    def can_reauthenticate(self) -> bool:
        """Whether a 401/403 mid-wait calls ``reauthenticate()`` (once) before failing.

        Default: True when the SDK overrides ``reauthenticate()``. Set it per instance (e.g.
        ``False`` for a client holding only a token, which cannot log in again), or ``None`` to
        go back to the default.
        """
        if self._reauth_switch is not None:
            return self._reauth_switch
        return self._reauth_overridden()

    @can_reauthenticate.setter
    def can_reauthenticate(self, value: bool | None) -> None:
        self._reauth_switch = value

    @property
    def generated_client(self) -> Any:
        """The generated client (for calls core does not wrap)."""
        return self._generated

    def set_auth_headers(self, headers: Mapping[str, str]) -> None:
        """Replace credential headers on the live connection pools (e.g. after a re-login).

        Pollers already created see the change: the generated client object stays the same.
        """
        generated = self._generated
        generated.get_httpx_client()
        generated.get_async_httpx_client()
        generated.with_headers(dict(headers))  # updates both live httpx clients in place

    def reference(self, ref: Reference) -> dict[str, str]:
        """Normalise a reference (an id, or a mapping of the path params); override to add
        defaults (e.g. an account alias from the environment)."""
        provider = self.provider
        if isinstance(ref, str):
            result = {provider.id_key: ref}
        elif isinstance(ref, Mapping):
            result = {str(k): str(v) for k, v in ref.items()}
        else:
            raise InvalidOperationReference(
                f"{provider.name}: an operation reference is an id or a mapping, not "
                f"{type(ref).__name__}."
            )
        missing = [k for k in provider.reference_keys if not result.get(k)]
        unknown = [k for k in result if k not in provider.reference_keys]
        if missing or unknown:
            raise InvalidOperationReference(
                f"{provider.name}: reference needs {list(provider.reference_keys)} "
                f"(missing {missing}, unknown {unknown})."
            )
        return result

    def _reference(self, ref: Reference) -> dict[str, str]:
        """``reference()`` (possibly overridden), then refuse values that would change the path.

        Values are percent-encoded into their own path segment, but a segment of exactly ``.``
        or ``..`` is still a dot-segment that httpx and servers resolve away (RFC 3986 5.2.4),
        so it would address another resource: refused before any request.
        """
        reference = self.reference(ref)
        dots = sorted(k for k, v in reference.items() if v in {".", ".."})
        if dots:
            raise InvalidOperationReference(
                f"{self.provider.name}: {', '.join(dots)} cannot be '.' or '..' "
                "(a dot-segment would change the request path)."
            )
        return reference

    def status_kwargs(self, reference: Mapping[str, str]) -> Mapping[str, Any]:
        """The status request's kwargs for ``reference`` (default: ``provider.to_kwargs``).

        Override to fill in, per request, what is only known after ``before_request()`` (e.g.
        an account alias a login returns); when overridden it runs before every status request.
        ``provider.to_kwargs`` still validates references before any request.
        """
        return self.provider.to_kwargs(reference)

    # -- what the sync and async clients send: machines and their requests ---------------------

    def _policy(self, policy: PollPolicy | None, timeout: float | None) -> PollPolicy:
        if policy is not None and timeout is not None:
            raise ConfigurationError(
                f"{self.provider.name}: pass policy= or timeout=, not both "
                "(timeout= would replace the policy's timeout)."
            )
        if timeout is not None:
            return attrs.evolve(self.policy, timeout=timeout)
        return policy or self.policy

    def _waiting(
        self,
        references: Sequence[Mapping[str, str]],
        policy: PollPolicy,
        requests: _Requests,
        *,
        batching: Batching | None = None,
        deadline_wall: float | None = None,
        attempts: int = 0,
        last_status: str | None = None,
    ) -> _Plan:
        """A machine waiting on ``references`` (one request for all of them with ``batching``)."""
        provider = self.provider
        schedule = Schedule.start(policy, self.clock, deadline_wall=deadline_wall)
        entry_model = provider.batch.entry_model if provider.batch is not None else None
        trackers: list[Tracker[Any]] = [
            Tracker(
                provider=provider.name,
                operation_id=reference[provider.id_key],
                rule=self.rule,
                reference=dict(reference),
                deadline_wall=schedule.deadline_wall,
                hooks=provider.hooks,
                entry_model=entry_model if self.rule.entries is not None else None,
                attempts=attempts,
                last_status=last_status,
            )
            for reference in references
        ]
        machine: Machine[Any] = Machine(
            schedule,
            trackers,
            clock=self.clock,
            error_pointer=self.rule.error,
            batching=batching,
            reauthenticate=bool(self.can_reauthenticate),
        )
        return machine, requests

    def _single(
        self, ref: Reference, policy: PollPolicy | None, timeout: float | None, **resume: Any
    ) -> _Plan:
        """One operation's wait (``resume``: the state a continuation token carried)."""
        reference = self._reference(ref)
        self.provider.to_kwargs(reference)  # a malformed reference is refused before any request
        requests = _Requests(self.provider.endpoint, lambda _: self.status_kwargs(reference))
        return self._waiting([reference], self._policy(policy, timeout), requests, **resume)

    def _status_check(self, ref: Reference) -> _Plan:
        """One status request (no first delay, no retries), within the client's timeout."""
        policy = attrs.evolve(self.policy, initial_delay=0.0, transient_budget=0)
        return self._single(ref, policy, None)

    def _resumed(self, token: str, timeout: float | None) -> _Plan:
        reference, state = self._resume_state(token, timeout)
        return self._single(reference, None, timeout, **state)

    def _batched(
        self,
        refs: Sequence[Reference],
        policy: PollPolicy | None = None,
        timeout: float | None = None,
        max_concurrency: int | None = None,
    ) -> _Plan:
        """Several operations of a batching provider, one request per chunk of their ids."""
        batch = self.provider.batch
        assert batch is not None
        if max_concurrency is not None:
            raise ConfigurationError(
                f"{self.provider.name}: max_concurrency has no effect on a batched wait_many "
                "(its operations share requests)."
            )
        references = self._batch_references(refs)
        requests = _Requests(
            self.provider.endpoint, lambda send: batch.kwargs(send.ids, references[0])
        )
        return self._waiting(
            references,
            self._policy(policy, timeout),
            requests,
            batching=Batching(batch.url_budget, batch.cost),
        )

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
        """A one-shot call: the same machine, without a status rule or ``before_request()``."""
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
        return machine, _Requests(endpoint, lambda _: kwargs, prepare=False)

    def _resume_state(
        self, token: str, timeout: float | None
    ) -> tuple[dict[str, str], dict[str, Any]]:
        state = decode_token(token, provider=self.provider.name)
        try:
            ref = self._reference(dict(state.reference))
            self.provider.to_kwargs(ref)
        except InvalidOperationReference as exc:
            from .errors import InvalidContinuationToken

            raise InvalidContinuationToken(
                f"invalid continuation token: its operation reference is refused ({exc})"
            ) from None
        deadline = None
        if timeout is None:
            # the token's deadline, but never past one policy timeout from now: a token is
            # caller input, and a forged or stale deadline (1e300) must not outlive the policy
            deadline = min(state.deadline, self.clock.time() + self.policy.timeout)
        return ref, {
            "deadline_wall": deadline,
            "attempts": state.attempts,
            "last_status": state.last_status,
        }

    def _batch_references(self, refs: Sequence[Reference]) -> list[dict[str, str]]:
        references = [self._reference(r) for r in refs]
        for reference in references:  # malformed references are refused before any request
            self.provider.to_kwargs(reference)
        id_key = self.provider.id_key
        shared = {tuple(sorted((k, v) for k, v in r.items() if k != id_key)) for r in references}
        if len(shared) > 1:
            raise InvalidOperationReference(
                f"{self.provider.name}: a batched wait_many needs the same "
                f"{[k for k in self.provider.reference_keys if k != id_key]} for every operation; "
                "call it once per group."
            )
        return references

    def __repr__(self) -> str:
        auth = type(self._auth).__name__ if self._auth is not None else None
        name = type(self).__name__
        return f"{name}(base_url={self.base_url!r}, auth={auth}, credentials=<redacted>)"


def _with_transport(options: dict[str, Any], transport: Any) -> dict[str, Any]:
    args = dict(options.pop("httpx_args", None) or {})
    if transport is not None:
        if "transport" in args:
            raise ConfigurationError("pass transport= or httpx_args['transport'], not both")
        args["transport"] = transport
    return args


class StatusClient(ClientBase):
    """The sync SDK client base."""

    def __init__(self, *, transport: httpx.BaseTransport | None = None, **options: Any) -> None:
        super().__init__(httpx_args=_with_transport(options, transport), **options)

    def reauthenticate(self) -> bool:
        """Refresh credentials once after a 401/403 mid-wait; return True if refreshed.

        The default cannot (returns False, so the wait fails with AuthenticationError). Raise
        :class:`~opstatus_core.CredentialsRefused` to end the wait with an
        ``AuthenticationError`` carrying the provider's message; other exceptions are mapped like
        a failed request. See also :attr:`can_reauthenticate`.
        """
        return False

    def before_request(self) -> StatusResponse | None:
        """Run inside the fetch before each status request (override; default: nothing).

        E.g. take a token lazily (a login) and ``set_auth_headers(...)``. Return ``None`` to
        send the status request, or a generated ``Response`` (e.g. the login's 429 or 503) that
        the engine reads *instead* of it. Exceptions count like a failed request (a connection
        error or timeout against the transient budget); raise
        :class:`~opstatus_core.CredentialsRefused` for a refused credential exchange (the wait
        ends with ``AuthenticationError`` carrying its detail).
        """
        return None

    def _reauth_overridden(self) -> bool:
        return type(self).reauthenticate is not StatusClient.reauthenticate

    def _sender(self, requests: _Requests) -> SyncSend:
        def send(request: Send | Reauthenticate) -> object:
            if isinstance(request, Reauthenticate):
                return self.reauthenticate()
            if requests.prepare and (instead := self.before_request()) is not None:
                return instead
            kwargs = requests.kwargs(request)
            return requests.endpoint.sync_detailed(client=self._generated, **kwargs)

        return send

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
        """One request to any generated ``endpoint`` (not polled): the 2xx ``Response``, or the
        typed :class:`~opstatus_core.WaitError` a wait would raise for the same answer.

        Transient failures (connection errors, 408, 429, 5xx) are retried within the policy's
        transient budget, honouring ``Retry-After``, never past its timeout. ``about`` names the
        call in errors (default: the endpoint's name); ``expect``: the model class(es) a 2xx must
        parse to (else ``MalformedResponse``); ``idempotent=False`` for a call that starts
        something: only failures the server cannot have acted on (connection refused, 408, 429)
        are retried. ``before_request()`` is not run. Other keywords go to the endpoint.
        """
        machine, requests = self._calling(
            endpoint, about=about, expect=expect, idempotent=idempotent, policy=policy, **kwargs
        )
        return run(machine, self._sender(requests)).response()

    def call(self, endpoint: Any, /, **options: Any) -> Any:
        """:meth:`call_detailed`, returning the parsed model (``None`` for a 2xx without one)."""
        return self.call_detailed(endpoint, **options).parsed

    def poller(
        self,
        ref: Reference,
        *,
        policy: PollPolicy | None = None,
        timeout: float | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> Poller[Any]:
        """A poller for one operation (iterate it for snapshots, or call ``wait()``)."""
        machine, requests = self._single(ref, policy, timeout)
        return Poller(machine, self._sender(requests), on_progress=on_progress)

    def status(self, ref: Reference) -> Snapshot[Any]:
        """One status request (no waiting): the snapshot, or the typed error."""
        machine, requests = self._status_check(ref)
        poller = Poller(machine, self._sender(requests))
        while (snapshot := poller.step()) is None and not poller.done:
            pass  # a re-authentication, then the request again
        return snapshot or poller.result().snapshot

    def wait(self, ref: Reference, **options: Any) -> Outcome[Any]:
        """Block until the operation ends: the outcome, or a typed :class:`WaitError`
        (``policy``, ``timeout``, ``on_progress``: see :meth:`poller`)."""
        return self.poller(ref, **options).wait()

    def resume(
        self,
        token: str,
        *,
        timeout: float | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> Poller[Any]:
        """A poller continuing the wait a continuation token describes (its deadline, unless
        ``timeout`` gives a new one)."""
        machine, requests = self._resumed(token, timeout)
        return Poller(machine, self._sender(requests), on_progress=on_progress)

    def wait_many(
        self,
        refs: Sequence[Reference],
        *,
        policy: PollPolicy | None = None,
        timeout: float | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> list[Outcome[Any] | WaitError]:
        """Wait for several operations; per-operation errors are returned, in input order
        (a batching provider's operations share requests)."""
        if self.provider.batch is None:
            pollers = [
                self.poller(r, policy=policy, timeout=timeout, on_progress=on_progress)
                for r in refs
            ]
            return wait_many(pollers)
        machine, requests = self._batched(refs, policy, timeout)
        return run(machine, self._sender(requests), on_progress).results()

    def close(self) -> None:
        self._generated.get_httpx_client().close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncStatusClient(ClientBase):
    """The async SDK client base: one ``httpx.AsyncClient`` pool for any number of waits."""

    _asynchronous = True

    def __init__(
        self, *, transport: httpx.AsyncBaseTransport | None = None, **options: Any
    ) -> None:
        super().__init__(httpx_args=_with_transport(options, transport), **options)

    async def reauthenticate(self) -> bool:
        """Refresh credentials once after a 401/403 mid-wait; return True if refreshed.

        See :meth:`StatusClient.reauthenticate` and :attr:`can_reauthenticate`.
        """
        return False

    async def before_request(self) -> StatusResponse | None:
        """Run inside the fetch before each status request; see
        :meth:`StatusClient.before_request`."""
        return None

    def _reauth_overridden(self) -> bool:
        return type(self).reauthenticate is not AsyncStatusClient.reauthenticate

    def _sender(self, requests: _Requests) -> AsyncSend:
        async def send(request: Send | Reauthenticate) -> object:
            if isinstance(request, Reauthenticate):
                return await self.reauthenticate()
            if requests.prepare and (instead := await self.before_request()) is not None:
                return instead
            kwargs = requests.kwargs(request)
            return await requests.endpoint.asyncio_detailed(client=self._generated, **kwargs)

        return send

    async def call_detailed(self, endpoint: Any, /, **options: Any) -> StatusResponse:
        """See :meth:`StatusClient.call_detailed` (``endpoint.asyncio_detailed``)."""
        machine, requests = self._calling(endpoint, **options)
        return (await arun(machine, self._sender(requests))).response()

    async def call(self, endpoint: Any, /, **options: Any) -> Any:
        """See :meth:`StatusClient.call`: the parsed model, or the typed error."""
        return (await self.call_detailed(endpoint, **options)).parsed

    def poller(
        self,
        ref: Reference,
        *,
        policy: PollPolicy | None = None,
        timeout: float | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> AsyncPoller[Any]:
        """See :meth:`StatusClient.poller`."""
        machine, requests = self._single(ref, policy, timeout)
        return AsyncPoller(machine, self._sender(requests), on_progress=on_progress)

    async def status(self, ref: Reference) -> Snapshot[Any]:
        """See :meth:`StatusClient.status`."""
        machine, requests = self._status_check(ref)
        poller = AsyncPoller(machine, self._sender(requests))
        while (snapshot := await poller.step()) is None and not poller.done:
            pass
        return snapshot or poller.result().snapshot

    async def wait(self, ref: Reference, **options: Any) -> Outcome[Any]:
        """See :meth:`StatusClient.wait`."""
        return await self.poller(ref, **options).wait()

    def resume(
        self,
        token: str,
        *,
        timeout: float | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> AsyncPoller[Any]:
        """See :meth:`StatusClient.resume`."""
        machine, requests = self._resumed(token, timeout)
        return AsyncPoller(machine, self._sender(requests), on_progress=on_progress)

    async def wait_many(
        self, refs: Sequence[Reference], *, max_concurrency: int | None = None, **options: Any
    ) -> list[Outcome[Any] | WaitError]:
        """See :meth:`StatusClient.wait_many`; ``max_concurrency`` bounds the operations
        awaited at once (not for a batching provider, whose rounds are its own bound)."""
        if self.provider.batch is None:
            pollers = [self.poller(r, **options) for r in refs]
            return await async_wait_many(pollers, max_concurrency=max_concurrency)
        progress = options.pop("on_progress", None)
        machine, requests = self._batched(refs, max_concurrency=max_concurrency, **options)
        return (await arun(machine, self._sender(requests), progress)).results()

    async def aclose(self) -> None:
        await self._generated.get_async_httpx_client().aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
