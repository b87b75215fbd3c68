"""The images a pack refers to: finding every reference, and checking each file it names.

A reference (:class:`~quiz_app.bank.models.ImageRef`) can sit on a question (its prompt), an
option of a choice question, a flashcard (front and back), a topic or a learning objective. The
loader checks each referenced file once with :func:`quiz_app.bank.media.inspect` and reports a
located problem (``path:line:column``, pointing at the reference's ``src``) for a missing or
unusable file. Files in ``media/`` that nothing refers to are ignored (not loaded, not exported).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any

from quiz_app.bank.checks import Located, PackParts
from quiz_app.bank.media import MediaFile, MediaProblem, inspect
from quiz_app.bank.models import Flashcard, ImageRef, PackMeta
from quiz_app.bank.problems import Problem

Sub = tuple[str | int, ...]


def item_refs(item: Any) -> Iterator[tuple[Sub, ImageRef]]:
    """(path inside the item, reference) for every image of one question or flashcard."""
    if isinstance(item, Flashcard):
        for side in ("front_image", "back_image"):
            ref = getattr(item, side)
            if ref is not None:
                yield (side,), ref
        return
    if item.image is not None:
        yield ("image",), item.image
    for index, option in enumerate(getattr(item, "options", ())):
        if option.image is not None:
            yield ("options", index, "image"), option.image


def meta_refs(meta: PackMeta) -> Iterator[tuple[Sub, ImageRef]]:
    """(path inside pack.yaml, reference) for every image of the topics and learning objectives."""
    for field, entries in (("topics", meta.topics), ("objectives", meta.objectives)):
        for index, entry in enumerate(entries):
            if entry.image is not None:
                yield (field, index, "image"), entry.image


@lru_cache(maxsize=1024)
def _inspect(name: str, data: bytes, allow_svg: bool) -> MediaFile | str:
    # keyed by the bytes themselves: a reload after editing a YAML file does not decode the images again
    try:
        return inspect(name, data, allow_svg=allow_svg)
    except MediaProblem as problem:
        return str(problem)


def check_pack_media(part: PackParts, media: Mapping[str, bytes], folder: str,
                     trusted: bool) -> tuple[list[Problem], dict[str, MediaFile]]:
    """Located problems of every image reference of one loaded pack, and the checked files by path."""
    problems: list[Problem] = []
    files: dict[str, MediaFile] = {}
    located: list[tuple[Located, Sub, ImageRef]] = []
    if part.meta is not None and part.at is not None:
        located += [(part.at, sub, ref) for sub, ref in meta_refs(part.meta)]
    for item in (*part.questions, *part.cards):
        located += [(item, sub, ref) for sub, ref in item_refs(item.value)]
    for at, sub, ref in located:
        name = ref.src
        if name in files:
            continue
        data = media.get(name)
        if data is None:
            where = f"{folder.rstrip('/')}/{name}" if folder else name
            problems.append(at.problem(f"the image file '{name}' is not in the pack (expected at {where})",
                                       *sub, "src"))
            continue
        checked = _inspect(name, data, trusted)
        if isinstance(checked, str):
            problems.append(at.problem(f"the image '{name}' cannot be used: {checked}", *sub, "src"))
        else:
            files[name] = checked
    return problems, files
