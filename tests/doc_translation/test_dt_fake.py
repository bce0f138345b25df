"""The fake answers as the spec documents: status codes, the spec's error bodies, headers."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import httpx
import jsonschema
import pytest
from opstatus_core.testing import Fault
from opstatus_doc_translation.testing import (
    DEMO_KEY,
    EXAMPLE_ID,
    DocTranslationFake,
    batch_request,
)

from tests._support import load_spec

SPEC: dict[str, Any] = load_spec("doc-translation")
KEY = {"Ocp-Apim-Subscription-Key": DEMO_KEY}


def schema(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        {"$ref": f"#/components/schemas/{name}", "components": SPEC["components"]},
        format_checker=jsonschema.FormatChecker(),
    )


def example(response: dict[str, Any]) -> Any:
    if "$ref" in response:
        response = SPEC["components"]["responses"][response["$ref"].rsplit("/", 1)[-1]]
    examples = response["content"]["application/json"]["examples"]
    return next(iter(examples.values()))["value"]


def spec_example(path: str, method: str, status: int) -> Any:
    return example(SPEC["paths"][path][method]["responses"][str(status)])


@pytest.fixture
def http(fake: DocTranslationFake) -> httpx.Client:
    return fake.client()


def test_every_spec_operation_is_served(fake: DocTranslationFake) -> None:
    assert fake.unrouted == []


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/batches/{id}"), ("DELETE", "/batches/{id}"), ("POST", "/batches")],
)
def test_missing_or_wrong_key_is_the_documented_401(
    fake: DocTranslationFake, http: httpx.Client, method: str, path: str
) -> None:
    fake.expect_invalid = True  # type: ignore[attr-defined]  # no key: the spec's security fails
    op = fake.seed_operation("succeeded")
    url = path.replace("{id}", op["id"])
    body = batch_request() if method == "POST" else None
    for headers in ({}, {"Ocp-Apim-Subscription-Key": "wrong"}):
        response = http.request(method, url, json=body, headers=headers)
        assert response.status_code == 401
        assert response.json() == spec_example(path, method.lower(), 401)


def test_unknown_id_is_the_documented_404(fake: DocTranslationFake, http: httpx.Client) -> None:
    for method in ("GET", "DELETE"):
        response = http.request(method, f"/batches/{uuid4()}", headers=KEY)
        assert response.status_code == 404
        assert response.json() == spec_example("/batches/{id}", method.lower(), 404)


@pytest.mark.parametrize("bad_id", ["not-a-guid", "727bf148-f327-47a0-9481", "%20", "1" * 40])
def test_malformed_id_is_a_documented_4xx(
    fake: DocTranslationFake, http: httpx.Client, bad_id: str
) -> None:
    """The status call documents no 400 (the REST spec: 200, 401, 404, 429, 500, 503): a
    malformed id names no batch, so it is the 404; the cancel documents its 400."""
    fake.expect_invalid = True  # type: ignore[attr-defined]
    assert "400" not in SPEC["paths"]["/batches/{id}"]["get"]["responses"]
    for method, status in (("GET", 404), ("DELETE", 400)):
        response = http.request(method, f"/batches/{bad_id}", headers=KEY)
        assert response.status_code == status
        body = response.json()
        assert not list(schema("ErrorResponse").iter_errors(body))
        assert body["error"]["code"] == ("ResourceNotFound" if status == 404 else "InvalidRequest")


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"inputs": []},
        {"inputs": [{"source": {"sourceUrl": "https://x"}, "targets": []}]},
        {"inputs": [{"source": {}, "targets": [{"targetUrl": "https://y", "language": "fr"}]}]},
        {"inputs": "nope"},
    ],
)
def test_malformed_submission_is_the_documented_400(
    fake: DocTranslationFake, http: httpx.Client, body: Any
) -> None:
    fake.expect_invalid = True  # type: ignore[attr-defined]
    before = len(fake.operations)
    response = http.post("/batches", json=body, headers=KEY)
    assert response.status_code == 400
    assert not list(schema("ErrorResponse").iter_errors(response.json()))
    assert len(fake.operations) == before
    not_json = http.post(
        "/batches", content=b"{not json", headers={**KEY, "content-type": "application/json"}
    )
    assert not_json.status_code == 400


@pytest.mark.parametrize("status", [429, 500, 503])
@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/batches/{id}"), ("DELETE", "/batches/{id}"), ("POST", "/batches")],
)
def test_injected_errors_carry_the_spec_bodies(
    fake: DocTranslationFake, http: httpx.Client, status: int, method: str, path: str
) -> None:
    op = fake.seed_operation("succeeded")
    fake.inject(Fault.http_error(status))
    url = path.replace("{id}", op["id"])
    body = batch_request() if method == "POST" else None
    response = http.request(method, url, json=body, headers=KEY)
    assert response.status_code == status
    assert response.json() == spec_example(path, method.lower(), status)
    if status in (429, 503):
        assert response.headers["Retry-After"] == "1"
    else:
        assert "Retry-After" not in response.headers


def test_injected_retry_after_wins(fake: DocTranslationFake, http: httpx.Client) -> None:
    op = fake.seed_operation("succeeded")
    fake.inject(Fault.too_many_requests(retry_after=9))
    response = http.get(f"/batches/{op['id']}", headers=KEY)
    assert response.headers["Retry-After"] == "9"


def test_status_200_headers_and_body(fake: DocTranslationFake, http: httpx.Client) -> None:
    op = fake.seed_operation("succeeded", polls=1)
    first = http.get(f"/batches/{op['id']}", headers=KEY)
    second = http.get(f"/batches/{op['id']}", headers=KEY)
    for response in (first, second):
        assert response.status_code == 200
        assert response.headers["Retry-After"] == "1"
        assert response.headers["ETag"].startswith('"')
        assert not list(schema("TranslationStatus").iter_errors(response.json()))
    assert first.headers["ETag"] != second.headers["ETag"]
    assert [first.json()["status"], second.json()["status"]] == ["NotStarted", "Succeeded"]
    assert second.json()["summary"]["success"] == 4


def test_if_none_match_is_not_served(fake: DocTranslationFake, http: httpx.Client) -> None:
    """No Translator source documents a conditional GET: the fake always answers 200."""
    op = fake.create_batch([("Running", 3), ("Succeeded", None)])
    first = http.get(f"/batches/{op.id}", headers=KEY)
    same = http.get(f"/batches/{op.id}", headers={**KEY, "If-None-Match": first.headers["ETag"]})
    assert same.status_code == 200
    assert same.json() == first.json()
    assert same.headers["ETag"] == first.headers["ETag"]  # an unchanged document, the same ETag


def test_405_names_the_allowed_methods(fake: DocTranslationFake, http: httpx.Client) -> None:
    fake.expect_invalid = True  # type: ignore[attr-defined]  # methods the spec does not have
    response = http.put("/batches", headers=KEY)
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, POST"
    response = http.post(f"/batches/{uuid4()}", headers=KEY)
    assert response.status_code == 405
    assert response.headers["Allow"] == "DELETE, GET"


def test_submit_creates_a_batch_that_advances(fake: DocTranslationFake, http: httpx.Client) -> None:
    response = http.post("/batches", json=batch_request(inputs=2), headers=KEY)
    assert response.status_code == 202
    location = response.headers["Operation-Location"]
    assert location.startswith(fake.base_url + "/batches/")
    batch_id = location.rsplit("/", 1)[-1]
    statuses, done = [], []
    for _ in range(4):
        body = http.get(f"/batches/{batch_id}", headers=KEY).json()
        statuses.append(body["status"])
        done.append(body["summary"]["success"])
        assert body["summary"]["total"] == 8  # 4 documents per input
    assert statuses == ["NotStarted", "Running", "Running", "Succeeded"]
    assert done == sorted(done)
    assert done[-1] == 8


@pytest.mark.parametrize("spelling", ["Canceled", "Cancelled"])
def test_cancel_moves_through_cancelling(spelling: str) -> None:
    fake = DocTranslationFake(validate_responses=True, canceled_status=spelling)
    http = fake.client()
    op = fake.seed_operation("succeeded", polls=5)
    for _ in range(3):
        http.get(f"/batches/{op['id']}", headers=KEY)
    response = http.delete(f"/batches/{op['id']}", headers=KEY)
    assert response.status_code == 200
    assert response.json()["status"] == "Cancelling"
    later = [http.get(f"/batches/{op['id']}", headers=KEY).json() for _ in range(3)]
    assert [b["status"] for b in later] == ["Cancelling", spelling, spelling]
    summary = later[-1]["summary"]
    assert summary["cancelled"] > 0
    assert summary["success"] + summary["failed"] + summary["cancelled"] == summary["total"]
    again = http.delete(f"/batches/{op['id']}", headers=KEY)
    assert again.status_code == 400
    assert again.json() == spec_example("/batches/{id}", "delete", 400)
    fake.assert_healthy()
    fake.assert_requests_valid()


def test_cancel_of_a_finished_batch_is_400(fake: DocTranslationFake, http: httpx.Client) -> None:
    op = fake.seed_operation("failed", polls=0)
    http.get(f"/batches/{op['id']}", headers=KEY)
    response = http.delete(f"/batches/{op['id']}", headers=KEY)
    assert response.status_code == 400
    assert response.json() == spec_example("/batches/{id}", "delete", 400)


def test_credentials_are_redacted_in_the_request_log(
    fake: DocTranslationFake, http: httpx.Client
) -> None:
    http.get(f"/batches/{uuid4()}", headers=KEY)
    assert DEMO_KEY not in repr(fake.requests)
    assert fake.requests[0].header("Ocp-Apim-Subscription-Key") == "<redacted>"


def test_demo_fake_contract() -> None:
    fake = DocTranslationFake()  # no arguments
    assert fake.demo_credentials == {"key": DEMO_KEY}
    refs = {o: fake.seed_operation(o, polls=2) for o in ("succeeded", "failed", "canceled")}
    http = fake.client(headers={"Ocp-Apim-Subscription-Key": fake.demo_credentials["key"]})
    finals = {}
    for outcome, ref in refs.items():
        for _ in range(6):
            finals[outcome] = http.get(f"/batches/{ref['id']}").json()["status"]
    assert finals == {"succeeded": "Succeeded", "failed": "Failed", "canceled": "Canceled"}


def test_the_seed_page_example_batch() -> None:
    fake = DocTranslationFake(example_batch=True, validate_responses=True)
    http = fake.client()
    body = http.get(f"/batches/{EXAMPLE_ID}", headers=KEY).json()
    expected = spec_example("/batches/{id}", "get", 200)
    assert body.pop("lastActionDateTimeUtc")
    expected.pop("lastActionDateTimeUtc")
    assert body == expected
    assert http.delete(f"/batches/{EXAMPLE_ID}", headers=KEY).status_code == 400
    fake.assert_healthy()
    assert EXAMPLE_ID not in DocTranslationFake().operations


def test_any_key_when_keys_is_none() -> None:
    fake = DocTranslationFake(keys=None)
    op = fake.seed_operation("succeeded")
    response = fake.client().get(
        f"/batches/{op['id']}", headers={"Ocp-Apim-Subscription-Key": "anything"}
    )
    assert response.status_code == 200
