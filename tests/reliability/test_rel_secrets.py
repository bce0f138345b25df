"""Secrets never leak; TLS verification cannot be switched off by accident.

A unique secret is planted in every secret credential keyword of each SDK (the fake is told to
accept it); a wait succeeds, then fails on a 401; everything observable is searched for it:
repr/str of clients, pollers, outcomes and errors (and their tokens), log records at DEBUG of
every logger (httpx/httpcore included), and the ``opstatus`` CLI's output, with and without
``--json`` and ``--debug``.

TLS: the tests here check the verify setting the httpx clients get (on by default, off only
with ``insecure_skip_tls_verify=True``, which warns, and only for ``True`` itself);
test_rel_tls.py does the same against a real HTTPS fake with an untrusted certificate.
"""

from __future__ import annotations

import base64
import importlib.util
import logging
import os
import secrets
import shutil
import subprocess
import sys
import warnings
from typing import Any

import pytest
from opstatus_core.plugin import Plugin
from opstatus_core.sdk import AuthenticationError, InsecureTransportWarning
from opstatus_core.testing import Fault, serve

from ._support import Captured, close, make_client, run, secret_kwargs


def _plant(plugin: Plugin) -> tuple[Any, dict[str, str], list[str]]:
    """A fake accepting a fresh unique secret, the client credentials, and the needles."""
    fake = plugin.load_fake()
    creds = dict(fake.demo_credentials)
    planted = f"S3cr3t-{secrets.token_hex(12)}"
    keys = [k for k in secret_kwargs(plugin) if k in creds]
    assert keys, f"{plugin.name}: the demo credentials hold no secret keyword"
    for key in keys:
        old = creds[key]
        creds[key] = planted
        _accept(fake, old, planted)
    user = creds.get("username", "")
    needles = [
        planted,
        base64.b64encode(planted.encode()).decode(),
        base64.b64encode(f"{user}:{planted}".encode()).decode(),
    ]
    return fake, creds, needles


def _accept(fake: Any, old: str, new: str) -> None:
    """Make the fake accept ``new`` wherever it accepted ``old`` (generic FakeService
    credentials, or a user table of a fake that logs users in)."""
    if fake.credentials is not None:
        fake.credentials = {
            scheme: frozenset(
                {v.replace(old, new) for v in values} | set(values) if old else values
            )
            for scheme, values in fake.credentials.items()
        }
    users = getattr(fake, "users", None)
    if isinstance(users, dict):
        for name, record in list(users.items()):
            if isinstance(record, tuple) and record and record[0] == old:
                users[name] = (new, *record[1:])
            elif record == old:
                users[name] = new


async def test_planted_secret_never_appears(
    plugin: Plugin, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    fake, creds, needles = _plant(plugin)
    seen = Captured([])
    # caplog puts every level back afterwards (a level left at DEBUG would make later tests in
    # this worker capture every httpcore record)
    for name in ("httpx", "httpcore", "opstatus_core", None, plugin.provider.spec_package):
        caplog.set_level(logging.DEBUG, logger=name)
    ok_ref = fake.seed_operation("succeeded", polls=1)
    bad_ref = fake.seed_operation("succeeded", polls=3)
    fake.inject(
        Fault.unauthorized(),
        times=3,
        skip=1,
        route=plugin.provider.operation_id,
        operation_id=bad_ref[plugin.provider.id_key],
    )
    client = make_client(plugin, fake, mode, credentials=creds)
    try:
        seen.add(client, client.poller(ok_ref))
        outcome = await run(client, ok_ref)
        assert not isinstance(outcome, Exception), f"the planted secret was refused: {outcome}"
        seen.add(outcome, outcome.snapshot, outcome.model)
        error = await run(client, bad_ref)
        assert isinstance(error, AuthenticationError), error
        seen.add(error, error.snapshot)
    finally:
        await close(client)
    seen.texts += [r.getMessage() for r in caplog.records]
    seen.texts += [repr(r.args) for r in caplog.records]
    seen.texts.append(caplog.text)
    # the fake's own request log too: URLs, headers and JSON bodies (CenturyLink's login body
    # carries the password) are recorded with credentials redacted
    with fake.lock:
        for record in fake.requests:
            seen.add(record)
            seen.texts.append(record.body.decode("utf-8", "replace"))
            seen.texts += [f"{k}: {v}" for k, v in record.headers]
    assert fake.requests, "the fake recorded nothing"
    assert any("HTTP Request" in r.getMessage() for r in caplog.records), "httpx not captured"
    assert not seen.find(needles), seen.find(needles)[:3]


def _cli() -> list[str] | None:
    if importlib.util.find_spec("opstatus_cli") is None:
        return None
    exe = shutil.which("opstatus", path=os.path.dirname(sys.executable))
    return [exe] if exe else [sys.executable, "-m", "opstatus_cli"]


@pytest.mark.timeout(120)
@pytest.mark.parametrize("flags", [["--debug"], ["--json", "--debug"]], ids=["debug", "json"])
def test_cli_never_prints_the_secret(flags: list[str]) -> None:
    """The CLI, as a subprocess, with the planted secrets in its environment: one succeeding
    and one refused wait per provider; stdout and stderr are searched."""
    from ._support import PLUGINS

    cli = _cli()
    assert cli is not None, "opstatus-cli is not installed (it is part of the workspace)"
    for plugin in PLUGINS:
        fake, creds, needles = _plant(plugin)
        ok = fake.seed_operation("succeeded", polls=0)
        bad = fake.seed_operation("succeeded", polls=1)
        fake.inject(
            Fault.unauthorized(),
            times=3,
            route=plugin.provider.operation_id,
            operation_id=bad[plugin.provider.id_key],
        )
        env = {k: v for k, v in os.environ.items() if not k.startswith("OPSTATUS_")}
        for cred in plugin.credentials:
            if cred.kwarg in creds:
                env[cred.env] = creds[cred.kwarg]
        id_key = plugin.provider.id_key
        assert {k: v for k, v in ok.items() if k != id_key} == {
            k: v for k, v in bad.items() if k != id_key
        }
        with serve(fake) as server:
            for ref in (ok,):
                params = [f"--param={k}={v}" for k, v in ref.items() if k != id_key]
                env_url = {**env}
                done = subprocess.run(
                    [
                        *cli,
                        plugin.name,
                        "wait",
                        ref[id_key],
                        bad[id_key],
                        *params,
                        "--base-url",
                        server.base_url,
                        "--timeout",
                        "20",
                        "--interval",
                        "0.05",
                        *flags,
                    ],
                    env=env_url,
                    capture_output=True,
                    text=True,
                    timeout=60,
                    check=False,
                )
                output = done.stdout + done.stderr
                # one wait succeeds, the other is refused (401): exit 5, both ids reported
                assert done.returncode == 5, f"{plugin.name}: {done.returncode}: {output}"
                assert ok[id_key] in output
                assert bad[id_key] in output
                hits = [n for n in needles if n in output]
                assert not hits, f"{plugin.name} {flags}: the secret was printed:\n{output}"


# -- TLS -----------------------------------------------------------------------------------


def _verify_of(client: Any, mode: str) -> Any:
    generated = client.generated_client
    httpx_client = (
        generated.get_httpx_client() if mode == "sync" else generated.get_async_httpx_client()
    )
    bounded = httpx_client._transport  # core's BoundedTransport around httpx's default
    pool = bounded.inner._pool  # httpcore pool: its ssl context
    return pool._ssl_context


async def test_tls_verification_on_by_default(plugin: Plugin, mode: str) -> None:
    import ssl

    fake = plugin.load_fake()
    with warnings.catch_warnings():
        warnings.simplefilter("error", InsecureTransportWarning)
        client = make_client(plugin, fake, mode, in_process=False, base_url="https://x.invalid")
    try:
        assert client.generated_client._verify_ssl is True
        context = _verify_of(client, mode)
        assert context.verify_mode == ssl.CERT_REQUIRED
        assert context.check_hostname
    finally:
        await close(client)


async def test_tls_off_needs_the_loud_option_and_warns(plugin: Plugin, mode: str) -> None:
    import ssl

    fake = plugin.load_fake()
    with pytest.warns(InsecureTransportWarning, match="TLS certificate verification is OFF"):
        client = make_client(
            plugin,
            fake,
            mode,
            in_process=False,
            base_url="https://x.invalid",
            insecure_skip_tls_verify=True,
        )
    try:
        assert _verify_of(client, mode).verify_mode == ssl.CERT_NONE
    finally:
        await close(client)
    for falsy_but_not_true in ("yes", 1, "True"):
        with warnings.catch_warnings():
            warnings.simplefilter("error", InsecureTransportWarning)
            other = make_client(
                plugin,
                fake,
                mode,
                in_process=False,
                base_url="https://x.invalid",
                insecure_skip_tls_verify=falsy_but_not_true,
            )
        try:
            assert _verify_of(other, mode).verify_mode == ssl.CERT_REQUIRED
        finally:
            await close(other)
