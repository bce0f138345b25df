from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.cloud_migration_status_detail import CloudMigrationStatusDetail


T = TypeVar("T", bound="CloudMigrationStatusDetailCollection")


@_attrs_define
class CloudMigrationStatusDetailCollection:
    """An OData collection of cloud migration status details (`{"value": [...]}`).

    Attributes:
        value (list[CloudMigrationStatusDetail]): The per-table details (array, not nullable).
        odata_context (str | Unset): The OData context URL of the response (string, not nullable). Not on the seed page.
    """

    value: list[CloudMigrationStatusDetail]
    odata_context: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        value = []
        for value_item_data in self.value:
            value_item = value_item_data.to_dict()
            value.append(value_item)

        odata_context = self.odata_context

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "value": value,
            }
        )
        if odata_context is not UNSET:
            field_dict["@odata.context"] = odata_context

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.cloud_migration_status_detail import CloudMigrationStatusDetail  # noqa: PLC0415

        d = dict(src_dict)
        value = []
        _value = d.pop("value")
        for value_item_data in _value:
            value_item = CloudMigrationStatusDetail.from_dict(value_item_data)

            value.append(value_item)

        odata_context = d.pop("@odata.context", UNSET)

        cloud_migration_status_detail_collection = cls(
            value=value,
            odata_context=odata_context,
        )

        cloud_migration_status_detail_collection.additional_properties = dict(d)
        return cloud_migration_status_detail_collection

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
