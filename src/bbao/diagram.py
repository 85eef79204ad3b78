"""A picture of the brain-bone axis, drawn with Graphviz from the claims in the ontology graph.

Every edge is a claim (claims with the same subject, relation and object share one edge); every node is a
claim's subject or object. Where a node sits comes from the ontology, not from a list of edges:

- its *side* (brain or bone cluster) from its ancestors (``rdfs:subClassOf`` and ``part of``) among a few
  anchor classes, else from the claims about it (the subject of a top-down claim acts from the brain; an
  object lies where the claim's cell, anatomy or site of action is); a node of both sides or of neither
  stays between the clusters;
- its *kind* (shape and colour) from its ancestors too: disease, phenotype, drug, process, anatomy; drugs
  are also the subjects of therapy claims, and bone-derived hormones are what a bone cell produces (and the
  proteoforms of it).

An edge's colour and arrowhead show the claim's sign, its line how firmly the review states it (the claim's
knowledge level, :data:`bbao.model.KNOWLEDGE_LEVELS`, grouped as the Biolink Model groups them,
:data:`bbao.model.BIOLINK_KNOWLEDGE_LEVEL`): solid for an established claim (an OWL axiom of BBAO), dashed for
an association, a clinical observation or an experimental finding, dotted for a hypothesis or a future
direction. Claims sharing an edge draw it with the firmest level among them; each claim's level is in the
edge's tooltip.

Claims are read with :func:`bbao.claims.read_claims`; a claim without a subject, relation or object is not
drawn. Nodes and edges are sorted, so the same ontology gives a byte-identical drawing.
"""

from __future__ import annotations

import re
import textwrap
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Final

import graphviz
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDFS
from rdflib.term import Node

from bbao.claims import ClaimRecord, Term, read_claims
from bbao.errors import BBAOError
from bbao.model import (
    BIOLINK_KNOWLEDGE_LEVEL,
    BOTTOM_UP,
    CENTRAL,
    ESTABLISHED,
    KNOWLEDGE_LEVELS,
    OBOINOWL,
    PERIPHERAL,
    PROCESS,
    THERAPY,
    TOP_DOWN,
    iri,
)
from bbao.prefixes import compress, prefix_of

__all__ = [
    "BETWEEN", "BONE", "BRAIN", "FORMATS", "KIND_BY_PREFIX", "KIND_ROOTS", "LEVEL_LEGEND", "SIDE_ROOTS", "Axis",
    "AxisClaim", "Edge", "axis_claims", "build", "display_name", "edge_label", "edges", "line_style", "node_id", "pipe",
    "render", "select", "wrap",
]

#: The output formats of :func:`render`.
FORMATS: Final = ("svg", "png", "dot")
#: The sides of the drawing: the brain cluster (left), the bone cluster (right), between them.
BRAIN, BONE, BETWEEN = "brain", "bone", "between"
#: Left-to-right column of each side.
COLUMN: Final = {BRAIN: 0, BETWEEN: 1, BONE: 2}
#: Where the subject of a claim of this direction acts from: top-down from the brain, bottom-up from bone.
DIRECTION_SIDE: Final = {TOP_DOWN: BRAIN, BOTTOM_UP: BONE}
#: Where a claim's object lies when the claim acts centrally (brain) or peripherally (bone).
SITE_SIDE: Final = {CENTRAL: BRAIN, PERIPHERAL: BONE}

#: BFO 'part of', RO 'produced by' and RO 'gene product of'.
PART_OF: Final = iri("BFO:0000050")
#: RO 'has role' and ChEBI 'drug': a class stating both is drawn as a drug.
HAS_ROLE: Final = iri("RO:0000087")
DRUG_ROLE: Final = iri("CHEBI:23888")
PRODUCED_BY: Final = iri("RO:0003001")
GENE_PRODUCT_OF: Final = iri("RO:0002204")


def _iris(*curies: str) -> frozenset[URIRef]:
    return frozenset(iri(c) for c in curies)


#: Anchor classes of each side: a term under one of them (is_a or part_of) is drawn on that side. BBAO's
#: choice for this drawing, among the terms of UBERON (anatomy), CL (cell types), GO (biological processes),
#: MONDO (diseases) and HP (phenotypes): the nervous and the skeletal system, their cells, their processes,
#: their disorders and abnormalities.
SIDE_ROOTS: dict[str, frozenset[URIRef]] = {
    BRAIN: _iris(
        "UBERON:0001016", "UBERON:0001017", "UBERON:0000955", "UBERON:0001021",  # nervous system, CNS, brain, nerve
        "CL:0000540", "CL:0000129",  # neuron, microglial cell
        "GO:0050877", "GO:0007420", "GO:0021675", "GO:0070997", "GO:0061900", "GO:0048167", "GO:0150076",
        "GO:0007610",  # nervous system process, brain and nerve development, neuron death, glia, plasticity, behavior
        "MONDO:0005071", "HP:0000707",  # nervous system disorder and abnormality
    ),
    BONE: _iris(
        "UBERON:0001434", "UBERON:0002481",  # skeletal system, bone tissue
        "CL:0001035", "CL:0000062", "CL:0000092",  # bone cell, osteoblast, osteoclast
        # ossification, bone remodeling, resorption and mineralization, osteoblast and osteoclast processes
        "GO:0001503", "GO:0046849", "GO:0045453", "GO:0031214", "GO:0001649", "GO:0030316", "GO:0033687",
        "GO:1990523",  # bone regeneration
        "MONDO:0005172", "HP:0000924",  # skeletal system disorder and abnormality
    ),
}

#: Kinds of node by ancestor, first match wins (bone-derived hormones and therapy subjects come first):
#: ChEBI 'drug' (a role) and BBAO's 'monoclonal antibody', MONDO 'disease', uPheno/HP 'phenotypic
#: abnormality', BFO 'process', UBERON 'anatomical entity' and CL 'cell'.
KIND_ROOTS: dict[str, frozenset[URIRef]] = {
    "drug": _iris("CHEBI:23888", "BBAO:0000021"),  # drug (role), monoclonal antibody
    "disease": _iris("MONDO:0000001"),
    "phenotype": _iris("UPHENO:0001001", "HP:0000118"),
    "process": frozenset({PROCESS}),
    "anatomy": _iris("UBERON:0001062", "CL:0000000"),
}
#: Kind of a term whose import module carries no parents: GO terms are processes, UBERON and CL terms anatomy.
KIND_BY_PREFIX: Final = {"GO": "process", "UBERON": "anatomy", "CL": "anatomy"}

#: Edge colour and arrowhead of each sign (:data:`bbao.model.SIGNS`): green arrow, red bar, grey vee.
SIGN_COLOUR: Final[dict[str, str]] = {"positive": "#1a9850", "negative": "#d73027", "none": "#8c8c8c"}
SIGN_ARROW: Final[dict[str, str]] = {"positive": "normal", "negative": "tee", "none": "vee"}
#: Edge line of each Biolink knowledge level (:data:`bbao.model.BIOLINK_KNOWLEDGE_LEVEL`'s values): an
#: established claim (a knowledge assertion) solid, a prediction (hypothesis, future direction) dotted, an
#: association or observation dashed (:func:`line_style`).
BIOLINK_LINE: Final[dict[str, str]] = {"knowledge_assertion": "solid", "prediction": "dotted"}
#: The legend's entry of each line style, naming the knowledge levels drawn with it.
LEVEL_LEGEND: Final[dict[str, str]] = {
    "solid": "established claim (an OWL axiom)",
    "dashed": "not established: association, clinical observation or experimental finding",
    "dotted": "not established: hypothesis or future direction",
}
#: Pen width of each line style: dotted lines are drawn thicker so that they stay visible.
LINE_WIDTH: Final[dict[str, str]] = {"solid": "1.4", "dashed": "1.4", "dotted": "2.2"}
SIDE_FILL = {BRAIN: "#dbe9f6", BONE: "#f6ead3", BETWEEN: "#ffffff"}
SIDE_TITLE = {BRAIN: "Brain side: nervous system, neurons, brain processes",
              BONE: "Bone side: skeleton, bone cells, bone processes, bone-derived hormones"}
KIND_STYLE: dict[str, dict[str, str]] = {
    "hormone": {"shape": "box", "style": "rounded,filled,bold", "fillcolor": "#ffd23f", "penwidth": "2.5"},
    "drug": {"shape": "cds", "style": "filled", "fillcolor": "#d9c6ef"},
    "disease": {"shape": "octagon", "style": "filled", "fillcolor": "#f4b6b6"},
    "phenotype": {"shape": "note", "style": "filled", "fillcolor": "#fbdede"},
    "process": {"shape": "ellipse", "style": "filled"},
    "anatomy": {"shape": "box", "style": "rounded,filled"},
    "molecule": {"shape": "box", "style": "filled"},
}
KIND_LEGEND = {
    "hormone": "bone-derived hormone", "drug": "drug or therapy", "disease": "disease", "phenotype": "phenotype",
    "process": "biological process", "anatomy": "anatomy or cell type", "molecule": "molecule, protein or gene",
}
FONT = "DejaVu Sans"


@dataclass(frozen=True)
class AxisClaim:
    """The fields of one claim that the drawing uses: ``id`` is its CURIE, ``excerpt`` the edge's tooltip,
    ``contexts`` its cell contexts then its anatomical contexts, ``sites`` central and/or peripheral,
    ``knowledge_level`` how firmly the review states it (empty when the graph gives none), ``examples`` the
    examples it gives of a subject that is a class of agents."""

    id: str
    subject: URIRef
    relation: URIRef
    object: URIRef
    sign: str
    section: str
    direction: str
    excerpt: str
    receptors: tuple[URIRef, ...] = ()
    contexts: tuple[URIRef, ...] = ()
    sites: tuple[str, ...] = ()
    knowledge_level: str = ""
    examples: tuple[URIRef, ...] = ()

    @classmethod
    def of(cls, claim: ClaimRecord) -> AxisClaim | None:
        """The drawn part of ``claim``, or ``None`` when its subject, relation or object is missing or is not
        an IRI (a term of an ontology is what a node stands for); receptors and contexts that are not IRIs
        are left out of the drawing."""
        subject, relation, obj = claim.subject, claim.relation, claim.object
        if not (isinstance(subject, URIRef) and isinstance(relation, URIRef) and isinstance(obj, URIRef)):
            return None

        def iris(values: tuple[Term, ...]) -> tuple[URIRef, ...]:
            return tuple(v for v in values if isinstance(v, URIRef))

        return cls(
            id=claim.id, subject=subject, relation=relation, object=obj, sign=claim.sign,
            section=claim.section, direction=claim.direction, excerpt=claim.excerpt,
            receptors=iris(claim.receptor), contexts=iris(claim.cell_context + claim.anatomical_context),
            sites=claim.site, knowledge_level=claim.knowledge_level, examples=iris(claim.example),
        )


@dataclass
class Edge:
    """One drawn edge: the claims sharing a subject, a relation and an object."""

    subject: URIRef
    relation: URIRef
    object: URIRef
    claims: list[AxisClaim] = field(default_factory=list)

    @property
    def sign(self) -> str:
        """The claims' sign: one per edge, since each relation carries one sign (the build checks it)."""
        return self.claims[0].sign

    @property
    def knowledge_level(self) -> str:
        """The firmest knowledge level among the edge's claims (:data:`bbao.model.KNOWLEDGE_LEVELS` order); a claim
        that gives none or one BBAO does not know (a user's graph) counts as established, as claims.tsv's default
        does."""
        return min((_level(c.knowledge_level) for c in self.claims), key=KNOWLEDGE_LEVELS.index)


def _level(level: str) -> str:
    return level if level in KNOWLEDGE_LEVELS else ESTABLISHED


def line_style(level: str) -> str:
    """The edge line of a knowledge level: ``solid`` for ``established``, ``dotted`` for the levels the Biolink
    Model calls a prediction, ``dashed`` for the others; a missing or unknown level is drawn as established.

    >>> [line_style(level) for level in ("established", "association", "hypothesis", "")]
    ['solid', 'dashed', 'dotted', 'solid']
    """
    return BIOLINK_LINE.get(BIOLINK_KNOWLEDGE_LEVEL[_level(level)], "dashed")


def axis_claims(graph: Graph) -> list[AxisClaim]:
    """Every drawable claim of the graph (see :meth:`AxisClaim.of`), in identifier order."""
    drawn = (AxisClaim.of(claim) for claim in read_claims(graph))
    return sorted((c for c in drawn if c is not None), key=lambda c: c.id)


def select(claims: Sequence[AxisClaim], sections: Iterable[str]) -> list[AxisClaim]:
    """The claims of the given review sections: an axis direction (``top-down``...) or part of a heading.

    An empty selection keeps every claim; a filter that matches no claim raises :class:`BBAOError` naming
    the choices.
    """
    wanted = [s.strip().casefold() for s in sections if s.strip()]
    if not wanted:
        return list(claims)
    unmatched = [w for w in wanted if not any(_matches(c, w) for c in claims)]
    if unmatched:
        headings = sorted({c.section for c in claims})
        directions = sorted({c.direction for c in claims})
        raise BBAOError(f"no claim in section {', '.join(map(repr, unmatched))}: use an axis direction "
                        f"({', '.join(directions)}) or words of a heading ({'; '.join(headings)})")
    return [c for c in claims if any(_matches(c, w) for w in wanted)]


def _matches(claim: AxisClaim, wanted: str) -> bool:
    """An axis direction, or words that stand as whole words in the heading ("sympathetic" is not
    "parasympathetic")."""
    words = rf"(?<!\w){re.escape(wanted)}(?!\w)"
    return wanted == claim.direction.casefold() or re.search(words, claim.section.casefold()) is not None


class Axis:
    """Where each term of the claims goes: side, kind and display name, read from ``graph`` (the ontology
    with its import modules) and ``claims`` (its claims, :func:`axis_claims`)."""

    def __init__(self, graph: Graph, claims: Sequence[AxisClaim]) -> None:
        self.graph = graph
        self.claims = claims
        self.ancestors = cache(self._ancestors)
        self.hormones = self._bone_derived_hormones()
        self.drugs = self._drugs()

    def _ancestors(self, term: URIRef) -> frozenset[URIRef]:
        """The term and every class above it by is_a or part_of."""
        seen, todo = {term}, [term]
        while todo:
            for superclass in self.graph.objects(todo.pop(), RDFS.subClassOf):
                parent: Node | None = superclass
                if isinstance(superclass, BNode):
                    if self.graph.value(superclass, OWL.onProperty) != PART_OF:
                        continue
                    parent = self.graph.value(superclass, OWL.someValuesFrom)
                if isinstance(parent, URIRef) and parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return frozenset(seen)

    def _bone_derived_hormones(self) -> set[URIRef]:
        """What the claims say a bone cell produces, and the proteoforms that are gene products of it."""
        produced = {c.subject for c in self.claims
                    if c.relation == PRODUCED_BY and self.ancestors(c.object) & SIDE_ROOTS[BONE]}
        forms: set[URIRef] = set()
        for restriction in self.graph.subjects(OWL.onProperty, GENE_PRODUCT_OF):
            if self.graph.value(restriction, OWL.someValuesFrom) in produced:
                forms.update(f for f in self.graph.subjects(RDFS.subClassOf, restriction) if isinstance(f, URIRef))
        return produced | forms

    def _drugs(self) -> set[URIRef]:
        """The subjects of therapy claims and the examples they give, and the classes with the ChEBI role
        'drug' (RO 'has role' some CHEBI:23888 on the class itself)."""
        drugs: set[URIRef] = set()
        for c in self.claims:
            if c.direction == THERAPY:
                drugs.update((c.subject, *c.examples))
        for restriction in self.graph.subjects(OWL.someValuesFrom, DRUG_ROLE):
            if self.graph.value(restriction, OWL.onProperty) == HAS_ROLE:
                drugs.update(d for d in self.graph.subjects(RDFS.subClassOf, restriction) if isinstance(d, URIRef))
        return drugs

    def kind(self, term: URIRef) -> str:
        """A key of :data:`KIND_STYLE`: hormone (or a form of one), drug, then by ancestor (:data:`KIND_ROOTS`),
        then by prefix (:data:`KIND_BY_PREFIX`), else molecule."""
        if term in self.hormones or self.ancestors(term) & self.hormones:
            return "hormone"
        if term in self.drugs:
            return "drug"
        above = self.ancestors(term)
        for kind, roots in KIND_ROOTS.items():
            if above & roots:
                return kind
        return KIND_BY_PREFIX.get(prefix_of(compress(str(term))), "molecule")

    def _root_sides(self, term: URIRef) -> set[str]:
        above = self.ancestors(term)
        return {side for side, roots in SIDE_ROOTS.items() if above & roots}

    def side(self, term: URIRef) -> str:
        """Brain, bone or between; drugs always stand between, bone-derived hormones on the bone side."""
        kind = self.kind(term)
        if kind == "drug":
            return BETWEEN
        if kind == "hormone":
            return BONE
        sides = self._root_sides(term)
        if not sides and kind != "disease":  # a disease's side is its kind of disorder, or none
            sides = set(self._context_votes(term))
        return sides.pop() if len(sides) == 1 else BETWEEN

    def _context_votes(self, term: URIRef) -> Iterable[str]:
        """Sides the claims place a term on: the subject of a top-down claim acts from the brain, of a
        bottom-up claim from bone; an object lies where the claim's cell, anatomy or site of action is."""
        for c in self.claims:
            if c.subject == term and c.direction in DIRECTION_SIDE:
                yield DIRECTION_SIDE[c.direction]
            if c.object == term:
                for context in c.contexts:
                    yield from self._root_sides(context)
                yield from (SITE_SIDE[site] for site in c.sites if site in SITE_SIDE)

    def name(self, term: URIRef) -> str:
        """The node's text: see :func:`display_name`."""
        return display_name(compress(str(term)), self.label(term), self._synonyms(term))

    def label(self, term: URIRef) -> str:
        """The term's ``rdfs:label``, else its CURIE."""
        label = self.graph.value(term, RDFS.label)
        return str(label) if label is not None else compress(str(term))

    def _synonyms(self, term: URIRef) -> list[str]:
        return sorted(str(s) for s in self.graph.objects(term, OBOINOWL.hasExactSynonym))

    def short(self, term: URIRef) -> str:
        """The shortest of label and synonyms: for edge labels (β2-AR rather than beta-2 adrenergic receptor)."""
        return min([self.label(term), *self._synonyms(term)], key=lambda s: (len(s), s))


def display_name(curie: str, label: str, synonyms: Sequence[str], width: int = 32) -> str:
    """A name a biologist recognises: the label, or the longest synonym that fits when the label is
    long or a gene symbol, followed by an abbreviation.

    >>> display_name("HGNC:1043", "BGLAP", ["OCN", "osteocalcin"])
    'osteocalcin (BGLAP)'
    >>> display_name("CHEBI:33569", "noradrenaline", ["NE", "norepinephrine"])
    'noradrenaline (NE)'
    >>> display_name("PR:000002107", "tumor necrosis factor ligand superfamily member 11", ["RANKL"])
    'RANKL'
    """
    fitting = sorted((s for s in synonyms if len(s) <= width), key=lambda s: (-len(s), s))
    name = label
    if (prefix_of(curie) == "HGNC" or len(label) > width) and fitting:
        name = fitting[0]
    short = [s for s in (label, *sorted(synonyms, key=lambda s: (len(s), s))) if len(s) <= 6 and " " not in s]
    abbreviation = next((s for s in short if not re.search(rf"(?<!\w){re.escape(s)}(?!\w)", name, re.I)), None)
    return f"{name} ({abbreviation})" if abbreviation else name


def edges(claims: Iterable[AxisClaim]) -> list[Edge]:
    """One edge per subject, relation and object, in a fixed order."""
    grouped: dict[tuple[URIRef, URIRef, URIRef], Edge] = {}
    for c in claims:
        key = (c.subject, c.relation, c.object)
        grouped.setdefault(key, Edge(*key)).claims.append(c)
    return [grouped[k] for k in sorted(grouped)]


def edge_label(axis: Axis, edge: Edge) -> str:
    """An edge's text: its claims' receptors ("via β2-AR"), else their cell or anatomical contexts ("in
    osteoblast"), then their sites ("(peripheral)"), wrapped for DOT (:func:`wrap`); empty when they give none."""
    receptors = sorted({axis.short(r) for c in edge.claims for r in c.receptors})
    contexts = sorted({axis.short(x) for c in edge.claims for x in c.contexts})
    sites = sorted({s for c in edge.claims for s in c.sites})
    parts = [f"via {', '.join(receptors)}"] if receptors else ([f"in {', '.join(contexts)}"] if contexts else [])
    return wrap(" ".join(parts + ([f"({', '.join(sites)})"] if sites else [])), 22)


def wrap(text: str, width: int) -> str:
    """``text`` broken into lines of at most ``width`` characters (a longer word stays whole), joined by DOT's
    line break ``\\n``; empty text stays empty.

    >>> wrap("osteoblast differentiation", 12)
    'osteoblast\\\\ndifferentiation'
    """
    return r"\n".join(textwrap.wrap(text, width, break_long_words=False)) if text else ""  # DOT line break


def node_id(term: URIRef) -> str:
    """The DOT node id of a term: its CURIE with ``_`` for ``:`` and ``/`` (``CHEBI_33569``)."""
    return compress(str(term)).replace(":", "_").replace("/", "_")


def build(graph: Graph, sections: Iterable[str] = (), *,
          term_url: Callable[[URIRef], str] | None = None,
          claim_url: Callable[[str], str] | None = None) -> graphviz.Digraph:
    """The Graphviz drawing of the claims of ``graph`` in ``sections`` (all by default; see :func:`select`).

    ``term_url`` gives a node's link from its term, ``claim_url`` an edge's link from its first claim's CURIE
    (the documentation site's pages); without them nodes and edges link nowhere. Raises :class:`BBAOError`
    for a section that matches no claim."""
    claims = axis_claims(graph)
    axis = Axis(graph, claims)
    chosen = select(claims, sections)
    dot = graphviz.Digraph("brain_bone_axis", graph_attr={
        "rankdir": "LR", "fontname": FONT, "fontsize": "20", "labelloc": "t", "newrank": "true",
        "label": _title(chosen, sections), "nodesep": "0.25", "ranksep": "0.7", "bgcolor": "white",
    }, node_attr={"fontname": FONT, "fontsize": "11", "margin": "0.08,0.04", "color": "#4d4d4d"},
        edge_attr={"fontname": FONT, "fontsize": "9", "penwidth": "1.4", "arrowsize": "0.8"})
    drawn = edges(chosen)
    terms = sorted({t for e in drawn for t in (e.subject, e.object)}, key=node_id)
    by_side: dict[str, list[URIRef]] = defaultdict(list)
    for term in terms:
        by_side[axis.side(term)].append(term)
    for side in (BRAIN, BONE):
        with dot.subgraph(name=f"cluster_{side}") as cluster:
            cluster.attr(label=SIDE_TITLE[side], style="rounded,filled", fillcolor=SIDE_FILL[side] + "66",
                         color="#9a9a9a", fontsize="14")
            for term in by_side[side]:
                _add_node(cluster, axis, term, side, term_url)
    for term in by_side[BETWEEN]:
        _add_node(dot, axis, term, BETWEEN, term_url)
    _add_columns(dot, by_side)
    column = {term: COLUMN[side] for side, members in by_side.items() for term in members}
    for edge in drawn:
        _add_edge(dot, axis, edge, claim_url, forward=column[edge.subject] <= column[edge.object])
    _add_legend(dot)
    return dot


def _add_columns(dot: graphviz.Digraph, by_side: dict[str, list[URIRef]]) -> None:
    """Invisible edges that keep every brain-side node left of every bone-side node; the terms of
    neither side (drugs, most diseases, shared processes) find their own place between them."""
    spacer = {"style": "invis", "width": "0", "height": "0"}
    dot.node("column_brain_end", "", **spacer)
    dot.node("column_bone_start", "", **spacer)
    dot.edge("column_brain_end", "column_bone_start", style="invis")
    for term in by_side[BRAIN]:
        dot.edge(node_id(term), "column_brain_end", style="invis")
    for term in by_side[BONE]:
        dot.edge("column_bone_start", node_id(term), style="invis")


def _title(chosen: Sequence[AxisClaim], sections: Iterable[str]) -> str:
    what = ", ".join(s for s in sections if s.strip()) or "all sections"
    return f"The brain-bone axis in BBAO ({len(chosen)} claims; {what})"


def _add_node(dot: graphviz.Digraph, axis: Axis, term: URIRef, side: str,
              term_url: Callable[[URIRef], str] | None) -> None:
    kind = axis.kind(term)
    attrs = {"fillcolor": SIDE_FILL[side], **KIND_STYLE[kind]}
    attrs["tooltip"] = f"{compress(str(term))} {axis.label(term)} ({KIND_LEGEND[kind]})"
    if term_url:
        attrs.update(URL=term_url(term), target="_top")
    dot.node(node_id(term), wrap(axis.name(term), 20), **attrs)


def _add_edge(dot: graphviz.Digraph, axis: Axis, edge: Edge, claim_url: Callable[[str], str] | None,
              forward: bool) -> None:
    """A claim edge; one pointing back (bone to brain) is laid out forward and drawn with its arrow at
    the tail, so that the bone side stays right of the brain side without looping edges."""
    sign, style = edge.sign, line_style(edge.knowledge_level)
    tooltip = f"{axis.label(edge.relation)}: " + " | ".join(
        f"{c.id} ({(c.knowledge_level or 'no knowledge level').replace('_', ' ')}) “{c.excerpt}”" for c in edge.claims)
    attrs = {"color": SIGN_COLOUR[sign], "fontcolor": SIGN_COLOUR[sign], "style": style,
             "penwidth": LINE_WIDTH[style], "tooltip": tooltip}
    if claim_url:
        attrs.update(URL=claim_url(edge.claims[0].id), target="_top")
    ends = [node_id(edge.subject), node_id(edge.object)]
    if forward:
        attrs["arrowhead"] = SIGN_ARROW[sign]
    else:
        ends.reverse()
        attrs.update(dir="back", arrowtail=SIGN_ARROW[sign])
    dot.edge(*ends, edge_label(axis, edge), **attrs)


def _add_legend(dot: graphviz.Digraph) -> None:
    """A column of the kinds of node, the three edge signs (colour and arrowhead) and the three lines of the
    knowledge levels."""
    with dot.subgraph(name="cluster_legend") as legend:
        legend.attr(label="Legend", style="rounded", color="#9a9a9a", fontsize="14")
        with legend.subgraph() as column:
            column.attr(rank="same")
            for kind, text in KIND_LEGEND.items():
                column.node(f"legend_{kind}", wrap(text, 16), **{"fillcolor": "#ffffff", **KIND_STYLE[kind]})
            for name in (*SIGN_COLOUR, *LEVEL_LEGEND):
                column.node(f"legend_{name}_from", "", shape="point", width="0.05")
        for sign, text in (("positive", "increases / promotes"), ("negative", "decreases / inhibits"),
                           ("none", "associated, no sign")):
            legend.node(f"legend_{sign}", text, shape="plaintext")
            legend.edge(f"legend_{sign}_from", f"legend_{sign}", color=SIGN_COLOUR[sign],
                        arrowhead=SIGN_ARROW[sign])
        for style, text in LEVEL_LEGEND.items():
            legend.node(f"legend_{style}", wrap(text, 28), shape="plaintext")
            legend.edge(f"legend_{style}_from", f"legend_{style}", color="#4d4d4d", arrowhead="none", style=style,
                        penwidth=LINE_WIDTH[style])


def render(graph: Graph, fmt: str = "svg", sections: Iterable[str] = (), *,
           term_url: Callable[[URIRef], str] | None = None,
           claim_url: Callable[[str], str] | None = None) -> bytes:
    """The drawing of :func:`build` as SVG, PNG or DOT source (UTF-8) bytes, ``fmt`` one of :data:`FORMATS`.

    Needs Graphviz's ``dot`` program except for DOT. Raises :class:`BBAOError` for another format, a section
    that matches no claim, or a missing ``dot``."""
    if fmt not in FORMATS:
        raise BBAOError(f"unknown diagram format {fmt!r} (choose from {', '.join(FORMATS)})")
    return pipe(build(graph, sections, term_url=term_url, claim_url=claim_url), fmt)


def pipe(dot: graphviz.Digraph, fmt: str) -> bytes:
    """``dot`` laid out and drawn as ``fmt`` (one of :data:`FORMATS`, or another format of Graphviz's, such as
    ``json``) bytes; ``dot`` gives the DOT source (UTF-8) without running Graphviz. Raises :class:`BBAOError`
    when Graphviz's ``dot`` program is missing."""
    if fmt == "dot":
        source: str = dot.source
        return source.encode("utf-8")
    try:
        drawing: bytes = dot.pipe(format=fmt)
        return drawing
    except graphviz.ExecutableNotFound as exc:
        raise BBAOError("Graphviz's `dot` program is not installed (Debian: apt-get install graphviz)") from exc
