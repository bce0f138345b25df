"""The start calls a start-then-wait may name are declared by each SDK's plugin: they must be
real methods of both of its clients (async for the async one), and nothing else is callable."""

from __future__ import annotations

import inspect

from opstatus_core.plugin import Plugin


def test_every_declared_start_call_is_a_method_of_both_clients(
    plugins: dict[str, Plugin],
) -> None:
    declared = {name: dict(plugin.start_calls) for name, plugin in plugins.items()}
    assert set(declared["doc-translation"]) == {"start_translation"}
    assert set(declared["bc-cloudmigration"]) == {"run_replication", "run_data_upgrade"}
    for name, calls in declared.items():
        plugin = plugins[name]
        for call, takes in calls.items():
            assert takes, (name, call)
            assert callable(getattr(plugin.client, call, None)), (name, call)
            assert inspect.iscoroutinefunction(getattr(plugin.async_client, call)), (name, call)
