"""Loads the suite's Hypothesis profile (``ci`` unless ``--hypothesis-profile`` or
$HYPOTHESIS_PROFILE names ``dev`` or ``thorough``); the claims plugin is registered by the package's
``pytest11`` entry point."""

from checks import profiles

profiles.load()
