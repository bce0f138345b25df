"""Contains all the data models used in inputs/outputs"""

from .database_movement_response import DatabaseMovementResponse
from .get_operation_status_x_ms_version import GetOperationStatusXMsVersion
from .known_operation_status import KnownOperationStatus
from .operation_status_response import OperationStatusResponse

__all__ = (
    "DatabaseMovementResponse",
    "GetOperationStatusXMsVersion",
    "KnownOperationStatus",
    "OperationStatusResponse",
)
