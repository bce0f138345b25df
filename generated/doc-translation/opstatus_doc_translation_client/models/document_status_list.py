from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.document_status import DocumentStatus


T = TypeVar("T", bound="DocumentStatusList")


@_attrs_define
class DocumentStatusList:
    """One page of a batch's document statuses (`listDocumentStatuses`): `value`, and the next
    page's link (`nextLink`, or `@nextLink` up to v1.0).

        Attributes:
            value (list[DocumentStatus]): The documents' statuses.
            next_link (str | Unset): From 2024-05-01, the URL of the next page; absent on the last page. Up to v1.0 the same
                link is named `@nextLink` ([REST-SPEC] x-ms-pageable nextLinkName "@nextLink"); it is
                left to the object's additional properties because openapi-python-client 0.29 cannot
                generate two properties whose Python names are both `next_link`.
    """

    value: list[DocumentStatus]
    next_link: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        value = []
        for value_item_data in self.value:
            value_item = value_item_data.to_dict()
            value.append(value_item)

        next_link = self.next_link

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "value": value,
            }
        )
        if next_link is not UNSET:
            field_dict["nextLink"] = next_link

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.document_status import DocumentStatus  # noqa: PLC0415

        d = dict(src_dict)
        value = []
        _value = d.pop("value")
        for value_item_data in _value:
            value_item = DocumentStatus.from_dict(value_item_data)

            value.append(value_item)

        next_link = d.pop("nextLink", UNSET)

        document_status_list = cls(
            value=value,
            next_link=next_link,
        )

        document_status_list.additional_properties = dict(d)
        return document_status_list

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
