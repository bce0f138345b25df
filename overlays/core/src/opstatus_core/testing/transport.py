"""What a fake does with one request (``FakeResult``), and the in-process transport that carries
it out for ``httpx.Client`` and ``httpx.AsyncClient`` with no network: transport faults become
the exceptions httpx raises for the real thing. Knows nothing of ``FakeService`` beyond
``handle`` (the service imports this module, never the other way round)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Literal, Protocol

import httpx

__all__ = ["Action", "FakeResult", "FakeTransport", "Handles"]

Action = Literal["respond", "drop", "refuse", "hang", "reset"]


@dataclass(frozen=True)
class FakeResult:
    """What the fake does with one request; the transport or the server carries it out.

    ``respond``: send ``response`` after ``delay`` seconds. ``drop``/``refuse``: close with no
    response. ``hang``: never answer. ``reset``: headers with the full Content-Length, then the
    first ``cut`` bytes of the body, then close.
    """

    response: httpx.Response | None
    action: Action = "respond"
    delay: float = 0.0
    cut: int = 0


class Handles(Protocol):
    """What a transport or a server needs of a fake: one request in, one ``FakeResult`` out."""

    def handle(self, request: httpx.Request) -> FakeResult: ...


class _ResetStream(httpx.SyncByteStream, httpx.AsyncByteStream):
    """Yields part of the body, then fails the way a connection closed mid-body does."""

    def __init__(self, part: bytes, expected: int, request: httpx.Request) -> None:
        self._part = part
        self._expected = expected
        self._request = request

    def _error(self) -> httpx.RemoteProtocolError:
        return httpx.RemoteProtocolError(
            "peer closed connection without sending complete message body "
            f"(received {len(self._part)} bytes, expected {self._expected})",
            request=self._request,
        )

    def __iter__(self) -> Iterator[bytes]:
        if self._part:
            yield self._part
        raise self._error()

    async def __aiter__(self) -> AsyncIterator[bytes]:
        if self._part:
            yield self._part
        raise self._error()


def _read_timeout(request: httpx.Request) -> float | None:
    timeout = request.extensions.get("timeout")
    if isinstance(timeout, dict):
        value = timeout.get("read")
        return float(value) if value is not None else None
    return None


class FakeTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """``httpx.Client(transport=FakeTransport(fake))`` or ``httpx.AsyncClient(...)``.

    drop -> ``RemoteProtocolError``; refuse -> ``ConnectError``; hang, or a delay at or over the
    request's read timeout -> ``ReadTimeout`` at once (no sleeping); a shorter delay sleeps
    (``asyncio.sleep`` for async clients); reset -> the body stream fails part-way with
    ``RemoteProtocolError``.
    """

    def __init__(
        self,
        fake: Handles,
        *,
        sleep: Callable[[float], None] = time.sleep,
        async_sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.fake = fake
        self._sleep = sleep
        self._async_sleep = async_sleep

    def _delay(self, request: httpx.Request, result: FakeResult) -> float:
        """Seconds to wait before answering; raises for what never (or too late) arrives."""
        if result.action == "refuse":
            raise httpx.ConnectError("[Errno 111] Connection refused (fake)", request=request)
        if result.action == "drop":
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request
            )
        if result.action == "hang":
            raise httpx.ReadTimeout("timed out (the fake never answers)", request=request)
        limit = _read_timeout(request)
        if result.delay > 0 and limit is not None and result.delay >= limit:
            raise httpx.ReadTimeout(
                f"timed out (the fake answers after {result.delay:g}s, read timeout {limit:g}s)",
                request=request,
            )
        return result.delay

    @staticmethod
    def _response(request: httpx.Request, result: FakeResult) -> httpx.Response:
        response = result.response
        assert response is not None
        if result.action != "reset":
            return httpx.Response(
                response.status_code,
                headers=response.headers,
                content=response.content,
                request=request,
            )
        body = response.content
        headers = [
            (k, v) for k, v in response.headers.multi_items() if k.lower() != "content-length"
        ]
        headers.append(("content-length", str(len(body))))
        return httpx.Response(
            response.status_code,
            headers=headers,
            stream=_ResetStream(body[: result.cut], len(body), request),
            request=request,
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        result = self.fake.handle(request)
        delay = self._delay(request, result)
        if delay > 0:
            self._sleep(delay)
        return self._response(request, result)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        result = self.fake.handle(request)
        delay = self._delay(request, result)
        if delay > 0:
            await self._async_sleep(delay)
        return self._response(request, result)
