from enum import StrEnum


class KnownTranslationStatus(StrEnum):
    CANCELED = "Canceled"
    CANCELLED = "Cancelled"
    CANCELLING = "Cancelling"
    FAILED = "Failed"
    NOTSTARTED = "NotStarted"
    RUNNING = "Running"
    SUCCEEDED = "Succeeded"
    VALIDATIONFAILED = "ValidationFailed"

    def __str__(self) -> str:
        return str(self.value)
