"""Deterministic serialization: canonical blank nodes, each syntax written from one sorted triple list (the
Turtle writer byte for byte rdflib's), and atomic writes that leave good output in place on failure."""

from __future__ import annotations

import io
import json
import os
import re
import stat
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD

from bbao import paths, release, serialize
from bbao.errors import BBAOError
from bbao.imports import load_imports
from bbao.prefixes import PREFIX_MAP, VOCAB_PREFIXES
from bbao.serialize import (
    RENDERED_SYNTAXES,
    Canonical,
    blank_node_names,
    canonical,
    canonical_triples,
    render,
    render_all,
    write_atomically,
)

OBO = Namespace("http://purl.obolibrary.org/obo/")
EX = Namespace("https://example.org/vocabulary#")
NAME = re.compile(r"b[0-9a-f]{24}")


def restriction(graph: Graph, cls: URIRef, prop: URIRef, filler: URIRef, node: BNode | None = None) -> BNode:
    node = node or BNode()
    graph.add((cls, RDFS.subClassOf, node))
    graph.add((node, RDF.type, OWL.Restriction))
    graph.add((node, OWL.onProperty, prop))
    graph.add((node, OWL.someValuesFrom, filler))
    return node


def tricky() -> Graph:
    """A graph with what a Turtle writer has to get right: lists (typed rdf:List too), nested and shared blank
    nodes, an unreferenced blank subject, an rdfs:Class, literals of many kinds, names that are no valid
    Turtle local names, a predicate in a namespace no prefix is bound to."""
    g = Graph()
    cls = OBO.BBAO_TEST_1
    g.add((EX.Thing, RDF.type, RDFS.Class))
    g.add((EX.Thing, RDFS.label, Literal("thing")))
    g.add((cls, RDF.type, OWL.Class))
    g.add((cls, RDFS.label, Literal("a \"quoted\"\nlabel")))
    g.add((cls, RDFS.label, Literal("étiquette", lang="fr")))
    g.add((cls, RDFS.comment, Literal("2026-01-01", datatype=XSD.date)))
    g.add((cls, RDFS.comment, Literal(3)))
    g.add((cls, RDFS.comment, Literal(Decimal("2.50"))))
    g.add((cls, RDFS.comment, Literal(True)))
    g.add((cls, RDFS.comment, Literal(1.5e300)))
    g.add((cls, RDFS.comment, Literal("x", datatype=URIRef("https://example.org/dt/custom"))))
    g.add((cls, RDFS.seeAlso, URIRef("https://example.org/path/name(1)")))
    g.add((cls, RDFS.seeAlso, URIRef("https://example.org/path/ends.")))
    g.add((cls, URIRef("https://unbound.example.org/terms#p"), Literal("generated prefix")))
    restriction(g, cls, OBO.RO_0002212, OBO.GO_0001649)
    restriction(g, OBO.BBAO_TEST_2, OBO.RO_0002212, OBO.GO_0001649)  # equal content, other parent
    union = BNode()
    g.add((OBO.BBAO_TEST_3, OWL.equivalentClass, union))
    g.add((union, RDF.type, OWL.Class))
    members = BNode()
    g.add((union, OWL.unionOf, members))
    inner = BNode()
    Collection(g, members, [OBO.CL_0000062, inner, OBO.CL_0000137])
    g.add((members, RDF.type, RDF.List))
    g.add((inner, RDF.type, OWL.Restriction))
    g.add((inner, OWL.onProperty, OBO.BFO_0000050))
    g.add((inner, OWL.someValuesFrom, OBO.UBERON_0001016))
    shared = BNode()  # referenced twice: written with its label
    g.add((OBO.BBAO_TEST_4, RDFS.subClassOf, shared))
    g.add((OBO.BBAO_TEST_5, RDFS.subClassOf, shared))
    g.add((shared, RDF.type, OWL.Restriction))
    g.add((shared, OWL.onProperty, OBO.RO_0000056))
    g.add((shared, OWL.someValuesFrom, OBO.GO_0030316))
    axiom = BNode()  # an unreferenced blank subject: written as []
    g.add((axiom, RDF.type, OWL.Axiom))
    g.add((axiom, OWL.annotatedSource, cls))
    g.add((axiom, RDFS.comment, Literal("annotated")))
    return g


def names_graph(turtle: bool = True) -> Graph:
    """The bindings render_all gives an artifact."""
    g = Graph()
    for prefix, ns in VOCAB_PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)
    if turtle:
        for prefix, ns in PREFIX_MAP.items():
            g.bind(prefix, ns, override=True, replace=True)
    return g


def rdflib_turtle(triples: list) -> bytes:
    """The reference pipeline: the canonical triples added, in order, to a fresh Graph with the
    artifact's bindings, serialized by rdflib's own Turtle writer."""
    g = names_graph()
    for triple in triples:
        g.add(triple)
    return g.serialize(format="turtle", encoding="utf-8")


def rdflib_jsonld(triples: list) -> bytes:
    """The former JSON-LD pipeline: rdflib's serializer on a Graph, every list sorted by its JSON text."""

    def sort(value):
        if isinstance(value, dict):
            return {k: (v if k == "@list" else sort(v)) for k, v in value.items()}
        if isinstance(value, list):
            return sorted((sort(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
        return value

    g = names_graph(turtle=False)
    for triple in triples:
        g.add(triple)
    data = json.loads(g.serialize(format="json-ld", context={**VOCAB_PREFIXES, **PREFIX_MAP}, encoding="utf-8"))
    return (json.dumps(sort(data), ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def shipped_imports() -> Graph:
    return load_imports(paths.imports_dir())[0]


def settled(graph: Graph) -> set:
    """Canonical triples of canonical triples: what a graph written by render_all reads back as (the first
    pass drops ``rdf:type rdf:List``, which changes the content, hence the names, of list nodes)."""
    return set(canonical_triples(canonical_triples(graph)))


# --- canonical blank nodes ---------------------------------------------------------------------------------


def test_blank_node_names_come_from_content_and_context_not_from_labels():
    first, second = Graph(), Graph()
    restriction(first, OBO.CL_0000062, OBO.BFO_0000050, OBO.UBERON_0002405, BNode("x1"))
    restriction(second, OBO.CL_0000062, OBO.BFO_0000050, OBO.UBERON_0002405, BNode("something-else"))
    assert canonical_triples(first) == canonical_triples(second)
    name = blank_node_names(first)[BNode("x1")]
    assert NAME.fullmatch(str(name))


def test_equal_restrictions_under_different_classes_get_different_names():
    g = Graph()
    a = restriction(g, OBO.CL_0000062, OBO.BFO_0000050, OBO.UBERON_0002405)
    b = restriction(g, OBO.CL_0000137, OBO.BFO_0000050, OBO.UBERON_0002405)
    names = blank_node_names(g)
    assert names[a] != names[b]
    other = restriction(g, OBO.CL_0000062, OBO.BFO_0000050, OBO.UBERON_0001474)  # other content, same parent
    assert len({names[a], names[b], blank_node_names(g)[other]}) == 3


def test_the_same_expression_twice_under_one_class_becomes_one_node():
    g = Graph()
    restriction(g, OBO.CL_0000062, OBO.BFO_0000050, OBO.UBERON_0002405)
    restriction(g, OBO.CL_0000062, OBO.BFO_0000050, OBO.UBERON_0002405)
    assert len(g) == 8
    assert len(canonical_triples(g)) == 4


def test_canonical_triples_are_sorted_without_list_typing():
    triples = canonical_triples(tricky())
    assert triples == sorted(triples, key=lambda t: tuple(x.n3() for x in t))
    assert not any(p == RDF.type and o == RDF.List for _, p, o in triples)
    assert all(NAME.fullmatch(str(x)) for t in triples for x in t if isinstance(x, BNode))
    assert list(canonical(tricky())) and set(canonical(tricky())) == set(triples)


def test_canonical_output_is_the_same_in_every_process():
    """Blank node labels and set order change with the hash seed; the bytes must not."""
    code = ("import sys; sys.path.insert(0, sys.argv[1]); from test_serialize import tricky; "
            "from pathlib import Path; from bbao.serialize import render_all; "
            "files = render_all(tricky(), [Path(f'x.{e}') for e in ('ttl', 'nt', 'owl', 'jsonld')]); "
            "import hashlib; print(hashlib.sha256(b''.join(files.values())).hexdigest())")
    digests = {
        subprocess.run([sys.executable, "-c", code, str(Path(__file__).parent)], check=True, capture_output=True,
                       text=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout.strip()
        for seed in ("1", "2", "3")
    }
    assert len(digests) == 1 and len(next(iter(digests))) == 64


# --- each syntax -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("graph", [tricky, shipped_imports], ids=["tricky", "import-modules"])
def test_turtle_is_byte_for_byte_rdflibs(graph):
    ours = render_all(graph(), [Path("x.ttl")])[Path("x.ttl")]
    assert ours == rdflib_turtle(canonical_triples(graph()))


def test_turtle_writes_lists_inline_blank_nodes_and_generated_prefixes():
    text = render_all(tricky(), [Path("x.ttl")])[Path("x.ttl")].decode("utf-8")
    assert text.startswith("@prefix BFO: <http://purl.obolibrary.org/obo/BFO_> .\n")
    assert "owl:unionOf ( CL:0000062 [ a owl:Restriction ;" in text
    assert "\n[] a owl:Axiom ;" in text
    shared = re.findall(r"_:b[0-9a-f]{24}", text)
    assert len(shared) == 3 and len(set(shared)) == 1  # referenced twice, described once
    assert "@prefix ns1: <https://unbound.example.org/terms#> ." in text
    assert text.index("<https://example.org/vocabulary#Thing> a rdfs:Class") < text.index("obo:BBAO_TEST_1 a")
    assert '"""a "quoted"\nlabel"""' in text and "2.50,\n" in text and '"étiquette"@fr' in text


def test_turtle_with_other_prefixes_is_rdflibs_too():
    """Prefixed names that need escaping, a prefix Turtle cannot use (leading underscore), a name ending in
    a dot, a namespace that is itself an IRI of the graph."""
    names = names_graph()
    names.bind("ex", "https://example.org/path/")
    names.bind("_u", "https://example.org/dt/")
    names.bind("voc", "https://example.org/vocabulary#")
    graph = tricky()
    graph.add((URIRef("https://example.org/vocabulary#"), RDFS.label, Literal("the vocabulary")))
    graph.add((OBO.BBAO_TEST_1, RDFS.seeAlso, URIRef("https://example.org/path/100%x")))  # Oxigraph refuses it
    triples = canonical_triples(graph)
    ours = serialize._render_sorted(triples, "turtle", names)
    assert ours != render_all(graph, [Path("x.ttl")])[Path("x.ttl")]
    reference = Graph()
    for prefix, ns in names.namespaces():
        reference.bind(prefix, ns, override=True, replace=True)
    for triple in triples:
        reference.add(triple)
    assert ours == reference.serialize(format="turtle", encoding="utf-8")
    text = ours.decode("utf-8")
    assert r"ex:name\(1\)" in text and "<https://example.org/path/ends.>" in text
    assert "@prefix p_u: <https://example.org/dt/> ." in text


def test_ntriples_are_sorted_unique_lines():
    data = render_all(tricky(), [Path("x.nt")])[Path("x.nt")]
    lines = data.decode("utf-8").splitlines()
    assert lines == sorted(set(lines)) and data.endswith(b"\n")
    assert len(lines) == len(canonical_triples(tricky()))
    assert set(canonical_triples(Graph().parse(data=data, format="nt"))) == settled(tricky())


@pytest.mark.parametrize("graph", [tricky, shipped_imports], ids=["tricky", "import-modules"])
def test_ntriples_are_the_lines_of_rdflibs_serializer_sorted(graph):
    """The rows come from rdflib's row writer, no Graph filled: the lines its ``nt`` serializer writes for a
    Graph of the canonical triples, unique and sorted."""
    reference = Graph()
    for triple in canonical_triples(graph()):
        reference.add(triple)
    text = reference.serialize(format="nt", encoding="utf-8").decode("utf-8")
    expected = ("\n".join(sorted({line for line in text.splitlines() if line.strip()})) + "\n").encode("utf-8")
    assert render_all(graph(), [Path("x.nt")])[Path("x.nt")] == expected


def test_a_canonical_graph_is_filled_once_for_every_syntax():
    """Canonical: one canonicalization, one Graph for Turtle and JSON-LD, the same bytes as render_all."""
    canonical_graph = Canonical(tricky())
    files = [Path(f"x.{ext}") for ext in ("ttl", "nt", "owl", "jsonld")]
    assert render_all(canonical_graph, files) == render_all(tricky(), files)
    filled = canonical_graph.graph
    assert canonical_graph.graph is filled  # Turtle and JSON-LD were both written from it
    assert set(filled) == set(canonical_graph.triples) == set(canonical_triples(tricky()))
    assert canonical_graph.render("json-ld") == render_all(tricky(), [Path("x.jsonld")])[Path("x.jsonld")]
    with pytest.raises(BBAOError, match="cannot write RDF syntax"):
        canonical_graph.render("trig")


@pytest.mark.parametrize("suffix", [".owl", ".jsonld", ".ttl"])
def test_every_syntax_reads_back_as_the_same_graph(suffix):
    expected = settled(tricky())
    data = render_all(tricky(), [Path(f"x{suffix}")])[Path(f"x{suffix}")]
    fmt = {".owl": "xml", ".jsonld": "json-ld", ".ttl": "turtle"}[suffix]
    assert set(canonical_triples(Graph().parse(data=data, format=fmt))) == expected


def test_rdfxml_uses_xml_names_not_curies():
    text = render_all(tricky(), [Path("x.owl")])[Path("x.owl")].decode("utf-8")
    assert 'xmlns:obo="http://purl.obolibrary.org/obo/"' in text and "CL:0000062" not in text


@pytest.mark.parametrize("graph", [tricky, shipped_imports], ids=["tricky", "import-modules"])
def test_jsonld_is_what_rdflibs_graph_serializer_gives(graph):
    assert render_all(graph(), [Path("x.jsonld")])[Path("x.jsonld")] == rdflib_jsonld(canonical_triples(graph()))


def test_sorted_json_matches_its_definition():
    data = json.loads(render_all(shipped_imports(), [Path("x.jsonld")])[Path("x.jsonld")])
    data["@graph"].reverse()
    sorted_value, text = serialize._sorted_encoded(data)
    assert text == json.dumps(sorted_value, sort_keys=True, ensure_ascii=False)
    assert sorted_value["@graph"] == sorted(sorted_value["@graph"], key=lambda v: json.dumps(v, sort_keys=True,
                                                                                             ensure_ascii=False))
    assert serialize._sorted_json({"@list": [3, 1, 2], "x": [3, 1, 2]}) == {"@list": [3, 1, 2], "x": [1, 2, 3]}


def test_render_of_a_canonical_graph_equals_render_all():
    graph = canonical(tricky())
    for prefix, ns in {**VOCAB_PREFIXES, **PREFIX_MAP}.items():
        graph.bind(prefix, ns, override=True, replace=True)
    assert render(graph, "turtle") == render_all(tricky(), [Path("x.ttl")])[Path("x.ttl")]
    assert render(graph, "nt") == render_all(tricky(), [Path("x.nt")])[Path("x.nt")]
    small = Graph()
    small.add((OBO.CL_0000062, RDFS.label, Literal("osteoblast")))
    assert render(small, "pretty-xml").startswith(b"<?xml")  # any other syntax: rdflib's own writer


def test_render_all_refuses_a_syntax_it_does_not_write():
    assert set(RENDERED_SYNTAXES) == {"turtle", "nt", "xml", "json-ld"}
    with pytest.raises(BBAOError, match=r"x\.nq"):
        render_all(tricky(), [Path("x.nq")])
    with pytest.raises(BBAOError, match="cannot tell the RDF syntax"):
        render_all(tricky(), [Path("x.csv")])


# --- atomic writes -----------------------------------------------------------------------------------------


def test_write_atomically_writes_only_what_changed(tmp_path):
    a, b = tmp_path / "a.ttl", tmp_path / "sub" / "b.ttl"
    assert write_atomically({a: b"one\n", b: b"two\n"}) == [a, b]
    before = a.stat().st_mtime_ns
    assert write_atomically({a: b"one\n", b: b"three\n"}) == [b]
    assert a.stat().st_mtime_ns == before and b.read_bytes() == b"three\n"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a.ttl", "b.ttl", "sub"]


def test_a_failed_write_leaves_the_good_output_and_no_temporary_file(tmp_path, monkeypatch):
    good = {tmp_path / "a.ttl": b"good a\n", tmp_path / "b.ttl": b"good b\n"}
    write_atomically(good)
    real_write = os.write
    calls = []

    def failing_write(fd, data):
        calls.append(fd)
        if len(calls) == 2:  # the second file cannot be written (disk full, say)
            raise OSError(28, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(release.os, "write", failing_write)
    with pytest.raises(OSError, match="No space left"):
        write_atomically({tmp_path / "a.ttl": b"new a\n", tmp_path / "b.ttl": b"new b\n"})
    assert len(calls) == 2
    assert {p: p.read_bytes() for p in good} == good  # neither file replaced, not even the first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.ttl", "b.ttl"]


def test_an_interrupt_between_renames_leaves_no_temporary_file(tmp_path, monkeypatch):
    real_replace = os.replace
    renamed = []

    def replace_then_interrupt(src, dst):
        if renamed:
            raise KeyboardInterrupt
        real_replace(src, dst)
        renamed.append(dst)

    monkeypatch.setattr(release.os, "replace", replace_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomically({tmp_path / "a.ttl": b"new a\n", tmp_path / "b.ttl": b"new b\n"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.ttl"]  # b's staged temporary is gone


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600)])
def test_written_files_follow_the_umask(tmp_path, umask, mode):
    previous = os.umask(umask)
    try:
        write_atomically({tmp_path / "a.ttl": b"a\n", tmp_path / "sub" / "b.nt": b"b\n"})
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "a.ttl").stat().st_mode) == mode
    assert stat.S_IMODE((tmp_path / "sub" / "b.nt").stat().st_mode) == mode


def test_render_returns_bytes_ready_to_write(tmp_path):
    files = render_all(tricky(), [tmp_path / "x.ttl", tmp_path / "x.nt"])
    assert write_atomically(files) == list(files)
    assert all(isinstance(data, bytes) and path.read_bytes() == data for path, data in files.items())
    assert io.BytesIO(files[tmp_path / "x.ttl"]).read().startswith(b"@prefix ")
