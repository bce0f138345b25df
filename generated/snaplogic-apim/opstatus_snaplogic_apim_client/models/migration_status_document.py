from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.known_migration_status import KnownMigrationStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="MigrationStatusDocument")


@_attrs_define
class MigrationStatusDocument:
    """The status document of one Service version migration: the value of a token in the
    by-status-token response, and one record of the by-status-type response (the page
    describes both with one table of keys). `service_name` and `service_slug` are present after the
    migration begins; `completed_time` is present only for completed migrations. No
    property is documented as nullable. `asset_type` and `status_token` are not required:
    the page's by-status-type record leaves both out, so a server may omit them.

        Attributes:
            status (KnownMigrationStatus | str): The migration status: Started, Migrating, Completed, or Failed. A string,
                not null; other values are kept as plain strings.
            asset_snid (str): The snode ID of the asset being migrated. A string, not null.
            target_path (str): The destination path for the migration (for example `target-env/my-proj-space/my-proj`). A
                string, not null.
            user_id (str): The email address of the user who initiated the migration. A string, not null. (The
                page's examples show `[email protected]`, the page renderer's stand-in for an
                obfuscated address, so no `email` format is declared.)
            create_time (str): The timestamp when the migration was created. A string, not null, in the form
                `2026-04-28T10:30:00.000000` (ISO 8601 date and time with microseconds and no UTC
                offset; the page does not state the time zone, so no `date-time` format, which
                requires an offset, is declared).
            asset_type (str | Unset): The type of the asset being migrated (for example `API_SERVICE_VERSION`). A string,
                not null.
            service_name (str | Unset): The name of the target Service. Present after migration begins. A string, not null.
            service_slug (str | Unset): The slug identifier of the target Service. Present after migration begins. A string,
                not null.
            completed_time (str | Unset): The timestamp when the migration completed. Present only for completed migrations.
                A string, not null, in the same form as `create_time`.
            status_token (str | Unset): The unique identifier for this migration (the status token). A string, not null.
    """

    status: KnownMigrationStatus | str
    asset_snid: str
    target_path: str
    user_id: str
    create_time: str
    asset_type: str | Unset = UNSET
    service_name: str | Unset = UNSET
    service_slug: str | Unset = UNSET
    completed_time: str | Unset = UNSET
    status_token: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status: str
        if isinstance(self.status, KnownMigrationStatus):
            status = self.status.value
        else:
            status = self.status

        asset_snid = self.asset_snid

        target_path = self.target_path

        user_id = self.user_id

        create_time = self.create_time

        asset_type = self.asset_type

        service_name = self.service_name

        service_slug = self.service_slug

        completed_time = self.completed_time

        status_token = self.status_token

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "asset_snid": asset_snid,
                "target_path": target_path,
                "user_id": user_id,
                "create_time": create_time,
            }
        )
        if asset_type is not UNSET:
            field_dict["asset_type"] = asset_type
        if service_name is not UNSET:
            field_dict["service_name"] = service_name
        if service_slug is not UNSET:
            field_dict["service_slug"] = service_slug
        if completed_time is not UNSET:
            field_dict["completed_time"] = completed_time
        if status_token is not UNSET:
            field_dict["status_token"] = status_token

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_status(data: object) -> KnownMigrationStatus | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = KnownMigrationStatus(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KnownMigrationStatus | str, data)

        status = _parse_status(d.pop("status"))

        asset_snid = d.pop("asset_snid")

        target_path = d.pop("target_path")

        user_id = d.pop("user_id")

        create_time = d.pop("create_time")

        asset_type = d.pop("asset_type", UNSET)

        service_name = d.pop("service_name", UNSET)

        service_slug = d.pop("service_slug", UNSET)

        completed_time = d.pop("completed_time", UNSET)

        status_token = d.pop("status_token", UNSET)

        migration_status_document = cls(
            status=status,
            asset_snid=asset_snid,
            target_path=target_path,
            user_id=user_id,
            create_time=create_time,
            asset_type=asset_type,
            service_name=service_name,
            service_slug=service_slug,
            completed_time=completed_time,
            status_token=status_token,
        )

        migration_status_document.additional_properties = dict(d)
        return migration_status_document

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
