"""What a provider SDK declares (a :class:`Provider`, its :class:`BatchSupport`): where its rule,
status endpoint, reference type and base URL come from. What it inherits is :mod:`._client`."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs
import httpx

from ._policy import PollPolicy
from ._reference import OperationReference
from ._rule import PollingRule, load_rule
from ._secret import ConfigurationError, env_value
from ._tracker import NO_HOOKS, Hooks
from .limits import MAX_BASE_URL_CHARS, has_userinfo, redact_url

__all__ = ["BatchSupport", "Provider", "default_policy"]


@attrs.frozen(slots=True)
class BatchSupport:
    """For a status endpoint that takes many ids per request (``entries`` in the rule).

    ``kwargs(ids, reference)`` builds the call's kwargs for a chunk (``reference`` is the first
    operation's typed reference, for shared path params); chunks stay within ``url_budget``
    characters of ids as measured by ``cost``. ``entry_model`` turns an entry into the SDK's model.
    """

    kwargs: Callable[[Sequence[str], OperationReference], Mapping[str, Any]]
    url_budget: int = 1500
    cost: Callable[[str], int] = len
    entry_model: Callable[[Mapping[str, Any]], Any] | None = None


@attrs.frozen(slots=True)
class Provider:
    """Everything core needs to know about one provider, none of it in core.

    - ``name``: the slug, in messages and continuation tokens.
    - ``spec_package``/``operation_id``: where the ``x-opstatus`` rule comes from.
    - ``endpoint``: the generated status operation module; ``client_class``: the generated
      ``Client`` (built with ``base_url``, ``headers``, ``timeout``, ``verify_ssl``,
      ``httpx_args``).
    - ``reference``: the SDK's :class:`OperationReference` type (its keys, how it is parsed,
      the status call's kwargs).
    - ``base_url_env``/``default_base_url``: where the base URL comes from.
    - ``hooks``, ``batch``: see :class:`Hooks`, :class:`BatchSupport`.
    """

    name: str
    spec_package: str
    operation_id: str
    endpoint: Any
    client_class: Callable[..., Any]
    reference: type[OperationReference]
    base_url_env: str | None = None
    default_base_url: str | None = None
    hooks: Hooks = NO_HOOKS
    batch: BatchSupport | None = None

    @property
    def id_key(self) -> str:
        """The reference key holding the operation id."""
        return self.reference.id_key

    @property
    def reference_keys(self) -> tuple[str, ...]:
        """Every key of a reference mapping."""
        return self.reference.keys

    def rule(self) -> PollingRule:
        return load_rule(self.spec_package, self.operation_id)

    def base_url(self, given: str | None, environ: Mapping[str, str] | None) -> str:
        """The client's base URL (``given``, else the environment, else the default), or
        :class:`ConfigurationError` (never echoing a credential).

        Credentials in the URL (``https://user:pass@host``) are refused rather than stripped:
        httpx would send them as ``Authorization: Basic`` in place of the SDK's own credential,
        and a URL is what ends up in logs, reprs and shell history. Pass them as the SDK's
        credential keywords instead."""
        name, env = self.name, self.base_url_env
        if given is None and env is not None:
            given = env_value(env, environ=environ)
        url = given or self.default_base_url
        if not url:
            raise ConfigurationError(
                f"{name}: no base URL; pass base_url{f' or set {env}' if env else ''}."
            )
        shown = repr(redact_url(url))
        if len(url) > MAX_BASE_URL_CHARS:
            raise ConfigurationError(
                f"{name}: the base URL is {len(url)} characters long "
                f"(at most {MAX_BASE_URL_CHARS}): {shown}"
            )
        if has_userinfo(url):
            raise ConfigurationError(
                f"{name}: the base URL must not contain credentials (user:password@): "
                f"{shown}; pass them as the SDK's credential arguments."
            )
        if not url.startswith(("https://", "http://")):
            raise ConfigurationError(f"{name}: base URL must be http(s): {shown}")
        try:
            host = httpx.URL(url).host
        except (httpx.InvalidURL, ValueError, TypeError) as exc:
            raise ConfigurationError(
                f"{name}: the base URL is not a valid URL ({type(exc).__name__}): {shown}"
            ) from None
        if not host:
            raise ConfigurationError(f"{name}: the base URL has no host: {shown}")
        return url.rstrip("/")


def default_policy(rule: PollingRule) -> PollPolicy:
    """A client's policy when none is given: derived from the spec's declared ``duration``
    (:meth:`PollPolicy.for_duration`), else ``PollPolicy()``."""
    expected = rule.duration
    if expected is None:
        return PollPolicy()
    return PollPolicy.for_duration(expected.typical, expected.max)
