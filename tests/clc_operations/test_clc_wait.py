"""Waiting on CenturyLink Cloud jobs, sync and async, against the in-process fake: outcomes,
progress, timing, faults, re-login, resume and typed errors."""

from __future__ import annotations

import uuid
import warnings
from collections.abc import Callable

import pytest
from opstatus_clc_operations import (
    ApiError,
    AuthenticationError,
    InvalidContinuationToken,
    InvalidOperationReference,
    LoginFailed,
    MalformedResponse,
    OperationFailed,
    OperationNotFound,
    TransientRetriesExhausted,
    UnknownStatusWarning,
    WaitTimeout,
)
from opstatus_clc_operations.testing import DENIED, INVALID_LOGIN, ClcOperationsFake
from opstatus_core import Classification, FakeClock
from opstatus_core.testing import Fault
from opstatus_core.token import decode_token

from ._support import Api, policy

MakeApi = Callable[..., Api]


# -- outcomes --------------------------------------------------------------------------------


async def test_succeeded_after_the_documented_pending_statuses(
    api: Api, fake: ClcOperationsFake
) -> None:
    ref = fake.create_operation(["notStarted", "executing", "resumed", "unknown", "succeeded"])
    seen: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("error", UnknownStatusWarning)  # `unknown` is documented: no warning
        outcome = await api.wait(ref["statusId"], on_progress=lambda s: seen.append(s.status))
    assert outcome.status == "succeeded"
    assert seen == ["notStarted", "executing", "resumed", "unknown", "succeeded"]
    assert outcome.attempts == 5  # the login rides on the first status request
    assert outcome.reference == {"statusId": ref["statusId"]}  # alias: the login's, at run time
    assert api.client.account_alias == "ALIAS"
    assert fake.logins == 1


async def test_failed_is_a_typed_error_with_a_resumable_token(
    api: Api, fake: ClcOperationsFake
) -> None:
    ref = fake.seed_operation("failed", polls=2)
    with pytest.raises(OperationFailed) as info:
        await api.wait(ref)
    err = info.value
    assert err.last_status == "failed"
    assert err.operation_id == ref["statusId"]
    assert err.provider == "clc-operations"
    assert "failed (status 'failed')" in str(err)
    assert err.snapshot is not None
    assert err.snapshot.classification is Classification.FAILED
    assert decode_token(err.continuation_token or "").reference == ref


def test_the_spec_documents_no_canceled_status(fake: ClcOperationsFake) -> None:
    with pytest.raises(ValueError, match="no canceled status"):
        fake.seed_operation("canceled")


async def test_progress_snapshots_carry_no_fraction(api: Api, fake: ClcOperationsFake) -> None:
    """The spec has no progress pointers: snapshots report the status only."""
    ref = fake.seed_operation("succeeded", polls=3)
    snapshots: list[tuple[str, float | None, int]] = []
    outcome = await api.wait(
        ref, on_progress=lambda s: snapshots.append((s.status, s.progress, s.attempt))
    )
    assert snapshots == [
        ("notStarted", None, 1),
        ("executing", None, 2),
        ("executing", None, 3),
        ("succeeded", None, 4),
    ]
    assert outcome.snapshot.terminal


async def test_status_reads_once(api: Api, fake: ClcOperationsFake) -> None:
    ref = fake.seed_operation("succeeded", polls=3)
    snapshot = await api.status(ref)
    assert snapshot.status == "notStarted"
    assert snapshot.classification is Classification.PENDING


async def test_wait_many_shares_one_login(api: Api, fake: ClcOperationsFake) -> None:
    refs = [fake.seed_operation("succeeded", polls=p) for p in (0, 2, 4)]
    refs.append(fake.seed_operation("failed", polls=1))
    results = await api.wait_many(refs)
    assert [getattr(r, "status", None) for r in results[:3]] == ["succeeded"] * 3
    assert isinstance(results[3], OperationFailed)
    assert fake.logins == 1


# -- timing ----------------------------------------------------------------------------------


async def test_deadline_ends_with_wait_timeout(
    make_api: MakeApi, fake: ClcOperationsFake, clock: FakeClock
) -> None:
    ref = fake.create_operation([("executing", None)])
    api = make_api(policy=policy(timeout=60))
    start = clock.monotonic()
    with pytest.raises(WaitTimeout) as info:
        await api.wait(ref)
    assert clock.monotonic() - start == pytest.approx(60)
    assert info.value.last_status == "executing"
    assert info.value.continuation_token
    assert "still" not in str(info.value)  # `executing` is not marked suspicious


async def test_a_job_stuck_in_unknown_times_out_with_the_specs_hint(
    make_api: MakeApi, fake: ClcOperationsFake
) -> None:
    ref = fake.create_operation([("executing", 1), ("unknown", None)])
    with pytest.raises(WaitTimeout) as info:
        await make_api(policy=policy(timeout=30)).wait(ref)
    message = str(info.value)
    assert info.value.last_status == "unknown"
    # x-opstatus.stuckHints of specs/clc-operations.yaml, in the one-line timeout message
    assert "still 'unknown' at the deadline: the queue could not tell the job's state" in message
    assert "Control Portal" in message
    assert "\n" not in message


async def test_backoff_grows_and_retry_after_raises_a_delay(
    make_api: MakeApi, fake: ClcOperationsFake, clock: FakeClock
) -> None:
    ref = fake.create_operation([("executing", 4), ("succeeded", None)])
    fake.inject(Fault.too_many_requests(retry_after=7), route="getOperationStatus", skip=2)
    api = make_api(policy=policy(jitter=0.0, interval=1.0, multiplier=2.0, max_interval=30))
    await api.wait(ref)
    # executing, executing, 429 (base 4, Retry-After 7), executing, executing, succeeded
    assert clock.sleeps == [1.0, 2.0, 7.0, 8.0, 16.0]


# -- faults ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fault",
    [
        Fault.http_error(503),
        Fault.http_error(500),
        Fault.too_many_requests(1),
        Fault.drop_connection(),
        Fault.reset_mid_body(),
        Fault.hang(),
    ],
    ids=lambda f: f.label,
)
async def test_transient_faults_are_retried_within_budget(
    make_api: MakeApi, fake: ClcOperationsFake, fault: Fault
) -> None:
    ref = fake.seed_operation("succeeded", polls=2)
    fake.inject(fault, times=3)  # the login and two status requests
    outcome = await make_api(policy=policy(transient_budget=3)).wait(ref)
    assert outcome.status == "succeeded"
    assert fake.faults.tally[fault.label] == 3


async def test_transient_failures_beyond_budget(make_api: MakeApi, fake: ClcOperationsFake) -> None:
    ref = fake.seed_operation("succeeded", polls=2)
    fake.inject(Fault.http_error(503, retry_after=1), times=10, route="getOperationStatus")
    with pytest.raises(TransientRetriesExhausted) as info:
        await make_api(policy=policy(transient_budget=2)).wait(ref)
    assert info.value.status_code == 503
    assert "3 transient failures in a row" in str(info.value)
    assert info.value.continuation_token


@pytest.mark.parametrize("fault", [Fault.not_json(), Fault.truncated_body(), Fault.html_200()])
async def test_unreadable_bodies_are_malformed(
    api: Api, fake: ClcOperationsFake, fault: Fault
) -> None:
    ref = fake.seed_operation("succeeded", polls=2)
    fake.inject(fault, route="getOperationStatus")
    with pytest.raises(MalformedResponse):
        await api.wait(ref)


async def test_unknown_status_is_pending_and_warned_once(api: Api, fake: ClcOperationsFake) -> None:
    value = f"paused-{uuid.uuid4().hex[:8]}"  # the rule is shared: a value no other test used
    ref = fake.seed_operation("succeeded", polls=3)
    fake.inject(Fault.unknown_status(value), times=2, route="getOperationStatus")
    seen: list[tuple[str, Classification]] = []
    with pytest.warns(UnknownStatusWarning) as record:
        outcome = await api.wait(
            ref, on_progress=lambda s: seen.append((s.status, s.classification))
        )
    assert outcome.status == "succeeded"
    assert seen[:2] == [(value, Classification.PENDING)] * 2
    assert len([w for w in record if value in str(w.message)]) == 1


# -- credentials -----------------------------------------------------------------------------


async def test_expired_token_mid_wait_logs_in_again_once(api: Api, fake: ClcOperationsFake) -> None:
    ref = fake.seed_operation("succeeded", polls=3)
    outcome = None
    first = True

    def expire(_: object) -> None:
        nonlocal first
        if first:
            first = False
            fake.expire_tokens()

    outcome = await api.wait(ref, on_progress=expire)
    assert outcome.status == "succeeded"
    assert fake.logins == 2
    assert [r.status for r in fake.requests].count(401) == 1


async def test_relogin_refused_mid_wait_is_an_auth_error(api: Api, fake: ClcOperationsFake) -> None:
    ref = fake.seed_operation("succeeded", polls=3)

    def change_password(_: object) -> None:
        fake.users["demouser1"] = ("changed", "ALIAS")
        fake.expire_tokens()

    with pytest.raises(AuthenticationError) as info:
        await api.wait(ref, on_progress=change_password)
    assert info.value.detail == INVALID_LOGIN
    assert fake.logins == 1
    assert [r.route for r in fake.requests].count("login") == 2


async def test_token_refused_again_after_relogin(api: Api, fake: ClcOperationsFake) -> None:
    ref = fake.seed_operation("succeeded", polls=3)
    fake.inject(Fault.unauthorized(), times=2, route="getOperationStatus")
    with pytest.raises(AuthenticationError) as info:
        await api.wait(ref)
    assert info.value.status_code == 401
    assert info.value.detail == DENIED
    assert fake.logins == 2


async def test_bad_credentials_are_an_auth_error_after_one_login(
    make_api: MakeApi, fake: ClcOperationsFake
) -> None:
    ref = fake.seed_operation("succeeded")
    api = make_api(credentials={"username": "demouser1", "password": "wrong"})
    with pytest.raises(AuthenticationError) as first:
        await api.wait(ref)
    assert first.value.detail == INVALID_LOGIN  # CenturyLink's own message
    assert first.value.status_code == 400  # what the login answered
    assert "login refused (HTTP 400)" in str(first.value)
    with pytest.raises(AuthenticationError):  # known-bad credentials are not sent again
        await api.wait(ref)
    assert [r.status for r in fake.requests] == [400]
    with pytest.raises(LoginFailed, match="didn't recognize") as info:
        await api.login()  # an explicit login does try again
    assert info.value.status_code == 400


async def test_locked_user_login_refused(make_api: MakeApi, fake: ClcOperationsFake) -> None:
    fake.lock_user("demouser1")
    with pytest.raises(AuthenticationError):
        await make_api().wait(fake.seed_operation("succeeded"))
    assert [r.status for r in fake.requests] == [400]


async def test_a_login_answering_404_names_the_base_url(
    make_api: MakeApi, fake: ClcOperationsFake
) -> None:
    """Neither a refusal nor transient: the wait ends with ApiError saying what to check, and
    an explicit login() says the same."""
    fake.inject(Fault.http_error(404), route="login", times=2)
    api = make_api()
    with pytest.raises(ApiError) as info:
        await api.wait(fake.seed_operation("succeeded"))
    assert "login answered HTTP 404" in str(info.value)
    assert "(check the base URL)" in str(info.value)
    assert "mypassword" not in str(info.value)
    with pytest.raises(LoginFailed, match=r"HTTP 404.*check the base URL") as login_info:
        await api.login()
    assert login_info.value.status_code == 404
    assert [r.route for r in fake.requests] == ["login", "login"]
    assert fake.logins == 0


async def test_an_existing_bearer_token_needs_no_login(
    make_api: MakeApi, fake: ClcOperationsFake
) -> None:
    api = make_api(credentials={"token": fake.issue_token(), "account_alias": "ALIAS"})
    assert (await api.wait(fake.seed_operation("succeeded", polls=1))).status == "succeeded"
    assert fake.logins == 0
    fake.expire_tokens()  # no username/password: no re-login, the provider's 401 detail
    with pytest.raises(AuthenticationError) as info:
        await api.wait(fake.seed_operation("succeeded", polls=1))
    assert info.value.status_code == 401
    assert info.value.detail == DENIED
    assert fake.logins == 0


async def test_token_with_login_renews_it(make_api: MakeApi, fake: ClcOperationsFake) -> None:
    api = make_api(credentials={**fake.demo_credentials, "token": "stale-token"})
    assert (await api.wait(fake.seed_operation("succeeded", polls=1))).status == "succeeded"
    assert fake.logins == 1


async def test_another_accounts_alias_is_forbidden(api: Api, fake: ClcOperationsFake) -> None:
    ref = fake.create_operation(alias="OTHR")
    with pytest.raises(AuthenticationError) as info:
        await api.wait(ref)
    assert info.value.status_code == 403


async def test_status_link_alias_in_lower_case(api: Api, fake: ClcOperationsFake) -> None:
    ref = fake.seed_operation("succeeded", polls=0)
    link = {"rel": "status", "href": f"/v2/operations/alias/status/{ref['statusId']}"}
    outcome = await api.wait(link)
    assert outcome.reference == {"acctAlias": "alias", "statusId": ref["statusId"]}


# -- bad input -------------------------------------------------------------------------------


async def test_unknown_id_is_not_found(api: Api, fake: ClcOperationsFake) -> None:
    with pytest.raises(OperationNotFound) as info:
        await api.wait("wa1-99999")
    assert info.value.status_code == 404
    assert info.value.detail == "The status id wa1-99999 was not found."


@pytest.mark.parametrize(
    "ref",
    [
        "",
        {"statusId": ""},
        {"acctAlias": "", "statusId": "wa1-1"},
        {"acctAlias": "ALIAS"},
        {"statusId": "wa1-1", "id": "x"},
        {"href": "/v2/servers/ALIAS/wa1-1"},
        {"statusId": 12345},
        42,
        None,
    ],
)
async def test_malformed_references_are_refused_before_any_request(
    api: Api, fake: ClcOperationsFake, ref: object
) -> None:
    with pytest.raises(InvalidOperationReference):
        await api.wait(ref)
    assert fake.requests == []


# -- resume ----------------------------------------------------------------------------------


async def test_resume_in_a_fresh_client(
    make_api: MakeApi, fake: ClcOperationsFake, clock: FakeClock
) -> None:
    ref = fake.create_operation([("executing", 5), ("succeeded", None)])
    with pytest.raises(WaitTimeout) as info:
        await make_api(policy=policy(timeout=3, jitter=0.0)).wait(ref)
    token = info.value.continuation_token
    assert token is not None
    state = decode_token(token, provider="clc-operations")
    assert state.reference == ref
    assert state.last_status == "executing"
    fresh = make_api()  # a new client logs in again: the token holds no credential
    outcome = await fresh.resume(token, timeout=600)
    assert outcome.status == "succeeded"
    assert outcome.attempts > state.attempts
    assert fake.logins == 2


async def test_resume_refuses_foreign_tokens(api: Api) -> None:
    with pytest.raises(InvalidContinuationToken):
        await api.resume("garbage!")
