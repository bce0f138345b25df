"""Credential redaction, and the clients against the fake's real HTTP server on loopback."""

from __future__ import annotations

import base64
import logging
import uuid

import pytest
from opstatus_bc_cloudmigration import (
    AsyncBcCloudMigrationClient,
    AuthenticationError,
    BcCloudMigrationClient,
    OperationFailed,
    WaitError,
    WaitTimeout,
)
from opstatus_bc_cloudmigration.testing import (
    DEMO_COMPANY_ID,
    DEMO_TOKEN,
    BcCloudMigrationFake,
    Fault,
    serve,
)
from opstatus_core import FakeClock

from ._support import call, policy


def _decoded(token: str | None) -> str:
    assert token is not None
    return base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()


@pytest.mark.parametrize("kind", ["token", "basic"])
async def test_credentials_never_leak(
    mode: str, kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    secret = f"S3CRET-{uuid.uuid4().hex}"
    if kind == "token":
        fake = BcCloudMigrationFake(tokens=[secret])
        credentials: dict[str, str] = {"token": secret}
    else:
        fake = BcCloudMigrationFake(basic=[("ALICE", secret)])
        credentials = {"username": "ALICE", "password": secret}
    cls = BcCloudMigrationClient if mode == "sync" else AsyncBcCloudMigrationClient
    texts: list[str] = []

    def client(**extra: object) -> BcCloudMigrationClient | AsyncBcCloudMigrationClient:
        options = {
            **credentials,
            "base_url": fake.base_url,
            "company_id": DEMO_COMPANY_ID,
            "transport": fake.transport(),
            "clock": FakeClock(),
            "policy": policy(timeout=5),
            **extra,
        }
        made = cls(**options)  # type: ignore[arg-type]
        texts.extend([repr(made), str(made)])
        return made

    caplog.set_level(logging.DEBUG)
    errors: list[WaitError] = []
    failed = fake.seed_operation("failed", polls=1)
    slow = fake.seed_run(schedule=[("InProgress", 100), ("Completed", None)])
    for ref, expected in ((failed, OperationFailed), (slow, WaitTimeout)):
        with pytest.raises(expected) as info:
            await call(client(), "wait", ref)
        errors.append(info.value)
    wrong = {"token": "nope"} if kind == "token" else {"password": "nope"}
    with pytest.raises(AuthenticationError) as auth_info:
        await call(client(**wrong), "wait", failed)
    errors.append(auth_info.value)
    fake.inject(Fault.http_error(500), route="runReplication")
    with pytest.raises(WaitError) as action_info:
        await call(client(), "run_replication")
    errors.append(action_info.value)

    for error in errors:
        texts.extend([str(error), repr(error), repr(error.snapshot), str(error.detail)])
        texts.append(_decoded(error.continuation_token) if error.continuation_token else "")
        if error.continuation_token:
            texts.append(error.continuation_token)
    texts.append(caplog.text)
    texts.extend(repr(r) for r in fake.requests)
    encoded = base64.b64encode(f"ALICE:{secret}".encode()).decode()
    for text in texts:
        assert secret not in text
        assert encoded not in text
    # the texts are real: the client and the fake's log say what they hide
    assert any("credentials=<redacted>" in t for t in texts)
    assert {r.header("authorization") for r in fake.requests} == {"<redacted>"}


def test_loopback_sync() -> None:
    fake = BcCloudMigrationFake(validate_responses=True)
    ref = fake.seed_operation("succeeded", polls=2)
    failed = fake.seed_operation("failed", polls=1)
    fake.inject(Fault.drop_connection(), operation_id=ref["id"])
    with serve(fake) as server:
        assert server.base_url.startswith("http://127.0.0.1:")
        with BcCloudMigrationClient(
            token=DEMO_TOKEN, base_url=server.base_url, clock=FakeClock(), policy=policy()
        ) as client:
            assert client.wait(ref).status == "Completed"
            new = client.run_replication(company_id=DEMO_COMPANY_ID)
            assert client.wait(new).status == "Completed"
            with pytest.raises(OperationFailed):
                client.wait(failed)
            assert len(client.list_details(failed)) == fake.tables
    assert fake.faults.tally["drop_connection"] == 1
    fake.assert_requests_valid()
    fake.assert_healthy()


async def test_loopback_async() -> None:
    fake = BcCloudMigrationFake(validate_responses=True)
    refs = [fake.seed_operation("succeeded", polls=n) for n in (1, 2, 3)]
    fake.inject(Fault.too_many_requests(retry_after=3))
    with serve(fake) as server:
        async with AsyncBcCloudMigrationClient(
            token=DEMO_TOKEN, base_url=server.base_url, clock=FakeClock(), policy=policy()
        ) as client:
            results = await client.wait_many(refs)
            assert [r.status for r in results] == ["Completed"] * 3  # type: ignore[union-attr]
            upgraded = fake.seed_run(schedule=[("UpgradePending", None)])
            outcome = await client.upgrade_and_wait(upgraded)
            assert outcome.status == "Completed"
            with pytest.raises(AuthenticationError):
                async with AsyncBcCloudMigrationClient(
                    token="wrong", base_url=server.base_url, clock=FakeClock()
                ) as bad:
                    await bad.wait(refs[0])
    fake.assert_requests_valid()
    fake.assert_healthy()
