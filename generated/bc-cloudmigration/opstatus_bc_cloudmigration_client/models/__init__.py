"""Contains all the data models used in inputs/outputs"""

from .cloud_migration_status import CloudMigrationStatus
from .cloud_migration_status_collection import CloudMigrationStatusCollection
from .cloud_migration_status_detail import CloudMigrationStatusDetail
from .cloud_migration_status_detail_collection import CloudMigrationStatusDetailCollection
from .known_cloud_migration_status import KnownCloudMigrationStatus
from .known_cloud_migration_status_detail_status import KnownCloudMigrationStatusDetailStatus
from .o_data_error import ODataError
from .o_data_error_detail import ODataErrorDetail
from .o_data_schema_version import ODataSchemaVersion

__all__ = (
    "CloudMigrationStatus",
    "CloudMigrationStatusCollection",
    "CloudMigrationStatusDetail",
    "CloudMigrationStatusDetailCollection",
    "KnownCloudMigrationStatus",
    "KnownCloudMigrationStatusDetailStatus",
    "ODataError",
    "ODataErrorDetail",
    "ODataSchemaVersion",
)
