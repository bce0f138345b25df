"""Contains all the data models used in inputs/outputs"""

from .database_movement_response import DatabaseMovementResponse
from .known_operation_status import KnownOperationStatus
from .operation_status_response import OperationStatusResponse

__all__ = (
    "DatabaseMovementResponse",
    "KnownOperationStatus",
    "OperationStatusResponse",
)
