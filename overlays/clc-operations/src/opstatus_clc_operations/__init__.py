"""CenturyLink Cloud (Tier 3) API v2: wait on jobs of the operations status queue.

```python
from opstatus_clc_operations import ClcOperationsClient

with ClcOperationsClient() as client:  # OPSTATUS_CLC_USERNAME / OPSTATUS_CLC_PASSWORD
    print(client.wait("wa1-12345").status)
```

What a status means comes from the packaged spec's ``x-opstatus`` (read by opstatus-core). The
fake (``opstatus_clc_operations.testing``) needs the ``testing`` extra.
"""

from opstatus_core import sdk as _core_sdk
from opstatus_core.plugin import Credential, Plugin
from opstatus_core.sdk import *  # noqa: F403 - the same errors and outcome types in every SDK

from ._client import (
    ALIAS_ENV,
    BASE_URL_ENV,
    DEFAULT_BASE_URL,
    PASSWORD_ENV,
    PROVIDER,
    TOKEN_ENV,
    USERNAME_ENV,
    AsyncClcOperationsClient,
    ClcOperationsClient,
    ClcReference,
    LoginFailed,
    parse_reference,
)

PLUGIN = Plugin(
    provider=PROVIDER,
    client=ClcOperationsClient,
    async_client=AsyncClcOperationsClient,
    summary="CenturyLink Cloud API v2: wait on a job of the operations status queue.",
    credentials=(
        Credential("username", USERNAME_ENV, "Control Portal user name (to log in)", secret=False),
        Credential("password", PASSWORD_ENV, "Control Portal password (to log in)"),
        Credential("token", TOKEN_ENV, "an existing bearer token (instead of logging in)"),
        Credential(
            "account_alias",
            ALIAS_ENV,
            "account alias (default: the login's accountAlias)",
            secret=False,
        ),
    ),
    fake="opstatus_clc_operations.testing:ClcOperationsFake",
)

__all__ = [
    "ALIAS_ENV",
    "BASE_URL_ENV",
    "DEFAULT_BASE_URL",
    "PASSWORD_ENV",
    "PLUGIN",
    "PROVIDER",
    "TOKEN_ENV",
    "USERNAME_ENV",
    "AsyncClcOperationsClient",
    "ClcOperationsClient",
    "ClcReference",
    "LoginFailed",
    "parse_reference",
]
__all__ += _core_sdk.__all__  # the same errors and outcome types in every SDK
