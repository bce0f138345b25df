"""The SDKs under test: found through the ``opstatus.providers`` entry points, like the CLI."""

from __future__ import annotations

import importlib.metadata
import json
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

# openapi-core cannot model some security schemes the fakes check themselves: not news here
warnings.filterwarnings("ignore", message="Unsupported scheme type")


@dataclass
class Sdk:
    name: str
    module: str  # the SDK's import name (for the import-time case)
    plugin: Any  # opstatus_core.Plugin


def discover(only: list[str] | None = None) -> tuple[list[Sdk], dict[str, str]]:
    """Installed SDKs (sorted by name) and, by name, those that failed to load."""
    found: list[Sdk] = []
    broken: dict[str, str] = {}
    for ep in importlib.metadata.entry_points(group="opstatus.providers"):
        if only and ep.name not in only:
            continue
        try:
            plugin = ep.load()
            if plugin.fake is None:
                raise LookupError("no fake")
        except Exception as exc:  # a half-landed SDK must not stop the others
            broken[ep.name] = f"{type(exc).__name__}: {exc}"
            continue
        found.append(Sdk(ep.name, ep.value.partition(":")[0], plugin))
    found.sort(key=lambda s: s.name)
    return found, broken


def terminal_statuses(plugin: Any) -> tuple[frozenset[str], str]:
    """Every terminal status of the provider, and its first success status."""
    rule = plugin.provider.rule()
    terminal = frozenset(rule.succeeded) | frozenset(rule.failed) | frozenset(rule.canceled)
    return terminal, sorted(rule.succeeded)[0] if rule.succeeded else next(iter(terminal))


def status_reader(plugin: Any) -> Any:
    """A hand-written reader of the status string (what a raw poller would write): JSON
    pointers from the spec's ``x-opstatus`` resolved by hand, no engine code."""
    rule = plugin.provider.rule()

    def parts(pointer: str | None) -> list[str]:
        if not pointer:
            return []
        return [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]

    entries = parts(getattr(rule, "entries", None))
    status = parts(rule.status)

    def read(document: Any, op_id: str) -> str:
        node = document
        for p in entries:
            node = node[p]
        if entries:
            node = node[op_id]
        for p in status:
            node = node[p]
        return str(node)

    return read


@dataclass
class Template:
    """One real status request of an SDK and the fake's answer (pending, then terminal)."""

    url: str
    headers: dict[str, str]
    op_id: str
    pending: httpx.Response
    terminal: httpx.Response
    #: other calls the SDK made (e.g. a login), by (method, path): replayed by canned responders
    others: dict[tuple[str, str], httpx.Response]

    def other(self, request: httpx.Request) -> httpx.Response:
        found = self.others[(request.method, request.url.path)]
        return httpx.Response(found.status_code, headers=found.headers, content=found.content)

    def split(self) -> tuple[str, str]:
        """(prefix, suffix) of the URL around the operation id."""
        at = self.url.find(self.op_id)
        if at < 0:
            raise LookupError(f"operation id {self.op_id!r} not found in {self.url}")
        return self.url[:at], self.url[at + len(self.op_id) :]


def _copy(response: httpx.Response) -> httpx.Response:
    response.read()
    drop = ("content-length", "content-encoding")  # .content is already decoded
    headers = [(k, v) for k, v in response.headers.multi_items() if k.lower() not in drop]
    return httpx.Response(response.status_code, headers=headers, content=response.content)


def capture(sdk: Sdk, fake: Any, client: Any) -> Template:
    """Run two status checks of a fresh operation (pending, then terminal) through ``client``
    (a sync SDK client on ``fake``), recording the request and both responses."""
    plugin = sdk.plugin
    ref = {str(k): str(v) for k, v in fake.seed_operation("succeeded", polls=1).items()}
    h = client.generated_client.get_httpx_client()
    requests: list[httpx.Request] = []
    responses: list[httpx.Response] = []
    h.event_hooks["request"].append(requests.append)
    h.event_hooks["response"].append(lambda r: responses.append(_copy(r)))
    try:
        client.status(ref)
        client.status(ref)
    finally:
        h.event_hooks["request"].clear()
        h.event_hooks["response"].clear()
    op_id = ref[plugin.provider.id_key]
    # only the status calls (an SDK may log in first, e.g. CLC's bearer token)
    pairs = [(q, r) for q, r in zip(requests, responses, strict=True) if op_id in str(q.url)]
    request = pairs[0][0]
    headers = {k: v for k, v in request.headers.items() if k.lower() not in ("host",)}
    others = {
        (q.method, q.url.path): r
        for q, r in zip(requests, responses, strict=True)
        if op_id not in str(q.url)
    }
    template = Template(str(request.url), headers, op_id, pairs[0][1], pairs[1][1], others)
    read = status_reader(plugin)
    terminal, _ = terminal_statuses(plugin)
    op = template.op_id
    if read(json.loads(template.pending.content), op) in terminal:
        raise RuntimeError(f"{sdk.name}: the first poll of a polls=1 operation is terminal")
    if read(json.loads(template.terminal.content), op) not in terminal:
        raise RuntimeError(f"{sdk.name}: the second poll of a polls=1 operation is pending")
    return template


def terminal_ref(fake: Any) -> dict[str, str]:
    """An operation that is terminal from the first poll on (its status never changes)."""
    return {str(k): str(v) for k, v in fake.seed_operation("succeeded", polls=0).items()}


def credentials(fake: Any) -> Mapping[str, str]:
    return dict(fake.demo_credentials)
