"""Install one SDK's built wheels into a fresh virtual environment, away from the source tree,
and wait on an operation of its fake through the Python API and through the ``opstatus`` CLI.

Only the wheels from `make dist` provide opstatus packages (installed by path, so no index is
ever asked for an ``opstatus-*`` name); third-party dependencies come pinned to ``uv.lock``, from
uv's cache when it has them (``--offline``), else from the package index.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SLUG = "doc-translation"  # one SDK is enough: the others are built and checked the same way
VERSION = "0.1.0"

pytestmark = pytest.mark.timeout(300)

# Runs inside the fresh venv with cwd = a temporary folder: nothing of the source tree is
# importable. Prints "OK ..." lines the test checks.
PROBE = textwrap.dedent(
    """
    import os, subprocess, sys, sysconfig
    from pathlib import Path

    import opstatus_{module} as sdk
    from opstatus_core import PollPolicy
    from opstatus_core.testing import serve

    site = Path(sysconfig.get_paths()["purelib"]).resolve()
    for mod in (sdk, sys.modules["opstatus_core"], sys.modules["opstatus_{module}_client"]):
        assert Path(mod.__file__).resolve().is_relative_to(site), mod.__file__
    spec = Path(sdk.__file__).with_name("openapi.yaml")
    assert not spec.is_symlink() and spec.read_text().startswith("#"), spec
    print("OK installed", sdk.__file__)

    plugin = sdk.PLUGIN
    fake = plugin.load_fake()
    policy = PollPolicy(interval=0.05, max_interval=0.1, timeout=30)
    with serve(fake) as server:
        ref = fake.seed_operation("succeeded", polls=2)
        with plugin.client(base_url=server.base_url, policy=policy, **fake.demo_credentials) as c:
            outcome = c.wait(ref)
        print("OK python", outcome.status, outcome.attempts)

        ref = fake.seed_operation("succeeded", polls=2)
        env = dict(os.environ)
        env[plugin.provider.base_url_env] = server.base_url
        for cred in plugin.credentials:  # the ones a demo passes (not e.g. api_version)
            if cred.kwarg in fake.demo_credentials:
                env[cred.env] = fake.demo_credentials[cred.kwarg]
        opstatus = Path(sys.executable).with_name("opstatus")
        cmd = [str(opstatus), plugin.name, "wait", ref[plugin.provider.id_key],
               "--interval", "0.05", "--timeout", "30", "--json"]
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, (proc.returncode, proc.stdout, proc.stderr)
        for secret in fake.demo_credentials.values():
            assert secret not in proc.stdout + proc.stderr
        print("OK cli", proc.stdout.strip())

        # opstatus-temporal installed alone next to the SDK: its check activity, run in
        # Temporal's own activity environment (no server needed), reads the fake
        import asyncio, time
        from opstatus_temporal import OpstatusActivities, PolicySpec
        from opstatus_temporal.types import WaitInput
        from temporalio.testing import ActivityEnvironment

        ref = fake.seed_operation("succeeded", polls=0)
        activities = OpstatusActivities({{plugin.name: plugin}}, environ=env)
        request = WaitInput(provider=plugin.name, reference=ref, deadline=time.time() + 30,
                            policy=PolicySpec(timeout=30.0), segment=10.0, heartbeat=10.0)
        found = asyncio.run(ActivityEnvironment().run(activities.check, request))
        print("OK temporal", found.outcome, found.status)
    worker = Path(sys.executable).with_name("opstatus-temporal-worker")
    proc = subprocess.run([str(worker), "--help"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "--task-queue" in proc.stdout, (proc.stdout, proc.stderr)
    print("OK worker entry point")
    """
)


def _uv() -> str:
    found = os.environ.get("UV") or shutil.which("uv") or str(ROOT / ".tools" / "bin" / "uv")
    assert Path(found).exists() or shutil.which(found), "uv not found"
    return found


def _clean_env() -> dict[str, str]:
    drop = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT", "PYTHONSTARTUP")
    return {k: v for k, v in os.environ.items() if k not in drop}


def test_sdk_wheels_work_in_a_fresh_venv(python_dist: Path, tmp_path: Path) -> None:
    started = time.monotonic()
    uv, env = _uv(), _clean_env()
    work = tmp_path / "elsewhere"
    work.mkdir()
    venv = tmp_path / "venv"
    python = venv / "bin" / "python"

    constraints = tmp_path / "constraints.txt"
    subprocess.run(
        [uv, "export", "--frozen", "--all-packages", "--all-extras", "--no-dev",
         "--no-emit-workspace", "--no-hashes", "--no-header", "--quiet", "-o", str(constraints)],
        cwd=ROOT, env=env, check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    subprocess.run(
        [uv, "venv", "--quiet", "--python", sys.executable, str(venv)],
        cwd=work, env=env, check=True, capture_output=True, timeout=120,
    )  # fmt: skip

    def wheel(dist: str) -> str:
        return str(python_dist / f"{dist.replace('-', '_')}-{VERSION}-py3-none-any.whl")

    install = [
        uv, "pip", "install", "--quiet", "--python", str(python), "--no-config",
        "-c", str(constraints),
        f"{wheel(f'opstatus-{SLUG}')}[testing]", wheel(f"opstatus-{SLUG}-client"),
        wheel("opstatus-core"), wheel("opstatus-cli"), wheel("opstatus-temporal"),
    ]  # fmt: skip
    offline = subprocess.run(
        [*install, "--offline"], cwd=work, env=env, capture_output=True, text=True, timeout=300
    )
    if offline.returncode != 0:  # the cache lacks something: let the index serve third parties
        online = subprocess.run(
            install, cwd=work, env=env, capture_output=True, text=True, timeout=300
        )
        assert online.returncode == 0, f"install failed:\n{offline.stderr}\n{online.stderr}"

    listed = subprocess.run(
        [uv, "pip", "list", "--python", str(python), "--format", "freeze"],
        cwd=work, env=env, capture_output=True, text=True, check=True, timeout=60,
    ).stdout  # fmt: skip
    ours = sorted(line for line in listed.splitlines() if line.startswith("opstatus"))
    assert ours == sorted(
        f"{d}=={VERSION}"
        for d in (
            "opstatus-cli",
            "opstatus-core",
            "opstatus-temporal",
            f"opstatus-{SLUG}",
            f"opstatus-{SLUG}-client",
        )
    )

    module = SLUG.replace("-", "_")
    proc = subprocess.run(
        [str(python), "-I", "-c", PROBE.format(module=module)],  # -I: no cwd / user site on path
        cwd=work, env=env, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert proc.returncode == 0, f"{proc.stdout}\n{proc.stderr}"
    lines = proc.stdout.splitlines()
    assert any(line.startswith("OK installed") for line in lines)
    assert any(line.startswith("OK python Succeeded") for line in lines), lines
    cli = next(line for line in lines if line.startswith("OK cli"))
    assert "Succeeded" in cli, cli
    assert "OK temporal succeeded Succeeded" in lines, lines
    assert "OK worker entry point" in lines, lines
    print(f"clean-venv install and waits: {time.monotonic() - started:.1f}s")
