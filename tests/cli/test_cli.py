"""The opstatus command against toy SDKs registered through real entry points."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from typing import Any

import httpx
import pytest
from opstatus_core.testing import Fault, serve

from tests.toy.testing import COMPANY, TOKEN, ToyFake

from .conftest import ROOT, run_opstatus

JSON_KEYS = {
    "provider",
    "operation_id",
    "reference",
    "outcome",
    "status",
    "progress",
    "attempts",
    "elapsed",
    "exit_code",
    "error",
    "error_type",
    "detail",
    "continuation_token",
}
FAST = ("--interval", "0.05", "--timeout", "20")


def _lines(out: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def _seed(fake: ToyFake, *outcomes: str, polls: int = 2) -> list[str]:
    return [fake.seed_operation(o, polls=polls)["id"] for o in outcomes]


# -- help -------------------------------------------------------------------------------------


def test_root_help_lists_installed_providers_and_exit_codes(toy_env: Any, cli: Any) -> None:
    ran = cli("--help")
    assert ran.code == 0
    for word in ("toy", "toy-company", "fake", "providers", "Exit codes"):
        assert word in ran.out
    for code in range(6):
        assert re.search(rf"^\s*│?\s*{code}\s", ran.out, re.MULTILINE), code
    assert not re.search(r"^\W*(broken|missing)\b", ran.out, re.MULTILINE)


def test_wait_help_has_generic_credential_and_wait_options(toy_env: Any, cli: Any) -> None:
    ran = cli("toy", "wait", "--help")
    assert ran.code == 0
    for word in (
        "--token",
        "TOY_TOKEN",
        "TOY_BASE_URL",
        "--base-url",
        "--timeout",
        "--interval",
        "--json",
        "--quiet",
        "--debug",
        "Exit codes",
    ):
        assert word in ran.out, word
    assert "--param" not in ran.out  # toy references are just an id
    company = cli("toy-company", "status", "--help")
    assert company.code == 0
    assert "--param" in company.out
    assert "company_id" in company.out
    assert "--interval" not in company.out  # status is one request


def test_no_arguments_shows_help(toy_env: Any, cli: Any) -> None:
    ran = cli()
    assert "Usage" in ran.both
    assert ran.code in (0, 2)


# -- status and wait over loopback -------------------------------------------------------------


def test_status_prints_current_status_once(toy: ToyFake, cli: Any) -> None:
    running, done = _seed(toy, "succeeded", "succeeded", polls=5)
    toy.operations.set_status(done, "Succeeded")
    ran = cli("toy", "status", running, done, "--json")
    assert ran.code == 0, ran
    items = _lines(ran.out)
    assert [(i["operation_id"], i["outcome"], i["status"]) for i in items] == [
        (running, "pending", "Running"),
        (done, "succeeded", "Succeeded"),
    ]
    assert toy.operations.get(running).polls == 1  # type: ignore[union-attr]
    table = cli("toy", "status", running)
    assert table.code == 0
    assert running in table.out
    assert "Running" in table.out


def test_wait_all_succeed_exit_0_with_table(toy: ToyFake, cli: Any) -> None:
    ids = _seed(toy, "succeeded", "succeeded", "succeeded")
    ran = cli("toy", "wait", *ids, *FAST)
    assert ran.code == 0, ran
    assert "wait summary" in ran.out
    for op_id in ids:
        assert op_id in ran.out
    assert "succeeded" in ran.out
    assert "100.0%" in ran.both  # the toy reports progress


def test_wait_json_shape(toy: ToyFake, cli: Any) -> None:
    ok, bad = _seed(toy, "succeeded", "failed")
    ran = cli("toy", "wait", ok, bad, *FAST, "--json")
    assert ran.code == 1
    items = _lines(ran.out)
    assert [i["operation_id"] for i in items] == [ok, bad]
    for item in items:
        assert set(item) == JSON_KEYS
        assert item["provider"] == "toy"
        assert item["reference"] == {"id": item["operation_id"]}
    assert items[0]["outcome"] == "succeeded"
    assert items[0]["exit_code"] == 0
    assert items[0]["error"] is None
    assert items[0]["progress"] == 1.0
    assert items[1]["outcome"] == "failed"
    assert items[1]["exit_code"] == 1
    assert items[1]["error_type"] == "OperationFailed"
    assert items[1]["detail"] == "it broke"
    assert bad in items[1]["error"]
    assert "\u2501" not in ran.both  # no progress bars with --json
    assert ran.err == ""


def test_wait_rides_out_429_and_503(toy: ToyFake, cli: Any) -> None:
    ids = _seed(toy, "succeeded", "succeeded")
    toy.inject(Fault.too_many_requests(retry_after=1))
    toy.inject(Fault.http_error(503))
    ran = cli("toy", "wait", *ids, *FAST, "--json")
    assert ran.code == 0, ran
    assert toy.faults.tally["http_error:429"] == 1
    assert toy.faults.tally["http_error:503"] == 1


@pytest.mark.parametrize(
    ("outcomes", "code"),
    [
        (("succeeded",), 0),
        (("failed",), 1),
        (("canceled",), 3),
        (("succeeded", "canceled", "failed"), 1),  # failed beats canceled
    ],
)
def test_exit_code_per_outcome(
    toy: ToyFake, cli: Any, outcomes: tuple[str, ...], code: int
) -> None:
    ids = _seed(toy, *outcomes)
    ran = cli("toy", "wait", *ids, *FAST)
    assert ran.code == code, ran


def test_exit_code_timeout_4_beats_canceled(toy: ToyFake, cli: Any) -> None:
    slow = toy.seed_operation("succeeded", polls=10_000)["id"]
    canceled = toy.seed_operation("canceled", polls=1)["id"]
    ran = cli("toy", "wait", slow, canceled, "--interval", "0.05", "--timeout", "0.6", "--json")
    assert ran.code == 4, ran
    items = {i["operation_id"]: i for i in _lines(ran.out)}
    assert items[slow]["outcome"] == "timed_out"
    assert items[slow]["continuation_token"]
    assert items[canceled]["outcome"] == "canceled"


def test_exit_code_failed_beats_timeout(toy: ToyFake, cli: Any) -> None:
    slow = toy.seed_operation("succeeded", polls=10_000)["id"]
    failed = toy.seed_operation("failed", polls=1)["id"]
    ran = cli("toy", "wait", slow, failed, "--interval", "0.05", "--timeout", "0.6", "--quiet")
    assert ran.code == 1
    assert ran.out == ""  # --quiet: no table
    assert "did not finish before the deadline" in ran.err
    assert "failed" in ran.err


def test_not_found_is_1_with_one_line(toy: ToyFake, cli: Any) -> None:
    ran = cli("toy", "wait", "no-such-job", *FAST)
    assert ran.code == 1
    errors = [line for line in ran.err.splitlines() if line.startswith("opstatus:")]
    assert len(errors) == 1
    assert "no-such-job" in errors[0]
    assert "was not found" in errors[0]
    assert "Traceback" not in ran.both


def test_wrong_credential_is_5(toy: ToyFake, cli: Any) -> None:
    op = _seed(toy, "succeeded")[0]
    ran = cli("toy", "wait", op, *FAST, "--token", "not-the-token")
    assert ran.code == 5
    assert "credentials were refused" in ran.err
    assert "Traceback" not in ran.both


def test_missing_credential_is_5(toy_env: Any, cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOY_BASE_URL", "http://127.0.0.1:9")
    ran = cli("toy", "status", "job-1")
    assert ran.code == 5
    assert "TOY_TOKEN is not set" in ran.err
    assert "--token" in ran.err
    assert "Traceback" not in ran.both


def test_missing_base_url_is_5(toy_env: Any, cli: Any) -> None:
    ran = cli("toy", "status", "job-1", "--token", "abcd")
    assert ran.code == 5
    assert "no base URL" in ran.err
    assert "TOY_BASE_URL" in ran.err
    assert len(ran.err.strip().splitlines()) == 1


def test_bad_reference_is_2_before_any_request(toy: ToyFake, cli: Any) -> None:
    ran = cli("toy", "wait", "bad-id", *FAST)
    assert ran.code == 2
    assert "'bad-id' is not a job id" in ran.err
    assert toy.requests == []


def test_usage_errors_are_2(toy: ToyFake, toy_company: Any, cli: Any) -> None:
    assert cli("toy", "wait", "x", "--no-such-option").code == 2
    assert cli("toy", "wait", "x", "--timeout", "soon").code == 2
    ran = cli("toy-company", "status", "x", "--param", "nope=1")
    assert ran.code == 2
    assert "unknown key" in ran.err
    assert cli("toy-company", "status", "x", "--param", "company_id").code == 2


def test_param_supplies_other_reference_keys(toy_company: Any, cli: Any) -> None:
    ids = [toy_company.seed_operation("succeeded", polls=1)["id"] for _ in range(2)]
    missing = cli("toy-company", "wait", *ids, *FAST)
    assert missing.code == 2
    assert "--param company_id=VALUE" in missing.err
    ran = cli("toy-company", "wait", *ids, "--param", f"company_id={COMPANY}", *FAST, "--json")
    assert ran.code == 0, ran
    items = _lines(ran.out)
    assert [i["reference"] for i in items] == [{"company_id": COMPANY, "id": i} for i in ids]
    assert items[0]["progress"] is None  # no progress: the bar shows the status


def test_credentials_are_never_printed(
    toy_env: Any, cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = "planted-Secret-7f3a9c1e5b"
    fake = ToyFake(credentials={"bearerAuth": [secret]})
    with serve(fake) as server:
        monkeypatch.setenv("TOY_BASE_URL", server.base_url)
        ok, bad = _seed(fake, "succeeded", "failed")
        outputs = []
        for extra in ([], ["--json"], ["--debug"], ["--json", "--debug"], ["--quiet"]):
            outputs.append(cli("toy", "wait", ok, bad, *FAST, "--token", secret, *extra))
            outputs.append(cli("toy", "status", ok, "--token", secret, *extra))
        monkeypatch.setenv("TOY_TOKEN", secret)
        outputs.append(cli("toy", "wait", ok, bad, *FAST, "--debug"))
        outputs.append(cli("toy", "status", ok, "--token", secret + "-wrong", "--debug"))
        monkeypatch.setenv("TOY_BASE_URL", "ftp://nowhere")
        outputs.append(cli("toy", "status", ok, "--debug"))
    assert [o.code for o in outputs[:2]] == [1, 0]
    assert outputs[-2].code == 5
    assert outputs[-1].code == 5
    for ran in outputs:
        assert secret not in ran.both, ran


def test_secret_not_in_subprocess_output_either(toy: ToyFake, toy_env: Any) -> None:
    secret = "sub-planted-Secret-41d2"
    op = _seed(toy, "succeeded")[0]
    env = dict(os.environ, TOY_TOKEN=secret)
    ran = run_opstatus("toy", "wait", op, *FAST, "--debug", env=env)
    assert ran.code == 5
    assert secret not in ran.both


# -- plugins ----------------------------------------------------------------------------------


def test_broken_plugins_do_not_break_the_others(toy: ToyFake, cli: Any) -> None:
    op = _seed(toy, "succeeded")[0]
    ran = cli("toy", "wait", op, *FAST)
    assert ran.code == 0
    assert "broken" not in ran.err
    debug = cli("--debug", "--help")
    assert debug.code == 0
    assert "warning: provider 'broken' skipped" in debug.err
    assert "warning: provider 'missing' skipped" in debug.err
    assert "ModuleNotFoundError" in debug.err
    used = cli("broken", "status", "x")
    assert used.code == 5
    assert "could not be loaded" in used.err
    assert len(used.err.strip().splitlines()) == 1
    listed = cli("providers", "--debug")
    assert "toy\t" in listed.out
    assert "broken\tBROKEN" in listed.out


def test_not_installed_provider_is_absent(toy_env: Any, cli: Any) -> None:
    ran = cli("no-such-provider", "status", "x")
    assert ran.code == 2
    assert "No such command" in ran.err or "no-such-provider" in ran.err


def test_cli_source_names_no_provider() -> None:
    source = "\n".join(p.read_text() for p in (ROOT / "overlays/cli/src/opstatus_cli").glob("*.py"))
    for slug in ("lcs", "clc", "bc-cloud", "translat", "snaplogic", "azure", "centurylink"):
        assert slug not in source.lower(), slug


# -- opstatus fake ----------------------------------------------------------------------------


def test_fake_command_serves_on_loopback(toy_env: Any) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "opstatus_cli.main", "fake", "toy", "--port", "0"],
        env=toy_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        banner = proc.stdout.readline()
        match = re.search(r"listening on (http://127\.0\.0\.1:\d+/v1)", banner)
        assert match, banner + (proc.stderr.read() if proc.poll() is not None else "")  # type: ignore[union-attr]
        base_url = match.group(1)
        env_lines = [proc.stdout.readline(), proc.stdout.readline()]
        assert f"export TOY_BASE_URL={base_url}" in env_lines[0]
        assert f"export TOY_TOKEN={TOKEN}" in env_lines[1]
        assert "FAKE" in env_lines[1]
        headers = {"Authorization": f"Bearer {TOKEN}"}
        response = httpx.get(f"{base_url}/jobs/nope", headers=headers, timeout=10)
        assert response.status_code == 404
        assert httpx.get(f"{base_url}/jobs/nope", timeout=10).status_code == 401
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            code = proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    assert code == 0


def test_fake_command_refuses_other_hosts_and_unknown(toy_env: Any, cli: Any) -> None:
    ran = cli("fake", "toy", "--host", "0.0.0.0")
    assert ran.code == 2
    assert "loopback" in ran.err
    assert cli("fake", "nope").code == 2


# -- the demo ---------------------------------------------------------------------------------


#: a hang guard for the demo's process, not a speed check (the demo's time is reported by the
#: demo itself and by `make bench`'s make-test case; a loaded 2-CPU runner took 117 s)
DEMO_HANG_GUARD = 600


@pytest.mark.timeout(DEMO_HANG_GUARD + 60)
def test_demo_script_end_to_end_with_toys(toy_env: Any) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts/demo.py"), "toy", "toy-company", "not-installed"],
        env=toy_env,
        capture_output=True,
        text=True,
        timeout=DEMO_HANG_GUARD,
        check=False,
    )
    out = done.stdout + done.stderr
    assert done.returncode == 0, out
    assert "demo OK" in out
    assert "missing: not-installed" in out
    assert "wait summary" in out


@pytest.mark.slow
@pytest.mark.timeout(DEMO_HANG_GUARD + 60)
def test_demo_all_installed_providers(toy_env: Any) -> None:
    """`make demo` itself (every installed SDK)."""
    env = {k: v for k, v in toy_env.items() if k != "PYTHONPATH"}
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts/demo.py")],
        env=env,
        capture_output=True,
        text=True,
        timeout=DEMO_HANG_GUARD,
        check=False,
    )
    out = done.stdout + done.stderr
    assert done.returncode == 0, out
    assert "demo OK: 22 operations on 5 provider(s), 0 missing" in out
    # the README shows this run's final table: same providers, same told/reported, same order
    shown = _demo_rows((ROOT / "README.md").read_text(encoding="utf-8"))
    assert len(shown) == 22, "the README's demo table is missing rows"
    assert _demo_rows(out) == shown, "the README's demo output no longer matches `make demo`"


#: a row of the demo's final table: provider, operation (truncated), told, reported, check
_DEMO_ROW = re.compile(r"^│ ([a-z-]+)\s+│ \S+\s+│ (\w+)\s+│ (\w+)\s+│ (\w+)\s+│$", re.M)


def _demo_rows(text: str) -> list[tuple[str, ...]]:
    return [m.groups() for m in _DEMO_ROW.finditer(text)]
