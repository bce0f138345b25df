"""Kind 1, stateful over the specs' OpenAPI ``links``: Schemathesis' state machine
(``schema.as_state_machine()``) calls an operation, follows the links its response declares
(e.g. bc-cloudmigration: list the runs -> read / list details / bound actions of the newest one,
by the request's ``company_id`` and ``$response.body#/value/0/id``), and validates every response
with all of its checks, on the provider's fake served on loopback.

The test fails unless every declared link (to an operation in the run) was followed at least
once with its parameters applied, so a link whose expression no longer resolves (a renamed
parameter, a moved id) is caught, not silently skipped.

Specs without links are not parametrized here: doc-translation's new id is only inside the
``Operation-Location`` URL (a header link can only pass the whole URL, not its last segment),
and SnapLogic's by-status-type records are keyed by the requested status type and do not always
carry ``status_token`` (absent from the page's example). test_fakes_stateful covers those by hand.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import hypothesis
import pytest
import schemathesis
from hypothesis.stateful import run_state_machine_as_test
from opstatus_core.testing import serve

from ._support import (
    MAX_EXAMPLES,
    SEED,
    SLUGS,
    load_spec,
    operations,
    require_fake,
    resolve,
    spec_path,
)
from .test_fakes_conform import _auth, _dictionaries, _seed

pytestmark = pytest.mark.contract

#: Operations left out of the state machine, by (slug, operationId), each for a documented state
#: conflict its positive requests meet when reached through a link from arbitrary state:
#: bc-cloudmigration runDataUpgrade answers the documented 400 Application_DialogException unless
#: the run is UpgradePending (specs/bc-cloudmigration.yaml, components/responses/BadRequest,
#: example upgradeNotAllowed); the list's newest run is a replication. completeCloudMigration
#: likewise unless the upgrade completed without failed tables (the AL source's checks).
#: test_fakes_conform covers both with the run in that state (its ARRANGE).
NOT_IN_STATE_MACHINE: dict[str, tuple[str, ...]] = {
    "bc-cloudmigration": ("runDataUpgrade", "completeCloudMigration")
}


def declared_links(slug: str) -> dict[str, tuple[str, str]]:
    """Link name -> (source operationId, target operationId), over every response of the spec."""
    spec = load_spec(slug)
    found: dict[str, tuple[str, str]] = {}
    for op in operations(slug, spec):
        for response in (op.op.get("responses") or {}).values():
            for name, link in (resolve(spec, response).get("links") or {}).items():
                found[name] = (op.operation_id, resolve(spec, link)["operationId"])
    return found


LINKED = [slug for slug in SLUGS if declared_links(slug)]


@pytest.mark.parametrize("slug", LINKED)
def test_links_are_followed(slug: str, record_property: Any) -> None:
    fake = require_fake(slug)
    dictionaries, parameters = _dictionaries(slug, _seed(fake))
    excluded = NOT_IN_STATE_MACHINE.get(slug, ())
    # a link from or to an operation left out of the machine cannot be followed by it
    expected = {
        name
        for name, (source, target) in declared_links(slug).items()
        if source not in excluded and target not in excluded
    }
    followed: Counter[str] = Counter()
    steps: list[int] = []
    with serve(fake) as server:
        config: dict[str, Any] = {
            "seed": SEED,
            "auth": _auth(slug, fake),
            "base-url": server.base_url,
            "request-timeout": 10,
            "generation": {"deterministic": True, "database": "none"},
        }
        if dictionaries:
            config["dictionaries"] = dictionaries
            config["parameters"] = parameters
        schema = schemathesis.openapi.from_path(
            spec_path(slug), config=schemathesis.Config.from_dict(config)
        )
        if excluded:
            schema = schema.exclude(operation_id=list(excluded))
        base = schema.as_state_machine()

        class Machine(base):  # type: ignore[misc, valid-type]
            def step(self, input: Any) -> Any:
                output = super().step(input)
                steps.append(1)
                transition = input.transition
                if transition is not None and not transition.is_inferred and input.is_applied:
                    followed[transition.id] += 1
                return output

        run_state_machine_as_test(
            Machine,
            settings=hypothesis.settings(
                # twice the per-operation budget: each run is a walk over every link, and
                # bc-cloudmigration's 11 links (two from its bound actions) are each reached by
                # a few walks only; at 1x one of them was missed in some test orders
                max_examples=2 * MAX_EXAMPLES,
                stateful_step_count=6,
                derandomize=True,
                database=None,
                deadline=None,
                phases=[hypothesis.Phase.generate],
                suppress_health_check=list(hypothesis.HealthCheck),
            ),
        )
    names = {name for name in expected if any(f"] {name} -> " in tid for tid in followed)}
    missing = expected - names
    assert not missing, f"{slug}: links never followed: {sorted(missing)} (followed: {followed})"
    fake.assert_healthy()
    record_property("contract_kind", "test_fakes_links")
    record_property("contract_provider", slug)
    record_property("contract_cases", len(steps))
