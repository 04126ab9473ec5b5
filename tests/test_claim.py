"""The comparisons, the validation of claims, and the search's verdicts."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import strategies as st

from checks.claim import Claim, ClaimError, Mutant, Source, close, equal, ge, holds, le
from checks.plugin import make_test
from checks.search import run

SOURCE = [Source("A test document", "Eq. 1", ("TEST-1",))]


def toy(**changes) -> Claim:
    """n < 50 for n in [0, 40]; true, with a mutant that widens the range and one that tightens."""
    fields = dict(
        id="toy-below-fifty", title="n is below fifty", statement="n < 50 for 0 <= n <= 40",
        sources=SOURCE, kind="exact", area="generalization", instances=st.integers(0, 40),
        conclusion=lambda n: le(n, 49, label="n <= 49"), proof_idea="40 < 50.",
        mutants=[Mutant("wider-range", "n = 50 is in the wider range", instances=st.integers(0, 100)),
                 Mutant("tighter-bound", "n = 40 > 30", conclusion=lambda n: le(n, 30))],
    )
    fields.update(changes)
    return Claim(**fields)


class TestComparisons:
    def test_le_ratio_and_verdict(self):
        assert le(1.0, 2.0).ok and le(1.0, 2.0).ratio == pytest.approx(0.5)
        c = le(3.0, 2.0)
        assert not c.ok and c.ratio == pytest.approx(1.5)
        assert le(2.1, 2.0, tol=0.2).ok

    def test_ge_ratio_is_rhs_over_lhs(self):
        assert ge(4.0, 2.0).ratio == pytest.approx(0.5)
        assert not ge(1.0, 2.0).ok and ge(1.0, 2.0).ratio == pytest.approx(2.0)

    def test_exact_comparisons_stay_exact(self):
        third = Fraction(1, 3)
        assert le(third, third).ok and le(third, third).ratio == 1.0
        assert not le(third + Fraction(1, 10**30), third).ok

    def test_nan_is_a_violation(self):
        assert not le(math.nan, 1.0).ok and not ge(1.0, math.nan).ok
        assert not close([math.nan], [0.0], tol=1.0).ok

    def test_close_and_equal(self):
        assert close([1.0, 2.0], [1.0, 2.0 + 1e-9], tol=1e-8).ok
        assert close([1.0], [1.1], tol=0.05).ratio == pytest.approx(2.0)
        assert equal(Fraction(1, 2), Fraction(2, 4)).ok and not equal(3, 4).ok
        assert holds(True, "p").ratio == 0 and holds(False, "p").ratio > 1

    @pytest.mark.parametrize("bad", [
        lambda: le(1.0, 2.0, tol=-1.0),
        lambda: close([1.0], [1.0], tol=0.0),
        lambda: close([1.0, 2.0], [1.0], tol=1.0),
        lambda: equal(0.5, 0.5),
        lambda: le([1.0, 2.0], 1.0),
        lambda: le("1", 2),
    ])
    def test_bad_comparisons_raise(self, bad):
        with pytest.raises(ClaimError):
            bad()


class TestValidation:
    @pytest.mark.parametrize("changes, message", [
        (dict(mutants=[]), "no mutants"),
        (dict(kind="heuristic"), "unknown kind"),
        (dict(area="astrology"), "unknown area"),
        (dict(kind="proxy"), "proxy"),
        (dict(id="Not_Kebab"), "kebab-case"),
        (dict(sources=[]), "no sources"),
        (dict(instances=[1, 2]), "Hypothesis strategy"),
        (dict(audit=True, finding="wrong"), "corrected"),
        (dict(statement=" "), "empty statement"),
    ])
    def test_malformed_claims_fail_loudly_naming_the_claim(self, changes, message):
        with pytest.raises(ClaimError, match=message):
            toy(**{"id": "malformed-claim", **changes})

    def test_malformed_sources_and_mutants(self):
        with pytest.raises(ClaimError, match="catalog"):
            Source("doc", "loc", ("zhao17",))
        with pytest.raises(ClaimError, match="changes nothing"):
            Mutant("noop", "nothing")

    def test_an_id_cannot_be_reused_for_another_claim(self):
        toy()
        with pytest.raises(ClaimError, match="declared twice"):
            toy(title="another claim")

    def test_a_strategy_that_draws_nothing_fails_at_collection(self):
        empty = toy(id="draws-nothing", instances=st.integers(0, 10).filter(lambda n: n > 10))
        with pytest.raises(ClaimError, match="draws-nothing"):
            make_test(empty)

    def test_a_conclusion_must_return_checks(self):
        claim = toy(id="returns-bool", conclusion=lambda n: n < 50)
        with pytest.raises(ClaimError, match="Check objects"):
            claim.evaluate(3)


class TestSearch:
    def test_a_true_claim_holds_and_mutants_are_caught(self):
        claim = toy()
        v = run(claim)
        assert v.outcome == "held" and v.passed and v.examples >= 40
        assert v.worst_ratio == pytest.approx(40 / 49)  # target() found the largest n
        for m in claim.mutants:
            mv = run(claim, m.id)
            assert mv.outcome == "caught" and mv.passed and mv.first_violation is not None

    def test_a_violation_is_shrunk_and_replayable(self):
        claim = toy(id="toy-false", instances=st.integers(0, 10**6))
        v = run(claim)
        assert v.outcome == "violated" and not v.passed
        assert "instance:\n50\n" in v.counterexample  # shrunk to the smallest violation
        seed = int(v.replay.split("--seed ")[1])
        again = run(claim, seed=seed, examples=int(v.replay.split("--examples ")[1].split()[0]))
        assert again.counterexample == v.counterexample

    def test_an_audit_passes_only_when_its_counterexample_is_found(self):
        found = run(toy(id="toy-audit", audit=True, corrected="toy-below-fifty", finding="n = 50",
                        mutants=[], instances=st.integers(0, 100)))
        assert found.outcome == "audited" and found.passed
        missed = run(toy(id="toy-audit-missed", audit=True, corrected="toy-below-fifty",
                         finding="none", mutants=[]))
        assert missed.outcome == "held" and not missed.passed
        assert "not reproduced" in missed.message()

    def test_an_exception_is_an_error_not_a_verdict(self):
        def boom(n: int):
            raise ZeroDivisionError("no")
        v = run(toy(id="toy-error", conclusion=boom))
        assert v.outcome == "error" and not v.passed
        assert "ZeroDivisionError" in v.counterexample

    def test_an_uncaught_mutant_fails(self):
        claim = toy(id="toy-weak-mutant", mutants=[Mutant("still-true", "it is not false",
                                                          conclusion=lambda n: le(n, 45))])
        v = run(claim, "still-true")
        assert v.outcome == "missed" and not v.passed and "not caught" in v.message()
