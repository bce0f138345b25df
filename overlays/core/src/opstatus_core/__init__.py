"""One polling engine for long-running operations, shared by every opstatus SDK.

This namespace is for writing an SDK on core; what an SDK's *users* see is
:mod:`opstatus_core.sdk`, which each SDK re-exports (the other public modules: README.md).
``yaml``, ``asyncio`` and ``httpcore`` are imported only when used (tests/core/test_imports.py).
"""

from ._auth import ApiKeyHeader, BasicCredentials, BearerToken, LoginBearer, bearer_or_basic
from ._client import AsyncStatusClient, ClientBase, Reference, StatusClient
from ._clock import FakeClock
from ._engine import query_cost
from ._interpret import StatusResponse
from ._policy import PollPolicy
from ._poller import ProgressCallback
from ._provider import BatchSupport, Provider, default_policy
from ._reference import OperationReference, parse_guid
from ._rule import Classification, load_rule, load_spec
from ._secret import Secret, env_secret, env_value, secret_or_env
from ._tracker import Hooks, StatusEvent

__all__ = [
    "ApiKeyHeader",
    "AsyncStatusClient",
    "BasicCredentials",
    "BatchSupport",
    "BearerToken",
    "Classification",
    "ClientBase",
    "FakeClock",
    "Hooks",
    "LoginBearer",
    "OperationReference",
    "PollPolicy",
    "ProgressCallback",
    "Provider",
    "Reference",
    "Secret",
    "StatusClient",
    "StatusEvent",
    "StatusResponse",
    "bearer_or_basic",
    "default_policy",
    "env_secret",
    "env_value",
    "load_rule",
    "load_spec",
    "parse_guid",
    "query_cost",
    "secret_or_env",
]
