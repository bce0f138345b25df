"""Shared loading of the five specs, their generated clients and the seed pages they encode."""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests._support import ROOT, SPECS, load_spec

__all__ = ["ROOT", "SPECS", "load_spec"]  # the shared spec loader, re-exported

SLUGS = sorted(p.stem for p in SPECS.glob("*.yaml"))
# The provider reference pages the specs encode live in the shared folder beside the checkout.
SEEDS = Path(os.environ.get("OPSTATUS_SEEDS", ROOT.parent / "shared" / "seeds"))
SEED_PAGES = {
    "lcs-dbmovement": "lcs-database-movement-get-status.md",
    "clc-operations": "clc-operations-get-status.md",
    "bc-cloudmigration": "bc-cloud-migration-status.md",
    "doc-translation": "azure-document-translation-get-status.md",
    "snaplogic-apim": "snaplogic-apim-migration-status.md",
}
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


def models(slug: str) -> ModuleType:
    return importlib.import_module(f"opstatus_{slug.replace('-', '_')}_client.models")


def operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, op)
        for path, item in spec.get("paths", {}).items()
        for method, op in item.items()
        if method in HTTP_METHODS
    ]


def resolve(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith("#/"), f"only local $refs are used in specs/: {ref}"
        target: Any = spec
        for part in ref[2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def media_examples(spec: dict[str, Any]) -> list[tuple[str, dict[str, Any], Any]]:
    """(where, schema, example value) for every request and response body example."""
    found: list[tuple[str, dict[str, Any], Any]] = []
    for path, method, op in operations(spec):
        bodies: list[tuple[str, dict[str, Any]]] = []
        if "requestBody" in op:
            bodies.append(("request", resolve(spec, op["requestBody"])))
        for code, response in op.get("responses", {}).items():
            bodies.append((code, resolve(spec, response)))
        for label, body in bodies:
            for mime, media in body.get("content", {}).items():
                where = f"{method.upper()} {path} {label} {mime}"
                if "example" in media:
                    found.append((where, media.get("schema", {}), media["example"]))
                for name, example in media.get("examples", {}).items():
                    value = resolve(spec, example).get("value")
                    found.append((f"{where} example {name!r}", media.get("schema", {}), value))
    return found


@pytest.fixture(params=SLUGS)
def slug(request: pytest.FixtureRequest) -> str:
    return str(request.param)
