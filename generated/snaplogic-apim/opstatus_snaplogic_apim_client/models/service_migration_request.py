from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.migrate_asset import MigrateAsset


T = TypeVar("T", bound="ServiceMigrationRequest")


@_attrs_define
class ServiceMigrationRequest:
    """The body of `startServiceMigration`.

    Attributes:
        org_name (str): The environment (Org) the assets belong to. A string, not null.
        migrate_assets (list[MigrateAsset]): The Classic APIM assets to migrate, one APIM 3.0 Service each. An array,
            not null.
    """

    org_name: str
    migrate_assets: list[MigrateAsset]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        org_name = self.org_name

        migrate_assets = []
        for migrate_assets_item_data in self.migrate_assets:
            migrate_assets_item = migrate_assets_item_data.to_dict()
            migrate_assets.append(migrate_assets_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "org_name": org_name,
                "migrate_assets": migrate_assets,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.migrate_asset import MigrateAsset  # noqa: PLC0415

        d = dict(src_dict)
        org_name = d.pop("org_name")

        migrate_assets = []
        _migrate_assets = d.pop("migrate_assets")
        for migrate_assets_item_data in _migrate_assets:
            migrate_assets_item = MigrateAsset.from_dict(migrate_assets_item_data)

            migrate_assets.append(migrate_assets_item)

        service_migration_request = cls(
            org_name=org_name,
            migrate_assets=migrate_assets,
        )

        service_migration_request.additional_properties = dict(d)
        return service_migration_request

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
