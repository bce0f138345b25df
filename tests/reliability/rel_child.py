"""Child process of test_rel_resume: waits (or resumes waits) on loopback fakes, writing one JSON
line per snapshot (with the continuation token) to a progress file, flushed and fsynced, so a
SIGKILL loses nothing already reported.

usage: python rel_child.py wait|resume JOBS.json PROGRESS.jsonl
JOBS.json: [{"provider": slug, "base_url": url, "credentials": {...}, "ref": {...}} ...]
("token" instead of "ref" for resume).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import warnings
from importlib.metadata import entry_points
from typing import Any, TextIO

from opstatus_core import PollPolicy
from opstatus_core.sdk import OperationCanceled, OperationFailed, WaitError

POLICY = PollPolicy(timeout=120.0, interval=0.05, max_interval=0.05, jitter=0.0)
REQUEST_TIMEOUT = 5.0


def _write(out: TextIO, record: dict[str, Any]) -> None:
    out.write(json.dumps(record) + "\n")
    out.flush()
    os.fsync(out.fileno())


async def _one(plugins: dict[str, Any], job: dict[str, Any], mode: str, out: TextIO) -> None:
    plugin = plugins[job["provider"]]
    client = plugin.async_client(
        base_url=job["base_url"],
        policy=POLICY,
        request_timeout=REQUEST_TIMEOUT,
        **job["credentials"],
    )
    name = job["provider"]
    try:
        poller = client.resume(job["token"]) if mode == "resume" else client.poller(job["ref"])
        try:
            async for snapshot in poller:
                _write(
                    out,
                    {
                        "provider": name,
                        "status": snapshot.status,
                        "terminal": snapshot.terminal,
                        "attempt": snapshot.attempt,
                        "token": poller.continuation_token(),
                    },
                )
            outcome = poller.result()
            final = "succeeded"
            attempts = outcome.attempts
        except OperationFailed as exc:
            final, attempts = "failed", exc.attempts
        except OperationCanceled as exc:
            final, attempts = "canceled", exc.attempts
        except WaitError as exc:
            final, attempts = type(exc).__name__, exc.attempts
        _write(out, {"provider": name, "final": final, "attempts": attempts})
    finally:
        await client.aclose()


async def main(mode: str, jobs_path: str, progress_path: str) -> int:
    warnings.simplefilter("ignore")
    plugins = {ep.name: ep.load() for ep in entry_points(group="opstatus.providers")}
    with open(jobs_path) as f:  # noqa: ASYNC230 - before any task runs
        jobs = json.load(f)
    with open(progress_path, "a") as out:  # noqa: ASYNC230 - fsynced lines are the point
        await asyncio.gather(*(_one(plugins, job, mode, out) for job in jobs))
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(*sys.argv[1:4])))
