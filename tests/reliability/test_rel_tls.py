"""TLS for real: every provider's fake served over HTTPS on loopback with a certificate from a
throwaway CA (trustme) that the system does not trust. A default client refuses the handshake
(a typed error, not retried, nothing reaches the service); only the loudly named
``insecure_skip_tls_verify=True`` gets through, and it warns."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import attrs
import pytest
import trustme
from opstatus_core._clock import SystemClock
from opstatus_core.plugin import Plugin
from opstatus_core.sdk import ApiError, InsecureTransportWarning, Outcome, WaitError
from opstatus_core.testing import serve

from ._support import MATRIX_POLICY, close, make_client, run, status_requests

#: real time, a short deadline: a refused handshake must end the wait at once, not by timeout
POLICY = attrs.evolve(MATRIX_POLICY, timeout=20.0, interval=0.05, max_interval=0.2)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    folder: Path = tmp_path_factory.mktemp("tls")
    issued = trustme.CA().issue_cert("127.0.0.1")
    chain, key = folder / "chain.pem", folder / "key.pem"
    issued.private_key_and_cert_chain_pem.write_to_path(str(chain))
    issued.private_key_pem.write_to_path(str(key))
    return str(chain), str(key)


async def _wait_over_tls(
    plugin: Plugin, mode: str, certificate: tuple[str, str], **options: Any
) -> tuple[Any, Outcome[Any] | WaitError]:
    """(the fake, the outcome or typed error) of one wait on the fake served over HTTPS."""
    fake = plugin.load_fake()
    ref = fake.seed_operation("succeeded", polls=1)
    with serve(fake, tls=certificate) as server:
        assert server.base_url.startswith("https://127.0.0.1:")
        client = make_client(
            plugin,
            fake,
            mode,
            in_process=False,
            base_url=server.base_url,
            policy=POLICY,
            clock=SystemClock(),
            **options,
        )
        try:
            return fake, await run(client, ref)
        finally:
            await close(client)


async def test_an_untrusted_certificate_is_refused(
    plugin: Plugin, mode: str, certificate: tuple[str, str]
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", InsecureTransportWarning)
        fake, error = await _wait_over_tls(plugin, mode, certificate)
    assert isinstance(error, ApiError), error
    assert "TLS certificate verification failed" in str(error), error
    assert error.attempts == 1, "a refused certificate is final, never retried"
    assert not fake.requests, "a request went through an unverified connection"


async def test_only_the_loud_option_skips_verification(
    plugin: Plugin, mode: str, certificate: tuple[str, str]
) -> None:
    with pytest.warns(InsecureTransportWarning, match="TLS certificate verification is OFF"):
        fake, outcome = await _wait_over_tls(
            plugin, mode, certificate, insecure_skip_tls_verify=True
        )
    assert isinstance(outcome, Outcome), outcome
    assert status_requests(fake, plugin), "nothing reached the fake over TLS"
