from enum import StrEnum


class FileFormatType(StrEnum):
    DOCUMENT = "document"
    GLOSSARY = "glossary"

    def __str__(self) -> str:
        return str(self.value)
