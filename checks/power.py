"""Pass rates over seeds: how much a verdict depends on the seed of its search.

The default (``ci``) run is derandomized, but its draws are reproducible only for a fixed source tree:
Hypothesis folds constants found in the project's own modules into what it generates, so an edit
anywhere moves every search. A statement or mutant whose verdict holds under the default seed but not
under most others is a search that depends on luck; :func:`pass_rates` finds them.
"""

from __future__ import annotations

import zlib
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from statistics import median

from checks import profiles
from checks.registry import get
from checks.search import run


@dataclass(frozen=True)
class PassRate:
    """How often one statement or mutant passed (held / audited / caught) over ``seeds`` seeds."""

    claim: str
    mutant: str | None
    passed: int
    seeds: tuple[int, ...]
    failed_seeds: tuple[int, ...]
    median_first_violation: float | None

    @property
    def complete(self) -> bool:
        return self.passed == len(self.seeds)


def power_seeds(claim_id: str, mutant: str | None, count: int) -> list[int]:
    """``count`` fixed seeds for one variant, none of them the default run's ``crc32(key)``."""
    if count < 1:
        raise ValueError(f"the number of seeds must be positive, not {count}")
    key = claim_id if mutant is None else f"{claim_id}/{mutant}"
    return [zlib.crc32(f"{key}#{i}".encode()) for i in range(1, count + 1)]


def seeded_run(package: str, profile: str, claim_id: str, mutant: str | None,
               seed: int) -> tuple[bool, int | None]:
    """One seeded search (picklable, for worker processes): passed, and the first violating example."""
    profiles.load(profile)
    v = run(get(claim_id, package), mutant, seed=seed)
    return v.passed, v.first_violation


def pass_rates(variants: list[tuple[str, str | None]], seeds: int, package: str = "theorems",
               profile: str = "ci", jobs: int | None = None) -> list[PassRate]:
    """Run each (claim id, mutant id or None) under ``seeds`` seeds in ``jobs`` processes."""
    tasks = [(cid, m, s) for cid, m in variants for s in power_seeds(cid, m, seeds)]
    with ProcessPoolExecutor(jobs, mp_context=get_context("spawn")) as pool:
        outcomes = list(pool.map(seeded_run, [package] * len(tasks), [profile] * len(tasks),
                                 *zip(*tasks), chunksize=4))
    rates = []
    for i, (cid, m) in enumerate(variants):
        block = range(i * seeds, (i + 1) * seeds)
        firsts = [outcomes[j][1] for j in block if outcomes[j][1] is not None]
        rates.append(PassRate(cid, m, sum(outcomes[j][0] for j in block),
                              tuple(tasks[j][2] for j in block),
                              tuple(tasks[j][2] for j in block if not outcomes[j][0]),
                              median(firsts) if firsts else None))
    return rates
