"""What changed between two releases: terms and claims added, removed and changed.

A release is an artifact file (``bbao.nt``, ``.ttl``, ``.owl``, ``.jsonld``) or a git revision of this
repository, read as its ``ontology/bbao.nt`` (``git show REV:ontology/bbao.nt``; nothing in the work
tree changes). Both sides are read back from RDF, so any two releases compare, whatever source produced
them. A term is any class or property with a CURIE (BBAO's and the imported ones), compared on label,
definition, named parents, synonyms and mappings; a claim is a ``brain-bone axis claim`` individual,
compared on every field it has.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from bbao import paths
from bbao.errors import BBAOError
from bbao.prefixes import compress, display, expand

OBOINOWL = "http://www.geneontology.org/formats/oboInOwl#"
CLAIM_CLASS = URIRef(expand("BBAO:0000001"))
TERM_KINDS = (OWL.Class, OWL.ObjectProperty, OWL.AnnotationProperty, OWL.DatatypeProperty)
#: Term field -> the predicates whose values it holds.
TERM_FIELDS: dict[str, tuple[URIRef, ...]] = {
    "label": (RDFS.label,),
    "definition": (URIRef(expand("IAO:0000115")),),
    "parents": (RDFS.subClassOf, RDFS.subPropertyOf),
    "exact_synonyms": (URIRef(OBOINOWL + "hasExactSynonym"),),
    "related_synonyms": (URIRef(OBOINOWL + "hasRelatedSynonym"),),
    "mappings": (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch),
}
#: Claim field names, by BBAO annotation property (as ``claims.tsv`` names the columns).
CLAIM_FIELDS = {
    expand(f"BBAO:{number:07d}"): name
    for number, name in (
        (100, "subject"), (101, "relation"), (102, "object"), (103, "sign"), (104, "receptor"),
        (105, "mediator"), (106, "anatomical_context"), (107, "cell_context"), (108, "taxon"),
        (109, "disease_context"), (110, "developmental_context"), (111, "site"), (112, "cotreatment"),
        (113, "evidence"), (114, "section"), (115, "excerpt"), (116, "direction"),
    )
}
TSV_COLUMNS = ("kind", "change", "id", "label", "field", "old", "new")
_SYNTAX = {".nt": "nt", ".ttl": "turtle", ".owl": "xml", ".rdf": "xml", ".jsonld": "json-ld"}
ARTIFACT_IN_GIT = "ontology/bbao.nt"

Record = dict[str, tuple[str, ...]]


@dataclass(frozen=True, order=True)
class Change:
    """One difference: a record added or removed, or one field of a record changed."""

    kind: str
    id: str
    change: str
    field: str = ""
    old: str = ""
    new: str = ""
    label: str = ""


def _text(node: Node) -> str:
    return compress(str(node)) if isinstance(node, URIRef) else str(node)


def read_release(spec: str, repo: Path | None = None) -> Graph:
    """The ontology of a release: an RDF file, else a git revision's ``ontology/bbao.nt``."""
    path = Path(spec)
    if path.is_file():
        try:
            return Graph().parse(path, format=_SYNTAX.get(path.suffix))
        except Exception as exc:  # rdflib's parsers raise several types; all mean unreadable RDF
            raise BBAOError(f"{path}: not readable as RDF ({exc})") from exc
    return Graph().parse(data=_git_show(spec, repo or paths.data_root()), format="nt")


def _git_show(revision: str, repo: Path) -> bytes:
    if revision.startswith("-") or not revision.strip():
        raise BBAOError(f"{revision!r} is neither a file nor a git revision")
    git = shutil.which("git")
    if git is None:
        raise BBAOError(f"{revision!r} is not a file, and git is not installed to read it as a revision")
    result = subprocess.run(
        [git, "-C", str(repo), "show", f"{revision}:{ARTIFACT_IN_GIT}"], capture_output=True, check=False)
    if result.returncode != 0:
        reason = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise BBAOError(f"{revision!r} is neither a file nor a git revision with {ARTIFACT_IN_GIT}"
                        + (f" ({reason[-1]})" if reason else ""))
    return result.stdout


def terms(graph: Graph) -> dict[str, Record]:
    """Every class and property with a CURIE, with the fields :data:`TERM_FIELDS` names."""
    out: dict[str, Record] = {}
    for kind in TERM_KINDS:
        for node in graph.subjects(RDF.type, kind):
            curie = _text(node)
            if not isinstance(node, URIRef) or curie == str(node) or curie in out:
                continue
            out[curie] = {
                name: tuple(sorted(
                    (display(str(p)) + " " if name == "mappings" else "") + _text(o)
                    for p in predicates for o in graph.objects(node, p) if not (name == "parents" and not isinstance(o, URIRef))
                ))
                for name, predicates in TERM_FIELDS.items()
            }
    return out


def claims(graph: Graph) -> dict[str, Record]:
    """Every claim individual, with every field it has (named as in ``claims.tsv`` where it is one)."""
    out: dict[str, Record] = {}
    for node in graph.subjects(RDF.type, CLAIM_CLASS):
        fields: dict[str, list[str]] = {}
        for p, o in graph.predicate_objects(node):
            if p == RDF.type:
                continue
            name = CLAIM_FIELDS.get(str(p)) or ("label" if p == RDFS.label else display(str(p)))
            fields.setdefault(name, []).append(_text(o))
        out[_text(node)] = {k: tuple(sorted(v)) for k, v in fields.items()}
    return out


def _label(record: Record) -> str:
    return " | ".join(record.get("label", ()))


def compare(kind: str, old: dict[str, Record], new: dict[str, Record]) -> list[Change]:
    """Records added, removed, and each field that changed, sorted."""
    changes = [Change(kind, key, "added", label=_label(new[key])) for key in new.keys() - old.keys()]
    changes += [Change(kind, key, "removed", label=_label(old[key])) for key in old.keys() - new.keys()]
    for key in old.keys() & new.keys():
        for name in sorted(old[key].keys() | new[key].keys()):
            before, after = old[key].get(name, ()), new[key].get(name, ())
            if before != after:
                changes.append(Change(kind, key, "changed", name, " | ".join(before), " | ".join(after), _label(new[key])))
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
    """One row per change, with the columns of :data:`TSV_COLUMNS`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n")
    writer.writerow(TSV_COLUMNS)
    for c in changes:
        writer.writerow([c.kind, c.change, c.id, c.label, c.field, c.old, c.new])
    return buffer.getvalue()


__all__ = ["Change", "claims", "compare", "diff", "format_report", "format_tsv", "read_release", "terms"]
