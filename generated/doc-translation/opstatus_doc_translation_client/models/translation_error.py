from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.known_error_code import KnownErrorCode
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.inner_error import InnerError


T = TypeVar("T", bound="TranslationError")


@_attrs_define
class TranslationError:
    """The error: a high-level code and message, the source of the error, and an inner error with
    more descriptive details.

        Attributes:
            code (KnownErrorCode | str): String, not nullable. High-level error code: one of `KnownErrorCode`, or any other
                string.
            message (str): String, not nullable. Gets high-level error message.
            target (str | Unset): String, optional, not nullable. Gets the source of the error. For example, it would be
                "documents" or "document id" for an invalid document.
            inner_error (InnerError | Unset): InnerErrorV2: new inner error format, which conforms to Cognitive Services API
                Guidelines. It
                contains required properties code and message, and optional properties target, details (key
                value pairs) and inner error (can be nested).
    """

    code: KnownErrorCode | str
    message: str
    target: str | Unset = UNSET
    inner_error: InnerError | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code: str
        if isinstance(self.code, KnownErrorCode):
            code = self.code.value
        else:
            code = self.code

        message = self.message

        target = self.target

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
        if inner_error is not UNSET:
            field_dict["innerError"] = inner_error

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.inner_error import InnerError  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_code(data: object) -> KnownErrorCode | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                code_type_0 = KnownErrorCode(data)

                return code_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KnownErrorCode | str, data)

        code = _parse_code(d.pop("code"))

        message = d.pop("message")

        target = d.pop("target", UNSET)

        _inner_error = d.pop("innerError", UNSET)
        inner_error: InnerError | Unset
        if isinstance(_inner_error, Unset):
            inner_error = UNSET
        else:
            inner_error = InnerError.from_dict(_inner_error)

        translation_error = cls(
            code=code,
            message=message,
            target=target,
            inner_error=inner_error,
        )

        translation_error.additional_properties = dict(d)
        return translation_error

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
