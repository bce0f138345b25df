"""An SDK import loads the SDK's clients, errors and what a wait needs, not the machinery of
other paths: spec loading (yaml), the network stack httpx itself loads with its first transport
(httpcore), asyncio, the fakes, the CLI or the Temporal integration. How long an import takes is
``make bench``'s import case; this checks what it loads."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import entry_points

import pytest

#: loaded when used (a spec read, a client built, an async call, a fake served, the CLI run)
LOADED_WHEN_USED = (
    "yaml",
    "httpcore",
    "asyncio",
    "opstatus_core.testing",
    "starlette",
    "uvicorn",
    "openapi_core",
    "opstatus_cli",
    "opstatus_temporal",
    "temporalio",
)

SDK_MODULES = sorted(
    {ep.value.partition(":")[0] for ep in entry_points(group="opstatus.providers")}
)


def _loaded_after(module: str) -> list[str]:
    names = (*LOADED_WHEN_USED, f"{module}.testing")
    code = f"import sys, {module}\nprint(*[m for m in {names!r} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.split()


def test_every_sdk_is_checked() -> None:
    assert len(SDK_MODULES) >= 5


@pytest.mark.parametrize("module", ["opstatus_core", *SDK_MODULES])
def test_import_loads_only_what_a_wait_needs(module: str) -> None:
    assert _loaded_after(module) == []


def test_building_a_client_transport_loads_httpcore() -> None:
    """What the import leaves out is loaded when used (so the check above can see it)."""
    code = (
        "import sys\n"
        "from opstatus_core._transport import bounded_args\n"
        "args = bounded_args({}, asynchronous=False, verify=True, max_response_bytes=1)\n"
        "args['transport'].close()\n"
        "print('httpcore' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True"]
