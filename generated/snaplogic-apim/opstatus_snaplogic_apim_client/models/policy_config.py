from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PolicyConfig")


@_attrs_define
class PolicyConfig:
    """Whether and where the asset's policies are migrated.

    Attributes:
        migrate_policies (bool | Unset): Migrate the asset's policies too. A boolean, not null.
        policy_path (str | Unset): Where the migrated policies go. A string, not null.
    """

    migrate_policies: bool | Unset = UNSET
    policy_path: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        migrate_policies = self.migrate_policies

        policy_path = self.policy_path

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if migrate_policies is not UNSET:
            field_dict["migrate_policies"] = migrate_policies
        if policy_path is not UNSET:
            field_dict["policy_path"] = policy_path

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        migrate_policies = d.pop("migrate_policies", UNSET)

        policy_path = d.pop("policy_path", UNSET)

        policy_config = cls(
            migrate_policies=migrate_policies,
            policy_path=policy_path,
        )

        policy_config.additional_properties = dict(d)
        return policy_config

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
