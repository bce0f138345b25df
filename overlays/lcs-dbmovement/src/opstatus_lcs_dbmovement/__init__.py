"""LCS Database Movement API: waiting on its long-running operations (refresh, export, ...).

    from opstatus_lcs_dbmovement import LcsDbMovementClient

    with LcsDbMovementClient() as client:  # token and base URL from OPSTATUS_LCS_* env vars
        ref = {"projectId": "12345", "environmentId": env_guid, "operationactivityId": op_guid}
        outcome = client.wait(ref)

The polling semantics (which ``OperationStatus`` values are pending, succeeded, failed or
canceled, ``IsSuccess``, the echoed ``ActivityId``) come from the packaged spec's ``x-opstatus``.
The fake is in :mod:`opstatus_lcs_dbmovement.testing` (the ``testing`` extra).
"""

from opstatus_core import sdk as _core_sdk
from opstatus_core.plugin import Credential, Plugin
from opstatus_core.sdk import *  # noqa: F403 - the same errors and outcome types in every SDK
from opstatus_lcs_dbmovement_client.models import KnownOperationStatus, OperationStatusResponse

from ._client import (
    BASE_URL_ENV,
    DEFAULT_BASE_URL,
    ENVIRONMENT_ID_ENV,
    EOL_WARNING_HORIZON,
    PROJECT_ID_ENV,
    PROVIDER,
    TOKEN_ENV,
    X_MS_VERSION,
    ApiVersionDeprecationWarning,
    AsyncLcsDbMovementClient,
    LcsDbMovementClient,
    LcsReference,
    make_reference,
    parse_version_eol,
)

PLUGIN = Plugin(
    provider=PROVIDER,
    client=LcsDbMovementClient,
    async_client=AsyncLcsDbMovementClient,
    summary="Dynamics 365 LCS Database Movement API v1: wait on a database movement operation.",
    credentials=(
        Credential(
            kwarg="token",
            env=TOKEN_ENV,
            help="Microsoft Entra ID access token for Dynamics Lifecycle services "
            "(delegated user_impersonation).",
        ),
        Credential(
            kwarg="project_id",
            env=PROJECT_ID_ENV,
            help="default LCS project id (an integer) for bare operation activity ids "
            "(not a secret)",
            secret=False,
        ),
        Credential(
            kwarg="environment_id",
            env=ENVIRONMENT_ID_ENV,
            help="default LCS environment GUID for bare operation activity ids (not a secret)",
            secret=False,
        ),
    ),
    fake="opstatus_lcs_dbmovement.testing:LcsDbMovementFake",
)

__all__ = [
    "BASE_URL_ENV",
    "DEFAULT_BASE_URL",
    "ENVIRONMENT_ID_ENV",
    "EOL_WARNING_HORIZON",
    "PLUGIN",
    "PROJECT_ID_ENV",
    "PROVIDER",
    "TOKEN_ENV",
    "X_MS_VERSION",
    "ApiVersionDeprecationWarning",
    "AsyncLcsDbMovementClient",
    "KnownOperationStatus",
    "LcsDbMovementClient",
    "LcsReference",
    "OperationStatusResponse",
    "make_reference",
    "parse_version_eol",
]
__all__ += _core_sdk.__all__  # the same errors and outcome types in every SDK
