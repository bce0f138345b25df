"""What the three kinds of contract test share: the five specs, their SDKs and fakes, the budget.

Budget (examples per operation, or per response schema): the ``OPSTATUS_CONTRACT`` environment
variable picks a profile, ``ci`` (the default, what ``make contract`` and ``make test`` run) or
``deep`` (``make contract-deep``); ``OPSTATUS_CONTRACT_EXAMPLES`` overrides the number and
``OPSTATUS_CONTRACT_SEED`` the seed. Every run is seeded and derandomized, so the same commit
generates the same cases on every machine.
"""

from __future__ import annotations

import functools
import importlib
import json
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import hypothesis
import jsonschema
import pytest

from tests._support import ROOT, SPECS, load_spec, spec_path

__all__ = ["ROOT", "SPECS", "load_spec", "spec_path"]  # the shared spec loader, re-exported

SLUGS = (
    "lcs-dbmovement",
    "clc-operations",
    "bc-cloudmigration",
    "doc-translation",
    "snaplogic-apim",
)
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")

# -- the budget ---------------------------------------------------------------------------------

PROFILES: dict[str, int] = {"ci": 25, "deep": 500}
PROFILE = os.environ.get("OPSTATUS_CONTRACT", "ci")
if PROFILE not in PROFILES:
    raise RuntimeError(f"OPSTATUS_CONTRACT must be one of {sorted(PROFILES)}, not {PROFILE!r}")
MAX_EXAMPLES = int(os.environ.get("OPSTATUS_CONTRACT_EXAMPLES", PROFILES[PROFILE]))
SEED = int(os.environ.get("OPSTATUS_CONTRACT_SEED", "20240917"))


def hypothesis_settings(max_examples: int | None = None) -> hypothesis.settings:
    """Settings for the plain Hypothesis tests (kind 2): deterministic, no example database."""
    return hypothesis.settings(
        max_examples=max_examples or MAX_EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        print_blob=True,
        suppress_health_check=[
            hypothesis.HealthCheck.too_slow,
            hypothesis.HealthCheck.data_too_large,
            hypothesis.HealthCheck.filter_too_much,
        ],
    )


# -- specs --------------------------------------------------------------------------------------


def resolve(spec: Mapping[str, Any], node: Any) -> Any:
    """Follow local ``$ref``s until a node that is not a reference."""
    while isinstance(node, Mapping) and "$ref" in node:
        target: Any = spec
        for part in str(node["$ref"]).removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


@dataclass(frozen=True)
class Operation:
    slug: str
    path: str
    method: str
    operation_id: str
    op: Mapping[str, Any]

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"


def operations(slug: str, spec: Mapping[str, Any] | None = None) -> list[Operation]:
    spec = spec if spec is not None else load_spec(slug)
    return [
        Operation(slug, path, method, op["operationId"], op)
        for path, item in spec.get("paths", {}).items()
        for method, op in item.items()
        if method in HTTP_METHODS
    ]


@dataclass(frozen=True)
class ResponseBody:
    """One JSON response body an operation documents."""

    operation: Operation
    status: str  # "200", "4XX", "default"
    media_type: str
    schema: Mapping[str, Any]
    examples: tuple[tuple[str, Any], ...]

    @property
    def id(self) -> str:
        return f"{self.operation.slug}:{self.operation.operation_id}:{self.status}"

    @property
    def status_code(self) -> int:
        """A concrete status code for the documented one (``4XX`` -> 400, ``default`` -> 500)."""
        if self.status.isdigit():
            return int(self.status)
        if self.status.upper().endswith("XX"):
            return int(self.status[0]) * 100
        return 500


def response_bodies(slug: str, spec: Mapping[str, Any] | None = None) -> list[ResponseBody]:
    spec = spec if spec is not None else load_spec(slug)
    found: list[ResponseBody] = []
    for operation in operations(slug, spec):
        for status, response in operation.op.get("responses", {}).items():
            response = resolve(spec, response)
            for media_type, media in (response.get("content") or {}).items():
                if "json" not in media_type or "schema" not in media:
                    continue
                examples: list[tuple[str, Any]] = []
                if "example" in media:
                    examples.append(("example", media["example"]))
                for name, example in (media.get("examples") or {}).items():
                    example = resolve(spec, example)
                    if "value" in example:
                        examples.append((name, example["value"]))
                found.append(
                    ResponseBody(
                        operation, str(status), media_type, media["schema"], tuple(examples)
                    )
                )
    return found


def validator(spec: Mapping[str, Any], schema: Mapping[str, Any]) -> jsonschema.Validator:
    """A Draft 2020-12 validator (formats checked) for ``schema``, a node of ``spec``.

    The spec's ``components`` ride along in the root, so ``#/components/...`` references
    resolve exactly as in the spec (JSON Schema ignores the unknown ``components`` keyword).
    """
    key = json.dumps([spec.get("components", {}), schema], sort_keys=True, default=str)
    return _validator(key)


@functools.lru_cache(maxsize=512)
def _validator(key: str) -> jsonschema.Validator:
    components, schema = json.loads(key)
    root = {**schema, "components": components}
    cls = jsonschema.Draft202012Validator
    return cls(root, format_checker=cls.FORMAT_CHECKER)


def schema_errors(spec: Mapping[str, Any], schema: Mapping[str, Any], value: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
        for e in validator(spec, schema).iter_errors(value)
    ]


# -- generated clients ----------------------------------------------------------------------------


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def client_package(slug: str) -> str:
    return f"opstatus_{slug.replace('-', '_')}_client"


@functools.cache
def endpoint_module(slug: str, operation_id: str) -> ModuleType:
    """The generated module of one operation (``<client>.api.<tag>.<snake operationId>``)."""
    api = importlib.import_module(client_package(slug) + ".api")
    for tag_dir in sorted(Path(api.__file__ or "").parent.iterdir()):
        candidate = tag_dir / f"{_snake(operation_id)}.py"
        if candidate.is_file():
            return importlib.import_module(f"{api.__name__}.{tag_dir.name}.{candidate.stem}")
    raise LookupError(f"{slug}: no generated module for operationId {operation_id!r}")


def generated_client(slug: str) -> Any:
    """A generated ``Client`` that raises on undocumented status codes (nothing is sent)."""
    module = importlib.import_module(client_package(slug))
    return module.Client(base_url="https://contract.invalid", raise_on_unexpected_status=True)


def to_json(value: Any) -> Any:
    """A parsed model (or list/dict of them) back to plain JSON data."""
    if hasattr(value, "to_dict"):
        value = value.to_dict()
    elif isinstance(value, list):
        value = [to_json(v) for v in value]
    elif isinstance(value, dict):
        value = {k: to_json(v) for k, v in value.items()}
    return json.loads(json.dumps(value, default=str))


# -- SDKs and fakes -------------------------------------------------------------------------------


def sdk_package(slug: str) -> str:
    return f"opstatus_{slug.replace('-', '_')}"


def plugin(slug: str) -> Any | None:
    """The SDK's ``PLUGIN``, or None while the SDK has not landed."""
    try:
        module = importlib.import_module(sdk_package(slug))
    except ImportError:
        return None
    return getattr(module, "PLUGIN", None)


def require_plugin(slug: str) -> Any:
    """The SDK plugin of ``slug``; every SDK is part of the workspace, so a missing one fails."""
    found = plugin(slug)
    if found is None:
        pytest.fail(f"{slug}: the SDK does not export PLUGIN")
    return found


def require_fake(slug: str, **kwargs: Any) -> Any:
    """A new fake of ``slug`` (fails, never skips, when the SDK names none or it cannot load)."""
    found = require_plugin(slug)
    if found.fake is None:
        pytest.fail(f"{slug}: the SDK names no fake")
    return found.load_fake(**kwargs)


def _scheme_config(scheme: Mapping[str, Any], value: str) -> dict[str, str] | None:
    kind = scheme.get("type")
    if kind == "apiKey":
        return {"api_key": value}
    if kind == "http" and str(scheme.get("scheme", "")).lower() == "basic":
        user, _, password = value.partition(":")
        return {"username": user, "password": password}
    if kind == "http" and str(scheme.get("scheme", "")).lower() == "bearer":
        return {"bearer": value}
    return None  # oauth2 / openIdConnect: Schemathesis sends these through an http twin, if any


def schemathesis_auth(fake: Any) -> dict[str, dict[str, str]]:
    """``[auth.openapi]`` for Schemathesis: one valid credential of every scheme it can send.

    The values come from the fake's accepted ``credentials`` (scheme name -> values). A fake
    built to accept any credential (``credentials=None``) gets a placeholder of the right kind.
    """
    schemes: Mapping[str, Any] = (fake.spec.get("components") or {}).get("securitySchemes") or {}
    accepted: Mapping[str, Any] | None = fake.credentials
    found: dict[str, dict[str, str]] = {}
    for name, scheme in schemes.items():
        if accepted is None:
            value = "contract-user:contract-secret" if scheme.get("scheme") == "basic" else "x"
        else:
            values = sorted(accepted.get(name, ()))
            if not values:
                continue
            value = values[0]
        config = _scheme_config(scheme, value)
        if config is not None:
            found[name] = config
    return found


def iter_leaves(document: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(JSON pointer, value) for every scalar in a JSON document."""
    if isinstance(document, dict):
        for k, v in document.items():
            yield from iter_leaves(v, f"{prefix}/{str(k).replace('~', '~0').replace('/', '~1')}")
    elif isinstance(document, list):
        for i, v in enumerate(document):
            yield from iter_leaves(v, f"{prefix}/{i}")
    else:
        yield prefix, document
