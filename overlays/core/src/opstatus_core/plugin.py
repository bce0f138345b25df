"""What an SDK publishes for the ``opstatus`` command line and the demo: one :class:`Plugin`,
``opstatus_<slug>:PLUGIN``, named in its ``opstatus.providers`` entry point."""

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
    """A credential keyword of the SDK's clients (the CLI's ``--<flag>``; a secret one is never
    echoed), with its environment variable."""

    kwarg: str
    env: str
    help: str
    secret: bool = True

    @property
    def flag(self) -> str:
        return "--" + self.kwarg.replace("_", "-")


class DemoFake(Protocol):
    """What the demo and ``opstatus fake`` need from an SDK's fake (built with no arguments, it
    accepts ``demo_credentials``, the client keywords a demo passes)."""

    demo_credentials: Mapping[str, str]

    def seed_operation(self, outcome: str, *, polls: int = 3) -> dict[str, str]:
        """The reference of a new operation, pending for ``polls`` polls, then ``outcome``
        (``succeeded``, ``failed`` or ``canceled``, where the provider has that class)."""
        ...


@attrs.frozen(slots=True)
class Plugin:
    """An installed SDK as the CLI sees it."""

    provider: Provider
    client: type[StatusClient]
    async_client: type[AsyncStatusClient]
    summary: str
    credentials: tuple[Credential, ...] = ()
    #: "opstatus_<slug>.testing:SomeFake": a path, so the CLI imports the testing extra only if used
    fake: str | None = None
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
