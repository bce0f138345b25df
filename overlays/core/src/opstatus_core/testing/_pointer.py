"""RFC 6901 JSON pointers: just enough to read, replace and remove one value in a JSON document."""

from __future__ import annotations

from typing import Any

__all__ = ["pointer_get", "pointer_parts", "pointer_remove", "pointer_set"]

_MISSING = object()


def pointer_parts(pointer: str) -> list[str]:
    """Split a pointer (``/a/b~1c``, or the ``#/a`` URI fragment form) into unescaped tokens."""
    if pointer.startswith("#"):
        pointer = pointer[1:]
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        raise ValueError(f"not a JSON pointer: {pointer!r}")
    return [p.replace("~1", "/").replace("~0", "~") for p in pointer[1:].split("/")]


def _step(node: Any, token: str) -> Any:
    if isinstance(node, dict):
        return node.get(token, _MISSING)
    if isinstance(node, list) and token.isdigit() and int(token) < len(node):
        return node[int(token)]
    return _MISSING


def pointer_get(document: Any, pointer: str, default: Any = None) -> Any:
    """The value at ``pointer``, or ``default`` when any step is missing."""
    node = document
    for token in pointer_parts(pointer):
        node = _step(node, token)
        if node is _MISSING:
            return default
    return node


def _parent(document: Any, pointer: str) -> tuple[Any, str] | None:
    parts = pointer_parts(pointer)
    if not parts:
        return None
    node = document
    for token in parts[:-1]:
        node = _step(node, token)
        if node is _MISSING:
            return None
    return node, parts[-1]


def pointer_set(document: Any, pointer: str, value: Any) -> bool:
    """Replace (or add, in an object) the value at ``pointer``; False when the parent is missing."""
    found = _parent(document, pointer)
    if found is None:
        return False
    parent, token = found
    if isinstance(parent, dict):
        parent[token] = value
        return True
    if isinstance(parent, list) and token.isdigit() and int(token) < len(parent):
        parent[int(token)] = value
        return True
    return False


def pointer_remove(document: Any, pointer: str) -> bool:
    """Remove the value at ``pointer``; False when it is not there."""
    found = _parent(document, pointer)
    if found is None:
        return False
    parent, token = found
    if isinstance(parent, dict) and token in parent:
        del parent[token]
        return True
    if isinstance(parent, list) and token.isdigit() and int(token) < len(parent):
        del parent[int(token)]
        return True
    return False
