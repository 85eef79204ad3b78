"""Deterministic serialization: the same graph always gives the same bytes, whatever the process.

rdflib names blank nodes at random and iterates its store in hash order, so a graph is first
canonicalized: its blank nodes get names derived from their content and from where they hang, and its
triples are sorted (:func:`canonical_triples`). rdflib's own ``to_canonical_graph`` does the same for
arbitrary graphs but took 4.6 s on the 7k-triple ontology per call; OWL's blank nodes are trees
(restrictions, lists, axiom annotations), for which hashing content and parent is enough and fast.

Every syntax is then written from that one sorted triple list:

- Turtle by rdflib's own writer, from a Graph filled once (``addN``) with the sorted triples;
- N-Triples by rdflib's row writer (``rdflib.plugins.serializers.nt._nt_row``, what its ``nt`` serializer
  writes per triple), the lines sorted: no Graph to fill;
- RDF/XML by this module (:func:`_rdf_xml`), from the sorted triples, as the OWL API writes it: a typed node
  element per subject (``<owl:Class rdf:about=...>``) and nested class expressions, which OBO tools such as
  pronto need (Oxigraph writes ``rdf:Description`` elements only; rdflib's "pretty-xml" writer follows set
  order and writes lists with a warning);
- JSON-LD by rdflib's writer, its lists sorted, from the same Graph as Turtle (its writer is given the context
  and reads no prefix of the Graph).

:class:`Canonical` holds one graph canonicalized once and that Graph, filled on first use: a build renders
a product to all its syntaxes, and reads the Graph again (the OBO Graphs JSON), without filling another.

Writes are atomic: every file is rendered in memory first, staged beside its target and only then moved
into place (:func:`write_atomically`; a release of ``bbao build`` or ``bbao reason`` is written as one set,
recorded in a manifest and under a lock, by :func:`bbao.release.write_release`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Final
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.plugins.serializers.nt import _nt_row
from rdflib.term import Node

from bbao.artifacts import syntax_of
from bbao.errors import BBAOError
from bbao.prefixes import PREFIX_MAP, VOCAB_PREFIXES
from bbao.release import replace_files

__all__ = [
    "RENDERED_SYNTAXES",
    "Canonical",
    "Triple",
    "blank_node_names",
    "canonical",
    "canonical_triples",
    "render",
    "render_all",
    "write_atomically",
]

#: An RDF triple of rdflib terms: (subject, predicate, object).
Triple = tuple[Node, Node, Node]
#: The rdflib names of the syntaxes :func:`render` writes (see :data:`bbao.artifacts.SYNTAXES`).
RENDERED_SYNTAXES = ("turtle", "nt", "xml", "json-ld")
# rdflib's RDF namespace resolves each attribute through a metaclass: looked up once here
_TYPE, _LIST = RDF.type, RDF.List


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()


def blank_node_names(triples: Iterable[Triple]) -> dict[BNode, BNode]:
    """Content- and context-derived names for the blank nodes of ``triples`` (a Graph or any iterable of
    triples): blank node -> its new name, ``b`` followed by 24 hex digits.

    A node's content hash covers its outgoing triples (recursively); its name adds the triples that
    point at it, so equal restrictions under different classes stay apart. Blank nodes with equal
    content and equal incoming triples get one name (they are the same OWL expression)."""
    outgoing: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)
    incoming: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)
    nodes: set[BNode] = set()
    for s, p, o in triples:
        if isinstance(s, BNode):
            nodes.add(s)
            outgoing[s].append((p, o))
        if isinstance(o, BNode):
            nodes.add(o)
            incoming[o].append((s, p))
        if isinstance(p, BNode):
            nodes.add(p)
    n3: dict[Node, str] = {}

    def text(term: Node) -> str:
        found = n3.get(term)
        if found is None:
            found = n3[term] = term.n3()
        return found

    content: dict[BNode, str] = {}

    def content_of(node: BNode, trail: frozenset[BNode] = frozenset()) -> str:
        if node in content:
            return content[node]
        if node in trail:  # a cycle: not produced by OWL, but never loop on it
            return "cycle"
        parts = sorted(
            text(p) + " " + (content_of(o, trail | {node}) if isinstance(o, BNode) else text(o))
            for p, o in outgoing.get(node, ())
        )
        content[node] = _digest(*parts)
        return content[node]

    names: dict[BNode, BNode] = {}

    def name_of(node: BNode, trail: frozenset[BNode] = frozenset()) -> BNode:
        if node in names:
            return names[node]
        parts = sorted(
            text(name_of(s, trail | {node}) if isinstance(s, BNode) and s not in trail else s) + " " + text(p)
            for s, p in incoming.get(node, ())
        )
        names[node] = BNode("b" + _digest(content_of(node), *parts)[:24])
        return names[node]

    for node in nodes:
        name_of(node)
    return names


def canonical_triples(triples: Iterable[Triple]) -> list[Triple]:
    """The triples of a graph (or any iterable of triples) as every writer here takes them: blank nodes
    renamed by :func:`blank_node_names`, ``rdf:type rdf:List`` left out (Turtle and JSON-LD write lists
    as lists), duplicates removed, sorted by the N3 form of subject, predicate and object."""
    triples = list(triples)
    names = blank_node_names(triples)
    seen: set[Triple] = set()
    for s, p, o in triples:
        if p == _TYPE and o == _LIST:
            continue
        seen.add((names.get(s, s) if isinstance(s, BNode) else s, p,
                  names.get(o, o) if isinstance(o, BNode) else o))
    n3: dict[Node, str] = {}

    def key(triple: Triple) -> tuple[str, str, str]:
        out = []
        for term in triple:
            found = n3.get(term)
            if found is None:
                found = n3[term] = term.n3()
            out.append(found)
        return out[0], out[1], out[2]

    return sorted(seen, key=key)


def canonical(graph: Iterable[Triple]) -> Graph:
    """A new Graph of :func:`canonical_triples`, filled in their sorted order."""
    out = Graph()
    out.addN((s, p, o, out) for s, p, o in canonical_triples(graph))
    return out


def _bind(graph: Graph, used_prefixes: Mapping[str, str]) -> None:
    for prefix, ns in used_prefixes.items():
        graph.bind(prefix, ns, override=True, replace=True)


def _names(turtle: bool) -> Graph:
    """An empty Graph holding the prefixes an artifact binds: the vocabulary prefixes, and for Turtle
    BBAO's CURIE prefixes as well (``GO:0001649`` is a valid Turtle name, not a valid XML name)."""
    names = Graph()
    _bind(names, VOCAB_PREFIXES)
    if turtle:
        _bind(names, PREFIX_MAP)
    return names


# ------------------------------------------------------------------------------------------------ JSON-LD

# what json.dumps(value, sort_keys=True, ensure_ascii=False) uses, made once: json.dumps makes one per call
_ENCODER: Final = json.JSONEncoder(sort_keys=True, ensure_ascii=False)


def _encoded(value: object) -> str:
    """``json.dumps(value, sort_keys=True, ensure_ascii=False)``."""
    return _ENCODER.encode(value)


def _sorted_encoded(value: object) -> tuple[object, str]:
    """:func:`_sorted_json` of ``value`` and its :func:`_encoded` text, built bottom-up so that no part
    is encoded twice."""
    if isinstance(value, dict):
        items: dict[str, object] = {}
        texts: dict[str, str] = {}
        for k, v in value.items():
            if k == "@list":
                items[k], texts[k] = v, _encoded(v)
            else:
                items[k], texts[k] = _sorted_encoded(v)
        body = ", ".join(f"{_encoded(k)}: {texts[k]}" for k in sorted(texts))
        return items, "{" + body + "}"
    if isinstance(value, list):
        pairs = [_sorted_encoded(v) for v in value]
        pairs.sort(key=lambda pair: pair[1])
        return [v for v, _ in pairs], "[" + ", ".join(text for _, text in pairs) + "]"
    return value, _encoded(value)


def _sorted_json(value: object) -> object:
    """Sort every JSON-LD list whose order carries no meaning (all of them outside ``@list``), each by
    the sorted-keys JSON text of its items."""
    return _sorted_encoded(value)[0]


def _filled(triples: Sequence[Triple], names: Graph) -> Graph:
    """A Graph holding ``triples`` (added once, with ``addN``) and the prefixes of ``names``, in order. Its store
    is rdflib's ``SimpleMemory``: nested dictionaries without the contexts and events of the default ``Memory``
    store, which a Graph written once has no use for (half the time to fill; the writers' output is the same,
    as neither follows the store's order)."""
    graph = Graph(store="SimpleMemory")
    for prefix, namespace in names.namespaces():
        graph.bind(prefix, namespace, override=True, replace=True)
    graph.addN((s, p, o, graph) for s, p, o in triples)
    return graph


# ------------------------------------------------------------------------------------------------ RDF/XML

_RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_OWL_NS = "http://www.w3.org/2002/07/owl#"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_FIRST, _REST, _NIL = RDF.first, RDF.rest, RDF.nil
# an XML name without a colon (NCName), as the local part of an element name must be
_NCNAME = re.compile(r"[^\W\d][\w.\-]*\Z")
# characters XML 1.0 cannot carry at all, escaped or not
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


#: The types a subject's node element is named after, first found first (the OWL API's choice: an
#: ``owl:ObjectProperty`` that is also functional is written ``<owl:ObjectProperty>``, not by its other type).
_ELEMENT_TYPES: Final = tuple(_OWL_NS + name for name in (
    "Ontology", "Class", "ObjectProperty", "DatatypeProperty", "AnnotationProperty", "NamedIndividual",
    "Restriction", "Axiom", "AllDisjointClasses", "AllDifferent", "NegativePropertyAssertion"))


def _element_rank(kind: Node) -> tuple[int, bool]:
    """Sort key of a type for :func:`_rdf_xml`'s choice of element: :data:`_ELEMENT_TYPES` in order, then
    other OWL types, then any other type (the order of ``triples`` among equals, ``min`` being stable)."""
    iri = str(kind)
    return (_ELEMENT_TYPES.index(iri) if iri in _ELEMENT_TYPES else len(_ELEMENT_TYPES),
            not iri.startswith(_OWL_NS))


def _qnames(triples: Sequence[Triple]) -> tuple[dict[str, str], dict[str, str]]:
    """The element names RDF/XML needs: every predicate and every type written as a node element, as
    ``prefix:local``; and the namespaces to declare, prefix -> IRI (BBAO's vocabulary prefixes, used or not,
    then ``ns1``, ``ns2``... for the others used, numbered in sorted order). Raises :class:`BBAOError` for a
    predicate whose IRI does not end in an XML name (RDF/XML cannot write it)."""
    wanted = sorted({str(p) for _, p, _ in triples} | {str(o) for _, p, o in triples if p == _TYPE})
    by_namespace = {ns: prefix for prefix, ns in VOCAB_PREFIXES.items()}
    split: dict[str, tuple[str, str]] = {}
    for iri in wanted:
        for cut in (iri.rfind("#"), iri.rfind("/")):
            if cut >= 0 and _NCNAME.match(iri[cut + 1:]):
                split[iri] = (iri[:cut + 1], iri[cut + 1:])
                break
    for ns in sorted({ns for ns, _ in split.values()} - set(by_namespace)):
        by_namespace[ns] = f"ns{sum(1 for p in by_namespace.values() if p.startswith('ns') and p[2:].isdigit()) + 1}"
    names = {iri: f"{by_namespace[ns]}:{local}" for iri, (ns, local) in split.items()}
    for _, p, _ in triples:
        if str(p) not in names:
            raise BBAOError(f"RDF/XML cannot write the predicate <{p}>: its IRI does not end in an XML name")
    used = {ns for ns, _ in split.values()} | set(VOCAB_PREFIXES.values())  # BBAO's prefixes always declared
    return names, {prefix: ns for ns, prefix in by_namespace.items() if ns in used}


def _xml_text(value: str) -> str:
    """``value`` as XML character data; raises :class:`BBAOError` for a character XML cannot hold."""
    bad = _NOT_XML.search(value)
    if bad:
        raise BBAOError(f"RDF/XML cannot hold the character U+{ord(bad.group()):04X} of the literal {value!r}")
    return escape(value).replace("\r", "&#13;")


def _rdf_xml(triples: Sequence[Triple]) -> bytes:
    """``triples`` (canonical and sorted) as RDF/XML written the way the OWL API writes it: one typed node
    element per subject (``<owl:Class rdf:about=...>``; the ``owl:`` type where a subject has one), the
    ontology header first, blank nodes used once nested where they are used (restrictions, class expressions),
    RDF lists as ``rdf:parseType="Collection"``, axiom annotations (``owl:Axiom``) at the top level. OBO tools
    that read RDF/XML as XML (pronto) need these typed elements; the order is that of ``triples``, so the same
    triples give the same bytes."""
    names, namespaces = _qnames(triples)
    props: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)
    uses: dict[Node, int] = defaultdict(int)
    for s, p, o in triples:
        props[s].append((p, o))
        if isinstance(o, BNode):
            uses[o] += 1
    written: set[Node] = set()
    out: list[str] = []

    def nested(node: Node) -> bool:  # a blank node written inside the one element that points at it
        return isinstance(node, BNode) and uses[node] == 1 and node in props and node not in written

    def collection(node: Node) -> list[Node] | None:  # the items of a well-formed list starting at node
        items: list[Node] = []
        while node != _NIL:
            if not nested(node) and not (items == [] and isinstance(node, BNode) and uses[node] == 1):
                return None
            pairs = props.get(node, [])
            first = [o for p, o in pairs if p == _FIRST]
            rest = [o for p, o in pairs if p == _REST]
            if len(pairs) != 2 or len(first) != 1 or len(rest) != 1 or isinstance(first[0], Literal):
                return None
            items.append(first[0])
            node = rest[0]
            if node in items or len(items) > len(props):
                return None
        return items

    def element(node: Node, depth: int) -> None:
        written.add(node)
        pad = "    " * depth
        pairs = props.get(node, [])
        types = [o for p, o in pairs if p == _TYPE and isinstance(o, URIRef) and str(o) in names]
        kind = min(types, key=_element_rank, default=None)
        tag = names[str(kind)] if kind is not None else "rdf:Description"
        if isinstance(node, BNode):
            about = f" rdf:nodeID={quoteattr(str(node))}" if uses[node] != 1 or depth == 1 else ""
        else:
            about = f" rdf:about={quoteattr(str(node))}"
        body = [(p, o) for p, o in pairs if not (p == _TYPE and o == kind)]
        if not body:
            out.append(f"{pad}<{tag}{about}/>")
            return
        out.append(f"{pad}<{tag}{about}>")
        for p, o in body:
            name = names[str(p)]
            inner = pad + "    "
            if isinstance(o, Literal):
                attrs = ""
                if o.language:
                    attrs = f" xml:lang={quoteattr(o.language)}"
                elif o.datatype is not None and str(o.datatype) != _XSD_STRING:
                    attrs = f" rdf:datatype={quoteattr(str(o.datatype))}"
                out.append(f"{inner}<{name}{attrs}>{_xml_text(str(o))}</{name}>")
            elif not isinstance(o, BNode):
                out.append(f"{inner}<{name} rdf:resource={quoteattr(str(o))}/>")
            elif (items := collection(o)) is not None:
                out.append(f'{inner}<{name} rdf:parseType="Collection">')
                node_list: Node = o
                while node_list != _NIL:
                    written.add(node_list)
                    node_list = next(x for q, x in props[node_list] if q == _REST)
                for item in items:
                    if nested(item):
                        element(item, depth + 2)
                    elif isinstance(item, BNode):
                        out.append(f"{inner}    <rdf:Description rdf:nodeID={quoteattr(str(item))}/>")
                    else:
                        out.append(f"{inner}    <rdf:Description rdf:about={quoteattr(str(item))}/>")
                out.append(f"{inner}</{name}>")
            elif nested(o):
                out.append(f"{inner}<{name}>")
                element(o, depth + 2)
                out.append(f"{inner}</{name}>")
            else:
                out.append(f"{inner}<{name} rdf:nodeID={quoteattr(str(o))}/>")
        out.append(f"{pad}</{tag}>")

    out.append('<?xml version="1.0" encoding="UTF-8"?>')
    declared = "".join(f"\n    xmlns:{prefix}={quoteattr(ns)}" for prefix, ns in namespaces.items())
    out.append(f"<rdf:RDF{declared}>")
    headers = [s for s, p, o in triples if p == _TYPE and str(o) == _OWL_NS + "Ontology"]
    for subject in [*dict.fromkeys(headers), *props]:
        if subject not in written and not (isinstance(subject, BNode) and uses[subject] == 1):
            element(subject, 1)
    for subject in props:  # blank nodes used once but only from inside a cycle: never reached above
        if subject not in written:
            element(subject, 1)
    out.append("</rdf:RDF>")
    return ("\n".join(out) + "\n").encode("utf-8")


# ------------------------------------------------------------------------------------------------ render

def _ntriples(triples: Iterable[Triple]) -> bytes:
    """``triples`` as N-Triples: rdflib's row for each (what its ``nt`` serializer writes), the lines unique
    and sorted, a newline after the last."""
    text = "".join(_nt_row(triple) for triple in triples)
    lines = sorted({line for line in text.splitlines() if line.strip()})
    return ("\n".join(lines) + "\n").encode("utf-8")


def _jsonld(graph: Graph) -> bytes:
    """``graph`` (canonical) as JSON-LD: rdflib's writer with BBAO's context, every list sorted (:func:`_sorted_json`).
    The writer takes its names from the context, never from the Graph's prefixes."""
    data = graph.serialize(format="json-ld", context={**VOCAB_PREFIXES, **PREFIX_MAP}, encoding="utf-8")
    return (json.dumps(_sorted_json(json.loads(data)), ensure_ascii=False, indent=1, sort_keys=True)
            + "\n").encode("utf-8")


def _render_sorted(triples: Sequence[Triple], fmt: str, names: Graph | None = None,
                   filled: Graph | None = None) -> bytes:
    """``triples`` (canonical and sorted) in ``fmt``; Turtle prefixes from ``names`` (default: BBAO's). Turtle and
    JSON-LD are written from ``filled`` when given (a Graph of exactly ``triples`` with those prefixes bound, as
    :func:`_filled` gives it), else from a Graph filled here."""
    if fmt == "turtle":  # rdflib's writer, the prefixes bound in the order BBAO binds them
        graph = filled if filled is not None else _filled(triples, names if names is not None else _names(turtle=True))
        return graph.serialize(format="turtle", encoding="utf-8")
    if fmt == "nt":
        return _ntriples(triples)
    if fmt == "xml":
        return _rdf_xml(triples)
    if fmt == "json-ld":
        return _jsonld(filled if filled is not None else _filled(triples, _names(turtle=False)))
    raise BBAOError(f"cannot write RDF syntax {fmt!r} (BBAO writes {', '.join(RENDERED_SYNTAXES)})")


class Canonical:
    """One graph (an rdflib Graph or any iterable of triples) canonicalized once (:func:`canonical_triples`),
    to be rendered to any of :data:`RENDERED_SYNTAXES` from that one sorted list. Turtle prefixes come from
    ``names`` (a Graph whose bindings are copied, in order; default: BBAO's vocabulary and CURIE prefixes).

    :attr:`triples` is the sorted list; :attr:`graph` the rdflib Graph of it that Turtle and JSON-LD are written
    from, filled once on first use and shared by both (and by any reader of the product, such as
    :func:`bbao.obographs.obograph`). Read that Graph, do not change it: writing Turtle may bind prefixes
    (``ns1``...) on it, nothing else does."""

    def __init__(self, graph: Iterable[Triple], names: Graph | None = None) -> None:
        self.triples: list[Triple] = canonical_triples(graph)
        self._names = names
        self._graph: Graph | None = None

    @property
    def graph(self) -> Graph:
        """The Graph of :attr:`triples` (added once, in order) with the Turtle prefixes bound."""
        if self._graph is None:
            self._graph = _filled(self.triples, self._names if self._names is not None else _names(turtle=True))
        return self._graph

    def render(self, fmt: str) -> bytes:
        """:attr:`triples` as ``fmt`` (one of :data:`RENDERED_SYNTAXES`), the bytes :func:`render_all` writes
        for it; raises :class:`BBAOError` for another syntax."""
        if fmt in ("turtle", "json-ld"):
            return _render_sorted(self.triples, fmt, filled=self.graph)
        return _render_sorted(self.triples, fmt)


def render(graph: Graph, fmt: str) -> bytes:
    """Serialize ``graph`` (already canonical: see :func:`canonical`) as ``fmt``, an rdflib syntax name,
    to UTF-8 bytes: ``turtle`` (prefixes from the graph's own bindings), ``nt`` (sorted lines), ``xml``
    (RDF/XML as the OWL API writes it) and ``json-ld`` as :func:`render_all` writes them; any other name
    (``pretty-xml``, ``trig``...) is handed to rdflib's own serializer, whose errors propagate."""
    if fmt not in RENDERED_SYNTAXES or (fmt == "turtle" and graph.base is not None):
        return graph.serialize(format=fmt, encoding="utf-8")
    triples = sorted(graph, key=lambda t: (t[0].n3(), t[1].n3(), t[2].n3()))
    return _render_sorted(triples, fmt, graph if fmt == "turtle" else None)


def render_all(graph: Iterable[Triple] | Canonical, paths: Iterable[Path]) -> dict[Path, bytes]:
    """Render one graph (an rdflib Graph, any iterable of triples, or a :class:`Canonical`) to several files:
    file -> bytes, the syntax taken from each file's extension (:func:`bbao.artifacts.syntax_of`). The graph
    is canonicalized once for all of them, and Turtle and JSON-LD are written from one Graph of it.

    CURIE prefixes (``GO:``, ``HGNC:``...) are bound only for Turtle, where ``GO:0001649`` is a valid
    name; RDF/XML needs XML names, so it writes ``obo:GO_0001649``-style names or full IRIs. Raises
    :class:`BBAOError` for an extension that is not Turtle, N-Triples, RDF/XML or JSON-LD."""
    paths = list(paths)
    formats = {path: syntax_of(path).rdflib for path in paths}
    for path, fmt in formats.items():
        if fmt not in RENDERED_SYNTAXES:
            raise BBAOError(f"cannot write {path.name}: BBAO writes Turtle, N-Triples, RDF/XML and JSON-LD", path)
    canonical_graph = graph if isinstance(graph, Canonical) else Canonical(graph)
    return {path: canonical_graph.render(formats[path]) for path in paths}


def write_atomically(files: Mapping[Path, bytes]) -> list[Path]:
    """Write every file (path -> bytes) via a temporary sibling and ``os.replace``, creating folders as
    needed; files whose content is already ``data`` are left alone. Returns the files that changed, in
    the order given. Every temporary file is written and fsync'd before the first is renamed, with mode
    0o666 less the umask (as any file the user creates); when writing one fails (the OSError propagates)
    no file is replaced, and no temporary file is left after any failure, ``KeyboardInterrupt`` included
    (see :func:`bbao.release.replace_files`, which this is). No manifest and no lock: a release is written
    by :func:`bbao.release.write_release`."""
    return replace_files(files)
