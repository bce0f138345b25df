from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.known_storage_source import KnownStorageSource
from ..types import UNSET, Unset

T = TypeVar("T", bound="Glossary")


@_attrs_define
class Glossary:
    """Glossary / translation memory for the request. Not on the seed page. If the glossary is
    invalid or unreachable during translation, an error is indicated in the document status.

        Attributes:
            glossary_url (str): String, required when using glossaries. Location of the glossary. The file extension is
                used to extract the formatting if `format` isn't supplied. If the translation language
                pair isn't present in the glossary, it won't be applied.
            format_ (str | Unset): String, optional. Format (e.g. `XLIFF`).
            version (str | Unset): String, optional. Version. If not specified, default is used.
            storage_source (KnownStorageSource | str | Unset): StorageSource, optional. Storage source of the URL: one of
                `KnownStorageSource`
                (`AzureBlob`), or any other string the service may add.
    """

    glossary_url: str
    format_: str | Unset = UNSET
    version: str | Unset = UNSET
    storage_source: KnownStorageSource | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        glossary_url = self.glossary_url

        format_ = self.format_

        version = self.version

        storage_source: str | Unset
        if isinstance(self.storage_source, Unset):
            storage_source = UNSET
        elif isinstance(self.storage_source, KnownStorageSource):
            storage_source = self.storage_source.value
        else:
            storage_source = self.storage_source

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "glossaryUrl": glossary_url,
            }
        )
        if format_ is not UNSET:
            field_dict["format"] = format_
        if version is not UNSET:
            field_dict["version"] = version
        if storage_source is not UNSET:
            field_dict["storageSource"] = storage_source

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        glossary_url = d.pop("glossaryUrl")

        format_ = d.pop("format", UNSET)

        version = d.pop("version", UNSET)

        def _parse_storage_source(data: object) -> KnownStorageSource | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                storage_source_type_0 = KnownStorageSource(data)

                return storage_source_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KnownStorageSource | str | Unset, data)

        storage_source = _parse_storage_source(d.pop("storageSource", UNSET))

        glossary = cls(
            glossary_url=glossary_url,
            format_=format_,
            version=version,
            storage_source=storage_source,
        )

        glossary.additional_properties = dict(d)
        return glossary

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
