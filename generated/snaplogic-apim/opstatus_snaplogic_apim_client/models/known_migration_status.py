from enum import StrEnum


class KnownMigrationStatus(StrEnum):
    COMPLETED = "Completed"
    FAILED = "Failed"
    MIGRATING = "Migrating"
    NOT_FOUND = "Not Found"
    STARTED = "Started"

    def __str__(self) -> str:
        return str(self.value)
