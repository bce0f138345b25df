"""Contains all the data models used in inputs/outputs"""

from .error_response import ErrorResponse
from .error_response_model_state import ErrorResponseModelState
from .known_operation_status import KnownOperationStatus
from .login_request import LoginRequest
from .login_response import LoginResponse
from .operation_status_response import OperationStatusResponse

__all__ = (
    "ErrorResponse",
    "ErrorResponseModelState",
    "KnownOperationStatus",
    "LoginRequest",
    "LoginResponse",
    "OperationStatusResponse",
)
