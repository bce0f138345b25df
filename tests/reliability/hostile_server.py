"""A hostile HTTP/1.1 server on loopback, written on raw sockets (independent of the fakes).

Each accepted connection is given to a *handler* in a thread of its own, with the raw request
already read (head and, when it has a ``Content-Length``, body). The handler writes whatever
bytes it likes, at whatever pace: slow drips, endless interim responses, huge or endless
bodies, compression bombs, or a plain answer (e.g. a login that has to succeed first).

    def drip(conn: Connection) -> None:
        conn.send(b"HTTP/1.1 200 OK\\r\\nContent-Length: 100\\r\\n\\r\\n")
        while conn.send(b"x"):          # False once the peer left or the server stops
            conn.sleep(1.0)

    with HostileServer(drip) as server:
        ...  # server.base_url is http://127.0.0.1:<ephemeral port>

``stop()`` (or leaving the ``with``) closes the listening socket and every connection and joins
every thread, so a handler that loops "forever" ends as soon as its ``send``/``sleep`` sees the
stop. A handler that raises is recorded in ``server.errors`` (a test can assert it is empty)
except for the connection errors a client hanging up causes.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
import zlib
from collections.abc import Callable, Iterator, Mapping
from types import TracebackType

__all__ = [
    "Connection",
    "Handler",
    "HostileServer",
    "gzip_stream",
    "response_head",
]

#: the most of a request head the server reads (a client never sends more)
_MAX_HEAD = 64 * 1024


class Connection:
    """One accepted connection, as a handler sees it."""

    def __init__(self, sock: socket.socket, stopping: threading.Event) -> None:
        self.sock = sock
        self._stopping = stopping
        self.request = b""  # the raw request head (request line and headers, CRLF CRLF)
        self.body = b""
        self.method = ""
        self.path = ""
        self.headers: dict[str, str] = {}  # lower-cased names
        self.sent = 0  # bytes written so far
        self.closed = False

    # -- reading ---------------------------------------------------------------------------

    def read_request(self) -> bool:
        """Read one request (head, and a ``Content-Length`` body); False if the peer left."""
        data = b""
        while b"\r\n\r\n" not in data:
            if len(data) > _MAX_HEAD:
                return False
            chunk = self._recv()
            if not chunk:
                return False
            data += chunk
        head, _, rest = data.partition(b"\r\n\r\n")
        self.request = head + b"\r\n\r\n"
        lines = head.decode("latin-1").split("\r\n")
        parts = lines[0].split(" ")
        self.method, self.path = parts[0], parts[1] if len(parts) > 1 else ""
        self.headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            self.headers[name.strip().lower()] = value.strip()
        length = int(self.headers.get("content-length", "0") or 0)
        while len(rest) < length:
            chunk = self._recv()
            if not chunk:
                return False
            rest += chunk
        self.body = rest[:length]
        return True

    def _recv(self) -> bytes:
        while not self._stopping.is_set():
            try:
                return self.sock.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                return b""
        return b""

    # -- writing ---------------------------------------------------------------------------

    @property
    def alive(self) -> bool:
        return not self.closed and not self._stopping.is_set()

    def send(self, data: bytes) -> bool:
        """Write ``data`` whole; False (and nothing raised) once the peer left or we stop."""
        view = memoryview(data)
        while view and self.alive:
            try:
                n = self.sock.send(view)
            except TimeoutError:
                continue
            except OSError:
                self.closed = True
                return False
            self.sent += n
            view = view[n:]
        return self.alive

    def sleep(self, seconds: float) -> bool:
        """Pause (woken early by ``stop``); False if the server is stopping."""
        return not self._stopping.wait(seconds)

    def drip(self, data: bytes, interval: float, *, step: int = 1) -> bool:
        """Send ``data`` ``step`` bytes at a time, ``interval`` seconds apart."""
        for i in range(0, len(data), step):
            if not self.send(data[i : i + step]) or not self.sleep(interval):
                return False
        return True

    def respond(
        self,
        status: int,
        body: bytes = b"",
        headers: Mapping[str, str] | None = None,
        *,
        reason: str = "X",
    ) -> bool:
        """A plain, complete response (``Connection: close``)."""
        all_headers = {"Content-Length": str(len(body)), "Connection": "close"}
        all_headers.update(headers or {})
        return self.send(response_head(status, all_headers, reason=reason) + body)

    def hold(self) -> None:
        """Keep the connection open, silent, until the peer leaves or the server stops."""
        while self.alive:
            try:
                if self.sock.recv(65536) == b"":
                    return
            except TimeoutError:
                continue
            except OSError:
                return

    def close(self) -> None:
        self.closed = True
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)
        with contextlib.suppress(OSError):
            self.sock.close()


#: a handler serves one connection; the server closes the socket when it returns
Handler = Callable[[Connection], None]


def response_head(status: int, headers: Mapping[str, str], *, reason: str = "X") -> bytes:
    lines = [f"HTTP/1.1 {status} {reason}"] + [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def gzip_stream(total: int | None, *, block: int = 1 << 20) -> Iterator[bytes]:
    """A gzip member of ``total`` zero bytes (endless if ``None``), produced as it is sent: a
    compression bomb (about 1,000:1) that never sits in the server's memory."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)  # wbits 31: a gzip header and trailer
    zeros = bytes(block)
    left = total
    while left is None or left > 0:
        n = block if left is None else min(block, left)
        out = comp.compress(zeros[:n])
        if out:
            yield out
        if left is not None:
            left -= n
    yield comp.flush()


class HostileServer:
    """A threaded loopback server: ``handler(conn)`` per connection, on an ephemeral port."""

    def __init__(self, handler: Handler, *, host: str = "127.0.0.1") -> None:
        self.handler = handler
        self.errors: list[BaseException] = []
        self.connections = 0
        self._stopping = threading.Event()
        self._listener = socket.create_server((host, 0))
        self._listener.settimeout(0.05)
        self.host, self.port = self._listener.getsockname()[:2]
        self._threads: list[threading.Thread] = []
        self._conns: list[Connection] = []
        self._lock = threading.Lock()
        self._acceptor = threading.Thread(target=self._accept, name="hostile-accept", daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> HostileServer:
        self._acceptor.start()
        return self

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                sock, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            sock.settimeout(0.05)  # so every blocking call notices a stop quickly
            conn = Connection(sock, self._stopping)
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            with self._lock:
                self.connections += 1
                self._conns.append(conn)
                self._threads.append(thread)
            thread.start()

    def _serve(self, conn: Connection) -> None:
        try:
            if conn.read_request():
                self.handler(conn)
        except (ConnectionError, BrokenPipeError):
            pass
        except BaseException as exc:  # recorded for the test; the thread must not die loudly
            self.errors.append(exc)
        finally:
            conn.close()

    def active(self) -> int:
        """Connections still being served (a handler ends once the client hangs up on it)."""
        with self._lock:
            return sum(t.is_alive() for t in self._threads)

    def wait_idle(self, timeout: float) -> bool:
        """True once no connection is being served (e.g. the client dropped each one)."""
        end = time.monotonic() + timeout
        while self.active():
            if time.monotonic() > end:
                return False
            time.sleep(0.02)
        return True

    def stop(self, timeout: float = 5.0) -> None:
        """Close everything and join every thread (a handler ends at its next send/sleep)."""
        self._stopping.set()
        with contextlib.suppress(OSError):
            self._listener.close()
        self._acceptor.join(timeout)
        with self._lock:
            conns, threads = list(self._conns), list(self._threads)
        for conn in conns:
            conn.close()
        end = time.monotonic() + timeout
        for thread in threads:
            thread.join(max(0.0, end - time.monotonic()))
        alive = [t for t in threads if t.is_alive()]
        if alive:  # pragma: no cover - a handler that ignores the stop
            raise RuntimeError(f"{len(alive)} hostile handler thread(s) did not stop")

    def __enter__(self) -> HostileServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
