"""The registry of declared claims, and discovery of the theorem modules that declare them."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from checks.claim import Claim

_CLAIMS: dict[str, "Claim"] = {}
_ORIGIN: dict[str, str] = {}


def _declaring_module() -> str:
    """The name of the first module on the call stack outside this library (the one declaring)."""
    frame = sys._getframe(1)
    while frame is not None:
        name = frame.f_globals.get("__name__", "")
        if not (name == "checks" or name.startswith("checks.") or name == "dataclasses"):
            return name
        frame = frame.f_back
    return ""


def register(claim: "Claim") -> None:
    """Record a claim and the module declaring it; a second, different claim under the same id is
    an error."""
    from checks.claim import ClaimError

    old = _CLAIMS.get(claim.id)
    if old is not None and (old.title, old.statement) != (claim.title, claim.statement):
        raise ClaimError(f"claim id {claim.id!r} is declared twice ({old.title!r} and {claim.title!r})")
    _CLAIMS[claim.id] = claim
    _ORIGIN[claim.id] = _declaring_module()


def discover(package: str = "theorems") -> list["Claim"]:
    """Import every module of ``package`` and return the claims they declare, sorted by id."""
    pkg = importlib.import_module(package)
    for info in pkgutil.walk_packages(pkg.__path__, prefix=pkg.__name__ + "."):
        importlib.import_module(info.name)
    prefix = pkg.__name__ + "."
    return sorted((c for cid, c in _CLAIMS.items()
                   if _ORIGIN[cid] == pkg.__name__ or _ORIGIN[cid].startswith(prefix)),
                  key=lambda c: c.id)


def get(claim_id: str, package: str = "theorems") -> "Claim":
    """The claim with this id, from the modules of ``package``."""
    from checks.claim import ClaimError

    for claim in discover(package):
        if claim.id == claim_id:
            return claim
    raise ClaimError(f"no claim with id {claim_id!r}; `python -m checks list` shows them")
