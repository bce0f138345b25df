from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.migration_records_by_status_type_response_response_map import (
        MigrationRecordsByStatusTypeResponseResponseMap,
    )


T = TypeVar("T", bound="MigrationRecordsByStatusTypeResponse")


@_attrs_define
class MigrationRecordsByStatusTypeResponse:
    """The by-status-type response; it maps each status type to an array of matching records.

    Attributes:
        response_map (MigrationRecordsByStatusTypeResponseResponseMap): Maps each status type (for example `Completed`)
            to an array of matching migration records.
        http_status_code (int): The HTTP status code of the response, repeated in the body (200). Not null.
    """

    response_map: MigrationRecordsByStatusTypeResponseResponseMap
    http_status_code: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        response_map = self.response_map.to_dict()

        http_status_code = self.http_status_code

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "response_map": response_map,
                "http_status_code": http_status_code,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.migration_records_by_status_type_response_response_map import (
            MigrationRecordsByStatusTypeResponseResponseMap,  # noqa: PLC0415
        )

        d = dict(src_dict)
        response_map = MigrationRecordsByStatusTypeResponseResponseMap.from_dict(d.pop("response_map"))

        http_status_code = d.pop("http_status_code")

        migration_records_by_status_type_response = cls(
            response_map=response_map,
            http_status_code=http_status_code,
        )

        migration_records_by_status_type_response.additional_properties = dict(d)
        return migration_records_by_status_type_response

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
