"""The specs stand alone: valid, lint-clean, their examples true to their schemas and pages,
their open status enums open, and their polling extension complete."""

from __future__ import annotations

import copy
import enum
import json
import os
import re
import subprocess
from datetime import datetime
from typing import Any

import jsonschema
import pytest
import referencing
from openapi_python_client.strings import ClassName
from openapi_spec_validator import validate

from .conftest import (
    ROOT,
    SEED_PAGES,
    SEEDS,
    SLUGS,
    load_spec,
    media_examples,
    models,
    operations,
    resolve,
)

# JSON on a seed page that is not an example body, and why.
NOT_EXAMPLES = {
    ("bc-cloudmigration", 0): "the 'JSON representation' is a type sketch ('GUID', 'integer')",
}


def test_spec_is_valid_openapi_31(slug: str) -> None:
    spec = load_spec(slug)
    assert spec["openapi"].startswith("3.1"), "specs are OpenAPI 3.1"
    validate(spec)


@pytest.mark.parametrize(
    "command",
    [
        ["npx", "--no-install", "redocly", "lint", "--format=stylish"],
        ["npx", "--no-install", "spectral", "lint", "--fail-severity=hint", "-r", ".spectral.yaml"],
    ],
    ids=["redocly", "spectral"],
)
def test_specs_are_lint_clean(command: list[str]) -> None:
    files = [f"specs/{s}.yaml" for s in SLUGS]
    env = {**os.environ, "REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"}
    proc = subprocess.run(command + files, cwd=ROOT, capture_output=True, text=True, env=env)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    # Redocly's banner about the Node.js version is not a lint finding.
    findings = re.sub(r"Deprecation warning: Node\.js \d+ support", "", output)
    assert not re.search(r"\bwarnings?\b", findings, re.IGNORECASE), output


def _validator(spec: dict[str, Any], schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    resource = referencing.Resource.from_contents(
        spec, default_specification=referencing.jsonschema.DRAFT202012
    )
    registry = referencing.Registry().with_resource("urn:spec", resource)
    return jsonschema.Draft202012Validator(
        _rebase(schema),
        registry=registry,
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )


def _rebase(node: Any) -> Any:
    """Point the spec's local $refs at the registered spec document."""
    if isinstance(node, dict):
        local_ref = isinstance(node.get("$ref"), str) and node["$ref"].startswith("#")
        rebased = {k: _rebase(v) for k, v in node.items()}
        if local_ref:
            rebased["$ref"] = f"urn:spec{node['$ref']}"
        return rebased
    if isinstance(node, list):
        return [_rebase(v) for v in node]
    return node


def test_every_example_validates_against_its_schema(slug: str) -> None:
    spec = load_spec(slug)
    examples = media_examples(spec)
    assert examples, f"{slug}: no examples at all"
    failures = []
    for where, schema, value in examples:
        errors = list(_validator(spec, schema).iter_errors(value))
        failures += [f"{where}: {e.message} at {list(e.absolute_path)}" for e in errors]
    assert not failures, "\n".join(failures)


def _seed_json_blocks(slug: str) -> list[Any]:
    """Every JSON value on the seed page that starts a line with '{' (fenced, indented or bare)."""
    page = SEEDS / SEED_PAGES[slug]
    assert page.exists(), f"seed page missing: {page} (set OPSTATUS_SEEDS to the seeds folder)"
    text = page.read_text(encoding="utf-8")
    decoder = json.JSONDecoder()
    found, pos = [], 0
    for match in re.finditer(r"^[ \t]*\{", text, re.MULTILINE):
        start = match.end() - 1
        if start < pos:
            continue
        try:
            value, end = decoder.raw_decode(text, start)
        except json.JSONDecodeError:
            continue
        found.append(value)
        pos = end
    return found


def test_seed_page_examples_are_in_the_spec_verbatim(slug: str) -> None:
    blocks = _seed_json_blocks(slug)
    assert blocks, f"{slug}: found no JSON on the seed page"
    values = [value for _, _, value in media_examples(load_spec(slug))]
    missing = [
        json.dumps(block)[:120]
        for i, block in enumerate(blocks)
        if (slug, i) not in NOT_EXAMPLES and block not in values
    ]
    assert not missing, f"{slug}: seed examples not carried verbatim: {missing}"


def _model_for(slug: str, spec: dict[str, Any], schema: dict[str, Any]) -> Any:
    ref = schema.get("$ref", "")
    if not ref.startswith("#/components/schemas/"):
        return None
    name = ref.rsplit("/", 1)[1]
    cls = getattr(models(slug), ClassName(name, ""), None)
    assert cls is not None, f"{slug}: no generated model for schema {name}"
    return None if issubclass(cls, enum.Enum) else cls


def _as_instants(value: Any) -> Any:
    """The JSON with zoned date-times read as instants (the generator writes `Z` as `+00:00`)."""
    if isinstance(value, dict):
        return {k: _as_instants(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_instants(v) for v in value]
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)", value):
        return datetime.fromisoformat(value)
    return value


def test_examples_round_trip_through_generated_models(slug: str) -> None:
    spec = load_spec(slug)
    checked = 0
    for where, schema, value in media_examples(spec):
        model = _model_for(slug, spec, schema)
        if model is None:
            continue
        assert _as_instants(model.from_dict(value).to_dict()) == _as_instants(value), where
        checked += 1
    assert checked, f"{slug}: no example went through a generated model"


def _status_operations(spec: dict[str, Any]) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    return [
        (f"{m.upper()} {p}", op, op["x-opstatus"])
        for p, m, op in operations(spec)
        if "x-opstatus" in op
    ]


def _pointer_parts(pointer: str) -> list[str]:
    parts = pointer.split("/")[1:] if pointer else []
    return [p.replace("~1", "/").replace("~0", "~") for p in parts]


def _status_sites(ext: dict[str, Any], body: Any) -> list[list[str]]:
    """Paths (lists of keys) from the body to each status value, through `entries` if given."""
    prefix = _pointer_parts(ext.get("entries", ""))
    if not ext.get("entries"):
        return [_pointer_parts(ext["status"])]
    node = body
    for key in prefix:
        node = node[key]
    return [[*prefix, key, *_pointer_parts(ext["status"])] for key in node]


def _ok_example(spec: dict[str, Any], op: dict[str, Any]) -> tuple[dict[str, Any], Any]:
    media = resolve(spec, op["responses"]["200"])["content"]["application/json"]
    examples = [resolve(spec, e)["value"] for e in media.get("examples", {}).values()]
    if not examples and "example" in media:
        examples = [media["example"]]
    ext = op["x-opstatus"]
    known = set(resolve(spec, {"$ref": ext["knownStatus"]})["enum"])
    for value in examples:
        sites = _status_sites(ext, value)
        for site in sites:
            node = value
            for key in site:
                node = node[key]
            if node in known:
                return media["schema"], value
    raise AssertionError("the 200 response has no example with a known status")


def test_every_known_status_is_classified_exactly_once(slug: str) -> None:
    spec = load_spec(slug)
    status_ops = _status_operations(spec)
    assert status_ops, f"{slug}: no operation carries x-opstatus"
    for where, _, ext in status_ops:
        known = resolve(spec, {"$ref": ext["knownStatus"]})
        assert known.get("type") == "string", f"{where}: knownStatus is a string enum"
        assert known.get("enum"), f"{where}: knownStatus lists its values"
        # notFound values are markers (e.g. SnapLogic's "Not Found"), not states: classified
        # failed without being enum values; every goal classifies the same values on its own
        expected = set(known["enum"]) | set(ext.get("notFound", []))
        for name, lists_of in [
            ("", ext),
            *((f" goal {g}", v) for g, v in ext.get("goals", {}).items()),
        ]:
            lists = [lists_of[k] for k in ("succeeded", "failed", "canceled", "pending")]
            classified = [v for values in lists for v in values]
            assert len(classified) == len(set(classified)), f"{where}{name}: classified twice"
            assert set(classified) == expected, (
                f"{where}{name}: classified {sorted(classified)} but the enum is {sorted(expected)}"
            )
        if "goals" in ext:
            default = ext["goals"][ext["defaultGoal"]]
            assert all(ext[k] == default[k] for k in default), f"{where}: top level != default goal"


def test_unknown_status_parses_into_the_open_type(slug: str) -> None:
    spec = load_spec(slug)
    for where, op, ext in _status_operations(spec):
        schema, example = _ok_example(spec, op)
        model = _model_for(slug, spec, schema)
        assert model is not None, f"{where}: the 200 body is a named schema"
        body = copy.deepcopy(example)
        for site in _status_sites(ext, body):
            node = body
            for key in site[:-1]:
                node = node[key]
            node[site[-1]] = "SomeStatusAddedIn2099"
        parsed = model.from_dict(body)
        assert _as_instants(parsed.to_dict()) == _as_instants(body), where
        assert "SomeStatusAddedIn2099" in json.dumps(parsed.to_dict())


def test_missing_required_property_names_the_field(slug: str) -> None:
    spec = load_spec(slug)
    checked = 0
    for where, op, _ in _status_operations(spec):
        schema, example = _ok_example(spec, op)
        model = _model_for(slug, spec, schema)
        resolved = resolve(spec, schema)
        required = [  # the schema's own, and those of the allOf branches it reuses
            *resolved.get("required", []),
            *(f for b in resolved.get("allOf", []) for f in resolve(spec, b).get("required", [])),
        ]
        for field in required:
            body = {k: v for k, v in example.items() if k != field}
            with pytest.raises(KeyError) as caught:
                model.from_dict(body)
            assert caught.value.args == (field,), f"{where}: without {field!r}: {caught.value!r}"
            checked += 1
    assert checked, f"{slug}: the status body has no required property"
