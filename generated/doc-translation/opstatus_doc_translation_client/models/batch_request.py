from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.known_storage_input_type import KnownStorageInputType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.source_input import SourceInput
    from ..models.target_input import TargetInput


T = TypeVar("T", bound="BatchRequest")


@_attrs_define
class BatchRequest:
    """Definition for the input batch translation request. Not on the seed page. The preview page
    marks `storageType` required; the provider's REST spec and the v1.0 page make it optional
    (`File` is needed for single-document translation), as here.

        Attributes:
            source (SourceInput): Source of the input documents. Not on the seed page.
            targets (list[TargetInput]): Array of TargetInput, required. Location of the destination for the output.
            storage_type (KnownStorageInputType | str | Unset): StorageInputType, optional. Storage type of the input
                documents source string: one of
                `KnownStorageInputType`, or any other string the service may add.
    """

    source: SourceInput
    targets: list[TargetInput]
    storage_type: KnownStorageInputType | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        source = self.source.to_dict()

        targets = []
        for targets_item_data in self.targets:
            targets_item = targets_item_data.to_dict()
            targets.append(targets_item)

        storage_type: str | Unset
        if isinstance(self.storage_type, Unset):
            storage_type = UNSET
        elif isinstance(self.storage_type, KnownStorageInputType):
            storage_type = self.storage_type.value
        else:
            storage_type = self.storage_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "source": source,
                "targets": targets,
            }
        )
        if storage_type is not UNSET:
            field_dict["storageType"] = storage_type

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.source_input import SourceInput  # noqa: PLC0415
        from ..models.target_input import TargetInput  # noqa: PLC0415

        d = dict(src_dict)
        source = SourceInput.from_dict(d.pop("source"))

        targets = []
        _targets = d.pop("targets")
        for targets_item_data in _targets:
            targets_item = TargetInput.from_dict(targets_item_data)

            targets.append(targets_item)

        def _parse_storage_type(data: object) -> KnownStorageInputType | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                storage_type_type_0 = KnownStorageInputType(data)

                return storage_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KnownStorageInputType | str | Unset, data)

        storage_type = _parse_storage_type(d.pop("storageType", UNSET))

        batch_request = cls(
            source=source,
            targets=targets,
            storage_type=storage_type,
        )

        batch_request.additional_properties = dict(d)
        return batch_request

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
