"""The bounds on every value a server (or a caller) controls, each written once, here: a hostile
server must not make a wait raise an untyped error, overrun its deadline or hoard memory.
"""

from __future__ import annotations

import itertools
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

#: the longest duration a :class:`~opstatus_core.PollPolicy` or a request timeout may be: 30
#: days, far beyond any real wait, far below what ``time.sleep``/``asyncio`` can hold
MAX_SECONDS = 30 * 24 * 3600.0

#: JSON bodies nested deeper are refused (``MalformedResponse``) before Python's recursion limit
#: can be hit anywhere (parsing, ``to_dict``, a caller's code); real ones nest under ten levels
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

#: the longest value of an operation reference key: httpx refuses longer URLs (its
#: ``MAX_URL_LENGTH``), so it is refused before any request, with a short message
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
    """Whether a JSON text nests arrays/objects more than ``MAX_JSON_DEPTH`` levels deep (most
    bodies have fewer brackets in all; others are scanned, brackets in strings skipped)."""
    if not content or content.count(b"[") + content.count(b"{") <= MAX_JSON_DEPTH:
        return False
    brackets = _BRACKET.finditer(_STRING.sub(b"", content))
    depths = itertools.accumulate(1 if match.group() in b"[{" else -1 for match in brackets)
    return any(depth > MAX_JSON_DEPTH for depth in depths)


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
