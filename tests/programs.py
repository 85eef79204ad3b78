"""External programs some tests need: such a test skips without them, except on CI (.ci/run installs them)."""

from __future__ import annotations

import os
import shutil

import pytest


def program(name: str, package: str) -> str:
    """The path of ``name``; skips the test when it is missing, and fails it instead when CI is set."""
    path = shutil.which(name)
    if path is None:
        message = f"`{name}` is not installed (Debian package {package}; .ci/run installs it)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}, and CI must run this test")
        pytest.skip(message)
    return path
