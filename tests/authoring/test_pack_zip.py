"""Pack zip export (repository format, passes the loader) and import (zip or YAML, with zip safety)."""

from __future__ import annotations

import io
import json
import re
import stat
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quiz_app.authoring.limits import ImportError_
from quiz_app.authoring.pack_zip import MAX_ZIP_FILES, export_pack_zip, import_pack, pack_files
from quiz_app.bank import load_pack_texts
from quiz_app.bank.pack_media import item_refs
from quiz_app.bank.yamlfile import parse_yaml
from tests.authoring.helpers import SETTINGS, never_crashes
from tests.authoring.strategies import SPECIAL, fuzz_text, packs

CONTENT = """\
questions:
  - id: q-good
    type: true_false
    topic: causes
    objectives: [obj-a]
    difficulty: 1
    prompt: Prices rose.
    answer: true
    explanation: They did.

  - id: q-bad
    type: single_choice
    topic: causes
    objectives: [obj-a]
    difficulty: 7
    prompt: Which?
    options:
      - text: A
        correct: true
      - text: A
    explanation: Because.

  - id: q-good
    type: true_false
    topic: causes
    objectives: [obj-a]
    difficulty: 1
    prompt: Another prompt.
    answer: false
    explanation: Not so.
flashcards:
  - id: c-1
    topic: causes
    objectives: [obj-a]
    front: Front
    back: Back
"""


def _entries(pack) -> list[tuple[str, bytes]]:
    """The pack's YAML files and its images, as a zip of the pack holds them."""
    return ([(name, text.encode()) for name, text in pack_files(pack).items()]
            + [(f"{pack.id}/{name}", file.data) for name, file in pack.media.items()])


def _zip(entries: list[tuple[zipfile.ZipInfo | str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for info, data in entries:
            archive.writestr(info, data)
    return buffer.getvalue()


def test_files_are_in_the_repository_format(shipped_pack) -> None:
    files = pack_files(shipped_pack)
    assert list(files) == [f"kazakhstan-2022/{name}.yaml" for name in
                           ("pack", "causes", "actors", "events", "outcomes", "flashcards")]
    assert files["kazakhstan-2022/pack.yaml"].startswith(
        "# yaml-language-server: $schema=../../schemas/pack.schema.json\nid: kazakhstan-2022\ntitle: ")
    events = files["kazakhstan-2022/events.yaml"]
    assert events.startswith("# yaml-language-server: $schema=../../schemas/content.schema.json\n"
                             "questions:\n  - id: kz22-events-start-town\n    type: single_choice\n    topic: events\n")
    assert "\n\n  - id: " in events and "correct: false" not in events
    assert all(parse_yaml(name, text.encode())[0] is not None for name, text in files.items())  # no anchors, tags
    assert "    explanation: " in events and "\n    tags:\n      - places\n" in events


def test_shipped_pack_passes_the_loader_unchanged(shipped_pack) -> None:
    media = {name: file.data for name, file in shipped_pack.media.items()}
    loaded = load_pack_texts("export", pack_files(shipped_pack), media, trusted=True).packs[shipped_pack.id]
    assert loaded.meta == shipped_pack.meta
    assert loaded.flashcards == shipped_pack.flashcards
    assert sorted(loaded.questions, key=lambda q: q.id) == sorted(shipped_pack.questions, key=lambda q: q.id)


def test_export_is_deterministic_and_imports_back(shipped_pack) -> None:
    data = export_pack_zip(shipped_pack)
    assert data == export_pack_zip(shipped_pack)
    preview = import_pack(data)
    assert (preview.rejected, preview.unmapped, preview.notes) == ([], [], [])
    assert preview.pack == shipped_pack.meta
    # imported images are re-encoded and get content-addressed names: media/map.png -> media/map-<hash>.png
    assert len(preview.media) == len({r.src for q in (*shipped_pack.questions, *shipped_pack.flashcards)
                                      for _, r in item_refs(q)})

    def named(items):
        return sorted(re.sub(r"-[0-9a-f]{12}(\.\w+)", r"\1", json.dumps(i.model_dump(mode="json"))) for i in items)

    assert named(preview.questions) == named(shipped_pack.questions)
    assert named(preview.flashcards) == named(shipped_pack.flashcards)


@SETTINGS
@given(packs())
def test_round_trip(pack) -> None:
    """The zip carries everything: the loader and the importer give back the same pack (questions are
    grouped by topic, keeping their order within a topic)."""
    files = pack_files(pack)
    loaded = load_pack_texts("export", files).packs[pack.id]
    assert loaded.meta == pack.meta and loaded.flashcards == pack.flashcards
    by_topic = [q for topic in dict.fromkeys([t.id for t in pack.meta.topics]) for q in pack.questions
                if q.topic == topic]
    assert list(loaded.questions) == by_topic
    preview = import_pack(export_pack_zip(pack))
    assert preview.rejected == [] and preview.pack == pack.meta
    assert preview.questions == by_topic and preview.flashcards == list(pack.flashcards)


def test_single_yaml_file_keeps_the_good_items_and_locates_the_bad() -> None:
    preview = import_pack(CONTENT.encode(), name="uploads/extra.yaml")
    assert [q.id for q in preview.questions] == ["q-good"]
    assert [card.id for card in preview.flashcards] == ["c-1"]
    assert preview.pack is None
    problems = sorted((entry.file, entry.line, entry.item, entry.reason) for entry in preview.rejected)
    assert problems == [
        ("extra.yaml", 15, "questions[1].difficulty", "must be 1, 2 or 3"),
        ("extra.yaml", 20, "questions[1].options[1].text", "option 2 repeats an earlier option"),
        ("extra.yaml", 23, "questions[2].id", "id 'q-good' is already used at extra.yaml:2"),
    ]


def test_zip_with_problems_in_pack_yaml(shipped_pack) -> None:
    files = dict(_entries(shipped_pack))
    files["kazakhstan-2022/pack.yaml"] = files["kazakhstan-2022/pack.yaml"].replace(b"version: 1.0.0", b"version: x")
    preview = import_pack(_zip(list(files.items())))
    assert preview.pack is None
    assert [(entry.file, entry.item) for entry in preview.rejected] == [("kazakhstan-2022/pack.yaml", "version")]
    assert len(preview.questions) == len(shipped_pack.questions)


def test_non_yaml_files_are_listed_and_ignored(shipped_pack) -> None:
    entries = _entries(shipped_pack)
    entries += [("kazakhstan-2022/README.md", b"# hi"), ("__MACOSX/kazakhstan-2022/._pack.yaml", b"\x00\x05"),
                ("other/extra.yaml", b"questions: []"), ("kazakhstan-2022/images/", b"")]
    preview = import_pack(_zip(entries))
    assert [(entry.file, entry.reason.split(";")[0]) for entry in preview.unmapped] == [
        ("kazakhstan-2022/README.md", "not a YAML file (.yaml or .yml)"),
        ("__MACOSX/kazakhstan-2022/._pack.yaml", "a macOS system file"),
        ("other/extra.yaml", "not in the pack's folder ('kazakhstan-2022')"),
    ]
    assert preview.pack == shipped_pack.meta


def _link(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def _encrypted() -> bytes:
    """A zip whose member claims to be encrypted (flag bit 0 set in both headers)."""
    data = bytearray(_zip([("pack/secret.yaml", b"questions: []")]))
    local, central = data.find(b"PK\x03\x04"), data.find(b"PK\x01\x02")
    data[local + 6] |= 1
    data[central + 8] |= 1
    return bytes(data)


@pytest.mark.parametrize(("entries", "message"), [
    ([("../evil.yaml", b"questions: []")], "outside the zip"),
    ([("pack/../../evil.yaml", b"questions: []")], "outside the zip"),
    ([("/etc/evil.yaml", b"questions: []")], "outside the zip"),
    ([("C:/evil.yaml", b"questions: []")], "outside the zip"),
    ([("..\\evil.yaml", b"questions: []")], "outside the zip"),
    ([(_link("pack/link.yaml"), b"/etc/passwd")], "symbolic link"),
    ([(f"pack/f{n}.yaml", b"questions: []") for n in range(MAX_ZIP_FILES + 1)], "files; the limit is 100"),
    ([("pack/bomb.yaml", b"\n" * 21_000_000)], "zip bombs"),
    ([("a/pack.yaml", b"id: a"), ("b/pack.yaml", b"id: b")], "more than one pack"),
    ([("a/readme.txt", b"hi")], "no YAML file"),
    ([("same.yaml", b"questions: []"), ("same.yaml", b"questions: []")], "twice"),
])
@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_hostile_zips_are_refused(entries, message: str) -> None:
    data = _zip(entries)
    assert len(data) < 5_000_000
    with pytest.raises(ImportError_, match=message) as error:
        import_pack(data)
    assert not error.value.internal


def test_encrypted_zip_is_refused() -> None:
    with pytest.raises(ImportError_, match="encrypted"):
        import_pack(_encrypted())


def test_damaged_zip() -> None:
    data = _zip([("pack/q.yaml", CONTENT.encode())])
    with pytest.raises(ImportError_, match="damaged"):
        import_pack(data[:60] + b"\x00" * 40 + data[100:])


def test_too_large_upload() -> None:
    with pytest.raises(ImportError_, match="too large"):
        import_pack(b"PK\x03\x04" + b"\x00" * 5_000_001)


@SETTINGS
@given(fuzz_text())
def test_fuzz_random_yaml(text: str) -> None:
    never_crashes(import_pack, text)


@SETTINGS
@given(st.binary(max_size=300))
def test_fuzz_random_bytes(data: bytes) -> None:
    never_crashes(import_pack, data)
    never_crashes(import_pack, b"PK\x03\x04" + data)


@pytest.fixture(scope="module")
def shipped_zip(shipped_pack) -> bytes:
    return export_pack_zip(shipped_pack)


@SETTINGS
@given(data=st.data())
def test_fuzz_mutated_zip(shipped_zip: bytes, data) -> None:
    raw = bytearray(shipped_zip)
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(4, len(raw) - 1))
        raw[at] = data.draw(st.integers(0, 255))
    never_crashes(import_pack, bytes(raw))


@SETTINGS
@given(packs(max_questions=3, max_cards=1), st.data())
def test_fuzz_mutated_yaml(pack, data) -> None:
    name, text = data.draw(st.sampled_from(sorted(pack_files(pack).items())))
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        piece = data.draw(st.sampled_from([*SPECIAL, "&a ", "*a", "!!binary ", "\t", "- ", ": "]) | st.text(max_size=3))
        text = text[:at] + piece + text[at + data.draw(st.integers(0, 5)):]
    preview = never_crashes(import_pack, text, name=name)
    if preview is not None:
        assert all(entry.file and entry.line >= 0 and entry.reason for entry in preview.rejected)


def test_unreadable_member_is_rejected_alone(shipped_pack) -> None:
    entries = _entries(shipped_pack)
    entries.append(("kazakhstan-2022/latin1.yaml", "questions: [caf\u00e9]".encode("latin-1")))
    preview = import_pack(_zip(entries))
    assert [(entry.file, entry.line) for entry in preview.rejected] == [("kazakhstan-2022/latin1.yaml", 1)]
    assert "not UTF-8" in preview.rejected[0].reason
    assert len(preview.questions) == len(shipped_pack.questions)
