"""The CLI's ``--goal`` (from the plugin's keywords): what ``opstatus bc-cloudmigration wait``
waits for, against the fake on loopback."""

from __future__ import annotations

import json

import pytest
from opstatus_bc_cloudmigration.testing import DEMO_TOKEN, BcCloudMigrationFake, serve
from opstatus_cli.main import main


def _wait(
    capsys: pytest.CaptureFixture[str], base_url: str, run_id: str, *extra: str
) -> tuple[int, str]:
    code = main(
        [
            "bc-cloudmigration",
            "wait",
            run_id,
            "--base-url",
            base_url,
            "--token",
            DEMO_TOKEN,
            "--company-id",
            "6e1ba9f4-5e1a-4d47-9a0e-0c2f1b6f7a10",
            "--interval",
            "0.01",
            "--json",
            *extra,
        ]
    )
    return code, capsys.readouterr().out


def test_goal_migration_keeps_waiting_through_upgrade_pending(
    capsys: pytest.CaptureFixture[str],
) -> None:
    fake = BcCloudMigrationFake()
    plain = fake.seed_run(schedule=[("UpgradePending", None)])
    through = fake.seed_run(schedule=[("UpgradePending", 2), ("Completed", None)])
    with serve(fake) as server:
        code, out = _wait(capsys, server.base_url, plain["id"])
        assert code == 0
        assert (
            json.loads(out.splitlines()[0])["status"] == "UpgradePending"
        )  # replication, the default
        code, out = _wait(capsys, server.base_url, through["id"], "--goal", "migration")
        assert code == 0
        assert json.loads(out.splitlines()[0])["status"] == "Completed"
    fake.assert_requests_valid()
