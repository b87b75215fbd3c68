"""Images in packs: each media problem with its message and location, re-encoding uploads, fuzzing."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from quiz_app.bank import load_bank
from quiz_app.bank.loader import load_pack_texts
from quiz_app.bank.media import MAX_IMAGE_BYTES, MediaProblem, check_svg, inspect, reencode
from quiz_app.bank.problems import BankError
from tests.bank.packs import PackFolder, assert_found, write_pack

# questions[0] gets an image block after its prompt (line 7): src on line 9, value at column 12.
IMAGE_BLOCK = """\
    prompt: Which fuel price rose in January 2022?
    image:
      src: {src}
      alt: A bar chart of the LPG price
      credit: Test Author
      license: CC0-1.0
"""
PROMPT = "    prompt: Which fuel price rose in January 2022?\n"


def png(size: tuple[int, int] = (40, 30), mode: str = "RGB", **save: object) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, "red" if mode == "RGB" else 0).save(buffer, "PNG", **save)
    return buffer.getvalue()


def jpeg(size: tuple[int, int] = (40, 30), **save: object) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "blue").save(buffer, "JPEG", **save)
    return buffer.getvalue()


def webp(size: tuple[int, int] = (40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "green").save(buffer, "WEBP")
    return buffer.getvalue()


def with_image(pack: PackFolder, src: str = "media/chart.png", block: str = IMAGE_BLOCK) -> None:
    pack.replace("questions.yaml", PROMPT, block.format(src=src))


@pytest.fixture
def pack(tmp_path) -> PackFolder:
    return PackFolder(write_pack(tmp_path / "pack"))


def put(pack: PackFolder, name: str, data: bytes) -> None:
    path = pack.path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def test_a_valid_image_is_loaded_with_its_size(pack) -> None:
    with_image(pack)
    put(pack, "media/chart.png", png((40, 30)))
    loaded = pack.load().packs["test-pack"]
    question = loaded.questions_by_id["q-single"]
    assert question.image.alt == "A bar chart of the LPG price"
    file = loaded.image(question.image)
    assert (file.kind, file.width, file.height, file.mime) == ("PNG", 40, 30, "image/png")
    assert list(loaded.media) == ["media/chart.png"]  # unreferenced files are not loaded


def test_jpeg_and_webp_are_accepted(pack) -> None:
    with_image(pack, "media/photo.jpeg")
    put(pack, "media/photo.jpeg", jpeg())
    assert pack.load().packs["test-pack"].media["media/photo.jpeg"].kind == "JPEG"
    pack.replace("questions.yaml", "media/photo.jpeg", "media/photo.webp")
    put(pack, "media/photo.webp", webp())
    assert pack.load().packs["test-pack"].media["media/photo.webp"].kind == "WEBP"


@pytest.mark.parametrize(("src", "fragment"), [
    ("media/missing.png", "the image file 'media/missing.png' is not in the pack (expected at"),
    ("../outside.png", "the path leaves the pack ('..' is not allowed)"),
    ("media/../../etc/passwd.png", "the path leaves the pack"),
    ("/etc/hosts.png", "the path must stay inside the pack"),
    ("C:/images/a.png", "the path must stay inside the pack"),
    ("media\\\\a.png", "write the path with '/'"),
    ("images/a.png", "images live in the pack's media/ folder"),
    ("media/animation.gif", "unsupported image type '.gif'; use PNG, JPEG or WebP"),
    ("media/noextension", "unsupported image type a file without an extension"),
])
def test_path_problems_are_located_at_src(pack, src, fragment) -> None:
    with_image(pack, src)
    assert_found(pack.found(), [("questions.yaml", 9, 12, "questions[0].image.src", fragment)])


def _polyglot_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("evil.html", "<b>hi</b>")
    return buffer.getvalue()


def _png_with_chunk(kind: bytes, body: bytes) -> bytes:
    data = png()
    chunk = struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    return data[:33] + chunk + data[33:]  # after the IHDR chunk


@pytest.mark.parametrize(("data", "fragment"), [
    (_polyglot_zip(), "is not a PNG, JPEG or WebP image: it is a ZIP archive"),
    (jpeg(), "is named as a PNG image but is a JPEG image; rename it to '.jpg'"),
    (webp(), "is named as a PNG image but is a WebP image"),
    (png()[:-20], "truncated"),
    (png() + _polyglot_zip(), "bytes of other data after the image (a polyglot file?)"),
    (_png_with_chunk(b"tEXt", b"c\x00<script>alert(1)</script>"), "contains HTML or script text (a polyglot file)"),
    (png((4100, 4000), mode="L"), "is too large: 4,100 x 4,000 pixels"),
    (png((8001, 1), mode="L"), "and 8,000 on a side"),
    (b"", "the file is empty"),
    (b"GIF89a" + b"\x00" * 20, "it is a GIF image (not supported; save it as PNG)"),
    (b"<html><script>alert(1)</script></html>", "it is an HTML page"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "damaged"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" width="5" height="5"/>', "it is an SVG drawing"),
])
def test_file_problems_are_located_at_src(pack, data, fragment) -> None:
    with_image(pack)
    put(pack, "media/chart.png", data)
    found = pack.found()
    assert_found(found, [("questions.yaml", 9, 12, "questions[0].image.src",
                          "the image 'media/chart.png' cannot be used")])
    assert fragment in found[0][4]


def test_too_many_bytes(pack) -> None:
    with_image(pack)
    noise = Image.frombytes("RGB", (1000, 1000), bytes(range(256)) * 11718 + bytes(192))
    buffer = io.BytesIO()
    noise.save(buffer, "PNG", compress_level=0)
    assert len(buffer.getvalue()) > MAX_IMAGE_BYTES
    put(pack, "media/chart.png", buffer.getvalue())
    assert "the file is too large (" in pack.found()[0][4]


def test_a_decompression_bomb_is_refused_from_its_header() -> None:
    # a PNG header claiming 100,000 x 100,000 pixels: refused before any pixel is decoded
    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 0, 0, 0, 0)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    bomb = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 1000))
            + chunk(b"IEND", b""))
    with pytest.raises(MediaProblem, match=r"too many pixels|too large"):
        inspect("media/bomb.png", bomb, allow_svg=False)
    with pytest.raises(MediaProblem, match=r"too many pixels|too large"):
        reencode(bomb, "bomb.png")


def test_missing_alt_text_and_credit(pack) -> None:
    block = PROMPT + "    image:\n      src: media/chart.png\n"
    with_image(pack, block=block)
    put(pack, "media/chart.png", png())
    assert_found(pack.found(), [
        ("questions.yaml", 9, 7, "questions[0].image.alt", "'alt' is required: describe what the image shows"),
    ])
    pack.replace("questions.yaml", "      src: media/chart.png\n", "      src: media/chart.png\n      alt: A chart\n")
    found = pack.found()
    assert [f[3] for f in found] == ["questions[0].image.credit", "questions[0].image.license"]
    assert "'credit' is required" in found[0][4] and "own: true" in found[0][4]
    pack.replace("questions.yaml", "      alt: A chart\n", "      alt: A chart\n      own: true\n")
    assert pack.load().packs["test-pack"].questions_by_id["q-single"].image.own


def test_blank_alt_text(pack) -> None:
    with_image(pack, block=IMAGE_BLOCK.replace("A bar chart of the LPG price", '"  "'))
    put(pack, "media/chart.png", png())
    assert_found(pack.found(), [("questions.yaml", 10, 12, "questions[0].image.alt", "must not be empty")])


def test_images_on_options_cards_topics_and_objectives(pack) -> None:
    pack.replace("questions.yaml", "      - text: Diesel\n",
                 "      - text: Diesel\n        image: {src: media/option.png, alt: A diesel pump, own: true}\n")
    pack.replace("questions.yaml", "    back: Liquefied petroleum gas.\n",
                 "    back: Liquefied petroleum gas.\n"
                 "    front_image: {src: media/card.png, alt: A gas tank, own: true}\n"
                 "    back_image: {src: media/nope.png, alt: A gas tank, own: true}\n")
    pack.replace("pack.yaml", "    title: Causes\n",
                 "    title: Causes\n    image: {src: media/map.webp, alt: A map, own: true}\n")
    pack.replace("pack.yaml", "        locator: para 2\n", "        locator: para 2\n    date: 2022-01-02\n"
                 "    label: Zhanaozen\n    image: {src: media/gone.png, alt: A map, own: true}\n")
    for name in ("media/option.png", "media/card.png"):
        put(pack, name, png())
    put(pack, "media/map.webp", webp())
    found = pack.found()
    assert [(f[0], f[3]) for f in found] == [
        ("pack.yaml", "objectives[1].image.src"), ("questions.yaml", "flashcards[0].back_image.src")]
    put(pack, "media/nope.png", png())
    put(pack, "media/gone.png", png())
    loaded = pack.load().packs["test-pack"]
    assert loaded.meta.objectives[1].date == "2022-01-02" and loaded.meta.objectives[1].label == "Zhanaozen"
    assert loaded.image(loaded.questions_by_id["q-single"].options[1].image).name == "media/option.png"
    assert len(loaded.media) == 5


def test_objective_dates_must_be_days(pack) -> None:
    pack.replace("pack.yaml", "        locator: para 2\n", "        locator: para 2\n    date: 2022-01\n")
    assert_found(pack.found(), [("pack.yaml", 33, 11, "objectives[1].date", "must be a day written YYYY-MM-DD")])
    pack.replace("pack.yaml", "    date: 2022-01\n", "    date: 2022-02-30\n")
    assert "there is no 2022-02-30" in pack.found()[0][4]


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100"><circle cx="5" cy="5" r="4"/></svg>'


def test_svg_is_accepted_in_a_folder_pack_but_not_in_a_teacher_pack(pack) -> None:
    with_image(pack, "media/drawing.svg")
    put(pack, "media/drawing.svg", SVG)
    file = pack.load().packs["test-pack"].media["media/drawing.svg"]
    assert (file.kind, file.width, file.height, file.mime) == ("SVG", 200, 100, "image/svg+xml")
    files = {"pack.yaml": pack.text("pack.yaml"), "questions.yaml": pack.text("questions.yaml")}
    with pytest.raises(BankError) as raised:
        load_pack_texts("teacher/x", files, {"media/drawing.svg": SVG})
    assert "SVG images are accepted only in packs in question_bank/" in str(raised.value)


@pytest.mark.parametrize(("svg", "fragment"), [
    (b'<svg xmlns="http://www.w3.org/2000/svg" width="5" height="5"><script>alert(1)</script></svg>', "<script>"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" width="5" height="5" onload="alert(1)"/>', "event handler"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink" width="5" height="5">'
     b'<use x:href="http://evil.example/a.svg#b"/></svg>', "refers to another file"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" width="5" height="5"><foreignObject/></svg>', "<foreignObject>"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" width="5" height="5"><rect style="fill:url(https://e.example/x)"/>'
     b"</svg>", "url()"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" width="5" height="5"><style>@import url(x.css);</style></svg>',
     "@import"),
    (b'<!DOCTYPE svg [<!ENTITY a "b">]><svg xmlns="http://www.w3.org/2000/svg" width="5" height="5"/>', "DOCTYPE"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"/>', "needs a width and height or a viewBox"),
    (b"<html/>", "not an SVG drawing"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" width="5"', "not well-formed"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" width="5" height="5"><a href="#x"/></svg>', "<a>"),
])
def test_unsafe_svg_is_refused(svg, fragment) -> None:
    with pytest.raises(MediaProblem) as raised:
        check_svg(svg)
    assert fragment in str(raised.value)


# --- re-encoding uploads ---------------------------------------------------------------------


def _phone_photo() -> bytes:
    image = Image.new("RGB", (3000, 2000), "orange")
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90 degrees
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (43.0, 15.0, 0.0), 3: "E", 4: (52.0, 53.0, 0.0)}  # GPS position
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, comment=b"secret note")
    return buffer.getvalue()


def test_reencoding_strips_metadata_turns_upright_and_scales_down() -> None:
    photo = _phone_photo()
    assert b"PhoneMaker" in photo and b"secret note" in photo
    file = reencode(photo, "IMG 0042.JPG")
    assert file.name.startswith("media/img-0042-") and file.name.endswith(".jpg")
    assert (file.width, file.height) == (1067, 1600)  # upright (portrait) and at most 1600 px
    assert b"PhoneMaker" not in file.data and b"secret note" not in file.data and b"Exif" not in file.data
    reopened = Image.open(io.BytesIO(file.data))
    assert not reopened.getexif() and "comment" not in reopened.info and "icc_profile" not in reopened.info


def test_reencoding_keeps_png_and_webp_and_drops_text_chunks() -> None:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "someone@example.org")
    file = reencode(png(pnginfo=info), "map.png")
    assert file.kind == "PNG" and b"someone@example.org" not in file.data
    assert reencode(webp(), "pic.webp").kind == "WEBP"


@pytest.mark.parametrize(("data", "name", "fragment"), [
    (SVG, "drawing.svg", "SVG images cannot be uploaded"),
    (SVG, "drawing.png", "SVG images cannot be uploaded"),
    (png(), "image.gif", "unsupported image type '.gif'"),
    (_polyglot_zip(), "photo.png", "it is a ZIP archive"),
    (png() + _polyglot_zip(), "photo.png", "polyglot"),
    (jpeg((400, 300))[:-100], "photo.jpg", "truncated"),
    (b"\x00" * (5_000_001), "photo.png", "too large"),
])
def test_hostile_uploads_are_refused_with_a_message(data, name, fragment) -> None:
    with pytest.raises(MediaProblem) as raised:
        reencode(data, name)
    assert fragment in str(raised.value)


# --- fuzzing ---------------------------------------------------------------------------------

_VALID = [png(), jpeg(), webp(), SVG]


@st.composite
def mangled(draw: st.DrawFn) -> bytes:
    """A valid image cut, padded, with bytes flipped or pieces of other formats spliced in."""
    data = bytearray(draw(st.sampled_from(_VALID)))
    for _ in range(draw(st.integers(0, 4))):
        action = draw(st.sampled_from(["cut", "flip", "insert", "append"]))
        position = draw(st.integers(0, max(0, len(data) - 1)))
        if action == "cut":
            del data[position:]
        elif action == "flip" and data:
            data[position] = draw(st.integers(0, 255))
        else:
            piece = draw(st.sampled_from([b"PK\x05\x06" + b"\x00" * 18, b"<script>", b"IEND", b"\xff\xd9",
                                          b"\x00" * 8, b"RIFF", b"<svg>", b"\xff" * 4]) | st.binary(max_size=16))
            if action == "insert":
                data[position:position] = piece
            else:
                data += piece
    return bytes(data)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=mangled(), name=st.sampled_from(["media/a.png", "media/a.jpg", "media/a.webp", "media/a.svg"]),
       trusted=st.booleans())
def test_media_checks_never_crash(data: bytes, name: str, trusted: bool) -> None:
    """Any bytes: a checked file or a MediaProblem with a message, nothing else; the same for an upload."""
    try:
        file = inspect(name, data, allow_svg=trusted)
        assert file.width > 0 and file.height > 0
    except MediaProblem as problem:
        assert str(problem).strip()
    try:
        file = reencode(data, name.removeprefix("media/"))
        inspect(file.name, file.data, allow_svg=False)  # what an upload becomes always passes the checks
    except MediaProblem as problem:
        assert str(problem).strip()


@settings(max_examples=100, deadline=None)
@given(data=st.binary(max_size=200))
def test_random_bytes_never_crash(data: bytes) -> None:
    for name in ("media/a.png", "media/a.svg"):
        with pytest.raises(MediaProblem):
            inspect(name, data, allow_svg=True) if data.strip() else (_ for _ in ()).throw(MediaProblem("empty"))


def test_symbolic_links_in_media_are_not_followed(pack, tmp_path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(png())
    (pack.path / "media").mkdir()
    (pack.path / "media" / "chart.png").symlink_to(secret)
    with_image(pack)
    assert "is not in the pack" in pack.found()[0][4]


def test_the_shipped_bank_loads_its_media() -> None:
    bank = load_bank()
    for pack in bank.packs.values():
        assert all(Path(pack.folder, name).is_file() for name in pack.media)
