from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.known_storage_source import KnownStorageSource
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
        storage_source (KnownStorageSource | str | Unset): StorageSource, optional. Storage source of the URL: one of
            `KnownStorageSource`
            (`AzureBlob`), or any other string the service may add.
    """

    source_url: str
    filter_: DocumentFilter | Unset = UNSET
    language: str | Unset = UNSET
    storage_source: KnownStorageSource | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        source_url = self.source_url

        filter_: dict[str, Any] | Unset = UNSET
        if not isinstance(self.filter_, Unset):
            filter_ = self.filter_.to_dict()

        language = self.language

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

        source_input = cls(
            source_url=source_url,
            filter_=filter_,
            language=language,
            storage_source=storage_source,
        )

        source_input.additional_properties = dict(d)
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
