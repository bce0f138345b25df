from enum import StrEnum


class FileFormatType(StrEnum):
    DOCUMENT = "Document"
    GLOSSARY = "Glossary"

    def __str__(self) -> str:
        return str(self.value)
