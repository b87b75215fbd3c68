"""CSV output that spreadsheets cannot run: cells that could start a formula are neutralised.

Spreadsheet programs treat a cell beginning with ``=``, ``+``, ``-``, ``@``, tab or carriage
return as a formula (OWASP "CSV injection"). Such cells get a leading apostrophe, which
spreadsheets display as text and do not show.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")


def safe_cell(value: Any) -> str:
    """``value`` as text that no spreadsheet will evaluate. Numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value) if isinstance(value, float) else str(value)
    text = str(value)
    stripped = text.lstrip(" \u00a0")
    if stripped.startswith(_TRIGGERS) or text.startswith(_TRIGGERS):
        return "'" + text
    return text


def write_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A whole CSV document (RFC 4180 quoting, ``\\r\\n`` line ends) with every cell made safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue()
