from enum import StrEnum


class StorageSource(StrEnum):
    AZUREBLOB = "AzureBlob"

    def __str__(self) -> str:
        return str(self.value)
