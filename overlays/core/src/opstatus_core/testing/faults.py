"""Fault injection shared by every fake: what can go wrong, and when.

A ``Fault`` says what goes wrong with one response; a ``FaultPlan`` says which requests get one:
faults queued for the next matching requests (optionally only for one operation id, one route or
a path glob), and/or a seeded random fraction of all requests. Every injected fault is recorded
(``plan.injected``, ``plan.tally``) so a test can assert on what it caused.

Body faults that need to know where the status sits (``unknown_status``, ``missing_status``,
``mismatched_id``, ``regress_to``) use the pointers of the route's polling rule (core's
``PollingRule``, read from its ``x-opstatus``), so this module stays provider-agnostic.
"""

from __future__ import annotations

import copy
import email.utils
import fnmatch
import json
import random
import threading
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

import httpx

from .._rule import PollingRule, resolve_pointer

__all__ = [
    "Fault",
    "FaultContext",
    "FaultKind",
    "FaultPlan",
    "InjectedFault",
    "pointer_remove",
    "pointer_set",
    "transform_response",
]


class FaultKind(StrEnum):
    HTTP_ERROR = "http_error"
    DROP_CONNECTION = "drop_connection"
    REFUSE_CONNECTION = "refuse_connection"
    RESET_MID_BODY = "reset_mid_body"
    SLOW = "slow"
    HANG = "hang"
    TRUNCATED_BODY = "truncated_body"
    NOT_JSON = "not_json"
    HTML_200 = "html_200"
    WRONG_CONTENT_TYPE = "wrong_content_type"
    HUGE_BODY = "huge_body"
    UNKNOWN_STATUS = "unknown_status"
    MISSING_STATUS = "missing_status"
    MISMATCHED_ID = "mismatched_id"
    REGRESS_TO = "regress_to"
    UNAUTHORIZED = "unauthorized"
    FORBIDDEN = "forbidden"
    VANISHED = "vanished"


#: rewrite the body of a status response: need the route's x-opstatus pointers
NEEDS_POINTERS = frozenset(
    {
        FaultKind.UNKNOWN_STATUS,
        FaultKind.MISSING_STATUS,
        FaultKind.MISMATCHED_ID,
        FaultKind.REGRESS_TO,
    }
)
#: rewrite the body the handler produced
BODY_FAULTS = NEEDS_POINTERS | {
    FaultKind.TRUNCATED_BODY,
    FaultKind.NOT_JSON,
    FaultKind.HTML_200,
    FaultKind.WRONG_CONTENT_TYPE,
    FaultKind.HUGE_BODY,
}


def _retry_after(value: float | datetime | str | None) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return email.utils.format_datetime(value, usegmt=True)
    return str(max(0, round(value)))


def _as_bytes(body: bytes | str | Any) -> bytes:
    if isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode()
    return json.dumps(body).encode()


@dataclass(frozen=True)
class Fault:
    """What goes wrong with one response. Build with the class methods."""

    kind: FaultKind
    status: int = 0
    retry_after: str | None = None
    body: bytes | None = None
    content_type: str | None = None
    seconds: float = 0.0
    size: int = 0
    value: Any = None

    @property
    def label(self) -> str:
        """``kind``, with the status for HTTP errors (``http_error:503``), for tallies."""
        return f"{self.kind}:{self.status}" if self.kind is FaultKind.HTTP_ERROR else self.kind

    # -- answered instead of the real response ------------------------------------------------
    @classmethod
    def http_error(
        cls,
        status: int,
        *,
        retry_after: float | datetime | str | None = None,
        body: bytes | str | Any | None = None,
        content_type: str = "application/json",
    ) -> Fault:
        """An error status. ``retry_after`` in seconds, as a datetime (sent as an HTTP-date) or
        verbatim. Without ``body`` the provider's error hook writes the documented error body."""
        if not 400 <= status <= 599:
            raise ValueError(f"an HTTP error status is 4xx or 5xx, got {status}")
        return cls(
            FaultKind.HTTP_ERROR,
            status=status,
            retry_after=_retry_after(retry_after),
            body=None if body is None else _as_bytes(body),
            content_type=content_type,
        )

    @classmethod
    def too_many_requests(cls, retry_after: float | datetime | str | None = 1) -> Fault:
        return cls.http_error(429, retry_after=retry_after)

    @classmethod
    def unauthorized(cls) -> Fault:
        """401 with the provider's documented body (e.g. a token that expired mid-wait)."""
        return cls(FaultKind.UNAUTHORIZED, status=401)

    @classmethod
    def forbidden(cls) -> Fault:
        return cls(FaultKind.FORBIDDEN, status=403)

    @classmethod
    def vanished(cls) -> Fault:
        """The operation(s) the request names are deleted, then the request is served normally,
        so this and every later poll gets the provider's own 404."""
        return cls(FaultKind.VANISHED, status=404)

    # -- transport ------------------------------------------------------------------------------
    @classmethod
    def drop_connection(cls) -> Fault:
        """The connection is closed without any response."""
        return cls(FaultKind.DROP_CONNECTION)

    @classmethod
    def refuse_connection(cls) -> Fault:
        """In-process: ``httpx.ConnectError``. On loopback the connection already exists, so it
        is closed without a response (stop the server for a real refusal)."""
        return cls(FaultKind.REFUSE_CONNECTION)

    @classmethod
    def reset_mid_body(cls, fraction: float = 0.5) -> Fault:
        """Headers with the full Content-Length, ``fraction`` of the body, then the connection
        closes."""
        if not 0.0 <= fraction < 1.0:
            raise ValueError("fraction must be in [0, 1)")
        return cls(FaultKind.RESET_MID_BODY, value=fraction)

    @classmethod
    def slow(cls, seconds: float) -> Fault:
        """The real response, ``seconds`` late. In-process a delay at or over the client's read
        timeout raises ``httpx.ReadTimeout`` at once instead of sleeping."""
        return cls(FaultKind.SLOW, seconds=seconds)

    @classmethod
    def hang(cls) -> Fault:
        """No response ever: the client's read timeout must fire (in-process: ReadTimeout)."""
        return cls(FaultKind.HANG)

    # -- body -----------------------------------------------------------------------------------
    @classmethod
    def truncated_body(cls, fraction: float = 0.5) -> Fault:
        """The real status, a cut JSON body with a Content-Length that matches the cut."""
        if not 0.0 <= fraction < 1.0:
            raise ValueError("fraction must be in [0, 1)")
        return cls(FaultKind.TRUNCATED_BODY, value=fraction)

    @classmethod
    def not_json(cls, body: bytes = b"this is not JSON {") -> Fault:
        return cls(FaultKind.NOT_JSON, body=body)

    @classmethod
    def html_200(cls) -> Fault:
        """A proxy's HTML error page, served with 200 and text/html."""
        return cls(FaultKind.HTML_200, status=200)

    @classmethod
    def wrong_content_type(cls, content_type: str = "text/plain") -> Fault:
        """The real body, labelled with another content type."""
        return cls(FaultKind.WRONG_CONTENT_TYPE, content_type=content_type)

    @classmethod
    def huge_body(cls, size: int = 16 * 1024 * 1024) -> Fault:
        """The real JSON object padded (``"_padding"``) to at least ``size`` bytes."""
        return cls(FaultKind.HUGE_BODY, size=size)

    @classmethod
    def unknown_status(cls, value: str = "SomethingNew") -> Fault:
        """The status field holds a value the spec does not list."""
        return cls(FaultKind.UNKNOWN_STATUS, value=value)

    @classmethod
    def missing_status(cls) -> Fault:
        return cls(FaultKind.MISSING_STATUS)

    @classmethod
    def mismatched_id(cls, value: str | None = None) -> Fault:
        """The echoed id differs from the one asked for (``<id>-other`` unless given)."""
        return cls(FaultKind.MISMATCHED_ID, value=value)

    @classmethod
    def regress_to(cls, status: str) -> Fault:
        """The status field says ``status`` (e.g. Running after a terminal status)."""
        return cls(FaultKind.REGRESS_TO, value=status)


@dataclass(frozen=True)
class FaultContext:
    """What the plan knows about a request when it picks a fault."""

    seq: int
    method: str
    path: str
    route: str | None
    operation_ids: tuple[str, ...] = ()
    pointers: PollingRule | None = None


@dataclass(frozen=True)
class InjectedFault:
    seq: int
    method: str
    path: str
    route: str | None
    fault: Fault
    source: str  # "queued" or "random"

    @property
    def kind(self) -> FaultKind:
        return self.fault.kind


@dataclass
class _Queued:
    fault: Fault
    remaining: int
    skip: int
    route: str | None
    operation_id: str | None
    path: str | None

    def matches(self, ctx: FaultContext) -> bool:
        if self.route is not None and ctx.route != self.route:
            return False
        if self.operation_id is not None and self.operation_id not in ctx.operation_ids:
            return False
        if self.path is not None and not fnmatch.fnmatchcase(ctx.path, self.path):
            return False
        return not (self.fault.kind in NEEDS_POINTERS and ctx.pointers is None)


@dataclass
class _Random:
    rate: float
    faults: tuple[Fault, ...]
    rng: random.Random
    routes: frozenset[str] | None


@dataclass
class FaultPlan:
    """Which requests get which fault. Thread-safe; ``take`` is called once per request."""

    injected: list[InjectedFault] = field(default_factory=list)
    _queue: list[_Queued] = field(default_factory=list)
    _random: _Random | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def queue(
        self,
        fault: Fault,
        *,
        times: int = 1,
        skip: int = 0,
        route: str | None = None,
        operation_id: str | None = None,
        path: str | None = None,
    ) -> FaultPlan:
        """Fault the next ``times`` matching requests, after letting ``skip`` of them through.

        ``route`` is an operationId, ``operation_id`` an id the request names (path parameter or
        query value), ``path`` a glob on the request path (below the base path). Queued faults
        are tried in order; the first that matches is used.
        """
        if times < 1 or skip < 0:
            raise ValueError("times must be >= 1 and skip >= 0")
        with self._lock:
            self._queue.append(_Queued(fault, times, skip, route, operation_id, path))
        return self

    def randomize(
        self,
        rate: float,
        faults: Sequence[Fault],
        *,
        seed: int,
        routes: Collection[str] | None = None,
    ) -> FaultPlan:
        """Fault a seeded random ``rate`` of requests (on ``routes`` only, if given) with a fault
        drawn from ``faults``. Same seed and same request order: same faults."""
        if not 0.0 <= rate <= 1.0:
            raise ValueError("rate must be in [0, 1]")
        if not faults:
            raise ValueError("give at least one fault to draw from")
        with self._lock:
            self._random = _Random(
                rate,
                tuple(faults),
                random.Random(seed),
                None if routes is None else frozenset(routes),
            )
        return self

    def clear(self) -> None:
        """Forget queued and random faults (the record of injected ones stays)."""
        with self._lock:
            self._queue.clear()
            self._random = None

    @property
    def pending(self) -> int:
        """How many queued faults are still to be injected."""
        with self._lock:
            return sum(q.remaining for q in self._queue)

    @property
    def tally(self) -> Counter[str]:
        """How many of each fault were injected, by ``Fault.label``."""
        with self._lock:
            return Counter(i.fault.label for i in self.injected)

    def take(self, ctx: FaultContext) -> Fault | None:
        """The fault for this request, if any (and record it)."""
        with self._lock:
            for entry in self._queue:
                if not entry.matches(ctx):
                    continue
                if entry.skip:
                    entry.skip -= 1
                    continue
                entry.remaining -= 1
                if entry.remaining == 0:
                    self._queue.remove(entry)
                return self._record(ctx, entry.fault, "queued")
            rnd = self._random
            if rnd is None or (rnd.routes is not None and ctx.route not in rnd.routes):
                return None
            if rnd.rng.random() >= rnd.rate:
                return None
            usable = [f for f in rnd.faults if f.kind not in NEEDS_POINTERS or ctx.pointers]
            if not usable:
                return None
            return self._record(ctx, rnd.rng.choice(usable), "random")

    def _record(self, ctx: FaultContext, fault: Fault, source: str) -> Fault:
        self.injected.append(InjectedFault(ctx.seq, ctx.method, ctx.path, ctx.route, fault, source))
        return fault


# -- rewriting a response -----------------------------------------------------------------------

_HTML_PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n"
    b"<body><h1>Bad Gateway</h1><p>The upstream server is unavailable.</p></body></html>\n"
)


def _rebuild(
    response: httpx.Response,
    content: bytes,
    *,
    status: int | None = None,
    content_type: str | None = None,
) -> httpx.Response:
    dropped = {"content-length", "content-type", "content-encoding"}
    if content != response.content:
        # a validator names one representation: a rewritten body under the real body's ETag
        # would let a client's conditional request (If-None-Match -> 304) keep the faulted body
        # for good, which no server does (the soak caught a wait stuck on a one-off status)
        dropped |= {"etag", "last-modified"}
    headers = [(k, v) for k, v in response.headers.multi_items() if k.lower() not in dropped]
    ctype = content_type or response.headers.get("content-type")
    if ctype:
        headers.append(("content-type", ctype))
    return httpx.Response(status or response.status_code, headers=headers, content=content)


def _parent(document: Any, pointer: str) -> tuple[Any, str] | None:
    """The container holding ``pointer``'s value and the last (decoded) token; None at the root."""
    head, slash, last = pointer.rpartition("/")
    if not slash:
        return None
    return resolve_pointer(document, head, None), last.replace("~1", "/").replace("~0", "~")


def pointer_set(document: Any, pointer: str, value: Any) -> bool:
    """Replace (or add, in an object) the value at ``pointer``; False when the parent is missing."""
    found = _parent(document, pointer)
    if found is None:
        return False
    parent, token = found
    if isinstance(parent, dict):
        parent[token] = value
        return True
    if isinstance(parent, list) and token.isdigit() and int(token) < len(parent):
        parent[int(token)] = value
        return True
    return False


def pointer_remove(document: Any, pointer: str) -> bool:
    """Remove the value at ``pointer``; False when it is not there."""
    found = _parent(document, pointer)
    if found is None:
        return False
    parent, token = found
    if isinstance(parent, dict) and token in parent:
        del parent[token]
        return True
    if isinstance(parent, list) and token.isdigit() and int(token) < len(parent):
        del parent[int(token)]
        return True
    return False


def _targets(document: Any, pointers: PollingRule) -> list[Any]:
    """The documents holding the status: the body, or each of its entries."""
    if pointers.entries is None:
        return [document]
    entries = resolve_pointer(document, pointers.entries, None)
    if isinstance(entries, dict):
        return list(entries.values())
    if isinstance(entries, list):
        return entries
    return []


def _rewrite_status(fault: Fault, document: Any, pointers: PollingRule, ids: Sequence[str]) -> bool:
    done = False
    if fault.kind is FaultKind.MISMATCHED_ID and pointers.id is None:
        # no echoed id field: the entries map is keyed by id, so rename the keys
        entries = resolve_pointer(document, pointers.entries, None) if pointers.entries else None
        if isinstance(entries, dict) and entries:
            renamed = {
                (fault.value if fault.value and i == 0 else f"{k}-other"): v
                for i, (k, v) in enumerate(entries.items())
            }
            entries.clear()
            entries.update(renamed)
            return True
        return False
    for target in _targets(document, pointers):
        if fault.kind in {FaultKind.UNKNOWN_STATUS, FaultKind.REGRESS_TO}:
            done |= pointer_set(target, pointers.status, fault.value)
        elif fault.kind is FaultKind.MISSING_STATUS:
            done |= pointer_remove(target, pointers.status)
        elif fault.kind is FaultKind.MISMATCHED_ID and pointers.id is not None:
            current = resolve_pointer(target, pointers.id, None)
            fallback = ids[0] if ids else "id"
            new = fault.value or f"{current if current is not None else fallback}-other"
            done |= pointer_set(target, pointers.id, new)
    return done


def transform_response(
    fault: Fault,
    response: httpx.Response,
    pointers: PollingRule | None = None,
    ids: Sequence[str] = (),
) -> tuple[httpx.Response, bool]:
    """Apply a body fault to a response; returns the new response and whether it applied."""
    body = response.content
    kind = fault.kind
    if kind is FaultKind.TRUNCATED_BODY:
        frac = float(fault.value) if fault.value is not None else 0.5
        cut = body[: max(1, int(len(body) * frac))] if len(body) > 1 else b"{"
        return _rebuild(response, cut), True
    if kind is FaultKind.NOT_JSON:
        return _rebuild(response, fault.body or b"not JSON", content_type="application/json"), True
    if kind is FaultKind.HTML_200:
        return _rebuild(response, _HTML_PAGE, status=200, content_type="text/html"), True
    if kind is FaultKind.WRONG_CONTENT_TYPE:
        return _rebuild(response, body, content_type=fault.content_type or "text/plain"), True
    try:
        document = json.loads(body) if body else None
    except ValueError:
        document = None
    if kind is FaultKind.HUGE_BODY:
        if isinstance(document, dict):
            pad = max(0, fault.size - len(body))
            document = {**document, "_padding": "x" * pad}
            return _rebuild(response, json.dumps(document).encode()), True
        return _rebuild(response, body + b" " * max(0, fault.size - len(body))), True
    if kind in NEEDS_POINTERS:
        if pointers is None or document is None or not 200 <= response.status_code < 300:
            return response, False
        document = copy.deepcopy(document)
        if not _rewrite_status(fault, document, pointers, ids):
            return response, False
        return _rebuild(response, json.dumps(document).encode()), True
    return response, False
