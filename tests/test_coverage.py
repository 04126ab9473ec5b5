"""The coverage table: counts from claims and NOT_CHECKED lists, and the README kept in sync."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import strategies as st

from checks.__main__ import COVERAGE_END, COVERAGE_START, replace_coverage
from checks.claim import Claim, ClaimError, Mutant, Source, le
from checks.coverage import (Uncovered, coverage_markdown, coverage_rows, findings_markdown,
                             not_checked)
from checks.registry import discover


def _claim(cid: str, catalog: tuple[str, ...], audit: bool = False) -> Claim:
    return Claim(id=cid, title=cid, statement="n <= 3", sources=[Source("doc", "loc", catalog)],
                 kind="exact", area="kernels", instances=st.integers(0, 3),
                 conclusion=lambda n: le(n, 3), proof_idea="range",
                 mutants=[] if audit else [Mutant("m", "n = 3 > 2", conclusion=lambda n: le(n, 2))],
                 audit=audit, corrected="cov-true" if audit else "", finding="it is false." if audit else "")


def test_rows_count_entries_checkable_covered_and_audited() -> None:
    claims = [_claim("cov-true", ("ZHAO-1", "ZHAO-2", "TENG-5")), _claim("cov-audit", ("ZHAO-3",), audit=True)]
    uncovered = [Uncovered("ZHAO-4", "kernels", "informal remark"),
                 Uncovered("ZHAO-5", "kernels", "needs a cluster", checkable="numeric")]
    rows = {(r["document"], r["area"]): r for r in coverage_rows(claims, uncovered)}
    assert rows[("ZHAO", "kernels")] == {"document": "ZHAO", "area": "kernels", "entries": 5,
                                         "checkable": 4, "covered": 3, "audited": 1}
    assert rows[("TENG", "kernels")]["covered"] == 1
    text = coverage_markdown(claims, uncovered) + findings_markdown(claims)
    assert "`ZHAO-4` (kernels, no): informal remark" in text and "`cov-audit` (ZHAO-3)" in text


def test_an_entry_cannot_be_both_cited_and_uncovered() -> None:
    with pytest.raises(ClaimError, match="ZHAO-1"):
        coverage_rows([_claim("cov-true", ("ZHAO-1",))], [Uncovered("ZHAO-1", "kernels", "x")])


@pytest.mark.parametrize("kwargs", [dict(catalog="NOPE-1"), dict(area="x"), dict(reason=" "),
                                    dict(checkable="maybe")])
def test_malformed_uncovered_entries(kwargs) -> None:
    with pytest.raises(ClaimError):
        Uncovered(**{"catalog": "ZHAO-9", "area": "kernels", "reason": "r", **kwargs})


def test_readme_coverage_table_is_generated_from_the_claims() -> None:
    readme = Path(__file__).resolve().parents[1] / "README.md"
    text = readme.read_text()
    claims = discover()
    table = coverage_markdown(claims, not_checked())
    assert replace_coverage(text, table) == text, (
        "the README's coverage table is out of date: run `python -m checks coverage --write README.md`")
    assert COVERAGE_START in text and COVERAGE_END in text


def test_findings_file_is_generated_from_the_claims() -> None:
    findings = Path(__file__).resolve().parents[1] / "FINDINGS.md"
    assert findings.read_text() == findings_markdown(discover()), (
        "FINDINGS.md is out of date: run `python -m checks findings --write FINDINGS.md`")
