"""Operation references: what names one operation, parsed once where it enters (a client, the
CLI, opstatus-temporal) by the rules every provider shares; nothing after checks again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, ClassVar, Self
from uuid import UUID

import attrs

from .errors import InvalidOperationReference
from .limits import MAX_REFERENCE_CHARS, shorten

__all__ = ["OperationReference", "parse_guid"]

#: RFC 4122's string form, or its 32 hex digits alone (.NET's "N" format), optionally in the
#: braces Microsoft writes GUIDs in (balanced); sent on in the canonical hyphenated form
_GUID = re.compile(
    r"(?P<open>\{?)(?P<hex>[0-9a-fA-F]{8}(?P<dash>-?)[0-9a-fA-F]{4}(?P=dash)[0-9a-fA-F]{4}"
    r"(?P=dash)[0-9a-fA-F]{4}(?P=dash)[0-9a-fA-F]{12})(?P<close>\}?)"
)


def parse_guid(value: object, what: str, *, provider: str) -> UUID:
    """A GUID (a ``UUID``, or its hyphenated or 32-digit text, braced or not), or
    :class:`InvalidOperationReference` naming ``what``: checked before a request, not by a 400."""
    if isinstance(value, UUID):
        return value
    match = _GUID.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is not None and bool(match["open"]) == bool(match["close"]):
        return UUID(match["hex"])
    raise InvalidOperationReference(
        f"{provider}: {what} must be a GUID (e.g. 727bf148-f327-47a0-9481-abae6362f11e), "
        f"not {shorten(repr(value), 60)}."
    )


@attrs.frozen
class OperationReference:
    """One operation of one provider, checked. An SDK subclasses it (``@attrs.frozen``) with
    typed fields and these class settings, and overrides ``_from_values``, ``to_kwargs`` and
    ``to_dict`` (and ``_values`` to accept more shapes, e.g. a link)."""

    provider: ClassVar[str]  # the slug
    keys: ClassVar[tuple[str, ...]]  # the mapping's
    id_key: ClassVar[str]  # what a bare id is
    optional_keys: ClassVar[frozenset[str]] = frozenset()
    missing_hint: ClassVar[str] = ""  # how else to give a missing key, e.g. a client default

    @classmethod
    def parse(cls, value: object, *, defaults: Mapping[str, str] | None = None) -> Self:
        """``value`` (this type, an id, or a mapping of :attr:`keys`) as this type, or
        :class:`InvalidOperationReference`; ``defaults`` fill in keys the value leaves out."""
        if isinstance(value, cls):
            return value
        values = {**(defaults or {}), **cls._values(value)}
        required = [k for k in cls.keys if k not in cls.optional_keys]
        missing = [
            k for k in cls.keys if values.get(k) == "" or (k in required and k not in values)
        ]
        unknown = sorted(k for k in values if k not in cls.keys)
        if missing or unknown:
            optional = f" (optional: {sorted(cls.optional_keys)})" if cls.optional_keys else ""
            hint = cls.missing_hint if any(k != cls.id_key for k in missing) else ""
            raise cls.refuse(
                f"reference needs {required}{optional}{hint} "
                f"(missing {missing}, unknown {unknown})."
            )
        dots = sorted(k for k, v in values.items() if v in {".", ".."})
        if dots:  # a dot-segment is resolved away (RFC 3986 5.2.4): another resource
            raise cls.refuse(
                f"{', '.join(dots)} cannot be '.' or '..' "
                "(a dot-segment would change the request path)."
            )
        for key, text in values.items():
            if isinstance(text, str) and len(text) > MAX_REFERENCE_CHARS:
                raise cls.refuse(
                    f"{key} is {len(text)} characters long (at most {MAX_REFERENCE_CHARS})."
                )
        return cls._from_values(values)

    @classmethod
    def _values(cls, value: object) -> dict[str, object]:
        """The raw values of an id or a mapping (``None`` counts as left out)."""
        if isinstance(value, str | UUID):
            return {cls.id_key: str(value)}
        if isinstance(value, Mapping):
            return {str(k): v for k, v in value.items() if v is not None}
        raise cls.refuse(
            f"an operation reference is an id or a mapping, not {type(value).__name__}."
        )

    @classmethod
    def _from_values(cls, values: Mapping[str, object]) -> Self:
        """The reference from values past the shared checks (refusing with :meth:`refuse`)."""
        raise NotImplementedError

    def to_kwargs(self) -> dict[str, Any]:
        """The status call's kwargs (the generated endpoint's parameters)."""
        raise NotImplementedError

    def to_dict(self) -> dict[str, str]:
        """The canonical JSON-able mapping (tokens, outcomes), which ``parse`` reads back."""
        raise NotImplementedError

    @property
    def id(self) -> str:
        """The operation id (the canonical text of :attr:`id_key`)."""
        return self.to_dict()[self.id_key]

    @classmethod
    def refuse(cls, message: str) -> InvalidOperationReference:
        return InvalidOperationReference(f"{cls.provider}: {message}")

    @classmethod
    def text(cls, values: Mapping[str, object], key: str) -> str:
        """``values[key]``, which must be a string."""
        value = values[key]
        if not isinstance(value, str):
            raise cls.refuse(f"{key} must be a string, not {type(value).__name__}.")
        return value

    @classmethod
    def guid(cls, values: Mapping[str, object], key: str, what: str | None = None) -> UUID:
        """``values[key]`` as a GUID (messages name it ``what``, default the key)."""
        return parse_guid(values[key], what or key, provider=cls.provider)
