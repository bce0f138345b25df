from enum import StrEnum


class KnownCloudMigrationStatusDetailStatus(StrEnum):
    FAILED = "Failed"
    IN_PROGRESS = "InProgress"
    IN_PROGRESS_CAPTION = "In Progress"
    NOT_STARTED = "NotStarted"
    NOT_STARTED_CAPTION = "Not Started"
    SUCCESSFUL = "Successful"
    WARNING = "Warning"

    def __str__(self) -> str:
        return str(self.value)
