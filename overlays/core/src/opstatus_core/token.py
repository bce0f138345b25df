"""Continuation tokens: the state of a wait as a short, credential-free, versioned string.

Format: urlsafe base64 (no padding) of compact JSON
``{"v": 1, "p": provider, "r": {path params}, "d": deadline epoch seconds, "a": attempts,
"s": last status (shortened) or null, "t": when the wait started, epoch seconds (optional)}``.
Nothing else goes in: never a credential, never a base URL.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from typing import Any

import attrs

from .errors import InvalidContinuationToken
from .limits import finite_number, shorten

__all__ = ["TOKEN_VERSION", "ContinuationState", "decode_token", "encode_token"]

TOKEN_VERSION = 1
_MAX_TOKEN = 4096


@attrs.frozen(slots=True)
class ContinuationState:
    """What a continuation token holds."""

    provider: str
    reference: Mapping[str, str]
    deadline: float  # wall clock, seconds since the epoch
    attempts: int = 0
    last_status: str | None = None
    #: when the wait started (wall clock): a resumed wait's proportional backoff goes on from
    #: there instead of starting over at its first interval; ``None`` in older tokens
    started: float | None = None


def encode_token(state: ContinuationState) -> str:
    payload = {
        "v": TOKEN_VERSION,
        "p": state.provider,
        "r": dict(state.reference),
        "d": round(state.deadline, 3),
        "a": state.attempts,
        # informational only (messages of the resumed wait): a server's 50 MB status must not
        # make a 67 MB token that decode_token refuses
        "s": None if state.last_status is None else shorten(state.last_status),
    }
    if state.started is not None:
        payload["t"] = round(state.started, 3)
    raw = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _bad(reason: str) -> InvalidContinuationToken:
    return InvalidContinuationToken(
        f"invalid continuation token: {reason}. Pass a token produced by continuation_token() "
        "of the same SDK."
    )


def decode_token(token: str, *, provider: str | None = None) -> ContinuationState:
    """Parse a token; raise :class:`InvalidContinuationToken` on garbage or a foreign provider."""
    if not isinstance(token, str) or not token or len(token) > _MAX_TOKEN:
        raise _bad("empty, not a string or too long")
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        data: Any = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise _bad("not base64 JSON") from None
    if not isinstance(data, dict):
        raise _bad("not an object")
    if data.get("v") != TOKEN_VERSION:
        raise _bad(f"unsupported version {data.get('v')!r} (this library reads {TOKEN_VERSION})")
    name, ref, last = data.get("p"), data.get("r"), data.get("s")
    deadline, attempts, started = finite_number(data.get("d")), data.get("a", 0), data.get("t")
    if not isinstance(name, str) or not name:
        raise _bad("no provider")
    if provider is not None and name != provider:
        raise _bad(f"it belongs to provider {name!r}, not {provider!r}")
    if (
        not isinstance(ref, dict)
        or not ref
        or not all(isinstance(k, str) and isinstance(v, str) for k, v in ref.items())
    ):
        raise _bad("no operation reference")
    if deadline is None:
        raise _bad("no finite deadline")
    if isinstance(attempts, bool) or not isinstance(attempts, int) or attempts < 0:
        raise _bad("bad attempt count")
    if last is not None and not isinstance(last, str):
        raise _bad("bad last status")
    if started is not None and finite_number(started) is None:
        raise _bad("bad start time")
    return ContinuationState(name, ref, deadline, attempts, last, finite_number(started))
