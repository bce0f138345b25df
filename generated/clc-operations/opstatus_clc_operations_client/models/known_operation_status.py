from enum import StrEnum


class KnownOperationStatus(StrEnum):
    EXECUTING = "executing"
    FAILED = "failed"
    NOTSTARTED = "notStarted"
    RESUMED = "resumed"
    SUCCEEDED = "succeeded"
    UNKNOWN = "unknown"

    def __str__(self) -> str:
        return str(self.value)
