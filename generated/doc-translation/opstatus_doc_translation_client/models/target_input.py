from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.known_storage_source import KnownStorageSource
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.glossary import Glossary


T = TypeVar("T", bound="TargetInput")


@_attrs_define
class TargetInput:
    """Destination for the finished translated documents. Not on the seed page. (The preview page
    also lists a target-level `version`; its own example and the provider's REST spec place
    `version` on the glossary, as here.)

        Attributes:
            target_url (str): String, required. Location of the folder / container with your documents.
            language (str): String, required. Two letter target language code.
            category (str | Unset): String, optional. Category / custom system for translation request.
            glossaries (list[Glossary] | Unset): Array of Glossary, optional. List of Glossary.
            storage_source (KnownStorageSource | str | Unset): StorageSource, optional. Storage source of the URL: one of
                `KnownStorageSource`
                (`AzureBlob`), or any other string the service may add.
    """

    target_url: str
    language: str
    category: str | Unset = UNSET
    glossaries: list[Glossary] | Unset = UNSET
    storage_source: KnownStorageSource | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        target_url = self.target_url

        language = self.language

        category = self.category

        glossaries: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.glossaries, Unset):
            glossaries = []
            for glossaries_item_data in self.glossaries:
                glossaries_item = glossaries_item_data.to_dict()
                glossaries.append(glossaries_item)

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
                "targetUrl": target_url,
                "language": language,
            }
        )
        if category is not UNSET:
            field_dict["category"] = category
        if glossaries is not UNSET:
            field_dict["glossaries"] = glossaries
        if storage_source is not UNSET:
            field_dict["storageSource"] = storage_source

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.glossary import Glossary  # noqa: PLC0415

        d = dict(src_dict)
        target_url = d.pop("targetUrl")

        language = d.pop("language")

        category = d.pop("category", UNSET)

        _glossaries = d.pop("glossaries", UNSET)
        glossaries: list[Glossary] | Unset = UNSET
        if _glossaries is not UNSET:
            glossaries = []
            for glossaries_item_data in _glossaries:
                glossaries_item = Glossary.from_dict(glossaries_item_data)

                glossaries.append(glossaries_item)

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

        target_input = cls(
            target_url=target_url,
            language=language,
            category=category,
            glossaries=glossaries,
            storage_source=storage_source,
        )

        target_input.additional_properties = dict(d)
        return target_input

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
