from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="FileFormat")


@_attrs_define
class FileFormat:
    """One supported file format.

    Attributes:
        format_ (str): The format's name (e.g. `PlainText`, `XLIFF`).
        file_extensions (list[str]): The file extensions of the format.
        content_types (list[str]): The content types of the format.
        default_version (str | Unset): The version used when none is given.
        versions (list[str] | Unset): The supported versions.
        type_ (str | Unset): From 2024-05-01, `Document` or `Glossary`.
    """

    format_: str
    file_extensions: list[str]
    content_types: list[str]
    default_version: str | Unset = UNSET
    versions: list[str] | Unset = UNSET
    type_: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        format_ = self.format_

        file_extensions = self.file_extensions

        content_types = self.content_types

        default_version = self.default_version

        versions: list[str] | Unset = UNSET
        if not isinstance(self.versions, Unset):
            versions = self.versions

        type_ = self.type_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "format": format_,
                "fileExtensions": file_extensions,
                "contentTypes": content_types,
            }
        )
        if default_version is not UNSET:
            field_dict["defaultVersion"] = default_version
        if versions is not UNSET:
            field_dict["versions"] = versions
        if type_ is not UNSET:
            field_dict["type"] = type_

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        format_ = d.pop("format")

        file_extensions = cast(list[str], d.pop("fileExtensions"))

        content_types = cast(list[str], d.pop("contentTypes"))

        default_version = d.pop("defaultVersion", UNSET)

        versions = cast(list[str], d.pop("versions", UNSET))

        type_ = d.pop("type", UNSET)

        file_format = cls(
            format_=format_,
            file_extensions=file_extensions,
            content_types=content_types,
            default_version=default_version,
            versions=versions,
            type_=type_,
        )

        file_format.additional_properties = dict(d)
        return file_format

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
