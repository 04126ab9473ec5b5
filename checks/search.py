"""The search: run Hypothesis on a claim (or one of its mutants) and return a :class:`Verdict`.

Every example's largest check ratio goes to ``hypothesis.target``, so the search is driven toward the
worst case; the verdict keeps the worst ratio and its instance.  A violation is shrunk (for the
statement itself) and shown with the checks that failed and the command that replays it: every run
has an explicit seed, derived from the claim id under a derandomized profile, so it is reproducible.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import asdict, dataclass
from random import getrandbits
from typing import Any

import numpy as np
from hypothesis import HealthCheck, Phase, given, seed as hypothesis_seed, settings, target

from checks.claim import RATIO_CAP, Check, Claim, Mutant

CI_EXAMPLES = 100
"""``max_examples`` of the ``ci`` profile; a claim's ``examples`` is its budget there, and other
profiles scale it by ``max_examples / CI_EXAMPLES``."""


class Violation(AssertionError):
    """Raised inside the search when an instance fails a check."""


@dataclass
class Verdict:
    """The outcome of one search over a claim or a mutant.

    ``status`` is ``held`` / ``violated`` / ``error`` for what the search saw; :attr:`outcome`
    translates it for audits (``audited``) and mutants (``caught``)."""

    claim: str
    mutant: str | None
    audit: bool
    status: str
    examples: int
    first_violation: int | None
    worst_ratio: float
    worst_instance: str
    counterexample: str | None
    replay: str

    @property
    def outcome(self) -> str:
        if self.mutant is not None:
            return {"violated": "caught", "held": "missed"}.get(self.status, "error")
        if self.audit:
            return {"violated": "audited"}.get(self.status, "error" if self.status == "error" else "held")
        return self.status

    @property
    def passed(self) -> bool:
        """Whether the test of this run passes: a claim holds, an audit finds its counterexample,
        a mutant is caught."""
        if self.mutant is not None:
            return self.outcome == "caught"
        return self.outcome == ("audited" if self.audit else "held")

    def message(self) -> str:
        what = f"mutant {self.mutant!r} of claim {self.claim!r}" if self.mutant else f"claim {self.claim!r}"
        if self.outcome == "missed":
            head = f"{what} was not caught in {self.examples} examples (worst ratio {self.worst_ratio:.6g})"
        elif self.audit and self.outcome == "held":
            head = (f"audit {what}: the finding was not reproduced; the printed statement held on "
                    f"{self.examples} examples (worst ratio {self.worst_ratio:.6g})")
        elif self.status == "error":
            head = f"{what}: the search raised an error"
        else:
            head = f"{what}: {self.outcome} after {self.examples} examples"
        body = self.counterexample or f"worst instance (ratio {self.worst_ratio:.6g}):\n{self.worst_instance}"
        return f"{head}\n{body}\nreplay: {self.replay}"

    def to_json(self) -> str:
        data = asdict(self)
        data["outcome"] = self.outcome
        return json.dumps(data)

    @classmethod
    def from_json(cls, text: str) -> "Verdict":
        data = json.loads(text)
        data.pop("outcome", None)
        return cls(**data)


def describe(instance: Any) -> str:
    """A readable rendering of an instance: arrays rounded for the eye (the seed replays exactly)."""
    with np.printoptions(precision=6, suppress=True, threshold=400, linewidth=110):
        return repr(instance)


def budget(claim: Claim, examples: int | None = None) -> int:
    """The number of examples for a run: explicit, else the claim's ci budget scaled by the profile."""
    if examples is not None:
        if examples < 1:
            raise ValueError(f"examples must be positive, got {examples}")
        return examples
    factor = settings.default.max_examples / CI_EXAMPLES
    return max(1, round(claim.examples * factor))


def default_seed(claim: Claim, mutant: Mutant | None) -> int:
    """A seed for the run: fixed per claim and mutant under a derandomized profile, else random."""
    if settings.default.derandomize:
        key = claim.id if mutant is None else f"{claim.id}/{mutant.id}"
        return zlib.crc32(key.encode())
    return getrandbits(32)


def run(claim: Claim, mutant: Mutant | str | None = None, examples: int | None = None,
        seed: int | None = None, shrink: bool | None = None) -> Verdict:
    """Search for a violation of ``claim`` (or of one of its mutants).

    Shrinking is on for the statement (a violation is shown minimal) and off for mutants (only
    whether and when they are caught matters), unless ``shrink`` says otherwise."""
    if isinstance(mutant, str):
        mutant = claim.mutant(mutant)
    n = budget(claim, examples)
    run_seed = default_seed(claim, mutant) if seed is None else seed
    do_shrink = (mutant is None) if shrink is None else shrink
    strategy = mutant.instances if mutant is not None and mutant.instances is not None else claim.instances

    state: dict[str, Any] = {"calls": 0, "first": None, "worst": -RATIO_CAP, "worst_instance": "",
                             "failure": None}

    def body(instance: Any) -> None:
        state["calls"] += 1
        state["failure"] = None
        try:
            checks = claim.evaluate(instance, mutant)
        except Exception as exc:  # reported as an error with its instance, after shrinking
            state["failure"] = f"instance:\n{describe(instance)}\nraised {type(exc).__name__}: {exc}"
            raise
        worst: Check = max(checks, key=lambda c: c.ratio)
        target(float(min(worst.ratio, RATIO_CAP)), label="violation ratio")
        if worst.ratio > state["worst"]:
            state["worst"] = worst.ratio
            state["worst_instance"] = describe(instance)
        failed = [c for c in checks if not c.ok]
        if failed:
            state["first"] = state["first"] or state["calls"]
            lines = "\n".join(str(c) for c in checks)
            state["failure"] = f"instance:\n{describe(instance)}\nchecks:\n{lines}"
            raise Violation(state["failure"])

    phases = [Phase.explicit, Phase.generate, Phase.target] + ([Phase.shrink] if do_shrink else [])
    run_settings = settings(
        settings.default,
        max_examples=n,
        derandomize=False,
        database=None,
        deadline=None,
        phases=phases,
        print_blob=False,
        report_multiple_bugs=False,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                               HealthCheck.filter_too_much, HealthCheck.large_base_example],
    )
    search = hypothesis_seed(run_seed)(run_settings(given(strategy)(body)))
    status, counterexample = "held", None
    try:
        search()
    except Violation:
        status, counterexample = "violated", state["failure"]
    except Exception as exc:
        status = "error"
        counterexample = state["failure"] or f"{type(exc).__name__}: {exc}"

    replay = f"python -m checks verify {claim.id}"
    if mutant is not None:
        replay += f" --mutant {mutant.id}"
    replay += f" --examples {n} --seed {run_seed}"
    worst = state["worst"] if state["calls"] else float("nan")
    return Verdict(claim=claim.id, mutant=None if mutant is None else mutant.id, audit=claim.audit,
                   status=status, examples=state["calls"], first_violation=state["first"],
                   worst_ratio=float(worst), worst_instance=state["worst_instance"],
                   counterexample=counterexample, replay=replay)
