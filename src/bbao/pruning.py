"""What a reasoner can be spared: axioms of a graph that change no consistency, named subsumption or named type.

Two kinds, each with its argument in its docstring: property chain axioms that can never fire (:func:`inert_chains`:
a link no model needs an edge of), left out of the ``full`` product by ``bbao build``; and the chains and
transitivity of *free* properties (:func:`free_properties`: whose extra edges can falsify no axiom), left out of
what ``bbao reason`` gives HermiT and Pellet. :func:`with_chains` puts chains back before a user's data, which may
use their relations, is merged. The tests reason over the release with every chain put back and compare
(tests/test_pruning.py, tests/test_reason.py).
"""

from __future__ import annotations

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

__all__ = [
    "free_properties", "inert_chain_triples", "inert_chains", "irrelevant_axiom_triples", "irrelevant_chains",
    "with_chains", "without_inert_chains", "without_irrelevant_axioms",
]


def inert_chains(graph: Graph) -> list[tuple[URIRef, BNode]]:
    """Property chain axioms that can never fire on ``graph``: some link of the chain is a property that
    :func:`_holdable_properties` leaves out (no edge of it is ever needed). Dropping them loses no entailment; it
    makes HermiT 3x faster on BBAO (47 of RO's 57 chains are inert here; measured 9.9 s -> 3.2 s, same hierarchy).
    On a graph it cannot read (a property expression that is neither a property nor ``[ owl:inverseOf P ]``) no
    chain is inert.

    Why: let N be the properties left out, O the ontology and O' it without these chains. From a model I' of O',
    remove every edge of N: N is closed downwards (sub-properties, named inverses) and a chain whose head is in
    N has a link in N, so every property inclusion still holds (a dropped chain has an empty link); no property
    of N occurs in a restriction, a property assertion, a key, a reflexivity axiom (of it or its inverse) or a
    rule (a graph with SWRL rules is not pruned), and what remains (domains,
    ranges, functionality, disjointness...) only ever holds better with fewer edges. The result is a model of O
    with the same classes: consistency, named subsumptions and types are those of O'."""
    try:
        _refuse_rules(graph)  # a rule's head gives edges no axiom read here shows
        holdable = _holdable_properties(graph)
        return [
            (prop, chain)  # type: ignore[misc]
            for prop, chain in graph.subject_objects(OWL.propertyChainAxiom)
            if not all(_expression(graph, link)[0] in holdable for link in _items(graph, chain))
        ]
    except _Unreadable:
        return []


def _refuse_rules(graph: Graph) -> None:
    """Raise :class:`_Unreadable` when ``graph`` holds SWRL rules (an atom of one is typed in the SWRL namespace):
    a rule's head can give a property edges that no axiom read here shows, so nothing is pruned."""
    if any(str(o).startswith("http://www.w3.org/2003/11/swrl#") for o in graph.objects(None, RDF.type)):
        raise _Unreadable("SWRL")


def _holdable_properties(graph: Graph) -> set[Node]:
    """The properties of ``graph`` that can need an edge: those used in a restriction (through an inverse too),
    a property assertion (any triple with them as predicate), a key, or declared reflexive, and every
    super-property and named inverse of one, and the head of every chain whose links all can (the least such
    set). Raises :class:`_Unreadable` for a property expression it cannot read."""
    supers: dict[Node, set[Node]] = {}
    for predicate in (RDFS.subPropertyOf, OWL.equivalentProperty, OWL.inverseOf):
        for a, b in graph.subject_objects(predicate):
            if predicate == OWL.inverseOf and not isinstance(a, URIRef):
                continue  # an [ owl:inverseOf P ] expression, read where it is used
            names = _expression(graph, a)[0], _expression(graph, b)[0]
            supers.setdefault(names[0], set()).add(names[1])
            if predicate != RDFS.subPropertyOf:
                supers.setdefault(names[1], set()).add(names[0])
    chains = [(_expression(graph, head)[0], {_expression(graph, link)[0] for link in _items(graph, links)})
              for head, links in graph.subject_objects(OWL.propertyChainAxiom)]
    seeds: set[Node] = {_expression(graph, p)[0] for p in graph.objects(None, OWL.onProperty)}
    seeds |= {_expression(graph, p)[0] for node in graph.objects(None, OWL.onProperties) for p in _items(graph, node)}
    seeds |= {_expression(graph, p)[0] for node in graph.objects(None, OWL.hasKey) for p in _items(graph, node)}
    seeds |= {_expression(graph, p)[0] for p in graph.subjects(RDF.type, OWL.ReflexiveProperty)}  # [ owl:inverseOf P ]
    seeds.add(OWL.topObjectProperty)
    known = set(supers) | {n for sups in supers.values() for n in sups} | {h for h, _ in chains} | {
        link for _, links in chains for link in links}
    seeds |= {p for p in known if (None, p, None) in graph}  # asserted between individuals
    holdable: set[Node] = set()
    todo = list(seeds)
    while todo:
        prop = todo.pop()
        if prop in holdable:
            continue
        holdable.add(prop)
        todo.extend(supers.get(prop, ()))
        todo.extend(head for head, links in chains if head not in holdable and links <= holdable)
    return holdable


#: A property expression (:func:`free_properties`): a named property, and whether it is taken inverted.
_Expr = tuple[URIRef, bool]
#: The polarity of an occurrence of a property in an axiom (:func:`_constrained_properties`): monotone (more edges
#: of the property can only make the axiom hold), antitone, or both/unknown.
_POSITIVE, _NEGATIVE, _BOTH = 1, -1, 0
#: Property characteristics that more edges can break.
_CONSTRAINING = (OWL.FunctionalProperty, OWL.InverseFunctionalProperty, OWL.AsymmetricProperty,
                 OWL.IrreflexiveProperty)
#: The predicates that make their subject a class expression (a restriction, a boolean class or an enumeration).
_CONSTRUCTORS = (OWL.intersectionOf, OWL.unionOf, OWL.complementOf, OWL.oneOf, OWL.onProperty, OWL.onProperties)


class _Unreadable(Exception):
    """A property expression that is neither a named property nor ``[ owl:inverseOf P ]``: nothing is pruned."""


def _items(graph: Graph, node: Node | None) -> list[Node]:
    """The members of the RDF list ``node`` (none for no list)."""
    from rdflib.collection import Collection

    return list(Collection(graph, node)) if node is not None else []


def _expression(graph: Graph, node: Node) -> _Expr:
    """``node`` as a property expression: ``(P, False)`` for a named property P, ``(P, True)`` for
    ``[ owl:inverseOf P ]``; raises :class:`_Unreadable` for anything else."""
    if isinstance(node, URIRef):
        return node, False
    target = graph.value(node, OWL.inverseOf)
    if isinstance(target, URIRef):
        return target, True
    raise _Unreadable(node)


def _constrained_properties(graph: Graph) -> set[URIRef]:
    """The named object properties of ``graph`` that occur somewhere more edges of them could falsify: in a class
    axiom anywhere but positively (see :func:`free_properties`), with a characteristic or axiom that limits its
    edges (functional, inverse functional, asymmetric, irreflexive, disjoint properties, keys, negative property
    assertions), or in a restriction that no axiom read here reaches (unknown use). Domain and range axioms are not
    counted here (:func:`free_properties` reads them). Raises :class:`_Unreadable`."""
    constrained: set[URIRef] = set()
    seen: set[tuple[Node, int]] = set()
    reached: set[Node] = set()

    def mark(prop: Node, polarity: int) -> None:
        if polarity != _POSITIVE:
            constrained.add(_expression(graph, prop)[0])

    def walk(node: Node | None, polarity: int, axiom: bool = False) -> None:
        """Mark the properties of the class expression ``node`` occurring with ``polarity`` (a named class is
        not expanded unless it is the subject of ``axiom``: its definition is an axiom of its own)."""
        if node is None or (isinstance(node, URIRef) and not axiom) or (node, polarity) in seen:
            return
        seen.add((node, polarity))
        for op in (OWL.intersectionOf, OWL.unionOf):
            for item in _items(graph, graph.value(node, op)):
                walk(item, polarity)
        for complement in graph.objects(node, OWL.complementOf):
            walk(complement, -polarity)
        for item in _items(graph, graph.value(node, OWL.onProperties)):
            mark(item, _BOTH)
        for prop in graph.objects(node, OWL.onProperty):
            reached.add(node)
            on_class = graph.value(node, OWL.onClass)
            for kind, filler in graph.predicate_objects(node):
                if kind in (OWL.someValuesFrom, OWL.hasValue, OWL.hasSelf, OWL.minCardinality):
                    mark(prop, polarity)
                    walk(filler, polarity)
                elif kind == OWL.minQualifiedCardinality:
                    mark(prop, polarity)
                    walk(on_class, polarity)
                elif kind == OWL.allValuesFrom:
                    mark(prop, -polarity)
                    walk(filler, polarity)
                elif kind in (OWL.maxCardinality, OWL.maxQualifiedCardinality):
                    mark(prop, -polarity)
                    walk(on_class, -polarity)
                elif kind in (OWL.cardinality, OWL.qualifiedCardinality):
                    mark(prop, _BOTH)
                    walk(on_class, _BOTH)

    def pairs(predicate: URIRef) -> set[tuple[Node, Node]]:
        """The (subject, object) pairs of ``predicate``, those of axioms only given reified (``owl:Axiom``) too."""
        found = set(graph.subject_objects(predicate))
        for axiom in graph.subjects(OWL.annotatedProperty, predicate):
            for source in graph.objects(axiom, OWL.annotatedSource):
                found |= {(source, target) for target in graph.objects(axiom, OWL.annotatedTarget)}
        return found

    for c, d in pairs(RDFS.subClassOf):
        walk(c, _NEGATIVE)
        walk(d, _POSITIVE)
    for a, b in pairs(OWL.equivalentClass):
        walk(a, _BOTH, axiom=True)
        walk(b, _BOTH, axiom=True)
    for a, b in pairs(OWL.disjointWith):
        walk(a, _NEGATIVE)
        walk(b, _NEGATIVE)
    for node, items in graph.subject_objects(OWL.disjointUnionOf):
        walk(node, _BOTH, axiom=True)
        for item in _items(graph, items):
            walk(item, _BOTH)
    for node in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        for item in _items(graph, graph.value(node, OWL.members)):
            walk(item, _NEGATIVE)
    for node in {s for op in _CONSTRUCTORS for s in graph.subjects(op, None) if isinstance(s, URIRef)}:
        walk(node, _BOTH, axiom=True)  # a named class with a class constructor: an equivalence
    for individual_type in graph.objects(None, RDF.type):
        if isinstance(individual_type, BNode):
            walk(individual_type, _POSITIVE)  # a class assertion (or a typed blank node: read as one)
    for predicate in (RDFS.domain, RDFS.range):
        for cls in graph.objects(None, predicate):
            walk(cls, _POSITIVE)
    for restriction, prop in graph.subject_objects(OWL.onProperty):
        if restriction not in reached:
            mark(prop, _BOTH)  # used where this function does not look
    for characteristic in _CONSTRAINING:
        for prop in graph.subjects(RDF.type, characteristic):
            mark(prop, _BOTH)
    for a, b in graph.subject_objects(OWL.propertyDisjointWith):
        mark(a, _BOTH)
        mark(b, _BOTH)
    for node in graph.subjects(RDF.type, OWL.AllDisjointProperties):
        for item in _items(graph, graph.value(node, OWL.members)):
            mark(item, _BOTH)
    for keys in graph.objects(None, OWL.hasKey):
        for item in _items(graph, keys):
            mark(item, _BOTH)
    for prop in graph.objects(None, OWL.assertionProperty):
        mark(prop, _BOTH)
    constrained.add(OWL.bottomObjectProperty)
    return constrained


def _flip(expr: _Expr) -> _Expr:
    return expr[0], not expr[1]


def free_properties(graph: Graph) -> frozenset[URIRef]:
    """The named object properties of ``graph`` whose property chains and transitivity can be left out
    (:func:`irrelevant_axiom_triples`) without changing consistency, any named subsumption or any named type: the
    edges those axioms add never make an axiom false nor move an individual into or out of a named class. On a
    property expression it cannot read (neither a property nor ``[ owl:inverseOf P ]``), or SWRL rules, it
    answers that no property is free. Raises nothing.

    The argument (monotonicity). Let O be the ontology, F the free set, O' = O without the chains and
    transitivity of F. Every model I' of O' extends to a model I of O with the same domain, classes and
    individuals: close I' under every property inclusion of O (sub-properties, inverses, symmetry, chains,
    transitivity; the least closure). By induction on the closure's steps:

    * only properties of F get edges I' lacks. An added edge of e in F reaches a super-property s outside F only
      when s has it already (the pair is *covered*: e's own sources are covered, and each chain of e is
      *witnessed*: some W under s, outside F, has a kept transitivity or a kept chain whose links include e's
      chain's links one by one, each of them either outside F or covered by the corresponding link of W). The
      same witness is asked of every kept chain (head outside F) with a link in F. RO's 'positively regulates
      <- negatively regulates o negatively regulates' is so: its new edges are 'regulates' edges already (regulates
      is transitive), and 'capable of positively regulating <- capable of o positively regulates' adds only
      'capable of regulating' edges that 'capable of regulating <- capable of o regulates' gives already.
    * every property of F occurs only positively in class axioms (:func:`_constrained_properties`:
      ``someValuesFrom``, ``hasValue``, ``hasSelf`` or ``minCardinality`` on the side that must hold, class and
      property assertions): such class expressions only grow with more edges, named classes stay as they are, so
      ``C ⊑ D`` with C unchanged and D growing stays true; and none has a characteristic that limits its edges
      (functional, inverse functional, asymmetric, irreflexive, disjoint, key, negative assertion).
    * a domain D of a property of F (a range is the domain of the inverse) holds for every added edge: its
      subject is already in D in I' (``domain_safe``): the edge comes from an added edge of a sub-property (safe
      by induction), or from a chain (transitivity: ``P o P``) whose first link is a sub-property of some property
      with domain D (its edge, if already in I', puts the subject in D) and, if that link is in F, safe for D
      itself. For an inverted head the chain is read backwards (its first link is the inverse of the last). The
      refinement is needed: 'regulates' has domain and range 'process', and its chains start and end with
      sub-properties of it.

    So I is a model of O with I''s classes: O is consistent iff O' is, and O entails ``A ⊑ B`` or ``a : A`` for
    named A, B and a iff O' does (O' ⊆ O gives one direction, the extended countermodel the other). Nothing is
    claimed for property assertions between individuals (BBAO asks the reasoners for none). F is a greatest
    fixpoint: start from every property not constrained, drop any property that breaks a condition for the
    current F, until none does (the conditions are then checked against the final F).
    """
    try:
        _refuse_rules(graph)
        return _free_properties(graph)
    except _Unreadable:
        return frozenset()


def _free_properties(graph: Graph) -> frozenset[URIRef]:
    """:func:`free_properties`, raising :class:`_Unreadable` for what it cannot read."""
    supers: dict[_Expr, set[_Expr]] = {}  # direct property inclusions, both ways round for inverses
    chains: dict[_Expr, list[list[_Expr]]] = {}  # head -> its chains (transitivity: P o P), inverted heads too

    def include(sub: _Expr, sup: _Expr) -> None:
        supers.setdefault(sub, set()).add(sup)
        supers.setdefault(_flip(sub), set()).add(_flip(sup))

    def chain(head: _Expr, links: list[_Expr]) -> None:
        chains.setdefault(head, []).append(links)
        chains.setdefault(_flip(head), []).append([_flip(link) for link in reversed(links)])

    for a, b in graph.subject_objects(RDFS.subPropertyOf):
        include(_expression(graph, a), _expression(graph, b))
    for a, b in graph.subject_objects(OWL.equivalentProperty):
        include(_expression(graph, a), _expression(graph, b))
        include(_expression(graph, b), _expression(graph, a))
    for a, b in graph.subject_objects(OWL.inverseOf):
        if isinstance(a, URIRef):  # [ owl:inverseOf P ] blank nodes are expressions, read where they are used
            include((a, False), _flip(_expression(graph, b)))
            include(_flip(_expression(graph, b)), (a, False))
    for prop in graph.subjects(RDF.type, OWL.SymmetricProperty):
        include(_expression(graph, prop), _flip(_expression(graph, prop)))
    for prop in graph.subjects(RDF.type, OWL.TransitiveProperty):
        chain(_expression(graph, prop), [_expression(graph, prop)] * 2)
    for head, links in graph.subject_objects(OWL.propertyChainAxiom):
        chain(_expression(graph, head), [_expression(graph, link) for link in _items(graph, links)])
    domains: dict[_Expr, set[Node]] = {}
    for prop, cls in graph.subject_objects(RDFS.domain):
        domains.setdefault(_expression(graph, prop), set()).add(cls)
    for prop, cls in graph.subject_objects(RDFS.range):
        domains.setdefault(_flip(_expression(graph, prop)), set()).add(cls)

    subs: dict[_Expr, set[_Expr]] = {}
    for sub, sups in supers.items():
        for sup in sups:
            subs.setdefault(sup, set()).add(sub)

    def below(top: _Expr) -> set[_Expr]:
        """``top`` and every expression included in it (reflexive, transitive)."""
        found, todo = {top}, [top]
        while todo:
            for sub in subs.get(todo.pop(), ()):
                if sub not in found:
                    found.add(sub)
                    todo.append(sub)
        return found

    exprs = set(supers) | set(subs) | set(chains) | set(domains) | {
        link for lists in chains.values() for links in lists for link in links}
    names = {e[0] for e in exprs} | {
        p for kind in (OWL.ObjectProperty, *_CONSTRAINING, OWL.TransitiveProperty, OWL.SymmetricProperty)
        for p in graph.subjects(RDF.type, kind) if isinstance(p, URIRef)}
    constrained = _constrained_properties(graph)
    free = {p for p in names if p not in constrained and p != OWL.topObjectProperty}

    below_memo: dict[_Expr, set[_Expr]] = {}

    def under(top: _Expr) -> set[_Expr]:
        if top not in below_memo:
            below_memo[top] = below(top)
        return below_memo[top]

    def domain_safe(cls: Node) -> set[_Expr]:
        """The free expressions every edge of which the closure adds starts at an individual already in ``cls``
        in I' (see :func:`free_properties`): a greatest fixpoint."""
        implying = set().union(*(under(e) for e, classes in domains.items() if cls in classes))
        safe = {e for e in exprs if e[0] in free}
        changed = True
        while changed:
            changed = False
            for e in sorted(safe):
                subs_ok = all(f in safe or f[0] not in free for f in subs.get(e, ()) if f != e)
                chains_ok = all(links[0] in implying and (links[0][0] not in free or links[0] in safe)
                                for links in chains.get(e, ()))
                if not (subs_ok and chains_ok):
                    safe.discard(e)
                    changed = True
        return safe

    def covered() -> set[tuple[_Expr, _Expr]]:
        """The pairs (e, s), e free and s not, such that every edge of e the closure adds is already an edge of s
        in I' (see :func:`free_properties`): a greatest fixpoint."""
        pairs = {(e, s) for e in exprs if e[0] in free for s in exprs if s[0] not in free and e in under(s)}
        changed = True
        while changed:
            changed = False
            for e, s in sorted(pairs):
                ok = all((f, s) in pairs for f in subs.get(e, ()) if f != e and f[0] in free)
                ok = ok and all(witnessed(links, s, pairs) for links in chains.get(e, ()))
                if not ok:
                    pairs.discard((e, s))
                    changed = True
        return pairs

    def witnessed(links: list[_Expr], s: _Expr, pairs: set[tuple[_Expr, _Expr]]) -> bool:
        """Whether a path along ``links`` (each edge already in I', or added and covered) is already an edge of
        ``s`` in I': through a property W under ``s`` that is not free, by its transitivity (kept) or a kept
        chain of W whose links include these link by link."""
        def fits(link: _Expr, target: _Expr) -> bool:
            if link not in under(target):
                return False
            return link[0] not in free or (target[0] not in free and (link, target) in pairs)

        for w in under(s):
            if w[0] in free:
                continue
            for kept in chains.get(w, ()):
                if kept == [w, w] and all(fits(link, w) for link in links):
                    return True
                if len(kept) == len(links) and all(fits(a, b) for a, b in zip(links, kept, strict=True)):
                    return True
        return False

    changed = True
    while changed:
        changed = False
        pairs = covered()
        safe_for: dict[Node, set[_Expr]] = {}
        for prop in sorted(free):
            if prop not in free:
                continue
            mine = ((prop, False), (prop, True))
            # an edge added to prop reaches a super-property that is not free only where that already has it
            ok = all(sup[0] in free or sup[0] == OWL.topObjectProperty or (e, sup) in pairs
                     for e in mine for sup in supers.get(e, ()))
            # nor does it make a kept chain (its head is not free) add an edge that is not there already
            ok = ok and all(witnessed(links, head, pairs) for head, lists in chains.items() if head[0] not in free
                            for links in lists if any(link[0] == prop for link in links))
            for e in mine:
                for cls in domains.get(e, ()) if ok else ():
                    if cls not in safe_for:
                        safe_for[cls] = domain_safe(cls)
                    ok = ok and e in safe_for[cls]
            if not ok:
                free.discard(prop)
                changed = True
                break  # the covered pairs and the domains are computed again for the smaller free set
    return frozenset(free)


def irrelevant_chains(graph: Graph) -> list[tuple[URIRef, BNode]]:
    """The property chain axioms of ``graph`` whose head is a free property (:func:`free_properties`): what they
    derive changes no consistency, named subsumption or named type. Not a superset of :func:`inert_chains`
    (a chain can be inert with a constrained head); :func:`irrelevant_axiom_triples` drops both, the inert ones
    first (the free properties are those of the ontology without them)."""
    free = free_properties(graph)
    return [(prop, chain) for prop, chain in graph.subject_objects(OWL.propertyChainAxiom)  # type: ignore[misc]
            if prop in free]


def irrelevant_axiom_triples(graph: Graph) -> tuple[set[tuple[Node, Node, Node]], int, int]:
    """The triples the reasoners' input leaves out of ``graph`` (:func:`reasoner_input`): every inert property
    chain (:func:`inert_chains`), every chain whose head is free and the transitivity of every free property
    (:func:`free_properties`), each with its RDF list, its ``[ owl:inverseOf P ]`` links and any ``owl:Axiom``
    that annotates it (the OWL API would read the axiom back from that); and how many chains and transitivity
    axioms they are. Entailment-preserving as :func:`free_properties` and :func:`inert_chains` argue."""
    inert = inert_chains(graph)
    dropped = _unshared(graph, {t for prop, chain in inert for t in _chain_triples(graph, prop, chain)})
    # the free properties of the ontology without its inert chains: what is left must be pruned in its turn
    rest = Graph()
    rest.addN((s, p, o, rest) for s, p, o in graph if (s, p, o) not in dropped)
    free = free_properties(rest)
    chains = {*inert, *((p, c) for p, c in rest.subject_objects(OWL.propertyChainAxiom) if p in free)}
    dropped |= {t for prop, chain in chains for t in _chain_triples(graph, prop, chain)}
    transitive = {(p, RDF.type, OWL.TransitiveProperty) for p in graph.subjects(RDF.type, OWL.TransitiveProperty)
                  if p in free}
    dropped |= transitive
    for axiom in set(graph.subjects(RDF.type, OWL.Axiom)):
        annotated = (graph.value(axiom, OWL.annotatedSource), graph.value(axiom, OWL.annotatedProperty),
                     graph.value(axiom, OWL.annotatedTarget))
        if annotated in dropped:
            dropped |= set(graph.triples((axiom, None, None)))
    return _unshared(graph, dropped), len(chains), len(transitive)


def without_irrelevant_axioms(graph: Graph) -> tuple[Graph, int, int]:
    """A copy of ``graph`` without the triples of :func:`irrelevant_axiom_triples`, and how many chains and
    transitivity axioms were left out."""
    dropped, chains, transitive = irrelevant_axiom_triples(graph)
    out = Graph()
    out.addN((s, p, o, out) for s, p, o in graph if (s, p, o) not in dropped)
    return out, chains, transitive


def _chain_triples(graph: Graph, prop: Node, chain: Node) -> list[tuple[Node, Node, Node]]:
    """The triples of one property chain axiom of ``graph``: ``prop owl:propertyChainAxiom chain``, the list's
    cells and any ``[ owl:inverseOf P ]`` link."""
    triples: list[tuple[Node, Node, Node]] = [(prop, OWL.propertyChainAxiom, chain)]
    cell: Node | None = chain
    while isinstance(cell, BNode):
        for p in (RDF.first, RDF.rest):
            for o in graph.objects(cell, p):
                triples.append((cell, p, o))
        link = graph.value(cell, RDF.first)
        if isinstance(link, BNode):
            triples.extend((link, p, o) for p, o in graph.predicate_objects(link))
        cell = graph.value(cell, RDF.rest)
    return triples


def _unshared(graph: Graph, dropped: set[tuple[Node, Node, Node]]) -> set[tuple[Node, Node, Node]]:
    """``dropped`` (triples of ``graph`` to leave out) without the triples of any blank node that a triple kept
    still refers to: an RDF list or an ``[ owl:inverseOf P ]`` that another axiom shares stays whole."""
    while True:
        referred = {o for s, p, o in graph if isinstance(o, BNode) and (s, p, o) not in dropped}
        shared = {t for t in dropped if isinstance(t[0], BNode) and t[0] in referred}
        if not shared:
            return dropped
        dropped = dropped - shared


def inert_chain_triples(graph: Graph) -> tuple[set[tuple[Node, Node, Node]], int]:
    """The triples :func:`without_inert_chains` leaves out of ``graph`` (each inert property chain axiom of
    :func:`inert_chains` with its RDF list and any ``[ owl:inverseOf P ]`` link, unless another axiom shares
    them), and how many chains they are."""
    inert = inert_chains(graph)
    return _unshared(graph, {t for prop, chain in inert for t in _chain_triples(graph, prop, chain)}), len(inert)


def without_inert_chains(graph: Graph) -> tuple[Graph, int]:
    """A copy of ``graph`` without its inert property chain axioms (:func:`inert_chains`), their RDF lists
    removed with them, and how many were left out. The ``full`` product is written so (``bbao build``): the
    chains change no inference on BBAO and cost HermiT most of its time (measured through the OWL API 5.1.9 on
    the shipped bbao.owl, same 6,994 subsumptions: 21-37 s of classification with them, 5-8 s without, on a
    machine loaded 7-10 deep; 5.9 s and 2-3 s when it was quieter)."""
    dropped, count = inert_chain_triples(graph)
    out = Graph()
    out.addN((s, p, o, out) for s, p, o in graph if (s, p, o) not in dropped)
    return out, count


def with_chains(graph: Graph, source: Graph) -> Graph:
    """``graph`` with every property chain axiom of ``source`` added (its list copied with it): puts back the
    chains the ``full`` product leaves out, from the ``base`` product, which keeps them, before ``graph`` is
    merged with data that may use their relations. Returns ``graph``, changed in place."""
    for prop, chain in source.subject_objects(OWL.propertyChainAxiom):
        for triple in _chain_triples(source, prop, chain):
            graph.add(triple)
    return graph
