from enum import StrEnum


class KnownOperationStatus(StrEnum):
    ABORTED = "Aborted"
    COMPLETED = "Completed"
    FAILED = "Failed"
    IN_PROGRESS = "InProgress"
    NOT_STARTED = "NotStarted"
    ROLLBACK_COMPLETED = "RollbackCompleted"
    ROLLBACK_FAILED = "RollbackFailed"
    ROLLBACK_IN_PROGRESS = "RollbackInProgress"
    SIGNED_OFF = "SignedOff"

    def __str__(self) -> str:
        return str(self.value)
