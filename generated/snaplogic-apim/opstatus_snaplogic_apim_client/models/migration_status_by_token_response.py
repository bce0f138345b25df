from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.migration_status_by_token_response_response_map import MigrationStatusByTokenResponseResponseMap


T = TypeVar("T", bound="MigrationStatusByTokenResponse")


@_attrs_define
class MigrationStatusByTokenResponse:
    """The by-status-token response; it maps each token to its status document.

    Attributes:
        response_map (MigrationStatusByTokenResponseResponseMap): Maps each requested status token to its status
            document, or to
            `{"status": "Not Found"}` if the token is not found.
        http_status_code (int): The HTTP status code of the response, repeated in the body (200). Not null.
    """

    response_map: MigrationStatusByTokenResponseResponseMap
    http_status_code: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        response_map = self.response_map.to_dict()

        http_status_code = self.http_status_code

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "response_map": response_map,
                "http_status_code": http_status_code,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.migration_status_by_token_response_response_map import MigrationStatusByTokenResponseResponseMap  # noqa: PLC0415

        d = dict(src_dict)
        response_map = MigrationStatusByTokenResponseResponseMap.from_dict(d.pop("response_map"))

        http_status_code = d.pop("http_status_code")

        migration_status_by_token_response = cls(
            response_map=response_map,
            http_status_code=http_status_code,
        )

        migration_status_by_token_response.additional_properties = dict(d)
        return migration_status_by_token_response

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
