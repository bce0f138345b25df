"""Contains all the data models used in inputs/outputs"""

from .api_version import ApiVersion
from .batch_request import BatchRequest
from .batch_submission_request import BatchSubmissionRequest
from .document_filter import DocumentFilter
from .document_status import DocumentStatus
from .document_status_list import DocumentStatusList
from .error_response import ErrorResponse
from .file_format import FileFormat
from .file_format_list import FileFormatList
from .glossary import Glossary
from .inner_error import InnerError
from .inner_error_details import InnerErrorDetails
from .known_error_code import KnownErrorCode
from .known_storage_input_type import KnownStorageInputType
from .known_storage_source import KnownStorageSource
from .known_translation_status import KnownTranslationStatus
from .source_input import SourceInput
from .status_summary import StatusSummary
from .target_input import TargetInput
from .translation_error import TranslationError
from .translation_status import TranslationStatus
from .translation_status_list import TranslationStatusList

__all__ = (
    "ApiVersion",
    "BatchRequest",
    "BatchSubmissionRequest",
    "DocumentFilter",
    "DocumentStatus",
    "DocumentStatusList",
    "ErrorResponse",
    "FileFormat",
    "FileFormatList",
    "Glossary",
    "InnerError",
    "InnerErrorDetails",
    "KnownErrorCode",
    "KnownStorageInputType",
    "KnownStorageSource",
    "KnownTranslationStatus",
    "SourceInput",
    "StatusSummary",
    "TargetInput",
    "TranslationError",
    "TranslationStatus",
    "TranslationStatusList",
)
