"""scripts/arazzo.py on small documents: what a start call's OpenAPI link turns into."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import arazzo  # noqa: E402

STATUS: dict[str, Any] = {
    "operationId": "getStatus",
    "parameters": [
        {"name": "org", "in": "path", "required": True, "schema": {"type": "string"}},
        {"name": "token", "in": "query", "required": True, "schema": {"type": "string"}},
    ],
    "responses": {"200": {"description": "the status"}},
    "x-opstatus": {
        "entries": "/map",
        "status": "/status",
        "succeeded": ["Done"],
        "failed": ["Failed"],
        "canceled": [],
        "pending": ["Running"],
    },
}
START: dict[str, Any] = {
    "operationId": "startJob",
    "requestBody": {"required": True, "content": {"application/json": {"schema": {}}}},
    "responses": {
        "200": {
            "description": "started",
            "links": {
                "status": {
                    "operationId": "getStatus",
                    "parameters": {
                        "org": "$request.body#/org",
                        "token": "$response.body#/jobs/0/token",
                    },
                }
            },
        }
    },
}


def test_a_link_from_the_start_call_gives_start_then_wait(tmp_path: Path) -> None:
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/jobs": {"post": START}, "/jobs/{org}": {"get": STATUS}},
    }
    path = tmp_path / "toy.yaml"
    path.write_text(yaml.safe_dump(spec))
    workflows = {w["workflowId"]: w for w in arazzo.build(path)["workflows"]}
    assert set(workflows) == {"waitUntilTerminal", "startThenWaitStartJob"}
    start, poll = workflows["startThenWaitStartJob"]["steps"]
    assert start["outputs"] == {
        "org": "$request.body#/org",
        "token": "$response.body#/jobs/0/token",
    }
    assert start["requestBody"]["payload"] == "$inputs.body"
    values = {p["name"]: p["value"] for p in poll["parameters"]}
    assert values == {"org": "$steps.start.outputs.org", "token": "$steps.start.outputs.token"}
    # the entry of the token asked for decides
    assert "{$request.query.token}" in poll["successCriteria"][-1]["condition"]
    assert workflows["startThenWaitStartJob"]["inputs"]["required"] == ["body"]


def test_each_other_goal_gets_its_own_wait(tmp_path: Path) -> None:
    rule = dict(STATUS["x-opstatus"])
    rule.pop("entries")
    rule["defaultGoal"] = "first"
    rule["goals"] = {
        "first": {k: rule[k] for k in ("succeeded", "failed", "canceled", "pending")},
        "whole": {
            "succeeded": ["Done"],
            "failed": ["Failed"],
            "canceled": [],
            "pending": ["Running", "Half"],
        },
    }
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/jobs/{org}": {"get": {**STATUS, "x-opstatus": rule}}},
    }
    path = tmp_path / "toy.yaml"
    path.write_text(yaml.safe_dump(spec))
    workflows = {w["workflowId"]: w for w in arazzo.build(path)["workflows"]}
    assert set(workflows) == {"waitUntilTerminal", "waitUntilTerminalWhole"}
    assert "whole" in workflows["waitUntilTerminalWhole"]["summary"]
