"""A documentation site for people who never write SPARQL: what BBAO says, term by term and claim by claim.

``generate(outdir)`` writes:

- ``ontology.html``: every class and property (BBAO's and the imported ones) with label, definition,
  synonyms, mappings, parents and the claims stated on it as OWL axioms, rendered by pyLODE (OntPub);
  each term's section has its CURIE as fragment (``ontology.html#BBAO_0000010``) and a row "Claims" listing
  every claim that names the term, with its knowledge level (added after pyLODE, which sees no claims);
- ``terms.html``: every documented term by CURIE, grouped by source ontology, linking to its section;
- ``claims.html``: what the knowledge levels mean, then every claim, section by section, and
  ``claims/BBAC_nnnnnnn.html``: one page per claim with subject (and the examples the review gives of it),
  relation, object, sign, knowledge level, context (receptor and where it sits included), evidence and the
  evidence the review reports, excerpt and section (claims read with :func:`bbao.claims.read_claims`);
- ``mechanisms/BBAM_nnnnnnn.html``: one page per mechanism of the review (:mod:`bbao.mechanism_diagrams`) with
  its description, its panel (when Graphviz is installed: drawn inline, nodes linking to the terms, edges to the
  claims; also ``mechanisms/BBAM_nnnnnnn.svg``), where it starts and ends, and its steps in causal order; each
  step's claim page links back to its mechanisms;
- ``index.html`` with the mechanisms (the overview ``bbao-mechanisms.svg``, drawn inline, and a table linking
  every mechanism's page) and the diagram (``bbao-diagram.svg`` and one per axis direction) when Graphviz is
  installed.

Every claim shows its knowledge level (:data:`bbao.model.KNOWLEDGE_LEVELS`): how firmly the review states it.
Only established claims are OWL axioms of ``bbao.owl``; a claim page of any other level says so and names the
triple of ``bbao-tentative-relation-graph.ttl`` that holds it instead.

pyLODE 3.4.1 (the last release for Python 3.11) cannot be imported from a wheel: its ``version.py`` reads
``pyproject.toml`` beside ``site-packages`` (pyLODE issue #260, fixed only in releases needing Python 3.12),
so BBAO pins 3.3.4, whose OntPub code is the same. Both fail on a nested ``owl:unionOf`` (TypeError:
unhashable type 'list') and order the members of a union by object address, so the class expressions in
``rdfs:domain``/``rdfs:range`` of imported RO relations are left out of ``ontology.html``.
Every page is static, self-contained HTML: no script, no network.
"""

from __future__ import annotations

import logging
import re
import shutil
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Final

import dominate
from dominate import tags as t
from dominate.util import raw
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from bbao import diagram
from bbao.artifacts import parse_product
from bbao.claims import ClaimRecord, Term, read_claims
from bbao.mechanism_diagrams import (
    DrawnMechanism,
    mechanism_file,
    overview,
    panel,
    read_drawn_mechanisms,
    starts,
    targets,
)
from bbao.model import (
    BIOLINK,
    BIOLINK_KNOWLEDGE_LEVEL,
    CLAIM_CLASS,
    CLAIM_FIELDS,
    CONTEXT_FIELDS,
    DEFINITION,
    DEFINITION_SOURCE,
    DRAWN_DIRECTIONS,
    EDITOR_NOTE,
    ESTABLISHED,
    FIELD_PROPERTY,
    KNOWLEDGE_LEVEL_MEANING,
    KNOWLEDGE_LEVELS,
    OBOINOWL,
)
from bbao.prefixes import compress, prefix_of
from bbao.release import write_error
from bbao.serialize import write_atomically

__all__ = [
    "CSS", "EXTRA_ROWS", "LEVEL_CSS", "LISTED_FIELDS", "TERM_TYPES", "claim_page", "claims_page",
    "diagrams", "documented_terms", "fragment", "generate", "index_page", "inline_svg", "load_documented_graph",
    "mechanism_drawings", "mechanism_page", "ontology_page", "terms_page",
]

#: The RDF types of documented terms, and what the pages call each.
TERM_TYPES: Final = {OWL.Class: "class", OWL.ObjectProperty: "object property",
                     OWL.AnnotationProperty: "annotation property", OWL.DatatypeProperty: "datatype property"}
#: Rows pyLODE does not show by itself, with the title of each row, shown after the label.
EXTRA_ROWS: dict[URIRef, str] = {
    DEFINITION: "definition", DEFINITION_SOURCE: "definition source",
    OBOINOWL.hasExactSynonym: "exact synonym", OBOINOWL.hasRelatedSynonym: "related synonym",
    SKOS.exactMatch: "exact match", SKOS.closeMatch: "close match", SKOS.broadMatch: "broad match",
    SKOS.narrowMatch: "narrow match", SKOS.relatedMatch: "related match", EDITOR_NOTE: "editor note",
    FIELD_PROPERTY["sign"]: "effect sign",
}
#: The badges of the knowledge levels: green for established, amber for what was observed or found, lilac and
#: italic for what is proposed (a Biolink ``prediction``); in ``style.css`` and in ``ontology.html``.
LEVEL_CSS: Final = """
.level { display: inline-block; padding: 0 .45em; border-radius: 3px; font-size: .88em; white-space: nowrap;
         border: 1px solid #bbb; }
.level-established { background: #e3f2e1; border-color: #8cc084; color: #1e5d1e; }
.level-association, .level-clinical_observation, .level-experimental_finding { background: #fdf3d6;
         border-color: #e0c36c; color: #6b4f00; }
.level-hypothesis, .level-future_direction { background: #eeeaf8; border-color: #b3a6dc; color: #463584;
         font-style: italic; }
.level-none { background: #f2f2f2; color: #666; }
"""
#: The site's style sheet (``style.css``).
CSS: Final = LEVEL_CSS + """
body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 0 auto; max-width: 1200px; padding: 1em 2em;
       color: #222; line-height: 1.45; }
nav { border-bottom: 1px solid #ccc; padding-bottom: .5em; margin-bottom: 1em; }
nav a { margin-right: 1.2em; }
a { color: #005a9c; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 1.5em; }
th, td { border: 1px solid #ddd; padding: .3em .5em; vertical-align: top; text-align: left; font-size: .92em; }
th { background: #f2f2f2; }
code { font-size: .9em; color: #555; }
.sign-positive { color: #1a7f37; font-weight: bold; }
.sign-negative { color: #c0392b; font-weight: bold; }
.sign-none { color: #666; }
blockquote { border-left: 4px solid #ccc; margin: .5em 0; padding: .3em 1em; background: #fafafa; }
img.diagram { max-width: 100%; border: 1px solid #ddd; }
dl.claim dt { font-weight: bold; margin-top: .6em; }
dl.claim dd { margin-left: 1.5em; }
p.level-line { margin: .3em 0 .8em; }
div.panel { overflow-x: auto; border: 1px solid #ddd; margin: .5em 0 1em; }
div.panel svg { display: block; }
"""


def fragment(term: URIRef) -> str:
    """The fragment of a term's section in ontology.html: its CURIE with ``_`` (``BBAO_0000010``).

    >>> fragment(URIRef("https://w3id.org/bbao/BBAO_0000010"))
    'BBAO_0000010'
    """
    return re.sub(r"[^A-Za-z0-9_.-]", "_", compress(str(term)))


def load_documented_graph() -> Graph:
    """The shipped ontology (``bbao.nt``) with the blank-node labels of the file kept, so pyLODE lists a
    class's restrictions in the same order on every run (rdflib invents new labels on each parse).

    Raises :class:`bbao.errors.BBAOError` when ``bbao.nt`` is missing."""
    return parse_product("full", skolemize=True).de_skolemize()


def documented_terms(graph: Graph) -> dict[URIRef, str]:
    """Every class and property with an IRI that has a CURIE -> its kind (a value of :data:`TERM_TYPES`),
    by prefix (case-insensitive), then CURIE."""
    terms: dict[URIRef, str] = {}
    for rdf_type, kind in TERM_TYPES.items():
        for term in graph.subjects(RDF.type, rdf_type):
            if isinstance(term, URIRef) and compress(str(term)) != str(term):
                terms.setdefault(term, kind)
    return dict(sorted(terms.items(), key=lambda kv: _sort_key(kv[0])))


def _sort_key(term: URIRef) -> tuple[str, str]:
    curie = compress(str(term))
    return prefix_of(curie).upper(), curie


def generate(outdir: Path, graph: Graph | None = None) -> list[Path]:
    """Write the site into ``outdir`` (created if needed); the written files, in order.

    The default graph is the shipped ontology read by :func:`load_documented_graph`, which makes the
    pages byte-identical from run to run. Raises :class:`bbao.errors.BBAOError` when it is missing or ``outdir``
    cannot be a folder, and what :func:`bbao.release.write_error` makes of a folder the machine refuses."""
    graph = graph if graph is not None else load_documented_graph()
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # named as asked: exit 3 if the machine refuses, else 2 (bbao.release.write_error)
        raise write_error(outdir, exc) from exc
    terms = documented_terms(graph)
    claims = read_claims(graph)
    mechanisms = read_drawn_mechanisms(graph)
    steps_of: dict[str, list[DrawnMechanism]] = defaultdict(list)
    for m in mechanisms:
        for step in m.steps:
            steps_of[step.id].append(m)
    pages: dict[str, str] = {"style.css": CSS.lstrip()}
    pages["ontology.html"] = ontology_page(graph, terms, claims)
    pages["terms.html"] = terms_page(graph, terms, claims)
    pages["claims.html"] = claims_page(graph, terms, claims)
    for i, claim in enumerate(claims):
        neighbours = (claims[i - 1] if i else None, claims[i + 1] if i + 1 < len(claims) else None)
        pages[f"claims/{fragment(claim.node)}.html"] = claim_page(graph, terms, claim, neighbours,
                                                                   steps_of.get(claim.id, ()))
    graphviz = shutil.which("dot") is not None
    drawings = diagrams(graph, terms) if graphviz else {}
    pictures = mechanism_drawings(graph, terms, mechanisms) if graphviz else {}
    for i, m in enumerate(mechanisms):
        neighbours_m = (mechanisms[i - 1] if i else None, mechanisms[i + 1] if i + 1 < len(mechanisms) else None)
        pages[f"mechanisms/{mechanism_file(m.id, 'html')}"] = mechanism_page(
            graph, terms, m, pictures.get(f"mechanisms/{mechanism_file(m.id)}", ""), neighbours_m)
    pages["index.html"] = index_page(graph, terms, claims, list(drawings), mechanisms,
                                     pictures.get("bbao-mechanisms.svg", ""))
    drawings.update(pictures)
    # one set or nothing: every page staged and fsync'd before the first is renamed (a full disk, Ctrl-C)
    files = {outdir / name: text.encode("utf-8") for name, text in sorted({**pages, **drawings}.items())}
    write_atomically(files)
    return list(files)


# --- ontology.html: pyLODE --------------------------------------------------------------------------


def ontology_page(graph: Graph, terms: dict[URIRef, str], claims: Sequence[ClaimRecord] = ()) -> str:
    """pyLODE's OntPub page for the classes and properties, with BBAO's extra rows and internal links, and in
    the section of each term a row "Claims" listing the ``claims`` that name it (:func:`_with_claim_rows`)."""
    internal = {str(term): fragment(term) for term in terms}
    pub = _ontpub_class()(_pylode_input(graph), sort_subjects=True)
    pub.fids.update(internal)  # pyLODE's fragment ids: the CURIEs, not ids made from labels
    for prop, title in EXTRA_ROWS.items():
        label = graph.value(prop, RDFS.label)
        pub.props_labeled[prop] = {"title": Literal(title), "description": Literal(label or title),
                                   "ont_title": Literal(compress(str(prop)))}
    html: str = pub.make_html()
    # pyLODE links inside the page only IRIs that start with the ontology's IRI: make every term's link local
    html = re.sub(r'href="([^"#]+)"', lambda m: f'href="#{internal[m[1]]}"' if m[1] in internal else m[0], html)
    return _with_claim_rows(html, graph, terms, claims)


#: Where a term's section of ontology.html starts (pyLODE's markup) and where its table of rows ends.
_SECTION_START: Final = re.compile(r'<div class="property entity" id="([^"]+)">')
_TABLE_END: Final = "</table>"


def _with_claim_rows(html: str, graph: Graph, terms: dict[URIRef, str], claims: Sequence[ClaimRecord]) -> str:
    """pyLODE's page with, at the end of the table of each term section whose term a claim names, a row
    "Claims" listing those claims (identifier, knowledge level, label, the fields naming the term), and the
    style of the knowledge-level badges in its head."""
    uses = _claims_by_term(claims)
    by_fragment = {fragment(term): term for term in terms if term in uses}
    out, at = [], 0
    for match in _SECTION_START.finditer(html):
        term = by_fragment.get(match[1])
        end = html.find(_TABLE_END, match.end())
        if term is None or end == -1:
            continue
        row = t.tr(t.th("Claims"), t.td(t.ul(*(_claim_item(claim, fields) for claim, fields in uses[term]),
                                               _class="claims")))
        out += [html[at:end], row.render(), "\n"]
        at = end
    out.append(html[at:])
    return "".join(out).replace("</head>", f"<style>{LEVEL_CSS}</style>\n</head>", 1)


def _claims_by_term(claims: Iterable[ClaimRecord]) -> dict[URIRef, list[tuple[ClaimRecord, tuple[str, ...]]]]:
    """Each term a claim names -> (claim, the fields naming it), the claims in the order given."""
    uses: dict[URIRef, list[tuple[ClaimRecord, tuple[str, ...]]]] = defaultdict(list)
    for claim in claims:
        fields: dict[URIRef, list[str]] = defaultdict(list)
        for name in CLAIM_FIELDS:
            if name == "claim":
                continue
            for value in claim.values(name):
                if isinstance(value, URIRef) and name not in fields[value]:
                    fields[value].append(name)
        for term, names in sorted(fields.items(), key=lambda kv: str(kv[0])):
            uses[term].append((claim, tuple(names)))
    return uses


def _claim_item(claim: ClaimRecord, fields: Sequence[str]) -> t.html_tag:
    """One claim in a term's section: link, knowledge level, label and the fields that name the term."""
    return t.li(t.a(claim.id, href=f"claims/{fragment(claim.node)}.html"), " ", _level(claim.knowledge_level),
                f" {claim.label or claim.id}", t.em(f" (as {', '.join(f.replace('_', ' ') for f in fields)})"))


def _pylode_input(graph: Graph) -> Graph:
    """The ontology without what pyLODE cannot show: claim individuals (they have their own pages), axiom
    annotations and union/intersection class expressions (see the module docstring)."""
    skipped = set(graph.subjects(RDF.type, CLAIM_CLASS)) | set(graph.subjects(RDF.type, OWL.Axiom))
    for expression in set(graph.subjects(OWL.unionOf)) | set(graph.subjects(OWL.intersectionOf)):
        skipped |= _reachable_bnodes(graph, expression)
    pylode_graph = Graph()
    for prefix, namespace in graph.namespaces():
        pylode_graph.bind(prefix, namespace)
    for s, p, o in graph:
        if s not in skipped and o not in skipped:
            pylode_graph.add((s, p, o))
    return pylode_graph


def _reachable_bnodes(graph: Graph, start: Node) -> set[Node]:
    """``start`` and every blank node reachable from it."""
    seen, todo = {start}, [start]
    while todo:
        for o in graph.objects(todo.pop()):
            if isinstance(o, BNode) and o not in seen:
                seen.add(o)
                todo.append(o)
    return seen


def _ontpub_class() -> type:
    """pyLODE's OntPub with BBAO's extra rows; imported here, with the root logger kept as it was
    (importing pyLODE runs ``logging.basicConfig(level=DEBUG)``)."""
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    from pylode import OntPub
    from pylode.rdf_elements import CLASS_PROPS, PROP_PROPS
    from pylode.utils import section_html

    root.setLevel(level)
    root.handlers[:] = handlers

    def with_extra_rows(props: list[URIRef]) -> list[URIRef]:
        at = props.index(DCTERMS.title) + 1
        return props[:at] + list(EXTRA_ROWS) + props[at:]

    sections = (("Classes", OWL.Class, with_extra_rows(CLASS_PROPS), "classes"),
                ("Object Properties", OWL.ObjectProperty, with_extra_rows(PROP_PROPS), "objectproperties"),
                ("Annotation Properties", OWL.AnnotationProperty, with_extra_rows(PROP_PROPS), "annotationproperties"))

    class BBAOPub(OntPub):  # type: ignore[misc]
        def _make_main_sections(self) -> None:
            with self.content:
                for title, rdf_type, props, toc_id in sections:
                    section_html(title, self.ont, self.back_onts, self.ns, rdf_type, props, self.toc, toc_id,
                                 self.fids, self.props_labeled).render()

    return BBAOPub


# --- pages of BBAO's own ----------------------------------------------------------------------------


def _page(title: str, depth: int = 0) -> dominate.document:
    """An empty page with the site's navigation; ``depth`` is how far below the site root it sits."""
    up = "../" * depth
    doc = dominate.document(title=f"{title} · BBAO")
    with doc.head:
        t.meta(charset="utf-8")
        t.meta(name="viewport", content="width=device-width, initial-scale=1")
        t.link(rel="icon", href="data:,")
        t.link(rel="stylesheet", href=f"{up}style.css")
    with doc:
        with t.nav():
            for href, text in (("index.html", "BBAO"), ("claims.html", "Claims"), ("terms.html", "Terms"),
                               ("ontology.html", "Ontology reference")):
                t.a(text, href=up + href)
        t.h1(title)
    return doc


def inline_svg(svg: str) -> raw:
    """An SVG drawing of Graphviz's as a part of an HTML page (without its XML declaration and doctype), in a
    frame that scrolls sideways when the drawing is wider than the page; its links work where it stands."""
    body = svg[svg.index("<svg"):] if "<svg" in svg else svg
    return t.div(raw(body), _class="panel")


def _label(graph: Graph, term: Term | None) -> str:
    """The term's ``rdfs:label``, else its CURIE (a literal: its text); ``(none)`` for a field a claim leaves
    empty."""
    if term is None:
        return "(none)"
    if isinstance(term, Literal):
        return str(term)
    label = graph.value(term, RDFS.label)
    return str(label) if label is not None else compress(str(term))


def _term_link(graph: Graph, terms: dict[URIRef, str], term: Node | str, depth: int = 0) -> t.html_tag:
    """A term as "label (CURIE)" linking to its section in ontology.html; a literal or text as text."""
    if not isinstance(term, URIRef):
        return t.span(str(term))
    text = f"{_label(graph, term)} ({compress(str(term))})"
    href = f"{'../' * depth}ontology.html#{fragment(term)}" if term in terms else str(term)
    return t.a(text, href=href)


def _sign(claim: ClaimRecord) -> t.html_tag:
    return t.span(claim.sign, _class=f"sign-{claim.sign}")


def _level_name(level: str) -> str:
    """A knowledge level in words (``clinical observation``); ``not given`` for a claim without one."""
    return level.replace("_", " ") if level else "not given"


def _level(level: str) -> t.html_tag:
    """A knowledge level's badge, its meaning as tooltip; a level BBAO does not know (a user's graph) as text."""
    known = level in KNOWLEDGE_LEVEL_MEANING
    return t.span(_level_name(level), _class=f"level level-{level if known else 'none'}",
                  title=KNOWLEDGE_LEVEL_MEANING[level] if known else _unknown_level(level))


def _unknown_level(level: str) -> str:
    return "a knowledge level BBAO does not define" if level else "the claim gives no knowledge level"


def _level_counts(claims: Iterable[ClaimRecord]) -> dict[str, int]:
    """Claims per knowledge level: every level of the model (zero included) in its order, then any other."""
    counts: dict[str, int] = dict.fromkeys(KNOWLEDGE_LEVELS, 0)
    for claim in claims:
        counts[claim.knowledge_level] = counts.get(claim.knowledge_level, 0) + 1
    return counts


def _level_summary(claims: Sequence[ClaimRecord]) -> str:
    """``"110 claims: 85 established, 25 not established"``."""
    established = sum(1 for c in claims if c.knowledge_level == ESTABLISHED)
    return f"{len(claims)} claims: {established} established, {len(claims) - established} not established"


def _level_legend(claims: Sequence[ClaimRecord]) -> t.html_tag:
    """The table of the knowledge levels: what each means, its Biolink value and how many ``claims`` have it."""
    with t.table(_class="levels") as table:
        t.tr(t.th("knowledge level"), t.th("what it means"), t.th("Biolink knowledge_level"), t.th("claims"))
        for level, count in _level_counts(claims).items():
            known = level in KNOWLEDGE_LEVEL_MEANING
            t.tr(t.td(_level(level)), t.td(KNOWLEDGE_LEVEL_MEANING[level] if known else _unknown_level(level)),
                 t.td(t.code(BIOLINK_KNOWLEDGE_LEVEL[level]) if known else ""), t.td(str(count)))
    return table


def _level_intro() -> t.html_tag:
    """What a knowledge level is and where the claims of each level are in the release."""
    return t.p("Each claim has a knowledge level: how firmly the review states it. Only established claims are OWL "
               "axioms of bbao.owl (and triples of bbao-relation-graph.ttl), from which the reasoner classifies; "
               "the others are triples of bbao-tentative-relation-graph.ttl, each marked with its claim and level.")


def _sections(claims: Iterable[ClaimRecord]) -> dict[str, list[ClaimRecord]]:
    """Claims by review section, sections in the order of their first claim (the order of the review)."""
    by_section: dict[str, list[ClaimRecord]] = defaultdict(list)
    for claim in claims:
        by_section[claim.section].append(claim)
    return dict(sorted(by_section.items(), key=lambda kv: str(kv[1][0].node)))


def _section_id(heading: str) -> str:
    return "section-" + re.sub(r"[^a-z0-9]+", "-", heading.casefold()).strip("-")


def claims_page(graph: Graph, terms: dict[URIRef, str], claims: Sequence[ClaimRecord]) -> str:
    """``claims.html``: every claim of ``claims`` (read from ``graph``) in a table per review section; term
    labels come from ``graph``, links to ``ontology.html`` for the ``terms`` documented there."""
    doc = _page("Claims of the review")
    with doc:
        t.p(f"{_level_summary(claims)}. Each row is one statement of the review: a subject acts on an object "
            "(increases it, decreases it, or is associated with it), in a context, with a type of evidence "
            "and the sentence of the review that states it. Click a claim for its own page.")
        t.h2("Knowledge levels", id="knowledge-levels")
        _level_intro()
        _level_legend(claims)
        for heading, members in _sections(claims).items():
            t.h2(heading, id=_section_id(heading))
            t.p(f"Axis direction: {members[0].direction}; {_level_summary(members)}.")
            with t.table():
                t.tr(*(t.th(h) for h in ("claim", "subject", "relation", "object", "sign", "knowledge level",
                                          "context", "evidence", "excerpt")))
                for claim in members:
                    _claim_row(graph, terms, claim)
    return str(doc.render())


def _claim_row(graph: Graph, terms: dict[URIRef, str], claim: ClaimRecord) -> None:
    def cell(fields: Iterable[str], named: Iterable[str] = ()) -> t.td:
        """The values of ``fields``, those of the ``named`` fields after the field's name."""
        td = t.td()
        for field in fields:
            for value in claim.values(field):
                name = t.em(f"{_label(graph, FIELD_PROPERTY[field])}: ") if field in named else ""
                td.add(t.div(name, _term_link(graph, terms, value)))
        return td

    t.tr(t.td(t.a(claim.id, href=f"claims/{fragment(claim.node)}.html")),
         cell(["subject", "example"], named=["example"]), cell(["relation"]), cell(["object"]), t.td(_sign(claim)),
         t.td(_level(claim.knowledge_level)), cell(CONTEXT_FIELDS, named=CONTEXT_FIELDS),
         cell(["evidence", "reported_evidence"], named=["reported_evidence"]), t.td(claim.excerpt))


#: Where a field that the claim fields' order (:data:`bbao.model.CLAIM_FIELDS`) puts at the end is listed on a
#: claim page: after the field it belongs with.
_LISTED_AFTER: Final = {"example": "subject", "knowledge_level": "sign", "receptor_location": "receptor",
                        "reported_evidence": "evidence"}


def _listed_fields() -> tuple[str, ...]:
    fields: list[str] = []
    for name in CLAIM_FIELDS:
        if name in ("claim", "excerpt") or name in _LISTED_AFTER:
            continue
        fields.append(name)
        fields += [moved for moved, after in _LISTED_AFTER.items() if after == name]
    return tuple(fields)


#: The claim fields a claim page lists, in order (the excerpt stands above them; ``claim`` links axioms to
#: claims): those of :data:`bbao.model.CLAIM_FIELDS`, each later field beside the one it belongs with.
LISTED_FIELDS: Final = _listed_fields()
#: The Biolink Model statements on a claim that its page lists after its fields.
BIOLINK_ROWS: Final = ((BIOLINK.knowledge_level, "Biolink knowledge level"), (BIOLINK.agent_type, "Biolink agent type"))


def claim_page(graph: Graph, terms: dict[URIRef, str], claim: ClaimRecord,
               neighbours: tuple[ClaimRecord | None, ClaimRecord | None],
               mechanisms: Sequence[DrawnMechanism] = ()) -> str:
    """``claims/BBAC_nnnnnnn.html``: what ``claim`` states, in which context, on what evidence, where in the
    review, and the ``mechanisms`` it is a step of (linked to their pages); ``neighbours``: the claims before and
    after it, linked at the bottom."""
    doc = _page(f"Claim {claim.id}", depth=1)
    subject, relation, obj = claim.subject, claim.relation, claim.object
    level = claim.knowledge_level
    with doc:
        t.p(t.strong(_label(graph, subject)), f" {_label(graph, relation)} ", t.strong(_label(graph, obj)),
            " — sign: ", _sign(claim))
        t.p("Knowledge level: ", _level(level),
            f" — {KNOWLEDGE_LEVEL_MEANING[level]}. " if level in KNOWLEDGE_LEVEL_MEANING else " — ",
            t.a("What the levels mean", href="../claims.html#knowledge-levels"), ".", _class="level-line")
        if mechanisms:
            with t.p(_class="mechanisms"):
                for i, m in enumerate(mechanisms):
                    t.span(f"{'; s' if i else 'S'}tep {_step_number(claim, m)} of mechanism ")
                    t.a(f"{m.id} {m.label}", href=f"../mechanisms/{mechanism_file(m.id, 'html')}")
                t.span(".")
        t.blockquote(claim.excerpt)
        with t.dl(_class="claim"):
            for field in LISTED_FIELDS:
                values = claim.values(field)
                if not values:
                    continue
                prop = FIELD_PROPERTY[field]
                t.dt(f"{_label(graph, prop)} ", t.code(compress(str(prop))))
                for value in values:
                    if field == "section":
                        t.dd(t.a(claim.section, href=f"../claims.html#{_section_id(claim.section)}"))
                    elif field == "knowledge_level":
                        t.dd(_level(str(value)))
                    else:
                        t.dd(_term_link(graph, terms, value, depth=1))
            for prop, title in ((RDFS.comment, "curator comment"), (DCTERMS.source, "source")):
                for note in (o for p, o in claim.statements if p == prop):
                    t.dt(title)
                    t.dd(t.a(str(note), href=str(note)) if isinstance(note, URIRef) else str(note))
            for prop, title in BIOLINK_ROWS:
                for note in (o for p, o in claim.statements if p == prop):
                    t.dt(f"{title} ", t.code("biolink:" + str(prop).removeprefix(str(BIOLINK))))
                    t.dd(str(note))
        if isinstance(subject, URIRef) and isinstance(relation, URIRef) and isinstance(obj, URIRef):
            triple = f"{compress(str(subject))} {compress(str(relation))} {compress(str(obj))}"
            if level in KNOWLEDGE_LEVEL_MEANING and level != ESTABLISHED:
                t.p("Not an OWL axiom: BBAO states only established claims as axioms, so the reasoner classifies "
                    f"nothing from this {_level_name(level)}. It is the triple ", t.code(triple),
                    " of bbao-tentative-relation-graph.ttl, marked with this claim and its level.")
            else:
                t.p("In OWL: ", t.code(f"{compress(str(subject))} SubClassOf {compress(str(relation))} some "
                                       f"{compress(str(obj))}"), " (see the subject's section in the ",
                    t.a("ontology reference", href=f"../ontology.html#{fragment(subject)}"), ").")
        with t.p():
            previous, following = neighbours
            if previous is not None:
                t.a(f"← {previous.id}", href=f"{fragment(previous.node)}.html")
                t.span(" ")
            if following is not None:
                t.a(f"{following.id} →", href=f"{fragment(following.node)}.html")
    return str(doc.render())


def _terms_used(claim: ClaimRecord) -> set[URIRef]:
    """The terms a claim names in any of its fields."""
    return {v for name in CLAIM_FIELDS if name != "claim" for v in claim.values(name) if isinstance(v, URIRef)}


def terms_page(graph: Graph, terms: dict[URIRef, str], claims: Sequence[ClaimRecord]) -> str:
    """``terms.html``: every documented term by CURIE, per source ontology, with its label, kind and
    definition from ``graph`` and the number of ``claims`` that use it (how many of them are not established);
    its section in ontology.html lists them."""
    uses: dict[URIRef, int] = defaultdict(int)
    tentative: dict[URIRef, int] = defaultdict(int)
    for claim in claims:
        for value in _terms_used(claim):
            uses[value] += 1
            tentative[value] += claim.knowledge_level != ESTABLISHED
    by_prefix: dict[str, list[URIRef]] = defaultdict(list)
    for term in terms:
        by_prefix[prefix_of(compress(str(term)))].append(term)
    doc = _page("Terms")
    with doc:
        t.p(f"{len(terms)} classes and properties: BBAO's own terms and the public terms they are placed "
            "in (GO, ChEBI, UBERON, CL, MONDO, PR, HP, HGNC, RO...). Each links to its section of the ",
            t.a("ontology reference", href="ontology.html"), ".")
        t.p(*(t.a(f"{p} ({len(v)}) ", href=f"#prefix-{p}") for p, v in by_prefix.items()))
        for prefix, members in by_prefix.items():
            t.h2(prefix, id=f"prefix-{prefix}")
            with t.table():
                t.tr(t.th("CURIE"), t.th("label"), t.th("kind"), t.th("definition"), t.th("claims using it"))
                for term in members:
                    definition = graph.value(term, DEFINITION)
                    t.tr(t.td(t.a(compress(str(term)), href=f"ontology.html#{fragment(term)}")),
                         t.td(_label(graph, term)), t.td(terms[term]),
                         t.td(str(definition) if definition is not None else ""),
                         t.td(str(uses.get(term, 0)) + (f" ({tentative[term]} not established)"
                                                       if tentative.get(term) else "")))
    return str(doc.render())


def _step_number(claim: ClaimRecord, mechanism: DrawnMechanism) -> str:
    """The claim's number among the mechanism's steps in causal order (as the panel numbers them)."""
    return str(next(i for i, step in enumerate(mechanism.steps, 1) if step.id == claim.id))


def mechanism_drawings(graph: Graph, terms: dict[URIRef, str], mechanisms: Sequence[DrawnMechanism]) -> dict[str, str]:
    """File name -> SVG text: the overview of ``mechanisms`` (``bbao-mechanisms.svg``, its boxes linking to the
    mechanism pages) and each mechanism's panel (``mechanisms/BBAM_nnnnnnn.svg``, beside its page), whose nodes
    link to the ``terms`` sections of ontology.html (other terms to their IRI) and edges to the claim pages.
    Nothing without a mechanism. Needs Graphviz's ``dot``; raises :class:`bbao.errors.BBAOError` without it."""
    if not mechanisms:
        return {}
    axis = diagram.Axis(graph, diagram.axis_claims(graph))

    def term_url(up: str) -> Callable[[URIRef], str]:
        return lambda term: f"{up}ontology.html#{fragment(term)}" if term in terms else str(term)

    drawings = {"bbao-mechanisms.svg": diagram.pipe(overview(
        mechanisms, axis, term_url=term_url(""),
        mechanism_url=lambda m: f"mechanisms/{mechanism_file(m, 'html')}"), "svg").decode("utf-8")}
    for m in mechanisms:
        drawings[f"mechanisms/{mechanism_file(m.id)}"] = diagram.pipe(panel(
            m, axis, term_url=term_url("../"),
            claim_url=lambda curie: f"../claims/{curie.replace(':', '_')}.html"), "svg").decode("utf-8")
    return drawings


def mechanism_page(graph: Graph, terms: dict[URIRef, str], mechanism: DrawnMechanism, svg: str,
                   neighbours: tuple[DrawnMechanism | None, DrawnMechanism | None] = (None, None)) -> str:
    """``mechanisms/BBAM_nnnnnnn.html``: the mechanism's label, direction and description, its panel (``svg``,
    drawn inline; nothing when empty), the terms it starts from and ends at (with the chains' net sign), and its
    steps in causal order, each with its claim's link, subject, relation, object, sign, knowledge level, the steps
    it follows and the review's words; ``neighbours``: the mechanisms before and after it, linked at the bottom."""
    doc = _page(f"Mechanism {mechanism.id}: {mechanism.label}", depth=1)
    number = {step.id: i for i, step in enumerate(mechanism.steps, 1)}
    with doc:
        t.p(t.strong("Axis direction: "), mechanism.direction, ". ", mechanism.description)
        if svg:
            t.p("Its steps left to right in causal order, numbered as in the table below: click a node for its term, "
                "an edge for its claim. Green arrows increase, red bars decrease, grey arrows carry an agent on or "
                "have no sign; solid lines are established, dashed ones associations, observations and findings, "
                "dotted ones hypotheses and future directions; a blue dashed arrow leads from what a step reached "
                "to what acts in the next one (its mediator, its context, or the same agent again). ",
                t.a("The picture alone", href=mechanism_file(mechanism.id)), ".")
            inline_svg(svg)
        else:
            t.p("Graphviz (the `dot` program) was not installed when these pages were made, so this page carries no "
                "picture of the mechanism; install it and run `bbao docs` again.")
        t.p(t.strong("Starts from: "), *_joined(_term_link(graph, terms, term, depth=1) for term in starts(mechanism)))
        with t.p(t.strong("Ends at: ")):
            for i, target in enumerate(targets(mechanism)):
                if i:
                    t.span("; ")
                _term_link(graph, terms, target.term, depth=1)
                t.span(" (", t.span(target.sign, _class=f"sign-{target.sign}"),
                       f", weakest level {_level_name(target.level)})", __pretty=False)
        t.h2("Steps, in causal order", id="steps")
        with t.table():
            t.tr(*(t.th(h) for h in ("step", "claim", "after step", "subject", "relation", "object", "sign",
                                      "knowledge level", "excerpt")))
            for i, step in enumerate(mechanism.steps, 1):
                t.tr(t.td(str(i)), t.td(t.a(step.id, href=f"../claims/{fragment(step.node)}.html")),
                     t.td(", ".join(str(number[u]) for u in mechanism.upstream(step.id) if u in number)),
                     t.td(_term_link(graph, terms, step.subject or Literal("(none)"), depth=1)),
                     t.td(_label(graph, step.relation)),
                     t.td(_term_link(graph, terms, step.object or Literal("(none)"), depth=1)),
                     t.td(_sign(step)), t.td(_level(step.knowledge_level)), t.td(step.excerpt))
        with t.p():
            t.a("All mechanisms", href="../index.html#mechanisms")
            previous, following = neighbours
            if previous is not None:
                t.span(" ")
                t.a(f"← {previous.id}", href=mechanism_file(previous.id, "html"))
            if following is not None:
                t.span(" ")
                t.a(f"{following.id} →", href=mechanism_file(following.id, "html"))
    return str(doc.render())


def _joined(parts: Iterable[t.html_tag]) -> list[t.html_tag | str]:
    out: list[t.html_tag | str] = []
    for part in parts:
        out += [", ", part] if out else [part]
    return out


def diagrams(graph: Graph, terms: dict[URIRef, str]) -> dict[str, str]:
    """File name -> SVG text: the whole axis (``bbao-diagram.svg``) and one drawing per axis direction of
    :data:`bbao.model.DRAWN_DIRECTIONS` (``bbao-diagram-top-down.svg``...), whose nodes link to the
    ``terms`` sections of ontology.html (other terms to their IRI) and edges to the claim pages.

    Needs Graphviz's ``dot``; raises :class:`bbao.errors.BBAOError` without it."""

    def term_url(term: URIRef) -> str:
        return f"ontology.html#{fragment(term)}" if term in terms else str(term)

    def claim_url(curie: str) -> str:
        return f"claims/{curie.replace(':', '_')}.html"

    def svg(sections: Sequence[str]) -> str:
        return diagram.render(graph, "svg", sections, term_url=term_url, claim_url=claim_url).decode("utf-8")

    drawings = {"bbao-diagram.svg": svg(())}
    for direction in DRAWN_DIRECTIONS:
        drawings[f"bbao-diagram-{direction}.svg"] = svg([direction])
    return drawings


def index_page(graph: Graph, terms: dict[URIRef, str], claims: Sequence[ClaimRecord], drawings: list[str],
               mechanisms: Sequence[DrawnMechanism] = (), overview_svg: str = "") -> str:
    """``index.html``: what BBAO is (the ``owl:Ontology`` title and description of ``graph``), how to read a
    claim, the ``mechanisms`` (their overview ``overview_svg``, drawn inline when given, and a table linking each
    one's page), the diagram when ``drawings`` (file names) were made, and the review sections of ``claims``.

    Raises :class:`StopIteration` when ``graph`` declares no ``owl:Ontology``."""
    onto = next(graph.subjects(RDF.type, OWL.Ontology))
    doc = _page(str(graph.value(onto, DCTERMS.title)))
    with doc:
        t.p(str(graph.value(onto, DCTERMS.description)))
        t.h2("How to read it")
        t.p("Each statement of the review is a claim: a subject (a nerve, a hormone, a drug, a disease) acts on "
            "an object (a cell, a process, another molecule). Its sign says whether the subject increases "
            "(positive) or decreases (negative) the object, or is only associated with it (none). A claim "
            "also records where it happens (central or peripheral, the receptor, the cell type, the tissue, "
            "the species), the type of evidence (an ECO term) and the sentence of the review that states it.")
        _level_intro()
        _level_legend(claims)
        t.ul(t.li(t.a(f"All {len(claims)} claims", href="claims.html"),
                  ", section by section, each with its own page."),
             t.li(t.a(f"All {len(terms)} terms", href="terms.html"), " by identifier, and the ",
                  t.a("ontology reference", href="ontology.html"),
                  " with each term's label, definition, synonyms, mappings and parents."))
        if mechanisms:
            _mechanisms_section(mechanisms, overview_svg)
        t.h2("The brain-bone axis at a glance")
        if drawings:
            t.p("Brain-side terms on the left (blue), bone-side terms on the right (beige), drugs (purple) and "
                "diseases (red) between them; bone-derived hormones in gold. Green arrows increase, red bars "
                "decrease, grey arrows associate. Solid lines are established claims, dashed lines associations, "
                "clinical observations and experimental findings, dotted lines hypotheses and future directions. "
                "In the SVG, click a node for its term or an edge for its claim. One drawing per axis direction: ",
                *(part for d in DRAWN_DIRECTIONS for part in (t.a(d, href=f"bbao-diagram-{d}.svg"), " ")))
            t.a(t.img(src="bbao-diagram.svg", alt="The brain-bone axis: every claim of BBAO as an edge",
                      _class="diagram"), href="bbao-diagram.svg")
        else:
            t.p("Graphviz (the `dot` program) was not installed when these pages were made, so they carry no "
                "diagram; install it and run `bbao docs` again.")
        t.h2("Sections of the review")
        with t.table():
            t.tr(t.th("section"), t.th("axis direction"), t.th("claims"))
            for heading, members in _sections(claims).items():
                t.tr(t.td(t.a(heading, href=f"claims.html#{_section_id(heading)}")),
                     t.td(members[0].direction), t.td(str(len(members))))
    return str(doc.render())


def _mechanisms_section(mechanisms: Sequence[DrawnMechanism], overview_svg: str) -> None:
    """The index's section on the mechanisms: what one is, the overview when drawn, a table of them all."""
    t.h2("Mechanisms", id="mechanisms")
    t.p(f"The review's {len(mechanisms)} mechanisms: each a chain of claims, one step leading into the next "
        "(noradrenaline raises RANKL expression; RANKL promotes osteoclast differentiation). Each has a page with "
        "its steps drawn left to right and listed in causal order.")
    if overview_svg:
        t.p("Brain side left, bone side right, bone-derived hormones in gold; each box a mechanism, with grey lines "
            "from the terms it starts from and arrows to the terms it ends at (green increases, red decreases, grey "
            "no sign; the product of the chain's signs). Click a box for its page.")
        inline_svg(overview_svg)
    with t.table():
        t.tr(t.th("mechanism"), t.th("axis direction"), t.th("steps"), t.th("description"))
        for m in mechanisms:
            t.tr(t.td(t.a(f"{m.id} {m.label}", href=f"mechanisms/{mechanism_file(m.id, 'html')}")),
                 t.td(m.direction), t.td(str(len(m.steps))), t.td(m.description))
