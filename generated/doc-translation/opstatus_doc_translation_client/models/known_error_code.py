from enum import StrEnum


class KnownErrorCode(StrEnum):
    INTERNALSERVERERROR = "InternalServerError"
    INVALIDARGUMENT = "InvalidArgument"
    INVALIDREQUEST = "InvalidRequest"
    REQUESTRATETOOHIGH = "RequestRateTooHigh"
    RESOURCENOTFOUND = "ResourceNotFound"
    SERVICEUNAVAILABLE = "ServiceUnavailable"
    UNAUTHORIZED = "Unauthorized"

    def __str__(self) -> str:
        return str(self.value)
