"""Finding the installed provider SDKs (the ``opstatus.providers`` entry points).

Installing an SDK adds its subcommand; an SDK that is not installed is simply absent; a plugin
that cannot be loaded (import error, no ``PLUGIN``, not a :class:`~opstatus_core.plugin.Plugin`) is
set aside with the reason, so it never breaks the others.
"""

from __future__ import annotations

from collections.abc import Collection
from importlib.metadata import EntryPoint, entry_points

import attrs
from opstatus_core.plugin import Plugin

__all__ = ["GROUP", "RESERVED", "Discovery", "discover", "names"]

GROUP = "opstatus.providers"
#: subcommand names of the CLI itself: a plugin cannot take them
RESERVED = frozenset({"fake", "providers", "worker"})


@attrs.frozen
class Discovery:
    """What the entry points gave: the loaded plugins by name, and the broken ones with why."""

    plugins: dict[str, Plugin]
    broken: dict[str, str]


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _load(ep: EntryPoint) -> Plugin:
    obj = ep.load()
    if not isinstance(obj, Plugin):
        raise TypeError(f"{ep.value} is a {type(obj).__name__}, not an opstatus_core.plugin.Plugin")
    if obj.name != ep.name:
        raise ValueError(f"{ep.value} is the plugin of {obj.name!r}, not of {ep.name!r}")
    return obj


def names() -> list[str]:
    """The names of the registered providers, without loading any."""
    return sorted({ep.name for ep in entry_points(group=GROUP)})


def discover(only: Collection[str] | None = None) -> Discovery:
    """Load the ``opstatus.providers`` entry points (all, or ``only`` these names), sorted by
    name, never raising."""
    plugins: dict[str, Plugin] = {}
    broken: dict[str, str] = {}
    for ep in sorted(entry_points(group=GROUP), key=lambda e: e.name):
        if only is not None and ep.name not in only:
            continue
        if ep.name in plugins or ep.name in broken:
            broken[ep.name] = f"more than one SDK registers {ep.name!r} (also {ep.value})"
            plugins.pop(ep.name, None)
            continue
        if ep.name in RESERVED:
            broken[ep.name] = f"{ep.name!r} is a built-in opstatus command"
            continue
        try:
            plugins[ep.name] = _load(ep)
        except Exception as exc:  # any error in someone else's package: set it aside
            broken[ep.name] = f"{ep.value} could not be loaded ({_one_line(exc)})"
    return Discovery(plugins, broken)
