"""What a status means: a :class:`PollingRule` read from a spec's ``x-opstatus`` extension,
so that classification and where each field sits are data (docs/CONVENTIONS.md), never Python.
"""

from __future__ import annotations

import enum
import functools
import itertools
import json
import math
import threading
import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
from attrs.converters import optional

from .errors import (
    ApiError,
    InvalidSpec,
    MalformedResponse,
    OperationIdMismatch,
    OperationNotFound,
    UnknownStatusWarning,
    WaitError,
)
from .limits import MAX_SHOWN_CHARS, MAX_WARNED_VALUES, finite_number, shorten

__all__ = [
    "EXTENSION",
    "Classification",
    "ExpectedDuration",
    "Pointer",
    "PollingRule",
    "Progress",
    "Reading",
    "load_rule",
    "load_spec",
    "resolve_pointer",
]

EXTENSION = "x-opstatus"

_MISSING: Any = object()


class Classification(enum.Enum):
    """What a status value means for a wait."""

    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELED = "canceled"

    @property
    def terminal(self) -> bool:
        return self is not Classification.PENDING


class Pointer(str):
    """An RFC 6901 JSON pointer (a leading ``#`` allowed), decoded once: a bad one is an
    :class:`InvalidSpec` when the rule is built rather than at the first poll."""

    tokens: tuple[str, ...]

    def __new__(cls, text: str) -> Pointer:
        path = text.removeprefix("#")
        if path and not path.startswith("/"):
            raise InvalidSpec(f"JSON pointer must start with '/': {path!r}")
        pointer = super().__new__(cls, text)
        pointer.tokens = tuple(t.replace("~1", "/").replace("~0", "~") for t in path.split("/")[1:])
        return pointer

    def resolve(self, document: Any, default: Any = _MISSING) -> Any:
        """The value here in ``document``, else ``default`` (``KeyError`` without one)."""
        current = document
        for token in self.tokens:
            if isinstance(current, Mapping) and token in current:
                current = current[token]
            elif (
                isinstance(current, list | tuple) and token.isdigit() and int(token) < len(current)
            ):
                current = current[int(token)]
            elif default is _MISSING:
                raise KeyError(self.removeprefix("#"))
            else:
                return default
        return current


def resolve_pointer(document: Any, pointer: str, default: Any = _MISSING) -> Any:
    """:meth:`Pointer.resolve` for a pointer's text (fakes and tests that hold no rule)."""
    return Pointer(pointer).resolve(document, default)


def _pointers(texts: Iterable[str]) -> tuple[Pointer, ...]:
    return tuple(map(Pointer, texts))


@attrs.frozen(slots=True)
class Progress:
    """Progress is ``sum(done)`` over ``total``, or over ``sum(done) + sum(remaining)``."""

    done: tuple[Pointer, ...] = attrs.field(converter=_pointers)
    total: Pointer | None = attrs.field(default=None, converter=optional(Pointer))
    remaining: tuple[Pointer, ...] = attrs.field(default=(), converter=_pointers)


@attrs.frozen(slots=True)
class ExpectedDuration:
    """How long operations take (``duration``, seconds): a client's default policy's source."""

    typical: float
    max: float


@attrs.frozen(slots=True)
class Reading:
    """What one status document says about one operation: a status, or the ``failure`` (error
    class) that ends the wait instead, with its ``reason``. ``document`` is the operation's own
    (its entry in a batched body, ``None`` without one)."""

    document: Any
    status: str | None = None
    classification: Classification | None = None
    progress: float | None = None
    error: str | None = None
    failure: type[WaitError] | None = None
    reason: str | None = None
    ok: bool = True


def render_detail(value: Any) -> str | None:
    """A provider's error detail as one short string (a message, or compact JSON)."""
    if value is None:
        return None
    if isinstance(value, str):
        return value or None
    if isinstance(value, Mapping):
        message = value.get("message") or value.get("Message")
        code = value.get("code") or value.get("Code")
        if isinstance(message, str) and message:
            return f"{code}: {message}" if isinstance(code, str) and code else message
    try:
        text = json.dumps(value, separators=(",", ":"), sort_keys=True, default=str)
    except (TypeError, ValueError, RecursionError):  # e.g. an int of 5,000 digits: so is repr
        text = "<unreadable>"
    return text[:500]


@attrs.define(slots=True, eq=False)
class PollingRule:
    """The polling semantics of one status operation, from its ``x-opstatus`` extension."""

    operation_id: str
    status: Pointer = attrs.field(converter=Pointer)
    succeeded: frozenset[str]
    failed: frozenset[str]
    canceled: frozenset[str]
    pending: frozenset[str]
    id: Pointer | None = attrs.field(default=None, converter=optional(Pointer))
    error: Pointer | None = attrs.field(default=None, converter=optional(Pointer))
    ok_flag: Pointer | None = attrs.field(default=None, converter=optional(Pointer))
    entries: Pointer | None = attrs.field(default=None, converter=optional(Pointer))
    progress: Progress | None = None
    #: statuses meaning "no such operation" (``notFound``): failed, raised as OperationNotFound
    not_found: frozenset[str] = frozenset()
    #: the goal whose lists this rule holds (``goals`` in the extension), ``None`` without goals
    goal: str | None = None
    #: pending value -> why a wait ending on it is suspicious (``stuckHints``, in the timeout)
    stuck_hints: Mapping[str, str] = attrs.field(factory=dict)
    duration: ExpectedDuration | None = None
    _warned: set[str] = attrs.field(factory=set, repr=False)
    _lock: threading.Lock = attrs.field(factory=threading.Lock, repr=False)

    @classmethod
    def from_extension(
        cls,
        extension: Mapping[str, Any],
        *,
        operation_id: str = "<inline>",
        known_values: Sequence[str] | None = None,
        goal: str | None = None,
    ) -> PollingRule:
        """``known_values``: the status enum, if resolved; ``goal``: ``None`` for ``defaultGoal``.
        Checks what a rule needs to work: any spec it cannot use is an ``InvalidSpec``."""
        where = f"operation {operation_id!r}: {EXTENSION}"
        if not isinstance(extension, Mapping):
            raise InvalidSpec(f"{where} must be a mapping")
        for key, kind in _SHAPES.items():
            if key in extension and not isinstance(extension[key], kind):
                raise InvalidSpec(
                    f"{where}.{key} must be a {'string' if kind is str else 'mapping'}"
                )
        not_found = frozenset(_strings(extension.get("notFound", []), f"{where}.notFound"))
        goals: Mapping[str, Any] = extension.get("goals", {})
        if not all(isinstance(k, str) and isinstance(v, Mapping) for k, v in goals.items()):
            raise InvalidSpec(f"{where}.goals must map goal names to mappings of status lists")
        default: Any = extension.get("defaultGoal")
        if bool(goals) != (default is not None) or (goals and default not in goals):
            raise InvalidSpec(f"{where}: defaultGoal names one of the goals, and needs goals")
        chosen: Any = goal if goal is not None else default
        if goals and chosen not in goals:
            raise InvalidSpec(f"{where}: no goal {chosen!r} (goals: {', '.join(sorted(goals))})")
        if not goals and goal is not None:
            raise InvalidSpec(f"{where}: the rule declares no goals (asked for {goal!r})")
        # every goal is checked, not only the chosen one: a broken alternative is a broken spec
        by_goal = {
            name: _classes(lists, f"{where}.goals.{name}", known_values, not_found)
            for name, lists in goals.items()
        }
        lists = by_goal[chosen] if goals else _classes(extension, where, known_values, not_found)
        # top-level lists next to goals are the default goal's, for readers without goals
        if goals and any(key in extension for key in _CLASSES):
            top = _classes(extension, where, known_values, not_found)
            if top != by_goal[default]:
                raise InvalidSpec(f"{where}: the top-level lists must be the default goal's")
        stuck: Mapping[Any, Any] = extension.get("stuckHints", {})
        if bad := [k for k, v in stuck.items() if k not in lists["pending"] or type(v) is not str]:
            raise InvalidSpec(f"{where}.stuckHints must map pending values to hints (not: {bad})")
        status = extension.get("status")
        if status is None:
            raise InvalidSpec(f"{where}.status must be a JSON pointer string")
        return cls(
            operation_id=operation_id,
            status=status,
            succeeded=lists["succeeded"],
            failed=lists["failed"],
            canceled=lists["canceled"],
            pending=lists["pending"],
            id=extension.get("id"),
            error=extension.get("error"),
            ok_flag=extension.get("okFlag"),
            entries=extension.get("entries"),
            progress=_progress(extension.get("progress"), where),
            not_found=not_found,
            goal=chosen if goals else None,
            stuck_hints=dict(stuck),
            duration=_duration(extension.get("duration"), where),
        )

    @classmethod
    def from_document(
        cls, document: Mapping[str, Any], operation_id: str, goal: str | None = None
    ) -> PollingRule:
        """Build the rule of ``operation_id`` from a parsed OpenAPI document."""
        paths = document.get("paths") if isinstance(document, Mapping) else None
        if not isinstance(paths, Mapping):
            raise InvalidSpec("the OpenAPI document has no paths")
        for item in paths.values():
            for operation in item.values() if isinstance(item, Mapping) else ():
                if isinstance(operation, Mapping) and operation.get("operationId") == operation_id:
                    extension = operation.get(EXTENSION)
                    if extension is None:
                        raise InvalidSpec(f"operation {operation_id!r} has no {EXTENSION}")
                    known = extension.get("knownStatus") if isinstance(extension, Mapping) else None
                    values = _enum_values(document, known) if isinstance(known, str) else None
                    return cls.from_extension(
                        extension, operation_id=operation_id, known_values=values, goal=goal
                    )
        raise InvalidSpec(f"no operation {operation_id!r} in the OpenAPI document")

    @property
    def known_values(self) -> frozenset[str]:
        return self.succeeded | self.failed | self.canceled | self.pending

    def stuck_reason(self, status: str | None) -> str | None:
        """Why a wait that ended on ``status`` deserves a look (``stuckHints``), or ``None``."""
        hint = None if status is None else self.stuck_hints.get(status)
        return None if hint is None else f"still {status!r} at the deadline: {hint}"

    def classify(self, value: str) -> Classification:
        """The classification of a raw status; an unknown value is pending (warned once)."""
        if value in self.succeeded:
            return Classification.SUCCEEDED
        if value in self.failed:
            return Classification.FAILED
        if value in self.canceled:
            return Classification.CANCELED
        if value not in self.pending:
            self._warn_unknown(value)
        return Classification.PENDING

    def _warn_unknown(self, value: str) -> None:
        """One ``UnknownStatusWarning`` per value, for at most ``MAX_WARNED_VALUES`` shortened
        values: neither this set nor Python's warning registry grows with what a server sends."""
        shown = shorten(value, MAX_SHOWN_CHARS)
        with self._lock:
            if shown in self._warned or len(self._warned) > MAX_WARNED_VALUES:
                return
            self._warned.add(shown)
            last = len(self._warned) > MAX_WARNED_VALUES
        message = (
            f"{self.operation_id}: more than {MAX_WARNED_VALUES} unknown statuses, treated as "
            "pending; no further ones are reported"
            if last
            else f"{self.operation_id}: unknown status {shown!r} is treated as pending "
            f"(known: {', '.join(sorted(self.known_values))})"
        )
        warnings.warn(message, UnknownStatusWarning, stacklevel=3)

    def for_client(self) -> PollingRule:
        """A copy with its own warned values: what one client saw is freed with it."""
        return attrs.evolve(self, warned=set(), lock=threading.Lock())

    def split_entries(self, document: Any) -> Mapping[str, Any]:
        """The per-operation documents of a batched response (``entries``)."""
        if self.entries is None:
            raise InvalidSpec(f"{self.operation_id}: the rule has no entries pointer")
        value = self.entries.resolve(document)
        if not isinstance(value, Mapping):
            raise TypeError(f"{self.entries} is not an object")
        return value

    def read(self, document: Any, operation_id: str | None = None) -> Reading:
        """What a status document (or, with ``entries``, a batched body) says about
        ``operation_id``: its entry, ok-flag, ``notFound`` marker, status, echoed id, progress."""
        if self.entries is not None:
            try:
                entries = self.split_entries(document)
            except (KeyError, TypeError) as exc:
                return Reading(None, failure=MalformedResponse, reason=f"no entries ({exc})")
            document = entries.get(operation_id) if operation_id is not None else None
            if document is None:
                return Reading(None, failure=OperationNotFound, reason="missing from the response")
        error = None if self.error is None else render_detail(self.error.resolve(document, None))
        if self.ok_flag is not None and self.ok_flag.resolve(document, None) is False:
            reason = f"{self.ok_flag} is false"
            return Reading(document, error=error, failure=ApiError, reason=reason, ok=False)
        raw = self.status.resolve(document, None)
        if isinstance(raw, str) and raw in self.not_found:
            return Reading(document, failure=OperationNotFound, reason=f"status {raw!r}")
        if not isinstance(raw, str):
            found = "nothing" if raw is None else f"not a string: {shorten(repr(raw))}"
            reason = f"no status at {self.status} ({found})"
            return Reading(document, failure=MalformedResponse, reason=reason)
        echoed = self.id.resolve(document, None) if self.id is not None else None
        if None not in (echoed, operation_id) and str(echoed).lower() != str(operation_id).lower():
            reason = f"the response is about {str(echoed)!r}"
            return Reading(document, failure=OperationIdMismatch, reason=reason)
        return Reading(
            document,
            status=raw,
            classification=self.classify(raw),
            progress=self._progress(document),
            error=error,
        )

    def _progress(self, document: Any) -> float | None:
        """The fraction done, or ``None`` when a count is not a finite number (or the counts sum
        to infinity, ``1e308 + 1e308``)."""
        if (spec := self.progress) is None:
            return None
        done = _count(document, spec.done)
        parts = (spec.total,) if spec.total is not None else (*spec.done, *spec.remaining)
        total = _count(document, parts)
        if done is None or total is None or not 0 < total < math.inf:
            return None
        fraction = done / total
        return min(max(fraction, 0.0), 1.0) if math.isfinite(fraction) else None


def _count(document: Any, pointers: Sequence[Pointer]) -> float | None:
    """The sum of the numbers at ``pointers``, or ``None`` if one is not a finite number."""
    total = 0.0
    for pointer in pointers:
        if (number := finite_number(pointer.resolve(document, None))) is None:
            return None
        total += number
    return total


_CLASSES = ("succeeded", "failed", "canceled", "pending")
#: the type of each optional key (lists of strings are checked where they are read)
_SHAPES: Mapping[str, type] = {
    **dict.fromkeys(("status", "id", "error", "okFlag", "entries", "knownStatus"), str),
    **dict.fromkeys(("goals", "stuckHints", "progress", "duration"), Mapping),
    "defaultGoal": str,
}


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidSpec(f"{where} must be a list of strings")
    return tuple(value)


def _classes(
    lists: Mapping[str, Any], where: str, known: Sequence[str] | None, not_found: frozenset[str]
) -> dict[str, frozenset[str]]:
    """The four status lists of one mapping: each value in one, each known value in one.
    ``notFound`` values are markers, not states: classified failed, not in the enum."""
    found = {key: frozenset(_strings(lists.get(key, []), f"{where}.{key}")) for key in _CLASSES}
    for a, b in itertools.combinations(_CLASSES, 2):
        if found[a] & found[b]:
            raise InvalidSpec(f"{where}: {sorted(found[a] & found[b])} in both {a} and {b}")
    if not found["succeeded"]:
        raise InvalidSpec(f"{where}.succeeded must list at least one value")
    if outside := sorted(not_found - found["failed"]):
        raise InvalidSpec(
            f"{where}.notFound values must also be classified failed (not: {outside})"
        )
    classified = frozenset().union(*found.values())  # notFound values are in it, as failed
    if known is not None:
        missing, extra = set(known) - classified, classified - not_found - set(known)
        if missing or extra:
            raise InvalidSpec(
                f"{where}: every known status must be classified exactly once "
                f"(unclassified: {sorted(missing)}, not in the enum: {sorted(extra)})"
            )
    return found


def _progress(value: Mapping[str, Any] | None, where: str) -> Progress | None:
    if value is None:
        return None
    where, total = f"{where}.progress", value.get("total")
    done, remaining = (value.get(key, []) for key in ("done", "remaining"))
    done, remaining = ([v] if isinstance(v, str) else v for v in (done, remaining))
    if not done or (total is None and not remaining) or not isinstance(total, str | None):
        raise InvalidSpec(f"{where} needs done and total (or remaining) pointers")
    return Progress(
        _strings(done, f"{where}.done"), total, _strings(remaining, f"{where}.remaining")
    )


def _duration(value: Mapping[str, Any] | None, where: str) -> ExpectedDuration | None:
    if value is None:
        return None
    typical, maximum = finite_number(value.get("typical")), finite_number(value.get("max"))
    if typical is None or maximum is None or not 0 < typical <= maximum:
        raise InvalidSpec(f"{where}.duration needs numbers 0 < typical <= max (seconds)")
    return ExpectedDuration(typical=typical, max=maximum)


def _enum_values(document: Mapping[str, Any], ref: str) -> list[str]:
    schema = resolve_pointer(document, ref, None)
    for _ in range(8):  # follow a short $ref chain
        if isinstance(schema, Mapping) and isinstance(schema.get("$ref"), str):
            schema = resolve_pointer(document, schema["$ref"], None)
    if not isinstance(schema, Mapping) or not isinstance(schema.get("enum"), list):
        raise InvalidSpec(f"knownStatus {ref!r} is not an enum schema")
    return [str(v) for v in schema["enum"]]


@functools.cache
def load_spec(package: str) -> Mapping[str, Any]:
    """Parse (once) the OpenAPI document shipped as package data in ``package``."""
    from importlib import resources

    import yaml

    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        text = resources.files(package).joinpath("openapi.yaml").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError) as exc:
        raise InvalidSpec(f"cannot read openapi.yaml from package {package!r}: {exc}") from exc
    try:
        document = yaml.load(text, Loader=loader)  # a safe loader (C or pure Python)
    except yaml.YAMLError as exc:
        raise InvalidSpec(f"{package}/openapi.yaml is not valid YAML: {exc}") from exc
    if not isinstance(document, Mapping):
        raise InvalidSpec(f"{package}/openapi.yaml is not an OpenAPI document")
    return document


@functools.cache
def load_rule(package: str, operation_id: str, goal: str | None = None) -> PollingRule:
    """The (cached) rule of ``operation_id`` in the spec shipped with ``package``."""
    return PollingRule.from_document(load_spec(package), operation_id, goal)
