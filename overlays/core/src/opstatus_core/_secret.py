"""Credentials: :class:`Secret` and environment variables."""

from __future__ import annotations

import os
from collections.abc import Mapping

from .errors import OpstatusError

__all__ = ["ConfigurationError", "Secret", "env_secret", "env_value", "secret_or_env"]


class ConfigurationError(OpstatusError):
    """A required setting (base URL, credential) is missing or invalid."""


class Secret:
    """A credential: ``repr``/``str``/``format`` are redacted, ``reveal()`` gives the value.
    Equality is constant-time; not hashable nor picklable, so it cannot end up in a log."""

    __slots__ = ("_value",)

    def __init__(self, value: str | Secret) -> None:
        if isinstance(value, Secret):
            value = value.reveal()
        if not isinstance(value, str):
            raise TypeError("a Secret wraps a str")
        self._value = value

    def reveal(self) -> str:
        """The secret value: use it only where it is sent (a header), never to log it."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('**********')"

    def __str__(self) -> str:
        return "**********"

    def __format__(self, spec: str) -> str:
        return "**********"

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        import hmac

        return hmac.compare_digest(self._value.encode(), other._value.encode())

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> str:
        raise TypeError("a Secret cannot be pickled")


def env_value(
    name: str, *, environ: Mapping[str, str] | None = None, required: bool = False
) -> str | None:
    """A non-empty setting from the environment (``None`` when unset or blank)."""
    value = (os.environ if environ is None else environ).get(name, "").strip()
    if not value:
        if required:
            raise ConfigurationError(f"{name} is not set; set it or pass the value explicitly.")
        return None
    return value


def env_secret(
    name: str, *, environ: Mapping[str, str] | None = None, required: bool = False
) -> Secret | None:
    """A credential from the environment, wrapped in a :class:`Secret`."""
    value = env_value(name, environ=environ, required=required)
    return None if value is None else Secret(value)


def secret_or_env(
    given: str | Secret | None,
    env: str,
    *,
    provider: str,
    what: str,
    keyword: str,
    environ: Mapping[str, str] | None,
) -> Secret:
    """A required credential: ``given`` (the client keyword ``keyword``), else ``env``; refused
    with how to give it, naming ``what`` it is, never its value."""
    secret = Secret(given) if given is not None else env_secret(env, environ=environ)
    if not secret:
        raise ConfigurationError(f"{provider}: no {what}; pass {keyword}=... or set {env}.")
    return secret
