from enum import StrEnum


class KnownMigrationStatus(StrEnum):
    COMPLETED = "Completed"
    FAILED = "Failed"
    MIGRATING = "Migrating"
    STARTED = "Started"

    def __str__(self) -> str:
        return str(self.value)
