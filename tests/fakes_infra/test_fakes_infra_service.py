"""Routing, credentials, spec validation, the request log, schedules and the fault plan."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from opstatus_core._rule import resolve_pointer
from opstatus_core.errors import InvalidSpec
from opstatus_core.testing import (
    REDACTED,
    FakeService,
    Fault,
    FaultContext,
    FaultPlan,
    OperationStore,
    parse_schedule,
    pointer_remove,
    pointer_set,
)

from tests.toy.testing import AUTH, SPEC, TOKEN, ToyFake

COMPANY = "8d4b8e8c-1c7c-4b4c-9a40-0b1c1d2e3f40"


def test_every_spec_operation_is_routed(fake: ToyFake) -> None:
    assert fake.unrouted == []
    assert fake.base_path == "/v1"
    assert fake.base_url == "https://fake.invalid/v1"


def test_create_and_poll(client: httpx.Client, fake: ToyFake) -> None:
    created = client.post("/jobs", json={"name": "a", "steps": 2})
    assert created.status_code == 202
    job_id = created.json()["id"]
    assert created.headers["location"] == f"/v1/jobs/{job_id}"
    seen = [client.get(f"/jobs/{job_id}").json()["status"] for _ in range(5)]
    assert seen == ["NotStarted", "Running", "Running", "Succeeded", "Succeeded"]
    fake.assert_requests_valid()
    fake.assert_healthy()


@pytest.mark.parametrize(
    "job_id", ["plain", "with/slash", "a/b/c", "paren(1)", "sp ace", "ünï", "%2F-literal"]
)
def test_ids_with_reserved_characters_arrive_whole(
    client: httpx.Client, fake: ToyFake, job_id: str
) -> None:
    fake.operations.create(job_id, schedule=[("Running", None)])
    r = client.get(f"/jobs/{quote(job_id, safe='')}")
    assert r.status_code == 200, r.text
    assert r.json()["id"] == job_id
    odata = client.get(f"/companies({COMPANY})/jobStatus({quote(job_id, safe='')})")
    assert odata.status_code == 200, odata.text
    assert odata.json()["id"] == job_id
    assert [rec.route for rec in fake.requests] == ["getJobStatus", "getCompanyJobStatus"]
    fake.assert_requests_valid()


def test_unencoded_slash_is_another_path(client: httpx.Client, fake: ToyFake) -> None:
    fake.operations.create("a/b")
    r = client.get("/jobs/a/b")
    assert r.status_code == 404
    assert r.json()["code"] == "NotFound"
    assert not fake.requests[-1].valid


def test_odata_key_is_validated(client: httpx.Client, fake: ToyFake) -> None:
    r = client.get("/companies(not-a-uuid)/jobStatus(x)")
    assert r.status_code == 400
    assert r.json()["code"] == "BadRequest"
    assert "company_id" in " ".join(fake.requests[-1].errors)


def test_unknown_id_gets_the_documented_404(client: httpx.Client, fake: ToyFake) -> None:
    r = client.get("/jobs/nope")
    assert r.status_code == 404
    assert r.json() == {"code": "NotFound", "message": "No job 'nope'."}
    assert fake.requests[-1].valid  # a well-formed request for an unknown id is valid
    fake.assert_healthy()


def test_wrong_method_and_outside_base_path(client: httpx.Client, fake: ToyFake) -> None:
    assert client.delete("/jobs/x").status_code == 405
    assert client.get("https://fake.invalid/v2/jobs/x").status_code == 404
    assert [r.valid for r in fake.requests] == [False, False]


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}],
    ids=["missing", "wrong-token", "wrong-scheme"],
)
def test_bad_credentials_get_the_documented_401(fake: ToyFake, headers: dict[str, str]) -> None:
    fake.operations.create("j1")
    with fake.client(headers=headers) as c:
        r = c.get("/jobs/j1")
        bad_body = c.post("/jobs", json={"wrong": 1})
    assert r.status_code == 401
    assert r.json()["code"] == "Unauthorized"
    assert r.headers["www-authenticate"] == 'Bearer realm="toy"'
    assert bad_body.status_code == 401  # credentials are checked before the body
    assert fake.operations.get("j1").polls == 0  # type: ignore[union-attr]


def test_any_credential_when_none_configured() -> None:
    fake = ToyFake()
    fake.operations.create("j1")
    with fake.client(headers={"Authorization": "Bearer anything"}) as c:
        assert c.get("/jobs/j1").status_code == 200
    with fake.client() as c:
        assert c.get("/jobs/j1").status_code == 401


def test_credentials_are_redacted_in_the_log(client: httpx.Client, fake: ToyFake) -> None:
    client.get("/jobs/x", headers={"Cookie": "session=abc"})
    rec = fake.requests[-1]
    assert rec.header("authorization") == REDACTED
    assert rec.header("cookie") == REDACTED
    assert TOKEN not in repr(rec)


def test_api_key_schemes_are_checked_and_redacted() -> None:
    spec = {
        **SPEC,
        "components": {
            **SPEC["components"],
            "securitySchemes": {
                "key": {"type": "apiKey", "in": "header", "name": "X-Api-Key"},
                "qkey": {"type": "apiKey", "in": "query", "name": "code"},
            },
        },
        "security": [{"key": []}, {"qkey": []}],
    }
    fake = ToyFake(spec, credentials={"key": ["k1"], "qkey": ["q1"]})
    fake.operations.create("j")
    with fake.client() as c:
        assert c.get("/jobs/j", headers={"X-Api-Key": "k1"}).status_code == 200
        assert c.get("/jobs/j", params={"code": "q1"}).status_code == 200
        assert c.get("/jobs/j", headers={"X-Api-Key": "k2"}).status_code == 401
    assert fake.requests[0].header("x-api-key") == REDACTED
    assert "q1" not in fake.requests[1].url
    assert REDACTED in fake.requests[1].url


@pytest.mark.parametrize(
    ("method", "url", "kwargs", "needle"),
    [
        ("POST", "/jobs", {"json": {"steps": 1}}, "'name' is a required property"),
        ("POST", "/jobs", {"json": {"name": "a", "steps": -1}}, "minimum"),
        (
            "POST",
            "/jobs",
            {"content": b"{not json", "headers": {"content-type": "application/json"}},
            "",
        ),
        ("POST", "/jobs", {}, ""),
        ("GET", "/jobs/x?verbose=maybe", {}, "verbose"),
        ("GET", "/statuses", {}, "token"),
    ],
    ids=["missing-field", "below-minimum", "not-json", "no-body", "bad-query", "missing-query"],
)
def test_malformed_requests_get_the_documented_400(
    client: httpx.Client,
    fake: ToyFake,
    method: str,
    url: str,
    kwargs: dict[str, object],
    needle: str,
) -> None:
    r = client.request(method, url, **kwargs)  # type: ignore[arg-type]
    assert r.status_code == 400, r.text
    assert r.json()["code"] == "BadRequest"
    rec = fake.requests[-1]
    assert not rec.valid
    assert needle in " ".join(rec.errors)
    with pytest.raises(AssertionError, match="violate the spec"):
        fake.assert_requests_valid()
    assert len(fake.operations) == 0


def test_validation_cache_gives_the_same_verdicts(fake: ToyFake, client: httpx.Client) -> None:
    fake.operations.create("j")
    for _ in range(3):
        assert client.get("/jobs/j?verbose=true").status_code == 200
        assert client.get("/jobs/j?verbose=maybe").status_code == 400
    assert [r.valid for r in fake.requests] == [True, False] * 3


def test_handler_errors_are_500_and_recorded() -> None:
    class Broken(ToyFake):
        def document(self, op: object) -> dict[str, object]:
            raise KeyError("boom")

    fake = Broken()
    fake.operations.create("j")
    with fake.client(headers=AUTH) as c:
        assert c.get("/jobs/j").status_code == 500
    with pytest.raises(AssertionError, match="boom"):
        fake.assert_healthy()


def test_response_validation_catches_a_fake_drifting_from_its_spec() -> None:
    class Drifted(ToyFake):
        def document(self, op: object) -> dict[str, object]:
            return {"status": 3}

    fake = Drifted(validate_responses=True)
    fake.operations.create("j")
    with fake.client(headers=AUTH) as c:
        assert c.get("/jobs/j").status_code == 200
    with pytest.raises(AssertionError, match="misbehaved"):
        fake.assert_healthy()


def test_spec_from_a_package_yaml_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A package name: its ``openapi.yaml``, read by core's ``load_spec`` (as an SDK ships it)."""
    import json

    import yaml

    package = tmp_path / "toy_spec_package"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "openapi.yaml").write_text(yaml.safe_dump(json.loads(json.dumps(SPEC))))
    monkeypatch.syspath_prepend(str(tmp_path))
    fake = ToyFake("toy_spec_package")
    assert fake.unrouted == []
    assert fake.spec == SPEC
    with pytest.raises(InvalidSpec, match=r"cannot read openapi\.yaml"):
        ToyFake("no_such_spec_package")
    with pytest.raises(TypeError, match="package name"):
        ToyFake(package / "openapi.yaml")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not an OpenAPI document"):
        FakeService({"paths": {}})
    with pytest.raises(ValueError, match="not in the spec"):
        fake.add_route("noSuchOperation", lambda req: httpx.Response(200))


# -- schedules ------------------------------------------------------------------------------


def test_schedule_per_poll_and_set_status() -> None:
    store = OperationStore()
    op = store.create("x", schedule=[("NotStarted", 1), ("Running", 3), ("Failed", None)])
    assert op.status == "NotStarted"
    polls = [store.poll("x").status for _ in range(6)]  # type: ignore[union-attr]
    assert polls == ["NotStarted", "Running", "Running", "Running", "Failed", "Failed"]
    assert op.history == polls
    assert op.final
    store.set_status("x", "Canceled", reason="by hand")
    assert store.poll("x").status == "Canceled"  # type: ignore[union-attr]
    assert op.fields == {"reason": "by hand"}
    assert store.poll("nope") is None
    with pytest.raises(KeyError):
        store.set_status("nope", "Failed")
    with pytest.raises(ValueError, match="already exists"):
        store.create("x")
    assert store.delete("x")
    assert not store.delete("x")


@pytest.mark.parametrize("terminal", ["Succeeded", "Failed", "Canceled"])
def test_each_terminal_state_over_http(client: httpx.Client, fake: ToyFake, terminal: str) -> None:
    fake.operations.create("t", schedule=["Running", terminal])
    assert client.get("/jobs/t").json()["status"] == "Running"
    body = client.get("/jobs/t").json()
    assert body["status"] == terminal
    assert (body["error"] is not None) == (terminal == "Failed")
    fake.assert_healthy()


def test_schedule_on_a_fake_clock() -> None:
    now = [100.0]
    fake = ToyFake(
        clock=lambda: now[0],
        default_schedule=[("NotStarted", 2), ("Running", 5), ("Succeeded", None)],
    )
    op = fake.operations.create("c")
    assert op.status == "NotStarted"
    now[0] += 2.5
    assert op.status == "Running"
    assert fake.operations.poll("c").status == "Running"  # type: ignore[union-attr]
    now[0] += 10
    assert op.status == "Succeeded"
    fake.set_status("c", "Failed")
    assert op.status == "Failed"


@pytest.mark.parametrize(
    "bad",
    [[], [("Running", None), ("Succeeded", None)], [("", 1)], [("Running", -1)]],
    ids=["empty", "none-not-last", "empty-status", "negative"],
)
def test_bad_schedules_are_refused(bad: list[tuple[str, float | None]]) -> None:
    with pytest.raises(ValueError, match=r"status|count|last step"):
        parse_schedule(bad)


# -- the fault plan -------------------------------------------------------------------------


def _ctx(
    seq: int, route: str | None = "getJobStatus", ids: tuple[str, ...] = ("a",)
) -> FaultContext:
    return FaultContext(seq, "GET", f"/jobs/{ids[0] if ids else ''}", route, ids, None)


def test_queue_targets_times_and_skip() -> None:
    plan = FaultPlan()
    plan.queue(Fault.http_error(503), operation_id="b", times=2)
    plan.queue(Fault.forbidden(), route="createJob")
    plan.queue(Fault.unauthorized(), skip=1, path="/jobs/*")
    assert plan.pending == 4
    assert plan.take(_ctx(1, ids=("a",))) is None  # skipped by the unauthorized entry
    assert plan.take(_ctx(2, ids=("b",))) == Fault.http_error(503)
    assert plan.take(_ctx(3, ids=("a",))) == Fault.unauthorized()
    assert plan.take(_ctx(4, ids=("b",))) == Fault.http_error(503)
    assert plan.take(_ctx(5, ids=("b",))) is None
    assert plan.take(_ctx(6, route="createJob", ids=())) == Fault.forbidden()
    assert plan.pending == 0
    assert plan.tally == {"http_error:503": 2, "unauthorized": 1, "forbidden": 1}
    # body faults that need x-opstatus pointers never match a route without them
    plan.queue(Fault.missing_status())
    assert plan.take(_ctx(7)) is None


def _random_run(seed: int, n: int = 400) -> list[tuple[int, str]]:
    plan = FaultPlan().randomize(
        0.2,
        [Fault.http_error(500), Fault.drop_connection(), Fault.unknown_status(), Fault.slow(0.01)],
        seed=seed,
    )
    for i in range(n):
        plan.take(_ctx(i))
    return [(f.seq, f.fault.label) for f in plan.injected]


def test_seeded_random_faults_are_reproducible() -> None:
    first, again, other = _random_run(7), _random_run(7), _random_run(8)
    assert first == again
    assert first != other
    assert 40 <= len(first) <= 120  # about 20 % of 400
    assert "unknown_status" not in {label for _, label in first}  # no pointers in _ctx
    with pytest.raises(ValueError, match="rate"):
        FaultPlan().randomize(1.5, [Fault.hang()], seed=1)


def test_random_faults_over_http_are_reproducible() -> None:
    def run(seed: int) -> list[int | None]:
        fake = ToyFake()
        fake.operations.create("j", schedule=[("Running", None)])
        fake.faults.randomize(0.3, [Fault.http_error(502), Fault.unknown_status()], seed=seed)
        with fake.client(headers=AUTH) as c:
            [c.get("/jobs/j") for _ in range(60)]
        assert sum(fake.faults.tally.values()) == sum(r.fault is not None for r in fake.requests)
        return [r.status for r in fake.requests]

    assert run(3) == run(3)
    assert 502 in run(3)


def test_json_pointer_helpers() -> None:
    """The fakes read with core's ``resolve_pointer``; set and remove build on it."""
    doc = {"a": {"b/c": [1, {"d~e": 2}]}}
    assert resolve_pointer(doc, "/a/b~1c/1/d~0e") == 2
    assert resolve_pointer(doc, "#/a/x", "dflt") == "dflt"
    assert pointer_set(doc, "/a/b~1c/0", 9)
    assert doc["a"]["b/c"][0] == 9
    assert not pointer_set(doc, "/nope/x", 1)
    assert pointer_remove(doc, "/a/b~1c/1")
    assert resolve_pointer(doc, "/a/b~1c") == [9]
    with pytest.raises(InvalidSpec, match="pointer"):
        resolve_pointer(doc, "a/b")
    with pytest.raises(InvalidSpec, match="pointer"):
        pointer_set(doc, "a/b", 1)


def test_every_405_carries_allow(client: httpx.Client, fake: ToyFake) -> None:
    response = client.delete("/jobs/x", headers=AUTH)
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET"  # RFC 9110: the methods the path supports


def test_oauth2_schemes_validate_without_a_warning() -> None:
    import copy
    import warnings

    spec = copy.deepcopy(SPEC)
    spec["components"]["securitySchemes"]["bearerAuth"] = {
        "type": "oauth2",
        "flows": {"clientCredentials": {"tokenUrl": "https://login.invalid/token", "scopes": {}}},
    }
    fake = ToyFake(spec=spec)
    fake.operations.create("j1")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # openapi-core's "Unsupported scheme type" would raise
        with fake.client() as oauth_client:
            assert oauth_client.get("/jobs/j1", headers=AUTH).status_code == 200
    assert fake.requests[-1].valid


def _shortcut_spec() -> dict[str, object]:
    import copy

    spec = copy.deepcopy(SPEC)
    job = spec["paths"]["/jobs/{id}"]["get"]  # type: ignore[index]
    job["parameters"][0]["schema"] = {"type": "string", "format": "uuid"}
    statuses = spec["paths"]["/statuses"]["get"]  # type: ignore[index]
    statuses["parameters"][0]["schema"] = {
        "type": "array",
        "items": {"type": "string", "minLength": 2},
        "minItems": 1,
        "maxItems": 3,
        "uniqueItems": True,
    }
    return spec


@pytest.mark.parametrize(
    "urls",
    [
        [f"/jobs/{u}" for u in (COMPANY, COMPANY[:-1] + "1", "not-a-uuid", COMPANY[:-1] + "2")]
        + [f"/jobs/{COMPANY[:-1]}3?verbose=maybe", f"/jobs/{COMPANY[:-1]}4?verbose=true"],
        [
            "/statuses?token=aa",
            "/statuses?token=bb",
            "/statuses?token=b",  # too short
            "/statuses?token=cc&token=dd",
            "/statuses?token=ee&token=ee",  # not unique
            "/statuses?token=ff&token=gg",
            "/statuses?token=ff&token=gg&token=hh&token=ii",  # too many
            "/statuses?token=",
            "/statuses?token=jj",
        ],
    ],
    ids=["path-id", "query-ids"],
)
def test_validation_id_shortcut_gives_the_same_verdicts(urls: list[str]) -> None:
    """A new id in an otherwise already-validated request skips openapi-core only when the id
    passes its own schema (and repeats the same way); every verdict equals a full validation."""
    verdicts = []
    calls = []
    for size in (4096, 0):
        fake = ToyFake(spec=_shortcut_spec(), validation_cache=size)
        count = [0]
        full = fake._validate

        def counted(core: object, full: object = full, count: list[int] = count) -> list[str]:
            count[0] += 1
            return full(core)  # type: ignore[operator,no-any-return]

        fake._validate = counted  # type: ignore[method-assign]
        with fake.client(headers=AUTH) as c:
            for url in urls:
                c.get(url)
        verdicts.append([(r.valid, r.errors) for r in fake.requests])
        calls.append(count[0])
    assert verdicts[0] == verdicts[1]
    assert calls[1] == len(urls)
    assert calls[0] < calls[1], "no new id took the shortcut"
