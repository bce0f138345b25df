"""Build everything opstatus publishes into dist/ (``make dist``), and check it.

    python scripts/dist.py                       # all steps into dist/
    python scripts/dist.py --out DIR             # elsewhere (the tests build into a tmp dir)
    python scripts/dist.py --steps specs,ts      # only some steps (``make ts-check``)

Steps:

- ``python``: ``uv build --all-packages`` -> ``python/``: a wheel and an sdist for every workspace
  member (the five generated clients, core, the five SDKs, the CLI), then checks them: each wheel
  has ``py.typed`` and metadata whose name, version and dependencies match its pyproject, each SDK
  wheel has ``opstatus_<slug>/openapi.yaml`` with the spec's content, each sdist carries no
  symlink.
- ``specs``: ``redocly bundle`` -> ``specs/<slug>.yaml`` (one file, external $refs resolved) and
  ``specs/<slug>.dereferenced.yaml`` (every $ref inlined; a recursive schema, such as nested
  errors, becomes a YAML anchor and alias), for teams in other languages; beside them the
  ``x-opstatus`` contract (``x-opstatus.schema.json`` and its page ``x-opstatus.md``) and the
  Arazzo workflows (``workflows/<slug>.arazzo.yaml``, whose ``../<slug>.yaml`` is the bundle).
- ``docs``: ``redocly build-docs --inlineBundle`` -> ``docs/<slug>.html`` (works offline).
- ``ts``: ``openapi-typescript`` -> ``ts/<slug>.d.ts`` from each bundled spec, plus
  ``ts/<slug>.examples.ts`` that assigns every response example of the spec to the TypeScript
  type of that response, then ``tsc --noEmit -p`` over those and the committed checks in
  ``typescript/`` (which use each spec's status schema the way a TypeScript caller would).

Exits non-zero with a list of problems if a check fails.
"""

from __future__ import annotations

import argparse
import email.parser
import json
import os
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
import zipfile
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SLUGS = sorted(p.stem for p in (ROOT / "specs").glob("*.yaml"))
STEPS = ("python", "specs", "docs", "ts")  # in this order
NODE_ENV = {"REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"}


def _run(cmd: Sequence[str | Path], *, quiet: bool = True) -> None:
    env = {**os.environ, **NODE_ENV}
    proc = subprocess.run(
        [str(c) for c in cmd], cwd=ROOT, env=env, capture_output=quiet, text=True, check=False
    )
    if proc.returncode != 0:
        detail = f"\n{proc.stdout}\n{proc.stderr}" if quiet else ""
        raise SystemExit(
            f"dist: command failed ({proc.returncode}): {' '.join(map(str, cmd))}{detail}"
        )


def _npx(tool: str, *args: str | Path) -> list[str | Path]:
    """The pinned Node tool: node_modules/.bin/<tool> (what ``npx --no-install`` runs, minus
    npx's own start-up cost), or ``npx --no-install`` if that is missing."""
    local = ROOT / "node_modules" / ".bin" / tool
    return [local, *args] if local.exists() else ["npx", "--no-install", tool, *args]


def _parallel(commands: Iterable[Sequence[str | Path]]) -> None:
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 1)) as pool:
        for future in [pool.submit(_run, c) for c in commands]:
            future.result()


def _fresh(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def _uv() -> str:
    return os.environ.get("UV") or shutil.which("uv") or str(ROOT / ".tools" / "bin" / "uv")


# ---------------------------------------------------------------------------------------- python


def members() -> list[Path]:
    """The workspace members' project folders."""
    root = tomllib.loads((ROOT / "pyproject.toml").read_text())
    found: list[Path] = []
    for pattern in root["tool"]["uv"]["workspace"]["members"]:
        found += [p.parent for p in sorted(ROOT.glob(f"{pattern}/pyproject.toml"))]
    return found


def _normalize(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def _wheel_name(dist: str) -> str:
    return _normalize(dist).replace("-", "_")


def build_python(out: Path) -> None:
    target = out / "python"
    shutil.rmtree(target, ignore_errors=True)
    _run([_uv(), "build", "--all-packages", "--quiet", "-o", target])
    (target / ".gitignore").unlink(missing_ok=True)


def wheel_metadata(wheel: Path) -> email.message.Message:
    with zipfile.ZipFile(wheel) as zf:
        name = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        return email.parser.Parser().parsestr(zf.read(name).decode())


def _requirement_name(req: str) -> str:
    head = req.split(";", 1)[0]
    for stop in "[<>=!~ (":
        head = head.split(stop, 1)[0]
    return _normalize(head.strip())


def _extra_of(req: str) -> str | None:
    if ";" not in req:
        return None
    marker = req.split(";", 1)[1]
    if "extra ==" not in marker:
        return None
    return marker.split("extra ==", 1)[1].strip().strip("'\"")


def check_python(out: Path) -> list[str]:
    """Problems with the built wheels and sdists (empty if none)."""
    problems: list[str] = []
    target = out / "python"
    for project in members():
        meta = tomllib.loads((project / "pyproject.toml").read_text())["project"]
        name, version = meta["name"], meta["version"]
        stem = f"{_wheel_name(name)}-{version}"
        wheels = list(target.glob(f"{stem}-*.whl"))
        sdist = target / f"{stem}.tar.gz"
        if len(wheels) != 1 or not sdist.is_file():
            problems.append(f"{name}: expected one wheel and {sdist.name} in {target}")
            continue
        wheel = wheels[0]
        md = wheel_metadata(wheel)
        if _normalize(md["Name"]) != _normalize(name) or md["Version"] != version:
            problems.append(f"{wheel.name}: metadata says {md['Name']} {md['Version']}")
        if md["Requires-Python"] != meta.get("requires-python"):
            problems.append(f"{wheel.name}: Requires-Python {md['Requires-Python']}")
        if not (md.get("Summary") or "").strip():
            problems.append(f"{wheel.name}: no Summary (description)")
        readme_type = (md["Description-Content-Type"] or "").split(";")[0]
        if readme_type != "text/markdown" or len(str(md.get_payload()).strip()) < 20:
            problems.append(f"{wheel.name}: no Markdown README as long description")
        requires = md.get_all("Requires-Dist") or []
        base = {_requirement_name(r) for r in requires if _extra_of(r) is None}
        expected = {_requirement_name(r) for r in meta.get("dependencies", [])}
        if base != expected:
            problems.append(f"{wheel.name}: Requires-Dist {sorted(base)} != {sorted(expected)}")
        for extra, reqs in meta.get("optional-dependencies", {}).items():
            got = {_requirement_name(r) for r in requires if _extra_of(r) == extra}
            if got != {_requirement_name(r) for r in reqs}:
                problems.append(f"{wheel.name}: extra {extra!r} requires {sorted(got)}")
            if extra not in (md.get_all("Provides-Extra") or []):
                problems.append(f"{wheel.name}: no Provides-Extra {extra!r}")
        module = _wheel_name(name)
        with zipfile.ZipFile(wheel) as zf:
            names = set(zf.namelist())
            if f"{module}/py.typed" not in names:
                problems.append(f"{wheel.name}: no {module}/py.typed")
            spec_link = project / "src" / module / "openapi.yaml"
            if spec_link.exists():
                inside = f"{module}/openapi.yaml"
                if inside not in names:
                    problems.append(f"{wheel.name}: no {inside}")
                elif zf.read(inside) != spec_link.resolve().read_bytes():
                    problems.append(f"{wheel.name}: {inside} is not the spec's content")
        with tarfile.open(sdist) as tf:
            links = [m.name for m in tf.getmembers() if m.issym() or m.islnk()]
            if links:
                problems.append(f"{sdist.name}: carries links {links}")
            if not any(m.name.endswith("/PKG-INFO") for m in tf.getmembers()):
                problems.append(f"{sdist.name}: no PKG-INFO")
    expected_files = {p.name for p in target.iterdir()} if target.is_dir() else set()
    if len(expected_files) != 2 * len(members()):
        problems.append(f"{target}: {len(expected_files)} files for {len(members())} members")
    return problems


# ----------------------------------------------------------------------------------- specs, docs


def build_specs(out: Path, slugs: Sequence[str]) -> None:
    target = _fresh(out / "specs")
    sources = [Path("specs") / f"{slug}.yaml" for slug in slugs]
    if not sources:
        return
    deref = _fresh(out / "specs.tmp")
    # several inputs with -o DIR write DIR/<slug>.yaml; with one input, -o names the file
    single = f"/{slugs[0]}.yaml" if len(sources) == 1 else ""
    _parallel(
        [
            _npx("redocly", "bundle", *sources, "-o", f"{target}{single}"),
            _npx("redocly", "bundle", *sources, "--dereferenced", "-o", f"{deref}{single}"),
        ]
    )
    for slug in slugs:
        (deref / f"{slug}.yaml").rename(target / f"{slug}.dereferenced.yaml")
    deref.rmdir()
    # how to wait, for a client in any language: the extension's schema and page, the workflows
    shutil.copy2(ROOT / "specs" / "x-opstatus.schema.json", target)
    shutil.copy2(ROOT / "docs" / "x-opstatus.md", target)
    (target / "workflows").mkdir()
    for slug in slugs:
        workflow = ROOT / "specs" / "workflows" / f"{slug}.arazzo.yaml"
        if workflow.is_file():
            shutil.copy2(workflow, target / "workflows")


def build_docs(out: Path, slugs: Sequence[str]) -> None:
    target = _fresh(out / "docs")
    _parallel(
        _npx(
            "redocly",
            "build-docs",
            out / "specs" / f"{slug}.yaml",
            "--inlineBundle",
            "-o",
            target / f"{slug}.html",
        )
        for slug in slugs
    )


# -------------------------------------------------------------------------------------------- ts


def _ts_key(key: str) -> str:
    return json.dumps(key)


def _local(spec: dict[str, Any], node: Any) -> Any:
    """Follow local $refs (``#/components/...``) until a non-reference node."""
    seen: set[str] = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if not ref.startswith("#/") or ref in seen:
            raise SystemExit(f"dist: cannot follow $ref {ref!r}")
        seen.add(ref)
        node = spec
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def examples_ts(slug: str, spec: dict[str, Any]) -> str:
    """A .ts file that type-checks the spec's data against its openapi-typescript types:

    every JSON response example, typed as the response it belongs to, and each ``x-opstatus``
    classification, typed as ``Record<KnownStatus, class>`` (so it must name every known status
    exactly once, like the spec test does in Python).
    """
    lines = [
        f"// Generated by scripts/dist.py from the bundled {slug} spec: its JSON response examples",
        "// and x-opstatus classifications, typed with the types openapi-typescript derives.",
        f'import type {{ components, paths }} from "./{slug}";',
        "",
        'type Class = "succeeded" | "failed" | "canceled" | "pending";',
        "",
    ]
    examples = classifications = 0
    for path, item in sorted(spec.get("paths", {}).items()):
        for method, op in sorted(_local(spec, item).items()):
            if not isinstance(op, dict) or "responses" not in op:
                continue
            rule = op.get("x-opstatus")
            if rule:
                classifications += 1
                schema = rule["knownStatus"].removeprefix("#/components/schemas/")
                markers = set(rule.get("notFound", []))  # not enum values (CONVENTIONS.md)
                entries = [
                    f"  {_ts_key(value)}: {_ts_key(cls)},"
                    for cls in ("succeeded", "failed", "canceled", "pending")
                    for value in rule.get(cls, [])
                    if value not in markers
                ]
                lines += [
                    f"// x-opstatus of {method.upper()} {path}",
                    f"export const classification{classifications}: "
                    f'Record<components["schemas"][{_ts_key(schema)}], Class> = {{',
                    *entries,
                    "};",
                    "",
                ]
            for code, response in sorted(op["responses"].items()):
                for media, content in sorted(_local(spec, response).get("content", {}).items()):
                    if "json" not in media:
                        continue
                    for ex_name, example in sorted(content.get("examples", {}).items()):
                        example = _local(spec, example)
                        if "value" not in example:
                            continue
                        examples += 1
                        type_ = (
                            f"paths[{_ts_key(path)}][{_ts_key(method)}]"
                            f'["responses"][{_ts_key(str(code))}]'
                            f'["content"][{_ts_key(media)}]'
                        )
                        lines += [
                            f"// {method.upper()} {path} {code} {ex_name}",
                            f"export const example{examples}: {type_} = "
                            f"{json.dumps(example['value'], indent=2)};",
                            "",
                        ]
    if examples == 0 or classifications == 0:
        raise SystemExit(f"dist: {slug}: no JSON response examples or no x-opstatus to check")
    return "\n".join(lines)


def build_ts(out: Path, slugs: Sequence[str]) -> None:
    import yaml  # the workspace's dev env has it; only this step needs it

    ts_dir = _fresh(out / "ts")
    _parallel(
        # --empty-objects-unknown: a `type: object` schema with no properties (e.g. SnapLogic's
        # open error `response_map`) allows any members, as JSON Schema says; without it
        # openapi-typescript types it Record<string, never> and the spec's own examples fail.
        _npx(
            "openapi-typescript",
            out / "specs" / f"{slug}.yaml",
            "--empty-objects-unknown",
            "-o",
            ts_dir / f"{slug}.d.ts",
        )
        for slug in slugs
    )
    for slug in slugs:
        spec = yaml.safe_load((out / "specs" / f"{slug}.yaml").read_text())
        (ts_dir / f"{slug}.examples.ts").write_text(examples_ts(slug, spec))
    committed = ROOT / "typescript"
    # The committed checks import "./<slug>": rootDirs merges typescript/ with the output folder.
    config = {
        "extends": str(committed / "tsconfig.json"),
        "compilerOptions": {"rootDirs": [str(committed), str(ts_dir)]},
        "include": [str(committed / "*.ts"), str(ts_dir / "*.ts")],
    }
    (ts_dir / "tsconfig.json").write_text(json.dumps(config, indent=2) + "\n")
    _run(_npx("tsc", "--noEmit", "-p", ts_dir / "tsconfig.json"), quiet=False)


# ------------------------------------------------------------------------------------------ main


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    parser.add_argument("--steps", default=",".join(STEPS), help=f"comma-separated of {STEPS}")
    parser.add_argument("--slugs", default=",".join(SLUGS), help="specs to bundle/render/type")
    args = parser.parse_args(argv)
    steps = [s for s in args.steps.split(",") if s]
    unknown = set(steps) - set(STEPS)
    if unknown:
        parser.error(f"unknown steps {sorted(unknown)}")
    slugs = [s for s in args.slugs.split(",") if s]
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    if {"docs", "ts"} & set(steps):
        steps.append("specs")  # both read the bundled specs
    for step in STEPS:
        if step not in steps:
            continue
        started = time.monotonic()
        if step == "python":
            build_python(out)
            problems += check_python(out)
        elif step == "specs":
            build_specs(out, slugs)
        elif step == "docs":
            build_docs(out, slugs)
        else:
            build_ts(out, slugs)
        print(f"dist: {step} done in {time.monotonic() - started:.1f}s", file=sys.stderr)
    for problem in problems:
        print(f"dist: {problem}", file=sys.stderr)
    if problems:
        return 1
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
