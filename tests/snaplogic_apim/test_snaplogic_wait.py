"""The SnapLogic APIM SDK against its fake: outcomes, timing, faults, errors, batching."""

from __future__ import annotations

import logging
import warnings
from typing import Any

import pytest
from opstatus_core import FakeClock
from opstatus_core.sdk import (
    AuthenticationError,
    ConfigurationError,
    InvalidOperationReference,
    MalformedResponse,
    OperationFailed,
    OperationIdMismatch,
    OperationNotFound,
    Outcome,
    TransientRetriesExhausted,
    UnknownStatusWarning,
    WaitTimeout,
)
from opstatus_core.testing import Fault, serve
from opstatus_core.token import decode_token
from opstatus_snaplogic_apim import (
    AsyncSnapLogicApimClient,
    MigrationStatusDocument,
    SnapLogicApimClient,
    SnapLogicReference,
)
from opstatus_snaplogic_apim.testing import DEMO_ORG, SnapLogicApimFake

from ._support import Driver, policy

# -- terminal outcomes -----------------------------------------------------------------------------


async def test_completed_is_an_outcome_with_the_typed_document(
    driver: Driver, fake: SnapLogicApimFake
) -> None:
    ref = fake.create_migration(outcome="Completed", polls=3)
    outcome = await driver.wait(ref)
    assert isinstance(outcome, Outcome)
    assert outcome.status == "Completed"
    assert outcome.attempts == 4
    assert isinstance(outcome.model, MigrationStatusDocument)
    assert outcome.model.status_token == ref["status_token"]
    assert outcome.model.completed_time
    assert fake.operations.get(ref["status_token"]).history == [  # type: ignore[union-attr]
        "Started",
        "Migrating",
        "Migrating",
        "Completed",
    ]
    fake.assert_requests_valid()
    fake.assert_healthy()


async def test_failed_raises_operation_failed(driver: Driver, fake: SnapLogicApimFake) -> None:
    ref = fake.create_migration(outcome="Failed", polls=1)
    with pytest.raises(OperationFailed) as info:
        await driver.wait(ref)
    assert info.value.last_status == "Failed"
    assert info.value.attempts == 2
    assert info.value.operation_id == ref["status_token"]
    assert "failed (status 'Failed')" in str(info.value)


async def test_unknown_token_is_not_found(driver: Driver, fake: SnapLogicApimFake) -> None:
    with pytest.raises(OperationNotFound) as info:
        await driver.wait("17ed9720-05b2-4e22-9955-04c4534451ae")
    assert info.value.last_status is None
    assert "Not Found" in str(info.value)
    fake.assert_healthy()


async def test_unknown_org_is_not_found_404(driver: Driver, fake: SnapLogicApimFake) -> None:
    ref = fake.create_migration()
    with pytest.raises(OperationNotFound) as info:
        await driver.wait({"org_name": "no-such-env", "status_token": ref["status_token"]})
    assert info.value.status_code == 404


async def test_token_of_another_org_is_not_found(driver: Driver, fake: SnapLogicApimFake) -> None:
    ref = fake.create_migration(org_name="other-env")
    with pytest.raises(OperationNotFound):
        await driver.wait({"org_name": DEMO_ORG, "status_token": ref["status_token"]})


async def test_vanished_mid_wait_is_not_found(driver: Driver, fake: SnapLogicApimFake) -> None:
    ref = fake.create_migration(polls=5)
    fake.inject(Fault.vanished(), skip=2)
    with pytest.raises(OperationNotFound) as info:
        await driver.wait(ref)
    assert info.value.last_status == "Migrating"


# -- progress --------------------------------------------------------------------------------------


async def test_progress_snapshots(driver: Driver, fake: SnapLogicApimFake) -> None:
    ref = fake.create_migration(polls=3)
    seen: list[Any] = []
    await driver.wait(ref, on_progress=seen.append)
    assert [s.status for s in seen] == ["Started", "Migrating", "Migrating", "Completed"]
    assert [s.classification.value for s in seen] == ["pending"] * 3 + ["succeeded"]
    assert [s.attempt for s in seen] == [1, 2, 3, 4]
    assert all(s.progress is None for s in seen)  # the spec declares no progress
    assert all(isinstance(s.model, MigrationStatusDocument) for s in seen)
    assert "service_name" not in seen[0].model.to_dict()  # present after migration begins
    assert seen[1].model.service_name


async def test_poller_iterates_snapshots(
    mode: str, driver: Driver, fake: SnapLogicApimFake
) -> None:
    ref = fake.create_migration(polls=2)
    poller = driver.client.poller(ref)
    statuses = [s.status async for s in poller] if mode == "async" else [s.status for s in poller]
    assert statuses == ["Started", "Migrating", "Completed"]
    assert poller.result().status == "Completed"


async def test_status_is_one_request(driver: Driver, fake: SnapLogicApimFake) -> None:
    ref = fake.create_migration(polls=3)
    snapshot = await driver.call("status", ref)
    assert snapshot.status == "Started"
    assert fake.token_counts == [1]


# -- deadline, backoff, Retry-After ----------------------------------------------------------------


async def test_deadline_is_a_typed_timeout(
    driver: Driver, fake: SnapLogicApimFake, clock: FakeClock
) -> None:
    ref = fake.create_migration(schedule=[("Migrating", None)])
    start = clock.monotonic()
    with pytest.raises(WaitTimeout) as info:
        await driver.wait(ref, timeout=20)
    assert clock.monotonic() - start == pytest.approx(20)
    assert info.value.last_status == "Migrating"
    assert info.value.continuation_token


async def test_backoff_grows_and_is_capped(
    drivers: Any, fake: SnapLogicApimFake, clock: FakeClock
) -> None:
    pol = policy(interval=1, multiplier=2, max_interval=5, jitter=0, timeout=600)
    driver = drivers(policy=pol)
    await driver.wait(fake.create_migration(polls=6))
    assert clock.sleeps == [1, 2, 4, 5, 5, 5]


async def test_retry_after_is_honoured(
    drivers: Any, fake: SnapLogicApimFake, clock: FakeClock
) -> None:
    driver = drivers(policy=policy(interval=1, jitter=0))
    ref = fake.create_migration(polls=1)
    fake.inject(Fault.too_many_requests(retry_after=7))
    outcome = await driver.wait(ref)
    assert outcome.status == "Completed"
    assert clock.sleeps[0] == 7  # Retry-After raised the 1 s delay
    assert fake.faults.tally["http_error:429"] == 1


# -- transient faults ------------------------------------------------------------------------------


async def test_transient_faults_are_recovered_within_budget(
    driver: Driver, fake: SnapLogicApimFake
) -> None:
    ref = fake.create_migration(polls=1)
    for fault in (
        Fault.http_error(503, retry_after=1),
        Fault.drop_connection(),
        Fault.http_error(500),
        Fault.slow(60),  # over the request timeout: a read timeout
        Fault.reset_mid_body(),
    ):
        fake.inject(fault)
    outcome = await driver.wait(ref)
    assert outcome.status == "Completed"
    assert fake.faults.pending == 0


async def test_transient_faults_beyond_budget_are_a_typed_error(
    drivers: Any, fake: SnapLogicApimFake
) -> None:
    driver = drivers(policy=policy(transient_budget=2))
    ref = fake.create_migration(polls=1)
    fake.inject(Fault.http_error(503), times=3)
    with pytest.raises(TransientRetriesExhausted) as info:
        await driver.wait(ref)
    assert info.value.status_code == 503
    assert info.value.attempts == 3
    assert info.value.continuation_token


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        (Fault.truncated_body(), MalformedResponse),
        (Fault.not_json(), MalformedResponse),
        (Fault.html_200(), MalformedResponse),
        (Fault.missing_status(), MalformedResponse),
        (Fault.mismatched_id(), OperationIdMismatch),
    ],
)
async def test_bad_bodies_are_typed_errors(
    driver: Driver, fake: SnapLogicApimFake, fault: Fault, error: type[Exception]
) -> None:
    fake.inject(fault)
    with pytest.raises(error):
        await driver.wait(fake.create_migration())


# -- unknown status --------------------------------------------------------------------------------


async def test_unknown_status_warned_once_and_pending(
    mode: str, driver: Driver, fake: SnapLogicApimFake
) -> None:
    value = f"Paused-{mode}"  # unique: the rule warns once per value per process
    ref = fake.create_migration(polls=1)
    fake.inject(Fault.unknown_status(value), times=2)
    seen: list[Any] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        outcome = await driver.wait(ref, on_progress=seen.append)
    assert outcome.status == "Completed"
    assert [s.status for s in seen[:2]] == [value, value]
    assert seen[0].classification.value == "pending"
    unknown = [w for w in caught if issubclass(w.category, UnknownStatusWarning)]
    assert len(unknown) == 1
    assert value in str(unknown[0].message)


# -- resume ----------------------------------------------------------------------------------------


async def test_resume_in_a_fresh_client(
    drivers: Any, fake: SnapLogicApimFake, clock: FakeClock
) -> None:
    ref = fake.create_migration(polls=6)
    first = drivers(policy=policy(interval=1, jitter=0))
    with pytest.raises(WaitTimeout) as info:
        await first.wait(ref, timeout=3)
    token = info.value.continuation_token
    assert token is not None
    state = decode_token(token, provider="snaplogic-apim")
    assert dict(state.reference) == ref
    fresh = drivers(org_name=None)  # a new client, no default org: the token carries it
    outcome = await fresh.drain(fresh.client.resume(token, timeout=600))
    assert outcome.status == "Completed"
    assert outcome.attempts == 7  # the attempts of the first wait carried over


# -- credentials -----------------------------------------------------------------------------------


async def test_credentials_never_leak(
    drivers: Any, fake: SnapLogicApimFake, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "pw-7b1f0c9e-UNIQUE-SECRET"
    jwt = "jwt-4d2a-UNIQUE-TOKEN"
    caplog.set_level(logging.DEBUG)
    ref = fake.create_migration(polls=1)
    seen: list[str] = []
    for creds in ({"username": "x@example.com", "password": secret}, {"token": jwt}):
        driver = drivers(**creds)
        seen += [repr(driver.client), str(driver.client)]
        with pytest.raises(AuthenticationError) as info:
            await driver.wait(ref)
        error = info.value
        assert error.status_code == 401
        seen += [str(error), repr(error), repr(error.args), str(error.continuation_token)]
        seen.append(str(decode_token(error.continuation_token or "")))
    seen += [r.getMessage() for r in caplog.records]
    seen += [f"{r.url} {r.headers}" for r in fake.requests]
    blob = "\n".join(seen)
    assert secret not in blob
    assert jwt not in blob
    assert "redacted" in repr(drivers().client)


async def test_bearer_token_is_accepted(drivers: Any, fake: SnapLogicApimFake) -> None:
    driver = drivers(token="demo-jwt")
    assert (await driver.wait(fake.create_migration(polls=0))).status == "Completed"


async def test_basic_auth_disabled_is_403(driver: Driver, fake: SnapLogicApimFake) -> None:
    fake.disable_basic_auth(DEMO_ORG)
    with pytest.raises(AuthenticationError) as info:
        await driver.wait(fake.create_migration())
    assert info.value.status_code == 403


def test_configuration_from_the_environment(fake: SnapLogicApimFake) -> None:
    env = {
        "OPSTATUS_SNAPLOGIC_BASE_URL": fake.base_url,
        "OPSTATUS_SNAPLOGIC_TOKEN": "demo-jwt",
        "OPSTATUS_SNAPLOGIC_ORG": "env-org",
    }
    ref = fake.create_migration(org_name="env-org", polls=0)
    with SnapLogicApimClient(environ=env, transport=fake.transport(), clock=FakeClock()) as c:
        assert c.base_url == fake.base_url
        assert c.wait(ref["status_token"]).status == "Completed"
    basic = {
        "OPSTATUS_SNAPLOGIC_USERNAME": "demo@example.com",
        "OPSTATUS_SNAPLOGIC_PASSWORD": "demo-password",
    }
    client = AsyncSnapLogicApimClient(environ=basic)
    assert client.base_url.startswith("https://elastic.snaplogic.com/api/1/")
    assert "BasicCredentials" in repr(client)
    with pytest.raises(ConfigurationError, match="no credentials"):
        SnapLogicApimClient(environ={})
    with pytest.raises(ConfigurationError, match="not both"):
        SnapLogicApimClient(token="t", username="u", password="p", environ={})
    with pytest.raises(ConfigurationError, match="http"):
        SnapLogicApimClient(token="t", base_url="ftp://x", environ={})


# -- malformed input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ref",
    [
        {"org_name": DEMO_ORG, "status_token": ""},
        {"org_name": DEMO_ORG, "status_token": "t" * 256},
        {"org_name": "o" * 256, "status_token": "tok"},
        {"org_name": DEMO_ORG, "status_token": "bad\ntoken"},
        {"org_name": DEMO_ORG, "status_token": "tok", "extra": "x"},
        {"status_token": "tok"},
    ],
)
async def test_malformed_references_are_refused_before_any_request(
    drivers: Any, fake: SnapLogicApimFake, ref: dict[str, str]
) -> None:
    driver = drivers(org_name=None)
    with pytest.raises(InvalidOperationReference):
        await driver.wait(ref)
    with pytest.raises(InvalidOperationReference):
        await driver.call("wait_many", [fake.create_migration(), ref])
    assert fake.requests == []


def test_the_typed_reference() -> None:
    ref = SnapLogicReference.parse("tok-1", defaults={"org_name": "Org"})
    assert ref == SnapLogicReference("Org", "tok-1")
    assert ref.id == "tok-1"
    assert ref.to_kwargs() == {"org_name": "Org", "status_token": ["tok-1"]}
    assert SnapLogicReference.parse(ref.to_dict()) == ref
    with pytest.raises(InvalidOperationReference, match="OPSTATUS_SNAPLOGIC_ORG"):
        SnapLogicReference.parse("tok-1")
    with pytest.raises(InvalidOperationReference, match="control character"):
        SnapLogicReference.parse({"org_name": "Org", "status_token": "a\nb"})


async def test_bad_status_type_is_refused_before_any_request(
    driver: Driver, fake: SnapLogicApimFake
) -> None:
    with pytest.raises(InvalidOperationReference, match=r"one of .*Started"):
        await driver.call("list_migrations", "Migrating")
    assert fake.requests == []


# -- many tokens -----------------------------------------------------------------------------------


async def test_many_tokens_take_a_handful_of_requests_per_round(
    driver: Driver, fake: SnapLogicApimFake
) -> None:
    refs = [fake.create_migration(polls=2) for _ in range(200)]
    missing = {"org_name": DEMO_ORG, "status_token": "00000000-0000-0000-0000-000000000000"}
    failing = fake.create_migration(outcome="Failed", polls=1)
    results = await driver.call("wait_many", [*refs[:100], missing, failing, *refs[100:]])
    assert len(results) == 202
    assert isinstance(results[100], OperationNotFound)  # fails only that token
    assert isinstance(results[101], OperationFailed)
    others = results[:100] + results[102:]
    assert all(isinstance(r, Outcome) and r.status == "Completed" for r in others)
    # three rounds (Started, Migrating, Completed) of 202 tokens: 7 requests each, not 202
    assert len(fake.token_counts) <= 3 * 7
    assert max(fake.token_counts) <= 30
    assert sum(fake.token_counts) == 202 + 201 + 200  # finished tokens are not polled again
    fake.assert_requests_valid()
    fake.assert_healthy()


async def test_a_transient_round_is_retried_for_all_tokens(
    driver: Driver, fake: SnapLogicApimFake
) -> None:
    refs = [fake.create_migration(polls=1) for _ in range(40)]
    fake.inject(Fault.http_error(503, retry_after=2))
    results = await driver.call("wait_many", refs)
    assert all(isinstance(r, Outcome) for r in results)


# -- start, then wait ----------------------------------------------------------------------------

ASSETS = [
    {"asset_path": "/snaplogic/apim/MyLegacyApi/1.0", "service_config": {"target_path": "/e/p/a"}},
    {"asset_path": "/snaplogic/apim/Other/2.0", "service_config": {"target_path": "/e/p/b"}},
]


async def test_migrate_and_wait_waits_on_every_assets_token(
    driver: Driver, fake: SnapLogicApimFake
) -> None:
    results = await driver.call("migrate_and_wait", ASSETS)
    assert [type(r).__name__ for r in results] == ["Outcome", "Outcome"]
    assert [r.status for r in results] == ["Completed", "Completed"]
    assert [r.model.target_path for r in results] == ["/e/p/a", "/e/p/b"]
    posts = [r for r in fake.requests if r.method == "POST"]
    assert len(posts) == 1  # one start request for both assets
    # the two tokens are polled together: one status request per round
    assert set(fake.token_counts) == {2}
    fake.assert_requests_valid()
    fake.assert_healthy()


async def test_migrate_and_wait_refuses_its_wait_keywords_before_starting(
    driver: Driver, fake: SnapLogicApimFake
) -> None:
    """``policy=`` with ``timeout=`` is refused before the start request: migrations started
    and then left unwaited, their tokens never returned, would be lost."""
    with pytest.raises(ConfigurationError, match="not both"):
        await driver.call("migrate_and_wait", ASSETS, policy=policy(), timeout=60)
    assert [r for r in fake.requests if r.method == "POST"] == []


async def test_start_migration_returns_references_in_asset_order(
    driver: Driver, fake: SnapLogicApimFake
) -> None:
    refs = await driver.call("start_migration", ASSETS, org_name="elsewhere")
    assert [r["org_name"] for r in refs] == ["elsewhere", "elsewhere"]
    docs = [await driver.call("status", ref) for ref in refs]
    assert [d.model.target_path for d in docs] == ["/e/p/a", "/e/p/b"]


async def test_start_is_never_retried_after_the_server_may_have_acted(
    driver: Driver, fake: SnapLogicApimFake
) -> None:
    fake.inject(Fault.http_error(503), times=1, route="startServiceMigration")
    with pytest.raises(TransientRetriesExhausted):
        await driver.call("start_migration", ASSETS)
    assert [r.status for r in fake.requests] == [503]


async def test_bad_assets_are_refused_before_any_request(
    driver: Driver, fake: SnapLogicApimFake
) -> None:
    for assets in ([], [{"asset_path": "/a"}], {"asset_path": "/a"}):
        with pytest.raises(InvalidOperationReference):
            await driver.call("start_migration", assets)
    assert fake.requests == []


def test_status_tokens_are_read_wherever_the_answer_puts_them() -> None:
    # the page says "a status_token per asset" without the layout: any nesting is read, in order
    from opstatus_snaplogic_apim._client import _status_tokens

    keyed = {"/a": {"status_token": "t1"}, "/b": {"status_token": "t2"}}
    listed = {"migrations": [{"asset_path": "/a", "status_token": "t1"}, {"status_token": "t2"}]}
    assert _status_tokens(keyed) == _status_tokens(listed) == ["t1", "t2"]
    assert _status_tokens({"status_token": 7, "x": [{"status_token": "t"}]}) == ["t"]
    assert _status_tokens({}) == []


# -- listing by status type ------------------------------------------------------------------------


async def test_list_migrations_returns_typed_records(
    driver: Driver, fake: SnapLogicApimFake
) -> None:
    done = fake.create_migration(polls=0)
    failed = fake.create_migration(outcome="Failed", polls=0)
    running = fake.create_migration(polls=5)
    fake.create_migration(polls=0, org_name="other-env")
    await driver.call("wait_many", [done, failed])
    completed = await driver.call("list_migrations", "Completed")
    assert [r.status_token for r in completed] == [done["status_token"]]
    assert all(isinstance(r, MigrationStatusDocument) for r in completed)
    assert completed[0].completed_time
    started = await driver.call("list_migrations", "Started")
    assert [r.status_token for r in started] == [running["status_token"]]
    assert [r.status for r in await driver.call("list_migrations", "Failed")] == ["Failed"]
    with pytest.raises(OperationNotFound) as info:
        await driver.call("list_migrations", "Failed", org_name="nowhere")
    assert info.value.status_code == 404
    fake.assert_requests_valid()
    fake.assert_healthy()


async def test_list_migrations_errors_are_typed(drivers: Any, fake: SnapLogicApimFake) -> None:
    with pytest.raises(AuthenticationError):
        await drivers(token="wrong").call("list_migrations", "Completed")
    # core's one-shot call: transient failures are retried within the budget, Retry-After obeyed
    running = fake.create_migration(polls=5)
    fake.inject(Fault.http_error(503, retry_after=3), times=2)
    clock = FakeClock()
    listed = await drivers(clock=clock).call("list_migrations", "Started")
    assert [r.status_token for r in listed] == [running["status_token"]]
    assert len(clock.sleeps) == 2
    assert min(clock.sleeps) >= 3
    fake.inject(Fault.http_error(503), times=10)
    with pytest.raises(TransientRetriesExhausted) as info:
        await drivers(policy=policy(transient_budget=2)).call("list_migrations", "Completed")
    assert info.value.status_code == 503
    assert info.value.attempts == 3
    assert info.value.operation_id == f"listMigrationsByStatusType({DEMO_ORG})"
    fake.faults.clear()
    fake.inject(Fault.not_json())
    with pytest.raises(MalformedResponse):
        await drivers().call("list_migrations", "Completed")


# -- loopback HTTP ---------------------------------------------------------------------------------


async def test_over_loopback_http(mode: str, fake: SnapLogicApimFake) -> None:
    ref = fake.create_migration(polls=2)
    failing = fake.create_migration(outcome="Failed", polls=1)
    fake.inject(Fault.http_error(503, retry_after=1))
    fake.inject(Fault.drop_connection())
    with serve(fake) as server:
        options: dict[str, Any] = {
            "base_url": server.base_url,
            "clock": FakeClock(),
            "policy": policy(),
            "org_name": DEMO_ORG,
            **fake.demo_credentials,
        }
        if mode == "sync":
            with SnapLogicApimClient(**options) as client:
                outcome = client.wait(ref)
                results = client.wait_many([failing, {**ref, "status_token": "nope"}])
                records = client.list_migrations("Completed")
        else:
            async with AsyncSnapLogicApimClient(**options) as aclient:
                outcome = await aclient.wait(ref)
                results = await aclient.wait_many([failing, {**ref, "status_token": "nope"}])
                records = await aclient.list_migrations("Completed")
    assert outcome.status == "Completed"
    assert isinstance(results[0], OperationFailed)
    assert isinstance(results[1], OperationNotFound)
    assert [r.status_token for r in records] == [ref["status_token"]]
    assert fake.faults.tally == {"http_error:503": 1, "drop_connection": 1}
    fake.assert_requests_valid()
    fake.assert_healthy()
