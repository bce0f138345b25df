"""A stateful fake of the Document Translation batch API (needs the ``testing`` extra).

```python
from opstatus_core import FakeClock, PollPolicy
from opstatus_doc_translation import DocTranslationClient
from opstatus_doc_translation.testing import DEMO_KEY, DocTranslationFake

fake = DocTranslationFake()
ref = fake.seed_operation("succeeded", polls=3)
client = DocTranslationClient(
    base_url=fake.base_url, key=DEMO_KEY, transport=fake.transport(), clock=FakeClock()
)
client.wait(ref)
```

Every operation of the spec is served: ``POST /batches`` creates a batch (``202`` with
``Operation-Location``) whose documents advance poll by poll (the ``summary`` counts move),
``GET /batches/{id}`` reports it (``200`` with ``Retry-After`` and ``ETag``; ``304`` with no
body while ``If-None-Match`` names the current ETag, i.e. nothing changed), ``DELETE
/batches/{id}`` moves a running batch to ``Cancelling`` and then ``Canceled`` (``400`` once it
ended or is already cancelling). Errors are the spec's nested error bodies (its examples) with
the documented status codes: ``400`` (malformed id or body), ``401`` (missing or wrong key),
``404`` (unknown batch), and ``429``/``500``/``503`` when injected (``Retry-After`` on 429/503).
Every request is validated against the spec; faults come from :mod:`opstatus_core.testing`.
Serve it on loopback with ``opstatus_core.testing.serve(fake)``.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
from opstatus_core.testing import (
    FakeOperation,
    FakeRequest,
    FakeService,
    Fault,
    json_response,
    parse_schedule,
    route,
    serve,
)

__all__ = [
    "DEMO_KEY",
    "EXAMPLE_ID",
    "DocTranslationFake",
    "Fault",
    "batch_request",
    "schedule_for",
    "serve",
]

#: the key the fake accepts by default (and ``demo_credentials`` passes)
DEMO_KEY = "opstatus-demo-translator-key"
#: the id of the seed page's example batch, held by a fake built with ``example_batch=True``
EXAMPLE_ID = "727bf148-f327-47a0-9481-abae6362f11e"

SPEC_PATH = Path(__file__).with_name("openapi.yaml")

_OUTCOMES = {"succeeded": "Succeeded", "failed": "Failed", "canceled": "Canceled"}

_STATUS_OPERATION = "getTranslationStatus"


def schedule_for(
    final: str, polls: int = 3, *, cancelling: int = 1
) -> list[tuple[str, float | None]]:
    """Pending for ``polls`` polls (``NotStarted`` once, then ``Running``), then ``final``.

    Every ``Running`` poll is its own step, so the documents advance on each poll. A canceled
    ``final`` is preceded by ``cancelling`` polls of ``Cancelling``.
    """
    if polls < 0:
        raise ValueError("polls must be >= 0")
    steps: list[tuple[str, float | None]] = []
    if polls >= 1:
        steps.append(("NotStarted", 1))
    steps.extend(("Running", 1) for _ in range(max(polls - 1, 0)))
    if final in ("Canceled", "Cancelled") and cancelling > 0:
        steps.extend(("Cancelling", 1) for _ in range(cancelling))
    steps.append((final, None))
    return steps


def batch_request(inputs: int = 1, languages: Sequence[str] = ("fr",)) -> dict[str, Any]:
    """A valid ``BatchSubmissionRequest`` body (illustrative blob URLs)."""
    return {
        "inputs": [
            {
                "source": {"sourceUrl": f"https://example.blob.core.windows.net/source-{i}"},
                "targets": [
                    {
                        "targetUrl": f"https://example.blob.core.windows.net/target-{i}-{lang}",
                        "language": lang,
                    }
                    for lang in languages
                ],
            }
            for i in range(inputs)
        ]
    }


def _timestamp(seconds: float | None) -> str:
    moment = datetime.now(UTC) if seconds is None else datetime.fromtimestamp(seconds, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _matches(if_none_match: str, etag: str) -> bool:
    """RFC 9110 13.1.2: ``*``, or any listed tag equal to ``etag`` by weak comparison."""
    if if_none_match.strip() == "*":
        return True
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return etag.removeprefix("W/") in tags


class DocTranslationFake(FakeService):
    """The Document Translation fake: batches, documents that advance, cancel, errors.

    ``keys``: the subscription keys accepted (``None``: any non-empty key). ``documents``: the
    documents each submitted input holds (the ``summary.total`` of a batch is ``documents`` times
    its number of inputs). ``retry_after``: the ``Retry-After`` seconds on every ``200`` status
    (``None``: not sent); ``error_retry_after`` likewise on ``429``/``503``. ``submit_schedule``:
    what a submitted batch goes through. ``example_batch``: hold the seed page's example batch
    (``EXAMPLE_ID``, ``Succeeded``, 9 of 10 documents), so the spec's example id is found (a
    DELETE of it is then the documented ``400``: it already ended).
    ``canceled_status``: ``Canceled`` (the seed page's
    spelling) or ``Cancelled`` (the service's). ``conditional_get``: answer ``304`` when
    ``If-None-Match`` names the status's current ETag (``False``: always ``200``, as a service
    that ignores conditional requests). Other keywords go to ``FakeService``
    (``clock``, ``validate_responses``, ``id_factory``, ...).
    """

    name = "doc-translation"
    spec_source = SPEC_PATH

    def __init__(
        self,
        *,
        keys: Iterable[str] | None = (DEMO_KEY,),
        documents: int = 4,
        retry_after: int | None = 1,
        error_retry_after: int | None = 1,
        submit_schedule: Sequence[tuple[str, float | None]] | Sequence[str] | None = None,
        canceled_status: str = "Canceled",
        cancelling_polls: int = 1,
        example_batch: bool = False,
        conditional_get: bool = True,
        clock: Callable[[], float] | None = None,
        **options: Any,
    ) -> None:
        super().__init__(
            credentials=None if keys is None else {"subscriptionKey": list(keys)},
            default_schedule=submit_schedule or schedule_for("Succeeded"),
            clock=clock,
            **options,
        )
        self.demo_credentials: Mapping[str, str] = {"key": DEMO_KEY}
        self.documents = documents
        self.retry_after = retry_after
        self.error_retry_after = error_retry_after
        self.canceled_status = canceled_status
        self.cancelling_polls = cancelling_polls
        self.conditional_get = conditional_get
        self._clock = clock
        ext = self._extension()
        self.succeeded = frozenset(ext["succeeded"])
        self.failed = frozenset(ext["failed"])
        self.canceled = frozenset(ext["canceled"])
        self.terminal = self.succeeded | self.failed | self.canceled
        if example_batch:
            self._seed_example()

    # -- the spec -----------------------------------------------------------------------------
    def _operation(self, operation_id: str) -> dict[str, Any]:
        for item in self.spec["paths"].values():
            for op in item.values():
                if isinstance(op, dict) and op.get("operationId") == operation_id:
                    return op
        raise KeyError(operation_id)

    def _extension(self) -> dict[str, Any]:
        ext: dict[str, Any] = self._operation(_STATUS_OPERATION)["x-opstatus"]
        return ext

    def example_body(self, operation_id: str, status: int | str) -> dict[str, Any] | None:
        """The first example body the spec gives for ``status`` of ``operation_id`` (or, with
        ``operation_id=""``, of the component response named ``status``)."""
        if operation_id:
            response = self._operation(operation_id).get("responses", {}).get(str(status))
        else:
            response = {"$ref": str(status)}
        if response is None:
            return None
        if "$ref" in response:
            name = str(response["$ref"]).rsplit("/", 1)[-1]
            response = self.spec["components"]["responses"][name]
        examples = (response.get("content") or {}).get("application/json", {}).get("examples")
        if not examples:
            return None
        value: dict[str, Any] = copy.deepcopy(next(iter(examples.values()))["value"])
        return value

    def _seed_example(self) -> None:
        """The seed page's example batch: its id, Succeeded, 9 of 10 documents translated."""
        example = self.example_body(_STATUS_OPERATION, 200) or {}
        summary = example.get("summary") or {}
        op = self.create_batch(
            [str(example.get("status", "Succeeded"))],
            documents=int(summary.get("total", 10)),
            failed_documents=int(summary.get("failed", 1)),
            id=str(example.get("id", EXAMPLE_ID)),
        )
        op.fields["created"] = example.get("createdDateTimeUtc", op.fields["created"])
        charged = int(summary.get("totalCharacterCharged", 0))
        op.fields["characters"] = charged // max(
            1, op.fields["total"] - op.fields["failed_documents"]
        )

    # -- seeding (the DemoFake contract) ------------------------------------------------------
    def seed_operation(
        self,
        outcome: str,
        *,
        polls: int = 3,
        documents: int | None = None,
        failed_documents: int = 0,
    ) -> dict[str, str]:
        """A batch pending for ``polls`` polls that then ends in ``outcome``: ``succeeded``,
        ``failed``, ``canceled`` or any status value (e.g. ``ValidationFailed``, ``Cancelled``).
        Returns its reference ``{"id": ...}``."""
        final = _OUTCOMES.get(outcome.lower(), outcome)
        if final == "Canceled":
            final = self.canceled_status
        op = self.create_batch(
            schedule_for(final, polls, cancelling=self.cancelling_polls),
            documents=documents,
            failed_documents=failed_documents,
        )
        return {"id": op.id}

    def create_batch(
        self,
        schedule: Sequence[tuple[str, float | None]] | Sequence[str] | None = None,
        *,
        documents: int | None = None,
        failed_documents: int = 0,
        error: Mapping[str, Any] | None = None,
        id: str | None = None,
    ) -> FakeOperation:
        """A batch following ``schedule`` (else the submit schedule); a fresh id unless given."""
        total = self.documents if documents is None else documents
        return self.operations.create(
            id=None if id is None else str(UUID(id)),
            schedule=schedule,
            total=total,
            failed_documents=min(failed_documents, total),
            error=dict(error) if error is not None else None,
            created=_timestamp(self._clock() if self._clock else None),
        )

    # -- documents ----------------------------------------------------------------------------
    def _done(self, op: FakeOperation) -> int:
        """Documents finished by the current step of a pending batch."""
        last = len(op.schedule) - 1
        steps = [s for s, _ in op.schedule[:last]]
        running = [i for i, s in enumerate(steps) if s not in ("NotStarted", "Cancelling")]
        if op.step not in running:
            return 0
        return int(op.fields["total"]) * (running.index(op.step) + 1) // (len(running) + 1)

    def summary(self, op: FakeOperation) -> dict[str, int]:
        """The ``StatusSummary`` of a batch at its current status."""
        total = int(op.fields["total"])
        bad = int(op.fields.get("failed_documents", 0))
        status = op.status
        success = failed = in_progress = not_started = cancelled = 0
        if status in self.succeeded:
            success, failed = total - bad, bad
        elif status in self.failed:
            failed = total
        elif status in self.canceled or status == "Cancelling":
            done = op.fields.get("done_at_cancel")
            if done is None:  # seeded as canceled: stopped after its last Running poll
                runs = sum(1 for s, _ in op.schedule if s == "Running")
                done = total * runs // (runs + 1)
            done = int(done)
            failed = max(0, done - (total - bad))
            success = done - failed
            if status == "Cancelling":
                in_progress = total - done
            else:
                cancelled = total - done
        elif status == "NotStarted":
            not_started = total
        else:  # Running, or a status the fake was told to send
            done = self._done(op)
            failed = max(0, done - (total - bad))
            success = done - failed
            in_progress = min(total - done, max(1, total // 4))
            not_started = total - done - in_progress
        return {
            "total": total,
            "failed": failed,
            "success": success,
            "inProgress": in_progress,
            "notYetStarted": not_started,
            "cancelled": cancelled,
            "totalCharacterCharged": success * int(op.fields.get("characters", 1000)),
        }

    def document(self, op: FakeOperation) -> dict[str, Any]:
        """The ``TranslationStatus`` body of a batch."""
        body: dict[str, Any] = {
            "id": op.id,
            "createdDateTimeUtc": op.fields["created"],
            "lastActionDateTimeUtc": "",
            "status": op.status,
            "summary": self.summary(op),
        }
        if op.status in self.failed:
            validation = op.status == "ValidationFailed"
            error = op.fields.get("error") or {
                "code": "InvalidRequest" if validation else "InternalServerError",
                "message": "Cannot access source document location with the current permissions."
                if validation
                else "The batch failed.",
                "target": "Operation",
            }
            body["error"] = error
        # lastActionDateTimeUtc: when the status or the counts last changed (not every poll), so
        # the document, and its ETag, stay the same while nothing happens
        state = json.dumps(body, sort_keys=True)
        if op.fields.get("last_state") != state:
            op.fields["last_state"] = state
            op.fields["last_action"] = _timestamp(self._clock() if self._clock else None)
        body["lastActionDateTimeUtc"] = op.fields["last_action"]
        return body

    @staticmethod
    def etag(body: Mapping[str, Any]) -> str:
        """The (strong) entity tag of a status document."""
        digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:16]
        return f'"{digest}"'

    def _status_response(
        self, op: FakeOperation, if_none_match: str | None = None
    ) -> httpx.Response:
        """``200`` with the document, or ``304`` (no body) when ``If-None-Match`` names its
        current ETag (``*`` or a list of tags, weak or strong: RFC 9110 weak comparison)."""
        body = self.document(op)
        etag = self.etag(body)
        if self.conditional_get and if_none_match is not None and _matches(if_none_match, etag):
            return httpx.Response(304, headers={"ETag": etag})
        headers: dict[str, str] = {}
        if self.retry_after is not None:
            headers["Retry-After"] = str(self.retry_after)
        headers["ETag"] = etag
        return json_response(200, body, headers)

    # -- errors -------------------------------------------------------------------------------
    def error_response(self, status: int, message: str, request: httpx.Request) -> httpx.Response:
        """The spec's error body for ``status`` (its example for that operation and status)."""
        operation_id = {
            "POST": "startTranslation",
            "DELETE": "cancelTranslation",
        }.get(request.method.upper(), _STATUS_OPERATION)
        if status == 400 and operation_id != "startTranslation":
            body = self.example_body("", "BadRequestMalformedId")  # GET and DELETE: a bad id
        else:
            body = self.example_body(operation_id, status)
        if body is None:
            code = {
                400: "InvalidRequest",
                401: "Unauthorized",
                403: "Unauthorized",
                404: "ResourceNotFound",
                429: "RequestRateTooHigh",
                503: "ServiceUnavailable",
            }.get(status, "InternalServerError" if status >= 500 else "InvalidRequest")
            body = {"error": {"code": code, "message": message[:500], "target": "batch"}}
        elif status == 400:
            # the documented 400 body, saying what exactly was refused
            inner = body["error"].setdefault("innerError", {"code": "InvalidArgument"})
            inner["message"] = message[:500]
        headers: dict[str, str] = {}
        if status == 405:
            headers["Allow"] = self._allowed(request)
        if status in (429, 503) and self.error_retry_after is not None:
            headers["Retry-After"] = str(self.error_retry_after)
        return json_response(status, body, headers)

    def _allowed(self, request: httpx.Request) -> str:
        # TODO(core): FakeService.allowed_methods tests `route.match(path)` for truth, so a route
        # without path parameters (match `{}`) is left out: `PUT /batches` got an empty Allow.
        # Drop this once it tests `is not None`.
        path = request.url.raw_path.decode("ascii", "replace").partition("?")[0]
        rel = path.removeprefix(self.base_path) or "/"
        return ", ".join(sorted({r.method for r in self.routes if r.match(rel) is not None}))

    def _invalid_id(self, req: FakeRequest) -> httpx.Response | str:
        raw = req.param("id")
        try:
            return str(UUID(raw))
        except ValueError:
            return self.error_response(400, f"id must be a GUID, not {raw[:60]!r}", req.raw)

    # -- the operations -----------------------------------------------------------------------
    @route("startTranslation")
    def start_translation(self, req: FakeRequest) -> httpx.Response:
        body = req.json()
        op = self.create_batch(documents=self.documents * len(body["inputs"]))
        location = str(req.raw.url.copy_with(query=None)).rstrip("/") + "/" + op.id
        return httpx.Response(202, headers={"Operation-Location": location})

    @route(_STATUS_OPERATION)
    def get_translation_status(self, req: FakeRequest) -> httpx.Response:
        op_id = self._invalid_id(req)
        if isinstance(op_id, httpx.Response):
            return op_id
        op = self.operations.poll(op_id)
        if op is None:
            return self.not_found(req, f"No batch {op_id}.")
        return self._status_response(op, req.headers.get("If-None-Match"))

    @route("cancelTranslation")
    def cancel_translation(self, req: FakeRequest) -> httpx.Response:
        op_id = self._invalid_id(req)
        if isinstance(op_id, httpx.Response):
            return op_id
        with self.lock:
            op = self.operations.get(op_id)
            if op is None:
                return self.not_found(req, f"No batch {op_id}.")
            if op.status in self.terminal or op.status == "Cancelling":
                body = self.example_body("cancelTranslation", 400)
                return json_response(400, body)
            op.fields["done_at_cancel"] = self.summary(op)["success"] + self.summary(op)["failed"]
            steps: list[tuple[str, float | None]] = []
            if self.cancelling_polls > 0:
                steps.append(("Cancelling", self.cancelling_polls))
            steps.append((self.canceled_status, None))
            op.schedule = parse_schedule(steps)
            op.pinned = None
            op.polls = 0
            if self._clock is not None:
                op.created_at = self._clock()
            return json_response(200, self.document(op))
