"""The fault matrix: every provider, sync and async, each fault with its expected outcome.

In-process (the fake's httpx transport) with a ``FakeClock``: no real sleeping, exact delays.
Faults are queued on the provider's status route only, after one good (pending) poll where the
case says so, so "the last good status is never lost" is checked on every error. The same table
is the README's ("Reliability"); test_rel_loopback.py repeats the transport faults over real
sockets.
"""

from __future__ import annotations

import uuid
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from opstatus_core import FakeClock
from opstatus_core.plugin import Plugin
from opstatus_core.sdk import (
    ApiError,
    AuthenticationError,
    MalformedResponse,
    OperationIdMismatch,
    OperationNotFound,
    Outcome,
    TransientRetriesExhausted,
    UnknownStatusWarning,
    WaitError,
    WaitTimeout,
)
from opstatus_core.testing import Fault

from ._support import (
    MATRIX_POLICY,
    can_relogin,
    check_typed_error,
    close,
    evolve_policy,
    make_client,
    rule_of,
    run,
    status_requests,
)

BUDGET = MATRIX_POLICY.transient_budget
RECOVERS = "recovers"


@dataclass(frozen=True)
class Case:
    name: str
    fault: Callable[[FakeClock], Fault]
    expect: type[WaitError] | str  # RECOVERS, or the typed error the wait ends with
    times: int = 1
    skip: int = 1  # good polls before the fault
    check: Callable[[Any, FakeClock], None] | None = None


def _slept(value: float, tolerance: float = 1.01) -> Callable[[Any, FakeClock], None]:
    def check(_: Any, clock: FakeClock) -> None:
        assert any(value - tolerance <= s <= value + tolerance for s in clock.sleeps), (
            f"no sleep of ~{value}s honouring Retry-After: {clock.sleeps}"
        )

    return check


def _http_date_in(seconds: float) -> Callable[[FakeClock], Fault]:
    def make(clock: FakeClock) -> Fault:
        # one interval (1 s) passes before the faulted poll: the server's date is then 12 s away
        when = datetime.fromtimestamp(clock.time() + 1 + seconds, UTC)
        return Fault.too_many_requests(when)

    return make


CASES = [
    Case(
        "429-retry-after-seconds", lambda c: Fault.too_many_requests(7), RECOVERS, check=_slept(7)
    ),
    Case("429-retry-after-http-date", _http_date_in(12), RECOVERS, check=_slept(12)),
    Case(
        "429-storm-longer-than-budget",
        lambda c: Fault.too_many_requests(1),
        TransientRetriesExhausted,
        times=BUDGET + 1,
    ),
    *(
        Case(f"http-{code}", lambda c, code=code: Fault.http_error(code), RECOVERS, times=2)
        for code in (408, 500, 502, 503, 504)
    ),
    Case(
        "503-storm-longer-than-budget",
        lambda c: Fault.http_error(503),
        TransientRetriesExhausted,
        times=BUDGET + 1,
    ),
    Case("connection-refused", lambda c: Fault.refuse_connection(), RECOVERS, times=2),
    Case("connection-dropped", lambda c: Fault.drop_connection(), RECOVERS, times=2),
    Case("reset-mid-body", lambda c: Fault.reset_mid_body(0.5), RECOVERS, times=2),
    Case("read-never-completes", lambda c: Fault.hang(), RECOVERS, times=2),
    Case("truncated-body", lambda c: Fault.truncated_body(0.5), MalformedResponse),
    Case("not-json", lambda c: Fault.not_json(), MalformedResponse),
    Case("html-page-with-200", lambda c: Fault.html_200(), MalformedResponse),
    Case("wrong-content-type", lambda c: Fault.wrong_content_type("text/plain"), RECOVERS),
    Case("huge-body-8MiB", lambda c: Fault.huge_body(8 * 1024 * 1024), RECOVERS),
    Case("missing-status", lambda c: Fault.missing_status(), MalformedResponse),
    Case("mismatched-id", lambda c: Fault.mismatched_id(str(uuid.uuid4())), OperationIdMismatch),
    Case("403-forbidden", lambda c: Fault.forbidden(), AuthenticationError, times=3),
    Case("404-vanished", lambda c: Fault.vanished(), OperationNotFound),
]
CASE_IDS = [c.name for c in CASES]


def _expectation(case: Case, plugin: Plugin) -> type[WaitError] | str:
    rule = rule_of(plugin)
    if case.name == "mismatched-id" and rule.id is None and rule.entries is None:
        # the response echoes no id (e.g. CenturyLink's {"status": ...}): nothing to mismatch
        return RECOVERS
    if case.name == "404-vanished" and rule.ok_flag is not None:
        # LCS answers every call 200 and reports an unknown id with IsSuccess false: it cannot be
        # told apart from other refusals (documented in its README), so ApiError with the detail
        return ApiError
    return case.expect


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
async def test_fault(plugin: Plugin, mode: str, case: Case) -> None:
    fake = plugin.load_fake()
    clock = FakeClock()
    ref = fake.seed_operation("succeeded", polls=3)
    fault = case.fault(clock)
    fake.inject(fault, times=case.times, skip=case.skip, route=plugin.provider.operation_id)
    client = make_client(plugin, fake, mode, clock=clock)
    seen: list[Any] = []
    try:
        result = await run(client, ref, on_progress=seen.append)
    finally:
        await close(client)
    expect = _expectation(case, plugin)
    assert fake.faults.tally[fault.label] >= 1, "the fault was never served"
    if expect == RECOVERS:
        assert isinstance(result, Outcome), f"{case.name}: expected recovery, got {result!r}"
        assert result.status == seen[-1].status
        assert fake.faults.pending == 0
    else:
        assert isinstance(expect, type)
        last = seen[-1].status if seen else None
        check_typed_error(result, plugin, ref, cls=expect, last_status=last)
        assert last is not None, "the fault was meant to come after a good poll"
        if expect is TransientRetriesExhausted:
            assert result.attempts == case.skip + BUDGET + 1
            assert result.status_code == fault.status or fault.status == 0
        elif fault.status >= 400 and rule_of(plugin).entries is None and expect is not ApiError:
            # (a batch-style body reports a vanished entry inside a 200)
            assert result.status_code == fault.status
    if case.check is not None:
        case.check(result, clock)


async def test_unknown_status_is_pending_and_warned(plugin: Plugin, mode: str) -> None:
    """A status nobody documented: treated as pending, one UnknownStatusWarning, then done."""
    fake = plugin.load_fake()
    value = f"Undocumented{mode.title()}{plugin.name.replace('-', '')}"  # once per value
    ref = fake.seed_operation("succeeded", polls=2)
    fake.inject(Fault.unknown_status(value), times=2, skip=1, route=plugin.provider.operation_id)
    client = make_client(plugin, fake, mode)
    seen: list[Any] = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = await run(client, ref, on_progress=seen.append)
    finally:
        await close(client)
    assert isinstance(result, Outcome), result
    assert value in [s.status for s in seen]
    assert not any(s.terminal for s in seen if s.status == value)
    unknown = [w for w in caught if issubclass(w.category, UnknownStatusWarning)]
    assert len(unknown) == 1
    assert value in str(unknown[0].message)


async def test_status_going_back_after_terminal_is_never_seen(plugin: Plugin, mode: str) -> None:
    """Terminal, then the service says Running: the wait is over at the terminal status, no
    request is sent after it, and the result stays the terminal one."""
    fake = plugin.load_fake()
    ref = fake.seed_operation("succeeded", polls=2)
    pending = next(iter(rule_of(plugin).pending))
    fake.inject(Fault.regress_to(pending), skip=3, route=plugin.provider.operation_id)
    client = make_client(plugin, fake, mode)
    seen: list[Any] = []
    try:
        result = await run(client, ref, on_progress=seen.append)
    finally:
        await close(client)
    assert isinstance(result, Outcome), result
    assert seen[-1].terminal
    assert [s for s in seen if s.terminal] == [seen[-1]]
    assert len(status_requests(fake, plugin)) == 3
    assert fake.faults.pending == 1, "a request was sent after the terminal status"


async def test_401_mid_wait(plugin: Plugin, mode: str) -> None:
    """CenturyLink Cloud logs in again once and carries on; the others fail with a clear
    credentials error that keeps the last status."""
    fake = plugin.load_fake()
    ref = fake.seed_operation("succeeded", polls=3)
    fake.inject(Fault.unauthorized(), skip=1, route=plugin.provider.operation_id)
    client = make_client(plugin, fake, mode)
    seen: list[Any] = []
    try:
        relogin = can_relogin(client)
        result = await run(client, ref, on_progress=seen.append)
    finally:
        await close(client)
    assert relogin == (plugin.name == "clc-operations"), "only CenturyLink Cloud re-logs in"
    if relogin:
        assert isinstance(result, Outcome), result
    else:
        error = check_typed_error(
            result, plugin, ref, cls=AuthenticationError, last_status=seen[-1].status
        )
        assert error.status_code == 401
        assert "credentials" in str(error)


async def test_401_twice_after_relogin_fails(plugin: Plugin, mode: str) -> None:
    """A 401 again right after the re-login: one re-login only, then AuthenticationError."""
    fake = plugin.load_fake()
    ref = fake.seed_operation("succeeded", polls=3)
    fake.inject(Fault.unauthorized(), times=2, skip=1, route=plugin.provider.operation_id)
    client = make_client(plugin, fake, mode)
    seen: list[Any] = []
    try:
        result = await run(client, ref, on_progress=seen.append)
    finally:
        await close(client)
    error = check_typed_error(
        result, plugin, ref, cls=AuthenticationError, last_status=seen[-1].status
    )
    assert error.status_code == 401
    assert len(status_requests(fake, plugin)) == (3 if can_relogin(client) else 2)


# -- the clock -----------------------------------------------------------------------------


async def test_deadline_expires_during_backoff_sleep(plugin: Plugin, mode: str) -> None:
    """The deadline falls inside a backoff sleep: the sleep is cut to the deadline, one last
    poll happens there, and the wait ends with WaitTimeout at the deadline (not later)."""
    fake = plugin.load_fake()
    ref = fake.seed_operation("succeeded", polls=1000)
    clock = FakeClock()
    start = clock.monotonic()
    policy = evolve_policy(timeout=10.0, interval=4.0, max_interval=8.0)  # sleeps 4, then 6 cut
    client = make_client(plugin, fake, mode, clock=clock, policy=policy)
    seen: list[Any] = []
    try:
        result = await run(client, ref, on_progress=seen.append)
    finally:
        await close(client)
    check_typed_error(result, plugin, ref, cls=WaitTimeout, last_status=seen[-1].status)
    assert clock.monotonic() - start == pytest.approx(10.0)
    assert clock.sleeps[:2] == pytest.approx([4.0, 6.0])  # the 2nd backoff (6 s) was cut short
    assert max(clock.sleeps) <= 6.0 + 1e-9


async def test_retry_after_longer_than_time_left(plugin: Plugin, mode: str) -> None:
    """Retry-After beyond the deadline: no early poll, WaitTimeout at the deadline."""
    fake = plugin.load_fake()
    ref = fake.seed_operation("succeeded", polls=1000)
    fake.inject(Fault.too_many_requests(3600), skip=1, route=plugin.provider.operation_id)
    clock = FakeClock()
    start = clock.monotonic()
    client = make_client(plugin, fake, mode, clock=clock, policy=evolve_policy(timeout=30.0))
    seen: list[Any] = []
    try:
        result = await run(client, ref, on_progress=seen.append)
    finally:
        await close(client)
    error = check_typed_error(result, plugin, ref, cls=WaitTimeout, last_status=seen[-1].status)
    assert error.attempts == 2
    assert len(status_requests(fake, plugin)) == 2, "polled before the server's Retry-After"
    assert clock.monotonic() - start == pytest.approx(30.0)
