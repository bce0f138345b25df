"""The Business Central cloud-migration clients: core's engine bound to the generated client.

What a status means (pending / succeeded / failed), where it sits and what the progress is come
from the spec's ``x-opstatus`` on ``getCloudMigrationStatus`` through core; nothing here lists a
status. This module only adds what Business Central needs: a two-GUID reference (company and
cloud migration status record), bearer or basic credentials, the bound actions with the
start-then-wait flow (``runReplication`` answers 204 with no id, so the new run is found by
listing the company's records), the choice of what a wait waits for (the spec's ``x-opstatus``
goals: ``replication``, the default, or the whole ``migration``) and ``$schemaversion=2.0`` on
every read, so that statuses come as member names whatever the tenant's language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Self
from uuid import UUID

import attrs
from opstatus_bc_cloudmigration_client.api.cloud_migration_status import (
    complete_cloud_migration,
    disable_replication,
    get_cloud_migration_status,
    list_cloud_migration_status,
    list_cloud_migration_status_details,
    refresh_status,
    reset_cloud_data,
    run_data_upgrade,
    run_replication,
)
from opstatus_bc_cloudmigration_client.client import Client
from opstatus_bc_cloudmigration_client.models import (
    CloudMigrationStatus,
    CloudMigrationStatusCollection,
    CloudMigrationStatusDetail,
    CloudMigrationStatusDetailCollection,
    ODataSchemaVersion,
)
from opstatus_core import (
    AsyncStatusClient,
    ClientBase,
    Hooks,
    OperationReference,
    PollPolicy,
    ProgressCallback,
    Provider,
    Reference,
    Secret,
    StatusClient,
    bearer_or_basic,
    env_value,
    load_rule,
    parse_guid,
)
from opstatus_core.errors import InvalidSpec
from opstatus_core.sdk import (
    ConfigurationError,
    InvalidOperationReference,
    OperationFailed,
    OperationNotFound,
    Outcome,
)

NAME = "bc-cloudmigration"
BASE_URL_ENV = "OPSTATUS_BC_BASE_URL"
TOKEN_ENV = "OPSTATUS_BC_TOKEN"
USERNAME_ENV = "OPSTATUS_BC_USERNAME"
PASSWORD_ENV = "OPSTATUS_BC_PASSWORD"
COMPANY_ENV = "OPSTATUS_BC_COMPANY"
GOAL_ENV = "OPSTATUS_BC_GOAL"
#: what a wait can wait for (the spec's ``x-opstatus`` goals): ``replication`` (the default; a
#: run in ``UpgradePending`` has succeeded) or the whole ``migration`` (it is still pending)
GOALS = ("replication", "migration")
#: sent on every read: member names, which are not localized (spec: ``$schemaversion``)
SCHEMA_VERSION = ODataSchemaVersion.V2_0

#: reference keys: the company GUID and the cloudMigrationStatus record GUID
COMPANY_KEY = "company_id"
ID_KEY = "id"


def _guid(value: object, what: str) -> str:
    """The canonical (lower-case, hyphenated) GUID: both path parameters are ``format: uuid``
    (OData key syntax writes them unquoted)."""
    return str(parse_guid(value, what, provider=NAME))


@attrs.frozen
class BcReference(OperationReference):
    """One cloud migration run: ``{"company_id": GUID, "id": GUID}`` (the cloudMigrationStatus
    record), or the id alone with the client's default company."""

    provider = NAME
    keys = (COMPANY_KEY, ID_KEY)
    id_key = ID_KEY
    missing_hint = f" (pass company_id= to the client or set {COMPANY_ENV})"

    company_id: UUID
    run_id: UUID

    @classmethod
    def _from_values(cls, values: Mapping[str, object]) -> Self:
        return cls(
            cls.guid(values, COMPANY_KEY, "company_id"),
            cls.guid(values, ID_KEY, "the cloudMigrationStatus id"),
        )

    def path_kwargs(self) -> dict[str, Any]:
        """The path parameters of every per-record operation (the bound actions)."""
        return {"company_id": self.company_id, "cloud_migration_status_id": self.run_id}

    def to_kwargs(self) -> dict[str, Any]:
        """A read's path parameters and ``$schemaversion=2.0`` (statuses as member names)."""
        return {**self.path_kwargs(), "schemaversion": SCHEMA_VERSION}

    def to_dict(self) -> dict[str, str]:
        return {COMPANY_KEY: str(self.company_id), ID_KEY: str(self.run_id)}


PROVIDER = Provider(
    name=NAME,
    spec_package="opstatus_bc_cloudmigration",
    operation_id="getCloudMigrationStatus",
    endpoint=get_cloud_migration_status,
    client_class=Client,
    reference=BcReference,
    base_url_env=BASE_URL_ENV,
    default_envs={COMPANY_KEY: COMPANY_ENV},
    hooks=Hooks(
        hints={
            OperationFailed: (
                "See the run's `details`, list the per-table results with list_details(), "
                "fix the failing tables and run the replication (or data upgrade) again."
            ),
            OperationNotFound: (
                "Check the company id and the cloudMigrationStatus id (list_runs() lists them) "
                "and the environment in the base URL."
            ),
        }
    ),
)


def _about(operation: str, key: str) -> str:
    """How errors of a call that is not the status poll name it: ``runReplication(<run id>)``."""
    return f"{operation}({key})"


def _new_run(
    before: Sequence[CloudMigrationStatus], after: Sequence[CloudMigrationStatus], company_id: str
) -> dict[str, str] | None:
    """The run ``runReplication`` created: the newest record (the list is newest first, per the
    spec) whose id was not in the list taken just before the action."""
    known = {str(run.id) for run in before}
    for run in after:
        run_id = str(run.id)
        if run_id not in known:
            return {COMPANY_KEY: company_id, ID_KEY: run_id}
    return None


_ACTIONS: dict[str, Any] = {
    "runReplication": run_replication,
    "runDataUpgrade": run_data_upgrade,
    "refreshStatus": refresh_status,
    "resetCloudData": reset_cloud_data,
    "disableReplication": disable_replication,
    "completeCloudMigration": complete_cloud_migration,
}

#: how many times the list is read after runReplication before giving up on finding the new run
FIND_RUN_ATTEMPTS = 3


class _Shared(ClientBase):
    """What both clients add to core's bases (kept out of core: it is Business Central's): the
    credentials, the default company, the goal, and each call's request (the run list, the
    details, the bound actions), written once."""

    #: what this client's waits wait for (one of :data:`GOALS`)
    goal: str

    provider = PROVIDER

    def __init__(
        self,
        *,
        token: str | Secret | None = None,
        username: str | None = None,
        password: str | Secret | None = None,
        company_id: str | None = None,
        goal: str | None = None,
        environ: Mapping[str, str] | None = None,
        **options: Any,
    ) -> None:
        # bearer (a Microsoft Entra ID token) or basic (on-premises user + web service access key)
        auth = bearer_or_basic(
            provider=NAME,
            token=token,
            username=username,
            password=password,
            token_env=TOKEN_ENV,
            username_env=USERNAME_ENV,
            password_env=PASSWORD_ENV,
            environ=environ,
        )
        chosen = goal if goal is not None else env_value(GOAL_ENV, environ=environ)
        defaults = {COMPANY_KEY: company_id}
        super().__init__(auth=auth, defaults=defaults, environ=environ, **options)
        if chosen is not None:
            try:
                self.rule = load_rule(PROVIDER.spec_package, PROVIDER.operation_id, goal=chosen)
            except InvalidSpec:
                raise ConfigurationError(
                    f"{NAME}: goal must be one of {', '.join(GOALS)}, not {chosen!r}."
                ) from None
        self.goal = self.rule.goal or GOALS[0]

    def _needs_migration_goal(self) -> None:
        if self.goal != "migration":
            raise ConfigurationError(
                f"{NAME}: wait_and_complete waits for the whole migration; create the client "
                "with goal='migration' (a run in UpgradePending is not done yet)."
            )

    def parse_default(self, key: str, value: object) -> str:
        """The company (the one reference key with a default) as a canonical GUID."""
        return _guid(value, key)

    def _run(self, ref: Reference) -> BcReference:
        return BcReference.parse(ref, defaults=self.reference_defaults())

    # -- each call's request, written once for both clients: ``self.call(...)`` is the model on
    # the sync client and an awaitable of it on the async one, which its methods await --------
    call: Callable[..., Any]  # StatusClient.call / AsyncStatusClient.call

    def _list_runs(self, company_id: str | None) -> Any:
        company = self.default_for(COMPANY_KEY, company_id)
        return self.call(
            list_cloud_migration_status,
            about=_about("listCloudMigrationStatus", company),
            expect=CloudMigrationStatusCollection,
            company_id=UUID(company),
            schemaversion=SCHEMA_VERSION,
        )

    def _list_details(self, ref: Reference) -> Any:
        reference = self._run(ref)
        return self.call(
            list_cloud_migration_status_details,
            about=_about("listCloudMigrationStatusDetails", reference.id),
            expect=CloudMigrationStatusDetailCollection,
            **reference.to_kwargs(),
        )

    def _send(self, action: str, reference: BcReference) -> Any:
        """One bound action (POST, 204); never retried once the server may have acted on it."""
        return self.call(
            _ACTIONS[action],
            about=_about(action, reference.id),
            idempotent=False,
            **reference.path_kwargs(),
        )

    def _replication_target(
        self, ref: Reference | None, company_id: str | None
    ) -> tuple[BcReference | None, str]:
        """The record runReplication is bound to (if given) and its company."""
        if ref is None:
            return None, self.default_for(COMPANY_KEY, company_id)
        binding = self._run(ref)
        return binding, str(binding.company_id)

    @staticmethod
    def _binding(
        ref: BcReference | None, runs: Sequence[CloudMigrationStatus], company: str
    ) -> BcReference:
        if ref is not None:
            return ref
        if not runs:
            raise InvalidOperationReference(
                f"{NAME}: company {company} has no cloudMigrationStatus record to bind "
                "runReplication to; pass the id of one."
            )
        return BcReference.parse({COMPANY_KEY: company, ID_KEY: str(runs[0].id)})

    @staticmethod
    def _not_found_new_run(binding: BcReference) -> OperationNotFound:
        return OperationNotFound(
            provider=NAME,
            operation_id=binding.id,
            attempts=FIND_RUN_ATTEMPTS,
            reason="runReplication answered 204 but no new cloudMigrationStatus record appeared",
            hint="List the company's runs with list_runs() and wait on the new one by its id.",
        )


class BcCloudMigrationClient(_Shared, StatusClient):
    """Sync client: ``wait``/``status``/``poller``/``resume``/``wait_many`` (from core) plus the
    bound actions, the run list and the per-table details.

    A reference is ``{"company_id": GUID, "id": GUID}``, or a bare id with the client's default
    company (``company_id=`` or ``OPSTATUS_BC_COMPANY``).
    """

    # -- reads --------------------------------------------------------------------------------
    def list_runs(self, company_id: str | None = None) -> list[CloudMigrationStatus]:
        """The company's cloudMigrationStatus records, newest first (listCloudMigrationStatus)."""
        return list(self._list_runs(company_id).value)

    def list_details(self, ref: Reference) -> list[CloudMigrationStatusDetail]:
        """The per-table details of one run (navigation ``cloudMigrationStatusDetails``)."""
        return list(self._list_details(ref).value)

    # -- bound actions (POST, 204) ------------------------------------------------------------
    def _action(self, action: str, ref: Reference) -> dict[str, str]:
        reference = self._run(ref)
        self._send(action, reference)
        return reference.to_dict()

    def run_replication(
        self, ref: Reference | None = None, *, company_id: str | None = None
    ) -> dict[str, str]:
        """Start a replication run; return the reference of the *new* run (to wait on).

        ``ref`` is the record the action is bound to (default: the company's newest record).
        The action answers 204 with no id, so the company's records are listed before and after
        it: the new run is the newest record that was not there before.
        """
        binding, company = self._replication_target(ref, company_id)
        runs = self.list_runs(company)
        binding = self._binding(binding, runs, company)
        self._action("runReplication", binding)
        for attempt in range(FIND_RUN_ATTEMPTS):
            if attempt:
                self.clock.sleep(self.policy.interval)
            found = _new_run(runs, self.list_runs(company), company)
            if found is not None:
                return found
        raise self._not_found_new_run(binding)

    def run_data_upgrade(self, ref: Reference) -> dict[str, str]:
        """Start the data upgrade of a run in ``UpgradePending``; wait on the same reference."""
        return self._action("runDataUpgrade", ref)

    def refresh_status(self, ref: Reference) -> None:
        """Ask Business Central to refresh the run's status from the replication service."""
        self._action("refreshStatus", ref)

    def reset_cloud_data(self, ref: Reference) -> None:
        """Bound action ``resetCloudData``."""
        self._action("resetCloudData", ref)

    def disable_replication(self, ref: Reference) -> None:
        """Bound action ``disableReplication``."""
        self._action("disableReplication", ref)

    def complete_cloud_migration(self, ref: Reference) -> None:
        """Bound action ``completeCloudMigration``: end the (finished) cloud migration. Business
        Central refuses it (``ApiError``, 400) while the upgrade has not completed, tables
        failed or a data repair is pending."""
        self._action("completeCloudMigration", ref)

    # -- start, then wait -----------------------------------------------------------------------
    def replicate_and_wait(
        self,
        ref: Reference | None = None,
        *,
        company_id: str | None = None,
        policy: PollPolicy | None = None,
        timeout: float | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> Outcome[CloudMigrationStatus]:
        """``run_replication`` then ``wait`` on the new run."""
        policy = self.wait_policy(policy, timeout)  # before starting: see wait_policy
        new = self.run_replication(ref, company_id=company_id)
        return self.wait(new, policy=policy, on_progress=on_progress)

    def upgrade_and_wait(
        self,
        ref: Reference,
        *,
        policy: PollPolicy | None = None,
        timeout: float | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> Outcome[CloudMigrationStatus]:
        """``run_data_upgrade`` then ``wait`` on the same run."""
        policy = self.wait_policy(policy, timeout)
        reference = self.run_data_upgrade(ref)
        return self.wait(reference, policy=policy, on_progress=on_progress)

    def wait_and_complete(
        self,
        ref: Reference,
        *,
        policy: PollPolicy | None = None,
        timeout: float | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> Outcome[CloudMigrationStatus]:
        """``wait`` for the whole migration (a ``goal="migration"`` client), then
        ``complete_cloud_migration`` on the same run; a failed run raises before completing."""
        self._needs_migration_goal()
        outcome = self.wait(ref, policy=policy, timeout=timeout, on_progress=on_progress)
        self.complete_cloud_migration(ref)
        return outcome


class AsyncBcCloudMigrationClient(_Shared, AsyncStatusClient):
    """The async twin of :class:`BcCloudMigrationClient` (one connection pool, many waits)."""

    async def list_runs(self, company_id: str | None = None) -> list[CloudMigrationStatus]:
        return list((await self._list_runs(company_id)).value)

    async def list_details(self, ref: Reference) -> list[CloudMigrationStatusDetail]:
        return list((await self._list_details(ref)).value)

    async def _action(self, action: str, ref: Reference) -> dict[str, str]:
        reference = self._run(ref)
        await self._send(action, reference)
        return reference.to_dict()

    async def run_replication(
        self, ref: Reference | None = None, *, company_id: str | None = None
    ) -> dict[str, str]:
        binding, company = self._replication_target(ref, company_id)
        runs = await self.list_runs(company)
        binding = self._binding(binding, runs, company)
        await self._action("runReplication", binding)
        for attempt in range(FIND_RUN_ATTEMPTS):
            if attempt:
                await self.clock.async_sleep(self.policy.interval)
            found = _new_run(runs, await self.list_runs(company), company)
            if found is not None:
                return found
        raise self._not_found_new_run(binding)

    async def run_data_upgrade(self, ref: Reference) -> dict[str, str]:
        return await self._action("runDataUpgrade", ref)

    async def refresh_status(self, ref: Reference) -> None:
        await self._action("refreshStatus", ref)

    async def reset_cloud_data(self, ref: Reference) -> None:
        await self._action("resetCloudData", ref)

    async def disable_replication(self, ref: Reference) -> None:
        await self._action("disableReplication", ref)

    async def complete_cloud_migration(self, ref: Reference) -> None:
        await self._action("completeCloudMigration", ref)

    async def replicate_and_wait(
        self,
        ref: Reference | None = None,
        *,
        company_id: str | None = None,
        policy: PollPolicy | None = None,
        timeout: float | None = None,  # noqa: ASYNC109 - the wait's deadline (typed WaitTimeout)
        on_progress: ProgressCallback | None = None,
    ) -> Outcome[CloudMigrationStatus]:
        policy = self.wait_policy(policy, timeout)
        new = await self.run_replication(ref, company_id=company_id)
        return await self.wait(new, policy=policy, on_progress=on_progress)

    async def upgrade_and_wait(
        self,
        ref: Reference,
        *,
        policy: PollPolicy | None = None,
        timeout: float | None = None,  # noqa: ASYNC109 - the wait's deadline (typed WaitTimeout)
        on_progress: ProgressCallback | None = None,
    ) -> Outcome[CloudMigrationStatus]:
        policy = self.wait_policy(policy, timeout)
        reference = await self.run_data_upgrade(ref)
        return await self.wait(reference, policy=policy, on_progress=on_progress)

    async def wait_and_complete(
        self,
        ref: Reference,
        *,
        policy: PollPolicy | None = None,
        timeout: float | None = None,  # noqa: ASYNC109 - the wait's deadline (typed WaitTimeout)
        on_progress: ProgressCallback | None = None,
    ) -> Outcome[CloudMigrationStatus]:
        self._needs_migration_goal()
        outcome = await self.wait(ref, policy=policy, timeout=timeout, on_progress=on_progress)
        await self.complete_cloud_migration(ref)
        return outcome
