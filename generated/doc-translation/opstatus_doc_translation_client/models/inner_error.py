from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.inner_error_details import InnerErrorDetails


T = TypeVar("T", bound="InnerError")


@_attrs_define
class InnerError:
    """InnerErrorV2: new inner error format, which conforms to Cognitive Services API Guidelines. It
    contains required properties code and message, and optional properties target, details (key
    value pairs) and inner error (can be nested).

        Attributes:
            code (str): String, not nullable. Gets code error string (e.g. `ServiceTemporaryUnavailable`).
            message (str): String, not nullable. Gets high-level error message.
            target (str | Unset): String, optional, not nullable. Gets the source of the error.
            details (InnerErrorDetails | Unset): Object of string values, optional, not nullable. Additional details as key
                value pairs
                (named on the page; no example shows them).
            inner_error (InnerError | Unset): InnerErrorV2: new inner error format, which conforms to Cognitive Services API
                Guidelines. It
                contains required properties code and message, and optional properties target, details (key
                value pairs) and inner error (can be nested).
    """

    code: str
    message: str
    target: str | Unset = UNSET
    details: InnerErrorDetails | Unset = UNSET
    inner_error: InnerError | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        message = self.message

        target = self.target

        details: dict[str, Any] | Unset = UNSET
        if not isinstance(self.details, Unset):
            details = self.details.to_dict()

        inner_error: dict[str, Any] | Unset = UNSET
        if not isinstance(self.inner_error, Unset):
            inner_error = self.inner_error.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "message": message,
            }
        )
        if target is not UNSET:
            field_dict["target"] = target
        if details is not UNSET:
            field_dict["details"] = details
        if inner_error is not UNSET:
            field_dict["innerError"] = inner_error

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.inner_error_details import InnerErrorDetails  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        message = d.pop("message")

        target = d.pop("target", UNSET)

        _details = d.pop("details", UNSET)
        details: InnerErrorDetails | Unset
        if isinstance(_details, Unset):
            details = UNSET
        else:
            details = InnerErrorDetails.from_dict(_details)

        _inner_error = d.pop("innerError", UNSET)
        inner_error: InnerError | Unset
        if isinstance(_inner_error, Unset):
            inner_error = UNSET
        else:
            inner_error = InnerError.from_dict(_inner_error)

        inner_error = cls(
            code=code,
            message=message,
            target=target,
            details=details,
            inner_error=inner_error,
        )

        inner_error.additional_properties = dict(d)
        return inner_error

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
