from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.service_migration_response_response_map import ServiceMigrationResponseResponseMap


T = TypeVar("T", bound="ServiceMigrationResponse")


@_attrs_define
class ServiceMigrationResponse:
    """The answer to `startServiceMigration`: SnapLogic's envelope, whose `response_map` holds
    one `status_token` per migrated asset. The page does not spell out the layout of
    `response_map`, so it is left open; collect every `status_token` string in it.

        Attributes:
            response_map (ServiceMigrationResponseResponseMap): Holds a `status_token` per asset (layout not documented). An
                object, not null.
            http_status_code (int | Unset): The HTTP status code of the response, repeated in the body. An integer, not
                null.
    """

    response_map: ServiceMigrationResponseResponseMap
    http_status_code: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        response_map = self.response_map.to_dict()

        http_status_code = self.http_status_code

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "response_map": response_map,
            }
        )
        if http_status_code is not UNSET:
            field_dict["http_status_code"] = http_status_code

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.service_migration_response_response_map import ServiceMigrationResponseResponseMap  # noqa: PLC0415

        d = dict(src_dict)
        response_map = ServiceMigrationResponseResponseMap.from_dict(d.pop("response_map"))

        http_status_code = d.pop("http_status_code", UNSET)

        service_migration_response = cls(
            response_map=response_map,
            http_status_code=http_status_code,
        )

        service_migration_response.additional_properties = dict(d)
        return service_migration_response

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
