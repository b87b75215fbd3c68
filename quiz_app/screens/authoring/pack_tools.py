"""Editor tools around a teacher pack: new pack, copy of a built-in pack, import and export."""

from __future__ import annotations

import hashlib
from typing import Any

import streamlit as st

from quiz_app.authoring import anki, csv_format, gift, images, moodle_xml, pack_zip
from quiz_app.authoring.forms import fit_to_pack
from quiz_app.authoring.items import ImportDefaults, ImportPreview
from quiz_app.authoring.limits import MAX_UPLOAD_BYTES, ImportError_
from quiz_app.authoring.textconv import slugify
from quiz_app.bank.bank import Pack
from quiz_app.bank.models import PackMeta
from quiz_app.bank.teacher_packs import raw_image_paths
from quiz_app.store import authoring
from quiz_app.store import media as store_media
from quiz_app.store.teachers import TeacherInfo
from quiz_app.ui import keys
from quiz_app.ui.resources import get_store
from quiz_app.ui.text import plain

FORMATS = {
    "Pack zip or YAML (this app's format)": (["zip", "yaml", "yml"], None),
    "CSV": (["csv", "txt"], csv_format.import_csv),
    "Moodle GIFT": (["gift", "txt"], gift.import_gift),
    "Moodle XML": (["xml"], moodle_xml.import_moodle_xml),
}


def _dump(model: Any) -> dict[str, Any]:
    return model.model_dump(mode="json", exclude_defaults=True)


def new_pack_form(teacher: TeacherInfo) -> None:
    """Create an empty teacher pack with one topic, one objective and one source to start from."""
    st.header("New pack", anchor=False)
    with st.form("new-pack"):
        title = st.text_input("Title", max_chars=200)
        topic = st.text_input("First topic", "General", max_chars=200)
        objective = st.text_input("First learning objective (one sentence)", max_chars=400)
        source = st.text_input("Main source (title)", max_chars=200)
        publisher = st.text_input("Its publisher", max_chars=200)
        date = st.text_input("Its date (YYYY, YYYY-MM or YYYY-MM-DD)", max_chars=10)
        created = st.form_submit_button("Create pack", type="primary")
    if not created:
        return
    pack_id = slugify(title, max_length=60)
    meta = {"id": pack_id, "title": title, "language": "en", "description": title or "A teacher's pack.",
            "version": "1.0.0", "license": "CC-BY-SA-4.0", "authors": [teacher.name],
            "sources": [{"id": "source-1", "title": source, "publisher": publisher, "date": date}],
            "topics": [{"id": slugify(topic) or "general", "title": topic}],
            "objectives": [{"id": "objective-1", "topic": slugify(topic) or "general", "statement": objective,
                            "citations": [{"source": "source-1", "locator": "whole work"}]}]}
    try:
        PackMeta.model_validate(meta)
        authoring.create_pack(get_store(), pack_id, meta, teacher)
    except ValueError as error:
        st.error(plain(f"The pack could not be created: {error}"))
        return
    st.session_state[keys.EDITOR_PACK] = pack_id
    st.rerun()


def copy_pack(pack: Pack, teacher: TeacherInfo, taken: set[str]) -> None:
    """"Copy to my packs": an editable copy with new ids (ids must stay unique across packs)."""
    suggested = slugify(f"{pack.id}-{teacher.name}", max_length=60)
    new_id = st.text_input("Id of your copy", suggested, max_chars=60, key=f"copy-id:{pack.id}")
    if not st.button("Copy to my packs", key=f"copy:{pack.id}", type="primary"):
        return
    if slugify(new_id) != new_id or new_id in taken:
        st.error("Choose another id: lowercase letters, digits and hyphens, not used by another pack.")
        return
    suffix = hashlib.sha256(new_id.encode()).hexdigest()[:4]
    meta = {**_dump(pack.meta), "id": new_id, "title": f"{pack.meta.title} (copy)"}
    items = [("question", {**_dump(q), "id": f"{q.id[:74]}-{suffix}"}) for q in pack.questions]
    items += [("flashcard", {**_dump(c), "id": f"{c.id[:74]}-{suffix}"}) for c in pack.flashcards]
    try:
        authoring.create_pack(get_store(), new_id, meta, teacher, items)
    except ValueError as error:
        st.error(plain(str(error)))
        return
    for file in pack.media.values():  # the copy's pictures live in the database like any teacher image
        store_media.add(get_store(), new_id, file, teacher)
    st.session_state[keys.EDITOR_PACK] = new_id
    st.rerun()


def export_buttons(pack: Pack) -> None:
    """Downloads of a valid pack in every format."""
    st.caption("Download this pack")
    left, middle, right = st.columns(3)
    left.download_button("Pack folder (zip of YAML)", pack_zip.export_pack_zip(pack), f"{pack.id}.zip",
                         "application/zip", key="export-zip")
    middle.download_button("CSV", csv_format.export_csv(pack.questions, pack.flashcards), f"{pack.id}.csv",
                           "text/csv", key="export-csv")
    right.download_button("Anki deck (.apkg)", anki.export_apkg(pack) or b"", f"{pack.id}.apkg",
                          "application/octet-stream", key="export-apkg")
    gift_export = gift.export_gift(pack.questions)
    xml_export = moodle_xml.export_moodle_xml(pack.questions, media=pack.media)
    left.download_button("Moodle GIFT", gift_export.text, f"{pack.id}.gift.txt", "text/plain", key="export-gift")
    middle.download_button("Moodle XML", xml_export.text, f"{pack.id}.xml", "application/xml", key="export-xml")
    right.download_button("CSV template", csv_format.csv_template(), "questions-template.csv", "text/csv",
                          key="export-template")
    pictures = images.left_out([*pack.questions, *pack.flashcards])
    if pictures:
        with st.expander(f"{len(pictures)} pictures are left out of the GIFT and CSV files (plain text cannot "
                         "carry images; the pack zip, Moodle XML and Anki deck keep them)"):
            st.text("\n".join(pictures))
    skipped = {s.item: s.reason for s in (*gift_export.skipped, *xml_export.skipped)}
    if skipped:
        with st.expander(f"{len(skipped)} questions cannot be written in the Moodle formats"):
            for item, reason in skipped.items():
                st.text(f"{item}: {reason}")


def _preview(kind: str, data: bytes, name: str, defaults: ImportDefaults) -> ImportPreview:
    reader = FORMATS[kind][1]
    if reader is None:
        return pack_zip.import_pack(data, name=name)
    return reader(data, defaults)


def import_section(pack_id: str, meta: dict[str, Any], existing: set[str], teacher: TeacherInfo) -> None:
    """Upload, preview every accepted and rejected item, then import the valid ones."""
    kind = st.selectbox("Format", list(FORMATS), key="import-format")
    upload = st.file_uploader(f"File (at most {MAX_UPLOAD_BYTES // 1_000_000} MB)", type=FORMATS[kind][0],
                              key="import-file")
    topics = [t["id"] for t in meta.get("topics", [])]
    objectives = [o["id"] for o in meta.get("objectives", [])]
    left, middle, right = st.columns(3)
    topic = left.selectbox("Topic for items without one", topics, key="import-topic")
    objective = middle.selectbox("Learning objective for items without one", objectives, key="import-objective")
    difficulty = right.selectbox("Difficulty for items without one", [1, 2, 3], index=1, key="import-level")
    if upload is None or not topics or not objectives:
        return
    data = upload.getvalue()
    defaults = ImportDefaults(topic=topic, objective=objective, difficulty=difficulty,
                              id_prefix=slugify(pack_id, max_length=20) or "imported")
    try:
        preview = _preview(kind, data, upload.name, defaults)
    except ImportError_ as error:
        st.error(plain(f"Nothing was imported: {error}"))
        return
    ready, refused = fit_to_pack(preview, meta, set(existing), defaults)
    st.markdown(f"**Preview:** {len(ready)} items can be added; {len(preview.rejected) + len(refused)} rejected; "
                f"{len(preview.unmapped)} of a kind this app has no equivalent for.")
    for title, entries in (("Rejected", [str(r) for r in preview.rejected] + refused),
                           ("Not importable (no matching question type)", [str(u) for u in preview.unmapped]),
                           ("Changed on the way", [str(n) for n in preview.notes])):
        if entries:
            with st.expander(f"{title} ({len(entries)})", expanded=title == "Rejected"):
                for entry in entries:
                    st.text(entry)
    if ready:
        with st.expander("Items to be added"):
            for kind_name, item in ready:
                st.text(f"{kind_name}: {item['id']}: {item.get('prompt') or item.get('front')}")
    all_valid = not (preview.rejected or refused or preview.unmapped)
    label = f"Import all {len(ready)} items" if all_valid else f"Import only the {len(ready)} valid items"
    if ready and st.button(label, type="primary", key="import-go"):
        used = raw_image_paths([data for _, data in ready])
        for name, file in preview.media.items():
            if name in used:  # stored first: content-addressed, so storing twice or unused is harmless
                store_media.add(get_store(), pack_id, file, teacher)
        try:
            added = authoring.add_many(get_store(), pack_id, ready, teacher)
        except authoring.Conflict as error:
            st.error(plain(str(error)))
            return
        st.success(f"Imported {added} items.")
