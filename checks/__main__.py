"""Command line: ``python -m checks list | show ID | verify ID | bench``.

- ``list [--json]``: every claim, with kind, area, sources (catalog ids) and mutants.
- ``show ID``: statement, sources, proof idea and mutants of one claim.
- ``verify ID [--mutant M | --mutants] [--examples N] [--seed S]``: run the search, print the verdict.
- ``bench [--json PATH] [--pytest]``: time every claim and mutant under a profile (per-claim seconds
  and examples per second); ``--pytest`` also times the default ``pytest`` run end to end.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Sequence
from typing import Any

from checks import profiles
from checks.claim import KINDS, Claim
from checks.registry import discover, get
from checks.search import Verdict, run


def claim_record(claim: Claim) -> dict[str, Any]:
    """The JSON record of a claim, as ``list --json`` prints it."""
    return {
        "id": claim.id,
        "title": claim.title,
        "kind": claim.kind,
        "area": claim.area,
        "audit": claim.audit,
        "sources": [{"document": s.document, "location": s.location, "catalog": list(s.catalog)}
                    for s in claim.sources],
        "mutants": [m.id for m in claim.mutants],
    }


def _list(args: argparse.Namespace) -> int:
    claims = discover(args.package)
    if args.json:
        print(json.dumps([claim_record(c) for c in claims], indent=2))
        return 0
    width = max((len(c.id) for c in claims), default=5)
    print(f"{'claim':<{width}}  {'kind':<11} {'area':<16} {'audit':<5} {'mutants':>7}  catalog")
    for c in claims:
        print(f"{c.id:<{width}}  {c.kind:<11} {c.area:<16} {'yes' if c.audit else '':<5} "
              f"{len(c.mutants):>7}  {' '.join(c.catalog)}")
    print(f"{len(claims)} claims, {sum(c.audit for c in claims)} audited findings, "
          f"{sum(len(c.mutants) for c in claims)} mutants")
    return 0


def _show(args: argparse.Namespace) -> int:
    c = get(args.id, args.package)
    print(f"{c.id}: {c.title}\n")
    print(f"kind: {c.kind} ({c.proxy or KINDS[c.kind]})\narea: {c.area}")
    if c.audit:
        print(f"AUDIT: false as printed; corrected claim: {c.corrected}\nfinding: {c.finding}")
    print(f"\nstatement:\n  {c.statement}\n\nsources:")
    for s in c.sources:
        print(f"  - {s.document}, {s.location}" + (f" [{', '.join(s.catalog)}]" if s.catalog else ""))
    print(f"\nproof idea:\n  {c.proof_idea}\n\nmutants:")
    for m in c.mutants:
        print(f"  - {m.id}: {m.why}")
    if not c.mutants:
        print("  (none: an audit claim's evidence of power is the counterexample itself)")
    return 0


def _print_verdict(v: Verdict) -> None:
    what = v.claim if v.mutant is None else f"{v.claim} / mutant {v.mutant}"
    print(f"{what}: {v.outcome} ({v.examples} examples, worst ratio {v.worst_ratio:.6g})")
    if not v.passed or v.outcome in ("audited", "violated"):
        print(v.message())


def _verify(args: argparse.Namespace) -> int:
    c = get(args.id, args.package)
    variants: list[str | None]
    if args.mutant:
        variants = [args.mutant]
    else:
        variants = [None] + ([m.id for m in c.mutants] if args.mutants else [])
    ok = True
    for variant in variants:
        v = run(c, variant, examples=args.examples, seed=args.seed)
        _print_verdict(v)
        ok &= v.passed
    return 0 if ok else 1


def _bench(args: argparse.Namespace) -> int:
    claims = discover(args.package)
    rows = []
    total = 0.0
    for c in claims:
        for variant in [None] + [m.id for m in c.mutants]:
            start = time.perf_counter()
            v = run(c, variant)
            seconds = time.perf_counter() - start
            total += seconds
            rows.append({"claim": c.id, "mutant": variant, "slow": c.slow, "outcome": v.outcome,
                         "examples": v.examples, "seconds": round(seconds, 4),
                         "examples_per_second": round(v.examples / seconds, 1) if seconds > 0 else None})
    per_claim: dict[str, dict[str, Any]] = {}
    for r in rows:
        agg = per_claim.setdefault(r["claim"], {"seconds": 0.0, "examples": 0, "slow": r["slow"]})
        agg["seconds"] += r["seconds"]
        agg["examples"] += r["examples"]
    width = max((len(k) for k in per_claim), default=5)
    print(f"{'claim':<{width}}  {'slow':<4} {'seconds':>8} {'examples':>9} {'ex/s':>9}")
    for k, agg in sorted(per_claim.items(), key=lambda kv: -kv[1]["seconds"]):
        rate = agg["examples"] / agg["seconds"] if agg["seconds"] > 0 else float("inf")
        print(f"{k:<{width}}  {'yes' if agg['slow'] else '':<4} {agg['seconds']:>8.2f} "
              f"{agg['examples']:>9} {rate:>9.1f}")
    slow = sum(a["seconds"] for a in per_claim.values() if a["slow"])
    print(f"total {total:.1f} s in-process ({total - slow:.1f} s ordinary, {slow:.1f} s slow), "
          f"profile {args.profile}")
    result: dict[str, Any] = {"profile": args.profile, "total_seconds": round(total, 2),
                              "slow_seconds": round(slow, 2), "runs": rows}
    if args.pytest:
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
                              capture_output=True, text=True)
        wall = time.perf_counter() - start
        print(f"default pytest run: {wall:.1f} s wall, exit code {proc.returncode}")
        result["pytest_wall_seconds"] = round(wall, 2)
        result["pytest_exit_code"] = proc.returncode
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(result, fh, indent=2)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m checks", description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default=None, choices=sorted(profiles.PROFILES),
                        help="Hypothesis profile (default: $HYPOTHESIS_PROFILE, else ci)")
    parser.add_argument("--package", default="theorems", help="package holding the theorem modules")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("list", help="list every claim")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=_list)
    p = sub.add_parser("show", help="statement, sources, proof idea and mutants of a claim")
    p.add_argument("id")
    p.set_defaults(func=_show)
    p = sub.add_parser("verify", help="run one claim and print its verdict")
    p.add_argument("id")
    p.add_argument("--examples", type=int, default=None, help="number of examples (default: the claim's budget)")
    p.add_argument("--seed", type=int, default=None, help="seed of the search (default: from the profile)")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--mutant", default=None, help="run this mutant instead of the statement")
    group.add_argument("--mutants", action="store_true", help="also run every mutant")
    p.set_defaults(func=_verify)
    p = sub.add_parser("bench", help="time every claim and mutant")
    p.add_argument("--json", default=None, metavar="PATH", help="also write the timings as JSON")
    p.add_argument("--pytest", action="store_true", help="also time the default pytest run")
    p.set_defaults(func=_bench)
    args = parser.parse_args(argv)
    args.profile = profiles.load(args.profile)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
