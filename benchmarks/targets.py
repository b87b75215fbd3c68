"""The "Targets" block that ends a benchmark's output: one PASS/FAIL line per target."""

from __future__ import annotations


class Targets:
    """Prints the block's heading, then a line per :meth:`check`; :attr:`ok` says whether all passed."""

    def __init__(self) -> None:
        self.ok = True
        print()
        print("Targets")

    def check(self, passed: bool, text: str) -> None:
        """Print ``[PASS] text`` or ``[FAIL] text`` and remember a failure."""
        self.ok &= passed
        print(f"  [{'PASS' if passed else 'FAIL'}] {text}")
