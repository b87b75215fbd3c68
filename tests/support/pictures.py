"""The sample pack with pictures: a prompt image, option images, both card sides, a topic map, dates.

Used by the tests of the screens that show images (AppTest and browser); the sample pack itself
(:mod:`tests.support.sample`) stays picture-free for every other test.
"""

from __future__ import annotations

import copy
import io
from pathlib import Path

import yaml
from PIL import Image, ImageDraw

from tests.support.sample import FLASHCARDS, PACK_META, QUESTIONS

PROMPT_ALT = "A red square with the number 3 in the middle"
OPTION_ALTS = ["A blue circle", "A green triangle", "A yellow star"]
FRONT_ALT = "A map with a dot in the south-west"
BACK_ALT = "A bar chart with one tall red bar"
TOPIC_ALT = "A map of the places of the causes topic"


def picture(colour: str, size: tuple[int, int] = (320, 200), text: str = "") -> bytes:
    image = Image.new("RGB", size, colour)
    if text:
        ImageDraw.Draw(image).text((size[0] // 2, size[1] // 2), text, fill="white", anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _ref(src: str, alt: str) -> dict:
    return {"src": src, "alt": alt, "credit": "Test Artist", "license": "CC0-1.0"}


def pictured_content() -> tuple[dict, list[dict], list[dict]]:
    """pack.yaml data, questions and flashcards of the sample pack, with pictures and dates."""
    meta = copy.deepcopy(PACK_META)
    meta["topics"][0]["image"] = _ref("media/topic.png", TOPIC_ALT)
    meta["objectives"][0].update({"date": "2022-01-01", "label": "Prices rise"})
    meta["objectives"][1].update({"date": "2022-01-05", "label": "Events in order"})
    questions = copy.deepcopy(QUESTIONS)
    by_id = {q["id"]: q for q in questions}
    by_id["s-single"]["image"] = _ref("media/prompt.png", PROMPT_ALT)
    for option, alt, name in zip(by_id["s-single"]["options"], OPTION_ALTS, ("a", "b", "c"), strict=True):
        option["image"] = {"src": f"media/option-{name}.png", "alt": alt, "own": True}
    by_id["s-tf"]["image"] = _ref("media/prompt.png", PROMPT_ALT)
    cards = copy.deepcopy(FLASHCARDS)
    for card in cards:
        card["front_image"] = _ref("media/front.png", FRONT_ALT)
        card["back_image"] = {"src": "media/back.png", "alt": BACK_ALT, "own": True}
    return meta, questions, cards


MEDIA = {
    "media/prompt.png": picture("red", text="3"), "media/option-a.png": picture("blue", (120, 90)),
    "media/option-b.png": picture("green", (120, 90)), "media/option-c.png": picture("gold", (120, 90)),
    "media/front.png": picture("navy"), "media/back.png": picture("darkred"), "media/topic.png": picture("teal"),
}


def write_pictured_pack(folder: Path) -> Path:
    """Write the pictured sample pack into ``folder/sample`` with its ``media/``; return that folder."""
    meta, questions, cards = pictured_content()
    pack = folder / "sample"
    (pack / "media").mkdir(parents=True, exist_ok=True)
    (pack / "pack.yaml").write_text(yaml.safe_dump(meta, sort_keys=False), encoding="utf-8")
    content = {"questions": questions, "flashcards": cards}
    (pack / "questions.yaml").write_text(yaml.safe_dump(content, sort_keys=False), encoding="utf-8")
    for name, data in MEDIA.items():
        (pack / name).write_bytes(data)
    return pack
