from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.known_translation_status import KnownTranslationStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.translation_error import TranslationError


T = TypeVar("T", bound="DocumentStatus")


@_attrs_define
class DocumentStatus:
    """The translation status of one document of a batch.

    Attributes:
        id (UUID): The document id (assigned by the service).
        created_date_time_utc (datetime.datetime): When the document's translation was created.
        last_action_date_time_utc (datetime.datetime): When the document's status last changed.
        status (KnownTranslationStatus | str): The document's status, one of `KnownTranslationStatus` or any other
            string.
        to (str): The target language.
        progress (float): Progress of the translation, from 0 to 1.
        path (str | Unset): Location of the translated document (absent until it exists, from 2024-05-01).
        source_path (str | Unset): Location of the source document (v1.0 and later).
        character_charged (int | Unset): Characters charged for this document.
        error (TranslationError | Unset): The error: a high-level code and message, the source of the error, and an
            inner error with
            more descriptive details.
    """

    id: UUID
    created_date_time_utc: datetime.datetime
    last_action_date_time_utc: datetime.datetime
    status: KnownTranslationStatus | str
    to: str
    progress: float
    path: str | Unset = UNSET
    source_path: str | Unset = UNSET
    character_charged: int | Unset = UNSET
    error: TranslationError | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        created_date_time_utc = self.created_date_time_utc.isoformat()

        last_action_date_time_utc = self.last_action_date_time_utc.isoformat()

        status: str
        if isinstance(self.status, KnownTranslationStatus):
            status = self.status.value
        else:
            status = self.status

        to = self.to

        progress = self.progress

        path = self.path

        source_path = self.source_path

        character_charged = self.character_charged

        error: dict[str, Any] | Unset = UNSET
        if not isinstance(self.error, Unset):
            error = self.error.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "createdDateTimeUtc": created_date_time_utc,
                "lastActionDateTimeUtc": last_action_date_time_utc,
                "status": status,
                "to": to,
                "progress": progress,
            }
        )
        if path is not UNSET:
            field_dict["path"] = path
        if source_path is not UNSET:
            field_dict["sourcePath"] = source_path
        if character_charged is not UNSET:
            field_dict["characterCharged"] = character_charged
        if error is not UNSET:
            field_dict["error"] = error

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.translation_error import TranslationError  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        created_date_time_utc = datetime.datetime.fromisoformat(d.pop("createdDateTimeUtc"))

        last_action_date_time_utc = datetime.datetime.fromisoformat(d.pop("lastActionDateTimeUtc"))

        def _parse_status(data: object) -> KnownTranslationStatus | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = KnownTranslationStatus(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KnownTranslationStatus | str, data)

        status = _parse_status(d.pop("status"))

        to = d.pop("to")

        progress = d.pop("progress")

        path = d.pop("path", UNSET)

        source_path = d.pop("sourcePath", UNSET)

        character_charged = d.pop("characterCharged", UNSET)

        _error = d.pop("error", UNSET)
        error: TranslationError | Unset
        if isinstance(_error, Unset):
            error = UNSET
        else:
            error = TranslationError.from_dict(_error)

        document_status = cls(
            id=id,
            created_date_time_utc=created_date_time_utc,
            last_action_date_time_utc=last_action_date_time_utc,
            status=status,
            to=to,
            progress=progress,
            path=path,
            source_path=source_path,
            character_charged=character_charged,
            error=error,
        )

        document_status.additional_properties = dict(d)
        return document_status

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
