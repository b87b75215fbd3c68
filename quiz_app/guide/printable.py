"""The study guide as one printable HTML document (inline CSS and images, no scripts), like the class summary.

Every piece of pack text is escaped with :func:`html.escape`; images are embedded as data URIs with
their alt text, so the file can be saved, mailed or printed as it is.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

from quiz_app.bank.bank import Pack
from quiz_app.bank.models import ImageRef, LearningObjective
from quiz_app.guide.timeline import events
from quiz_app.practice.progress import Mastery


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def citation_lines(pack: Pack, objective: LearningObjective) -> list[tuple[str, str | None]]:
    """(text, address) of each citation of ``objective``: "Title, Publisher (date), locator"."""
    sources = {source.id: source for source in pack.meta.sources}
    lines = []
    for citation in objective.citations:
        source = sources.get(citation.source)
        if source is not None:
            lines.append((f"{source.title}, {source.publisher} ({source.date}), {citation.locator}", source.address))
    return lines


def mastery_text(mastery: Mastery | None) -> str:
    """How far a learner is with one objective, in words."""
    if mastery is None or mastery.attempts == 0:
        return "not practised yet"
    if mastery.mastered:
        return f"mastered ({mastery.recent_score:.0%} recently)"
    return f"{mastery.recent_score:.0%} recently over {mastery.attempts} answer{'s' if mastery.attempts != 1 else ''}"


_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #111; margin: 2rem;
       line-height: 1.45; max-width: 50rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; border-bottom: 2px solid #333; }
h3 { font-size: 1rem; margin: 1rem 0 .25rem; }
p.meta, .small { color: #444; font-size: .85rem; }
ol.sources { font-size: .85rem; color: #333; margin: .2rem 0 .6rem 1.2rem; padding: 0; }
figure { margin: .5rem 0 1rem; }
figure img { max-width: 100%; height: auto; border: 1px solid #ccc; }
figcaption { font-size: .8rem; color: #444; }
table.timeline { border-collapse: collapse; font-size: .9rem; }
table.timeline td { border-bottom: 1px solid #ddd; padding: .2rem .5rem; vertical-align: top; }
.mastery { font-size: .8rem; color: #064; }
@page { size: A4; margin: 14mm; }
@media print { body { margin: 0; font-size: 10.5pt; } h2 { break-after: avoid; }
  .objective, figure { break-inside: avoid; } }
"""


def _figure(pack: Pack, ref: ImageRef | None) -> str:
    file = pack.image(ref)
    if file is None or ref is None:
        return ""
    credit = "" if ref.own or not ref.credit else f"<figcaption>{_e(ref.credit)} ({_e(ref.license)})</figcaption>"
    return f"<figure>{file.img_tag(ref.alt, 640)}{credit}</figure>"


def study_guide_html(pack: Pack, mastery: Mapping[str, Mastery] | None = None) -> str:
    """A complete HTML document: per topic its picture and objectives with citations (and mastery if given)."""
    parts = [f"<h1>{_e(pack.meta.title)}: study guide</h1>", f"<p class=\"meta\">{_e(pack.meta.description)}</p>"]
    dated = events(pack)
    if dated:
        rows = "".join(f"<tr><td>{e.date:%d %b %Y}</td><td>{_e(e.label)}</td><td>{_e(e.topic)}</td></tr>"
                       for e in dated)
        parts.append(f"<h2>Timeline</h2><table class=\"timeline\"><tbody>{rows}</tbody></table>")
    for topic in pack.meta.topics:
        parts.append(f"<h2>{_e(topic.title)}</h2>")
        if topic.description:
            parts.append(f"<p>{_e(topic.description)}</p>")
        parts.append(_figure(pack, topic.image))
        for objective in (o for o in pack.meta.objectives if o.topic == topic.id):
            when = f"{objective.date} · " if objective.date else ""
            status = ""
            if mastery is not None:
                status = f'<div class="mastery">Your progress: {_e(mastery_text(mastery.get(objective.id)))}</div>'
            sources = "".join(
                f"<li>{_e(text)}" + (f' — <a href="{_e(address)}">{_e(address)}</a>' if address else "") + "</li>"
                for text, address in citation_lines(pack, objective))
            parts.append(f'<div class="objective"><h3>{_e(when)}{_e(objective.label or topic.title)}</h3>'
                         f"<p>{_e(objective.statement)}</p>{_figure(pack, objective.image)}{status}"
                         f'<ol class="sources">{sources}</ol></div>')
    body = "\n".join(part for part in parts if part)
    return (f'<!DOCTYPE html>\n<html lang="{_e(pack.meta.language)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{_e(pack.meta.title)}: study guide</title>\n<style>{_CSS}</style>\n</head>\n<body>\n{body}\n"
            "</body>\n</html>\n")
