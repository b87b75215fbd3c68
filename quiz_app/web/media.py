"""Serving the packs' images at ``/api/media/<sha256><extension>``: content-addressed, cached for a year.

The page shows an image by its URL (:mod:`quiz_app.ui.media`), so a click sends the browser a few
bytes of URL and alt text, never the image itself; the browser fetches each picture once and keeps
it (the name is the SHA-256 of the bytes: a changed picture is a new URL). Files are published by
the pages that show them, from the packs loaded in this process; a file this server has not
published yet (a teacher's image saved on another server, asked for by a non-sticky proxy) is
looked up with the fallback the app installs (the database's teacher media).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import Response

from quiz_app.bank.media import MediaFile

_NAME = re.compile(r"([0-9a-f]{64})\.(png|jpg|webp|svg)")
_files: dict[str, MediaFile] = {}
_lock = threading.Lock()
_fallback: Callable[[str], MediaFile | None] | None = None
HEADERS = {
    "Cache-Control": "public, max-age=31536000, immutable",
    "X-Content-Type-Options": "nosniff",
    # an SVG opened on its own must not run anything (the validator refuses scripts anyway)
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
}


def publish(file: MediaFile) -> str:
    """Make ``file`` available to browsers; return its path (``/api/media/<sha256><ext>``)."""
    if file.sha256 not in _files:
        with _lock:
            _files.setdefault(file.sha256, file)
    return f"/api/media/{file.sha256}{file.extension}"


def set_fallback(lookup: Callable[[str], MediaFile | None] | None) -> None:
    """Where to look for a file by SHA-256 that no page of this server has published."""
    global _fallback
    _fallback = lookup


def find(sha256: str) -> MediaFile | None:
    file = _files.get(sha256)
    if file is None and _fallback is not None:
        file = _fallback(sha256)
        if file is not None:
            publish(file)
    return file


async def serve(request: Request) -> Response:
    """The image named in the path, or 404."""
    match = _NAME.fullmatch(request.path_params.get("name", ""))
    file = find(match.group(1)) if match else None
    if file is None or file.extension != f".{match.group(2)}":  # type: ignore[union-attr]
        return Response("not found", status_code=404, media_type="text/plain")
    return Response(file.data, media_type=file.mime, headers=HEADERS)
