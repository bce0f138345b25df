"""The LCS Database Movement binding: reference checks, the provider, and the two clients.

Everything about *what a status means* (the four classes, where the status, the echoed id, the
error and the ``IsSuccess`` flag sit) is read by core from the spec's ``x-opstatus``; this module
only says how one status request is made and what LCS needs on top (``x-ms-version``, the
``VersionEOL`` deprecation warning, defaults for ``projectId``/``environmentId``).
"""

from __future__ import annotations

import re
import threading
import warnings
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, Self
from uuid import UUID

import attrs
from opstatus_core import (
    AsyncStatusClient,
    BearerToken,
    ClientBase,
    Hooks,
    OperationReference,
    Provider,
    Secret,
    StatusClient,
    StatusEvent,
    parse_guid,
    secret_or_env,
)
from opstatus_core.limits import MAX_WARNED_VALUES
from opstatus_core.sdk import (
    ApiError,
    AuthenticationError,
    InvalidOperationReference,
)
from opstatus_lcs_dbmovement_client.api.database_movement import get_operation_status
from opstatus_lcs_dbmovement_client.client import Client

NAME = "lcs-dbmovement"
TOKEN_ENV = "OPSTATUS_LCS_TOKEN"
BASE_URL_ENV = "OPSTATUS_LCS_BASE_URL"
PROJECT_ID_ENV = "OPSTATUS_LCS_PROJECT_ID"
ENVIRONMENT_ID_ENV = "OPSTATUS_LCS_ENVIRONMENT_ID"
#: the spec's default server (``lcsApiHost``); regional hosts are listed in the spec
DEFAULT_BASE_URL = "https://lcsapi.lcs.dynamics.com"
#: the ``x-ms-version`` the reference page documents (the spec's default); sent on every request
X_MS_VERSION = "2017-09-15"

PROJECT_ID = "projectId"
ENVIRONMENT_ID = "environmentId"
ACTIVITY_ID = "operationactivityId"
REFERENCE_KEYS = (PROJECT_ID, ENVIRONMENT_ID, ACTIVITY_ID)

# -- references -----------------------------------------------------------------------------

_INTEGER = re.compile(r"-?[0-9]+")


def _refuse(message: str) -> InvalidOperationReference:
    return InvalidOperationReference(f"{NAME}: {message}")


def _project_id(value: object) -> int:
    try:
        if isinstance(value, int) and not isinstance(value, bool):
            str(value)  # an int Python cannot write out (over 4,300 digits) cannot be sent
            return value
        if isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
            return int(value.strip())
        shown = repr(value)
    except ValueError:  # sys.get_int_max_str_digits(): the int or its text is too long
        shown = "an integer of more than 4,300 digits"
    raise _refuse(f"projectId must be an integer (the LCS project id), not {shown:.60}.")


@attrs.frozen
class LcsReference(OperationReference):
    """One Database Movement operation: ``{"projectId": ..., "environmentId": GUID,
    "operationactivityId": GUID}``, or the activity id alone with the client's default project
    and environment."""

    provider = NAME
    keys = REFERENCE_KEYS
    id_key = ACTIVITY_ID
    missing_hint = (
        f" (or set {PROJECT_ID_ENV} / {ENVIRONMENT_ID_ENV}, or pass project_id= / "
        "environment_id= to the client)"
    )

    project_id: int
    environment_id: UUID
    operationactivity_id: UUID

    @classmethod
    def _from_values(cls, values: Mapping[str, object]) -> Self:
        return cls(
            _project_id(values[PROJECT_ID]),
            cls.guid(values, ENVIRONMENT_ID),
            cls.guid(values, ACTIVITY_ID),
        )

    def to_kwargs(self) -> dict[str, Any]:
        return {
            "project_id": self.project_id,
            "environment_id": self.environment_id,
            "operationactivity_id": self.operationactivity_id,
            "x_ms_version": X_MS_VERSION,
        }

    def to_dict(self) -> dict[str, str]:
        return {
            PROJECT_ID: str(self.project_id),
            ENVIRONMENT_ID: str(self.environment_id),
            ACTIVITY_ID: str(self.operationactivity_id),
        }


def make_reference(
    project_id: int | str, environment_id: UUID | str, operationactivity_id: UUID | str
) -> dict[str, str]:
    """The canonical reference of one operation (raises :class:`InvalidOperationReference`)."""
    values = {
        PROJECT_ID: project_id,
        ENVIRONMENT_ID: environment_id,
        ACTIVITY_ID: operationactivity_id,
    }
    return LcsReference.parse(values).to_dict()


# -- VersionEOL -----------------------------------------------------------------------------


class ApiVersionDeprecationWarning(DeprecationWarning):
    """LCS reports an end-of-life date (``VersionEOL``) for the Database Movement API version.

    A subclass of :class:`DeprecationWarning`, so Python's default filters hide it outside
    ``__main__``; enable it with ``warnings.simplefilter("default", ApiVersionDeprecationWarning)``
    or ``-W default::DeprecationWarning``.
    """


#: LCS sets ``VersionEOL`` (otherwise the .NET maximum date) when it deprecates a version, at
#: least six months before retiring it. Warn when the date is in the past or within this horizon
#: (a little over a year, so every announced retirement is reported; 9999-12-31 never is).
EOL_WARNING_HORIZON = timedelta(days=400)

#: a .NET DateTime in ISO form is at most 33 characters; a longer VersionEOL is ignored (not
#: parsed, cached or shown)
_MAX_EOL_CHARS = 64
_warned_eol: set[str] = set()
_warned_lock = threading.Lock()


def parse_version_eol(value: str) -> datetime | None:
    """A ``VersionEOL`` value (a zone-less .NET DateTime, read as UTC), or None if unreadable.

    Python 3.11's ``fromisoformat`` reads .NET's seven fraction digits (to microseconds)."""
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _warn_version_eol(event: StatusEvent) -> None:
    """Every 2xx status document (an ``IsSuccess: false`` one too) carries ``VersionEOL``;
    compared with the poll's wall time from the client's clock."""
    value = getattr(event.model, "version_eol", None)
    if not isinstance(value, str) or len(value) > _MAX_EOL_CHARS:
        return
    eol = parse_version_eol(value)
    if eol is None:
        return
    now = datetime.fromtimestamp(event.now, UTC)
    if eol - now > EOL_WARNING_HORIZON:
        return
    with _warned_lock:
        if value in _warned_eol or len(_warned_eol) >= MAX_WARNED_VALUES:
            return
        _warned_eol.add(value)
    when = "was retired on" if eol <= now else "is deprecated and will be retired on"
    warnings.warn(
        f"{NAME}: the Database Movement API version (x-ms-version {X_MS_VERSION}) {when} "
        f"{eol:%Y-%m-%d} (VersionEOL {value}); move to the newer API version.",
        ApiVersionDeprecationWarning,
        stacklevel=2,
    )


PROVIDER = Provider(
    name=NAME,
    spec_package="opstatus_lcs_dbmovement",
    operation_id="getOperationStatus",
    endpoint=get_operation_status,
    client_class=Client,
    reference=LcsReference,
    base_url_env=BASE_URL_ENV,
    default_base_url=DEFAULT_BASE_URL,
    default_envs={PROJECT_ID: PROJECT_ID_ENV, ENVIRONMENT_ID: ENVIRONMENT_ID_ENV},
    hooks=Hooks(
        on_status=_warn_version_eol,
        hints={
            # ApiError covers IsSuccess false and any unexpected HTTP status: the hint fits both
            ApiError: "Check projectId, environmentId and operationactivityId, the caller's "
            "access to the project and the base URL (an IsSuccess false answer carries LCS's "
            "ErrorMessage).",
            AuthenticationError: f"Check the Microsoft Entra ID access token ({TOKEN_ENV}): "
            "user_impersonation on Dynamics Lifecycle services, not expired.",
        },
    ),
)


# -- the clients ----------------------------------------------------------------------------


class _LcsDbMovement(ClientBase):
    """What both LCS clients add to core's bases: their keywords and the reference defaults."""

    provider = PROVIDER

    def __init__(
        self,
        *,
        token: str | Secret | None = None,
        project_id: int | str | None = None,
        environment_id: UUID | str | None = None,
        environ: Mapping[str, str] | None = None,
        **options: Any,
    ) -> None:
        token = secret_or_env(
            token, TOKEN_ENV, provider=NAME, what="access token", keyword="token", environ=environ
        )
        defaults = {PROJECT_ID: project_id, ENVIRONMENT_ID: environment_id}
        super().__init__(auth=BearerToken(token), defaults=defaults, environ=environ, **options)

    def parse_default(self, key: str, value: object) -> str:
        """Default ``projectId`` (an integer) and ``environmentId`` (a GUID), canonical."""
        if key == PROJECT_ID:
            return str(_project_id(value))
        return str(parse_guid(value, key, provider=NAME))


class LcsDbMovementClient(_LcsDbMovement, StatusClient):
    """Sync client: ``client.wait({"projectId": ..., "environmentId": ..., "operationactivityId":
    ...})`` (or just the activity id, with default project/environment).

    ``token``: a Microsoft Entra ID access token for Dynamics Lifecycle services (else
    ``OPSTATUS_LCS_TOKEN``). ``base_url``: else ``OPSTATUS_LCS_BASE_URL``, else
    ``https://lcsapi.lcs.dynamics.com``. ``project_id``/``environment_id``: defaults for
    references (else ``OPSTATUS_LCS_PROJECT_ID``/``OPSTATUS_LCS_ENVIRONMENT_ID``). Other keywords
    (``policy``, ``clock``, ``request_timeout``, ``transport``, ...) go to core's ``StatusClient``.
    """


class AsyncLcsDbMovementClient(_LcsDbMovement, AsyncStatusClient):
    """Async client; the same keywords as :class:`LcsDbMovementClient`."""
