"""Bench-only experiments: a proposed fix applied by monkeypatching, never committed.

``loopback-nodelay``: ``LoopbackServer.start`` creates its listening socket with
``socket.socket(family, SOCK_STREAM)`` (proto 0). asyncio only disables Nagle on accepted
sockets whose ``proto == IPPROTO_TCP`` (``base_events._set_nodelay``), so the fake's responses
(headers and body are two writes) meet the client's delayed ACK: ~40 ms per request on Linux.
Proposed fix (core, testing/loopback.py): ``socket.socket(family, socket.SOCK_STREAM,
socket.IPPROTO_TCP)``. Here the same loopback cases run again with that one change patched in.
"""

from __future__ import annotations

import contextlib
import socket
import types
from collections.abc import Iterator
from typing import Any

from . import checks, polling
from .providers import Sdk
from .stats import Figure


@contextlib.contextmanager
def loopback_nodelay() -> Iterator[None]:
    import opstatus_core.testing.loopback as loopback

    shim = types.SimpleNamespace(
        **{k: getattr(socket, k) for k in dir(socket) if not k.startswith("__")}
    )

    def tcp_socket(
        family: int = socket.AF_INET, kind: int = socket.SOCK_STREAM, proto: int = 0
    ) -> socket.socket:
        return socket.socket(family, kind, proto or socket.IPPROTO_TCP)

    shim.socket = tcp_socket
    saved = loopback.socket
    loopback.socket = shim  # type: ignore[assignment]
    try:
        yield
    finally:
        loopback.socket = saved


def run(sdks: list[Sdk], opts: dict[str, Any]) -> str:
    from .runner import markdown

    figures: list[Figure] = []
    with loopback_nodelay():
        for sdk in sdks:
            figures += checks.loopback(sdk, opts)
        for sdk in sdks:
            figures += polling.latency(sdk, {**opts, "retry_after_samples": 0})
    figures = [f for f in figures if not f.case.startswith("Retry-After")]
    for f in figures:
        f.case = "EXPERIMENT (TCP_NODELAY fake) " + f.case
    meta = {
        "command": "python -m bench --cases experiments",
        "when": "same run",
        "python": "",
        "cpus": "",
        "platform": "",
        "seconds": 0.0,
    }
    table = markdown(figures, meta).split("\n", 3)[3]
    return (
        "### Experiment: loopback fake with TCP_NODELAY (monkeypatched, not committed)\n\n"
        + (__doc__ or "").split("\n\n", 1)[1].strip()
        + "\n\n"
        + table
    )
