from enum import StrEnum


class KnownStorageSource(StrEnum):
    AZUREBLOB = "AzureBlob"

    def __str__(self) -> str:
        return str(self.value)
