"""The registry of declared claims, and discovery of the theorem modules that declare them."""

from __future__ import annotations

import importlib
import pkgutil
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from checks.claim import Claim

_CLAIMS: dict[str, "Claim"] = {}


def register(claim: "Claim") -> None:
    """Record a claim; a second, different claim under the same id is an error."""
    from checks.claim import ClaimError

    old = _CLAIMS.get(claim.id)
    if old is not None and (old.title, old.statement) != (claim.title, claim.statement):
        raise ClaimError(f"claim id {claim.id!r} is declared twice ({old.title!r} and {claim.title!r})")
    _CLAIMS[claim.id] = claim


def discover(package: str = "theorems") -> list["Claim"]:
    """Import every module of ``package`` (the theorem modules) and return all claims, sorted by id."""
    pkg = importlib.import_module(package)
    for info in pkgutil.walk_packages(pkg.__path__, prefix=pkg.__name__ + "."):
        importlib.import_module(info.name)
    return sorted(_CLAIMS.values(), key=lambda c: c.id)


def get(claim_id: str, package: str = "theorems") -> "Claim":
    """The claim with this id (discovering the theorem modules first)."""
    from checks.claim import ClaimError

    if claim_id not in _CLAIMS:
        discover(package)
    try:
        return _CLAIMS[claim_id]
    except KeyError:
        raise ClaimError(f"no claim with id {claim_id!r}; `python -m checks list` shows them") from None
