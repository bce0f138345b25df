from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.policy_config import PolicyConfig
    from ..models.service_config import ServiceConfig


T = TypeVar("T", bound="MigrateAsset")


@_attrs_define
class MigrateAsset:
    """One Classic APIM asset (API, API Version or Proxy) to migrate.

    Attributes:
        asset_path (str): The path of the source asset, for example `/snaplogic/apim/MyLegacyApi/1.0`. A string, not
            null.
        service_config (ServiceConfig): Where and as what the new Service is created.
        policy_config (PolicyConfig | Unset): Whether and where the asset's policies are migrated.
    """

    asset_path: str
    service_config: ServiceConfig
    policy_config: PolicyConfig | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        asset_path = self.asset_path

        service_config = self.service_config.to_dict()

        policy_config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.policy_config, Unset):
            policy_config = self.policy_config.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "asset_path": asset_path,
                "service_config": service_config,
            }
        )
        if policy_config is not UNSET:
            field_dict["policy_config"] = policy_config

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.policy_config import PolicyConfig  # noqa: PLC0415
        from ..models.service_config import ServiceConfig  # noqa: PLC0415

        d = dict(src_dict)
        asset_path = d.pop("asset_path")

        service_config = ServiceConfig.from_dict(d.pop("service_config"))

        _policy_config = d.pop("policy_config", UNSET)
        policy_config: PolicyConfig | Unset
        if isinstance(_policy_config, Unset):
            policy_config = UNSET
        else:
            policy_config = PolicyConfig.from_dict(_policy_config)

        migrate_asset = cls(
            asset_path=asset_path,
            service_config=service_config,
            policy_config=policy_config,
        )

        migrate_asset.additional_properties = dict(d)
        return migrate_asset

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
