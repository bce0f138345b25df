"""Typed sync/async client for the Business Central cloud-migration API (API v1.0).

Wait for a cloud migration run (``cloudMigrationStatus``), start one with the bound actions
(``runReplication``, ``runDataUpgrade``, ...) and read its per-table details. The classification
of the statuses (both spellings: member names and captions) comes from the packaged spec's
``x-opstatus`` through ``opstatus-core``. A fake of the API is in
``opstatus_bc_cloudmigration.testing`` (the ``testing`` extra).
"""

from opstatus_bc_cloudmigration_client.models import (
    CloudMigrationStatus,
    CloudMigrationStatusDetail,
    KnownCloudMigrationStatus,
    KnownCloudMigrationStatusDetailStatus,
    ODataError,
)
from opstatus_core import sdk as _core_sdk
from opstatus_core.plugin import Credential, Plugin
from opstatus_core.sdk import *  # noqa: F403 - the same errors and outcome types in every SDK

from ._client import (
    BASE_URL_ENV,
    COMPANY_ENV,
    GOAL_ENV,
    GOALS,
    PASSWORD_ENV,
    PROVIDER,
    TOKEN_ENV,
    USERNAME_ENV,
    AsyncBcCloudMigrationClient,
    BcCloudMigrationClient,
    BcReference,
)

PLUGIN = Plugin(
    provider=PROVIDER,
    client=BcCloudMigrationClient,
    async_client=AsyncBcCloudMigrationClient,
    summary="Business Central cloud migration runs (replication, data upgrade): status and wait.",
    credentials=(
        Credential("token", TOKEN_ENV, "Microsoft Entra ID (Azure AD) bearer token"),
        Credential("username", USERNAME_ENV, "on-premises user name (basic auth)", secret=False),
        Credential("password", PASSWORD_ENV, "on-premises web service access key (basic auth)"),
        Credential(
            "company_id",
            COMPANY_ENV,
            "default company GUID for bare run ids (not a secret)",
            secret=False,
        ),
        Credential(
            "goal",
            GOAL_ENV,
            "what a wait waits for: replication (default) or migration (not a secret)",
            secret=False,
        ),
    ),
    fake="opstatus_bc_cloudmigration.testing:BcCloudMigrationFake",
    # runReplication (204, no id): each returns the new run's {company_id, id}
    start_calls={
        "run_replication": "ref (optional): the record to bind to; company_id (optional)",
        "run_data_upgrade": "ref: the run in UpgradePending",
    },
)

__all__ = [
    "BASE_URL_ENV",
    "COMPANY_ENV",
    "GOALS",
    "GOAL_ENV",
    "PASSWORD_ENV",
    "PLUGIN",
    "PROVIDER",
    "TOKEN_ENV",
    "USERNAME_ENV",
    "AsyncBcCloudMigrationClient",
    "BcCloudMigrationClient",
    "BcReference",
    "CloudMigrationStatus",
    "CloudMigrationStatusDetail",
    "KnownCloudMigrationStatus",
    "KnownCloudMigrationStatusDetailStatus",
    "ODataError",
]
__all__ += _core_sdk.__all__  # the same errors and outcome types in every SDK
