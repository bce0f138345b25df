"""Credentials as ``httpx.Auth`` flows: the fixed ones on the wire, and a login-then-bearer
(:class:`LoginBearer`) whose login rides on the status request: its transient answers count
against the wait's budget, a refusal ends the wait with the provider's message, a 401/403 logs
in again once, concurrent requests share one login."""

from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from opstatus_core import (
    ApiKeyHeader,
    BasicCredentials,
    BearerToken,
    FakeClock,
    LoginBearer,
    Secret,
)
from opstatus_core.errors import CredentialsRefused
from opstatus_core.sdk import ApiError, AuthenticationError, TransientRetriesExhausted

from ._support import FakeAsyncClient, FakeClient, Script, policy, status_body

# -- fixed credentials ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("auth", "header", "value"),
    [
        (BearerToken(Secret("s3cr3t")), "Authorization", "Bearer s3cr3t"),
        (ApiKeyHeader("Key", Secret("s3cr3t")), "Key", "s3cr3t"),
        (BasicCredentials("u", Secret("s3cr3t")), "Authorization", "Basic dTpzM2NyM3Q="),
    ],
    ids=["bearer", "key", "basic"],
)
async def test_fixed_credentials_on_every_request(
    mode: str, clock: FakeClock, auth: httpx.Auth, header: str, value: str
) -> None:
    script = Script((200, status_body("Running")), (200, status_body("Succeeded")))
    outcome = await _wait(mode, script, clock, auth=auth)
    assert outcome.status == "Succeeded"
    assert [r.headers[header] for r in script.requests] == [value, value]
    assert "s3cr3t" not in repr(auth)


async def test_a_fixed_credential_refused_ends_the_wait(mode: str, clock: FakeClock) -> None:
    script = Script((401, {"error": "token expired"}), (200, status_body("Succeeded")))
    with pytest.raises(AuthenticationError) as info:
        await _wait(mode, script, clock, auth=BearerToken(Secret("tok")))
    assert info.value.detail == "token expired"
    assert len(script.requests) == 1


# -- a login before the status request -------------------------------------------------------------


class _Login(LoginBearer):
    """What an SDK's session does: ``POST /login`` on the client's own httpx client."""

    def __init__(self, *, can_login: bool = True, token: str | None = None) -> None:
        super().__init__(Secret(token) if token is not None else None)
        self._can_login = can_login
        self.http: httpx.Client | httpx.AsyncClient | None = None

    @property
    def can_login(self) -> bool:
        return self._can_login

    def login_request(self) -> httpx.Request:
        assert self.http is not None
        return self.http.build_request("POST", "/login", json={"user": "u", "password": "pw"})

    def read_login(self, response: httpx.Response) -> Secret | None:
        code = response.status_code
        if code == 200:
            return Secret(response.json()["token"])
        if code == 400:  # the default reason: "the credential exchange was refused"
            raise CredentialsRefused(response.json()["message"], status_code=code)
        if code == 401:
            reason = "login refused (HTTP 401)"
            raise CredentialsRefused(response.json()["message"], reason=reason, status_code=code)
        if code in (429, 503):
            return None
        raise httpx.HTTPStatusError(
            f"login answered HTTP {code} (check the base URL)",
            request=response.request,
            response=response,
        )


class _Routed(Script):
    """One server: ``/login`` answered by ``logins``, everything else by ``statuses``;
    ``sent`` records each request's path and credential as it went out."""

    def __init__(self, logins: Script, statuses: Script) -> None:
        super().__init__(lambda r: (logins if r.url.path == "/login" else statuses).handler(r))
        self.sent: list[tuple[str, str | None]] = []

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.sent.append((request.url.path, request.headers.get("Authorization")))
        return super().handler(request)


def _routed(logins: Script, statuses: Script) -> _Routed:
    return _Routed(logins, statuses)


def _client(mode: str, script: Script, clock: FakeClock, **options: Any) -> Any:
    options.setdefault("policy", policy())
    if mode == "sync":
        client: Any = FakeClient(transport=script.sync(), clock=clock, **options)
        http: Any = client.generated_client.get_httpx_client()
    else:
        client = FakeAsyncClient(transport=script.asynchronous(), clock=clock, **options)
        http = client.generated_client.get_async_httpx_client()
    if isinstance(options.get("auth"), _Login):
        options["auth"].http = http
    return client


async def _wait(mode: str, script: Script, clock: FakeClock, **options: Any) -> Any:
    client = _client(mode, script, clock, **options)
    if mode == "sync":
        with client:
            return client.wait("op-1")
    async with client:
        return await client.wait("op-1")


async def _wait_on(client: Any, ref: str = "op-1") -> Any:
    if isinstance(client, FakeClient):
        return client.wait(ref)
    return await client.wait(ref)


TOKEN = (200, {"token": "t"})
REFUSED = (400, {"message": "Bad user name or password."})


async def test_the_login_rides_on_the_first_status_request(mode: str, clock: FakeClock) -> None:
    logins = Script(TOKEN)
    statuses = Script((200, status_body("Running")), (200, status_body("Succeeded")))
    outcome = await _wait(mode, _routed(logins, statuses), clock, auth=_Login())
    assert outcome.status == "Succeeded"
    assert outcome.attempts == 2
    assert len(logins.requests) == 1  # the token is kept
    assert logins.requests[0].extensions["timeout"]  # the client's request timeout
    assert [r.headers["Authorization"] for r in statuses.requests] == ["Bearer t"] * 2


async def test_login_failures_count_against_the_transient_budget(
    mode: str, clock: FakeClock
) -> None:
    logins = Script(
        httpx.ConnectError("refused"), (429, {}, {"Retry-After": "7"}), (503, {}), TOKEN
    )
    statuses = Script((200, status_body("Succeeded")))
    outcome = await _wait(mode, _routed(logins, statuses), clock, auth=_Login())
    assert outcome.status == "Succeeded"
    assert outcome.attempts == 4  # three failed logins, then login + status request
    assert len(logins.requests) == 4
    assert len(statuses.requests) == 1
    assert clock.sleeps[1] >= 7  # the login's Retry-After is obeyed


async def test_login_failures_exhaust_the_budget(mode: str, clock: FakeClock) -> None:
    logins = Script((503, {}))
    statuses = Script((200, status_body("Succeeded")))
    with pytest.raises(TransientRetriesExhausted) as info:
        await _wait(
            mode, _routed(logins, statuses), clock, auth=_Login(), policy=policy(transient_budget=2)
        )
    assert info.value.status_code == 503
    assert len(logins.requests) == 3
    assert statuses.requests == []


async def test_refused_credential_exchange_is_an_auth_error_with_the_message(
    mode: str, clock: FakeClock
) -> None:
    logins = Script(REFUSED)
    statuses = Script((200, status_body("Succeeded")))
    login = _Login()
    client = _client(mode, _routed(logins, statuses), clock, auth=login)
    for _ in range(2):  # the second wait sends no login: known-bad credentials
        with pytest.raises(AuthenticationError) as info:
            await _wait_on(client)
        err = info.value
        assert err.detail == "Bad user name or password."
        assert err.status_code == 400
        assert "the credential exchange was refused" in str(err)
        assert str(err).count("..") == 0
    assert len(logins.requests) == 1  # no re-authentication after a refused exchange
    assert statuses.requests == []
    login.forget()  # an explicit login tries again
    assert login.refused is None


async def test_an_unexpected_login_answer_names_the_base_url(mode: str, clock: FakeClock) -> None:
    logins = Script((404, {"message": "no such route"}))
    statuses = Script((200, status_body("Succeeded")))
    with pytest.raises(ApiError) as info:
        await _wait(mode, _routed(logins, statuses), clock, auth=_Login())
    assert "login answered HTTP 404 (check the base URL)" in str(info.value)
    assert len(logins.requests) == 1
    assert statuses.requests == []


async def test_relogin_after_401_is_refused(mode: str, clock: FakeClock) -> None:
    logins = Script(TOKEN, REFUSED)
    statuses = Script(
        (200, status_body("Running")),
        (401, {"error": "expired"}),
        (200, status_body("Succeeded")),
    )
    with pytest.raises(AuthenticationError) as info:
        await _wait(mode, _routed(logins, statuses), clock, auth=_Login())
    assert info.value.detail == "Bad user name or password."
    assert len(logins.requests) == 2


async def test_relogin_can_give_the_reason(mode: str, clock: FakeClock) -> None:
    logins = Script((401, {"message": "account locked"}))
    statuses = Script((401, {"error": "expired"}), (200, status_body("Succeeded")))
    with pytest.raises(AuthenticationError) as info:
        await _wait(mode, _routed(logins, statuses), clock, auth=_Login(token="old"))
    assert info.value.detail == "account locked"
    assert info.value.reason == "login refused (HTTP 401)"
    assert "account locked" in str(info.value)
    assert len(statuses.requests) == 1


async def test_a_token_that_cannot_be_renewed_ends_at_the_first_401(
    mode: str, clock: FakeClock
) -> None:
    logins = Script(TOKEN)
    statuses = Script((401, {"error": "token expired"}), (200, status_body("Succeeded")))
    auth = _Login(can_login=False, token="t")
    with pytest.raises(AuthenticationError) as info:
        await _wait(mode, _routed(logins, statuses), clock, auth=auth)
    assert info.value.detail == "token expired"
    assert info.value.status_code == 401
    assert len(statuses.requests) == 1
    assert logins.requests == []


async def test_relogs_in_once_then_fails(mode: str, clock: FakeClock) -> None:
    logins = Script((200, {"token": "new"}))
    ok = Script(
        (200, status_body("Running")), (401, {"error": "expired"}), (200, status_body("Succeeded"))
    )
    server = _routed(logins, ok)
    outcome = await _wait(mode, server, clock, auth=_Login(token="old"))
    assert outcome.status == "Succeeded"
    assert len(logins.requests) == 1
    assert server.sent == [
        ("/ops/op-1", "Bearer old"),
        ("/ops/op-1", "Bearer old"),
        ("/login", None),
        ("/ops/op-1", "Bearer new"),  # the refused request, sent again with the new token
    ]

    logins = Script((200, {"token": "new"}))
    bad = Script((401, {"error": "expired"}))
    with pytest.raises(AuthenticationError):
        await _wait(mode, _routed(logins, bad), clock, auth=_Login(token="old"))
    assert len(bad.requests) == 2  # one retry after re-login, then the typed error
    assert len(logins.requests) == 1


class _SlowLogin(_Routed):
    """A login that takes a moment (real time), so concurrent requests meet it in flight."""

    def sync(self) -> httpx.MockTransport:
        def handle(request: httpx.Request) -> httpx.Response:
            if request.url.path == "/login":
                time.sleep(0.05)
            return self.handler(request)

        return httpx.MockTransport(handle)

    def asynchronous(self) -> httpx.MockTransport:
        async def handle(request: httpx.Request) -> httpx.Response:
            if request.url.path == "/login":
                await asyncio.sleep(0.05)
            return self.handler(request)

        return httpx.MockTransport(handle)


async def test_concurrent_waits_share_one_login(mode: str, clock: FakeClock) -> None:
    logins = Script(TOKEN)
    statuses = Script(lambda r: httpx.Response(200, json=status_body("Succeeded", r.url.path[5:])))
    client = _client(mode, _SlowLogin(logins, statuses), clock, auth=_Login())
    refs = [f"op-{i}" for i in range(4)]
    if mode == "sync":
        entered = threading.Barrier(len(refs))

        def one(ref: str) -> str:
            entered.wait()
            return str(client.wait(ref).status)

        with client, ThreadPoolExecutor(len(refs)) as pool:
            results = list(pool.map(one, refs))
    else:
        async with client:
            outcomes = await asyncio.gather(*(client.wait(r) for r in refs))
            results = [o.status for o in outcomes]
    assert results == ["Succeeded"] * 4
    assert len(logins.requests) == 1  # the others waited for its token
    assert len(statuses.requests) == 4
    assert {r.headers["Authorization"] for r in statuses.requests} == {"Bearer t"}
