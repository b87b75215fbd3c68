"""Located problems found while loading a bank, and the one exception that carries them."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a pack, pointing at the YAML node it concerns.

    ``line`` and ``column`` are 1-based; 0 means "the whole file". ``location`` is a
    human-readable path inside the file such as ``questions[3].options[1].text``. An ``error``
    makes the bank invalid; a ``warning`` (an item-writing check, whose id is ``check``) does not.
    """

    path: str
    line: int
    column: int
    location: str
    message: str
    severity: Severity = "error"
    check: str = ""

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        level = "warning: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}:{self.column}: {where}{level}{self.message}"


class BankError(Exception):
    """Raised by the loader when a bank is invalid; ``problems`` lists every error found and
    ``warnings`` the warnings (when the loader was asked for them)."""

    def __init__(self, problems: list[Problem], warnings: Iterable[Problem] = ()) -> None:
        self.problems = sorted(problems)
        self.warnings = sorted(warnings)
        super().__init__("\n".join(str(p) for p in self.problems))
