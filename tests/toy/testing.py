"""The toy provider's fake (``ToyFake``, on the shared machinery of ``opstatus_core.testing``)
and its spec (openapi.yaml, next to this module): create a job, its status (``/jobs/{id}``), its
status per company (an OData-style path) and a batch of statuses (``/statuses?token=...``).
tests/fakes_infra exercises the fake machinery on it; ``demo_fake``/``demo_company_fake`` are the
toy SDKs' fakes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx
from opstatus_core import load_spec
from opstatus_core.testing import FakeOperation, FakeRequest, FakeService, json_response, route

TOKEN = "toy-demo-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
#: a company id (the company route's parameter is a UUID)
COMPANY = "8d4b8e8c-1c7c-4b4c-9a40-0b1c1d2e3f40"

#: the spec (tests/toy/openapi.yaml), as core reads it for the toy SDKs' rules
SPEC: Mapping[str, Any] = load_spec("tests.toy")


# -- the fake ----------------------------------------------------------------------------------

_OUTCOME = {"succeeded": "Succeeded", "failed": "Failed", "canceled": "Canceled"}
CODES = {400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound"}


class ToyFake(FakeService):
    """About 50 lines: the shape every provider fake takes. ``company=True``: the fake of the
    ``toy-company`` SDK (its references carry a company id)."""

    name = "toy"
    spec_source = "tests.toy"  # a package name: its openapi.yaml, as an SDK fake names it

    def __init__(self, *args: Any, company: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.company = company
        self.demo_credentials = {"token": TOKEN}

    def seed_operation(self, outcome: str, *, polls: int = 3) -> dict[str, str]:
        final = _OUTCOME[outcome]
        schedule: list[tuple[str, float | None]] = [("Running", polls), (final, None)]
        op = self.operations.create(schedule=schedule, steps=4)
        return {"company_id": COMPANY, "id": op.id} if self.company else {"id": op.id}

    def error_response(self, status: int, message: str, request: httpx.Request) -> httpx.Response:
        headers = {"WWW-Authenticate": 'Bearer realm="toy"'} if status == 401 else None
        body = {"code": CODES.get(status, f"E{status}"), "message": message}
        return json_response(status, body, headers)

    def document(self, op: FakeOperation) -> dict[str, Any]:
        total = int(op.fields.get("steps", 4))
        done = min(total, op.step * total // max(1, len(op.schedule) - 1))
        failed = op.status == "Failed"
        return {
            "id": op.id,
            "status": op.status,
            "progress": {"done": done, "total": total},
            "error": op.fields.get("error", "it broke") if failed else None,
        }

    @route("createJob")
    def create_job(self, req: FakeRequest) -> httpx.Response:
        body = req.json()
        op = self.operations.create(name=body["name"], steps=body.get("steps", 4))
        return self.json_response(202, self.document(op), {"Location": f"/v1/jobs/{op.id}"})

    @route("getJobStatus")
    def get_job_status(self, req: FakeRequest) -> httpx.Response:
        op = self.operations.poll(req.param("id"))
        if op is None:
            return self.not_found(req, f"No job {req.param('id')!r}.")
        return self.json_response(200, self.document(op))

    @route("getCompanyJobStatus")
    def get_company_job_status(self, req: FakeRequest) -> httpx.Response:
        return self.get_job_status(req)

    @route("getStatuses", id_param="token")
    def get_statuses(self, req: FakeRequest) -> httpx.Response:
        found = {t: self.operations.poll(t) for t in req.query["token"]}
        return self.json_response(
            200, {"response_map": {t: self.document(op) for t, op in found.items() if op}}
        )


def demo_fake(**kwargs: Any) -> ToyFake:
    """The ``toy`` SDK's fake as its plugin ships it: only the demo token is accepted."""
    kwargs.setdefault("credentials", {"bearerAuth": [TOKEN]})
    return ToyFake(**kwargs)


def demo_company_fake(**kwargs: Any) -> ToyFake:
    """The ``toy-company`` SDK's fake."""
    fake = demo_fake(company=True, **kwargs)
    fake.name = "toy-company"  # type: ignore[misc]
    return fake
