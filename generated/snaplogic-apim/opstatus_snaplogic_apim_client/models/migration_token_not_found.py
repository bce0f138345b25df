from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="MigrationTokenNotFound")


@_attrs_define
class MigrationTokenNotFound:
    """The value the by-status-token response gives for a token the server does not know:
    `{"status": "Not Found"}`. It fails that token only; other tokens in the same
    response are unaffected.

        Attributes:
            status (Literal['Not Found']): Always `Not Found`. A string, not null.
    """

    status: Literal["Not Found"]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = cast(Literal["Not Found"], d.pop("status"))
        if status != "Not Found":
            raise ValueError(f"status must match const 'Not Found', got '{status}'")

        migration_token_not_found = cls(
            status=status,
        )

        migration_token_not_found.additional_properties = dict(d)
        return migration_token_not_found

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
