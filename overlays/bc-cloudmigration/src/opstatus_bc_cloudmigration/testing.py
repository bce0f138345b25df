"""A stateful fake of the Business Central cloud-migration API (needs the ``testing`` extra).

Built on :mod:`opstatus_core.testing`: it serves every operation of the spec in-process
(``fake.transport()``) or on loopback (``with serve(fake) as server: server.base_url``),
validates every request against the spec and injects faults (``fake.inject(Fault...)``).

What it models (per the spec):

- companies (``fake.add_company()``; one, :data:`DEMO_COMPANY_ID`, exists from the start with one
  completed historical run so that ``runReplication`` has a record to be bound to);
- runs (``cloudMigrationStatus`` records) that advance through their statuses on a schedule of
  *polls of that run* (``getCloudMigrationStatus``), e.g. ``[("InProgress", 3), ("Completed",
  None)]``; listing does not advance them. ``tablesSuccessful``/``tablesFailed``/
  ``tablesRemaining`` grow with the polls;
- ``runReplication`` creates a new run (the company's ``replication_schedule`` from
  ``add_company``, else ``fake.replication_schedule``) and answers 204;
  ``runDataUpgrade`` only from ``UpgradePending``/``Upgrade Pending`` (else the documented 400
  ``Application_DialogException``), moving the run to ``UpgradeInProgress`` and on along
  the run's own upgrade schedule (``seed_run(upgrade_schedule=...)``) or else
  ``fake.upgrade_schedule``, ending ``Completed`` or ``UpgradeFailed``; ``refreshStatus``,
  ``resetCloudData`` and ``disableReplication`` answer 204 (the last clears
  ``fake.companies[company]["replication_enabled"]``; the spec documents no refusal that
  follows from it, so the fake invents none);
- ``completeCloudMigration`` answers 204 once the run is ``Completed`` without failed tables,
  else the AL source's 400 ``Application_DialogException``; it sets
  ``fake.companies[company]["migration_completed"]``;
- the OData schema version: the request's ``$schemaversion`` wins; without it the fake's
  ``schema_version`` (the server default: ``"2.0"`` from BC 24, ``"1.0"`` before). Under 1.0 the
  status is sent as its caption, from ``captions`` (English by default; pass other captions to
  play a tenant in another language); under 2.0 as the member name;
- the spec's OData error bodies: 400 (malformed request), 401 (missing or rejected
  credentials), 403, 404 (unknown company or record).
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar, Literal

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

__all__ = [
    "DEMO_COMPANY_ID",
    "DEMO_PASSWORD",
    "DEMO_TOKEN",
    "DEMO_USERNAME",
    "BcCloudMigrationFake",
    "Fault",
    "serve",
]

DEMO_TOKEN = "demo-bc-token"
DEMO_USERNAME = "DEMO-USER"
DEMO_PASSWORD = "demo-web-service-key"
DEMO_COMPANY_ID = "6e1ba9f4-5e1a-4d47-9a0e-0c2f1b6f7a10"

Schedule = Sequence[tuple[str, float | None]]

# The captions Business Central sends under OData schema version 1.0 (spec:
# KnownCloudMigrationStatus). The fake only renders them; classification is the SDK's (x-opstatus).
_CAPTIONS = {
    "InProgress": "In Progress",
    "UpgradePending": "Upgrade Pending",
    "UpgradeInProgress": "Upgrade in Progress",
    "UpgradeFailed": "Upgrade Failed",
    "RepairDataPending": "Data Repair Pending",
}
_MEMBERS = {caption: member for member, caption in _CAPTIONS.items()}
_FINISHED_OK = {"Completed", "UpgradePending"}
_FAILED = {"Failed", "UpgradeFailed"}
_TABLES = (
    "Customer",
    "Vendor",
    "Item",
    "G/L Entry",
    "Sales Header",
    "Sales Line",
    "Purchase Header",
    "Purchase Line",
    "Cust. Ledger Entry",
    "Vendor Ledger Entry",
    "Item Ledger Entry",
    "Value Entry",
)
_BLANK_TIME = "0001-01-01T00:00:00Z"
_EPOCH = datetime(2024, 5, 2, 9, 30, tzinfo=UTC)

_ERRORS: dict[int, tuple[str, str]] = {
    # the spec's documented bodies (components/responses)
    400: ("BadRequest_NotFound", "Bad Request - Error in query syntax"),
    401: ("Authentication_InvalidCredentials", "The server has rejected the client credentials."),
}
# codes whose body the spec leaves to the error codes page (403) or documents none (405, 429)
_OTHER_CODES = {
    403: "Authorization_Forbidden",
    405: "BadRequest_MethodNotAllowed",
    429: "Application_TooManyRequests",
}


def _member(status: str) -> str:
    return _MEMBERS.get(status, status)


class BcCloudMigrationFake(FakeService):
    """The Business Central cloud-migration fake. ``BcCloudMigrationFake()`` accepts the demo
    credentials (bearer :data:`DEMO_TOKEN`, basic :data:`DEMO_USERNAME`/:data:`DEMO_PASSWORD`)."""

    name = "bc-cloudmigration"
    #: the outcomes ``seed_operation`` can produce (the spec has no canceled status)
    OUTCOMES: ClassVar[tuple[str, ...]] = ("succeeded", "failed")

    def __init__(
        self,
        *,
        tokens: Iterable[str] = (DEMO_TOKEN,),
        basic: Iterable[tuple[str, str]] = ((DEMO_USERNAME, DEMO_PASSWORD),),
        replication_schedule: Schedule = (("InProgress", 2), ("Completed", None)),
        upgrade_schedule: Schedule = (("UpgradeInProgress", 2), ("Completed", None)),
        schema_version: Literal["1.0", "2.0"] = "2.0",
        captions: Mapping[str, str] | None = None,
        tables: int = 12,
        history: bool = True,
        **service_options: Any,
    ) -> None:
        credentials = {
            "oauth2": list(tokens),
            "basicAuth": [f"{user}:{password}" for user, password in basic],
        }
        super().__init__("opstatus_bc_cloudmigration", credentials=credentials, **service_options)
        self.demo_credentials: Mapping[str, str] = {"token": DEMO_TOKEN}
        self.replication_schedule: Schedule = tuple(replication_schedule)
        self.upgrade_schedule: Schedule = tuple(upgrade_schedule)
        self.schema_version = schema_version
        #: member name -> the caption sent under schema 1.0 (a tenant's language)
        self.captions: dict[str, str] = dict(_CAPTIONS if captions is None else captions)
        self.tables = tables
        self.companies: dict[str, dict[str, Any]] = {}
        self._created = itertools.count()
        self.add_company(DEMO_COMPANY_ID, history=history)

    # -- state set-up ---------------------------------------------------------------------------
    def add_company(
        self,
        company_id: str | None = None,
        *,
        history: bool = True,
        replication_schedule: Schedule | None = None,
    ) -> str:
        """Add a company (a fresh GUID unless given); with ``history``, one completed run.
        ``replication_schedule``: the course of the runs ``runReplication`` starts in this company
        (default: ``fake.replication_schedule``)."""
        company = str(uuid.UUID(company_id)) if company_id else str(uuid.uuid4())
        with self.lock:
            self.companies.setdefault(company, {"replication_enabled": True})
            if replication_schedule is not None:
                self.companies[company]["replication_schedule"] = tuple(replication_schedule)
        if history:
            self.seed_run(company, schedule=[("Completed", None)], replication_type="Full")
        return company

    def seed_run(
        self,
        company_id: str = DEMO_COMPANY_ID,
        *,
        schedule: Schedule | Sequence[str] | None = None,
        details: str | None = None,
        tables: int | None = None,
        failed_tables: int | None = None,
        replication_type: str = "Normal",
        upgrade_schedule: Schedule | None = None,
    ) -> dict[str, str]:
        """Create a run of ``company_id`` following ``schedule`` (polls per status); return its
        reference ``{"company_id", "id"}``. ``upgrade_schedule``: the course of this run's data
        upgrade once ``runDataUpgrade`` starts it (default: ``fake.upgrade_schedule``)."""
        company = str(uuid.UUID(company_id))
        with self.lock:
            if company not in self.companies:
                raise KeyError(f"no company {company}")
            created = next(self._created)
            op = self.operations.create(
                schedule=schedule if schedule is not None else self.replication_schedule,
                company_id=company,
                run_id=str(uuid.uuid4()),
                created=created,
                start=_EPOCH + timedelta(minutes=created),
                replication_type=replication_type,
                details=details,
                tables=self.tables if tables is None else tables,
                failed_tables=failed_tables,
                upgrade_schedule=None if upgrade_schedule is None else tuple(upgrade_schedule),
            )
        return {"company_id": company, "id": op.id}

    def seed_operation(self, outcome: str, *, polls: int = 3) -> dict[str, str]:
        """A run pending (``InProgress``) for ``polls`` polls, then ``Completed``
        (``succeeded``) or ``Failed`` with failed tables (``failed``). The spec has no canceled
        status (a cancelled run is recorded as ``Failed``), so ``canceled`` is refused."""
        if outcome == "succeeded":
            return self.seed_run(schedule=[("InProgress", polls), ("Completed", None)])
        if outcome == "failed":
            return self.seed_run(
                schedule=[("InProgress", polls), ("Failed", None)],
                details="Replication completed with failed tables",
                failed_tables=2,
            )
        raise ValueError(
            f"bc-cloudmigration has no {outcome!r} outcome (it has {', '.join(self.OUTCOMES)}): "
            "Business Central records a cancelled run as Failed."
        )

    def runs(self, company_id: str) -> list[FakeOperation]:
        """The company's runs, newest first (as the API page sorts them)."""
        with self.lock:
            found = [op for op in self.operations if op.fields.get("company_id") == company_id]
        return sorted(found, key=lambda op: op.fields["created"], reverse=True)

    # -- documents ------------------------------------------------------------------------------
    def _wire_status(self, status: str, version: str | None = None) -> str:
        """The status as sent under ``version`` (the request's ``$schemaversion``, else the
        fake's default): a caption under 1.0, the member name under 2.0."""
        member = _member(status)
        if (version or self.schema_version) == "1.0":
            return self.captions.get(member, member)
        return member

    def _counts(self, op: FakeOperation) -> tuple[int, int, int]:
        """(successful, failed, remaining) tables for the run's current status."""
        total = int(op.fields["tables"])
        status = _member(op.status)
        failed = int(op.fields.get("failed_tables") or 0)
        if status in _FAILED:
            failed = failed or 1
            return max(total - failed, 0), min(failed, total), 0
        if status in _FINISHED_OK or status == "RepairDataPending":
            return total, 0, 0
        if status == "UpgradeInProgress":
            return total, 0, 0
        pending_polls = sum(int(count or 0) for _, count in op.schedule[:-1])
        done = max(min(total - 1, total * op.polls // (pending_polls + 1)), 0) if total else 0
        return done, 0, total - done

    def document(self, op: FakeOperation, version: str | None = None) -> dict[str, Any]:
        """The ``CloudMigrationStatus`` entity of a run, as Business Central sends it (under
        OData schema ``version``, default the fake's)."""
        status = _member(op.status)
        successful, failed, remaining = self._counts(op)
        start: datetime = op.fields["start"]
        terminal = status in _FINISHED_OK or status in _FAILED
        end = (start + timedelta(minutes=1 + op.polls)).isoformat().replace("+00:00", "Z")
        details = op.fields.get("details")
        if details is None:
            details = "" if terminal else "Data replication in progress"
        return {
            "@odata.etag": f'W/"JzE5O{op.fields["created"]:014d}{op.polls:04d}Jw=="',
            "id": op.id,
            "runId": op.fields["run_id"],
            "startTime": start.isoformat().replace("+00:00", "Z"),
            "endTime": end if terminal else _BLANK_TIME,
            "replicationType": op.fields["replication_type"],
            "status": self._wire_status(op.status, version),
            "source": "Dynamics 365 Business Central current version",
            "details": details,
            "tablesSuccessful": successful,
            "tablesFailed": failed,
            "tablesRemaining": remaining,
        }

    def _context(self, company: str, suffix: str) -> str:
        return f"{self.base_url}/$metadata#companies({company})/{suffix}"

    def detail_documents(self, op: FakeOperation) -> list[dict[str, Any]]:
        """One ``CloudMigrationStatusDetail`` per table of the run."""
        successful, failed, remaining = self._counts(op)
        names = [
            _TABLES[i % len(_TABLES)] + ("" if i < len(_TABLES) else f" {i}")
            for i in range(successful + failed + remaining)
        ]
        rows: list[dict[str, Any]] = []
        for index, table in enumerate(names):
            if index < successful:
                status, copied, error = "Successful", 100 + index, ""
            elif index < successful + failed:
                status, copied, error = "Failed", 0, "The table could not be copied."
            elif index == successful + failed:
                status, copied, error = "InProgress", 10, ""
            else:
                status, copied, error = "NotStarted", 0, ""
            if self.schema_version == "1.0":
                status = {"InProgress": "In Progress", "NotStarted": "Not Started"}.get(
                    status, status
                )
            rows.append(
                {
                    "id": str(uuid.uuid5(uuid.UUID(op.id), table)),
                    "runId": op.fields["run_id"],
                    "companyName": "CRONUS International Ltd.",
                    "tableName": table,
                    "status": status,
                    "recordsCopied": copied,
                    "totalRecords": 100 + index,
                    "errors": error,
                }
            )
        return rows

    # -- errors ---------------------------------------------------------------------------------
    def error_response(self, status: int, message: str, request: httpx.Request) -> httpx.Response:
        """OData error bodies: exactly the spec's for 400 and 401; ``Internal_RecordNotFound``
        for 404 (as the spec's example); a code per status otherwise."""
        if status in _ERRORS:
            code, text = _ERRORS[status]
        elif status == 404:
            code, text = "Internal_RecordNotFound", message
        else:
            fallback = f"Internal_ServerError{status}" if status >= 500 else "BadRequest"
            code, text = _OTHER_CODES.get(status, fallback), message
        headers: dict[str, str] = {}
        if status == 401:
            headers["WWW-Authenticate"] = 'Bearer realm=""'
        return json_response(status, {"error": {"code": code, "message": text}}, headers)

    def _record_not_found(self, req: FakeRequest, what: str, value: str) -> httpx.Response:
        if what == "company":
            text = f"The Company does not exist. Identification fields and values: Id='{value}'"
        else:
            text = (
                "The Hybrid Replication Summary does not exist. Identification fields and "
                f"values: Run ID='{value}'"
            )
        return self.not_found(req, text)

    def _company(self, req: FakeRequest) -> str | None:
        try:
            company = str(uuid.UUID(req.param("company_id")))
        except ValueError:
            return None
        return company if company in self.companies else None

    def _run(self, req: FakeRequest, *, poll: bool) -> FakeOperation | httpx.Response:
        company = self._company(req)
        if company is None:
            return self._record_not_found(req, "company", req.param("company_id"))
        raw = req.param("cloudMigrationStatus_id")
        try:
            run_id = str(uuid.UUID(raw))
        except ValueError:
            return self._record_not_found(req, "run", raw)
        op = self.operations.get(run_id)
        if op is None or op.fields.get("company_id") != company:
            return self._record_not_found(req, "run", raw)
        if poll:
            self.operations.poll(run_id)
        return op

    # -- the spec's operations ------------------------------------------------------------------
    @route("getCloudMigrationStatus")
    def get_status(self, req: FakeRequest) -> httpx.Response:
        op = self._run(req, poll=True)
        if isinstance(op, httpx.Response):
            return op
        document = self.document(op, req.query_one("$schemaversion"))
        return self._odata(op.fields["company_id"], "cloudMigrationStatus/$entity", document)

    @route("listCloudMigrationStatus", id_param="company_id")
    def list_status(self, req: FakeRequest) -> httpx.Response:
        company = self._company(req)
        if company is None:
            return self._record_not_found(req, "company", req.param("company_id"))
        version = req.query_one("$schemaversion")
        runs = [self.document(op, version) for op in self.runs(company)]
        return self._odata(company, "cloudMigrationStatus", {"value": runs})

    @route("listCloudMigrationStatusDetails")
    def list_details(self, req: FakeRequest) -> httpx.Response:
        op = self._run(req, poll=False)
        if isinstance(op, httpx.Response):
            return op
        details = {"value": self.detail_documents(op)}
        return self._odata(op.fields["company_id"], "cloudMigrationStatusDetails", details)

    def _odata(self, company: str, path: str, body: Mapping[str, Any]) -> httpx.Response:
        """A 200 with an OData body: its ``@odata.context`` first, as Business Central sends it."""
        return self.json_response(200, {"@odata.context": self._context(company, path), **body})

    @route("runReplication")
    def run_replication(self, req: FakeRequest) -> httpx.Response:
        op = self._run(req, poll=False)
        if isinstance(op, httpx.Response):
            return op
        company = op.fields["company_id"]
        self.companies[company]["replication_enabled"] = True
        schedule = self.companies[company].get("replication_schedule") or self.replication_schedule
        self.seed_run(company, schedule=schedule)
        return httpx.Response(204)

    @route("runDataUpgrade")
    def run_data_upgrade(self, req: FakeRequest) -> httpx.Response:
        op = self._run(req, poll=False)
        if isinstance(op, httpx.Response):
            return op
        if _member(op.status) != "UpgradePending":
            return self._dialog(
                400, "Upgrade cannot be started until all companies are successfully replicated."
            )
        with self.lock:
            # the AL source sets UpgradeInProgress before answering; the upgrade then runs on
            op.schedule = _schedule(op.fields.get("upgrade_schedule") or self.upgrade_schedule)
            op.pinned = None
            op.polls = 0
            op.fields["details"] = None
        return httpx.Response(204)

    @route("refreshStatus")
    def refresh_status(self, req: FakeRequest) -> httpx.Response:
        op = self._run(req, poll=False)
        return op if isinstance(op, httpx.Response) else httpx.Response(204)

    @route("resetCloudData")
    def reset_cloud_data(self, req: FakeRequest) -> httpx.Response:
        op = self._run(req, poll=False)
        return op if isinstance(op, httpx.Response) else httpx.Response(204)

    @route("disableReplication")
    def disable_replication(self, req: FakeRequest) -> httpx.Response:
        op = self._run(req, poll=False)
        if isinstance(op, httpx.Response):
            return op
        self.companies[op.fields["company_id"]]["replication_enabled"] = False
        return httpx.Response(204)

    @route("completeCloudMigration")
    def complete_cloud_migration(self, req: FakeRequest) -> httpx.Response:
        """The AL source's checks: the upgrade completed, no failed tables (a pending data repair
        is a status of its own, so a ``Completed`` run has none)."""
        op = self._run(req, poll=False)
        if isinstance(op, httpx.Response):
            return op
        if _member(op.status) != "Completed":
            return self._dialog(
                400,
                "You cannot complete the cloud migration because upgrade was not completed. "
                "If you want to stop the cloud migration, use pause or abandon actions.",
            )
        if self._counts(op)[1]:
            return self._dialog(
                400,
                "You cannot complete the cloud migration because there are failed tables.",
            )
        self.companies[op.fields["company_id"]]["migration_completed"] = True
        return httpx.Response(204)

    def _dialog(self, status: int, message: str) -> httpx.Response:
        """An AL ``Error()`` as Business Central returns it (spec: upgradeNotAllowed example)."""
        body = {"error": {"code": "Application_DialogException", "message": message}}
        return json_response(status, body)


def _schedule(schedule: Schedule) -> Any:
    from opstatus_core.testing import parse_schedule

    return parse_schedule(schedule)
