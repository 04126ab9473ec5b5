"""Coverage of the source documents' catalog: which entries the claims cite, which are audited
findings, and which are deliberately not checked (with the reason).

A theorem module lists the catalog entries of its family that get no test in a module-level
``NOT_CHECKED`` sequence of :class:`Uncovered`; :func:`coverage_table` combines these with the claims'
citations into a table per document and area.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterable
from dataclasses import dataclass

from checks.claim import AREAS, Claim, ClaimError
from checks.documents import BY_PREFIX

DOCUMENTS = BY_PREFIX
CHECKABLE = ("exact", "numeric", "statistical", "asymptotic", "partly", "no")
_ID = re.compile(r"^([A-Z]+)-[0-9]+$")


@dataclass(frozen=True)
class Uncovered:
    """A catalog entry that gets no test: its id, its area, the catalog's checkable class
    (``no`` for a statement with nothing to compute), and why."""

    catalog: str
    area: str
    reason: str
    checkable: str = "no"

    def __post_init__(self) -> None:
        m = _ID.match(self.catalog)
        if not m or m.group(1) not in DOCUMENTS:
            raise ClaimError(f"uncovered entry {self.catalog!r}: not a catalog id of a known document")
        if self.area not in AREAS:
            raise ClaimError(f"uncovered entry {self.catalog!r}: unknown area {self.area!r}")
        if self.checkable not in CHECKABLE:
            raise ClaimError(f"uncovered entry {self.catalog!r}: unknown checkable class {self.checkable!r}")
        if not self.reason.strip():
            raise ClaimError(f"uncovered entry {self.catalog!r}: give the reason it is not checked")


def not_checked(package: str = "theorems") -> list[Uncovered]:
    """Every ``NOT_CHECKED`` entry of the modules of ``package``."""
    pkg = importlib.import_module(package)
    out: list[Uncovered] = []
    for info in pkgutil.walk_packages(pkg.__path__, prefix=pkg.__name__ + "."):
        out.extend(getattr(importlib.import_module(info.name), "NOT_CHECKED", ()))
    return out


def document_of(catalog_id: str) -> str:
    return catalog_id.split("-")[0]


def coverage_rows(claims: Iterable[Claim], uncovered: Iterable[Uncovered]) -> list[dict[str, object]]:
    """Per (document, area): entries known to the suite, checkable ones, covered, audited findings.

    An entry is *covered* when a claim cites it, *audited* when an audit claim cites it; it counts as
    checkable unless it is listed as uncovered with class ``no``.  An id both cited and listed as
    uncovered is an error."""
    claims = list(claims)
    uncovered = list(uncovered)
    area_of: dict[str, str] = {}
    for c in claims:
        for cid in c.catalog:
            area_of.setdefault(cid, c.area)
    audited = {cid for c in claims if c.audit for cid in c.catalog}
    clash = sorted(set(area_of) & {u.catalog for u in uncovered})
    if clash:
        raise ClaimError(f"entries both cited by a claim and listed as not checked: {clash}")
    rows: dict[tuple[str, str], dict[str, object]] = {}

    def row(cid: str, area: str) -> dict[str, object]:
        key = (document_of(cid), area)
        return rows.setdefault(key, {"document": key[0], "area": area, "entries": 0, "checkable": 0,
                                     "covered": 0, "audited": 0})

    for cid, area in area_of.items():
        r = row(cid, area)
        r["entries"] += 1; r["checkable"] += 1; r["covered"] += 1  # noqa: E702
        r["audited"] += cid in audited
    for u in uncovered:
        r = row(u.catalog, u.area)
        r["entries"] += 1
        r["checkable"] += u.checkable != "no"
    return [rows[k] for k in sorted(rows)]


def coverage_markdown(claims: Iterable[Claim], uncovered: Iterable[Uncovered]) -> str:
    """The coverage table as Markdown, followed by the list of entries not checked and why."""
    uncovered = sorted(uncovered, key=lambda u: u.catalog)
    rows = coverage_rows(claims, uncovered)
    lines = ["| document | area | entries | checkable | covered | audited findings |",
             "|---|---|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['document']} | {r['area']} | {r['entries']} | {r['checkable']} | "
                     f"{r['covered']} | {r['audited']} |")
    tot = {k: sum(r[k] for r in rows) for k in ("entries", "checkable", "covered", "audited")}
    lines.append(f"| **all** | | {tot['entries']} | {tot['checkable']} | {tot['covered']} | {tot['audited']} |")
    if uncovered:
        lines += ["", "Entries without a test:", ""]
        lines += [f"- `{u.catalog}` ({u.area}, {u.checkable}): {u.reason}" for u in uncovered]
    return "\n".join(lines) + "\n"


def findings_markdown(claims: Iterable[Claim]) -> str:
    """The audited findings, per document: each statement false as printed, with what is wrong."""
    audits = [c for c in claims if c.audit]
    if not audits:
        return ""
    lines = ["# Audited findings", "",
             "Statements that are false as their document prints them. Each is an audit claim: its test",
             "passes only when the search finds the counterexample, and the corrected claim is checked",
             "beside it. Generated by `python -m checks findings --write FINDINGS.md`.", ""]
    by_doc: dict[str, list[Claim]] = {}
    for c in audits:
        for doc in sorted({document_of(cid) for cid in c.catalog}) or ["?"]:
            by_doc.setdefault(doc, []).append(c)
    for doc in sorted(by_doc):
        lines.append(f"- **{DOCUMENTS.get(doc, doc)}**")
        for c in sorted(by_doc[doc], key=lambda c: c.id):
            ids = ", ".join(cid for cid in c.catalog if document_of(cid) == doc)
            finding = c.finding.strip()
            finding += "" if finding.endswith((".", ")")) else "."
            lines.append(f"  - `{c.id}` ({ids}): {finding} Corrected claim: `{c.corrected}`.")
    return "\n".join(lines) + "\n"
