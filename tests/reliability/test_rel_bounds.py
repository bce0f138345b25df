"""Server-controlled values over real sockets (issue 12, the value bounds): every SDK, sync and
async, and the CLI, against the raw-socket :mod:`hostile_server`.

The hostile server answers what it likes on the status operation; everything else (a login)
and the *shape* of each status document come from the provider's fake, run in-process behind
it, so the cases need no provider knowledge beyond the spec's ``x-opstatus`` rule. Each case
asserts the outcome type, the elapsed time against the deadline (+ ``SLACK``), and, for the
status flood, the memory left once the client is closed.
"""

from __future__ import annotations

import gc
import json
import math
import os
import threading
import time
import tracemalloc
import warnings
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any
from urllib.parse import unquote

import httpx
import pytest
from opstatus_core import AsyncStatusClient, PollPolicy
from opstatus_core._clock import SystemClock
from opstatus_core._rule import resolve_pointer
from opstatus_core.limits import MAX_SHOWN_CHARS
from opstatus_core.plugin import Plugin
from opstatus_core.sdk import (
    ConfigurationError,
    MalformedResponse,
    OperationNotFound,
    OpstatusError,
    Outcome,
    TransientRetriesExhausted,
    WaitError,
    WaitTimeout,
)
from opstatus_core.token import ContinuationState, decode_token, encode_token

from ._support import PLUGINS, close, make_client, rule_of, run
from .hostile_server import Connection, HostileServer

#: what a loaded 2-CPU machine may add to a deadline (a request in flight is bounded by the
#: transport; this is scheduling and process noise)
SLACK = 3.0
#: the longest one-line error message with every part shortened
MESSAGE_LIMIT = 1500

POLICY = PollPolicy(
    timeout=6.0,
    interval=0.01,
    max_interval=0.05,
    jitter=0.0,
    transient_budget=2,
)
REQUEST_TIMEOUT = 2.0

#: the issue's payload: a 6 KB body nested 1,000 levels deep
DEEP = ('{"a":' * 1000 + "1" + "}" * 1000).encode()
ABSURD_DATE = "Mon, 01 Jan 9999999999 00:00:00 GMT"
PASSWORD = "hunter2-url-password"

Answer = tuple[int, bytes, Mapping[str, str]]
#: given the fake's status document (parsed) and the request's path, the answer to send
Mutation = Callable[[Any, str], Answer]


def _ok(document: Any, extra: Mapping[str, str] | None = None) -> Answer:
    return 200, json.dumps(document).encode(), dict(extra or {})


def _status_targets(plugin: Plugin, document: Any) -> list[dict[str, Any]]:
    """The objects holding the status (the document, or each entry of a batched one)."""
    rule = rule_of(plugin)
    if rule.entries is not None:
        entries = resolve_pointer(document, rule.entries, None)
        return [e for e in entries.values() if isinstance(e, dict)] if entries else []
    return [document]


def _set(document: Any, pointer: str, value: Any) -> None:
    parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer.lstrip("/").split("/")]
    node = document
    for part in parts[:-1]:
        node = node.setdefault(part, {}) if isinstance(node, dict) else node[int(part)]
    node[parts[-1]] = value


def _is_status_document(plugin: Plugin, body: bytes) -> Any:
    """The parsed body if it is a status document (the rule's status or entries resolve)."""
    try:
        document = json.loads(body)
    except ValueError:
        return None
    rule = rule_of(plugin)
    pointer = rule.entries if rule.entries is not None else rule.status
    return document if resolve_pointer(document, pointer, None) is not None else None


@contextmanager
def hostile(plugin: Plugin, fake: Any, mutate: Mutation) -> Iterator[HostileServer]:
    """A raw-socket server in front of ``fake``: status documents go through ``mutate``."""
    upstream = httpx.Client(transport=fake.transport(), timeout=5.0)
    lock = threading.Lock()

    def handle(conn: Connection) -> None:
        headers = {
            k: v
            for k, v in conn.headers.items()
            if k not in {"host", "content-length", "connection", "accept-encoding"}
        }
        with lock:  # the in-process fake, one request at a time
            response = upstream.request(
                conn.method, "https://fake.invalid" + conn.path, headers=headers, content=conn.body
            )
        document = _is_status_document(plugin, response.content)
        if document is None:
            conn.respond(
                response.status_code,
                response.content,
                {"Content-Type": response.headers.get("content-type", "application/json")},
            )
            return
        code, body, extra = mutate(document, unquote(conn.path))
        conn.respond(code, body, {"Content-Type": "application/json", **extra})

    server = HostileServer(handle)
    try:
        with server:
            yield server
    finally:
        upstream.close()
    assert not server.errors, server.errors


def _client(plugin: Plugin, fake: Any, mode: str, server: HostileServer, **kw: Any) -> Any:
    kw.setdefault("policy", POLICY)
    kw.setdefault("request_timeout", REQUEST_TIMEOUT)
    return make_client(
        plugin,
        fake,
        mode,
        in_process=False,
        base_url=server.base_url + fake.base_path,
        clock=SystemClock(),
        **kw,
    )


async def _timed_run(client: Any, ref: Mapping[str, str], **kw: Any) -> tuple[Any, float]:
    start = time.monotonic()
    try:
        result = await run(client, ref, **kw)
    finally:
        await close(client)
    return result, time.monotonic() - start


def _quiet() -> Any:
    ctx = warnings.catch_warnings()
    ctx.__enter__()
    warnings.simplefilter("ignore")
    return ctx


# -- nesting depth --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (200, MalformedResponse),
        (404, OperationNotFound),
        (503, TransientRetriesExhausted),
    ],
    ids=["200", "404", "503"],
)
async def test_deeply_nested_body(
    plugin: Plugin, mode: str, code: int, expected: type[WaitError]
) -> None:
    """A 6 KB body nested 1,000 levels: a typed error by the status code (the body is refused
    as a whole; a 404 stays not-found and a 503 stays retryable), never RecursionError."""
    fake = plugin.load_fake()
    ref = fake.seed_operation("succeeded", polls=5)
    with hostile(plugin, fake, lambda _doc, _path: (code, DEEP, {})) as server:
        client = _client(plugin, fake, mode, server)
        result, elapsed = await _timed_run(client, ref)
    assert isinstance(result, expected), f"{type(result).__name__}: {result}"
    assert "nests more than" in str(result) or "RecursionError" in str(result), str(result)
    assert len(str(result)) < MESSAGE_LIMIT
    assert elapsed < POLICY.timeout + SLACK


# -- numbers --------------------------------------------------------------------------------

_PROGRESS = [p for p in PLUGINS if rule_of(p).progress is not None]
_COUNTS = {
    "400-digits": 10**400,
    "nan": float("nan"),
    "infinity": float("inf"),
    "1e308": 1e308,
}


@pytest.mark.parametrize("plugin", _PROGRESS, ids=[p.name for p in _PROGRESS])
@pytest.mark.parametrize("count", list(_COUNTS), ids=list(_COUNTS))
async def test_absurd_progress_counts(plugin: Plugin, mode: str, count: str) -> None:
    """Every progress count (``summary.success``, ``tablesSuccessful``...) set to a 400-digit
    number, NaN, Infinity or 1e308: the wait ends normally; progress is None or in [0, 1]."""
    fake = plugin.load_fake()
    ref = fake.seed_operation("succeeded", polls=2)
    spec = rule_of(plugin).progress
    assert spec is not None
    pointers = [*spec.done, *spec.remaining, *([spec.total] if spec.total else [])]

    def mutate(document: Any, _path: str) -> Answer:
        for target in _status_targets(plugin, document):
            for pointer in pointers:
                _set(target, pointer, _COUNTS[count])
        return _ok(document)

    seen: list[Any] = []
    with hostile(plugin, fake, mutate) as server:
        client = _client(plugin, fake, mode, server)
        result, elapsed = await _timed_run(client, ref, on_progress=seen.append)
    assert isinstance(result, Outcome), f"{type(result).__name__}: {result}"
    assert seen
    for snapshot in seen:
        p = snapshot.progress
        assert p is None or (math.isfinite(p) and 0.0 <= p <= 1.0), p
    assert elapsed < POLICY.timeout + SLACK


# -- Retry-After ----------------------------------------------------------------------------


async def test_retry_after_with_an_absurd_year_in_a_wait(plugin: Plugin, mode: str) -> None:
    """503 + ``Retry-After: <year 9999999999>``: ignored (as unreadable), retried within the
    budget, ``TransientRetriesExhausted``; never OverflowError."""
    fake = plugin.load_fake()
    ref = fake.seed_operation("succeeded", polls=2)
    with hostile(
        plugin, fake, lambda _d, _p: (503, b'{"error": "busy"}', {"Retry-After": ABSURD_DATE})
    ) as server:
        client = _client(plugin, fake, mode, server)
        result, elapsed = await _timed_run(client, ref)
    assert isinstance(result, TransientRetriesExhausted), f"{type(result).__name__}: {result}"
    assert result.attempts == POLICY.transient_budget + 1
    assert elapsed < POLICY.timeout + SLACK


async def test_retry_after_with_an_absurd_year_in_a_one_shot_call(
    plugin: Plugin, mode: str
) -> None:
    """The same header on a one-shot call (``client.call_detailed`` of the status endpoint, as
    doc-translation's ``cancel()`` or a login goes): a typed error, never OverflowError."""
    fake = plugin.load_fake()
    ref = fake.seed_operation("succeeded", polls=2)
    with hostile(
        plugin, fake, lambda _d, _p: (503, b'{"error": "busy"}', {"Retry-After": ABSURD_DATE})
    ) as server:
        client = _client(plugin, fake, mode, server)
        kwargs = client.reference(ref).to_kwargs()
        endpoint = plugin.provider.endpoint
        start = time.monotonic()
        try:
            # a login, where the SDK has one, rides on the call (the client's auth flow)
            if isinstance(client, AsyncStatusClient):
                await client.call_detailed(endpoint, **kwargs)
            else:
                client.call_detailed(endpoint, **kwargs)
        except WaitError as exc:
            result: Any = exc
        else:
            result = None
        finally:
            await close(client)
        elapsed = time.monotonic() - start
    assert isinstance(result, TransientRetriesExhausted), result
    assert result.attempts == POLICY.transient_budget + 1
    assert elapsed < POLICY.timeout + SLACK


@pytest.mark.parametrize(
    "plugin",
    [p for p in PLUGINS if p.name == "doc-translation"],
    ids=["doc-translation"],
)
async def test_retry_after_with_an_absurd_year_on_cancel(plugin: Plugin, mode: str) -> None:
    fake = plugin.load_fake()
    ref = fake.seed_operation("succeeded", polls=50)

    def handle(conn: Connection) -> None:
        conn.respond(
            503,
            b'{"error": {"code": "x", "message": "busy"}}',
            {
                "Content-Type": "application/json",
                "Retry-After": ABSURD_DATE,
            },
        )

    with HostileServer(handle) as server:
        client = _client(plugin, fake, mode, server)
        start = time.monotonic()
        try:
            if isinstance(client, AsyncStatusClient):
                await client.cancel(ref[plugin.provider.id_key])
            else:
                client.cancel(ref[plugin.provider.id_key])
        except WaitError as exc:
            result: Any = exc
        else:
            result = None
        finally:
            await close(client)
        elapsed = time.monotonic() - start
    assert isinstance(result, TransientRetriesExhausted), result
    assert elapsed < POLICY.timeout + SLACK


# -- status strings: memory, messages, tokens -----------------------------------------------

FLOOD_POLLS = 15
FLOOD_SIZE = 200_000
#: allocated after the client closed (measured: 0.1-0.2 MB); before the bounds every value
#: stayed on the cached rule and in the warning registry (15 x 200 KB twice: 6 MB and more)
FLOOD_LIMIT = 2_000_000


async def test_flood_of_huge_unknown_statuses_leaves_no_memory(plugin: Plugin, mode: str) -> None:
    """15 polls, each a distinct 200 KB status nobody documented, then the fake's own terminal
    status: the wait succeeds, warns a bounded number of times with short messages, and once
    the client is closed less than 2 MB is still allocated (tracemalloc)."""
    fake = plugin.load_fake()
    ref = fake.seed_operation("succeeded", polls=FLOOD_POLLS)
    counter = iter(range(10**9))
    filler = "u" * FLOOD_SIZE
    rule = rule_of(plugin)
    terminal = rule.succeeded | rule.failed | rule.canceled

    def mutate(document: Any, _path: str) -> Answer:
        for target in _status_targets(plugin, document):
            if resolve_pointer(target, rule.status, None) not in terminal:
                _set(target, rule.status, f"{next(counter):06d}{filler}")
        return _ok(document)

    flood_policy = PollPolicy(timeout=60.0, interval=0.01, max_interval=0.01, jitter=0.0)
    with hostile(plugin, fake, mutate) as server:
        # a first wait, unmeasured: what the first request of a process sets up once (lazy
        # imports, SSL context, caches) is not what this test is about
        warm = _client(plugin, fake, mode, server, policy=flood_policy)
        await _timed_run(warm, fake.seed_operation("succeeded", polls=0))
        del warm
        gc.collect()
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("default")  # Python's default: a registry entry each
                client = _client(plugin, fake, mode, server, policy=flood_policy)
                result, elapsed = await _timed_run(client, ref)
                del client
            messages = [str(w.message) for w in caught]
            del caught
            assert isinstance(result, Outcome), f"{type(result).__name__}: {result}"
            assert result.attempts >= FLOOD_POLLS
            del result
            gc.collect()
            kept = tracemalloc.get_traced_memory()[0] - before
        finally:
            tracemalloc.stop()
    assert kept < FLOOD_LIMIT, f"{kept / 1e6:.1f} MB still allocated"
    assert 0 < len(messages) <= 40
    assert all(len(m) < MESSAGE_LIMIT for m in messages)
    assert elapsed < 60.0


async def test_huge_failed_status_gives_a_short_message_and_a_usable_token(
    plugin: Plugin, mode: str
) -> None:
    """A 1 MB status value nobody documented (so pending) until the deadline: WaitTimeout
    keeps the whole last status, but its message and continuation token stay short, and the
    token resumes."""
    fake = plugin.load_fake()
    ref = fake.seed_operation("succeeded", polls=1000)
    huge = "S" * 1_000_000

    def mutate(document: Any, _path: str) -> Answer:
        for target in _status_targets(plugin, document):
            _set(target, rule_of(plugin).status, huge)
        return _ok(document)

    with hostile(plugin, fake, mutate) as server:
        client = _client(plugin, fake, mode, server, policy=PollPolicy(timeout=1.0))
        with _quiet_warnings():
            result, elapsed = await _timed_run(client, ref)
        assert isinstance(result, WaitTimeout), f"{type(result).__name__}: {result}"
        assert result.last_status == huge
        assert len(str(result)) < MESSAGE_LIMIT
        assert len(result.continuation_token or "") < 4096
        assert len(decode_token(result.continuation_token or "").last_status or "") == (
            MAX_SHOWN_CHARS
        )
        again = _client(plugin, fake, mode, server)
        poller = again.resume(result.continuation_token or "")
        assert poller.operation_id == ref[plugin.provider.id_key]
        await close(again)
    assert elapsed < 1.0 + SLACK


@contextmanager
def _quiet_warnings() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


# -- continuation tokens ----------------------------------------------------------------------


async def test_token_with_an_absurd_deadline_is_clamped_to_the_policy(
    plugin: Plugin, mode: str
) -> None:
    """A token claiming a deadline of 1e300: the resumed wait still ends at the client's
    policy timeout (1 s here) with WaitTimeout."""
    fake = plugin.load_fake()
    ref = fake.seed_operation("succeeded", polls=1000)
    with hostile(plugin, fake, lambda doc, _p: _ok(doc)) as server:
        client = _client(plugin, fake, mode, server, policy=PollPolicy(timeout=1.0, interval=0.05))
        reference = client.reference(ref).to_dict()
        token = encode_token(
            ContinuationState(provider=plugin.name, reference=reference, deadline=1e300)
        )
        start = time.monotonic()
        poller = client.resume(token)
        try:
            if isinstance(client, AsyncStatusClient):
                await poller.wait()
            else:
                poller.wait()
        except WaitError as exc:
            result: Any = exc
        else:
            result = None
        finally:
            await close(client)
        elapsed = time.monotonic() - start
    assert isinstance(result, WaitTimeout), result
    assert elapsed < 1.0 + SLACK


# -- base URLs ----------------------------------------------------------------------------------


def test_base_url_with_credentials_is_refused(plugin: Plugin, mode: str) -> None:
    """``https://user:pass@host``: ConfigurationError before any connection; the password is in
    neither the message nor anything logged."""
    fake = plugin.load_fake()
    with HostileServer(lambda conn: conn.respond(500)) as server:
        url = server.base_url.replace("http://", f"http://user:{PASSWORD}@") + fake.base_path
        with pytest.raises(ConfigurationError) as info:
            make_client(plugin, fake, mode, in_process=False, base_url=url)
        assert PASSWORD not in str(info.value)
        assert PASSWORD not in repr(info.value)
        assert server.connections == 0


def test_absurd_base_url_is_refused_at_construction(plugin: Plugin, mode: str) -> None:
    """A 65 kB base URL: ConfigurationError at construction (never httpx.InvalidURL from
    ``close()`` hiding the real error)."""
    fake = plugin.load_fake()
    with pytest.raises(ConfigurationError) as info:
        make_client(
            plugin, fake, mode, in_process=False, base_url="https://h.example/" + "a" * 65_000
        )
    assert len(str(info.value)) < MESSAGE_LIMIT


# -- wait_many: one hostile operation among good ones -------------------------------------


def _one_bad(plugin: Plugin, fake: Any) -> tuple[list[dict[str, str]], Mutation]:
    """Three operations; the middle one gets a hostile answer: a 6 KB body nested 1,000
    levels (or, for a batched endpoint where one body answers all, a 400-digit status in its
    entry). The others succeed."""
    refs = [fake.seed_operation("succeeded", polls=1) for _ in range(3)]
    bad = refs[1][plugin.provider.id_key]
    rule = rule_of(plugin)

    def mutate(document: Any, path: str) -> Answer:
        if rule.entries is not None:
            entries = resolve_pointer(document, rule.entries, None) or {}
            if isinstance(entries.get(bad), dict):
                _set(entries[bad], rule.status, 10**400)
            return _ok(document)
        if bad in path:
            return 200, DEEP, {}
        return _ok(document)

    return refs, mutate


async def test_wait_many_one_hostile_operation(plugin: Plugin, mode: str) -> None:
    fake = plugin.load_fake()
    refs, mutate = _one_bad(plugin, fake)
    with hostile(plugin, fake, mutate) as server:
        client = _client(plugin, fake, mode, server)
        start = time.monotonic()
        try:
            if isinstance(client, AsyncStatusClient):
                results = await client.wait_many(refs)
            else:
                results = client.wait_many(refs)
        finally:
            await close(client)
        elapsed = time.monotonic() - start
    good1, bad, good2 = results
    assert isinstance(good1, Outcome), good1
    assert isinstance(good2, Outcome), good2
    assert isinstance(bad, MalformedResponse), f"{type(bad).__name__}: {bad}"
    assert bad.continuation_token
    assert elapsed < POLICY.timeout + SLACK


def test_cli_wait_reports_each_operation(
    plugin: Plugin, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``opstatus <sdk> wait a bad c --json``: one JSON line per operation (the bad one with
    its typed error and continuation token), exit 1 (failed/unreadable beats success)."""
    from opstatus_cli.main import main

    fake = plugin.load_fake()
    refs, mutate = _one_bad(plugin, fake)
    id_key = plugin.provider.id_key
    for name in list(os.environ):
        if name.startswith("OPSTATUS_"):
            monkeypatch.delenv(name)
    for cred in plugin.credentials:
        if cred.kwarg in fake.demo_credentials:
            monkeypatch.setenv(cred.env, fake.demo_credentials[cred.kwarg])
    params = [f"--param={k}={v}" for k, v in refs[0].items() if k != id_key]
    with hostile(plugin, fake, mutate) as server:
        start = time.monotonic()
        code = main(
            [
                plugin.name,
                "wait",
                *(r[id_key] for r in refs),
                *params,
                "--base-url",
                server.base_url + fake.base_path,
                "--timeout",
                "6",
                "--interval",
                "0.02",
                "--json",
            ]
        )
        elapsed = time.monotonic() - start
    out, err = capsys.readouterr()
    assert "unexpected error" not in out + err
    lines = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert [line["operation_id"] for line in lines] == [r[id_key] for r in refs], out + err
    assert [line["outcome"] for line in lines] == ["succeeded", "error", "succeeded"], lines
    assert lines[1]["error_type"] == "MalformedResponse"
    assert lines[1]["continuation_token"]
    assert code == 1
    assert elapsed < 6 + SLACK


def test_cli_base_url_with_credentials(
    plugin: Plugin, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--base-url https://user:pass@host --debug``: exit 5 (configuration), nothing sent, the
    password printed nowhere (stdout, stderr, logs at INFO)."""
    from opstatus_cli.main import main

    fake = plugin.load_fake()
    for name in list(os.environ):
        if name.startswith("OPSTATUS_"):
            monkeypatch.delenv(name)
    for cred in plugin.credentials:
        if cred.kwarg in fake.demo_credentials:
            monkeypatch.setenv(cred.env, fake.demo_credentials[cred.kwarg])
    ref = fake.seed_operation("succeeded", polls=0)
    id_key = plugin.provider.id_key
    params = [f"--param={k}={v}" for k, v in ref.items() if k != id_key]
    import logging

    root, httpx_logger = logging.getLogger(), logging.getLogger("httpx")
    saved = (root.level, list(root.handlers), httpx_logger.level)
    try:
        with HostileServer(lambda conn: conn.respond(500)) as server:
            url = server.base_url.replace("http://", f"http://user:{PASSWORD}@")
            code = main([plugin.name, "wait", ref[id_key], *params, "--base-url", url, "--debug"])
            assert server.connections == 0
    finally:
        root.setLevel(saved[0])
        root.handlers[:] = saved[1]
        httpx_logger.setLevel(saved[2])
    out, err = capsys.readouterr()
    assert code == 5, out + err
    assert PASSWORD not in out + err
    assert "credentials" in err


def test_cli_timeout_over_the_maximum_is_bad_usage(
    plugin: Plugin, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--timeout 1e10``: exit 2 naming the maximum, before any request (no
    "unexpected error", no OverflowError from a sleep)."""
    from opstatus_cli.main import main

    fake = plugin.load_fake()
    for name in list(os.environ):
        if name.startswith("OPSTATUS_"):
            monkeypatch.delenv(name)
    for cred in plugin.credentials:
        if cred.kwarg in fake.demo_credentials:
            monkeypatch.setenv(cred.env, fake.demo_credentials[cred.kwarg])
    ref = fake.seed_operation("succeeded", polls=0)
    id_key = plugin.provider.id_key
    params = [f"--param={k}={v}" for k, v in ref.items() if k != id_key]
    with HostileServer(lambda conn: conn.respond(500)) as server:
        args = ["--base-url", server.base_url, "--timeout", "1e10"]
        code = main([plugin.name, "wait", ref[id_key], *params, *args])
        assert server.connections == 0
    out, err = capsys.readouterr()
    assert code == 2, out + err
    assert "at most 2592000 s" in err
    assert "unexpected error" not in out + err


async def test_megabyte_operation_id_gives_a_short_message(plugin: Plugin, mode: str) -> None:
    """A 1 MB operation id (CenturyLink's ``statusId`` is a free string): refused before any
    request where the spec says GUID, else a typed error; either way a short message."""
    fake = plugin.load_fake()
    ref = fake.seed_operation("succeeded", polls=0)
    huge = {**ref, plugin.provider.id_key: "w" * 1_000_000}
    with hostile(plugin, fake, lambda doc, _p: _ok(doc)) as server:
        client = _client(plugin, fake, mode, server)
        start = time.monotonic()
        try:
            result: Any = await run(client, huge)
        except OpstatusError as exc:  # InvalidOperationReference, before any request
            result = exc
        finally:
            await close(client)
        elapsed = time.monotonic() - start
    assert isinstance(result, OpstatusError), result
    assert len(str(result)) < MESSAGE_LIMIT, len(str(result))
    assert elapsed < POLICY.timeout + SLACK
