"""Resume after interruption: a wait killed mid-way leaves a continuation token; a new client
(a new process, for SIGKILL) resumes it and reaches the right outcome, the terminal status being
reported exactly once."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from opstatus_core.plugin import Plugin
from opstatus_core.sdk import Outcome, WaitError
from opstatus_core.testing import serve
from opstatus_core.token import decode_token

from ._support import PLUGINS, close, make_client, outcome_name, outcomes_of, rule_of

HERE = Path(__file__).parent
CHILD = HERE / "rel_child.py"


def _terminal_reports(fake: Any, op_id: str, plugin: Plugin) -> int:
    """How many status responses of ``op_id`` carried a terminal status."""
    op = fake.operations.get(op_id)
    assert op is not None, f"the fake has no operation {op_id!r}"
    rule = rule_of(plugin)
    return sum(1 for status in op.history if rule.classify(status).terminal)


def _fast_forward(fake: Any, op_id: str) -> None:
    """Leave one pending poll, then the terminal status (the schedule counts polls)."""
    op = fake.operations.get(op_id)
    pending = int(sum(count or 0 for _, count in op.schedule[:-1]))
    op.polls = max(op.polls, pending - 1)


def _read(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    lines = path.read_text().splitlines()
    return [json.loads(line) for line in lines if line.endswith("}")]


@pytest.mark.timeout(120)
def test_sigkill_mid_wait_then_resume_in_a_new_process(tmp_path: Path) -> None:
    """Fakes on loopback in this process; child 1 waits on one operation per provider and
    records its tokens; SIGKILL; child 2 resumes every token to the fake's outcome."""
    servers, jobs, expected = [], [], {}
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPSTATUS_")}
    try:
        for index, plugin in enumerate(PLUGINS):
            fake = plugin.load_fake()
            outcome = outcomes_of(plugin)[index % len(outcomes_of(plugin))]
            ref = fake.seed_operation(outcome, polls=10_000)
            server = serve(fake)
            server.start()
            servers.append((plugin, server, ref))
            expected[plugin.name] = outcome
            jobs.append(
                {
                    "provider": plugin.name,
                    "base_url": server.base_url,
                    "credentials": dict(fake.demo_credentials),
                    "ref": ref,
                }
            )
        jobs_path, first = tmp_path / "jobs.json", tmp_path / "first.jsonl"
        jobs_path.write_text(json.dumps(jobs))
        child = subprocess.Popen(
            [sys.executable, str(CHILD), "wait", str(jobs_path), str(first)], env=env
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                seen = {r["provider"] for r in _read(first) if r.get("attempt", 0) >= 2}
                if seen >= set(expected) or child.poll() is not None:
                    break
                assert time.monotonic() < deadline, "the child never got going"
                time.sleep(0.02)
            child.send_signal(signal.SIGKILL)
        finally:
            child.wait(10)
        assert child.returncode == -signal.SIGKILL
        records = _read(first)
        assert not any("final" in r for r in records), "the first child finished: not a kill"
        tokens = {}
        for r in records:
            tokens[r["provider"]] = r["token"]  # the last one each reported
        assert set(tokens) == set(expected)
        resume_jobs = []
        for plugin, server, ref in servers:
            _fast_forward(server.fake, ref[plugin.provider.id_key])
            state = decode_token(tokens[plugin.name], provider=plugin.name)
            assert dict(state.reference) == ref
            resume_jobs.append(
                {
                    "provider": plugin.name,
                    "base_url": server.base_url,
                    "credentials": dict(server.fake.demo_credentials),
                    "token": tokens[plugin.name],
                }
            )
        jobs_path.write_text(json.dumps(resume_jobs))
        second = tmp_path / "second.jsonl"
        done = subprocess.run(
            [sys.executable, str(CHILD), "resume", str(jobs_path), str(second)],
            env=env,
            timeout=90,
            check=False,
        )
        assert done.returncode == 0
        finals = {r["provider"]: r for r in _read(second) if "final" in r}
        for plugin, server, ref in servers:
            final = finals[plugin.name]
            assert final["final"] == expected[plugin.name], final
            state = decode_token(tokens[plugin.name])
            assert final["attempts"] > state.attempts, "the resumed wait restarted its count"
            op_id = ref[plugin.provider.id_key]
            assert _terminal_reports(server.fake, op_id, plugin) == 1
            terminal = [
                r for r in _read(second) if r["provider"] == plugin.name and r.get("terminal")
            ]
            assert len(terminal) == 1, "the terminal status was reported more than once"
    finally:
        for _, server, _ in servers:
            server.stop()


async def test_keyboard_interrupt_then_resume(plugin: Plugin) -> None:
    """Ctrl-C inside a sync wait: the poller still gives its token; a fresh client resumes."""
    fake = plugin.load_fake()
    outcome = outcomes_of(plugin)[-1]
    ref = fake.seed_operation(outcome, polls=4)
    client = make_client(plugin, fake, "sync")
    seen: list[Any] = []

    def interrupt(snapshot: Any) -> None:
        seen.append(snapshot)
        if len(seen) == 2:
            raise KeyboardInterrupt

    poller = client.poller(ref, on_progress=interrupt)
    with pytest.raises(KeyboardInterrupt):
        poller.wait()
    token = poller.continuation_token()
    client.close()
    assert decode_token(token).last_status == seen[-1].status
    fresh = make_client(plugin, fake, "sync")
    try:
        result: Outcome[Any] | WaitError
        try:
            result = fresh.resume(token).wait()
        except WaitError as exc:
            result = exc
    finally:
        fresh.close()
    assert outcome_name(result) == outcome
    assert _terminal_reports(fake, ref[plugin.provider.id_key], plugin) == 1


async def test_task_cancelled_then_resume(plugin: Plugin) -> None:
    """An async wait cancelled mid-way: its token (and the same poller) carry on."""
    fake = plugin.load_fake()
    outcome = outcomes_of(plugin)[0]
    ref = fake.seed_operation(outcome, polls=4)
    client = make_client(plugin, fake, "async")
    first = asyncio.Event()
    poller = client.poller(ref, on_progress=lambda s: first.set())
    task = asyncio.create_task(poller.wait())
    await asyncio.wait_for(first.wait(), 10)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    token = poller.continuation_token()
    await close(client)
    assert decode_token(token).attempts >= 1
    fresh = make_client(plugin, fake, "async")
    try:
        try:
            result: Any = await fresh.resume(token).wait()
        except WaitError as exc:
            result = exc
    finally:
        await close(fresh)
    assert outcome_name(result) == outcome
    assert _terminal_reports(fake, ref[plugin.provider.id_key], plugin) == 1


def test_only_installed_plugins_are_resumed() -> None:
    assert PLUGINS, "no provider installed"
