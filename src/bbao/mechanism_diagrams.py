"""Pictures of the review's mechanisms (:mod:`bbao.mechanisms`): one small panel per mechanism, and an overview.

A *panel* draws one mechanism left to right in causal order. Its nodes are the subjects and objects of its steps,
its solid edges its steps (subject -> object), numbered in causal order (:func:`causal_order`), coloured and headed
by sign and lined by knowledge level as in the whole drawing (:mod:`bbao.diagram`: green arrow increases, red bar
decreases, grey vee no sign or a relation that carries the agent on, whose name the edge then shows; solid
established, dashed association, observation or finding, dotted hypothesis or future direction), labelled with
receptors (else cell or anatomical context), site and the mediators no *then* arrow shows. Nodes have the shapes
and colours of the whole drawing (kind by shape, brain side blue, bone side beige, bone-derived hormones gold).

Where a step's subject is its upstream step's object (NE raises RANKL; RANKL promotes osteoclast differentiation)
the chain runs through one node. Where the next step acts through something else that the upstream step reached
(:func:`bbao.mechanisms.join`), a blue dashed arrow with a hollow head, a *then* arrow, leads from the upstream
step's object to the next step's subject, labelled by how (:data:`THEN_WORDS`): to a mediator (leptin-mediated
signalling "mediated by" leptin), or a context (bone remodeling "in" the skeletal system). Where the same agent
acts again after a step that carried it on (ucOC crosses the blood-brain barrier, "then" ucOC binds GPR158), the
agent is drawn once more, right after that step's object, so that every chain reads left to right.

The *overview* draws one box per mechanism between the brain side (left) and the bone side (right, bone-derived
hormones in a group of their own): a grey line from the terms each mechanism starts from (its first steps'
subjects) and one arrow to each term it ends at (its last steps' objects), with the chains' net sign (the product
of their steps' signs, :func:`bbao.mechanisms.step_sign`; grey when the chains disagree or are unsigned:
:func:`targets`) and the
line of the firmest chain's weakest knowledge level. A chain from the bone side to the brain points right to
left. Parallel chains of one mechanism to one term share their arrow.

Everything is read from the built graph (the mechanism individuals, 'has step' BBAO:0000122 and 'upstream step
of' BBAO:0000123, and the claims); nodes and edges come in a fixed order, so the same graph gives byte-identical
pictures. ``bbao diagram --mechanisms DIR`` writes the panels, ``bbao diagram --overview`` the overview, and
:func:`committed_pictures` what ``docs/`` holds of them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Final

import graphviz
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from bbao.claims import ClaimRecord, read_claims
from bbao.diagram import (
    BONE,
    BRAIN,
    FONT,
    KIND_LEGEND,
    KIND_STYLE,
    LINE_WIDTH,
    SIDE_FILL,
    SIGN_ARROW,
    SIGN_COLOUR,
    Axis,
    AxisClaim,
    Edge,
    axis_claims,
    edge_label,
    line_style,
    node_id,
    pipe,
    wrap,
)
from bbao.errors import BBAOError
from bbao.mechanisms import CARRYING_RELATIONS, HAS_STEP, MECHANISM_CLASS, UPSTREAM_STEP_OF, join, step_sign
from bbao.model import BOTTOM_UP, DISEASE, FIELD_PROPERTY, KNOWLEDGE_LEVELS, OVERVIEW, THERAPY, TOP_DOWN
from bbao.prefixes import compress
from bbao.source import Claim

__all__ = [
    "OVERVIEW_FILE",
    "PANEL_DIRECTORY",
    "THEN_COLOUR",
    "THEN_WORDS",
    "DrawnMechanism",
    "Target",
    "causal_order",
    "committed_pictures",
    "mechanism_file",
    "overview",
    "panel",
    "read_drawn_mechanisms",
    "render_overview",
    "render_panel",
    "starts",
    "targets",
]

#: Where the committed pictures sit under ``docs/``: one SVG panel per mechanism in this folder, the overview
#: (a PNG, which the README shows) beside it.
PANEL_DIRECTORY: Final = "mechanisms"
OVERVIEW_FILE: Final = "bbao-mechanisms.png"
#: The colour of the *then* arrows from one step to the next (not a sign's colour).
THEN_COLOUR: Final = "#4f7fc0"
#: The overview's box fill for each mechanism direction, and the title of each group of boxes.
DIRECTION_FILL: Final = {TOP_DOWN: "#dbe9f6", BOTTOM_UP: "#ffe9a8", DISEASE: "#f8d7d7", THERAPY: "#e6dbf5",
                         OVERVIEW: "#eeeeee"}
#: In this order from top to bottom: the bottom-up chains (from the bone-derived hormones, right, to the brain,
#: left) first, so that they cross none of the others; therapies next to the top-down chains, whose targets
#: (osteoclasts, resorption) they share.
DIRECTION_TITLE: Final = {BOTTOM_UP: "bottom-up: bone acts on the brain", TOP_DOWN: "top-down: the brain acts on bone",
                          THERAPY: "therapies aimed at the axis", DISEASE: "diseases of the axis",
                          OVERVIEW: "the axis as a whole"}
#: The word on a *then* arrow, for each way one step leads into the next (:data:`bbao.mechanisms.JOINS`).
THEN_WORDS: Final = {"mediator": "mediated by", "context": "in", "same subject": "then"}
#: Knowledge levels from the firmest to the weakest (as :data:`bbao.causal_paths.LEVEL_STRENGTH`).
_STRENGTH: Final = ("established", "experimental_finding", "clinical_observation", "association", "hypothesis",
                    "future_direction")
assert sorted(_STRENGTH) == sorted(KNOWLEDGE_LEVELS)
_SIGN_NAME: Final = {1: "positive", -1: "negative", 0: "none"}
_SIGN_WORDS: Final = {"positive": "increases", "negative": "decreases", "none": "no sign"}


@dataclass(frozen=True)
class DrawnMechanism:
    """A mechanism as read from the graph: CURIE, label, axis direction, description, its step claims in causal
    order (:func:`causal_order`) and the links between them (upstream claim id, downstream claim id), sorted."""

    id: str
    label: str
    direction: str
    description: str
    steps: tuple[ClaimRecord, ...]
    links: tuple[tuple[str, str], ...]

    def upstream(self, claim: str) -> tuple[str, ...]:
        """The ids of the steps leading into step ``claim``, sorted."""
        return tuple(u for u, d in self.links if d == claim)

    def downstream(self, claim: str) -> tuple[str, ...]:
        """The ids of the steps step ``claim`` leads into, sorted."""
        return tuple(d for u, d in self.links if u == claim)


def causal_order(claims: Iterable[str], links: Iterable[tuple[str, str]]) -> tuple[str, ...]:
    """``claims`` (ids) ordered so that every step comes after the steps leading into it (``links``: upstream,
    downstream), chain by chain: among the steps whose upstream steps are all placed, the one that follows the
    step placed last comes first, else the smallest id; a loop is entered at its smallest id.

    >>> causal_order(["c", "a", "b", "d"], [("a", "c"), ("c", "d")])
    ('a', 'c', 'd', 'b')
    >>> causal_order(["y", "x"], [("x", "y"), ("y", "x")])
    ('x', 'y')
    """
    ids = sorted(set(claims))
    ups: dict[str, set[str]] = {c: set() for c in ids}
    for up, down in links:
        if up in ups and down in ups and up != down:
            ups[down].add(up)
    placed: dict[str, int] = {}
    while len(placed) < len(ids):
        ready = [c for c in ids if c not in placed and ups[c] <= placed.keys()]
        if not ready:  # a loop: enter it at its smallest step
            ready = [min(c for c in ids if c not in placed)]
        chosen = min(ready, key=lambda c: (-max((placed[u] for u in ups[c] if u in placed), default=-1), c))
        placed[chosen] = len(placed)
    return tuple(placed)


def read_drawn_mechanisms(graph: Graph) -> list[DrawnMechanism]:
    """Every mechanism individual of ``graph`` (typed BBAO:0000066) by id, with its steps (claims of ``graph``
    with a subject, relation and object that are IRIs; others are left out) and the 'upstream step of' links
    between two of its steps."""
    claims = {str(c.node): c for c in read_claims(graph) if AxisClaim.of(c) is not None}
    drawn = []
    for node in sorted({m for m in graph.subjects(RDF.type, MECHANISM_CLASS) if isinstance(m, URIRef)}, key=str):
        steps = {claims[str(c)].id: claims[str(c)] for c in graph.objects(node, HAS_STEP) if str(c) in claims}
        links = sorted((claims[str(up)].id, step.id) for step in steps.values()
                       for up in graph.subjects(UPSTREAM_STEP_OF, step.node)
                       if str(up) in claims and claims[str(up)].id in steps)
        drawn.append(DrawnMechanism(
            id=compress(str(node)), label=_text(graph, node, RDFS.label),
            direction=_text(graph, node, FIELD_PROPERTY["direction"]),
            description=_text(graph, node, DCTERMS.description),
            steps=tuple(steps[c] for c in causal_order(steps, links)), links=tuple(links)))
    return drawn


def _text(graph: Graph, node: URIRef, prop: URIRef) -> str:
    values = sorted(str(v) for v in graph.objects(node, prop))
    return values[0] if values else ""


def mechanism_file(mechanism: str, fmt: str = "svg") -> str:
    """The file name of a mechanism's panel: ``BBAM_0000001.svg`` for ``BBAM:0000001``.

    >>> mechanism_file("BBAM:0000013", "png")
    'BBAM_0000013.png'
    """
    return f"{mechanism.replace(':', '_')}.{fmt}"


def _curie(term: object) -> str:
    return compress(str(term)) if term is not None else ""


def _source_claim(claim: ClaimRecord) -> Claim:
    """The fields of ``claim`` that :func:`bbao.mechanisms.join` and :func:`~bbao.mechanisms.step_sign` read."""
    return Claim(claim.id, _curie(claim.subject), _curie(claim.relation), _curie(claim.object), claim.sign,
                 claim.section, claim.excerpt, (), knowledge_level=claim.knowledge_level,
                 mediator=tuple(map(_curie, claim.mediator)),
                 anatomical_context=tuple(map(_curie, claim.anatomical_context)),
                 cell_context=tuple(map(_curie, claim.cell_context)))


def _term(value: object) -> URIRef:
    assert isinstance(value, URIRef)  # read_drawn_mechanisms keeps only claims whose ends are IRIs
    return value


# --- one panel per mechanism -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Then:
    """A *then* arrow: from the node of an upstream step's object to the node of the next step's subject."""

    tail: str
    head: str
    up: str
    down: str
    how: str


def _layout(mechanism: DrawnMechanism) -> tuple[dict[str, tuple[str, str]], dict[str, URIRef], list[_Then]]:
    """Each step's (tail node, head node), each node's term, and the *then* arrows, in causal order.

    A step's subject is its own node, shared with every step that names the term, except when every step leading
    into it carried that same subject on ('same subject' joins): then the subject is drawn again, as a node of
    its own after those steps' objects."""
    claims = {c.id: _source_claim(c) for c in mechanism.steps}
    ends: dict[str, tuple[str, str]] = {}
    terms: dict[str, URIRef] = {}
    thens: list[_Then] = []
    for step in mechanism.steps:
        subject, obj = _term(step.subject), _term(step.object)
        ups = mechanism.upstream(step.id)
        joins = {up: join(claims[up], claims[step.id]) for up in ups}
        tail = node_id(subject)
        if ups and all(j == "same subject" for j in joins.values()):
            tail = f"{tail}_after_{'_'.join(u.rsplit(':', 1)[-1] for u in ups)}"
        for up in ups:
            if joins[up] != "object" and (joins[up] != "same subject" or tail != node_id(subject)):
                start = ends[up][1] if up in ends else node_id(_term(_record(mechanism, up).object))
                if not any((t.tail, t.head) == (start, tail) for t in thens):
                    thens.append(_Then(start, tail, up, step.id, joins[up] or "a link the mechanism states"))
        head = node_id(obj)
        terms.setdefault(tail, subject)
        terms.setdefault(head, obj)
        ends[step.id] = (tail, head)
    return ends, terms, thens


def _record(mechanism: DrawnMechanism, claim: str) -> ClaimRecord:
    return next(c for c in mechanism.steps if c.id == claim)


def _html_label(title: str, lines: Sequence[str]) -> str:
    """A graph label (Graphviz HTML-like): the title, then lines of small text, left-aligned."""
    rows = [f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="15">{title}</FONT></TD></TR>']
    rows += [f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="9" COLOR="#444444">{line}</FONT></TD></TR>' for line in lines]
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">{"".join(rows)}</TABLE>>'


def _signs_legend() -> str:
    arrows = {"positive": "──▶", "negative": "──┤", "none": "──&gt;"}
    return "   ".join(f'<FONT COLOR="{SIGN_COLOUR[s]}">{arrows[s]} {w}</FONT>' for s, w in (
        ("positive", "increases"), ("negative", "decreases"), ("none", "no sign, or carries it on")))


_LINES_LEGEND: Final = "lines: solid established · dashed association, observation, finding · dotted hypothesis, future"
_FILL_LEGEND: Final = "fill: blue brain side · beige bone side · gold bone-derived hormone; shape: kind of term"


def _panel_legend(mechanism: DrawnMechanism, thens: Sequence[_Then]) -> list[str]:
    lines = [f"{escape(mechanism.direction)} · {len(mechanism.steps)} steps, numbered in causal order",
             _signs_legend(), _LINES_LEGEND]
    if thens:
        lines.append(f'<FONT COLOR="{THEN_COLOUR}">╌╌▷ then</FONT>: the next step acts through what this one reached '
                     "(a mediator, a context, the agent again)")
    lines.append(_FILL_LEGEND)
    return lines


def _term_node(dot: graphviz.Digraph, axis: Axis, node: str, term: URIRef, width: int,
               term_url: Callable[[URIRef], str] | None, note: str = "") -> None:
    """A term's node: its name wrapped at ``width``, the shape of its kind and the fill of its side (as in the
    whole drawing), its CURIE, label and kind as tooltip (then ``note``)."""
    kind, side = axis.kind(term), axis.side(term)
    label = wrap(axis.name(term), width)
    attrs = {"fillcolor": SIDE_FILL[side], **KIND_STYLE[kind],
             "tooltip": f"{compress(str(term))} {axis.label(term)} ({KIND_LEGEND[kind]}){note}"}
    if attrs["shape"] == "cds":  # Graphviz does not grow this shape with its lines: give it their height
        attrs["height"] = f"{0.25 + 0.17 * (label.count(chr(92) + 'n') + 1):.2f}"
    if term_url:
        attrs.update(URL=term_url(term), target="_top")
    dot.node(node, label, **attrs)


def _step_number(n: int) -> str:
    return f"{n}."


def panel(mechanism: DrawnMechanism, axis: Axis, *, term_url: Callable[[URIRef], str] | None = None,
          claim_url: Callable[[str], str] | None = None) -> graphviz.Digraph:
    """The Graphviz drawing of one mechanism (see the module docstring), its kinds and sides from ``axis``
    (:class:`bbao.diagram.Axis` of the same graph). ``term_url`` gives a node's link from its term, ``claim_url``
    a step edge's link from its claim's CURIE; without them nothing links."""
    ends, terms, thens = _layout(mechanism)
    dot = graphviz.Digraph(mechanism.id.replace(":", "_"), graph_attr={
        "rankdir": "LR", "fontname": FONT, "labelloc": "t", "labeljust": "l", "nodesep": "0.25", "ranksep": "0.3",
        "bgcolor": "white", "pad": "0.2",
        "label": _html_label(f"<B>{escape(mechanism.id)}</B>&#160;{escape(mechanism.label)}",
                             _panel_legend(mechanism, thens)),
    }, node_attr={"fontname": FONT, "fontsize": "11", "margin": "0.08,0.04", "color": "#4d4d4d"},
        edge_attr={"fontname": FONT, "fontsize": "9", "penwidth": "1.4", "arrowsize": "0.8"})
    for node, term in terms.items():
        _term_node(dot, axis, node, term, 16, term_url, " again, at a later step" if node != node_id(term) else "")
    by_down: dict[str, list[_Then]] = defaultdict(list)
    for then in thens:
        by_down[then.down].append(then)
    for number, step in enumerate(mechanism.steps, 1):
        for then in by_down[step.id]:
            dot.edge(then.tail, then.head, THEN_WORDS.get(then.how, "then"), color=THEN_COLOUR, fontcolor=THEN_COLOUR,
                     fontsize="8", style="dashed", arrowhead="empty", penwidth="1.2", arrowsize="0.7", weight="2",
                     tooltip=f"then: {then.up} leads into {then.down} ({then.how})")
        tail, head = ends[step.id]  # mediators that a *then* arrow into or out of this step already shows
        shown = {terms[t.tail] for t in thens if t.head == tail} | {terms[t.head] for t in thens if t.tail == head}
        _add_step(dot, axis, step, number, ends[step.id], claim_url, shown)
    return dot


def _add_step(dot: graphviz.Digraph, axis: Axis, step: ClaimRecord, number: int, ends: tuple[str, str],
              claim_url: Callable[[str], str] | None, shown: set[URIRef]) -> None:
    """A step's edge: numbered, with the relation's name when it has no sign, then receptors or context, site, and
    the mediators that no *then* arrow leads to (``shown``)."""
    drawn = AxisClaim.of(step)
    assert drawn is not None
    edge = Edge(drawn.subject, drawn.relation, drawn.object, [drawn])
    sign, style = edge.sign if edge.sign in SIGN_COLOUR else "none", line_style(step.knowledge_level)
    words = [axis.label(drawn.relation)] if sign == "none" else []
    context = edge_label(axis, edge).replace(r"\n", " ")
    mediators = sorted(axis.short(m) for m in step.mediator if isinstance(m, URIRef) and m not in shown)
    through = [f"through {', '.join(mediators)}"] if mediators else []
    text = r"\n".join(wrap(part, 18) for part in (" ".join([_step_number(number), *words]), context, *through)
                      if part)
    level = (step.knowledge_level or "no knowledge level").replace("_", " ")
    attrs = {"color": SIGN_COLOUR[sign], "fontcolor": SIGN_COLOUR[sign], "style": style,
             "penwidth": LINE_WIDTH[style], "arrowhead": SIGN_ARROW[sign],
             "tooltip": f"{step.id} {axis.label(drawn.relation)} ({level}) “{step.excerpt}”"}
    if claim_url:
        attrs.update(URL=claim_url(step.id), target="_top")
    dot.edge(*ends, text, **attrs)


def _find(mechanisms: Sequence[DrawnMechanism], mechanism: str) -> DrawnMechanism:
    for m in mechanisms:
        if m.id == mechanism:
            return m
    raise BBAOError(f"no mechanism {mechanism} (choose from {', '.join(m.id for m in mechanisms) or 'none'})")


def render_panel(graph: Graph, mechanism: str, fmt: str = "svg", *,
                 term_url: Callable[[URIRef], str] | None = None,
                 claim_url: Callable[[str], str] | None = None) -> bytes:
    """The panel of ``mechanism`` (a CURIE, ``BBAM:0000001``) of ``graph`` as ``fmt`` bytes (``svg``, ``png``,
    ``dot``...: :func:`bbao.diagram.pipe`). Raises :class:`BBAOError` for an unknown mechanism or a missing
    Graphviz."""
    drawn = _find(read_drawn_mechanisms(graph), mechanism)
    return pipe(panel(drawn, Axis(graph, axis_claims(graph)), term_url=term_url, claim_url=claim_url), fmt)


# --- the overview ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A term a mechanism ends at: the net sign of its chains to it (``positive``, ``negative``, or ``none`` when
    they disagree, one is unsigned, or all of them only carry an agent on: a chain of such steps, "has phenotype",
    "produced by"..., agrees with any sign), their firmest weakest knowledge level and the chains (claim ids in
    causal order)."""

    term: URIRef
    sign: str
    level: str
    chains: tuple[tuple[str, ...], ...]


def _chains(mechanism: DrawnMechanism) -> list[tuple[str, ...]]:
    """Every chain of the mechanism: from a step no step leads into (every step, in a loop) along the links to a
    step leading nowhere (every step, in a loop), no step twice; sorted."""
    ids = [s.id for s in mechanism.steps]
    roots = [c for c in ids if not mechanism.upstream(c)] or ids
    leaves = set(c for c in ids if not mechanism.downstream(c)) or set(ids)
    found: list[tuple[str, ...]] = []

    def walk(path: tuple[str, ...]) -> None:
        if path[-1] in leaves:
            found.append(path)
        for nxt in mechanism.downstream(path[-1]):
            if nxt not in path:
                walk((*path, nxt))

    for root in roots:
        walk((root,))
    return sorted(found)


def starts(mechanism: DrawnMechanism) -> list[URIRef]:
    """The terms a mechanism starts from: the subjects of its chains' first steps, in causal order."""
    firsts = {chain[0] for chain in _chains(mechanism)}
    return list(dict.fromkeys(_term(s.subject) for s in mechanism.steps if s.id in firsts))


def targets(mechanism: DrawnMechanism) -> list[Target]:
    """The terms a mechanism ends at (the objects of its chains' last steps), in causal order, each with the net
    sign and level of the chains that reach it (see :class:`Target`)."""
    steps = {s.id: s for s in mechanism.steps}
    by_term: dict[URIRef, list[tuple[str, ...]]] = defaultdict(list)
    for chain in _chains(mechanism):
        by_term[_term(steps[chain[-1]].object)].append(chain)
    order = {_term(s.object): i for i, s in reversed(list(enumerate(mechanism.steps)))}
    out = []
    for term in sorted(by_term, key=order.__getitem__):
        chains = by_term[term]
        signs = set()
        for chain in chains:
            if all(_carries(steps[cid]) for cid in chain):
                continue  # a chain that only carries an agent on (has phenotype...) agrees with any sign
            product = 1
            for cid in chain:
                product *= step_sign(_source_claim(steps[cid]))
            signs.add(product)
        level = min(max(_strength(steps[c].knowledge_level) for c in chain) for chain in chains)
        out.append(Target(term, _SIGN_NAME[signs.pop()] if len(signs) == 1 else "none", _STRENGTH[level],
                          tuple(chains)))
    return out


def _carries(step: ClaimRecord) -> bool:
    """Whether a step states no effect but carries an agent on (:data:`bbao.mechanisms.CARRYING_RELATIONS`)."""
    return step.sign not in ("positive", "negative") and _curie(step.relation) in CARRYING_RELATIONS


def _strength(level: str) -> int:
    return _STRENGTH.index(level) if level in _STRENGTH else 0  # no level (a user's graph): as established


def _column(axis: Axis, term: URIRef, role_side: str) -> str:
    """The overview's column of a term: its side, or for a term of neither side (:meth:`bbao.diagram.Axis.side`)
    the side its chain starts or ends at (``role_side``)."""
    side = axis.side(term)
    return side if side in (BRAIN, BONE) else role_side


def overview(mechanisms: Sequence[DrawnMechanism], axis: Axis, *,
             term_url: Callable[[URIRef], str] | None = None,
             mechanism_url: Callable[[str], str] | None = None) -> graphviz.Digraph:
    """The overview of ``mechanisms`` (see the module docstring): brain-side terms left, one box per mechanism in
    the middle grouped by direction, bone-side terms right with the bone-derived hormones grouped. ``term_url``
    gives a term node's link, ``mechanism_url`` a mechanism box's and its arrows' link (its panel)."""
    dot = graphviz.Digraph("brain_bone_mechanisms", graph_attr={
        "rankdir": "LR", "fontname": FONT, "labelloc": "t", "labeljust": "l", "nodesep": "0.12", "ranksep": "1.1",
        "bgcolor": "white", "pad": "0.2", "newrank": "true",
        "label": _html_label(f"<B>The brain-bone axis in {len(mechanisms)} mechanisms</B>", [
            "each box is a mechanism of the review (its own panel draws every step): grey lines from the terms it "
            "starts from, arrows to the terms it ends at", _signs_legend() + "   (the product of the chain's signs)",
            _LINES_LEGEND + " (the chain's weakest step)",
            "brain side left, bone side right: a chain from bone to the brain points right to left",
            "fill: blue brain side · beige bone side · gold bone-derived hormone; a term of neither side (white, or a "
            "drug in purple, a disease in red) stands where its chains start or end"]),
    }, node_attr={"fontname": FONT, "fontsize": "11", "margin": "0.08,0.04", "color": "#4d4d4d"},
        edge_attr={"fontname": FONT, "fontsize": "9", "penwidth": "1.4", "arrowsize": "0.8"})
    groups_order = list(DIRECTION_TITLE)
    mechanisms = sorted(mechanisms, key=lambda m: (groups_order.index(m.direction) if m.direction in groups_order
                                                   else len(groups_order), m.direction, m.id))
    column: dict[URIRef, str] = {}
    for m in mechanisms:
        start_side, end_side = (BONE, BRAIN) if m.direction == BOTTOM_UP else (BRAIN, BONE)
        for term in starts(m):
            column.setdefault(term, _column(axis, term, start_side))
        for target in targets(m):
            column.setdefault(target.term, _column(axis, target.term, end_side))
    brain = [t for t, side in column.items() if side == BRAIN]
    bone = [t for t, side in column.items() if side == BONE]
    hormones = [t for t in bone if axis.kind(t) == "hormone"]
    groups = ((BRAIN, "Brain side", brain), (BONE, "Bone side", [t for t in bone if t not in hormones]))
    for side, title, members in groups:
        with dot.subgraph(name=f"cluster_{side}") as cluster:
            cluster.attr(label=title, style="rounded,filled", fillcolor=SIDE_FILL[side] + "66", color="#9a9a9a",
                         fontsize="14")
            for term in members:
                _overview_node(cluster, axis, term, term_url)
            if side == BONE and hormones:
                with cluster.subgraph(name="cluster_hormones") as group:
                    group.attr(label="Bone-derived hormones", style="rounded,filled", fillcolor="#fff6d5",
                               color="#c9a227", fontsize="13")
                    for term in hormones:
                        _overview_node(group, axis, term, term_url)
    with dot.subgraph(name="cluster_mechanisms") as middle:
        middle.attr(label="Mechanisms", style="rounded", color="#9a9a9a", fontsize="14")
        for direction in dict.fromkeys(m.direction for m in mechanisms):
            with middle.subgraph(name=f"cluster_{direction.replace('-', '_')}") as group:
                group.attr(label=DIRECTION_TITLE.get(direction, direction), style="rounded,dashed",
                           color="#b0b0b0", fontsize="11")
                for m in (m for m in mechanisms if m.direction == direction):
                    attrs = {"shape": "box", "style": "rounded,filled", "fillcolor": DIRECTION_FILL.get(m.direction,
                             "#ffffff"), "penwidth": "1.6", "tooltip": f"{m.id} {m.label}: {m.description}"}
                    if mechanism_url:
                        attrs.update(URL=mechanism_url(m.id), target="_top")
                    group.node(_box(m), f"{m.id}\\n{wrap(m.label, 26)}", **attrs)
    for m in mechanisms:
        _overview_edges(dot, m, column, mechanism_url)
    return dot


def _box(mechanism: DrawnMechanism) -> str:
    return mechanism.id.replace(":", "_")


def _overview_node(dot: graphviz.Digraph, axis: Axis, term: URIRef,
                   term_url: Callable[[URIRef], str] | None) -> None:
    _term_node(dot, axis, node_id(term), term, 22, term_url)


def _overview_edges(dot: graphviz.Digraph, mechanism: DrawnMechanism, column: dict[URIRef, str],
                    mechanism_url: Callable[[str], str] | None) -> None:
    """The grey lines from its starts and the arrows to its targets; each laid out from the brain side to the bone
    side, an arrow pointing back drawn at its tail."""
    box = _box(mechanism)
    link = {"URL": mechanism_url(mechanism.id), "target": "_top"} if mechanism_url else {}
    for term in starts(mechanism):
        ends = (node_id(term), box) if column[term] == BRAIN else (box, node_id(term))
        dot.edge(*ends, color="#7a7a7a", arrowhead="none", penwidth="1.2",
                 tooltip=f"{mechanism.id} starts from {compress(str(term))}", **link)
    for target in targets(mechanism):
        sign, style = target.sign, line_style(target.level)
        attrs = {"color": SIGN_COLOUR[sign], "style": style, "penwidth": LINE_WIDTH[style],
                 "tooltip": f"{mechanism.id} {_SIGN_WORDS[sign]} {compress(str(target.term))} "
                            f"({len(target.chains)} chain{'s' if len(target.chains) != 1 else ''}, "
                            f"{target.level.replace('_', ' ')})", **link}
        if column[target.term] == BONE:
            dot.edge(box, node_id(target.term), arrowhead=SIGN_ARROW[sign], **attrs)
        else:
            dot.edge(node_id(target.term), box, dir="back", arrowtail=SIGN_ARROW[sign], **attrs)


def render_overview(graph: Graph, fmt: str = "svg", *, term_url: Callable[[URIRef], str] | None = None,
                    mechanism_url: Callable[[str], str] | None = None) -> bytes:
    """The overview of the mechanisms of ``graph`` as ``fmt`` bytes (:func:`bbao.diagram.pipe`). Raises
    :class:`BBAOError` when the graph has no mechanism or Graphviz is missing."""
    mechanisms = read_drawn_mechanisms(graph)
    if not mechanisms:
        raise BBAOError("the graph has no mechanism (BBAO:0000066) to draw")
    return pipe(overview(mechanisms, Axis(graph, axis_claims(graph)), term_url=term_url,
                         mechanism_url=mechanism_url), fmt)


def committed_pictures(graph: Graph) -> dict[str, bytes]:
    """What ``docs/`` holds of the mechanisms, drawn from ``graph`` without links: path under ``docs/`` -> bytes,
    one SVG panel per mechanism (``mechanisms/BBAM_0000001.svg``...) and the PNG overview (:data:`OVERVIEW_FILE`),
    as ``bbao diagram --mechanisms docs/mechanisms`` and ``bbao diagram --overview --format png --out
    docs/bbao-mechanisms.png`` write them. Raises :class:`BBAOError` without Graphviz."""
    mechanisms = read_drawn_mechanisms(graph)
    axis = Axis(graph, axis_claims(graph))
    pictures = {f"{PANEL_DIRECTORY}/{mechanism_file(m.id)}": pipe(panel(m, axis), "svg") for m in mechanisms}
    pictures[OVERVIEW_FILE] = pipe(overview(mechanisms, axis), "png")
    return pictures
