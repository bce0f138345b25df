from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.error_response_model_state import ErrorResponseModelState


T = TypeVar("T", bound="ErrorResponse")


@_attrs_define
class ErrorResponse:
    """The error body of CenturyLink Cloud API v2 responses: a JSON object with a human-readable `message`, and for
    validation failures a `modelState` map. Not on the Get Status page; the shape comes from CenturyLink's "Using the
    API" guide and CenturyLink's own SDKs. The object is left open because the provider may add fields.

        Attributes:
            message (str): Human-readable description of the error (string, not null).
            model_state (ErrorResponseModelState | Unset): Validation errors by field name, each a list of messages (object,
                optional; read by CenturyLink's clc-go-cli when present).
    """

    message: str
    model_state: ErrorResponseModelState | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        message = self.message

        model_state: dict[str, Any] | Unset = UNSET
        if not isinstance(self.model_state, Unset):
            model_state = self.model_state.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "message": message,
            }
        )
        if model_state is not UNSET:
            field_dict["modelState"] = model_state

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.error_response_model_state import ErrorResponseModelState  # noqa: PLC0415

        d = dict(src_dict)
        message = d.pop("message")

        _model_state = d.pop("modelState", UNSET)
        model_state: ErrorResponseModelState | Unset
        if isinstance(_model_state, Unset):
            model_state = UNSET
        else:
            model_state = ErrorResponseModelState.from_dict(_model_state)

        error_response = cls(
            message=message,
            model_state=model_state,
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
