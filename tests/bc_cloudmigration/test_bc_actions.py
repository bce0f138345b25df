"""The bound actions, start-then-wait, the run list and the per-table details (sync and async)."""

from __future__ import annotations

import uuid

import pytest
from opstatus_bc_cloudmigration import (
    ApiError,
    AuthenticationError,
    CloudMigrationStatus,
    ConfigurationError,
    InvalidOperationReference,
    OperationFailed,
    OperationNotFound,
    TransientRetriesExhausted,
)
from opstatus_bc_cloudmigration.testing import DEMO_COMPANY_ID, BcCloudMigrationFake, Fault
from opstatus_core import FakeClock

from ._support import MakeClient, call


async def test_run_replication_returns_the_new_run(
    fake: BcCloudMigrationFake, make_client: MakeClient
) -> None:
    client = make_client()
    before = await call(client, "list_runs")
    assert len(before) == 1  # the fake's historical run
    new = await call(client, "run_replication")
    assert new["company_id"] == DEMO_COMPANY_ID
    assert new["id"] not in {str(run.id) for run in before}
    after = await call(client, "list_runs")
    assert str(after[0].id) == new["id"]  # newest first
    assert all(isinstance(run, CloudMigrationStatus) for run in after)
    outcome = await call(client, "wait", new)
    assert outcome.status == "Completed"
    posts = [r for r in fake.requests if r.method == "POST"]
    assert [r.route for r in posts] == ["runReplication"]
    assert str(before[0].id) in posts[0].path  # bound to the newest record before the call


async def test_run_replication_bound_to_a_given_run(
    fake: BcCloudMigrationFake, make_client: MakeClient
) -> None:
    binding = fake.seed_operation("succeeded")
    new = await call(make_client(), "run_replication", binding)
    assert new["id"] != binding["id"]
    assert len(fake.runs(DEMO_COMPANY_ID)) == 3


async def test_replicate_and_wait_to_upgrade_pending_then_upgrade(
    fake: BcCloudMigrationFake, make_client: MakeClient
) -> None:
    fake.replication_schedule = (("InProgress", 2), ("UpgradePending", None))
    client = make_client()
    outcome = await call(client, "replicate_and_wait", company_id=DEMO_COMPANY_ID)
    assert outcome.status == "UpgradePending"
    upgraded = await call(client, "upgrade_and_wait", dict(outcome.reference))
    assert upgraded.status == "Completed"
    history = fake.operations.get(outcome.operation_id)
    assert history is not None
    assert "UpgradeInProgress" in history.history


@pytest.mark.parametrize("method", ["replicate_and_wait", "upgrade_and_wait"])
async def test_start_then_wait_refuses_its_wait_keywords_before_starting(
    fake: BcCloudMigrationFake, make_client: MakeClient, method: str
) -> None:
    """``policy=`` with ``timeout=`` is refused before the start request: a run started and
    then left unwaited, its reference never returned, would be lost."""
    ref = fake.seed_run(schedule=[("UpgradePending", None)])
    client = make_client()
    with pytest.raises(ConfigurationError, match="not both"):
        await call(client, method, ref, policy=client.policy, timeout=60)
    assert [r.method for r in fake.requests if r.method == "POST"] == []


async def test_upgrade_failure(fake: BcCloudMigrationFake, make_client: MakeClient) -> None:
    fake.upgrade_schedule = (("UpgradeInProgress", 1), ("UpgradeFailed", None))
    ref = fake.seed_run(schedule=[("UpgradePending", None)])
    with pytest.raises(OperationFailed) as info:
        await call(make_client(), "upgrade_and_wait", ref)
    assert info.value.last_status == "UpgradeFailed"


async def test_run_data_upgrade_refused_unless_upgrade_pending(
    fake: BcCloudMigrationFake, make_client: MakeClient
) -> None:
    ref = fake.seed_operation("succeeded")
    with pytest.raises(ApiError) as info:
        await call(make_client(), "run_data_upgrade", ref)
    assert info.value.status_code == 400
    assert "Application_DialogException" in (info.value.detail or "")
    assert "Upgrade cannot be started" in str(info.value)


async def test_disable_replication(fake: BcCloudMigrationFake, make_client: MakeClient) -> None:
    client = make_client()
    ref = fake.seed_operation("succeeded")
    assert await call(client, "disable_replication", ref) is None
    assert fake.companies[DEMO_COMPANY_ID]["replication_enabled"] is False
    assert [r.status for r in fake.requests] == [204]


async def test_refresh_and_reset_answer_204(
    fake: BcCloudMigrationFake, make_client: MakeClient
) -> None:
    client = make_client()
    ref = fake.seed_operation("succeeded")
    assert await call(client, "refresh_status", ref) is None
    assert await call(client, "reset_cloud_data", ref) is None
    assert [r.status for r in fake.requests] == [204, 204]


async def test_actions_on_unknown_run_and_with_bad_credentials(
    fake: BcCloudMigrationFake, make_client: MakeClient
) -> None:
    with pytest.raises(OperationNotFound) as info:
        await call(make_client(), "refresh_status", str(uuid.uuid4()))
    assert info.value.status_code == 404
    ref = fake.seed_operation("succeeded")
    with pytest.raises(AuthenticationError):
        await call(make_client(token="wrong"), "run_replication", ref)
    with pytest.raises(AuthenticationError):
        await call(make_client(token="wrong"), "list_runs")
    assert not fake.runs(DEMO_COMPANY_ID)[0].history  # nothing advanced


async def test_run_replication_in_company_without_runs(
    fake: BcCloudMigrationFake, make_client: MakeClient
) -> None:
    company = fake.add_company(history=False)
    with pytest.raises(InvalidOperationReference):
        await call(make_client(), "run_replication", company_id=company)


async def test_run_replication_without_new_record_is_typed(
    fake: BcCloudMigrationFake, make_client: MakeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fake, "seed_run", lambda *a, **k: {})  # the action creates nothing
    with pytest.raises(OperationNotFound) as info:
        await call(make_client(), "run_replication")
    assert "no new cloudMigrationStatus record" in str(info.value)
    lists = [r for r in fake.requests if r.route == "listCloudMigrationStatus"]
    assert len(lists) == 4  # before, then three tries


@pytest.mark.parametrize("fault", [Fault.http_error(503), Fault.drop_connection()])
async def test_action_transient_failure_is_not_retried(
    fake: BcCloudMigrationFake, make_client: MakeClient, fault: Fault
) -> None:
    fake.inject(fault, route="runReplication")
    with pytest.raises(TransientRetriesExhausted) as info:
        await call(make_client(), "run_replication")
    assert "not idempotent" in str(info.value)
    assert info.value.operation_id.startswith("runReplication(")
    assert len(fake.runs(DEMO_COMPANY_ID)) == 1
    assert len([r for r in fake.requests if r.route == "runReplication"]) == 1


async def test_action_retried_when_the_server_cannot_have_acted(
    fake: BcCloudMigrationFake, make_client: MakeClient, clock: FakeClock
) -> None:
    ref = fake.seed_operation("succeeded")
    fake.inject(Fault.http_error(429), route="refreshStatus")
    fake.inject(Fault.refuse_connection(), route="refreshStatus")
    assert await call(make_client(), "refresh_status", ref) is None
    statuses = [r.status for r in fake.requests if r.route == "refreshStatus"]
    assert statuses[-1] == 204
    assert len(statuses) == 3
    assert clock.sleeps


async def test_reads_retry_transient_failures(
    fake: BcCloudMigrationFake, make_client: MakeClient
) -> None:
    fake.inject(Fault.http_error(503), times=2, route="listCloudMigrationStatus")
    runs = await call(make_client(), "list_runs")
    assert len(runs) == 1
    assert [r.status for r in fake.requests] == [503, 503, 200]
    fake.inject(Fault.http_error(503), times=9, route="listCloudMigrationStatus")
    with pytest.raises(TransientRetriesExhausted) as info:
        await call(make_client(), "list_runs")
    assert info.value.attempts == 6  # the policy's transient budget (5), then the error
    assert info.value.operation_id == f"listCloudMigrationStatus({DEMO_COMPANY_ID})"


async def test_list_details(fake: BcCloudMigrationFake, make_client: MakeClient) -> None:
    ref = fake.seed_operation("failed", polls=1)
    client = make_client()
    with pytest.raises(OperationFailed):
        await call(client, "wait", ref)
    details = await call(client, "list_details", ref)
    statuses = [d.status for d in details]
    assert len(details) == fake.tables
    assert statuses.count("Failed") == 2
    assert statuses.count("Successful") == fake.tables - 2
