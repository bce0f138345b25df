"""Kind 3, for every test: no request sent to a fake during a test may violate the spec.

A pytest plugin. Enable it for a run with ``pytest -p tests.contract.sdk_requests`` (what
``make contract`` does for the overlay tests), or for every run by adding
``"-p tests.contract.sdk_requests"`` to ``addopts`` in ``[tool.pytest.ini_options]``.

Every provider fake is a ``FakeService``; it validates each request it receives against its
spec with openapi-core (path, method, query, headers, security, body) and records the result
(``fake.requests``). The plugin keeps a weak registry of every fake built during the run and
marks every request an SDK client sends (an httpx request event hook added to the generated
client that every ``opstatus_core`` ``StatusClient``/``AsyncStatusClient`` builds; it only
notes the request, it changes nothing on the wire). After each test, a request that an SDK
sent to a fake during the test and that has validation errors fails the test, with the list
(credentials redacted, as the fake records them). One recorded violation fails the run. A
request the spec does not know at all (outside the base path, an undocumented method) counts.

Requests a test sends to a fake by hand (a fake's own negative tests: a malformed body, a
wrong version header, no credentials) are not the SDKs' and are not checked. A test that makes
an SDK send a bad request on purpose opts out with ``@pytest.mark.sends_invalid_requests("why")``
(the plugin registers the marker).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Generator
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

MARKER = "sends_invalid_requests"
#: a test whose fakes run in other processes (the soak): they check every request themselves,
#: and noting its tens of thousands of requests here would only grow this process's memory
UNRECORDED = "sdk_requests_unrecorded"
_recording = True

_fakes: weakref.WeakSet[Any] = weakref.WeakSet()
_lock = threading.Lock()
_original_init: Any = None


_original_client_init: Any = None
#: (method, path?query, body) of every request an SDK client sent
_sdk_sent: set[tuple[str, str, bytes]] = set()


def _key(method: str, url: str, body: bytes) -> tuple[str, str, bytes]:
    parts = urlsplit(url)
    return method.upper(), parts.path + ("?" + parts.query if parts.query else ""), body


class _Noted:
    """What the request hook returns: nothing to await (async clients), ignored (sync ones)."""

    def __await__(self) -> Generator[Any, None, None]:
        return iter(())


def _note(request: httpx.Request) -> _Noted:
    if not _recording:
        return _Noted()
    with _lock:
        _sdk_sent.add(_key(request.method, str(request.url), request.content))
    return _Noted()


def _install() -> None:
    global _original_init, _original_client_init
    from opstatus_core._client import ClientBase
    from opstatus_core.testing import FakeService

    if _original_init is not None:
        return
    _original_init = FakeService.__init__
    _original_client_init = ClientBase.__init__

    def fake_init(self: Any, *args: Any, **kwargs: Any) -> None:
        _original_init(self, *args, **kwargs)
        with _lock:
            _fakes.add(self)

    def client_init(self: Any, *args: Any, **kwargs: Any) -> None:
        args_ = dict(kwargs.get("httpx_args") or {})
        hooks = {k: list(v) for k, v in (args_.get("event_hooks") or {}).items()}
        hooks.setdefault("request", []).append(_note)
        args_["event_hooks"] = hooks
        kwargs["httpx_args"] = args_
        _original_client_init(self, *args, **kwargs)

    FakeService.__init__ = fake_init  # type: ignore[method-assign]
    ClientBase.__init__ = client_init  # type: ignore[method-assign]


def _uninstall() -> None:
    global _original_init, _original_client_init
    if _original_init is None:
        return
    from opstatus_core._client import ClientBase
    from opstatus_core.testing import FakeService

    FakeService.__init__ = _original_init  # type: ignore[method-assign]
    ClientBase.__init__ = _original_client_init  # type: ignore[method-assign]
    _original_init = _original_client_init = None


def sent_by_sdk(record: Any) -> bool:
    with _lock:
        return _key(record.method, record.url, record.body) in _sdk_sent


def live_fakes() -> list[Any]:
    with _lock:
        return list(_fakes)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(reason): the test sends requests that violate the spec on purpose "
        "(tests.contract.sdk_requests does not check it)",
    )
    config.addinivalue_line(
        "markers",
        f"{UNRECORDED}(reason): the test's fakes run in other processes and check the SDK's "
        "requests themselves (tests.contract.sdk_requests does not note them)",
    )
    _install()


def pytest_unconfigure(config: pytest.Config) -> None:
    _uninstall()


def _describe(fake: Any, record: Any) -> str:
    name = getattr(fake, "name", "") or type(fake).__name__
    return f"{name} #{record.seq} {record.method} {record.url}: {'; '.join(record.errors)}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, Any, Any]:
    global _recording
    before = {id(fake): len(fake.requests) for fake in live_fakes()}
    _recording = item.get_closest_marker(UNRECORDED) is None
    try:
        result = yield
    finally:
        _recording = True
    try:
        return _check(item, before, result)
    finally:
        with _lock:  # what this test's SDK clients sent is only compared with this test's fakes
            _sdk_sent.clear()


def _check(item: pytest.Item, before: dict[int, int], result: Any) -> Any:
    if item.get_closest_marker(MARKER) is not None:
        return result
    bad: list[str] = []
    checked = 0
    for fake in live_fakes():
        with fake.lock:
            start = before.get(id(fake), 0)
            records = list(fake.requests[start:]) if start <= len(fake.requests) else []
        mine = [r for r in records if sent_by_sdk(r)]
        checked += len(mine)
        bad.extend(_describe(fake, r) for r in mine if r.errors)
    item.user_properties.append(("sdk_requests_checked", checked))
    item.user_properties.append(("sdk_requests_invalid", len(bad)))
    if bad:
        listing = "\n".join(f"  {line}" for line in bad[:20])
        more = f"\n  ... and {len(bad) - 20} more" if len(bad) > 20 else ""
        raise AssertionError(
            f"{len(bad)} request(s) sent to a fake during this test violate the spec "
            f"(tests.contract.sdk_requests; mark the test @pytest.mark.{MARKER}(reason) only "
            f"if it sends them on purpose):\n{listing}{more}"
        )
    return result


def pytest_terminal_summary(terminalreporter: Any) -> None:
    checked = invalid = tests = 0
    for reports in terminalreporter.stats.values():
        for report in reports:
            props = dict(getattr(report, "user_properties", ()) or ())
            if getattr(report, "when", None) == "call" and "sdk_requests_checked" in props:
                checked += int(props["sdk_requests_checked"])
                invalid += int(props["sdk_requests_invalid"])
                tests += int(props["sdk_requests_checked"]) > 0
    terminalreporter.write_line(
        f"tests.contract.sdk_requests: {checked} request(s) sent by SDK clients to fakes in "
        f"{tests} test(s) checked against the specs, {invalid} violation(s)"
    )
