from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.known_cloud_migration_status import KnownCloudMigrationStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="CloudMigrationStatus")


@_attrs_define
class CloudMigrationStatus:
    """Represents a cloud migration status in Business Central (seed page): one cloud migration run
    (a replication run, and the data upgrade that may follow). Backed by table 4001 "Hybrid
    Replication Summary" (AL source). Business Central never sends `null` for these fields but the
    OData metadata leaves non-key properties nullable, so `null` is accepted; a blank date-time is
    sent as `0001-01-01T00:00:00Z`. Other properties (for example `@odata.etag`) may appear.

    The seed page's "JSON representation" is a type sketch, not a valid instance, so it is kept
    here rather than as an example:

    ```json
    {
        "id": "GUID",
        "runId": "string",
        "startTime": "datetime",
        "endTime": "datetime",
        "replicationType": "string",
        "status": "string",
        "source": "string",
        "details": "string",
        "tablesSuccessful": "integer",
        "tablesFailed": "integer",
        "tablesRemaining": "integer"
    }
    ```

        Attributes:
            id (UUID): The unique ID of the cloud migration status. Non-editable. (GUID, not nullable.)
            status (KnownCloudMigrationStatus | str): Specifies the status of the cloud migration status (string, not
                nullable; open set). Known values in `KnownCloudMigrationStatus`; any other string (for example a localized
                caption) is still accepted.
            odata_etag (str | Unset): The OData entity tag of the record (string, not nullable). Not on the seed page.
            odata_context (str | Unset): The OData context URL of the response (string, not nullable). Not on the seed page.
            run_id (None | str | Unset): Specifies the unique ID of the replication run (string, nullable). The seed page
                leaves this description empty; text from a later revision of the page. At most 50 characters (AL table field
                Text[50]).
            start_time (datetime.datetime | None | Unset): Specifies the date and time when the operation was started
                (datetime, nullable). The seed page leaves this description empty; text from a later revision of the page.
            end_time (datetime.datetime | None | Unset): Specifies the date and time when the operation has ended (datetime,
                nullable). Blank (`0001-01-01T00:00:00Z`) while the run is in progress (inferred from the AL source). The seed
                page leaves this description empty; text from a later revision of the page.
            replication_type (None | str | Unset): Specifies the type of the replication (string, nullable): `Full` is a
                full sync, `Normal` is usually a delta sync; the AL source also has `Diagnostic` and `Azure Data Lake` (sent as
                `Azure_x0020_Data_x0020_Lake` under OData schema version 2.0). The seed page leaves this description empty; text
                from a later revision of the page and the AL source.
            source (None | str | Unset): Specifies the name of the source product (string, nullable), for example the on-
                premises product the data is migrated from. The seed page leaves this description empty; text from a later
                revision of the page. At most 250 characters (AL table field Text[250]).
            details (None | str | Unset): Specifies the additional details about this record (string, nullable): free text
                such as "Data replication in progress" or error details. The seed page leaves this description empty; text from
                a later revision of the page.
            tables_successful (int | None | Unset): Specifies the number of tables that was successfully replicated
                (integer, nullable). The seed page leaves this description empty; text from a later revision of the page.
            tables_failed (int | None | Unset): Specifies the number of tables that has failed (integer, nullable). The seed
                page leaves this description empty; text from a later revision of the page.
            tables_remaining (int | None | Unset): Specifies the number of tables that is remaining (integer, nullable): not
                started or in progress. The seed page leaves this description empty; text from a later revision of the page.
    """

    id: UUID
    status: KnownCloudMigrationStatus | str
    odata_etag: str | Unset = UNSET
    odata_context: str | Unset = UNSET
    run_id: None | str | Unset = UNSET
    start_time: datetime.datetime | None | Unset = UNSET
    end_time: datetime.datetime | None | Unset = UNSET
    replication_type: None | str | Unset = UNSET
    source: None | str | Unset = UNSET
    details: None | str | Unset = UNSET
    tables_successful: int | None | Unset = UNSET
    tables_failed: int | None | Unset = UNSET
    tables_remaining: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        status: str
        if isinstance(self.status, KnownCloudMigrationStatus):
            status = self.status.value
        else:
            status = self.status

        odata_etag = self.odata_etag

        odata_context = self.odata_context

        run_id: None | str | Unset
        if isinstance(self.run_id, Unset):
            run_id = UNSET
        else:
            run_id = self.run_id

        start_time: None | str | Unset
        if isinstance(self.start_time, Unset):
            start_time = UNSET
        elif isinstance(self.start_time, datetime.datetime):
            start_time = self.start_time.isoformat()
        else:
            start_time = self.start_time

        end_time: None | str | Unset
        if isinstance(self.end_time, Unset):
            end_time = UNSET
        elif isinstance(self.end_time, datetime.datetime):
            end_time = self.end_time.isoformat()
        else:
            end_time = self.end_time

        replication_type: None | str | Unset
        if isinstance(self.replication_type, Unset):
            replication_type = UNSET
        else:
            replication_type = self.replication_type

        source: None | str | Unset
        if isinstance(self.source, Unset):
            source = UNSET
        else:
            source = self.source

        details: None | str | Unset
        if isinstance(self.details, Unset):
            details = UNSET
        else:
            details = self.details

        tables_successful: int | None | Unset
        if isinstance(self.tables_successful, Unset):
            tables_successful = UNSET
        else:
            tables_successful = self.tables_successful

        tables_failed: int | None | Unset
        if isinstance(self.tables_failed, Unset):
            tables_failed = UNSET
        else:
            tables_failed = self.tables_failed

        tables_remaining: int | None | Unset
        if isinstance(self.tables_remaining, Unset):
            tables_remaining = UNSET
        else:
            tables_remaining = self.tables_remaining

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "status": status,
            }
        )
        if odata_etag is not UNSET:
            field_dict["@odata.etag"] = odata_etag
        if odata_context is not UNSET:
            field_dict["@odata.context"] = odata_context
        if run_id is not UNSET:
            field_dict["runId"] = run_id
        if start_time is not UNSET:
            field_dict["startTime"] = start_time
        if end_time is not UNSET:
            field_dict["endTime"] = end_time
        if replication_type is not UNSET:
            field_dict["replicationType"] = replication_type
        if source is not UNSET:
            field_dict["source"] = source
        if details is not UNSET:
            field_dict["details"] = details
        if tables_successful is not UNSET:
            field_dict["tablesSuccessful"] = tables_successful
        if tables_failed is not UNSET:
            field_dict["tablesFailed"] = tables_failed
        if tables_remaining is not UNSET:
            field_dict["tablesRemaining"] = tables_remaining

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        def _parse_status(data: object) -> KnownCloudMigrationStatus | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = KnownCloudMigrationStatus(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KnownCloudMigrationStatus | str, data)

        status = _parse_status(d.pop("status"))

        odata_etag = d.pop("@odata.etag", UNSET)

        odata_context = d.pop("@odata.context", UNSET)

        def _parse_run_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        run_id = _parse_run_id(d.pop("runId", UNSET))

        def _parse_start_time(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                start_time_type_0 = datetime.datetime.fromisoformat(data)

                return start_time_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        start_time = _parse_start_time(d.pop("startTime", UNSET))

        def _parse_end_time(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                end_time_type_0 = datetime.datetime.fromisoformat(data)

                return end_time_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        end_time = _parse_end_time(d.pop("endTime", UNSET))

        def _parse_replication_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        replication_type = _parse_replication_type(d.pop("replicationType", UNSET))

        def _parse_source(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        source = _parse_source(d.pop("source", UNSET))

        def _parse_details(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        details = _parse_details(d.pop("details", UNSET))

        def _parse_tables_successful(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        tables_successful = _parse_tables_successful(d.pop("tablesSuccessful", UNSET))

        def _parse_tables_failed(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        tables_failed = _parse_tables_failed(d.pop("tablesFailed", UNSET))

        def _parse_tables_remaining(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        tables_remaining = _parse_tables_remaining(d.pop("tablesRemaining", UNSET))

        cloud_migration_status = cls(
            id=id,
            status=status,
            odata_etag=odata_etag,
            odata_context=odata_context,
            run_id=run_id,
            start_time=start_time,
            end_time=end_time,
            replication_type=replication_type,
            source=source,
            details=details,
            tables_successful=tables_successful,
            tables_failed=tables_failed,
            tables_remaining=tables_remaining,
        )

        cloud_migration_status.additional_properties = dict(d)
        return cloud_migration_status

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
