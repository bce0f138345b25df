"""`make demo`: every installed provider's fake on loopback, waited on by the real `opstatus` CLI.

For each provider SDK installed (found, like the CLI finds them, through the
``opstatus.providers`` entry points): build its fake (``Plugin.load_fake()``), seed operations
that will succeed, fail and (where the provider has a canceled class) be canceled, queue a 429
with ``Retry-After`` and a 503, serve it on loopback, then run ``opstatus <provider> wait ...``
as a subprocess with the base URL and the fake's demo credentials in environment variables.
Its live progress bars and summary table go straight to this terminal.

Then the check, kept simple: a second ``opstatus <provider> wait ... --json`` (the operations are
terminal by now, so it answers at once) must report, for every operation, the outcome the fake
was told; the first run's exit code must be the one its outcomes call for; and the injected
faults must really have been served. Exit 0 only if all of that holds. Providers whose SDK is
not installed (or has no fake) are listed as missing; they do not fail the demo.

Usage: python scripts/demo.py [--interval 0.2] [--timeout 30] [PROVIDER ...]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import warnings
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

from opstatus_cli.plugins import discover
from opstatus_cli.run import EXIT_CANCELED, EXIT_FAILED, EXIT_OK, combine
from opstatus_core.plugin import Plugin
from opstatus_core.testing import Fault, serve
from rich.console import Console
from rich.table import Table

#: the project's five providers (docs/CONVENTIONS.md): the demo says which are missing
EXPECTED = (
    "lcs-dbmovement",
    "clc-operations",
    "bc-cloudmigration",
    "doc-translation",
    "snaplogic-apim",
)
#: what each provider's fake is told, in order; "canceled" only where the provider has it
PLAN = (("succeeded", 2), ("failed", 3), ("succeeded", 5), ("canceled", 2), ("succeeded", 4))
EXIT_FOR = {"succeeded": EXIT_OK, "failed": EXIT_FAILED, "canceled": EXIT_CANCELED}

console = Console(stderr=False)
# openapi-core cannot model some security schemes the fakes check themselves: not news here
warnings.filterwarnings("ignore", message="Unsupported scheme type")


def _one_line(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {' '.join(str(exc).split())}"


def _cli() -> list[str]:
    found = shutil.which("opstatus")
    return [found] if found else [sys.executable, "-m", "opstatus_cli.main"]


def _env(plugin: Plugin, base_url: str, fake: Any) -> tuple[dict[str, str], list[str]]:
    """Environment for the CLI: base URL and the fake's demo credentials (by their env vars)."""
    env = dict(os.environ)
    extra_args: list[str] = []
    if plugin.provider.base_url_env:
        env[plugin.provider.base_url_env] = base_url
    else:
        extra_args += ["--base-url", base_url]
    by_kwarg = {c.kwarg: c for c in plugin.credentials}
    for kwarg, value in dict(fake.demo_credentials).items():
        cred = by_kwarg.get(kwarg)
        if cred is None:
            raise LookupError(f"demo credential {kwarg!r} is not one of the plugin's credentials")
        env[cred.env] = value
    return env, extra_args


def _groups(plugin: Plugin, refs: Sequence[dict[str, str]]) -> list[tuple[list[str], list[str]]]:
    """(``--param`` args, ids) per set of shared non-id reference keys (one CLI run each)."""
    id_key = plugin.provider.id_key
    groups: dict[tuple[tuple[str, str], ...], list[str]] = {}
    for ref in refs:
        shared = tuple(sorted((k, v) for k, v in ref.items() if k != id_key))
        groups.setdefault(shared, []).append(ref[id_key])
    result = []
    for shared, ids in groups.items():
        params = [arg for k, v in shared for arg in ("--param", f"{k}={v}")]
        result.append((params, ids))
    return result


@dataclass
class Run:
    """One provider in the demo: its fake on loopback and what it was told."""

    plugin: Plugin
    fake: Any
    base_url: str
    env: dict[str, str]
    base_args: list[str]
    expected: dict[str, str] = field(default_factory=dict)
    refs: list[dict[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    checks: list[tuple[list[str], list[str], subprocess.Popen[str]]] = field(default_factory=list)


def start(plugin: Plugin, stack: ExitStack) -> Run:
    """Build the fake, seed it, queue the faults, serve it on loopback."""
    fake = plugin.load_fake()
    has_canceled = bool(plugin.provider.rule().canceled)
    server = stack.enter_context(serve(fake))
    env, base_args = _env(plugin, server.base_url, fake)
    run = Run(plugin, fake, server.base_url, env, base_args)
    for outcome, polls in PLAN:
        if outcome == "canceled" and not has_canceled:
            continue
        ref = {str(k): str(v) for k, v in fake.seed_operation(outcome, polls=polls).items()}
        run.refs.append(ref)
        run.expected[ref[plugin.provider.id_key]] = outcome
    fake.inject(Fault.too_many_requests(retry_after=1))
    fake.inject(Fault.http_error(503))
    return run


def _command(run: Run, params: list[str], ids: list[str], args: argparse.Namespace) -> list[str]:
    timing = ["--interval", str(args.interval), "--timeout", str(args.timeout)]
    return [run.plugin.name, "wait", *ids, *params, *run.base_args, *timing]


def wait_visibly(run: Run, args: argparse.Namespace) -> None:
    """The real CLI, its live bars and summary table on this terminal; check its exit code."""
    name = run.plugin.name
    console.rule(f"[bold]{name}[/]  fake on {run.base_url}")
    for params, ids in _groups(run.plugin, run.refs):
        command = _command(run, params, ids, args)
        console.print(f"[dim]$ opstatus {' '.join(command)}[/]")
        sys.stdout.flush()
        done = subprocess.run(
            [*_cli(), *command], env=run.env, check=False, timeout=args.timeout + 60
        )
        want = combine([EXIT_FOR[run.expected[i]] for i in ids])
        if done.returncode != want:
            run.problems.append(f"{name}: exit code {done.returncode}, expected {want}")


def start_checks(run: Run, args: argparse.Namespace) -> None:
    """The same waits again with --json (all terminal now: they answer at once), in parallel."""
    for params, ids in _groups(run.plugin, run.refs):
        command = [*_cli(), *_command(run, params, ids, args), "--json"]
        popen = subprocess.Popen(
            command, env=run.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        run.checks.append((params, ids, popen))


def finish_checks(run: Run, args: argparse.Namespace) -> None:
    name = run.plugin.name
    for _params, ids, popen in run.checks:
        out, _err = popen.communicate(timeout=args.timeout + 60)
        seen: dict[str, dict[str, Any]] = {}
        for line in out.splitlines():
            if line.strip():
                item = json.loads(line)
                seen[item["operation_id"]] = item
        for op_id in ids:
            told = run.expected[op_id]
            got = str(seen.get(op_id, {}).get("outcome", "(missing)"))
            ok = got == told
            if not ok:
                run.problems.append(f"{name}: {op_id} reported {got}, the fake was told {told}")
            run.rows.append([name, op_id, told, got, "ok" if ok else "MISMATCH"])
    tally = run.fake.faults.tally
    served = tally.get("http_error:429", 0) + tally.get("http_error:503", 0)
    if served < 2:
        run.problems.append(f"{name}: only {served} of the 2 injected faults were served")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--interval", type=float, default=0.2, help="seconds between polls")
    parser.add_argument("--timeout", type=float, default=30.0, help="deadline of each wait")
    parser.add_argument("providers", nargs="*", help="only these providers (default: all)")
    args = parser.parse_args(argv)
    started = time.monotonic()

    discovery = discover()
    wanted = args.providers or sorted(set(EXPECTED) | set(discovery.plugins))
    missing: list[str] = []
    rows: list[list[str]] = []
    problems: list[str] = []
    runs: list[Run] = []
    with ExitStack() as stack:
        for name in wanted:
            plugin = discovery.plugins.get(name)
            if plugin is None:
                missing.append(f"{name} ({discovery.broken.get(name, 'SDK not installed')})")
            elif plugin.fake is None:
                missing.append(f"{name} (its SDK ships no fake)")
            else:
                try:
                    runs.append(start(plugin, stack))
                except Exception as exc:  # one broken fake must not hide the others
                    problems.append(f"{name}: its fake could not start ({_one_line(exc)})")
        for run in runs:
            wait_visibly(run, args)
        for run in runs:
            start_checks(run, args)
        for run in runs:
            try:
                finish_checks(run, args)
            except Exception as exc:
                run.problems.append(f"{run.plugin.name}: check failed ({_one_line(exc)})")
            rows += run.rows
            problems += run.problems

    console.rule("[bold]demo: what the fakes were told vs. what opstatus reported[/]")
    table = Table()
    for column in ("provider", "operation", "told", "reported", "check"):
        table.add_column(column, no_wrap=column != "operation")
    for row in rows:
        style = "green" if row[-1] == "ok" else "red"
        table.add_row(*row[:-1], f"[{style}]{row[-1]}[/]")
    console.print(table)
    for line in missing:
        console.print(f"[yellow]missing:[/] {line}")
    for line in problems:
        console.print(f"[red]problem:[/] {line}")
    elapsed = time.monotonic() - started
    verdict = "[green]OK[/]" if not problems and rows else "[red]FAILED[/]"
    ran = len({r[0] for r in rows})
    console.print(
        f"demo {verdict}: {len(rows)} operations on {ran} provider(s), "
        f"{len(missing)} missing, {elapsed:.1f}s"
    )
    return 0 if not problems and rows else 1


if __name__ == "__main__":
    sys.exit(main())
