"""Checks that several providers' inputs share: GUID ids and bearer-or-basic credentials.

They live here so every SDK refuses the same things with the same words, before any request.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from uuid import UUID

from .client import Auth, BasicCredentials, BearerToken
from .errors import InvalidOperationReference
from .secret import ConfigurationError, Secret, env_secret, env_value

__all__ = ["bearer_or_basic", "parse_guid"]

#: RFC 4122's string form, or its 32 hex digits alone (.NET's "N" format), optionally in the
#: braces Microsoft writes GUIDs in (balanced); sent on in the canonical hyphenated form
_GUID = re.compile(
    r"(?P<open>\{?)(?P<hex>[0-9a-fA-F]{8}(?P<dash>-?)[0-9a-fA-F]{4}(?P=dash)[0-9a-fA-F]{4}"
    r"(?P=dash)[0-9a-fA-F]{4}(?P=dash)[0-9a-fA-F]{12})(?P<close>\}?)"
)


@functools.lru_cache(maxsize=64)
def _guid_text(text: str) -> UUID | None:
    """Cached: one reference's ids are read when it is normalised and, right after, when its
    request is built (UUIDs are immutable, so sharing them is safe); small on purpose."""
    match = _GUID.fullmatch(text.strip())
    if match is None or bool(match["open"]) != bool(match["close"]):
        return None
    return UUID(match["hex"])


def parse_guid(value: object, what: str, *, provider: str) -> UUID:
    """A GUID (``uuid.UUID``, or a hyphenated or 32-digit string, braced or not), or
    :class:`InvalidOperationReference` naming ``what``: a spec's ``format: uuid`` is enforced
    before any request rather than left to a 400 (or a 404 for another resource)."""
    if isinstance(value, UUID):
        return value
    parsed = _guid_text(value) if isinstance(value, str) else None
    if parsed is not None:
        return parsed
    shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
    raise InvalidOperationReference(
        f"{provider}: {what} must be a GUID (e.g. 727bf148-f327-47a0-9481-abae6362f11e), "
        f"not {shown}."
    )


def bearer_or_basic(
    *,
    provider: str,
    token: str | Secret | None,
    username: str | None,
    password: str | Secret | None,
    token_env: str,
    username_env: str,
    password_env: str,
    environ: Mapping[str, str] | None,
) -> Auth:
    """Bearer token or HTTP basic, for APIs whose spec offers both.

    Explicit arguments win over the environment. Passing a token *and* a user name or password
    is refused: which one the caller meant cannot be guessed, and guessing could send the wrong
    credential to the service."""
    if token is not None and (username is not None or password is not None):
        raise ConfigurationError(f"{provider}: pass either token or username/password, not both.")
    if token is not None:
        bearer = Secret(token)
        if not bearer:
            raise ConfigurationError(f"{provider}: the token is empty.")
        return BearerToken(bearer)
    if username is None and password is None:
        env_token = env_secret(token_env, environ=environ)
        if env_token is not None:
            return BearerToken(env_token)
    if (username is None) != (password is None):
        raise ConfigurationError(f"{provider}: basic authentication needs username and password.")
    username = username if username is not None else env_value(username_env, environ=environ)
    secret = Secret(password) if password is not None else env_secret(password_env, environ=environ)
    if not username or secret is None or not secret:
        raise ConfigurationError(
            f"{provider}: no credentials; pass token=... or username=... and password=..., "
            f"or set {token_env}, or {username_env} and {password_env}."
        )
    if ":" in username:  # RFC 7617: the user-id of basic authentication cannot contain ':'
        raise ConfigurationError(f"{provider}: a basic-auth username cannot contain ':'.")
    return BasicCredentials(username, secret)
