from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="StatusSummary")


@_attrs_define
class StatusSummary:
    """StatusSummary: document counts of the batch. Not nullable. A batch can be `Succeeded` while
    `failed` is above zero.

        Attributes:
            total (int): Integer, not nullable. Total count.
            failed (int): Integer, not nullable. Failed count.
            success (int): Integer, not nullable. Number of successful.
            in_progress (int): Integer, not nullable. Number of in progress.
            not_yet_started (int): Integer, not nullable. Count of not yet started.
            cancelled (int): Integer, not nullable. Number of canceled.
            total_character_charged (int): Integer, not nullable. Total characters charged by the API.
    """

    total: int
    failed: int
    success: int
    in_progress: int
    not_yet_started: int
    cancelled: int
    total_character_charged: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        total = self.total

        failed = self.failed

        success = self.success

        in_progress = self.in_progress

        not_yet_started = self.not_yet_started

        cancelled = self.cancelled

        total_character_charged = self.total_character_charged

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "total": total,
                "failed": failed,
                "success": success,
                "inProgress": in_progress,
                "notYetStarted": not_yet_started,
                "cancelled": cancelled,
                "totalCharacterCharged": total_character_charged,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        total = d.pop("total")

        failed = d.pop("failed")

        success = d.pop("success")

        in_progress = d.pop("inProgress")

        not_yet_started = d.pop("notYetStarted")

        cancelled = d.pop("cancelled")

        total_character_charged = d.pop("totalCharacterCharged")

        status_summary = cls(
            total=total,
            failed=failed,
            success=success,
            in_progress=in_progress,
            not_yet_started=not_yet_started,
            cancelled=cancelled,
            total_character_charged=total_character_charged,
        )

        status_summary.additional_properties = dict(d)
        return status_summary

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
