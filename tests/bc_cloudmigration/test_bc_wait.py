"""Waiting on runs, sync and async, against the in-process fake: outcomes, progress, timing,
faults, resume, typed errors."""

from __future__ import annotations

import uuid
import warnings

import pytest
from opstatus_bc_cloudmigration import (
    ApiError,
    AuthenticationError,
    BcReference,
    ConfigurationError,
    InvalidOperationReference,
    OperationFailed,
    OperationNotFound,
    TransientRetriesExhausted,
    UnknownStatusWarning,
    WaitTimeout,
)
from opstatus_bc_cloudmigration.testing import (
    DEMO_COMPANY_ID,
    DEMO_PASSWORD,
    DEMO_USERNAME,
    BcCloudMigrationFake,
    Fault,
)
from opstatus_core import FakeClock

from ._support import MakeClient, call, policy


async def test_succeeded(fake: BcCloudMigrationFake, make_client: MakeClient) -> None:
    ref = fake.seed_operation("succeeded", polls=3)
    outcome = await call(make_client(), "wait", ref)
    assert outcome.status == "Completed"
    assert outcome.attempts == 4
    assert str(outcome.model.id) == ref["id"]
    assert outcome.model.tables_remaining == 0
    assert dict(outcome.reference) == ref


async def test_failed(fake: BcCloudMigrationFake, make_client: MakeClient) -> None:
    ref = fake.seed_operation("failed", polls=2)
    with pytest.raises(OperationFailed) as info:
        await call(make_client(), "wait", ref)
    error = info.value
    assert error.last_status == "Failed"
    assert error.detail == "Replication completed with failed tables"
    assert error.attempts == 3
    assert error.snapshot.model.tables_failed == 2
    assert "list_details" in str(error)


@pytest.mark.parametrize("schema", ["2.0", "1.0"])
@pytest.mark.parametrize("final", ["Completed", "UpgradePending"])
async def test_member_names_whatever_the_servers_default_schema(
    fake: BcCloudMigrationFake, make_client: MakeClient, schema: str, final: str
) -> None:
    # the SDK asks for $schemaversion=2.0, so a server defaulting to 1.0 (captions) still
    # answers member names
    fake.schema_version = schema  # type: ignore[assignment]
    ref = fake.seed_run(schedule=[("InProgress", 2), ("RepairDataPending", 1), (final, None)])
    outcome = await call(make_client(), "wait", ref)
    assert outcome.status == final
    assert all(
        r.url.endswith("%24schemaversion=2.0") or "$schemaversion=2.0" in r.url
        for r in fake.requests
    )


async def test_a_tenant_in_another_language_still_ends_the_wait(
    make_client: MakeClient, clock: FakeClock
) -> None:
    french = {
        "InProgress": "En cours",
        "Completed": "Terminé",
        "UpgradeFailed": "Échec de la mise à niveau",
    }
    fake = BcCloudMigrationFake(schema_version="1.0", captions=french)
    ref = fake.seed_run(schedule=[("InProgress", 2), ("Completed", None)])
    # read without $schemaversion, the status is a caption no spec can list
    with fake.client() as http:
        raw = http.get(
            f"/companies({ref['company_id']})/cloudMigrationStatus({ref['id']})",
            headers={"Authorization": "Bearer demo-bc-token"},
        )
    assert raw.json()["status"] == "En cours"
    failing = fake.seed_run(schedule=[("UpgradeInProgress", 1), ("UpgradeFailed", None)])
    client = make_client(base_url=fake.base_url, transport=fake.transport())
    with warnings.catch_warnings():
        warnings.simplefilter("error", UnknownStatusWarning)  # no caption ever reaches the rule
        assert (await call(client, "wait", ref)).status == "Completed"
        with pytest.raises(OperationFailed) as info:
            await call(client, "wait", failing)
    assert info.value.last_status == "UpgradeFailed"


async def test_upgrade_failed(fake: BcCloudMigrationFake, make_client: MakeClient) -> None:
    ref = fake.seed_run(schedule=[("UpgradeInProgress", 2), ("UpgradeFailed", None)])
    with pytest.raises(OperationFailed) as info:
        await call(make_client(), "wait", ref)
    assert info.value.last_status == "UpgradeFailed"


# -- goals: what a wait waits for ---------------------------------------------------------------


async def test_upgrade_pending_ends_a_replication_wait_not_a_migration_wait(
    fake: BcCloudMigrationFake, make_client: MakeClient
) -> None:
    ref = fake.seed_run(schedule=[("InProgress", 1), ("UpgradePending", None)])
    replication = make_client()
    assert replication.goal == "replication"  # the spec's defaultGoal
    assert (await call(replication, "wait", ref)).status == "UpgradePending"
    migration = make_client(goal="migration")
    with pytest.raises(WaitTimeout) as info:
        await call(migration, "wait", ref, timeout=30)
    assert info.value.last_status == "UpgradePending"


async def test_a_migration_wait_follows_the_upgrade_to_completed(
    fake: BcCloudMigrationFake, make_client: MakeClient
) -> None:
    # someone starts the upgrade while the wait runs: UpgradePending is only a step
    ref = fake.seed_run(
        schedule=[("UpgradePending", 2), ("UpgradeInProgress", 2), ("Completed", None)]
    )
    outcome = await call(make_client(goal="migration"), "wait", ref)
    assert outcome.status == "Completed"
    assert outcome.attempts == 5


async def test_goal_from_the_environment_and_refused_goals(make_client: MakeClient) -> None:
    client = make_client(environ={"OPSTATUS_BC_GOAL": "migration"})
    assert client.goal == "migration"
    assert client.rule.classify("UpgradePending").value == "pending"
    with pytest.raises(ConfigurationError, match="replication, migration"):
        make_client(goal="everything")


# -- completeCloudMigration -------------------------------------------------------------------


async def test_wait_and_complete(fake: BcCloudMigrationFake, make_client: MakeClient) -> None:
    ref = fake.seed_run(schedule=[("UpgradeInProgress", 2), ("Completed", None)])
    outcome = await call(make_client(goal="migration"), "wait_and_complete", ref)
    assert outcome.status == "Completed"
    assert fake.companies[DEMO_COMPANY_ID]["migration_completed"] is True
    assert fake.requests[-1].url.endswith("Microsoft.NAV.completeCloudMigration")
    fake.assert_requests_valid()


async def test_wait_and_complete_needs_the_migration_goal(
    fake: BcCloudMigrationFake, make_client: MakeClient
) -> None:
    ref = fake.seed_run(schedule=[("UpgradePending", None)])
    with pytest.raises(ConfigurationError, match="goal='migration'"):
        await call(make_client(), "wait_and_complete", ref)
    assert fake.requests == []


async def test_a_failed_migration_is_not_completed(
    fake: BcCloudMigrationFake, make_client: MakeClient
) -> None:
    ref = fake.seed_run(schedule=[("UpgradeInProgress", 1), ("UpgradeFailed", None)])
    with pytest.raises(OperationFailed):
        await call(make_client(goal="migration"), "wait_and_complete", ref)
    assert "migration_completed" not in fake.companies[DEMO_COMPANY_ID]
    assert not any("completeCloudMigration" in r.url for r in fake.requests)


async def test_complete_is_refused_before_the_upgrade_is_done(
    fake: BcCloudMigrationFake, make_client: MakeClient
) -> None:
    ref = fake.seed_run(schedule=[("UpgradePending", None)])
    with pytest.raises(ApiError) as info:
        await call(make_client(), "complete_cloud_migration", ref)
    assert info.value.status_code == 400
    assert "upgrade was not completed" in str(info.value)
    fake.assert_healthy()


async def test_progress(fake: BcCloudMigrationFake, make_client: MakeClient) -> None:
    ref = fake.seed_operation("succeeded", polls=3)
    seen: list[tuple[str, float | None]] = []
    await call(
        make_client(), "wait", ref, on_progress=lambda s: seen.append((s.status, s.progress))
    )
    # (tablesSuccessful + tablesFailed) / (that + tablesRemaining), 12 tables
    assert seen == [
        ("InProgress", 0.25),
        ("InProgress", 0.5),
        ("InProgress", 0.75),
        ("Completed", 1.0),
    ]


async def test_deadline(
    fake: BcCloudMigrationFake, make_client: MakeClient, clock: FakeClock
) -> None:
    ref = fake.seed_run(schedule=[("InProgress", 1000), ("Completed", None)])
    start = clock.monotonic()
    with pytest.raises(WaitTimeout) as info:
        await call(make_client(policy=policy(timeout=60, jitter=0)), "wait", ref)
    assert clock.monotonic() - start == pytest.approx(60)
    assert info.value.last_status == "InProgress"
    assert info.value.continuation_token


async def test_backoff(
    fake: BcCloudMigrationFake, make_client: MakeClient, clock: FakeClock
) -> None:
    ref = fake.seed_run(schedule=[("InProgress", 5), ("Completed", None)])
    pol = policy(interval=2, multiplier=2, max_interval=10, jitter=0)
    await call(make_client(policy=pol), "wait", ref)
    assert clock.sleeps == [2, 4, 8, 10, 10]


async def test_retry_after(
    fake: BcCloudMigrationFake, make_client: MakeClient, clock: FakeClock
) -> None:
    ref = fake.seed_operation("succeeded", polls=1)
    fake.inject(Fault.too_many_requests(retry_after=17), route="getCloudMigrationStatus")
    outcome = await call(make_client(policy=policy(interval=1, jitter=0)), "wait", ref)
    assert outcome.status == "Completed"
    assert clock.sleeps[0] == 17  # Retry-After raises the 1 s delay
    assert fake.faults.tally["http_error:429"] == 1


async def test_transient_faults_recovered(
    fake: BcCloudMigrationFake, make_client: MakeClient
) -> None:
    ref = fake.seed_operation("succeeded", polls=1)
    for fault in (
        Fault.http_error(503, retry_after=1),
        Fault.drop_connection(),
        Fault.reset_mid_body(),
        Fault.http_error(500),
    ):
        fake.inject(fault, operation_id=ref["id"])
    outcome = await call(make_client(policy=policy(transient_budget=4)), "wait", ref)
    assert outcome.status == "Completed"
    assert len(fake.faults.injected) == 4


async def test_transient_faults_beyond_budget(
    fake: BcCloudMigrationFake, make_client: MakeClient
) -> None:
    ref = fake.seed_operation("succeeded", polls=1)
    fake.inject(Fault.http_error(503), times=10, operation_id=ref["id"])
    with pytest.raises(TransientRetriesExhausted) as info:
        await call(make_client(policy=policy(transient_budget=2)), "wait", ref)
    assert info.value.status_code == 503
    assert info.value.attempts == 3
    assert info.value.continuation_token


async def test_malformed_bodies_are_typed(
    fake: BcCloudMigrationFake, make_client: MakeClient
) -> None:
    from opstatus_bc_cloudmigration import MalformedResponse

    ref = fake.seed_operation("succeeded", polls=1)
    fake.inject(Fault.not_json(), operation_id=ref["id"])
    with pytest.raises(MalformedResponse):
        await call(make_client(), "wait", ref)


async def test_resume_in_fresh_client(
    mode: str, fake: BcCloudMigrationFake, make_client: MakeClient, clock: FakeClock
) -> None:
    ref = fake.seed_run(schedule=[("InProgress", 6), ("Completed", None)])
    with pytest.raises(WaitTimeout) as info:
        await call(make_client(policy=policy(timeout=3, interval=1, jitter=0)), "wait", ref)
    token = info.value.continuation_token
    assert token is not None
    fresh = make_client(company_id=None)  # the token carries the whole reference
    poller = fresh.resume(token, timeout=600)
    outcome = poller.wait() if mode == "sync" else await poller.wait()
    assert outcome.status == "Completed"
    assert outcome.operation_id == ref["id"]
    assert outcome.attempts > info.value.attempts  # attempts carry on


async def test_unknown_status_warned_once_and_pending(
    fake: BcCloudMigrationFake, make_client: MakeClient
) -> None:
    value = f"Paused-{uuid.uuid4().hex[:8]}"  # the rule warns once per process and value
    ref = fake.seed_operation("succeeded", polls=3)
    fake.inject(Fault.unknown_status(value), times=3, operation_id=ref["id"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        outcome = await call(make_client(), "wait", ref)
    unknown = [w for w in caught if issubclass(w.category, UnknownStatusWarning)]
    assert len(unknown) == 1
    assert value in str(unknown[0].message)
    assert outcome.status == "Completed"
    assert outcome.attempts == 4


async def test_unknown_id(fake: BcCloudMigrationFake, make_client: MakeClient) -> None:
    missing = str(uuid.uuid4())
    with pytest.raises(OperationNotFound) as info:
        await call(make_client(), "wait", missing)
    assert info.value.status_code == 404
    assert "Internal_RecordNotFound" in (info.value.detail or "")
    assert info.value.attempts == 1


async def test_unknown_company(fake: BcCloudMigrationFake, make_client: MakeClient) -> None:
    ref = fake.seed_operation("succeeded")
    with pytest.raises(OperationNotFound):
        await call(make_client(), "wait", {**ref, "company_id": str(uuid.uuid4())})


async def test_bad_credentials(fake: BcCloudMigrationFake, make_client: MakeClient) -> None:
    ref = fake.seed_operation("succeeded")
    with pytest.raises(AuthenticationError) as info:
        await call(make_client(token="not-the-token"), "wait", ref)
    assert info.value.status_code == 401
    assert "Authentication_InvalidCredentials" in (info.value.detail or "")


async def test_basic_credentials(fake: BcCloudMigrationFake, make_client: MakeClient) -> None:
    ref = fake.seed_operation("succeeded", polls=1)
    client = make_client(token=None, username=DEMO_USERNAME, password=DEMO_PASSWORD)
    assert (await call(client, "wait", ref)).status == "Completed"
    with pytest.raises(AuthenticationError):
        await call(make_client(token=None, username=DEMO_USERNAME, password="wrong"), "wait", ref)


@pytest.mark.parametrize(
    "ref",
    [
        "not-a-guid",
        "3f2504e0-4f89-11d3-9a0c-0305e82c330",  # one digit short
        "3f2504e0-4f8911d3-9a0c-0305e82c3301",  # hyphens in only some places
        "3f2504e0-4f89-11d3-9a0c-0305e82c3301}",  # unbalanced brace
        "{3f2504e0-4f89-11d3-9a0c-0305e82c3301",  # unbalanced brace
        "../3f2504e0-4f89-11d3-9a0c-0305e82c3301",
        {"company_id": "acme", "id": "3f2504e0-4f89-11d3-9a0c-0305e82c3301"},
        {"id": "3f2504e0-4f89-11d3-9a0c-0305e82c3301", "extra": "x"},
    ],
)
async def test_malformed_reference_refused_before_any_request(
    fake: BcCloudMigrationFake, make_client: MakeClient, ref: object
) -> None:
    client = make_client()
    with pytest.raises(InvalidOperationReference):
        await call(client, "wait", ref)
    with pytest.raises(InvalidOperationReference):
        await call(client, "list_details", ref)
    with pytest.raises(InvalidOperationReference):
        await call(client, "run_data_upgrade", ref)
    assert fake.requests == []


def test_the_typed_reference_is_two_canonical_guids() -> None:
    run = str(uuid.uuid4())
    ref = BcReference.parse(run.upper(), defaults={"company_id": DEMO_COMPANY_ID})
    assert ref == BcReference.parse({"company_id": DEMO_COMPANY_ID, "id": uuid.UUID(run)})
    assert ref.id == run
    assert ref.to_dict() == {"company_id": DEMO_COMPANY_ID.lower(), "id": run}
    assert ref.path_kwargs() == {
        "company_id": uuid.UUID(DEMO_COMPANY_ID),
        "cloud_migration_status_id": uuid.UUID(run),
    }
    assert set(ref.to_kwargs()) == {"company_id", "cloud_migration_status_id", "schemaversion"}
    with pytest.raises(InvalidOperationReference, match="OPSTATUS_BC_COMPANY"):
        BcReference.parse(run)


async def test_no_company_refused(fake: BcCloudMigrationFake, make_client: MakeClient) -> None:
    client = make_client(company_id=None)
    with pytest.raises(InvalidOperationReference):
        await call(client, "wait", "3f2504e0-4f89-11d3-9a0c-0305e82c3301")
    with pytest.raises(InvalidOperationReference):
        await call(client, "list_runs")
    assert fake.requests == []


async def test_braced_and_upper_case_ids_are_normalised(
    fake: BcCloudMigrationFake, make_client: MakeClient
) -> None:
    ref = fake.seed_operation("succeeded", polls=1)
    odd = {"company_id": DEMO_COMPANY_ID.upper(), "id": "{" + ref["id"].upper() + "}"}
    outcome = await call(make_client(), "wait", odd)
    assert dict(outcome.reference) == ref
