"""Durable waits on the real Temporal dev server: outcomes, idempotent submission, history
hygiene, continue-as-new, a server that is down, and a worker SIGKILLed mid-wait."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import signal
import socket
import time
import uuid
from contextlib import ExitStack

import httpx
import pytest
from opstatus_core import AsyncStatusClient, PollPolicy
from opstatus_core.plugin import Plugin
from opstatus_temporal import (
    OpstatusActivities,
    PolicySpec,
    TemporalConfig,
    TemporalUnavailable,
    Timing,
    build_worker,
    connect,
    read_state,
    submit_start,
    submit_wait,
    wait_workflow_id,
)
from opstatus_temporal.devserver import DevServer, free_port
from temporalio.client import Client

from .conftest import FAST, Served, serve_fake, worker_process

pytestmark = pytest.mark.timeout(120)

BATCH = {
    "inputs": [
        {
            "source": {"sourceUrl": "https://example.blob.core.windows.net/source"},
            "targets": [
                {"targetUrl": "https://example.blob.core.windows.net/fr", "language": "fr"}
            ],
        }
    ]
}


async def test_wait_returns_the_typed_outcome_of_each_ending(
    temporal_client: Client, task_queue: str, translator: Served, worker: OpstatusActivities
) -> None:
    fake = translator.fake
    told = {
        fake.seed_operation("succeeded", polls=2)["id"]: "succeeded",
        fake.seed_operation("failed", polls=1)["id"]: "failed",
        fake.seed_operation("canceled", polls=1)["id"]: "canceled",
    }
    handles = [
        await submit_wait(
            temporal_client,
            "doc-translation",
            {"id": op},
            task_queue=task_queue,
            policy=PolicySpec(**FAST),
        )
        for op in told
    ]
    outcomes = await asyncio.gather(*(h.result() for h in handles))
    assert {o.operation_id: o.outcome for o in outcomes} == told
    failed = next(o for o in outcomes if o.outcome == "failed")
    assert failed.error_type == "OperationFailed"
    assert failed.message
    # typed and JSON-serialisable: what a caller stores or sends on
    assert json.loads(json.dumps(failed.to_json()))["error_type"] == "OperationFailed"


async def test_deadline_ends_with_timed_out_and_unknown_provider_with_a_typed_error(
    temporal_client: Client, task_queue: str, translator: Served, worker: OpstatusActivities
) -> None:
    never = translator.fake.seed_operation("succeeded", polls=10_000)["id"]
    slow = await submit_wait(
        temporal_client,
        "doc-translation",
        {"id": never},
        task_queue=task_queue,
        policy=PolicySpec(**{**FAST, "timeout": 1.5}),
    )
    missing = await submit_wait(
        temporal_client, "no-such-provider", {"id": "x"}, task_queue=task_queue
    )
    timed_out, unknown = await asyncio.gather(slow.result(), missing.result())
    assert timed_out.outcome == "timed_out"
    assert timed_out.error_type == "WaitTimeout"
    assert timed_out.continuation_token  # the caller can resume it by hand
    assert unknown.outcome == "error"
    assert unknown.error_type == "ProviderNotInstalled"
    assert "opstatus-no-such-provider" in (unknown.message or "")


async def test_submitting_the_same_wait_twice_attaches_to_the_first(
    temporal_client: Client, task_queue: str, translator: Served, worker: OpstatusActivities
) -> None:
    op = translator.fake.seed_operation("succeeded", polls=20)["id"]
    policy = PolicySpec(**FAST)
    first = await submit_wait(
        temporal_client, "doc-translation", {"id": op}, task_queue=task_queue, policy=policy
    )
    second = await submit_wait(
        temporal_client, "doc-translation", {"id": op}, task_queue=task_queue, policy=policy
    )
    assert first.id == second.id == wait_workflow_id("doc-translation", {"id": op})
    assert first.result_run_id == second.result_run_id  # the same run, not a second wait
    one, two = await asyncio.gather(first.result(), second.result())
    assert one == two
    assert one.outcome == "succeeded"


async def test_a_start_is_sent_once_however_often_it_is_submitted(
    temporal_client: Client, task_queue: str, translator: Served, worker: OpstatusActivities
) -> None:
    fake = translator.fake
    before = fake.counts["route:startTranslation"]
    key = uuid.uuid4().hex
    handles = [
        await submit_start(
            temporal_client,
            "doc-translation",
            "start_translation",
            {"request": BATCH},
            task_queue=task_queue,
            key=key,
            policy=PolicySpec(**FAST),
        )
        for _ in range(3)
    ]
    outcomes = [await h.result() for h in handles]
    assert {o.outcome for o in outcomes} == {"succeeded"}
    assert len({o.operation_id for o in outcomes}) == 1
    # once more after it finished: the finished workflow's answer, still no second start
    again = await submit_start(
        temporal_client,
        "doc-translation",
        "start_translation",
        {"request": BATCH},
        task_queue=task_queue,
        key=key,
        policy=PolicySpec(**FAST),
    )
    assert (await again.result()).operation_id == outcomes[0].operation_id
    assert fake.counts["route:startTranslation"] - before == 1


async def test_a_refused_start_call_is_a_typed_outcome_not_a_retry(
    temporal_client: Client, task_queue: str, translator: Served, worker: OpstatusActivities
) -> None:
    bad = await submit_start(
        temporal_client, "doc-translation", "cancel", {"ref": "x"}, task_queue=task_queue
    )
    outcome = await bad.result()
    assert outcome.outcome == "error"
    assert outcome.error_type == "InvalidStartCall"
    invalid = await submit_start(
        temporal_client,
        "doc-translation",
        "start_translation",
        {"request": {"inputs": []}},
        task_queue=task_queue,
    )
    refused = await invalid.result()
    assert refused.error_type == "InvalidBatchRequest"


async def test_a_long_wait_continues_as_new_and_keeps_its_history_short(
    temporal_client: Client, task_queue: str, translator: Served, worker: OpstatusActivities
) -> None:
    op = translator.fake.seed_operation("succeeded", polls=40)["id"]
    handle = await submit_wait(
        temporal_client,
        "doc-translation",
        {"id": op},
        task_queue=task_queue,
        policy=PolicySpec(**{**FAST, "interval": 0.1, "max_interval": 0.1}),
        timing=Timing(segment=0.5, heartbeat=5, max_history=12),
    )
    outcome = await handle.result()
    assert outcome.outcome == "succeeded"
    # the attempts counter went on across runs: the token carried the wait, nothing restarted
    assert outcome.attempts == translator.fake.operations.get(op).polls
    description = await handle.describe()
    assert description.run_id != handle.first_execution_run_id  # continued as new
    events = [e async for e in handle.fetch_history_events()]
    assert len(events) <= 12 + 10


class _SlowToSend(httpx.AsyncHTTPTransport):
    """A transport whose requests take ``delay`` seconds to leave (a slow connect, an event loop
    starved by a loaded machine): what a segment's end can fall into."""

    def __init__(self, delay: float) -> None:
        super().__init__()
        self.delay = delay

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(self.delay)
        return await super().handle_async_request(request)


async def test_a_segment_ends_between_requests_so_its_token_counts_only_requests_sent(
    plugins: dict[str, Plugin], translator: Served
) -> None:
    """Every segment ends while a request is still on its way out: the request is let finish,
    so the token handed to the next segment (and across continue-as-new) counts exactly the
    polls the provider served. Cut instead, the token counted an attempt that never arrived (the
    continue-as-new test's attempts == polls failed under load, 42 vs 41)."""
    from opstatus_core.token import decode_token
    from opstatus_temporal.types import WaitInput, WaitStep
    from temporalio.testing import ActivityEnvironment

    fake = translator.fake
    op = fake.seed_operation("succeeded", polls=3)["id"]
    policy = PolicySpec(**FAST)

    def slow_client(plugin: Plugin, core_policy: PollPolicy) -> AsyncStatusClient:
        return plugin.async_client(
            policy=core_policy,
            request_timeout=policy.request_timeout,
            environ=translator.env,
            transport=_SlowToSend(0.5),
        )

    activities = OpstatusActivities(plugins, client_factory=slow_client)
    env = ActivityEnvironment()
    token: str | None = None
    segments: list[WaitStep] = []
    try:
        while not (segments and segments[-1].outcome):
            # a hang guard (cut requests were never served: the wait went on for ever); a
            # segment normally sees one poll (4 in all), one on a stalled loop may see none
            assert len(segments) < 40, "the wait makes no progress"
            step = await env.run(
                activities.wait,
                WaitInput(
                    provider="doc-translation",
                    reference={"id": op},
                    deadline=time.time() + 60,
                    policy=policy,
                    segment=0.2,
                    heartbeat=10.0,
                    token=token,
                ),
            )
            segments.append(step)
            token = step.token
            counted = decode_token(token, provider="doc-translation").attempts
            assert counted == fake.operations.get(op).polls, f"segment {len(segments)}"
    finally:
        await activities.aclose()
    outcome = segments[-1].outcome
    assert outcome is not None
    assert outcome.outcome == "succeeded"
    assert outcome.attempts == fake.operations.get(op).polls == 4
    assert len(segments) > 1  # segments did end with the wait still pending


async def test_the_credential_never_reaches_the_workflow_history(
    temporal_client: Client, task_queue: str, plugins: dict[str, Plugin]
) -> None:
    secret = f"sk-{uuid.uuid4().hex}"
    with ExitStack() as stack:
        served = serve_fake(
            stack, plugins["doc-translation"], {"key": secret}, keys=[secret], retry_after=None
        )
        activities = OpstatusActivities(plugins, environ=served.env)
        async with build_worker(temporal_client, activities, task_queue=task_queue):
            op = served.fake.seed_operation("failed", polls=2)["id"]
            waited = await submit_wait(
                temporal_client,
                "doc-translation",
                {"id": op},
                task_queue=task_queue,
                policy=PolicySpec(**FAST),
            )
            started = await submit_start(
                temporal_client,
                "doc-translation",
                "start_translation",
                {"request": BATCH},
                task_queue=task_queue,
                policy=PolicySpec(**FAST),
            )
            outcomes = [await waited.result(), await started.result()]
        await activities.aclose()
        assert [o.outcome for o in outcomes] == ["failed", "succeeded"]  # the key was used
        assert served.fake.counts["requests"] > 4
        for handle in (waited, started):
            history = await handle.fetch_history()
            text = history.to_json()
            assert op in text or "start_translation" in text  # the history is really read
            assert secret not in text


async def test_a_server_that_is_down_at_submit_gives_a_clear_typed_error() -> None:
    port = free_port()  # nothing listens here
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0
    config = TemporalConfig(address=f"127.0.0.1:{port}", connect_timeout=3.0)
    started = time.monotonic()
    with pytest.raises(TemporalUnavailable) as caught:
        await connect(config)
    message = str(caught.value)
    assert f"127.0.0.1:{port}" in message
    assert "temporal server start-dev" in message
    assert time.monotonic() - started < 30


async def test_a_sigkilled_worker_s_wait_resumes_from_its_heartbeat_on_another_worker(
    temporal_server: DevServer, temporal_client: Client, task_queue: str, translator: Served
) -> None:
    op = translator.fake.seed_operation("succeeded", polls=40)["id"]
    store = translator.fake.operations
    workers = {
        p.pid: p
        for p in (
            worker_process(temporal_server.address, task_queue, translator.env),
            worker_process(temporal_server.address, task_queue, translator.env),
        )
    }
    try:
        handle = await submit_wait(
            temporal_client,
            "doc-translation",
            {"id": op},
            task_queue=task_queue,
            policy=PolicySpec(**{**FAST, "interval": 0.1, "max_interval": 0.1}),
            timing=Timing(heartbeat=2.0),
        )
        # until one worker has polled a while and heartbeated its progress
        state = await read_state(temporal_client, handle.id)
        for _ in range(600):
            state = await read_state(temporal_client, handle.id)
            if state.attempts >= 10 and state.worker:
                break
            await asyncio.sleep(0.1)
        assert state.attempts >= 10, "no worker heartbeated"
        running = int((state.worker or "").partition("@")[0])
        assert running in workers
        os.kill(running, signal.SIGKILL)
        workers.pop(running).wait(timeout=10)
        polls_at_kill = store.get(op).polls
        outcome = await asyncio.wait_for(handle.result(), timeout=90)
    finally:
        for process in workers.values():
            process.terminate()
            process.wait(timeout=20)
    assert outcome.outcome == "succeeded"
    assert outcome.resumed >= 1  # the activity was retried after the kill ...
    # ... on the other worker, from the heartbeat: the attempt count went on from there (a
    # fresh start would count only the polls after the kill)
    polls = store.get(op).polls
    assert polls >= 41
    assert polls > polls_at_kill
    assert state.attempts <= outcome.attempts <= polls
    assert outcome.attempts > polls - polls_at_kill + 1


async def test_the_check_activity_reads_one_status_as_a_typed_outcome(
    plugins: dict[str, Plugin], translator: Served
) -> None:
    """``opstatus.check`` (for users' own workflows): one status read, no waiting; a terminal
    operation, a pending one and an unknown id each come back as a DurableOutcome."""
    from opstatus_temporal.activities import to_policy
    from opstatus_temporal.types import WaitInput
    from temporalio.testing import ActivityEnvironment

    fake = translator.fake
    done = fake.seed_operation("succeeded", polls=0)["id"]
    running = fake.seed_operation("succeeded", polls=50)["id"]
    missing = str(uuid.uuid4())
    activities = OpstatusActivities(plugins, environ=translator.env)
    policy = PolicySpec(**FAST)
    env = ActivityEnvironment()
    try:
        outcomes = {
            ref: await env.run(
                activities.check,
                WaitInput(
                    provider="doc-translation",
                    reference={"id": ref},
                    deadline=time.time() + 60,
                    policy=policy,
                    segment=10.0,
                    heartbeat=10.0,
                ),
            )
            for ref in (done, running, missing)
        }
    finally:
        await activities.aclose()
    assert to_policy(policy).timeout == FAST["timeout"]
    assert (outcomes[done].outcome, outcomes[done].status) == ("succeeded", "Succeeded")
    assert outcomes[running].outcome == "pending"
    assert outcomes[running].attempts == 1
    assert outcomes[running].status in {"NotStarted", "Running"}
    assert outcomes[missing].outcome == "error"
    assert outcomes[missing].error_type == "OperationNotFound"
    for outcome in outcomes.values():  # JSON-serialisable, as a workflow result must be
        assert json.loads(json.dumps(dataclasses.asdict(outcome)))["provider"] == "doc-translation"
