"""Contains all the data models used in inputs/outputs"""

from .batch_request import BatchRequest
from .batch_submission_request import BatchSubmissionRequest
from .document_filter import DocumentFilter
from .error_response import ErrorResponse
from .glossary import Glossary
from .inner_error import InnerError
from .inner_error_details import InnerErrorDetails
from .known_error_code import KnownErrorCode
from .known_translation_status import KnownTranslationStatus
from .source_input import SourceInput
from .status_summary import StatusSummary
from .storage_input_type import StorageInputType
from .storage_source import StorageSource
from .target_input import TargetInput
from .translation_error import TranslationError
from .translation_status import TranslationStatus

__all__ = (
    "BatchRequest",
    "BatchSubmissionRequest",
    "DocumentFilter",
    "ErrorResponse",
    "Glossary",
    "InnerError",
    "InnerErrorDetails",
    "KnownErrorCode",
    "KnownTranslationStatus",
    "SourceInput",
    "StatusSummary",
    "StorageInputType",
    "StorageSource",
    "TargetInput",
    "TranslationError",
    "TranslationStatus",
)
