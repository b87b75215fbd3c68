"""Map geometry for the figures: TopoJSON decoding and a simple projection (pure Python).

TopoJSON (https://github.com/topojson/topojson-specification) stores shared borders once as
"arcs": quantized, delta-encoded integer points that a ``transform`` turns back into longitude and
latitude. A polygon lists its rings as arc indexes; a negative index ``~i`` is arc ``i`` reversed.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

Point = tuple[float, float]
Ring = list[Point]


def decode_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    """Every arc of a topology as (longitude, latitude) points."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform:
            (scale_x, scale_y), (shift_x, shift_y) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for dx, dy, *_ in arc:
                x, y = x + dx, y + dy
                points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        else:
            points = [(float(p[0]), float(p[1])) for p in arc]
        arcs.append(points)
    return arcs


def _ring(arcs: list[list[Point]], indexes: Sequence[int]) -> Ring:
    ring: Ring = []
    for index in indexes:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(points if not ring else points[1:])  # consecutive arcs share their end point
    return ring


def polygons(topology: dict[str, Any], geometry: dict[str, Any]) -> list[list[Ring]]:
    """The polygons (each a list of rings, outer ring first) of one Polygon or MultiPolygon geometry."""
    arcs = decode_arcs(topology)
    if geometry["type"] == "Polygon":
        return [[_ring(arcs, ring) for ring in geometry["arcs"]]]
    if geometry["type"] == "MultiPolygon":
        return [[_ring(arcs, ring) for ring in polygon] for polygon in geometry["arcs"]]
    return []


def country(topology: dict[str, Any], name: str, collection: str = "countries") -> list[list[Ring]]:
    """The polygons of the country called ``name`` in a world-atlas topology (empty if absent)."""
    for geometry in topology["objects"][collection]["geometries"]:
        if (geometry.get("properties") or {}).get("name") == name:
            return polygons(topology, geometry)
    return []


@dataclass(frozen=True)
class Projection:
    """Equirectangular projection around ``centre_lat`` (distances east-west scaled by its cosine),
    fitted into a ``width`` x ``height`` pixel frame with ``margin`` pixels around ``bounds``.

    Good enough for one mid-latitude country: Kazakhstan spans 40 to 56 degrees north.
    """

    bounds: tuple[float, float, float, float]  # west, south, east, north in degrees
    width: int
    height: int
    margin: int = 20

    @property
    def _scale(self) -> float:
        west, south, east, north = self.bounds
        squeeze = math.cos(math.radians((south + north) / 2))
        return min((self.width - 2 * self.margin) / ((east - west) * squeeze),
                   (self.height - 2 * self.margin) / (north - south))

    def __call__(self, lon: float, lat: float) -> Point:
        west, south, east, north = self.bounds
        squeeze = math.cos(math.radians((south + north) / 2))
        scale = self._scale
        used_width = (east - west) * squeeze * scale
        used_height = (north - south) * scale
        x = (self.width - used_width) / 2 + (lon - west) * squeeze * scale
        y = (self.height - used_height) / 2 + (north - lat) * scale
        return x, y

    def rings(self, shapes: Iterable[list[Ring]]) -> list[Ring]:
        """Every ring of ``shapes`` in pixel coordinates."""
        return [[self(lon, lat) for lon, lat in ring] for polygon in shapes for ring in polygon]


def bounds_of(shapes: Iterable[list[Ring]]) -> tuple[float, float, float, float]:
    """West, south, east and north of the outer rings of ``shapes``."""
    points = [point for polygon in shapes for point in polygon[0]]
    return (min(p[0] for p in points), min(p[1] for p in points), max(p[0] for p in points),
            max(p[1] for p in points))
