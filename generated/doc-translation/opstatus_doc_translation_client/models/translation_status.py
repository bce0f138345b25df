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
    from ..models.status_summary import StatusSummary
    from ..models.translation_error import TranslationError


T = TypeVar("T", bound="TranslationStatus")


@_attrs_define
class TranslationStatus:
    """Status of a batch translation operation (the successful get operation status response, also
    returned by cancel).

        Attributes:
            id (UUID): String (a GUID), not nullable. ID of the operation (assigned by the service).
            created_date_time_utc (datetime.datetime): String (date-time), not nullable. Operation created date time.
            last_action_date_time_utc (datetime.datetime): String (date-time), not nullable. Date time in which the
                operation's status has been updated.
            status (KnownTranslationStatus | str): String, not nullable. The status of the job: one of
                `KnownTranslationStatus`, or any other
                string the service may add.
            summary (StatusSummary): StatusSummary: document counts of the batch. Not nullable. A batch can be `Succeeded`
                while
                `failed` is above zero.
            error (TranslationError | Unset): The error: a high-level code and message, the source of the error, and an
                inner error with
                more descriptive details.
    """

    id: UUID
    created_date_time_utc: datetime.datetime
    last_action_date_time_utc: datetime.datetime
    status: KnownTranslationStatus | str
    summary: StatusSummary
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

        summary = self.summary.to_dict()

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
                "summary": summary,
            }
        )
        if error is not UNSET:
            field_dict["error"] = error

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.status_summary import StatusSummary  # noqa: PLC0415
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

        summary = StatusSummary.from_dict(d.pop("summary"))

        _error = d.pop("error", UNSET)
        error: TranslationError | Unset
        if isinstance(_error, Unset):
            error = UNSET
        else:
            error = TranslationError.from_dict(_error)

        translation_status = cls(
            id=id,
            created_date_time_utc=created_date_time_utc,
            last_action_date_time_utc=last_action_date_time_utc,
            status=status,
            summary=summary,
            error=error,
        )

        translation_status.additional_properties = dict(d)
        return translation_status

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
