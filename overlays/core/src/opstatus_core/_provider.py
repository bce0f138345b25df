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
    """For a status endpoint that takes many ids per request (``entries`` in the rule)."""

    #: a chunk's call kwargs from its ids and first reference (for shared path params)
    kwargs: Callable[[Sequence[str], OperationReference], Mapping[str, Any]]
    url_budget: int = 1500  # a chunk's ids, in characters as measured by ``cost``
    cost: Callable[[str], int] = len
    entry_model: Callable[[Mapping[str, Any]], Any] | None = None  # an entry as the SDK's model


@attrs.frozen(slots=True)
class Provider:
    """Everything core needs to know about one provider, none of it in core."""

    name: str  # the slug, in messages and continuation tokens
    spec_package: str  # with operation_id: where the ``x-opstatus`` rule comes from
    operation_id: str
    endpoint: Any  # the generated status operation's module
    client_class: Callable[..., Any]  # the generated ``Client``
    reference: type[OperationReference]
    base_url_env: str | None = None
    default_base_url: str | None = None
    hooks: Hooks = NO_HOOKS
    batch: BatchSupport | None = None
    #: reference keys a client can default, each with the variable read when the client's
    #: keyword is not given (e.g. ``{"company_id": "OPSTATUS_BC_COMPANY"}``)
    default_envs: Mapping[str, str] = attrs.field(factory=dict)

    @property
    def id_key(self) -> str:
        return self.reference.id_key

    @property
    def reference_keys(self) -> tuple[str, ...]:
        return self.reference.keys

    def rule(self) -> PollingRule:
        return load_rule(self.spec_package, self.operation_id)

    def base_url(self, given: str | None, environ: Mapping[str, str] | None) -> str:
        """``given``, else the environment's, else the default; a URL with credentials is
        refused, not stripped (httpx would send them in place of the SDK's credential)."""
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
        except (httpx.InvalidURL, ValueError, TypeError):
            host = ""
        if not host:
            raise ConfigurationError(f"{name}: the base URL is not a valid URL: {shown}")
        return url.rstrip("/")


def default_policy(rule: PollingRule) -> PollPolicy:
    """A client's policy when none is given: from the spec's ``duration``, if it declares one."""
    expected = rule.duration
    return PollPolicy.for_duration(expected.typical, expected.max) if expected else PollPolicy()
