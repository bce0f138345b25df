"""``python -m bench``: run the suite, write bench/results/bench.{md,json}, print the table.

Never fails on timings (exit 0 unless a case crashed; ``--strict`` also fails on a missed
target). ``--smoke``: few repetitions and small sizes, for CI.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import checks, fleet, polling, process, schedules, tooling, waits
from .providers import discover
from .stats import Figure

ROOT = Path(__file__).resolve().parent.parent
FULL: dict[str, Any] = {
    "batch": 10,
    "loopback_batch": 3,
    "min_rounds": 15,
    "max_rounds": 400,
    "budget_s": 2.0,
    "waits": 10_000,
    "polls": 3,
    "wait_reps": 5,
    "memory_waits": 2_000,
    "wait_providers": ("lcs-dbmovement",),
    "tokens": 1000,
    "interval": 0.05,
    "latency_samples": 12,
    "retry_after": 1,
    "retry_after_samples": 1,
    "import_reps": 7,
    "sim_waits": 10_000,
    "process_waits": 100_000,
    "process_interval": 60.0,
    "stampede_waits": 10_000,
}
SMOKE: dict[str, Any] = {
    "batch": 2,
    "loopback_batch": 1,
    "min_rounds": 2,
    "max_rounds": 2,
    "budget_s": 0.0,
    "waits": 100,
    "polls": 2,
    "wait_reps": 1,
    "memory_waits": 100,
    "wait_providers": None,
    "tokens": 100,
    "interval": 0.02,
    "latency_samples": 1,
    "retry_after": 1,
    "retry_after_samples": 0,
    "import_reps": 1,
    "import_warmup": False,
    "sim_waits": 300,
    "process_waits": 200,
    "process_interval": 0.5,
    "stampede_waits": 300,
    "smoke": True,
}
CASES = (
    "schedules",
    "loopback",
    "inprocess",
    "waits",
    "process",
    "batching",
    "latency",
    "import",
    "generate",
    "fleet",
    "make-test",
)
#: ``make-test`` runs the whole suite inside the bench: only when asked for
DEFAULT_CASES = tuple(c for c in CASES if c != "make-test")
SMOKE_CASES = tuple(c for c in DEFAULT_CASES if c not in ("generate", "fleet"))


def _fmt(x: float | None, digits: int = 3) -> str:
    if x is None or x != x:
        return "—"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:.{digits}g}"


def _spread(s: tuple[float, float] | list[float] | None) -> str:
    return f" ({_fmt(s[0])}-{_fmt(s[1])})" if s else ""


def markdown(figures: list[Figure], meta: dict[str, Any]) -> str:
    lines = [
        f"Command: `{meta['command']}` — {meta['when']}, Python {meta['python']}, "
        f"{meta['cpus']} CPUs, {meta['platform']}; {meta['seconds']:.0f} s.",
        "Values are medians with the interquartile range in brackets; the baseline is "
        "measured in the same run, interleaved; ratio = measured / baseline (for status checks "
        "and concurrent waits: the median of the ratios of paired rounds).",
        "",
        "| case | subject | measured | baseline | ratio | target | met | n |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for f in figures:
        met = {True: "yes", False: "**NO**", None: "—"}[f.ok]
        measured = f"{_fmt(f.value)}{_spread(f.spread)} {f.unit}"
        base = "—" if f.baseline is None else f"{_fmt(f.baseline)}{_spread(f.baseline_spread)}"
        note = f" — {f.note}" if f.note else ""
        lines.append(
            f"| {f.case} | {f.subject}{note} | {measured} | {base} | {_fmt(f.ratio)} | "
            f"{f.target} | {met} | {f.samples} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="few repetitions, small sizes")
    parser.add_argument(
        "--cases", default=None, help=f"comma-separated subset of {','.join(CASES)}"
    )
    parser.add_argument("--providers", default=None, help="comma-separated provider slugs")
    parser.add_argument(
        "--out",
        default=str(ROOT / "bench" / "results"),
        help="results folder (default bench/results, not committed)",
    )
    parser.add_argument(
        "--process-waits",
        type=int,
        default=None,
        help="waits of the 'process' case, each side in a fresh process (100000)",
    )
    parser.add_argument("--waits", type=int, default=None, help="concurrent waits (10000)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    opts = dict(SMOKE if args.smoke else FULL)
    if args.waits:
        opts["waits"] = args.waits
    if args.process_waits:
        opts["process_waits"] = args.process_waits
    cases = (
        args.cases.split(",") if args.cases else list(SMOKE_CASES if args.smoke else DEFAULT_CASES)
    )
    unknown = set(cases) - set(CASES)
    if unknown:
        parser.error(f"unknown cases {sorted(unknown)}")
    sdks, broken = discover(args.providers.split(",") if args.providers else None)
    started = time.perf_counter()
    figures: list[Figure] = []
    sections: list[str] = []
    errors: list[str] = [f"{name}: not loaded ({why})" for name, why in broken.items()]

    def run(label: str, fn: Callable[[], list[Figure]]) -> None:
        t = time.perf_counter()
        try:
            new = fn()
        except Exception as exc:
            errors.append(f"{label}: {type(exc).__name__}: {exc}")
            traceback.print_exc()
            return
        figures.extend(new)
        print(
            f"  {label}: {len(new)} figures in {time.perf_counter() - t:.1f} s",
            file=sys.stderr,
            flush=True,
        )

    per_sdk: dict[str, Callable[..., list[Figure]]] = {
        "loopback": checks.loopback,
        "inprocess": checks.in_process,
        "batching": polling.batching,
        "latency": polling.latency,
    }
    if "schedules" in cases:

        def simulate() -> list[Figure]:
            new, section = schedules.run(sdks, opts, args.out)
            sections.append(section)
            return new

        run("schedules", simulate)
    for case in ("loopback", "inprocess"):
        if case in cases:
            for sdk in sdks:
                run(f"{case} {sdk.name}", lambda fn=per_sdk[case], s=sdk: fn(s, opts))
    if "waits" in cases:
        chosen = opts["wait_providers"]
        picked = [s for s in sdks if not chosen or s.name in chosen] or sdks[:1]
        for sdk in picked:
            run(f"waits {sdk.name}", lambda s=sdk: waits.concurrent_waits(s, opts))
    if "process" in cases:
        chosen = opts["wait_providers"]
        picked = [s for s in sdks if not chosen or s.name in chosen] or sdks[:1]
        for sdk in picked[:1]:
            run(f"process {sdk.name}", lambda s=sdk: process.waits_per_process(s, opts))
    for case in ("batching", "latency"):
        if case in cases:
            for sdk in sdks:
                run(f"{case} {sdk.name}", lambda fn=per_sdk[case], s=sdk: fn(s, opts))
    if "import" in cases and sdks:
        run("import", lambda: tooling.import_time(sdks, opts))
    if "generate" in cases:
        run("generate", lambda: tooling.generate(opts))
    if "fleet" in cases:  # bench/fleet.py: durable waits on Temporal vs one asyncio process
        run("fleet", lambda: fleet.fleet(opts))
    if "make-test" in cases:
        run("make test", lambda: tooling.make_test(opts))

    meta = {
        "command": "make bench" + (" (smoke)" if args.smoke else "")
        if os.environ.get("MAKELEVEL")
        else "python -m bench " + " ".join(argv or sys.argv[1:]),
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "platform": platform.platform(terse=True),
        "seconds": time.perf_counter() - started,
        "providers": [s.name for s in sdks],
        "errors": errors,
        "options": opts,
    }
    text = markdown(figures, meta) + "".join("\n" + section for section in sections)
    if errors:
        text += "\nErrors:\n" + "".join(f"- {e}\n" for e in errors)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench.md").write_text(text, encoding="utf-8")
    payload = {"meta": meta, "figures": [f.as_dict() for f in figures]}
    (out / "bench.json").write_text(json.dumps(payload, indent=2, default=str), encoding="utf-8")
    print(text)
    print(f"written: {out / 'bench.md'}, {out / 'bench.json'}", file=sys.stderr)
    missed = [f for f in figures if f.ok is False]
    if errors:
        return 2
    return 1 if args.strict and missed else 0
