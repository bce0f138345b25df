from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ServiceConfig")


@_attrs_define
class ServiceConfig:
    """Where and as what the new Service is created.

    Attributes:
        target_path (str): The project path of the new Service, for example `/snaplogic/projects/destination`. A string,
            not null.
        name (str | Unset): The Service name (optional; defaults to the source asset's). A string, not null.
        slug (str | Unset): The Service slug (optional; defaults to the source asset's; duplicates are auto-
            incremented). A string, not null.
        version (str | Unset): The Service version (optional; defaults to the source asset's). A string, not null.
    """

    target_path: str
    name: str | Unset = UNSET
    slug: str | Unset = UNSET
    version: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        target_path = self.target_path

        name = self.name

        slug = self.slug

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "target_path": target_path,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if slug is not UNSET:
            field_dict["slug"] = slug
        if version is not UNSET:
            field_dict["version"] = version

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        target_path = d.pop("target_path")

        name = d.pop("name", UNSET)

        slug = d.pop("slug", UNSET)

        version = d.pop("version", UNSET)

        service_config = cls(
            target_path=target_path,
            name=name,
            slug=slug,
            version=version,
        )

        service_config.additional_properties = dict(d)
        return service_config

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
