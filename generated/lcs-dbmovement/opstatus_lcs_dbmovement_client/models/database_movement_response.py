from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DatabaseMovementResponse")


@_attrs_define
class DatabaseMovementResponse:
    """The response contract that every Database Movement API response contains (`IsSuccess`, `OperationActivityId`,
    `ErrorMessage`, `VersionEOL`). The four properties are those of the page's example; that every response contract
    carries them, `VersionEOL` included, is stated on the API's versioning and throttling pages.

        Attributes:
            is_success (bool): Whether the call succeeded. Always evaluate it: the response is 200 OK even when the action
                failed, and then `ErrorMessage` says why.
            operation_activity_id (UUID): Id (a GUID) of the activity of this API call itself. It is not the requested
                operation activity id: in the page's example it is 6a90b45f-1764-4077-b924-3f4671540237 while the request asked
                for 55eb4327-9346-4c7b-82bd-fe8ef15112c6 (echoed as `ActivityId`).
            error_message (None | str): Why the call failed when `IsSuccess` is false; null when it succeeded.
            version_eol (str): Version end of life: the date and time (a .NET DateTime without time zone, such as
                '9999-12-31T23:59:59.9999999') at which this API version is retired. It holds the .NET maximum date
                ('9999-12-31T23:59:59.9999999') until Microsoft deprecates the endpoint or the API version, so a client can
                watch it for upcoming changes. A string, not `format: date-time`, because it has no zone.
    """

    is_success: bool
    operation_activity_id: UUID
    error_message: None | str
    version_eol: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        is_success = self.is_success

        operation_activity_id = str(self.operation_activity_id)

        error_message: None | str
        error_message = self.error_message

        version_eol = self.version_eol

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "IsSuccess": is_success,
                "OperationActivityId": operation_activity_id,
                "ErrorMessage": error_message,
                "VersionEOL": version_eol,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        is_success = d.pop("IsSuccess")

        operation_activity_id = UUID(d.pop("OperationActivityId"))

        def _parse_error_message(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error_message = _parse_error_message(d.pop("ErrorMessage"))

        version_eol = d.pop("VersionEOL")

        database_movement_response = cls(
            is_success=is_success,
            operation_activity_id=operation_activity_id,
            error_message=error_message,
            version_eol=version_eol,
        )

        database_movement_response.additional_properties = dict(d)
        return database_movement_response

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
