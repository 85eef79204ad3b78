"""Reasoning with owlready2: consistency, unsatisfiable classes, and the inferred class hierarchy.

HermiT (default) and Pellet ship inside owlready2 and need a Java runtime. The OWL artifact carries its
RO/BFO import module, so the domain, range and disjointness axioms of the relations are all in play.
``classify`` also writes the ``inferred`` product of :mod:`bbao.artifacts` (``bbao-inferred.owl``/``.ttl``):
the asserted ontology plus every inferred subclass and type axiom between named entities, each marked with
``oboInOwl:is_inferred "true"`` (ROBOT's convention for annotated inferred axioms).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from bbao import paths
from bbao.artifacts import MAIN, existing_path, in_syntax, parse_product, product, product_iri
from bbao.errors import BBAOError
from bbao.jvm import JavaEnvironmentError, java_options, require_java, startup_failure, with_options
from bbao.model import OBOINOWL
from bbao.prefixes import compress
from bbao.pruning import with_chains, without_irrelevant_axioms
from bbao.serialize import canonical, render

__all__ = [
    "PELLET_TIMEOUT", "REASONERS", "REASONER_TIMEOUT", "ReasonerReport", "UserInput", "asserted_axioms", "check",
    "classify", "inferred_edges", "inferred_graph", "reasoner_input", "with_bbao",
]

#: The reasoners ``bbao reason`` runs (both ship inside owlready2).
REASONERS = ("hermit", "pellet")
#: Both reasoners run in a child process (with its Java) stopped after this many seconds by default: a tableau
#: reasoner can take very long on some inputs (Pellet no longer finishes on BBAO; HermiT takes about 3 s).
REASONER_TIMEOUT = 300
#: What ``bbao reason`` offers outside a project, where it cannot write the inferred product.
NO_WRITE = "pass --no-write to reason without writing the inferred product"
#: The former name of :data:`REASONER_TIMEOUT`, when only Pellet had a timeout.
PELLET_TIMEOUT = REASONER_TIMEOUT


@dataclass
class ReasonerReport:
    """What the reasoner found: consistency, unsatisfiable classes (as CURIEs) and, when classified,
    the direct named superclasses of every class and the named types of every individual."""

    reasoner: str
    consistent: bool
    unsatisfiable: list[str] = field(default_factory=list)
    hierarchy: set[tuple[str, str]] = field(default_factory=set)
    types: set[tuple[str, str]] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        """Consistent, with no unsatisfiable class."""
        return self.consistent and not self.unsatisfiable


def reasoner_input(path: Path, directory: Path) -> Path:
    """A copy of the ontology file ``path`` without the property chains and transitivity axioms that change no
    named entailment (:func:`irrelevant_axiom_triples`), written as ``directory/reasoner-input.nt``; returns that
    path."""
    return _graph_input(Graph().parse(path), directory)


def _graph_input(graph: Graph, directory: Path) -> Path:
    """``graph`` without the axioms of :func:`irrelevant_axiom_triples` (inert chains, and chains and
    transitivity of free properties), as ``directory/reasoner-input.nt`` (sorted); ``graph`` is left as it is."""
    graph, _, _ = without_irrelevant_axioms(graph)
    out = directory / "reasoner-input.nt"
    # Sorted, with content-derived blank node names: the same file in every run, so that a reasoner's
    # result and run time can be reproduced. In rdflib's set order (which follows PYTHONHASHSEED) the file
    # differed from run to run, and Pellet took under 60 s on one run and over 600 s on another.
    out.write_bytes(render(canonical(graph), "nt"))
    return out


@dataclass(frozen=True)
class UserInput:
    """A user's ontology file merged with BBAO for ``bbao reason --file``: the merged graph (for the axioms of
    unsatisfiable classes), how many triples the file held, and the ``owl:imports`` it named, which are left
    out (nothing is fetched: put what they import in the file, or give it as another file to merge)."""

    graph: Graph
    triples: int
    imports: tuple[str, ...]


def with_bbao(path: Path, fmt: str | None = None) -> UserInput:
    """``path`` read by the one strict, offline reader of users' files (:func:`bbao.userdata.read_rdf`: the syntax
    from the extension, ``.owl`` and ``.rdf`` as RDF/XML, no relative IRI, nothing fetched) and merged with the
    shipped ontology (product ``full``), its ``owl:imports`` left out. Raises :class:`BBAOError` for a file the
    reader refuses (naming file and line) or a missing release file."""
    from bbao.userdata import read_rdf  # the reader of users' files, only for --file

    own = read_rdf(path, fmt, tag="r")
    imports = tuple(sorted(str(o) for o in own.objects(None, OWL.imports)))
    own.remove((None, OWL.imports, None))
    merged = parse_product("full")
    merged.remove((None, OWL.imports, None))
    # the full product leaves out RO's property chains that cannot hold on BBAO alone; the user's file may use
    # their relations, so they are put back from the base product (the inert ones are left out again below)
    with_chains(merged, parse_product("base"))
    for triple in own:
        merged.add(triple)
    return UserInput(merged, len(own), imports)


def check(
    path: Path | None = None, reasoner: str = "hermit", timeout: float | None = None, *, prune: bool = True,
    user: UserInput | None = None,
) -> ReasonerReport:
    """Load ``path`` (default: the shipped ``bbao.owl``), or the merged graph of ``user``
    (:func:`with_bbao`), into a fresh owlready2 world, reason, and collect consistency, unsatisfiable classes and
    the inferred hierarchy. The property chains and transitivity axioms that change no named entailment are left
    out first (:func:`irrelevant_axiom_triples`; ``prune``, always for ``user``). The
    reasoner runs in a child process (:func:`_in_child`), stopped with its Java after ``timeout`` seconds (default
    :data:`REASONER_TIMEOUT`) and when this process is interrupted or killed. Raises :class:`BBAOError` for an
    unknown reasoner, a missing ``bbao.owl`` or a run that fails, and :class:`bbao.jvm.JavaEnvironmentError` (an
    :class:`OSError`: the command line exits 3) for no Java or a run stopped at its timeout."""
    import tempfile

    if reasoner not in REASONERS:
        raise BBAOError(f"unknown reasoner {reasoner!r} (choose {' or '.join(REASONERS)})")
    require_java()
    java_options()  # $BBAO_JAVA_OPTIONS read here, so that a bad value is told before the reasoner's process starts
    with tempfile.TemporaryDirectory() as tmp:
        if user is not None:
            source = _graph_input(user.graph, Path(tmp))
        else:
            path = path or existing_path(in_syntax("full", "rdfxml").file)
            source = reasoner_input(path, Path(tmp)) if prune else path
        return _in_child(source, reasoner, timeout or REASONER_TIMEOUT)


def _in_child(path: Path, reasoner: str, timeout: float) -> ReasonerReport:
    """Run :func:`_reason` in ``python -m bbao.reason``, in a process group of its own that holds its Java, and
    stop the group after ``timeout`` seconds, or at once when this process is interrupted (Ctrl-C, SIGTERM
    through the CLI) or fails; if this process is killed outright, the child's watchdog (:func:`_watch_parent`)
    stops the group itself. Raises :class:`bbao.jvm.JavaEnvironmentError` at the timeout (the environment, not the
    input, stopped the run, as ``bbao explain`` says at its own), :class:`BBAOError` for a failed run."""
    command = [sys.executable, "-m", "bbao.reason", str(path), reasoner]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        _stop(child)
        hint = "" if reasoner == "hermit" else "; HermiT, the default, is the reference reasoner for BBAO"
        raise JavaEnvironmentError(
            f"{reasoner} did not finish within {timeout:g} s and was stopped (--timeout SECONDS{hint})") from exc
    except BaseException:
        _stop(child)
        raise
    if child.returncode != 0:
        refused = startup_failure(err)
        if refused is not None:
            raise refused
        raise BBAOError(f"{reasoner} failed: {err.strip().splitlines()[-1] if err.strip() else child.returncode}")
    data = json.loads(out)
    return ReasonerReport(data["reasoner"], data["consistent"], data["unsatisfiable"],
                          {(x[0], x[1]) for x in data["hierarchy"]}, {(x[0], x[1]) for x in data["types"]})


def _stop(child: subprocess.Popen[str]) -> None:
    """Kill ``child``'s process group (the Python child and its Java) and reap it."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, signal.SIGKILL)
    child.communicate()


def _watch_parent(interval: float = 0.5) -> None:
    """In the reasoner's child process: a daemon thread that kills the child's process group (with its Java) as
    soon as the parent is gone (killed outright, SIGKILL: it had no chance to stop the child)."""
    import threading
    import time

    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(interval)
            if os.getppid() != parent:
                os.killpg(os.getpgrp(), signal.SIGKILL)

    threading.Thread(target=watch, daemon=True).start()


def _reason(path: Path, reasoner: str) -> ReasonerReport:
    import owlready2  # deferred: owlready2 is slow to import and only this step needs it

    java = owlready2.JAVA_EXE = require_java()
    world = owlready2.World()
    onto = world.get_ontology(path.resolve().as_uri()).load()
    run = owlready2.sync_reasoner_hermit if reasoner == "hermit" else owlready2.sync_reasoner_pellet
    try:
        with onto, _java_commands(java, pellet_owlapi=reasoner == "pellet"):
            run(world, infer_property_values=False, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError:
        return ReasonerReport(reasoner, consistent=False)
    unsat = sorted(compress(c.iri) for c in world.inconsistent_classes() if c is not owlready2.Nothing)
    hierarchy = {
        (c.iri, parent.iri)
        for c in world.classes()
        for parent in c.is_a
        if isinstance(parent, owlready2.ThingClass) and parent is not owlready2.Thing
    }
    types = {
        (i.iri, t.iri)
        for i in world.individuals()
        for t in i.is_a
        if isinstance(t, owlready2.ThingClass) and t is not owlready2.Thing
    }
    return ReasonerReport(reasoner, True, unsat, hierarchy, types)


@contextlib.contextmanager
def _java_commands(java: str, pellet_owlapi: bool = False) -> Iterator[None]:
    """While this block runs, every Java command owlready2 starts (HermiT through ``subprocess.check_output``,
    Pellet through ``subprocess.run``) gets BBAO's JVM options (:func:`bbao.jvm.with_options`: the quick JIT and
    the serial collector, 40% less CPU on BBAO's seconds-long runs), and, with ``pellet_owlapi``, Pellet is
    started with its OWL API loader instead of its Jena loader.

    Why the loader: owlready2 0.49 starts ``pellet realize --loader Jena``; on BBAO that classification stops
    progressing at 57% and never finishes (measured: over 10 minutes; consistency alone takes 2 s), while
    the same Pellet given the same file through ``--loader OWLAPIv3`` realized the 2026-11-24 release in about
    2 s with exactly HermiT's hierarchy and types. On the current release it does not finish either (2026-11-30:
    stopped at 300 s; its satisfiability test of the first Uberon class defined only by ``part of some`` never
    ends), so the Pellet tests are skipped; the loader stays the better one. owlready2 builds its commands inside
    ``sync_reasoner_hermit`` and ``sync_reasoner_pellet``, so they are rewritten on their way to
    :mod:`subprocess`, and only while this block runs (it runs in the child process of :func:`_in_child`)."""
    original_run, original_output = subprocess.run, subprocess.check_output

    def rewrite(command: Any) -> Any:
        if not isinstance(command, list):
            return command
        command = list(with_options(command, java))  # once, though check_output hands its command to run
        if pellet_owlapi and "pellet.Pellet" in command and "--loader" in command:
            command[command.index("--loader") + 1] = "OWLAPIv3"
            if "--input-format" in command:  # a Jena-only option; the OWL API reads the format from the file
                at = command.index("--input-format")
                del command[at:at + 2]
        return command

    def run(command: Any, *args: Any, **kwargs: Any) -> Any:
        return original_run(rewrite(command), *args, **kwargs)

    def check_output(command: Any, *args: Any, **kwargs: Any) -> Any:
        return original_output(rewrite(command), *args, **kwargs)

    subprocess.run = run  # type: ignore[assignment]
    subprocess.check_output = check_output  # type: ignore[assignment]
    try:
        yield
    finally:
        subprocess.run, subprocess.check_output = original_run, original_output


def asserted_axioms(graph: Graph, curie_or_iri: str) -> list[str]:
    """The logical axioms asserted on a class (a CURIE or an IRI) in ``graph``, written out with labels,
    sorted: what to inspect when the reasoner calls it unsatisfiable (owlready2 gives no explanations)."""
    from bbao.prefixes import expand

    node = URIRef(expand(curie_or_iri) if ":" in curie_or_iri and "//" not in curie_or_iri else curie_or_iri)

    def show(x: object) -> str:
        if isinstance(x, URIRef):
            label = graph.value(x, RDFS.label)
            return f"{compress(str(x))} '{label}'" if label else compress(str(x))
        if isinstance(x, BNode):
            prop, filler = graph.value(x, OWL.onProperty), graph.value(x, OWL.someValuesFrom)
            if prop is not None and filler is not None:
                return f"({show(prop)} some {show(filler)})"
            for op, word in ((OWL.intersectionOf, " and "), (OWL.unionOf, " or ")):
                items = graph.value(x, op)
                if items is not None:
                    from rdflib.collection import Collection

                    return "(" + word.join(show(i) for i in Collection(graph, items)) + ")"
        return str(x)

    out = [f"SubClassOf {show(p)}" for p in graph.objects(node, RDFS.subClassOf)]
    out += [f"EquivalentTo {show(p)}" for p in graph.objects(node, OWL.equivalentClass)]
    out += [f"DisjointWith {show(p)}" for p in graph.objects(node, OWL.disjointWith)]
    return sorted(out)


def inferred_graph(asserted: Graph, report: ReasonerReport) -> Graph:
    """The asserted ontology plus the inferred subclass and type axioms between named entities that
    it does not already assert, each annotated ``oboInOwl:is_inferred "true"``. The ontology header gets the
    inferred product's own ontology IRI and versionIRI (``bbao-inferred.owl`` beside ``bbao.owl``,
    :func:`bbao.artifacts.product_iri`), so that the OWL API (Protégé, ROBOT) opens the two side by side."""
    renamed: dict[Node, URIRef] = {onto: URIRef(product_iri({"iri": str(onto)}, "inferred"))
                                   for onto in asserted.subjects(RDF.type, OWL.Ontology) if isinstance(onto, URIRef)}
    out = Graph()
    for subject, predicate, obj in asserted:
        if subject in renamed:
            subject = renamed[subject]
            if predicate == OWL.versionIRI and isinstance(obj, URIRef):
                obj = URIRef(product_iri({"iri": str(obj)}, "inferred"))
        out.add((subject, predicate, obj))
    out.add((OBOINOWL.is_inferred, RDF.type, OWL.AnnotationProperty))
    edges = [(RDFS.subClassOf, c, p) for c, p in report.hierarchy] + [(RDF.type, i, t) for i, t in report.types]
    for predicate, s, o in sorted(edges):
        triple = (URIRef(s), predicate, URIRef(o))
        if triple in asserted:
            continue
        out.add(triple)
        axiom = BNode()
        out.add((axiom, RDF.type, OWL.Axiom))
        out.add((axiom, OWL.annotatedSource, triple[0]))
        out.add((axiom, OWL.annotatedProperty, predicate))
        out.add((axiom, OWL.annotatedTarget, triple[2]))
        out.add((axiom, OBOINOWL.is_inferred, Literal("true")))
    return out


def inferred_edges(asserted: Graph, report: ReasonerReport) -> list[tuple[str, str, str]]:
    """(predicate, subject, object) CURIE triples the reasoner adds to the asserted ontology."""
    edges = [("rdfs:subClassOf", c, p) for c, p in report.hierarchy] + [("rdf:type", i, t) for i, t in report.types]
    predicates = {"rdfs:subClassOf": RDFS.subClassOf, "rdf:type": RDF.type}
    return sorted(
        (pred, compress(s), compress(o))
        for pred, s, o in edges if (URIRef(s), predicates[pred], URIRef(o)) not in asserted
    )


def classify(
    reasoner: str = "hermit", out_dir: Path | None = None, *, write: bool = True, timeout: float | None = None,
) -> tuple[ReasonerReport, dict[Path, bytes]]:
    """Reason over the shipped ontology and (if consistent, with no unsatisfiable class) render the
    ``inferred`` product into ``out_dir`` (default ``ontology/``): returns the report and the files
    (path -> bytes), written unless ``write`` is false; nothing is written when the check fails.

    The files are written as ``bbao reason``'s release (:func:`bbao.release.write_release`: staged, recorded
    in ``out_dir/bbao-release.json`` with the sha256 of the bbao.owl and bbao.nt reasoned over, renamed,
    under the folder's lock), which ``bbao build --check`` compares with the bbao.owl the source compiles to.
    Raises what :func:`check` raises, and :class:`BBAOError` when a build is writing ``out_dir``, bbao.owl
    or bbao.nt changed while the reasoner ran, or (writing, with no ``out_dir``) outside a BBAO project."""
    from bbao.release import digest, write_release
    from bbao.serialize import render_all

    owl, nt = existing_path(in_syntax("full", "rdfxml").file), existing_path(MAIN["full"].file)
    inputs = {path: digest(path.read_bytes()) for path in (owl, nt)}  # what is reasoned over, recorded with the result
    report = check(owl, reasoner, timeout)
    if not report.ok:
        return report, {}
    asserted = parse_product("full")
    out_dir = out_dir or (paths.writable_ontology_dir(NO_WRITE) if write else paths.ontology_dir())
    files = render_all(inferred_graph(asserted, report), [out_dir / a.file for a in product("inferred")])
    if write:
        write_release(out_dir, "reason", files, inputs)
    return report, files


if __name__ == "__main__":  # the child process of :func:`_in_child`
    _watch_parent()
    result = _reason(Path(sys.argv[1]), sys.argv[2])
    payload = asdict(result)
    payload["hierarchy"] = sorted(result.hierarchy)
    payload["types"] = sorted(result.types)
    print(json.dumps(payload))
