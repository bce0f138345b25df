"""LCS-specific bounds (issue 12): the ApiError hint for a non-200 answer, a projectId too long
for Python's int, and a VersionEOL no .NET date can be."""

from __future__ import annotations

import time
import uuid
import warnings
from typing import Any

import httpx
import pytest
from opstatus_core import FakeClock
from opstatus_lcs_dbmovement import (
    ApiError,
    AsyncLcsDbMovementClient,
    InvalidOperationReference,
    LcsDbMovementClient,
    LcsReference,
    WaitError,
    make_reference,
)
from opstatus_lcs_dbmovement.testing import DEMO_TOKEN

from ._support import policy

REF = {
    "projectId": "12345",
    "environmentId": str(uuid.uuid4()),
    "operationactivityId": str(uuid.uuid4()),
}


async def _wait_error(mode: str, transport: httpx.MockTransport, kwargs: dict[str, Any]) -> Any:
    try:
        if mode == "sync":
            with LcsDbMovementClient(transport=transport, **kwargs) as client:
                client.wait(REF)
        else:
            async with AsyncLcsDbMovementClient(transport=transport, **kwargs) as aclient:
                await aclient.wait(REF)
    except WaitError as exc:
        return exc
    raise AssertionError("the wait did not fail")


@pytest.mark.parametrize("code", [301, 418, 999])
async def test_hint_for_an_unexpected_status_does_not_claim_is_success_false(
    mode: str, code: int
) -> None:
    transport = httpx.MockTransport(lambda _r: httpx.Response(code, content=b"nope"))
    kwargs: dict[str, Any] = {
        "token": DEMO_TOKEN,
        "base_url": "https://lcs.example",
        "policy": policy(),
        "clock": FakeClock(),
        "environ": {},
    }
    error = await _wait_error(mode, transport, kwargs)
    assert isinstance(error, ApiError)
    message = str(error)
    assert f"HTTP {code}" in message
    assert "answered IsSuccess false" not in message


@pytest.mark.parametrize("digits", [4301, 5000, 100_000])
def test_project_id_too_long_for_an_int_is_refused(digits: int) -> None:
    with pytest.raises(InvalidOperationReference, match="projectId") as info:
        make_reference("9" * digits, REF["environmentId"], REF["operationactivityId"])
    assert len(str(info.value)) < 200
    client = LcsDbMovementClient(token=DEMO_TOKEN, environ={})
    with pytest.raises(InvalidOperationReference, match="projectId"):
        client.reference({**REF, "projectId": "9" * digits})


def test_the_typed_reference_takes_defaults_and_an_int_project() -> None:
    activity = REF["operationactivityId"]
    defaults = {"projectId": "12345", "environmentId": REF["environmentId"].upper()}
    ref = LcsReference.parse(activity, defaults=defaults)
    assert ref == LcsReference.parse({**REF, "projectId": 12345})
    assert ref.to_dict() == REF  # canonical: the GUIDs lower-case
    assert ref.id == activity
    assert ref.to_kwargs() == {
        "project_id": 12345,
        "environment_id": uuid.UUID(REF["environmentId"]),
        "operationactivity_id": uuid.UUID(activity),
        "x_ms_version": "2017-09-15",
    }
    with pytest.raises(InvalidOperationReference, match="OPSTATUS_LCS_PROJECT_ID"):
        LcsReference.parse(activity)
    with pytest.raises(InvalidOperationReference, match="projectId must be an integer"):
        LcsReference.parse({**REF, "projectId": True})


def test_project_id_as_a_huge_int_is_refused() -> None:
    with pytest.raises(InvalidOperationReference, match="4,300 digits"):
        make_reference(10**5000, REF["environmentId"], REF["operationactivityId"])


def test_long_version_eol_is_ignored() -> None:
    from opstatus_core import StatusEvent
    from opstatus_lcs_dbmovement._client import _warn_version_eol

    class Model:
        version_eol = "2020-01-01T00:00:00.123456" + "7" * 1_000_000

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _warn_version_eol(
            StatusEvent(
                operation_id="x", model=Model(), document={}, snapshot=None, now=time.time()
            )
        )
    assert caught == []


def test_version_eol_reads_dotnet_dates() -> None:
    """.NET writes seven fraction digits and no zone (read as UTC); a zone given is kept."""
    from datetime import UTC, datetime, timedelta, timezone

    from opstatus_lcs_dbmovement import parse_version_eol

    assert parse_version_eol("9999-12-31T23:59:59.9999999") == datetime(
        9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC
    )
    assert parse_version_eol(" 2026-01-02T03:04:05.1234567+02:00 ") == datetime(
        2026, 1, 2, 3, 4, 5, 123456, tzinfo=timezone(timedelta(hours=2))
    )
    for unreadable in ("", "9999-13-31", "not a date", "2026-01-02T03:04:05.1234567+25:00"):
        assert parse_version_eol(unreadable) is None, unreadable
