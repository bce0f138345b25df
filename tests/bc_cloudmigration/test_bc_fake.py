"""The fake itself: the spec's error bodies and status codes, request validation, every operation
served, the DemoFake contract; and the SDK's classification against the spec."""

from __future__ import annotations

import base64
import uuid
from typing import Any

import httpx
import pytest
from opstatus_bc_cloudmigration import (
    PLUGIN,
    PROVIDER,
    BcCloudMigrationClient,
    ConfigurationError,
    InvalidOperationReference,
)
from opstatus_bc_cloudmigration.testing import (
    DEMO_COMPANY_ID,
    DEMO_PASSWORD,
    DEMO_TOKEN,
    DEMO_USERNAME,
    BcCloudMigrationFake,
)
from opstatus_core import Classification, FakeClock
from opstatus_core.plugin import DemoFake, Plugin

from tests._support import load_spec

AUTH = {"Authorization": f"Bearer {DEMO_TOKEN}"}


def spec() -> dict[str, Any]:
    return load_spec("bc-cloudmigration")


def example(response: str, name: str) -> Any:
    return spec()["components"]["responses"][response]["content"]["application/json"]["examples"][
        name
    ]["value"]


def status_path(company: str, run: str, suffix: str = "") -> str:
    return f"/companies({company})/cloudMigrationStatus({run}){suffix}"


# -- classification ------------------------------------------------------------------------------


def test_classification_equals_the_spec() -> None:
    document = spec()
    operation = document["paths"][
        "/companies({company_id})/cloudMigrationStatus({cloudMigrationStatus_id})"
    ]["get"]
    extension = operation["x-opstatus"]
    enum = document["components"]["schemas"]["KnownCloudMigrationStatus"]["enum"]
    lists = {c: extension[c.value] for c in Classification}
    classified = [value for values in lists.values() for value in values]
    assert sorted(classified) == sorted(enum)  # each known value exactly once
    rule = PROVIDER.rule()
    for classification, values in lists.items():
        for value in values:
            assert rule.classify(value) is classification, value
    # both spellings of each state are known, and classified alike
    assert rule.classify("Upgrade Pending") is rule.classify("UpgradePending")
    assert rule.classify("In Progress") is rule.classify("InProgress")
    assert not extension["canceled"]


# -- error bodies --------------------------------------------------------------------------------


@pytest.fixture
def http(fake: BcCloudMigrationFake) -> httpx.Client:
    return fake.client()


def test_401_body_is_the_spec_example(fake: BcCloudMigrationFake, http: httpx.Client) -> None:
    ref = fake.seed_operation("succeeded")
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic !!"}):
        response = http.get(status_path(ref["company_id"], ref["id"]), headers=headers)
        assert response.status_code == 401
        assert response.json() == example("Unauthorized", "invalidCredentials")
    assert not fake.operations.get(ref["id"]).history  # type: ignore[union-attr]


def test_400_body_is_the_spec_example(fake: BcCloudMigrationFake, http: httpx.Client) -> None:
    for path in (
        status_path("not-a-guid", str(uuid.uuid4())),
        status_path(DEMO_COMPANY_ID, "42"),
        status_path(DEMO_COMPANY_ID, "x", "/cloudMigrationStatusDetails"),
    ):
        response = http.get(path, headers=AUTH)
        assert response.status_code == 400, path
        assert response.json() == example("BadRequest", "querySyntax")
    response = http.post(status_path("nope", "nope", "/Microsoft.NAV.runReplication"), headers=AUTH)
    assert response.status_code == 400
    assert len(fake.invalid_requests()) == 4  # the fake recorded why


def test_404_body(fake: BcCloudMigrationFake, http: httpx.Client) -> None:
    missing = str(uuid.uuid4())
    response = http.get(status_path(DEMO_COMPANY_ID, missing), headers=AUTH)
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == example("NotFound", "recordNotFound")["error"]["code"]
    assert error["message"] == (
        "The Hybrid Replication Summary does not exist. Identification fields and values: "
        f"Run ID='{missing}'"
    )
    response = http.get(f"/companies({missing})/cloudMigrationStatus", headers=AUTH)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "Internal_RecordNotFound"
    fake.assert_healthy()  # every body validated against the spec


def test_upgrade_not_allowed_body(fake: BcCloudMigrationFake, http: httpx.Client) -> None:
    ref = fake.seed_operation("succeeded")
    response = http.post(
        status_path(ref["company_id"], ref["id"], "/Microsoft.NAV.runDataUpgrade"), headers=AUTH
    )
    assert response.status_code == 400
    assert response.json() == example("BadRequest", "upgradeNotAllowed")


def test_a_runs_own_upgrade_schedule(fake: BcCloudMigrationFake, http: httpx.Client) -> None:
    """seed_run(upgrade_schedule=...): this run's upgrade fails while the fake's default
    (Completed) stays for the others."""
    failing = fake.seed_run(
        schedule=[("UpgradePending", None)],
        upgrade_schedule=[("UpgradeInProgress", 1), ("UpgradeFailed", None)],
    )
    default = fake.seed_run(schedule=[("UpgradePending", None)])
    seen: dict[str, list[str]] = {}
    for ref in (failing, default):
        action = status_path(ref["company_id"], ref["id"], "/Microsoft.NAV.runDataUpgrade")
        assert http.post(action, headers=AUTH).status_code == 204
        seen[ref["id"]] = [
            http.get(status_path(ref["company_id"], ref["id"]), headers=AUTH).json()["status"]
            for _ in range(4)
        ]
    assert seen[failing["id"]][-1] == "UpgradeFailed"
    assert seen[default["id"]][-1] == "Completed"
    assert "UpgradeInProgress" in seen[failing["id"]]
    fake.assert_healthy()


def test_a_companys_replication_schedule(fake: BcCloudMigrationFake, http: httpx.Client) -> None:
    """add_company(replication_schedule=...): the runs runReplication starts there follow it."""
    company = fake.add_company(replication_schedule=[("InProgress", 1), ("Failed", None)])
    (binding,) = fake.runs(company)
    action = status_path(company, binding.id, "/Microsoft.NAV.runReplication")
    assert http.post(action, headers=AUTH).status_code == 204
    listed = http.get(f"/companies({company})/cloudMigrationStatus", headers=AUTH).json()
    new = listed["value"][0]["id"]
    assert new != binding.id  # newest first: the new run
    statuses = [
        http.get(status_path(company, new), headers=AUTH).json()["status"] for _ in range(3)
    ]
    assert statuses[-1] == "Failed"
    # the demo company keeps the fake's default course
    assert fake.companies[DEMO_COMPANY_ID].get("replication_schedule") is None
    fake.assert_healthy()


def test_every_operation_is_served_and_valid(
    fake: BcCloudMigrationFake, http: httpx.Client
) -> None:
    assert fake.unrouted == []
    ref = fake.seed_run(schedule=[("UpgradePending", None)])
    company, run = ref["company_id"], ref["id"]
    calls = [
        ("GET", f"/companies({company})/cloudMigrationStatus", 200),
        ("GET", status_path(company, run), 200),
        ("GET", status_path(company, run, "/cloudMigrationStatusDetails"), 200),
        ("POST", status_path(company, run, "/Microsoft.NAV.refreshStatus"), 204),
        ("POST", status_path(company, run, "/Microsoft.NAV.runDataUpgrade"), 204),
        ("POST", status_path(company, run, "/Microsoft.NAV.runReplication"), 204),
        ("POST", status_path(company, run, "/Microsoft.NAV.resetCloudData"), 204),
        ("POST", status_path(company, run, "/Microsoft.NAV.disableReplication"), 204),
    ]
    for method, path, code in calls:
        response = http.request(method, path, headers=AUTH)
        assert response.status_code == code, (method, path, response.text)
        if code == 204:
            assert response.content == b""
    assert fake.operations.get(run).status == "UpgradeInProgress"  # type: ignore[union-attr]
    fake.assert_requests_valid()
    fake.assert_healthy()


def test_405_names_the_allowed_methods(fake: BcCloudMigrationFake, http: httpx.Client) -> None:
    ref = fake.seed_operation("succeeded")
    response = http.request("TRACE", status_path(ref["company_id"], ref["id"]), headers=AUTH)
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET"
    response = http.get(
        status_path(ref["company_id"], ref["id"], "/Microsoft.NAV.runReplication"), headers=AUTH
    )
    assert response.headers["Allow"] == "POST"


def test_basic_auth_on_the_wire(fake: BcCloudMigrationFake, http: httpx.Client) -> None:
    ref = fake.seed_operation("succeeded")
    good = base64.b64encode(f"{DEMO_USERNAME}:{DEMO_PASSWORD}".encode()).decode()
    response = http.get(
        status_path(ref["company_id"], ref["id"]), headers={"Authorization": f"Basic {good}"}
    )
    assert response.status_code == 200


def test_captions_under_schema_1(fake: BcCloudMigrationFake, http: httpx.Client) -> None:
    fake.schema_version = "1.0"
    ref = fake.seed_operation("succeeded", polls=1)
    body = http.get(status_path(ref["company_id"], ref["id"]), headers=AUTH).json()
    assert body["status"] == "In Progress"
    details = http.get(
        status_path(ref["company_id"], ref["id"], "/cloudMigrationStatusDetails"), headers=AUTH
    ).json()["value"]
    assert {d["status"] for d in details} <= {"Successful", "In Progress", "Not Started"}
    fake.assert_healthy()


# -- plugin, demo contract, configuration ----------------------------------------------------------


def test_plugin_and_demo_fake() -> None:
    assert isinstance(PLUGIN, Plugin)
    assert PLUGIN.name == "bc-cloudmigration"
    fake: DemoFake = PLUGIN.load_fake()  # constructible with no arguments
    assert isinstance(fake, BcCloudMigrationFake)
    assert fake.demo_credentials == {"token": DEMO_TOKEN}
    ref = fake.seed_operation("succeeded", polls=1)
    client = PLUGIN.client(
        base_url=fake.base_url,
        transport=fake.transport(),
        clock=FakeClock(),
        **fake.demo_credentials,
    )
    assert client.wait(ref).status == "Completed"
    with pytest.raises(ValueError, match="no 'canceled' outcome"):
        fake.seed_operation("canceled")
    envs = {c.env for c in PLUGIN.credentials}
    assert envs == {
        "OPSTATUS_BC_TOKEN",
        "OPSTATUS_BC_USERNAME",
        "OPSTATUS_BC_PASSWORD",
        "OPSTATUS_BC_COMPANY",
        "OPSTATUS_BC_GOAL",
    }


def test_configuration_from_the_environment(fake: BcCloudMigrationFake) -> None:
    ref = fake.seed_operation("succeeded", polls=1)
    environ = {
        "OPSTATUS_BC_BASE_URL": fake.base_url,
        "OPSTATUS_BC_USERNAME": DEMO_USERNAME,
        "OPSTATUS_BC_PASSWORD": DEMO_PASSWORD,
        "OPSTATUS_BC_COMPANY": ref["company_id"],
    }
    with BcCloudMigrationClient(
        environ=environ, transport=fake.transport(), clock=FakeClock()
    ) as client:
        assert client.wait(ref["id"]).status == "Completed"
    with pytest.raises(ConfigurationError, match="no credentials"):
        BcCloudMigrationClient(environ={"OPSTATUS_BC_BASE_URL": fake.base_url})
    with pytest.raises(ConfigurationError, match="no base URL"):
        BcCloudMigrationClient(environ={"OPSTATUS_BC_TOKEN": "t"})
    with pytest.raises(ConfigurationError, match="username and password"):
        BcCloudMigrationClient(username="u", base_url=fake.base_url)


def test_the_default_company_comes_from_the_client_or_the_environment(
    fake: BcCloudMigrationFake,
) -> None:
    """The keyword wins over OPSTATUS_BC_COMPANY; a malformed default is a client setting
    (ConfigurationError); a call with no company anywhere says how to give one."""
    base = {"OPSTATUS_BC_BASE_URL": fake.base_url, "OPSTATUS_BC_TOKEN": "t"}
    company = str(uuid.uuid4())
    env = {**base, "OPSTATUS_BC_COMPANY": DEMO_COMPANY_ID}
    with BcCloudMigrationClient(company_id=company.upper(), environ=env) as client:
        assert client.reference_defaults() == {"company_id": company}
    with pytest.raises(ConfigurationError, match="company_id must be a GUID"):
        BcCloudMigrationClient(environ={**base, "OPSTATUS_BC_COMPANY": "acme"})
    with BcCloudMigrationClient(environ=base, transport=fake.transport()) as bare:
        no_company = r"^bc-cloudmigration: no company_id; pass company_id=\.\.\. or set OPSTATUS_BC"
        with pytest.raises(InvalidOperationReference, match=no_company):
            bare.list_runs()
    assert fake.requests == []


def test_every_request_has_a_timeout_and_tls_verification(fake: BcCloudMigrationFake) -> None:
    client = BcCloudMigrationClient(token="t", base_url="https://bc.example/api/v1.0")
    httpx_client = client.generated_client.get_httpx_client()
    assert httpx_client.timeout.read == 30
    ssl_context = httpx_client._transport.inner._pool._ssl_context  # inside core's BoundedTransport
    assert ssl_context.verify_mode.name == "CERT_REQUIRED"
    client.close()
