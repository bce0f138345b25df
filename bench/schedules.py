"""Polling efficiency on a fake clock: what a schedule costs in requests and detection lag.

No sleeping, no HTTP: each simulated wait polls an operation that turns terminal after a known
duration ``D`` and we count the requests until one sees it terminal (poll time ``t >= D``) and
the lag ``t - D``. Every schedule polls first at the start (``t = 0``) and requests take no time.

opstatus's schedules run through core's real :class:`~opstatus_core._policy.Schedule` (its
``plan``/``next_sleep`` and :meth:`PollPolicy.delay`, the jitter included) on a
:class:`~opstatus_core.FakeClock`; the peers' schedules are written from their documented
defaults (``PEERS``, each with its source). Durations are log-uniform (seeded) unless a
provider's declared ``x-opstatus`` ``duration`` range says otherwise.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import attrs
from opstatus_core import FakeClock, PollPolicy
from opstatus_core._policy import DeadlineReached, Schedule

SEED = 17
LOW, HIGH = 5.0, 4 * 3600.0  # the distribution: log-uniform 5 s .. 4 h
#: the goal: at most azure-core's requests per wait, p95 lag/duration at most this, none abandoned
LAG_RATIO_TARGET = 0.10
STAMPEDE_TARGET = 2.0
#: windows whose local mean is below this many requests are not judged (Poisson noise)
MIN_LOCAL = 20.0


def durations(n: int, low: float = LOW, high: float = HIGH, seed: int = SEED) -> list[float]:
    """``n`` durations log-uniform in ``[low, high]`` (seeded)."""
    rng = random.Random(seed)
    a, b = math.log(low), math.log(high)
    return [math.exp(rng.uniform(a, b)) for _ in range(n)]


@dataclass(frozen=True)
class Result:
    """One simulated wait: requests sent, and the lag (``None``: the schedule gave up)."""

    requests: int
    lag: float | None
    duration: float


# -- opstatus: core's real schedule ------------------------------------------------------------


def run_core(
    policy: PollPolicy,
    duration: float,
    *,
    hint: Callable[[float, float], float | None] | None = None,
    polls: list[float] | None = None,
) -> Result:
    """One wait driven by core's ``Schedule`` on a ``FakeClock``.

    ``polls``: if given, each request's time is appended to it.
    ``hint(now, duration)``: what a status would tell the schedule (passed to ``plan`` as the
    server's ``Retry-After``), e.g. a progress-based estimate; ``None`` for plain backoff.
    """
    clock = FakeClock(start=0.0, wall=1_700_000_000.0)
    schedule = Schedule.start(policy, clock)
    requests = 0
    while True:
        now = clock.monotonic()
        try:
            pause = schedule.next_sleep(now)
        except DeadlineReached:
            return Result(requests, None, duration)
        if pause is not None:
            clock.advance(pause)
            continue
        requests += 1
        if polls is not None:
            polls.append(now)
        if now >= duration:
            return Result(requests, now - duration, duration)
        try:
            schedule.plan(now, hint(now, duration) if hint is not None else None)
        except DeadlineReached:
            return Result(requests, None, duration)


# -- the peers, from their documented defaults -------------------------------------------------


@dataclass(frozen=True)
class Peer:
    """A peer's polling schedule: successive delays, a deadline and/or an attempt limit."""

    name: str
    source: str
    delays: Callable[[random.Random], Iterator[float]]
    deadline: float | None = None
    max_requests: int | None = None
    fixed: float | None = None  # a fixed interval (closed form: 1,800 polls are not simulated)

    def run(self, duration: float, rng: random.Random) -> Result:
        if self.fixed is not None:
            return self._run_fixed(duration)
        t, requests = 0.0, 0
        delays = self.delays(rng)
        while True:
            requests += 1
            if t >= duration:
                return Result(requests, t - duration, duration)
            if self.max_requests is not None and requests >= self.max_requests:
                return Result(requests, None, duration)
            step = next(delays)
            if self.deadline is not None and t + step > self.deadline:
                return Result(requests, None, duration)
            t += step

    def _run_fixed(self, duration: float) -> Result:
        assert self.fixed is not None
        k = math.ceil(duration / self.fixed)  # the poll at k * interval sees it
        limit = self.max_requests
        if self.deadline is not None:
            last = math.floor(self.deadline / self.fixed) + 1
            limit = last if limit is None else min(limit, last)
        if limit is not None and k + 1 > limit:
            return Result(limit, None, duration)
        return Result(k + 1, k * self.fixed - duration, duration)


def _fixed(seconds: float) -> Callable[[random.Random], Iterator[float]]:
    def gen(_: random.Random) -> Iterator[float]:
        while True:
            yield seconds

    return gen


def _smithy(min_delay: float, max_delay: float) -> Callable[[random.Random], Iterator[float]]:
    """Smithy waiter retries: ``random(min, min * 2 ** (attempt - 1))``, capped at max."""
    ceiling = int(math.log(max_delay / min_delay, 2) + 1)

    def gen(rng: random.Random) -> Iterator[float]:
        attempt = 1
        while True:
            top = max_delay if attempt > ceiling else min(max_delay, min_delay * 2 ** (attempt - 1))
            yield rng.uniform(min_delay, top)
            attempt += 1

    return gen


def _exponential(initial: float, multiplier: float, maximum: float) -> Callable[..., Any]:
    def gen(_: random.Random) -> Iterator[float]:
        delay = initial
        while True:
            yield delay
            delay = min(delay * multiplier, maximum)

    return gen


SMITHY_WAITERS = "https://smithy.io/2.0/additional-specs/waiters.html#waiter-retries"
PEERS: tuple[Peer, ...] = (
    Peer(
        "fixed 1 s (Microsoft Document Translation client)",
        "NOTES.md peer schedules; azure-ai-translation-document wait_until_done",
        _fixed(1.0),
        fixed=1.0,
    ),
    Peer(
        "Speakeasy x-speakeasy-polling (1 s, 60 requests)",
        "https://www.speakeasy.com/docs/customize/runtime/polling",
        _fixed(1.0),
        fixed=1.0,
        max_requests=60,
    ),
    Peer(
        "clc-sdk WaitUntilComplete (2 s, no deadline)",
        "clc-python-sdk clc/APIv2/queue.py Requests.WaitUntilComplete(poll_freq=2)",
        _fixed(2.0),
        fixed=2.0,
    ),
    Peer(
        "azure-core LROPoller (30 s)",
        "https://learn.microsoft.com/en-us/python/api/azure-core/azure.core.polling.lropoller",
        _fixed(30.0),
        fixed=30.0,
    ),
    Peer(
        "Smithy/AWS waiter (2..120 s jittered, deadline 4 h)",
        SMITHY_WAITERS,
        _smithy(2.0, 120.0),
        deadline=HIGH,
    ),
    Peer(
        "google-api-core polling (1 s x1.5 to 20 s, 900 s)",
        "https://googleapis.dev/python/google-api-core/latest/futures.html (DEFAULT_POLLING)",
        _exponential(1.0, 1.5, 20.0),
        deadline=900.0,
    ),
    Peer(
        "botocore waiter (15 s x 40 attempts)",
        "botocore/data/ec2/2016-11-15/waiters-2.json InstanceRunning: delay 15, maxAttempts 40",
        _fixed(15.0),
        fixed=15.0,
        max_requests=40,
    ),
)

#: core's schedule before this issue (1 s x1.5 to 30 s, jitter 0.2), no deadline applied: the
#: issue's first table
BEFORE = PollPolicy(interval=1.0, multiplier=1.5, max_interval=30.0, jitter=0.2, timeout=10 * HIGH)


# -- summaries ---------------------------------------------------------------------------------


def _quantile(values: Sequence[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))
    return ordered[index]


@dataclass
class Summary:
    """One schedule over one set of durations."""

    schedule: str
    requests: float  # mean requests per wait (abandoned waits count what they sent)
    lag_p50: float
    lag_p95: float
    lag_max: float
    ratio_p95: float  # lag / duration, p95 over the detected waits
    abandoned: float  # share of waits given up
    waits: int
    source: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, name: str, results: Sequence[Result], source: str = "") -> Summary:
        lags = [r.lag for r in results if r.lag is not None]
        ratios = [r.lag / r.duration for r in results if r.lag is not None]
        return cls(
            schedule=name,
            requests=sum(r.requests for r in results) / len(results),
            lag_p50=_quantile(lags, 0.5),
            lag_p95=_quantile(lags, 0.95),
            lag_max=max(lags) if lags else float("nan"),
            ratio_p95=_quantile(ratios, 0.95),
            abandoned=1 - len(lags) / len(results),
            waits=len(results),
            source=source,
        )


def simulate_peers(ds: Sequence[float], seed: int = SEED) -> list[Summary]:
    out = []
    for peer in PEERS:
        rng = random.Random(seed)
        out.append(Summary.of(peer.name, [peer.run(d, rng) for d in ds], peer.source))
    return out


def simulate_policy(
    name: str,
    policy_factory: Callable[[random.Random], PollPolicy],
    ds: Sequence[float],
    *,
    seed: int = SEED,
    hint: Callable[[float, float], float | None] | None = None,
) -> Summary:
    rng = random.Random(seed)
    policy = policy_factory(rng)
    return Summary.of(name, [run_core(policy, d, hint=hint) for d in ds], "core Schedule")


# -- progress-aware: poll near the expected end ------------------------------------------------


def progress_items(duration: float, rng: random.Random) -> list[float]:
    """When each of an operation's items (documents, tables) finishes: 1..50 items of
    log-normal sizes (sigma 1), in a random order, summing to ``duration``."""
    sizes = [rng.lognormvariate(0.0, 1.0) for _ in range(rng.randint(1, 50))]
    scale, t, ends = duration / sum(sizes), 0.0, []
    for size in sizes:
        t += size * scale
        ends.append(t)
    ends[-1] = duration
    return ends


def run_progress(
    policy: PollPolicy, duration: float, ends: Sequence[float], *, skip: bool = True
) -> Result:
    """A schedule that reads the status's counts (done of total): it estimates the remaining
    time from the pace so far and polls at the expected end when that comes before core's
    next delay, and (``skip``) skips ahead half the estimate when that is after it. Core's
    delay (the real ``PollPolicy.delay``) is the fallback when nothing is known yet."""
    t, requests, step, total = 0.0, 0, 0, len(ends)
    while True:
        requests += 1
        if t >= duration:
            return Result(requests, t - duration, duration)
        done = sum(1 for e in ends if e <= t)
        backoff = policy.delay(step, None, t)
        step += 1
        if done:
            remaining = (total - done) * t / done
            if remaining <= backoff:
                backoff = max(policy.interval, remaining)
            elif skip:
                backoff = max(backoff, remaining / 2)
        if t + backoff > policy.timeout:
            return Result(requests, None, duration)
        t += backoff


def progress_aware(n: int) -> tuple[Summary, Summary, Summary]:
    """Plain backoff vs the progress-aware schedule on the same operations (items included)."""
    rng = random.Random(SEED)
    ds = durations(n)
    ops = [(d, progress_items(d, rng)) for d in ds]
    policy = _evolve(DECLARED, random.Random(SEED))
    plain = Summary.of(
        "opstatus plain backoff (duration declared)", [run_core(policy, d) for d, _ in ops]
    )
    policy = _evolve(DECLARED, random.Random(SEED))
    aware = Summary.of(
        "progress-aware: poll at the expected end, skip ahead half the estimate",
        [run_progress(policy, d, ends) for d, ends in ops],
    )
    policy = _evolve(DECLARED, random.Random(SEED))
    early = Summary.of(
        "progress-aware: poll at the expected end when it comes before the backoff",
        [run_progress(policy, d, ends, skip=False) for d, ends in ops],
    )
    return plain, aware, early


# -- stampede ----------------------------------------------------------------------------------


@dataclass
class Stampede:
    """Request rate of many waits started in the same instant, per 1-second window."""

    waits: int
    requests: int
    span: float  # seconds from the start to the last request
    peak: int  # requests in the busiest 1-second window
    mean_rate: float  # requests / span
    burst: float  # max over windows of count / the local mean over one poll interval around it
    burst_at: float  # where that window starts (s)


def stampede(policy: PollPolicy, ds: Sequence[float]) -> Stampede:
    """Every wait starts at ``t = 0`` (the same policy object, so one shared jitter source, as
    in one client). ``burst`` compares each 1-second window with the mean over the poll
    interval in force there (``policy.base_delay`` at that elapsed time): a schedule whose
    jitter spreads the waits scores ~1; waits polling in lockstep score up to the interval."""
    times: list[float] = []
    for d in ds:
        run_core(policy, d, polls=times)
    seconds = int(max(times)) + 1
    counts = [0] * seconds
    for t in times:
        counts[int(t)] += 1
    prefix = [0]
    for c in counts:
        prefix.append(prefix[-1] + c)
    burst, burst_at = 0.0, 0.0
    for s, count in enumerate(counts):
        if not count:
            continue
        half = max(1, round(policy.base_delay(0, float(s)))) // 2
        lo, hi = max(0, s - half), min(seconds, s + half + 1)
        local = (prefix[hi] - prefix[lo]) / (hi - lo)
        if local < MIN_LOCAL:  # too few requests around: one more is noise, not a burst
            continue
        if count / local > burst:
            burst, burst_at = count / local, float(s)
    span = max(times) or 1.0
    return Stampede(
        waits=len(ds),
        requests=len(times),
        span=span,
        peak=max(counts),
        mean_rate=len(times) / span,
        burst=burst,
        burst_at=burst_at,
    )


# -- each provider: its declared duration, its derived policy, its fake -----------------------


def provider_durations(typical: float, maximum: float, n: int, seed: int = SEED) -> list[float]:
    """The range a provider's derived policy promises: log-uniform ``typical / 10 .. max``."""
    return durations(n, typical / 10, maximum, seed)


def fake_scenario(sdk: Any, duration: float) -> Result:
    """One real wait: the SDK's sync client with its default policy (derived from the spec) and
    a ``FakeClock``, against its fake whose operation stays pending for ``duration`` seconds of
    that clock. Requests are the fake's count of status requests."""
    clock = FakeClock(start=0.0, wall=1_700_000_000.0)
    fake = sdk.plugin.load_fake(clock=clock.monotonic)
    ref = fake.seed_operation("succeeded", polls=max(1, round(duration)))
    op = fake.operations.get(ref[sdk.plugin.provider.id_key])
    ends = op.created_at + sum(count or 0.0 for _, count in op.schedule[:-1])
    route = f"route:{sdk.plugin.provider.operation_id}"
    with sdk.plugin.client(
        base_url=fake.base_url, transport=fake.transport(), clock=clock, **fake.demo_credentials
    ) as client:
        try:
            client.wait(ref)
        except Exception:  # a WaitTimeout: counted as abandoned
            return Result(fake.counts[route], None, ends - op.created_at)
    return Result(fake.counts[route], clock.monotonic() - ends, ends - op.created_at)


# -- the bench case ----------------------------------------------------------------------------

SYNTHETIC = f"simulated waits, durations log-uniform {LOW:g} s .. {HIGH / 3600:g} h"
#: the synthetic range declared as a provider would: interval 1 s, cap 24 min, deadline 8 h
DECLARED = PollPolicy.for_duration(50.0, HIGH)


def _row(s: Summary) -> str:
    return (
        f"| {s.schedule} | {s.requests:,.1f} | {s.lag_p50:,.1f} | {s.lag_p95:,.1f} | "
        f"{s.lag_max:,.0f} | {s.ratio_p95:.3f} | {s.abandoned:.1%} |"
    )


HEADER = (
    "| schedule | requests/wait (mean) | lag p50 (s) | lag p95 (s) | lag max (s) "
    "| p95 lag/duration | abandoned |\n| --- | --- | --- | --- | --- | --- | --- |"
)


def synthetic(n: int) -> tuple[list[Summary], Summary, Summary]:
    """Every peer and opstatus's schedules over the issue's distribution; (rows, goal row,
    azure-core's row)."""
    ds = durations(n)
    rows = simulate_peers(ds)
    azure = next(r for r in rows if r.schedule.startswith("azure-core"))

    def seeded(policy: PollPolicy) -> Callable[[random.Random], PollPolicy]:
        return lambda rng: _evolve(policy, rng)

    rows.append(
        simulate_policy("opstatus before (1 s x1.5 to 30 s, no deadline)", seeded(BEFORE), ds)
    )
    rows.append(
        simulate_policy(
            "opstatus PollPolicy() (no duration declared: 900 s)", seeded(PollPolicy()), ds
        )
    )
    goal = simulate_policy(
        "opstatus, duration {typical: 50 s, max: 4 h} declared", seeded(DECLARED), ds
    )
    rows.append(goal)
    return rows, goal, azure


def _evolve(policy: PollPolicy, rng: random.Random) -> PollPolicy:
    return attrs.evolve(policy, rng=rng)


def plot(rows: Sequence[Summary], path: Any) -> None:
    """Requests per wait against p95 lag (left) and p95 lag/duration (right), log-log."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(13, 5.5), dpi=100)
    for ax, key, label in (
        (axes[0], "lag_p95", "detection lag p95 (s)"),
        (axes[1], "ratio_p95", "detection lag / operation duration, p95"),
    ):
        for s in rows:
            ours = s.schedule.startswith("opstatus")
            y = getattr(s, key)
            goal = s.schedule.endswith("declared")
            colour = "tab:green" if goal else ("tab:olive" if ours else "tab:gray")
            ax.scatter(
                s.requests,
                y,
                s=70 if ours else 45,
                marker="*" if ours else "o",
                color=colour,
                zorder=3,
            )
            name = s.schedule if ours else s.schedule.split(" (")[0]
            if s.abandoned >= 0.005:
                name += f" [{s.abandoned:.0%} abandoned]"
            below = "PollPolicy()" in s.schedule  # beside the declared row: label it below
            offset = (5, -10) if below else (5, 3)
            ax.annotate(
                name, (s.requests, y), textcoords="offset points", xytext=offset, fontsize=6.5
            )
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("requests per wait (mean)")
        ax.set_ylabel(label)
        ax.grid(True, which="both", alpha=0.3)
    axes[1].axhline(LAG_RATIO_TARGET, color="tab:green", lw=0.8, ls="--")
    fig.suptitle(f"Polling schedules, {SYNTHETIC} (make bench, seeded)", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)


def run(sdks: Sequence[Any], opts: dict[str, Any], out: Any) -> tuple[list[Any], str]:
    """The ``schedules`` case: figures for the main table, a markdown section, the plot."""
    from pathlib import Path

    from .stats import Figure

    n = opts["sim_waits"]
    figures: list[Figure] = []
    rows, goal, azure = synthetic(n)
    lines = [f"### Polling schedules: {SYNTHETIC}, {n:,} waits (seeded)", "", HEADER]
    lines += [_row(s) for s in rows]
    for s in rows:
        ours = s.schedule.startswith("opstatus")
        is_goal = s is goal
        figures.append(
            Figure(
                case="polling schedule (simulated)",
                subject=s.schedule,
                unit="requests/wait",
                value=s.requests,
                baseline=azure.requests,
                ratio=s.requests / azure.requests,
                target=(
                    f"≤ azure-core's requests, p95 lag/duration ≤ {LAG_RATIO_TARGET:g}, none "
                    "abandoned"
                    if is_goal
                    else "reported"
                ),
                ok=(
                    s.requests <= azure.requests
                    and s.ratio_p95 <= LAG_RATIO_TARGET
                    and s.abandoned == 0
                )
                if is_goal
                else None,
                samples=s.waits,
                note=f"lag p50 {s.lag_p50:.1f} s, p95 {s.lag_p95:.1f} s, max {s.lag_max:.0f} s; "
                f"p95 lag/duration {s.ratio_p95:.3f}; abandoned {s.abandoned:.1%}"
                + ("" if ours else f"; {s.source}"),
            )
        )
    plain, aware, early = progress_aware(n)
    lines += [
        "",
        "### Progress-aware schedule (the same durations; each operation finishes 1-50 items of "
        "log-normal sizes, and its status says how many are done)",
        "",
        HEADER,
        _row(plain),
        _row(aware),
        _row(early),
    ]
    for variant in (aware, early):
        wins = variant.requests < plain.requests and variant.ratio_p95 < plain.ratio_p95
        figures.append(
            Figure(
                case="progress-aware schedule vs plain backoff (simulated)",
                subject=variant.schedule,
                unit="requests/wait",
                value=variant.requests,
                baseline=plain.requests,
                ratio=variant.requests / plain.requests,
                target="reported; core's default only if it wins on requests and lag",
                ok=None,
                samples=variant.waits,
                note=f"p95 lag/duration {variant.ratio_p95:.3f} vs {plain.ratio_p95:.3f}, lag p95 "
                f"{variant.lag_p95:.0f} s vs {plain.lag_p95:.0f} s; wins on both: {wins}",
            )
        )
    # each provider: its declared range, its derived policy vs the one global policy before
    lines += [
        "",
        "### Each provider: durations log-uniform typical/10 .. max of its declared "
        "`duration`; its derived default policy vs the global one before",
        "",
        HEADER,
    ]
    scenario_lines = [
        "",
        "### Each provider's fake, waited on by its SDK (`client.wait(ref)`, default policy) "
        "on a fake clock",
        "",
        "| provider | operation duration (s) | status requests | lag (s) | lag/duration |",
        "| --- | --- | --- | --- | --- |",
    ]
    for sdk in sdks:
        expected = sdk.plugin.provider.rule().duration
        if expected is None:
            continue
        ds = provider_durations(expected.typical, expected.max, n)
        derived = PollPolicy.for_duration(expected.typical, expected.max)
        span = f"{expected.typical:g} s typical, {expected.max:g} s max"
        for label, policy in (
            (f"{sdk.name}: derived ({span})", derived),
            (f"{sdk.name}: before (1 s x1.5 to 30 s, 900 s)", attrs_evolve_timeout(BEFORE)),
        ):
            s = simulate_policy(label, lambda rng, p=policy: _evolve(p, rng), ds)
            lines.append(_row(s))
            if policy is derived:
                figures.append(
                    Figure(
                        case="polling schedule, provider's declared durations (simulated)",
                        subject=label,
                        unit="requests/wait",
                        value=s.requests,
                        target=f"p95 lag/duration ≤ {LAG_RATIO_TARGET:g}, none abandoned",
                        ok=s.ratio_p95 <= LAG_RATIO_TARGET and s.abandoned == 0,
                        samples=s.waits,
                        note=f"lag p95 {s.lag_p95:.0f} s; p95 lag/duration {s.ratio_p95:.3f}; "
                        f"abandoned {s.abandoned:.1%}",
                    )
                )
        points = [expected.typical / 10, expected.typical]
        if not opts.get("smoke"):
            points.append(expected.max)
        for d in points:
            r = fake_scenario(sdk, d)
            lag = "abandoned" if r.lag is None else f"{r.lag:,.1f}"
            ratio = "—" if r.lag is None else f"{r.lag / r.duration:.3f}"
            scenario_lines.append(
                f"| {sdk.name} | {r.duration:,.0f} | {r.requests} | {lag} | {ratio} |"
            )
            figures.append(
                Figure(
                    case="provider fake, real SDK wait on a fake clock",
                    subject=f"{sdk.name}, operation of {r.duration:,.0f} s",
                    unit="requests",
                    value=float(r.requests),
                    target="ends right; lag/duration ≤ 0.10 from typical/10 up",
                    ok=r.lag is not None and r.lag / r.duration <= LAG_RATIO_TARGET,
                    samples=1,
                    note="abandoned" if r.lag is None else f"lag {r.lag:,.1f} s",
                )
            )
    lines += scenario_lines
    # stampede: waits started in the same instant
    waits = opts["stampede_waits"]
    st_lines = [
        "",
        f"### Stampede: {waits:,} waits started in the same instant (core's jitter, one policy)",
        "",
        "| durations | requests | peak per 1 s window | mean rate (req/s) | peak / mean | "
        "burst (peak 1 s window / mean over the interval in force there) |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for label, ds in (
        (SYNTHETIC.removeprefix("simulated waits, durations "), durations(waits, seed=SEED + 1)),
        ("all 1 h", [3600.0] * waits),
    ):
        st = stampede(_evolve(DECLARED, random.Random(SEED)), ds)
        st_lines.append(
            f"| {label} | {st.requests:,} | {st.peak:,} | {st.mean_rate:,.1f} | "
            f"{st.peak / st.mean_rate:,.0f} | {st.burst:.2f} (at {st.burst_at:,.0f} s) |"
        )
        figures.append(
            Figure(
                case="stampede: waits started together",
                subject=f"{waits} waits, durations {label}",
                unit="x local mean",
                value=st.burst,
                baseline=STAMPEDE_TARGET,
                target=f"busiest 1 s window ≤ {STAMPEDE_TARGET:g}x the mean over the interval",
                ok=st.burst <= STAMPEDE_TARGET,
                samples=st.requests,
                note=f"peak {st.peak} requests in 1 s (the first second: every first poll and "
                f"most second ones), mean {st.mean_rate:.1f}/s over {st.span:,.0f} s",
            )
        )
    lines += st_lines
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    try:
        if opts.get("smoke"):  # matplotlib's first import builds its font cache: not in CI
            raise ImportError
        plot(rows, out / "schedules.png")
        lines += ["", f"Plot: {out / 'schedules.png'}"]
    except ImportError:  # matplotlib is a dev dependency; the figures stand without it
        lines += ["", "Plot: not drawn (smoke run, or matplotlib not installed)"]
    return figures, "\n".join(lines) + "\n"


def attrs_evolve_timeout(policy: PollPolicy) -> PollPolicy:
    """``policy`` with the global deadline it had before durations were declared (900 s)."""
    return attrs.evolve(policy, timeout=900.0)
