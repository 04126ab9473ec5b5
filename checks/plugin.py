"""The pytest side: one test per claim (an item for the statement and one per mutant), the summary
table at the end of the run, and ``--claims-report=PATH``.

Verdicts travel from the test to the summary in ``user_properties``, so the table and the report are
the same under ``pytest -n auto`` (pytest-xdist) as in a single process.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, find, settings

from checks.claim import Claim, ClaimError
from checks.search import Verdict, run

PROPERTY = "theorem_checks_verdict"
_NODE = re.compile(r"::test_([a-z0-9_]+)\[(statement|mutant-([a-z0-9-]+))\]$")


def _check_draws(claim: Claim) -> None:
    """Fail at collection, naming the claim, when a strategy draws nothing valid."""
    strategies = [("instances", claim.instances)] + [
        (f"mutant {m.id!r} instances", m.instances) for m in claim.mutants if m.instances is not None]
    quick = settings(database=None, max_examples=20, derandomize=True, deadline=None,
                     phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    for name, strategy in strategies:
        try:
            find(strategy, lambda _: True, settings=quick)
        except Exception as exc:
            raise ClaimError(f"claim {claim.id!r}: its {name} draw nothing valid "
                             f"({type(exc).__name__}: {exc})") from exc


def make_test(claim: Claim) -> Callable[..., None]:
    """Build the pytest test function of a claim."""
    _check_draws(claim)
    marks = [pytest.mark.slow] if claim.slow else []
    params = [pytest.param(None, id="statement", marks=marks)] + [
        pytest.param(m.id, id=f"mutant-{m.id}", marks=marks) for m in claim.mutants]

    @pytest.mark.parametrize("variant", params)
    def test(variant: str | None, record_property: Callable[[str, Any], None]) -> None:
        verdict = run(claim, variant)
        record_property(PROPERTY, verdict.to_json())
        if not verdict.passed:
            pytest.fail(verdict.message(), pytrace=False)

    test.__name__ = test.__qualname__ = "test_" + claim.id.replace("-", "_")
    test.__doc__ = f"{claim.title} ({claim.id})"
    return test


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--claims-report", metavar="PATH", default=None,
                     help="write the claims report (JSON) to PATH")


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(Collector(config), "theorem-checks-collector")


class Collector:
    """Gathers the verdicts of a run; prints the summary table and writes the report."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.verdicts: dict[str, dict[str | None, Verdict]] = {}
        self.skipped: dict[str, set[str | None]] = {}

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        for name, value in report.user_properties:
            if name == PROPERTY and report.when == "call":
                v = Verdict.from_json(value)
                self.verdicts.setdefault(v.claim, {})[v.mutant] = v
                return
        m = _NODE.search(report.nodeid)
        if m and report.skipped:
            claim_id = m.group(1).replace("_", "-")
            self.skipped.setdefault(claim_id, set()).add(m.group(3))

    def rows(self) -> list[dict[str, Any]]:
        """One report row per claim seen in this run."""
        out = []
        for claim_id in sorted(set(self.verdicts) | set(self.skipped)):
            runs = self.verdicts.get(claim_id, {})
            main = runs.get(None)
            mutants = [{"id": mid, "caught": v.outcome == "caught", "examples": v.examples,
                        "first_violation": v.first_violation}
                       for mid, v in sorted((k, v) for k, v in runs.items() if k is not None)]
            if main is None:
                row: dict[str, Any] = {"id": claim_id, "status": "skipped", "examples": 0,
                                       "worst_ratio": None, "counterexample": None}
            else:
                status = main.outcome
                shown = status in ("violated", "audited", "error")
                row = {"id": claim_id, "status": status, "examples": main.examples,
                       "worst_ratio": main.worst_ratio,
                       "counterexample": main.counterexample if shown else None,
                       "replay": main.replay}
            row["mutants"] = mutants
            out.append(row)
        return out

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        rows = self.rows()
        path = self.config.getoption("claims_report")
        if path:
            Path(path).write_text(json.dumps({"claims": rows}, indent=2) + "\n")
        if rows:
            terminalreporter.section("claims")
            for line in summary_table(rows):
                terminalreporter.write_line(line)


def summary_table(rows: list[dict[str, Any]]) -> list[str]:
    """The summary: claim, status, examples, worst ratio, mutants caught; then the totals."""
    width = max(len(r["id"]) for r in rows)
    lines = [f"{'claim':<{width}}  {'status':<9} {'examples':>8}  {'worst ratio':>11}  mutants caught"]
    for r in rows:
        ratio = "" if r["worst_ratio"] is None else f"{r['worst_ratio']:.4g}"
        caught = sum(m["caught"] for m in r["mutants"])
        lines.append(f"{r['id']:<{width}}  {r['status']:<9} {r['examples']:>8}  {ratio:>11}  "
                     f"{caught}/{len(r['mutants'])}")
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    mut = [m for r in rows for m in r["mutants"]]
    lines.append(", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
                 + f"; mutants caught {sum(m['caught'] for m in mut)}/{len(mut)}")
    return lines
