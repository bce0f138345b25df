"""Reporting for the contract tests: cases generated per provider and kind, in the summary."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pytest

from ._support import MAX_EXAMPLES, PROFILE, SEED


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        findings = getattr(getattr(item, "module", None), "FINDINGS", None)
        if isinstance(findings, dict) and item.name in findings:
            item.add_marker(pytest.mark.xfail(reason=findings[item.name], strict=True))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    yield
    cases = getattr(getattr(item, "module", None), "CASES", None)
    if isinstance(cases, dict) and item.name in cases:
        module = item.module.__name__.rsplit(".", 1)[-1]  # type: ignore[attr-defined]
        slug = item.name.split("[", 1)[0].removeprefix("test_fake_conforms_").replace("_", "-")
        item.user_properties.append(("contract_kind", module))
        item.user_properties.append(("contract_provider", slug))
        item.user_properties.append(("contract_cases", cases[item.name]))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    totals: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for reports in terminalreporter.stats.values():
        for report in reports:
            props = dict(getattr(report, "user_properties", ()) or ())
            if getattr(report, "when", None) != "call" or "contract_cases" not in props:
                continue
            key = (str(props["contract_provider"]), str(props["contract_kind"]))
            totals[key][0] += 1
            totals[key][1] += int(props["contract_cases"])
    if not totals:
        return
    terminalreporter.section("contract: generated cases")
    terminalreporter.write_line(
        f"profile {PROFILE}, {MAX_EXAMPLES} examples per operation/schema, seed {SEED}"
    )
    for (provider, kind), (items, cases) in sorted(totals.items()):
        terminalreporter.write_line(f"  {provider:18} {kind:24} {items:3} tests {cases:6} cases")
