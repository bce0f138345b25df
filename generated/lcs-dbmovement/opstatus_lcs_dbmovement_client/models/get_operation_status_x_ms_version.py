from enum import StrEnum


class GetOperationStatusXMsVersion(StrEnum):
    V2017_09_15 = "2017-09-15"

    def __str__(self) -> str:
        return str(self.value)
