"""The CenturyLink Cloud binding: references, the login session, the provider and both clients.

What a status *means* (``succeeded``/``failed`` terminal, everything else documented pending, an
unknown value pending with a warning) is read by core from the spec's ``x-opstatus``; this module
only says how one status request is made and what CenturyLink needs on top: a bearer token from
``POST /v2/authentication/login`` (:class:`_Session`, core's login-then-bearer ``httpx.Auth``
flow: the login rides on the first status request, so one answered 429/5xx or dropped is retried
by the engine like any other request, and a refused one ends the wait with
``AuthenticationError`` and CenturyLink's message; one re-login when a request is answered
401/403), and the account alias defaulting to the login's ``accountAlias`` (filled in by the
session into requests that name no account).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from typing import Any, Self
from urllib.parse import quote, unquote, urlsplit

import attrs
import httpx
from opstatus_clc_operations_client.api.operations import get_operation_status, login
from opstatus_clc_operations_client.client import Client
from opstatus_clc_operations_client.models import ErrorResponse, LoginRequest, LoginResponse
from opstatus_core import (
    AsyncStatusClient,
    ClientBase,
    Hooks,
    LoginBearer,
    OperationReference,
    Provider,
    Secret,
    StatusClient,
    env_secret,
    env_value,
)
from opstatus_core.errors import CredentialsRefused
from opstatus_core.limits import shorten
from opstatus_core.sdk import ConfigurationError, OperationFailed, OpstatusError

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
#: the alias segment of a status request for the login's own account, before the login has
#: told which one it is: an empty segment, which no alias can be (``minLength: 1``)
_LOGIN_ACCOUNT = ""

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
        """The path parameters; no alias: the login's account, filled in by the session
        (``_Session.authorize``)."""
        return {"acct_alias": self.account_alias or _LOGIN_ACCOUNT, "status_id": self.status_id}

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


def _message(content: bytes) -> str | None:
    """CenturyLink's ``message`` in an error body, if the body is one."""
    try:
        document = json.loads(content)
        message = ErrorResponse.from_dict(document).message if isinstance(document, dict) else None
    except (ValueError, KeyError, TypeError, RecursionError):
        return None
    return message if isinstance(message, str) and message else None


_NO_ALIAS = b"/v2/operations//status/"  # a status request's path with _LOGIN_ACCOUNT


class _Session(LoginBearer):
    """CenturyLink's login (``POST /v2/authentication/login``) and the token it gives.

    The login runs inside the first status request (core's :class:`LoginBearer` flow) and once
    more when a request is answered 401/403. It also tells the account: a status request
    without an alias (``_LOGIN_ACCOUNT``) gets the login's ``accountAlias`` filled in.
    """

    def __init__(
        self,
        *,
        username: str | None,
        password: Secret | None,
        token: Secret | None,
        alias: str | None,
    ) -> None:
        super().__init__(token)
        self.username = username
        self.password = password
        self.alias = alias  # explicit/env, else the login's accountAlias
        self._explicit_alias = alias is not None
        #: the client's httpx client, which builds the login request (set by the client)
        self.http: httpx.Client | httpx.AsyncClient | None = None

    @property
    def can_login(self) -> bool:
        return bool(self.username) and bool(self.password)

    def login_request(self) -> httpx.Request:
        assert self.http is not None
        assert self.username is not None
        assert self.password is not None
        body = LoginRequest(username=self.username, password=self.password.reveal())
        return self.http.build_request(**login.request_kwargs(self.http, body=body))

    def read_login(self, response: httpx.Response) -> Secret | None:
        code = response.status_code
        if code == 200:
            parsed = LoginResponse.from_dict(json.loads(response.content))
            if not self._explicit_alias:
                self.alias = parsed.account_alias
            log.debug("%s: logged in (account %s)", NAME, parsed.account_alias)
            return Secret(parsed.bearer_token)
        if code in (400, 401, 403):  # CenturyLink answers bad credentials with 400
            detail = _message(response.content)
            log.warning("%s: login refused (HTTP %d): %s", NAME, code, detail or "no detail")
            reason = f"login refused (HTTP {code})"
            raise CredentialsRefused(detail, reason=reason, status_code=code)
        if code in (408, 429) or code >= 500:
            return None  # transient: retried within the budget, Retry-After honoured
        detail = _message(response.content)
        said = f": {detail}" if detail else ""
        raise httpx.HTTPStatusError(
            f"login answered HTTP {code}{said} (check the base URL)",
            request=response.request,
            response=response,
        )

    def authorize(self, request: httpx.Request, token: Secret) -> httpx.Request:
        """The bearer token, and the login's account where the request names none."""
        path = request.url.raw_path
        if _NO_ALIAS in path:
            if not self.alias:  # unreachable: a login always sets it, a token needs one
                raise ConfigurationError(f"{NAME}: no account alias; pass account_alias.")
            head, _, tail = path.rpartition(_NO_ALIAS)
            alias = quote(self.alias, safe="").encode("ascii")
            request.url = request.url.copy_with(
                raw_path=head + b"/v2/operations/" + alias + b"/status/" + tail
            )
        return super().authorize(request, token)


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
        super().__init__(auth=self._clc, **options)
        generated = self.generated_client  # its httpx client builds the login request
        asynchronous = self._asynchronous
        self._clc.http = (
            generated.get_async_httpx_client() if asynchronous else generated.get_httpx_client()
        )

    @property
    def account_alias(self) -> str | None:
        """The account alias status requests use (explicit/env, else the login's; None before
        the first login)."""
        return self._clc.alias

    def reference_defaults(self) -> Mapping[str, str]:
        """The alias defaults to ``account_alias`` (``OPSTATUS_CLC_ALIAS``, else the login's
        ``accountAlias``, filled in at the first status request when not known yet)."""
        return {ALIAS: self._clc.alias} if self._clc.alias else {}

    def _start_login(self) -> None:
        if not self._clc.can_login:
            raise ConfigurationError(f"{NAME}: no username/password to log in with.")

    def _login_done(self, transient: httpx.Response | None) -> str:
        if transient is not None:
            code = transient.status_code
            raise LoginFailed(
                f"{NAME}: login answered HTTP {code}: {_message(transient.content) or 'no detail'}",
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


#: what an explicit login turns into :class:`LoginFailed`
_LOGIN_ERRORS = (CredentialsRefused, httpx.HTTPError, ValueError, KeyError, TypeError)


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
        :class:`~opstatus_core.sdk.ConfigurationError` for a client without username/password.
        """
        self._start_login()
        try:
            transient = self._clc.log_in(self.generated_client.get_httpx_client())
        except _LOGIN_ERRORS as exc:
            raise _login_failed(exc) from None
        return self._login_done(transient)


class AsyncClcOperationsClient(_ClcMixin, AsyncStatusClient):
    """Wait on CenturyLink Cloud queue jobs (async); the options of :class:`ClcOperationsClient`."""

    async def login(self) -> str:
        """Log in now (normally the first status request does); return the account alias."""
        self._start_login()
        try:
            transient = await self._clc.async_log_in(self.generated_client.get_async_httpx_client())
        except _LOGIN_ERRORS as exc:
            raise _login_failed(exc) from None
        return self._login_done(transient)


def _login_failed(exc: Exception) -> LoginFailed:
    if isinstance(exc, CredentialsRefused):
        return LoginFailed(
            f"{NAME}: {exc.reason}: {exc.detail or 'no detail'}", status_code=exc.status_code
        )
    if isinstance(exc, httpx.HTTPStatusError):
        return LoginFailed(f"{NAME}: login failed: {exc}.", status_code=exc.response.status_code)
    return LoginFailed(f"{NAME}: login failed: {type(exc).__name__}.")
