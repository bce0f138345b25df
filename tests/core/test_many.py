"""wait_many (sync multiplexed, async tasks), batched rounds, provider hooks."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import Any, Self
from urllib.parse import parse_qs

import attrs
import httpx
import pytest
from opstatus_core import (
    AsyncStatusClient,
    BatchSupport,
    FakeClock,
    Hooks,
    OperationReference,
    StatusClient,
    StatusEvent,
    query_cost,
)
from opstatus_core._engine import chunk_by_budget
from opstatus_core.sdk import (
    ApiError,
    ConfigurationError,
    InvalidOperationReference,
    OperationFailed,
    OperationNotFound,
    Outcome,
    WaitTimeout,
)

from ._support import (
    PROVIDER,
    AnyModel,
    FakeAsyncClient,
    FakeClient,
    FakeEndpoint,
    OrgReference,
    Script,
    TextReference,
    policy,
    status_body,
)


def per_op(statuses: dict[str, list[str]]) -> Script:
    def respond(request: httpx.Request) -> httpx.Response:
        op = request.url.path.rsplit("/", 1)[1]
        seq = statuses[op]
        status = seq.pop(0) if len(seq) > 1 else seq[0]
        if status == "404":
            return httpx.Response(404, json={"error": "unknown"})
        return httpx.Response(200, json=status_body(status, op_id=op))

    return Script(respond)


async def test_wait_many_partial_failure(mode: str) -> None:
    clock = FakeClock()
    script = per_op(
        {
            "a": ["Running", "Succeeded"],
            "b": ["Running", "Running", "Failed"],
            "c": ["404"],
            "d": ["Running"],
        }
    )
    pol = policy(timeout=30)
    if mode == "sync":
        with FakeClient(transport=script.sync(), clock=clock, policy=pol) as client:
            results = client.wait_many(["a", "b", "c", "d"])
    else:
        async with FakeAsyncClient(
            transport=script.asynchronous(), clock=clock, policy=pol
        ) as aclient:
            results = await aclient.wait_many(["a", "b", "c", "d"])
    a, b, c, d = results
    assert isinstance(a, Outcome)
    assert a.status == "Succeeded"
    assert isinstance(b, OperationFailed)
    assert b.operation_id == "b"
    assert isinstance(c, OperationNotFound)
    assert c.attempts == 1
    assert isinstance(d, WaitTimeout)
    assert d.last_status == "Running"


def test_sync_wait_many_is_multiplexed() -> None:
    clock = FakeClock()
    script = per_op({"a": ["Running"] * 5 + ["Succeeded"], "b": ["Running"] * 5 + ["Succeeded"]})
    with FakeClient(
        transport=script.sync(), clock=clock, policy=policy(interval=10, max_interval=10, jitter=0)
    ) as c:
        c.wait_many(["a", "b"])
    # both finished in the time of one: polls interleave instead of running one after the other
    assert clock.monotonic() - 1000.0 == pytest.approx(50)


def test_chunk_by_budget() -> None:
    ids = [f"id-{i:03d}" for i in range(10)]
    chunks = chunk_by_budget(ids, 30, len)
    assert [x for c in chunks for x in c] == ids
    assert all(sum(len(x) for x in c) <= 30 for c in chunks)
    assert chunk_by_budget(["x" * 50, "y"], 10, len) == [["x" * 50], ["y"]]
    cost = query_cost("status_token")
    assert cost("a b") == len("&status_token=a%20b")
    with pytest.raises(ValueError, match="budget"):
        chunk_by_budget(ids, 0)


BATCH = FakeEndpoint(lambda org, status_token: f"/migration_status/{org}", model=AnyModel)


def _batch_kwargs(ids: Sequence[str], ref: OperationReference) -> dict[str, Any]:
    return {"org": ref.to_dict()["org"], "status_token": list(ids)}


class _BatchEndpoint(FakeEndpoint):
    def _request(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        org, tokens = kwargs["org"], kwargs["status_token"]
        return {
            "method": "get",
            "url": f"/migration_status/{org}",
            "params": {"status_token": tokens},
        }


BATCH_PROVIDER = attrs.evolve(
    PROVIDER,
    name="fake-batch",
    operation_id="getBatchStatus",
    endpoint=_BatchEndpoint(lambda **_: "", model=AnyModel),
    reference=OrgReference,
    batch=BatchSupport(kwargs=_batch_kwargs, url_budget=60, cost=query_cost("status_token")),
)


class BatchClient(StatusClient):
    provider = BATCH_PROVIDER


class AsyncBatchClient(AsyncStatusClient):
    provider = BATCH_PROVIDER


async def test_batched_rounds_chunked_by_url_budget(mode: str) -> None:
    rounds: dict[str, int] = {}
    plan = {
        "tok-a": ["Started", "Completed"],
        "tok-b": ["Migrating", "Failed"],
        "tok-c": ["Not Found"],
        "tok-d": None,
        "tok-e": ["Started", "Started", "Completed"],
    }

    def respond(request: httpx.Request) -> httpx.Response:
        tokens = parse_qs(request.url.query.decode())["status_token"]
        body: dict[str, Any] = {}
        for t in tokens:
            n = rounds[t] = rounds.get(t, 0) + 1
            seq = plan[t]
            if seq is not None:
                body[t] = {"status": seq[min(n, len(seq)) - 1], "status_token": t}
        return httpx.Response(200, json={"response_map": body, "http_status_code": 200})

    script = Script(respond)
    refs = [{"org": "env", "id": t} for t in plan]
    clock = FakeClock()
    if mode == "sync":
        with BatchClient(transport=script.sync(), clock=clock, policy=policy()) as client:
            results = client.wait_many(refs)
    else:
        async with AsyncBatchClient(
            transport=script.asynchronous(), clock=clock, policy=policy()
        ) as aclient:
            results = await aclient.wait_many(refs)
    a, b, c, d, e = results
    assert isinstance(a, Outcome)
    assert a.status == "Completed"
    assert a.model == {"status": "Completed", "status_token": "tok-a"}
    assert isinstance(b, OperationFailed)
    assert isinstance(c, OperationNotFound)
    assert "Not Found" in str(c)
    assert isinstance(d, OperationNotFound)
    assert "missing" in str(d)
    assert isinstance(e, Outcome)
    assert e.attempts == 3
    # every request stayed within the id budget; the first round needed more than one request
    for request in script.requests:
        tokens = parse_qs(request.url.query.decode())["status_token"]
        assert sum(query_cost("status_token")(t) for t in tokens) <= 60
    first_round = [
        t for r in script.requests[:2] for t in parse_qs(r.url.query.decode())["status_token"]
    ]
    assert sorted(first_round) == sorted(plan)
    assert len(script.requests) < sum(rounds.values())  # batched: fewer requests than polls


def test_single_wait_on_a_batched_provider_reads_its_entry() -> None:
    script = Script((200, {"response_map": {"tok": {"status": "Completed"}}}))
    with BatchClient(transport=script.sync(), clock=FakeClock(), policy=policy()) as client:
        assert client.wait({"org": "env", "id": "tok"}).status == "Completed"


LCS = attrs.evolve(
    PROVIDER,
    name="fake-lcs",
    operation_id="getLcs",
    endpoint=FakeEndpoint(lambda id: f"/lcs/{id}", model=AnyModel),
)


def _eol(event: StatusEvent) -> None:
    eol = event.model.data.get("VersionEOL")
    if eol and not eol.startswith("9999"):
        warnings.warn(f"API version end of life {eol}", DeprecationWarning, stacklevel=2)


def test_ok_flag_false_is_a_typed_error_with_provider_detail() -> None:
    class Lcs(FakeClient):
        provider = LCS

    script = Script(
        (200, {"IsSuccess": False, "ErrorMessage": "Project 1 not found", "OperationStatus": None})
    )
    with Lcs(transport=script.sync(), clock=FakeClock()) as client, pytest.raises(ApiError) as info:
        client.wait("op-1")
    assert info.value.detail == "Project 1 not found"
    assert "IsSuccess" in str(info.value)


def test_response_hook_can_warn() -> None:
    class Lcs(FakeClient):
        provider = attrs.evolve(LCS, hooks=Hooks(on_status=_eol))

    script = Script(
        (200, {"IsSuccess": True, "OperationStatus": "Completed", "VersionEOL": "2027-01-01"})
    )
    with (
        Lcs(transport=script.sync(), clock=FakeClock()) as client,
        pytest.warns(DeprecationWarning, match="2027"),
    ):
        client.wait("op-1")


def test_hints_per_error_class() -> None:
    class Hinted(FakeClient):
        provider = attrs.evolve(
            PROVIDER, hooks=Hooks(hints={OperationFailed: "Check the job's inputs."})
        )

    client = Hinted(transport=Script((200, status_body("Failed"))).sync(), clock=FakeClock())
    with (
        client,
        pytest.raises(OperationFailed, match=r"after 1 attempt\. Check the job's inputs\.$"),
    ):
        client.wait("op-1")


def test_invalid_reference_refused_before_any_request() -> None:
    @attrs.frozen
    class StrictReference(TextReference):
        @classmethod
        def _from_values(cls, values: Mapping[str, object]) -> Self:
            if not cls.text(values, "id").startswith("op-"):
                raise cls.refuse(f"{values['id']!r} is not an operation id.")
            return super()._from_values(values)

    class Strict(FakeClient):
        provider = attrs.evolve(PROVIDER, reference=StrictReference)

    script = Script((200, status_body("Succeeded")))
    with Strict(transport=script.sync(), clock=FakeClock()) as client:
        with pytest.raises(InvalidOperationReference):
            client.wait("nope")
        with pytest.raises(InvalidOperationReference):
            client.wait({"id": "op-1", "extra": "x"})
    assert script.requests == []


def test_status_is_one_request() -> None:
    script = Script((200, status_body("Running", summary={"success": 1, "failed": 0, "total": 2})))
    with FakeClient(transport=script.sync(), clock=FakeClock()) as client:
        snap = client.status("op-1")
    assert snap.status == "Running"
    assert snap.progress == 0.5
    assert len(script.requests) == 1


def test_batched_wait_many_refuses_mixed_shared_params() -> None:
    script = Script((200, {"response_map": {}}))
    with (
        BatchClient(transport=script.sync(), clock=FakeClock()) as client,
        pytest.raises(InvalidOperationReference, match="once per group"),
    ):
        client.wait_many([{"org": "a", "id": "1"}, {"org": "b", "id": "2"}])
    assert script.requests == []


async def test_settings_without_effect_are_refused() -> None:
    """``max_concurrency`` bounds concurrent waits; a batched ``wait_many`` shares requests,
    so it would do nothing there: refused before any request."""
    script = Script((200, {"response_map": {}}))
    async with AsyncBatchClient(transport=script.asynchronous(), clock=FakeClock()) as client:
        with pytest.raises(ConfigurationError, match="max_concurrency"):
            await client.wait_many([{"org": "a", "id": "1"}], max_concurrency=2)
    assert script.requests == []
