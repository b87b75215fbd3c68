"""Skip when a real part (browser, database) is missing, except under ``CI=true``, where it fails."""

import os

import pytest


def require(condition: bool, what: str) -> None:
    """Skip the test if ``condition`` is false; under CI a missing part is a failure."""
    if condition:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{what} is required under CI=true but is missing")
    pytest.skip(f"{what} is not available")
