"""Limits every importer applies, and the one error an importer raises.

Importers are pure functions: they read bytes (or text) and return an
:class:`~quiz_app.authoring.items.ImportPreview`; they never write anything. When a whole
upload cannot be used they raise :class:`ImportError_`, whose message is written for a teacher.
No other exception leaves an importer: :func:`guarded` turns an unexpected one into an
``ImportError_`` with ``internal=True`` (tests assert that never happens).

The limits:

* :data:`MAX_UPLOAD_BYTES` (5 MB) for one uploaded file, zip or not;
* :data:`MAX_ITEMS` (2,000) questions and flashcards in one upload;
* :data:`MAX_LINE_CHARS` (20,000 characters) for one line of a text format (GIFT, CSV, YAML);
  Moodle XML is exempt because Moodle embeds images as one long base64 line.

Text must be UTF-8 (a UTF-8 byte order mark is fine) or UTF-16 with a byte order mark; NUL
bytes mean a binary file.
"""

from __future__ import annotations

import codecs
import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

MAX_UPLOAD_BYTES = 5_000_000
MAX_ITEMS = 2_000
MAX_LINE_CHARS = 20_000

_P = ParamSpec("_P")
_R = TypeVar("_R")


class ImportError_(ValueError):
    """An upload that cannot be imported at all; ``str(error)`` is the message for the teacher.

    ``line`` is the 1-based line the problem is on, or 0 when it concerns the whole file.
    ``internal`` is true only when an unexpected error was caught by :func:`guarded`.
    """

    def __init__(self, message: str, *, line: int = 0, internal: bool = False) -> None:
        super().__init__(message)
        self.line = line
        self.internal = internal


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def check_size(size: int, what: str) -> None:
    """Refuse an upload larger than :data:`MAX_UPLOAD_BYTES`."""
    if size > MAX_UPLOAD_BYTES:
        raise ImportError_(
            f"The {what} is too large ({_megabytes(size)}); the limit is {_megabytes(MAX_UPLOAD_BYTES)}. "
            "Split it into smaller files."
        )


def check_count(count: int, what: str = "questions and flashcards") -> None:
    """Refuse an upload with more than :data:`MAX_ITEMS` items."""
    if count > MAX_ITEMS:
        raise ImportError_(
            f"The file holds more than {MAX_ITEMS:,} {what}; split it into smaller files and import them one by one."
        )


def _decode(raw: bytes, what: str) -> str:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportError_(f"The {what} claims to be UTF-16 text but is damaged; save it again as UTF-8.") from None
    if raw.startswith(b"PK\x03\x04"):
        raise ImportError_(
            f"This is a zip file (or an Excel or Word document), not a {what}. "
            "Save it as plain text (for a spreadsheet: 'CSV UTF-8') and upload that."
        )
    if b"\x00" in raw:
        raise ImportError_(f"This looks like a binary file, not a {what} (it contains NUL bytes).")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ImportError_(
            f"The {what} is not UTF-8 text (first bad byte on line {line}). "
            "Save it with UTF-8 encoding (in Excel: 'CSV UTF-8'; in a text editor: 'Save as... UTF-8').",
            line=line,
        ) from None


def read_text(data: bytes | str, what: str, *, max_line: int | None = MAX_LINE_CHARS) -> str:
    """The upload as text, after the size, binary, encoding and line-length checks.

    ``what`` names the expected file in messages ("GIFT file"). ``max_line=None`` skips the
    line-length check. Raises :class:`ImportError_`.
    """
    if isinstance(data, str):
        if "\x00" in data:
            raise ImportError_(f"This looks like a binary file, not a {what} (it contains NUL characters).")
        try:
            size = len(data.encode("utf-8"))
        except UnicodeEncodeError:
            raise ImportError_(f"The {what} contains invalid characters (unpaired surrogates).") from None
        check_size(size, what)
        text = data.removeprefix("\ufeff")
    elif isinstance(data, bytes | bytearray | memoryview):
        raw = bytes(data)
        check_size(len(raw), what)
        text = _decode(raw, what)
        if "\x00" in text:
            raise ImportError_(f"This looks like a binary file, not a {what} (it contains NUL characters).")
    else:
        raise ImportError_(f"Nothing to import: expected the contents of a {what}.")
    if max_line is not None:
        check_lines(text, what, max_line)
    return text


def check_lines(text: str, what: str, max_line: int = MAX_LINE_CHARS) -> None:
    """Refuse text with a line longer than ``max_line`` characters."""
    start = 0
    length = len(text)
    line = 1
    while start <= length:
        end = text.find("\n", start)
        if end == -1:
            end = length
        if end - start > max_line:
            raise ImportError_(
                f"Line {line} of the {what} is {end - start:,} characters long; the limit is {max_line:,}. "
                f"Is this really a {what}?",
                line=line,
            )
        start = end + 1
        line += 1


def guarded(what: str) -> Callable[[Callable[_P, _R]], Callable[_P, _R]]:
    """Decorate an importer so that it raises nothing but :class:`ImportError_`.

    An unexpected exception (a bug) becomes ``ImportError_(internal=True)`` chained to it, so
    the app shows a message instead of a traceback and the tests can still see the bug.
    """

    def decorate(function: Callable[_P, _R]) -> Callable[_P, _R]:
        @functools.wraps(function)
        def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
            try:
                return function(*args, **kwargs)
            except ImportError_:
                raise
            except Exception as error:  # the contract: only ImportError_ leaves an importer
                raise ImportError_(
                    f"The {what} could not be read because of an unexpected problem in the importer "
                    f"({type(error).__name__}). Nothing was imported; please report this file to the maintainers.",
                    internal=True,
                ) from error

        return wrapper

    return decorate
