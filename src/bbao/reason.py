"""Reasoning with owlready2: is the OWL artifact consistent, and which classes are unsatisfiable?

HermiT (default) and Pellet ship inside owlready2 and need a Java runtime. The artifact carries its
RO/BFO import module, so the domain, range and disjointness axioms of the relations are all in play.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from bbao.errors import BBAOError
from bbao.prefixes import compress
from bbao.store import artifact

REASONERS = ("hermit", "pellet")


@dataclass
class ReasonerReport:
    """What the reasoner found: consistency and the unsatisfiable classes (as CURIEs)."""

    reasoner: str
    consistent: bool
    unsatisfiable: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.consistent and not self.unsatisfiable


def require_java() -> str:
    java = shutil.which("java")
    if java is None:
        raise BBAOError(
            "no Java runtime found: the HermiT and Pellet reasoners need one. "
            "Install a JRE (for example `apt-get install default-jre-headless`) and put `java` on PATH.")
    return java


def check(path: Path | None = None, reasoner: str = "hermit") -> ReasonerReport:
    """Load ``path`` (default: the shipped ``bbao.owl``) into a fresh owlready2 world and reason."""
    import owlready2  # deferred: owlready2 is slow to import and only this step needs it

    if reasoner not in REASONERS:
        raise BBAOError(f"unknown reasoner {reasoner!r} (choose {' or '.join(REASONERS)})")
    owlready2.JAVA_EXE = require_java()
    path = path or artifact("bbao.owl")
    world = owlready2.World()
    onto = world.get_ontology(path.resolve().as_uri()).load()
    run = owlready2.sync_reasoner_hermit if reasoner == "hermit" else owlready2.sync_reasoner_pellet
    try:
        with onto:
            run(world, infer_property_values=False, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError:
        return ReasonerReport(reasoner, consistent=False)
    unsat = sorted(compress(c.iri) for c in world.inconsistent_classes() if c is not owlready2.Nothing)
    return ReasonerReport(reasoner, consistent=True, unsatisfiable=unsat)
