"""Print each generated client and its operations (the demo's stand-in until the CLI lands)."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

for spec in sorted((ROOT / "specs").glob("*.yaml")):
    package = f"opstatus_{spec.stem.replace('-', '_')}_client"
    api = importlib.import_module(f"{package}.api")
    print(f"{spec.stem}: {package}")
    for tag in pkgutil.iter_modules(api.__path__):
        tag_pkg = importlib.import_module(f"{package}.api.{tag.name}")
        for op in pkgutil.iter_modules(tag_pkg.__path__):
            print(f"  {tag.name}.{op.name}")
