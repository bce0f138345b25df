"""Kind 1, stateful: an operation that exists is polled by its id until it ends, and every poll
is a Schemathesis case validated with all checks.

Only bc-cloudmigration's spec has OpenAPI ``links`` (followed by Schemathesis' state machine
in test_fakes_links); for every provider this test plays create -> poll by hand: the operation
is created (doc-translation: through ``startTranslation`` with the spec's own request example,
its id read from the ``Operation-Location`` header; elsewhere the APIs have no create call in
their spec, so the fake seeds it), then the status operation is called with that id, once per
poll.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any

import attrs
import pytest
import schemathesis
from opstatus_core._rule import Classification, PollingRule, UnknownStatusWarning
from opstatus_core.testing import serve

from ._support import SEED, SLUGS, load_spec, operations, require_fake, require_plugin, spec_path
from .test_fakes_conform import _auth

pytestmark = pytest.mark.contract

MAX_POLLS = 20


def _status_operation(slug: str, operation_id: str) -> Any:
    return next(o for o in operations(slug) if o.operation_id == operation_id)


def _arguments(
    slug: str, operation: Any, ref: Mapping[str, str], id_key: str
) -> dict[str, dict[str, Any]]:
    spec = load_spec(slug)
    params = [
        *spec["paths"][operation.path].get("parameters", []),
        *operation.op.get("parameters", []),
    ]
    found: dict[str, dict[str, Any]] = {"path": {}, "query": {}, "header": {}}
    for param in params:
        while "$ref" in param:
            param = spec["components"]["parameters"][param["$ref"].rsplit("/", 1)[-1]]
        where, name, schema = param["in"], param["name"], param.get("schema", {})
        value: Any = ref.get(name)
        if value is None and where == "path":
            value = ref[id_key]
        if value is None and param.get("required"):
            examples = [e.get("value") for e in param.get("examples", {}).values()]
            value = (schema.get("enum") or [schema.get("default")])[0]
            if value is None:  # an open value (e.g. LCS x-ms-version): the documented example
                value = next((e for e in [param.get("example"), *examples] if e is not None), None)
        if value is None or where not in found:
            continue
        found[where][name] = [value] if schema.get("type") == "array" else value
    return found


def _authenticate(schema: Any, case: Any) -> None:
    """Schemathesis' own OpenAPI-aware auth, as in the generated cases."""
    applied = schema.apply_auth(case, schemathesis.AuthContext(operation=case.operation, app=None))
    assert applied, f"Schemathesis applied no credentials to {case.operation.label}"


#: specs with an operation that creates an operation (played by _create_via_api)
_CREATES = ("doc-translation",)


def _create_via_api(schema: Any, slug: str) -> Mapping[str, str] | None:
    """Create through the spec's own create operation, where the spec has one."""
    if slug not in _CREATES:
        return None
    spec = load_spec(slug)
    op = spec["paths"]["/batches"]["post"]
    media = op["requestBody"]["content"]["application/json"]
    example = next(iter(media["examples"].values()))["value"]
    case = schema["/batches"]["POST"].Case(body=example, media_type="application/json")
    _authenticate(schema, case)
    response = case.call_and_validate()
    assert response.status_code == 202, response.text
    location = response.headers["operation-location"][0]
    return {"id": location.rstrip("/").rsplit("/", 1)[-1]}


def _cases() -> list[tuple[str, str]]:
    """(slug, outcome) pairs that exist: "created" only where the spec has a create call, and a
    terminal outcome only where the status operation's ``x-opstatus`` lists a status for it, so
    no provider gets a test that could only be skipped."""
    cases = []
    for slug in SLUGS:
        if slug in _CREATES:
            cases.append((slug, "created"))
        rule = PollingRule.from_document(
            load_spec(slug), require_plugin(slug).provider.operation_id
        )
        cases += [(slug, o) for o in ("succeeded", "failed", "canceled") if getattr(rule, o)]
    return cases


@pytest.mark.parametrize(("slug", "outcome"), _cases())
def test_created_operation_is_polled_by_id(slug: str, outcome: str, record_property: Any) -> None:
    found = require_plugin(slug)
    fake = require_fake(slug)
    provider = found.provider
    rule = PollingRule.from_document(load_spec(slug), provider.operation_id)
    unechoed = attrs.evolve(rule, id=None)
    status_op = _status_operation(slug, provider.operation_id)
    with serve(fake) as server:
        config = schemathesis.Config.from_dict(
            {"seed": SEED, "auth": _auth(slug, fake), "base-url": server.base_url}
        )
        schema = schemathesis.openapi.from_path(spec_path(slug), config=config)
        if outcome == "created":
            ref = _create_via_api(schema, slug)
            assert ref is not None, f"{slug}: listed in _CREATES but nothing was created"
        else:
            ref = fake.seed_operation(outcome, polls=2)
        args = _arguments(slug, status_op, ref, provider.id_key)
        operation = schema[status_op.path][status_op.method.upper()]
        seen: list[str] = []
        for _ in range(MAX_POLLS):
            case = operation.Case(
                path_parameters=args["path"], query=args["query"], headers=args["header"]
            )
            _authenticate(schema, case)
            response = case.call_and_validate()
            assert response.status_code == 200, response.text
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UnknownStatusWarning)
                # the entry of this id; its status read as the engine does (the echoed id
                # is not compared here: the reference is the test's, not the SDK's)
                extracted = unechoed.read(response.json(), ref[provider.id_key])
            assert extracted.status is not None, extracted
            assert extracted.classification is not None, extracted
            seen.append(extracted.status)
            if extracted.classification is not Classification.PENDING:
                break
        else:
            pytest.fail(f"{slug}: still pending after {MAX_POLLS} polls: {seen}")
    expected = {"created": None, "succeeded": "succeeded", "failed": "failed"}
    if outcome in expected and expected[outcome] is not None:
        assert extracted.classification.value == expected[outcome], seen
    assert len(seen) >= 2, f"{slug}: the operation was never pending: {seen}"
    fake.assert_healthy()  # no handler crashed (the ignored_auth check's probes are invalid)
    record_property("contract_kind", "test_fakes_stateful")
    record_property("contract_provider", slug)
    record_property("contract_cases", len(seen))
