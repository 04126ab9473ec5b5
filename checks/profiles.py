"""Hypothesis profiles of the suite.

- ``ci`` (the default, also under ``CI=true``): derandomized, so every run of a given source tree is
  reproducible (Hypothesis also draws constants found in the project's modules, so edits move the
  searches; :mod:`checks.power` measures how much verdicts depend on the seed); each claim runs its
  own ``examples`` budget, enough for every mutant to be caught.
- ``dev``: the same budget with fresh random seeds on every run (the seed is in each verdict's replay).
- ``thorough``: ten times the budget, random seeds; meant for ``pytest -n auto``.

Hypothesis registers a built-in ``ci`` profile of its own when ``CI`` is set; registering ours under
the same name replaces it deliberately.
"""

from __future__ import annotations

import os

from hypothesis import settings

from checks.search import CI_EXAMPLES

PROFILES = {
    "ci": dict(max_examples=CI_EXAMPLES, derandomize=True),
    "dev": dict(max_examples=CI_EXAMPLES, derandomize=False),
    "thorough": dict(max_examples=10 * CI_EXAMPLES, derandomize=False),
}


def register() -> None:
    for name, options in PROFILES.items():
        settings.register_profile(name, database=None, deadline=None, print_blob=False, **options)


def load(name: str | None = None) -> str:
    """Register the profiles and load ``name`` (default: $HYPOTHESIS_PROFILE, else ``ci``)."""
    register()
    name = name or os.environ.get("HYPOTHESIS_PROFILE") or "ci"
    if name not in PROFILES:
        raise ValueError(f"unknown Hypothesis profile {name!r}; choose one of {sorted(PROFILES)}")
    settings.load_profile(name)
    return name
