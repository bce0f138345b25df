"""A fake on a real loopback HTTP server (uvicorn in a background thread).

``with serve(fake) as server: server.base_url`` -> ``http://127.0.0.1:<port><base path>``.
Faults really happen on the wire: a dropped connection is closed with no response, a reset sends
headers and part of the body and closes, a slow response really waits, a hang waits until the
client gives up (or the server stops).
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import IO, Any

import httpx
import uvicorn

from .service import FakeService
from .transport import FakeResult

__all__ = ["LoopbackServer", "check_loopback", "serve", "serve_forever"]

Scope = dict[str, Any]
Receive = Callable[[], Any]
Send = Callable[[dict[str, Any]], Any]
_TICK = 0.05


def check_loopback(host: str) -> str:
    """The address to bind for ``host``; ValueError unless it is a loopback address."""
    if host == "localhost":
        return "127.0.0.1"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise ValueError(f"fakes serve on loopback only; {host!r} is not an IP address") from None
    if not address.is_loopback:
        raise ValueError(f"fakes serve on loopback only; {host} is not a loopback address")
    return host


class _ASGIAdapter:
    """ASGI scope + body -> httpx.Request -> ``fake.handle`` -> ASGI response (or a fault)."""

    def __init__(
        self,
        fake: FakeService,
        connections: Callable[[], Iterable[Any]],
        stopping: threading.Event,
    ) -> None:
        self.fake = fake
        self._connections = connections
        self._stopping = stopping

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        chunks: list[bytes] = []
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        request = self._request(scope, b"".join(chunks))
        result = self.fake.handle(request)
        if result.action in ("drop", "refuse"):
            await self._close(scope, receive)
        elif result.action == "hang":
            await self._hang(scope, receive)
        elif result.delay > 0 and not await self._sleep(result.delay, receive):
            return  # the client went away while we were being slow
        else:
            await self._respond(scope, receive, send, result)

    @staticmethod
    def _request(scope: Scope, body: bytes) -> httpx.Request:
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope["headers"]]
        host = next((v for k, v in headers if k.lower() == "host"), None)
        if host is None:
            server_host, server_port = scope.get("server") or ("127.0.0.1", 80)
            host = f"{server_host}:{server_port}"
        raw_path = scope.get("raw_path") or scope["path"].encode()
        url = f"{scope.get('scheme', 'http')}://{host}{raw_path.decode('latin-1')}"
        if scope.get("query_string"):
            url += "?" + scope["query_string"].decode("latin-1")
        return httpx.Request(scope["method"], url, headers=headers, content=body)

    async def _respond(
        self, scope: Scope, receive: Receive, send: Send, result: FakeResult
    ) -> None:
        response = result.response
        assert response is not None
        body = response.content
        headers = [
            (k.encode("latin-1"), v.encode("latin-1"))
            for k, v in response.headers.multi_items()
            if k.lower() != "content-length"
        ]
        headers.append((b"content-length", str(len(body)).encode()))
        await send(
            {"type": "http.response.start", "status": response.status_code, "headers": headers}
        )
        if result.action == "reset":
            await send(
                {"type": "http.response.body", "body": body[: result.cut], "more_body": True}
            )
            await self._close(scope, receive)
            return
        await send({"type": "http.response.body", "body": body, "more_body": False})

    def _transport(self, scope: Scope) -> asyncio.BaseTransport | None:
        client = tuple(scope.get("client") or ())
        for connection in list(self._connections()):
            if tuple(getattr(connection, "client", None) or ()) == client:
                transport = getattr(connection, "transport", None)
                if isinstance(transport, asyncio.BaseTransport):
                    return transport
        return None

    async def _close(self, scope: Scope, receive: Receive) -> None:
        """Close this request's connection (no more bytes), then wait for uvicorn to notice."""
        transport = self._transport(scope)
        if transport is None:  # uvicorn internals changed: fail loudly rather than answer 500
            raise RuntimeError("cannot find the connection to close (uvicorn internals changed?)")
        transport.close()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._until_disconnect(receive), timeout=2.0)

    @staticmethod
    async def _until_disconnect(receive: Receive) -> None:
        while (await receive())["type"] != "http.disconnect":
            pass

    async def _sleep(self, seconds: float, receive: Receive) -> bool:
        """Sleep ``seconds``; False if the client disconnected or the server is stopping."""
        waiter = asyncio.ensure_future(self._until_disconnect(receive))
        try:
            deadline = time.monotonic() + seconds
            while (left := deadline - time.monotonic()) > 0:
                if self._stopping.is_set():
                    return False
                done, _ = await asyncio.wait({waiter}, timeout=min(_TICK, left))
                if done:
                    return False
            return True
        finally:
            waiter.cancel()

    async def _hang(self, scope: Scope, receive: Receive) -> None:
        """Never answer: wait for the client to give up, or for the server to stop."""
        waiter = asyncio.ensure_future(self._until_disconnect(receive))
        try:
            while not self._stopping.is_set():
                done, _ = await asyncio.wait({waiter}, timeout=_TICK)
                if done:
                    return
        finally:
            waiter.cancel()
        await self._close(scope, receive)


class LoopbackServer:
    """A fake served by uvicorn on ``host:port`` (port 0: a free one) in a daemon thread."""

    def __init__(
        self,
        fake: FakeService,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        tls: tuple[str, str] | None = None,
    ) -> None:
        self.fake = fake
        #: ``(certificate chain PEM file, private key PEM file)``: serve HTTPS (TLS tests)
        self.tls = tls
        self.host = check_loopback(host)
        self._requested_port = port
        self.port = 0
        self._stopping = threading.Event()
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """``http://host:port`` (``https`` with ``tls``; no base path)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{'https' if self.tls else 'http'}://{host}:{self.port}"

    @property
    def base_url(self) -> str:
        """``http://host:port`` + the fake's base path: what an SDK's base_url should be."""
        return self.url + self.fake.base_path

    def start(self, timeout: float = 10.0) -> str:
        if self._thread is not None:
            raise RuntimeError("already started")
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        # proto IPPROTO_TCP, not the default 0: asyncio sets TCP_NODELAY only on sockets whose
        # proto says TCP, and accepted sockets inherit it. Without it every response on a kept-
        # alive connection (headers and body are two writes) waited ~40 ms for a delayed ACK.
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((self.host, self._requested_port))
            sock.listen(1024)
        except OSError:
            sock.close()
            raise
        self.port = sock.getsockname()[1]
        self._stopping.clear()
        holder: list[uvicorn.Server] = []
        app = _ASGIAdapter(self.fake, lambda: holder[0].server_state.connections, self._stopping)
        config = uvicorn.Config(
            app,
            lifespan="off",
            http="h11",
            loop="asyncio",
            log_config=None,
            log_level="warning",
            access_log=False,
            server_header=False,
            timeout_graceful_shutdown=2,
            backlog=1024,
            ssl_certfile=self.tls[0] if self.tls else None,
            ssl_keyfile=self.tls[1] if self.tls else None,
        )
        server = uvicorn.Server(config)
        holder.append(server)
        self._server = server
        name = self.fake.name or type(self.fake).__name__
        self._thread = threading.Thread(
            target=server.run,
            kwargs={"sockets": [sock]},
            name=f"opstatus-fake-{name}-{self.port}",
            daemon=True,
        )
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self._stopping.set()
                server.should_exit = True
                self._thread.join(timeout)
                sock.close()
                raise RuntimeError(f"the {name} fake did not start on {self.url}")
            time.sleep(0.01)
        return self.base_url

    def stop(self, timeout: float = 10.0) -> None:
        if self._thread is None or self._server is None:
            return
        self._stopping.set()
        self._server.should_exit = True
        self._thread.join(timeout)
        if self._thread.is_alive():
            self._server.force_exit = True
            self._thread.join(timeout)
        if self._thread.is_alive():
            raise RuntimeError(f"the fake on {self.url} did not stop")
        self._thread = None
        self._server = None

    def __enter__(self) -> LoopbackServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def serve(
    fake: FakeService,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    tls: tuple[str, str] | None = None,
) -> LoopbackServer:
    """``with serve(fake) as server:`` -> a started ``LoopbackServer`` (``server.base_url``);
    ``tls=(cert_chain_pem, key_pem)`` serves HTTPS."""
    return LoopbackServer(fake, host, port, tls=tls)


def serve_forever(
    fake: FakeService,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    stop: threading.Event | None = None,
    out: IO[str] | None = None,
) -> int:
    """Serve ``fake`` until Ctrl-C (or ``stop`` is set); prints the base URL. Returns 0.

    For ``opstatus fake <slug> --port N`` and ``make fake PROVIDER=<slug>``. Loopback only.
    """
    stream = out if out is not None else sys.stdout
    stop_event = stop if stop is not None else threading.Event()
    with LoopbackServer(fake, host, port) as server:
        name = fake.name or type(fake).__name__
        print(
            f"{name} fake listening on {server.base_url} (Ctrl-C to stop)", file=stream, flush=True
        )
        try:
            while not stop_event.wait(0.5):
                pass
        except KeyboardInterrupt:
            pass
    return 0
