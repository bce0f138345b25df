"""A stateful fake of the SnapLogic APIM migration-status API (needs the ``testing`` extra).

Built on ``opstatus_core.testing.FakeService``: every request is validated against the spec, the
same object runs in-process (``fake.transport()``) or on loopback (``serve(fake)``), and faults
are injected with ``fake.inject(Fault...)``.

```python
from opstatus_core.testing import Fault
from opstatus_snaplogic_apim import SnapLogicApimClient
from opstatus_snaplogic_apim.testing import SnapLogicApimFake

fake = SnapLogicApimFake()
ref = fake.create_migration(outcome="Completed", polls=2)
fake.inject(Fault.too_many_requests(retry_after=2))
client = SnapLogicApimClient(base_url=fake.base_url, transport=fake.transport(),
                             **fake.demo_credentials)
assert client.wait(ref).status == "Completed"
```

Migrations belong to an environment (org) and advance ``Started`` -> ``Migrating`` -> ``Completed``
or ``Failed`` one poll (by-token request naming them) at a time. An unknown token is answered
``{"status": "Not Found"}`` inside the 200 map; an unknown org gets 404; bad or missing
credentials 401; basic auth on an org that disabled it 403; malformed input 400 (all with the
spec's ``ErrorResponse`` envelope). ``token_counts`` records how many tokens each by-token
request carried.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

import httpx
from opstatus_core.testing import FakeOperation, FakeRequest, FakeService, json_response, route

__all__ = [
    "DEMO_ORG",
    "DEMO_PASSWORD",
    "DEMO_TOKEN",
    "DEMO_USERNAME",
    "SnapLogicApimFake",
]


DEMO_ORG = "my-environment"
DEMO_USERNAME = "demo@example.com"
DEMO_PASSWORD = "demo-password"  # the fake's published demo credential
DEMO_TOKEN = "demo-jwt"

# the provider's documented lifecycle (the fake simulates it; the SDK classifies via the spec)
STARTED, MIGRATING, COMPLETED, FAILED = "Started", "Migrating", "Completed", "Failed"
NOT_FOUND = "Not Found"
#: which current statuses each ``status_type`` of the /all listing matches
STATUS_TYPES: Mapping[str, frozenset[str]] = {
    STARTED: frozenset({STARTED, MIGRATING}),  # started, not finished yet
    COMPLETED: frozenset({COMPLETED}),
    FAILED: frozenset({FAILED}),
}
_OUTCOMES = {"succeeded": COMPLETED, "failed": FAILED}
_EPOCH = datetime(2026, 4, 28, 10, 30, 0)


def _timestamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")


class SnapLogicApimFake(FakeService):
    """The fake SnapLogic control plane (APIM 3.0 migration status).

    ``orgs``: the environments it knows (others get 404). Credentials: basic
    ``username:password`` or a bearer ``token`` (the demo ones by default; pass
    ``credentials=None`` to accept any). Extra keywords go to ``FakeService`` (``clock``,
    ``validate_responses``, ...).
    """

    name = "snaplogic-apim"
    spec_source = "opstatus_snaplogic_apim"
    #: SnapLogic documents no answer to a malformed request (no status_token, a status_type
    #: outside the three accepted values, a start body without assets): the spec declares none,
    #: and the fake's 400 (SnapLogic's error envelope) is its own choice
    undocumented_rejections = True

    demo_credentials: Mapping[str, str] = {"username": DEMO_USERNAME, "password": DEMO_PASSWORD}

    def __init__(
        self,
        *,
        orgs: Iterable[str] = (DEMO_ORG,),
        username: str = DEMO_USERNAME,
        password: str = DEMO_PASSWORD,
        token: str = DEMO_TOKEN,
        **options: Any,
    ) -> None:
        options.setdefault(
            "credentials", {"basicAuth": [f"{username}:{password}"], "bearerAuth": [token]}
        )
        super().__init__(**options)
        self.orgs: set[str] = set(orgs)
        self.basic_auth_disabled: set[str] = set()
        #: tokens carried by each by-token request that reached the handler, in order
        self.token_counts: list[int] = []
        self._serial = itertools.count(1)

    # -- set-up ---------------------------------------------------------------------------------
    def add_org(self, org_name: str) -> None:
        with self.lock:
            self.orgs.add(org_name)

    def disable_basic_auth(self, org_name: str) -> None:
        """Basic-auth requests for ``org_name`` get 403 (the JWT page's documented case)."""
        with self.lock:
            self.basic_auth_disabled.add(org_name)

    def create_migration(
        self,
        *,
        outcome: str = COMPLETED,
        polls: int = 3,
        org_name: str = DEMO_ORG,
        token: str | None = None,
        schedule: Iterable[tuple[str, float | None]] | Iterable[str] | None = None,
        **fields: Any,
    ) -> dict[str, str]:
        """A migration in ``org_name`` that is pending for ``polls`` polls (``Started`` once,
        then ``Migrating``) and then reports ``outcome`` for good; or follows ``schedule``.
        ``fields`` override the document's (e.g. ``service_name``). Returns its reference."""
        if polls < 0:
            raise ValueError("polls must be >= 0")
        with self.lock:
            self.orgs.add(org_name)
            steps: list[tuple[str, float | None]]
            if schedule is not None:
                steps = [(s, 1.0) if isinstance(s, str) else s for s in schedule]
                if steps:
                    steps[-1] = (steps[-1][0], None)
            else:
                steps = []
                if polls >= 1:
                    steps.append((STARTED, 1.0))
                if polls >= 2:
                    steps.append((MIGRATING, float(polls - 1)))
                steps.append((outcome, None))
            n = next(self._serial)
            op = self.operations.create(
                id=token, schedule=steps, org_name=org_name, serial=n, **fields
            )
            return {"org_name": org_name, "status_token": op.id}

    def seed_operation(self, outcome: str, *, polls: int = 3) -> dict[str, str]:
        """``DemoFake``: a migration ending ``succeeded`` (Completed) or ``failed`` (Failed).
        SnapLogic migrations cannot be canceled: ``canceled`` raises ValueError."""
        if outcome not in _OUTCOMES:
            raise ValueError(
                f"snaplogic-apim has no {outcome!r} outcome (migrations are never canceled); "
                f"use one of {sorted(_OUTCOMES)}"
            )
        return self.create_migration(outcome=_OUTCOMES[outcome], polls=polls)

    # -- documents ------------------------------------------------------------------------------
    def document(self, op: FakeOperation) -> dict[str, Any]:
        """The by-token status document of ``op`` at its current status."""
        fields = dict(op.fields)
        serial = int(fields.pop("serial", 0))
        created = _EPOCH + timedelta(minutes=serial)
        status = op.status
        doc: dict[str, Any] = {
            "status": status,
            "asset_snid": f"snode-{serial:06d}",
            "asset_type": "API_SERVICE_VERSION",
            "target_path": f"target-env/proj-space-{serial}/proj",
            "user_id": DEMO_USERNAME,
            "create_time": _timestamp(created),
            "status_token": op.id,
        }
        if status != STARTED:  # "present after migration begins"
            doc["service_name"] = f"Service{serial}"
            doc["service_slug"] = f"service-{serial}"
        if status == COMPLETED:
            doc["completed_time"] = _timestamp(created + timedelta(seconds=45))
        fields.pop("org_name", None)
        doc.update(fields)
        return doc

    def error_response(self, status: int, message: str, request: httpx.Request) -> httpx.Response:
        """SnapLogic's envelope: ``{"response_map": {"error_list": [{"message": ...}]},
        "http_status_code": N}`` (the spec's ``ErrorResponse``)."""
        body = {"response_map": {"error_list": [{"message": message}]}, "http_status_code": status}
        headers = {"WWW-Authenticate": 'Basic realm="SnapLogic"'} if status == 401 else None
        return json_response(status, body, headers)

    def _org_checks(self, req: FakeRequest) -> httpx.Response | None:
        org = req.param("org_name")
        if org not in self.orgs:
            return self.not_found(req, "Not Found")
        basic = req.headers.get("authorization", "").lower().startswith("basic ")
        if basic and org in self.basic_auth_disabled:
            return self.error_response(403, "Forbidden", req.raw)
        return None

    # -- operations -------------------------------------------------------------------------------
    @route("startServiceMigration")
    def start_service_migration(self, req: FakeRequest) -> httpx.Response:
        """One migration per asset (``Started``, then ``Migrating``, then ``Completed``, on the
        fake's default schedule); the answer lists a ``status_token`` per asset, in order (the
        layout of the spec's illustrative example: the page does not give one)."""
        body = req.json()
        org = str(body["org_name"])  # validated against the spec already
        basic = req.headers.get("authorization", "").lower().startswith("basic ")
        if basic and org in self.basic_auth_disabled:
            return self.error_response(403, "Forbidden", req.raw)
        started = []
        for asset in body["migrate_assets"]:
            config = asset["service_config"]
            ref = self.create_migration(org_name=org, target_path=config["target_path"])
            started.append({"asset_path": asset["asset_path"], "status_token": ref["status_token"]})
        return self.json_response(
            200, {"response_map": {"migrations": started}, "http_status_code": 200}
        )

    @route("getMigrationStatusByToken", id_param="status_token")
    def get_migration_status_by_token(self, req: FakeRequest) -> httpx.Response:
        refused = self._org_checks(req)
        if refused is not None:
            return refused
        org = req.param("org_name")
        tokens = list(dict.fromkeys(req.query.get("status_token", [])))
        self.token_counts.append(len(tokens))
        response_map: dict[str, Any] = {}
        for token in tokens:
            op = self.operations.get(token)
            if op is None or op.fields.get("org_name") != org:
                response_map[token] = {"status": NOT_FOUND}
                continue
            self.operations.poll(token)
            response_map[token] = self.document(op)
        return self.json_response(200, {"response_map": response_map, "http_status_code": 200})

    @route("listMigrationsByStatusType", id_param="org_name")
    def list_migrations_by_status_type(self, req: FakeRequest) -> httpx.Response:
        refused = self._org_checks(req)
        if refused is not None:
            return refused
        org = req.param("org_name")
        status_type = req.query_one("status_type") or ""
        matching = STATUS_TYPES.get(status_type)
        if matching is None:  # the spec validation answers 400 first; kept for extra routes
            return self.error_response(400, "Invalid status_type", req.raw)
        records = [
            self.document(op)
            for op in self.operations
            if op.fields.get("org_name") == org and op.status in matching
        ]
        return self.json_response(
            200, {"response_map": {status_type: records}, "http_status_code": 200}
        )

    # -- assertions -------------------------------------------------------------------------------
    @property
    def status_requests(self) -> int:
        """How many by-token requests reached the handler."""
        with self.lock:
            return len(self.token_counts)
