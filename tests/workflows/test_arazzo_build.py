"""scripts/arazzo.py on small documents: what a start call's OpenAPI link turns into."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
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


def _goal_spec(goal: str) -> dict[str, Any]:
    """A status operation with two goals and a start call on the same operation, linked to the
    status operation with ``x-opstatus-goal``."""
    rule = dict(STATUS["x-opstatus"])
    rule.pop("entries")
    rule["defaultGoal"] = "first"
    rule["goals"] = {
        "first": {
            "succeeded": ["Done", "Half"],
            "failed": ["Failed"],
            "canceled": [],
            "pending": ["Running"],
        },
        "whole": {
            "succeeded": ["Done"],
            "failed": ["Failed"],
            "canceled": [],
            "pending": ["Running", "Half"],
        },
    }
    rule.update(rule["goals"]["first"])
    org = {"name": "org", "in": "path", "required": True, "schema": {"type": "string"}}
    job = {"name": "job", "in": "path", "required": True, "schema": {"type": "string"}}
    status = {**STATUS, "parameters": [org, job], "x-opstatus": rule}
    finish = {
        "operationId": "finishJob",
        "parameters": [org, job],
        "responses": {
            "204": {
                "description": "finishing the same job",
                "links": {
                    "wait": {
                        "operationId": "getStatus",
                        "parameters": {"org": "$request.path.org", "job": "$request.path.job"},
                        "x-opstatus-goal": goal,
                    }
                },
            }
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/jobs/{org}/{job}": {"get": status},
            "/jobs/{org}/{job}/finish": {"post": finish},
        },
    }


def test_a_link_goal_gives_the_goals_criteria(tmp_path: Path) -> None:
    path = tmp_path / "toy.yaml"
    path.write_text(yaml.safe_dump(_goal_spec("whole")))
    workflows = {w["workflowId"]: w for w in arazzo.build(path)["workflows"]}
    workflow = workflows["startThenWaitFinishJob"]
    assert workflow["x-opstatus-goal"] == "whole"
    start, poll = workflow["steps"]
    assert start["outputs"] == {"org": "$request.path.org", "job": "$request.path.job"}
    values = {p["name"]: p["value"] for p in poll["parameters"]}
    assert values == {"org": "$steps.start.outputs.org", "job": "$steps.start.outputs.job"}
    # Half succeeds under the default goal, is pending under "whole"
    assert poll["successCriteria"][-1]["condition"] == "^(Done)$"
    assert "Half" not in str(poll["onFailure"][:-2])
    # the default goal's wait is unchanged by it
    default = workflows["waitUntilTerminal"]["steps"][0]
    assert default["successCriteria"][-1]["condition"] == "^(Done|Half)$"
    assert "x-opstatus-goal" not in workflows["waitUntilTerminal"]


def test_a_link_goal_the_operation_lacks_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "toy.yaml"
    path.write_text(yaml.safe_dump(_goal_spec("hole")))
    with pytest.raises(ValueError, match=r"no x-opstatus goal 'hole'.*whole"):
        arazzo.build(path)


def _list_spec(start_link: dict[str, Any], list_link: dict[str, Any]) -> dict[str, Any]:
    """A start that answers 204 with no id and links to a list whose link names the newest
    operation (Business Central's runReplication shape)."""
    rule = dict(STATUS["x-opstatus"])
    rule.pop("entries")
    org = {"name": "org", "in": "path", "required": True, "schema": {"type": "string"}}
    job = {"name": "job", "in": "path", "required": True, "schema": {"type": "string"}}
    status = {**STATUS, "parameters": [org, job], "x-opstatus": rule}
    jobs = {
        "operationId": "listJobs",
        "parameters": [org],
        "responses": {"200": {"description": "newest first", "links": {"newest": list_link}}},
    }
    rerun = {
        "operationId": "rerunJob",
        "parameters": [org, job],
        "responses": {"204": {"description": "no id", "links": {"find": start_link}}},
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/jobs/{org}": {"get": jobs},
            "/jobs/{org}/{job}": {"get": status},
            "/jobs/{org}/{job}/rerun": {"post": rerun},
        },
    }


FIND = {"operationId": "listJobs", "parameters": {"org": "$request.path.org"}}
NEWEST = {
    "operationId": "getStatus",
    "parameters": {"org": "$request.path.org", "job": "$response.body#/items/0/id"},
}


def test_a_link_to_a_list_gives_find_then_wait(tmp_path: Path) -> None:
    path = tmp_path / "toy.yaml"
    path.write_text(yaml.safe_dump(_list_spec(FIND, NEWEST)))
    workflows = {w["workflowId"]: w for w in arazzo.build(path)["workflows"]}
    workflow = workflows["startThenWaitRerunJob"]
    before, start, find, poll = workflow["steps"]
    assert [before["stepId"], start["stepId"], find["stepId"]] == ["listBefore", "start", "findNew"]
    # the list is read with the start's own parameter, before and after the start
    for step in (before, find):
        assert step["parameters"] == [{"name": "org", "in": "path", "value": "$inputs.org"}]
    assert before["outputs"] == {"previous": "$response.body#/items/0/id"}
    # found: the first entry (a number index), and not the one that was first before
    condition = find["successCriteria"][-1]["condition"]
    assert "@['items'][0]['id'] != {$steps.listBefore.outputs.previous}" in condition
    retry = find["onFailure"][-1]
    assert (retry["type"], retry["retryLimit"]) == ("retry", arazzo.FIND_RETRIES)
    assert find["outputs"] == {
        "org": "$request.path.org",
        "job": "$response.body#/items/0/id",
    }
    values = {p["name"]: p["value"] for p in poll["parameters"]}
    assert values == {"org": "$steps.findNew.outputs.org", "job": "$steps.findNew.outputs.job"}
    assert workflow["inputs"]["required"] == ["org", "job"]


@pytest.mark.parametrize(
    ("start_link", "list_link", "message"),
    [
        # the list is read before the start: nothing may come from the start's answer
        ({**FIND, "parameters": {"org": "$response.header.X-Org"}}, NEWEST, "request"),
        # the new operation's id must be read from the list's body
        (FIND, {**NEWEST, "parameters": {"org": "o", "job": "$request.path.org"}}, "body"),
    ],
)
def test_a_list_chain_that_cannot_find_the_new_operation_is_refused(
    tmp_path: Path, start_link: dict[str, Any], list_link: dict[str, Any], message: str
) -> None:
    path = tmp_path / "toy.yaml"
    path.write_text(yaml.safe_dump(_list_spec(start_link, list_link)))
    with pytest.raises(ValueError, match=message):
        arazzo.build(path)
