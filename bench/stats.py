"""Figures (a measured value, its same-run baseline, ratio, target) and small statistics."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def iqr(values: Sequence[float]) -> tuple[float, float]:
    """(p25, p75); both the value itself for fewer than two samples."""
    if len(values) < 2:
        v = values[0] if values else float("nan")
        return v, v
    q = statistics.quantiles(values, n=4, method="inclusive")
    return q[0], q[2]


@dataclass
class Figure:
    """One row of the table."""

    case: str
    subject: str  # provider / mode
    unit: str
    value: float
    spread: tuple[float, float] | None = None  # p25..p75 of the measured samples
    baseline: float | None = None
    baseline_spread: tuple[float, float] | None = None
    ratio: float | None = None
    target: str = ""
    ok: bool | None = None  # None: reported only
    samples: int = 0
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def paired(
    run_baseline: Callable[[], float],
    run_measured: Callable[[], float],
    *,
    min_rounds: int,
    max_rounds: int,
    budget_s: float,
    clock: Callable[[], float],
) -> tuple[list[float], list[float], list[float]]:
    """Interleave baseline and measured batches (order alternating each round, to cancel drift).

    Each callable runs one batch and returns seconds per item. Runs at least ``min_rounds``,
    then until ``budget_s`` is spent or ``max_rounds``. Returns (baseline, measured, ratios),
    one value per round; the ratio of a round pairs the two batches run back to back.
    """
    base: list[float] = []
    meas: list[float] = []
    ratios: list[float] = []
    start = clock()
    rounds = 0
    while rounds < max_rounds and (rounds < min_rounds or clock() - start < budget_s):
        if rounds % 2:
            m = run_measured()
            b = run_baseline()
        else:
            b = run_baseline()
            m = run_measured()
        base.append(b)
        meas.append(m)
        ratios.append(m / b if b > 0 else float("nan"))
        rounds += 1
    return base, meas, ratios
