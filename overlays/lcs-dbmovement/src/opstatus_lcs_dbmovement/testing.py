"""A stateful fake of the LCS Database Movement "Get status" call (needs the ``testing`` extra).

Built on :mod:`opstatus_core.testing`: it runs in-process (``fake.transport()``, for sync and
async clients) or on loopback (``with opstatus_core.testing.serve(fake) as server:``), validates
every request against the packaged spec (``fake.assert_requests_valid()``), and takes injected
faults (``fake.inject(Fault.http_error(429, retry_after=2))``).

It answers exactly as the spec documents, and only with the spec's status codes:

- ``200`` with ``IsSuccess: true`` and the operation's ``OperationStatus`` (advancing on the
  schedule the test chose), ``ActivityId`` echoing the requested id, a fresh
  ``OperationActivityId`` for the call itself, ``CompletionDate`` once terminal;
- ``200`` with ``IsSuccess: false`` and an ``ErrorMessage`` (base contract only) for an
  operation activity id it does not know in that project/environment, or after
  :meth:`LcsDbMovementFake.fail_calls`;
- ``401`` without a body when the bearer token is missing or not accepted;
- ``429`` with ``Retry-After`` when a test injects it (``Fault.http_error(429, retry_after=2)``).

LCS documents no answer to a request the spec forbids (a projectId that is not an integer, a
GUID that is not a GUID, no ``x-ms-version``, a path the API does not have), so the spec declares
none. The fake answers such a request ``400`` with the ``DatabaseMovementResponse`` contract
(``IsSuccess: false``) so that a client sees a typed error: that answer is the fake's, not a
documented one. ``405`` for a method the spec does not list on the path. Injected ``5xx``
faults carry the same contract body (not documented either).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import httpx
from opstatus_core.testing import (
    FakeOperation,
    FakeRequest,
    FakeService,
    Fault,
    json_response,
    route,
    serve,
)

from ._client import ACTIVITY_ID, ENVIRONMENT_ID, PROJECT_ID, PROVIDER, make_reference

__all__ = [
    "DATE_MAX",
    "DEFAULT_ENVIRONMENT_ID",
    "DEFAULT_PROJECT_ID",
    "DEMO_TOKEN",
    "Fault",
    "LcsDbMovementFake",
    "serve",
]

#: the bearer token the fake accepts by default (and the demo passes as ``token``)
DEMO_TOKEN = "lcs-demo-token"
#: the page's example project and environment
DEFAULT_PROJECT_ID = 12345
DEFAULT_ENVIRONMENT_ID = "5362377c-bc37-4f92-b30e-fe0c1e664cc0"
#: ``VersionEOL`` of a version that is not deprecated (.NET ``DateTime.MaxValue``)
DATE_MAX = "9999-12-31T23:59:59.9999999"


def _net_datetime(moment: datetime) -> str:
    """A zone-less .NET DateTime string (``2020-09-22T10:41:07.1234567``), as LCS writes them."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f") + "0"


class LcsDbMovementFake(FakeService):
    """The fake LCS Database Movement API.

    ``tokens``: the bearer tokens accepted (default: :data:`DEMO_TOKEN`; ``None`` accepts any).
    ``version_eol``: the ``VersionEOL`` every response carries (set a near date to exercise the
    SDK's deprecation warning). Other keywords go to :class:`~opstatus_core.testing.FakeService`
    (``clock``, ``default_schedule``, ``validate_responses``, ...).
    """

    #: LCS documents no answer to a malformed request (see the module docstring)
    undocumented_rejections = True

    name = "lcs-dbmovement"
    spec_source = PROVIDER.spec_package
    demo_credentials: Mapping[str, str] = {"token": DEMO_TOKEN}

    def __init__(
        self,
        *,
        tokens: Iterable[str] | None = (DEMO_TOKEN,),
        version_eol: str = DATE_MAX,
        **kwargs: Any,
    ) -> None:
        accepted = tuple(tokens) if tokens is not None else None
        if accepted is not None and "credentials" not in kwargs:
            kwargs["credentials"] = {"lcsEntraId": accepted, "bearerToken": accepted}
        kwargs.setdefault("default_schedule", (("NotStarted", 1), ("InProgress", 2), "Completed"))
        super().__init__(**kwargs)
        self.version_eol = version_eol
        self.demo_credentials = {"token": accepted[0] if accepted else DEMO_TOKEN}
        rule = self._extension()
        self.classes: dict[str, tuple[str, ...]] = {
            key: tuple(rule.get(key, ())) for key in ("succeeded", "failed", "canceled", "pending")
        }

    def _extension(self) -> Mapping[str, Any]:
        for item in (self.spec.get("paths") or {}).values():
            for op in item.values():
                if isinstance(op, dict) and op.get("operationId") == PROVIDER.operation_id:
                    extension: Mapping[str, Any] = op["x-opstatus"]
                    return extension
        raise LookupError(f"no {PROVIDER.operation_id} in the spec")  # pragma: no cover

    # -- operations -----------------------------------------------------------------------
    def create_operation(
        self,
        schedule: Sequence[tuple[str, float | None]] | Sequence[str] | None = None,
        *,
        project_id: int = DEFAULT_PROJECT_ID,
        environment_id: str = DEFAULT_ENVIRONMENT_ID,
        activity_id: str | None = None,
    ) -> dict[str, str]:
        """Add an operation following ``schedule`` (``[("InProgress", 2), "Completed"]``: see
        :func:`opstatus_core.testing.parse_schedule`); return its reference."""
        ref = make_reference(project_id, environment_id, activity_id or str(uuid.uuid4()))
        self.operations.create(
            ref[ACTIVITY_ID],
            schedule,
            project_id=int(ref[PROJECT_ID]),
            environment_id=ref[ENVIRONMENT_ID],
        )
        return ref

    def seed_operation(self, outcome: str, *, polls: int = 3) -> dict[str, str]:
        """Pending (NotStarted, then InProgress) for ``polls`` polls, then the first status the
        spec lists for ``outcome`` (``succeeded``: Completed, ``failed``: Failed,
        ``canceled``: Aborted)."""
        final = self.classes.get(outcome)
        if outcome == "pending" or not final:
            raise ValueError(f"outcome must be one of succeeded, failed, canceled: {outcome!r}")
        if polls < 0:
            raise ValueError("polls must be >= 0")
        schedule: list[tuple[str, float | None]] = [
            ("NotStarted", min(1, polls)),
            ("InProgress", max(0, polls - 1)),
            (final[0], None),
        ]
        return self.create_operation(schedule)

    def fail_calls(self, activity_id: str, message: str | None) -> None:
        """Answer status calls about ``activity_id`` with ``IsSuccess: false`` and ``message``
        (``None`` ends it)."""
        self.operations.update(str(uuid.UUID(activity_id)), call_error=message)

    # -- bodies ---------------------------------------------------------------------------
    def contract(self, message: str) -> dict[str, Any]:
        """The base response contract with ``IsSuccess: false`` (``DatabaseMovementResponse``)."""
        return {
            "IsSuccess": False,
            "OperationActivityId": str(uuid.uuid4()),
            "ErrorMessage": message,
            "VersionEOL": self.version_eol,
        }

    def document(self, op: FakeOperation, status: str) -> dict[str, Any]:
        """The ``OperationStatusResponse`` of ``op`` reporting ``status``."""
        terminal = any(status in self.classes[k] for k in ("succeeded", "failed", "canceled"))
        if terminal and "completed_at" not in op.fields:
            op.fields["completed_at"] = _net_datetime(datetime.now(UTC))
        return {
            "IsSuccess": True,
            "OperationActivityId": str(uuid.uuid4()),
            "ErrorMessage": None,
            "VersionEOL": self.version_eol,
            "ProjectId": op.fields["project_id"],
            "EnvironmentId": op.fields["environment_id"],
            "ActivityId": op.id,
            "CompletionDate": op.fields.get("completed_at") if terminal else None,
            "OperationStatus": status,
        }

    def error_response(self, status: int, message: str, request: httpx.Request) -> httpx.Response:
        if status == 401:  # documented without a body
            return httpx.Response(401, headers={"WWW-Authenticate": "Bearer"})
        if status == 404:  # no route: undocumented; the fake answers it like a malformed request
            status = 400
        # 405 (a method the spec does not list) stays 405, as HTTP and Schemathesis expect
        # (core's FakeService adds its `Allow` header)
        return json_response(status, self.contract(message))

    # -- the operation --------------------------------------------------------------------
    @route(PROVIDER.operation_id, id_param=ACTIVITY_ID)
    def get_operation_status(self, req: FakeRequest) -> httpx.Response:
        try:  # the spec's types (already validated): any integer, any GUID
            ref = {
                PROJECT_ID: str(int(req.param(PROJECT_ID))),
                ENVIRONMENT_ID: str(uuid.UUID(req.param(ENVIRONMENT_ID))),
                ACTIVITY_ID: str(uuid.UUID(req.param(ACTIVITY_ID))),
            }
        except ValueError:
            return self.error_response(400, "The request does not match the route.", req.raw)
        activity = ref[ACTIVITY_ID]
        op = self.operations.get(activity)
        if (
            op is None
            or str(op.fields["project_id"]) != ref[PROJECT_ID]
            or op.fields["environment_id"] != ref[ENVIRONMENT_ID]
        ):
            message = f"No operation activity {activity} was found for this environment."
            return json_response(200, self.contract(message))
        call_error = op.fields.get("call_error")
        if call_error:
            return json_response(200, self.contract(str(call_error)))
        polled = self.operations.poll(activity)
        assert polled is not None
        return json_response(200, self.document(polled, polled.history[-1]))
