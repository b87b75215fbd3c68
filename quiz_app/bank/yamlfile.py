"""Reading one YAML file safely: size, encoding and syntax checks, and node positions.

The text is turned into plain Python data in one pass over the event stream of PyYAML's C
parser (libyaml). Scalars are resolved exactly as ``yaml.safe_load`` resolves them (YAML 1.1:
``yes`` is a boolean, ``2022-01-05`` a date), but we refuse what ``safe_load`` lets through:

* duplicate keys in a mapping (reported; the last value wins, as in ``safe_load``);
* anchors and aliases (``&name``/``*name``), which also stops "billion laughs" bombs at once;
* tags other than the standard scalar, list and mapping ones (``!!binary``, ``!!set``, ``!foo``);
* nesting deeper than :data:`MAX_DEPTH`.

A value ``safe_load`` cannot construct (``2022-02-30``, an integer of 5,000 digits) is kept as the
text written, so that validation reports it where it is used instead of the parser crashing.

No positions are kept while reading: a valid file costs one parse. When a problem has to be
located, :attr:`ParsedFile.root` composes the file's node tree (once) and :func:`locate` walks it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from quiz_app.bank.problems import Problem

MAX_FILE_BYTES = 5_000_000
MAX_DEPTH = 64
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_C_PARSER = _Loader is not yaml.SafeLoader

_TAG = "tag:yaml.org,2002:"
_STR = _TAG + "str"
_SEQ = _TAG + "seq"
_MAP = _TAG + "map"
_SCALAR_CONSTRUCTORS = {
    _TAG + name: SafeConstructor.yaml_constructors[_TAG + name]
    for name in ("null", "bool", "int", "float", "timestamp")
}
_CONSTRUCTOR = SafeConstructor()
_RESOLVERS = Resolver.yaml_implicit_resolvers
_WILDCARD_RESOLVERS = tuple(_RESOLVERS.get(None, ()))
_PLAIN_CACHE: dict[str, Any] = {}
_PLAIN_CACHE_LIMIT = 50_000
_PLAIN_CACHE_MAX_LENGTH = 64

ANCHORS_REFUSED = (
    "YAML anchors and aliases (&name, *name) are not allowed in packs; write the content out in full"
)
TOO_DEEP = f"the YAML is nested too deeply (more than {MAX_DEPTH} levels)"


@dataclass(frozen=True)
class ParsedFile:
    """A YAML file turned into data; ``root`` gives its node tree for locating problems."""

    label: str
    data: Any
    text: str = field(default="", repr=False, compare=False)

    @cached_property
    def root(self) -> Node | None:
        """The file's node tree (composed on first use; ``None`` if it cannot be composed)."""
        loader = _Loader(self.text)
        try:
            return loader.get_single_node()
        except (yaml.YAMLError, RecursionError):
            return None
        finally:
            loader.dispose()


class _Refused(Exception):
    """Reading stops: the file uses something packs do not allow."""

    def __init__(self, mark: Any, message: str) -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message


def _tag_name(tag: str) -> str:
    return "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag


def _construct(tag: str, value: str) -> Any:
    """``value`` as ``safe_load`` constructs a scalar tagged ``tag``; the text itself if it cannot."""
    if tag == _STR:
        return value
    try:
        return _SCALAR_CONSTRUCTORS[tag](_CONSTRUCTOR, ScalarNode(tag, value))
    except (ValueError, KeyError, AttributeError, TypeError, OverflowError):
        return value  # e.g. 2022-02-30 or an integer too long to convert


def _plain(value: str) -> Any:
    """An untagged plain scalar resolved like ``safe_load`` (cached: keys and ids repeat a lot)."""
    try:
        return _PLAIN_CACHE[value]
    except KeyError:
        pass
    result: Any = value
    for tag, regexp in (*_RESOLVERS.get(value[:1], ()), *_WILDCARD_RESOLVERS):
        if regexp.match(value):
            # merge ('<<') and value ('=') keys have no meaning in packs: keep them as text.
            result = _construct(tag, value) if tag in _SCALAR_CONSTRUCTORS else value
            break
    if len(value) <= _PLAIN_CACHE_MAX_LENGTH:
        if len(_PLAIN_CACHE) >= _PLAIN_CACHE_LIMIT:
            _PLAIN_CACHE.clear()
        _PLAIN_CACHE[value] = result
    return result


def _scalar(event: ScalarEvent) -> Any:
    tag = event.tag
    if tag is None or tag == "!":
        return _plain(event.value) if event.implicit[0] else event.value
    if tag != _STR and tag not in _SCALAR_CONSTRUCTORS:
        raise _Refused(event.start_mark, f"the YAML tag '{_tag_name(tag)}' is not allowed in packs; remove it")
    return _construct(tag, event.value)


def _check_collection_tag(event: Any, allowed: str) -> None:
    if event.tag is not None and event.tag not in ("!", allowed):
        raise _Refused(event.start_mark, f"the YAML tag '{_tag_name(event.tag)}' is not allowed in packs; remove it")


_NO_KEY: Any = object()
_NO_DOCUMENT: Any = object()


def _read(text: str) -> tuple[Any, list[tuple[Any, str]]]:
    """The data of the single document in ``text`` and (mark, message) pairs of duplicate keys.

    Raises :class:`_Refused` or :class:`yaml.YAMLError`; returns ``_NO_DOCUMENT`` as data for a
    stream without any document (empty, or only comments).
    """
    parser = _Loader(text)
    get = parser.get_event
    duplicates: list[tuple[Any, str]] = []
    try:
        get()  # StreamStartEvent
        event = get()
        if type(event) is StreamEndEvent:
            return _NO_DOCUMENT, duplicates
        stack: list[tuple[Any, Any, Any, bool]] = []
        container: Any = None
        key: Any = _NO_KEY
        key_event: Any = None
        is_map = False
        root: Any = None
        while True:
            event = get()
            kind = type(event)
            if kind is ScalarEvent:
                if event.anchor is not None:
                    raise _Refused(event.start_mark, ANCHORS_REFUSED)
                if event.tag is None:  # the common case, inlined
                    value = _plain(event.value) if event.implicit[0] else event.value
                else:
                    value = _scalar(event)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.anchor is not None:
                    raise _Refused(event.start_mark, ANCHORS_REFUSED)
                if len(stack) >= MAX_DEPTH:
                    raise _Refused(event.start_mark, TOO_DEEP)
                if is_map and key is _NO_KEY:
                    raise _Refused(event.start_mark, "a key must be a single value, not a list or mapping")
                stack.append((container, key, key_event, is_map))
                if kind is MappingStartEvent:
                    _check_collection_tag(event, _MAP)
                    container, is_map = {}, True
                else:
                    _check_collection_tag(event, _SEQ)
                    container, is_map = [], False
                key = _NO_KEY
                continue
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                value = container
                container, key, key_event, is_map = stack.pop()
            elif kind is AliasEvent:
                raise _Refused(event.start_mark, ANCHORS_REFUSED)
            else:  # DocumentEndEvent: the only other event inside a document
                break
            if container is None:
                root = value
            elif not is_map:
                container.append(value)
            elif key is _NO_KEY:
                key, key_event = value, event
            else:
                if key in container:
                    message = f"the key '{key_event.value}' appears twice in the same mapping"
                    duplicates.append((key_event.start_mark, message))
                container[key] = value
                key = _NO_KEY
        event = get()
        if type(event) is DocumentStartEvent:
            raise _Refused(event.start_mark, "the file holds more than one YAML document ('---'); keep one per file")
        return root, duplicates
    finally:
        parser.dispose()


def _whole_file(label: str, message: str) -> Problem:
    return Problem(label, 1, 1, "", message)


def _at(label: str, mark: Any, message: str) -> Problem:
    return Problem(label, mark.line + 1, mark.column + 1, "", message)


def _decode(label: str, raw: bytes) -> tuple[str | None, Problem | None]:
    if len(raw) > MAX_FILE_BYTES:
        return None, _whole_file(
            label, f"the file is too large ({len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,} bytes)"
        )
    if b"\x00" in raw:
        return None, _whole_file(label, "this looks like a binary file, not YAML text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        data, start = error.object, error.start  # the bytes after any byte order mark
        line = data[:start].count(b"\n") + 1
        line_start = data.rfind(b"\n", 0, start) + 1
        column = len(data[line_start:start].decode("utf-8", "replace")) + 1  # in characters
        return None, Problem(label, line, column, "", "the file is not UTF-8 text; save it with UTF-8 encoding")
    return text, None


def _reader_problem(label: str, text: str, error: yaml.reader.ReaderError) -> Problem:
    # libyaml counts the position in UTF-8 bytes, PyYAML's pure-Python reader in characters.
    before = text.encode()[: error.position].decode("utf-8", "ignore") if _C_PARSER else text[: error.position]
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    character = error.character if isinstance(error.character, int) else ord(str(error.character)[:1] or " ")
    return Problem(label, line, column, "",
                   f"the file contains a control character (U+{character:04X}) that YAML does not allow; remove it")


def _syntax_problem(label: str, text: str, error: yaml.YAMLError) -> Problem:
    if isinstance(error, yaml.reader.ReaderError):
        return _reader_problem(label, text, error)
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = str(getattr(error, "problem", None) or error)
    context = getattr(error, "context", None)
    index = getattr(mark, "index", -1)
    at_tab = 0 <= index < len(text) and text[index] == "\t"
    if at_tab or "'\\t'" in problem or re.search(r"\btab\b", problem):
        message = "a tab character is used for indentation; indent with spaces only"
    elif "nesting depth" in problem:
        message = TOO_DEEP
    else:
        message = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
    return Problem(label, line, column, "", message)


def parse_yaml(label: str, raw: bytes) -> tuple[ParsedFile | None, list[Problem]]:
    """Parse ``raw`` as one YAML document; return the parsed file or the problems found.

    Duplicate keys are returned as problems alongside the parsed file; every other problem
    means no file is returned.
    """
    text, problem = _decode(label, raw)
    if problem:
        return None, [problem]
    assert text is not None
    try:
        data, duplicates = _read(text)
    except _Refused as refused:
        return None, [_at(label, refused.mark, refused.message)]
    except yaml.YAMLError as error:
        return None, [_syntax_problem(label, text, error)]
    except RecursionError:  # only possible with the pure-Python parser
        return None, [_whole_file(label, TOO_DEEP)]
    problems = [_at(label, mark, message) for mark, message in duplicates]
    if data is _NO_DOCUMENT:
        return None, [*problems, _whole_file(label, "the file is empty")]
    return ParsedFile(label, data, text), problems


def _child(node: Node | None, key: Any) -> Node | None:
    if isinstance(node, MappingNode):
        for key_node, value_node in reversed(node.value):  # the last of duplicate keys wins
            if isinstance(key_node, ScalarNode) and _key_of(key_node) == key:
                return value_node
    elif isinstance(node, SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
        return node.value[key]
    return None


def _key_of(node: ScalarNode) -> Any:
    return _construct(node.tag, node.value) if node.tag in _SCALAR_CONSTRUCTORS else node.value


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
