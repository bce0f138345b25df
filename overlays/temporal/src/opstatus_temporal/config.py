"""Where the Temporal service is: address, namespace, task queue, TLS, API key.

The same code talks to a local dev server (``temporal server start-dev``), a self-hosted cluster
or Temporal Cloud; only this configuration changes. Every setting has an environment variable
(``OPSTATUS_TEMPORAL_*``) and a CLI flag of ``opstatus worker``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path

import attrs
from opstatus_core import Secret
from opstatus_core.sdk import ConfigurationError, OpstatusError
from temporalio.client import Client
from temporalio.service import TLSConfig

__all__ = [
    "DEFAULT_ADDRESS",
    "DEFAULT_NAMESPACE",
    "DEFAULT_TASK_QUEUE",
    "TemporalConfig",
    "TemporalUnavailable",
    "connect",
]

DEFAULT_ADDRESS = "127.0.0.1:7233"
DEFAULT_NAMESPACE = "default"
DEFAULT_TASK_QUEUE = "opstatus"

ENV_ADDRESS = "OPSTATUS_TEMPORAL_ADDRESS"
ENV_NAMESPACE = "OPSTATUS_TEMPORAL_NAMESPACE"
ENV_TASK_QUEUE = "OPSTATUS_TEMPORAL_TASK_QUEUE"
ENV_TLS = "OPSTATUS_TEMPORAL_TLS"
ENV_TLS_CA = "OPSTATUS_TEMPORAL_TLS_CA"
ENV_TLS_CERT = "OPSTATUS_TEMPORAL_TLS_CERT"
ENV_TLS_KEY = "OPSTATUS_TEMPORAL_TLS_KEY"
ENV_API_KEY = "OPSTATUS_TEMPORAL_API_KEY"


class TemporalUnavailable(OpstatusError):
    """The Temporal service cannot be reached (down, wrong address, TLS or namespace refused)."""


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


@attrs.frozen(slots=True)
class TemporalConfig:
    """How to reach Temporal.

    - ``address``: ``host:port`` of the frontend (Temporal Cloud: ``<ns>.<acct>.tmprl.cloud:7233``).
    - ``namespace``, ``task_queue``: where waits are submitted and workers poll.
    - ``tls``: use TLS (implied by a client certificate or an API key); ``tls_ca``: a CA bundle
      for a private CA; ``tls_cert``/``tls_key``: mTLS client certificate and key files.
    - ``api_key``: a Temporal Cloud API key (secret: never printed).
    """

    address: str = DEFAULT_ADDRESS
    namespace: str = DEFAULT_NAMESPACE
    task_queue: str = DEFAULT_TASK_QUEUE
    tls: bool = False
    tls_ca: Path | None = None
    tls_cert: Path | None = None
    tls_key: Path | None = None
    api_key: Secret | None = attrs.field(default=None, repr=lambda v: "<redacted>" if v else "None")
    connect_timeout: float = 10.0

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, **overrides: object
    ) -> TemporalConfig:
        """Settings from ``OPSTATUS_TEMPORAL_*`` variables; ``overrides`` (flags) win when not
        ``None``."""
        env = os.environ if environ is None else environ

        def path(name: str) -> Path | None:
            value = env.get(name, "").strip()
            return Path(value) if value else None

        key = env.get(ENV_API_KEY, "").strip()
        values: dict[str, object] = {
            "address": env.get(ENV_ADDRESS, "").strip() or DEFAULT_ADDRESS,
            "namespace": env.get(ENV_NAMESPACE, "").strip() or DEFAULT_NAMESPACE,
            "task_queue": env.get(ENV_TASK_QUEUE, "").strip() or DEFAULT_TASK_QUEUE,
            "tls": _flag(env.get(ENV_TLS)),
            "tls_ca": path(ENV_TLS_CA),
            "tls_cert": path(ENV_TLS_CERT),
            "tls_key": path(ENV_TLS_KEY),
            "api_key": Secret(key) if key else None,
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        if isinstance(values["api_key"], str):
            values["api_key"] = Secret(values["api_key"])
        return cls(**values)  # type: ignore[arg-type]

    def tls_config(self) -> TLSConfig | bool:
        """What ``Client.connect(tls=...)`` takes: ``False``, ``True`` (system roots) or files."""
        if (self.tls_cert is None) != (self.tls_key is None):
            raise ConfigurationError(
                f"temporal: a client certificate needs both {ENV_TLS_CERT} and {ENV_TLS_KEY}."
            )
        if self.tls_ca is None and self.tls_cert is None:
            return self.tls or self.api_key is not None

        def read(path: Path | None) -> bytes | None:
            if path is None:
                return None
            try:
                return path.read_bytes()
            except OSError as exc:
                raise ConfigurationError(f"temporal: cannot read {path}: {exc.strerror}.") from None

        return TLSConfig(
            server_root_ca_cert=read(self.tls_ca),
            client_cert=read(self.tls_cert),
            client_private_key=read(self.tls_key),
        )


async def connect(config: TemporalConfig | None = None) -> Client:
    """A Temporal client, or :class:`TemporalUnavailable` saying where it tried and what to do."""
    config = config or TemporalConfig.from_env()
    tls = config.tls_config()
    try:
        return await Client.connect(
            config.address,
            namespace=config.namespace,
            tls=tls,
            api_key=config.api_key.reveal() if config.api_key is not None else None,
            connect_timeout=timedelta(seconds=config.connect_timeout),
        )
    except Exception as exc:  # the SDK raises RuntimeError with the gRPC reason
        reason = " ".join(str(exc).split())
        if config.api_key is not None:
            reason = reason.replace(config.api_key.reveal(), "**********")
        raise TemporalUnavailable(
            f"temporal: cannot reach {config.address} (namespace {config.namespace!r}): "
            f"{reason[:300]}. Start a server (temporal server start-dev) or set "
            f"{ENV_ADDRESS}/{ENV_NAMESPACE} and the TLS settings."
        ) from None
