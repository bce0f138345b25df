from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.known_cloud_migration_status_detail_status import KnownCloudMigrationStatusDetailStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="CloudMigrationStatusDetail")


@_attrs_define
class CloudMigrationStatusDetail:
    """Represents a cloud migration status detail in Business Central: the replication result of one
    table in one company for a run (from the cloudMigrationStatusDetail resource page, not the seed
    page). `null` is accepted for non-key fields as for `CloudMigrationStatus`.

        Attributes:
            id (UUID): The unique ID of the cloud migration status detail. Non-editable. (GUID, not nullable.)
            odata_etag (str | Unset): The OData entity tag of the record (string, not nullable). Not on the resource page.
            run_id (None | str | Unset): The ID of the replication run this detail belongs to (string, nullable; description
                inferred from the AL source, empty on the resource page).
            company_name (None | str | Unset): The name of the company (string, nullable).
            table_name (None | str | Unset): The name of the replicated table (string, nullable; description inferred from
                the AL source, empty on the resource page).
            status (KnownCloudMigrationStatusDetailStatus | str | Unset): Specifies the status of the cloud migration status
                detail (string, not nullable; open set). Known values in `KnownCloudMigrationStatusDetailStatus`; any other
                string is still accepted.
            records_copied (int | None | Unset): The number of records copied so far (integer, nullable; description
                inferred, empty on the resource page).
            total_records (int | None | Unset): The total number of records of the table (integer, nullable; description
                inferred, empty on the resource page).
            errors (None | str | Unset): The error message of a failed table (string, nullable; description inferred from
                the AL source field "Error Message").
            estimated_size (float | None | Unset): Read-Only property representing the approximate size of the On-Prem
                company (decimal, nullable). Listed on the resource page's properties table but not in its JSON representation;
                may be absent.
            created (bool | None | Unset): Specifies if the company was created (boolean, nullable). Listed on the resource
                page's properties table but not in its JSON representation; may be absent.
    """

    id: UUID
    odata_etag: str | Unset = UNSET
    run_id: None | str | Unset = UNSET
    company_name: None | str | Unset = UNSET
    table_name: None | str | Unset = UNSET
    status: KnownCloudMigrationStatusDetailStatus | str | Unset = UNSET
    records_copied: int | None | Unset = UNSET
    total_records: int | None | Unset = UNSET
    errors: None | str | Unset = UNSET
    estimated_size: float | None | Unset = UNSET
    created: bool | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        odata_etag = self.odata_etag

        run_id: None | str | Unset
        if isinstance(self.run_id, Unset):
            run_id = UNSET
        else:
            run_id = self.run_id

        company_name: None | str | Unset
        if isinstance(self.company_name, Unset):
            company_name = UNSET
        else:
            company_name = self.company_name

        table_name: None | str | Unset
        if isinstance(self.table_name, Unset):
            table_name = UNSET
        else:
            table_name = self.table_name

        status: str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, KnownCloudMigrationStatusDetailStatus):
            status = self.status.value
        else:
            status = self.status

        records_copied: int | None | Unset
        if isinstance(self.records_copied, Unset):
            records_copied = UNSET
        else:
            records_copied = self.records_copied

        total_records: int | None | Unset
        if isinstance(self.total_records, Unset):
            total_records = UNSET
        else:
            total_records = self.total_records

        errors: None | str | Unset
        if isinstance(self.errors, Unset):
            errors = UNSET
        else:
            errors = self.errors

        estimated_size: float | None | Unset
        if isinstance(self.estimated_size, Unset):
            estimated_size = UNSET
        else:
            estimated_size = self.estimated_size

        created: bool | None | Unset
        if isinstance(self.created, Unset):
            created = UNSET
        else:
            created = self.created

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
            }
        )
        if odata_etag is not UNSET:
            field_dict["@odata.etag"] = odata_etag
        if run_id is not UNSET:
            field_dict["runId"] = run_id
        if company_name is not UNSET:
            field_dict["companyName"] = company_name
        if table_name is not UNSET:
            field_dict["tableName"] = table_name
        if status is not UNSET:
            field_dict["status"] = status
        if records_copied is not UNSET:
            field_dict["recordsCopied"] = records_copied
        if total_records is not UNSET:
            field_dict["totalRecords"] = total_records
        if errors is not UNSET:
            field_dict["errors"] = errors
        if estimated_size is not UNSET:
            field_dict["estimatedSize"] = estimated_size
        if created is not UNSET:
            field_dict["created"] = created

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        odata_etag = d.pop("@odata.etag", UNSET)

        def _parse_run_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        run_id = _parse_run_id(d.pop("runId", UNSET))

        def _parse_company_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        company_name = _parse_company_name(d.pop("companyName", UNSET))

        def _parse_table_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        table_name = _parse_table_name(d.pop("tableName", UNSET))

        def _parse_status(data: object) -> KnownCloudMigrationStatusDetailStatus | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = KnownCloudMigrationStatusDetailStatus(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KnownCloudMigrationStatusDetailStatus | str | Unset, data)

        status = _parse_status(d.pop("status", UNSET))

        def _parse_records_copied(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        records_copied = _parse_records_copied(d.pop("recordsCopied", UNSET))

        def _parse_total_records(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        total_records = _parse_total_records(d.pop("totalRecords", UNSET))

        def _parse_errors(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        errors = _parse_errors(d.pop("errors", UNSET))

        def _parse_estimated_size(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        estimated_size = _parse_estimated_size(d.pop("estimatedSize", UNSET))

        def _parse_created(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        created = _parse_created(d.pop("created", UNSET))

        cloud_migration_status_detail = cls(
            id=id,
            odata_etag=odata_etag,
            run_id=run_id,
            company_name=company_name,
            table_name=table_name,
            status=status,
            records_copied=records_copied,
            total_records=total_records,
            errors=errors,
            estimated_size=estimated_size,
            created=created,
        )

        cloud_migration_status_detail.additional_properties = dict(d)
        return cloud_migration_status_detail

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
