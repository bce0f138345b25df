from enum import StrEnum


class KnownStorageInputType(StrEnum):
    FILE = "File"
    FOLDER = "Folder"

    def __str__(self) -> str:
        return str(self.value)
