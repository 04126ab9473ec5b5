"""Claims, their mutants and sources, and the comparisons a conclusion is made of.

A :class:`Claim` is declared once, in its theorem module; the pytest test, the CLI listing, the report
row and the mutant runs all derive from that declaration.  A conclusion maps one drawn instance to a
list of :class:`Check` objects, built with :func:`le`, :func:`ge`, :func:`close`, :func:`equal` or
:func:`holds`.  Every check carries a *ratio*, oriented so that a ratio above 1 is a violation; the
search drives the largest ratio of an instance upward with ``hypothesis.target``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from numbers import Rational, Real
from typing import Any

import numpy as np
from hypothesis.strategies import SearchStrategy

KINDS = {
    "exact": "finite or symbolic; checked with integers, fractions or SymPy",
    "numeric": "deterministic floating point with a tolerance derived from the instance",
    "statistical": "holds in expectation or with high probability; tested at a stated level",
    "proxy": "a finite statement standing for an asymptotic one (the claim's `proxy` says which)",
}
AREAS = ("approximation", "optimization", "generalization", "stability", "kernels",
         "implicit-bias", "high-dimensional", "probability", "robustness", "generative", "transformers",
         "attribution", "scaling", "architectures")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_CATALOG_ID = re.compile(r"^[A-Z]+-[0-9]+$")
RATIO_CAP = 1e12
"""Ratios are clipped here before they reach ``hypothesis.target`` (which needs finite scores)."""


class ClaimError(ValueError):
    """A malformed claim or an impossible parameter: raised at declaration or collection."""


@dataclass(frozen=True)
class Source:
    """Where a claim is stated: a document, a location in it, and the catalog ids it covers."""

    document: str
    location: str
    catalog: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "catalog", tuple(self.catalog))
        bad = [c for c in self.catalog if not _CATALOG_ID.match(c)]
        if bad:
            raise ClaimError(f"source {self.document!r}: malformed catalog ids {bad}")


@dataclass(frozen=True)
class Check:
    """One comparison on one instance.  ``ratio > 1`` exactly when the comparison fails."""

    label: str
    ok: bool
    ratio: float
    detail: str

    def __str__(self) -> str:
        mark = "ok  " if self.ok else "FAIL"
        return f"[{mark}] {self.label}: {self.detail} (ratio {self.ratio:.6g})"


def _is_exact(*xs: Any) -> bool:
    return all(isinstance(x, (int, Rational)) and not isinstance(x, bool) for x in xs)


def _num(x: Any) -> Any:
    if isinstance(x, np.ndarray):
        if x.size != 1:
            raise ClaimError(f"expected a scalar, got an array of shape {x.shape}")
        x = x.item()
    if isinstance(x, np.generic):
        x = x.item()
    if not isinstance(x, Real):
        raise ClaimError(f"expected a real number, got {type(x).__name__}")
    return x


def _fmt(x: Any) -> str:
    if isinstance(x, Fraction) and x.denominator != 1:
        return f"{x} (= {float(x):.6g})"
    if isinstance(x, float):
        return f"{x:.10g}"
    return str(x)


def _ratio(excess: Any, scale: Any) -> float:
    """1 + excess/scale, the relative amount by which a bound is exceeded (clipped to RATIO_CAP)."""
    scale = abs(scale) if scale != 0 else 1
    r = 1 + excess / scale
    r = float(r)
    if math.isnan(r):
        return RATIO_CAP
    return max(min(r, RATIO_CAP), -RATIO_CAP)


def le(lhs: Any, rhs: Any, tol: Any = 0, label: str = "lhs <= rhs", why: str = "") -> Check:
    """``lhs <= rhs + tol``.  Ratio ``lhs / (rhs + tol)`` for positive sides, in general
    ``1 + (lhs - rhs - tol) / |rhs + tol|``.  ``why`` states the derivation of ``tol``."""
    lhs, rhs, tol = _num(lhs), _num(rhs), _num(tol)
    if tol < 0:
        raise ClaimError(f"{label}: negative tolerance {tol}")
    if any(isinstance(v, float) and math.isnan(v) for v in (lhs, rhs, tol)):
        return Check(label, False, RATIO_CAP, f"NaN in comparison: {lhs} <= {rhs} + {tol}")
    bound = rhs + tol
    ok = lhs <= bound
    tol_txt = f" + tol {_fmt(tol)}" + (f" [{why}]" if why else "") if tol else ""
    return Check(label, bool(ok), _ratio(lhs - bound, bound), f"{_fmt(lhs)} <= {_fmt(rhs)}{tol_txt}")


def ge(lhs: Any, rhs: Any, tol: Any = 0, label: str = "lhs >= rhs", why: str = "") -> Check:
    """``lhs >= rhs - tol``.  Ratio ``rhs / (lhs + tol)`` for positive sides."""
    lhs, rhs, tol = _num(lhs), _num(rhs), _num(tol)
    if tol < 0:
        raise ClaimError(f"{label}: negative tolerance {tol}")
    if any(isinstance(v, float) and math.isnan(v) for v in (lhs, rhs, tol)):
        return Check(label, False, RATIO_CAP, f"NaN in comparison: {lhs} >= {rhs} - {tol}")
    slack = lhs + tol
    ok = slack >= rhs
    tol_txt = f" - tol {_fmt(tol)}" + (f" [{why}]" if why else "") if tol else ""
    return Check(label, bool(ok), _ratio(rhs - slack, slack), f"{_fmt(lhs)} >= {_fmt(rhs)}{tol_txt}")


def close(actual: Any, expected: Any, tol: float, label: str = "actual == expected", why: str = "") -> Check:
    """``max |actual - expected| <= tol`` (entrywise, for arrays of equal shape), ratio ``err / tol``.

    ``tol`` must be positive and derived from the instance; exact equality uses :func:`equal`."""
    if not tol > 0:
        raise ClaimError(f"{label}: close() needs a positive derived tolerance, got {tol}")
    a, b = np.asarray(actual, dtype=float), np.asarray(expected, dtype=float)
    if a.shape != b.shape:
        raise ClaimError(f"{label}: shapes differ, {a.shape} vs {b.shape}")
    err = float(np.max(np.abs(a - b))) if a.size else 0.0
    if math.isnan(err):
        return Check(label, False, RATIO_CAP, "NaN in comparison")
    ratio = min(err / tol, RATIO_CAP)
    where = f" [{why}]" if why else ""
    return Check(label, err <= tol, ratio, f"max error {err:.3e} <= tol {tol:.3e}{where}")


def equal(actual: Any, expected: Any, label: str = "actual == expected") -> Check:
    """Exact equality of integers, fractions, SymPy expressions or tuples of them.
    Ratio 0 when equal, else ``1 + |actual - expected| / max(|expected|, 1)`` (or 2 if not numeric)."""
    if isinstance(actual, float) or isinstance(expected, float):
        raise ClaimError(f"{label}: equal() is for exact values; floats need close() with a tolerance")
    ok = bool(actual == expected)
    if ok:
        ratio = 0.0
    elif _is_exact(actual, expected):
        ratio = _ratio(abs(actual - expected), max(abs(expected), 1))
    else:
        ratio = 2.0
    return Check(label, ok, ratio, f"{_fmt(actual)} == {_fmt(expected)}")


def holds(condition: bool, label: str, detail: str = "") -> Check:
    """A predicate with no natural margin: ratio 0 when it holds, 2 when it fails."""
    ok = bool(condition)
    return Check(label, ok, 0.0 if ok else 2.0, detail or ("holds" if ok else "fails"))


Conclusion = Callable[[Any], "Check | Iterable[Check]"]


@dataclass(frozen=True)
class Mutant:
    """A false variant of a claim.  It replaces the conclusion, the instances, or both; the suite
    must find a violation of it.  ``why`` says in one sentence why it is false."""

    id: str
    why: str
    conclusion: Conclusion | None = None
    instances: SearchStrategy | None = None

    def __post_init__(self) -> None:
        if not _ID.match(self.id):
            raise ClaimError(f"mutant id {self.id!r} is not kebab-case")
        if self.conclusion is None and self.instances is None:
            raise ClaimError(f"mutant {self.id!r} changes nothing: give a conclusion or instances")
        if not self.why.strip():
            raise ClaimError(f"mutant {self.id!r} needs a reason why it is false")


@dataclass(frozen=True)
class Claim:
    """One checkable statement.

    ``instances`` draws only instances that satisfy the assumptions; ``conclusion`` returns the
    checks for one instance.  An *audit* claim encodes a statement that is false as its document
    prints it: it passes only when the search finds a counterexample, and names the ``corrected``
    claim (by id) that is checked as an ordinary claim.  ``examples`` is the search budget under
    the ``ci`` profile (other profiles scale it).
    """

    id: str
    title: str
    statement: str
    sources: Sequence[Source]
    kind: str
    area: str
    instances: SearchStrategy
    conclusion: Conclusion
    proof_idea: str
    mutants: Sequence[Mutant] = ()
    proxy: str = ""
    audit: bool = False
    corrected: str = ""
    finding: str = ""
    examples: int = 100
    slow: bool = False
    tags: Sequence[str] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        object.__setattr__(self, "sources", tuple(self.sources))
        object.__setattr__(self, "mutants", tuple(self.mutants))
        object.__setattr__(self, "tags", tuple(self.tags))
        where = f"claim {self.id!r}"
        if not _ID.match(self.id):
            raise ClaimError(f"{where}: id must be kebab-case")
        if self.kind not in KINDS:
            raise ClaimError(f"{where}: unknown kind {self.kind!r}; choose one of {sorted(KINDS)}")
        if self.area not in AREAS:
            raise ClaimError(f"{where}: unknown area {self.area!r}; choose one of {list(AREAS)}")
        if self.kind == "proxy" and not self.proxy.strip():
            raise ClaimError(f"{where}: a proxy claim must say which finite statement stands for which limit")
        if not isinstance(self.instances, SearchStrategy):
            raise ClaimError(f"{where}: instances must be a Hypothesis strategy")
        if not callable(self.conclusion):
            raise ClaimError(f"{where}: conclusion must be callable")
        if not self.sources:
            raise ClaimError(f"{where}: no sources")
        if not all(isinstance(s, Source) for s in self.sources):
            raise ClaimError(f"{where}: sources must be Source objects")
        for text, name in ((self.title, "title"), (self.statement, "statement"), (self.proof_idea, "proof_idea")):
            if not text.strip():
                raise ClaimError(f"{where}: empty {name}")
        if self.audit:
            if not self.corrected:
                raise ClaimError(f"{where}: an audit claim must name its corrected claim")
            if not self.finding.strip():
                raise ClaimError(f"{where}: an audit claim must state what is wrong (finding)")
        elif not self.mutants:
            raise ClaimError(f"{where}: has no mutants; a check that cannot fail is a defect")
        ids = [m.id for m in self.mutants]
        if len(set(ids)) != len(ids):
            raise ClaimError(f"{where}: duplicate mutant ids {ids}")
        if self.examples < 1:
            raise ClaimError(f"{where}: examples must be positive")
        from checks.registry import register

        register(self)

    @property
    def catalog(self) -> tuple[str, ...]:
        return tuple(c for s in self.sources for c in s.catalog)

    def mutant(self, mutant_id: str) -> Mutant:
        for m in self.mutants:
            if m.id == mutant_id:
                return m
        raise ClaimError(f"claim {self.id!r} has no mutant {mutant_id!r}; it has {[m.id for m in self.mutants]}")

    def evaluate(self, instance: Any, mutant: Mutant | None = None) -> list[Check]:
        """The checks of one instance under the claim's conclusion (or a mutant's)."""
        fn = mutant.conclusion if mutant is not None and mutant.conclusion is not None else self.conclusion
        out = fn(instance)
        if isinstance(out, Check):
            return [out]
        checks = list(out) if isinstance(out, Iterable) else []
        if not checks or not all(isinstance(c, Check) for c in checks):
            raise ClaimError(f"claim {self.id!r}: the conclusion must return Check objects, got {out!r}")
        return checks

    def test(self) -> Callable[..., None]:
        """The pytest test of this claim: one item for the statement and one per mutant."""
        from checks.plugin import make_test

        return make_test(self)
