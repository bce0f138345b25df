"""The httpcore network backend of the default transport: every connect, TLS handshake, write and
read gets only the time left to the request's deadline (see :mod:`._transport`).

Its own module because httpcore is what httpx itself imports only when its first transport is
built: an SDK import does not pay for it.
"""

# ruff: noqa: ASYNC109 - httpcore's network backend interface takes a per-operation timeout

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import httpcore
import httpx

from ._transport import _time_left


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _time_left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _time_left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        left = _time_left(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, left))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self, backend: httpcore.NetworkBackend) -> None:
        self._backend = backend

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        left = _time_left(timeout, httpcore.ConnectTimeout)
        stream = self._backend.connect_tcp(host, port, left, local_address, socket_options)
        return _DeadlineStream(stream)


class _AsyncDeadlineStream(httpcore.AsyncNetworkStream):
    def __init__(self, stream: httpcore.AsyncNetworkStream) -> None:
        self._stream = stream

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._stream.read(max_bytes, _time_left(timeout, httpcore.ReadTimeout))

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._stream.write(buffer, _time_left(timeout, httpcore.WriteTimeout))

    async def aclose(self) -> None:
        await self._stream.aclose()

    async def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.AsyncNetworkStream:
        left = _time_left(timeout, httpcore.ConnectTimeout)
        stream = await self._stream.start_tls(ssl_context, server_hostname, left)
        return _AsyncDeadlineStream(stream)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _AsyncDeadlineBackend(httpcore.AsyncNetworkBackend):
    def __init__(self, backend: httpcore.AsyncNetworkBackend) -> None:
        self._backend = backend

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        left = _time_left(timeout, httpcore.ConnectTimeout)
        stream = await self._backend.connect_tcp(host, port, left, local_address, socket_options)
        return _AsyncDeadlineStream(stream)


def wrap_pool_backend(transport: httpx.HTTPTransport | httpx.AsyncHTTPTransport) -> None:
    """Put the deadline backend under httpx's own connection pool (everything else about the
    pool, TLS included, stays httpx's). The pools core builds only connect over TCP (no ``uds``)
    and never retry a connect (no ``retries``): that is all the backend offers. httpx has no
    public ``network_backend`` argument yet (encode/httpx#3749), so this reaches the pool's
    attribute; a test on the hostile server fails if a new httpx/httpcore moves it."""
    if isinstance(transport, httpx.HTTPTransport):
        pool = transport._pool
        pool._network_backend = _DeadlineBackend(pool._network_backend)
    else:
        apool = transport._pool
        apool._network_backend = _AsyncDeadlineBackend(apool._network_backend)
