"""Why the reasoner infers what it infers: justifications of a subsumption, or of an unsatisfiable class.

A *justification* of an entailment is a minimal set of asserted axioms that entails it (remove any one and the
entailment is gone). ``bbao explain SUB SUPER`` prints up to ``--max`` justifications of ``SUB SubClassOf SUPER``
over the shipped ontology (``bbao.owl``: BBAO with its import modules), ``bbao explain --unsatisfiable`` those of
every unsatisfiable class (of BBAO merged with ``--file F``, as ``bbao reason --file`` merges it). Each axiom is
written with labels and traced back to what asserted it: the ``claims.tsv`` row of its claim, the ``terms.tsv``
row of its term, ``logical-definitions.ttl``, ``go-relations.tsv``, an import module, or the user's file.

How: HermiT through the OWL API 3 and its explanation code (``com.clarkparsia.owlapi.explanation``: black-box
expansion and contraction for one justification, Reiter's hitting set tree for the others), all inside the
``HermiT.jar`` that owlready2 already ships, so no new dependency. A 200-line Java entry point
(``java/BBAOExplain.java``, compiled once into the user's cache by :func:`bbao.jvm.compiled_classes`, else run as
a single-file source program; Java 11+) explains over the STAR locality module
of the entailment's signature, which holds every justification and is 10-20 times smaller than the ontology; an
inconsistent ontology gets one justification of its inconsistency (QuickXplain over the individuals' module).
It runs as a child process in a process group of its own, stopped with its Java at the deadline or when this
process is interrupted, and stops itself when this process dies (its standard input closes).
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from bbao import paths
from bbao.errors import BBAOError
from bbao.jvm import JavaEnvironmentError, compiled_classes, java_options, require_java, startup_failure
from bbao.prefixes import CurieError, compress, display, expand

__all__ = [
    "DEFAULT_MAX", "EXPLAIN_TIMEOUT", "JAVA_SOURCE", "ExplainEnvironmentError", "ExplainedAxiom", "Explanation",
    "Origin", "explain", "explain_unsatisfiable", "merged_with", "render_text", "to_json",
]

#: The Java entry point, run by ``java`` as a single-file source program against owlready2's HermiT.jar.
JAVA_SOURCE = Path(__file__).with_name("java") / "BBAOExplain.java"
#: Justifications printed per entailment unless ``--max`` says otherwise (each further one costs a search).
DEFAULT_MAX = 3
#: The deadline (seconds) of one ``bbao explain`` run unless ``--timeout`` says otherwise.
EXPLAIN_TIMEOUT = 300.0

_CLAIM = "https://w3id.org/bbao/BBAO_0000117"  # 'stated by claim', the axiom annotation naming the claim


#: The environment, not the input, stopped an explanation: no Java, a Java that cannot run the entry point, options
#: it refuses, or a run past its deadline (an :class:`OSError`, so the command line exits 3).
ExplainEnvironmentError = JavaEnvironmentError


@dataclass(frozen=True)
class Origin:
    """Where an axiom was asserted: a file (as the project names it: ``ontology/src/claims.tsv``), the line when
    known, and what on it (``claim BBAC:0000044``, ``term PR:000030444, column axioms``)."""

    file: str
    line: int | None
    what: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where} ({self.what})" if self.what else where


@dataclass(frozen=True)
class ExplainedAxiom:
    """One axiom of a justification: OWL functional syntax with full IRIs (as the OWL API writes it), the same
    readable (Manchester-like, with labels and CURIEs), and where it was asserted (empty when not found)."""

    functional: str
    text: str
    origins: tuple[Origin, ...]


@dataclass(frozen=True)
class Explanation:
    """The justifications of one entailment. ``kind`` is ``subsumption`` (``sub`` SubClassOf ``super``),
    ``unsatisfiable`` (``sub`` SubClassOf owl:Nothing) or ``inconsistent`` (the whole ontology; ``sub`` and
    ``super`` empty). ``entailed`` is false for a subsumption the ontology does not entail (then there is no
    justification); ``asserted`` says the ontology states the subsumption itself. ``module`` is the number of
    logical axioms of the locality module explained over (None for an inconsistent ontology: all of it);
    ``heading`` says what is explained, with labels."""

    kind: str
    sub: str
    super: str
    entailed: bool
    asserted: bool
    justifications: tuple[tuple[ExplainedAxiom, ...], ...]
    module: int | None = None
    heading: str = ""


def merged_with(path: Path, fmt: str | None = None) -> tuple[Graph, Graph, tuple[str, ...]]:
    """``path`` merged with the shipped ontology exactly as ``bbao reason --file`` merges it
    (:func:`bbao.reason.with_bbao`: the strict, offline reader of users' files, no ``owl:imports`` followed), and
    read once more on its own, so that its axioms can be traced to it: returns (merged graph, the file's own
    triples, the ``owl:imports`` it named). Raises :class:`BBAOError` for a file the reader refuses (naming file
    and line) or a missing release file."""
    from bbao.reason import with_bbao
    from bbao.userdata import read_rdf

    user = with_bbao(path, fmt)
    own = read_rdf(path, fmt, tag="r")  # the tag with_bbao gives, so blank nodes match the merged graph's
    own.remove((None, OWL.imports, None))
    return user.graph, own, user.imports


def explain(
    sub: str, sup: str, *, max_justifications: int = DEFAULT_MAX, timeout: float | None = None,
    user: tuple[Graph, Graph] | None = None, user_file: str = "", deadline: float | None = None,
) -> Explanation:
    """The justifications (at most ``max_justifications``) of ``sub SubClassOf sup`` (each a CURIE or an IRI)
    over the shipped ontology, or over ``user`` (merged graph, the file's own triples: :func:`merged_with`) whose
    file is shown as ``user_file``. A subsumption the ontology does not entail gives ``entailed`` false; an
    inconsistent ontology gives an explanation of kind ``inconsistent`` (one justification of the inconsistency).

    Raises :class:`BBAOError` for an unknown or malformed CURIE, a term that is no class of the ontology, the
    same class twice, or an input HermiT refuses; :class:`ExplainEnvironmentError` for no Java or a run past
    ``timeout`` seconds (default :data:`EXPLAIN_TIMEOUT`), or past ``deadline`` (a :func:`time.monotonic` instant,
    set by a caller that already spent part of ``timeout``, reading the user's file say)."""
    graph = user[0] if user else _shipped()
    a, b = _resolve(sub, graph), _resolve(sup, graph)
    if a == b:
        raise BBAOError(f"{sub} and {sup} name the same class, {compress(str(a))}: every class is a subclass of "
                        "itself, so there is no axiom to explain; give two different classes")
    records = _run(graph, user[1] if user else None, ["subsumption", str(a), str(b)], max_justifications, timeout,
                   deadline)
    return _explanations(records, graph, user_file)[0]


def explain_unsatisfiable(
    *, max_justifications: int = DEFAULT_MAX, timeout: float | None = None, user: tuple[Graph, Graph] | None = None,
    user_file: str = "", deadline: float | None = None,
) -> list[Explanation]:
    """The justifications (at most ``max_justifications`` each) of every unsatisfiable class of the shipped
    ontology or of ``user`` (:func:`merged_with`), sorted by class; empty when every class is satisfiable. An
    inconsistent ontology gives one explanation of kind ``inconsistent``. Raises what :func:`explain` raises."""
    graph = user[0] if user else _shipped()
    records = _run(graph, user[1] if user else None, ["unsatisfiable"], max_justifications, timeout, deadline)
    return _explanations(records, graph, user_file)


# --- running the Java entry point -----------------------------------------------------------------------------


def _shipped() -> Graph:
    from bbao.artifacts import parse_product

    graph = parse_product("full")
    graph.remove((None, OWL.imports, None))
    return graph


def _resolve(text: str, graph: Graph) -> URIRef:
    """The class IRI of ``text`` (a CURIE or an IRI); raises :class:`BBAOError` naming it when it is malformed,
    has an unknown prefix, or is no class of ``graph``."""
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):  # <IRI>, as SPARQL and `bbao query --param` write it
        text = text[1:-1]
    if text in ("owl:Thing", "owl:Nothing"):
        return OWL.Thing if text == "owl:Thing" else OWL.Nothing
    if "://" in text:
        if any(c in text for c in ' <>"{}|\\^`') or not text.isprintable():
            raise BBAOError(f"{text!r}: not an IRI (it holds a space or a character IRIs cannot hold)")
        node = URIRef(text)
    else:
        try:
            node = URIRef(expand(text))
        except CurieError as exc:
            raise BBAOError(f"{text}: {exc} (give a CURIE such as CHEBI:8499 or a full IRI)") from exc
    if node in (OWL.Thing, OWL.Nothing):
        return node
    if (node, RDF.type, OWL.Class) in graph or (node, RDFS.subClassOf, None) in graph:
        return node
    if (node, None, None) in graph:
        kinds = sorted(display(str(t)) for t in graph.objects(node, RDF.type))
        raise BBAOError(f"{text}: not a class ({', '.join(kinds) or 'no type'}); explain takes two classes")
    raise BBAOError(f"{text}: no such class in the ontology ({compress(str(node))} is not declared)")


def _hermit_dir() -> Path:
    """owlready2's HermiT folder (patched classes, then HermiT.jar with the OWL API 3), found without importing
    owlready2 (which takes a while)."""
    spec = importlib.util.find_spec("owlready2")
    if spec is None or not spec.submodule_search_locations:
        raise ExplainEnvironmentError("owlready2 is not installed: it ships the HermiT.jar that explanations use")
    return Path(next(iter(spec.submodule_search_locations))) / "hermit"


def _sources(own: Graph | None, directory: Path) -> list[tuple[str, Path]]:
    """The files whose axioms are traced, as (tag, path): logical-definitions.ttl, every import module, and the
    user's own triples (written to ``directory`` as N-Triples, for the OWL API)."""
    from bbao.source import LOGICAL_DEFINITIONS

    out: list[tuple[str, Path]] = []
    logical = paths.source_dir() / LOGICAL_DEFINITIONS
    if logical.is_file():
        out.append(("logical", logical))
    out += [(f"import:{p.name}", p) for p in sorted(paths.imports_dir().glob("*_import.ttl"))]
    if own is not None:
        from bbao.serialize import canonical, render

        path = directory / "user.nt"
        path.write_bytes(render(canonical(own), "nt"))
        out.append(("user", path))
    return out


def _run(graph: Graph, own: Graph | None, mode: list[str], max_justifications: int,
         timeout: float | None, deadline: float | None = None) -> list[dict[str, Any]]:
    """Write the reasoner's input (``graph`` without inert property chains) and run the Java entry point on it,
    stopped after ``timeout`` seconds or at ``deadline`` (:func:`time.monotonic`), whichever comes first;
    returns its records (one JSON object a line)."""
    if max_justifications < 1:
        raise BBAOError(f"--max must be at least 1, not {max_justifications}")
    java = require_java()
    hermit = _hermit_dir()
    classpath = f"{hermit}{os.pathsep}{hermit / 'HermiT.jar'}"
    compiled = compiled_classes(java, JAVA_SOURCE, classpath)
    # the compiled entry point when it could be made (1 s less CPU a run), else the source file itself
    entry = ["-cp", f"{compiled}{os.pathsep}{classpath}", JAVA_SOURCE.stem] if compiled else [
        "-cp", classpath, str(JAVA_SOURCE)]
    with tempfile.TemporaryDirectory() as tmp:
        source = _reasoner_input(graph, Path(tmp))
        tags = [f"{tag}={path}" for tag, path in _sources(own, Path(tmp))]
        command = [java, *java_options(), *entry, str(source), str(max_justifications), *mode, *tags]
        limit = timeout or EXPLAIN_TIMEOUT
        wait = limit if deadline is None else min(limit, deadline - time.monotonic())
        return _run_java(command, wait, limit)


def _reasoner_input(graph: Graph, directory: Path) -> Path:
    """``graph`` without the property chains that can never fire (:func:`bbao.pruning.without_inert_chains`: HermiT
    is 3x faster without them, with the same entailments), as ``directory/input.nt``, sorted (the same file every
    run)."""
    from bbao.pruning import without_inert_chains
    from bbao.serialize import canonical, render

    pruned, _ = without_inert_chains(graph)
    path = directory / "input.nt"
    path.write_bytes(render(canonical(pruned), "nt"))
    return path


def _run_java(command: list[str], timeout: float, limit: float | None = None) -> list[dict[str, Any]]:
    """Run ``command`` in a process group of its own with a pipe for standard input that this process holds open
    (the Java program stops when it closes: this process is gone); stop the group at ``timeout`` seconds or when
    this process is interrupted. ``limit`` is the user's whole limit, for the message (default ``timeout``).
    Returns the JSON records the program printed."""
    limit = timeout if limit is None else limit
    if timeout <= 0:
        raise ExplainEnvironmentError(
            f"bbao explain did not finish within {limit:g} s: the time went to reading the input before HermiT "
            "started (--timeout SECONDS)")
    read_end, write_end = os.pipe()
    try:
        child = subprocess.Popen(command, stdin=read_end, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 text=True, encoding="utf-8", start_new_session=True)
    finally:
        os.close(read_end)
    try:
        out, err = child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        _stop(child)
        raise ExplainEnvironmentError(
            f"HermiT did not finish the explanation within {limit:g} s and was stopped (--timeout SECONDS; "
            "fewer justifications with --max)") from exc
    except BaseException:
        _stop(child)
        raise
    finally:
        os.close(write_end)
    records = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    if child.returncode != 0 or not records or records[-1].get("kind") != "done":
        raise _failure(err, child.returncode)
    return records


def _stop(child: subprocess.Popen[str]) -> None:
    """Kill ``child``'s process group (its Java) and reap it."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, signal.SIGKILL)
    child.communicate()


def _failure(err: str, code: int) -> Exception:
    """The error for a Java run that failed: the environment (no compiler module, too old a Java) or the input."""
    refused = startup_failure(err)
    if refused is not None:
        return refused
    lines = [line.strip() for line in err.splitlines() if line.strip() and not line.startswith("Note:")]
    if any("Could not find or load main class" in line or "UnsupportedClassVersionError" in line for line in lines):
        return ExplainEnvironmentError(
            "this Java cannot run bbao's explanation entry point as a source file: it needs Java 11 or newer with "
            "the jdk.compiler module (Debian's default-jre-headless has it; a JDK always does)")
    if any("StackOverflowError" in line or "OutOfMemoryError" in line for line in lines):
        return ExplainEnvironmentError(
            "HermiT ran out of stack or memory while explaining over this input (Java: "
            f"{next(line for line in lines if 'StackOverflowError' in line or 'OutOfMemoryError' in line)}); "
            "explain over a smaller file, or ask for fewer justifications (--max)")
    cause = next((line for line in lines if "Exception" in line or "Error" in line), lines[-1] if lines else "")
    return BBAOError(f"HermiT could not explain over this input (Java exit {code}): {cause or 'no message'}")


# --- reading the records back: labels, origins --------------------------------------------------------------


@dataclass(frozen=True)
class _Node:
    """A parsed functional-syntax term: ``head`` is an IRI in angle brackets, a quoted literal, or a keyword
    (a constructor such as ``ObjectSomeValuesFrom``, with ``args``, or an abbreviation such as ``owl:Thing``)."""

    head: str
    args: tuple[_Node, ...] = ()

    @property
    def iri(self) -> str | None:
        return self.head[1:-1] if self.head.startswith("<") else None


def _parse(text: str) -> _Node:
    """The functional syntax the OWL API writes for one axiom, as a tree of :class:`_Node`."""
    tokens: list[str] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c.isspace():
            i += 1
        elif c in "()":
            tokens.append(c)
            i += 1
        elif c == "<":
            end = text.index(">", i)
            tokens.append(text[i:end + 1])
            i = end + 1
        elif c == '"':
            j = i + 1
            while text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            j += 1
            while j < len(text) and not text[j].isspace() and text[j] not in "()":
                if text[j] == "<":
                    j = text.index(">", j)
                j += 1
            tokens.append(text[i:j])
            i = j
        else:
            j = i
            while j < len(text) and not text[j].isspace() and text[j] not in "()<":
                j += 1
            tokens.append(text[i:j])
            i = j
    position = 0

    def node() -> _Node:
        nonlocal position
        head = tokens[position]
        position += 1
        if position < len(tokens) and tokens[position] == "(":
            position += 1
            args = []
            while tokens[position] != ")":
                args.append(node())
            position += 1
            return _Node(head, tuple(args))
        return _Node(head)

    return node()


_RESTRICTIONS = {
    "ObjectSomeValuesFrom": "some", "ObjectAllValuesFrom": "only", "ObjectHasValue": "value",
    "DataSomeValuesFrom": "some", "DataAllValuesFrom": "only", "DataHasValue": "value",
}
_CARDINALITIES = {
    "ObjectMinCardinality": "min", "ObjectMaxCardinality": "max", "ObjectExactCardinality": "exactly",
    "DataMinCardinality": "min", "DataMaxCardinality": "max", "DataExactCardinality": "exactly",
}
_CHARACTERISTICS = {
    "TransitiveObjectProperty": "Transitive", "FunctionalObjectProperty": "Functional",
    "InverseFunctionalObjectProperty": "InverseFunctional", "SymmetricObjectProperty": "Symmetric",
    "AsymmetricObjectProperty": "Asymmetric", "ReflexiveObjectProperty": "Reflexive",
    "IrreflexiveObjectProperty": "Irreflexive", "FunctionalDataProperty": "Functional",
}
_PAIRS = {
    "SubClassOf": "SubClassOf", "SubObjectPropertyOf": "SubPropertyOf", "SubDataPropertyOf": "SubPropertyOf",
    "ObjectPropertyDomain": "Domain", "ObjectPropertyRange": "Range", "DataPropertyDomain": "Domain",
    "DataPropertyRange": "Range", "InverseObjectProperties": "InverseOf",
}
_NARY = {
    "EquivalentClasses": "EquivalentTo", "DisjointClasses": "DisjointWith", "EquivalentObjectProperties":
    "EquivalentTo", "DisjointObjectProperties": "DisjointWith", "SameIndividual": "SameAs",
    "DifferentIndividuals": "DifferentFrom",
}


class _Renderer:
    """Writes parsed axioms Manchester-like: classes and individuals as 'label' (CURIE), properties as 'label'."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def label(self, iri: str) -> str | None:
        labels = sorted((lit for lit in self.graph.objects(URIRef(iri), RDFS.label) if isinstance(lit, Literal)),
                        key=lambda lit: (lit.language not in (None, "en"), lit.language or "", str(lit)))
        return str(labels[0]) if labels else None

    def name(self, node: _Node, *, short: bool = False) -> str:
        iri = node.iri
        if iri is None:
            return node.head.removeprefix("owl:") if node.head.startswith("owl:") else node.head
        if iri in (str(OWL.Thing), str(OWL.Nothing)):
            return iri.rsplit("#", 1)[1]
        curie, label = compress(iri), self.label(iri)
        if label is None:
            return curie
        return f"'{label}'" if short else f"'{label}' ({curie})"

    def prop(self, node: _Node) -> str:
        if node.head == "ObjectInverseOf":
            return f"inverse ({self.prop(node.args[0])})"
        return self.name(node, short=True)

    def expr(self, node: _Node, nested: bool = False) -> str:
        head, args = node.head, node.args
        if not args:
            return self.name(node)
        if head in _RESTRICTIONS:
            text = f"{self.prop(args[0])} {_RESTRICTIONS[head]} {self.expr(args[1], True)}"
        elif head in _CARDINALITIES:
            filler = f" {self.expr(args[2], True)}" if len(args) > 2 else ""
            text = f"{self.prop(args[1])} {_CARDINALITIES[head]} {args[0].head}{filler}"
        elif head in ("ObjectIntersectionOf", "DataIntersectionOf", "ObjectUnionOf", "DataUnionOf"):
            word = " and " if "Intersection" in head else " or "
            text = word.join(self.expr(a, True) for a in args)
        elif head in ("ObjectComplementOf", "DataComplementOf"):
            return f"not {self.expr(args[0], True)}"
        elif head in ("ObjectOneOf", "DataOneOf"):
            return "{" + ", ".join(self.expr(a) for a in args) + "}"
        elif head == "ObjectInverseOf":
            return self.prop(node)
        else:
            text = f"{head}({' '.join(self.expr(a) for a in args)})"
        return f"({text})" if nested else text

    def axiom(self, node: _Node) -> str:
        head, args = node.head, node.args
        if head in ("SubObjectPropertyOf",) and args[0].head == "ObjectPropertyChain":
            chain = " o ".join(self.prop(a) for a in args[0].args)
            return f"{chain} SubPropertyOf {self.prop(args[1])}"
        if head in _PAIRS:
            show = self.prop if "Property" in head and "Domain" not in head and "Range" not in head else self.expr
            left = self.prop(args[0]) if "Property" in head else self.expr(args[0])
            return f"{left} {_PAIRS[head]} {show(args[1])}"
        if head in _NARY:
            show = self.prop if "Properties" in head else self.expr
            return f" {_NARY[head]} ".join(show(a) for a in args)
        if head in _CHARACTERISTICS:
            return f"{self.prop(args[0])} Characteristics: {_CHARACTERISTICS[head]}"
        if head == "ClassAssertion":
            return f"{self.expr(args[1])} Type {self.expr(args[0])}"
        if head in ("ObjectPropertyAssertion", "DataPropertyAssertion"):
            return f"{self.expr(args[1])} {self.prop(args[0])} {self.expr(args[2])}"
        return f"{head}({' '.join(self.expr(a) for a in args)})"


class _Tracer:
    """Finds the curated rows behind an axiom: claims.tsv (by its claim annotation), terms.tsv (by its subject's
    row), logical-definitions.ttl, go-relations.tsv, the import modules and the user's file (by the source files
    the Java side found it in)."""

    def __init__(self, user_file: str) -> None:
        from bbao.imports import GO_RELATIONS, read_go_relations
        from bbao.source import load_source

        self.source = load_source(paths.source_dir())
        self.claims = {c.id: c for c in self.source.claims}
        self.terms = {t.id: t for t in self.source.terms}
        go = paths.source_dir() / GO_RELATIONS
        self.go = read_go_relations(go, []) if go.is_file() else []
        self.user_file = user_file

    @staticmethod
    def shown(path: Path) -> str:
        """``path`` as the project names it (``ontology/src/claims.tsv``), wherever the data lives."""
        ontology = paths.ontology_dir()
        with contextlib.suppress(ValueError):
            return str(Path("ontology") / path.relative_to(ontology))
        return str(path)

    def origins(self, node: _Node, record: dict[str, Any]) -> tuple[Origin, ...]:
        out: list[Origin] = []
        subject = node.args[0].iri if node.args else None
        curie = compress(subject) if subject else ""
        for prop, value in record["annotations"]:
            if prop == _CLAIM:
                claim = self.claims.get(compress(value))
                out.append(Origin(self.shown(paths.source_dir() / "claims.tsv"), claim.line if claim else None,
                                  f"claim {compress(value)}"))
        term = self.terms.get(curie)
        if term is not None and node.head in ("SubClassOf", "SubObjectPropertyOf") and len(node.args) == 2:
            target = node.args[1]
            if target.iri and term.parent and compress(target.iri) == term.parent:
                out.append(Origin(self.shown(paths.source_dir() / "terms.tsv"), term.line, f"{curie}, column parent"))
            elif target.head == "ObjectSomeValuesFrom" and target.args[0].iri and target.args[1].iri and (
                    compress(target.args[0].iri), compress(target.args[1].iri)) in term.axioms:
                out.append(Origin(self.shown(paths.source_dir() / "terms.tsv"), term.line, f"{curie}, column axioms"))
        for tag in record["sources"]:
            if tag == "logical":
                logical = self.source.logical
                line = _statement_line(logical.lines, node) if logical else None
                out.append(Origin(self.shown(paths.source_dir() / "logical-definitions.ttl"), line, curie))
            elif tag.startswith("import:"):
                path = paths.imports_dir() / tag.removeprefix("import:")
                out.append(Origin(self.shown(path), _line_of(path, curie), curie))
                out += self.go_rows(node)
            elif tag == "user":
                out.append(Origin(self.user_file, None, "your file"))
        return tuple(dict.fromkeys(out))

    def go_rows(self, node: _Node) -> list[Origin]:
        """The go-relations.tsv row of a GO ``part of`` or ``regulates`` axiom of the GO import module."""
        if node.head != "SubClassOf" or node.args[1].head != "ObjectSomeValuesFrom" or not node.args[0].iri:
            return []
        subject, relation, target = node.args[0].iri, node.args[1].args[0].iri, node.args[1].args[1].iri
        if not relation or not target:
            return []
        key = (compress(subject), compress(relation), compress(target))
        from bbao.imports import GO_RELATIONS

        return [Origin(self.shown(paths.source_dir() / GO_RELATIONS), r.line, f"{r.subject} {r.relation} {r.object}")
                for r in self.go if (r.subject, r.relation, r.object) == key]


def _statement_line(lines: tuple[str, ...], node: _Node) -> int | None:
    """The line of a Turtle file where the axiom ``node`` is stated: the first line that names all its named
    arguments (``obo:CL_0000062 owl:disjointWith obo:CL_0000092 .``), else the first that starts with its first
    argument (``bbao:BBAO_0000030 owl:equivalentClass [``), else the first that names that argument. Comment
    lines are skipped."""
    names = [a.iri.rsplit("/", 1)[-1] for a in node.args if a.iri]
    if not names:
        return None
    tests: list[Callable[[str], bool]] = [lambda row: all(n in row for n in names)] if len(names) > 1 else []
    tests += [lambda row: row.split(":", 1)[-1].startswith(names[0] + " "), lambda row: names[0] in row]
    for test in tests:
        for number, row in enumerate(lines, 1):
            if not row.lstrip().startswith("#") and test(row):
                return number
    return None


def _line_of(path: Path, curie: str) -> int | None:
    """The line of ``path`` (a Turtle import module) where the block of ``curie`` starts, or None."""
    with contextlib.suppress(OSError):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith(curie + " "):
                return number
    return None


_ORDER = {"EquivalentClasses": 0, "DisjointClasses": 1, "SubClassOf": 2, "ClassAssertion": 3}


def _explanations(records: list[dict[str, Any]], graph: Graph, user_file: str) -> list[Explanation]:
    """The Java records grouped by target, each axiom rendered and traced; justifications sorted (fewest axioms
    first, then by text), axioms within one by kind (definitions, disjointness, subclass axioms...) and text."""
    renderer, tracer = _Renderer(graph), _Tracer(user_file)
    pending: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    for record in records:
        kind = record["kind"]
        if kind == "target":
            current = {"kind": record["target"], "sub": _show(record["sub"]), "super": _show(record["super"]),
                       "entailed": record["target"] != "subsumption", "asserted": False, "justifications": [],
                       "module": None}
            pending.append(current)
        elif current is not None and kind == "entailed":
            current["entailed"], current["asserted"] = record["value"], record["asserted"]
        elif current is not None and kind == "module":
            current["module"] = record["axioms"]
        elif current is not None and kind == "justification":
            axioms = []
            for item in record["axioms"]:
                node = _parse(item["axiom"])
                axioms.append(ExplainedAxiom(item["axiom"], renderer.axiom(node), tracer.origins(node, item)))
            axioms.sort(key=lambda a: (_ORDER.get(_parse(a.functional).head, 9), a.text))
            current["justifications"].append(tuple(axioms))
    for item in pending:
        item["justifications"] = tuple(sorted(item["justifications"], key=lambda j: (len(j), [a.text for a in j])))
        item["heading"] = _heading(item, renderer)
    return [Explanation(**item) for item in pending]


def _heading(item: dict[str, Any], renderer: _Renderer) -> str:
    """What an explanation explains, with labels: ``'osteocalcin' (PR:000030444) SubClassOf ...: inferred``."""
    if item["kind"] == "inconsistent":
        return ("the ontology is INCONSISTENT (no model: every class is unsatisfiable, every subsumption holds), "
                "explained by one minimal set of axioms")
    sub = renderer.name(_Node(f"<{_iri(item['sub'])}>"))
    if item["kind"] == "unsatisfiable":
        return f"{sub} is unsatisfiable (SubClassOf Nothing)"
    sup = renderer.name(_Node(f"<{_iri(item['super'])}>"))
    how = "asserted" if item["asserted"] else "inferred" if item["entailed"] else "NOT entailed"
    return f"{sub} SubClassOf {sup}: {how}"


def _iri(curie_or_iri: str) -> str:
    return curie_or_iri if "://" in curie_or_iri else expand(curie_or_iri)


def _show(iri: str) -> str:
    return compress(iri) if iri else ""


# --- output ---------------------------------------------------------------------------------------------------


def render_text(explanations: list[Explanation]) -> str:
    """The explanations as the command prints them: a heading per entailment, then each justification with its
    axioms numbered, each followed by the rows that asserted it."""
    lines: list[str] = []
    for e in explanations:
        if not e.entailed:
            lines += [f"{e.heading.removesuffix(': NOT entailed').replace(' SubClassOf ', ' is not a subclass of ')}: "
                      "HermiT does not infer it, so there is no justification", ""]
            continue
        count = len(e.justifications)
        module = f", over a module of {e.module} axioms" if e.module is not None else ""
        lines.append(f"{e.heading}; {count} justification{'s' if count != 1 else ''} (HermiT{module})")
        for n, justification in enumerate(e.justifications, 1):
            lines.append("")
            lines.append(f"justification {n} ({len(justification)} axiom{'s' if len(justification) != 1 else ''}):")
            for m, axiom in enumerate(justification, 1):
                lines.append(f"  {m}. {axiom.text}")
                for origin in axiom.origins or (Origin("origin not found", None, ""),):
                    lines.append(f"       from {origin}")
        lines.append("")
    return "\n".join(lines)


def to_json(explanations: list[Explanation]) -> str:
    """The explanations as JSON (a list of objects with the fields of :class:`Explanation`)."""
    return json.dumps([asdict(e) for e in explanations], indent=2, ensure_ascii=False)
