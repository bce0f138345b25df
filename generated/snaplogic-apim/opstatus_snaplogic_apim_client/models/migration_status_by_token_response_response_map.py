from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.migration_status_document import MigrationStatusDocument
    from ..models.migration_token_not_found import MigrationTokenNotFound


T = TypeVar("T", bound="MigrationStatusByTokenResponseResponseMap")


@_attrs_define
class MigrationStatusByTokenResponseResponseMap:
    """Maps each requested status token to its status document, or to
    `{"status": "Not Found"}` if the token is not found.

    """

    additional_properties: dict[str, MigrationStatusDocument | MigrationTokenNotFound] = _attrs_field(
        init=False, factory=dict
    )

    def to_dict(self) -> dict[str, Any]:
        from ..models.migration_token_not_found import MigrationTokenNotFound  # noqa: PLC0415

        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            if isinstance(prop, MigrationTokenNotFound):
                field_dict[prop_name] = prop.to_dict()
            else:
                field_dict[prop_name] = prop.to_dict()

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.migration_status_document import MigrationStatusDocument  # noqa: PLC0415
        from ..models.migration_token_not_found import MigrationTokenNotFound  # noqa: PLC0415

        d = dict(src_dict)
        migration_status_by_token_response_response_map = cls()

        additional_properties = {}
        for prop_name, prop_dict in d.items():

            def _parse_additional_property(data: object) -> MigrationStatusDocument | MigrationTokenNotFound:
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_migration_status_entry_type_0 = MigrationTokenNotFound.from_dict(data)

                    return componentsschemas_migration_status_entry_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_migration_status_entry_type_1 = MigrationStatusDocument.from_dict(data)

                return componentsschemas_migration_status_entry_type_1

            additional_property = _parse_additional_property(prop_dict)

            additional_properties[prop_name] = additional_property

        migration_status_by_token_response_response_map.additional_properties = additional_properties
        return migration_status_by_token_response_response_map

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> MigrationStatusDocument | MigrationTokenNotFound:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: MigrationStatusDocument | MigrationTokenNotFound) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
