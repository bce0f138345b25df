from enum import StrEnum


class ApiVersion(StrEnum):
    VALUE_0 = "2026-03-01"
    VALUE_1 = "2024-05-01"

    def __str__(self) -> str:
        return str(self.value)
