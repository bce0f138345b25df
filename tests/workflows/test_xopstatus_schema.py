"""specs/x-opstatus.schema.json is a valid JSON Schema, every spec's extension conforms to it, and
the lint that `make lint` runs (scripts/xopstatus_lint.py) refuses what the contract forbids."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import xopstatus_lint  # noqa: E402  (scripts/xopstatus_lint.py)

SCHEMA = json.loads((ROOT / "specs" / "x-opstatus.schema.json").read_text())
SPECS = sorted((ROOT / "specs").glob("*.yaml"))


def test_schema_is_valid_and_versioned() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    version = SCHEMA["$id"].rsplit(":", 1)[-1]
    assert version.count(".") == 2
    assert all(p.isdigit() for p in version.split("."))
    assert version in SCHEMA["title"]


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_every_spec_conforms(spec: Path) -> None:
    assert xopstatus_lint.main([str(spec)]) == 0


def _broken(tmp_path: Path, spec: Path, change: Any) -> Path:
    document = yaml.safe_load(spec.read_text())
    for item in document["paths"].values():
        for op in item.values():
            if isinstance(op, dict) and "x-opstatus" in op:
                change(op["x-opstatus"])
    out = tmp_path / spec.name
    out.write_text(yaml.safe_dump(document))
    return out


@pytest.mark.parametrize(
    ("name", "change"),
    [
        ("unknown key", lambda ext: ext.update({"stuckAfter": 3})),
        ("pointer without slash", lambda ext: ext.update({"status": "status"})),
        ("no succeeded value", lambda ext: ext.update({"succeeded": []})),
        ("a value twice", lambda ext: ext["pending"].append(ext["succeeded"][0])),
        ("an enum value unclassified", lambda ext: ext["pending"].pop()),
        ("notFound not failed", lambda ext: ext.update({"notFound": [ext["pending"][0]]})),
    ],
)
def test_lint_refuses(tmp_path: Path, name: str, change: Any) -> None:
    spec = _broken(tmp_path, ROOT / "specs" / "doc-translation.yaml", change)
    validator = Draft202012Validator(SCHEMA)
    assert xopstatus_lint.problems(spec, validator), name


def test_schema_names_every_key_core_reads() -> None:
    """Every key opstatus-core's rule loader reads with ``extension.get`` is in the schema: the
    contract covers everything the Python understands."""
    source = (ROOT / "overlays" / "core" / "src" / "opstatus_core" / "_rule.py").read_text()
    read = set(re.findall(r'extension\.get\("(\w+)"', source))
    assert read >= {"status", "notFound", "knownStatus"}
    for key in read:
        assert key in SCHEMA["properties"], f"{key}: read by opstatus-core, not in the schema"


def _link_goal(tmp_path: Path, goal: Any, target: str = "getCloudMigrationStatus") -> Path:
    spec = ROOT / "specs" / "bc-cloudmigration.yaml"
    document = yaml.safe_load(spec.read_text())
    action = document["paths"][
        "/companies({company_id})/cloudMigrationStatus({cloudMigrationStatus_id})"
        "/Microsoft.NAV.runDataUpgrade"
    ]["post"]
    link = action["responses"]["204"]["links"]["WaitForUpgrade"]
    link["x-opstatus-goal"] = goal
    link["operationId"] = target
    out = tmp_path / spec.name
    out.write_text(yaml.safe_dump(document))
    return out


@pytest.mark.parametrize(
    ("name", "goal", "target"),
    [
        ("a goal the operation lacks", "upgrade", "getCloudMigrationStatus"),
        ("not a string", ["migration"], "getCloudMigrationStatus"),
        ("empty", "", "getCloudMigrationStatus"),
        ("a link to an operation without x-opstatus", "migration", "listCloudMigrationStatus"),
    ],
)
def test_lint_refuses_link_goal(tmp_path: Path, name: str, goal: Any, target: str) -> None:
    validator = Draft202012Validator(SCHEMA)
    found = xopstatus_lint.problems(_link_goal(tmp_path, goal, target), validator)
    assert found, name
    assert all("x-opstatus-goal" in problem for problem in found), found


def test_lint_accepts_the_specs_link_goal(tmp_path: Path) -> None:
    validator = Draft202012Validator(SCHEMA)
    assert xopstatus_lint.problems(_link_goal(tmp_path, "migration"), validator) == []
    assert xopstatus_lint.problems(_link_goal(tmp_path, "replication"), validator) == []
