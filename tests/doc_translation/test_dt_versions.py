"""Every API version a user can meet: the SDK's routes agree with the spec, and a wait and a
start-then-wait run against the fake on each version, in-process and over loopback."""

from __future__ import annotations

from typing import Any

import pytest
from opstatus_core import FakeClock, PollPolicy
from opstatus_core.sdk import (
    ConfigurationError,
    MalformedResponse,
    OperationFailed,
    OperationNotFound,
)
from opstatus_core.testing import serve
from opstatus_doc_translation import (
    API_VERSIONS,
    DEFAULT_API_VERSION,
    AsyncDocTranslationClient,
    DocTranslationClient,
    api_base_url,
)
from opstatus_doc_translation.testing import DEMO_KEY, DocTranslationFake, batch_request

from tests._support import load_spec

from ._support import call, make_client

SPEC: dict[str, Any] = load_spec("doc-translation")
SERVER = SPEC["servers"][0]
DATED = SPEC["components"]["schemas"]["ApiVersion"]["enum"]
ROUTE = {v: "document" for v in DATED} | {"v1.0": "text/batch/v1.0"}
ROUTE["v1.0-preview.1"] = "text/batch/v1.0-preview.1"
#: real sleeps over loopback, kept short (the fake sends no Retry-After in those tests)
QUICK = PollPolicy(initial_delay=0.0, interval=0.02, max_interval=0.05, timeout=30)


@pytest.fixture(params=API_VERSIONS)
def version(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def close(client: Any) -> None:
    if isinstance(client, AsyncDocTranslationClient):
        await client.aclose()
    else:
        client.close()


# -- the SDK's versions are the spec's ---------------------------------------------------------


def test_versions_are_the_specs() -> None:
    routes = SERVER["variables"]["route"]["enum"]
    assert set(API_VERSIONS) == set(DATED) | {
        r.removeprefix("text/batch/") for r in routes if r != "document"
    }
    assert "document" in routes
    assert DEFAULT_API_VERSION == max(DATED) == "2026-03-01"  # the newest GA
    assert SERVER["variables"]["route"]["default"] == "document"
    assert SERVER["url"] == "https://{resource}.{domain}/translator/{route}"
    assert "cognitiveservices.azure.cn" in SERVER["variables"]["domain"]["enum"]


@pytest.mark.parametrize(
    ("endpoint", "version", "expected"),
    [
        ("https://r.cognitiveservices.azure.com", "2026-03-01", "/translator/document"),
        ("https://r.cognitiveservices.azure.com/", "2024-05-01", "/translator/document"),
        ("https://r.cognitiveservices.azure.com/translator", "v1.0", "/translator/text/batch/v1.0"),
        (
            "https://r.cognitiveservices.azure.com/translator/document",
            "v1.0-preview.1",
            "/translator/text/batch/v1.0-preview.1",
        ),
        (
            "https://r.cognitiveservices.azure.com/translator/text/batch/v1.0-preview.1",
            "2026-03-01",
            "/translator/document",
        ),
    ],
)
def test_api_base_url_puts_the_versions_route(endpoint: str, version: str, expected: str) -> None:
    assert api_base_url(endpoint, version) == "https://r.cognitiveservices.azure.com" + expected


def test_api_base_url_keeps_a_custom_path_and_the_china_cloud() -> None:
    assert api_base_url("https://proxy.example/tr/", "v1.0") == "https://proxy.example/tr"
    assert (
        api_base_url("https://r.cognitiveservices.azure.cn", "v1.0")
        == "https://r.cognitiveservices.azure.cn/translator/text/batch/v1.0"
    )
    with pytest.raises(ConfigurationError, match="unknown API version"):
        api_base_url("https://r.cognitiveservices.azure.com", "3.0")


# -- a wait and a start-then-wait on every version -----------------------------------------------


def _check_requests(fake: DocTranslationFake, version: str, region: str | None) -> None:
    """Every request went to the version's route, with api-version exactly on dated ones."""
    sent = [r for r in fake.requests if r.route]
    assert sent
    for record in sent:
        path = record.url.split("?")[0]
        assert f"/translator/{ROUTE[version]}/" in path, record.url
        if ROUTE[version] == "document":
            assert f"api-version={version}" in record.url
        else:
            assert "api-version" not in record.url
        assert record.header("Ocp-Apim-Subscription-Region") == region


@pytest.mark.parametrize("region", [None, "westeurope"])
async def test_wait_and_start_then_wait_in_process(
    mode: str, fake: DocTranslationFake, clock: FakeClock, version: str, region: str | None
) -> None:
    client = make_client(
        mode, fake, clock, base_url=fake.endpoint, api_version=version, region=region
    )
    try:
        seeded = fake.seed_operation("succeeded", polls=2)
        waited = await call(client, "wait", seeded)
        assert waited.status == "Succeeded"
        started = await call(client, "start_translation", batch_request(inputs=2))
        outcome = await call(client, "wait", started)
        assert outcome.status == "Succeeded"
        assert outcome.model.summary.total == 8
        documents = await call(client, "documents", started)
        assert [d.status for d in documents] == ["Succeeded"] * 8
        one = await call(client, "document", started, documents[0].id)
        assert one.id == documents[0].id
        assert one.to == "fr"
        listed = await call(client, "list_translations")
        assert {str(t.id) for t in listed} >= {seeded["id"], started}
        formats = await call(client, "supported_formats", "glossary")
        assert "XLIFF" in {f.format_ for f in formats}
    finally:
        await close(client)
    _check_requests(fake, version, region)
    routes = {r.route for r in fake.requests}
    formats_op = (
        "getSupportedFormats" if ROUTE[version] == "document" else "getSupportedGlossaryFormats"
    )
    assert formats_op in routes


def test_wait_and_start_then_wait_over_loopback(version: str) -> None:
    fake = DocTranslationFake(validate_responses=True, retry_after=None)
    with serve(fake) as server:
        endpoint = server.base_url.removesuffix(fake.base_path)
        with DocTranslationClient(
            base_url=endpoint, key=DEMO_KEY, api_version=version, region="westeurope", policy=QUICK
        ) as client:
            seeded = fake.seed_operation("failed", polls=1)
            with pytest.raises(OperationFailed):
                client.wait(seeded)
            started = client.start_translation(batch_request())
            outcome = client.wait(started)
            assert outcome.status == "Succeeded"
            assert len(client.documents(started)) == 4
    fake.assert_healthy()
    fake.assert_requests_valid()
    _check_requests(fake, version, "westeurope")


async def test_async_start_then_wait_over_loopback() -> None:
    fake = DocTranslationFake(validate_responses=True, retry_after=None)
    with serve(fake) as server:
        endpoint = server.base_url.removesuffix(fake.base_path)
        async with AsyncDocTranslationClient(
            base_url=endpoint, key=DEMO_KEY, policy=QUICK
        ) as client:
            started = await client.start_translation(batch_request())
            outcome = await client.wait(started)
            assert outcome.status == "Succeeded"
            assert len(await client.documents(started, statuses=["Succeeded"])) == 4
    fake.assert_requests_valid()
    _check_requests(fake, DEFAULT_API_VERSION, None)


# -- per-document statuses, paging, formats --------------------------------------------------------


async def test_documents_follow_every_page_of_each_versions_link(
    mode: str, fake: DocTranslationFake, clock: FakeClock, version: str
) -> None:
    fake.documents = 120  # three pages of the service's default 50
    client = make_client(mode, fake, clock, base_url=fake.endpoint, api_version=version)
    try:
        started = await call(client, "start_translation", batch_request())
        await call(client, "wait", started)
        documents = await call(client, "documents", started)
        failed = await call(client, "documents", started, statuses=["Failed"])
    finally:
        await close(client)
    assert len(documents) == 120
    assert len({d.id for d in documents}) == 120
    assert failed == []
    pages = [r for r in fake.requests if r.route == "listDocumentStatuses"]
    assert len(pages) == 3 + 1  # three pages, then one filtered page
    assert "skip=50" in pages[1].url
    assert "skip=100" in pages[2].url


def test_fake_link_names_and_operation_location_per_version(fake: DocTranslationFake) -> None:
    fake.documents = 60
    http = fake.client(base_url=fake.endpoint)
    key = {"Ocp-Apim-Subscription-Key": DEMO_KEY}
    for route, query, link in (
        ("/translator/document", "?api-version=2024-05-01", "nextLink"),
        ("/translator/text/batch/v1.0", "", "@nextLink"),
    ):
        created = http.post(f"{route}/batches{query}", json=batch_request(), headers=key)
        location = created.headers["Operation-Location"]
        url, _, location_query = location.partition("?")
        assert url.rsplit("/", 2)[-2] == "batches"
        assert url.startswith(fake.endpoint + route)
        assert "?" + location_query == (query or "?")  # api-version kept on the dated route
        batch = url.rsplit("/", 1)[-1]
        page = http.get(f"{route}/batches/{batch}/documents{query}", headers=key).json()
        assert len(page["value"]) == 50
        assert set(page) == {"value", link}
        follow = http.get(page[link], headers=key).json()
        assert len(follow["value"]) == 10
        assert set(follow) == {"value"}


def test_unknown_document_and_bad_version(fake: DocTranslationFake) -> None:
    fake.expect_invalid = True  # type: ignore[attr-defined]  # an api-version the spec refuses
    http = fake.client(base_url=fake.endpoint)
    key = {"Ocp-Apim-Subscription-Key": DEMO_KEY}
    batch = fake.seed_operation("succeeded")["id"]
    missing = http.get(
        f"/translator/document/batches/{batch}/documents/{batch}?api-version=2026-03-01",
        headers=key,
    )
    assert missing.status_code == 404
    bad = http.get(f"/translator/document/batches/{batch}?api-version=1999-01-01", headers=key)
    assert bad.status_code == 404  # the status call documents no 400
    listed = http.get("/translator/document/batches?api-version=1999-01-01", headers=key)
    assert listed.status_code == 400


async def test_sdk_refuses_a_bad_document_id_and_a_runaway_link(
    mode: str, fake: DocTranslationFake, clock: FakeClock
) -> None:
    client = make_client(mode, fake, clock)
    try:
        batch = fake.seed_operation("succeeded")["id"]
        with pytest.raises(Exception, match="document id"):
            await call(client, "document", batch, "not-a-guid")
        with pytest.raises(OperationNotFound):
            await call(client, "document", batch, batch)
        original = fake._page

        def stuck(req: Any, items: Any, statuses: Any) -> Any:
            response = original(req, items, statuses)
            body = response.json()
            body["nextLink"] = str(req.raw.url)  # a link back to the same page
            from opstatus_core.testing import json_response

            return json_response(200, body)

        fake._page = stuck  # type: ignore[method-assign]
        with pytest.raises(MalformedResponse, match="does not move forward"):
            await call(client, "documents", batch)
    finally:
        await close(client)


async def test_sdk_stops_an_endless_list_and_names_the_batch(
    mode: str, fake: DocTranslationFake, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server whose next link always moves forward one item: the list stops at MAX_PAGES
    pages (5 here, 1,000 in use) with a MalformedResponse naming the batch, sync and async
    alike (the sync client named "(list)" before its paging was written once)."""
    from opstatus_core.testing import json_response
    from opstatus_doc_translation import _client

    monkeypatch.setattr(_client, "MAX_PAGES", 5)
    MAX_PAGES = 5
    client = make_client(mode, fake, clock)
    try:
        batch = fake.seed_operation("succeeded")["id"]
        original = fake._page
        served = []

        def endless(req: Any, items: Any, statuses: Any) -> Any:
            body = original(req, items, statuses).json()
            skip = int(req.query_one("$skip") or 0)
            body["nextLink"] = str(req.raw.url.copy_merge_params({"$skip": str(skip + 1)}))
            served.append(skip)
            return json_response(200, body)

        fake._page = endless  # type: ignore[method-assign]
        with pytest.raises(MalformedResponse, match=f"more than {MAX_PAGES} pages") as caught:
            await call(client, "documents", batch)
        assert caught.value.operation_id == batch
        assert served == list(range(MAX_PAGES))
    finally:
        await close(client)
