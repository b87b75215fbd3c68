"""A whole pack as a zip of YAML files in the repository's format; import of such a zip or one YAML file.

Export (:func:`pack_files`, :func:`export_pack_zip`) writes, inside a folder named after the
pack id: ``pack.yaml``, one ``<topic>.yaml`` per topic that has questions (in the order of the
pack's topics, questions keeping their order) and ``flashcards.yaml``. Every file starts with the
``# yaml-language-server: $schema=../../schemas/...`` line the repository's files have, so the
folder can be copied into ``question_bank/`` as it is. The YAML is stable and diff-friendly:
keys in the repository's order (``id``, ``type``, ``topic``, ``objectives``, ``difficulty``,
``prompt``, the type's own fields, ``explanation``, ``tags``), default values left out
(``correct: false``, empty ``tags``), block style, no anchors, Unicode as is, no line wrapping,
multi-line text as ``|`` blocks, and a blank line between items. Such files pass
:func:`quiz_app.bank.loader.load_pack_texts` unchanged.

Import (:func:`import_pack`) takes a zip (with or without the pack folder inside) or a single
YAML file (a content file with ``questions:``/``flashcards:``, or a ``pack.yaml``). The files
are checked by the bank loader; every problem it reports becomes a ``rejected`` entry with its
file and line, and the items those problems are in are left out. ``pack`` is the validated
``pack.yaml``, if there is one and it is valid as a model (problems such as an objective no
question assesses are still listed). Zip safety: a path with ``..``, an absolute path, a symbolic
link, an encrypted member, more than :data:`MAX_ZIP_FILES` files or more than
:data:`MAX_ZIP_BYTES` uncompressed bytes refuse the whole zip; files that are not YAML (and
macOS ``__MACOSX``/``._*`` files) are listed in ``unmapped`` and ignored.
"""

from __future__ import annotations

import io
import re
import stat
import zipfile
from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError

from quiz_app.authoring.images import incoming, rename_images
from quiz_app.authoring.items import ImportPreview, PreviewBuilder
from quiz_app.authoring.limits import MAX_UPLOAD_BYTES, ImportError_, check_count, check_size, guarded, read_text
from quiz_app.bank.bank import Pack
from quiz_app.bank.loader import PACK_FILE, load_pack_texts
from quiz_app.bank.media import MEDIA_DIR
from quiz_app.bank.models import Flashcard, PackMeta, Question
from quiz_app.bank.pack_media import item_refs
from quiz_app.bank.problems import BankError, Problem
from quiz_app.bank.yamlfile import ParsedFile, parse_yaml

MAX_ZIP_FILES = 100
MAX_ZIP_BYTES = 20_000_000
FLASHCARDS_FILE = "flashcards.yaml"
_CONTENT_HEADER = "# yaml-language-server: $schema=../../schemas/content.schema.json\n"
_PACK_HEADER = "# yaml-language-server: $schema=../../schemas/pack.schema.json\n"
_FIRST_KEYS = ("id", "type", "topic", "objectives", "difficulty", "prompt", "front")
_LAST_KEYS = ("explanation", "back", "tags")
_QUESTION: TypeAdapter[Question] = TypeAdapter(Question)
_ITEM_START = re.compile(r"^  - ", re.MULTILINE)
_NO_PACK_FILE = f"the pack has no {PACK_FILE}"


# --- export ----------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Block style, indented lists, no anchors, ``|`` blocks for multi-line text."""

    def ignore_aliases(self, data: Any) -> bool:
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False,
                     width=1_000_000_000)


def _ordered(data: dict[str, Any]) -> dict[str, Any]:
    first = [key for key in _FIRST_KEYS if key in data]
    last = [key for key in _LAST_KEYS if key in data]
    middle = [key for key in data if key not in first and key not in last]
    return {key: data[key] for key in (*first, *middle, *last)}


def _content(key: str, items: Iterable[Question | Flashcard]) -> str:
    body = _dump({key: [_ordered(item.model_dump(mode="json", exclude_defaults=True)) for item in items]})
    body = _ITEM_START.sub("\n  - ", body).replace(f"{key}:\n\n", f"{key}:\n", 1)
    return _CONTENT_HEADER + body


def _file_names(topics: Iterable[str]) -> dict[str, str]:
    names: dict[str, str] = {}
    taken = {PACK_FILE, FLASHCARDS_FILE}
    for topic in topics:
        name, number = f"{topic}.yaml", 1
        while name in taken:
            number += 1
            name = f"{topic}-questions{'' if number == 2 else f'-{number - 1}'}.yaml"
        taken.add(name)
        names[topic] = name
    return names


def pack_files(pack: Pack) -> dict[str, str]:
    """The pack's files as ``{path: YAML text}``, paths inside a folder named after the pack id."""
    folder = pack.meta.id
    meta = pack.meta.model_dump(mode="json", exclude_defaults=True)
    files = {f"{folder}/{PACK_FILE}": _PACK_HEADER + _dump(meta)}
    topics = list(dict.fromkeys([topic.id for topic in pack.meta.topics] + [q.topic for q in pack.questions]))
    names = _file_names(topics)
    for topic in topics:
        questions = [question for question in pack.questions if question.topic == topic]
        if questions:
            files[f"{folder}/{names[topic]}"] = _content("questions", questions)
    if pack.flashcards:
        files[f"{folder}/{FLASHCARDS_FILE}"] = _content("flashcards", pack.flashcards)
    return files


def export_pack_zip(pack: Pack) -> bytes:
    """The pack as a zip of its YAML files (see :func:`pack_files`) and the images they refer to
    (``<pack id>/media/...``); the same pack gives the same bytes."""
    entries: list[tuple[str, bytes, int]] = [(path, text.encode("utf-8"), zipfile.ZIP_DEFLATED)
                                             for path, text in pack_files(pack).items()]
    entries += [(f"{pack.meta.id}/{name}", file.data, zipfile.ZIP_STORED)  # images are compressed already
                for name, file in sorted(pack.media.items())]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path, data, compression in entries:
            info = zipfile.ZipInfo(path, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = compression
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            archive.writestr(info, data)
    return buffer.getvalue()


# --- import ----------------------------------------------------------------------------------


def _is_yaml(path: str) -> bool:
    return path.lower().endswith((".yaml", ".yml"))


def _safe_path(name: str) -> str:
    path = name.replace("\\", "/")
    if path.startswith("/") or re.match(r"[A-Za-z]:", path) or ".." in path.split("/"):
        raise ImportError_(f"The zip contains the path '{name[:100]}', which points outside the zip; "
                           "such zips are refused.")
    return path


def _read_zip(data: bytes, build: PreviewBuilder) -> dict[str, bytes]:
    """The YAML files of a zip, after the safety checks (see the module docstring)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except Exception:  # zipfile raises many kinds of error on a damaged file (struct.error, NotImplementedError...)
        raise ImportError_("The zip file is damaged, not a zip file, or uses unsupported features.") from None
    files = [info for info in members if not info.is_dir()]
    if len(files) > MAX_ZIP_FILES:
        raise ImportError_(f"The zip holds {len(files)} files; the limit is {MAX_ZIP_FILES}.")
    total = 0
    chosen: list[tuple[str, zipfile.ZipInfo]] = []
    seen: set[str] = set()
    for info in files:
        path = _safe_path(info.filename)
        if stat.S_ISLNK(info.external_attr >> 16):
            raise ImportError_(f"The zip contains a symbolic link ('{path[:100]}'); such zips are refused.")
        if info.flag_bits & 0x1:
            raise ImportError_("The zip is encrypted (password-protected); upload an unencrypted zip.")
        if path in seen:
            raise ImportError_(f"The zip contains '{path[:100]}' twice.")
        seen.add(path)
        total += info.file_size
        if total > MAX_ZIP_BYTES:
            raise ImportError_(f"The zip unpacks to more than {MAX_ZIP_BYTES / 1_000_000:.0f} MB; "
                               "the limit protects the server from zip bombs.")
        parts = PurePosixPath(path).parts or ("",)
        if parts[0] == "__MACOSX" or parts[-1].startswith("._"):
            build.unmap(0, path, "a macOS system file; ignored", file=path)
        elif MEDIA_DIR in parts[:-1]:
            chosen.append((path, info))  # an image: checked and re-encoded with the pack's references
        elif not _is_yaml(path):
            build.unmap(0, path, "not a YAML file (.yaml or .yml); ignored", file=path)
        else:
            chosen.append((path, info))
    contents: dict[str, bytes] = {}
    budget = MAX_ZIP_BYTES
    for path, info in chosen:
        try:
            with archive.open(info) as member:
                raw = member.read(min(budget, MAX_UPLOAD_BYTES) + 1)
        except Exception:  # as above: a damaged member can fail in many ways
            raise ImportError_(f"'{path[:100]}' in the zip is damaged or uses an unsupported compression.") from None
        if len(raw) > MAX_UPLOAD_BYTES:
            raise ImportError_(f"'{path[:100]}' in the zip is larger than {MAX_UPLOAD_BYTES / 1_000_000:.0f} MB.")
        if len(raw) > budget:
            raise ImportError_(f"The zip unpacks to more than {MAX_ZIP_BYTES / 1_000_000:.0f} MB.")
        budget -= len(raw)
        contents[path] = raw
    return _pack_folder(contents, build)


def _pack_folder(contents: dict[str, bytes], build: PreviewBuilder) -> dict[str, bytes]:
    """Only the YAML files beside the one ``pack.yaml`` (all of them when there is none), and the files of
    its ``media/`` folder."""
    metas = [path for path in contents if PurePosixPath(path).name == PACK_FILE]
    if len(metas) > 1:
        raise ImportError_(f"The zip holds more than one pack ({', '.join(metas[:3])}); upload one pack per zip.")
    if not metas:
        return contents
    folder = PurePosixPath(metas[0]).parent
    kept = {}
    for path, raw in contents.items():
        relative = PurePosixPath(path).relative_to(folder).parts if PurePosixPath(path).is_relative_to(folder) else ()
        if len(relative) == 1 or (len(relative) > 1 and relative[0] == MEDIA_DIR):
            kept[path] = raw
        else:
            build.unmap(0, path, f"not in the pack's folder ('{folder}'); ignored", file=path)
    return kept


def _split_media(files: dict[str, bytes], build: PreviewBuilder) -> tuple[dict[str, bytes], dict[str, bytes],
                                                                          dict[str, str]]:
    """YAML files; images by their path in the pack (re-encoded); and new, content-addressed names."""
    yaml_files: dict[str, bytes] = {}
    media: dict[str, bytes] = {}
    names: dict[str, str] = {}
    for path, raw in files.items():
        parts = PurePosixPath(path).parts
        if MEDIA_DIR not in parts[:-1]:
            yaml_files[path] = raw
            continue
        name = "/".join(parts[parts.index(MEDIA_DIR):])
        checked = incoming(raw, PurePosixPath(name).name)
        if isinstance(checked, str):
            build.reject(0, name, f"this image cannot be used: {checked}", file=path)
            continue
        media[name] = checked.data
        names[name] = checked.name
        build.media[checked.name] = checked
    return yaml_files, media, names


def _item_spans(parsed: ParsedFile) -> list[tuple[str, int, int, int]]:
    """``(list key, index, first line, last line)`` of every entry of ``questions`` and ``flashcards``."""
    root = parsed.root
    spans: list[tuple[str, int, int, int]] = []
    if not isinstance(root, yaml.MappingNode):
        return spans
    for key_node, value_node in root.value:
        key = getattr(key_node, "value", None)
        if key in ("questions", "flashcards") and isinstance(value_node, yaml.SequenceNode):
            for index, node in enumerate(value_node.value):
                end = node.end_mark.line + (1 if node.end_mark.column > 0 else 0)
                spans.append((key, index, node.start_mark.line + 1, max(end, node.start_mark.line + 1)))
    return spans


def _readable(files: dict[str, bytes], build: PreviewBuilder) -> dict[str, tuple[bytes, ParsedFile | None]]:
    """The files that are text within the limits, parsed; the others are rejected whole."""
    readable: dict[str, tuple[bytes, ParsedFile | None]] = {}
    total = 0
    for label, raw in files.items():
        try:
            read_text(raw, "YAML file")  # size, binary, encoding and line checks with teacher-friendly messages
        except ImportError_ as error:
            build.reject(error.line, "", str(error), file=label)
            continue
        parsed, _ = parse_yaml(label, raw)
        readable[label] = (raw, parsed)
        if parsed is not None and isinstance(parsed.data, dict):
            total += sum(len(value) for key, value in parsed.data.items()
                         if key in ("questions", "flashcards") and isinstance(value, list))
    check_count(total)
    return readable


def _import_files(files: dict[str, bytes], build: PreviewBuilder) -> ImportPreview:
    files, media, names = _split_media(files, build)
    readable = _readable(files, build)
    parsed_files = [(label, parsed) for label, (_, parsed) in readable.items()]
    try:
        load_pack_texts("upload", {label: raw for label, (raw, _) in readable.items()}, media)
        problems: list[Problem] = []
    except BankError as error:
        problems = [problem for problem in error.problems if problem.message != _NO_PACK_FILE]
    meta: PackMeta | None = None
    spans = {label: _item_spans(parsed) for label, parsed in parsed_files if parsed is not None}
    owned: set[tuple[str, str, int]] = set()
    for problem in problems:
        build.reject(problem.line, problem.location, problem.message, file=problem.path)
        for key, index, first, last in spans.get(problem.path, []):
            if first <= problem.line <= last:
                owned.add((problem.path, key, index))
    for label, parsed in parsed_files:
        if parsed is None:
            continue
        if PurePosixPath(label).name == PACK_FILE:
            try:
                meta = PackMeta.model_validate(parsed.data)
            except ValidationError:
                meta = None
            continue
        if not isinstance(parsed.data, dict):
            continue
        for key, validate, into in (
                ("questions", lambda entry: _QUESTION.validate_python(rename_images(entry, names)), build.questions),
                ("flashcards", lambda entry: Flashcard.model_validate(rename_images(entry, names)), build.flashcards)):
            entries = parsed.data.get(key)
            if not isinstance(entries, list):
                continue
            for index, entry in enumerate(entries):
                if (label, key, index) in owned:
                    continue
                try:
                    into.append(validate(entry))
                except ValidationError:
                    continue  # the loader reported it, but at a line outside the item: already rejected
    used = {ref.src for item in (*build.questions, *build.flashcards) for _, ref in item_refs(item)}
    build.media = {name: file for name, file in build.media.items() if name in used}
    return build.preview(meta)


@guarded("pack file")
def import_pack(data: bytes | str, *, name: str = "questions.yaml") -> ImportPreview:
    """Import a pack zip or one YAML file in the repository's pack format (see the module docstring).

    ``name`` is the file name used in messages for a single YAML file. Raises
    :class:`ImportError_` (only) when the upload cannot be used at all.
    """
    build = PreviewBuilder(None)
    if isinstance(data, bytes | bytearray | memoryview) and bytes(data[:4]) == b"PK\x03\x04":
        raw = bytes(data)
        check_size(len(raw), "zip file")
        files = _read_zip(raw, build)
        if not files:
            raise ImportError_("The zip holds no YAML file (.yaml or .yml) to import.")
    else:
        text = read_text(data, "YAML file")
        label = PurePosixPath(name.replace("\\", "/")).name or "questions.yaml"
        files = {label: text.encode("utf-8")}
    return _import_files(files, build)
