"""Every declared claim is well formed: tested, with mutants or a corrected claim, citing known
documents; the library stays independent of the theorem modules."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from checks.coverage import DOCUMENTS, document_of
from checks.registry import _ORIGIN, discover

ROOT = Path(__file__).resolve().parents[1]
CLAIMS = discover()
BY_ID = {c.id: c for c in CLAIMS}


def test_claims_are_discovered() -> None:
    assert len(CLAIMS) >= 5


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: c.id)
def test_each_claim_is_tested_and_has_power(claim) -> None:
    module = importlib.import_module(_ORIGIN[claim.id])
    assert hasattr(module, "test_" + claim.id.replace("-", "_")), f"{claim.id}: no test function in its module"
    if claim.audit:
        corrected = BY_ID.get(claim.corrected)
        assert corrected is not None, f"{claim.id}: corrected claim {claim.corrected!r} does not exist"
        assert not corrected.audit and corrected.mutants
    else:
        assert claim.mutants
    assert claim.catalog, f"{claim.id}: cites no catalog entry"
    assert all(document_of(c) in DOCUMENTS for c in claim.catalog)


def test_theorem_modules_open_with_statement_sources_and_proof_idea() -> None:
    modules = {_ORIGIN[c.id] for c in CLAIMS}
    for name in modules:
        doc = importlib.import_module(name).__doc__ or ""
        assert len(doc.strip().splitlines()) >= 3, f"{name}: the module docstring must state the theorem"


def test_the_library_does_not_import_the_theorems_or_read_outside_material() -> None:
    for path in (ROOT / "checks").rglob("*.py"):
        text = path.read_text()
        assert not re.search(r"^\s*(from|import)\s+theorems\b", text, re.M), f"{path} imports theorems"
    for path in list((ROOT / "checks").rglob("*.py")) + list((ROOT / "theorems").rglob("*.py")):
        assert "../shared" not in path.read_text(), f"{path} refers to material outside the project"


UNSEEDED = re.compile(r"default_rng\(\s*\)|np\.random\.(rand|randn|normal|uniform|seed|choice|permutation|"
                      r"shuffle|randint|standard_normal|random)\(|torch\.manual_seed\(|\brandom\.(random|seed|gauss)\(")


def test_no_global_or_unseeded_random_generators() -> None:
    """Every generator is seeded from a Hypothesis-drawn integer: no global or unseeded RNG."""
    for path in list((ROOT / "checks").rglob("*.py")) + list((ROOT / "theorems").rglob("*.py")):
        for lineno, line in enumerate(path.read_text().splitlines(), 1):
            assert not UNSEEDED.search(line), f"{path}:{lineno}: unseeded or global random generator"
