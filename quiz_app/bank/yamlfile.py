"""Reading one YAML file safely: size, encoding and syntax checks, and node positions.

PyYAML's C parser builds the node tree; its Python constructor turns nodes into data. We add
two refusals that plain ``yaml.safe_load`` lacks (duplicate keys, aliases of collections, which
also stops "billion laughs" bombs) and keep the root node so that a problem found later can be
reported at the line and column of the node it concerns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from quiz_app.bank.problems import Problem

MAX_FILE_BYTES = 5_000_000
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _AliasRefused(Exception):
    def __init__(self, node: Node) -> None:
        self.node = node


class _PackLoader(_Loader):  # type: ignore[misc,valid-type]
    """Safe loader that records duplicate keys and refuses repeated collections."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicate_keys: list[ScalarNode] = []

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        if node in self.constructed_objects and not isinstance(node, ScalarNode):
            raise _AliasRefused(node)
        return super().construct_object(node, deep)

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[str] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, ScalarNode):
                if key_node.value in seen:
                    self.duplicate_keys.append(key_node)
                seen.add(key_node.value)
        return super().construct_mapping(node, deep)


@dataclass(frozen=True)
class ParsedFile:
    """A YAML file turned into data, with its node tree for locating problems."""

    label: str
    data: Any
    root: Node | None


def _whole_file(label: str, message: str) -> Problem:
    return Problem(label, 1, 1, "", message)


def _decode(label: str, raw: bytes) -> tuple[str | None, Problem | None]:
    if len(raw) > MAX_FILE_BYTES:
        size = len(raw) / 1_000_000
        return None, _whole_file(
            label, f"the file is {size:.1f} MB; the limit is {MAX_FILE_BYTES // 1_000_000} MB"
        )
    if b"\x00" in raw:
        return None, _whole_file(label, "this looks like a binary file, not YAML text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return None, Problem(
            label, line, column, "", "the file is not UTF-8 text; save it with UTF-8 encoding"
        )
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        return None, _whole_file(label, "the file is empty")
    return text, None


def _syntax_problem(label: str, error: yaml.YAMLError) -> Problem:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = getattr(error, "problem", None) or str(error)
    if "'\\t'" in problem or "tab" in problem:
        message = "a tab character is used for indentation; indent with spaces only"
    elif "expected a single document" in problem:
        message = "the file holds more than one YAML document ('---'); keep one per file"
    else:
        context = getattr(error, "context", None)
        message = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
    return Problem(label, line, column, "", message)


def parse_yaml(label: str, raw: bytes) -> tuple[ParsedFile | None, list[Problem]]:
    """Parse ``raw`` as one YAML document; return the parsed file or the problems found."""
    text, problem = _decode(label, raw)
    if problem:
        return None, [problem]
    loader = _PackLoader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except _AliasRefused as refused:
        mark = refused.node.start_mark
        return None, [
            Problem(label, mark.line + 1, mark.column + 1, "",
                    "YAML anchors and aliases (&name, *name) are not allowed in packs; "
                    "write the content out in full")
        ]
    except yaml.YAMLError as error:
        return None, [_syntax_problem(label, error)]
    except RecursionError:
        return None, [_whole_file(label, "the YAML is nested too deeply")]
    finally:
        loader.dispose()
    problems = [
        Problem(label, node.start_mark.line + 1, node.start_mark.column + 1, "",
                f"the key '{node.value}' appears twice in the same mapping")
        for node in loader.duplicate_keys
    ]
    if root is None:
        problems.append(_whole_file(label, "the file is empty"))
        return None, problems
    return ParsedFile(label, data, root), problems


def _child(node: Node | None, key: str | int) -> Node | None:
    if isinstance(node, MappingNode) and isinstance(key, str):
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == key:
                return value_node
    if isinstance(node, SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
        return node.value[key]
    return None


def locate(parsed: ParsedFile, loc: tuple[str | int, ...]) -> tuple[int, int, str]:
    """Line, column and readable path (``questions[2].options[0].text``) of ``loc``.

    Elements of ``loc`` that name a union member (pydantic adds the question ``type`` there)
    are skipped; a key missing from the data is named but the position stays on its parent.
    """
    node, data = parsed.root, parsed.data
    words: list[str] = []
    for index, key in enumerate(loc):
        is_last = index == len(loc) - 1
        if isinstance(data, dict):
            if key in data:
                data, node = data[key], _child(node, key) or node
                words.append(f".{key}")
            elif key == data.get("type") and not is_last:
                continue
            elif key == data.get("type"):
                break
            else:
                words.append(f".{key}")
                break
        elif isinstance(data, list) and isinstance(key, int) and 0 <= key < len(data):
            data, node = data[key], _child(node, key) or node
            words.append(f"[{key}]")
        else:
            words.append(f"[{key}]" if isinstance(key, int) else f".{key}")
            break
    mark = node.start_mark if node is not None else None
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return line, column, "".join(words).lstrip(".")
