"""What changed between two releases: terms and claims added, removed and changed.

A release is an RDF file (``bbao.nt``, ``.ttl``, ``.owl``, ``.jsonld``: any extension of
:data:`bbao.artifacts.SYNTAXES`) or a git revision of this repository, read as its full product
(``ontology/bbao.nt``, :data:`bbao.artifacts.MAIN`; ``git show REV:ontology/bbao.nt``, nothing in the work
tree changes), by the one strict reader of users' files (:mod:`bbao.userdata`; nothing is fetched). Both
sides are read back from RDF, so any two releases compare, whatever source produced
them. A term is any class or property with a CURIE (BBAO's and the imported ones), compared on label,
definition, named parents, synonyms and mappings; a claim is a ``brain-bone axis claim`` individual (read
with :func:`bbao.claims.read_claims`), compared on every statement it has, its fields named as the columns
of ``claims.tsv`` (:data:`bbao.model.CLAIM_FIELDS`).
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from bbao import paths
from bbao.artifacts import MAIN, SYNTAXES, syntax_of
from bbao.claims import read_claims
from bbao.errors import BBAOError
from bbao.model import DEFINITION, OBOINOWL, PROPERTY_FIELD
from bbao.prefixes import compress, display
from bbao.tables import format_table
from bbao.userdata import read_rdf

__all__ = ["TERM_FIELDS", "TERM_KINDS", "TSV_COLUMNS", "Change", "claims", "compare", "diff", "format_report",
           "format_tsv", "read_release", "terms"]

#: The RDF types of compared terms.
TERM_KINDS: Final = (OWL.Class, OWL.ObjectProperty, OWL.AnnotationProperty, OWL.DatatypeProperty)
#: Term field -> the predicates whose values it holds (IAO definition, oboInOwl synonyms, SKOS mappings).
TERM_FIELDS: Final[dict[str, tuple[URIRef, ...]]] = {
    "label": (RDFS.label,),
    "definition": (DEFINITION,),
    "parents": (RDFS.subClassOf, RDFS.subPropertyOf),
    "exact_synonyms": (OBOINOWL.hasExactSynonym,),
    "related_synonyms": (OBOINOWL.hasRelatedSynonym,),
    "mappings": (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch),
}
#: The columns of :func:`format_tsv`.
TSV_COLUMNS: Final = ("kind", "change", "id", "label", "field", "old", "new")
#: The release file a git revision is read as: the full product's N-Triples.
RELEASE: Final = MAIN["full"]
#: The syntax of :data:`RELEASE` (a key of :data:`bbao.artifacts.SYNTAXES`).
_RELEASE_FORMAT: Final = next(name for name, syntax in SYNTAXES.items() if syntax == syntax_of(Path(RELEASE.file)))

#: A term or claim: field -> its values as text (CURIEs for IRIs), sorted.
Record = dict[str, tuple[str, ...]]


@dataclass(frozen=True, order=True)
class Change:
    """One difference: a record (``kind`` ``term`` or ``claim``, ``id`` its CURIE) ``added`` or ``removed``,
    or one ``field`` of it ``changed`` from ``old`` to ``new`` (values joined by " | "); ``label``: the
    record's label in the newer release (the older one for a removed record)."""

    kind: str
    id: str
    change: str
    field: str = ""
    old: str = ""
    new: str = ""
    label: str = ""


def _text(node: Node) -> str:
    return compress(str(node)) if isinstance(node, URIRef) else str(node)


def _git_path() -> str:
    """The path of :data:`RELEASE` in the repository (``ontology/bbao.nt``)."""
    return f"{RELEASE.folder}/{RELEASE.file}"


def read_release(spec: str, repo: Path | None = None, *, progress: bool = False) -> Graph:
    """The ontology of a release: an RDF file (syntax from its extension), else the release file of git
    revision ``spec`` of ``repo`` (default: this checkout). Either is read by the one reader of users' files
    (:func:`bbao.userdata.read_rdf`: strict, nothing fetched, so a JSON-LD file whose ``@context`` is a URL
    is refused rather than fetched); with ``progress``, on a terminal, what was read is counted and summed up.

    Raises :class:`BBAOError` for a file whose extension is no RDF syntax, a dataset syntax (N-Quads, TriG:
    their named graphs would be merged unseen) or that the reader refuses (with the line where known), and
    for a ``spec`` that is neither a file nor a revision holding the release file."""
    path = Path(spec)
    if path.is_file():
        syntax = syntax_of(path)
        if syntax.rdflib in ("nquads", "trig"):
            raise BBAOError("a release is one graph: compare Turtle, N-Triples, RDF/XML or JSON-LD files", file=path)
        return read_rdf(path, None, tag="r", progress=progress)
    data = _git_show(spec, repo or paths.data_root())
    name = Path(f"{spec}:{_git_path()}")
    return read_rdf(name, _RELEASE_FORMAT, tag="r", progress=progress, data=data)


def _git_show(revision: str, repo: Path) -> bytes:
    if revision.startswith("-") or not revision.strip():
        raise BBAOError(f"{revision!r} is neither a file nor a git revision")
    git = shutil.which("git")
    if git is None:
        raise BBAOError(f"{revision!r} is not a file, and git is not installed to read it as a revision")
    result = subprocess.run(
        [git, "-C", str(repo), "show", f"{revision}:{_git_path()}"], capture_output=True, check=False)
    if result.returncode != 0:
        reason = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise BBAOError(f"{revision!r} is neither a file nor a git revision with {_git_path()}"
                        + (f" ({reason[-1]})" if reason else ""))
    return result.stdout


def _term_values(graph: Graph, term: URIRef, name: str) -> tuple[str, ...]:
    """The values of term field ``name``: mappings prefixed with their SKOS predicate, parents named only."""
    values = []
    for p in TERM_FIELDS[name]:
        for o in graph.objects(term, p):
            if name == "parents" and not isinstance(o, URIRef):
                continue
            values.append((display(str(p)) + " " if name == "mappings" else "") + _text(o))
    return tuple(sorted(values))


def terms(graph: Graph) -> dict[str, Record]:
    """Every class and property (:data:`TERM_KINDS`) with a CURIE, by CURIE, with the fields
    :data:`TERM_FIELDS` names."""
    out: dict[str, Record] = {}
    for kind in TERM_KINDS:
        for node in graph.subjects(RDF.type, kind):
            curie = _text(node)
            if not isinstance(node, URIRef) or curie == str(node) or curie in out:
                continue
            out[curie] = {name: _term_values(graph, node, name) for name in TERM_FIELDS}
    return out


def _claim_field(predicate: URIRef) -> str:
    """A claim statement's field name: the claim field (``subject``...), ``label``, else the predicate's
    CURIE (``rdfs:comment``) or IRI."""
    return PROPERTY_FIELD.get(str(predicate)) or ("label" if predicate == RDFS.label else display(str(predicate)))


def claims(graph: Graph) -> dict[str, Record]:
    """Every claim individual with an IRI, by CURIE, with every statement it has but ``rdf:type``, by field
    (:func:`_claim_field`)."""
    out: dict[str, Record] = {}
    for claim in read_claims(graph):
        fields: dict[str, list[str]] = {}
        for p, o in claim.statements:
            fields.setdefault(_claim_field(p), []).append(_text(o))
        out[claim.id] = {k: tuple(sorted(v)) for k, v in fields.items()}
    return out


def _label(record: Record) -> str:
    return " | ".join(record.get("label", ()))


def compare(kind: str, old: dict[str, Record], new: dict[str, Record]) -> list[Change]:
    """The changes of the records of ``kind`` from ``old`` to ``new`` (id -> record): records added,
    removed, and each field that changed, sorted."""
    changes = [Change(kind, key, "added", label=_label(new[key])) for key in new.keys() - old.keys()]
    changes += [Change(kind, key, "removed", label=_label(old[key])) for key in old.keys() - new.keys()]
    for key in old.keys() & new.keys():
        for name in sorted(old[key].keys() | new[key].keys()):
            before, after = old[key].get(name, ()), new[key].get(name, ())
            if before != after:
                changes.append(Change(kind, key, "changed", name, " | ".join(before), " | ".join(after),
                                      _label(new[key])))
    return sorted(changes)


def diff(old: Graph, new: Graph) -> list[Change]:
    """Every term and claim change from ``old`` to ``new``."""
    return compare("term", terms(old), terms(new)) + compare("claim", claims(old), claims(new))


def _shown(value: str) -> str:
    return repr(value) if value else "(none)"


def format_report(changes: list[Change], old: str, new: str) -> str:
    """A readable report: counts per kind, then one line per record and one per changed field."""
    lines = [f"changes from {old} to {new}"]
    marks = {"added": "+", "removed": "-", "changed": "~"}
    for kind in ("term", "claim"):
        mine = [c for c in changes if c.kind == kind]
        counts = {what: len({c.id for c in mine if c.change == what}) for what in marks}
        lines.append(f"{kind}s: {counts['added']} added, {counts['removed']} removed, {counts['changed']} changed")
        shown: set[str] = set()
        for c in mine:
            if c.id not in shown:
                shown.add(c.id)
                lines.append(f"  {marks[c.change]} {c.id} {c.label}".rstrip())
            if c.change == "changed":
                lines.append(f"      {c.field}: {_shown(c.old)} -> {_shown(c.new)}")
    return "\n".join(lines)


def format_tsv(changes: list[Change]) -> str:
    """One row per change under a header row, with the columns of :data:`TSV_COLUMNS` (written by
    :func:`bbao.tables.format_table`), ending with a line break."""
    rows = [[c.kind, c.change, c.id, c.label, c.field, c.old, c.new] for c in changes]
    return format_table(TSV_COLUMNS, rows, "tsv") + "\n"
