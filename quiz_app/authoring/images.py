"""Images in imports and exports: what each format carries, and the notes for what it cannot.

Pack zips, Moodle XML and Anki decks carry image files; GIFT and CSV cannot (they are plain text), so
their exports list the images left out and their imports note every image reference found in the
text, which cannot be resolved. Images that come in are re-encoded like an upload
(:func:`quiz_app.bank.media.reencode`): no SVG, no metadata, the same size limits.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from typing import Any

from quiz_app.bank.media import MediaFile, MediaProblem, reencode
from quiz_app.bank.pack_media import item_refs

_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""\b(src|alt)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_MARKDOWN_IMAGE = re.compile(r"!\[([^\]\n]{0,300})\]\(([^)\s]{1,500})")
IMPORTED_AS_OWN = ("imported as the pack authors' own picture (own: true) because the file names no credit or "
                   "licence: if it is not yours, add its credit and licence in the editor")


def img_tags(markup: str) -> list[tuple[str, str]]:
    """(src, alt) of every ``<img>`` in an HTML fragment (entities decoded)."""
    found = []
    for tag in _IMG.findall(markup):
        attributes = {m.group(1).lower(): html.unescape(m.group(2) or m.group(3) or m.group(4) or "")
                      for m in _ATTRIBUTE.finditer(tag)}
        found.append((attributes.get("src", ""), attributes.get("alt", "")))
    return found


def image_references(text: str) -> list[str]:
    """Image addresses written in a text as HTML ``<img>`` or Markdown ``![alt](src)``."""
    return [src for src, _ in img_tags(text) if src] + [m.group(2) for m in _MARKDOWN_IMAGE.finditer(text)]


def unresolved_note(reference: str, format_name: str) -> str:
    shown = reference if len(reference) <= 80 else reference[:79] + "…"
    return (f"the image reference '{shown}' cannot be resolved: {format_name} files cannot carry image files; "
            "attach the picture in the editor")


def left_out(items: Iterable[Any]) -> list[str]:
    """``<item id>: <image path>`` for every image of ``items`` (what GIFT and CSV exports cannot carry)."""
    return [f"{item.id}: {ref.src}" for item in items for _, ref in item_refs(item)]


def incoming(data: bytes, name: str) -> MediaFile | str:
    """An imported image file re-encoded like an upload, or the reason it cannot be used."""
    try:
        return reencode(data, name)
    except MediaProblem as problem:
        return str(problem)


def rename_images(data: dict[str, Any], names: Mapping[str, str]) -> dict[str, Any]:
    """Item or pack data with each image ``src`` found in ``names`` replaced by its new name."""

    def walk(value: Any) -> Any:
        if isinstance(value, dict):
            out = {key: walk(entry) for key, entry in value.items()}
            if isinstance(out.get("src"), str) and out["src"] in names:
                out["src"] = names[out["src"]]
            return out
        if isinstance(value, list):
            return [walk(entry) for entry in value]
        return value

    return walk(data)
