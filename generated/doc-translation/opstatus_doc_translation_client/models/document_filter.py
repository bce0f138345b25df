from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="DocumentFilter")


@_attrs_define
class DocumentFilter:
    """Document filter applied to the source path. Not on the seed page.

    Attributes:
        prefix (str | Unset): String, optional. A case-sensitive prefix string to filter documents in the source path
            for translation. For example, when using an Azure storage blob Uri, use the prefix to
            restrict sub folders for translation.
        suffix (str | Unset): String, optional. A case-sensitive suffix string to filter documents in the source path
            for translation. This is most often used for file extensions.
    """

    prefix: str | Unset = UNSET
    suffix: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        prefix = self.prefix

        suffix = self.suffix

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if prefix is not UNSET:
            field_dict["prefix"] = prefix
        if suffix is not UNSET:
            field_dict["suffix"] = suffix

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        prefix = d.pop("prefix", UNSET)

        suffix = d.pop("suffix", UNSET)

        document_filter = cls(
            prefix=prefix,
            suffix=suffix,
        )

        document_filter.additional_properties = dict(d)
        return document_filter

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
