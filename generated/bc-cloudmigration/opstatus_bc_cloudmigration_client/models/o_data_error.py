from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.o_data_error_detail import ODataErrorDetail


T = TypeVar("T", bound="ODataError")


@_attrs_define
class ODataError:
    """The OData error body Business Central returns with 4xx/5xx responses: `{"error": {"code": ..., "message": ...}}`.
    Not on the seed page.

        Attributes:
            error (ODataErrorDetail): The `error` object of an OData error body. Not on the seed page.
    """

    error: ODataErrorDetail
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        error = self.error.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "error": error,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.o_data_error_detail import ODataErrorDetail  # noqa: PLC0415

        d = dict(src_dict)
        error = ODataErrorDetail.from_dict(d.pop("error"))

        o_data_error = cls(
            error=error,
        )

        o_data_error.additional_properties = dict(d)
        return o_data_error

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
