"""``--durable`` waits and ``opstatus worker``: the same commands, run as Temporal workflows.

Needs ``opstatus-temporal`` (``pip install 'opstatus-cli[temporal]'``); imported only when a
durable command runs. Temporal is configured by ``OPSTATUS_TEMPORAL_*`` environment variables
(address, namespace, task queue, TLS); provider credentials are needed only by workers.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from opstatus_core import Classification, PollPolicy, Reference
from opstatus_core.plugin import Plugin
from opstatus_core.sdk import ConfigurationError, OpstatusError, Snapshot

from . import run
from .output import LiveProgress
from .run import EXIT_CANCELED, EXIT_CONFIG, EXIT_FAILED, EXIT_OK, EXIT_TIMEOUT, Result

if TYPE_CHECKING:
    from opstatus_temporal import DurableOutcome, DurableState

__all__ = ["connected", "is_unavailable", "leave", "run_durable", "worker_command"]

#: how often the live bars read the workers' heartbeats from the server
REFRESH = 0.5

_EXIT = {
    "succeeded": EXIT_OK,
    "pending": EXIT_OK,
    "failed": EXIT_FAILED,
    "canceled": EXIT_CANCELED,
    "timed_out": EXIT_TIMEOUT,
}


def _temporal() -> Any:
    try:
        import opstatus_temporal
    except ImportError:
        raise ConfigurationError(
            "--durable needs opstatus-temporal: pip install 'opstatus-cli[temporal]'"
        ) from None
    return opstatus_temporal


_CONNECTED: list[bool] = []


def connected() -> bool:
    """Whether this process used a Temporal client (its runtime's threads are running)."""
    return bool(_CONNECTED)


def leave(code: int) -> NoReturn:
    """Exit with ``code`` without interpreter finalization, which temporalio's Rust threads can
    abort with SIGABRT after any client use (temporalio/sdk-python#300)."""
    from opstatus_temporal.worker import exit_now

    exit_now(code)


def is_unavailable(exc: BaseException) -> bool:
    """Whether ``exc`` says Temporal cannot be reached (a configuration problem: exit 5)."""
    module = sys.modules.get("opstatus_temporal")
    return module is not None and isinstance(exc, module.TemporalUnavailable)


def _references(
    plugin: Plugin, options: Mapping[str, Any], refs: Sequence[Reference]
) -> list[dict[str, str]]:
    """The references as the workflows take them: parsed through the SDK client when this
    machine has its configuration (its defaults apply, as for a plain wait), else by the SDK's
    reference type alone (a submitter needs no credentials: the workers have them)."""
    try:
        client = plugin.client(**options)
    except ConfigurationError:
        client = None
    if client is None:
        parsed = run.parse_references(plugin, refs)
    else:
        with client:
            parsed = run.check_references(plugin, client, refs)
    return [ref.to_dict() for ref in parsed]


def _policy_spec(policy: PollPolicy) -> Any:
    from opstatus_temporal.activities import to_spec

    return to_spec(policy)


def _exit_code(outcome: str, error_type: str | None) -> int:
    if outcome == "error":
        return (
            EXIT_CONFIG
            if error_type in {"AuthenticationError", "ConfigurationError"}
            else EXIT_FAILED
        )
    return _EXIT.get(outcome, EXIT_FAILED)


def _result(plugin: Plugin, reference: Mapping[str, str], outcome: DurableOutcome) -> Result:
    return Result(
        provider=plugin.name,
        operation_id=reference[plugin.provider.id_key],
        reference=dict(outcome.reference or reference),
        outcome=outcome.outcome,
        status=outcome.status,
        progress=outcome.progress,
        attempts=outcome.attempts,
        elapsed=outcome.elapsed,
        exit_code=_exit_code(outcome.outcome, outcome.error_type),
        message=outcome.message,
        error_type=outcome.error_type,
        detail=outcome.detail,
        continuation_token=outcome.continuation_token,
    )


def _state_result(plugin: Plugin, reference: Mapping[str, str], state: DurableState) -> Result:
    if state.outcome is not None:
        return _result(plugin, reference, state.outcome)
    op_id = reference[plugin.provider.id_key]
    if state.state == "running":
        return Result(
            provider=plugin.name,
            operation_id=op_id,
            reference=dict(reference),
            outcome="pending",
            status=state.status,
            progress=state.progress,
            attempts=state.attempts,
            elapsed=None,
            exit_code=EXIT_OK,
        )
    message = (
        f"{plugin.name}: no durable wait for operation {op_id}; start one with "
        f"`opstatus {plugin.name} wait {op_id} --durable`."
        if state.state == "not_found"
        else f"{plugin.name}: the durable wait for operation {op_id} ended {state.state} "
        f"(workflow {state.workflow_id})."
    )
    return Result(
        provider=plugin.name,
        operation_id=op_id,
        reference=dict(reference),
        outcome="error",
        status=None,
        progress=None,
        attempts=0,
        elapsed=None,
        exit_code=EXIT_FAILED,
        message=message,
        error_type="DurableWaitNotFound" if state.state == "not_found" else "DurableWaitEnded",
    )


def _snapshot(op_id: str, state: DurableState) -> Snapshot[Any] | None:
    """A live bar's update from a worker's last heartbeat."""
    if state.status is None or state.classification is None:
        return None
    return Snapshot(
        operation_id=op_id,
        status=state.status,
        classification=Classification(state.classification),
        progress=state.progress,
        attempt=state.attempts,
        elapsed=0.0,
        model=None,
    )


async def _go(
    plugin: Plugin,
    mode: str,
    references: Sequence[dict[str, str]],
    policy: PollPolicy | None,
    *,
    live: bool,
) -> list[Result]:
    temporal = _temporal()
    config = temporal.TemporalConfig.from_env()
    _CONNECTED.append(True)  # even a failed connect starts the runtime's threads
    client = await temporal.connect(config)  # before any bar: a down server is one clear line
    ids = [temporal.wait_workflow_id(plugin.name, r) for r in references]
    if mode == "status":
        states = await asyncio.gather(*(temporal.read_state(client, i) for i in ids))
        return [_state_result(plugin, r, s) for r, s in zip(references, states, strict=True)]
    assert policy is not None
    spec = _policy_spec(policy)
    handles = [
        await temporal.submit_wait(
            client, plugin.name, r, task_queue=config.task_queue, policy=spec
        )
        for r in references
    ]
    waits = [asyncio.ensure_future(temporal.result_or_error(h)) for h in handles]
    if live:
        id_key = plugin.provider.id_key
        with LiveProgress([r[id_key] for r in references]) as bars:
            while not all(w.done() for w in waits):
                for reference, handle, done in zip(references, handles, waits, strict=True):
                    if not done.done():
                        state = await temporal.read_state(client, handle.id)
                        snapshot = _snapshot(reference[id_key], state)
                        if snapshot is not None:
                            bars.update(snapshot)
                await asyncio.wait(waits, timeout=REFRESH)
            outcomes = await asyncio.gather(*waits)
            results = [_result(plugin, r, o) for r, o in zip(references, outcomes, strict=True)]
            bars.finish(results)
        return results
    outcomes = await asyncio.gather(*waits)
    return [_result(plugin, r, o) for r, o in zip(references, outcomes, strict=True)]


def run_durable(
    plugin: Plugin,
    mode: str,
    refs: Sequence[Reference],
    options: Mapping[str, Any],
    policy: PollPolicy | None,
    *,
    live: bool,
) -> list[Result]:
    """``status --durable`` (read each wait's state from Temporal) or ``wait --durable`` (start
    or attach to each wait's workflow, then follow it with the same bars and results)."""
    references = _references(plugin, options, refs)
    return asyncio.run(_go(plugin, mode, references, policy, live=live and mode == "wait"))


def worker_command(plugins: Callable[[], Mapping[str, Plugin]]) -> Callable[..., None]:
    """``opstatus worker``: run a worker for every installed provider SDK."""

    def worker(
        address: Annotated[
            str | None,
            typer.Option(
                help="Temporal frontend host:port (env OPSTATUS_TEMPORAL_ADDRESS; "
                "default 127.0.0.1:7233).",
                show_default=False,
            ),
        ] = None,
        namespace: Annotated[
            str | None,
            typer.Option(
                help="Namespace (env OPSTATUS_TEMPORAL_NAMESPACE; default 'default').",
                show_default=False,
            ),
        ] = None,
        task_queue: Annotated[
            str | None,
            typer.Option(
                help="Task queue (env OPSTATUS_TEMPORAL_TASK_QUEUE; default 'opstatus').",
                show_default=False,
            ),
        ] = None,
        tls: Annotated[
            bool | None,
            typer.Option(
                "--tls",
                help="Use TLS (env OPSTATUS_TEMPORAL_TLS; implied by "
                "OPSTATUS_TEMPORAL_TLS_CERT/_KEY or OPSTATUS_TEMPORAL_API_KEY).",
                show_default=False,
            ),
        ] = None,
        max_concurrent_waits: Annotated[
            int, typer.Option(min=1, help="Waits this worker runs at once.")
        ] = 2000,
    ) -> None:
        """Run a worker for durable waits (`wait --durable`) of every installed provider, until
        Ctrl-C/SIGTERM. Provider credentials come from this worker's environment."""
        try:
            temporal = _temporal()
            config = temporal.TemporalConfig.from_env(
                address=address, namespace=namespace, task_queue=task_queue, tls=tls
            )
            installed = plugins()

            def ready(names: Sequence[str]) -> None:
                sys.stderr.write(
                    f"opstatus worker: {config.address} namespace {config.namespace!r} task "
                    f"queue {config.task_queue!r}; providers: {', '.join(names) or 'none'} "
                    "(Ctrl-C stops)\n"
                )
                sys.stderr.flush()

            asyncio.run(
                temporal.run_worker(
                    config,
                    plugins=installed,
                    max_concurrent_activities=max_concurrent_waits,
                    ready=ready,
                )
            )
        except OpstatusError as exc:
            sys.stderr.write(f"opstatus: worker: {exc}\n")
            raise typer.Exit(EXIT_CONFIG) from None
        except KeyboardInterrupt:
            temporal.worker.exit_now(130)
        temporal.worker.exit_now(0)  # no interpreter finalization (temporalio/sdk-python#300)

    return worker
