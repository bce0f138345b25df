"""Contains all the data models used in inputs/outputs"""

from .error_response import ErrorResponse
from .error_response_response_map import ErrorResponseResponseMap
from .known_migration_status import KnownMigrationStatus
from .migration_record import MigrationRecord
from .migration_records_by_status_type_response import MigrationRecordsByStatusTypeResponse
from .migration_records_by_status_type_response_response_map import MigrationRecordsByStatusTypeResponseResponseMap
from .migration_status_by_token_response import MigrationStatusByTokenResponse
from .migration_status_by_token_response_response_map import MigrationStatusByTokenResponseResponseMap
from .migration_status_document import MigrationStatusDocument
from .migration_status_type import MigrationStatusType
from .migration_token_not_found import MigrationTokenNotFound

__all__ = (
    "ErrorResponse",
    "ErrorResponseResponseMap",
    "KnownMigrationStatus",
    "MigrationRecord",
    "MigrationRecordsByStatusTypeResponse",
    "MigrationRecordsByStatusTypeResponseResponseMap",
    "MigrationStatusByTokenResponse",
    "MigrationStatusByTokenResponseResponseMap",
    "MigrationStatusDocument",
    "MigrationStatusType",
    "MigrationTokenNotFound",
)
