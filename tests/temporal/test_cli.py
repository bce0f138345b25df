"""``opstatus worker`` and ``opstatus <provider> wait|status --durable``, as a user runs them:
real processes, the real dev server, a provider fake on loopback."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from opstatus_core.plugin import Plugin
from opstatus_temporal.devserver import DevServer, free_port

from .conftest import Served, serve_fake

pytestmark = pytest.mark.timeout(120)

OPSTATUS = str(Path(sys.executable).parent / "opstatus")


@pytest.fixture(scope="module")
def cli_setup(
    temporal_server: DevServer, plugins: dict[str, Plugin]
) -> Iterator[tuple[Served, dict[str, str]]]:
    """The translator fake, one `opstatus worker` with its credentials, and the environment of a
    submitter (Temporal settings only: no provider credentials)."""
    queue = f"opstatus-cli-{uuid.uuid4().hex[:12]}"
    temporal = {
        "OPSTATUS_TEMPORAL_ADDRESS": temporal_server.address,
        "OPSTATUS_TEMPORAL_TASK_QUEUE": queue,
    }
    base = {k: v for k, v in os.environ.items() if not k.startswith("OPSTATUS_")}
    with ExitStack() as stack:
        served = serve_fake(stack, plugins["doc-translation"], retry_after=None)
        worker = subprocess.Popen(
            [OPSTATUS, "worker"],
            env={**base, **temporal, **served.env},
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            yield served, {**base, **temporal, "COLUMNS": "200"}
        finally:
            worker.send_signal(signal.SIGTERM)
            _, err = worker.communicate(timeout=60)
        # a clean stop: exit 0, no abort in interpreter finalization
        assert worker.returncode == 0, err
        assert "providers: bc-cloudmigration" in err


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [OPSTATUS, *args], env=env, capture_output=True, text=True, timeout=100, check=False
    )


def test_wait_durable_reports_like_a_plain_wait_and_status_durable_reads_it_back(
    cli_setup: tuple[Served, dict[str, str]],
) -> None:
    served, env = cli_setup
    fake = served.fake
    told = {
        fake.seed_operation("succeeded", polls=3)["id"]: "succeeded",
        fake.seed_operation("failed", polls=2)["id"]: "failed",
        fake.seed_operation("canceled", polls=2)["id"]: "canceled",
    }
    waited = _run(env, "doc-translation", "wait", *told, "--durable", "--interval", "0.05")
    assert waited.returncode == 1, waited.stderr  # failed wins over canceled (exit codes)
    for op_id in told:
        assert op_id in waited.stdout  # the summary table
    assert "failed" in waited.stderr  # the one-line error of the failed batch
    never = str(uuid.uuid4())  # and one never submitted
    status = _run(env, "doc-translation", "status", *told, never, "--durable", "--json")
    assert status.returncode == 1, status.stderr
    lines = [json.loads(line) for line in status.stdout.splitlines() if line.strip()]
    unknown = lines.pop()
    assert unknown["error_type"] == "DurableWaitNotFound"
    assert f"wait {never} --durable" in unknown["error"]
    assert {r["operation_id"]: r["outcome"] for r in lines} == told
    assert {r["operation_id"]: r["exit_code"] for r in lines} == {
        op: {"succeeded": 0, "failed": 1, "canceled": 3}[outcome] for op, outcome in told.items()
    }


def test_wait_durable_with_temporal_down_is_one_clear_line_exit_5(
    cli_setup: tuple[Served, dict[str, str]],
) -> None:
    _, env = cli_setup
    down = {**env, "OPSTATUS_TEMPORAL_ADDRESS": f"127.0.0.1:{free_port()}"}
    done = _run(down, "doc-translation", "wait", str(uuid.uuid4()), "--durable")
    assert done.returncode == 5
    assert "cannot reach 127.0.0.1:" in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
