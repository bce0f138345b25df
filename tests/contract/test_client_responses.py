"""Kind 2: the generated clients (and the SDKs' polling rules) accept everything the specs allow.

For every JSON response body of every operation of the five specs, Schemathesis generates
bodies from the response schema (positive data: any value the schema admits, optional fields
present or not, open status enums with unknown strings). Each body is parsed exactly as the
generated client parses a real response (the endpoint's ``build_response`` with
``raise_on_unexpected_status``), serialised back with ``to_dict()`` and validated against the
same schema. Status bodies also go through the ``x-opstatus`` rule (``PollingRule.extract``)
that the SDKs poll with. Explicit cases on top: every example of the spec, the example with
every optional property removed, and the example with an unknown status string.
"""

from __future__ import annotations

import copy
import functools
import json
import warnings
from collections.abc import Mapping
from typing import Any

import attrs
import httpx
import pytest
import schemathesis
from hypothesis import given
from hypothesis import strategies as st
from opstatus_core._rule import Classification, PollingRule, UnknownStatusWarning
from opstatus_core.sdk import OperationNotFound

from ._support import (
    SEED,
    SLUGS,
    ResponseBody,
    endpoint_module,
    generated_client,
    hypothesis_settings,
    load_spec,
    plugin,
    resolve,
    response_bodies,
    schema_errors,
    to_json,
)

pytestmark = pytest.mark.contract

BODIES = [body for slug in SLUGS for body in response_bodies(slug)]
UNKNOWN_STATUS = "SomeStatusAddedNextYear"

#: Contract failures found in the specs, each with the proposed fix (see tests/contract/README.md).
#: Marked xfail(strict=True): once the spec is fixed the test passes and the mark must go.
SPEC_GAPS: dict[str, str] = {}


def _param(case_id: str, body_id: str, *values: Any) -> Any:
    marks = []
    if body_id in SPEC_GAPS:
        marks.append(pytest.mark.xfail(reason=SPEC_GAPS[body_id], strict=True))
    return pytest.param(*values, id=case_id, marks=marks)


# -- generating bodies from response schemas -------------------------------------------------------


@functools.cache
def _body_schema(slug: str) -> Any:
    """A copy of the spec with one synthetic operation per response body, whose request body
    schema is that response's schema: Schemathesis then generates response bodies for us."""
    spec = load_spec(slug)
    paths: dict[str, Any] = {}
    for body in response_bodies(slug):
        paths[_synthetic_path(body)] = {
            "post": {
                "operationId": f"body_{body.operation.operation_id}_{body.status}",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": copy.deepcopy(body.schema)}},
                },
                "responses": {"200": {"description": "unused"}},
            }
        }
    spec["paths"] = paths
    spec.pop("security", None)
    # These request bodies stand for responses, where `readOnly` properties (e.g. Business
    # Central's non-editable ids) are sent: a generator drops them from requests, so the flag goes.
    _drop_read_only(spec)
    config = schemathesis.Config.from_dict(
        {"seed": SEED, "generation": {"mode": "positive", "deterministic": True}}
    )
    return schemathesis.openapi.from_dict(spec, config=config)


def _drop_read_only(node: Any) -> None:
    if isinstance(node, dict):
        node.pop("readOnly", None)
        for value in node.values():
            _drop_read_only(value)
    elif isinstance(node, list):
        for item in node:
            _drop_read_only(item)


def _synthetic_path(body: ResponseBody) -> str:
    return f"/{body.operation.operation_id}/{body.status}"


def bodies_of(body: ResponseBody) -> st.SearchStrategy[Any]:
    operation = _body_schema(body.operation.slug)[_synthetic_path(body)]["POST"]
    return operation.as_strategy().map(lambda case: case.body)


# -- parsing as the client does ------------------------------------------------------------------


def rule_of(body: ResponseBody) -> PollingRule | None:
    """The ``x-opstatus`` rule of the body's operation (the SDK's own, once it has landed)."""
    op = body.operation
    if "x-opstatus" not in op.op:
        return None
    found = plugin(op.slug)
    if found is not None and found.provider.operation_id == op.operation_id:
        return found.provider.rule()  # type: ignore[no-any-return]
    return PollingRule.from_document(load_spec(op.slug), op.operation_id)


def check_accepted(body: ResponseBody, value: Any) -> None:
    """Parse ``value`` as the generated client would, round-trip it, run the polling rule."""
    spec = load_spec(body.operation.slug)
    errors = schema_errors(spec, body.schema, value)
    assert not errors, f"the generator produced a body the schema refuses: {errors}"
    module = endpoint_module(body.operation.slug, body.operation.operation_id)
    response = httpx.Response(
        body.status_code,
        json=value,
        headers={"content-type": body.media_type},
        request=httpx.Request(body.operation.method.upper(), "https://contract.invalid/"),
    )
    parsed = module.build_response(client=generated_client(body.operation.slug), response=response)
    assert parsed.parsed is not None, f"{body.id}: the generated client parsed nothing"
    again = to_json(parsed.parsed)
    errors = schema_errors(spec, body.schema, again)
    assert not errors, f"{body.id}: to_dict() no longer validates: {errors}\n{again!r}"

    rule = rule_of(body)
    if rule is None or not 200 <= body.status_code < 300:
        return
    ids: list[str | None] = list(rule.split_entries(value)) if rule.entries is not None else [None]
    for operation_id in ids:
        extract_status(rule, value, operation_id)


def extract_status(rule: PollingRule, document: Any, operation_id: str | None = None) -> None:
    """What the engine reads from a status document (or batched body) the schema allows."""
    unechoed = attrs.evolve(rule, id=None)  # a generated body's echoed id is arbitrary
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnknownStatusWarning)
        extracted = unechoed.read(document, operation_id)
    if not extracted.ok:
        return  # the engine stops at the flag: an ApiError with the error detail
    if extracted.failure is OperationNotFound and extracted.document is not None:
        return  # a status the rule lists in notFound
    assert extracted.failure is None, extracted
    assert isinstance(extracted.classification, Classification)
    if extracted.status not in rule.known_values:
        assert extracted.classification is Classification.PENDING
    if extracted.progress is not None:
        assert 0.0 <= extracted.progress <= 1.0


# -- the tests -----------------------------------------------------------------------------------


def _groups() -> list[tuple[ResponseBody, ...]]:
    """Bodies with the same schema in one spec (e.g. the error body of every 4xx) share one
    generation run; every generated value is parsed by each of their endpoints."""
    groups: dict[tuple[str, str], list[ResponseBody]] = {}
    for body in BODIES:
        key = (body.operation.slug, json.dumps(body.schema, sort_keys=True))
        groups.setdefault(key, []).append(body)
    return [tuple(group) for group in groups.values()]


GROUPS = _groups()


@pytest.mark.parametrize(
    "group",
    [
        _param(
            group[0].id + (f"+{len(group) - 1}" if len(group) > 1 else ""),
            next((b.id for b in group if b.id in SPEC_GAPS), ""),
            group,
        )
        for group in GROUPS
    ],
)
def test_generated_bodies_are_accepted(
    group: tuple[ResponseBody, ...], record_property: Any
) -> None:
    """Bodies Schemathesis generates from a response schema parse and round-trip (for every
    operation and status code that documents that schema)."""
    seen: list[int] = []

    @hypothesis_settings()
    @given(value=bodies_of(group[0]))
    def run(value: Any) -> None:
        seen.append(1)
        for body in group:
            check_accepted(body, value)

    run()
    record_property("contract_kind", "test_client_responses")
    record_property("contract_provider", group[0].operation.slug)
    record_property("contract_cases", len(seen))


def _required(spec: Mapping[str, Any], schema: Mapping[str, Any], value: Any) -> set[str]:
    """The properties ``schema`` requires of ``value``: its ``required``, those of its ``allOf``
    branches, and those of ``then`` (or ``else``) as ``value`` matches ``if`` or not."""
    schema = resolve(spec, schema)
    if not isinstance(schema, Mapping):
        return set()
    required = set(schema.get("required", ()))
    for branch in schema.get("allOf", ()):
        required |= _required(spec, branch, value)
    if "if" in schema:
        branch = schema.get("then" if not schema_errors(spec, schema["if"], value) else "else")
        if branch is not None:
            required |= _required(spec, branch, value)
    return required


def _strip_optional(spec: Mapping[str, Any], schema: Any, value: Any) -> Any:
    """``value`` with every property its schema does not require removed (recursively)."""
    schema = resolve(spec, schema)
    if not isinstance(schema, Mapping):
        return value
    for key in ("anyOf", "oneOf"):
        for branch in schema.get(key, ()):
            if not schema_errors(spec, branch, value):
                return _strip_optional(spec, branch, value)
    if isinstance(value, dict):
        required = _required(spec, schema, value)
        # allOf: every branch applies (e.g. a base contract reused by allOf), so its properties
        # are this schema's too
        props = {
            **{
                k: v
                for branch in schema.get("allOf", ())
                for k, v in resolve(spec, branch).get("properties", {}).items()
            },
            **schema.get("properties", {}),
        }
        extra = schema.get("additionalProperties")
        out = {}
        for k, v in value.items():
            if k in required:
                sub = props.get(k, extra if isinstance(extra, Mapping) else {})
                out[k] = _strip_optional(spec, sub, v)
        return out
    if isinstance(value, list):
        items = schema.get("items", {})
        return [_strip_optional(spec, items, v) for v in value]
    return value


def _with_status(rule: PollingRule, document: Any, status: str) -> Any:
    from opstatus_core.testing import pointer_set

    document = copy.deepcopy(document)
    targets = [document]
    if rule.entries is not None:
        targets = list(rule.split_entries(document).values())
    for target in targets:
        pointer_set(target, rule.status, status)
    return document


def explicit_cases() -> list[tuple[str, ResponseBody, Any]]:
    cases: list[tuple[str, ResponseBody, Any]] = []
    for body in BODIES:
        spec = load_spec(body.operation.slug)
        rule = (
            PollingRule.from_document(spec, body.operation.operation_id)
            if "x-opstatus" in body.operation.op
            else None
        )
        for name, example in body.examples:
            cases.append((f"{body.id}:{name}", body, example))
            minimal = _strip_optional(spec, body.schema, example)
            if minimal != example:
                cases.append((f"{body.id}:{name}:optional-omitted", body, minimal))
            if rule is not None and body.status_code < 300:
                unknown = _with_status(rule, example, UNKNOWN_STATUS)
                if unknown != example and not schema_errors(spec, body.schema, unknown):
                    cases.append((f"{body.id}:{name}:unknown-status", body, unknown))
    return cases


EXPLICIT = explicit_cases()


@pytest.mark.parametrize(
    ("body", "value"),
    [
        _param(name, body.id if name.endswith(":optional-omitted") else "", body, value)
        for name, body, value in EXPLICIT
    ],
)
def test_examples_and_variants_are_accepted(body: ResponseBody, value: Any) -> None:
    """Each example, its optional-fields-omitted form and its unknown-status form parse."""
    check_accepted(body, value)


@pytest.mark.parametrize("slug", SLUGS)
def test_every_status_operation_has_an_unknown_status_case(slug: str) -> None:
    """The open enum really is open: each status operation has an unknown-status case above."""
    status_ops = [b for b in BODIES if b.operation.slug == slug and "x-opstatus" in b.operation.op]
    assert status_ops, f"{slug}: no x-opstatus operation"
    covered = {c[0].split(":")[1] for c in EXPLICIT if c[0].endswith(":unknown-status")}
    missing = {b.operation.operation_id for b in status_ops} - covered
    assert not missing, f"{slug}: no example of {missing} accepts an unknown status string"
