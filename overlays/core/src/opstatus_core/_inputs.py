"""Checks that several providers' inputs share: GUID ids (from :mod:`._reference`) and
bearer-or-basic credentials.

They live here so every SDK refuses the same things with the same words, before any request.
"""

from __future__ import annotations

from collections.abc import Mapping

from ._auth import BasicCredentials, BearerToken
from ._reference import parse_guid
from ._secret import ConfigurationError, Secret, env_secret, env_value

__all__ = ["bearer_or_basic", "parse_guid"]


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
) -> BearerToken | BasicCredentials:
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
