"""Every statement a spec makes about its provider names a public source.

The charter: every response, server, enum and polling rule of a spec carries a
``# source: <public page URL>`` comment (docs/CONVENTIONS.md, "Sources"). A source sits at the
head of what it is about: in the comment lines just above its key, on the key's line, or in the
comment lines right after it. It names a URL, or a ``[TAG]`` that the file's header comment
defines with a URL. A ``$ref`` response is sourced where it is defined (components/responses).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from tests._support import load_spec

from .conftest import SLUGS, SPECS

URL = re.compile(r"https?://\S+")
TAG = re.compile(r"\[([A-Z][A-Z0-9-]*)\]")
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def _header_tags(lines: list[str]) -> set[str]:
    """Tags defined in the header comment (before ``openapi:``) whose definition has a URL."""
    defined: dict[str, str] = {}
    current: str | None = None
    for line in lines:
        if not line.startswith("#"):
            break
        text = line.lstrip("#").strip()
        match = re.match(r"\[([A-Z][A-Z0-9-]*)\]", text)
        if match:
            current = match.group(1)
            defined[current] = text
        elif current is not None and text and not text.startswith("["):
            defined[current] += " " + text
        else:
            current = None
    return {tag for tag, text in defined.items() if URL.search(text)}


class Sources:
    """The comment lines of one spec file and the test of a node's head."""

    def __init__(self, path: Path) -> None:
        self.lines = path.read_text(encoding="utf-8").splitlines()
        self.tags = _header_tags(self.lines)
        self.root = yaml.compose("\n".join(self.lines))

    def _comment(self, index: int) -> str | None:
        stripped = self.lines[index].strip()
        return stripped if stripped.startswith("#") else None

    def head(self, line: int) -> str:
        """The comment text around line ``line`` (0-based): the contiguous comment lines above,
        an inline comment on it, and the contiguous comment lines after it."""
        parts: list[str] = []
        i = line - 1
        while i >= 0 and (c := self._comment(i)) is not None:
            parts.insert(0, c)
            i -= 1
        inline = self.lines[line].split(" #", 1)
        if len(inline) == 2:
            parts.append("#" + inline[1])
        i = line + 1
        while i < len(self.lines) and (c := self._comment(i)) is not None:
            parts.append(c)
            i += 1
        return " ".join(parts)

    def sourced(self, line: int) -> bool:
        text = self.head(line)
        if "source" not in text.lower():
            return False
        return bool(URL.search(text)) or any(t in self.tags for t in TAG.findall(text))


def _get(node: Node | None, key: str) -> tuple[ScalarNode, Node] | None:
    if not isinstance(node, MappingNode):
        return None
    for k, v in node.value:
        if isinstance(k, ScalarNode) and k.value == key:
            return k, v
    return None


def _items(node: Node | None) -> Iterator[tuple[ScalarNode, Node]]:
    if isinstance(node, MappingNode):
        for k, v in node.value:
            if isinstance(k, ScalarNode):
                yield k, v


def _ref(node: Node) -> str | None:
    found = _get(node, "$ref")
    return found[1].value if found is not None and isinstance(found[1], ScalarNode) else None


def _walk(node: Node, path: str) -> Iterator[tuple[str, ScalarNode, Node]]:
    """Every (path, key, value) pair of the document."""
    if isinstance(node, MappingNode):
        for k, v in _items(node):
            sub = f"{path}/{k.value}"
            yield sub, k, v
            yield from _walk(v, sub)
    elif isinstance(node, SequenceNode):
        for i, item in enumerate(node.value):
            yield from _walk(item, f"{path}/{i}")


def claims(src: Sources) -> Iterator[tuple[str, int]]:
    """(what, line) of every statement that needs a source."""
    root = src.root
    assert isinstance(root, MappingNode)
    components = _get(root, "components")
    responses = _get(components[1] if components else None, "responses")
    component_responses = {
        f"#/components/responses/{k.value}": k.start_mark.line
        for k, _ in _items(responses[1] if responses else None)
    }
    for path, key, value in _walk(root, ""):
        if key.value == "servers" and isinstance(value, SequenceNode):
            for i, item in enumerate(value.value):
                yield f"{path}/{i}", item.start_mark.line
        elif key.value == "responses" and path.count("/") >= 3 and path.startswith("/paths/"):
            for code, response in _items(value):
                ref = _ref(response)
                if ref is not None and not src.sourced(code.start_mark.line):
                    line = component_responses.get(ref, code.start_mark.line)
                    yield f"{path}/{code.value} -> {ref}", line
                else:
                    yield f"{path}/{code.value}", code.start_mark.line
        elif key.value == "enum" and isinstance(value, SequenceNode):
            # the enum's own key, or the key of the schema that holds it
            yield path, key.start_mark.line
        elif key.value == "x-opstatus":
            yield path, key.start_mark.line


def _enum_sourced(src: Sources, path: str, line: int) -> bool:
    """An enum is sourced at its ``enum:`` key or at the head of the schema that holds it."""
    if src.sourced(line):
        return True
    parent = path.rsplit("/", 1)[0]
    for sub, key, _ in _walk(src.root, ""):
        if sub == parent:
            return src.sourced(key.start_mark.line)
    return False


@pytest.mark.parametrize("slug", SLUGS)
def test_every_response_server_enum_and_rule_names_a_source(slug: str) -> None:
    src = Sources(SPECS / f"{slug}.yaml")
    missing = []
    for what, line in claims(src):
        ok = _enum_sourced(src, what, line) if what.endswith("/enum") else src.sourced(line)
        if not ok:
            missing.append(f"line {line + 1}: {what}")
    assert not missing, f"{slug}: no `# source: <URL or [TAG]>` at:\n" + "\n".join(missing)


def test_the_check_can_fail(tmp_path: Path) -> None:
    """A response, server, enum or rule without a source comment is reported."""
    text = """# [PAGE] https://example.com/page
openapi: 3.1.0
servers:
  # source: [PAGE]
  - url: https://a.example
  - url: https://b.example
paths:
  /x:
    get:
      x-opstatus:
        status: /s
      responses:
        # source: https://example.com/page#ok
        "200":
          description: ok
        "404":
          description: no source
components:
  schemas:
    S:
      # source: [UNDEFINED]
      type: string
      enum: [a]
"""
    path = tmp_path / "spec.yaml"
    path.write_text(text, encoding="utf-8")
    src = Sources(path)
    bad = [
        what
        for what, line in claims(src)
        if not (_enum_sourced(src, what, line) if what.endswith("/enum") else src.sourced(line))
    ]
    assert bad == [
        "/servers/1",
        "/paths//x/get/x-opstatus",
        "/paths//x/get/responses/404",
        "/components/schemas/S/enum",
    ]


def _enum_schemas(node: object) -> Iterator[dict[str, object]]:
    if isinstance(node, dict):
        if isinstance(node.get("enum"), list):
            yield node
        for value in node.values():
            yield from _enum_schemas(value)
    elif isinstance(node, list):
        for item in node:
            yield from _enum_schemas(item)


@pytest.mark.parametrize("slug", SLUGS)
def test_enum_descriptions_are_a_map_of_the_enums_values(slug: str) -> None:
    """``x-enum-descriptions`` is ``{value: text}`` in every spec (docs/CONVENTIONS.md)."""
    spec = load_spec(slug)
    for schema in _enum_schemas(spec):
        descriptions = schema.get("x-enum-descriptions")
        if descriptions is None:
            continue
        assert isinstance(descriptions, dict), f"{slug}: x-enum-descriptions is not a map"
        assert set(descriptions) <= {str(v) for v in schema["enum"]}, (  # type: ignore[union-attr]
            f"{slug}: x-enum-descriptions names values outside its enum: {sorted(descriptions)}"
        )
