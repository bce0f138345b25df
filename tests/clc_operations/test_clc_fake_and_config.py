"""The fake's documented answers, the spec-driven classification, configuration, credential
redaction, the plugin, and both clients over the fake's real loopback server."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
import yaml
from opstatus_clc_operations import (
    PLUGIN,
    PROVIDER,
    AsyncClcOperationsClient,
    AuthenticationError,
    ClcOperationsClient,
    ClcReference,
    ConfigurationError,
    WaitTimeout,
    parse_reference,
)
from opstatus_clc_operations.testing import (
    DENIED,
    INVALID_LOGIN,
    INVALID_REQUEST,
    ClcOperationsFake,
)
from opstatus_core import Classification, FakeClock
from opstatus_core.plugin import DemoFake
from opstatus_core.sdk import InvalidOperationReference
from opstatus_core.testing import Fault, serve
from opstatus_core.token import decode_token

from ._support import Api, policy

MakeApi = Callable[..., Api]
SPEC = Path(__file__).parents[2] / "specs" / "clc-operations.yaml"
STATUS = "/v2/operations/{acctAlias}/status/{statusId}"


# -- the classification is the spec's ---------------------------------------------------------


def test_classification_equals_the_specs_x_opstatus() -> None:
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    ext = spec["paths"][STATUS]["get"]["x-opstatus"]
    known = spec["components"]["schemas"]["KnownOperationStatus"]["enum"]
    lists = {c: ext[c.value] for c in Classification}
    assert sorted(v for values in lists.values() for v in values) == sorted(known)
    rule = PROVIDER.rule()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for classification, values in lists.items():
            for value in values:
                assert rule.classify(value) is classification, value
    assert rule.status == ext["status"] == "/status"
    assert rule.progress is None
    assert rule.id is None
    # the packaged spec is the repository's spec (a symlink; wheels get the content)
    packaged = Path(__file__).parents[2] / "overlays/clc-operations/src/opstatus_clc_operations"
    assert (packaged / "openapi.yaml").read_text() == SPEC.read_text()


# -- the fake answers as the spec documents ----------------------------------------------------


@pytest.fixture
def http(fake: ClcOperationsFake) -> httpx.Client:
    return fake.client()


def _login(http: httpx.Client, **body: object) -> httpx.Response:
    return http.post("/v2/authentication/login", json=body)


def test_fake_login_bodies(fake: ClcOperationsFake, http: httpx.Client) -> None:
    ok = _login(http, username="demouser1", password="mypassword")
    assert ok.status_code == 200
    body = ok.json()
    assert body["accountAlias"] == "ALIAS"
    assert body["userName"] == "demouser1"
    assert body["roles"] == ["AccountAdmin", "ServerAdmin"]
    assert body["locationAlias"] == "DC1"
    assert body["bearerToken"]
    bad = _login(http, username="demouser1", password="nope")
    assert (bad.status_code, bad.json()) == (400, {"message": INVALID_LOGIN})
    unknown = _login(http, username="someone", password="mypassword")
    assert (unknown.status_code, unknown.json()) == (400, {"message": INVALID_LOGIN})
    for malformed in ({"username": "demouser1"}, {"username": 1, "password": "x"}):
        response = http.post("/v2/authentication/login", json=malformed)
        assert (response.status_code, response.json()) == (400, {"message": INVALID_REQUEST})
    not_json = http.post(
        "/v2/authentication/login", content=b"{", headers={"content-type": "application/json"}
    )
    assert (not_json.status_code, not_json.json()) == (400, {"message": INVALID_REQUEST})
    fake.lock_user("demouser1")
    locked = _login(http, username="demouser1", password="mypassword")
    assert (locked.status_code, locked.json()) == (400, {"message": INVALID_LOGIN})
    fake.assert_healthy()


def test_fake_status_bodies(fake: ClcOperationsFake, http: httpx.Client) -> None:
    ref = fake.seed_operation("failed", polls=2)
    path = f"/v2/operations/ALIAS/status/{ref['statusId']}"
    missing = http.get(path)
    assert (missing.status_code, missing.json()) == (401, {"message": DENIED})
    wrong = http.get(path, headers={"Authorization": "Bearer not-a-token"})
    assert (wrong.status_code, wrong.json()) == (401, {"message": DENIED})
    auth = {"Authorization": f"Bearer {fake.issue_token()}"}
    assert [http.get(path, headers=auth).json()["status"] for _ in range(4)] == [
        "notStarted",
        "executing",
        "failed",
        "failed",
    ]
    other = http.get(f"/v2/operations/OTHR/status/{ref['statusId']}", headers=auth)
    assert (other.status_code, other.json()) == (403, {"message": DENIED})
    unknown = http.get("/v2/operations/ALIAS/status/wa1-99999", headers=auth)
    assert unknown.status_code == 404
    assert unknown.json() == {"message": "The status id wa1-99999 was not found."}
    assert http.get("/v2/operations/ALIAS/status/", headers=auth).status_code == 404
    assert http.delete(path, headers=auth).status_code == 405
    assert fake.expire_tokens() == 1
    assert http.get(path, headers=auth).status_code == 401
    fake.assert_healthy()
    assert fake.unrouted == []
    # the fake's log never holds the bearer token
    assert all(r.header("authorization") in (None, "<redacted>") for r in fake.requests)


def test_injected_faults_keep_the_documented_body(
    fake: ClcOperationsFake, http: httpx.Client
) -> None:
    fake.inject(Fault.unauthorized())
    fake.inject(Fault.too_many_requests(3))
    assert http.get("/v2/operations/ALIAS/status/x").json() == {"message": DENIED}
    response = http.get("/v2/operations/ALIAS/status/x")
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "3"
    assert set(response.json()) == {"message"}


def test_fake_is_a_demo_fake_and_the_plugin_loads_it() -> None:
    fake = PLUGIN.load_fake()
    assert isinstance(fake, ClcOperationsFake)
    demo: DemoFake = fake
    ref = demo.seed_operation("succeeded", polls=3)
    assert set(ref) == {"acctAlias", "statusId"}
    assert PLUGIN.name == "clc-operations"
    assert PLUGIN.client is ClcOperationsClient
    assert PLUGIN.async_client is AsyncClcOperationsClient
    kwargs = {c.kwarg for c in PLUGIN.credentials}
    assert set(fake.demo_credentials) <= kwargs
    assert {c.env for c in PLUGIN.credentials} == {
        "OPSTATUS_CLC_USERNAME",
        "OPSTATUS_CLC_PASSWORD",
        "OPSTATUS_CLC_TOKEN",
        "OPSTATUS_CLC_ALIAS",
    }
    assert [c.kwarg for c in PLUGIN.credentials if c.secret] == ["password", "token"]
    with ClcOperationsClient(
        base_url=fake.base_url,
        transport=fake.transport(),
        clock=FakeClock(),
        **fake.demo_credentials,
    ) as client:
        assert client.wait(ref).status == "succeeded"


# -- loopback (the fake's real uvicorn server) -------------------------------------------------


def test_sync_client_over_loopback(fake: ClcOperationsFake) -> None:
    ref = fake.seed_operation("succeeded", polls=2)
    with (
        serve(fake) as server,
        ClcOperationsClient(
            base_url=server.base_url, clock=FakeClock(), policy=policy(), **fake.demo_credentials
        ) as client,
    ):
        assert client.login() == "ALIAS"
        fake.inject(Fault.http_error(503, retry_after=1))
        fake.inject(Fault.drop_connection())
        assert client.wait(ref).status == "succeeded"
        fake.expire_tokens()
        ref2 = fake.seed_operation("failed", polls=1)
        snapshot = client.status(ref2)
        assert snapshot.status == "notStarted"
    assert fake.logins == 2
    fake.assert_requests_valid()
    fake.assert_healthy()


async def test_async_client_over_loopback(fake: ClcOperationsFake) -> None:
    refs = [fake.seed_operation("succeeded", polls=p) for p in (1, 3)]
    with serve(fake) as server:
        fake.inject(Fault.reset_mid_body(), route="getOperationStatus")
        async with AsyncClcOperationsClient(
            base_url=server.base_url, clock=FakeClock(), policy=policy(), **fake.demo_credentials
        ) as client:
            results = await client.wait_many(refs)
            assert [getattr(r, "status", r) for r in results] == ["succeeded", "succeeded"]
            with pytest.raises(AuthenticationError):
                await client.wait(fake.create_operation(alias="OTHR"))
    assert fake.logins == 2  # one for both waits, one re-login after the 403
    fake.assert_requests_valid()
    fake.assert_healthy()


# -- configuration -----------------------------------------------------------------------------


def test_environment_variables(fake: ClcOperationsFake) -> None:
    environ = {
        "OPSTATUS_CLC_BASE_URL": "https://fake.invalid/",
        "OPSTATUS_CLC_USERNAME": "demouser1",
        "OPSTATUS_CLC_PASSWORD": "mypassword",
        "OPSTATUS_CLC_ALIAS": "alias",
    }
    ref = fake.seed_operation("succeeded", polls=1)
    with ClcOperationsClient(environ=environ, transport=fake.transport(), clock=FakeClock()) as c:
        assert c.base_url == "https://fake.invalid"
        assert c.account_alias == "alias"
        outcome = c.wait(ref["statusId"])
        assert outcome.reference == {"statusId": ref["statusId"], "acctAlias": "alias"}
    token_env = {"OPSTATUS_CLC_TOKEN": fake.issue_token(), "OPSTATUS_CLC_ALIAS": "ALIAS"}
    with ClcOperationsClient(
        environ=token_env, base_url=fake.base_url, transport=fake.transport(), clock=FakeClock()
    ) as c:
        assert c.wait(fake.seed_operation("succeeded", polls=0)).status == "succeeded"
    assert fake.logins == 1


def test_default_base_url() -> None:
    client = ClcOperationsClient(token="t", account_alias="A", environ={})
    assert client.base_url == "https://api.ctl.io"
    client.close()


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({}, "no credentials"),
        ({"username": "u"}, "no password"),
        ({"password": "p"}, "no username"),
        ({"token": "t"}, "account alias is needed"),
        ({"token": "t", "account_alias": " "}, "must not be empty"),
        ({"token": "t", "account_alias": "A", "base_url": "ftp://x"}, "must be http"),
    ],
)
def test_configuration_errors(kwargs: dict[str, str], match: str) -> None:
    with pytest.raises(ConfigurationError, match=match):
        ClcOperationsClient(environ={}, **kwargs)
    with pytest.raises(ConfigurationError, match=match):
        AsyncClcOperationsClient(environ={}, **kwargs)


def test_references() -> None:
    assert parse_reference("wa1-1") == {"statusId": "wa1-1"}
    assert parse_reference("https://api.ctl.io/v2/operations/btdi/status/wa1-143253") == {
        "acctAlias": "btdi",
        "statusId": "wa1-143253",
    }
    assert parse_reference({"rel": "status", "href": "/v2/operations/A/status/wa1%2F2"}) == {
        "acctAlias": "A",
        "statusId": "wa1/2",
    }
    assert parse_reference({"statusId": "x", "acctAlias": "A"}) == {
        "statusId": "x",
        "acctAlias": "A",
    }


def test_the_typed_reference() -> None:
    link = ClcReference.parse("/v2/operations/btdi/status/wa1-143253")
    assert link == ClcReference("wa1-143253", "btdi")
    assert link.id == "wa1-143253"
    assert link.to_kwargs() == {"acct_alias": "btdi", "status_id": "wa1-143253"}
    bare = ClcReference.parse("wa1-1")
    assert bare.account_alias is None  # the client's alias fills it in, per request
    assert bare.to_dict() == {"statusId": "wa1-1"}
    assert ClcReference.parse("wa1-1", defaults={"acctAlias": "A"}).account_alias == "A"
    for bad, message in [
        ({"href": "/v2/servers/A/wa1-1"}, "is not a status link"),
        ({"statusId": 12345}, "statusId must be a string, not int"),
        ({"statusId": "x", "acctAlias": ""}, r"missing \['acctAlias'\]"),
        ({"statusId": "x", "job": "y"}, r"unknown \['job'\]"),
        ({"acctAlias": "A"}, r"missing \['statusId'\]"),
        (42, "a status id, a status link or a mapping, not int"),
        ("/v2/operations/A/status/..", "cannot be '.' or '..'"),
    ]:
        with pytest.raises(InvalidOperationReference, match=message):
            ClcReference.parse(bad)


# -- credentials never leak ---------------------------------------------------------------------


async def test_credentials_never_leak(
    make_api: MakeApi, fake: ClcOperationsFake, caplog: pytest.LogCaptureFixture
) -> None:
    password = "pw-" + "Zq7rX9vK2mLp"
    token = "tok-" + "Hc4Wn8Ty1Rb"
    fake.users["planted"] = (password, "ALIAS")
    caplog.set_level(logging.DEBUG)
    api = make_api(credentials={"username": "planted", "password": password, "token": token})
    texts = [repr(api.client), str(api.client)]
    ref = fake.create_operation([("executing", None)])
    with pytest.raises(WaitTimeout) as timeout:
        await api.wait(ref, timeout=5)
    issued = fake._tokens.copy()  # the bearer tokens the fake handed out
    fake.users["planted"] = ("changed", "ALIAS")
    fake.expire_tokens()
    with pytest.raises(AuthenticationError) as refused:
        await api.wait(ref)
    bad = make_api(credentials={"username": "planted", "password": password})
    with pytest.raises(AuthenticationError) as refused_login:
        await bad.wait(ref)
    errors = [timeout.value, refused.value, refused_login.value]
    for err in errors:
        texts += [str(err), repr(err), repr(err.snapshot), str(err.detail), str(err.__dict__)]
        token_text = err.continuation_token or ""
        texts += [token_text, repr(decode_token(token_text))]
    texts += [repr(api.client._clc), repr(api.client.policy), caplog.text]
    texts += [f"{r.url} {r.headers}" for r in fake.requests]
    assert "login refused (HTTP 400)" in caplog.text
    blob = "\n".join(texts)
    for secret in (password, token, *issued):
        assert secret not in blob
