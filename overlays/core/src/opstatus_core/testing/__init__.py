"""Shared machinery for the provider fakes (the ``testing`` extra of opstatus-core).

Each provider SDK builds its fake on ``FakeService``: the fake answers as the provider's page
describes, runs in-process (``fake.transport()``, ``fake.client()``, ``fake.async_client()``) or
on loopback (``with serve(fake) as server: server.base_url``), validates every request against
the provider's spec (``fake.requests``, ``fake.assert_requests_valid()``) and injects faults
(``fake.inject(Fault.http_error(503, retry_after=2))``, ``fake.faults.randomize(...)``).

Server-side only: nothing here imports the polling engine. Specs, JSON pointers and the
``x-opstatus`` pointers come from core's rule module (``load_spec``, ``resolve_pointer``,
``PollingRule``), so a fake reads its spec exactly as the SDK does.
"""

from __future__ import annotations

try:
    import openapi_core as _openapi_core  # noqa: F401
    import uvicorn as _uvicorn  # noqa: F401
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "opstatus_core.testing needs the testing extra: pip install 'opstatus-core[testing]'"
    ) from exc

from .faults import (
    Fault,
    FaultContext,
    FaultKind,
    FaultPlan,
    InjectedFault,
    pointer_remove,
    pointer_set,
)
from .loopback import LoopbackServer, check_loopback, serve, serve_forever
from .operations import FakeOperation, OperationStore, parse_schedule
from .service import (
    REDACTED,
    FakeRequest,
    FakeService,
    RecordedRequest,
    Route,
    json_response,
    redact_body,
    route,
)
from .transport import FakeResult, FakeTransport

__all__ = [
    "REDACTED",
    "FakeOperation",
    "FakeRequest",
    "FakeResult",
    "FakeService",
    "FakeTransport",
    "Fault",
    "FaultContext",
    "FaultKind",
    "FaultPlan",
    "InjectedFault",
    "LoopbackServer",
    "OperationStore",
    "RecordedRequest",
    "Route",
    "check_loopback",
    "json_response",
    "parse_schedule",
    "pointer_remove",
    "pointer_set",
    "redact_body",
    "route",
    "serve",
    "serve_forever",
]
