"""The Hypothesis profiles: ``ci`` is ours (derandomized), also when the CI variable is set."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from hypothesis import settings

from checks import profiles


def test_the_default_run_is_derandomized() -> None:
    assert settings.default.derandomize and settings.default.max_examples == 100
    assert settings.default.database is None


def test_ci_profile_replaces_hypothesis_builtin_under_ci_env() -> None:
    code = ("from checks import profiles; from hypothesis import settings; profiles.load(); "
            "print(settings.default.derandomize, settings.default.max_examples, settings.default.deadline)")
    out = subprocess.run([sys.executable, "-c", code], env={**os.environ, "CI": "true"},
                         capture_output=True, text=True, check=True).stdout.split()
    assert out == ["True", "100", "None"]


def test_thorough_scales_the_budget() -> None:
    assert profiles.PROFILES["thorough"]["max_examples"] >= 10 * profiles.PROFILES["ci"]["max_examples"]
    assert not profiles.PROFILES["thorough"]["derandomize"]


def test_unknown_profile_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown Hypothesis profile"):
        profiles.load("fast")
