"""The CenturyLink Cloud binding: references, the login session, the provider and both clients.

What a status *means* (``succeeded``/``failed`` terminal, everything else documented pending, an
unknown value pending with a warning) is read by core from the spec's ``x-opstatus``; this module
only says how one status request is made and what CenturyLink needs on top: a bearer token from
``POST /v2/authentication/login`` (taken lazily by core's ``before_request()`` hook, inside the
first status request, so that a login that meets a 429/5xx/dropped connection is retried by the
engine like any other request; a refused login ends the wait with ``AuthenticationError`` and
CenturyLink's message), the account alias defaulting to the login's ``accountAlias`` (filled in
per request by ``status_kwargs()``), and one re-login when the token expires mid-wait.
"""

from __future__ import annotations

import asyncio
import logging
import re
import threading
from collections.abc import Callable, Mapping
from typing import Any, Self
from urllib.parse import unquote, urlsplit

import attrs
import httpx
from opstatus_clc_operations_client.api.operations import get_operation_status, login
from opstatus_clc_operations_client.client import Client
from opstatus_clc_operations_client.models import ErrorResponse, LoginRequest, LoginResponse
from opstatus_clc_operations_client.types import Response
from opstatus_core import (
    AsyncStatusClient,
    BearerToken,
    ClientBase,
    ConfigurationError,
    CredentialsRefused,
    Hooks,
    OperationFailed,
    OperationReference,
    OpstatusError,
    Provider,
    Secret,
    StatusClient,
    StatusResponse,
    env_secret,
    env_value,
)
from opstatus_core.limits import shorten

__all__ = [
    "ALIAS_ENV",
    "BASE_URL_ENV",
    "DEFAULT_BASE_URL",
    "NAME",
    "PASSWORD_ENV",
    "PROVIDER",
    "TOKEN_ENV",
    "USERNAME_ENV",
    "AsyncClcOperationsClient",
    "ClcOperationsClient",
    "ClcReference",
    "LoginFailed",
    "parse_reference",
]

NAME = "clc-operations"
BASE_URL_ENV = "OPSTATUS_CLC_BASE_URL"
USERNAME_ENV = "OPSTATUS_CLC_USERNAME"
PASSWORD_ENV = "OPSTATUS_CLC_PASSWORD"
TOKEN_ENV = "OPSTATUS_CLC_TOKEN"
ALIAS_ENV = "OPSTATUS_CLC_ALIAS"
#: the host of CenturyLink's later docs and its own SDKs (the spec's second server; the first,
#: ``https://api.tier3.com``, is the original page's)
DEFAULT_BASE_URL = "https://api.ctl.io"

ALIAS = "acctAlias"
STATUS_ID = "statusId"
REFERENCE_KEYS = (ALIAS, STATUS_ID)

log = logging.getLogger("opstatus_clc_operations")

# -- references -----------------------------------------------------------------------------

#: a status link's path: ``/v2/operations/{acctAlias}/status/{statusId}`` (ids percent-encoded)
_STATUS_LINK = re.compile(r"(?:^|/)v2/operations/(?P<alias>[^/?#]+)/status/(?P<id>[^/?#]+)/?$")


def _link(href: str) -> dict[str, object] | None:
    path = urlsplit(href).path if "://" in href else href.split("?", 1)[0].split("#", 1)[0]
    match = _STATUS_LINK.search(path)
    if match is None:
        return None
    return {ALIAS: unquote(match["alias"]), STATUS_ID: unquote(match["id"])}


@attrs.frozen
class ClcReference(OperationReference):
    """A queue job: ``{"statusId": ..., "acctAlias": ...}`` (the alias optional: the client's,
    else the login's ``accountAlias``).

    Also accepted: a status id (``"wa1-12345"``); a status link's ``href``
    (``"/v2/operations/ALIAS/status/wa1-12345"``, or a full URL); or the status link object a
    batch job returns (``{"rel": "status", "href": ..., "id": ...}``). The spec requires both
    path parameters to be non-empty strings (``minLength: 1``).
    """

    provider = NAME
    keys = REFERENCE_KEYS
    id_key = STATUS_ID
    optional_keys = frozenset({ALIAS})

    status_id: str
    account_alias: str | None = None

    @classmethod
    def _values(cls, value: object) -> dict[str, object]:
        if isinstance(value, str) and value.startswith(("/", "http://", "https://")):
            link = _link(value)
            if link is not None:
                return link
        elif isinstance(value, Mapping) and "href" in value:
            href = value["href"]
            found = _link(href) if isinstance(href, str) else None
            if found is None:
                raise cls.refuse(
                    f"{shorten(repr(href))} is not a status link (/v2/operations/ALIAS/status/ID)."
                )
            return found
        elif not isinstance(value, str | Mapping):
            raise cls.refuse(
                f"an operation reference is a status id, a status link or a mapping, not "
                f"{type(value).__name__}."
            )
        return super()._values(value)

    @classmethod
    def _from_values(cls, values: Mapping[str, object]) -> Self:
        alias = cls.text(values, ALIAS) if ALIAS in values else None
        return cls(cls.text(values, STATUS_ID), alias)

    def to_kwargs(self) -> dict[str, Any]:
        """The path parameters; a missing alias is filled in per request by the client."""
        return {"acct_alias": self.account_alias, "status_id": self.status_id}

    def to_dict(self) -> dict[str, str]:
        alias = {ALIAS: self.account_alias} if self.account_alias is not None else {}
        return {**alias, STATUS_ID: self.status_id}


def parse_reference(ref: object) -> dict[str, str]:
    """An operation reference as ``{"statusId": ..., "acctAlias": ...}`` (alias if given); see
    :class:`ClcReference` for what is accepted."""
    return ClcReference.parse(ref).to_dict()


PROVIDER = Provider(
    name=NAME,
    spec_package="opstatus_clc_operations",
    operation_id="getOperationStatus",
    endpoint=get_operation_status,
    client_class=Client,
    reference=ClcReference,
    base_url_env=BASE_URL_ENV,
    default_base_url=DEFAULT_BASE_URL,
    hooks=Hooks(
        hints={
            OperationFailed: "The job ended 'failed'; CenturyLink reports no detail here: check "
            "the request that started it in the Control Portal.",
        }
    ),
)

# -- the login session --------------------------------------------------------------------------


class LoginFailed(OpstatusError):
    """An explicit ``client.login()`` failed (a wait turns the same into ``AuthenticationError``,
    or retries it as a transient failure). ``status_code``: the login's HTTP status, if any."""

    def __init__(self, message: str, *, status_code: int | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code


class _LoginFailed(httpx.HTTPError):
    """A login answered with a status that is neither success, refusal nor transient (e.g. 404
    for a wrong base URL): the engine turns an ``httpx.HTTPError`` into ``ApiError``."""


def _message(content: bytes) -> str | None:
    try:
        parsed = ErrorResponse.from_dict(httpx.Response(200, content=content).json())
    except Exception:
        return None
    return parsed.message or None


class _Session:
    """Credentials and the bearer token of one client; never in a repr, log line or error.

    The token is taken lazily by the first status request (:meth:`prepare`); ``expire()`` drops
    it so the next status request logs in again. Logins are serialized (a thread lock for sync
    clients, an asyncio lock for async ones) so concurrent waits share one token.
    """

    def __init__(
        self,
        *,
        username: str | None,
        password: Secret | None,
        token: Secret | None,
        alias: str | None,
    ) -> None:
        #: applies the credential headers to the live connection pools (the client's
        #: ``set_auth_headers``)
        self.on_token: Callable[[Mapping[str, str]], None] = lambda headers: None
        self.username = username
        self.password = password
        self.token = token
        self.alias = alias  # explicit/env, else the login's accountAlias
        #: the refusal, raised again without a login (known-bad credentials are not sent again)
        self.refused: CredentialsRefused | None = None
        self._explicit_alias = alias is not None
        self._lock = threading.Lock()
        self._async_lock: asyncio.Lock | None = None

    @property
    def can_login(self) -> bool:
        return bool(self.username) and bool(self.password)

    def __repr__(self) -> str:
        return "_Session(credentials=<redacted>)"

    def expire(self) -> bool:
        """Drop the token after a 401/403 mid-wait; True if the next request can log in again."""
        if not self.can_login or self.refused is not None:
            return False
        self.token = None
        return True

    def _request(self) -> LoginRequest:
        assert self.username is not None
        assert self.password is not None
        return LoginRequest(username=self.username, password=self.password.reveal())

    def _accept(self, response: Response[ErrorResponse | LoginResponse]) -> StatusResponse | None:
        """Take the token from a login response; else what the engine should see instead (a
        transient answer), or raise (:class:`CredentialsRefused` for a refusal)."""
        code = int(response.status_code)
        parsed = response.parsed
        if code == 200 and isinstance(parsed, LoginResponse):
            self.token = Secret(parsed.bearer_token)
            if not self._explicit_alias:
                self.alias = parsed.account_alias
            self.refused = None
            self.on_token(BearerToken(self.token).headers())
            log.debug("%s: logged in (account %s)", NAME, parsed.account_alias)
            return None
        if code in (400, 401, 403):
            # CenturyLink answers bad credentials with 400
            detail = _message(response.content)
            log.warning("%s: login refused (HTTP %d): %s", NAME, code, detail or "no detail")
            self.refused = CredentialsRefused(
                detail, reason=f"login refused (HTTP {code})", status_code=code
            )
            raise self.refused
        if code in (408, 429) or code >= 500:
            return response  # transient: retried within the budget, Retry-After honoured
        detail = _message(response.content)
        raise _LoginFailed(
            f"login answered HTTP {code}"
            + (f": {detail}" if detail else "")
            + " (check the base URL)"
        )

    def prepare(self, client: Client) -> StatusResponse | None:
        """Make sure there is a token (logging in if needed); a response ends the request."""
        if self.token is not None:
            return None
        with self._lock:
            if self.token is not None:
                return None
            if self.refused is not None:
                raise self.refused  # known-bad credentials are not sent again
            return self._accept(login.sync_detailed(client=client, body=self._request()))

    async def aprepare(self, client: Client) -> StatusResponse | None:
        if self.token is not None:
            return None
        if self._async_lock is None:
            self._async_lock = asyncio.Lock()
        async with self._async_lock:
            if self.token is not None:
                return None
            if self.refused is not None:
                raise self.refused
            return self._accept(await login.asyncio_detailed(client=client, body=self._request()))


def _session(
    *,
    username: str | None,
    password: str | Secret | None,
    token: str | Secret | None,
    account_alias: str | None,
    environ: Mapping[str, str] | None,
) -> _Session:
    user = username if username is not None else env_value(USERNAME_ENV, environ=environ)
    secret = Secret(password) if password is not None else env_secret(PASSWORD_ENV, environ=environ)
    bearer = Secret(token) if token is not None else env_secret(TOKEN_ENV, environ=environ)
    alias = account_alias if account_alias is not None else env_value(ALIAS_ENV, environ=environ)
    if alias is not None and not alias.strip():
        raise ConfigurationError(f"{NAME}: account_alias must not be empty.")
    if bool(user) != bool(secret):
        missing = "password" if user else "username"
        env = PASSWORD_ENV if user else USERNAME_ENV
        raise ConfigurationError(f"{NAME}: no {missing}; pass {missing}= or set {env}.")
    if not user and not bearer:
        raise ConfigurationError(
            f"{NAME}: no credentials; pass username= and password= (or token=), or set "
            f"{USERNAME_ENV} and {PASSWORD_ENV} (or {TOKEN_ENV})."
        )
    if not user and not alias:
        raise ConfigurationError(
            f"{NAME}: with a bearer token and no login, the account alias is needed; pass "
            f"account_alias= or set {ALIAS_ENV}."
        )
    return _Session(
        username=user or None, password=secret or None, token=bearer or None, alias=alias
    )


# -- the clients ------------------------------------------------------------------------------


class _ClcMixin(ClientBase):
    """What both clients add to core's bases (the credentials and session, references, the
    repr)."""

    provider = PROVIDER
    _clc: _Session

    def __init__(
        self,
        *,
        username: str | None = None,
        password: str | Secret | None = None,
        token: str | Secret | None = None,
        account_alias: str | None = None,
        **options: Any,
    ) -> None:
        self._clc = _session(
            username=username,
            password=password,
            token=token,
            account_alias=account_alias,
            environ=options.get("environ"),
        )
        token_now = self._clc.token
        super().__init__(auth=BearerToken(token_now) if token_now is not None else None, **options)
        self._clc.on_token = self.set_auth_headers
        # a token-only client cannot log in again: its 401 ends the wait with the detail
        self.can_reauthenticate = self._clc.can_login

    @property
    def account_alias(self) -> str | None:
        """The account alias status requests use (explicit/env, else the login's; None before
        the first login)."""
        return self._clc.alias

    def reference_defaults(self) -> Mapping[str, str]:
        """The alias defaults to ``account_alias`` (``OPSTATUS_CLC_ALIAS``, else the login's
        ``accountAlias``, resolved at the first status request when not known yet)."""
        return {ALIAS: self._clc.alias} if self._clc.alias else {}

    def status_kwargs(self, reference: OperationReference) -> Mapping[str, Any]:
        """The status request's kwargs, with the alias the login gave (when the reference has
        none: it is resolved at the first status request)."""
        kwargs = reference.to_kwargs()
        if not kwargs["acct_alias"]:
            alias = self._clc.alias
            if not alias:  # unreachable: a login always sets it, a token-only client requires it
                raise ConfigurationError(f"{NAME}: no account alias; pass account_alias.")
            kwargs["acct_alias"] = alias
        return kwargs

    def _start_login(self) -> None:
        if not self._clc.can_login:
            raise ConfigurationError(f"{NAME}: no username/password to log in with.")
        self._clc.token = None
        self._clc.refused = None

    def _login_done(self, instead: StatusResponse | None) -> str:
        if instead is not None:
            code = int(instead.status_code)
            raise LoginFailed(
                f"{NAME}: login answered HTTP {code}: {_message(instead.content) or 'no detail'}",
                status_code=code,
            )
        assert self._clc.alias is not None
        return self._clc.alias

    def __repr__(self) -> str:
        mode = "login" if self._clc.can_login else "bearer token"
        alias = self._clc.alias
        return (
            f"{type(self).__name__}(base_url={self.base_url!r}, account_alias={alias!r}, "
            f"auth={mode!r}, credentials=<redacted>)"
        )


class ClcOperationsClient(_ClcMixin, StatusClient):
    """Wait on CenturyLink Cloud queue jobs (sync).

    Credentials: ``username``/``password`` (``OPSTATUS_CLC_USERNAME``/``OPSTATUS_CLC_PASSWORD``)
    to log in (lazily, and once more if the token expires mid-wait), or an existing bearer
    ``token`` (``OPSTATUS_CLC_TOKEN``; with username/password too, they renew it). The account
    alias defaults to ``OPSTATUS_CLC_ALIAS``, else the login's ``accountAlias``. Base URL:
    ``base_url`` or ``OPSTATUS_CLC_BASE_URL``, default ``https://api.ctl.io``. Other options
    (``policy``, ``clock``, ``request_timeout``, ``transport``, ...) are core's.
    """

    def login(self) -> str:
        """Log in now (normally the first status request does); return the account alias.

        Raises :class:`LoginFailed` (refused, or any other failure) and
        :class:`~opstatus_core.ConfigurationError` for a client without username/password.
        """
        self._start_login()
        try:
            instead = self._clc.prepare(self.generated_client)
        except (CredentialsRefused, httpx.HTTPError, ValueError, KeyError, TypeError) as exc:
            raise _login_failed(exc) from None
        return self._login_done(instead)

    def reauthenticate(self) -> bool:
        """After a 401/403 mid-wait: drop the token so the next status request logs in again
        (once; a refused login then ends the wait with ``AuthenticationError``)."""
        return self._clc.expire()

    def before_request(self) -> StatusResponse | None:
        """Log in before the status request when there is no token (core's hook)."""
        return self._clc.prepare(self.generated_client)


class AsyncClcOperationsClient(_ClcMixin, AsyncStatusClient):
    """Wait on CenturyLink Cloud queue jobs (async); the options of :class:`ClcOperationsClient`."""

    async def login(self) -> str:
        """Log in now (normally the first status request does); return the account alias."""
        self._start_login()
        try:
            instead = await self._clc.aprepare(self.generated_client)
        except (CredentialsRefused, httpx.HTTPError, ValueError, KeyError, TypeError) as exc:
            raise _login_failed(exc) from None
        return self._login_done(instead)

    async def reauthenticate(self) -> bool:
        """See :meth:`ClcOperationsClient.reauthenticate`."""
        return self._clc.expire()

    async def before_request(self) -> StatusResponse | None:
        """Log in before the status request when there is no token (core's hook)."""
        return await self._clc.aprepare(self.generated_client)


def _login_failed(exc: Exception) -> LoginFailed:
    if isinstance(exc, CredentialsRefused):
        return LoginFailed(
            f"{NAME}: {exc.reason}: {exc.detail or 'no detail'}", status_code=exc.status_code
        )
    reason = str(exc) if isinstance(exc, _LoginFailed) else type(exc).__name__
    return LoginFailed(f"{NAME}: login failed: {reason}.")
