from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.known_operation_status import KnownOperationStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="OperationStatusResponse")


@_attrs_define
class OperationStatusResponse:
    """Body of `getOperationStatus`: the Database Movement response contract (`DatabaseMovementResponse`: `IsSuccess`,
    `OperationActivityId`, `ErrorMessage`, `VersionEOL`) plus the status of the requested operation. When `IsSuccess` is
    true the body carries `OperationStatus` and `ActivityId` (the requested operation's status and id, as in the page's
    example), so they are required then (`if`/`then`); when `IsSuccess` is false the status properties may be missing,
    so they are optional otherwise. In the page's example `OperationActivityId` identifies this status call itself, not
    the requested operation (which comes back as `ActivityId`).

        Attributes:
            is_success (bool): Whether the call succeeded. Always evaluate it: the response is 200 OK even when the action
                failed, and then `ErrorMessage` says why.
            operation_activity_id (UUID): Id (a GUID) of the activity of this API call itself. It is not the requested
                operation activity id: in the page's example it is 6a90b45f-1764-4077-b924-3f4671540237 while the request asked
                for 55eb4327-9346-4c7b-82bd-fe8ef15112c6 (echoed as `ActivityId`).
            error_message (None | str): Why the call failed when `IsSuccess` is false; null when it succeeded.
            version_eol (str): Version end of life: the date and time (a .NET DateTime without time zone, such as
                '9999-12-31T23:59:59.9999999') at which this API version is retired. It holds the .NET maximum date
                ('9999-12-31T23:59:59.9999999') until Microsoft deprecates the endpoint or the API version, so a client can
                watch it for upcoming changes. A string, not `format: date-time`, because it has no zone.
            project_id (int | Unset): The LCS project id of the request (12345 in the page's example).
            environment_id (UUID | Unset): The environment id (a GUID) of the request.
            activity_id (UUID | Unset): The operation activity id (a GUID) whose status this is; it echoes the
                `operationactivityId` of the request.
            completion_date (None | str | Unset): When the operation completed; null while it has not (null in the page's
                example, an operation in progress). The page shows no value; it is expected in the same zone-less .NET DateTime
                form as `VersionEOL`, hence a string rather than `format: date-time`.
            operation_status (KnownOperationStatus | str | Unset): Status of the operation: one of `KnownOperationStatus`
                (see there for each value's meaning), or any other string if LCS adds a status (treat an unknown value as not
                finished).
    """

    is_success: bool
    operation_activity_id: UUID
    error_message: None | str
    version_eol: str
    project_id: int | Unset = UNSET
    environment_id: UUID | Unset = UNSET
    activity_id: UUID | Unset = UNSET
    completion_date: None | str | Unset = UNSET
    operation_status: KnownOperationStatus | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        is_success = self.is_success

        operation_activity_id = str(self.operation_activity_id)

        error_message: None | str
        error_message = self.error_message

        version_eol = self.version_eol

        project_id = self.project_id

        environment_id: str | Unset = UNSET
        if not isinstance(self.environment_id, Unset):
            environment_id = str(self.environment_id)

        activity_id: str | Unset = UNSET
        if not isinstance(self.activity_id, Unset):
            activity_id = str(self.activity_id)

        completion_date: None | str | Unset
        if isinstance(self.completion_date, Unset):
            completion_date = UNSET
        else:
            completion_date = self.completion_date

        operation_status: str | Unset
        if isinstance(self.operation_status, Unset):
            operation_status = UNSET
        elif isinstance(self.operation_status, KnownOperationStatus):
            operation_status = self.operation_status.value
        else:
            operation_status = self.operation_status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "IsSuccess": is_success,
                "OperationActivityId": operation_activity_id,
                "ErrorMessage": error_message,
                "VersionEOL": version_eol,
            }
        )
        if project_id is not UNSET:
            field_dict["ProjectId"] = project_id
        if environment_id is not UNSET:
            field_dict["EnvironmentId"] = environment_id
        if activity_id is not UNSET:
            field_dict["ActivityId"] = activity_id
        if completion_date is not UNSET:
            field_dict["CompletionDate"] = completion_date
        if operation_status is not UNSET:
            field_dict["OperationStatus"] = operation_status

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        is_success = d.pop("IsSuccess")

        operation_activity_id = UUID(d.pop("OperationActivityId"))

        def _parse_error_message(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error_message = _parse_error_message(d.pop("ErrorMessage"))

        version_eol = d.pop("VersionEOL")

        project_id = d.pop("ProjectId", UNSET)

        _environment_id = d.pop("EnvironmentId", UNSET)
        environment_id: UUID | Unset
        if isinstance(_environment_id, Unset):
            environment_id = UNSET
        else:
            environment_id = UUID(_environment_id)

        _activity_id = d.pop("ActivityId", UNSET)
        activity_id: UUID | Unset
        if isinstance(_activity_id, Unset):
            activity_id = UNSET
        else:
            activity_id = UUID(_activity_id)

        def _parse_completion_date(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        completion_date = _parse_completion_date(d.pop("CompletionDate", UNSET))

        def _parse_operation_status(data: object) -> KnownOperationStatus | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                operation_status_type_0 = KnownOperationStatus(data)

                return operation_status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KnownOperationStatus | str | Unset, data)

        operation_status = _parse_operation_status(d.pop("OperationStatus", UNSET))

        operation_status_response = cls(
            is_success=is_success,
            operation_activity_id=operation_activity_id,
            error_message=error_message,
            version_eol=version_eol,
            project_id=project_id,
            environment_id=environment_id,
            activity_id=activity_id,
            completion_date=completion_date,
            operation_status=operation_status,
        )

        operation_status_response.additional_properties = dict(d)
        return operation_status_response

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
