"""The bounds on every value a server (or a caller) controls: each written once, here.

A hostile or broken server must not be able to make a wait raise something other than a typed
error, run past its deadline, or keep memory after it ended. What each bound guards is said next
to it; the core README lists them.
"""

from __future__ import annotations

import math
import re

__all__ = [
    "MAX_BASE_URL_CHARS",
    "MAX_DETAIL_CHARS",
    "MAX_JSON_DEPTH",
    "MAX_REFERENCE_CHARS",
    "MAX_SECONDS",
    "MAX_SHOWN_CHARS",
    "MAX_WARNED_VALUES",
    "finite_number",
    "has_userinfo",
    "json_too_deep",
    "redact_url",
    "shorten",
]

#: the longest duration a :class:`~opstatus_core.PollPolicy` accepts (timeout, delays, request
#: timeout) and the furthest a continuation token's deadline may be: 30 days. Far beyond any
#: real wait, far below what ``time.sleep``/``asyncio`` and float deadlines can hold.
MAX_SECONDS = 30 * 24 * 3600.0

#: JSON bodies nested deeper than this are refused (``MalformedResponse``), before Python's own
#: recursion limit can be hit anywhere (parsing, ``to_dict``, ``json.dumps``, a caller's code).
#: Real status documents nest fewer than ten levels.
MAX_JSON_DEPTH = 64

#: server-controlled text (a status value, an id, a reason) shown in a message, a warning or a
#: continuation token is cut to this many characters (with ``...``)
MAX_SHOWN_CHARS = 200

#: a provider's error detail in a message is cut to this many characters
MAX_DETAIL_CHARS = 300

#: distinct unknown status values a client warns about; beyond it one last warning says that
#: further values are not reported (the set is per client, and holds shortened values only)
MAX_WARNED_VALUES = 32

#: the longest base URL a client accepts (RFC 9110 recommends supporting 8,000-octet request
#: lines; a base URL is only the start of one)
MAX_BASE_URL_CHARS = 2048

#: the longest value an operation reference key may have: httpx refuses longer URLs (its
#: ``MAX_URL_LENGTH``), so such a value could never be sent; it is refused before any request,
#: with a short message
MAX_REFERENCE_CHARS = 65_536


def shorten(text: str, limit: int = MAX_SHOWN_CHARS) -> str:
    """``text`` cut to ``limit`` characters (the last three ``...``) if longer."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def finite_number(value: object) -> float | None:
    """A JSON number as a finite float, or ``None`` (not a number, a bool, NaN, +-Infinity, or
    an integer too large for a float, e.g. 400 digits)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")


def json_too_deep(content: bytes | None) -> bool:
    """Whether a JSON text nests arrays/objects more than ``MAX_JSON_DEPTH`` levels deep.

    Most bodies have fewer brackets than that in all and are answered by two counts; only others
    are scanned (strings skipped, so brackets inside them do not count)."""
    if not content or content.count(b"[") + content.count(b"{") <= MAX_JSON_DEPTH:
        return False
    depth = 0
    for match in _BRACKET.finditer(_STRING.sub(b"", content)):
        if match.group() in (b"[", b"{"):
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return True
        else:
            depth -= 1
    return False


_AUTHORITY = re.compile(r"^(?P<scheme>[^:/?#]*:)?//(?P<userinfo>[^/?#]*@)?")


def has_userinfo(url: str) -> bool:
    """Whether ``url`` carries ``user[:password]@`` before its host (RFC 3986 authority)."""
    match = _AUTHORITY.match(url)
    return match is not None and match["userinfo"] is not None


def redact_url(url: str) -> str:
    """``url`` for a message: any userinfo replaced by ``***@``, shortened."""
    match = _AUTHORITY.match(url)
    if match is not None and match["userinfo"] is not None:
        url = url[: match.start("userinfo")] + "***@" + url[match.end("userinfo") :]
    return shorten(url)
