from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.known_operation_status import KnownOperationStatus

T = TypeVar("T", bound="OperationStatusResponse")


@_attrs_define
class OperationStatusResponse:
    """The Get Status response entity. The page documents a single property, `status`; the object is left open because the
    provider may add fields.

        Attributes:
            status (KnownOperationStatus | str): Status (string, not null): the status of the operation. Will be one of the
                following: "notStarted", "executing", "succeeded", "failed", "resumed" or "unknown". Any other string is
                accepted too (an open enum), so a value CenturyLink adds later still parses.
    """

    status: KnownOperationStatus | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status: str
        if isinstance(self.status, KnownOperationStatus):
            status = self.status.value
        else:
            status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_status(data: object) -> KnownOperationStatus | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = KnownOperationStatus(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KnownOperationStatus | str, data)

        status = _parse_status(d.pop("status"))

        operation_status_response = cls(
            status=status,
        )

        operation_status_response.additional_properties = dict(d)
        return operation_status_response

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
