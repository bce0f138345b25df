"""The contract tests have teeth: a deliberately broken copy of a spec makes them fail.

Each test mutates a copy of ``specs/lcs-dbmovement.yaml`` (the file is never touched) and runs
the same machinery as the contract tests against the unchanged fake and SDK.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from opstatus_core._rule import PollingRule
from opstatus_core.errors import InvalidSpec
from opstatus_core.testing import serve
from schemathesis.core.failures import FailureGroup

from ._support import SEED, load_spec, require_fake, require_plugin
from .test_fakes_conform import _auth

pytestmark = pytest.mark.contract

SLUG = "lcs-dbmovement"
PATH = (
    "/databasemovement/v1/fetchstatus/project/{projectId}/environment/{environmentId}"
    "/operationactivity/{operationactivityId}"
)


def _poll_with(spec: dict[str, Any]) -> None:
    """One poll of a seeded operation, validated by Schemathesis against ``spec``."""
    fake = require_fake(SLUG)
    ref = fake.seed_operation("succeeded")
    with serve(fake) as server:
        config = schemathesis.Config.from_dict(
            {"seed": SEED, "auth": _auth(SLUG, fake), "base-url": server.base_url}
        )
        schema = schemathesis.openapi.from_dict(spec, config=config)
        case = schema[PATH]["GET"].Case(
            path_parameters=dict(ref), headers={"x-ms-version": "2017-09-15"}
        )
        schema.apply_auth(case, schemathesis.AuthContext(operation=case.operation, app=None))
        case.call_and_validate()


def test_the_unchanged_spec_passes() -> None:
    _poll_with(load_spec(SLUG))


def test_a_changed_property_type_fails_schemathesis() -> None:
    spec = load_spec(SLUG)
    # the status properties sit in the allOf branch next to the reused base contract
    props = spec["components"]["schemas"]["OperationStatusResponse"]["allOf"][1]["properties"]
    assert props["ProjectId"]["type"] == "integer"
    props["ProjectId"]["type"] = "string"  # the fake (and LCS) answer a number
    with pytest.raises(FailureGroup) as caught:
        _poll_with(spec)
    assert "Response violates schema" in str(caught.value), str(caught.value)


def test_a_removed_status_value_fails_the_rule() -> None:
    """``Completed`` dropped from the known statuses: the x-opstatus classification no longer
    matches the enum, and the polling rule (the SDKs' and kind 2's) refuses the spec."""
    require_plugin(SLUG)
    spec = load_spec(SLUG)
    spec["components"]["schemas"]["KnownOperationStatus"]["enum"].remove("Completed")
    with pytest.raises(InvalidSpec, match="Completed"):
        PollingRule.from_document(spec, "getOperationStatus")
