"""Images in packs: which files are accepted, checking them with Pillow, re-encoding uploads.

Pure Python (Pillow, expat); no Streamlit. Two entry points:

* :func:`inspect` checks a file as it is: the validator runs it on every image a pack refers to.
  Raster images (PNG, JPEG, WebP) are identified by their content, never by their name alone; a
  file whose content is not what its name says, that is truncated, too large in bytes or pixels,
  animated, or that carries other data after the image or inside it (a "polyglot", such as an
  image with a ZIP archive appended) is refused. SVG is accepted only from *trusted* packs (the
  ones in ``question_bank/``, reviewed through Git), and only without scripts, event handlers,
  embedded HTML or references to other files.
* :func:`reencode` turns a teacher's upload into a new file: decoded with the limits above (a
  decompression bomb is refused from its header, before any pixel is decoded), turned upright
  from its EXIF orientation, scaled down to at most :data:`UPLOAD_SIDE` pixels, and saved again
  by Pillow without any metadata (EXIF, GPS position, comments, colour profile). SVG is never
  accepted from an upload.

Every refusal is a :class:`MediaProblem` whose message is meant for a teacher.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import html
import io
import re
import struct
import warnings
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from xml.parsers import expat

from PIL import Image, ImageOps, UnidentifiedImageError

MEDIA_DIR = "media"
MAX_IMAGE_BYTES = 2_000_000  # one image file in a pack
MAX_IMAGE_PIXELS = 16_000_000  # width x height of one image in a pack
MAX_IMAGE_SIDE = 8_000  # pixels on either side
MAX_UPLOAD_BYTES = 5_000_000  # a teacher's upload before re-encoding (a phone photo fits)
MAX_UPLOAD_PIXELS = 50_000_000  # refused from the header, before decoding
UPLOAD_SIDE = 1600  # uploads are scaled down to at most this on their longer side
MAX_SVG_ELEMENTS = 20_000

RASTER = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP"}
EXTENSIONS = {"PNG": ".png", "JPEG": ".jpg", "WEBP": ".webp", "SVG": ".svg"}
MIME = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp", "SVG": "image/svg+xml"}
UPLOAD_TYPES = ("png", "jpg", "jpeg", "webp")
_NAMES = {"PNG": "PNG", "JPEG": "JPEG", "WEBP": "WebP", "SVG": "SVG"}
_SUPPORTED = "PNG, JPEG or WebP (SVG only in packs in question_bank/)"
_SVG_NS = "http://www.w3.org/2000/svg"
_XLINK_NS = "http://www.w3.org/1999/xlink"
_SVG_REFUSED_ELEMENTS = frozenset(("script", "foreignobject", "iframe", "object", "embed", "audio", "video",
                                   "handler", "listener", "image", "a"))
_SVG_URL = re.compile(r"url\(\s*['\"]?\s*([^)'\"\s]*)", re.IGNORECASE)
_SVG_LENGTH = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*(px)?\s*")
_SCRIPTISH = re.compile(rb"<script|<\?php|<html|<iframe|javascript:", re.IGNORECASE)

# Other kinds of file someone may rename to .png: said by name in the message.
_MAGIC = (
    (b"PK\x03\x04", "a ZIP archive"), (b"PK\x05\x06", "an empty ZIP archive"), (b"%PDF", "a PDF document"),
    (b"GIF8", "a GIF image (not supported; save it as PNG)"), (b"BM", "a BMP image (not supported; save it as PNG)"),
    (b"II*\x00", "a TIFF image (not supported; save it as PNG or JPEG)"),
    (b"MM\x00*", "a TIFF image (not supported; save it as PNG or JPEG)"), (b"\x7fELF", "a program"),
    (b"MZ", "a Windows program"), (b"\x1f\x8b", "a gzip archive"), (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"), (b"\x00\x00\x01\x00", "an icon file (not supported; save it as PNG)"),
)


class MediaProblem(Exception):
    """An image file that cannot be used; ``str()`` is the message for the teacher."""


@dataclass(frozen=True)
class MediaFile:
    """A checked image: its path in the pack (``media/…``), bytes, kind and size in pixels."""

    name: str
    data: bytes = field(repr=False)
    kind: str  # PNG, JPEG, WEBP or SVG
    width: int
    height: int
    sha256: str = ""

    def __post_init__(self) -> None:
        if not self.sha256:
            object.__setattr__(self, "sha256", hashlib.sha256(self.data).hexdigest())

    @property
    def mime(self) -> str:
        return MIME[self.kind]

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.kind]

    def data_uri(self) -> str:
        """The file as a ``data:`` URI, for self-contained HTML documents (printable summaries)."""
        return f"data:{self.mime};base64,{base64.b64encode(self.data).decode('ascii')}"

    def img_tag(self, alt: str, max_width: int = 480) -> str:
        """An ``<img>`` element embedding the file, with ``alt`` escaped (for self-contained HTML)."""
        width = min(self.width, max_width)
        return (f'<img src="{self.data_uri()}" alt="{html.escape(alt, quote=True)}" width="{width}" '
                f'style="max-width:100%;height:auto">')


def path_problem(src: str) -> str | None:
    """Why ``src`` cannot be an image path in a pack (None if it can): ``media/<file>.png`` etc."""
    if "\\" in src:
        return "write the path with '/' (not '\\'), such as 'media/map.png'"
    if src.startswith("/") or re.match(r"[A-Za-z]:", src):
        return "the path must stay inside the pack: write it from the pack's folder, such as 'media/map.png'"
    parts = src.split("/")
    if ".." in parts:
        return "the path leaves the pack ('..' is not allowed): images live in the pack's media/ folder"
    if any(part in ("", ".") for part in parts) or any(ord(c) < 32 for c in src):
        return "the path must be 'media/' followed by a file name, such as 'media/map.png'"
    if parts[0] != MEDIA_DIR or len(parts) < 2:
        return "images live in the pack's media/ folder: write 'media/<file name>', such as 'media/map.png'"
    suffix = PurePosixPath(src).suffix.lower()
    if suffix not in (*RASTER, ".svg"):
        shown = f"'{suffix}'" if suffix else "a file without an extension"
        return f"unsupported image type {shown}; use {_SUPPORTED}"
    return None


def _what_is(data: bytes) -> str | None:
    stripped = data.lstrip()[:512].lower()
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    if stripped.startswith((b"<svg", b"<?xml")) and b"<svg" in stripped:
        return "an SVG drawing"
    if stripped.startswith((b"<!doctype html", b"<html")):
        return "an HTML page"
    if data[:4] == b"RIFF" and data[8:12] != b"WEBP":
        return "a RIFF file that is not a WebP image"
    return None


def _trailing(data: bytes, kind: str) -> int:
    """How many bytes follow the end of the image (or a negative number if it is cut short)."""
    if kind == "PNG":
        position = 8
        while position + 8 <= len(data):
            (length,) = struct.unpack(">I", data[position:position + 4])
            chunk = data[position + 4:position + 8]
            position += 12 + length
            if chunk == b"IEND":
                return len(data) - position
        return -1
    if kind == "JPEG":
        end = data.rfind(b"\xff\xd9")
        return -1 if end < 0 else len(data[end + 2:].rstrip(b"\x00"))
    if kind == "WEBP":
        (size,) = struct.unpack("<I", data[4:8])
        expected = 8 + size + (size & 1)
        return len(data) - expected if len(data) >= 8 + size else -1
    return 0


def _refuse_hidden_content(data: bytes, what: str) -> None:
    # A ZIP reader looks for its end-of-directory record in the last 64 KiB: such a file opens as both.
    if b"PK\x05\x06" in data[-65_600:]:
        raise MediaProblem(f"the {what} also contains a ZIP archive (a polyglot file); save it again as a plain image")
    if _SCRIPTISH.search(data):
        raise MediaProblem(f"the {what} contains HTML or script text (a polyglot file); save it again as a plain image")


def _open_raster(data: bytes, expected: str | None, max_pixels: int, label: str) -> Image.Image:
    """The decoded image, after every check that can be made from the file's header and bytes."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=("PNG", "JPEG", "WEBP"))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise MediaProblem(f"{label} has far too many pixels to be decoded safely (a decompression bomb?)") from None
    except UnidentifiedImageError:
        what = _what_is(data)
        if what:
            raise MediaProblem(f"{label} is not a PNG, JPEG or WebP image: it is {what}") from None
        raise MediaProblem(f"{label} is not an image Pillow can read as PNG, JPEG or WebP "
                           "(damaged, or another kind of file)") from None
    except Exception:  # Pillow raises many kinds of error on hostile headers
        raise MediaProblem(f"{label} is damaged: its header cannot be read") from None
    kind = image.format or ""
    if expected is not None and kind != expected:
        raise MediaProblem(f"{label} is named as a {_NAMES[expected]} image but is a {_NAMES.get(kind, kind)} "
                           f"image; rename it to '{EXTENSIONS.get(kind, '')}' or save it again as "
                           f"{_NAMES[expected]}")
    width, height = image.size
    if width < 1 or height < 1:
        raise MediaProblem(f"{label} has no pixels")
    if width > MAX_IMAGE_SIDE or height > MAX_IMAGE_SIDE or width * height > max_pixels:
        raise MediaProblem(f"{label} is too large: {width:,} x {height:,} pixels (at most {max_pixels:,} pixels "
                           f"and {MAX_IMAGE_SIDE:,} on a side)")
    if getattr(image, "n_frames", 1) > 1:
        raise MediaProblem(f"{label} is animated ({image.n_frames} frames); use a still image")
    trailing = _trailing(data, kind)
    if trailing < 0:
        raise MediaProblem(f"{label} is truncated: the file ends before the image does")
    if trailing > 0:
        raise MediaProblem(f"{label} has {trailing:,} bytes of other data after the image (a polyglot file?); "
                           "save it again as a plain image")
    _refuse_hidden_content(data, "file" if label == "the file" else "image")
    try:
        image.load()  # Pillow refuses truncated pixel data unless ImageFile.LOAD_TRUNCATED_IMAGES is set
    except Exception:  # truncated or corrupt pixel data: Pillow raises OSError, SyntaxError, ValueError...
        raise MediaProblem(f"{label} is damaged or truncated: its pixels cannot be decoded") from None
    return image


def inspect(name: str, data: bytes, *, allow_svg: bool) -> MediaFile:
    """Check one image file of a pack as it is; raise :class:`MediaProblem` if it cannot be used.

    ``name`` is its path in the pack (its extension says what the content must be).
    """
    problem = path_problem(name)
    if problem:
        raise MediaProblem(problem)
    suffix = PurePosixPath(name).suffix.lower()
    if len(data) > MAX_IMAGE_BYTES:
        raise MediaProblem(f"the file is too large ({len(data):,} bytes; at most {MAX_IMAGE_BYTES:,})")
    if not data:
        raise MediaProblem("the file is empty")
    if suffix == ".svg":
        if not allow_svg:
            raise MediaProblem("SVG images are accepted only in packs in question_bank/ (reviewed through Git); "
                               "use a PNG, JPEG or WebP image")
        width, height = check_svg(data)
        return MediaFile(name, data, "SVG", width, height)
    image = _open_raster(data, RASTER[suffix], MAX_IMAGE_PIXELS, "the file")
    return MediaFile(name, data, image.format or RASTER[suffix], *image.size)


def reencode(data: bytes, filename: str = "upload") -> MediaFile:
    """A teacher's upload checked and saved again by Pillow, without metadata, as a new file.

    The result keeps the upload's type (PNG, JPEG or WebP); its ``name`` is
    ``media/<stem>-<first 12 hex digits of its SHA-256><extension>``. Raises :class:`MediaProblem`.
    """
    suffix = PurePosixPath(filename.replace("\\", "/")).suffix.lower()
    if suffix == ".svg" or (_what_is(data) or "").startswith("an SVG"):
        raise MediaProblem("SVG images cannot be uploaded (they can hold scripts); upload a PNG, JPEG or WebP image")
    if suffix and suffix not in RASTER:
        raise MediaProblem(f"unsupported image type '{suffix}'; upload a PNG, JPEG or WebP image")
    if len(data) > MAX_UPLOAD_BYTES:
        raise MediaProblem(f"the image is too large ({len(data):,} bytes; at most {MAX_UPLOAD_BYTES:,})")
    if not data:
        raise MediaProblem("the file is empty")
    image = _open_raster(data, RASTER.get(suffix), MAX_UPLOAD_PIXELS, "the image")
    kind = image.format or "PNG"
    with contextlib.suppress(Exception):  # a broken EXIF block: keep the pixels as stored
        image = ImageOps.exif_transpose(image)  # a phone photo taken sideways stays upright without its EXIF
    if max(image.size) > UPLOAD_SIDE:
        image.thumbnail((UPLOAD_SIDE, UPLOAD_SIDE), Image.Resampling.LANCZOS)
    # Pillow writes what ``info`` holds (comment, EXIF, XMP, colour profile) unless told otherwise:
    # keep only the palette transparency, which belongs to the pixels.
    image.info = {key: value for key, value in image.info.items() if key == "transparency"}
    out = io.BytesIO()
    if kind == "JPEG":
        image = image.convert("L" if image.mode in ("L", "1", "I;16") else "RGB")
        image.save(out, "JPEG", quality=85, optimize=True)
    elif kind == "WEBP":
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
        image.save(out, "WEBP", quality=85, method=4)
    else:
        if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
            image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
        image.save(out, "PNG", optimize=True)  # no pnginfo: text chunks and profiles are not written
    result = out.getvalue()
    stem = re.sub(r"[^a-z0-9]+", "-", PurePosixPath(filename.replace("\\", "/")).stem.lower()).strip("-")[:40]
    digest = hashlib.sha256(result).hexdigest()
    name = f"{MEDIA_DIR}/{stem or 'image'}-{digest[:12]}{EXTENSIONS[kind]}"
    checked = inspect(name, result, allow_svg=False)  # what is stored passes the same checks as a pack file
    return checked


# --- SVG (trusted packs only) ------------------------------------------------------------------


class _SvgRefused(Exception):
    pass


def _svg_length(value: str | None) -> float | None:
    match = _SVG_LENGTH.fullmatch(value or "")
    return float(match.group(1)) if match else None


def check_svg(data: bytes) -> tuple[int, int]:
    """Width and height of a safe SVG drawing; :class:`MediaProblem` for anything active or external."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise MediaProblem("the SVG file is not UTF-8 text") from None
    if re.search(r"<!\s*(DOCTYPE|ENTITY)", text, re.IGNORECASE):
        raise MediaProblem("the SVG file has a DOCTYPE or ENTITY declaration; remove it")
    parser = expat.ParserCreate(namespace_separator=" ")
    found: dict[str, object] = {"root": None, "count": 0}

    def start(tag: str, attributes: dict[str, str]) -> None:
        namespace, _, local = tag.rpartition(" ")
        found["count"] = int(found["count"]) + 1  # type: ignore[call-overload]
        if int(found["count"]) > MAX_SVG_ELEMENTS:  # type: ignore[call-overload]
            raise _SvgRefused(f"the SVG drawing has more than {MAX_SVG_ELEMENTS:,} elements")
        if found["root"] is None:
            if local != "svg" or namespace not in ("", _SVG_NS):
                raise _SvgRefused("the file is not an SVG drawing (its top element is not <svg>)")
            found["root"] = attributes
        if local.lower() in _SVG_REFUSED_ELEMENTS:
            raise _SvgRefused(f"the SVG drawing contains a <{local}> element, which is not allowed "
                              "(no scripts, links, embedded HTML or other files)")
        if namespace not in ("", _SVG_NS):
            raise _SvgRefused(f"the SVG drawing contains <{local}>, an element from another XML namespace; "
                              "only SVG elements are allowed")
        for key, value in attributes.items():
            attribute_ns, _, attribute = key.rpartition(" ")
            if attribute.lower().startswith("on"):
                raise _SvgRefused(f"the SVG drawing has an event handler ('{attribute}'), which is not allowed")
            if (attribute == "href" or attribute_ns == _XLINK_NS) and not value.strip().startswith("#"):
                raise _SvgRefused("the SVG drawing refers to another file or address; only '#id' references "
                                  "inside the drawing are allowed")
            for url in _SVG_URL.findall(value):
                if url and not url.startswith("#"):
                    raise _SvgRefused("the SVG drawing refers to another file or address in a url(); only "
                                      "'#id' references are allowed")
            if "javascript:" in value.lower() or "@import" in value.lower():
                raise _SvgRefused("the SVG drawing contains a script address or an @import, which is not allowed")

    def refuse(*_: object) -> None:
        raise _SvgRefused("the SVG file declares entities or a DOCTYPE; remove them")

    def instruction(*_: object) -> None:
        raise _SvgRefused("the SVG file contains a processing instruction (such as a stylesheet link); remove it")

    def text_node(content: str) -> None:
        if "@import" in content.lower() or "javascript:" in content.lower():
            raise _SvgRefused("the SVG drawing contains a script address or an @import, which is not allowed")
        for url in _SVG_URL.findall(content):
            if url and not url.startswith("#"):
                raise _SvgRefused("the SVG drawing refers to another file or address in a url()")

    parser.StartElementHandler = start
    parser.CharacterDataHandler = text_node
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.ProcessingInstructionHandler = instruction
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(text.encode("utf-8"), True)
    except _SvgRefused as refused:
        raise MediaProblem(str(refused)) from None
    except expat.ExpatError as error:
        raise MediaProblem(f"the SVG file is not well-formed XML: {expat.ErrorString(error.code)} "
                           f"(line {error.lineno})") from None
    root = found["root"]
    assert isinstance(root, dict)
    width, height = _svg_length(root.get("width")), _svg_length(root.get("height"))
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if (width is None or height is None) and len(box) == 4:
        try:
            box_width, box_height = float(box[2]), float(box[3])
        except ValueError:
            box_width = box_height = 0.0
        if box_width > 0 and box_height > 0:
            width = width or (height * box_width / box_height if height else box_width)
            height = height or width * box_height / box_width
    if not width or not height:
        raise MediaProblem("the SVG drawing needs a width and height or a viewBox")
    if width > MAX_IMAGE_SIDE or height > MAX_IMAGE_SIDE:
        raise MediaProblem(f"the SVG drawing is too large ({width:.0f} x {height:.0f}; at most {MAX_IMAGE_SIDE:,} "
                           "on a side)")
    return round(width), round(height)
