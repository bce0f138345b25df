from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.storage_source import StorageSource
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.document_filter import DocumentFilter


T = TypeVar("T", bound="SourceInput")


@_attrs_define
class SourceInput:
    """Source of the input documents. Not on the seed page.

    Attributes:
        source_url (str): String, required. Location of the folder / container or single file with your documents.
        filter_ (DocumentFilter | Unset): Document filter applied to the source path. Not on the seed page.
        language (str | Unset): String, optional. Language code. If none is specified, auto-detect is performed on the
            document.
        storage_source (StorageSource | Unset): Storage source. Not on the seed page. `AzureBlob` is the only documented
            value.
    """

    source_url: str
    filter_: DocumentFilter | Unset = UNSET
    language: str | Unset = UNSET
    storage_source: StorageSource | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        source_url = self.source_url

        filter_: dict[str, Any] | Unset = UNSET
        if not isinstance(self.filter_, Unset):
            filter_ = self.filter_.to_dict()

        language = self.language

        storage_source: str | Unset = UNSET
        if not isinstance(self.storage_source, Unset):
            storage_source = self.storage_source.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "sourceUrl": source_url,
            }
        )
        if filter_ is not UNSET:
            field_dict["filter"] = filter_
        if language is not UNSET:
            field_dict["language"] = language
        if storage_source is not UNSET:
            field_dict["storageSource"] = storage_source

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.document_filter import DocumentFilter  # noqa: PLC0415

        d = dict(src_dict)
        source_url = d.pop("sourceUrl")

        _filter_ = d.pop("filter", UNSET)
        filter_: DocumentFilter | Unset
        if isinstance(_filter_, Unset):
            filter_ = UNSET
        else:
            filter_ = DocumentFilter.from_dict(_filter_)

        language = d.pop("language", UNSET)

        _storage_source = d.pop("storageSource", UNSET)
        storage_source: StorageSource | Unset
        if isinstance(_storage_source, Unset):
            storage_source = UNSET
        else:
            storage_source = StorageSource(_storage_source)

        source_input = cls(
            source_url=source_url,
            filter_=filter_,
            language=language,
            storage_source=storage_source,
        )

        source_input.additional_properties = d
        return source_input

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
