"""One polling engine for long-running operations, shared by every opstatus SDK.

Import cost is kept low: ``yaml`` is imported only when a spec is loaded, ``asyncio`` only by
async code paths.
"""

from ._interpret import StatusResponse
from ._tracker import Hooks, Outcome, Snapshot, StatusEvent
from ._transport import DEFAULT_MAX_RESPONSE_BYTES
from .client import (
    ApiKeyHeader,
    AsyncStatusClient,
    Auth,
    BasicCredentials,
    BatchSupport,
    BearerToken,
    ClientBase,
    Provider,
    Reference,
    StatusClient,
)
from .clock import Clock, FakeClock, SystemClock
from .engine import Machine, chunk_by_budget, query_cost
from .errors import (
    ApiError,
    AuthenticationError,
    CredentialsRefused,
    InsecureTransportWarning,
    InvalidContinuationToken,
    InvalidOperationReference,
    InvalidSpec,
    MalformedResponse,
    OperationCanceled,
    OperationFailed,
    OperationIdMismatch,
    OperationNotFound,
    OpstatusError,
    ResponseTooLarge,
    TransientRetriesExhausted,
    UnknownStatusWarning,
    WaitError,
    WaitTimeout,
)
from .plugin import Credential, DemoFake, Plugin
from .policy import PollPolicy, parse_retry_after
from .poller import AsyncPoller, Poller, ProgressCallback, async_wait_many, wait_many
from .rule import Classification, ExpectedDuration, PollingRule, load_rule, load_spec
from .secret import ConfigurationError, Secret, env_secret, env_value, tls_verify
from .token import ContinuationState, decode_token, encode_token

__all__ = [
    "DEFAULT_MAX_RESPONSE_BYTES",
    "ApiError",
    "ApiKeyHeader",
    "AsyncPoller",
    "AsyncStatusClient",
    "Auth",
    "AuthenticationError",
    "BasicCredentials",
    "BatchSupport",
    "BearerToken",
    "Classification",
    "ClientBase",
    "Clock",
    "ConfigurationError",
    "ContinuationState",
    "Credential",
    "CredentialsRefused",
    "DemoFake",
    "ExpectedDuration",
    "FakeClock",
    "Hooks",
    "InsecureTransportWarning",
    "InvalidContinuationToken",
    "InvalidOperationReference",
    "InvalidSpec",
    "Machine",
    "MalformedResponse",
    "OperationCanceled",
    "OperationFailed",
    "OperationIdMismatch",
    "OperationNotFound",
    "OpstatusError",
    "Outcome",
    "Plugin",
    "PollPolicy",
    "Poller",
    "PollingRule",
    "ProgressCallback",
    "Provider",
    "Reference",
    "ResponseTooLarge",
    "Secret",
    "Snapshot",
    "StatusClient",
    "StatusEvent",
    "StatusResponse",
    "SystemClock",
    "TransientRetriesExhausted",
    "UnknownStatusWarning",
    "WaitError",
    "WaitTimeout",
    "async_wait_many",
    "chunk_by_budget",
    "decode_token",
    "encode_token",
    "env_secret",
    "env_value",
    "load_rule",
    "load_spec",
    "parse_retry_after",
    "query_cost",
    "tls_verify",
    "wait_many",
]
