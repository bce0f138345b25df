"""The LCS fake: the spec's documented answers (bodies, codes), loopback HTTP, the demo."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import jsonschema
import pytest
from opstatus_core import FakeClock, PollPolicy
from opstatus_core.testing import Fault, serve
from opstatus_lcs_dbmovement import (
    PLUGIN,
    AsyncLcsDbMovementClient,
    AuthenticationError,
    LcsDbMovementClient,
)
from opstatus_lcs_dbmovement.testing import (
    DATE_MAX,
    DEFAULT_ENVIRONMENT_ID,
    DEMO_TOKEN,
    LcsDbMovementFake,
)

PATH = "/databasemovement/v1/fetchstatus/project/{p}/environment/{e}/operationactivity/{a}"
GOOD = {"Authorization": f"Bearer {DEMO_TOKEN}", "x-ms-version": "2017-09-15"}


def _schema(fake: LcsDbMovementFake, name: str) -> dict[str, Any]:
    """A component schema with its $refs resolvable (the spec's components as $defs)."""
    schemas = fake.spec["components"]["schemas"]
    return {**schemas[name], "components": {"schemas": schemas}}


def _valid(fake: LcsDbMovementFake, name: str, body: Any) -> None:
    jsonschema.Draft202012Validator(
        _schema(fake, name), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(body)


def _get(fake: LcsDbMovementFake, url: str, headers: dict[str, str]) -> httpx.Response:
    with fake.client() as client:
        return client.get(url, headers=headers)


def test_page_example_shape(fake: LcsDbMovementFake) -> None:
    ref = fake.create_operation(["InProgress"])
    response = _get(
        fake, PATH.format(p=12345, e=DEFAULT_ENVIRONMENT_ID, a=ref["operationactivityId"]), GOOD
    )
    assert response.status_code == 200
    body = response.json()
    example = fake.spec["paths"][next(iter(fake.spec["paths"]))]["get"]["responses"]["200"]
    page = example["content"]["application/json"]["examples"]["inProgress"]["value"]
    assert list(body) == list(page)  # the page's properties, in the page's order
    assert body["ActivityId"] == ref["operationactivityId"]
    assert body["OperationActivityId"] != body["ActivityId"]
    assert body["VersionEOL"] == DATE_MAX
    assert (body["IsSuccess"], body["ErrorMessage"], body["CompletionDate"]) == (True, None, None)
    assert body["ProjectId"] == 12345
    _valid(fake, "OperationStatusResponse", body)
    fake.assert_healthy()


def test_unknown_id_answer(fake: LcsDbMovementFake) -> None:
    activity = str(uuid.uuid4())
    response = _get(fake, PATH.format(p=1, e=uuid.uuid4(), a=activity), GOOD)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"IsSuccess", "OperationActivityId", "ErrorMessage", "VersionEOL"}
    assert body["IsSuccess"] is False
    assert activity in body["ErrorMessage"]
    _valid(fake, "OperationStatusResponse", body)
    fake.assert_healthy()


@pytest.mark.parametrize(
    ("url", "headers"),
    [
        (PATH.format(p="abc", e=uuid.uuid4(), a=uuid.uuid4()), GOOD),
        (PATH.format(p="1.5", e=uuid.uuid4(), a=uuid.uuid4()), GOOD),
        (PATH.format(p=1, e="not-a-guid", a=uuid.uuid4()), GOOD),
        (PATH.format(p=1, e=uuid.uuid4(), a="55eb4327"), GOOD),
        (
            PATH.format(p=1, e=uuid.uuid4(), a=uuid.uuid4()),
            {"Authorization": GOOD["Authorization"]},
        ),
        ("/databasemovement/v1/fetchstatus/project/1", GOOD),  # a path the API does not have
        ("/databasemovement/v1/databases", GOOD),
    ],
)
def test_malformed_request_gets_the_fakes_400(
    fake: LcsDbMovementFake, url: str, headers: dict[str, str]
) -> None:
    response = _get(fake, url, headers)
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"IsSuccess", "OperationActivityId", "ErrorMessage", "VersionEOL"}
    assert body["IsSuccess"] is False
    assert body["ErrorMessage"]
    _valid(fake, "DatabaseMovementResponse", body)
    fake.assert_healthy()
    assert fake.operations.snapshot() == {}


def test_method_not_in_the_spec_gets_405(fake: LcsDbMovementFake) -> None:
    with fake.client() as client:
        for method in ("POST", "DELETE", "TRACE"):
            url = PATH.format(p=1, e=uuid.uuid4(), a=uuid.uuid4())
            response = client.request(method, url, headers=GOOD)
            assert response.status_code == 405
            assert response.headers["Allow"] == "GET"
            _valid(fake, "DatabaseMovementResponse", response.json())


@pytest.mark.parametrize(
    "headers",
    [
        {"x-ms-version": "2017-09-15"},
        {**GOOD, "Authorization": "Bearer wrong"},
        {**GOOD, "Authorization": "Basic dXNlcjpwYXNz"},
        {**GOOD, "Authorization": "Bearer "},
    ],
)
def test_bad_credentials_get_401_without_body(
    fake: LcsDbMovementFake, headers: dict[str, str]
) -> None:
    ref = fake.create_operation(["InProgress"])
    # malformed *and* unauthenticated: the page says only authentication changes the 200
    for url in (
        PATH.format(p=12345, e=DEFAULT_ENVIRONMENT_ID, a=ref["operationactivityId"]),
        PATH.format(p="x", e="y", a="z"),
    ):
        response = _get(fake, url, headers)
        assert response.status_code == 401
        assert response.content == b""
    assert fake.operations.get(ref["operationactivityId"]).polls == 0  # type: ignore[union-attr]
    fake.assert_healthy()


def test_schedule_and_terminal_completion_date(fake: LcsDbMovementFake) -> None:
    ref = fake.create_operation(
        ["NotStarted", ("InProgress", 2), "RollbackInProgress", "RollbackCompleted"]
    )
    url = PATH.format(p=12345, e=DEFAULT_ENVIRONMENT_ID, a=ref["operationactivityId"])
    bodies = [_get(fake, url, GOOD).json() for _ in range(7)]
    assert [b["OperationStatus"] for b in bodies] == [
        "NotStarted", "InProgress", "InProgress", "RollbackInProgress",
        "RollbackCompleted", "RollbackCompleted", "RollbackCompleted",
    ]  # fmt: skip
    assert all(b["CompletionDate"] is None for b in bodies[:4])
    dates = {b["CompletionDate"] for b in bodies[4:]}
    assert len(dates) == 1
    assert None not in dates
    (date,) = dates
    assert len(date) == len(DATE_MAX)
    assert "+" not in date
    assert not date.endswith("Z")
    fake.set_status(ref["operationactivityId"], "SomethingNew")  # an unknown value still validates
    assert _get(fake, url, GOOD).json()["OperationStatus"] == "SomethingNew"
    fake.assert_healthy()
    fake.assert_requests_valid()


def test_injected_errors_keep_the_contract_body(fake: LcsDbMovementFake) -> None:
    ref = fake.create_operation(["InProgress"])
    url = PATH.format(p=12345, e=DEFAULT_ENVIRONMENT_ID, a=ref["operationactivityId"])
    fake.inject(Fault.too_many_requests(retry_after=3))
    fake.inject(Fault.http_error(503))
    first, second = _get(fake, url, GOOD), _get(fake, url, GOOD)
    assert (first.status_code, first.headers["Retry-After"]) == (429, "3")
    assert second.status_code == 503
    for response in (first, second):
        _valid(fake, "DatabaseMovementResponse", response.json())


def test_seed_operation_and_demo_contract() -> None:
    fake = PLUGIN.load_fake()
    assert isinstance(fake, LcsDbMovementFake)
    assert fake.demo_credentials == {"token": DEMO_TOKEN}
    with pytest.raises(ValueError, match="outcome"):
        fake.seed_operation("pending")
    refs = {o: fake.seed_operation(o, polls=2) for o in ("succeeded", "failed", "canceled")}
    clock = FakeClock()
    with PLUGIN.client(
        base_url=fake.base_url, transport=fake.transport(), clock=clock, environ={},
        **fake.demo_credentials,
    ) as client:  # fmt: skip
        assert client.wait(refs["succeeded"]).attempts == 3
        results = client.wait_many([refs["failed"], refs["canceled"]])
    assert [type(r).__name__ for r in results] == ["OperationFailed", "OperationCanceled"]
    assert PLUGIN.name == "lcs-dbmovement"
    assert PLUGIN.async_client is AsyncLcsDbMovementClient
    assert [(c.env, c.secret) for c in PLUGIN.credentials] == [
        ("OPSTATUS_LCS_TOKEN", True),
        ("OPSTATUS_LCS_PROJECT_ID", False),
        ("OPSTATUS_LCS_ENVIRONMENT_ID", False),
    ]


def test_any_token_when_tokens_is_none() -> None:
    fake = LcsDbMovementFake(tokens=None)
    ref = fake.create_operation(["Completed"])
    with fake.client() as client:
        url = PATH.format(p=12345, e=DEFAULT_ENVIRONMENT_ID, a=ref["operationactivityId"])
        assert client.get(url, headers={**GOOD, "Authorization": "Bearer x"}).status_code == 200
        assert client.get(url, headers={"x-ms-version": "2017-09-15"}).status_code == 401


# -- loopback ------------------------------------------------------------------------------------


def _fast() -> PollPolicy:
    return PollPolicy(interval=0.01, max_interval=0.01, jitter=0, timeout=30)


def test_loopback_sync() -> None:
    fake = LcsDbMovementFake(validate_responses=True)
    ok = fake.seed_operation("succeeded", polls=2)
    with serve(fake) as server:
        fake.inject(Fault.drop_connection())  # a real closed connection, retried
        with LcsDbMovementClient(
            token=DEMO_TOKEN,
            base_url=server.base_url,
            policy=_fast(),
            request_timeout=5,
            environ={},
        ) as client:
            outcome = client.wait(ok)
            assert outcome.status == "Completed"
            with pytest.raises(AuthenticationError):
                LcsDbMovementClient(
                    token="wrong",
                    base_url=server.base_url,
                    policy=_fast(),
                    request_timeout=5,
                    environ={},
                ).wait(ok)
    assert fake.faults.tally == {"drop_connection": 1}
    fake.assert_requests_valid()
    fake.assert_healthy()


async def test_loopback_async() -> None:
    fake = LcsDbMovementFake(validate_responses=True)
    refs = [fake.seed_operation("succeeded", polls=2), fake.seed_operation("canceled", polls=1)]
    with serve(fake) as server:
        fake.inject(Fault.http_error(503, retry_after=0))
        async with AsyncLcsDbMovementClient(
            token=DEMO_TOKEN,
            base_url=server.base_url,
            policy=_fast(),
            request_timeout=5,
            environ={},
        ) as client:
            results = await client.wait_many(refs)
            async with httpx.AsyncClient(base_url=server.url, timeout=5) as http:
                raw = await http.get(PATH.format(p="x", e="y", a="z"), headers=GOOD)
    assert results[0].status == "Completed"  # type: ignore[union-attr]
    assert type(results[1]).__name__ == "OperationCanceled"
    assert raw.status_code == 400
    fake.assert_healthy()


def test_any_integer_project_is_valid_input(fake: LcsDbMovementFake) -> None:
    # the spec says only "integer": a huge or negative one is answered, not refused
    for project in (10**30, -7):
        response = _get(fake, PATH.format(p=project, e=uuid.uuid4(), a=uuid.uuid4()), GOOD)
        assert response.status_code == 200
        assert response.json()["IsSuccess"] is False
    fake.assert_healthy()
    fake.assert_requests_valid()
