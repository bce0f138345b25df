"""docs/x-opstatus.md states opstatus-core's schedule: its table of defaults is core's constants
(a change in core that the page does not follow fails here), and it defines every field of the
schema."""

from __future__ import annotations

import json
import re
from pathlib import Path

from opstatus_core import _policy as policy
from opstatus_core import _transport

ROOT = Path(__file__).resolve().parents[2]
PAGE = (ROOT / "docs" / "x-opstatus.md").read_text()
SCHEMA = json.loads((ROOT / "specs" / "x-opstatus.schema.json").read_text())


def test_schedule_table_is_cores_defaults() -> None:
    rows = dict(re.findall(r"^\| `(\w+)` \| ([\d.]+)(?: s)? \|", PAGE, flags=re.M))
    assert rows, "no defaults table"
    for name, value in rows.items():
        # the request timeout is the client's transport setting, the rest the wait's policy
        module = _transport if name == "request_timeout" else policy
        constant = getattr(module, f"DEFAULT_{name.upper()}")
        assert float(value) == float(constant), f"{name}: page {value}, core {constant}"
    fields = {f.name for f in policy.PollPolicy.__attrs_attrs__} - {"rng"}
    assert fields <= set(rows), f"core settings missing from the page: {fields - set(rows)}"


def test_every_schema_field_is_defined_on_the_page() -> None:
    for key in SCHEMA["properties"]:
        assert f"| `{key}` |" in PAGE, f"{key}: not in the page's field table"
