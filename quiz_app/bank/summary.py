"""Counts that describe a bank: questions per topic and type, objectives covered."""

from __future__ import annotations

from collections import Counter

from quiz_app.bank.bank import Bank


def summary_lines(bank: Bank) -> list[str]:
    """Human-readable lines summarising each pack of ``bank``."""
    lines = []
    for pack in bank.packs.values():
        by_topic = Counter(q.topic for q in pack.questions)
        by_type = Counter(q.type for q in pack.questions)
        by_level = Counter(q.difficulty for q in pack.questions)
        assessed = {o for q in pack.questions for o in q.objectives}
        lines.append(f"{pack.id}: {len(pack.questions)} questions, {len(pack.flashcards)} flashcards")
        lines.append("  topics:     " + ", ".join(f"{t.id} {by_topic[t.id]}" for t in pack.meta.topics))
        lines.append("  types:      " + ", ".join(f"{k} {v}" for k, v in sorted(by_type.items())))
        lines.append("  difficulty: " + ", ".join(f"{k}: {by_level[k]}" for k in (1, 2, 3)))
        lines.append(f"  objectives: {len(assessed & pack.objectives.keys())}/{len(pack.objectives)} assessed")
    return lines
