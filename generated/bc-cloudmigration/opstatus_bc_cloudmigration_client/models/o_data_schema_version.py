from enum import StrEnum


class ODataSchemaVersion(StrEnum):
    V1_0 = "1.0"
    V2_0 = "2.0"

    def __str__(self) -> str:
        return str(self.value)
