from enum import StrEnum


class MigrationStatusType(StrEnum):
    COMPLETED = "Completed"
    FAILED = "Failed"
    STARTED = "Started"

    def __str__(self) -> str:
        return str(self.value)
