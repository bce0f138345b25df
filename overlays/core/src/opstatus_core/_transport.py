"""The transport every SDK client sends through: each request bounded in total time and size.

httpx's ``Timeout`` bounds each socket operation, not a request: a server that sends one byte a
second (the status line, the headers, ``102 Processing`` after ``102 Processing``, or the body)
keeps a request alive forever, and a response is read whole into memory whatever its size.
Two layers close that:

- :class:`BoundedTransport` (around any httpx transport) gives each request one deadline,
  ``min(now + its timeout, the wait's deadline)``, and reads the response itself, on the wire and
  after decompression, through a byte counter: past ``max_response_bytes`` the connection is
  dropped and :class:`ResponseTooLargeError` raised; past the deadline, between two chunks,
  ``httpx.ReadTimeout`` (or :class:`WaitDeadlineExceeded` when the wait's deadline was the
  nearer one). The caller gets an ordinary ``httpx.Response`` whose body is already read and
  decoded (so ``Content-Encoding`` is dropped from its headers).
- the httpcore network backend of the default transport (:mod:`._backend`) gives every
  connect, TLS handshake, write and read only the time left to that deadline, so the status line,
  headers and interim responses are bounded too, and a slow peer is cut mid-read. No thread and
  no timer outlives a call: the limit is a timeout on the socket operation itself.

The wait's deadline reaches the request through a context variable (:func:`wait_deadline`),
set by the drivers around each request; the same code serves threads and asyncio tasks.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator, Iterable, Iterator, Mapping
from contextvars import ContextVar
from typing import Any

import attrs
import httpx

__all__ = [
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_REQUEST_TIMEOUT",
    "AsyncBoundedTransport",
    "BoundedTransport",
    "ResponseTooLargeError",
    "WaitDeadlineExceeded",
    "async_transport",
    "bounded_args",
    "sync_transport",
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
    dropped). ``limit`` is that setting; ``where`` says whether the wire size or the decoded
    size went past it."""

    def __init__(self, message: str, *, limit: int, where: str, request: httpx.Request) -> None:
        super().__init__(message, request=request)
        self.limit = limit
        self.where = where


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
    phases = [float(v) for v in timeouts.values() if v is not None]
    now = time.monotonic()
    own = now + max(phases) if phases else None
    wait = _WAIT_DEADLINE.get()
    if wait is not None:
        # a poll sent at the deadline (a wait's last) still gets LAST_POLL_GRACE
        wait = max(wait, now + LAST_POLL_GRACE)
    if wait is not None and (own is None or wait < own):
        return _Limit(deadline=wait, seconds=wait - now, by_wait=True)
    if own is None:
        return None
    return _Limit(deadline=own, seconds=max(phases), by_wait=False)


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
    saying it was the total limit. An earlier timeout (of one socket operation) is kept."""
    if limit is None or isinstance(exc, WaitDeadlineExceeded):
        return exc
    if time.monotonic() < limit.deadline - _EARLY:
        return exc
    cls = WaitDeadlineExceeded if limit.by_wait else type(exc)
    return cls(_over(limit), request=request)


# -- reading a response within the size limit -----------------------------------------------------


def _declared_too_large(response: httpx.Response, limit: int, request: httpx.Request) -> None:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise ResponseTooLargeError(
            f"the response declares {int(declared):,} bytes, over the {limit:,}-byte limit "
            "(max_response_bytes)",
            limit=limit,
            where="declared",
            request=request,
        )


class _Counter:
    """Counts the bytes of one response against the limit and the request's deadline."""

    def __init__(self, limit: int, deadline: _Limit | None, request: httpx.Request) -> None:
        self.limit = limit
        self.deadline = deadline
        self.request = request
        self.wire = 0
        self.decoded = 0

    def on_wire(self, chunk: bytes, *, encoded: bool) -> list[bytes]:
        self.wire += len(chunk)
        if self.wire > self.limit:
            raise ResponseTooLargeError(
                f"the response went past the {self.limit:,}-byte limit on the wire "
                "(max_response_bytes)",
                limit=self.limit,
                where="wire",
                request=self.request,
            )
        if self.deadline is not None and time.monotonic() > self.deadline.deadline:
            timeout = httpx.ReadTimeout(_over(self.deadline), request=self.request)
            raise _timed_out(timeout, self.deadline, self.request)
        if not encoded:
            return [chunk]
        return [chunk[i : i + _PIECE] for i in range(0, len(chunk), _PIECE)]

    def on_decoded(self, chunk: bytes) -> None:
        self.decoded += len(chunk)
        if self.decoded > self.limit:
            raise ResponseTooLargeError(
                f"the response went past the {self.limit:,}-byte limit once decompressed "
                "(max_response_bytes)",
                limit=self.limit,
                where="decoded",
                request=self.request,
            )


class _WireStream(httpx.SyncByteStream):
    def __init__(self, raw: Iterable[bytes], counter: _Counter, *, encoded: bool) -> None:
        self._raw, self._counter, self._encoded = raw, counter, encoded

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._raw:
            yield from self._counter.on_wire(chunk, encoded=self._encoded)


class _AsyncWireStream(httpx.AsyncByteStream):
    def __init__(self, raw: httpx.AsyncByteStream, counter: _Counter, *, encoded: bool) -> None:
        self._raw, self._counter, self._encoded = raw, counter, encoded

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._raw:
            for piece in self._counter.on_wire(chunk, encoded=self._encoded):
                yield piece


def _read_response(
    response: httpx.Response, body: bytes, request: httpx.Request, encoded: bool
) -> httpx.Response:
    """The response to hand back: the same status, headers and extensions, the body read and
    decoded (so the encoding headers no longer describe it and are dropped)."""
    headers = response.headers
    if encoded:
        headers = httpx.Headers(
            [
                (k, v)
                for k, v in response.headers.multi_items()
                if k.lower() not in ("content-encoding", "content-length")
            ]
        )
    return httpx.Response(
        response.status_code,
        headers=headers,
        content=body,
        request=request,
        extensions=response.extensions,
    )


class BoundedTransport(httpx.BaseTransport):
    """Any sync httpx transport, each request bounded in total time and response size."""

    def __init__(self, inner: httpx.BaseTransport, *, max_response_bytes: int) -> None:
        self.inner = inner
        self.max_response_bytes = max_response_bytes

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        limit = _limit_for(request)
        token = _REQUEST_LIMIT.set(limit)
        try:
            response = self.inner.handle_request(request)
            try:
                _declared_too_large(response, self.max_response_bytes, request)
                counter = _Counter(self.max_response_bytes, limit, request)
                encoded = "content-encoding" in response.headers
                assert isinstance(response.stream, Iterable)
                reading = httpx.Response(
                    response.status_code,
                    headers=response.headers,
                    stream=_WireStream(response.stream, counter, encoded=encoded),
                    request=request,
                )
                parts: list[bytes] = []
                for chunk in reading.iter_bytes():
                    counter.on_decoded(chunk)
                    parts.append(chunk)
            finally:
                response.close()  # an unfinished body: the connection is dropped, not reused
        except httpx.TimeoutException as exc:
            raise _timed_out(exc, limit, request) from exc
        finally:
            _REQUEST_LIMIT.reset(token)
        return _read_response(response, b"".join(parts), request, encoded)

    def close(self) -> None:
        self.inner.close()


class AsyncBoundedTransport(httpx.AsyncBaseTransport):
    """Any async httpx transport, each request bounded in total time and response size."""

    def __init__(self, inner: httpx.AsyncBaseTransport, *, max_response_bytes: int) -> None:
        self.inner = inner
        self.max_response_bytes = max_response_bytes

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        limit = _limit_for(request)
        token = _REQUEST_LIMIT.set(limit)
        try:
            response = await self.inner.handle_async_request(request)
            try:
                _declared_too_large(response, self.max_response_bytes, request)
                counter = _Counter(self.max_response_bytes, limit, request)
                encoded = "content-encoding" in response.headers
                assert isinstance(response.stream, httpx.AsyncByteStream)
                reading = httpx.Response(
                    response.status_code,
                    headers=response.headers,
                    stream=_AsyncWireStream(response.stream, counter, encoded=encoded),
                    request=request,
                )
                parts: list[bytes] = []
                async for chunk in reading.aiter_bytes():
                    counter.on_decoded(chunk)
                    parts.append(chunk)
            finally:
                await response.aclose()
        except httpx.TimeoutException as exc:
            raise _timed_out(exc, limit, request) from exc
        finally:
            _REQUEST_LIMIT.reset(token)
        return _read_response(response, b"".join(parts), request, encoded)

    async def aclose(self) -> None:
        await self.inner.aclose()


def sync_transport(
    transport: httpx.BaseTransport | None,
    *,
    verify: bool,
    max_response_bytes: int,
    proxy: Any = None,
) -> BoundedTransport:
    """The transport of a sync client: ``transport`` (e.g. a fake's) or httpx's default (through
    ``proxy``, if given) with the deadline backend, bounded."""
    if transport is None:
        from ._backend import wrap_pool_backend  # httpcore loads with httpx's first transport

        default = httpx.HTTPTransport(verify=verify, proxy=proxy)
        wrap_pool_backend(default)
        transport = default
    return BoundedTransport(transport, max_response_bytes=max_response_bytes)


def async_transport(
    transport: httpx.AsyncBaseTransport | None,
    *,
    verify: bool,
    max_response_bytes: int,
    proxy: Any = None,
) -> AsyncBoundedTransport:
    """The async flavour of :func:`sync_transport`."""
    if transport is None:
        from ._backend import wrap_pool_backend  # httpcore loads with httpx's first transport

        default = httpx.AsyncHTTPTransport(verify=verify, proxy=proxy)
        wrap_pool_backend(default)
        transport = default
    return AsyncBoundedTransport(transport, max_response_bytes=max_response_bytes)


def bounded_args(
    args: Mapping[str, Any], *, asynchronous: bool, verify: bool, max_response_bytes: int
) -> dict[str, Any]:
    """``httpx.Client``/``AsyncClient`` arguments whose every route is bounded.

    The transport is the given one (a fake's) or httpx's default, bounded. Proxies are what
    httpx itself would use: an explicit ``proxy``, else (with no explicit transport and
    ``trust_env``) ``HTTP_PROXY``/``HTTPS_PROXY``/``ALL_PROXY``/``NO_PROXY`` as httpx reads them.
    httpx ignores the environment once a transport is passed, so they are mounted here, each
    through a bounded transport of its own.
    """
    out = dict(args)
    make: Any = async_transport if asynchronous else sync_transport
    given = out.get("transport")
    out["transport"] = make(given, verify=verify, max_response_bytes=max_response_bytes)
    proxy = out.pop("proxy", None)
    if proxy is not None:
        proxies: Mapping[str, Any] = {"all://": proxy}
    elif given is None and out.get("trust_env", True):
        from httpx._utils import get_environment_proxies  # httpx's own reading of the env

        proxies = get_environment_proxies()
    else:
        proxies = {}
    if proxies:
        mounts = {
            pattern: None
            if url is None
            else make(None, verify=verify, max_response_bytes=max_response_bytes, proxy=url)
            for pattern, url in proxies.items()
        }
        out["mounts"] = {**mounts, **(out.get("mounts") or {})}
    return out
