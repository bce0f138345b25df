"""The fake answers exactly as the spec documents; the SDK classifies exactly as the spec says."""

from __future__ import annotations

import base64
import importlib.metadata
from typing import Any

import httpx
import jsonschema
import pytest
from opstatus_core import Classification
from opstatus_core.plugin import DemoFake
from opstatus_core.testing import Fault
from opstatus_snaplogic_apim import (
    PLUGIN,
    PROVIDER,
    SnapLogicApimClient,
)
from opstatus_snaplogic_apim.testing import DEMO_ORG, SnapLogicApimFake

from tests._support import load_spec, spec_path

BASIC = {"Authorization": "Basic " + base64.b64encode(b"demo@example.com:demo-password").decode()}
STATUS = "/migration_status/" + DEMO_ORG


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return load_spec("snaplogic-apim")


def _schema(spec: dict[str, Any], operation: str, code: str) -> dict[str, Any]:
    """The response schema of ``operation``/``code`` as a standalone JSON Schema."""
    for item in spec["paths"].values():
        op = item.get("get") or item.get("post") or {}
        if op.get("operationId") == operation:
            response = op["responses"][code]
            if "$ref" in response:
                response = spec["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
            schema = dict(response["content"]["application/json"]["schema"])
            schema["components"] = spec["components"]
            return schema
    raise KeyError(operation)


def _check(spec: dict[str, Any], operation: str, response: httpx.Response) -> Any:
    body = response.json()
    jsonschema.validate(body, _schema(spec, operation, str(response.status_code)))
    return body


# -- classification --------------------------------------------------------------------------------


def test_classification_equals_the_spec(spec: dict[str, Any]) -> None:
    operation = spec["paths"]["/migration_status/{org_name}"]["get"]
    ext = operation["x-opstatus"]
    known = spec["components"]["schemas"]["KnownMigrationStatus"]["enum"]
    rule = PROVIDER.rule()
    expected = {
        value: Classification(kind)
        for kind in ("succeeded", "failed", "canceled", "pending")
        for value in ext[kind]
    }
    # every known value classified exactly once; the not-found marker is no migration state
    assert sorted(expected) == sorted([*known, *ext["notFound"]])
    assert "Not Found" not in known
    for value in expected:
        assert rule.classify(value) is expected[value], value
    assert rule.entries == ext["entries"] == "/response_map"
    assert rule.status == ext["status"]
    assert rule.id == ext["id"]
    assert rule.progress is None


def test_not_found_marker_is_the_spec_const(spec: dict[str, Any]) -> None:
    const = spec["components"]["schemas"]["MigrationTokenNotFound"]["properties"]["status"]
    ext = spec["paths"]["/migration_status/{org_name}"]["get"]["x-opstatus"]
    assert ext["notFound"] == [const["const"]]  # the spec says what "no such token" looks like
    assert const["const"] in ext["failed"]
    assert PROVIDER.rule().not_found == frozenset({const["const"]})  # core reads it
    assert not hasattr(PROVIDER.hooks, "not_found")  # nothing left in Python: the rule only


def test_packaged_spec_is_the_spec() -> None:
    from importlib import resources

    packaged = resources.files("opstatus_snaplogic_apim").joinpath("openapi.yaml").read_text()
    assert packaged == spec_path("snaplogic-apim").read_text()


# -- the plugin ------------------------------------------------------------------------------------


def test_plugin_and_entry_point() -> None:
    (entry,) = importlib.metadata.entry_points(group="opstatus.providers", name="snaplogic-apim")
    assert entry.load() is PLUGIN
    assert PLUGIN.name == "snaplogic-apim"
    assert {c.env for c in PLUGIN.credentials} >= {
        "OPSTATUS_SNAPLOGIC_USERNAME",
        "OPSTATUS_SNAPLOGIC_PASSWORD",
        "OPSTATUS_SNAPLOGIC_TOKEN",
    }
    fake = PLUGIN.load_fake()
    assert isinstance(fake, SnapLogicApimFake)
    demo: DemoFake = fake
    ref = demo.seed_operation("failed", polls=1)
    with SnapLogicApimClient(
        base_url=fake.base_url, transport=fake.transport(), **demo.demo_credentials
    ) as client:
        assert client.status(ref).status == "Started"
        assert client.status(ref).status == "Failed"
    with pytest.raises(ValueError, match="canceled"):
        demo.seed_operation("canceled")


# -- the fake's documented responses ---------------------------------------------------------------


@pytest.fixture
def http(fake: SnapLogicApimFake) -> Any:
    with fake.client() as client:
        yield client


def test_page_example_shape(spec: dict[str, Any], fake: SnapLogicApimFake, http: Any) -> None:
    ref = fake.create_migration(polls=0, token="17ed9720-05b2-4e22-9955-04c4534451ae")
    response = http.get(
        STATUS, params={"status_token": [ref["status_token"], "unknown"]}, headers=BASIC
    )
    assert response.status_code == 200
    body = _check(spec, "getMigrationStatusByToken", response)
    assert body["http_status_code"] == 200
    doc = body["response_map"][ref["status_token"]]
    assert doc["status"] == "Completed"
    assert doc["status_token"] == ref["status_token"]
    assert {"asset_snid", "asset_type", "target_path", "service_name", "service_slug"} <= set(doc)
    assert body["response_map"]["unknown"] == {"status": "Not Found"}
    assert fake.token_counts == [2]


@pytest.mark.parametrize(
    ("path", "params", "headers", "code"),
    [
        (STATUS, {"status_token": "t"}, {}, 401),
        (STATUS, {"status_token": "t"}, {"Authorization": "Basic Zm9vOmJhcg=="}, 401),
        (STATUS, {"status_token": "t"}, {"Authorization": "Bearer wrong"}, 401),
        ("/migration_status/nowhere", {"status_token": "t"}, BASIC, 404),
        (STATUS + "/all", {"status_type": "Completed"}, {}, 401),
        ("/migration_status/nowhere/all", {"status_type": "Completed"}, BASIC, 404),
    ],
)
def test_documented_error_bodies(
    spec: dict[str, Any],
    fake: SnapLogicApimFake,
    http: Any,
    path: str,
    params: dict[str, str],
    headers: dict[str, str],
    code: int,
) -> None:
    response = http.get(path, params=params, headers=headers)
    assert response.status_code == code
    operation = "listMigrationsByStatusType" if "/all" in path else "getMigrationStatusByToken"
    body = _check(spec, operation, response)
    assert body["http_status_code"] == code
    assert body["response_map"]["error_list"][0]["message"]
    if code == 401:
        assert response.headers["WWW-Authenticate"].startswith("Basic")
    fake.assert_healthy()


@pytest.mark.parametrize(
    ("path", "params"),
    [
        (STATUS, {}),
        (STATUS, {"status_token": ""}),
        (STATUS, {"status_token": "t" * 256}),
        ("/migration_status/" + "o" * 256, {"status_token": "t"}),
        (STATUS + "/all", {"status_type": "Migrating"}),
        (STATUS + "/all", {}),
    ],
)
def test_requests_the_spec_forbids_get_the_fakes_400(
    fake: SnapLogicApimFake, http: Any, path: str, params: dict[str, str]
) -> None:
    # SnapLogic documents no answer to these (the spec declares none); the fake refuses them
    # with SnapLogic's error envelope so that a client sees a typed error, not a 200.
    response = http.get(path, params=params, headers=BASIC)
    assert response.status_code == 400
    assert response.json()["response_map"]["error_list"][0]["message"]
    assert fake.invalid_requests()
    fake.assert_healthy()


def test_start_migration_answers_a_status_token_per_asset(
    spec: dict[str, Any], fake: SnapLogicApimFake, http: Any
) -> None:
    assets = [
        {"asset_path": "/snaplogic/apim/A/1.0", "service_config": {"target_path": "/e/p/one"}},
        {"asset_path": "/snaplogic/apim/B/1.0", "service_config": {"target_path": "/e/p/two"}},
    ]
    response = http.post(
        "/service_migration", json={"org_name": "env", "migrate_assets": assets}, headers=BASIC
    )
    assert response.status_code == 200
    body = _check(spec, "startServiceMigration", response)
    started = body["response_map"]["migrations"]
    assert [m["asset_path"] for m in started] == [a["asset_path"] for a in assets]
    tokens = [m["status_token"] for m in started]
    assert len(set(tokens)) == 2
    status = http.get("/migration_status/env", params={"status_token": tokens}, headers=BASIC)
    docs = status.json()["response_map"]
    assert [docs[t]["target_path"] for t in tokens] == ["/e/p/one", "/e/p/two"]
    refused = http.post("/service_migration", json={"org_name": "env"}, headers=BASIC)
    assert refused.status_code == 400  # no migrate_assets: the fake's (undocumented) refusal
    fake.assert_healthy()


def test_forbidden_when_basic_auth_is_disabled(
    spec: dict[str, Any], fake: SnapLogicApimFake, http: Any
) -> None:
    fake.disable_basic_auth(DEMO_ORG)
    response = http.get(STATUS, params={"status_token": "t"}, headers=BASIC)
    assert response.status_code == 403
    assert _check(spec, "getMigrationStatusByToken", response)["http_status_code"] == 403
    ok = http.get(
        STATUS, params={"status_token": "t"}, headers={"Authorization": "Bearer demo-jwt"}
    )
    assert ok.status_code == 200


def test_all_lists_by_status_type(spec: dict[str, Any], fake: SnapLogicApimFake, http: Any) -> None:
    started = fake.create_migration(polls=3)
    migrating = fake.create_migration(polls=3)
    http.get(STATUS, params={"status_token": migrating["status_token"]}, headers=BASIC)
    http.get(STATUS, params={"status_token": migrating["status_token"]}, headers=BASIC)
    fake.create_migration(polls=0, outcome="Failed")
    for status_type, expected in (("Started", 2), ("Completed", 0), ("Failed", 1)):
        response = http.get(STATUS + "/all", params={"status_type": status_type}, headers=BASIC)
        body = _check(spec, "listMigrationsByStatusType", response)
        assert list(body["response_map"]) == [status_type]
        assert len(body["response_map"][status_type]) == expected
    statuses = fake.operations.snapshot()
    assert statuses[started["status_token"]] == "Started"
    assert statuses[migrating["status_token"]] == "Migrating"
    fake.assert_healthy()


def test_injected_faults_and_request_log(fake: SnapLogicApimFake, http: Any) -> None:
    fake.inject(Fault.too_many_requests(retry_after=5))
    fake.inject(Fault.unknown_status("Paused"))
    ref = fake.create_migration(polls=3)
    first = http.get(STATUS, params={"status_token": ref["status_token"]}, headers=BASIC)
    assert first.status_code == 429
    assert first.headers["Retry-After"] == "5"
    second = http.get(STATUS, params={"status_token": ref["status_token"]}, headers=BASIC)
    assert second.json()["response_map"][ref["status_token"]]["status"] == "Paused"
    assert all(r.header("authorization") == "<redacted>" for r in fake.requests)
    fake.assert_requests_valid()


def test_schedules_and_pinning(fake: SnapLogicApimFake, http: Any) -> None:
    ref = fake.create_migration(schedule=["Started", "Migrating", "Failed"])
    token = ref["status_token"]
    seen = [
        http.get(STATUS, params={"status_token": token}, headers=BASIC).json()["response_map"][
            token
        ]["status"]
        for _ in range(4)
    ]
    assert seen == ["Started", "Migrating", "Failed", "Failed"]
    fake.set_status(token, "Completed")
    body = http.get(STATUS, params={"status_token": token}, headers=BASIC).json()
    assert body["response_map"][token]["status"] == "Completed"
    with pytest.raises(ValueError, match="polls"):
        fake.create_migration(polls=-1)
