"""What `make dist` gives teams in other languages: each spec bundled into one file, rendered as
HTML reference docs, and proven consumable outside Python by generating TypeScript types from it
(openapi-typescript) and type-checking them, the spec's examples and typescript/ with ``tsc``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from .conftest import ROOT, run_dist

SLUGS = sorted(p.stem for p in (ROOT / "specs").glob("*.yaml"))

# the Node tools come with `make setup` (npm ci), which `make test` runs first
pytestmark = pytest.mark.timeout(300)


def test_ts_check(tmp_path: Path) -> None:
    """`make ts-check`: bundle every spec, generate its types and type-check them with tsc."""
    run_dist(tmp_path, "--steps", "ts")  # fails (with tsc's messages) if anything does not check
    for slug in SLUGS:
        bundled = yaml.safe_load((tmp_path / "specs" / f"{slug}.yaml").read_text())
        source = yaml.safe_load((ROOT / "specs" / f"{slug}.yaml").read_text())
        assert bundled["openapi"] == "3.1.0"
        assert bundled["paths"].keys() == source["paths"].keys()
        deref = (tmp_path / "specs" / f"{slug}.dereferenced.yaml").read_text()
        assert "$ref" not in deref
        types = (tmp_path / "ts" / f"{slug}.d.ts").read_text()
        assert "export interface paths" in types
        assert "export interface components" in types
        checks = (tmp_path / "ts" / f"{slug}.examples.ts").read_text()
        assert "export const example1:" in checks
        assert "export const classification1:" in checks
        assert (ROOT / "typescript" / f"check-{slug}.ts").is_file()


def test_html_docs(tmp_path: Path) -> None:
    """Redocly renders one spec's docs as a self-contained page (no script from a CDN)."""
    slug = "doc-translation"
    run_dist(tmp_path, "--steps", "docs", "--slugs", slug)
    html = (tmp_path / "docs" / f"{slug}.html").read_text()
    title = yaml.safe_load((ROOT / "specs" / f"{slug}.yaml").read_text())["info"]["title"]
    assert title in html
    assert "getTranslationStatus" in html or "/batches/{id}" in html
    assert 'from "https://' not in html
    assert '<script src="http' not in html
