"""Fixtures of the bank tests: a minimal valid pack written into a temporary folder."""

from __future__ import annotations

import pytest

from tests.bank.packs import PackFolder, write_pack


@pytest.fixture
def pack(tmp_path) -> PackFolder:
    """The minimal valid pack (pack.yaml + questions.yaml) in ``tmp_path/test-pack``."""
    return PackFolder(write_pack(tmp_path / "test-pack"))
