"""JSON Schemas of the two kinds of pack file, for editors (yaml-language-server) and tools."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from quiz_app.bank.models import ContentFile, PackMeta

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas"
KINDS = {"pack": PackMeta, "content": ContentFile}


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of ``pack.yaml`` (kind ``pack``) or of a question file (``content``)."""
    schema = KINDS[kind].model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = {"pack": "Question pack (pack.yaml)", "content": "Question file"}[kind]
    return schema


def schema_text(kind: str) -> str:
    """The schema as stable, diff-friendly JSON text."""
    return json.dumps(json_schema(kind), indent=2, sort_keys=True) + "\n"


def write_schemas(folder: Path = SCHEMA_DIR) -> list[Path]:
    """Write ``<kind>.schema.json`` for every kind into ``folder``; return the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS:
        path = folder / f"{kind}.schema.json"
        path.write_text(schema_text(kind), encoding="utf-8")
        written.append(path)
    return written
