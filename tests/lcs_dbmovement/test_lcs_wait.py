"""The LCS SDK against its fake: outcomes, timing, faults, resume, errors (sync and async)."""

from __future__ import annotations

import base64
import json
import logging
import uuid
import warnings
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from opstatus_core import FakeClock
from opstatus_core.testing import Fault
from opstatus_lcs_dbmovement import (
    PROVIDER,
    ApiError,
    ApiVersionDeprecationWarning,
    AsyncLcsDbMovementClient,
    AuthenticationError,
    ConfigurationError,
    InvalidContinuationToken,
    InvalidOperationReference,
    LcsDbMovementClient,
    MalformedResponse,
    OperationCanceled,
    OperationFailed,
    OperationIdMismatch,
    TransientRetriesExhausted,
    UnknownStatusWarning,
    WaitError,
    WaitTimeout,
)
from opstatus_lcs_dbmovement.testing import DATE_MAX, DEMO_TOKEN, LcsDbMovementFake

from ._support import client_kwargs, policy, run_wait

EXTENSION = next(
    op["x-opstatus"]
    for item in LcsDbMovementFake().spec["paths"].values()
    for op in item.values()
    if isinstance(op, dict) and op.get("operationId") == PROVIDER.operation_id
)
TERMINAL = [
    (status, kind) for kind in ("succeeded", "failed", "canceled") for status in EXTENSION[kind]
]
PENDING = list(EXTENSION["pending"])


def _decoded(token: str) -> str:
    return base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()


# -- outcomes --------------------------------------------------------------------------------


@pytest.mark.parametrize(("status", "kind"), TERMINAL)
async def test_each_terminal_status(
    mode: str, fake: LcsDbMovementFake, clock: FakeClock, status: str, kind: str
) -> None:
    ref = fake.create_operation([*PENDING, status])  # every pending status once, then terminal
    attempts = len(PENDING) + 1
    if kind == "succeeded":
        outcome = await run_wait(mode, fake, ref, clock)
        assert outcome.status == status
        assert outcome.attempts == attempts
        assert outcome.model.completion_date is not None
        assert str(outcome.model.activity_id) == ref["operationactivityId"]
    else:
        expected = OperationFailed if kind == "failed" else OperationCanceled
        with pytest.raises(expected) as info:
            await run_wait(mode, fake, ref, clock)
        error = info.value
        assert type(error) is expected
        assert error.last_status == status
        assert error.attempts == attempts
        assert error.snapshot is not None
        assert error.snapshot.status == status
        assert error.continuation_token
    fake.assert_requests_valid()
    fake.assert_healthy()


async def test_progress_reports_every_snapshot(
    mode: str, fake: LcsDbMovementFake, clock: FakeClock
) -> None:
    ref = fake.create_operation(["NotStarted", ("InProgress", 2), "SignedOff"])
    seen: list[Any] = []
    outcome = await run_wait(mode, fake, ref, clock, on_progress=seen.append)
    assert [s.status for s in seen] == ["NotStarted", "InProgress", "InProgress", "SignedOff"]
    assert [s.attempt for s in seen] == [1, 2, 3, 4]
    # the spec documents no progress fraction, so none is invented
    assert all(s.progress is None for s in seen)
    assert outcome.snapshot == seen[-1]


async def test_seed_operation_outcomes(mode: str, clock: FakeClock) -> None:
    fake = LcsDbMovementFake()
    outcome = await run_wait(mode, fake, fake.seed_operation("succeeded", polls=3), clock)
    assert (outcome.status, outcome.attempts) == ("Completed", 4)
    with pytest.raises(OperationFailed):
        await run_wait(mode, fake, fake.seed_operation("failed", polls=0), clock)
    with pytest.raises(OperationCanceled) as info:
        await run_wait(mode, fake, fake.seed_operation("canceled", polls=1), clock)
    assert info.value.attempts == 2


# -- timing ------------------------------------------------------------------------------------


async def test_deadline(mode: str, fake: LcsDbMovementFake, clock: FakeClock) -> None:
    ref = fake.create_operation(["InProgress"])
    started = clock.monotonic()
    with pytest.raises(WaitTimeout) as info:
        await run_wait(mode, fake, ref, clock, client={"policy": policy(timeout=20)})
    assert clock.monotonic() - started == pytest.approx(20)
    assert info.value.last_status == "InProgress"
    assert info.value.continuation_token
    assert sum(clock.sleeps) == pytest.approx(20)


async def test_backoff_and_retry_after(
    mode: str, fake: LcsDbMovementFake, clock: FakeClock
) -> None:
    ref = fake.create_operation([("InProgress", 4), "Completed"])
    fake.inject(Fault.too_many_requests(retry_after=7), skip=1)  # the 2nd request
    pol = policy(jitter=0, interval=1, multiplier=2, max_interval=30)
    outcome = await run_wait(mode, fake, ref, clock, client={"policy": pol})
    assert outcome.status == "Completed"
    # 1, then Retry-After 7 instead of 2, then 4, 8, 16: backoff keeps growing
    assert clock.sleeps == [1, 7, 4, 8, 16]
    assert fake.faults.tally == {"http_error:429": 1}


async def test_retry_after_never_lowers_the_delay(
    mode: str, fake: LcsDbMovementFake, clock: FakeClock
) -> None:
    ref = fake.create_operation([("InProgress", 1), "Completed"])
    fake.inject(Fault.http_error(503, retry_after=0), skip=1)
    pol = policy(jitter=0, interval=5, multiplier=1, max_interval=5)
    await run_wait(mode, fake, ref, clock, client={"policy": pol})
    assert clock.sleeps == [5, 5]


# -- transient faults --------------------------------------------------------------------------

TRANSIENT = [
    Fault.http_error(503),
    Fault.too_many_requests(retry_after=1),
    Fault.drop_connection(),
    Fault.reset_mid_body(),
    Fault.hang(),
    Fault.http_error(500),
]


async def test_transient_faults_recovered_within_budget(
    mode: str, fake: LcsDbMovementFake, clock: FakeClock
) -> None:
    ref = fake.create_operation(["InProgress", "Completed"])
    for fault in TRANSIENT[:5]:
        fake.inject(fault)
    outcome = await run_wait(mode, fake, ref, clock, client={"policy": policy(transient_budget=5)})
    assert outcome.status == "Completed"
    assert fake.faults.pending == 0
    assert len(fake.faults.injected) == 5


async def test_transient_faults_beyond_budget(
    mode: str, fake: LcsDbMovementFake, clock: FakeClock
) -> None:
    ref = fake.create_operation(["InProgress", "Completed"])
    fake.inject(Fault.http_error(503), times=4)
    with pytest.raises(TransientRetriesExhausted) as info:
        await run_wait(mode, fake, ref, clock, client={"policy": policy(transient_budget=3)})
    error = info.value
    assert error.status_code == 503
    assert error.attempts == 4
    assert "4 transient failures in a row" in str(error)
    assert error.continuation_token


@pytest.mark.parametrize(
    "fault", [Fault.not_json(), Fault.truncated_body(), Fault.html_200(), Fault.missing_status()]
)
async def test_unreadable_body_is_malformed(
    mode: str, fake: LcsDbMovementFake, clock: FakeClock, fault: Fault
) -> None:
    ref = fake.create_operation(["InProgress", "Completed"])
    fake.inject(fault)
    with pytest.raises(MalformedResponse):
        await run_wait(mode, fake, ref, clock)


async def test_echoed_id_mismatch(mode: str, fake: LcsDbMovementFake, clock: FakeClock) -> None:
    ref = fake.create_operation(["InProgress", "Completed"])
    fake.inject(Fault.mismatched_id(str(uuid.uuid4())))
    with pytest.raises(OperationIdMismatch):
        await run_wait(mode, fake, ref, clock)


async def test_unknown_status_warned_once_and_pending(
    mode: str, fake: LcsDbMovementFake, clock: FakeClock
) -> None:
    novel = f"Paused{uuid.uuid4().hex[:8]}"  # the rule warns once per value per process
    ref = fake.create_operation([("InProgress", 3), "Completed"])
    fake.inject(Fault.unknown_status(novel), times=2)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        outcome = await run_wait(mode, fake, ref, clock)
    unknown = [w for w in caught if issubclass(w.category, UnknownStatusWarning)]
    assert len(unknown) == 1
    assert novel in str(unknown[0].message)
    assert outcome.status == "Completed"
    assert outcome.attempts == 4


# -- resume ------------------------------------------------------------------------------------


async def test_resume_in_a_fresh_client(
    mode: str, fake: LcsDbMovementFake, clock: FakeClock
) -> None:
    ref = fake.create_operation([("InProgress", 5), "Completed"])
    with pytest.raises(WaitTimeout) as info:
        await run_wait(mode, fake, ref, clock, client={"policy": policy(timeout=2, jitter=0)})
    token = info.value.continuation_token
    assert token is not None
    first_attempts = info.value.attempts
    kwargs = client_kwargs(fake, clock)
    if mode == "sync":
        with LcsDbMovementClient(**kwargs) as fresh:
            outcome = fresh.resume(token, timeout=600).wait()
    else:
        async with AsyncLcsDbMovementClient(**kwargs) as afresh:
            outcome = await afresh.resume(token, timeout=600).wait()
    assert outcome.status == "Completed"
    assert outcome.attempts == 6
    assert first_attempts < 6
    assert outcome.reference == ref


def test_resume_refuses_a_token_with_a_malformed_reference(
    fake: LcsDbMovementFake, clock: FakeClock
) -> None:
    raw = {
        "v": 1,
        "p": "lcs-dbmovement",
        "r": {"projectId": "12345", "environmentId": "nope", "operationactivityId": "x"},
        "d": clock.time() + 60,
        "a": 0,
        "s": None,
    }
    token = base64.urlsafe_b64encode(json.dumps(raw).encode()).decode().rstrip("=")
    with LcsDbMovementClient(**client_kwargs(fake, clock)) as client:
        with pytest.raises(InvalidContinuationToken):
            client.resume(token)
        with pytest.raises(InvalidContinuationToken):
            client.resume("garbage!")
    assert fake.requests == []


# -- errors --------------------------------------------------------------------------------------


async def test_unknown_id_is_is_success_false(
    mode: str, fake: LcsDbMovementFake, clock: FakeClock
) -> None:
    known = fake.create_operation(["Completed"])
    unknown = {**known, "operationactivityId": str(uuid.uuid4())}
    other_env = {**known, "environmentId": str(uuid.uuid4())}
    for ref in (unknown, other_env):
        with pytest.raises(ApiError) as info:
            await run_wait(mode, fake, ref, clock)
        error = info.value
        assert type(error) is ApiError
        assert error.attempts == 1  # not retried
        assert error.reason == "/IsSuccess is false"
        assert error.detail == (
            f"No operation activity {ref['operationactivityId']} was found for this environment."
        )
        assert error.detail in str(error)
        assert "IsSuccess false" in str(error)  # the provider hint
    fake.assert_healthy()


async def test_is_success_false_for_a_known_operation(
    mode: str, fake: LcsDbMovementFake, clock: FakeClock
) -> None:
    ref = fake.create_operation([("InProgress", 3), "Completed"])
    fake.fail_calls(ref["operationactivityId"], "The environment is being serviced.")
    with pytest.raises(ApiError) as info:
        await run_wait(mode, fake, ref, clock)
    assert info.value.detail == "The environment is being serviced."
    fake.fail_calls(ref["operationactivityId"], None)
    assert (await run_wait(mode, fake, ref, clock)).status == "Completed"


async def test_bad_credentials(mode: str, fake: LcsDbMovementFake, clock: FakeClock) -> None:
    ref = fake.create_operation(["Completed"])
    with pytest.raises(AuthenticationError) as info:
        await run_wait(mode, fake, ref, clock, client={"token": "not-the-token"})
    assert info.value.status_code == 401
    assert info.value.attempts == 1
    assert "OPSTATUS_LCS_TOKEN" in str(info.value)
    assert fake.requests[-1].status == 401


async def test_token_expiring_mid_wait(
    mode: str, fake: LcsDbMovementFake, clock: FakeClock
) -> None:
    ref = fake.create_operation([("InProgress", 3), "Completed"])
    fake.inject(Fault.unauthorized(), skip=2)
    with pytest.raises(AuthenticationError) as info:
        await run_wait(mode, fake, ref, clock)
    assert info.value.last_status == "InProgress"
    assert info.value.continuation_token


BAD_REFERENCES: list[Any] = [
    "not-a-guid",
    {"projectId": "abc", "environmentId": str(uuid.uuid4()), "operationactivityId": "x"},
    {
        "projectId": "1.5",
        "environmentId": str(uuid.uuid4()),
        "operationactivityId": str(uuid.uuid4()),
    },
    {"projectId": "1", "environmentId": "5362377c", "operationactivityId": str(uuid.uuid4())},
    {"projectId": "1", "environmentId": str(uuid.uuid4()), "operationactivityId": "{abc}"},
    {"projectId": "1", "environmentId": str(uuid.uuid4()), "operationactivityId": "../../x"},
    {"projectId": "1", "environmentId": str(uuid.uuid4())},
    {"projectId": "1", "environmentId": str(uuid.uuid4()), "operationactivityId": "", "x": "y"},
    {
        "projectId": "1",
        "environmentId": str(uuid.uuid4()),
        "operationactivityId": "{" + str(uuid.uuid4()),
    },
    42,
]


@pytest.mark.parametrize("ref", BAD_REFERENCES)
async def test_malformed_reference_refused_before_any_request(
    mode: str, fake: LcsDbMovementFake, clock: FakeClock, ref: Any
) -> None:
    with pytest.raises(InvalidOperationReference):
        await run_wait(mode, fake, ref, clock)
    assert fake.requests == []


async def test_reference_forms_are_made_canonical(
    mode: str, fake: LcsDbMovementFake, clock: FakeClock
) -> None:
    ref = fake.create_operation([("InProgress", 1), "Completed"])
    activity = uuid.UUID(ref["operationactivityId"])
    braced = {
        "projectId": f" {ref['projectId']} ",
        "environmentId": ref["environmentId"].upper(),
        "operationactivityId": "{" + str(activity).upper() + "}",
    }
    outcome = await run_wait(mode, fake, braced, clock)
    assert outcome.reference == ref
    # defaults for projectId/environmentId: the activity id alone is enough
    defaults = {"project_id": 12345, "environment_id": ref["environmentId"]}
    outcome = await run_wait(mode, fake, activity.hex, clock, client=defaults)
    assert outcome.reference == ref
    fake.assert_requests_valid()


async def test_every_request_sends_x_ms_version_and_the_bearer_token(
    mode: str, fake: LcsDbMovementFake, clock: FakeClock
) -> None:
    await run_wait(mode, fake, fake.create_operation(["InProgress", "Completed"]), clock)
    assert len(fake.requests) == 2
    for request in fake.requests:
        assert request.header("x-ms-version") == "2017-09-15"
        assert request.header("authorization") == "<redacted>"
        assert request.valid
    fake.assert_requests_valid()


# -- VersionEOL ----------------------------------------------------------------------------------


def _net(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f") + "0"


@pytest.mark.parametrize(
    ("offset", "warns", "wording"),
    [
        (timedelta(days=-30), True, "was retired on"),
        (timedelta(days=90), True, "is deprecated and will be retired on"),
        (timedelta(days=3 * 365), False, None),
        (None, False, None),  # the .NET maximum date of the page's example
    ],
)
async def test_version_eol_deprecation_warning(
    mode: str,
    fake: LcsDbMovementFake,
    clock: FakeClock,
    offset: timedelta | None,
    warns: bool,
    wording: str | None,
) -> None:
    # the client's (fake) clock is "now"; a unique instant per run: the SDK warns once per value
    now = datetime.fromtimestamp(clock.time(), UTC).replace(tzinfo=None)
    now += timedelta(microseconds=uuid.uuid4().int % 10**6)
    fake.version_eol = DATE_MAX if offset is None else _net(now + offset)
    ref = fake.create_operation([("InProgress", 2), "Completed"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        await run_wait(mode, fake, ref, clock)
    found = [w for w in caught if issubclass(w.category, ApiVersionDeprecationWarning)]
    assert issubclass(ApiVersionDeprecationWarning, DeprecationWarning)
    if not warns:
        assert found == []
        return
    assert len(found) == 1  # three responses, one warning
    message = str(found[0].message)
    assert wording is not None
    assert wording in message
    assert fake.version_eol in message


# -- configuration and redaction -----------------------------------------------------------------


def test_configuration_from_the_environment(fake: LcsDbMovementFake, clock: FakeClock) -> None:
    ref = fake.create_operation(["Completed"])
    environ = {
        "OPSTATUS_LCS_TOKEN": DEMO_TOKEN,
        "OPSTATUS_LCS_BASE_URL": fake.base_url,
        "OPSTATUS_LCS_PROJECT_ID": ref["projectId"],
        "OPSTATUS_LCS_ENVIRONMENT_ID": ref["environmentId"],
    }
    with LcsDbMovementClient(environ=environ, transport=fake.transport(), clock=clock) as client:
        assert client.wait(ref["operationactivityId"]).status == "Completed"
        generated = client.generated_client
        assert generated._verify_ssl is True
        assert generated._timeout.read == 30.0
    with LcsDbMovementClient(token="t", environ={}) as default:
        assert default.base_url == "https://lcsapi.lcs.dynamics.com"
    with pytest.raises(ConfigurationError, match="OPSTATUS_LCS_TOKEN"):
        LcsDbMovementClient(environ={})
    with pytest.raises(ConfigurationError, match="projectId"):
        AsyncLcsDbMovementClient(token="t", environ={"OPSTATUS_LCS_PROJECT_ID": "twelve"})
    with LcsDbMovementClient(token="t", environ={}, request_timeout=5) as timed:
        assert timed.generated_client._timeout.read == 5.0


async def test_credential_never_leaks(
    mode: str, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    secret = f"eyJ0eXAi-{uuid.uuid4().hex}-SECRET"
    fake = LcsDbMovementFake(tokens=[secret])
    ok = fake.create_operation([("InProgress", 1), "Completed"])
    caplog.set_level(logging.DEBUG)
    texts: list[str] = []
    kwargs = client_kwargs(fake, clock, token=secret)
    if mode == "sync":
        with LcsDbMovementClient(**kwargs) as client:
            texts += [repr(client), str(client), repr(client.generated_client)]
            poller = client.poller(ok)
            texts += [repr(poller), poller.continuation_token()]
            outcome = poller.wait()
    else:
        async with AsyncLcsDbMovementClient(**kwargs) as aclient:
            texts += [repr(aclient), str(aclient), repr(aclient.generated_client)]
            apoller = aclient.poller(ok)
            texts += [repr(apoller), apoller.continuation_token()]
            outcome = await apoller.wait()
    texts += [repr(outcome), repr(outcome.snapshot), str(outcome.model)]
    errors: list[WaitError] = []
    for bad in (
        fake.create_operation(["Failed"]),
        {**ok, "operationactivityId": str(uuid.uuid4())},
    ):
        with pytest.raises(WaitError) as info:
            await run_wait(mode, fake, bad, clock, client={"token": secret})
        errors.append(info.value)
    fake.inject(Fault.http_error(503), times=3)
    with pytest.raises(TransientRetriesExhausted) as exhausted:
        await run_wait(
            mode, fake, ok, clock, client={"token": secret, "policy": policy(transient_budget=2)}
        )
    errors.append(exhausted.value)
    with pytest.raises(AuthenticationError) as refused:
        await run_wait(mode, LcsDbMovementFake(), ok, clock, client={"token": secret})
    errors.append(refused.value)
    for error in errors:
        token = error.continuation_token or ""
        texts += [str(error), repr(error), repr(error.args), token, _decoded(token)]
        texts += [repr(vars(error))]
    texts += [r.getMessage() for r in caplog.records]
    texts += [repr(r) for r in fake.requests]
    assert texts
    for text in texts:
        assert secret not in text
        assert secret[9:41] not in text


async def test_version_eol_is_read_from_a_failed_call_too(
    mode: str, fake: LcsDbMovementFake, clock: FakeClock
) -> None:
    now = datetime.fromtimestamp(clock.time(), UTC).replace(tzinfo=None)
    fake.version_eol = _net(now + timedelta(days=10, microseconds=uuid.uuid4().int % 10**6))
    ref = fake.create_operation(["InProgress"])
    fake.fail_calls(ref["operationactivityId"], "Access denied to the project.")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(ApiError) as info:
            await run_wait(mode, fake, ref, clock)
    assert info.value.status_code == 200  # IsSuccess false arrives as a 200
    assert info.value.detail == "Access denied to the project."
    found = [w for w in caught if issubclass(w.category, ApiVersionDeprecationWarning)]
    assert len(found) == 1
    assert "is deprecated and will be retired on" in str(found[0].message)
