"""The pytest plugin's summary table and JSON report, and the command line's output."""

from __future__ import annotations

import json
import textwrap

import pytest

from checks.__main__ import main

MODULE = textwrap.dedent('''
    from hypothesis import strategies as st
    from checks.claim import Claim, Mutant, Source, le

    BELOW = Claim(
        id="{prefix}-below", title="n is at most ten", statement="n <= 10 for 0 <= n <= 10",
        sources=[Source("A test document", "Eq. 2", ("TEST-2", "TEST-3"))], kind="exact",
        area="generalization", instances=st.integers(0, 10), conclusion=lambda n: le(n, 10),
        proof_idea="By the range.",
        mutants=[Mutant("tighter", "n = 10 > 5", conclusion=lambda n: le(n, 5)),
                 Mutant("too-weak", "it is still true", conclusion=lambda n: le(n, 20))],
    )
    FALSE = Claim(
        id="{prefix}-false", title="n is at most five", statement="n <= 5 for 0 <= n <= 10",
        sources=[Source("A test document", "Eq. 3", ("TEST-4",))], kind="exact",
        area="generalization", instances=st.integers(0, 10), conclusion=lambda n: le(n, 5),
        proof_idea="None: it is false.", audit=True, corrected="{prefix}-below",
        finding="n = 6 violates it",
    )
    test_below = BELOW.test()
    test_false = FALSE.test()
''')


def test_summary_table_and_claims_report(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_toy=MODULE.format(prefix="plugin"))
    result = pytester.runpytest("--claims-report=report.json", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=3, failed=1)  # the mutant that is still true is not caught
    result.stdout.fnmatch_lines(["*claims*", "claim * status * examples * worst ratio * mutants caught",
                                 "plugin-below * held * 1/2", "plugin-false * audited *0/0",
                                 "*1 audited, 1 held; mutants caught 1/2"])
    report = json.loads((pytester.path / "report.json").read_text())
    rows = {r["id"]: r for r in report["claims"]}
    below, false = rows["plugin-below"], rows["plugin-false"]
    assert set(below) >= {"id", "status", "examples", "worst_ratio", "counterexample", "mutants"}
    assert below["status"] == "held" and below["worst_ratio"] == 1.0 and below["counterexample"] is None
    assert {m["id"]: m["caught"] for m in below["mutants"]} == {"tighter": True, "too-weak": False}
    assert all(set(m) >= {"id", "caught", "examples"} for m in below["mutants"])
    assert false["status"] == "audited" and "instance:\n6\n" in false["counterexample"]


def test_a_violated_claim_fails_with_its_counterexample(pytester: pytest.Pytester) -> None:
    module = MODULE.format(prefix="violated").replace("audit=True", "audit=False").replace(
        'proof_idea="None: it is false.",', 'proof_idea="None.", mutants=[Mutant("m", "x", conclusion=lambda n: le(n, 0))],')
    pytester.makepyfile(test_toy=module)
    result = pytester.runpytest("--claims-report=report.json", "-k", "false", "-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["*claim 'violated-false': violated*", "*replay: python -m checks verify violated-false*"])
    rows = {r["id"]: r for r in json.loads((pytester.path / "report.json").read_text())["claims"]}
    assert rows["violated-false"]["status"] == "violated"
    assert "instance:\n6\n" in rows["violated-false"]["counterexample"]


@pytest.fixture
def package(tmp_path, monkeypatch) -> str:
    pkg = tmp_path / "toy_theorems"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "test_toy.py").write_text(MODULE.format(prefix="cli"))
    monkeypatch.syspath_prepend(str(tmp_path))
    return "toy_theorems"


def test_cli_list_json(package: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--package", package, "list", "--json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in records] == ["cli-below", "cli-false"]
    below = records[0]
    assert set(below) == {"id", "title", "kind", "area", "audit", "sources", "mutants"}
    assert below["sources"] == [{"document": "A test document", "location": "Eq. 2",
                                 "catalog": ["TEST-2", "TEST-3"]}]
    assert below["mutants"] == ["tighter", "too-weak"] and records[1]["audit"] is True


def test_cli_list_show_verify(package: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--package", package, "list"]) == 0
    out = capsys.readouterr().out
    assert "cli-below" in out and "2 claims, 1 audited findings, 2 mutants" in out
    assert main(["--package", package, "show", "cli-below"]) == 0
    out = capsys.readouterr().out
    assert "n <= 10 for 0 <= n <= 10" in out and "tighter: n = 10 > 5" in out and "TEST-2" in out
    assert main(["--package", package, "verify", "cli-below", "--examples", "20", "--seed", "3"]) == 0
    assert "cli-below: held (" in capsys.readouterr().out
    assert main(["--package", package, "verify", "cli-below", "--mutant", "too-weak"]) == 1
    assert "not caught" in capsys.readouterr().out
    assert main(["--package", package, "verify", "cli-false"]) == 0
    assert "audited" in capsys.readouterr().out


def test_cli_unknown_claim_is_a_clear_error(package: str) -> None:
    from checks.claim import ClaimError

    with pytest.raises(ClaimError, match="no claim with id 'nope'"):
        main(["--package", package, "show", "nope"])


def test_report_is_the_same_under_xdist(pytester: pytest.Pytester) -> None:
    """Verdicts travel in user_properties, so workers' results reach the controller's report."""
    pytester.makepyfile(test_toy=MODULE.format(prefix="xdist"))
    result = pytester.runpytest_subprocess("-n", "2", "--claims-report=report.json", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=3, failed=1)
    rows = {r["id"]: r for r in json.loads((pytester.path / "report.json").read_text())["claims"]}
    assert rows["xdist-below"]["status"] == "held" and len(rows["xdist-below"]["mutants"]) == 2
    assert rows["xdist-false"]["status"] == "audited"


def test_cli_power_reports_what_does_not_always_pass(package: str, tmp_path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "power.json"
    assert main(["--package", package, "power", "--seeds", "3", "--jobs", "1", "--json", str(report)]) == 1
    out = capsys.readouterr().out
    assert "cli-below / mutant too-weak: passed 0/3" in out
    assert "3 of 4 statements and mutants passed under all 3 seeds" in out
    runs = {(r["claim"], r["mutant"]): r for r in json.loads(report.read_text())["runs"]}
    assert runs[("cli-below", "tighter")]["passed"] == 3
    assert runs[("cli-false", None)]["passed"] == 3  # the audit finds its counterexample every time
    assert len(runs[("cli-below", "too-weak")]["failed_seeds"]) == 3


def test_power_seeds_are_fixed_and_avoid_the_default_seed() -> None:
    import zlib

    from checks.power import power_seeds

    seeds = power_seeds("a-claim", "a-mutant", 5)
    assert seeds == power_seeds("a-claim", "a-mutant", 5) and len(set(seeds)) == 5
    assert zlib.crc32(b"a-claim/a-mutant") not in seeds
    with pytest.raises(ValueError, match="must be positive"):
        power_seeds("a-claim", None, 0)
