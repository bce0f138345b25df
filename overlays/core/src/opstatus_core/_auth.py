"""How credentials go on the wire: each kind an ``httpx.Auth`` run on every request.

A login (:class:`LoginBearer`) is a request its flow yields, as httpx's ``DigestAuth`` does, so
it has the client's transport, bounds and deadline, and the engine reads its answer like any."""

from __future__ import annotations

import abc
import threading
from collections.abc import AsyncGenerator, Generator, Mapping
from typing import TYPE_CHECKING

import attrs
import httpx

from ._secret import ConfigurationError, Secret, env_secret, env_value
from .errors import CredentialsRefused

if TYPE_CHECKING:
    import asyncio

__all__ = ["ApiKeyHeader", "BasicCredentials", "BearerToken", "LoginBearer", "bearer_or_basic"]

#: a token not (or no longer) good here
_REFUSED = frozenset({401, 403})


@attrs.frozen
class BearerToken(httpx.Auth):
    """``Authorization: Bearer <token>``."""

    token: Secret

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Bearer {self.token.reveal()}"
        yield request


@attrs.frozen
class ApiKeyHeader(httpx.Auth):
    """A key in a named header (e.g. ``Ocp-Apim-Subscription-Key``)."""

    header: str
    key: Secret

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers[self.header] = self.key.reveal()
        yield request


@attrs.frozen
class BasicCredentials(httpx.Auth):
    """HTTP Basic authentication (httpx's own, with the password kept in a :class:`Secret`)."""

    username: str
    password: Secret

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        return httpx.BasicAuth(self.username, self.password.reveal()).auth_flow(request)


def bearer_or_basic(
    *,
    provider: str,
    token: str | Secret | None,
    username: str | None,
    password: str | Secret | None,
    token_env: str,
    username_env: str,
    password_env: str,
    environ: Mapping[str, str] | None,
) -> BearerToken | BasicCredentials:
    """Bearer token or HTTP basic, for APIs that take either; arguments win over the environment,
    and a token *and* a username or password is refused (guessing could send the wrong one)."""
    if token is not None:
        if username is not None or password is not None:
            raise ConfigurationError(f"{provider}: pass token or username/password, not both.")
        if not (bearer := Secret(token)):
            raise ConfigurationError(f"{provider}: the token is empty.")
        return BearerToken(bearer)
    if username is None and password is None:
        env_token = env_secret(token_env, environ=environ)
        if env_token is not None:
            return BearerToken(env_token)
    if (username is None) != (password is None):
        raise ConfigurationError(f"{provider}: basic authentication needs username and password.")
    username = username if username is not None else env_value(username_env, environ=environ)
    secret = Secret(password) if password is not None else env_secret(password_env, environ=environ)
    if not username or not secret:
        raise ConfigurationError(
            f"{provider}: no credentials; pass token=... or username=... and password=..., "
            f"or set {token_env}, or {username_env} and {password_env}."
        )
    if ":" in username:  # RFC 7617: the user-id of basic authentication cannot contain ':'
        raise ConfigurationError(f"{provider}: a basic-auth username cannot contain ':'.")
    return BasicCredentials(username, secret)


class LoginBearer(httpx.Auth, abc.ABC):
    """A bearer token from a provider's login (its subclass), shared by a client's requests.

    The first request without a token logs in (concurrent ones wait for it); one answered
    401/403 logs in again, unless another did meanwhile, and is sent once more. A refused login
    is remembered: known-bad credentials are not sent again until :meth:`forget`."""

    def __init__(self, token: Secret | None = None) -> None:
        self.token = token
        self.refused: CredentialsRefused | None = None
        self._lock = threading.Lock()
        self._async_lock: asyncio.Lock | None = None  # made by the event loop that needs it

    @property
    @abc.abstractmethod
    def can_login(self) -> bool:
        """Whether there are credentials to log in with (a token alone cannot be renewed)."""

    @abc.abstractmethod
    def login_request(self) -> httpx.Request:
        """The login request (built by the client's httpx client, so it has its timeouts)."""

    @abc.abstractmethod
    def read_login(self, response: httpx.Response) -> Secret | None:
        """The login's token; ``None``: a transient answer (408, 429, 5xx) that stands for the
        request. Raise :class:`CredentialsRefused` (never with the credential) for a refusal,
        ``httpx.HTTPStatusError`` for anything else."""

    def authorize(self, request: httpx.Request, token: Secret) -> httpx.Request:
        """``request`` with ``token`` on it (and what else the login told, in an override)."""
        request.headers["Authorization"] = f"Bearer {token.reveal()}"
        return request

    def forget(self) -> None:
        """Drop the token and any remembered refusal (an explicit login tries again)."""
        self.token = None
        self.refused = None

    def __repr__(self) -> str:
        return f"{type(self).__name__}(credentials=<redacted>)"

    # -- the flow --------------------------------------------------------------------------------
    def _next_login(self, sent: Secret | None) -> httpx.Request | None:
        """Under the lock: the login replacing ``sent``; ``None`` if another login already did."""
        if self.token is not None and self.token is not sent:
            return None
        self.token = None
        refused = self.refused
        if refused is not None:  # known-bad credentials are not sent again
            # a fresh error each time: one object raised again and again grows its traceback
            raise CredentialsRefused(
                refused.detail, reason=refused.reason, status_code=refused.status_code
            )
        return self.login_request()

    def _took(self, response: httpx.Response) -> bool:
        """Take the login's token; False: the login's answer stands for the request."""
        try:
            token = self.read_login(response)
        except CredentialsRefused as refused:
            self.refused = refused
            raise
        if token is not None:
            self.token, self.refused = token, None
        return token is not None

    def _alock(self) -> asyncio.Lock:
        if self._async_lock is None:
            import asyncio

            self._async_lock = asyncio.Lock()
        return self._async_lock

    # The sync and async flows are the same steps, with their own locks. A login's answer that
    # is not a token ends the flow: httpx returns it as the request's.
    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        request.read()  # it may be sent twice
        sent = self.token
        for retry in (False, True):
            if sent is None or retry:  # no token yet, or ``sent`` was refused
                with self._lock:
                    if (login := self._next_login(sent)) is not None:
                        answer = yield login
                        answer.read()
                        if not self._took(answer):
                            return
                    sent = self.token
            assert sent is not None
            response = yield self.authorize(request, sent)
            if response.status_code not in _REFUSED or not self.can_login:
                return

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        await request.aread()
        sent = self.token
        for retry in (False, True):
            if sent is None or retry:
                async with self._alock():
                    if (login := self._next_login(sent)) is not None:
                        answer = yield login
                        await answer.aread()
                        if not self._took(answer):
                            return
                    sent = self.token
            assert sent is not None
            response = yield self.authorize(request, sent)
            if response.status_code not in _REFUSED or not self.can_login:
                return

    # -- an explicit login (not inside a request) ---------------------------------------------
    def log_in(self, http: httpx.Client) -> httpx.Response | None:
        """Log in now, forgetting a refusal; ``None`` when logged in, else the transient answer."""
        with self._lock:
            self.forget()
            response = http.send(self.login_request(), auth=None)
            return None if self._took(response) else response

    async def async_log_in(self, http: httpx.AsyncClient) -> httpx.Response | None:
        """:meth:`log_in` on an async httpx client."""
        async with self._alock():
            self.forget()
            response = await http.send(self.login_request(), auth=None)
            return None if self._took(response) else response
