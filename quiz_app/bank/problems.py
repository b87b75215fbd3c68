"""Located problems found while loading a bank, and the one exception that carries them."""

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a pack, pointing at the YAML node it concerns.

    ``line`` and ``column`` are 1-based; 0 means "the whole file". ``location`` is a
    human-readable path inside the file such as ``questions[3].options[1].text``.
    """

    path: str
    line: int
    column: int
    location: str
    message: str

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{self.path}:{self.line}:{self.column}: {where}{self.message}"


class BankError(Exception):
    """Raised by the loader when a bank is invalid; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
