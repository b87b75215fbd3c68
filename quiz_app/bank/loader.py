"""Load packs from folders (or in-memory files), validate them and return a :class:`Bank`.

``load_bank`` is what the app and the CLI call. It returns the bank or raises one
:class:`BankError` that lists every located problem found in every file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from quiz_app.bank.bank import Bank, Pack
from quiz_app.bank.checks import Located, PackParts, cross_check
from quiz_app.bank.media import MAX_IMAGE_BYTES, MEDIA_DIR
from quiz_app.bank.messages import friendly
from quiz_app.bank.models import Flashcard, PackMeta, Question, rule_issues
from quiz_app.bank.problems import BankError, Problem
from quiz_app.bank.yamlfile import ParsedFile, locate, parse_yaml

PACK_FILE = "pack.yaml"
DEFAULT_BANK = Path(__file__).resolve().parents[2] / "question_bank"

_QUESTION = TypeAdapter(Question)
_FLASHCARD = TypeAdapter(Flashcard)
_CONTENT_KEYS = ("questions", "flashcards")
MAX_MEDIA_FILES = 2000


class UsageError(Exception):
    """A path given to the loader does not exist or holds no pack."""


@dataclass(frozen=True)
class PackFiles:
    """The raw files of one pack folder: ``files`` maps file labels to bytes.

    The label of ``pack.yaml`` must be ``pack.yaml`` or a path to a file of that name; every
    other label is a content file. ``media`` maps image paths (``media/map.png``) to bytes;
    ``trusted`` packs (folders in ``question_bank/``, reviewed through Git) may hold SVG images,
    others (teachers' packs, uploads) only raster images.
    """

    folder: str
    files: Mapping[str, bytes]
    media: Mapping[str, bytes] = field(default_factory=dict)
    trusted: bool = True


def find_pack_folders(paths: Iterable[Path]) -> list[Path]:
    """Pack folders named by ``paths``: a pack folder, its ``pack.yaml``, or a folder of packs."""
    folders: list[Path] = []
    for path in paths:
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder")
        if path.is_file():
            if path.name != PACK_FILE:
                raise UsageError(f"{path}: give a pack folder or its {PACK_FILE}")
            folders.append(path.parent)
        elif (path / PACK_FILE).is_file():
            folders.append(path)
        else:
            found = sorted(p.parent for p in path.glob(f"*/{PACK_FILE}"))
            if not found:
                raise UsageError(f"{path}: no pack found (a pack is a folder with a {PACK_FILE})")
            folders.extend(found)
    return list(dict.fromkeys(folders))


def read_media_folder(folder: Path) -> dict[str, bytes]:
    """The files of ``folder/media/`` by their path in the pack (``media/map.png``).

    Symbolic links are not followed (a reference to one is reported as a missing file), and a
    file larger than the image limit is read only that far (the validator reports its size).
    """
    media = folder / MEDIA_DIR
    if not media.is_dir() or media.is_symlink():
        return {}
    found: dict[str, bytes] = {}
    for path in sorted(media.rglob("*")):
        if len(found) >= MAX_MEDIA_FILES:
            break
        if path.is_symlink() or not path.is_file() or any(p.is_symlink() for p in path.parents if media in p.parents):
            continue
        with path.open("rb") as handle:
            found[path.relative_to(folder).as_posix()] = handle.read(MAX_IMAGE_BYTES + 1)
    return found


def read_pack_folder(folder: Path) -> PackFiles:
    """Read ``pack.yaml``, every ``*.yaml``/``*.yml`` content file and the ``media/`` of one folder."""
    try:
        names = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
        return PackFiles(str(folder), {str(p): p.read_bytes() for p in names}, read_media_folder(folder))
    except OSError as error:
        raise UsageError(f"{error.filename or folder}: cannot be read ({error.strerror})") from error


def load_bank(paths: Sequence[Path] | None = None) -> Bank:
    """Load and validate the packs under ``paths`` (default: the shipped ``question_bank/``)."""
    folders = find_pack_folders(paths or [DEFAULT_BANK])
    return load_pack_files([read_pack_folder(folder) for folder in folders])


def load_pack_texts(folder: str, files: Mapping[str, str | bytes], media: Mapping[str, bytes] | None = None,
                    *, trusted: bool = False) -> Bank:
    """Validate one pack given as in-memory texts and images (used by authoring and import).

    Such packs come from teachers, so they are not ``trusted`` (no SVG) unless said otherwise.
    """
    raw = {name: text.encode() if isinstance(text, str) else text for name, text in files.items()}
    return load_pack_files([PackFiles(folder, raw, dict(media or {}), trusted)])


def load_pack_files(packs: Sequence[PackFiles]) -> Bank:
    """Validate several packs together (ids must be unique across them) and build the bank."""
    from quiz_app.bank.pack_media import check_pack_media

    problems: list[Problem] = []
    loaded = [_load_one(pack, problems) for pack in packs]
    problems += cross_check(loaded)
    media = []
    for pack, part in zip(packs, loaded, strict=True):
        found, files = check_pack_media(part, pack.media, pack.folder, pack.trusted)
        problems += found
        media.append(files)
    if problems:
        raise BankError(problems)
    return Bank(
        {
            part.meta.id: Pack(
                part.meta,
                tuple(item.value for item in part.questions),
                tuple(item.value for item in part.cards),
                folder=part.at.parsed.label.removesuffix(PACK_FILE).rstrip("/"),
                media=files,
            )
            for part, files in zip(loaded, media, strict=True)
            if part.meta is not None and part.at is not None
        }
    )


def _validation_problems(
    parsed: ParsedFile, error: ValidationError, prefix: tuple[str | int, ...] = (), raw: Any = None
) -> list[Problem]:
    """One located problem per error of ``error``.

    ``raw`` is the data of one question: if its fields failed validation, the rules across fields
    (which pydantic only runs on valid fields) are checked on the raw data and reported too.
    """
    records = error.errors(include_url=False)
    pairs: list[tuple[tuple[str | int, ...], str]] = []
    for record in records:
        loc = prefix + tuple(record["loc"])
        issues = (record.get("ctx") or {}).get("issues")
        if record["type"] == "bank_rules" and issues:
            pairs += [(loc + tuple(sub), message) for sub, message in issues]
        elif record["type"] in ("union_tag_invalid", "union_tag_not_found"):
            pairs.append(((*loc, "type"), friendly(record)))
        else:
            pairs.append((loc, friendly(record)))
    if raw is not None and not any(record["type"] == "bank_rules" for record in records):
        pairs += [(prefix + sub, message) for sub, message in rule_issues(raw)]
    problems = []
    for where, message in pairs:
        line, column, location = locate(parsed, where)
        problems.append(Problem(parsed.label, line, column, location, message))
    return problems


def _load_one(pack: PackFiles, problems: list[Problem]) -> PackParts:
    """Load one pack's files; its questions and cards are returned even if ``pack.yaml`` is invalid."""
    before = len(problems)
    questions: list[Located] = []
    cards: list[Located] = []
    meta_label = next((name for name in pack.files if Path(name).name == PACK_FILE), None)
    for label, raw in pack.files.items():
        if label != meta_label:
            _load_content(label, raw, questions, cards, problems)
    complete = len(problems) == before
    if meta_label is None:
        problems.append(Problem(pack.folder, 0, 0, "", f"the pack has no {PACK_FILE}"))
        return PackParts(None, None, questions, cards, complete)
    parsed, found = parse_yaml(meta_label, pack.files[meta_label])
    problems += found
    if parsed is None:
        return PackParts(None, None, questions, cards, complete)
    try:
        meta = PackMeta.model_validate(parsed.data)
    except ValidationError as error:
        problems += _validation_problems(parsed, error)
        return PackParts(None, None, questions, cards, complete)
    return PackParts(meta, Located(meta, parsed, ()), questions, cards, complete)


def _load_content(
    label: str,
    raw: bytes,
    questions: list[Located],
    cards: list[Located],
    problems: list[Problem],
) -> None:
    parsed, found = parse_yaml(label, raw)
    problems += found
    if parsed is None:
        return
    data = parsed.data
    if not isinstance(data, dict):
        problems.append(Problem(label, 1, 1, "", "expected 'questions:' and/or 'flashcards:' at the top"))
        return
    for key in data:
        if key not in _CONTENT_KEYS:
            line, column, _ = locate(parsed, (key,))
            problems.append(Problem(label, line, column, str(key),
                                    f"unknown top-level key '{key}'; use 'questions' or 'flashcards'"))
    for key, adapter, into in (("questions", _QUESTION, questions), ("flashcards", _FLASHCARD, cards)):
        _validate_items(parsed, key, adapter, into, problems)


def _validate_items(
    parsed: ParsedFile, key: str, adapter: TypeAdapter[Any], into: list[Located], problems: list[Problem]
) -> None:
    items = parsed.data.get(key)
    if items is None:
        return
    if not isinstance(items, list):
        line, column, location = locate(parsed, (key,))
        problems.append(Problem(parsed.label, line, column, location, "must be a list (lines starting with '- ')"))
        return
    validate = adapter.validate_python
    for index, item in enumerate(items):
        try:
            into.append(Located(validate(item), parsed, (key, index)))
        except ValidationError as error:
            problems += _validation_problems(parsed, error, (key, index), item if key == "questions" else None)
