from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.error_response_response_map import ErrorResponseResponseMap


T = TypeVar("T", bound="ErrorResponse")


@_attrs_define
class ErrorResponse:
    """An error response. SnapLogic does not document the error body of this API, so the
    object is open and nothing is required: it may carry the `response_map` /
    `http_status_code` envelope SnapLogic's public APIs use, and a message.

        Attributes:
            response_map (ErrorResponseResponseMap | Unset): Error details, if any (for example an `error_list` of objects
                with a `message`). An object, not null.
            http_status_code (int | Unset): The HTTP status code, repeated in the body. An integer, not null.
            message (str | Unset): A human-readable error message, if the body carries one at the top level. A string, not
                null.
    """

    response_map: ErrorResponseResponseMap | Unset = UNSET
    http_status_code: int | Unset = UNSET
    message: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        response_map: dict[str, Any] | Unset = UNSET
        if not isinstance(self.response_map, Unset):
            response_map = self.response_map.to_dict()

        http_status_code = self.http_status_code

        message = self.message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if response_map is not UNSET:
            field_dict["response_map"] = response_map
        if http_status_code is not UNSET:
            field_dict["http_status_code"] = http_status_code
        if message is not UNSET:
            field_dict["message"] = message

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.error_response_response_map import ErrorResponseResponseMap  # noqa: PLC0415

        d = dict(src_dict)
        _response_map = d.pop("response_map", UNSET)
        response_map: ErrorResponseResponseMap | Unset
        if isinstance(_response_map, Unset):
            response_map = UNSET
        else:
            response_map = ErrorResponseResponseMap.from_dict(_response_map)

        http_status_code = d.pop("http_status_code", UNSET)

        message = d.pop("message", UNSET)

        error_response = cls(
            response_map=response_map,
            http_status_code=http_status_code,
            message=message,
        )

        error_response.additional_properties = dict(d)
        return error_response

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
