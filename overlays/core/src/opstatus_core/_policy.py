"""How one wait polls: deadline, backoff with jitter, ``Retry-After``, transient budget.

Only per-wait timing lives here; how each request is sent is the client's, so a policy passed to
``wait(policy=...)`` never carries a setting that could not take effect there.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping

import attrs
import httpx
from attrs.validators import ge, lt

from ._clock import Clock
from .limits import MAX_SECONDS

__all__ = ["DeadlineReached", "PollPolicy", "Schedule", "check_seconds", "parse_retry_after"]

#: PollPolicy's defaults, tabled in the core README (tests/workflows checks the page's table)
DEFAULT_TIMEOUT = 900.0  # 15 minutes: no wait runs forever (when no duration is declared)
DEFAULT_INITIAL_DELAY = 0.0
DEFAULT_INTERVAL = 1.0
DEFAULT_MULTIPLIER = 1.0
#: each delay is at least this share of the time the wait has run: an operation is noticed at
#: most ~10% of its duration after it ended (bench/schedules.py)
DEFAULT_PROPORTION = 0.1
DEFAULT_MAX_INTERVAL = 30.0
DEFAULT_JITTER = 0.2
DEFAULT_TRANSIENT_BUDGET = 5
#: a declared ``duration`` (x-opstatus): the deadline is this many times its ``max``
DEADLINE_PER_MAX = 2.0


def check_seconds(name: str, value: object, *, zero_ok: bool = False) -> None:
    """A duration: a real number, > 0 (or >= 0), at most ``MAX_SECONDS``: no wait may run
    forever, and ``time.sleep``/``asyncio`` cannot hold absurd ones."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{name} must be a number of seconds, not {type(value).__name__}")
    low_ok = value >= 0 if zero_ok else value > 0
    if not low_ok or not value <= MAX_SECONDS:  # NaN fails both
        low = ">= 0" if zero_ok else "> 0"
        raise ValueError(
            f"{name} must be finite, {low} and at most {MAX_SECONDS:.0f} s (30 days), "
            f"not {value!r}: no wait may run forever"
        )


def _positive(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    check_seconds(attribute.name, value)


def _non_negative(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    check_seconds(attribute.name, value, zero_ok=True)


@attrs.frozen(slots=True)
class PollPolicy:
    """The timing of a wait; the defaults and what each setting does are tabled in the core
    README ("Policy defaults"). Durations are refused (``ValueError``) above ``MAX_SECONDS``.

    The delay after the n-th pending poll or transient failure is ``interval * multiplier**n``,
    raised to ``proportion`` * the time the wait has run, capped at ``max_interval``, then
    jittered down by up to ``jitter`` with ``rng``. A ``Retry-After`` raises a delay (past
    ``max_interval`` too); no delay crosses the deadline.
    """

    timeout: float = attrs.field(default=DEFAULT_TIMEOUT, validator=_positive)
    initial_delay: float = attrs.field(default=DEFAULT_INITIAL_DELAY, validator=_non_negative)
    interval: float = attrs.field(default=DEFAULT_INTERVAL, validator=_positive)
    max_interval: float = attrs.field(default=DEFAULT_MAX_INTERVAL, validator=_positive)
    multiplier: float = attrs.field(default=DEFAULT_MULTIPLIER, validator=[ge(1), lt(math.inf)])
    proportion: float = attrs.field(default=DEFAULT_PROPORTION, validator=_non_negative)
    jitter: float = attrs.field(default=DEFAULT_JITTER, validator=[ge(0), lt(1)])
    rng: random.Random = attrs.field(factory=random.Random, eq=False, repr=False)
    transient_budget: int = attrs.field(default=DEFAULT_TRANSIENT_BUDGET, validator=ge(0))

    def __attrs_post_init__(self) -> None:
        if self.max_interval < self.interval:
            raise ValueError("max_interval must be >= interval")

    @classmethod
    def for_duration(cls, typical: float, maximum: float) -> PollPolicy:
        """The default policy for a spec's ``duration``: a deadline of ``DEADLINE_PER_MAX *
        maximum``, a first interval of ``typical / 100``, growing up to 10% of ``maximum``."""
        if not 0 < typical <= maximum < math.inf:
            raise ValueError(
                f"duration needs 0 < typical <= max < inf, not {typical!r}, {maximum!r}"
            )
        cap = max(DEFAULT_MAX_INTERVAL, DEFAULT_PROPORTION * maximum)
        interval = min(max(DEFAULT_INTERVAL, DEFAULT_PROPORTION * typical / 10), cap)
        timeout = max(DEFAULT_TIMEOUT, DEADLINE_PER_MAX * maximum)
        return cls(timeout=timeout, interval=interval, max_interval=cap)

    def base_delay(self, step: int, elapsed: float = 0.0) -> float:
        """The delay before jitter after the ``step``-th (0-based) wait, ``elapsed`` seconds
        into it: non-decreasing in both."""
        try:
            grown = self.interval * self.multiplier ** max(step, 0)
        except OverflowError:  # a huge step: far past the cap
            grown = math.inf
        return min(max(grown, self.proportion * elapsed), self.max_interval)

    def delay(self, step: int, retry_after: float | None = None, elapsed: float = 0.0) -> float:
        """The jittered :meth:`base_delay`, or ``retry_after`` when that is larger (the caller
        applies the deadline)."""
        value = self.base_delay(step, elapsed) * (1.0 - self.jitter * self.rng.random())
        return retry_after if retry_after is not None and retry_after > value else value


class DeadlineReached(Exception):
    """Internal: the schedule allows no further poll."""


@attrs.define(slots=True)
class Schedule:
    """Deadline, backoff steps and the transient budget of one wait (or one batched round)."""

    policy: PollPolicy
    started: float  # monotonic
    deadline: float  # monotonic
    deadline_wall: float
    started_wall: float  # what a continuation token carries on
    next_poll_at: float
    step: int = 0
    transient_in_row: int = 0

    @classmethod
    def start(
        cls,
        policy: PollPolicy,
        clock: Clock,
        *,
        deadline_wall: float | None = None,
        started_wall: float | None = None,
    ) -> Schedule:
        """A new schedule; a resumed wait passes its token's deadline and start (wall clock),
        so its backoff goes on where it was (a start in the future counts as now)."""
        now, wall = clock.monotonic(), clock.time()
        if deadline_wall is None:
            deadline_wall = wall + policy.timeout
        deadline = now + (deadline_wall - wall)
        ran = 0.0 if started_wall is None else min(max(0.0, wall - started_wall), policy.timeout)
        return cls(
            policy=policy,
            started=now - ran,
            deadline=deadline,
            deadline_wall=deadline_wall,
            started_wall=wall - ran,
            next_poll_at=min(now + policy.initial_delay, max(deadline, now)),
        )

    def next_sleep(self, now: float) -> float | None:
        """``None``: poll now. A float: sleep that long first. Raises :class:`DeadlineReached`."""
        if now >= self.next_poll_at:
            return None
        if now >= self.deadline:
            raise DeadlineReached
        return min(self.next_poll_at, self.deadline) - now

    def plan(self, now: float, retry_after: float | None) -> None:
        """Schedule the next poll after a pending status or a retried transient failure."""
        if now >= self.deadline:
            raise DeadlineReached
        at = now + self.policy.delay(self.step, retry_after, now - self.started)
        self.step += 1
        if retry_after is None or now + retry_after <= self.deadline:
            at = min(at, self.deadline)
        # else: never poll before Retry-After; next_sleep sleeps to the deadline and ends it
        self.next_poll_at = at

    def poll_now(self, now: float) -> None:
        self.next_poll_at = now


def header(headers: Mapping[str, str] | None, name: str) -> str | None:
    """A header's value by lower-case ``name``: ``httpx.Headers`` match it case-insensitively
    in one lookup, a plain mapping is scanned."""
    if not headers:
        return None
    value: str | None = headers.get(name)
    if value is None and not isinstance(headers, httpx.Headers):
        value = next((item for key, item in headers.items() if key.lower() == name), None)
    return value


def parse_retry_after(headers: Mapping[str, str] | None, now_wall: float) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP-date; a past date
    gives 0), or ``None`` when there is none or it cannot be read."""
    value = (header(headers, "retry-after") or "").strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        from datetime import UTC
        from email.utils import parsedate_to_datetime

        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):  # e.g. the year 9999999999
            return None
        if when.tzinfo is None:  # RFC 9110 dates are GMT
            when = when.replace(tzinfo=UTC)
        seconds = when.timestamp() - now_wall
    return max(seconds, 0.0) if math.isfinite(seconds) else None
