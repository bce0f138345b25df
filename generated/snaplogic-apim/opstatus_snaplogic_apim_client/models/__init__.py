"""Contains all the data models used in inputs/outputs"""

from .error_response import ErrorResponse
from .error_response_response_map import ErrorResponseResponseMap
from .known_migration_status import KnownMigrationStatus
from .migrate_asset import MigrateAsset
from .migration_records_by_status_type_response import MigrationRecordsByStatusTypeResponse
from .migration_records_by_status_type_response_response_map import MigrationRecordsByStatusTypeResponseResponseMap
from .migration_status_by_token_response import MigrationStatusByTokenResponse
from .migration_status_by_token_response_response_map import MigrationStatusByTokenResponseResponseMap
from .migration_status_document import MigrationStatusDocument
from .migration_status_type import MigrationStatusType
from .migration_token_not_found import MigrationTokenNotFound
from .policy_config import PolicyConfig
from .service_config import ServiceConfig
from .service_migration_request import ServiceMigrationRequest
from .service_migration_response import ServiceMigrationResponse
from .service_migration_response_response_map import ServiceMigrationResponseResponseMap

__all__ = (
    "ErrorResponse",
    "ErrorResponseResponseMap",
    "KnownMigrationStatus",
    "MigrateAsset",
    "MigrationRecordsByStatusTypeResponse",
    "MigrationRecordsByStatusTypeResponseResponseMap",
    "MigrationStatusByTokenResponse",
    "MigrationStatusByTokenResponseResponseMap",
    "MigrationStatusDocument",
    "MigrationStatusType",
    "MigrationTokenNotFound",
    "PolicyConfig",
    "ServiceConfig",
    "ServiceMigrationRequest",
    "ServiceMigrationResponse",
    "ServiceMigrationResponseResponseMap",
)
