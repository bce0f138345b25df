"""The generated Arazzo workflows (specs/workflows/) run by the pinned Redocly CLI (``respect``)
against each provider's fake on loopback: a succeeding, a failing and (where the provider has
one) a canceled operation, each result asserted from Respect's JSON report.

One Respect run per provider: a small Arazzo document written here (the *cases*) has one
workflow per seeded operation, each a single step that runs the provider's generated
``waitUntilTerminal`` with that operation's parameters, so Node starts once per provider; and one
per ``startThenWait``: a start that creates an operation runs once (the fake's default course
succeeds), a start whose inputs name an existing operation (``START_SEEDS``: Business Central's
runDataUpgrade on an ``UpgradePending`` run, runReplication bound to a company's run) runs for
a succeeding and a failing course, each asserted with the rule of the workflow's goal.
Respect runs the runner copy (``scripts/arazzo.py --runner-copy``: the same workflows, the specs
with recursive schemas cut, see that script). A 429 with ``Retry-After`` is queued first, so the
transient retry action is exercised too.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from opstatus_cli.plugins import discover
from opstatus_core.plugin import Plugin
from opstatus_core.testing import Fault, serve

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import arazzo  # noqa: E402  (scripts/arazzo.py: the generator under test)

#: node's npx runs the pinned Redocly CLI (make setup installs it; the linters need it too)
NPX = shutil.which("npx")
PLUGINS = discover().plugins
SLUGS = sorted(p.stem for p in arazzo.spec_paths() if p.stem in PLUGINS)
#: a generous bound for one Respect run (about 10 s on an idle machine; far more on a loaded one)
RESPECT_TIMEOUT = 240
#: polls each seeded operation stays pending (each costs one fixed retry interval in Respect)
POLLS = 1
#: the retry interval the runs here use: the generated workflows wait each provider's first
#: interval (``duration.typical / 100``: 72 s for LCS), made for operations that take hours; the
#: fakes' seeded operations end after one poll, so only the interval is shortened, never the
#: criteria or the retry limits
TEST_RETRY_AFTER = 1.0


@pytest.fixture(scope="module")
def runner_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("respect")
    arazzo.runner_copy(out)
    for path in (out / "workflows").glob("*.arazzo.yaml"):
        document = yaml.safe_load(path.read_text())
        for workflow in document["workflows"]:
            for step in workflow["steps"]:
                for action in step.get("onFailure", []):
                    if action.get("type") == "retry":
                        action["retryAfter"] = min(action["retryAfter"], TEST_RETRY_AFTER)
        path.write_text(yaml.safe_dump(document, sort_keys=False))
    return out


def _bc_upgrade_pending(fake: Any, outcome: str) -> Mapping[str, str]:
    """A Business Central run waiting for its data upgrade (runDataUpgrade refuses any other
    state), whose upgrade then ends ``Completed`` or ``UpgradeFailed``."""
    end = {"succeeded": "Completed", "failed": "UpgradeFailed"}[outcome]
    reference: Mapping[str, str] = fake.seed_run(
        schedule=[("UpgradePending", None)],
        upgrade_schedule=[("UpgradeInProgress", POLLS), (end, None)],
    )
    return reference


def _bc_replication(fake: Any, outcome: str) -> Mapping[str, str]:
    """A Business Central company whose next replication run (runReplication creates it) ends
    ``Completed`` or ``Failed``; the reference is its one earlier run, the action's binding."""
    end = {"succeeded": "Completed", "failed": "Failed"}[outcome]
    company = fake.add_company(replication_schedule=[("InProgress", POLLS), (end, None)])
    (binding,) = fake.runs(company)
    return {"company_id": company, "id": binding.id}


#: (slug, start operation) -> how to seed what the start needs, for an outcome: the starts whose
#: workflow's inputs name an existing operation (the one the start acts on, or is bound to)
START_SEEDS: dict[tuple[str, str], Callable[[Any, str], Mapping[str, str]]] = {
    ("bc-cloudmigration", "runDataUpgrade"): _bc_upgrade_pending,
    ("bc-cloudmigration", "runReplication"): _bc_replication,
}


def _status(spec_path: Path) -> arazzo.Status:
    spec = arazzo.load(spec_path)
    found = [
        arazzo.Status(spec, "x", path, method, op, shared)
        for path, method, op, shared in arazzo.operations(spec)
        if arazzo.EXTENSION in op
    ]
    assert len(found) == 1, "one status operation per spec"
    return found[0]


def _credentials(plugin: Plugin, fake: Any, status: arazzo.Status) -> dict[str, str]:
    """The x-security values the workflow asks for, from the fake's demo credentials."""
    assert status.auth is not None
    demo = dict(getattr(fake, "demo_credentials", {}) or {})
    _, _, names = status.auth
    values: dict[str, str] = {}
    for name in names:
        if name in ("token", "accessToken"):
            # a bearer token; CenturyLink's comes from its login call: the fake issues one
            values[name] = demo.get("token") or fake.issue_token()
        elif name == "apiKey":
            values[name] = demo["key"]
        else:
            values[name] = demo[name]
    return values


def _inputs(plugin: Plugin, status: arazzo.Status, reference: Mapping[str, str]) -> dict[str, Any]:
    """The workflow inputs for one SDK reference: the SDK's id key is the id parameter."""
    schema = status.inputs()["properties"]
    out: dict[str, Any] = {}
    for name, value in reference.items():
        target = status.id_param if name == plugin.provider.id_key else name
        assert target in schema, f"{name} is not an input of the workflow"
        out[target] = int(value) if schema[target].get("type") == "integer" else value
    return out


def _cases_document(
    slug: str, cases: Mapping[str, tuple[str, dict[str, Any], str, Any]]
) -> dict[str, Any]:
    return {
        "arazzo": "1.0.1",
        "info": {"title": f"{slug}: test cases", "version": "1"},
        "sourceDescriptions": [
            {"name": "provider", "url": f"./{slug}.arazzo.yaml", "type": "arazzo"}
        ],
        "workflows": [
            {
                "workflowId": case,
                "steps": [
                    {
                        "stepId": "wait",
                        "workflowId": f"$sourceDescriptions.provider.{target}",
                        "parameters": [{"name": k, "value": v} for k, v in inputs.items()],
                        "outputs": {"status": "$outputs.status"},
                    }
                ],
            }
            for case, (target, inputs, _outcome, _rule) in cases.items()
        ],
    }


def _walk_steps(workflow: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    for item in workflow.get("executedSteps", []):
        if item.get("type") == "workflow":
            yield from _walk_steps(item)
        else:
            yield item


def _respect(
    document: Path, servers: Mapping[str, str], report: Path
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, REDOCLY_TELEMETRY="off", REDOCLY_SUPPRESS_UPDATE_NOTICE="true")
    command = [
        NPX or "npx",
        "--no-install",
        "redocly",
        "respect",
        str(document),
        "--server",
        json.dumps(dict(servers)),
        "--json-output",
        str(report),
    ]
    try:
        return subprocess.run(
            command,
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=RESPECT_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else str(exc.stdout)
        pytest.fail(f"respect ran over {RESPECT_TIMEOUT} s:\n{out[-4000:]}")


@pytest.mark.timeout(RESPECT_TIMEOUT + 60)
@pytest.mark.parametrize("slug", SLUGS)
def test_wait_workflow_against_fake(slug: str, runner_dir: Path) -> None:
    plugin = PLUGINS[slug]
    spec_path = arazzo.SPECS / f"{slug}.yaml"
    status = _status(spec_path)
    rule = status.rule
    fake = plugin.load_fake()
    outcomes = ["succeeded", "failed"] + (["canceled"] if rule.get("canceled") else [])
    #: case -> (workflow, its inputs, the outcome it must end with, the rule it classifies by)
    cases: dict[str, tuple[str, dict[str, Any], str, Mapping[str, Any]]] = {}
    for outcome in outcomes:
        reference = fake.seed_operation(outcome, polls=POLLS)
        inputs = _inputs(plugin, status, {str(k): str(v) for k, v in reference.items()})
        inputs.update(_credentials(plugin, fake, status))
        cases[outcome] = ("waitUntilTerminal", inputs, outcome, rule)
    for workflow in arazzo.build(spec_path)["workflows"]:
        workflow_id = workflow["workflowId"]
        if not workflow_id.startswith("startThenWait"):
            continue
        goal = workflow.get(arazzo.GOAL_EXTENSION)
        goal_rule = arazzo.with_goal(rule, goal) if goal else rule
        (start,) = [step for step in workflow["steps"] if step["stepId"] == "start"]
        operation = start["operationId"].rsplit(".", 1)[-1]
        seed = START_SEEDS.get((slug, operation))
        if seed is None:
            # a start that creates a new operation: the fake's default course for it (it
            # succeeds), started with the spec's first example body
            inputs = _credentials(plugin, fake, status)
            if "body" in workflow["inputs"]["properties"]:
                inputs["body"] = _example_body(spec_path, operation)
            cases[workflow_id] = (workflow_id, inputs, "succeeded", goal_rule)
            continue
        # a start on (or bound to) an existing operation: seeded as the start needs, for a
        # succeeding and a failing course
        for outcome in ("succeeded", "failed"):
            reference = seed(fake, outcome)
            inputs = _inputs(plugin, status, {str(k): str(v) for k, v in reference.items()})
            inputs.update(_credentials(plugin, fake, status))
            cases[f"{workflow_id}-{outcome}"] = (workflow_id, inputs, outcome, goal_rule)
    document = runner_dir / "workflows" / f"{slug}.cases.arazzo.yaml"
    document.write_text(yaml.safe_dump(_cases_document(slug, cases), sort_keys=False))
    report = runner_dir / f"{slug}.report.json"
    fake.inject(Fault.too_many_requests(retry_after=1))
    source = arazzo.build(spec_path)["sourceDescriptions"][0]["name"]
    with serve(fake) as server:
        done = _respect(document, {source: server.base_url}, report)
    assert report.exists(), (
        f"respect wrote no report:\n{done.stdout[-3000:]}\n{done.stderr[-2000:]}"
    )
    (result,) = json.loads(report.read_text())["files"].values()
    workflows = {w["workflowId"]: w for w in result["executedWorkflows"]}
    assert set(workflows) == set(cases)
    for case, workflow in workflows.items():
        _target, inputs, outcome, rule = cases[case]
        steps = [s for s in _walk_steps(workflow) if s.get("response")]
        assert steps, f"{outcome}: no request was made"
        last = steps[-1]
        body = last["response"]["body"]
        entries = rule.get("entries")
        if entries:
            token = inputs[status.id_param]
            body = arazzo_resolve(body, entries)[token]
        raw = arazzo_resolve(body, rule["status"])
        assert raw in rule[outcome], f"{case}: ended on {raw!r}"
        want = "success" if outcome == "succeeded" else "error"
        assert workflow["status"] == want, (
            f"{case}: workflow {workflow['status']}, ended on {raw!r}"
        )
        if outcome != "succeeded":
            # it ended on the terminal status, not by running out of retries
            failed = [c for c in last["checks"] if not c["passed"]]
            assert [c["name"] for c in failed] == ["success criteria check"], failed
    assert done.returncode == 1  # respect exits 1 when a workflow fails (the failing case)
    assert fake.faults.tally.get("http_error:429", 0) == 1, "the queued 429 was not served"


def _example_body(spec_path: Path, operation_id: str) -> Any:
    spec = arazzo.load(spec_path)
    for _path, _method, op, _shared in arazzo.operations(spec):
        if op.get("operationId") == operation_id:
            body = arazzo.resolve(spec, op["requestBody"])
            media = next(iter(body["content"].values()))
            return arazzo.resolve(spec, next(iter(media["examples"].values())))["value"]
    raise LookupError(operation_id)


def arazzo_resolve(document: Any, pointer: str) -> Any:
    from opstatus_core._rule import resolve_pointer

    return resolve_pointer(document, pointer)
