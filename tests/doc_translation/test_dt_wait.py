"""Waiting on a batch, sync and async, against the in-process fake with a fake clock."""

from __future__ import annotations

import warnings
from typing import Any

import pytest
from opstatus_core import FakeClock
from opstatus_core.testing import Fault
from opstatus_doc_translation import (
    MalformedResponse,
    OperationCanceled,
    OperationFailed,
    OperationIdMismatch,
    TransientRetriesExhausted,
    TranslationStatus,
    UnknownStatusWarning,
    WaitTimeout,
)
from opstatus_doc_translation.testing import DocTranslationFake, schedule_for

from ._support import call, make_client, policy, run


@pytest.mark.parametrize(
    ("outcome", "status", "error"),
    [
        ("succeeded", "Succeeded", None),
        ("failed", "Failed", OperationFailed),
        ("ValidationFailed", "ValidationFailed", OperationFailed),
        ("canceled", "Canceled", OperationCanceled),
        ("Cancelled", "Cancelled", OperationCanceled),
    ],
)
async def test_each_terminal_status(
    mode: str,
    fake: DocTranslationFake,
    clock: FakeClock,
    outcome: str,
    status: str,
    error: type[Exception] | None,
) -> None:
    ref = fake.seed_operation(outcome, polls=3)
    pending = 3 + (1 if status in ("Canceled", "Cancelled") else 0)
    if error is None:
        result = await run(mode, fake, clock, "wait", ref)
        assert result.status == status
        assert result.attempts == pending + 1
        assert isinstance(result.model, TranslationStatus)
        assert result.model.summary.success == 4
        return
    with pytest.raises(error) as info:
        await run(mode, fake, clock, "wait", ref)
    err: Any = info.value
    assert err.last_status == status
    assert err.attempts == pending + 1
    assert err.operation_id == ref["id"]
    if error is OperationFailed:
        assert err.detail  # the batch's error message, from the spec's x-opstatus error pointer
        assert err.snapshot.model.error is not None
    else:
        assert err.snapshot.model.summary.cancelled > 0


async def test_progress_from_the_summary_counts(
    mode: str, fake: DocTranslationFake, clock: FakeClock
) -> None:
    ref = fake.seed_operation("succeeded", polls=5, documents=8)
    seen: list[Any] = []
    outcome = await run(mode, fake, clock, "wait", ref, on_progress=seen.append)
    progress = [s.progress for s in seen]
    assert progress[0] == 0.0
    assert progress[-1] == 1.0
    assert progress == sorted(progress)
    assert len(set(progress)) >= 4  # the documents advance poll by poll
    for snap in seen:
        summary = snap.model.summary
        assert snap.progress == pytest.approx(
            (summary.success + summary.failed + summary.cancelled) / summary.total
        )
    assert [s.status for s in seen] == ["NotStarted", *["Running"] * 4, "Succeeded"]
    assert outcome.snapshot is seen[-1]


async def test_deadline(mode: str, fake: DocTranslationFake, clock: FakeClock) -> None:
    ref = fake.seed_operation("succeeded")
    fake.set_status(ref["id"], "Running")  # never ends
    start = clock.monotonic()
    with pytest.raises(WaitTimeout) as info:
        await run(mode, fake, clock, "wait", ref, timeout=30)
    assert clock.monotonic() - start == pytest.approx(30)
    assert info.value.last_status == "Running"
    assert info.value.continuation_token


async def test_backoff_without_retry_after(mode: str, clock: FakeClock) -> None:
    fake = DocTranslationFake(retry_after=None)
    ref = fake.seed_operation("succeeded", polls=5)
    pol = policy(jitter=0.0, interval=1.0, multiplier=2.0, max_interval=5.0)
    await run(mode, fake, clock, "wait", ref, client_args={"policy": pol})
    assert clock.sleeps == [1.0, 2.0, 4.0, 5.0, 5.0]


async def test_retry_after_on_200_is_a_floor(mode: str, clock: FakeClock) -> None:
    fake = DocTranslationFake(retry_after=10)
    ref = fake.seed_operation("succeeded", polls=3)
    pol = policy(jitter=0.0, interval=1.0, multiplier=2.0)
    await run(mode, fake, clock, "wait", ref, client_args={"policy": pol})
    assert clock.sleeps == [10.0, 10.0, 10.0]  # never polled earlier than Retry-After


async def test_retry_after_on_429_and_503(
    mode: str, fake: DocTranslationFake, clock: FakeClock
) -> None:
    ref = fake.seed_operation("succeeded", polls=1)
    fake.inject(Fault.too_many_requests(retry_after=7))
    fake.inject(Fault.http_error(503, retry_after=12))
    pol = policy(jitter=0.0, interval=1.0)
    outcome = await run(mode, fake, clock, "wait", ref, client_args={"policy": pol})
    assert outcome.status == "Succeeded"
    assert clock.sleeps[:2] == [7.0, 12.0]
    assert [r.status for r in fake.requests] == [429, 503, 200, 200]


async def test_transient_faults_recovered_within_budget(
    mode: str, fake: DocTranslationFake, clock: FakeClock
) -> None:
    ref = fake.seed_operation("succeeded", polls=2)
    for fault in (
        Fault.http_error(503),
        Fault.drop_connection(),
        Fault.http_error(500),
        Fault.reset_mid_body(),
        Fault.slow(3600),  # beyond the request timeout: a read timeout, at once
    ):
        fake.inject(fault)
    outcome = await run(mode, fake, clock, "wait", ref, client_args={"policy": policy()})
    assert outcome.status == "Succeeded"
    assert fake.faults.pending == 0
    # the reset and the slow answer were served by the fake (its batch advanced) but lost on the
    # way: five failed attempts, then the third status read is already Succeeded
    assert outcome.attempts == 6
    assert fake.faults.tally["reset_mid_body"] == 1


async def test_transient_faults_beyond_budget(
    mode: str, fake: DocTranslationFake, clock: FakeClock
) -> None:
    ref = fake.seed_operation("succeeded")
    fake.inject(Fault.http_error(503), times=10)
    with pytest.raises(TransientRetriesExhausted) as info:
        await run(
            mode, fake, clock, "wait", ref, client_args={"policy": policy(transient_budget=3)}
        )
    err = info.value
    assert err.attempts == 4
    assert err.status_code == 503
    assert err.detail == "Service is temporary unavailable"  # the spec's 503 body
    assert err.continuation_token


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        (Fault.not_json(), MalformedResponse),
        (Fault.truncated_body(), MalformedResponse),
        (Fault.html_200(), MalformedResponse),
        (Fault.missing_status(), MalformedResponse),
        (Fault.mismatched_id("00000000-0000-0000-0000-000000000000"), OperationIdMismatch),
    ],
)
async def test_unreadable_status_responses(
    mode: str, fake: DocTranslationFake, clock: FakeClock, fault: Fault, error: type[Exception]
) -> None:
    ref = fake.seed_operation("succeeded")
    fake.inject(fault, skip=1)
    with pytest.raises(error) as info:
        await run(mode, fake, clock, "wait", ref)
    assert info.value.attempts == 2  # type: ignore[attr-defined]


async def test_unknown_status_warned_once_and_pending(
    mode: str, fake: DocTranslationFake, clock: FakeClock
) -> None:
    value = f"Queued{mode.title()}{id(fake)}"  # the rule warns once per value per process
    ref = fake.seed_operation("succeeded", polls=1)
    fake.inject(Fault.unknown_status(value), times=3)
    seen: list[Any] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        outcome = await run(mode, fake, clock, "wait", ref, on_progress=seen.append)
    ours = [w for w in caught if issubclass(w.category, UnknownStatusWarning)]
    assert len(ours) == 1
    assert value in str(ours[0].message)
    assert [s.status for s in seen[:3]] == [value] * 3
    assert all(not s.terminal for s in seen[:3])
    assert outcome.status == "Succeeded"


async def test_resume_from_a_token_in_a_fresh_client(
    mode: str, fake: DocTranslationFake, clock: FakeClock
) -> None:
    ref = fake.seed_operation("succeeded", polls=6)
    with pytest.raises(WaitTimeout) as info:
        await run(mode, fake, clock, "wait", ref, timeout=3)
    token = info.value.continuation_token
    assert token is not None
    done_before = info.value.attempts
    fresh = make_client(mode, fake, FakeClock(start=5.0, wall=clock.time()))
    poller = fresh.resume(token, timeout=600)
    outcome = await call(poller, "wait")
    assert outcome.status == "Succeeded"
    assert outcome.operation_id == ref["id"]
    assert outcome.attempts > done_before  # the attempt count carried over
    if hasattr(fresh, "aclose"):
        await fresh.aclose()
    else:
        fresh.close()


async def test_status_once(mode: str, fake: DocTranslationFake, clock: FakeClock) -> None:
    ref = fake.seed_operation("succeeded", polls=3)
    snapshot = await run(mode, fake, clock, "status", ref)
    assert snapshot.status == "NotStarted"
    assert snapshot.etag
    assert snapshot.etag.startswith('"')
    assert clock.sleeps == []


async def test_wait_many(mode: str, fake: DocTranslationFake, clock: FakeClock) -> None:
    refs = [fake.seed_operation(o) for o in ("succeeded", "failed", "canceled")]
    results = await run(mode, fake, clock, "wait_many", refs)
    assert results[0].status == "Succeeded"
    assert isinstance(results[1], OperationFailed)
    assert isinstance(results[2], OperationCanceled)


async def test_time_based_schedule(mode: str, clock: FakeClock) -> None:
    fake = DocTranslationFake(
        clock=clock.monotonic, submit_schedule=[("NotStarted", 5), ("Running", 20), "Succeeded"]
    )
    op = fake.create_batch()
    outcome = await run(mode, fake, clock, "wait", {"id": op.id})
    assert outcome.elapsed >= 25
    assert outcome.status == "Succeeded"


def test_schedule_for() -> None:
    assert schedule_for("Succeeded", 3) == [
        ("NotStarted", 1),
        ("Running", 1),
        ("Running", 1),
        ("Succeeded", None),
    ]
    assert schedule_for("Canceled", 1) == [("NotStarted", 1), ("Cancelling", 1), ("Canceled", None)]
    assert schedule_for("Failed", 0) == [("Failed", None)]


# -- no conditional polls ------------------------------------------------------------------------


async def test_polls_are_plain_gets_each_a_fresh_snapshot(
    mode: str, fake: DocTranslationFake, clock: FakeClock
) -> None:
    """No Translator source documents If-None-Match/304 for this call, so the SDK sends none:
    every poll is a 200 with its own snapshot."""
    op = fake.create_batch([("NotStarted", 1), ("Running", 3), ("Succeeded", None)])
    seen: list[Any] = []
    outcome = await run(mode, fake, clock, "wait", {"id": op.id}, on_progress=seen.append)
    assert outcome.status == "Succeeded"
    polls = [r for r in fake.requests if r.route == "getTranslationStatus"]
    assert [r.status for r in polls] == [200] * 5
    assert not any(r.header("If-None-Match") for r in polls)
    assert [s.status for s in seen] == ["NotStarted", "Running", "Running", "Running", "Succeeded"]
    assert len({id(s.model) for s in seen}) == 5
    assert outcome.model.summary.success == 4
