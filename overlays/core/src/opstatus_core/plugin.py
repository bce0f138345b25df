"""What an SDK publishes for the `opstatus` command line and the demo.

Each SDK exports one :class:`Plugin` as ``opstatus_<slug>:PLUGIN`` and names it in its
``opstatus.providers`` entry point, so installing the SDK adds its CLI subcommand. The fake is
named by an import path so that neither the CLI nor ``--help`` imports the ``testing`` extra.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any, Protocol

import attrs

from ._client import AsyncStatusClient, StatusClient
from ._provider import Provider
from ._tracker import Snapshot


@attrs.frozen(slots=True)
class Credential:
    """One credential keyword of the SDK's clients (e.g. ``key``), with its environment variable.

    ``secret`` credentials are never echoed by the CLI; the CLI offers ``--<flag>`` for each.
    """

    kwarg: str
    env: str
    help: str
    secret: bool = True

    @property
    def flag(self) -> str:
        return "--" + self.kwarg.replace("_", "-")


class DemoFake(Protocol):
    """What the demo and ``opstatus fake`` need from an SDK's fake (``opstatus_<slug>.testing``).

    A fake built with no arguments accepts ``demo_credentials`` (the client keywords a demo
    passes) and serves on loopback through ``opstatus_core.testing.serve``.
    """

    demo_credentials: Mapping[str, str]

    def seed_operation(self, outcome: str, *, polls: int = 3) -> dict[str, str]:
        """Create an operation that stays pending for ``polls`` polls and then ends in
        ``outcome`` (``succeeded``, ``failed`` or ``canceled``, where the provider has that
        class); return its reference (the mapping ``client.wait`` accepts)."""
        ...


@attrs.frozen(slots=True)
class Plugin:
    """An installed SDK as the CLI sees it."""

    provider: Provider
    client: type[StatusClient]
    async_client: type[AsyncStatusClient]
    summary: str
    credentials: tuple[Credential, ...] = ()
    fake: str | None = None  # "opstatus_<slug>.testing:SomeFake"
    #: a short line on what a status snapshot says beyond its status and percentage (e.g. a
    #: batch's document counts), shown next to the CLI's live bar; None: nothing more
    progress_detail: Callable[[Snapshot[Any]], str | None] | None = None
    #: the client methods that start an operation and return its id or reference, with what
    #: each takes: the only methods a start-then-wait (e.g. a durable workflow input) may name
    start_calls: Mapping[str, str] = attrs.field(factory=dict)

    @property
    def name(self) -> str:
        return self.provider.name

    def load_fake(self, **kwargs: Any) -> Any:
        """Build the SDK's fake (needs the ``testing`` extra)."""
        if self.fake is None:
            raise LookupError(f"{self.name}: this SDK ships no fake")
        module, _, attr = self.fake.partition(":")
        return getattr(importlib.import_module(module), attr)(**kwargs)
