from enum import StrEnum


class KnownCloudMigrationStatus(StrEnum):
    COMPLETED = "Completed"
    DATA_REPAIR_PENDING_CAPTION = "Data Repair Pending"
    FAILED = "Failed"
    IN_PROGRESS = "InProgress"
    IN_PROGRESS_CAPTION = "In Progress"
    REPAIR_DATA_PENDING = "RepairDataPending"
    UPGRADE_FAILED = "UpgradeFailed"
    UPGRADE_FAILED_CAPTION = "Upgrade Failed"
    UPGRADE_IN_PROGRESS = "UpgradeInProgress"
    UPGRADE_IN_PROGRESS_CAPTION = "Upgrade in Progress"
    UPGRADE_PENDING = "UpgradePending"
    UPGRADE_PENDING_CAPTION = "Upgrade Pending"

    def __str__(self) -> str:
        return str(self.value)
