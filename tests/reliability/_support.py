"""Shared helpers of tests/reliability: every installed provider, driven the same way.

Providers are discovered through the ``opstatus.providers`` entry points, so an SDK that lands
later is covered without editing these tests. Provider knowledge here is limited to what the
``Plugin`` publishes (client classes, credential keywords, the fake and its demo credentials)
and what the spec's ``x-opstatus`` rule says.
"""

from __future__ import annotations

import asyncio
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Any

import attrs
from opstatus_core import (
    AsyncStatusClient,
    Classification,
    FakeClock,
    LoginBearer,
    PollPolicy,
    StatusClient,
)
from opstatus_core._rule import PollingRule
from opstatus_core.plugin import Plugin
from opstatus_core.sdk import OperationCanceled, OperationFailed, OpstatusError, Outcome, WaitError
from opstatus_core.token import decode_token

from tests._support import call, close, make
from tests.contract._support import SLUGS

__all__ = ["close"]  # the shared harness's, re-exported for the tests of this folder

GROUP = "opstatus.providers"

#: the policy of the fault matrix: no jitter (exact sleeps), a small transient budget
MATRIX_POLICY = PollPolicy(
    timeout=600.0,
    interval=1.0,
    multiplier=1.5,
    max_interval=5.0,
    jitter=0.0,
    transient_budget=3,
)
#: the matrix clients' total time per request
MATRIX_REQUEST_TIMEOUT = 5.0


#: the workspace's five SDKs (the contract tests' list): each must be installed and load (a
#: broken one fails collection here instead of silently dropping out of every reliability test)
EXPECTED = SLUGS


def discover() -> list[Plugin]:
    """Every installed provider (sorted by name); an entry point that fails to load raises."""
    found: dict[str, Plugin] = {}
    for ep in entry_points(group=GROUP):
        plugin = ep.load()
        if not isinstance(plugin, Plugin) or plugin.fake is None:
            raise TypeError(f"{ep.name}: {ep.value} is not a Plugin with a fake")
        found[plugin.name] = plugin
    missing = sorted(set(EXPECTED) - set(found))
    if missing:
        raise LookupError(f"SDKs not installed: {missing} (run `make setup`)")
    return [found[name] for name in sorted(found)]


PLUGINS = discover()
PLUGIN_IDS = [p.name for p in PLUGINS]


def rule_of(plugin: Plugin) -> PollingRule:
    return plugin.provider.rule()


def outcomes_of(plugin: Plugin) -> list[str]:
    """The outcome classes the provider has (``canceled`` only where the spec lists one)."""
    rule = rule_of(plugin)
    result = ["succeeded", "failed"]
    if any(rule.classify(v) is Classification.CANCELED for v in rule.known_values):
        result.append("canceled")
    return result


def can_relogin(client: StatusClient | AsyncStatusClient) -> bool:
    """True if the SDK logs in again after a 401 mid-wait (its httpx client's auth is a
    :class:`LoginBearer` with credentials to log in with)."""
    generated = client.generated_client
    if isinstance(client, AsyncStatusClient):
        auth = generated.get_async_httpx_client().auth
    else:
        auth = generated.get_httpx_client().auth
    return isinstance(auth, LoginBearer) and auth.can_login


def secret_kwargs(plugin: Plugin) -> list[str]:
    return [c.kwarg for c in plugin.credentials if c.secret]


# -- building and driving clients ----------------------------------------------------------


def make_client(
    plugin: Plugin,
    fake: Any,
    mode: str,
    *,
    clock: Any = None,
    policy: PollPolicy | None = None,
    base_url: str | None = None,
    in_process: bool = True,
    credentials: Mapping[str, str] | None = None,
    **options: Any,
) -> Any:
    """A sync or async SDK client for ``fake`` (in-process transport unless ``in_process`` is
    False, then ``base_url`` must be the loopback server's)."""
    kwargs: dict[str, Any] = dict(fake.demo_credentials if credentials is None else credentials)
    kwargs.update(options)
    kwargs.setdefault("request_timeout", MATRIX_REQUEST_TIMEOUT)
    if in_process:
        kwargs.setdefault("transport", fake.transport())
    return make(
        mode,
        (plugin.client, plugin.async_client),
        base_url=base_url or fake.base_url,
        policy=policy or MATRIX_POLICY,
        clock=clock if clock is not None else FakeClock(),
        **kwargs,
    )


async def wait(
    client: Any,
    ref: Mapping[str, str],
    *,
    on_progress: Callable[[Any], None] | None = None,
    **kwargs: Any,
) -> Outcome[Any]:
    """``client.wait(ref)``, sync or async."""
    return await call(client, "wait", ref, on_progress=on_progress, **kwargs)  # type: ignore[no-any-return]


async def run(client: Any, ref: Mapping[str, str], **kwargs: Any) -> Outcome[Any] | WaitError:
    """The outcome, or the typed error (anything else propagates and fails the test)."""
    try:
        return await wait(client, ref, **kwargs)
    except WaitError as exc:
        return exc


def outcome_name(result: Outcome[Any] | BaseException) -> str:
    """``succeeded``/``failed``/``canceled`` or the error class name."""
    if isinstance(result, Outcome):
        return "succeeded"
    if isinstance(result, OperationFailed):
        return "failed"
    if isinstance(result, OperationCanceled):
        return "canceled"
    return type(result).__name__


def status_requests(fake: Any, plugin: Plugin) -> list[Any]:
    with fake.lock:
        return [r for r in fake.requests if r.route == plugin.provider.operation_id]


def check_typed_error(
    error: BaseException,
    plugin: Plugin,
    ref: Mapping[str, str],
    *,
    cls: type[WaitError],
    last_status: str | object | None = ...,
) -> WaitError:
    """The error is the expected type and its message names everything a user needs."""
    assert isinstance(error, cls), f"expected {cls.__name__}, got {type(error).__name__}: {error}"
    assert isinstance(error, WaitError)
    message = str(error)
    assert "\n" not in message
    assert message.startswith(f"{plugin.name}: "), message
    op_id = ref[plugin.provider.id_key]
    assert error.provider == plugin.name
    assert error.operation_id == op_id
    assert op_id in message, message
    assert error.attempts >= 1
    assert f"after {error.attempts} attempt" in message, message
    if last_status is not ...:
        assert error.last_status == last_status, (error.last_status, last_status)
    if error.last_status is not None:
        assert repr(error.last_status) in message, message
        assert error.snapshot is not None, "the last good snapshot was lost"
        assert error.snapshot.status == error.last_status
    assert error.hint, "no advice on what to do"
    assert message.rstrip().endswith(error.hint.rstrip()), message
    assert error.continuation_token, "no continuation token"
    state = decode_token(error.continuation_token, provider=plugin.name)
    assert state.attempts == error.attempts
    assert state.last_status == error.last_status
    assert isinstance(error, OpstatusError)
    return error


@dataclass
class Captured:
    """Everything a test saw, to search for a planted secret."""

    texts: list[str]

    def add(self, *items: object) -> None:
        for item in items:
            if isinstance(item, BaseException):
                self.texts += [str(item), repr(item), repr(item.args)]
                self.texts += [repr(v) for v in vars(item).values()]
                token = getattr(item, "continuation_token", None)
                if token:
                    self.texts.append(repr(decode_token(token)))
            else:
                self.texts += [str(item), repr(item)]

    def find(self, needles: Iterable[str]) -> list[tuple[str, str]]:
        hits = []
        for needle in needles:
            for text in self.texts:
                if needle and needle in text:
                    hits.append((needle, text[:200]))
        return hits


def quiet_unknown_status() -> Any:
    """Ignore UnknownStatusWarning and provider deprecation warnings (fuzzing, soak)."""
    ctx = warnings.catch_warnings()
    ctx.__enter__()
    warnings.simplefilter("ignore")
    return ctx


def evolve_policy(**changes: Any) -> PollPolicy:
    return attrs.evolve(MATRIX_POLICY, **changes)


def run_sync(coro: Any) -> Any:
    return asyncio.run(coro)
