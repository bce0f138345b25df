"""What every provider SDK re-exports from core, one list for all five: its users catch errors
and read outcomes through the SDK they installed (``from opstatus_lcs_dbmovement import
WaitTimeout``), and every SDK offers the same names. An SDK's ``__init__`` does
``from opstatus_core.sdk import *`` and adds ``*opstatus_core.sdk.__all__`` to its own."""

from ._policy import PollPolicy
from ._poller import AsyncPoller, Poller
from ._secret import ConfigurationError, Secret
from ._tracker import Outcome, Snapshot
from .errors import (
    ApiError,
    AuthenticationError,
    InsecureTransportWarning,
    InvalidContinuationToken,
    InvalidOperationReference,
    MalformedResponse,
    OperationCanceled,
    OperationFailed,
    OperationIdMismatch,
    OperationNotFound,
    OpstatusError,
    TransientRetriesExhausted,
    UnknownStatusWarning,
    WaitError,
    WaitTimeout,
)

__all__ = [
    "ApiError",
    "AsyncPoller",
    "AuthenticationError",
    "ConfigurationError",
    "InsecureTransportWarning",
    "InvalidContinuationToken",
    "InvalidOperationReference",
    "MalformedResponse",
    "OperationCanceled",
    "OperationFailed",
    "OperationIdMismatch",
    "OperationNotFound",
    "OpstatusError",
    "Outcome",
    "PollPolicy",
    "Poller",
    "Secret",
    "Snapshot",
    "TransientRetriesExhausted",
    "UnknownStatusWarning",
    "WaitError",
    "WaitTimeout",
]
