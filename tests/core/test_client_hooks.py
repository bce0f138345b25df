"""What an SDK adds to core per client and per provider: status_params; Hooks.on_status; entries
+ entry_model in single waits; notFound from x-opstatus; one-line messages. (Credentials, the
login-then-bearer flow included: test_auth.py.)"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

import attrs
import httpx
import pytest
from opstatus_core import BatchSupport, FakeClock, Hooks, StatusEvent
from opstatus_core._rule import PollingRule
from opstatus_core.errors import InvalidSpec
from opstatus_core.sdk import ApiError, OperationFailed, OperationNotFound, WaitError

from ._support import (
    PROVIDER,
    SPEC,
    AnyModel,
    FakeAsyncClient,
    FakeClient,
    FakeEndpoint,
    OrgReference,
    Script,
    TextReference,
    policy,
    rule,
)

# -- status_params: what every status request of one client adds ----------------------------------

VERSIONED = FakeEndpoint(lambda id, api_version: f"/{api_version}/ops/{id}")


async def test_status_params_go_on_every_status_request(mode: str, clock: FakeClock) -> None:
    """A client's constant kwargs (e.g. an API version chosen per client) on every poll, a
    resumed wait's too; the reference's own kwargs stay as they are."""

    def respond(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"status": "Running"})

    script = Script(respond)
    provider = attrs.evolve(PROVIDER, endpoint=VERSIONED)
    base: Any = FakeClient if mode == "sync" else FakeAsyncClient
    cls = type("VersionedClient", (base,), {"provider": provider})
    transport = script.sync() if mode == "sync" else script.asynchronous()
    client = cls(
        transport=transport, clock=clock, policy=policy(), status_params={"api_version": "v2"}
    )
    if mode == "sync":
        with client:
            poller = client.poller("op")
            poller.poll()
            poller.poll()
            client.resume(poller.continuation_token()).poll()
    else:
        async with client:
            apoller = client.poller("op")
            await apoller.poll()
            await apoller.poll()
            await client.resume(apoller.continuation_token()).poll()
    assert [r.url.path for r in script.requests] == ["/v2/ops/op"] * 3


# -- Hooks.on_status -----------------------------------------------------------------------------

LCS = FakeEndpoint(lambda id: f"/lcs/{id}", model=AnyModel)


def _lcs_client(mode: str, script: Script, clock: FakeClock, hooks: Hooks) -> Any:
    provider = attrs.evolve(PROVIDER, operation_id="getLcs", endpoint=LCS, hooks=hooks)
    base: Any = FakeClient if mode == "sync" else FakeAsyncClient
    cls = type("LcsClient", (base,), {"provider": provider})
    transport = script.sync() if mode == "sync" else script.asynchronous()
    return cls(transport=transport, clock=clock, policy=policy())


async def test_on_status_sees_ok_flag_false_with_the_clock_time(
    mode: str, clock: FakeClock
) -> None:
    events: list[StatusEvent] = []
    hooks = Hooks(on_status=events.append)
    script = Script(
        (200, {"IsSuccess": True, "OperationStatus": "InProgress", "VersionEOL": "x"}),
        (200, {"IsSuccess": False, "ErrorMessage": "No such activity.", "VersionEOL": "y"}),
    )
    client = _lcs_client(mode, script, clock, hooks)
    with pytest.raises(ApiError) as info:
        await _single(mode, client, "op-1")
    assert info.value.status_code == 200
    assert info.value.detail == "No such activity."
    assert str(info.value).count("..") == 0
    assert [e.ok for e in events] == [True, False]
    assert events[0].snapshot is not None
    assert events[0].snapshot.status == "InProgress"
    assert events[1].snapshot is None
    assert events[1].model.data["VersionEOL"] == "y"
    assert events[1].now == clock.time()  # the fake clock, after the first sleep
    assert events[0].now < events[1].now
    assert len([e for e in events if e.snapshot is not None]) == 1  # good documents: one


# -- entries: single waits get the batch's typed entry model ---------------------------------------


@attrs.define
class Entry:
    status: str

    @classmethod
    def from_entry(cls, src: Mapping[str, Any]) -> Entry:
        return cls(status=src["status"])


class _Batch(FakeEndpoint):
    def _request(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        return {
            "method": "get",
            "url": f"/migration_status/{kwargs['org']}",
            "params": {"status_token": kwargs["status_token"]},
        }


def _entries_client(mode: str, script: Script, clock: FakeClock) -> Any:
    provider = attrs.evolve(
        PROVIDER,
        name="fake-batch",
        operation_id="getBatchStatus",
        endpoint=_Batch(lambda **_: "", model=AnyModel),
        reference=OrgReference,
        batch=BatchSupport(
            kwargs=lambda ids, ref: {"org": ref.to_dict()["org"], "status_token": list(ids)},
            entry_model=Entry.from_entry,
        ),
    )
    base: Any = FakeClient if mode == "sync" else FakeAsyncClient
    cls = type("EntriesClient", (base,), {"provider": provider})
    transport = script.sync() if mode == "sync" else script.asynchronous()
    return cls(transport=transport, clock=clock, policy=policy())


async def _single(mode: str, client: Any, ref: Any) -> Any:
    if mode == "sync":
        with client:
            return client.wait(ref)
    async with client:
        return await client.wait(ref)


async def test_single_wait_on_entries_gives_the_entry_model(mode: str, clock: FakeClock) -> None:
    script = Script(
        (200, {"response_map": {"t1": {"status": "Started"}}}),
        (200, {"response_map": {"t1": {"status": "Completed"}}}),
    )
    outcome = await _single(mode, _entries_client(mode, script, clock), {"org": "o", "id": "t1"})
    assert outcome.model == Entry("Completed")
    assert script.requests[0].url.params.get_list("status_token") == ["t1"]


async def test_single_wait_unreadable_entry_is_malformed(mode: str, clock: FakeClock) -> None:
    from opstatus_core.errors import MalformedResponse

    script = Script((200, {"response_map": {"t1": {"no-status": 1}}}))
    with pytest.raises(MalformedResponse):
        await _single(mode, _entries_client(mode, script, clock), {"org": "o", "id": "t1"})


async def test_not_found_from_the_spec(mode: str, clock: FakeClock) -> None:
    script = Script((200, {"response_map": {"t1": {"status": "Not Found"}}}))
    client = _entries_client(mode, script, clock)
    assert client.rule.not_found == frozenset({"Not Found"})
    with pytest.raises(OperationNotFound) as info:
        await _single(mode, client, {"org": "o", "id": "t1"})
    assert info.value.status_code == 200
    # wait_many too (the batched path)
    script = Script(
        (200, {"response_map": {"t1": {"status": "Not Found"}, "t2": {"status": "Completed"}}})
    )
    client = _entries_client(mode, script, clock)
    refs = [{"org": "o", "id": "t1"}, {"org": "o", "id": "t2"}]
    if mode == "sync":
        with client:
            results = client.wait_many(refs)
    else:
        async with client:
            results = await client.wait_many(refs)
    assert isinstance(results[0], OperationNotFound)
    assert results[1].model == Entry("Completed")


def test_not_found_must_be_a_failed_value() -> None:
    ext = copy.deepcopy(SPEC["paths"]["/batch"]["get"]["x-opstatus"])
    assert PollingRule.from_extension(ext).not_found == frozenset({"Not Found"})
    assert PollingRule.from_extension({**ext, "notFound": []}).not_found == frozenset()
    del ext["notFound"]
    assert PollingRule.from_extension(ext).not_found == frozenset()
    with pytest.raises(InvalidSpec, match="notFound values must also be classified failed"):
        PollingRule.from_extension({**ext, "notFound": ["Completed"]})
    with pytest.raises(InvalidSpec, match="notFound must be a list of strings"):
        PollingRule.from_extension({**ext, "notFound": "Failed"})


def test_rule_not_found_ends_the_wait() -> None:
    from opstatus_core._interpret import Interpretation, Kind
    from opstatus_core._tracker import Tracker

    tracker: Tracker[Any] = Tracker(
        provider="p",
        rule=attrs.evolve(rule("getBatchStatus"), not_found=frozenset({"Failed"})),
        reference=TextReference.parse("t1"),
        operation_id="t1",
    )
    body = Interpretation(Kind.OK, document={"response_map": {"t1": {"status": "Failed"}}})
    assert tracker.observe(body, elapsed=0.0, now_wall=0.0) is None
    assert isinstance(tracker.error, OperationNotFound)


# -- messages ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("detail", "ending"),
    [
        ("bad glossary", ": bad glossary. Check"),
        ("bad glossary.", ": bad glossary. Check"),
        ("Really?", ": Really? Check"),
        ("Stop!", ": Stop! Check"),
        (None, "attempts. Check"),
    ],
)
def test_one_full_stop(detail: str | None, ending: str) -> None:
    for cls in (OperationFailed, ApiError, WaitError):
        err = cls(provider="p", operation_id="x", detail=detail, attempts=2, hint="Check it.")
        message = str(err)
        assert ending in message, message
        assert ".." not in message
        assert message.endswith("Check it.")
