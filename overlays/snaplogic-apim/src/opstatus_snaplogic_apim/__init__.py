"""SnapLogic APIM 3.0 Service migration status: wait on migrations by status token.

```python
from opstatus_snaplogic_apim import SnapLogicApimClient

with SnapLogicApimClient() as client:  # credentials, base URL and org from OPSTATUS_SNAPLOGIC_*
    outcome = client.wait({"org_name": "my-environment", "status_token": token})
    # or start the migrations, then wait on every asset's status token together
    results = client.migrate_and_wait(
        [{"asset_path": "/snaplogic/apim/MyLegacyApi/1.0",
          "service_config": {"target_path": "/snaplogic/projects/destination"}}],
        org_name="snaplogic",
    )
```
"""

from opstatus_core import sdk as _core_sdk
from opstatus_core.plugin import Credential, Plugin
from opstatus_core.sdk import *  # noqa: F403 - the same errors and outcome types in every SDK
from opstatus_snaplogic_apim_client.models import (
    KnownMigrationStatus,
    MigrateAsset,
    MigrationStatusDocument,
    MigrationStatusType,
    MigrationTokenNotFound,
)

from ._client import (
    DEFAULT_BASE_URL,
    ENV_BASE_URL,
    ENV_ORG,
    ENV_PASSWORD,
    ENV_TOKEN,
    ENV_USERNAME,
    PROVIDER,
    Asset,
    AsyncSnapLogicApimClient,
    MigrationEntry,
    SnapLogicApimClient,
    SnapLogicReference,
)

PLUGIN = Plugin(
    provider=PROVIDER,
    client=SnapLogicApimClient,
    async_client=AsyncSnapLogicApimClient,
    summary="SnapLogic APIM 3.0: wait on Service version migrations by status token.",
    credentials=(
        Credential("username", ENV_USERNAME, "Email of the user (basic auth).", secret=False),
        Credential("password", ENV_PASSWORD, "Password of the user (basic auth)."),
        Credential("token", ENV_TOKEN, "A JWT (bearer auth), instead of username/password."),
        Credential("org_name", ENV_ORG, "Environment (org) for bare status tokens.", secret=False),
    ),
    fake="opstatus_snaplogic_apim.testing:SnapLogicApimFake",
)

__all__ = [
    "DEFAULT_BASE_URL",
    "ENV_BASE_URL",
    "ENV_ORG",
    "ENV_PASSWORD",
    "ENV_TOKEN",
    "ENV_USERNAME",
    "PLUGIN",
    "PROVIDER",
    "Asset",
    "AsyncSnapLogicApimClient",
    "KnownMigrationStatus",
    "MigrateAsset",
    "MigrationEntry",
    "MigrationStatusDocument",
    "MigrationStatusType",
    "MigrationTokenNotFound",
    "SnapLogicApimClient",
    "SnapLogicReference",
]
__all__ += _core_sdk.__all__  # the same errors and outcome types in every SDK
