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

Every operation of the spec is served, under every API version's route at once
(``/translator/document`` with ``api-version=2026-03-01`` or ``2024-05-01``,
``/translator/text/batch/v1.0`` and ``/translator/text/batch/v1.0-preview.1``; ``base_url`` is
the first, ``endpoint`` the bare host to give a client with ``api_version=``): ``POST /batches``
creates a batch (``202`` with ``Operation-Location``, which carries ``api-version`` on the
``document`` route, as the status URL a poller follows) whose documents advance poll by poll
(the ``summary`` counts move), ``GET /batches/{id}`` reports it (``200`` with ``Retry-After``
and ``ETag``), ``GET /batches`` lists the batches, ``GET /batches/{id}/documents[/{documentId}]``
the documents (paged: ``nextLink``, or ``@nextLink`` on the v1.0 routes), the formats
operations the supported formats, and ``DELETE /batches/{id}`` moves a running batch to
``Cancelling`` and then ``Canceled`` (``400`` once it ended or is already cancelling). Errors are
the spec's nested error bodies (its examples) with the documented status codes: ``400`` where an
operation documents it (malformed body, id or query), ``404`` for a malformed request to one
that does not (``getTranslationStatus``, ``getDocumentStatus``: a malformed id names no batch),
``401`` (missing or wrong key), ``404`` (unknown batch or document), and ``429``/``500``/``503``
when injected (``Retry-After`` on 429/503).

Lenient where the service is not documented: a request on the ``document`` route without
``api-version`` is served as the newest version (the service requires it; every SDK request
sends it, which its tests check), and the formats operations of every version are served on
every route. Every request is validated against the spec; faults come from
:mod:`opstatus_core.testing`. Serve it on loopback with ``opstatus_core.testing.serve(fake)``.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode
from uuid import UUID, uuid5

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


_OUTCOMES = {"succeeded": "Succeeded", "failed": "Failed", "canceled": "Canceled"}

_STATUS_OPERATION = "getTranslationStatus"
#: operations whose malformed requests get the documented 400 (the others document none: 404)
_WITH_400 = frozenset(
    {
        "startTranslation",
        "cancelTranslation",
        "listTranslations",
        "listDocumentStatuses",
        "getSupportedDocumentFormats",
        "getSupportedGlossaryFormats",
        "getSupportedFormats",
    }
)
#: a fixed namespace for the documents' ids (uuid5 of the batch id and the document's index)
_DOCUMENTS = UUID("5b0ff5f6-9d64-4a37-9c8e-2f4b8e1a6c3d")
#: the service's default page size ($maxpagesize, [rest-spec]: default 50, at most 100)
PAGE_SIZE = 50
#: the formats the fake lists (names, extensions and content types as the service's format list)
FORMATS: tuple[dict[str, Any], ...] = (
    {
        "format": "PlainText",
        "fileExtensions": [".txt"],
        "contentTypes": ["text/plain"],
        "versions": [],
        "type": "Document",
    },
    {
        "format": "HTML",
        "fileExtensions": [".html", ".htm"],
        "contentTypes": ["text/html"],
        "versions": [],
        "type": "Document",
    },
    {
        "format": "Word",
        "fileExtensions": [".docx"],
        "contentTypes": ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
        "versions": [],
        "type": "Document",
    },
    {
        "format": "XLIFF",
        "fileExtensions": [".xlf"],
        "contentTypes": ["application/xliff+xml"],
        "defaultVersion": "1.2",
        "versions": ["1.0", "1.1", "1.2"],
        "type": "Glossary",
    },
    {
        "format": "TSV",
        "fileExtensions": [".tsv", ".tab"],
        "contentTypes": ["text/tab-separated-values"],
        "versions": [],
        "type": "Glossary",
    },
)


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
    spelling) or ``Cancelled`` (the service's). Other keywords go to ``FakeService``
    (``clock``, ``validate_responses``, ``id_factory``, ...).
    """

    name = "doc-translation"
    spec_source = "opstatus_doc_translation"

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
        self._clock = clock
        ext = self._extension()
        self.succeeded = frozenset(ext["succeeded"])
        self.failed = frozenset(ext["failed"])
        self.canceled = frozenset(ext["canceled"])
        self.terminal = self.succeeded | self.failed | self.canceled
        server = self.spec["servers"][0]
        host = self.base_path.removesuffix("/" + str(server["variables"]["route"]["default"]))
        #: every API version's base path, longest first (``/translator/document``, ...)
        self.route_bases: tuple[str, ...] = tuple(
            sorted(
                (f"{host}/{route}" for route in server["variables"]["route"]["enum"]),
                key=len,
                reverse=True,
            )
        )
        #: the newest dated API version (served when ``api-version`` is missing)
        self.default_api_version = max(self.spec["components"]["schemas"]["ApiVersion"]["enum"])
        if example_batch:
            self._seed_example()

    @property
    def endpoint(self) -> str:
        """The in-process endpoint without a route (give it to a client with ``api_version=``)."""
        return (
            self.base_url.removesuffix(self.base_path)
            + self.route_bases[-1].rsplit("/translator", 1)[0]
        )

    def _split(self, request: httpx.Request) -> tuple[str | None, str]:
        # TODO(core): FakeService has one base path; this fake answers under every API
        # version's route, so the route is cut off here (validation still uses the spec's own
        # server, and the handlers read the route from the request's path).
        raw = request.url.raw_path.decode("ascii", "replace")
        path, _, query = raw.partition("?")
        for base in self.route_bases:
            if path == base:
                return "/", query
            if path.startswith(base + "/"):
                return path[len(base) :], query
        return None, query

    def route_of(self, request: httpx.Request) -> str:
        """The route (base path) a request came in on."""
        path = request.url.path
        return next((b for b in self.route_bases if path.startswith(b + "/")), self.base_path)

    def api_version_of(self, request: httpx.Request) -> str | None:
        """The dated API version of a request on the ``document`` route (else ``None``)."""
        if not self.route_of(request).endswith("/document"):
            return None
        return str(request.url.params.get("api-version") or self.default_api_version)

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
        inputs: Sequence[Mapping[str, Any]] | None = None,
    ) -> FakeOperation:
        """A batch following ``schedule`` (else the submit schedule); a fresh id unless given.
        ``inputs``: the submission's ``inputs`` (where the documents' paths come from)."""
        total = self.documents if documents is None else documents
        return self.operations.create(
            id=None if id is None else str(UUID(id)),
            schedule=schedule,
            total=total,
            failed_documents=min(failed_documents, total),
            error=dict(error) if error is not None else None,
            created=_timestamp(self._clock() if self._clock else None),
            inputs=[dict(i) for i in inputs] if inputs else batch_request()["inputs"],
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

    def document_statuses(self, op: FakeOperation) -> list[dict[str, Any]]:
        """The ``DocumentStatus`` of each document of a batch, in the order of its ``summary``
        counts: succeeded, failed, running, not started, cancelled."""
        summary = self.summary(op)
        statuses = (
            ["Succeeded"] * summary["success"]
            + ["Failed"] * summary["failed"]
            + ["Running"] * summary["inProgress"]
            + ["NotStarted"] * summary["notYetStarted"]
            + ["Cancelled"] * summary["cancelled"]
        )
        inputs = op.fields["inputs"]
        per_input = max(1, -(-len(statuses) // max(1, len(inputs))))
        characters = int(op.fields.get("characters", 1000))
        created = str(op.fields["created"])
        changed = str(op.fields.get("last_action") or created)
        out: list[dict[str, Any]] = []
        for index, status in enumerate(statuses):
            source = inputs[min(index // per_input, len(inputs) - 1)]
            target = (source.get("targets") or [{}])[0]
            name = f"document-{index + 1}.txt"
            item: dict[str, Any] = {
                "id": str(uuid5(_DOCUMENTS, f"{op.id}/{index}")),
                "sourcePath": f"{str(source['source']['sourceUrl']).split('?')[0]}/{name}",
                "createdDateTimeUtc": created,
                "lastActionDateTimeUtc": changed if status != "NotStarted" else created,
                "status": status,
                "to": str(target.get("language", "fr")),
                "progress": {"Succeeded": 1, "Failed": 1, "Running": 0.5}.get(status, 0),
                "characterCharged": characters if status == "Succeeded" else 0,
            }
            if status in ("Succeeded", "Running"):
                item["path"] = f"{str(target.get('targetUrl', '')).split('?')[0]}/{name}"
            if status == "Failed":
                item["error"] = {
                    "code": "InvalidRequest",
                    "message": "The document could not be translated.",
                    "target": "document",
                }
            out.append(item)
        return out

    @staticmethod
    def etag(body: Mapping[str, Any]) -> str:
        """The (strong) entity tag of a status document."""
        digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:16]
        return f'"{digest}"'

    def _status_response(self, op: FakeOperation) -> httpx.Response:
        """``200`` with the document, ``Retry-After`` (when set) and its ``ETag``."""
        body = self.document(op)
        headers: dict[str, str] = {}
        if self.retry_after is not None:
            headers["Retry-After"] = str(self.retry_after)
        headers["ETag"] = self.etag(body)
        return json_response(200, body, headers)

    def _page(
        self, req: FakeRequest, items: list[dict[str, Any]], statuses_param: str | None
    ) -> httpx.Response:
        """One page of ``items`` ($skip, $top, $maxpagesize, statuses) with its next link."""
        if statuses_param:
            wanted = {s.strip().lower() for s in statuses_param.split(",") if s.strip()}
            items = [i for i in items if str(i["status"]).lower() in wanted]
        skip = int(req.query_one("$skip") or 0)
        top = req.query_one("$top")
        size = int(req.query_one("$maxpagesize") or PAGE_SIZE)
        end = len(items) if top is None else min(len(items), int(top))
        page = items[skip : min(end, skip + size)]
        body: dict[str, Any] = {"value": page}
        if skip + size < end:
            query: dict[str, str] = {"$skip": str(skip + size), "$maxpagesize": str(size)}
            if top is not None:
                query["$top"] = top
            if statuses_param:
                query["statuses"] = statuses_param
            version = self.api_version_of(req.raw)
            if version is not None:
                query["api-version"] = version
            link = str(req.raw.url.copy_with(query=urlencode(query).encode()))
            body["nextLink" if version is not None else "@nextLink"] = link
        headers = {"Retry-After": str(self.retry_after)} if self.retry_after is not None else {}
        return json_response(200, body, headers)

    # -- errors -------------------------------------------------------------------------------
    def error_response(self, status: int, message: str, request: httpx.Request) -> httpx.Response:
        """The spec's error body for ``status`` (its example for that operation and status)."""
        operation_id = self._operation_at(request)
        if status == 400 and operation_id not in _WITH_400:
            # a malformed request to an operation that documents no 400: it names no resource
            status = 404
        if status == 400 and operation_id != "startTranslation":
            body = self.example_body("", "BadRequest")
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
            # the documented 400 body, its inner error saying what exactly was refused
            body["error"]["innerError"] = {"code": "InvalidArgument", "message": message[:500]}
        headers: dict[str, str] = {}
        if status == 405:
            headers["Allow"] = self._allowed(request)
        if status in (429, 503) and self.error_retry_after is not None:
            headers["Retry-After"] = str(self.error_retry_after)
        return json_response(status, body, headers)

    def _operation_at(self, request: httpx.Request) -> str:
        """The operationId a request is for (by method and path; the status call if none)."""
        rel = self._split(request)[0]
        if rel is not None:
            for r in self.routes:
                if r.method == request.method.upper() and r.match(rel) is not None:
                    return str(r.operation_id)
        return _STATUS_OPERATION

    def _allowed(self, request: httpx.Request) -> str:
        # TODO(core): FakeService.allowed_methods tests `route.match(path)` for truth, so a route
        # without path parameters (match `{}`) is left out: `PUT /batches` got an empty Allow.
        # Drop this once it tests `is not None`.
        rel = self._split(request)[0] or "/"
        return ", ".join(sorted({r.method for r in self.routes if r.match(rel) is not None}))

    def _invalid_id(self, req: FakeRequest) -> httpx.Response | str:
        raw = req.param("id")
        try:
            return str(UUID(raw))
        except ValueError:
            return self.error_response(400, f"id must be a GUID, not {raw[:60]!r}", req.raw)

    def _batch(self, req: FakeRequest) -> FakeOperation | httpx.Response:
        """The batch the path's id names (to be called under the lock), or the 400 or 404."""
        op_id = self._invalid_id(req)
        if isinstance(op_id, httpx.Response):
            return op_id
        op = self.operations.get(op_id)
        return op if op is not None else self.not_found(req, f"No batch {op_id}.")

    # -- the operations -----------------------------------------------------------------------
    @route("startTranslation")
    def start_translation(self, req: FakeRequest) -> httpx.Response:
        body = req.json()
        op = self.create_batch(
            documents=self.documents * len(body["inputs"]), inputs=body["inputs"]
        )
        location = str(req.raw.url.copy_with(query=None)).rstrip("/") + "/" + op.id
        version = self.api_version_of(req.raw)
        if version is not None:
            location += "?" + urlencode({"api-version": version})
        return httpx.Response(202, headers={"Operation-Location": location})

    @route("listTranslations")
    def list_translations(self, req: FakeRequest) -> httpx.Response:
        with self.lock:
            ops = sorted(self.operations, key=lambda o: str(o.fields["created"]), reverse=True)
            items = [self.document(op) for op in ops]
        return self._page(req, items, req.query_one("statuses"))

    @route("listDocumentStatuses")
    def list_document_statuses(self, req: FakeRequest) -> httpx.Response:
        with self.lock:
            op = self._batch(req)
            if isinstance(op, httpx.Response):
                return op
            items = self.document_statuses(op)
        return self._page(req, items, req.query_one("statuses"))

    @route("getDocumentStatus")
    def get_document_status(self, req: FakeRequest) -> httpx.Response:
        op_id = self._invalid_id(req)
        if isinstance(op_id, httpx.Response):
            return op_id
        with self.lock:
            op = self.operations.get(op_id)
            wanted = req.param("documentId").lower()
            found = [d for d in self.document_statuses(op) if d["id"] == wanted] if op else []
        if not found:
            return self.not_found(req, f"No document {wanted[:60]} in batch {op_id}.")
        body = found[0]
        headers = {"ETag": self.etag(body)}
        if self.retry_after is not None:
            headers["Retry-After"] = str(self.retry_after)
        return json_response(200, body, headers)

    def _formats(self, kind: str) -> httpx.Response:
        return json_response(200, {"value": [dict(f) for f in FORMATS if f["type"] == kind]})

    @route("getSupportedDocumentFormats")
    def get_supported_document_formats(self, req: FakeRequest) -> httpx.Response:
        return self._formats("Document")

    @route("getSupportedGlossaryFormats")
    def get_supported_glossary_formats(self, req: FakeRequest) -> httpx.Response:
        return self._formats("Glossary")

    @route("getSupportedFormats")
    def get_supported_formats(self, req: FakeRequest) -> httpx.Response:
        return self._formats((req.query_one("type") or "document").title())

    @route(_STATUS_OPERATION)
    def get_translation_status(self, req: FakeRequest) -> httpx.Response:
        op_id = self._invalid_id(req)
        if isinstance(op_id, httpx.Response):
            return op_id
        op = self.operations.poll(op_id)
        if op is None:
            return self.not_found(req, f"No batch {op_id}.")
        return self._status_response(op)

    @route("cancelTranslation")
    def cancel_translation(self, req: FakeRequest) -> httpx.Response:
        with self.lock:
            op = self._batch(req)
            if isinstance(op, httpx.Response):
                return op
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
