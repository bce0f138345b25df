"""Every fault kind, in-process (sync and async httpx clients) and over loopback HTTP."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx
import pytest
from opstatus_core.testing import Fault, LoopbackServer, serve

from tests.toy.testing import AUTH, SPEC, TOKEN, ToyFake

JOB = "job-1"
TIMEOUT = httpx.Timeout(5.0, read=0.5)


def make_fake() -> ToyFake:
    fake = ToyFake(credentials={"bearerAuth": [TOKEN]})
    fake.operations.create(JOB, schedule=[("Running", None)])
    fake.operations.create("job-2", schedule=[("Succeeded", None)])
    return fake


# -- three ways to reach the fake, one test body ---------------------------------------------


class Mode:
    """Sends one GET to the fake and returns the response or the exception, the same way
    whether in-process sync, in-process async or over loopback."""

    def __init__(self, name: str, fake: ToyFake, base_url: str) -> None:
        self.name, self.fake, self.base_url = name, fake, base_url

    @property
    def loopback(self) -> bool:
        return self.name.startswith("loopback")


@pytest.fixture(scope="module")
def loopback_fake() -> Iterator[tuple[ToyFake, LoopbackServer]]:
    fake = make_fake()
    with serve(fake) as server:
        yield fake, server


@pytest.fixture(params=["inprocess-sync", "inprocess-async", "loopback-sync", "loopback-async"])
def mode(
    request: pytest.FixtureRequest, loopback_fake: tuple[ToyFake, LoopbackServer]
) -> Iterator[Mode]:
    if request.param.startswith("loopback"):
        fake, server = loopback_fake
        with fake.lock:  # reset the shared fake between tests
            fake.faults.clear()
            fake.clear_log()
            for op_id in fake.operations.ids():
                fake.operations.delete(op_id)
            fake.operations.create(JOB, schedule=[("Running", None)])
            fake.operations.create("job-2", schedule=[("Succeeded", None)])
        yield Mode(request.param, fake, server.base_url)
    else:
        fake = make_fake()
        yield Mode(request.param, fake, fake.base_url)


def _sync_get(path: str, kwargs: dict[str, Any]) -> httpx.Response:
    with httpx.Client(**kwargs) as c:
        return c.get(path)


async def get(mode: Mode, path: str, client_timeout: httpx.Timeout = TIMEOUT) -> httpx.Response:
    """GET ``path``; transport errors propagate as httpx raises them. Sync clients run in a
    worker thread, like a sync SDK would next to an event loop."""
    kwargs: dict[str, Any] = {"base_url": mode.base_url, "headers": AUTH, "timeout": client_timeout}
    if not mode.loopback:
        kwargs["transport"] = mode.fake.transport()
    if mode.name.endswith("async"):
        async with httpx.AsyncClient(**kwargs) as ac:
            return await ac.get(path)
    return await asyncio.to_thread(_sync_get, path, kwargs)


# -- answered instead of the real response ----------------------------------------------------


async def test_http_error_with_retry_after_seconds(mode: Mode) -> None:
    mode.fake.inject(Fault.http_error(503, retry_after=2.4))
    r = await get(mode, f"/jobs/{JOB}")
    assert r.status_code == 503
    assert r.headers["retry-after"] == "2"
    assert r.json()["code"] == "E503"  # the provider's error hook wrote the body
    assert (await get(mode, f"/jobs/{JOB}")).status_code == 200  # once only


async def test_429_with_retry_after_http_date(mode: Mode) -> None:
    when = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
    mode.fake.inject(Fault.too_many_requests(retry_after=when))
    r = await get(mode, f"/jobs/{JOB}")
    assert r.status_code == 429
    assert r.headers["retry-after"] == "Wed, 02 Jan 2030 03:04:05 GMT"
    assert parsedate_to_datetime(r.headers["retry-after"]) == when


@pytest.mark.parametrize("status", [500, 502, 503, 504])
async def test_5xx(mode: Mode, status: int) -> None:
    mode.fake.inject(Fault.http_error(status, body=b"<html>oops</html>", content_type="text/html"))
    r = await get(mode, f"/jobs/{JOB}")
    assert (r.status_code, r.text, r.headers["content-type"]) == (
        status,
        "<html>oops</html>",
        "text/html",
    )
    assert mode.fake.requests[-1].fault == f"http_error:{status}"


@pytest.mark.parametrize(
    ("fault", "status", "code"),
    [(Fault.unauthorized(), 401, "Unauthorized"), (Fault.forbidden(), 403, "Forbidden")],
)
async def test_credentials_revoked_mid_wait(
    mode: Mode, fault: Fault, status: int, code: str
) -> None:
    mode.fake.inject(fault, skip=2)
    statuses = [(await get(mode, f"/jobs/{JOB}")).status_code for _ in range(4)]
    assert statuses == [200, 200, status, 200]
    assert mode.fake.requests[2].status == status


async def test_vanished_operation_stays_gone(mode: Mode) -> None:
    mode.fake.inject(Fault.vanished(), operation_id=JOB)
    assert (await get(mode, "/jobs/job-2")).status_code == 200  # other ids unaffected
    r = await get(mode, f"/jobs/{JOB}")
    assert r.status_code == 404
    assert r.json()["code"] == "NotFound"
    assert (await get(mode, f"/jobs/{JOB}")).status_code == 404
    assert JOB not in mode.fake.operations


# -- transport faults ----------------------------------------------------------------------------


async def test_drop_connection(mode: Mode) -> None:
    mode.fake.inject(Fault.drop_connection())
    with pytest.raises(httpx.RemoteProtocolError):
        await get(mode, f"/jobs/{JOB}")
    assert mode.fake.requests[-1].status is None
    assert (await get(mode, f"/jobs/{JOB}")).status_code == 200


async def test_refuse_connection(mode: Mode) -> None:
    mode.fake.inject(Fault.refuse_connection())
    expected = httpx.RemoteProtocolError if mode.loopback else httpx.ConnectError
    with pytest.raises(expected):
        await get(mode, f"/jobs/{JOB}")


async def test_reset_mid_body(mode: Mode) -> None:
    mode.fake.inject(Fault.reset_mid_body(0.5))
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        await get(mode, f"/jobs/{JOB}")
    assert (await get(mode, f"/jobs/{JOB}")).status_code == 200


async def test_hang_surfaces_as_a_read_timeout(mode: Mode) -> None:
    mode.fake.inject(Fault.hang())
    start = time.monotonic()
    with pytest.raises(httpx.ReadTimeout):
        await get(mode, f"/jobs/{JOB}", httpx.Timeout(5.0, read=0.3))
    elapsed = time.monotonic() - start
    assert elapsed < 3.0
    if mode.loopback:
        assert elapsed >= 0.25  # the server really said nothing until the client gave up


async def test_slow_response_arrives_late(mode: Mode) -> None:
    mode.fake.inject(Fault.slow(0.2))
    start = time.monotonic()
    r = await get(mode, f"/jobs/{JOB}")
    assert r.status_code == 200
    assert time.monotonic() - start >= 0.18


async def test_too_slow_response_times_out(mode: Mode) -> None:
    mode.fake.inject(Fault.slow(30))
    start = time.monotonic()
    with pytest.raises(httpx.ReadTimeout):
        await get(mode, f"/jobs/{JOB}", httpx.Timeout(5.0, read=0.3))
    assert time.monotonic() - start < 3.0


# -- body faults -------------------------------------------------------------------------------


async def test_truncated_body(mode: Mode) -> None:
    mode.fake.inject(Fault.truncated_body())
    r = await get(mode, f"/jobs/{JOB}")
    assert r.status_code == 200
    assert int(r.headers["content-length"]) == len(r.content) > 0
    with pytest.raises(json.JSONDecodeError):
        r.json()
    assert r.content.startswith(b'{"id":"job-1"')


async def test_not_json(mode: Mode) -> None:
    mode.fake.inject(Fault.not_json())
    r = await get(mode, f"/jobs/{JOB}")
    assert (r.status_code, r.headers["content-type"]) == (200, "application/json")
    with pytest.raises(json.JSONDecodeError):
        r.json()


async def test_html_error_page_with_200(mode: Mode) -> None:
    mode.fake.inject(Fault.html_200())
    r = await get(mode, f"/jobs/{JOB}")
    assert (r.status_code, r.headers["content-type"]) == (200, "text/html")
    assert r.text.startswith("<!DOCTYPE html>")


async def test_wrong_content_type(mode: Mode) -> None:
    mode.fake.inject(Fault.wrong_content_type("text/plain"))
    r = await get(mode, f"/jobs/{JOB}")
    assert r.headers["content-type"] == "text/plain"
    assert r.json()["status"] == "Running"


async def test_huge_body(mode: Mode) -> None:
    mode.fake.inject(Fault.huge_body(2_000_000))
    r = await get(mode, f"/jobs/{JOB}")
    assert len(r.content) >= 2_000_000
    assert r.json()["status"] == "Running"


@pytest.mark.parametrize(
    ("fault", "check"),
    [
        (Fault.unknown_status("Hibernating"), lambda b: b["status"] == "Hibernating"),
        (Fault.missing_status(), lambda b: "status" not in b and b["id"] == "job-2"),
        (Fault.mismatched_id(), lambda b: b["id"] == "job-2-other"),
        (Fault.mismatched_id("someone-else"), lambda b: b["id"] == "someone-else"),
        (Fault.regress_to("Running"), lambda b: b["status"] == "Running"),
    ],
    ids=["unknown", "missing", "mismatched", "mismatched-given", "regress"],
)
async def test_status_body_faults(
    mode: Mode, fault: Fault, check: Callable[[dict[str, Any]], bool]
) -> None:
    mode.fake.inject(fault, operation_id="job-2")
    body = (await get(mode, "/jobs/job-2")).json()
    assert check(body), body
    assert (await get(mode, "/jobs/job-2")).json()["status"] == "Succeeded"


# -- in-process details ----------------------------------------------------------------------


def test_status_faults_follow_the_entries_pointer() -> None:
    fake = make_fake()
    with fake.client(headers=AUTH) as c:
        fake.inject(Fault.unknown_status("Weird"), route="getStatuses")
        body = c.get("/statuses", params={"token": [JOB, "job-2"]}).json()
        assert {v["status"] for v in body["response_map"].values()} == {"Weird"}
        fake.inject(Fault.mismatched_id(), route="getStatuses")
        body = c.get("/statuses", params={"token": [JOB]}).json()
        assert list(body["response_map"]) == [f"{JOB}-other"]
        fake.inject(Fault.missing_status(), operation_id="job-2")
        body = c.get("/statuses", params={"token": ["job-2"]}).json()
        assert "status" not in body["response_map"]["job-2"]


def test_status_faults_leave_error_responses_alone() -> None:
    fake = make_fake()
    with fake.client(headers=AUTH) as c:
        fake.inject(Fault.unknown_status(), path="/jobs/*")
        r = c.get("/jobs/nope")
    assert r.status_code == 404
    assert r.json()["code"] == "NotFound"


def test_mock_transport_handler_and_fake_sleep() -> None:
    fake = make_fake()
    with httpx.Client(transport=httpx.MockTransport(fake.handler), headers=AUTH) as c:
        assert c.get(f"{fake.base_url}/jobs/{JOB}").status_code == 200
    slept: list[float] = []
    from opstatus_core.testing import FakeTransport

    fake.inject(Fault.slow(2.0))
    transport = FakeTransport(fake, sleep=slept.append)
    with httpx.Client(transport=transport, headers=AUTH, base_url=fake.base_url, timeout=10) as c:
        assert c.get(f"/jobs/{JOB}").status_code == 200
    assert slept == [2.0]


@pytest.fixture
async def async_client() -> AsyncIterator[tuple[ToyFake, httpx.AsyncClient]]:
    fake = make_fake()
    async with fake.async_client(headers=AUTH) as ac:
        yield fake, ac


async def test_async_slow_faults_do_not_block_the_loop(
    async_client: tuple[ToyFake, httpx.AsyncClient],
) -> None:
    fake, ac = async_client
    fake.inject(Fault.slow(0.3), times=20)
    start = time.monotonic()
    results = await asyncio.gather(*(ac.get(f"/jobs/{JOB}") for _ in range(20)))
    assert all(r.status_code == 200 for r in results)
    assert time.monotonic() - start < 1.5  # concurrent, not 20 x 0.3 s


def test_a_rewritten_body_drops_the_real_bodys_validators() -> None:
    """A faulted body must not carry the real body's ETag (a client's If-None-Match would keep
    the faulted body for good); an unchanged body keeps it."""
    from opstatus_core._rule import PollingRule
    from opstatus_core.testing.faults import transform_response

    real = httpx.Response(
        200,
        json={"status": "Succeeded"},
        headers={"ETag": '"v1"', "Last-Modified": "Mon, 01 Jan 2024 00:00:00 GMT"},
    )
    pointers = PollingRule.from_document(SPEC, "getJobStatus")
    faulted, applied = transform_response(Fault.unknown_status("Odd"), real, pointers)
    assert applied
    assert faulted.json() == {"status": "Odd"}
    assert "etag" not in faulted.headers
    assert "last-modified" not in faulted.headers
    relabelled, _ = transform_response(Fault.wrong_content_type(), real, pointers)
    assert relabelled.headers["etag"] == '"v1"'
