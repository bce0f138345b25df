"""SnapLogic APIM 3.0 Service migration status: wait on migrations by status token.

```python
from opstatus_snaplogic_apim import SnapLogicApimClient

with SnapLogicApimClient() as client:  # credentials, base URL and org from OPSTATUS_SNAPLOGIC_*
    outcome = client.wait({"org_name": "my-environment", "status_token": token})
```
"""

from opstatus_core import Credential, Plugin
from opstatus_core import sdk as _core_sdk
from opstatus_core.sdk import *  # noqa: F403 - the same errors and outcome types in every SDK
from opstatus_snaplogic_apim_client.models import (
    KnownMigrationStatus,
    MigrationRecord,
    MigrationStatusDocument,
    MigrationStatusType,
    MigrationTokenNotFound,
)

from .client import (
    DEFAULT_BASE_URL,
    ENV_BASE_URL,
    ENV_ORG,
    ENV_PASSWORD,
    ENV_TOKEN,
    ENV_USERNAME,
    PROVIDER,
    AsyncSnapLogicApimClient,
    MigrationEntry,
    SnapLogicApimClient,
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
    "AsyncSnapLogicApimClient",
    "KnownMigrationStatus",
    "MigrationEntry",
    "MigrationRecord",
    "MigrationStatusDocument",
    "MigrationStatusType",
    "MigrationTokenNotFound",
    "SnapLogicApimClient",
]
__all__ += _core_sdk.__all__  # the same errors and outcome types in every SDK
