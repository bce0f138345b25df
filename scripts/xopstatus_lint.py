"""Validate every spec's ``x-opstatus`` against specs/x-opstatus.schema.json (part of make lint).

    python scripts/xopstatus_lint.py [SPEC ...]   # default: specs/*.yaml; exit 1 on any problem

Two layers, as a client in another language would check them: the JSON Schema (shape, types,
pointers, no unknown keys), then the rules that need the whole OpenAPI document, made by
opstatus-core's own loader (``PollingRule.from_document``: every value of ``knownStatus``'s enum
classified exactly once, ``notFound`` values also ``failed``), so the lint and the SDKs agree.
The companion ``x-opstatus-goal`` on an OpenAPI link (schema ``$defs/linkGoal``, since 1.1.0) must
name a goal of the linked operation's ``x-opstatus``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from opstatus_core._rule import EXTENSION, PollingRule
from opstatus_core.errors import InvalidSpec

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "specs" / "x-opstatus.schema.json"
#: on an OpenAPI link to the status operation: which of its goals a wait after the start uses
GOAL = "x-opstatus-goal"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def extensions(spec: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """(operationId, extension) for every operation carrying ``x-opstatus``."""
    for path, item in (spec.get("paths") or {}).items():
        for method in METHODS:
            op = item.get(method) if isinstance(item, Mapping) else None
            if isinstance(op, Mapping) and EXTENSION in op:
                yield str(op.get("operationId", f"{method.upper()} {path}")), op[EXTENSION]


def links(spec: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """(where, link) for every Link Object on an operation's or a component's response."""
    responses: list[tuple[str, Any]] = []
    for path, item in (spec.get("paths") or {}).items():
        for method in METHODS:
            op = item.get(method) if isinstance(item, Mapping) else None
            if isinstance(op, Mapping):
                name = str(op.get("operationId", f"{method.upper()} {path}"))
                for code, response in (op.get("responses") or {}).items():
                    responses.append((f"{name} {code}", response))
    for key, response in ((spec.get("components") or {}).get("responses") or {}).items():
        responses.append((f"components/responses/{key}", response))
    components = (spec.get("components") or {}).get("links") or {}
    for where, response in responses:
        if not isinstance(response, Mapping):
            continue
        for name, link in (response.get("links") or {}).items():
            if isinstance(link, Mapping) and isinstance(link.get("$ref"), str):
                link = components.get(str(link["$ref"]).rsplit("/", 1)[-1], {})
            if isinstance(link, Mapping):
                yield f"{where} links/{name}", link


def goal_problems(spec: Mapping[str, Any], validator: Draft202012Validator) -> list[str]:
    """``x-opstatus-goal`` on links: a goal name (the schema) of the linked operation's rule."""
    rules = dict(extensions(spec))
    schema = {"$defs": validator.schema["$defs"], "$ref": "#/$defs/linkGoal"}
    goal_validator = Draft202012Validator(schema)
    found: list[str] = []
    for where, link in links(spec):
        if GOAL not in link:
            continue
        goal = link[GOAL]
        errors = [e.message for e in goal_validator.iter_errors(goal)]
        found += [f"{where}: {GOAL}: {message}" for message in errors]
        rule = rules.get(str(link.get("operationId")))
        if not isinstance(rule, Mapping):
            found.append(f"{where}: {GOAL} on a link to an operation without {EXTENSION}")
        elif not errors and goal not in (rule.get("goals") or {}):
            known = ", ".join(sorted(rule.get("goals") or {})) or "none"
            target = link["operationId"]
            found.append(f"{where}: {GOAL} {goal!r} is not a goal of {target} ({known})")
    return found


def problems(spec_path: Path, validator: Draft202012Validator) -> list[str]:
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    found: list[str] = goal_problems(spec, validator)
    seen = False
    for operation_id, extension in extensions(spec):
        seen = True
        where = f"{spec_path.name} {operation_id}"
        errors = sorted(validator.iter_errors(extension), key=lambda e: list(e.absolute_path))
        for error in errors:
            at = "/".join(str(p) for p in error.absolute_path) or "(root)"
            found.append(f"{where}: {EXTENSION} {at}: {error.message}")
        if not errors:
            try:
                PollingRule.from_document(spec, operation_id)
            except InvalidSpec as exc:
                found.append(f"{where}: {exc}")
    if not seen:
        found.append(f"{spec_path.name}: no operation has {EXTENSION}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("specs", nargs="*", type=Path, help="default: specs/*.yaml")
    args = parser.parse_args(argv)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    paths = args.specs or sorted((ROOT / "specs").glob("*.yaml"))
    found = [p for path in paths for p in problems(path, validator)]
    for problem in found:
        sys.stderr.write(problem + "\n")
    print(
        f"x-opstatus: {len(paths)} specs checked against {SCHEMA.name} ({schema['$id']}), "
        f"{len(found)} problem(s)"
    )
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
