"""The public per-client hooks: before_request, status_kwargs, can_reauthenticate,
reauthenticate's CredentialsRefused; Hooks.on_status; entries + entry_model in single waits;
notFound from x-opstatus; one-line messages."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

import attrs
import httpx
import pytest
from opstatus_core import (
    ApiError,
    AsyncStatusClient,
    AuthenticationError,
    BatchSupport,
    CredentialsRefused,
    FakeClock,
    Hooks,
    InvalidSpec,
    OperationFailed,
    OperationNotFound,
    PollingRule,
    StatusClient,
    StatusEvent,
    StatusResponse,
    TransientRetriesExhausted,
    WaitError,
)

from ._support import (
    PROVIDER,
    SPEC,
    AnyModel,
    FakeAsyncClient,
    FakeClient,
    FakeEndpoint,
    Response,
    Script,
    policy,
    rule,
    status_body,
)

# -- a client with a login before the status request ---------------------------------------------


class _Login:
    """What an SDK's session would do: a token taken lazily, one refusal remembered."""

    def __init__(self, answers: list[Any]) -> None:
        self.answers = answers  # None: token issued; an int: that HTTP status; an exception
        self.calls = 0
        self.token: str | None = None

    def step(self) -> StatusResponse | None:
        if self.token is not None:
            return None
        self.calls += 1
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        if answer is None:
            self.token = "t"
            return None
        if answer == 400:
            raise CredentialsRefused("Bad user name or password.", status_code=400)
        headers = {"Retry-After": "7"} if answer == 429 else {}
        return Response(status_code=answer, content=b"{}", headers=headers, parsed=None)


class LoginClient(FakeClient):
    def __init__(self, login: _Login, **options: Any) -> None:
        super().__init__(**options)
        self.login = login

    def before_request(self) -> StatusResponse | None:
        return self.login.step()

    def reauthenticate(self) -> bool:
        self.login.token = None
        return True


class AsyncLoginClient(FakeAsyncClient):
    def __init__(self, login: _Login, **options: Any) -> None:
        super().__init__(**options)
        self.login = login

    async def before_request(self) -> StatusResponse | None:
        return self.login.step()

    async def reauthenticate(self) -> bool:
        self.login.token = None
        return True


async def _wait(mode: str, script: Script, login: _Login, clock: FakeClock, **options: Any) -> Any:
    pol = options.pop("policy", None) or policy()
    switch = options.pop("can_reauthenticate", None)
    if mode == "sync":
        with LoginClient(login, transport=script.sync(), clock=clock, policy=pol) as client:
            if switch is not None:
                client.can_reauthenticate = switch
            return client.wait("op-1")
    async with AsyncLoginClient(
        login, transport=script.asynchronous(), clock=clock, policy=pol
    ) as aclient:
        if switch is not None:
            aclient.can_reauthenticate = switch
        return await aclient.wait("op-1")


async def test_before_request_runs_before_every_status_request(mode: str, clock: FakeClock) -> None:
    login = _Login([None])
    script = Script((200, status_body("Running")), (200, status_body("Succeeded")))
    outcome = await _wait(mode, script, login, clock)
    assert outcome.status == "Succeeded"
    assert login.calls == 1  # the token is kept
    assert len(script.requests) == 2


async def test_before_request_failures_count_against_the_transient_budget(
    mode: str, clock: FakeClock
) -> None:
    login = _Login([httpx.ConnectError("refused"), 429, 503, None])
    script = Script((200, status_body("Succeeded")))
    outcome = await _wait(mode, script, login, clock)
    assert outcome.status == "Succeeded"
    assert outcome.attempts == 4  # three failed logins, then login + status request
    assert login.calls == 4
    assert len(script.requests) == 1
    assert clock.sleeps[1] >= 7  # the login's Retry-After is obeyed


async def test_before_request_failures_exhaust_the_budget(mode: str, clock: FakeClock) -> None:
    login = _Login([503])
    script = Script((200, status_body("Succeeded")))
    with pytest.raises(TransientRetriesExhausted) as info:
        await _wait(mode, script, login, clock, policy=policy(transient_budget=2))
    assert info.value.status_code == 503
    assert login.calls == 3
    assert script.requests == []


async def test_refused_credential_exchange_is_an_auth_error_with_the_message(
    mode: str, clock: FakeClock
) -> None:
    login = _Login([400])
    script = Script((200, status_body("Succeeded")))
    with pytest.raises(AuthenticationError) as info:
        await _wait(mode, script, login, clock)
    err = info.value
    assert err.detail == "Bad user name or password."
    assert err.status_code == 400
    assert "the credential exchange was refused" in str(err)
    assert str(err).count("..") == 0
    assert login.calls == 1  # no re-authentication after a refused exchange
    assert script.requests == []


async def test_relogin_after_401_goes_through_before_request(mode: str, clock: FakeClock) -> None:
    login = _Login([None, 400])
    script = Script(
        (200, status_body("Running")),
        (401, {"error": "expired"}),
        (200, status_body("Succeeded")),
    )
    with pytest.raises(AuthenticationError) as info:
        await _wait(mode, script, login, clock)
    assert info.value.detail == "Bad user name or password."
    assert login.calls == 2


async def test_can_reauthenticate_false_ends_at_the_first_401(mode: str, clock: FakeClock) -> None:
    login = _Login([None])
    script = Script((401, {"error": "token expired"}), (200, status_body("Succeeded")))
    with pytest.raises(AuthenticationError) as info:
        await _wait(mode, script, login, clock, can_reauthenticate=False)
    assert info.value.detail == "token expired"
    assert info.value.status_code == 401
    assert len(script.requests) == 1


async def test_can_reauthenticate_defaults(mode: str) -> None:
    base: type[StatusClient] | type[AsyncStatusClient]
    base = FakeClient if mode == "sync" else FakeAsyncClient
    plain = base()
    assert plain.can_reauthenticate is False  # reauthenticate() not overridden
    login = (LoginClient if mode == "sync" else AsyncLoginClient)(_Login([None]))
    assert login.can_reauthenticate is True
    login.can_reauthenticate = False
    assert login.can_reauthenticate is False
    login.can_reauthenticate = None  # back to the default
    assert login.can_reauthenticate is True


class RefusingClient(FakeClient):
    def reauthenticate(self) -> bool:
        raise CredentialsRefused(
            "account locked", reason="login refused (HTTP 401)", status_code=401
        )


class AsyncRefusingClient(FakeAsyncClient):
    async def reauthenticate(self) -> bool:
        raise CredentialsRefused(
            "account locked", reason="login refused (HTTP 401)", status_code=401
        )


async def test_reauthenticate_can_give_the_reason(mode: str, clock: FakeClock) -> None:
    script = Script((401, {"error": "expired"}), (200, status_body("Succeeded")))

    async def run() -> None:
        if mode == "sync":
            with RefusingClient(transport=script.sync(), clock=clock, policy=policy()) as c:
                c.wait("op-1")
        else:
            async with AsyncRefusingClient(
                transport=script.asynchronous(), clock=clock, policy=policy()
            ) as ac:
                await ac.wait("op-1")

    with pytest.raises(AuthenticationError) as info:
        await run()
    assert info.value.detail == "account locked"
    assert info.value.reason == "login refused (HTTP 401)"
    assert "account locked" in str(info.value)
    assert len(script.requests) == 1


class KwargsClient(FakeClient):
    suffix = "a"

    def status_kwargs(self, reference: Mapping[str, str]) -> Mapping[str, Any]:
        return {"id": f"{reference['id']}-{self.suffix}"}


class AsyncKwargsClient(FakeAsyncClient):
    suffix = "a"

    def status_kwargs(self, reference: Mapping[str, str]) -> Mapping[str, Any]:
        return {"id": f"{reference['id']}-{self.suffix}"}


async def test_status_kwargs_are_computed_per_request(mode: str, clock: FakeClock) -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"status": "Running"})

    script = Script(respond)
    if mode == "sync":
        with KwargsClient(transport=script.sync(), clock=clock, policy=policy()) as client:
            poller = client.poller("op")
            poller.poll()
            client.suffix = "b"
            poller.poll()
    else:
        async with AsyncKwargsClient(
            transport=script.asynchronous(), clock=clock, policy=policy()
        ) as aclient:
            apoller = aclient.poller("op")
            await apoller.poll()
            aclient.suffix = "b"
            await apoller.poll()
    assert [r.url.path for r in script.requests] == ["/ops/op-a", "/ops/op-b"]


# -- Hooks.on_status -----------------------------------------------------------------------------

LCS = FakeEndpoint(lambda id: f"/lcs/{id}", model=AnyModel)


def _lcs_client(mode: str, script: Script, clock: FakeClock, hooks: Hooks) -> Any:
    provider = attrs.evolve(PROVIDER, endpoint=LCS, rule_loader=lambda: rule("getLcs"), hooks=hooks)
    base: Any = FakeClient if mode == "sync" else FakeAsyncClient
    cls = type("LcsClient", (base,), {"provider": provider})
    transport = script.sync() if mode == "sync" else script.asynchronous()
    return cls(transport=transport, clock=clock, policy=policy())


async def test_on_status_sees_ok_flag_false_with_the_clock_time(
    mode: str, clock: FakeClock
) -> None:
    events: list[StatusEvent] = []
    hooks = Hooks(on_status=events.append)
    script = Script(
        (200, {"IsSuccess": True, "OperationStatus": "InProgress", "VersionEOL": "x"}),
        (200, {"IsSuccess": False, "ErrorMessage": "No such activity.", "VersionEOL": "y"}),
    )
    client = _lcs_client(mode, script, clock, hooks)
    with pytest.raises(ApiError) as info:
        await _single(mode, client, "op-1")
    assert info.value.status_code == 200
    assert info.value.detail == "No such activity."
    assert str(info.value).count("..") == 0
    assert [e.ok for e in events] == [True, False]
    assert events[0].snapshot is not None
    assert events[0].snapshot.status == "InProgress"
    assert events[1].snapshot is None
    assert events[1].model.data["VersionEOL"] == "y"
    assert events[1].now == clock.time()  # the fake clock, after the first sleep
    assert events[0].now < events[1].now
    assert len([e for e in events if e.snapshot is not None]) == 1  # good documents: one


# -- entries: single waits get the batch's typed entry model ---------------------------------------


@attrs.define
class Entry:
    status: str

    @classmethod
    def from_entry(cls, src: Mapping[str, Any]) -> Entry:
        return cls(status=src["status"])


class _Batch(FakeEndpoint):
    def _request(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        return {
            "method": "get",
            "url": f"/migration_status/{kwargs['org']}",
            "params": {"status_token": kwargs["status_token"]},
        }


def _entries_client(mode: str, script: Script, clock: FakeClock, **rule_extra: Any) -> Any:
    document = copy.deepcopy(SPEC)
    document["paths"]["/batch"]["get"]["x-opstatus"].update(rule_extra)
    provider = attrs.evolve(
        PROVIDER,
        name="fake-batch",
        operation_id="getBatchStatus",
        endpoint=_Batch(lambda **_: "", model=AnyModel),
        rule_loader=lambda: PollingRule.from_document(document, "getBatchStatus"),
        to_kwargs=lambda ref: {"org": ref["org"], "status_token": [ref["id"]]},
        reference_keys=("org", "id"),
        batch=BatchSupport(
            kwargs=lambda ids, ref: {"org": ref["org"], "status_token": list(ids)},
            entry_model=Entry.from_entry,
        ),
    )
    base: Any = FakeClient if mode == "sync" else FakeAsyncClient
    cls = type("EntriesClient", (base,), {"provider": provider})
    transport = script.sync() if mode == "sync" else script.asynchronous()
    return cls(transport=transport, clock=clock, policy=policy())


async def _single(mode: str, client: Any, ref: Any) -> Any:
    if mode == "sync":
        with client:
            return client.wait(ref)
    async with client:
        return await client.wait(ref)


async def test_single_wait_on_entries_gives_the_entry_model(mode: str, clock: FakeClock) -> None:
    script = Script(
        (200, {"response_map": {"t1": {"status": "Started"}}}),
        (200, {"response_map": {"t1": {"status": "Completed"}}}),
    )
    outcome = await _single(mode, _entries_client(mode, script, clock), {"org": "o", "id": "t1"})
    assert outcome.model == Entry("Completed")
    assert script.requests[0].url.params.get_list("status_token") == ["t1"]


async def test_single_wait_unreadable_entry_is_malformed(mode: str, clock: FakeClock) -> None:
    from opstatus_core import MalformedResponse

    script = Script((200, {"response_map": {"t1": {"no-status": 1}}}))
    with pytest.raises(MalformedResponse):
        await _single(mode, _entries_client(mode, script, clock), {"org": "o", "id": "t1"})


async def test_not_found_from_the_spec(mode: str, clock: FakeClock) -> None:
    script = Script((200, {"response_map": {"t1": {"status": "Failed"}}}))
    client = _entries_client(mode, script, clock, notFound=["Failed"])
    assert client.rule.not_found == frozenset({"Failed"})
    with pytest.raises(OperationNotFound) as info:
        await _single(mode, client, {"org": "o", "id": "t1"})
    assert info.value.status_code == 200
    # wait_many too (the batched path)
    script = Script(
        (200, {"response_map": {"t1": {"status": "Failed"}, "t2": {"status": "Completed"}}})
    )
    client = _entries_client(mode, script, clock, notFound=["Failed"])
    refs = [{"org": "o", "id": "t1"}, {"org": "o", "id": "t2"}]
    if mode == "sync":
        with client:
            results = client.wait_many(refs)
    else:
        async with client:
            results = await client.wait_many(refs)
    assert isinstance(results[0], OperationNotFound)
    assert results[1].model == Entry("Completed")


def test_not_found_must_be_a_failed_value() -> None:
    ext = copy.deepcopy(SPEC["paths"]["/batch"]["get"]["x-opstatus"])
    assert PollingRule.from_extension(ext).not_found == frozenset({"Not Found"})
    assert PollingRule.from_extension({**ext, "notFound": []}).not_found == frozenset()
    del ext["notFound"]
    assert PollingRule.from_extension(ext).not_found == frozenset()
    with pytest.raises(InvalidSpec, match="notFound values must also be classified failed"):
        PollingRule.from_extension({**ext, "notFound": ["Completed"]})
    with pytest.raises(InvalidSpec, match="notFound must be a list of strings"):
        PollingRule.from_extension({**ext, "notFound": "Failed"})


def test_rule_not_found_ends_the_wait() -> None:
    from opstatus_core._interpret import Interpretation, Kind
    from opstatus_core._tracker import Tracker

    tracker: Tracker[Any] = Tracker(
        provider="p",
        rule=attrs.evolve(rule("getBatchStatus"), not_found=frozenset({"Failed"})),
        reference={"id": "t1"},
        operation_id="t1",
        deadline_wall=0.0,
    )
    body = Interpretation(Kind.OK, document={"response_map": {"t1": {"status": "Failed"}}})
    assert tracker.observe(body, elapsed=0.0, now_wall=0.0) is None
    assert isinstance(tracker.error, OperationNotFound)


# -- messages ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("detail", "ending"),
    [
        ("bad glossary", ": bad glossary. Check"),
        ("bad glossary.", ": bad glossary. Check"),
        ("Really?", ": Really? Check"),
        ("Stop!", ": Stop! Check"),
        (None, "attempts. Check"),
    ],
)
def test_one_full_stop(detail: str | None, ending: str) -> None:
    for cls in (OperationFailed, ApiError, WaitError):
        err = cls(provider="p", operation_id="x", detail=detail, attempts=2, hint="Check it.")
        message = str(err)
        assert ending in message, message
        assert ".." not in message
        assert message.endswith("Check it.")
