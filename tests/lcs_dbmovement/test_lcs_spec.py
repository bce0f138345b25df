"""The SDK's classification is the spec's x-opstatus, value for value."""

from __future__ import annotations

import pytest
from opstatus_core import Classification
from opstatus_core.sdk import UnknownStatusWarning
from opstatus_lcs_dbmovement import PROVIDER, KnownOperationStatus, LcsDbMovementClient
from opstatus_lcs_dbmovement.testing import LcsDbMovementFake

SPEC = LcsDbMovementFake().spec
OPERATION = next(
    op
    for item in SPEC["paths"].values()
    for op in item.values()
    if isinstance(op, dict) and op.get("operationId") == PROVIDER.operation_id
)
EXTENSION = OPERATION["x-opstatus"]
ENUM = SPEC["components"]["schemas"]["KnownOperationStatus"]["enum"]
CLASSES = {
    "succeeded": Classification.SUCCEEDED,
    "failed": Classification.FAILED,
    "canceled": Classification.CANCELED,
    "pending": Classification.PENDING,
}


def test_the_lists_partition_the_known_enum() -> None:
    listed = [value for key in CLASSES for value in EXTENSION[key]]
    assert sorted(listed) == sorted(ENUM)
    assert len(listed) == len(set(listed))
    assert EXTENSION["knownStatus"] == "#/components/schemas/KnownOperationStatus"
    assert sorted(m.value for m in KnownOperationStatus) == sorted(ENUM)  # generated == spec


@pytest.mark.parametrize("value", ENUM)
def test_classification_equals_the_spec(value: str) -> None:
    with LcsDbMovementClient(token="t", environ={}) as client:
        rule = client.rule
    (expected,) = [CLASSES[key] for key in CLASSES if value in EXTENSION[key]]
    assert rule.classify(value) is expected


def test_pointers_come_from_the_spec() -> None:
    rule = PROVIDER.rule()
    assert (rule.status, rule.id, rule.error, rule.ok_flag) == (
        EXTENSION["status"],
        EXTENSION["id"],
        EXTENSION["error"],
        EXTENSION["okFlag"],
    )
    assert rule.progress is None
    assert "progress" not in EXTENSION


def test_an_unknown_value_is_pending_and_warned() -> None:
    with pytest.warns(UnknownStatusWarning, match="NeverHeardOfIt"):
        assert PROVIDER.rule().classify("NeverHeardOfIt") is Classification.PENDING
