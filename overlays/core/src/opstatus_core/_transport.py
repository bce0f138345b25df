"""The transport every SDK client sends through: each request bounded in total time and size.

httpx's ``Timeout`` bounds each socket operation, not a request (a server dripping one byte a
second keeps it alive forever), and a body is read whole whatever its size. So:

- :class:`BoundedTransport` gives each request one deadline, ``min(now + its timeout, the
  wait's deadline)``, and reads the body itself, counted on the wire and once decoded: past
  ``max_response_bytes`` the connection is dropped (:class:`ResponseTooLargeError`). The caller
  gets an ordinary ``httpx.Response``, already read and decoded.
- the network backend of the default transport (:mod:`._backend`) gives every socket operation
  only the time left to that deadline, so the status line and headers are bounded too. No
  thread and no timer outlives a call.

The wait's deadline reaches the request through a context variable (:func:`wait_deadline`),
which serves threads and asyncio tasks alike. Each pool core builds lets through at most its
``max_connections`` requests (:class:`_Slots`): httpcore's own queue costs O(queued x
connections) per request, so thousands of waits on one client would make it CPU-bound.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator, Mapping
from contextvars import ContextVar
from typing import Any, Generic, TypeVar, cast

import attrs
import httpx

__all__ = [
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_REQUEST_TIMEOUT",
    "AsyncBoundedTransport",
    "BoundedTransport",
    "ResponseTooLargeError",
    "WaitDeadlineExceeded",
    "bounded_args",
    "wait_deadline",
]

#: the default response size limit: 16 MiB, on the wire and decoded (a status document is a
#: few kB; the largest documented listing pages stay far below it)
DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024

#: the default total time of one request (connect, headers and body), in seconds
DEFAULT_REQUEST_TIMEOUT = 30.0

#: the least time a request gets from a wait's deadline: a wait polls once more at its
#: deadline, and that poll may take this long (the documented overrun of a wait's deadline)
LAST_POLL_GRACE = 0.5

#: a timeout this close to the request's deadline is that deadline's (socket timeouts are not
#: exact)
_EARLY = 0.05

#: compressed input is fed to the decoder in pieces this small, so one step inflates at most
#: ~1,000 times this much (the ratio of a deflate bomb) before the decoded count is checked
_PIECE = 1024


class WaitDeadlineExceeded(httpx.TimeoutException):
    """A request was cut because the wait (or call) it belongs to reached its deadline."""


class ResponseTooLargeError(httpx.RequestError):
    """A response body went past the client's ``max_response_bytes`` (the connection is
    dropped)."""


# -- the deadline of the request in flight ------------------------------------------------------


@attrs.frozen(slots=True)
class _Limit:
    deadline: float  # time.monotonic()
    seconds: float  # the total allowed when the request started (for messages)
    by_wait: bool  # the wait's deadline is nearer than the request's own timeout


#: when the current wait ends (time.monotonic()), set by the drivers around a request
_WAIT_DEADLINE: ContextVar[float | None] = ContextVar("opstatus_wait_deadline", default=None)
#: the request in flight in this thread/task (read by the network streams)
_REQUEST_LIMIT: ContextVar[_Limit | None] = ContextVar("opstatus_request_limit", default=None)


@contextlib.contextmanager
def wait_deadline(seconds_left: float) -> Iterator[None]:
    """Requests sent inside end by ``seconds_left`` from now (a nested wait keeps the nearer)."""
    deadline = time.monotonic() + max(0.0, seconds_left)
    outer = _WAIT_DEADLINE.get()
    if outer is not None:
        deadline = min(deadline, outer)
    token = _WAIT_DEADLINE.set(deadline)
    try:
        yield
    finally:
        _WAIT_DEADLINE.reset(token)


def _limit_for(request: httpx.Request) -> _Limit | None:
    """The request's deadline: its own timeout (the largest of httpx's four phases) as a total,
    or the wait's deadline if nearer."""
    timeouts = request.extensions.get("timeout") or {}
    own = max((float(v) for v in timeouts.values() if v is not None), default=None)
    now, wait = time.monotonic(), _WAIT_DEADLINE.get()
    if wait is not None:
        wait = max(wait, now + LAST_POLL_GRACE)  # a poll sent at the deadline (a wait's last)
        if own is None or wait < now + own:
            return _Limit(deadline=wait, seconds=wait - now, by_wait=True)
    return None if own is None else _Limit(deadline=now + own, seconds=own, by_wait=False)


def _time_left(timeout: float | None, error: type[Exception]) -> float | None:
    """A socket operation's timeout, cut to what is left of the request's total time."""
    limit = _REQUEST_LIMIT.get()
    if limit is None:
        return timeout
    left = limit.deadline - time.monotonic()
    if left <= 0:
        raise error(_over(limit))
    return left if timeout is None else min(timeout, left)


def _over(limit: _Limit) -> str:
    if limit.by_wait:
        return f"the request was cut at the wait's deadline, {limit.seconds:.3g} s after it began"
    return f"the request took longer than its total limit of {limit.seconds:.3g} s"


def _timed_out(
    exc: httpx.TimeoutException, limit: _Limit | None, request: httpx.Request
) -> httpx.TimeoutException:
    """The exception to raise for a timeout that came at the request's deadline: the wait's
    (:class:`WaitDeadlineExceeded`) if that was the nearer one, else the same kind of timeout
    saying it was the total limit."""
    if limit is None or isinstance(exc, WaitDeadlineExceeded):
        return exc
    if time.monotonic() < limit.deadline - _EARLY:  # an earlier timeout, of one socket operation
        return exc
    cls = WaitDeadlineExceeded if limit.by_wait else type(exc)
    return cls(_over(limit), request=request)


# -- reading a response within the size limit -----------------------------------------------------


class _Body:
    """One response read within the size limit and the request's deadline: counted on the wire
    (compressed input fed to the decoder in small pieces), then once decoded."""

    def __init__(
        self, response: httpx.Response, request: httpx.Request, limit: int, deadline: _Limit | None
    ) -> None:
        self.response, self.request, self.limit, self.deadline = response, request, limit, deadline
        self.encoded = "content-encoding" in response.headers
        self.wire = self.decoded = 0
        self.parts: list[bytes] = []
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise self._too_large(f"declares {int(declared):,} bytes, over")

    def _too_large(self, what: str, how: str = "") -> ResponseTooLargeError:
        message = f"the response {what} the {self.limit:,}-byte limit{how} (max_response_bytes)"
        return ResponseTooLargeError(message, request=self.request)

    def decoding(self, wire: Iterator[bytes] | AsyncIterator[bytes]) -> httpx.Response:
        """A response decoding ``wire`` (the raw body, through :meth:`on_wire`)."""
        response = self.response
        return httpx.Response(
            response.status_code, headers=response.headers, content=wire, request=self.request
        )

    def on_wire(self, chunk: bytes) -> list[bytes]:
        self.wire += len(chunk)
        if self.wire > self.limit:
            raise self._too_large("went past", " on the wire")
        if self.deadline is not None and time.monotonic() > self.deadline.deadline:
            # _bounded, around the read, makes it the wait's WaitDeadlineExceeded if that was nearer
            raise httpx.ReadTimeout(_over(self.deadline), request=self.request)
        if not self.encoded:
            return [chunk]
        return [chunk[i : i + _PIECE] for i in range(0, len(chunk), _PIECE)]

    def iter_wire(self) -> Iterator[bytes]:
        for chunk in cast("Iterable[bytes]", self.response.stream):
            yield from self.on_wire(chunk)

    async def aiter_wire(self) -> AsyncIterator[bytes]:
        async for chunk in cast("AsyncIterable[bytes]", self.response.stream):
            for piece in self.on_wire(chunk):
                yield piece

    def on_decoded(self, chunk: bytes) -> None:
        self.parts.append(chunk)
        self.decoded += len(chunk)
        if self.decoded > self.limit:
            raise self._too_large("went past", " once decompressed")

    def result(self) -> httpx.Response:
        """The response to hand back: the same status, headers and extensions, the body read and
        decoded (so the encoding headers no longer describe it and are dropped)."""
        headers = self.response.headers
        if self.encoded:
            dropped = ("content-encoding", "content-length")
            headers = httpx.Headers(
                [(k, v) for k, v in headers.multi_items() if k.lower() not in dropped]
            )
        return httpx.Response(
            self.response.status_code,
            headers=headers,
            content=b"".join(self.parts),
            request=self.request,
            extensions=self.response.extensions,
        )


@contextlib.contextmanager
def _bounded(request: httpx.Request) -> Iterator[_Limit | None]:
    """The request's deadline, for the network streams (and the body) within; a timeout at it
    is said to be the request's total limit or the wait's deadline (:func:`_timed_out`)."""
    limit = _limit_for(request)
    token = _REQUEST_LIMIT.set(limit)
    try:
        yield limit
    except httpx.TimeoutException as exc:
        raise _timed_out(exc, limit, request) from exc
    finally:
        _REQUEST_LIMIT.reset(token)


def _queue_time_left() -> float | None:
    """How long a request may wait for a free connection: until the wait's deadline (``None``:
    no deadline; every request in flight ends by its own, so the queue always moves)."""
    wait = _WAIT_DEADLINE.get()
    return None if wait is None else max(0.0, wait - time.monotonic())


def _no_slot(request: httpx.Request) -> WaitDeadlineExceeded:
    return WaitDeadlineExceeded(
        "the request was cut at the wait's deadline, waiting for a free connection of the "
        "client's pool (httpx_args limits: max_connections)",
        request=request,
    )


class _Slots:
    """At most ``size`` requests in flight through one pool (``None``: no limit); the others
    wait their turn here, in FIFO order, until the wait's deadline (a request's own total time
    starts once it has its slot). A semaphore for threads, and one per event loop, made when
    first needed (asyncio is imported by async users only): an asyncio semaphore that ever
    waited refuses any other loop, and an async client may serve one ``asyncio.run`` after
    another."""

    def __init__(self, size: int | None) -> None:
        self.size = size
        self._sync = None if size is None else threading.BoundedSemaphore(size)
        self._loop: object = None
        self._async: Any = None

    @contextlib.contextmanager
    def held(self, request: httpx.Request) -> Iterator[None]:
        if self._sync is None:
            yield
            return
        if not self._sync.acquire(timeout=_queue_time_left()):
            raise _no_slot(request)
        try:
            yield
        finally:
            self._sync.release()

    @contextlib.asynccontextmanager
    async def aheld(self, request: httpx.Request) -> AsyncIterator[None]:
        if self.size is None:
            yield
            return
        import asyncio

        if self._loop is not (loop := asyncio.get_running_loop()):
            self._loop, self._async = loop, asyncio.Semaphore(self.size)
        slots = self._async
        try:
            async with asyncio.timeout(_queue_time_left()):
                await slots.acquire()
        except TimeoutError:
            raise _no_slot(request) from None
        try:
            yield
        finally:
            slots.release()


_Inner = TypeVar("_Inner", httpx.BaseTransport, httpx.AsyncBaseTransport)


class _Bounds(Generic[_Inner]):
    """The transport both bounded transports wrap, and its bounds."""

    def __init__(
        self, inner: _Inner, *, max_response_bytes: int, max_in_flight: int | None = None
    ) -> None:
        self.inner: _Inner = inner
        self.max_response_bytes = max_response_bytes
        self.slots = _Slots(max_in_flight)


class BoundedTransport(_Bounds[httpx.BaseTransport], httpx.BaseTransport):
    """Any sync httpx transport, each request bounded in total time and response size."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        with self.slots.held(request), _bounded(request) as limit:
            response = self.inner.handle_request(request)
            with contextlib.closing(response):  # an unfinished body: the connection is dropped
                body = _Body(response, request, self.max_response_bytes, limit)
                for chunk in body.decoding(body.iter_wire()).iter_bytes():
                    body.on_decoded(chunk)
        return body.result()

    def close(self) -> None:
        self.inner.close()


class AsyncBoundedTransport(_Bounds[httpx.AsyncBaseTransport], httpx.AsyncBaseTransport):
    """Any async httpx transport, each request bounded in total time and response size."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        async with self.slots.aheld(request):
            with _bounded(request) as limit:
                response = await self.inner.handle_async_request(request)
                async with contextlib.aclosing(response):
                    body = _Body(response, request, self.max_response_bytes, limit)
                    async for chunk in body.decoding(body.aiter_wire()).aiter_bytes():
                        body.on_decoded(chunk)
        return body.result()

    async def aclose(self) -> None:
        await self.inner.aclose()


#: ``httpx_args`` that configure the transport, not the client: core builds the transport, so it
#: passes them on (a caller's ``limits`` were silently dropped before)
_TRANSPORT_SETTINGS = ("cert", "http1", "http2", "limits", "trust_env")


def bounded_args(
    args: Mapping[str, Any], *, asynchronous: bool, verify: bool, max_response_bytes: int
) -> dict[str, Any]:
    """``httpx.Client``/``AsyncClient`` arguments whose every route is bounded: the given
    transport, or httpx's default with the deadline backend. httpx ignores the environment's
    proxies and its transport settings (``limits``, ``http2``, ...) once a transport is passed,
    so they are applied here as httpx would, each proxy mounted through a bounded transport."""
    # what httpx.Client passes to the transports it builds (httpx._client._init_transport)
    settings = {key: args[key] for key in _TRANSPORT_SETTINGS if key in args}
    from httpx._config import DEFAULT_LIMITS  # what httpx builds a pool with when not told

    pool_size = settings.get("limits", DEFAULT_LIMITS).max_connections

    def bounded(transport: Any, proxy: Any = None) -> Any:
        in_flight = None  # a transport of the caller's: its own business
        if transport is None:
            from ._backend import wrap_pool_backend  # httpcore loads with httpx's first transport

            default = httpx.AsyncHTTPTransport if asynchronous else httpx.HTTPTransport
            transport = default(verify=verify, proxy=proxy, **settings)
            wrap_pool_backend(transport)
            in_flight = pool_size
        wrap = AsyncBoundedTransport if asynchronous else BoundedTransport
        return wrap(transport, max_response_bytes=max_response_bytes, max_in_flight=in_flight)

    out = dict(args)
    given = out.get("transport")
    out["transport"] = bounded(given)
    proxy = out.pop("proxy", None)
    if proxy is not None:
        proxies: Mapping[str, Any] = {"all://": proxy}
    elif given is None and out.get("trust_env", True):
        from httpx._utils import get_environment_proxies  # httpx's own reading of the env

        proxies = get_environment_proxies()
    else:
        proxies = {}
    if proxies:
        mounts = {k: None if url is None else bounded(None, url) for k, url in proxies.items()}
        out["mounts"] = {**mounts, **(out.get("mounts") or {})}
    return out
