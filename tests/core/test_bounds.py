"""Every server- or caller-controlled value is bounded before use (issue 12): nesting depth,
number sizes, Retry-After dates, policy and token deadlines, status strings, ids, base URLs,
and one operation's surprise in a wait_many."""

from __future__ import annotations

import gc
import math
import tracemalloc
import warnings
from typing import Any

import attrs
import httpx
import pytest
from opstatus_core import FakeClock, PollPolicy
from opstatus_core._policy import parse_retry_after
from opstatus_core.errors import OperationFailed
from opstatus_core.limits import (
    MAX_BASE_URL_CHARS,
    MAX_JSON_DEPTH,
    MAX_SECONDS,
    MAX_SHOWN_CHARS,
    MAX_WARNED_VALUES,
    finite_number,
    has_userinfo,
    json_too_deep,
    redact_url,
)
from opstatus_core.sdk import (
    ApiError,
    ConfigurationError,
    MalformedResponse,
    OperationNotFound,
    Outcome,
    TransientRetriesExhausted,
    UnknownStatusWarning,
    WaitError,
    WaitTimeout,
)
from opstatus_core.token import ContinuationState, decode_token, encode_token

from ._support import (
    FakeAsyncClient,
    FakeClient,
    Script,
    policy,
    rule,
    run_wait,
    status_body,
)

#: the longest one-line message any bounded error may have (provider, id, reason, status,
#: detail and hint, each cut)
MESSAGE_LIMIT = 1500


def deep(levels: int, *, key: str = "a") -> bytes:
    """``{"a":{"a":...}}`` nested ``levels`` deep (1,000 levels: about 6 KB)."""
    return (('{"' + key + '":') * levels + "1" + "}" * levels).encode()


# -- the helpers --------------------------------------------------------------------------


def test_json_depth_counts_nesting_not_brackets_in_strings() -> None:
    assert not json_too_deep(deep(MAX_JSON_DEPTH))
    assert json_too_deep(deep(MAX_JSON_DEPTH + 1))
    assert json_too_deep(b"[" * 5000 + b"]" * 5000)
    assert not json_too_deep(b'{"s": "' + b"[" * 5000 + b'"}')
    assert not json_too_deep(b'{"s": "\\"' + b"{" * 500 + b'"}')  # an escaped quote
    many_flat = b"[" + b",".join([b"[1]"] * 5000) + b"]"  # many brackets, depth 2
    assert not json_too_deep(many_flat)
    assert not json_too_deep(None)


def test_finite_number() -> None:
    assert finite_number(10**400) is None
    assert finite_number(float("nan")) is None
    assert finite_number(float("inf")) is None
    assert finite_number(True) is None
    assert finite_number("3") is None
    assert finite_number(3) == 3.0


def test_userinfo_is_found_and_redacted() -> None:
    url = "https://user:hunter2pass@host.example/base"
    assert has_userinfo(url)
    assert not has_userinfo("https://host.example/a@b")
    assert "hunter2pass" not in redact_url(url)
    assert redact_url(url) == "https://***@host.example/base"


# -- policy, Retry-After, tokens ----------------------------------------------------------


@pytest.mark.parametrize("field", ["timeout", "interval", "max_interval", "request_timeout"])
@pytest.mark.parametrize("value", [1e10, float("inf"), float("nan"), MAX_SECONDS * 1.01])
def test_policy_durations_have_a_maximum(field: str, value: float) -> None:
    if field == "request_timeout":  # a client setting (per request), not the wait's policy
        with pytest.raises(ConfigurationError, match="at most 2592000 s"):
            FakeClient(transport=Script((200, {})).sync(), request_timeout=value)
        return
    kwargs: dict[str, Any] = {field: value}
    if field == "interval":
        kwargs["max_interval"] = MAX_SECONDS
    with pytest.raises(ValueError, match="at most 2592000 s"):
        PollPolicy(**kwargs)


def test_policy_maximum_itself_is_accepted() -> None:
    assert PollPolicy(timeout=MAX_SECONDS, initial_delay=MAX_SECONDS).timeout == MAX_SECONDS


@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_policy_multiplier_must_be_finite(value: float) -> None:
    with pytest.raises(ValueError, match="multiplier"):
        PollPolicy(multiplier=value)


def test_policy_duration_of_another_type_is_a_clear_type_error() -> None:
    with pytest.raises(TypeError, match="timeout must be a number of seconds"):
        PollPolicy(timeout="60")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "value",
    [
        "Mon, 01 Jan 9999999999 00:00:00 GMT",
        "Mon, 01 Jan 99999 00:00:00 GMT",
        "1e400",
        "nan",
    ],
)
def test_absurd_retry_after_is_ignored(value: str) -> None:
    assert parse_retry_after({"Retry-After": value}, 1_000_000.0) is None


def test_token_keeps_a_shortened_status() -> None:
    state = ContinuationState(
        provider="p", reference={"id": "x"}, deadline=1.0, last_status="S" * 50_000_000
    )
    token = encode_token(state)
    assert len(token) < 1000
    decoded = decode_token(token)
    assert decoded.last_status is not None
    assert len(decoded.last_status) == MAX_SHOWN_CHARS


async def test_token_deadline_is_clamped_to_the_policy(mode: str) -> None:
    """A token claiming a deadline of 1e300 resumes a wait that still ends one policy timeout
    from now (clamped, not refused: a token's deadline is the caller's, the policy bounds it)."""
    clock = FakeClock()
    token = encode_token(
        ContinuationState(provider="fake-provider", reference={"id": "op-1"}, deadline=1e300)
    )
    script = Script((200, status_body("Running")))
    pol = policy(timeout=5, interval=1, max_interval=1)
    start = clock.monotonic()
    if mode == "sync":
        with FakeClient(transport=script.sync(), clock=clock, policy=pol) as client:
            error = _raised(client.resume(token).wait)
    else:
        async with FakeAsyncClient(
            transport=script.asynchronous(), clock=clock, policy=pol
        ) as aclient:
            error = await _araised(aclient.resume(token).wait)
    assert isinstance(error, WaitTimeout)
    assert clock.monotonic() - start == pytest.approx(5, abs=0.01)
    resumed = decode_token(error.continuation_token or "")
    assert resumed.deadline == pytest.approx(clock.time(), abs=0.01)


def _raised(wait: Any) -> WaitError:
    try:
        wait()
    except WaitError as exc:
        return exc
    raise AssertionError("the wait did not raise")


async def _araised(wait: Any) -> WaitError:
    try:
        await wait()
    except WaitError as exc:
        return exc
    raise AssertionError("the wait did not raise")


# -- nesting depth --------------------------------------------------------------------------


@pytest.mark.parametrize("levels", [MAX_JSON_DEPTH + 1, 1000, 100_000])
async def test_deep_200_body_is_malformed(mode: str, levels: int) -> None:
    body = b'{"id": "op-1", "status": "Running", "x": ' + deep(levels) + b"}"
    with pytest.raises(MalformedResponse) as info:
        await run_wait(mode, Script((200, body)), FakeClock())
    assert "nests more than" in str(info.value) or "RecursionError" in str(info.value)
    assert len(str(info.value)) < MESSAGE_LIMIT


async def test_deep_404_body_is_not_found_with_a_short_detail(mode: str) -> None:
    with pytest.raises(OperationNotFound) as info:
        await run_wait(mode, Script((404, deep(5000))), FakeClock())
    assert info.value.detail is not None
    assert "nests more than" in info.value.detail


async def test_deep_503_body_is_transient(mode: str) -> None:
    with pytest.raises(TransientRetriesExhausted) as info:
        await run_wait(
            mode, Script((503, deep(5000))), FakeClock(), policy=policy(transient_budget=2)
        )
    assert info.value.attempts == 3
    assert info.value.detail is not None
    assert "nests more than" in info.value.detail


# -- numbers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "summary",
    [
        b'{"success": ' + b"9" * 400 + b', "failed": 0, "total": 10}',
        b'{"success": 1, "failed": 0, "total": ' + b"9" * 400 + b"}",
        b'{"success": NaN, "failed": 0, "total": 10}',
        b'{"success": 1, "failed": 0, "total": Infinity}',
        b'{"success": 1e308, "failed": 1e308, "total": 1e308}',
        b'{"success": -Infinity, "failed": 0, "total": 10}',
    ],
    ids=["huge-done", "huge-total", "nan", "inf-total", "sum-overflows", "minus-inf"],
)
async def test_progress_is_never_nan_or_an_overflow(mode: str, summary: bytes) -> None:
    running = b'{"id": "op-1", "status": "Running", "summary": ' + summary + b"}"
    done = b'{"id": "op-1", "status": "Succeeded", "summary": ' + summary + b"}"
    seen: list[Any] = []
    outcome = await run_wait(
        mode, Script((200, running), (200, done)), FakeClock(), on_progress=seen.append
    )
    assert isinstance(outcome, Outcome)
    for snapshot in seen:
        progress = snapshot.progress
        assert progress is None or (math.isfinite(progress) and 0 <= progress <= 1), progress


# -- status strings and ids in messages, warnings and memory -------------------------------


async def test_huge_status_and_id_give_short_messages(mode: str) -> None:
    op_id = "i" * 50_000  # httpx refuses URLs over 64 KB
    status = "F" * 5_000_000
    script = Script(
        (200, status_body(status, op_id=op_id)),
        (200, {"id": op_id, "status": "Failed", "error": "E" * 1_000_000}),
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(OperationFailed) as info:
            await run_wait(mode, script, FakeClock(), ref=op_id)
    assert len(str(info.value)) < MESSAGE_LIMIT
    unknown = [w for w in caught if issubclass(w.category, UnknownStatusWarning)]
    assert len(unknown) == 1
    assert len(str(unknown[0].message)) < MESSAGE_LIMIT
    assert len(info.value.continuation_token or "") < 2_000_000  # the id itself, not the status


def test_unknown_statuses_warned_are_bounded_and_per_client() -> None:
    """Each client warns on its own; past MAX_WARNED_VALUES one last warning says so, and only
    shortened values are kept."""
    statuses = [f"New{i}-" + "x" * 10_000 for i in range(MAX_WARNED_VALUES * 3)]
    script = Script(*[(200, status_body(s)) for s in statuses], (200, status_body("Succeeded")))
    clock = FakeClock()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with FakeClient(transport=script.sync(), clock=clock, policy=policy()) as client:
            client.wait("op-1", timeout=1e6)
            kept = client.rule._warned
        with (
            FakeClient(
                transport=Script((200, status_body("New0-" + "x" * 10_000))).sync(), clock=clock
            ) as other,
            pytest.raises(WaitTimeout),
        ):
            other.wait("op-1", timeout=3)
    messages = [str(w.message) for w in caught if issubclass(w.category, UnknownStatusWarning)]
    assert len(messages) == MAX_WARNED_VALUES + 2  # 32 values, "no further", the other client
    assert "no further ones are reported" in messages[MAX_WARNED_VALUES]
    assert all(len(m) < MESSAGE_LIMIT for m in messages)
    assert len(kept) == MAX_WARNED_VALUES + 1
    assert all(len(v) <= MAX_SHOWN_CHARS for v in kept)
    assert rule()._warned == set()  # nothing on a shared rule


def test_memory_after_many_huge_unknown_statuses_is_freed() -> None:
    """Distinct 200 KB unknown statuses, polled in-process: after the client closes, under
    1 MB is still allocated. Before the bounds every value stayed on the cached rule (120 polls
    kept 24 MB; the issue's 685 polls, 137 MB here and 285 MB in its own run)."""
    polls = 120
    filler = b"u" * 200_000

    def respond(request: httpx.Request) -> httpx.Response:
        respond.n += 1  # type: ignore[attr-defined]
        n = respond.n  # type: ignore[attr-defined]
        status = b"Succeeded" if n > polls else b"%06d" % n + filler
        return httpx.Response(200, content=b'{"id": "op-1", "status": "' + status + b'"}')

    respond.n = 0  # type: ignore[attr-defined]
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        with warnings.catch_warnings(record=True):
            warnings.simplefilter("default")  # Python's default: a registry entry per message
            with FakeClient(
                transport=httpx.MockTransport(respond),
                clock=FakeClock(),
                policy=policy(interval=0.01, max_interval=0.01, timeout=1e5),
            ) as client:
                outcome = client.wait("op-1")
            del client
        assert outcome.attempts == polls + 1
        del outcome
        gc.collect()
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert after - before < 1_000_000, f"{(after - before) / 1e6:.1f} MB kept"


# -- wait_many: one operation's surprise ----------------------------------------------------


async def test_one_unexpected_exception_ends_only_its_operation(mode: str) -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        op = request.url.path.rsplit("/", 1)[1]
        if op == "bad":
            raise RuntimeError("a bug, or something nothing maps")
        return httpx.Response(200, json=status_body("Succeeded", op_id=op))

    script = Script(respond)
    pol = policy(timeout=30)
    if mode == "sync":
        with FakeClient(transport=script.sync(), clock=FakeClock(), policy=pol) as client:
            results = client.wait_many(["a", "bad", "c"])
    else:
        async with FakeAsyncClient(
            transport=script.asynchronous(), clock=FakeClock(), policy=pol
        ) as aclient:
            results = await aclient.wait_many(["a", "bad", "c"])
    a, bad, c = results
    assert isinstance(a, Outcome)
    assert isinstance(c, Outcome)
    assert isinstance(bad, ApiError)
    assert isinstance(bad.__cause__, RuntimeError)
    assert "unexpected RuntimeError" in str(bad)
    assert bad.continuation_token


async def test_deep_body_for_one_operation_of_wait_many(mode: str) -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        op = request.url.path.rsplit("/", 1)[1]
        if op == "deep":
            return httpx.Response(200, content=deep(2000))
        return httpx.Response(200, json=status_body("Succeeded", op_id=op))

    script = Script(respond)
    if mode == "sync":
        with FakeClient(transport=script.sync(), clock=FakeClock(), policy=policy()) as client:
            results = client.wait_many(["a", "deep"])
    else:
        async with FakeAsyncClient(
            transport=script.asynchronous(), clock=FakeClock(), policy=policy()
        ) as aclient:
            results = await aclient.wait_many(["a", "deep"])
    assert isinstance(results[0], Outcome)
    assert isinstance(results[1], MalformedResponse)
    assert all(isinstance(r, Outcome | WaitError) for r in results)


# -- base URLs ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://user:hunter2pass@fake.example/base",
        "https://hunter2pass@fake.example",
        "ftp://user:hunter2pass@fake.example",
        "https://user:hunter2pass@[::1",
    ],
)
@pytest.mark.parametrize("cls", [FakeClient, FakeAsyncClient])
def test_base_url_with_credentials_is_refused_without_echoing_them(url: str, cls: Any) -> None:
    with pytest.raises(ConfigurationError) as info:
        cls(base_url=url)
    assert "hunter2pass" not in str(info.value)
    assert "hunter2pass" not in repr(info.value)


@pytest.mark.parametrize("cls", [FakeClient, FakeAsyncClient])
def test_absurd_base_url_is_refused_at_construction(cls: Any) -> None:
    with pytest.raises(ConfigurationError, match="characters long") as info:
        cls(base_url="https://fake.example/" + "a" * 65_000)
    assert len(str(info.value)) < MESSAGE_LIMIT
    with pytest.raises(ConfigurationError, match="not a valid URL"):
        cls(base_url="https://[::1")
    cls(base_url="https://fake.example/" + "a" * (MAX_BASE_URL_CHARS - 30))  # long, accepted


async def test_batched_wait_many_isolates_one_entry(mode: str) -> None:
    """A batched provider (one body answers every id): an entry whose hook raises, and one whose
    status is a 400-digit number, end only their own operations."""
    from .test_many import AsyncBatchClient, BatchClient

    def respond(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            content=b'{"response_map": {"ok": {"status": "Completed"}, '
            b'"boom": {"status": "Completed", "raise": true}, '
            b'"num": {"status": ' + b"9" * 400 + b"}}}",
        )

    def entry_model(entry: Any) -> Any:
        if entry.get("raise"):
            raise RuntimeError("a model that cannot be built")
        return entry

    script = Script(respond)
    refs = [{"org": "env", "id": t} for t in ("ok", "boom", "num")]
    batch = BatchClient.provider.batch
    assert batch is not None
    provider = attrs.evolve(
        BatchClient.provider, batch=attrs.evolve(batch, entry_model=entry_model)
    )
    sync_cls = type("B", (BatchClient,), {"provider": provider})
    async_cls = type("AB", (AsyncBatchClient,), {"provider": provider})
    if mode == "sync":
        with sync_cls(transport=script.sync(), clock=FakeClock(), policy=policy()) as client:
            results = client.wait_many(refs)
    else:
        async with async_cls(
            transport=script.asynchronous(), clock=FakeClock(), policy=policy()
        ) as aclient:
            results = await aclient.wait_many(refs)
    ok, boom, num = results
    assert isinstance(ok, Outcome)
    assert isinstance(boom, ApiError)
    assert isinstance(boom.__cause__, RuntimeError)
    assert isinstance(num, MalformedResponse)
