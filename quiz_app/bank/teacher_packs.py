"""Validating packs that teachers edit in the app (stored as item dicts) with the same loader.

A teacher pack is turned into the same YAML files a Git pack has and checked by
:func:`quiz_app.bank.loader.load_pack_files`, together with the built-in packs' ids so that
question ids stay unique across everything students can see. An invalid teacher pack never
breaks the built-in bank: it is left out, and its problems are returned for the editor.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from quiz_app.bank.bank import Bank, Pack
from quiz_app.bank.loader import PACK_FILE, PackFiles, load_pack_files
from quiz_app.bank.problems import BankError, Problem


@dataclass(frozen=True)
class TeacherPackSource:
    """A teacher pack as stored: ``meta`` is pack.yaml's data; items are question/card dicts."""

    pack_id: str
    meta: Mapping[str, Any]
    questions: list[Mapping[str, Any]]
    flashcards: list[Mapping[str, Any]]
    media: Mapping[str, bytes] = field(default_factory=dict)  # the images the items refer to, by path


def raw_image_paths(data: Any) -> set[str]:
    """The ``src`` of every image reference in raw item or pack.yaml data (before validation)."""
    found: set[str] = set()
    if isinstance(data, dict):
        for key, value in data.items():
            if str(key).endswith("image") and isinstance(value, dict) and isinstance(value.get("src"), str):
                found.add(value["src"])
            else:
                found |= raw_image_paths(value)
    elif isinstance(data, list):
        for entry in data:
            found |= raw_image_paths(entry)
    return found


def _text(data: Any) -> bytes:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1_000_000).encode()


def pack_files(source: TeacherPackSource) -> PackFiles:
    """The pack as in-memory YAML files, labelled ``<pack id>/pack.yaml`` etc."""
    folder = f"teacher/{source.pack_id}"
    files = {f"{folder}/{PACK_FILE}": _text(dict(source.meta))}
    if source.questions:
        files[f"{folder}/questions.yaml"] = _text({"questions": [dict(q) for q in source.questions]})
    if source.flashcards:
        files[f"{folder}/flashcards.yaml"] = _text({"flashcards": [dict(c) for c in source.flashcards]})
    return PackFiles(folder, files, dict(source.media), trusted=False)


def _clashes(pack: Pack, taken: Mapping[str, str]) -> list[Problem]:
    problems = []
    for item in (*pack.questions, *pack.flashcards):
        if item.id in taken:
            problems.append(Problem(f"teacher/{pack.id}", 0, 0, item.id,
                                    f"the id '{item.id}' is already used in pack '{taken[item.id]}'"))
    if pack.id in taken.values():
        problems.append(Problem(f"teacher/{pack.id}", 0, 0, "id", f"the pack id '{pack.id}' is already used"))
    return problems


def load_teacher_pack(source: TeacherPackSource, taken: Mapping[str, str] | None = None) -> Pack:
    """Validate one teacher pack; raises :class:`BankError` with every problem.

    ``taken`` maps ids used elsewhere (question/card ids, pack ids) to their pack.
    """
    bank = load_pack_files([pack_files(source)])
    pack = next(iter(bank.packs.values()))
    problems = _clashes(pack, taken or {})
    if pack.id != source.pack_id:
        problems.append(Problem(f"teacher/{source.pack_id}", 0, 0, "id",
                                f"pack.yaml says id '{pack.id}' but the pack is stored as '{source.pack_id}'"))
    if problems:
        raise BankError(problems)
    return pack


def taken_ids(bank: Bank) -> dict[str, str]:
    """Every pack, question and card id of ``bank``, mapped to its pack id."""
    taken = {pack_id: pack_id for pack_id in bank.packs}
    for pack in bank.packs.values():
        taken.update({item.id: pack.id for item in (*pack.questions, *pack.flashcards)})
    return taken


def combine(builtin: Bank, sources: Iterable[TeacherPackSource]) -> tuple[Bank, dict[str, BankError]]:
    """The built-in bank plus every valid teacher pack, and the problems of the invalid ones."""
    packs = dict(builtin.packs)
    taken = taken_ids(builtin)
    invalid: dict[str, BankError] = {}
    for source in sources:
        try:
            pack = load_teacher_pack(source, taken)
        except BankError as error:
            invalid[source.pack_id] = error
            continue
        packs[pack.id] = pack
        taken.update(taken_ids(Bank({pack.id: pack})))
    return Bank(packs), invalid
