"""Regenerate every client in generated/ from specs/, or check that generated/ has not drifted.

    python scripts/generate.py           # rewrite generated/<slug>/ from specs/<slug>.yaml
    python scripts/generate.py --check   # generate into a temp folder and diff; exit 1 on drift

Both also cover the Arazzo workflows in specs/workflows/ (scripts/arazzo.py: derived from each
spec's x-opstatus), so a spec change that is not followed by `make generate` fails the check.

The generator version is pinned in pyproject.toml's dev group; per-spec settings live in
generator/config/<slug>.yaml and template overrides (if any) in generator/templates/.
"""

from __future__ import annotations

import argparse
import filecmp
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import arazzo  # scripts/arazzo.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
CONFIG = ROOT / "generator" / "config"
TEMPLATES = ROOT / "generator" / "templates"
GENERATED = ROOT / "generated"


def slugs() -> list[str]:
    return sorted(p.stem for p in SPECS.glob("*.yaml"))


def generate(slug: str, out: Path) -> None:
    cmd = [
        "openapi-python-client",
        "generate",
        "--path",
        str(SPECS / f"{slug}.yaml"),
        "--config",
        str(CONFIG / f"{slug}.yaml"),
        "--meta",
        "uv",
        "--output-path",
        str(out),
        "--overwrite",
        "--fail-on-warning",
    ]
    if any(TEMPLATES.glob("*.jinja")):
        cmd += ["--custom-template-path", str(TEMPLATES)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        sys.stderr.write(f"generate {slug}: failed\n{proc.stdout}\n{proc.stderr}\n")
        raise SystemExit(1)


def diff(a: Path, b: Path) -> list[str]:
    """Paths that differ between two trees (added, removed or changed)."""
    out: list[str] = []

    def walk(cmp: filecmp.dircmp[str], rel: str) -> None:
        out.extend(f"{rel}{n} (only in generated/)" for n in cmp.left_only if n != "__pycache__")
        out.extend(f"{rel}{n} (missing from generated/)" for n in cmp.right_only)
        out.extend(f"{rel}{n} (differs)" for n in cmp.diff_files)
        for name, sub in cmp.subdirs.items():
            if name != "__pycache__":
                walk(sub, f"{rel}{name}/")

    walk(filecmp.dircmp(a, b, ignore=["__pycache__", ".ruff_cache"]), "")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if generated/ differs")
    parser.add_argument("slug", nargs="*", help="only these specs (default: all)")
    args = parser.parse_args()
    chosen = args.slug or slugs()
    started = time.perf_counter()
    if not args.check:
        for slug in chosen:
            generate(slug, GENERATED / slug)
        took = time.perf_counter() - started
        print(f"generated {len(chosen)} clients in {took:.1f}s: {', '.join(chosen)}")
        return arazzo.main([])
    drift: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for slug in chosen:
            fresh = Path(tmp) / slug
            generate(slug, fresh)
            if not (GENERATED / slug).is_dir():
                drift.append(f"generated/{slug}/ (missing)")
                continue
            drift += [f"generated/{slug}/{d}" for d in diff(GENERATED / slug, fresh)]
    if arazzo.main(["--check"]) != 0:
        drift.append("specs/workflows/ (the Arazzo workflows scripts/arazzo.py derives)")
    if drift:
        print("generated/ has drifted from specs/ (run `make generate` and commit):")
        print("\n".join(f"  {d}" for d in drift))
        return 1
    print(f"generated/ matches specs/ for {len(chosen)} clients; specs/workflows/ matches too")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
