"""The README's worked example of a claim runs as printed, and its claim holds with its mutant caught."""

from __future__ import annotations

import re
from pathlib import Path

from checks.search import run

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_worked_example_runs() -> None:
    text = README.read_text()
    section = text[text.index("## Adding a claim"):]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    namespace: dict[str, object] = {"__name__": "readme_example"}
    exec(compile(code, "README.md", "exec"), namespace)
    claim = namespace["EXAMPLE"]
    assert run(claim).outcome == "held"
    assert all(run(claim, m.id).outcome == "caught" for m in claim.mutants)
