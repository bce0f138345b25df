"""The SnapLogic APIM migration-status SDK: core's engine bound to the generated client.

A migration is named by ``{"org_name": ..., "status_token": ...}``. ``start_migration`` starts
one migration per Classic APIM asset (``startServiceMigration``) and gives back their references;
``migrate_and_wait`` then waits on all of them together. Waiting on many tokens of one
org polls them together, several tokens per request (core's batched rounds, chunked by a URL
budget); a token the server answers with ``{"status": "Not Found"}`` fails only that token
(``OperationNotFound``: the spec's ``x-opstatus`` ``notFound``). Classification comes from the
spec's ``x-opstatus`` (``getMigrationStatusByToken``); single waits and ``wait_many`` give the
same typed per-token model (:data:`MigrationEntry`, through ``BatchSupport.entry_model``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Self

import attrs
from opstatus_core import (
    AsyncStatusClient,
    BatchSupport,
    ClientBase,
    Hooks,
    OperationReference,
    PollPolicy,
    ProgressCallback,
    Provider,
    Secret,
    StatusClient,
    bearer_or_basic,
    load_spec,
    query_cost,
)
from opstatus_core.sdk import (
    InvalidOperationReference,
    MalformedResponse,
    OperationFailed,
    OperationNotFound,
    Outcome,
    WaitError,
)
from opstatus_snaplogic_apim_client.api.migration_status import (
    get_migration_status_by_token,
    list_migrations_by_status_type,
    start_service_migration,
)
from opstatus_snaplogic_apim_client.client import Client
from opstatus_snaplogic_apim_client.models import (
    MigrateAsset,
    MigrationRecordsByStatusTypeResponse,
    MigrationStatusDocument,
    MigrationStatusType,
    MigrationTokenNotFound,
    ServiceMigrationRequest,
    ServiceMigrationResponse,
)

NAME = "snaplogic-apim"
SPEC_PACKAGE = "opstatus_snaplogic_apim"
OPERATION_ID = "getMigrationStatusByToken"

ENV_BASE_URL = "OPSTATUS_SNAPLOGIC_BASE_URL"
ENV_USERNAME = "OPSTATUS_SNAPLOGIC_USERNAME"
ENV_PASSWORD = "OPSTATUS_SNAPLOGIC_PASSWORD"
ENV_TOKEN = "OPSTATUS_SNAPLOGIC_TOKEN"
ENV_ORG = "OPSTATUS_SNAPLOGIC_ORG"

#: the spec's first server with its variable at its default (elastic.snaplogic.com)
DEFAULT_BASE_URL = "https://elastic.snaplogic.com/api/1/rest/public/apim_service"

#: A status token's entry in the by-token response (a status document, or the not-found marker).
MigrationEntry = MigrationStatusDocument | MigrationTokenNotFound
#: One asset to migrate: the generated model, or its JSON form
#: (``{"asset_path": ..., "service_config": {"target_path": ...}}``).
Asset = MigrateAsset | Mapping[str, Any]

_ORG = "org_name"
_TOKEN = "status_token"
#: Characters of ``&status_token=<token>`` per request: with the base URL and an org name this
#: keeps a request URL around 2 KB (30 UUID tokens), inside what proxies and servers accept.
_URL_BUDGET = 1500


@functools.cache
def _length_limits() -> dict[str, tuple[int, int]]:
    """(minLength, maxLength) of ``org_name`` and of one ``status_token``, read from the spec."""
    spec: Any = load_spec(SPEC_PACKAGE)
    org = spec["components"]["parameters"]["OrgName"]["schema"]
    operation = spec["paths"]["/migration_status/{org_name}"]["get"]
    token = next(p for p in operation["parameters"] if p.get("name") == _TOKEN)["schema"]["items"]
    return {
        _ORG: (int(org.get("minLength", 1)), int(org.get("maxLength", 2**31))),
        _TOKEN: (int(token.get("minLength", 1)), int(token.get("maxLength", 2**31))),
    }


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _checked(key: str, value: str) -> str:
    low, high = _length_limits()[key]
    if not low <= len(value) <= high:
        raise InvalidOperationReference(
            f"{NAME}: {key} must be {low} to {high} characters long, not {len(value)}."
        )
    if _CONTROL.search(value):
        raise InvalidOperationReference(f"{NAME}: {key} contains a control character.")
    return value


@attrs.frozen
class SnapLogicReference(OperationReference):
    """One migration: ``{"org_name": ..., "status_token": ...}``, or the status token alone with
    the client's default org. Both are sent in the query, within the spec's length bounds."""

    provider = NAME
    keys = (_ORG, _TOKEN)
    id_key = _TOKEN
    missing_hint = f" (pass org_name= to the client or set {ENV_ORG})"

    org_name: str
    status_token: str

    @classmethod
    def _from_values(cls, values: Mapping[str, object]) -> Self:
        return cls(
            _checked(_ORG, cls.text(values, _ORG)), _checked(_TOKEN, cls.text(values, _TOKEN))
        )

    def to_kwargs(self) -> dict[str, Any]:
        return {_ORG: self.org_name, _TOKEN: [self.status_token]}

    def to_dict(self) -> dict[str, str]:
        return {_ORG: self.org_name, _TOKEN: self.status_token}


def _batch_kwargs(tokens: Sequence[str], ref: OperationReference) -> dict[str, Any]:
    """One request for several tokens of the first reference's org (each token was checked
    when its reference was parsed)."""
    return {**ref.to_kwargs(), _TOKEN: list(tokens)}


def _entry_model(entry: Mapping[str, Any]) -> MigrationEntry:
    """One entry of ``response_map`` as the generated model. The spec's anyOf is told apart by
    ``MigrationTokenNotFound``'s ``const`` status, the check its generated model makes: looked
    at first, instead of trying that model and catching its refusal on every poll."""
    if isinstance(entry, Mapping) and entry.get("status") == "Not Found":
        return MigrationTokenNotFound.from_dict(entry)
    return MigrationStatusDocument.from_dict(entry)


def _status_tokens(value: Any) -> list[str]:
    """Every ``status_token`` string in a start response's ``response_map``, in document order.

    The provider's page says the response "returns a status_token per asset" without spelling
    out the layout, so the spec leaves ``response_map`` open and this reads the tokens wherever
    they sit (a map keyed by asset, a list of entries, ...)."""
    found: list[str] = []
    if isinstance(value, Mapping):
        for key, item in value.items():
            if key == _TOKEN and isinstance(item, str):
                found.append(item)
            else:
                found.extend(_status_tokens(item))
    elif isinstance(value, list):
        for item in value:
            found.extend(_status_tokens(item))
    return list(dict.fromkeys(found))


def _start_body(org: str, assets: Sequence[Asset]) -> ServiceMigrationRequest:
    if isinstance(assets, Mapping) or not assets:
        raise InvalidOperationReference(f"{NAME}: give a non-empty list of assets to migrate.")
    entries: list[dict[str, Any]] = []
    for asset in assets:
        entry = asset.to_dict() if isinstance(asset, MigrateAsset) else dict(asset)
        try:
            entries.append(MigrateAsset.from_dict(entry).to_dict())
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise InvalidOperationReference(
                f"{NAME}: an asset needs asset_path and service_config.target_path ({exc!r})."
            ) from None
    return ServiceMigrationRequest.from_dict({"org_name": org, "migrate_assets": entries})


PROVIDER = Provider(
    name=NAME,
    spec_package=SPEC_PACKAGE,
    operation_id=OPERATION_ID,
    endpoint=get_migration_status_by_token,
    client_class=Client,
    reference=SnapLogicReference,
    base_url_env=ENV_BASE_URL,
    default_base_url=DEFAULT_BASE_URL,
    default_envs={_ORG: ENV_ORG},
    hooks=Hooks(
        hints={
            OperationFailed: "Check the migration's target path and the Service version.",
            OperationNotFound: "Check the environment (org) name and the status token.",
        },
    ),
    batch=BatchSupport(
        kwargs=_batch_kwargs,
        url_budget=_URL_BUDGET,
        cost=query_cost(_TOKEN),
        entry_model=_entry_model,
    ),
)


class _SnapLogicMixin(ClientBase):
    """What both clients add to core's bases: the credentials, a default org and the typed
    listing call."""

    provider = PROVIDER

    def __init__(
        self,
        *,
        username: str | None = None,
        password: str | Secret | None = None,
        token: str | Secret | None = None,
        org_name: str | None = None,
        **options: Any,
    ) -> None:
        environ = options.get("environ")
        auth = bearer_or_basic(  # bearer (a JWT) or basic (email + password)
            provider=NAME,
            token=token,
            username=username,
            password=password,
            token_env=ENV_TOKEN,
            username_env=ENV_USERNAME,
            password_env=ENV_PASSWORD,
            environ=environ,
        )
        super().__init__(auth=auth, defaults={_ORG: org_name}, **options)

    def parse_default(self, key: str, value: object) -> str:
        """The org name (the one reference key with a default), within the spec's bounds."""
        return _checked(key, str(value))

    @staticmethod
    def _list_kwargs(org: str, status_type: MigrationStatusType | str) -> dict[str, Any]:
        try:
            kind = MigrationStatusType(status_type)
        except ValueError:
            allowed = ", ".join(t.value for t in MigrationStatusType)
            raise InvalidOperationReference(
                f"{NAME}: status_type must be one of {allowed}, not {status_type!r}."
            ) from None
        return {_ORG: org, "status_type": kind}

    @staticmethod
    def _records(
        listing: MigrationRecordsByStatusTypeResponse,
    ) -> list[MigrationStatusDocument]:
        groups = listing.response_map.additional_properties
        return [record for group in groups.values() for record in group]

    @staticmethod
    def _started(org: str, count: int, response: ServiceMigrationResponse) -> list[dict[str, str]]:
        tokens = _status_tokens(response.response_map.to_dict())
        if len(tokens) != count:
            raise MalformedResponse(
                provider=NAME,
                operation_id=f"startServiceMigration({org})",
                reason=f"{count} asset(s) sent, {len(tokens)} status token(s) in the answer",
            )
        return [{_ORG: org, _TOKEN: token} for token in tokens]

    # -- each call's request, written once for both clients: ``self.call(...)`` is the model on
    # the sync client and an awaitable of it on the async one, which its methods await --------
    call: Callable[..., Any]  # StatusClient.call / AsyncStatusClient.call

    def _list(self, status_type: MigrationStatusType | str, org_name: str | None) -> Any:
        org = self.default_for(_ORG, org_name)
        return self.call(
            list_migrations_by_status_type,
            about=f"listMigrationsByStatusType({org})",
            expect=MigrationRecordsByStatusTypeResponse,
            **self._list_kwargs(org, status_type),
        )

    def _start(
        self, assets: Sequence[Asset], org_name: str | None
    ) -> tuple[Callable[[ServiceMigrationResponse], list[dict[str, str]]], Any]:
        """``startServiceMigration``'s answer (sent once: never retried after the server may
        have acted on it), and what reads the references out of it."""
        org = self.default_for(_ORG, org_name)
        body = _start_body(org, assets)
        response = self.call(
            start_service_migration,
            about=f"startServiceMigration({org})",
            expect=ServiceMigrationResponse,
            idempotent=False,
            body=body,
        )
        return functools.partial(self._started, org, len(body.migrate_assets)), response


class SnapLogicApimClient(_SnapLogicMixin, StatusClient):
    """Sync client: ``wait``, ``wait_many`` (batched), ``status``, ``poller``, ``resume``,
    ``list_migrations``, ``start_migration`` and ``migrate_and_wait``.

    Credentials: ``token`` (a JWT, bearer) or ``username`` (email) and ``password`` (basic);
    else ``OPSTATUS_SNAPLOGIC_TOKEN`` or ``OPSTATUS_SNAPLOGIC_USERNAME`` +
    ``OPSTATUS_SNAPLOGIC_PASSWORD``. ``org_name`` (else ``OPSTATUS_SNAPLOGIC_ORG``) is the
    environment used for a bare status token. Base URL: ``base_url`` or
    ``OPSTATUS_SNAPLOGIC_BASE_URL``, else ``https://elastic.snaplogic.com/...``.
    """

    def list_migrations(
        self, status_type: MigrationStatusType | str, *, org_name: str | None = None
    ) -> list[MigrationStatusDocument]:
        """Every migration record of the org whose status is ``status_type``
        (``Started``, ``Completed`` or ``Failed``): ``listMigrationsByStatusType``."""
        return self._records(self._list(status_type, org_name))

    def start_migration(
        self, assets: Sequence[Asset], *, org_name: str | None = None
    ) -> list[dict[str, str]]:
        """Migrate Classic APIM assets to APIM 3.0 (``startServiceMigration``); return one
        reference per asset, in order. Sent once: never retried after the server may have
        acted on it."""
        references, response = self._start(assets, org_name)
        return references(response)

    def migrate_and_wait(
        self,
        assets: Sequence[Asset],
        *,
        org_name: str | None = None,
        policy: PollPolicy | None = None,
        timeout: float | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> list[Outcome[Any] | WaitError]:
        """``start_migration`` then ``wait_many`` on its status tokens (polled together);
        per-asset results in the order of ``assets``."""
        policy = self.wait_policy(policy, timeout)  # before starting: see wait_policy
        refs = self.start_migration(assets, org_name=org_name)
        return self.wait_many(refs, policy=policy, on_progress=on_progress)


class AsyncSnapLogicApimClient(_SnapLogicMixin, AsyncStatusClient):
    """Async client: the same API as :class:`SnapLogicApimClient`, awaitable."""

    async def list_migrations(
        self, status_type: MigrationStatusType | str, *, org_name: str | None = None
    ) -> list[MigrationStatusDocument]:
        return self._records(await self._list(status_type, org_name))

    async def start_migration(
        self, assets: Sequence[Asset], *, org_name: str | None = None
    ) -> list[dict[str, str]]:
        references, response = self._start(assets, org_name)
        return references(await response)

    async def migrate_and_wait(
        self,
        assets: Sequence[Asset],
        *,
        org_name: str | None = None,
        policy: PollPolicy | None = None,
        timeout: float | None = None,  # noqa: ASYNC109 - the wait's deadline (typed WaitTimeout)
        on_progress: ProgressCallback | None = None,
    ) -> list[Outcome[Any] | WaitError]:
        policy = self.wait_policy(policy, timeout)
        refs = await self.start_migration(assets, org_name=org_name)
        return await self.wait_many(refs, policy=policy, on_progress=on_progress)
