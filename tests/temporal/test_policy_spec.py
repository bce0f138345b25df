"""``PolicySpec`` writes core's defaults as literals (it is imported inside Temporal's workflow
sandbox, which keeps opstatus-core out): they must stay core's."""

from __future__ import annotations

import dataclasses

from opstatus_core import PollPolicy
from opstatus_core._transport import DEFAULT_REQUEST_TIMEOUT
from opstatus_temporal import PolicySpec
from opstatus_temporal.activities import to_policy, to_spec


def test_policy_spec_defaults_are_cores() -> None:
    spec = PolicySpec()
    core = PollPolicy()
    for field in dataclasses.fields(PolicySpec):
        if field.name == "request_timeout":
            assert spec.request_timeout == DEFAULT_REQUEST_TIMEOUT
        else:
            assert getattr(spec, field.name) == getattr(core, field.name), field.name


def test_to_policy_carries_every_field() -> None:
    spec = PolicySpec(timeout=60, interval=2, max_interval=9, multiplier=1.3, proportion=0.2)
    policy = to_policy(spec)
    for name in ("timeout", "interval", "max_interval", "multiplier", "proportion", "jitter"):
        assert getattr(policy, name) == getattr(spec, name), name


def test_to_spec_and_back_is_the_same_policy() -> None:
    policy = PollPolicy(timeout=120, interval=3, max_interval=40, multiplier=1.2, jitter=0.1)
    spec = to_spec(policy, request_timeout=12.5)
    assert spec.request_timeout == 12.5
    again = to_policy(spec)
    for name in ("timeout", "initial_delay", "interval", "max_interval", "multiplier"):
        assert getattr(again, name) == getattr(policy, name), name


def test_a_wait_submitted_without_a_policy_uses_the_provider_s_derived_default() -> None:
    from opstatus_core import default_policy
    from opstatus_lcs_dbmovement import PLUGIN
    from opstatus_temporal.activities import provider_spec

    spec = provider_spec("lcs-dbmovement")
    derived = default_policy(PLUGIN.provider.rule())
    assert to_policy(spec) == to_policy(to_spec(derived))
    assert spec.timeout == derived.timeout
    assert spec.timeout > PolicySpec().timeout  # hours of database refresh, not 15 minutes


def test_no_default_policy_for_a_provider_not_installed() -> None:
    import pytest
    from opstatus_temporal import ProviderNotInstalled
    from opstatus_temporal.activities import provider_spec

    with pytest.raises(ProviderNotInstalled, match=r"opstatus-nope.*policy=PolicySpec"):
        provider_spec("nope")
