"""theorem-checks: theorems of deep-learning theory as property-based tests.

A theorem module declares :class:`~checks.claim.Claim` objects; :mod:`checks.search` runs Hypothesis on
them, :mod:`checks.plugin` turns them into pytest tests with a summary table and a JSON report, and
``python -m checks`` lists, shows, verifies and benchmarks them.
"""

__version__ = "0.1.0"
