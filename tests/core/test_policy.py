"""Timing properties: deadline, Retry-After, max_interval, non-decreasing backoff."""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from opstatus_core import FakeClock, PollPolicy
from opstatus_core._policy import DeadlineReached, Schedule, parse_retry_after

policies = st.builds(
    PollPolicy,
    timeout=st.floats(1, 600),
    initial_delay=st.floats(0, 10),
    interval=st.floats(0.5, 5),
    max_interval=st.floats(5, 120),
    multiplier=st.floats(1, 3),
    jitter=st.floats(0, 0.9),
    rng=st.integers(0, 2**32).map(random.Random),
)
retry_afters = st.lists(st.one_of(st.none(), st.floats(0, 400)), min_size=1, max_size=60)


@settings(max_examples=150, deadline=None)
@given(policies, retry_afters)
def test_schedule_never_crosses_deadline_nor_undercuts_retry_after(
    policy: PollPolicy, answers: list[float | None]
) -> None:
    clock = FakeClock()
    schedule = Schedule.start(policy, clock)
    deadline = schedule.deadline
    answers = list(answers)
    last_poll: float | None = None
    last_retry_after: float | None = None
    while True:
        now = clock.monotonic()
        assert now <= deadline + 1e-9  # never slept past the deadline
        try:
            delay = schedule.next_sleep(now)
        except DeadlineReached:
            assert now == pytest.approx(deadline)
            break
        if delay is not None:
            assert delay > 0
            clock.sleep(delay)
            continue
        if last_poll is not None:
            gap = now - last_poll
            if last_retry_after is not None:
                assert gap >= last_retry_after - 1e-9  # never earlier than Retry-After
            else:
                assert gap <= policy.max_interval + 1e-9  # cap, except to honour Retry-After
        last_poll = now
        last_retry_after = answers.pop(0) if answers else None
        try:
            schedule.plan(now, last_retry_after)
        except DeadlineReached:
            assert now >= deadline
            break


@given(policies, st.integers(0, 200))
def test_delay_bounds(policy: PollPolicy, step: int) -> None:
    base = policy.base_delay(step)
    assert base <= policy.max_interval
    assert policy.base_delay(step + 1) >= base  # non-decreasing (so is its expectation)
    value = policy.delay(step)
    assert base * (1 - policy.jitter) - 1e-9 <= value <= base + 1e-9


@given(policies, st.integers(0, 50), st.floats(0, 1000))
def test_delay_never_below_retry_after(policy: PollPolicy, step: int, retry_after: float) -> None:
    assert policy.delay(step, retry_after) >= retry_after


def test_expected_delay_grows() -> None:
    policy = PollPolicy(rng=random.Random(3), jitter=0.5, interval=1, multiplier=2, max_interval=64)
    means = [sum(policy.delay(step) for _ in range(400)) / 400 for step in range(8)]
    assert means == sorted(means)


def test_delay_grows_with_the_time_waited() -> None:
    # the default schedule: 1 s until 10 s have passed, then 10% of the time waited (jittered
    # down by at most 20%), capped at max_interval, so an operation is noticed within ~10% of
    # its duration
    policy = PollPolicy(rng=random.Random(1))
    assert policy.base_delay(5, elapsed=4.0) == 1.0
    assert policy.base_delay(40, elapsed=200.0) == pytest.approx(20.0)
    assert policy.base_delay(40, elapsed=10_000.0) == policy.max_interval
    assert 16.0 <= policy.delay(40, elapsed=200.0) <= 20.0
    assert PollPolicy(proportion=0).base_delay(40, elapsed=200.0) == 1.0
    with pytest.raises(ValueError, match="proportion"):
        PollPolicy(proportion=-0.1)


def test_schedule_lag_stays_within_a_tenth_of_the_duration() -> None:
    clock = FakeClock(start=0.0)
    policy = PollPolicy(timeout=20_000, max_interval=10_000, rng=random.Random(2))
    schedule = Schedule.start(policy, clock)
    polls = []
    while clock.monotonic() < 14_400:
        pause = schedule.next_sleep(clock.monotonic())
        if pause is None:
            polls.append(clock.monotonic())
            schedule.plan(clock.monotonic(), None)
        else:
            clock.advance(pause)
    # an operation ending in (a, b] is seen at b: lag < b - a <= 0.1 * a < 0.1 * its duration
    gaps = [(b - a) / a for a, b in itertools.pairwise(polls) if a >= 10]
    assert max(gaps) <= 0.1 + 1e-9
    assert len(polls) < 100  # 4 hours in ~10 + ln(1440) / ln(1.09) requests


def test_policy_for_a_declared_duration() -> None:
    policy = PollPolicy.for_duration(3600, 86_400)
    assert policy.timeout == 2 * 86_400  # the deadline leaves room past the documented max
    assert policy.interval == pytest.approx(36.0)  # typical / 100
    assert policy.max_interval == pytest.approx(8_640.0)  # 10% of the max
    short = PollPolicy.for_duration(10, 60)
    assert (short.timeout, short.interval, short.max_interval) == (900, 1.0, 30.0)
    for typical, maximum in ((0, 10), (20, 10), (1, float("inf"))):
        with pytest.raises(ValueError, match="typical"):
            PollPolicy.for_duration(typical, maximum)


def test_defaults_are_finite_and_documented() -> None:
    policy = PollPolicy()
    assert policy.timeout == 900
    assert not hasattr(policy, "request_timeout")  # a client setting (one place)
    with pytest.raises(ValueError, match="finite"):
        PollPolicy(timeout=float("inf"))
    with pytest.raises(ValueError, match="jitter"):
        PollPolicy(jitter=1.5)
    with pytest.raises(ValueError, match="timeout"):
        PollPolicy(timeout=0)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("120", 120.0),
        ("0", 0.0),
        ("-5", 0.0),
        ("1.5", 1.5),
        ("Wed, 21 Oct 2015 07:28:00 GMT", 60.0),
        ("Wed, 21 Oct 2015 07:26:00 GMT", 0.0),
        ("soon", None),
        ("", None),
        ("nan", None),
    ],
)
def test_parse_retry_after(value: str, expected: float | None) -> None:
    now = 1445412420.0  # 2015-10-21 07:27:00 UTC
    result = parse_retry_after({"retry-after": value}, now)
    assert result == (pytest.approx(expected) if expected is not None else None)


def test_parse_retry_after_absent() -> None:
    assert parse_retry_after({}, 0) is None
    assert parse_retry_after(None, 0) is None
