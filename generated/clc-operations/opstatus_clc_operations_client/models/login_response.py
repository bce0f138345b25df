from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="LoginResponse")


@_attrs_define
class LoginResponse:
    """The Login response entity (CenturyLink's Login API): the user's roles, primary data center and a valid bearer token.
    The object is left open because the provider may add fields.

        Attributes:
            account_alias (str): Account that contains this user record (string, not null). Use it as `acctAlias` in Get
                Status.
            bearer_token (str): Security token for this user that is included in all other API requests (string, not null),
                as `Authorization: Bearer <bearerToken>`. Secret.
            user_name (str | Unset): Control Portal user name value (string, not null).
            location_alias (str | Unset): Default data center of the user (string, not null), e.g. `DC1`, `WA1`.
            roles (list[str] | Unset): Permission roles associated with this user (array of strings, not null).
    """

    account_alias: str
    bearer_token: str
    user_name: str | Unset = UNSET
    location_alias: str | Unset = UNSET
    roles: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account_alias = self.account_alias

        bearer_token = self.bearer_token

        user_name = self.user_name

        location_alias = self.location_alias

        roles: list[str] | Unset = UNSET
        if not isinstance(self.roles, Unset):
            roles = self.roles

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "accountAlias": account_alias,
                "bearerToken": bearer_token,
            }
        )
        if user_name is not UNSET:
            field_dict["userName"] = user_name
        if location_alias is not UNSET:
            field_dict["locationAlias"] = location_alias
        if roles is not UNSET:
            field_dict["roles"] = roles

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        account_alias = d.pop("accountAlias")

        bearer_token = d.pop("bearerToken")

        user_name = d.pop("userName", UNSET)

        location_alias = d.pop("locationAlias", UNSET)

        roles = cast(list[str], d.pop("roles", UNSET))

        login_response = cls(
            account_alias=account_alias,
            bearer_token=bearer_token,
            user_name=user_name,
            location_alias=location_alias,
            roles=roles,
        )

        login_response.additional_properties = dict(d)
        return login_response

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
