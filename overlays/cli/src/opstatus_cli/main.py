"""The ``opstatus`` command: one subcommand per installed provider SDK, plus ``fake``.

Every provider subcommand is built generically from its :class:`~opstatus_core.plugin.Plugin`: the
credential flags from ``Plugin.credentials``, the ``--param`` keys from
``provider.reference_keys``. No provider name appears here.
"""

import asyncio
import inspect
import logging
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Sequence
from typing import Annotated, Any

import attrs
import typer
from opstatus_core import PollPolicy, Reference, default_policy
from opstatus_core.plugin import Plugin
from opstatus_core.sdk import ConfigurationError, OpstatusError

from . import durable, run
from .output import LiveProgress, print_json, print_table, redacting
from .plugins import Discovery, discover, names
from .run import EXIT_CODES_HELP, EXIT_CONFIG, EXIT_FAILED, EXIT_USAGE, Result, UsageError

__all__ = ["build_app", "main"]

PROG = "opstatus"
_EPILOG = EXIT_CODES_HELP.replace("\n", "\n\n")  # one line each in typer's help


def _err(message: str) -> None:
    sys.stderr.write(f"{PROG}: {message}\n")
    sys.stderr.flush()


class _Fatal(Exception):
    """A one-line error ending the command with ``code``."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


# -- options shared by status and wait --------------------------------------------------------


def _param(name: str, annotation: Any, default: Any = None) -> inspect.Parameter:
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default
    )


def _common_params(plugin: Plugin) -> list[inspect.Parameter]:
    provider = plugin.provider
    others = [k for k in provider.reference_keys if k != provider.id_key]
    base_env = f" (env {provider.base_url_env})" if provider.base_url_env else ""
    default = f" Default: {provider.default_base_url}." if provider.default_base_url else ""
    params = [
        _param(
            "ids",
            Annotated[
                list[str],
                typer.Argument(
                    help=f"Operation ids ({provider.id_key}); one or more.",
                    metavar="IDS...",
                    show_default=False,
                ),
            ],
            inspect.Parameter.empty,
        ),
        _param(
            "base_url",
            Annotated[
                str | None,
                typer.Option(
                    "--base-url",
                    help=f"The API's base URL{base_env}.{default}",
                    show_default=False,
                ),
            ],
        ),
    ]
    for cred in plugin.credentials:
        what = "secret, never printed" if cred.secret else "not secret"
        params.append(
            _param(
                f"cred_{cred.kwarg}",
                Annotated[
                    str | None,
                    typer.Option(
                        cred.flag,
                        help=f"{cred.help} ({what}; env {cred.env})",
                        show_default=False,
                    ),
                ],
            )
        )
    if others:
        keys = ", ".join(others)
        params.append(
            _param(
                "params",
                Annotated[
                    list[str] | None,
                    typer.Option(
                        "--param",
                        "-p",
                        help=f"KEY=VALUE for the other parts of the reference ({keys}); "
                        "repeatable; the same for every id. Unset keys take the SDK's "
                        "defaults (e.g. from its environment variables).",
                        show_default=False,
                    ),
                ],
            )
        )
    params += [
        _param(
            "durable",
            Annotated[
                bool,
                typer.Option(
                    "--durable",
                    help="As a Temporal workflow (opstatus-temporal): `wait` starts or attaches "
                    "to one per operation, run by `opstatus worker`s and resumed across worker "
                    "restarts; `status` reads its state. Env OPSTATUS_TEMPORAL_ADDRESS etc.",
                ),
            ],
            False,
        ),
        _param(
            "as_json",
            Annotated[
                bool,
                typer.Option(
                    "--json", help="One JSON object per operation per line; no progress bars."
                ),
            ],
            False,
        ),
        _param(
            "quiet",
            Annotated[
                bool,
                typer.Option("--quiet", "-q", help="No progress or table; only error lines."),
            ],
            False,
        ),
        _param(
            "debug",
            Annotated[
                bool,
                typer.Option("--debug", help="Tracebacks and HTTP request lines on stderr."),
            ],
            False,
        ),
    ]
    return params


def _wait_params() -> list[inspect.Parameter]:
    return [
        _param(
            "timeout",
            Annotated[
                float | None,
                typer.Option(
                    "--timeout",
                    min=0.001,
                    help="Overall deadline of the wait, in seconds (exit code 4 when reached). "
                    "Default: the provider's own (twice the longest its spec says an operation "
                    "takes, at least 900 s).",
                    show_default=False,
                ),
            ],
        ),
        _param(
            "interval",
            Annotated[
                float | None,
                typer.Option(
                    "--interval",
                    min=0.001,
                    help="Seconds between polls (fixed; Retry-After still wins). "
                    "Default: the provider's schedule, growing with the time waited.",
                    show_default=False,
                ),
            ],
        ),
    ]


def _command(body: Callable[..., int], params: Sequence[inspect.Parameter]) -> Callable[..., None]:
    """A typer command with a signature built at run time (generic credential flags)."""

    def command(**kwargs: Any) -> None:
        code = body(**kwargs)
        raise typer.Exit(code)

    command.__signature__ = inspect.Signature(list(params))  # type: ignore[attr-defined]
    command.__annotations__ = {p.name: p.annotation for p in params}
    return command


# -- running a command ------------------------------------------------------------------------


def _secrets(plugin: Plugin, given: dict[str, str]) -> list[str]:
    """Every credential value this run could know about (flags and environment)."""
    values = list(given.values())
    for cred in plugin.credentials:
        if cred.secret:
            value = os.environ.get(cred.env, "").strip()
            if value:
                values.append(value)
    return values


def _references(
    plugin: Plugin, ids: Sequence[str], params: Sequence[str] | None
) -> list[Reference]:
    provider = plugin.provider
    others = [k for k in provider.reference_keys if k != provider.id_key]
    extra: dict[str, str] = {}
    for item in params or ():
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key or not value:
            raise UsageError(f"--param {item!r}: expected KEY=VALUE (keys: {', '.join(others)}).")
        if key not in others:
            raise UsageError(
                f"--param {key}: unknown key; this provider's are: {', '.join(others)}."
            )
        extra[key] = value
    unique = list(dict.fromkeys(i.strip() for i in ids if i.strip()))
    if not unique:
        raise UsageError("give at least one operation id.")
    if not extra:
        return list(unique)  # the client's reference() adds its defaults
    return [{provider.id_key: i, **extra} for i in unique]


def _client_kwargs(plugin: Plugin, kwargs: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    options: dict[str, Any] = {}
    if kwargs.get("base_url"):
        options["base_url"] = kwargs["base_url"]
    given: dict[str, str] = {}
    for cred in plugin.credentials:
        value = kwargs.get(f"cred_{cred.kwarg}")
        if value:
            options[cred.kwarg] = value
            if cred.secret:
                given[cred.kwarg] = value
    return options, _secrets(plugin, given)


def _configure_debug(debug: bool) -> None:
    if debug:
        logging.basicConfig(
            level=logging.INFO, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s"
        )
        logging.getLogger("httpx").setLevel(logging.INFO)


def _config_hint(plugin: Plugin) -> str:
    provider = plugin.provider
    flags = ["--base-url", *(c.flag for c in plugin.credentials)]
    envs = [e for e in [provider.base_url_env, *(c.env for c in plugin.credentials)] if e]
    where = f" or set {', '.join(envs)}" if envs else ""
    return f"Pass {'/'.join(flags)}{where} (see `{PROG} {plugin.name} wait --help`)."


def _execute(plugin: Plugin, mode: str, kwargs: dict[str, Any]) -> int:
    debug = bool(kwargs.get("debug"))
    as_json = bool(kwargs.get("as_json"))
    quiet = bool(kwargs.get("quiet"))
    options, secrets = _client_kwargs(plugin, kwargs)
    with redacting(secrets):
        _configure_debug(debug)
        try:
            results = _run(plugin, mode, kwargs, options, as_json=as_json, quiet=quiet)
        except UsageError as exc:
            _err(f"{plugin.name}: {exc}")
            return EXIT_USAGE
        except ConfigurationError as exc:
            if debug:
                traceback.print_exc()
            _err(f"{str(exc).rstrip('.')}. {_config_hint(plugin)}")
            return EXIT_CONFIG
        except OpstatusError as exc:
            if debug:
                traceback.print_exc()
            _err(str(exc))
            return EXIT_CONFIG if durable.is_unavailable(exc) else EXIT_FAILED
        except KeyboardInterrupt:
            _err(f"{plugin.name}: interrupted; nothing was changed on the service.")
            return 130
        except Exception as exc:
            if debug:
                traceback.print_exc()
            _err(
                f"{plugin.name}: unexpected error ({type(exc).__name__}: "
                f"{' '.join(str(exc).split())}). Run with --debug for the traceback."
            )
            return EXIT_FAILED
        if as_json:
            print_json(results)
        else:
            if not quiet:
                shared = {
                    k: v
                    for k, v in (results[0].reference.items() if results else ())
                    if k != plugin.provider.id_key and all(r.reference.get(k) == v for r in results)
                }
                what = "status" if mode == "status" else "wait summary"
                where = " ".join(f"{k}={v}" for k, v in shared.items())
                title = f"{plugin.name}: {what}" + (f" ({where})" if where else "")
                print_table(results, title=title)
            for r in results:
                if r.message:
                    _err(r.message)
        return run.combine([r.exit_code for r in results])


def _policy(plugin: Plugin, kwargs: dict[str, Any]) -> PollPolicy:
    """The provider's default policy (derived from its spec's ``duration``), with ``--timeout``
    and ``--interval`` (a fixed interval: no growth) applied."""
    changes: dict[str, Any] = {}
    if kwargs.get("timeout") is not None:
        changes["timeout"] = float(kwargs["timeout"])
    interval = kwargs.get("interval")
    if interval is not None:
        changes.update(interval=interval, max_interval=interval, multiplier=1.0, proportion=0.0)
    try:
        return attrs.evolve(default_policy(plugin.provider.rule()), **changes)
    except (TypeError, ValueError) as exc:  # e.g. --timeout 1e10: over PollPolicy's maximum
        raise UsageError(f"--timeout/--interval: {exc}.") from None


def _run(
    plugin: Plugin,
    mode: str,
    kwargs: dict[str, Any],
    options: dict[str, Any],
    *,
    as_json: bool,
    quiet: bool,
) -> list[Result]:
    refs = _references(plugin, kwargs["ids"], kwargs.get("params"))
    policy = _policy(plugin, kwargs) if mode == "wait" else None
    if kwargs.get("durable"):
        from .durable import run_durable

        return run_durable(plugin, mode, refs, options, policy, live=not (as_json or quiet))

    async def go() -> list[Result]:
        client_options = dict(options)
        if policy is not None:
            client_options["policy"] = policy
        async with plugin.async_client(**client_options) as client:
            references = run.check_references(plugin, client, refs)
            if mode == "status":
                return await run.status_many(plugin, client, references)
            assert policy is not None
            if as_json or quiet:
                return await run.wait_many(plugin, client, references, policy=policy)
            ids = [r.id for r in references]
            with LiveProgress(ids, plugin.progress_detail) as live:
                results = await run.wait_many(
                    plugin, client, references, policy=policy, on_progress=live.update
                )
                live.finish(results)
            return results

    return asyncio.run(go())


# -- building the app -------------------------------------------------------------------------


def _provider_app(plugin: Plugin) -> typer.Typer:
    provider = plugin.provider
    sub = typer.Typer(
        name=plugin.name,
        help=f"{plugin.summary}",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=False,
    )
    common = _common_params(plugin)

    def status_body(**kwargs: Any) -> int:
        return _execute(plugin, "status", kwargs)

    def wait_body(**kwargs: Any) -> int:
        return _execute(plugin, "wait", kwargs)

    id_words = provider.id_key
    sub.command(
        "status",
        help=f"Print the current status of each operation ({id_words}), once.",
        epilog=_EPILOG,
    )(_command(status_body, common))
    sub.command(
        "wait",
        help=f"Wait for every operation ({id_words}) concurrently, with a live progress bar "
        "each, then print a summary table.",
        epilog=_EPILOG,
    )(_command(wait_body, [*common[:-3], *_wait_params(), *common[-3:]]))
    return sub


def _fake_command(discovery: Discovery) -> Callable[..., None]:
    names = sorted(discovery.plugins)

    def fake(
        provider: Annotated[
            str,
            typer.Argument(help=f"The provider: {', '.join(names) or '(none installed)'}."),
        ],
        port: Annotated[int, typer.Option(help="Port (0: a free one).", min=0, max=65535)] = 8000,
        host: Annotated[str, typer.Option(help="A loopback address.")] = "127.0.0.1",
        debug: Annotated[bool, typer.Option("--debug", help="Tracebacks on stderr.")] = False,
    ) -> None:
        """Serve a provider's fake on loopback until Ctrl-C (for contract tests in any language).

        Prints the base URL and the environment variables to point a client at it; the
        credentials it accepts are fake demo values.
        """
        raise typer.Exit(_serve_fake(discovery, provider, host, port, debug))

    return fake


def _serve_fake(discovery: Discovery, name: str, host: str, port: int, debug: bool) -> int:
    plugin = discovery.plugins.get(name)
    if plugin is None:
        _err(_unknown_provider(discovery, name))
        return EXIT_USAGE
    try:
        from opstatus_core.testing import check_loopback, serve
    except ImportError:
        _err(f"fake {name}: needs the testing extra: pip install 'opstatus-{name}[testing]'.")
        return EXIT_CONFIG
    try:
        check_loopback(host)
    except ValueError as exc:
        _err(f"fake {name}: {exc}; use --host 127.0.0.1 (or ::1).")
        return EXIT_USAGE
    try:
        fake = plugin.load_fake()
        server = serve(fake, host, port)
        server.start()
    except (ImportError, LookupError, ValueError, OSError, RuntimeError) as exc:
        if debug:
            traceback.print_exc()
        hint = (
            f" Install the SDK's testing extra: pip install 'opstatus-{name}[testing]'."
            if isinstance(exc, ImportError | LookupError)
            else ""
        )
        _err(f"fake {name}: cannot serve on {host}:{port}: {' '.join(str(exc).split())}.{hint}")
        return EXIT_CONFIG
    stop = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        out = sys.stdout
        out.write(f"{name} fake listening on {server.base_url} (Ctrl-C to stop)\n")
        env = plugin.provider.base_url_env
        out.write(
            f"  export {env}={server.base_url}\n" if env else f"  --base-url {server.base_url}\n"
        )
        demo = dict(getattr(fake, "demo_credentials", {}) or {})
        by_kwarg = {c.kwarg: c for c in plugin.credentials}
        for kwarg, value in demo.items():
            cred = by_kwarg.get(kwarg)
            target = f"export {cred.env}={value}" if cred else f"{kwarg}={value}"
            out.write(f"  {target}    # FAKE demo credential, accepted only by this fake\n")
        out.flush()
        try:
            while not stop.wait(0.2):
                pass
        except KeyboardInterrupt:
            pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.stop()
    return 0


def _unknown_provider(discovery: Discovery, name: str) -> str:
    if name in discovery.broken:
        return (
            f"provider {name!r} is installed but its SDK could not be loaded: "
            f"{discovery.broken[name]}. Reinstall or upgrade it."
        )
    known = ", ".join(sorted(discovery.plugins)) or "none"
    return f"no provider {name!r} is installed (installed: {known}). Install opstatus-{name}."


def _providers_command(discovery: Discovery) -> Callable[..., None]:
    def providers(
        debug: Annotated[bool, typer.Option("--debug", help="Also list broken SDKs.")] = False,
    ) -> None:
        """List the installed provider SDKs, their environment variables, and broken ones."""
        for name, plugin in sorted(discovery.plugins.items()):
            envs = [plugin.provider.base_url_env, *(c.env for c in plugin.credentials)]
            fake = "fake" if plugin.fake else "no fake"
            env_list = ", ".join(e for e in envs if e) or "-"
            sys.stdout.write(f"{name}\t{plugin.summary}\tenv: {env_list}\t{fake}\n")
        if debug:
            for name, why in sorted(discovery.broken.items()):
                sys.stdout.write(f"{name}\tBROKEN: {why}\n")
        raise typer.Exit(0)

    return providers


def build_app(discovery: Discovery | None = None) -> typer.Typer:
    discovery = discovery if discovery is not None else discover()
    app = typer.Typer(
        name=PROG,
        help="Check and wait on long-running operations of every installed opstatus SDK: "
        f"`{PROG} PROVIDER status IDS...`, `{PROG} PROVIDER wait IDS...`.",
        epilog=_EPILOG,
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=False,
    )

    @app.callback()
    def root(
        debug: Annotated[
            bool, typer.Option("--debug", help="Warn about provider SDKs that fail to load.")
        ] = False,
    ) -> None:
        pass

    for name, plugin in sorted(discovery.plugins.items()):
        app.add_typer(_provider_app(plugin), name=name)
    app.command("fake")(_fake_command(discovery))
    app.command("providers")(_providers_command(discovery))
    app.command("worker")(durable.worker_command(lambda: discovery.plugins))
    return app


def main(argv: Sequence[str] | None = None) -> int:
    code = _main(argv)
    if argv is None and durable.connected():  # the console script, after a --durable command
        durable.leave(code)  # no interpreter finalization (temporalio/sdk-python#300)
    return code


def _main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    first = next((a for a in args if not a.startswith("-")), None)
    # `opstatus PROVIDER ...` loads that SDK only (fast); help, `fake`, `providers` load all
    single = first is not None and first in names()
    discovery = discover(only={first} if single and first else None)
    if "--debug" in args:
        for name, why in sorted(discovery.broken.items()):
            _err(f"warning: provider {name!r} skipped: {why}")
    if first is not None and first in discovery.broken:
        _err(_unknown_provider(discovery, first) + " Run with --debug for details.")
        return EXIT_CONFIG
    try:
        command = typer.main.get_command(build_app(discovery))
        command.main(args=args, prog_name=PROG, standalone_mode=True)
    except SystemExit as exc:  # typer: usage errors (2), our typer.Exit(code), help (0)
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else EXIT_FAILED)
    except Exception as exc:  # a bug: still one line unless --debug
        if "--debug" in args:
            traceback.print_exc()
        _err(
            f"unexpected error ({type(exc).__name__}: {' '.join(str(exc).split())}). "
            "Run with --debug for the traceback."
        )
        return EXIT_FAILED
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
