"""Fourier analysis on the Boolean hypercube: characters, expansion, Parseval and low-degree truncation.

Statement.  Under ``x`` uniform on ``{±1}^d``, with ``χ_S(x) = Π_{i∈S} x_i``:
- ``χ_S χ_T = χ_{SΔT}`` pointwise and ``E[χ_S χ_T] = 1{S = T}``;
- every ``f`` equals ``Σ_S f̂(S) χ_S`` with ``f̂(S) = E[f χ_S]``, and the expansion is unique;
- Parseval ``E f² = Σ_S f̂(S)²`` (``= 1`` for ``±1``-valued ``f``) and Plancherel ``E[fg] = Σ f̂(S)ĝ(S)``;
- ``f^{<α} = Σ_{|S|<α} f̂(S)χ_S`` has ``E(f - f^{<α})² = Σ_{|S|>=α} f̂(S)²``, and every ``g`` of degree
  ``< α`` has ``E(f - g)² = E(f - f^{<α})² + Σ_{|S|<α}(f̂(S) - ĝ(S))²``: the truncation is the best
  ``L²`` approximation of degree ``< α``, and ``α``-concentration (tail mass ``<= ε``) means error ``<= ε``.

Sources.  Zhao, *From Approximation to Emergence*, Ch. 10: Definition 10.1 and Figures 10.5–10.6
(ZHAO-82), §10.2 (ZHAO-83), Theorem 10.4 (ZHAO-84), Definition 10.6 (ZHAO-85).

Proof ideas.  ``x_i² = 1`` gives the multiplication rule; a nonempty ``SΔT`` leaves an independent
mean-zero coordinate.  The ``2^d`` characters are orthonormal in the ``2^d``-dimensional space of
functions, hence a basis, and the coefficient is the inner product.  Parseval and Pythagoras expand
the square in the orthonormal basis.

Expectations are brute-force sums over the ``2^d`` points in Fraction arithmetic; coefficients come from
the fast Walsh–Hadamard transform and are compared with the direct sums, so everything is exact.
"""

from __future__ import annotations

from fractions import Fraction

from checks.boolean_fourier import (character, degree, expectation, fourier_coefficients, synthesize,
                                    truncate)
from checks.claim import Check, Claim, Mutant, Source, equal
from checks.documents import ZHAO
from checks.strategies.boolean_fourier import BIASED, CubeFunction, SubsetPair, cube_functions, subset_pairs


def _char_table(S: int, d: int) -> list[int]:
    return [character(S, x) for x in range(2**d)]


def _character_checks(inst: SubsetPair, product_rule=lambda S, T: S ^ T) -> list[Check]:
    d, S, T = inst.d, inst.S, inst.T
    prod = [a * b for a, b in zip(_char_table(S, d), _char_table(T, d))]
    rule = product_rule(S, T)
    wrong = sum(1 for a, b in zip(prod, _char_table(rule, d)) if a != b)
    return [equal(wrong, 0, label="χ_S χ_T = χ_{rule(S,T)} at every x (number of points where they differ)"),
            equal(expectation(prod, inst.p), Fraction(int(S == T)), label="E[χ_S χ_T] = 1{S = T}")]


CHARACTERS = Claim(
    id="boolean-characters-orthonormal",
    title="Parity characters multiply by symmetric difference and are orthonormal under the uniform measure",
    statement="χ_S χ_T = χ_{SΔT} and E_{x~Unif{±1}^d}[χ_S(x)χ_T(x)] = 1{S = T}",
    sources=[Source(ZHAO, "Ch. 10, Definition 10.1 (parity characters), Figures 10.5–10.6", ("ZHAO-82",))],
    kind="exact",
    area="probability",
    instances=subset_pairs(),
    conclusion=_character_checks,
    proof_idea="x_i² = 1 cancels the coordinates of S ∩ T; a nonempty SΔT leaves an independent mean-zero x_j.",
    mutants=[
        Mutant("union-rule", "on S ∩ T the squares x_i² = 1 cancel, so χ_Sχ_T = χ_{SΔT} differs from χ_{S∪T}",
               conclusion=lambda i: _character_checks(i, product_rule=lambda S, T: S | T)),
        Mutant("biased-coordinates", "under P(x_i = -1) = p ≠ 1/2, E[χ_Sχ_T] = (1 - 2p)^{|SΔT|} ≠ 0 for S ≠ T",
               instances=subset_pairs(p=BIASED)),
    ],
    examples=50,
)
test_boolean_characters_orthonormal = CHARACTERS.test()


def _expansion_checks(inst: CubeFunction, normalization: int = 1) -> list[Check]:
    d, f = inst.d, list(inst.f)
    fhat = [c * normalization for c in fourier_coefficients(f)]
    direct = [expectation([v * character(S, x) for x, v in enumerate(f)]) for S in range(2**d)]
    rebuilt = synthesize(fhat)
    return [equal(sum(abs(a - b) for a, b in zip(fhat, direct)), Fraction(0), label="f̂(S) = E[f χ_S] (Σ_S |difference|)"),
            equal(sum(abs(a - b) for a, b in zip(rebuilt, f)), Fraction(0), label="f = Σ_S f̂(S) χ_S (Σ_x |difference|)"),
            equal(sum(abs(a - b) for a, b in zip(fourier_coefficients(synthesize(inst.competitor)), inst.competitor)),
                  Fraction(0), label="uniqueness: the coefficients of Σ_S c_S χ_S are c")]


EXPANSION = Claim(
    id="boolean-fourier-expansion",
    title="Every function on the hypercube has a unique Walsh expansion with coefficients E[f χ_S]",
    statement="Every f: {±1}^d → R equals Σ_S f̂(S)χ_S with f̂(S) = E[f(x)χ_S(x)], and these coefficients are unique",
    sources=[Source(ZHAO, "Ch. 10, §10.2 and Figure 10.5 (Fourier transform on the hypercube)", ("ZHAO-83",))],
    kind="exact",
    area="probability",
    instances=cube_functions(),
    conclusion=_expansion_checks,
    proof_idea="The 2^d characters are orthonormal, hence a basis of the 2^d-dimensional function space; the "
               "coordinate of f along χ_S is the inner product E[fχ_S].",
    mutants=[
        Mutant("unnormalized-coefficients", "f̂(S) = Σ_x f(x)χ_S(x) is 2^d times the correlation, so the expansion "
               "reproduces 2^d f", conclusion=lambda i: _expansion_checks(i, normalization=2**i.d)),
    ],
    examples=30,
)
test_boolean_fourier_expansion = EXPANSION.test()


def _parseval_checks(inst: CubeFunction, l1: bool = False) -> list[Check]:
    f, g = list(inst.f), list(inst.g)
    fh, gh = fourier_coefficients(f), fourier_coefficients(g)
    if l1:
        return [equal(sum(abs(c) for c in fh), Fraction(1), label="Σ_S |f̂(S)| = 1 for Boolean f")] if inst.boolean \
            else [equal(0, 0, label="not Boolean")]
    out = [equal(expectation([v * v for v in f], inst.p), sum(c * c for c in fh), label="Parseval E f² = Σ f̂(S)²"),
           equal(expectation([a * b for a, b in zip(f, g)], inst.p), sum(a * b for a, b in zip(fh, gh)),
                 label="Plancherel E[fg] = Σ f̂(S)ĝ(S)")]
    if inst.boolean:
        out.append(equal(sum(c * c for c in fh), Fraction(1), label="Boolean f: Σ f̂(S)² = 1"))
    return out


PARSEVAL = Claim(
    id="boolean-parseval-plancherel",
    title="Parseval and Plancherel on the hypercube; a Boolean function has unit Fourier mass",
    statement="E[f²] = Σ_S f̂(S)² and E[fg] = Σ_S f̂(S)ĝ(S); if f is ±1-valued, Σ_S f̂(S)² = 1",
    sources=[Source(ZHAO, "Ch. 10, Theorem 10.4 (Parseval identity)", ("ZHAO-84",))],
    kind="exact",
    area="probability",
    instances=cube_functions(),
    conclusion=_parseval_checks,
    proof_idea="Expand both factors in the orthonormal characters; cross terms vanish by E[χ_Sχ_T] = 1{S = T}.",
    mutants=[
        Mutant("l1-sum-one", "the Fourier mass is 1 in squares, not in absolute values: majority on 3 bits has "
               "Σ|f̂| = 2", conclusion=lambda i: _parseval_checks(i, l1=True)),
        Mutant("biased-measure", "under a p-biased product measure the uniform characters are not orthonormal, so "
               "E_p f² differs from Σ f̂(S)²", instances=cube_functions(p=BIASED)),
    ],
    examples=40,
)
test_boolean_parseval_plancherel = PARSEVAL.test()


def _truncation_checks(inst: CubeFunction, error_of=None) -> list[Check]:
    f, a = list(inst.f), inst.alpha
    fh = fourier_coefficients(f)
    low = synthesize(truncate(fh, a))
    err = expectation([(u - v) ** 2 for u, v in zip(f, low)])
    tail = sum((c * c for S, c in enumerate(fh) if degree(S) >= a), Fraction(0))
    if error_of is not None:
        return [equal(err, error_of(fh, a, tail), label="E(f - f^{<α})² = mutant formula")]
    g = synthesize(inst.competitor)
    err_g = expectation([(u - v) ** 2 for u, v in zip(f, g)])
    dist = sum(((fh[S] - c) ** 2 for S, c in enumerate(inst.competitor) if degree(S) < a), Fraction(0))
    return [equal(err, tail, label="E(f - f^{<α})² = Σ_{|S|>=α} f̂(S)²"),
            equal(err_g, err + dist, label="E(f - g)² = E(f - f^{<α})² + Σ_{|S|<α}(f̂(S) - ĝ(S))² for deg g < α")]


TRUNCATION = Claim(
    id="boolean-low-degree-truncation",
    title="Low-degree truncation is the best L2 approximation, with error equal to the Fourier tail mass",
    statement="E(f - f^{<α})² = Σ_{|S|>=α} f̂(S)², and every g of degree < α has E(f - g)² = E(f - f^{<α})² + "
              "Σ_{|S|<α}(f̂(S) - ĝ(S))²; so an α(ε, d)-concentrated f is ε-approximated by f^{<α}",
    sources=[Source(ZHAO, "Ch. 10, Definition 10.6 (Fourier concentration) and Figure 10.7", ("ZHAO-85",))],
    kind="exact",
    area="approximation",
    instances=cube_functions(),
    conclusion=_truncation_checks,
    proof_idea="f - f^{<α} has only coefficients with |S| >= α and g - f^{<α} only with |S| < α: orthogonal "
               "pieces, so Parseval gives both identities.",
    mutants=[
        Mutant("squared-tail", "the error is the tail mass ε itself, not ε² (they differ unless ε ∈ {0, 1})",
               conclusion=lambda i: _truncation_checks(i, error_of=lambda fh, a, tail: tail * tail)),
        Mutant("tail-above-alpha", "f^{<α} drops the degree-α coefficients too, so the error includes their mass",
               conclusion=lambda i: _truncation_checks(
                   i, error_of=lambda fh, a, tail: sum((c * c for S, c in enumerate(fh) if degree(S) > a), Fraction(0)))),
    ],
    examples=40,
)
test_boolean_low_degree_truncation = TRUNCATION.test()
