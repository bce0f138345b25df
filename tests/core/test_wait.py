"""Single waits, sync and async, against a scripted server (FakeClock: no real sleeps)."""

from __future__ import annotations

import asyncio
import email.utils
import warnings
from typing import Any

import attrs
import httpx
import pytest
from opstatus_core import Classification, FakeClock
from opstatus_core.sdk import (
    ApiError,
    AuthenticationError,
    ConfigurationError,
    InvalidContinuationToken,
    MalformedResponse,
    OperationCanceled,
    OperationFailed,
    OperationIdMismatch,
    OperationNotFound,
    Snapshot,
    TransientRetriesExhausted,
    UnknownStatusWarning,
    WaitTimeout,
)
from opstatus_core.token import decode_token, encode_token

from ._support import FakeAsyncClient, FakeClient, Script, policy, run_wait, status_body

PROGRESS = {"summary": {"success": 1, "failed": 0, "total": 4}}


async def test_succeeds_after_pending(mode: str, clock: FakeClock) -> None:
    script = Script(
        (200, status_body("NotStarted")),
        (200, status_body("Running")),
        (200, status_body("Succeeded")),
    )
    outcome = await run_wait(mode, script, clock)
    assert outcome.status == "Succeeded"
    assert outcome.attempts == 3
    assert outcome.operation_id == "op-1"
    assert outcome.model.status == "Succeeded"
    assert len(script.requests) == 3
    assert script.requests[0].url.path == "/ops/op-1"


async def test_failed_raises_typed_error_with_context(mode: str, clock: FakeClock) -> None:
    script = Script(
        (200, status_body("Running")),
        (
            200,
            status_body(
                "ValidationFailed", error={"code": "InvalidInput", "message": "bad glossary"}
            ),
        ),
    )
    with pytest.raises(OperationFailed) as info:
        await run_wait(mode, script, clock)
    err = info.value
    assert err.provider == "fake-provider"
    assert err.operation_id == "op-1"
    assert err.last_status == "ValidationFailed"
    assert err.detail == "InvalidInput: bad glossary"
    assert err.attempts == 2
    assert err.snapshot is not None
    assert err.snapshot.classification is Classification.FAILED
    message = str(err)
    assert "\n" not in message
    assert message.startswith(
        "fake-provider: operation op-1 failed (status 'ValidationFailed') after 2 attempts"
    )
    assert "bad glossary" in message


async def test_canceled_raises(mode: str, clock: FakeClock) -> None:
    with pytest.raises(OperationCanceled) as info:
        await run_wait(mode, Script((200, status_body("Canceled"))), clock)
    assert info.value.last_status == "Canceled"
    assert info.value.attempts == 1


async def test_progress_snapshots_and_callback(mode: str, clock: FakeClock) -> None:
    script = Script(
        (200, status_body("Running", summary={"success": 1, "failed": 0, "total": 4})),
        (200, status_body("Running", summary={"success": 2, "failed": 1, "total": 4})),
        (200, status_body("Succeeded", summary={"success": 3, "failed": 1, "total": 4})),
    )
    seen: list[Snapshot[Any]] = []
    iterated: list[Snapshot[Any]] = []
    if mode == "sync":
        with FakeClient(transport=script.sync(), clock=clock, policy=policy()) as client:
            poller = client.poller("op-1", on_progress=seen.append)
            iterated = list(poller)
            assert poller.result().status == "Succeeded"
    else:
        async with FakeAsyncClient(
            transport=script.asynchronous(), clock=clock, policy=policy()
        ) as aclient:
            apoller = aclient.poller("op-1", on_progress=seen.append)
            iterated = [s async for s in apoller]
            assert apoller.result().status == "Succeeded"
    assert [s.progress for s in iterated] == [0.25, 0.75, 1.0]
    assert [s.attempt for s in iterated] == [1, 2, 3]
    assert seen == iterated
    assert iterated[-1].terminal
    assert not iterated[0].terminal
    assert iterated[1].elapsed > iterated[0].elapsed
    assert iterated[0].status == "Running"


async def test_deadline_expiry_without_real_sleep(mode: str, clock: FakeClock) -> None:
    script = Script((200, status_body("Running")))
    start = clock.monotonic()
    with pytest.raises(WaitTimeout) as info:
        await run_wait(mode, script, clock, policy=policy(timeout=60, interval=1, max_interval=8))
    err = info.value
    assert clock.monotonic() - start == pytest.approx(60)
    assert sum(clock.sleeps) == pytest.approx(60)
    assert err.last_status == "Running"
    assert err.attempts == len(script.requests)
    assert err.continuation_token is not None
    assert "deadline" in str(err)


async def test_backoff_grows_within_jitter_bounds(mode: str, clock: FakeClock) -> None:
    script = Script((200, status_body("Running")))
    pol = policy(timeout=200, interval=1, multiplier=2, max_interval=16, jitter=0.25)
    with pytest.raises(WaitTimeout):
        await run_wait(mode, script, clock, policy=pol)
    sleeps = [s for s in clock.sleeps if s > 0]
    for step, slept in enumerate(sleeps[:6]):
        base = min(16.0, 2.0**step)
        assert base * 0.75 <= slept <= base
    assert max(sleeps) <= 16
    assert sleeps[5] > sleeps[0]


async def test_retry_after_seconds_is_honoured(mode: str, clock: FakeClock) -> None:
    script = Script(
        (200, status_body("Running"), {"Retry-After": "42"}), (200, status_body("Succeeded"))
    )
    await run_wait(mode, script, clock)
    assert clock.sleeps == [pytest.approx(42)]


async def test_retry_after_http_date_is_honoured(mode: str, clock: FakeClock) -> None:
    when = email.utils.formatdate(clock.time() + 120, usegmt=True)
    script = Script(
        (200, status_body("Running"), {"Retry-After": when}), (200, status_body("Succeeded"))
    )
    await run_wait(mode, script, clock)
    assert clock.sleeps == [pytest.approx(120, abs=1)]


async def test_retry_after_beyond_deadline_ends_at_deadline(mode: str, clock: FakeClock) -> None:
    script = Script((200, status_body("Running"), {"Retry-After": "3600"}))
    start = clock.monotonic()
    with pytest.raises(WaitTimeout):
        await run_wait(mode, script, clock, policy=policy(timeout=100))
    assert len(script.requests) == 1  # never polled before Retry-After
    assert clock.monotonic() - start == pytest.approx(100)  # never slept past the deadline


async def test_transient_failures_recover_within_budget(mode: str, clock: FakeClock) -> None:
    script = Script(
        httpx.ConnectError("refused"),
        (503, b"<html>busy</html>", {"Retry-After": "5"}),
        (429, {}),
        httpx.ReadTimeout("slow"),
        httpx.RemoteProtocolError("peer closed connection without sending complete message body"),
        (500, {"error": "oops"}),
        (200, status_body("Succeeded")),
    )
    outcome = await run_wait(mode, script, clock, policy=policy(transient_budget=6))
    assert outcome.attempts == 7
    assert clock.sleeps[1] >= 5  # Retry-After on a 503


async def test_transient_budget_exhausted_keeps_last_good_status(
    mode: str, clock: FakeClock
) -> None:
    script = Script((200, status_body("Running")), (502, b"bad gateway"))
    with pytest.raises(TransientRetriesExhausted) as info:
        await run_wait(mode, script, clock, policy=policy(transient_budget=2))
    err = info.value
    assert err.last_status == "Running"
    assert err.snapshot is not None
    assert err.snapshot.status == "Running"
    assert err.attempts == 4
    assert err.status_code == 502
    assert "3 transient failures in a row" in str(err)


@pytest.mark.parametrize(
    ("step", "error", "code"),
    [
        ((401, {"error": "expired"}), AuthenticationError, 401),
        ((403, b"forbidden"), AuthenticationError, 403),
        ((404, {"error": "no such op"}), OperationNotFound, 404),
        ((400, {"error": "bad"}), ApiError, 400),
        ((418, b"teapot"), ApiError, 418),
    ],
)
async def test_fail_fast_statuses(
    mode: str, clock: FakeClock, step: Any, error: type[Exception], code: int
) -> None:
    script = Script(step, (200, status_body("Succeeded")))
    with pytest.raises(error) as info:
        await run_wait(mode, script, clock)
    assert len(script.requests) == 1
    assert getattr(info.value, "status_code", None) == code


async def test_documented_error_with_non_json_body_is_classified_by_status(
    mode: str, clock: FakeClock
) -> None:
    # 401 is documented with a JSON error model; the body is HTML: still auth, not malformed
    script = Script((401, b"<html>login</html>"))
    with pytest.raises(AuthenticationError):
        await run_wait(mode, script, clock)


async def test_exotic_5xx_status_is_transient(mode: str, clock: FakeClock) -> None:
    script = Script((520, b""), (200, status_body("Succeeded")))
    assert (await run_wait(mode, script, clock)).attempts == 2


@pytest.mark.parametrize(
    "body",
    [b"not json", b'{"id": "op-1", "stat', b'{"id": "op-1"}', b'{"status": 3}', b"[]"],
    ids=["non-json", "truncated", "missing-status", "wrong-type", "array"],
)
async def test_malformed_bodies(mode: str, clock: FakeClock, body: bytes) -> None:
    with pytest.raises(MalformedResponse) as info:
        await run_wait(mode, Script((200, body)), clock)
    assert info.value.attempts == 1


async def test_echoed_id_mismatch(mode: str, clock: FakeClock) -> None:
    with pytest.raises(OperationIdMismatch):
        await run_wait(mode, Script((200, status_body("Succeeded", op_id="someone-else"))), clock)


async def test_unknown_status_is_pending_and_warned_once(mode: str, clock: FakeClock) -> None:
    script = Script(
        (200, status_body("Paused")), (200, status_body("Paused")), (200, status_body("Succeeded"))
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        outcome = await run_wait(mode, script, clock)
    assert outcome.status == "Succeeded"
    unknown = [w for w in caught if issubclass(w.category, UnknownStatusWarning)]
    assert len(unknown) == 1
    assert "'Paused'" in str(unknown[0].message)


async def test_etag_passthrough_without_conditional_requests(mode: str, clock: FakeClock) -> None:
    script = Script(
        (200, status_body("Running"), {"ETag": '"v1"'}),
        (200, status_body("Running")),
        (200, status_body("Succeeded"), {"ETag": '"v3"'}),
    )
    outcome = await run_wait(mode, script, clock)
    assert outcome.attempts == 3
    assert outcome.snapshot.etag == '"v3"'
    assert not any("If-None-Match" in r.headers for r in script.requests)


async def test_resume_in_a_new_client(mode: str, clock: FakeClock) -> None:
    first = Script((200, status_body("Running")))
    with FakeClient(transport=first.sync(), clock=clock, policy=policy()) as client:
        poller = client.poller("op-1")
        snapshot = poller.poll()
        assert snapshot is not None
        assert snapshot.status == "Running"
        token = poller.continuation_token()
        assert poller.reference == {"id": "op-1"}
    state = decode_token(token)
    assert state.reference == {"id": "op-1"}
    assert state.attempts == 1
    assert state.last_status == "Running"
    clock.advance(30)
    second = Script((200, status_body("Succeeded")))
    if mode == "sync":
        with FakeClient(transport=second.sync(), clock=clock, policy=policy()) as other:
            outcome = other.resume(token).wait()
    else:
        async with FakeAsyncClient(
            transport=second.asynchronous(), clock=clock, policy=policy()
        ) as aother:
            outcome = await aother.resume(token).wait()
    assert outcome.attempts == 2  # counting continues
    assert len(second.requests) == 1


async def test_resume_keeps_the_original_deadline(clock: FakeClock) -> None:
    with FakeClient(
        transport=Script((200, status_body("Running"))).sync(),
        clock=clock,
        policy=policy(timeout=100),
    ) as c:
        poller = c.poller("op-1")
        poller.poll()
        token = poller.continuation_token()
    clock.advance(90)
    with (
        FakeClient(
            transport=Script((200, status_body("Running"))).sync(), clock=clock, policy=policy()
        ) as c2,
        pytest.raises(WaitTimeout),
    ):
        c2.resume(token).wait()
    assert clock.time() <= decode_token(token).deadline + 1e-6


def test_a_resumed_wait_goes_on_with_its_backoff(clock: FakeClock) -> None:
    """The token carries when the wait started: resumed after 100 s of waiting, the next poll
    comes a tenth of the time waited later (the proportion), not at the first interval again.
    A token without the start (an older one) starts over, as before."""
    pol = policy(interval=1.0, max_interval=60.0, multiplier=1.0, proportion=0.1, jitter=0.0)
    script = Script(*[(200, status_body("Running"))] * 40)
    started = clock.time()
    with FakeClient(transport=script.sync(), clock=clock, policy=pol) as c:
        poller = c.poller("op-1")
        while clock.time() - started < 100:
            poller.step()
        token = poller.continuation_token()
    state = decode_token(token)
    assert state.started == pytest.approx(started, abs=0.01)
    for carried, least in ((token, 9.0), (encode_token(attrs.evolve(state, started=None)), 0.0)):
        again = Script((200, status_body("Running")), (200, status_body("Succeeded")))
        with FakeClient(transport=again.sync(), clock=clock, policy=pol) as c2:
            before = len(clock.sleeps)
            c2.resume(carried).wait()
        first_sleep = clock.sleeps[before]
        assert first_sleep >= least
        assert first_sleep <= (1.0 if least == 0.0 else 60.0)
        assert decode_token(c2.poller("op-1").continuation_token()).started is not None


def test_garbage_and_foreign_tokens(clock: FakeClock) -> None:
    with FakeClient(transport=Script((200, status_body("Running"))).sync(), clock=clock) as client:
        for bad in ["", "!!!", "bm90IGpzb24", "eyJ2IjoyfQ", "a" * 5000]:
            with pytest.raises(InvalidContinuationToken):
                client.resume(bad)
        from opstatus_core.token import ContinuationState, encode_token

        foreign = encode_token(ContinuationState("other-provider", {"id": "x"}, 1.0))
        with pytest.raises(InvalidContinuationToken, match="other-provider"):
            client.resume(foreign)


async def test_async_cancellation_is_clean(clock: FakeClock) -> None:
    script = Script((200, status_body("Running")))
    async with FakeAsyncClient(
        transport=script.asynchronous(), clock=clock, policy=policy()
    ) as client:
        poller = client.poller("op-1")
        before = set(asyncio.all_tasks())
        task = asyncio.create_task(poller.wait())
        for _ in range(1000):  # let it poll a few times (FakeClock: no real time passes)
            if len(script.requests) >= 3:
                break
            await asyncio.sleep(0)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert set(asyncio.all_tasks()) == before
        token = poller.continuation_token()
        assert decode_token(token).last_status == "Running"
        assert not poller.done


async def test_thousands_of_waits_share_one_async_client(clock: FakeClock) -> None:
    counts: dict[str, int] = {}

    def respond(request: httpx.Request) -> httpx.Response:
        op = request.url.path.rsplit("/", 1)[1]
        n = counts[op] = counts.get(op, 0) + 1
        status = "Succeeded" if n >= 3 else "Running"
        return httpx.Response(200, json=status_body(status, op_id=op))

    script = Script(respond)
    async with FakeAsyncClient(
        transport=script.asynchronous(), clock=clock, policy=policy()
    ) as client:
        results = await client.wait_many([f"op-{i}" for i in range(2000)])
    assert len(results) == 2000
    assert all(not isinstance(r, Exception) and r.status == "Succeeded" for r in results)


async def test_last_poll_happens_at_the_deadline(mode: str, clock: FakeClock) -> None:
    # polls at 0, 4, 8; the next (12) is pulled in to the deadline (10) instead of giving up
    script = Script(
        (200, status_body("Running")),
        (200, status_body("Running")),
        (200, status_body("Running")),
        (200, status_body("Succeeded")),
    )
    pol = policy(timeout=10, interval=4, max_interval=4, multiplier=1, jitter=0)
    outcome = await run_wait(mode, script, clock, policy=pol)
    assert outcome.elapsed == pytest.approx(10)
    assert clock.sleeps == [pytest.approx(4), pytest.approx(4), pytest.approx(2)]


async def test_policy_and_timeout_together_are_refused(mode: str, clock: FakeClock) -> None:
    """``timeout=`` replaces the policy's timeout: given with ``policy=``, one of them would
    silently do nothing, so the pair is refused before any request (waits, pollers, many)."""
    script = Script((200, status_body("Succeeded")))
    both: dict[str, Any] = {"policy": policy(), "timeout": 5.0}
    if mode == "sync":
        with FakeClient(transport=script.sync(), clock=clock) as client:
            for call in (client.wait, client.poller):
                with pytest.raises(ConfigurationError, match="policy= or timeout="):
                    call("op-1", **both)
            with pytest.raises(ConfigurationError, match="policy= or timeout="):
                client.wait_many(["op-1"], **both)
            assert client.wait("op-1", timeout=5.0).status == "Succeeded"
    else:
        async with FakeAsyncClient(transport=script.asynchronous(), clock=clock) as aclient:
            with pytest.raises(ConfigurationError, match="policy= or timeout="):
                await aclient.wait("op-1", **both)
            with pytest.raises(ConfigurationError, match="policy= or timeout="):
                aclient.poller("op-1", **both)
            with pytest.raises(ConfigurationError, match="policy= or timeout="):
                await aclient.wait_many(["op-1"], **both)
            assert (await aclient.wait("op-1", timeout=5.0)).status == "Succeeded"
    assert len(script.requests) == 1


async def test_a_misspelt_wait_keyword_is_refused(mode: str, clock: FakeClock) -> None:
    """The waits take their keywords as one typed set (``WaitOptions``): a misspelt one is a
    ``TypeError`` before any request, as an explicit signature's would be, never ignored."""
    script = Script((200, status_body("Succeeded")))
    typo: dict[str, Any] = {"timout": 5.0}
    if mode == "sync":
        with FakeClient(transport=script.sync(), clock=clock) as client:
            for call in (client.wait, client.poller, lambda r, **o: client.wait_many([r], **o)):
                with pytest.raises(TypeError, match="timout"):
                    call("op-1", **typo)
    else:
        async with FakeAsyncClient(transport=script.asynchronous(), clock=clock) as aclient:
            with pytest.raises(TypeError, match="timout"):
                await aclient.wait("op-1", **typo)
            with pytest.raises(TypeError, match="timout"):
                await aclient.wait_many(["op-1"], **typo)
    assert script.requests == []
