"""bbao.pruning: which property chains and transitivity axioms a reasoner can be spared, one small ontology per
case (a chain left out where no model can tell, kept where its new edges could change a class), and the release
itself (tests/test_reason.py reasons over it with everything put back)."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from bbao import pruning

# --- leaving out the chains and transitivity of free properties (pruning.free_properties) -------------------------

_TTL = """@prefix : <http://x.org/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
:a a owl:ObjectProperty . :b a owl:ObjectProperty . :h a owl:ObjectProperty .
:h owl:propertyChainAxiom ( :a :b ) .
:A rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :a ; owl:someValuesFrom :B ] .
:B rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :b ; owl:someValuesFrom :C ] .
"""


def _x(name: str) -> URIRef:
    return URIRef(f"http://x.org/{name}")


def _dropped(extra: str) -> bool:
    """Whether the chain of :h in :data:`_TTL` plus ``extra`` is left out of the reasoners' input (checked both by
    :func:`pruning.irrelevant_chains` and by what :func:`pruning.without_irrelevant_axioms` keeps)."""
    graph = Graph().parse(data=_TTL + extra, format="turtle")
    listed = [p for p, _ in pruning.irrelevant_chains(graph)] == [_x("h")]
    pruned, chains, _ = pruning.without_irrelevant_axioms(graph)
    kept = (_x("h"), OWL.propertyChainAxiom, None) in pruned
    assert listed == (not kept) and chains == (0 if kept else 1)
    if not kept:  # nothing of the chain is left behind: no list cell, no dangling blank node
        assert not list(pruned.triples((None, RDF.first, None)))
    return listed


_USED_POSITIVELY = ":D rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :h ; owl:someValuesFrom :E ] .\n"


@pytest.mark.parametrize("extra", [
    _USED_POSITIVELY,  # only on the right of a subclass axiom, existentially: more :h edges break nothing
    _USED_POSITIVELY + ":s a owl:ObjectProperty . :h rdfs:subPropertyOf :s . "
                       ":D rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :s ; owl:someValuesFrom :E ] .",
    _USED_POSITIVELY + ":i1 :h :i2 .",  # a property assertion only adds edges
    # on the left of a subclass axiom under allValuesFrom: the class can only grow, on the side that may
    ":D rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :h ; owl:hasSelf true ] .",
    "[ a owl:Restriction ; owl:onProperty :h ; owl:allValuesFrom :E ] rdfs:subClassOf :D .",
    # a domain every new edge meets: the first link is a sub-property of the property with the domain
    ":s a owl:ObjectProperty . :h rdfs:subPropertyOf :s . :a rdfs:subPropertyOf :s . :s rdfs:domain :Dom .",
    # a range every new edge meets: the last link is one
    ":s a owl:ObjectProperty . :h rdfs:subPropertyOf :s . :b rdfs:subPropertyOf :s . :s rdfs:range :Ran .",
    # the same through an inverse: :b is a sub-property of the inverse of :t, whose domain is the range wanted
    ":t a owl:ObjectProperty . :h owl:inverseOf :hi . :hi rdfs:subPropertyOf :t . :b rdfs:subPropertyOf :s . "
    ":s owl:inverseOf :t . :t rdfs:domain :Ran .",
    # a chain whose head has a domain its own transitivity keeps: the transitivity is dropped too
    ":h a owl:TransitiveProperty . :a rdfs:subPropertyOf :h . :h rdfs:domain :Dom .",
], ids=["some-on-the-right", "super-some-on-the-right", "assertion", "self-on-the-right", "only-on-the-left",
        "domain-of-first-link", "range-of-last-link", "range-through-inverses", "transitive-head-with-domain"])
def test_a_chain_whose_head_only_gains_where_nothing_forbids_it_is_left_out(extra):
    assert _dropped(extra)


@pytest.mark.parametrize("extra", [
    ":D owl:equivalentClass [ a owl:Restriction ; owl:onProperty :h ; owl:someValuesFrom :E ] .",
    "[ a owl:Restriction ; owl:onProperty :h ; owl:someValuesFrom :E ] rdfs:subClassOf :D .",
    ":D rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :h ; owl:allValuesFrom :E ] .",
    ":D rdfs:subClassOf [ owl:complementOf [ a owl:Restriction ; owl:onProperty :h ; owl:someValuesFrom :E ] ] .",
    ":D owl:disjointWith [ a owl:Restriction ; owl:onProperty :h ; owl:someValuesFrom :E ] .",
    ":D rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :h ; owl:maxCardinality 1 ] .",
    ":h a owl:FunctionalProperty .",
    ":s a owl:ObjectProperty . :h rdfs:subPropertyOf :s . :s a owl:InverseFunctionalProperty .",
    ":h owl:inverseOf :hi . :hi a owl:AsymmetricProperty .",
    ":h owl:propertyDisjointWith :a .",
    "[ a owl:NegativePropertyAssertion ; owl:sourceIndividual :i ; owl:assertionProperty :h ; "
    "  owl:targetIndividual :j ] .",
    # a domain that the first link does not give: a new :h edge may start outside :Dom
    ":h rdfs:domain :Dom .",
    ":s a owl:ObjectProperty . :h rdfs:subPropertyOf :s . :s rdfs:domain :Dom . :b rdfs:subPropertyOf :s .",
    # a range the last link does not give, through an inverse either
    ":h owl:inverseOf :hi . :hi rdfs:domain :Ran .",
    # the head is a link of a chain whose head is used in a definition: the new edges reach it
    ":k a owl:ObjectProperty . :k owl:propertyChainAxiom ( :h :b ) . "
    ":D owl:equivalentClass [ a owl:Restriction ; owl:onProperty :k ; owl:someValuesFrom :E ] .",
    # the super-property is used in a definition through its inverse
    ":s a owl:ObjectProperty . :h rdfs:subPropertyOf :s . "
    ":D owl:equivalentClass [ a owl:Restriction ; owl:onProperty [ owl:inverseOf :s ] ; owl:someValuesFrom :E ] .",
    # a restriction no axiom reaches (only in an annotation, say): its use is unknown
    ":D rdfs:comment [ a owl:Restriction ; owl:onProperty :h ; owl:someValuesFrom :E ] .",
    # a property expression that is neither a property nor an inverse: nothing is pruned
    ":q rdfs:subPropertyOf [ owl:propertyChainAxiom ( :a :b ) ] .",
], ids=["equivalent", "some-on-the-left", "only-on-the-right", "complement", "disjoint", "max-cardinality",
        "functional", "super-inverse-functional", "inverse-asymmetric", "disjoint-properties", "negative-assertion",
        "domain", "domain-of-super-not-given-by-first-link", "range-through-inverse", "link-of-a-relevant-chain",
        "inverse-of-super-in-definition", "unreached-restriction", "unreadable-expression"])
def test_a_chain_whose_new_edges_could_change_a_class_is_kept(extra):
    assert not _dropped(extra)


def test_transitivity_of_a_free_property_is_left_out_with_its_reified_annotations():
    graph = Graph().parse(data=_TTL + _USED_POSITIVELY + """
:h a owl:TransitiveProperty . :a a owl:TransitiveProperty .
:D owl:equivalentClass [ a owl:Restriction ; owl:onProperty :a ; owl:someValuesFrom :E ] .
[ a owl:Axiom ; owl:annotatedSource :h ; owl:annotatedProperty rdf:type ; owl:annotatedTarget owl:TransitiveProperty ;
  rdfs:comment "from RO" ] .
""", format="turtle")
    assert pruning.free_properties(graph) >= {_x("h")} and _x("a") not in pruning.free_properties(graph)
    pruned, chains, transitive = pruning.without_irrelevant_axioms(graph)
    assert (chains, transitive) == (1, 1)
    assert (_x("h"), RDF.type, OWL.TransitiveProperty) not in pruned
    assert (_x("a"), RDF.type, OWL.TransitiveProperty) in pruned  # :a is used in a definition
    assert not list(pruned.triples((None, OWL.annotatedSource, None)))  # the OWL API would read it back


@pytest.mark.parametrize("extra, inert", [
    ("", True),  # :never has no edge in any model that needs one
    (":i1 :never :i2 .", False),  # asserted between individuals
    (":never a owl:ReflexiveProperty .", False),
    (":never owl:inverseOf :used .", False),
    ("[ a owl:Restriction ; owl:onProperty [ owl:inverseOf :never ] ; owl:allValuesFrom :E ] rdfs:subClassOf :D .",
     False),
    # :never holds wherever :a o :b does (A's members reach C through :a and :b): the chain over it can fire
    (":never owl:propertyChainAxiom ( :a :b ) .", False),
    (":never owl:propertyChainAxiom ( :a :nothing ) .", True),
], ids=["unused", "asserted", "reflexive", "inverse-used", "inverse-in-restriction", "head-of-live-chain",
        "head-of-inert-chain"])
def test_an_inert_chain_has_a_link_no_model_needs_an_edge_of(extra, inert):
    graph = Graph().parse(data=_TTL + """
:k a owl:ObjectProperty . :k owl:propertyChainAxiom ( :never :b ) .
:D owl:equivalentClass [ a owl:Restriction ; owl:onProperty :k ; owl:someValuesFrom :E ] .
:F rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :used ; owl:someValuesFrom :E ] .
""" + extra, format="turtle")
    assert (_x("k") in {p for p, _ in pruning.inert_chains(graph)}) == inert


_COVERED = """@prefix : <http://x.org/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
:t a owl:ObjectProperty . :a rdfs:subPropertyOf :t . :h rdfs:subPropertyOf :t . :c a owl:ObjectProperty .
:h owl:propertyChainAxiom ( :a :a ) .
:D owl:equivalentClass [ a owl:Restriction ; owl:onProperty :t ; owl:someValuesFrom :E ] .
:A rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :a ; owl:someValuesFrom :A ] .
:A rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :c ; owl:someValuesFrom :A ] .
:F rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :h ; owl:someValuesFrom :E ] .
"""


def _dropped_heads(ttl: str) -> set[str]:
    """The local names of the chain heads :func:`pruning.without_irrelevant_axioms` leaves out of ``ttl``."""
    graph = Graph().parse(data=ttl, format="turtle")
    pruned, _, _ = pruning.without_irrelevant_axioms(graph)
    return {str(p).rsplit("/", 1)[1] for p in graph.subjects(OWL.propertyChainAxiom)} - {
        str(p).rsplit("/", 1)[1] for p in pruned.subjects(OWL.propertyChainAxiom)}


@pytest.mark.parametrize("extra, dropped", [
    # :t is used in a definition, but every :h edge the chain adds is a path of :a edges, so already a :t edge
    (":t a owl:TransitiveProperty .", {"h"}),
    ("", set()),  # :t not transitive: a new :h edge is a new :t edge, which can put an individual into :D
    # RO's 'capable of positively regulating' (:k2 <- :c o :h) under 'capable of regulating' (:k <- :c o :t):
    # what :k2's chain adds through :h is already a :k edge through :k's own chain
    (":t a owl:TransitiveProperty . :k2 rdfs:subPropertyOf :k . :k2 owl:propertyChainAxiom ( :c :h ) . "
     ":k owl:propertyChainAxiom ( :c :t ) . "
     ":G owl:equivalentClass [ a owl:Restriction ; owl:onProperty :k ; owl:someValuesFrom :E ] .", {"h", "k2"}),
    # without :k's chain, :k2's chain gives :k edges that were not there: both chains stay
    (":t a owl:TransitiveProperty . :k2 rdfs:subPropertyOf :k . :k2 owl:propertyChainAxiom ( :c :h ) . "
     ":G owl:equivalentClass [ a owl:Restriction ; owl:onProperty :k ; owl:someValuesFrom :E ] .", set()),
], ids=["transitive-super", "no-transitive-super", "kept-chain-of-super", "no-chain-of-super"])
def test_a_chain_whose_new_edges_a_relevant_super_property_already_has_is_left_out(extra, dropped):
    assert _dropped_heads(_COVERED + extra) == dropped


def test_reflexivity_of_an_inverse_makes_its_property_hold():
    """``[ owl:inverseOf :never ] a owl:ReflexiveProperty`` gives :never an edge at every individual, as
    ``:never a owl:ReflexiveProperty`` does (found by a fresh tester: the chain over it was dropped and HermiT lost
    B ⊑ D)."""
    graph = Graph().parse(data=_TTL + """
:k a owl:ObjectProperty . :k owl:propertyChainAxiom ( :never :b ) .
:D owl:equivalentClass [ a owl:Restriction ; owl:onProperty :k ; owl:someValuesFrom :E ] .
[ owl:inverseOf :never ] a owl:ReflexiveProperty .
""", format="turtle")
    assert _x("k") not in {p for p, _ in pruning.inert_chains(graph)}


def test_a_graph_with_rules_is_not_pruned():
    """A SWRL rule's head gives a property edges no axiom shows (``p(?x, ?y) -> never(?x, ?y)``): nothing is left
    out, neither inert chains nor those of free properties."""
    graph = Graph().parse(data=_TTL + """
@prefix swrl: <http://www.w3.org/2003/11/swrl#> .
:k a owl:ObjectProperty . :k owl:propertyChainAxiom ( :never :b ) .
:D owl:equivalentClass [ a owl:Restriction ; owl:onProperty :k ; owl:someValuesFrom :E ] .
[ a swrl:Imp ; swrl:head ( [ a swrl:IndividualPropertyAtom ; swrl:propertyPredicate :never ;
    swrl:argument1 :x ; swrl:argument2 :y ] ) ] .
""", format="turtle")
    assert pruning.inert_chains(graph) == [] and pruning.free_properties(graph) == frozenset()
    assert pruning.without_irrelevant_axioms(graph)[1:] == (0, 0)


def test_a_blank_node_another_axiom_shares_is_kept_when_a_chain_goes():
    """An ``[ owl:inverseOf P ]`` link or an RDF list that a kept axiom also uses stays whole when the chain that
    uses it is left out (found by a fresh tester: the restriction on the shared inverse lost its property, and a
    shared list left a kept chain empty, which HermiT refused)."""
    shared_inverse = Graph().parse(data=_TTL + """
_:inv owl:inverseOf :a .
:k a owl:ObjectProperty . :k owl:propertyChainAxiom ( _:inv :never ) .
:D owl:equivalentClass [ a owl:Restriction ; owl:onProperty _:inv ; owl:someValuesFrom owl:Thing ] .
""", format="turtle")
    pruned, count = pruning.without_inert_chains(shared_inverse)
    assert count == 1 and (_x("k"), OWL.propertyChainAxiom, None) not in pruned  # inert: :never holds nowhere
    inverse = next(s for s, o in shared_inverse.subject_objects(OWL.inverseOf) if o == _x("a"))
    assert (inverse, OWL.inverseOf, _x("a")) in pruned  # the restriction still has its property
    # :h (free) and :k2 (in a definition) share the list of ( :a :b ): :h's chain goes, :k2's keeps its list
    shared_list = Graph().parse(data=_TTL.replace(":h owl:propertyChainAxiom ( :a :b ) .", """
:h owl:propertyChainAxiom _:list . :k2 a owl:ObjectProperty . :k2 owl:propertyChainAxiom _:list .
_:list rdf:first :a ; rdf:rest ( :b ) .
:D2 owl:equivalentClass [ a owl:Restriction ; owl:onProperty :k2 ; owl:someValuesFrom :E ] ."""), format="turtle")
    pruned, chains, _ = pruning.without_irrelevant_axioms(shared_list)
    assert chains == 1 and (_x("h"), OWL.propertyChainAxiom, None) not in pruned
    kept = pruned.value(_x("k2"), OWL.propertyChainAxiom)
    assert pruning._items(pruned, kept) == [_x("a"), _x("b")]
